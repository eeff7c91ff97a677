import Foundation
internal import GSLBridge
public import ProbKitCore

/// The gamma distribution with shape k and rate λ (scale θ = 1/λ).
///
/// Its density is
///
/// ```
/// p(x) = λᵏ xᵏ⁻¹ e^(-λx) / Γ(k),   x > 0
/// ```
///
/// Construct it with `shape:rate:` or `shape:scale:`; the labels make the two
/// parameterisations impossible to confuse.
///
/// ```swift
/// let waiting = try Gamma(shape: 2, rate: 0.5)
/// let same = try Gamma(shape: 2, scale: 2)   // == waiting
/// waiting.cdf(4)        // 1 − 3e⁻² = 0.593994150290161…
/// ```
public struct Gamma: ContinuousUnivariateDistribution, ExponentialFamily, KullbackLeiblerDivergence
{
  // MARK: - Type and validation

  /// The shape k > 0.
  public let shape: Double
  /// The rate λ > 0 (the inverse of the scale).
  public let rate: Double
  /// log of the normalising constant, k log λ - log Γ(k), in extended
  /// precision: computed once, so that ``logDensity(_:)`` does not evaluate
  /// log Γ on every call.
  private let logNormalizer: Extended

  /// Creates Gamma(shape k, rate λ).
  ///
  /// - Parameters:
  ///   - shape: The shape k, finite and > 0.
  ///   - rate: The rate λ, finite and > 0.
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(shape: Double, rate: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Gamma")
    try check.positive(shape, "shape")
    try check.positive(rate, "rate")
    self.shape = shape
    self.rate = rate
    self.logNormalizer =
      Extended(shape) * log(Extended(rate)) - ExtendedMath.logGamma(Extended(shape))
  }

  /// Creates Gamma(shape k, scale θ), that is rate 1/θ.
  ///
  /// - Parameters:
  ///   - shape: The shape k, finite and > 0.
  ///   - scale: The scale θ, finite and at least 5.6e-309 (below it the rate
  ///     1/θ overflows: the error names the scale and says so).
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(shape: Double, scale: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Gamma")
    try check.positive(scale, "scale")
    guard (1 / scale).isFinite else {
      // The rate, 1/scale, would overflow: say so about the scale.
      throw check.failure(
        "scale", "at least 5.6e-309 (below it the rate, 1/scale, overflows to inf)", scale)
    }
    try self.init(shape: shape, rate: 1 / scale)
  }

  /// A gamma from parameters already known to be valid.
  init(validatedShape shape: Double, rate: Double) {
    self.shape = shape
    self.rate = rate
    self.logNormalizer =
      Extended(shape) * log(Extended(rate)) - ExtendedMath.logGamma(Extended(shape))
  }

  /// The scale θ = 1/λ.
  public var scale: Double { 1 / rate }

  // MARK: - Statistics

  /// The support, [0, ∞).
  public var support: ClosedRange<Double> { 0 ... .infinity }

  /// The mean k/λ.
  public var mean: Double { shape / rate }

  /// The variance k/λ².
  public var variance: Double { shape / (rate * rate) }

  /// The mode (k - 1)/λ for k ≥ 1, and 0 (where the density is largest, or
  /// infinite) for k < 1.
  public var mode: Double? { shape >= 1 ? (shape - 1) / rate : 0 }

  /// The entropy k - log λ + log Γ(k) + (1 - k)ψ(k).
  ///
  /// In extended precision: for large shapes the terms cancel.
  public var entropy: Double {
    let k = Extended(shape)
    return Double(
      k - log(Extended(rate)) + ExtendedMath.logGamma(k) + (1 - k) * ExtendedMath.digamma(k))
  }

  // MARK: - Evaluation

