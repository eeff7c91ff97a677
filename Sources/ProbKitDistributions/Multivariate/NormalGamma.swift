import Foundation
public import ProbKitCore

/// The normal-gamma distribution over a normal's mean and precision: the
/// conjugate prior of a normal with both unknown.
///
/// The precision τ has a gamma distribution and, given τ, the mean μ a
/// normal one whose precision is κτ:
///
/// ```
/// τ ~ Gamma(shape α, rate β),   μ | τ ~ Normal(μ₀, 1/√(κτ))
/// p(μ, τ) = β^α √κ / (Γ(α) √(2π)) · τ^(α - 1/2) · exp(-βτ - κτ(μ - μ₀)²/2)
/// ```
///
/// Values are vectors `[μ, τ]`. The marginal of μ is a Student t with 2α
/// degrees of freedom, location μ₀ and scale √(β/(ακ)) (``meanMarginal``);
/// the marginal of τ is ``precisionMarginal``.
///
/// ```swift
/// let prior = try NormalGamma(mean: 0, precisionScale: 1, shape: 2, rate: 2)
/// prior.mean                  // (μ₀, α/β) = [0.0, 1.0]
/// try prior.meanMarginal      // StudentT(degreesOfFreedom: 4.0, location: 0.0, scale: 1.0)
/// ```
public struct NormalGamma: MultivariateDistribution {
  // MARK: - Type and validation

  /// μ₀, the mean's location.
  public let mean0: Double
  /// κ > 0: the mean's precision is κτ (how many observations the prior mean
  /// is worth).
  public let precisionScale: Double
  /// α > 0, the precision's gamma shape.
  public let shape: Double
  /// β > 0, the precision's gamma **rate**.
  public let rate: Double

  /// Creates NormalGamma(μ₀, κ, α, β).
  ///
  /// - Parameters:
  ///   - mean: μ₀, finite.
  ///   - precisionScale: κ, finite and > 0.
  ///   - shape: α, finite and > 0.
  ///   - rate: β, finite and > 0 (a rate, not a scale).
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(mean: Double, precisionScale: Double, shape: Double, rate: Double)
    throws(DistributionError)
  {
    let check = ParameterCheck(distribution: "NormalGamma")
    try check.finite(mean, "mean")
    try check.positive(precisionScale, "precisionScale")
    try check.positive(shape, "shape")
    try check.positive(rate, "rate")
    mean0 = mean
    self.precisionScale = precisionScale
    self.shape = shape
    self.rate = rate
  }

  // MARK: - Statistics

  /// 2: values are `[μ, τ]`.
  public var dimension: Int { 2 }

  /// E[(μ, τ)] = (μ₀, α/β).
  public var mean: [Double] { [mean0, shape / rate] }

  /// (Var μ, Var τ) = (β/(κ(α - 1)), α/β²); Var μ is +∞ for α ≤ 1.
  public var variance: [Double] {
    [shape > 1 ? rate / (precisionScale * (shape - 1)) : .infinity, shape / (rate * rate)]
  }

  /// The joint mode (μ₀, (α - 1/2)/β); `nil` for α ≤ 1/2, where no maximum
  /// is attained (the density grows without bound as τ → 0 for α < 1/2, and
  /// at α = 1/2 only approaches its supremum there).
  ///
  /// The joint mode's precision (α − 1/2)/β is above the precision
  /// marginal's mode (α − 1)/β: the mean's conditional density contributes a
  /// factor √τ.
  public var mode: [Double]? {
    shape > 0.5 ? [mean0, (shape - 0.5) / rate] : nil
  }

  /// The marginal of the precision, Gamma(shape α, rate β).
  ///
  /// - Throws: ``DistributionError`` only if the gamma rejects the
  ///   parameters, which the initializer has already checked.
  public var precisionMarginal: Gamma {
    get throws(DistributionError) { try Gamma(shape: shape, rate: rate) }
  }

  /// The marginal of the mean, a Student t with 2α degrees of freedom,
  /// location μ₀ and scale √(β/(ακ)).
  ///
  /// - Throws: ``DistributionError`` when 2α or the scale is not a finite
  ///   positive double (parameters at the ends of the double range).
  public var meanMarginal: StudentT {
    get throws(DistributionError) {
      try StudentT(
        degreesOfFreedom: 2 * shape, location: mean0,
        scale: (rate / (shape * precisionScale)).squareRoot())
    }
  }

  // MARK: - Evaluation

  /// The log density at `[μ, τ]`; -∞ for τ ≤ 0 or a vector of another length.
  ///
  /// log p(μ, τ) = α log β - log Γ(α) + ½ log(κ/2π) + (α - ½) log τ - βτ
  /// - κτ(μ - μ₀)²/2.
  ///
  /// - Parameter x: `[μ, τ]`.
  /// - Returns: log p(μ, τ).
  public func logDensity(_ x: [Double]) -> Double {
    guard x.count == 2 else { return -.infinity }
    let (mu, tau) = (x[0], x[1])
    if mu.isNaN || tau.isNaN { return .nan }
    guard tau > 0, tau.isFinite, mu.isFinite else { return -.infinity }
    let deviation = mu - mean0
    return shape * log(rate) - SpecialFunctions.logGamma(shape)
      + 0.5 * log(precisionScale) - Double(ExtendedMath.logSquareRootOfTwoPi)
      + (shape - 0.5) * log(tau) - rate * tau
      - 0.5 * precisionScale * tau * deviation * deviation
  }

  // MARK: - Sampling

  /// A draw: τ from the gamma (`gsl_ran_gamma`), then μ from the normal
  /// (`gsl_ran_gaussian_ziggurat`).
  ///
  /// - Returns: One draw `[μ, τ]`.
  public func sample(using source: RandomSource) -> [Double] {
    let tau = source._unsafeGamma(shape: shape, scale: 1 / rate)
    let mu =
      mean0 + source._unsafeGaussian(standardDeviation: 1 / (precisionScale * tau).squareRoot())
    return [mu, tau]
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case mean, precisionScale, shape, rate
  }

  /// Decodes and validates, like ``init(mean:precisionScale:shape:rate:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      mean: container.decode(Double.self, forKey: .mean),
      precisionScale: container.decode(Double.self, forKey: .precisionScale),
      shape: container.decode(Double.self, forKey: .shape),
      rate: container.decode(Double.self, forKey: .rate))
  }

  /// Encodes the four parameters.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(mean0, forKey: .mean)
    try container.encode(precisionScale, forKey: .precisionScale)
    try container.encode(shape, forKey: .shape)
    try container.encode(rate, forKey: .rate)
  }

  /// `NormalGamma(mean: μ₀, precisionScale: κ, shape: α, rate: β)`.
  public var description: String {
    "NormalGamma(mean: \(mean0), precisionScale: \(precisionScale), shape: \(shape), rate: \(rate))"
  }
}
