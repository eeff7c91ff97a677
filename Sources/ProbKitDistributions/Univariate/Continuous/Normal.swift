import Foundation
internal import GSLBridge
public import ProbKitCore

/// The normal (Gaussian) distribution N(μ, σ²).
///
/// Its density is
///
/// ```
/// p(x) = exp(-(x - μ)²/(2σ²)) / (σ√(2π)),   x ∈ ℝ
/// ```
///
/// ```swift
/// let normal = try Normal(mean: 0, standardDeviation: 2)
/// normal.cdf(2)            // Φ(1) = 0.8413…
/// normal.quantile(0.975)   // 3.9199279690801…
/// ```
public struct Normal: ContinuousUnivariateDistribution, ExponentialFamily, KullbackLeiblerDivergence
{
  // MARK: - Type and validation

  /// The mean μ.
  public let mean: Double
  /// The standard deviation σ > 0.
  public let standardDeviation: Double

  /// Creates N(mean, standardDeviation²).
  ///
  /// - Parameters:
  ///   - mean: The mean μ, finite.
  ///   - standardDeviation: The standard deviation σ, finite and > 0.
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(mean: Double = 0, standardDeviation: Double = 1) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Normal")
    try check.finite(mean, "mean")
    try check.positive(standardDeviation, "standardDeviation")
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  /// The standard normal N(0, 1).
  public static let standard = Normal(validatedMean: 0, standardDeviation: 1)

  private init(validatedMean mean: Double, standardDeviation: Double) {
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  // MARK: - Statistics

  /// The support, (-∞, ∞).
  public var support: ClosedRange<Double> { -.infinity ... .infinity }

  /// The variance σ².
  public var variance: Double { standardDeviation * standardDeviation }

  /// The mode, μ.
  public var mode: Double? { mean }

  /// The entropy, log(σ√(2πe)).
  public var entropy: Double { 0.5 * (1 + log(2 * Double.pi)) + log(standardDeviation) }

  // MARK: - Evaluation

  /// log p(x) = -z²/2 - log σ - log √(2π), with z = (x - μ)/σ.
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    let z = (x - mean) / standardDeviation
    return -0.5 * z * z - log(standardDeviation) - Double(ExtendedMath.logSquareRootOfTwoPi)
  }

  /// P(X ≤ x) = Φ((x - μ)/σ).
  public func cdf(_ x: Double) -> Double {
    GSLDistributionFunctions.standardNormalP((x - mean) / standardDeviation)
  }

  /// P(X > x) = Φ(-(x - μ)/σ), computed directly.
  public func survival(_ x: Double) -> Double {
    GSLDistributionFunctions.standardNormalQ((x - mean) / standardDeviation)
  }

  /// μ + σΦ⁻¹(p); the upper tail is inverted directly for p > 1/2.
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The x with P(X ≤ x) = p; ±∞ at p = 0 and 1, NaN outside [0, 1].
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    let z =
      p <= 0.5
      ? GSLDistributionFunctions.standardNormalPInverse(p)
      : GSLDistributionFunctions.standardNormalQInverse(1 - p)
    return mean + standardDeviation * z
  }

  // MARK: - Sampling

  /// μ + σZ with Z from GSL's ziggurat (`gsl_ran_gaussian_ziggurat`).
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    mean + source._unsafeGaussian(standardDeviation: standardDeviation)
  }

  // MARK: - Exponential family

  /// η = (μ/σ², -1/(2σ²)).
  public var naturalParameters: [Double] {
    [mean / variance, -0.5 / variance]
  }

  /// T(x) = (x, x²).
  ///
  /// - Returns: (x, x²).
  public func sufficientStatistic(_ x: Double) -> [Double] { [x, x * x] }

  /// A(η) = -η₁²/(4η₂) - log(-2η₂)/2.
  ///
  /// - Parameter naturalParameters: η = (η₁, η₂), η₂ < 0.
  /// - Returns: A(η), or +∞ for η₂ ≥ 0 or the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 2, naturalParameters[1] < 0 else { return .infinity }
    let (eta1, eta2) = (naturalParameters[0], naturalParameters[1])
    return -eta1 * eta1 / (4 * eta2) - 0.5 * log(-2 * eta2)
  }

  /// log h(x) = -log √(2π).
  ///
  /// - Returns: -log √(2π) for every x (NaN for NaN).
  public func logBaseMeasure(_ x: Double) -> Double {
    x.isNaN ? .nan : -Double(ExtendedMath.logSquareRootOfTwoPi)
  }

  /// E[T(X)] = (μ, μ² + σ²).
  public var meanParameters: [Double] { [mean, mean * mean + variance] }

  /// The normal with η = (μ/σ², -1/(2σ²)).
  ///
  /// - Parameter naturalParameters: η = (μ/σ², -1/(2σ²)).
  /// - Returns: N(μ, σ²) with σ² = -1/(2η₂) and μ = η₁σ².
  /// - Throws: ``DistributionError`` unless η has two finite entries and η₂ < 0.
  public func withNaturalParameters(_ naturalParameters: [Double]) throws(DistributionError)
    -> Normal
  {
    let check = ParameterCheck(distribution: "Normal")
    try ParameterCheck(distribution: "Normal").length(naturalParameters, 2, "naturalParameters")
    try check.finite(naturalParameters[0], "naturalParameters[0]")
    guard naturalParameters[1] < 0, naturalParameters[1].isFinite else {
      throw check.failure("naturalParameters[1]", "finite and < 0", naturalParameters[1])
    }
    let variance = -0.5 / naturalParameters[1]
    return try Normal(
      mean: naturalParameters[0] * variance, standardDeviation: variance.squareRoot())
  }

  /// The normal with E[X] = m₁ and E[X²] = m₂.
  ///
  /// - Parameter mean: (m₁, m₂): the means of x and x².
  /// - Returns: N(m₁, m₂ - m₁²).
  /// - Throws: ``DistributionError`` unless m₂ > m₁².
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Normal {
    try ParameterCheck(distribution: "Normal").length(mean, 2, "meanParameters")
    let variance = mean[1] - mean[0] * mean[0]
    guard variance > 0 else {
      throw ParameterCheck(distribution: "Normal").failure(
        "meanParameters[1] - meanParameters[0]²", "> 0", variance)
    }
    return try Normal(mean: mean[0], standardDeviation: variance.squareRoot())
  }

  // MARK: - Divergence

  /// KL(p ‖ q) = log(σ_q/σ_p) + (σ_p² + (μ_p - μ_q)²)/(2σ_q²) - 1/2.
  public func kullbackLeiblerDivergence(from other: Normal) -> Double {
    let difference = mean - other.mean
    return log(other.standardDeviation / standardDeviation)
      + (variance + difference * difference) / (2 * other.variance) - 0.5
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case mean, standardDeviation
  }

  /// Decodes and validates, like ``init(mean:standardDeviation:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      mean: container.decode(Double.self, forKey: .mean),
      standardDeviation: container.decode(Double.self, forKey: .standardDeviation))
  }

  /// `Normal(mean: μ, standardDeviation: σ)`.
  public var description: String {
    "Normal(mean: \(mean), standardDeviation: \(standardDeviation))"
  }
}
