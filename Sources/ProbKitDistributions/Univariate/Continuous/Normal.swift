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
/// normal.logDensity(1)     // -1.737085713764618
/// normal.cdf(2)            // Φ(1) = 0.8413…
/// normal.quantile(0.975)   // 3.9199279690801…
/// let draw = normal.sample(using: RandomSource(seed: 1))  // one Double
/// ```
public struct Normal: ContinuousUnivariateDistribution, ExponentialFamily, KullbackLeiblerDivergence
{
  // MARK: - Type and validation

  /// The mean μ.
  ///
  /// ```swift
  /// try Normal(mean: 1, standardDeviation: 2).mean  // 1.0
  /// ```
  public let mean: Double
  /// The standard deviation σ > 0.
  ///
  /// ```swift
  /// try Normal(mean: 1, standardDeviation: 2).standardDeviation  // 2.0
  /// ```
  public let standardDeviation: Double

  /// Creates N(mean, standardDeviation²).
  ///
  /// ```swift
  /// let heights = try Normal(mean: 170, standardDeviation: 10)
  /// heights.cdf(180)                                         // Φ(1) = 0.8413…
  /// try Normal() == Normal.standard                          // true: N(0, 1) by default
  /// (try? Normal(mean: 0, standardDeviation: 0)) == nil      // true: σ must be > 0
  /// ```
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
  ///
  /// ```swift
  /// Normal.standard.quantile(0.975)  // z = 1.9599639845400536
  /// Normal.standard.cdf(-1.96)       // 0.0249978…
  /// ```
  public static let standard = Normal(validatedMean: 0, standardDeviation: 1)

  private init(validatedMean mean: Double, standardDeviation: Double) {
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  // MARK: - Statistics

  /// The support, (-∞, ∞).
  ///
  /// ```swift
  /// Normal.standard.support  // -inf...inf
  /// ```
  public var support: ClosedRange<Double> { -.infinity ... .infinity }

  /// The variance σ².
  ///
  /// ```swift
  /// try Normal(mean: 1, standardDeviation: 2).variance  // 4.0
  /// ```
  public var variance: Double { standardDeviation * standardDeviation }

  /// The mode, μ.
  ///
  /// ```swift
  /// try Normal(mean: 1, standardDeviation: 2).mode  // Optional(1.0)
  /// ```
  public var mode: Double? { mean }

  /// The entropy, log(σ√(2πe)).
  ///
  /// ```swift
  /// try Normal(mean: 1, standardDeviation: 2).entropy  // log(2√(2πe)) = 2.1120…
  /// ```
  public var entropy: Double { 0.5 * (1 + log(2 * Double.pi)) + log(standardDeviation) }

  // MARK: - Evaluation

  /// log p(x) = -z²/2 - log σ - log √(2π), with z = (x - μ)/σ.
  ///
  /// ```swift
  /// let normal = try Normal(mean: 1, standardDeviation: 2)
  /// normal.logDensity(1)     // −log 2 − log √(2π) = -1.6120…
  /// normal.logDensity(1e3)   // -124751.7370…: far in the tail, still finite
  /// ```
  ///
  /// - Parameter x: The value.
  /// - Returns: log p(x).
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    let z = (x - mean) / standardDeviation
    return -0.5 * z * z - log(standardDeviation) - Double(ExtendedMath.logSquareRootOfTwoPi)
  }

  /// P(X ≤ x) = Φ((x - μ)/σ).
  ///
  /// ```swift
  /// let normal = try Normal(mean: 1, standardDeviation: 2)
  /// normal.cdf(1)  // 0.5
  /// normal.cdf(3)  // Φ(1) = 0.8413…
  /// ```
  ///
  /// - Parameter x: The value.
  /// - Returns: P(X ≤ x).
  public func cdf(_ x: Double) -> Double {
    GSLDistributionFunctions.standardNormalP((x - mean) / standardDeviation)
  }

