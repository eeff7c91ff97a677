import Foundation
public import ProbKitCore

/// The Lomax (Pareto type II) distribution with shape α and scale λ: the
/// posterior predictive of exponential data under a gamma prior on the rate.
///
/// Its density is
///
/// ```
/// p(x) = (α/λ) (1 + x/λ)^-(α+1),   x ≥ 0
/// ```
///
/// It is an exponential whose rate is drawn from Gamma(shape α, rate λ), and
/// equals scipy's `lomax(c=α, scale=λ)`.
///
/// ```swift
/// let waiting = try Lomax(shape: 3, scale: 2)
/// waiting.survival(2)   // (1 + 2/2)^-3 = 0.125
/// waiting.quantile(0.5) // λ(2^(1/α) − 1) = 0.5198…
/// ```
public struct Lomax: ContinuousUnivariateDistribution {
  // MARK: - Type and validation

  /// The shape α > 0 (the tail index).
  public let shape: Double
  /// The scale λ > 0.
  public let scale: Double

  /// Creates Lomax(shape α, scale λ).
  ///
  /// - Parameters:
  ///   - shape: α, finite and > 0.
  ///   - scale: λ, finite and > 0.
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(shape: Double, scale: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Lomax")
    try check.positive(shape, "shape")
    try check.positive(scale, "scale")
    self.shape = shape
    self.scale = scale
  }

  // MARK: - Statistics

  /// The support, [0, ∞).
  public var support: ClosedRange<Double> { 0 ... .infinity }

  /// The mean λ/(α - 1) for α > 1; +∞ for α ≤ 1.
  public var mean: Double { shape > 1 ? scale / (shape - 1) : .infinity }

  /// The variance λ²α/((α - 1)²(α - 2)) for α > 2; +∞ for α ≤ 2 (for α ≤ 1
  /// the mean is +∞ too), as for `InverseGamma` and scipy's `lomax`.
  public var variance: Double {
    if shape <= 2 { return .infinity }
    // (σ/m)² k/(k - 2): σ² and m² overflow for σ, k ≈ 1e300.
    let ratio = scale / (shape - 1)
    return ratio * ratio * (shape / (shape - 2))
  }

  /// The mode, 0.
  public var mode: Double? { 0 }

  /// The entropy log(λ/α) + 1/α + 1.
  public var entropy: Double { log(scale) - log(shape) + 1 / shape + 1 }

  // MARK: - Evaluation

  /// log p(x) = log(α/λ) - (α + 1) log1p(x/λ) for x ≥ 0; -∞ for x < 0.
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    guard x >= 0 else { return -.infinity }
    return Double(
      Extended(log(shape)) - Extended(log(scale)) - (Extended(shape) + 1) * logOnePlusRatio(x))
  }

  /// log(1 + x/σ) for x ≥ 0, in extended precision, whose range holds x/σ
  /// for every finite x and σ (in a Double it overflows for σ = 5e-324 and
  /// underflows to 0 for x = 5e-324, σ = 2).
  private func logOnePlusRatio(_ x: Double) -> Extended {
    log1p(Extended(x) / Extended(scale))
  }

  /// P(X ≤ x) = 1 - (1 + x/λ)^-α, computed as -expm1(-α log1p(x/λ)).
  public func cdf(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x <= 0 ? 0 : Double(-expm1(-Extended(shape) * logOnePlusRatio(x)))
  }

  /// P(X > x) = (1 + x/λ)^-α.
  public func survival(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    return x <= 0 ? 1 : Double(exp(-Extended(shape) * logOnePlusRatio(x)))
  }

  /// λ((1 - p)^(-1/α) - 1), computed as λ·expm1(-log1p(-p)/α).
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The x with P(X ≤ x) = p; +∞ at p = 1, NaN outside [0, 1].
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    // In extended precision: -log(1 - p)/k underflows a Double for p = 1e-300
    // and k = 1e300, where σ(e^(…) - 1) = 1e-300 for σ = 1e300.
    let exponent = -Extended(log1p(-p)) / Extended(shape)
    return Double(Extended(scale) * expm1(exponent))
  }

  // MARK: - Sampling

  /// A draw by inversion, λ·expm1(E/α) with E a standard exponential
  /// (`gsl_ran_exponential`).
  ///
  /// - Returns: One draw, ≥ 0.
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    scale * expm1(source._unsafeExponential(mean: 1) / shape)
  }

  // MARK: - Coding and description

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

  /// `Lomax(shape: α, scale: λ)`.
  public var description: String {
    "Lomax(shape: \(shape), scale: \(scale))"
  }
}
