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
///
/// Code written against the protocol works for every distribution:
///
/// ```swift
/// func averageLogDensity<D: Distribution>(_ d: D, of values: [D.Value]) -> Double {
///   values.reduce(0) { $0 + d.logDensity($1) } / Double(values.count)
/// }
/// let coin = try Bernoulli(probability: 0.75)
/// averageLogDensity(coin, of: [1, 1, 0, 1])  // (3 log 0.75 + log 0.25)/4 = -0.5623…
/// ```
public protocol Distribution: Sendable, Equatable, Codable, CustomStringConvertible {
  /// The type of the values the distribution is over.
  ///
  /// `Double` for continuous distributions, `Int` for discrete ones, `[Double]`
  /// or `[Int]` (of a fixed length) for multivariate ones.
  ///
  /// ```swift
  /// func mostLikely<D: Distribution>(_ d: D, among values: [D.Value]) -> D.Value? {
  ///   values.max { d.logDensity($0) < d.logDensity($1) }
  /// }
  /// mostLikely(try Poisson(rate: 2.5), among: [0, 1, 2, 3, 4])  // Optional(2)
  /// ```
  associatedtype Value

  /// The logarithm of the density (continuous) or mass (discrete) at `x`,
  /// computed in log space; -∞ outside the support.
  ///
  /// Computed directly, not as log(``density(_:)``), so it stays finite where
  /// the density underflows; NaN for NaN, +∞ where a density is unbounded.
  ///
  /// ```swift
  /// Normal.standard.logDensity(40)  // -800.9189…, where density(40) is 0
  /// ```
  ///
  /// - Returns: log p(x), in nats.
  func logDensity(_ x: Value) -> Double

  /// One draw, from GSL's sampler for the distribution, using `source`.
  ///
  /// The same seed gives the same draws on every run and machine.
  ///
  /// ```swift
  /// try Exponential(rate: 2).sample(using: RandomSource(seed: 42))  // a Double ≥ 0
  /// ```
  ///
  /// - Parameter source: The random source to draw from (not thread-safe:
  ///   give each task its own).
  /// - Returns: One value from the distribution.
  func sample(using source: RandomSource) -> Value

  /// `count` independent draws, in order; zero or negative `count` gives an
  /// empty array.
  ///
  /// Precondition: `count` ≤ ``maximumSampleCount`` (the draws fit in memory);
  /// a larger count stops before allocating. For a count from a user, use
  /// ``checkedSample(count:using:)``, which throws instead.
  ///
  /// ```swift
  /// try Poisson(rate: 4).sample(count: 5, using: RandomSource(seed: 1))  // 5 counts
  /// ```
  ///
  /// - Parameters:
  ///   - count: How many draws; zero or negative gives an empty array.
  ///   - source: The random source to draw from.
  /// - Returns: The draws, in order.
  func sample(count: Int, using source: RandomSource) -> [Value]

  /// The most draws ``sample(count:using:)`` allocates: the machine's
  /// physical memory divided by the bytes one draw takes.
  ///
  /// `DrawCount.maximum(of: Value.self)` by default; multivariate
  /// distributions also count the K coordinates of each draw.
  ///
  /// ```swift
  /// Normal.standard.maximumSampleCount == DrawCount.maximum(of: Double.self)  // true
  /// ```
  var maximumSampleCount: Int { get }
}

extension Distribution {
  /// The density (or mass) at `x`: exp(``logDensity(_:)``).
  ///
  /// Prefer ``logDensity(_:)`` for products of many densities (likelihoods),
  /// which underflow.
  ///
  /// - Returns: p(x); 0 outside the support.
  @inlinable
  public func density(_ x: Value) -> Double {
    exp(logDensity(x))
  }

  /// `count` independent draws, by repeating ``sample(using:)``.
  @inlinable
  public func sample(count: Int, using source: RandomSource) -> [Value] {
    guard count > 0 else { return [] }
    DrawCount.require(count, of: Value.self, maximum: maximumSampleCount)
    return [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
      for index in 0..<count {
        buffer.initializeElement(at: index, to: sample(using: source))
        initialized = index + 1
      }
    }
  }
}

extension Distribution {
  /// `DrawCount.maximum(of: Value.self)`: one `Value` per draw.
  public var maximumSampleCount: Int { DrawCount.maximum(of: Value.self) }

  /// `count` independent draws, like ``sample(count:using:)``, or an error.
  ///
  /// ```swift
  /// try Normal.standard.checkedSample(count: .max, using: RandomSource(seed: 1))
  /// // throws: "Normal: count must be at most … (the draws must fit in memory), got 9223372036854775807"
  /// ```
  ///
  /// - Parameters:
  ///   - count: How many draws; zero or negative gives an empty array.
  ///   - source: The random source to draw from.
  /// - Returns: The draws, in order.
  /// - Throws: ``DistributionError`` if `count` exceeds ``maximumSampleCount``.
  public func checkedSample(
    count: Int, using source: RandomSource
  ) throws(DistributionError) -> [Value] {
    let maximum = maximumSampleCount
    guard count <= maximum else {
      let name = String(describing: Self.self)
      throw DistributionError(
        distribution: name, parameter: "count",
        requirement: "at most \(maximum) (the draws must fit in memory)", value: "\(count)")
    }
    return sample(count: count, using: source)
  }
}

/// The largest number of draws ``Distribution/sample(count:using:)`` will
/// allocate.
public enum DrawCount {
  /// The most values of `type` that fit in the machine's physical memory.
  ///
  /// The memory size in bytes divided by the type's stride.
  public static func maximum<T>(of type: T.Type) -> Int {
    AllocationLimit.maximumCount(of: type)
  }

  /// Stops, with a message naming the count, where `count` values of `type`
  /// cannot be allocated: the precondition of
  /// ``Distribution/sample(count:using:)``.
  @usableFromInline
  static func require<T>(_ count: Int, of type: T.Type) {
    require(count, of: type, maximum: maximum(of: type))
  }

  /// Stops, with a message naming the count, where `count` exceeds `maximum`
  /// (a distribution's ``Distribution/maximumSampleCount``).
  @usableFromInline
  static func require<T>(_ count: Int, of type: T.Type, maximum: Int) {
    precondition(
      count <= maximum,
      "sample(count:): \(count) draws of \(T.self) exceed the memory "
        + "(at most \(maximum)); use checkedSample(count:using:) for counts from users")
  }

  /// The most draws of `coordinates` values of `type` each (a multivariate
  /// distribution's arrays, with their heap headers) that fit in memory.
  static func maximum<T>(coordinates: Int, of type: T.Type) -> Int {
    // Each draw: the outer array's reference, the inner array's header (32
    // bytes) and its K values.
    let stride = max(MemoryLayout<T>.stride, 1)
    guard let values = AllocationLimit.product(coordinates, stride) else { return 0 }
    return AllocationLimit.bytes / (MemoryLayout<[T]>.stride + 32 + values)
  }
}
