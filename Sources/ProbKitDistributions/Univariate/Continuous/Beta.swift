import Foundation
internal import GSLBridge
public import ProbKitCore

/// The beta distribution on [0, 1] with shapes α and β.
///
/// Its density is
///
/// ```
/// p(x) = x^(α-1) (1 - x)^(β-1) / B(α, β),   0 ≤ x ≤ 1
/// ```
///
/// The conjugate prior of a Bernoulli or binomial probability.
///
/// ```swift
/// let prior = try Beta(alpha: 2, beta: 3)
/// prior.cdf(0.5)         // 11/16 = 0.6875
/// prior.quantile(0.975)  // 0.8058…
/// ```
public struct Beta: ContinuousUnivariateDistribution, ExponentialFamily, KullbackLeiblerDivergence {
  // MARK: - Type and validation

  /// The first shape α > 0 (pseudo-count of successes plus one).
  public let alpha: Double
  /// The second shape β > 0 (pseudo-count of failures plus one).
  public let beta: Double
  /// log B(α, β) in extended precision, computed once for ``logDensity(_:)``.
  private let logNormalizer: Extended

  /// Creates Beta(α, β).
  ///
  /// - Parameters:
  ///   - alpha: The shape α, finite and > 0.
  ///   - beta: The shape β, finite and > 0.
  /// - Throws: ``DistributionError`` naming the invalid parameter, for example
  ///   "Beta: alpha must be finite and > 0, got -1".
  public init(alpha: Double, beta: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Beta")
    try check.positive(alpha, "alpha")
    try check.positive(beta, "beta")
    self.alpha = alpha
    self.beta = beta
    self.logNormalizer = ExtendedMath.logBeta(Extended(alpha), Extended(beta))
  }

  /// A beta from parameters already known to be valid.
  init(validatedAlpha alpha: Double, beta: Double) {
    self.alpha = alpha
    self.beta = beta
    self.logNormalizer = ExtendedMath.logBeta(Extended(alpha), Extended(beta))
  }

  // MARK: - Statistics

  /// The support, [0, 1].
  public var support: ClosedRange<Double> { 0...1 }

  /// The mean α/(α + β).
  public var mean: Double {
    // 1/(1 + β/α): α + β can overflow, and halving 5e-324 gives 0.
    1 / (1 + beta / alpha)
  }

  /// The variance αβ/((α + β)²(α + β + 1)).
  public var variance: Double {
    // As (α/s)(β/s)/(s + 1) with s = α + β and α/s = 1/(1 + β/α): αβ and s²
    // underflow to 0 for α, β ≈ 1e-300, where the variance is 1/4, and s
    // may overflow (then the variance underflows to 0, as it should).
    (1 / (1 + beta / alpha)) * (1 / (1 + alpha / beta)) / (alpha + beta + 1)
  }

  /// The mode: (α - 1)/(α + β - 2) when α, β > 1; on the boundary when one
  /// shape is ≤ 1 and the other ≥ 1 (0 for Beta(0.5, 3), 1 for Beta(3, 0.5));
  /// `nil` when it is not unique (α = β = 1, uniform; α, β < 1, both ends).
  public var mode: Double? {
    if alpha > 1 && beta > 1 { return (alpha - 1) / (alpha + beta - 2) }
    if alpha == 1 && beta == 1 { return nil }
    if alpha <= 1 && beta >= 1 { return 0 }
    if alpha >= 1 && beta <= 1 { return 1 }
    return nil
  }

  /// The entropy log B(α, β) - (α - 1)ψ(α) - (β - 1)ψ(β) + (α + β - 2)ψ(α + β).
  ///
  /// In extended precision: for large shapes the terms cancel.
  public var entropy: Double {
    // log B(a, b) + (a - 1)(ψ(a + b) - ψ(a)) + (b - 1)(ψ(a + b) - ψ(b)), the
    // differences formed without cancellation: for a = 1e10 the terms
    // (a - 1)ψ(a) and (a + b - 2)ψ(a + b) are 2e11 and their sum 0.5.
    let (a, b) = (Extended(alpha), Extended(beta))
    return Double(
      ExtendedMath.logBeta(a, b) + (a - 1) * ExtendedMath.digammaDifference(a, b)
        + (b - 1) * ExtendedMath.digammaDifference(b, a))
  }

  // MARK: - Evaluation