  /// P(X > x) = Φ(-(x - μ)/σ), computed directly.
  ///
  /// ```swift
  /// let normal = try Normal(mean: 1, standardDeviation: 2)
  /// normal.survival(3)   // Φ(−1) = 0.1586…
  /// normal.survival(21)  // Φ(−10) = 7.6198…e-24, where 1 − cdf(21) is 0
  /// ```
  ///
  /// - Parameter x: The value.
  /// - Returns: P(X > x).
  public func survival(_ x: Double) -> Double {
    GSLDistributionFunctions.standardNormalQ((x - mean) / standardDeviation)
  }

  /// μ + σΦ⁻¹(p); the upper tail is inverted directly for p > 1/2.
  ///
  /// ```swift
  /// let normal = try Normal(mean: 1, standardDeviation: 2)
  /// normal.quantile(0.5)    // μ = 1.0
  /// normal.quantile(0.975)  // 1 + 2 · 1.9599… = 4.9199…
  /// normal.quantile(0)      // -inf
  /// ```
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
  ///
  /// ```swift
  /// let normal = try Normal(mean: 1, standardDeviation: 2)
  /// let source = RandomSource(seed: 1)
  /// let draws = (0..<10_000).map { _ in normal.sample(using: source) }
  /// draws.reduce(0, +) / 10_000  // ≈ μ = 1
  /// ```
  ///
  /// - Parameter source: The random source to draw from.
  /// - Returns: One draw.
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    mean + source._unsafeGaussian(standardDeviation: standardDeviation)
  }

  // MARK: - Exponential family

  /// η = (μ/σ², -1/(2σ²)).
  ///
  /// ```swift
  /// try Normal(mean: 3, standardDeviation: 1).naturalParameters  // [3.0, -0.5]
  /// ```
  public var naturalParameters: [Double] {
    [mean / variance, -0.5 / variance]
  }

  /// T(x) = (x, x²).
  ///
  /// ```swift
  /// Normal.standard.sufficientStatistic(-2)  // [-2.0, 4.0]
  /// ```
  ///
  /// - Parameter x: The value.
  /// - Returns: (x, x²).
  public func sufficientStatistic(_ x: Double) -> [Double] { [x, x * x] }

  /// A(η) = -η₁²/(4η₂) - log(-2η₂)/2.
  ///
  /// ```swift
  /// Normal.standard.logPartition([1, -0.5])  // μ = σ = 1: μ²/(2σ²) + log σ = 0.5
  /// Normal.standard.logPartition([1, 0])     // inf: η₂ must be < 0
  /// ```
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
  /// ```swift
  /// Normal.standard.logBaseMeasure(3)  // −log √(2π) = -0.9189…
  /// ```
  ///
  /// - Parameter x: The value.
  /// - Returns: -log √(2π) for every x (NaN for NaN).
  public func logBaseMeasure(_ x: Double) -> Double {
    x.isNaN ? .nan : -Double(ExtendedMath.logSquareRootOfTwoPi)
  }

  /// E[T(X)] = (μ, μ² + σ²).
  ///
  /// ```swift
  /// try Normal(mean: 3, standardDeviation: 1).meanParameters  // [3.0, 10.0]
  /// ```
  public var meanParameters: [Double] { [mean, mean * mean + variance] }

  /// The normal with η = (μ/σ², -1/(2σ²)).
  ///
  /// ```swift
  /// let normal = try Normal.standard.withNaturalParameters([3, -0.5])
  /// normal  // Normal(mean: 3.0, standardDeviation: 1.0)
  /// ```
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
  /// ```swift
  /// try Normal.standard.withMeanParameters([3, 10])  // Normal(mean: 3.0, standardDeviation: 1.0)
  /// (try? Normal.standard.withMeanParameters([3, 9])) == nil  // true: variance 0
  /// ```
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
  ///
  /// ```swift
  /// let p = Normal.standard
  /// try p.kullbackLeiblerDivergence(from: Normal(mean: 1, standardDeviation: 1))  // 1/2 = 0.5
  /// ```
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
  ///
  /// ```swift
  /// Normal.standard.description  // "Normal(mean: 0.0, standardDeviation: 1.0)"
  /// ```
  public var description: String {
    "Normal(mean: \(mean), standardDeviation: \(standardDeviation))"
  }
}