  /// log p(x) = k log λ - log Γ(k) + (k - 1) log x - λx; -∞ for x < 0, and at
  /// x = 0 the limit (+∞ for k < 1, log λ for k = 1, -∞ for k > 1).
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    guard x >= 0, x < .infinity else { return -.infinity }
    if x == 0 {
      return shape == 1 ? log(rate) : (shape < 1 ? .infinity : -.infinity)
    }
    // In extended precision: for large shapes the terms are far larger than
    // their sum.
    let (k, lambda, y) = (Extended(shape), Extended(rate), Extended(x))
    if shape < 1 {
      // log(k/x) + k log(λx) - λx - log Γ(1 + k), from Γ(k) = Γ(1 + k)/k:
      // for k = x = 1e-10, -log Γ(k) and (k - 1) log x are 23.03 each and
      // their sum -2.3e-9.
      let logGammaOnePlus =
        k < 0.1 ? ExtendedMath.logGammaOnePlus(k) : ExtendedMath.logGamma(1 + k)
      return Double(log(k / y) + k * log(lambda * y) - lambda * y - logGammaOnePlus)
    }
    if shape >= 1e4 {
      // log[(λx)ᵏe^(-λx)/Γ(k)] - log x by Loader's saddle-point form: at
      // k = 10⁹ the terms below, each near k log k, lost 3e-11 relative.
      return Double(ExtendedMath.logGammaPrefactor(k, lambda * y) - log(y))
    }
    return Double(logNormalizer + (k - 1) * log(y) - lambda * y)
  }

  /// P(X ≤ x), the regularised lower incomplete gamma function P(k, λx),
  /// computed in extended precision.
  public func cdf(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x <= 0 { return 0 }
    return Double(ExtendedMath.incompleteGamma(Extended(shape), Extended(rate) * Extended(x)).lower)
  }

  /// P(X > x), the regularised upper incomplete gamma function Q(k, λx),
  /// computed directly in extended precision.
  public func survival(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x <= 0 { return 1 }
    return Double(ExtendedMath.incompleteGamma(Extended(shape), Extended(rate) * Extended(x)).upper)
  }

  /// The x with P(X ≤ x) = p; the upper tail is inverted directly for p > 1/2.
  ///
  /// 0 for p = 0 and +∞ for p = 1; NaN outside [0, 1]. GSL's inverse is
  /// checked against the CDF and refined by bisection where it falls short
  /// (tiny shapes, far tails).
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return .infinity }
    // A quantile beyond the largest double is +∞ (Gamma(1, rate: 1e-320)),
    // from refinedQuantile; GSL's candidate is skipped for huge shapes,
    // where it is off by 1e-9 relative.
    let candidate =
      shape > 1e15
      ? Double.nan
      : p <= 0.5
        ? GSLDistributionFunctions.gammaPInverse(p, shape: shape, scale: scale)
        : GSLDistributionFunctions.gammaQInverse(1 - p, shape: shape, scale: scale)
    return refinedQuantile(
      p, candidate: candidate, lower: 0, upper: .infinity, cdf: cdf, survival: survival)
  }

  /// The x with P(X > x) = q, inverting whichever tail keeps precision.
  func upperQuantile(_ q: Double) -> Double {
    q <= 0.5
      ? GSLDistributionFunctions.gammaQInverse(q, shape: shape, scale: scale)
      : GSLDistributionFunctions.gammaPInverse(1 - q, shape: shape, scale: scale)
  }

  // MARK: - Sampling

  /// A draw by Marsaglia and Tsang's method (`gsl_ran_gamma`, which takes the
  /// scale).
  ///
  /// - Returns: One draw, > 0.
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    // Divided by the rate rather than times the scale 1/rate, which is +∞
    // for a subnormal rate (0 · ∞ would be NaN).
    source._unsafeGamma(shape: shape, scale: 1) / rate
  }

  // MARK: - Exponential family

  /// η = (k - 1, -λ).
  public var naturalParameters: [Double] { [shape - 1, -rate] }

  /// T(x) = (log x, x).
  ///
  /// - Parameter x: The value, > 0.
  /// - Returns: (log x, x).
  public func sufficientStatistic(_ x: Double) -> [Double] { [log(x), x] }

  /// A(η) = log Γ(η₁ + 1) - (η₁ + 1) log(-η₂).
  ///
  /// - Parameter naturalParameters: η = (η₁, η₂), with η₁ > -1 and η₂ < 0.
  /// - Returns: A(η), or +∞ outside that set or for the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 2, naturalParameters[0] > -1, naturalParameters[1] < 0 else {
      return .infinity
    }
    let shape = naturalParameters[0] + 1
    return SpecialFunctions.logGamma(shape) - shape * log(-naturalParameters[1])
  }

  /// log h(x) = 0 on x > 0.
  ///
  /// - Returns: 0 on (0, ∞), -∞ elsewhere.
  public func logBaseMeasure(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x > 0 && x < .infinity ? 0 : -.infinity
  }

  /// E[T(X)] = (ψ(k) - log λ, k/λ).
  public var meanParameters: [Double] { [SpecialFunctions.digamma(shape) - log(rate), mean] }

  /// The gamma with η = (k - 1, -λ).
  ///
  /// - Parameter naturalParameters: η = (k - 1, -λ).
  /// - Returns: Gamma(η₁ + 1, rate -η₂).
  /// - Throws: ``DistributionError`` unless η₁ > -1 and η₂ < 0.
  public func withNaturalParameters(_ naturalParameters: [Double]) throws(DistributionError)
    -> Gamma
  {
    try ParameterCheck(distribution: "Gamma").length(naturalParameters, 2, "naturalParameters")
    return try Gamma(shape: naturalParameters[0] + 1, rate: -naturalParameters[1])
  }

  /// The gamma with E[log X] = m₁ and E[X] = m₂, found by Newton's method on
  /// the shape: ψ(k) - log k = m₁ - log m₂.
  ///
  /// This is the maximum-likelihood fit to data with mean log x = m₁ and mean
  /// x = m₂; the rate is then k/m₂.
  ///
  /// - Parameter mean: (m₁, m₂): the means of log x and x.
  /// - Returns: The gamma with these mean parameters.
  /// - Throws: ``DistributionError`` unless m₂ > 0 and m₁ < log m₂ (Jensen).
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Gamma {
    let check = ParameterCheck(distribution: "Gamma")
    try check.length(mean, 2, "meanParameters")
    try check.positive(mean[1], "meanParameters[1]")
    let target = mean[0] - log(mean[1])
    guard target < 0, target.isFinite else {
      throw check.failure("meanParameters[0] - log(meanParameters[1])", "finite and < 0", target)
    }
    let shape = GammaShapeSolver.solve(logMeanMinusMeanLog: -target)
    return try Gamma(shape: shape, rate: shape / mean[1])
  }

  // MARK: - Divergence

  /// The Kullback–Leibler divergence KL(p ‖ q), in closed form.
  ///
  /// KL(p ‖ q) = (k_p - k_q)ψ(k_p) - log Γ(k_p) + log Γ(k_q)
  /// + k_q(log λ_p - log λ_q) + k_p(λ_q - λ_p)/λ_p.
  public func kullbackLeiblerDivergence(from other: Gamma) -> Double {
    (shape - other.shape) * SpecialFunctions.digamma(shape)
      - SpecialFunctions.logGamma(shape) + SpecialFunctions.logGamma(other.shape)
      + other.shape * (log(rate) - log(other.rate))
      + shape * (other.rate - rate) / rate
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case shape, rate
  }

  /// Decodes and validates, like ``init(shape:rate:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      shape: container.decode(Double.self, forKey: .shape),
      rate: container.decode(Double.self, forKey: .rate))
  }

  /// Encodes the shape and rate.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(shape, forKey: .shape)
    try container.encode(rate, forKey: .rate)
  }

  /// Equal when the shapes and rates are.
  public static func == (lhs: Gamma, rhs: Gamma) -> Bool {
    lhs.shape == rhs.shape && lhs.rate == rhs.rate
  }

  /// `Gamma(shape: k, rate: λ)`.
  public var description: String {
    "Gamma(shape: \(shape), rate: \(rate))"
  }
}

/// Solves log k - ψ(k) = s for the gamma shape k > 0, given s > 0.
enum GammaShapeSolver {
  /// The k > 0 with log k - ψ(k) = s.
  ///
  /// Minka's initial value k₀ = (3 - s + √((s - 3)² + 24s))/(12s), then Newton
  /// steps on 1/k (which converge monotonically), to relative change 1e-15.
  static func solve(logMeanMinusMeanLog s: Double) -> Double {
    var shape = (3 - s + ((s - 3) * (s - 3) + 24 * s).squareRoot()) / (12 * s)
    for _ in 0..<100 {
      let f = log(shape) - SpecialFunctions.digamma(shape) - s
      let derivative = 1 / shape - SpecialFunctions.trigamma(shape)
      // Newton on 1/k: k ← 1/(1/k + f/(k² f′)).
      let next = 1 / (1 / shape + f / (shape * shape * derivative))
      guard next.isFinite, next > 0 else { break }
      let change = abs(next - shape) / shape
      shape = next
      if change < 1e-15 { break }
    }
    return shape
  }
}
