import Foundation
public import ProbKitCore

/// The inverse-gamma distribution with shape α and scale β: the distribution
/// of 1/Y for Y ~ Gamma(shape α, rate β).
///
/// Its density is
///
/// ```
/// p(x) = βᵅ x^(-α-1) e^(-β/x) / Γ(α),   x > 0
/// ```
///
/// The conjugate prior of a normal variance with known mean.
///
/// ```swift
/// let variancePrior = try InverseGamma(shape: 3, scale: 2)
/// variancePrior.mean      // β/(α − 1) = 1.0
/// variancePrior.mode      // β/(α + 1) = Optional(0.5)
/// ```
public struct InverseGamma: ContinuousUnivariateDistribution {
  /// The shape α > 0.
  public let shape: Double
  /// The scale β > 0.
  public let scale: Double

  /// The gamma distribution of 1/X: Gamma(shape α, rate β).
  private var reciprocal: Gamma { Gamma(validatedShape: shape, rate: scale) }

  /// Creates InverseGamma(shape α, scale β).
  ///
  /// - Parameters:
  ///   - shape: α, finite and > 0.
  ///   - scale: β, finite and > 0.
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(shape: Double, scale: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "InverseGamma")
    try check.positive(shape, "shape")
    try check.positive(scale, "scale")
    self.shape = shape
    self.scale = scale
  }

  /// The support, [0, ∞).
  public var support: ClosedRange<Double> { 0 ... .infinity }
  /// The mean β/(α - 1) for α > 1; +∞ otherwise.
  public var mean: Double { shape > 1 ? scale / (shape - 1) : .infinity }
  /// The variance β²/((α - 1)²(α - 2)) for α > 2; +∞ otherwise (E[X²]
  /// diverges), as scipy reports it.
  public var variance: Double {
    if shape <= 2 { return .infinity }
    // (β/(α - 1))²/(α - 2): β² and (α - 1)² overflow for α, β ≈ 1e300.
    let ratio = scale / (shape - 1)
    return ratio * ratio / (shape - 2)
  }
  /// The mode β/(α + 1).
  public var mode: Double? { scale / (shape + 1) }
  /// The entropy α + log(βΓ(α)) - (1 + α)ψ(α).
  ///
  /// In extended precision: for large shapes the terms cancel.
  public var entropy: Double {
    let a = Extended(shape)
    return Double(
      a + log(Extended(scale)) + ExtendedMath.logGamma(a) - (1 + a) * ExtendedMath.digamma(a))
  }

  /// log p(x) = α log β - log Γ(α) - (α + 1) log x - β/x; -∞ for x ≤ 0.
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    guard x > 0, x < .infinity else { return -.infinity }
    // In extended precision: for large shapes the terms are far larger than
    // their sum.
    let (a, b, y) = (Extended(shape), Extended(scale), Extended(x))
    if shape >= 1e4 {
      // log[(β/x)ᵅe^(-β/x)/Γ(α)] - log x by Loader's saddle-point form: at
      // α = 10⁹ the sum below, of terms near α log α, lost 1.4e-10 relative.
      return Double(ExtendedMath.logGammaPrefactor(a, b / y) - log(y))
    }
    return Double(a * log(b) - ExtendedMath.logGamma(a) - (a + 1) * log(y) - b / y)
  }
  /// P(X ≤ x) = Q(α, β/x), the gamma survival at 1/x.
  public func cdf(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x <= 0 ? 0 : reciprocal.survival(1 / x)
  }
  /// P(X > x) = P(α, β/x), computed directly.
  public func survival(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x <= 0 ? 1 : reciprocal.cdf(1 / x)
  }
  /// The x with P(X ≤ x) = p: 1/(the gamma's (1 - p)-quantile), with the tail
  /// inverted directly.
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The x with P(X ≤ x) = p; 0 at p = 0, +∞ at p = 1, NaN outside [0, 1].
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return .infinity }
    return refinedQuantile(
      p, candidate: 1 / reciprocal.upperQuantile(p), lower: 0, upper: .infinity, cdf: cdf,
      survival: survival)
  }

  /// A draw: β divided by a Gamma(α, 1) variate (`gsl_ran_gamma`).
  ///
  /// - Returns: One draw, > 0.
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    scale / source._unsafeGamma(shape: shape, scale: 1)
  }

  private enum CodingKeys: String, CodingKey {
    case shape, scale
  }

  /// Decodes and validates, like ``init(shape:scale:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      shape: container.decode(Double.self, forKey: .shape),
      scale: container.decode(Double.self, forKey: .scale))
  }

  /// `InverseGamma(shape: α, scale: β)`.
  public var description: String { "InverseGamma(shape: \(shape), scale: \(scale))" }
}
