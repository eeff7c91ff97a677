import Foundation
public import ProbKitCore

/// A probability distribution over values of type `Value`: a density (or mass
/// function) and a sampler.
///
/// Every distribution is an immutable, validated value: `Sendable`,
/// `Equatable`, `Codable` (decoding validates like the initializer) and
/// printable as its own initializer call, for example
/// `Beta(alpha: 2.0, beta: 3.0)`.
///
/// To add a distribution, implement ``logDensity(_:)`` and
/// ``sample(using:)``; the refinements list what else each kind needs.
public protocol Distribution: Sendable, Equatable, Codable, CustomStringConvertible {
  /// The type of the values the distribution is over.
  associatedtype Value

  /// The logarithm of the density (continuous) or mass (discrete) at `x`,
  /// computed in log space; -∞ outside the support, never NaN for a value of
  /// the right type.
  func logDensity(_ x: Value) -> Double

  /// One draw, from GSL's sampler for the distribution, using `source`.
  func sample(using source: RandomSource) -> Value

  /// `count` independent draws, in order; zero or negative `count` gives an
  /// empty array. Distributions with a faster bulk method (an alias table for
  /// the categorical) override the default, which repeats ``sample(using:)``.
  func sample(count: Int, using source: RandomSource) -> [Value]
}

extension Distribution {
  /// The density (or mass) at `x`: exp(``logDensity(_:)``).
  @inlinable
  public func density(_ x: Value) -> Double {
    exp(logDensity(x))
  }

  /// `count` independent draws.
  ///
  /// - Parameters:
  ///   - count: How many draws; zero or negative gives an empty array.
  ///   - source: The random source to draw from.
  /// - Returns: The draws, in order.
  @inlinable
  public func sample(count: Int, using source: RandomSource) -> [Value] {
    guard count > 0 else { return [] }
    return [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
      for index in 0..<count {
        buffer.initializeElement(at: index, to: sample(using: source))
        initialized = index + 1
      }
    }
  }
}