  /// log p(x) = (α - 1) log x + (β - 1) log(1 - x) - log B(α, β), with
  /// 0·log 0 = 0 at the boundary; -∞ outside [0, 1].
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    guard x >= 0, x <= 1 else { return -.infinity }
    // In extended precision, with 0·log 0 = 0 at the boundary.
    let (a, b, y) = (Extended(alpha), Extended(beta), Extended(x))
    if min(alpha, beta) >= 1e4 && x > 0 && x < 1 {
      // log[xᵃ(1 - x)ᵇ/B(a, b)] - log x - log(1 - x) by Loader's saddle-point
      // form: at a = 10⁹ the sum below, of terms near a log a, lost 1.6e-11.
      return Double(ExtendedMath.logBetaPrefactor(a, b, y, 1 - y) - log(y) - log1p(-y))
    }
    let towardZero: Extended =
      alpha == 1 ? 0 : (x == 0 ? (alpha < 1 ? .infinity : -.infinity) : (a - 1) * log(y))
    let towardOne: Extended =
      beta == 1 ? 0 : (x == 1 ? (beta < 1 ? .infinity : -.infinity) : (b - 1) * log1p(-y))
    return Double(towardZero + towardOne - logNormalizer)
  }

  /// P(X ≤ x), the regularised incomplete beta function I_x(α, β), computed
  /// in extended precision.
  public func cdf(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return Double(ExtendedMath.incompleteBeta(Extended(alpha), Extended(beta), Extended(x)).lower)
  }

  /// P(X > x) = I_{1-x}(β, α), computed directly in extended precision.
  public func survival(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return Double(ExtendedMath.incompleteBeta(Extended(alpha), Extended(beta), Extended(x)).upper)
  }

  /// The x with P(X ≤ x) = p; the upper tail is inverted directly for p > 1/2.
  ///
  /// 0 for p = 0 and 1 for p = 1; NaN outside [0, 1]. GSL's inverse is
  /// checked against the CDF and refined by bisection where it falls short.
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return 1 }
    // GSL's inverse iterates without bound for huge shapes (Beta(1e300,
    // 1e300) hangs in it): there the bisection alone, on the asymptotic CDF.
    let candidate =
      max(alpha, beta) > 1e8 || min(alpha, beta) < 1e-200
      ? Double.nan
      : p <= 0.5
        ? GSLDistributionFunctions.betaPInverse(p, alpha: alpha, beta: beta)
        : GSLDistributionFunctions.betaQInverse(1 - p, alpha: alpha, beta: beta)
    return refinedQuantile(
      p, candidate: candidate, lower: 0, upper: 1, cdf: cdf, survival: survival)
  }

  // MARK: - Sampling

  /// A draw from GSL's sampler (`gsl_ran_beta`: Jöhnk's algorithm for
  /// α, β ≤ 1, a ratio of gamma variates otherwise), except for shapes below
  /// 0.05, where ProbKit runs Jöhnk's algorithm in log space.
  ///
  /// For tiny shapes GSL's U^(1/α) and V^(1/β) underflow and the draw
  /// collapses to 0 (30% of Beta(0.001, 0.001) draws instead of 24%).
  ///
  /// - Returns: One draw, in [0, 1].
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    if min(alpha, beta) < 0.05 { return sampleJohnkInLogSpace(using: source) }
    return source._unsafeBeta(alpha: alpha, beta: beta)
  }

  /// Jöhnk's algorithm in log space: log X = log(U)/α, log Y = log(V)/β,
  /// accept when X + Y ≤ 1, return X/(X + Y) = σ(log X - log Y).
  ///
  /// The difference log X - log Y is formed after scaling by min(α, β), so
  /// that subnormal shapes (where both logarithms overflow to -∞) still give
  /// a number rather than -∞ - (-∞).
  @usableFromInline
  func sampleJohnkInLogSpace(using source: RandomSource) -> Double {
    let smaller = min(alpha, beta)
    let (xScale, yScale) = (smaller / alpha, smaller / beta)
    while true {
      let (u, v) = (log(source.nextUniformPositive()), log(source.nextUniformPositive()))
      let difference = (u * xScale - v * yScale) / smaller
      let largest = max(u / alpha, v / beta)
      if largest + log1p(exp(-abs(difference))) <= 0 {
        return SpecialFunctions.sigmoid(difference)
      }
    }
  }

  // MARK: - Exponential family

  /// η = (α - 1, β - 1).
  public var naturalParameters: [Double] { [alpha - 1, beta - 1] }

  /// T(x) = (log x, log(1 - x)).
  ///
  /// - Parameter x: The value, in (0, 1).
  /// - Returns: (log x, log(1 - x)).
  public func sufficientStatistic(_ x: Double) -> [Double] { [log(x), log1p(-x)] }

  /// A(η) = log B(η₁ + 1, η₂ + 1).
  ///
  /// - Parameter naturalParameters: η = (η₁, η₂), each > -1.
  /// - Returns: A(η), or +∞ outside that set or for the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 2, naturalParameters[0] > -1, naturalParameters[1] > -1 else {
      return .infinity
    }
    return SpecialFunctions.logBeta(naturalParameters[0] + 1, naturalParameters[1] + 1)
  }

  /// log h(x) = 0 on (0, 1).
  ///
  /// - Returns: 0 on (0, 1), -∞ elsewhere.
  public func logBaseMeasure(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x > 0 && x < 1 ? 0 : -.infinity
  }

  /// E[T(X)] = (ψ(α) - ψ(α + β), ψ(β) - ψ(α + β)).
  public var meanParameters: [Double] {
    let total = SpecialFunctions.digamma(alpha + beta)
    return [SpecialFunctions.digamma(alpha) - total, SpecialFunctions.digamma(beta) - total]
  }

  /// The beta with η = (α - 1, β - 1).
  ///
  /// - Parameter naturalParameters: η = (α - 1, β - 1).
  /// - Returns: Beta(η₁ + 1, η₂ + 1).
  /// - Throws: ``DistributionError`` unless both entries are finite and > -1.
  public func withNaturalParameters(_ naturalParameters: [Double]) throws(DistributionError) -> Beta
  {
    try ParameterCheck(distribution: "Beta").length(naturalParameters, 2, "naturalParameters")
    return try Beta(alpha: naturalParameters[0] + 1, beta: naturalParameters[1] + 1)
  }

  /// The beta with E[log X] = m₁ and E[log(1 - X)] = m₂, by Newton's method on
  /// (α, β) from a moment-matched start.
  ///
  /// This is the maximum-likelihood fit to data with mean log x = m₁ and mean
  /// log(1 − x) = m₂.
  ///
  /// - Parameter mean: (m₁, m₂): the means of log x and log(1 - x).
  /// - Returns: The beta with these mean parameters.
  /// - Throws: ``DistributionError`` unless m₁, m₂ < 0 and exp(m₁) + exp(m₂) < 1
  ///   (Jensen), or when the iteration does not converge.
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Beta {
    let check = ParameterCheck(distribution: "Beta")
    try check.length(mean, 2, "meanParameters")
    let slack = 1 - exp(mean[0]) - exp(mean[1])
    guard mean[0] < 0, mean[1] < 0, slack > 0 else {
      throw check.failure("1 - exp(meanParameters[0]) - exp(meanParameters[1])", "> 0", slack)
    }
    var a = 0.5 * exp(mean[0]) / slack + 0.5
    var b = 0.5 * exp(mean[1]) / slack + 0.5
    for _ in 0..<200 {
      let total = SpecialFunctions.digamma(a + b)
      let f1 = SpecialFunctions.digamma(a) - total - mean[0]
      let f2 = SpecialFunctions.digamma(b) - total - mean[1]
      let common = SpecialFunctions.trigamma(a + b)
      let j11 = SpecialFunctions.trigamma(a) - common
      let j22 = SpecialFunctions.trigamma(b) - common
      let determinant = j11 * j22 - common * common
      var stepA = (j22 * f1 + common * f2) / determinant
      var stepB = (common * f1 + j11 * f2) / determinant
      // Keep both shapes positive: halve the step until they are.
      while a - stepA <= 0 || b - stepB <= 0 {
        stepA /= 2
        stepB /= 2
      }
      a -= stepA
      b -= stepB
      if abs(stepA) <= 1e-14 * a && abs(stepB) <= 1e-14 * b { return try Beta(alpha: a, beta: b) }
    }
    throw check.failure("meanParameters", "reachable by Newton's method in 200 steps", mean[0])
  }

  // MARK: - Divergence

  /// The Kullback–Leibler divergence KL(p ‖ q), in closed form.
  ///
  /// KL(p ‖ q) = log B(α_q, β_q) - log B(α_p, β_p) + (α_p - α_q)ψ(α_p)
  /// + (β_p - β_q)ψ(β_p) + (α_q - α_p + β_q - β_p)ψ(α_p + β_p).
  public func kullbackLeiblerDivergence(from other: Beta) -> Double {
    SpecialFunctions.logBeta(other.alpha, other.beta) - SpecialFunctions.logBeta(alpha, beta)
      + (alpha - other.alpha) * SpecialFunctions.digamma(alpha)
      + (beta - other.beta) * SpecialFunctions.digamma(beta)
      + (other.alpha - alpha + other.beta - beta) * SpecialFunctions.digamma(alpha + beta)
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case alpha, beta
  }

  /// Decodes and validates, like ``init(alpha:beta:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      alpha: container.decode(Double.self, forKey: .alpha),
      beta: container.decode(Double.self, forKey: .beta))
  }

  /// Encodes the two shapes.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(alpha, forKey: .alpha)
    try container.encode(beta, forKey: .beta)
  }

  /// Equal when the shapes are.
  public static func == (lhs: Beta, rhs: Beta) -> Bool {
    lhs.alpha == rhs.alpha && lhs.beta == rhs.beta
  }

  /// `Beta(alpha: α, beta: β)`.
  public var description: String {
    "Beta(alpha: \(alpha), beta: \(beta))"
  }
}
