import Foundation
public import ProbKitCore

/// The exponential distribution with rate λ.
///
/// Its density is
///
/// ```
/// p(x) = λ e^(-λx),   x ≥ 0
/// ```
///
/// ```swift
/// let lifetime = try Exponential(rate: 0.1)
/// lifetime.survival(20)                        // e⁻² = 0.1353352832366127
/// lifetime.quantile(0.5)                       // the median, 10 log 2 = 6.9314…
/// ```
public struct Exponential: ContinuousUnivariateDistribution, ExponentialFamily,
  KullbackLeiblerDivergence
{
  // MARK: - Type and validation

  /// The rate λ > 0 (the inverse of the mean).
  public let rate: Double

  /// Creates Exponential(rate λ).
  ///
  /// - Parameter rate: The rate λ, finite and > 0.
  /// - Throws: ``DistributionError`` if the rate is invalid.
  public init(rate: Double) throws(DistributionError) {
    try ParameterCheck(distribution: "Exponential").positive(rate, "rate")
    self.rate = rate
  }

  // MARK: - Statistics

  /// The support, [0, ∞).
  public var support: ClosedRange<Double> { 0 ... .infinity }

  /// The mean 1/λ.
  public var mean: Double { 1 / rate }

  /// The variance 1/λ².
  public var variance: Double { 1 / (rate * rate) }

  /// The mode, 0.
  public var mode: Double? { 0 }

  /// The entropy 1 - log λ.
  public var entropy: Double { 1 - log(rate) }

  // MARK: - Evaluation

  /// log p(x) = log λ - λx for x ≥ 0; -∞ for x < 0.
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    guard x >= 0 else { return -.infinity }
    return log(rate) - rate * x
  }

  /// P(X ≤ x) = 1 - e^(-λx), computed as -expm1(-λx).
  public func cdf(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x <= 0 ? 0 : -expm1(-rate * x)
  }

  /// P(X > x) = e^(-λx).
  public func survival(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x <= 0 ? 1 : exp(-rate * x)
  }

  /// -log(1 - p)/λ, computed as -log1p(-p)/λ: accurate for every p (1 - p is
  /// exact for p ≥ 1/2, and log1p keeps small p).
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The x with P(X ≤ x) = p; +∞ at p = 1, NaN outside [0, 1].
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    return -log1p(-p) / rate
  }

  // MARK: - Sampling

  /// A draw by inversion, -log(1 - u)/λ (`gsl_ran_exponential`).
  ///
  /// - Returns: One draw, ≥ 0.
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    source._unsafeExponential(mean: 1 / rate)
  }

  // MARK: - Exponential family

  /// η = (-λ).
  public var naturalParameters: [Double] { [-rate] }

  /// T(x) = (x).
  ///
  /// - Returns: (x).
  public func sufficientStatistic(_ x: Double) -> [Double] { [x] }

  /// A(η) = -log(-η).
  ///
  /// - Parameter naturalParameters: η, one entry < 0.
  /// - Returns: A(η), or +∞ for η ≥ 0 or the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 1, naturalParameters[0] < 0 else { return .infinity }
    return -log(-naturalParameters[0])
  }

  /// log h(x) = 0 on x ≥ 0.
  ///
  /// - Returns: 0 on [0, ∞), -∞ elsewhere.
  public func logBaseMeasure(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x >= 0 && x < .infinity ? 0 : -.infinity
  }

  /// E[T(X)] = (1/λ).
  public var meanParameters: [Double] { [mean] }

  /// The exponential with η = (-λ).
  ///
  /// - Parameter naturalParameters: η = (-λ).
  /// - Returns: Exponential(-η).
  /// - Throws: ``DistributionError`` unless η has one finite entry < 0.
  public func withNaturalParameters(
    _ naturalParameters: [Double]
  ) throws(DistributionError) -> Exponential {
    try ParameterCheck(distribution: "Exponential").length(
      naturalParameters, 1, "naturalParameters")
    return try Exponential(rate: -naturalParameters[0])
  }

  /// The exponential with mean m = E[X].
  ///
  /// - Parameter mean: (m), the average waiting time.
  /// - Returns: Exponential(1/m).
  /// - Throws: ``DistributionError`` unless m is finite and > 0.
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Exponential {
    try ParameterCheck(distribution: "Exponential").length(mean, 1, "meanParameters")
    try ParameterCheck(distribution: "Exponential").positive(mean[0], "meanParameters[0]")
    return try Exponential(rate: 1 / mean[0])
  }

  // MARK: - Divergence

  /// KL(p ‖ q) = log(λ_p/λ_q) + λ_q/λ_p - 1.
  public func kullbackLeiblerDivergence(from other: Exponential) -> Double {
    let ratio = other.rate / rate
    return ratio - 1 - log(ratio)
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case rate
  }

  /// Decodes and validates, like ``init(rate:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(rate: container.decode(Double.self, forKey: .rate))
  }

  /// `Exponential(rate: λ)`.
  public var description: String {
    "Exponential(rate: \(rate))"
  }
}
