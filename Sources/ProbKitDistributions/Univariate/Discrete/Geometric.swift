import Foundation
public import ProbKitCore

/// The geometric distribution: the number of failures before the first
/// success, with success probability p.
///
/// Its mass function is
///
/// ```
/// P(X = k) = p (1 - p)ᵏ,   k = 0, 1, 2, …
/// ```
///
/// (scipy's `geom` counts trials instead, k ≥ 1: it is this shifted by one.)
///
/// ```swift
/// let attempts = try Geometric(probability: 0.25)
/// attempts.mean          // (1 − p)/p = 3.0 failures on average
/// attempts.density(0)    // p = 0.25: success at once
/// ```
public struct Geometric: DiscreteUnivariateDistribution {
  /// The success probability p in (0, 1].
  public let probability: Double

  /// Creates Geometric(p).
  ///
  /// - Parameter probability: p, in (0, 1].
  /// - Throws: ``DistributionError`` if p is not in (0, 1].
  public init(probability: Double) throws(DistributionError) {
    guard probability > 0, probability <= 1 else {
      throw ParameterCheck(distribution: "Geometric").failure(
        "probability", "in (0, 1]", probability)
    }
    self.probability = probability
  }

  /// log(1 - p).
  private var logFailure: Double { log1p(-probability) }

  /// The support, {0, 1, 2, …}.
  public var support: ClosedRange<Int> { 0...Int.max }
  /// The mean (1 - p)/p.
  public var mean: Double { (1 - probability) / probability }
  /// The variance (1 - p)/p².
  public var variance: Double { (1 - probability) / (probability * probability) }
  /// The mode, 0.
  public var mode: Int? { 0 }
  /// The entropy (-(1 - p) log(1 - p) - p log p)/p.
  public var entropy: Double {
    let failure = probability == 1 ? 0 : -(1 - probability) * logFailure
    return (failure - probability * log(probability)) / probability
  }

  /// log P(X = k) = log p + k log(1 - p); -∞ for k < 0.
  public func logDensity(_ k: Int) -> Double {
    guard k >= 0 else { return -.infinity }
    return log(probability) + (k == 0 ? 0 : Double(k) * logFailure)
  }
  /// P(X ≤ k) = 1 - (1 - p)^(k+1), computed as -expm1((k + 1) log(1 - p)).
  public func cdf(_ k: Int) -> Double {
    guard k >= 0 else { return 0 }
    return probability == 1 ? 1 : -expm1((Double(k) + 1) * logFailure)
  }
  /// P(X > k) = (1 - p)^(k+1).
  public func survival(_ k: Int) -> Double {
    guard k >= 0 else { return 1 }
    return probability == 1 ? 0 : exp((Double(k) + 1) * logFailure)
  }
  /// The smallest k with P(X ≤ k) ≥ p: ⌈log(1 - p)/log(1 - prob)⌉ - 1 (with a
  /// final check against rounding); `nil` outside [0, 1]; `Int.max`, the
  /// unbounded end of the support, for p = 1.
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` as above.
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    if probability == 1 || p == 0 { return 0 }  // a point mass at 0 has quantile(1) = 0
    if p == 1 { return Int.max }
    let estimate = (log1p(-p) / logFailure).rounded(.up) - 1
    return discreteQuantile(
      p, guess: clampedGuess(estimate), lowest: 0, highest: Int.max, cdf: cdf,
      survival: survival)
  }

  /// A draw by inversion, ⌊log U/log(1 - p)⌋ for U uniform on (0, 1) (GSL's
  /// `gsl_ran_geometric` minus one).
  ///
  /// - Returns: A number of failures ≥ 0.
  @inlinable
  public func sample(using source: RandomSource) -> Int {
    if probability == 1 { return 0 }
    let draw = (log(source.nextUniformPositive()) / log1p(-probability)).rounded(.down)
    return saturatingCount(draw)
  }

  private enum CodingKeys: String, CodingKey {
    case probability
  }

  /// Decodes and validates, like ``init(probability:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(probability: container.decode(Double.self, forKey: .probability))
  }

  /// `Geometric(probability: p)`.
  public var description: String { "Geometric(probability: \(probability))" }
}
