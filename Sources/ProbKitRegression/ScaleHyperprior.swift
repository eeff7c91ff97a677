import Foundation
import ProbKitInference

/// A prior on the scale σ of a regression's Gaussian prior, β ~ N(0, σ²):
/// σ is then sampled with the coefficients, the fully Bayesian alternative
/// to choosing σ (or to empirical Bayes).
///
/// ```swift
/// let weak = try ScaleHyperprior.halfCauchy(scale: 1)   // Gelman (2006)
/// let few = try ScaleHyperprior.halfNormal(scale: 0.5, parameterisation: .nonCentred)
/// ```
public struct ScaleHyperprior: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The hyperprior's family.
  public enum Family: String, Sendable, Hashable, Codable {
    /// p(σ) ∝ exp(−σ²/(2s²)), σ > 0.
    case halfNormal
    /// p(σ) ∝ 1/(1 + σ²/s²), σ > 0: heavy-tailed, weakly informative.
    case halfCauchy
  }

  /// How the coefficients are sampled under the hyperprior.
  public enum Parameterisation: String, Sendable, Hashable, Codable {
    /// The coefficients themselves: best when the data pin them down (many
    /// rows per coefficient).
    case centred
    /// zⱼ = βⱼ/(σcⱼ), zⱼ ~ N(0, 1): best when the data are weak, where the
    /// centred posterior is a funnel in (β, log σ) and NUTS diverges.
    case nonCentred
  }

  /// The family.
  public let family: Family
  /// Its scale s.
  public let scale: Double
  /// How the coefficients are sampled; centred unless set.
  public let parameterisation: Parameterisation

  /// σ ~ half-N(0, s²).
  ///
  /// - Throws: `FitError.invalidArgument` unless s is finite and in
  ///   [1e-150, 1e150].
  public static func halfNormal(
    scale: Double, parameterisation: Parameterisation = .centred
  ) throws(FitError) -> ScaleHyperprior {
    try ScaleHyperprior(family: .halfNormal, scale: scale, parameterisation: parameterisation)
  }

  /// σ ~ half-Cauchy(0, s).
  ///
  /// - Throws: `FitError.invalidArgument` unless s is finite and in
  ///   [1e-150, 1e150].
  public static func halfCauchy(
    scale: Double, parameterisation: Parameterisation = .centred
  ) throws(FitError) -> ScaleHyperprior {
    try ScaleHyperprior(family: .halfCauchy, scale: scale, parameterisation: parameterisation)
  }

  private init(family: Family, scale: Double, parameterisation: Parameterisation)
    throws(FitError)
  {
    try Family.checkScale(scale, model: "ScaleHyperprior")
    self.family = family
    self.scale = scale
    self.parameterisation = parameterisation
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      family: container.decode(Family.self, forKey: .family),
      scale: container.decode(Double.self, forKey: .scale),
      parameterisation: container.decode(Parameterisation.self, forKey: .parameterisation))
  }

  public var description: String {
    (family == .halfNormal ? "half-Normal(\(scale))" : "half-Cauchy(\(scale))")
      + (parameterisation == .nonCentred ? ", non-centred" : "")
  }

  /// log p(σ) up to a constant and its derivative with respect to log σ,
  /// for σ = e^u.
  func logDensity(logScale u: Double) -> (value: Double, derivative: Double) {
    family.logDensity(logScale: u, scale: scale)
  }
}

extension ScaleHyperprior.Family {
  /// Throws unless `scale` is finite and in [1e-150, 1e150] (where σ = e^u
  /// and the ratios of the log density stay representable).
  static func checkScale(_ scale: Double, model: String) throws(FitError) {
    guard scale >= 1e-150, scale <= 1e150 else {
      throw .invalidArgument(
        model: model, argument: "scale", requirement: "in [1e-150, 1e150]", value: "\(scale)")
    }
  }

  /// log p(σ) up to a constant and its derivative with respect to log σ,
  /// for σ = e^u under this family with scale s.
  func logDensity(logScale u: Double, scale: Double) -> (value: Double, derivative: Double) {
    let ratio = exp(u) / scale
    switch self {
    case .halfNormal:
      return (-0.5 * ratio * ratio, -ratio * ratio)
    case .halfCauchy:
      // log(1 + r²) without overflow for large r.
      let square = ratio * ratio
      let value = square.isFinite ? log1p(square) : 2 * u - 2 * log(scale)
      return (-value, square.isFinite ? -2 * square / (1 + square) : -2)
    }
  }
}
