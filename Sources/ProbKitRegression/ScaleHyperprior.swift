import Foundation
import ProbKitInference

/// A prior on the scale σ of a regression's Gaussian prior, β ~ N(0, σ²):
/// σ is then sampled with the coefficients, the fully Bayesian alternative
/// to choosing σ (or to empirical Bayes).
///
/// ```swift
/// let weak = try ScaleHyperprior.halfCauchy(scale: 1)   // Gelman (2006)
/// let tight = try ScaleHyperprior.halfNormal(scale: 0.5)
/// ```
public struct ScaleHyperprior: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The hyperprior's family.
  public enum Family: String, Sendable, Hashable, Codable {
    /// p(σ) ∝ exp(−σ²/(2s²)), σ > 0.
    case halfNormal
    /// p(σ) ∝ 1/(1 + σ²/s²), σ > 0: heavy-tailed, weakly informative.
    case halfCauchy
  }

  /// The family.
  public let family: Family
  /// Its scale s.
  public let scale: Double

  /// σ ~ half-N(0, s²).
  ///
  /// - Throws: `FitError.invalidArgument` unless s is finite and in
  ///   [1e-150, 1e150].
  public static func halfNormal(scale: Double) throws(FitError) -> ScaleHyperprior {
    try ScaleHyperprior(family: .halfNormal, scale: scale)
  }

  /// σ ~ half-Cauchy(0, s).
  ///
  /// - Throws: `FitError.invalidArgument` unless s is finite and in
  ///   [1e-150, 1e150].
  public static func halfCauchy(scale: Double) throws(FitError) -> ScaleHyperprior {
    try ScaleHyperprior(family: .halfCauchy, scale: scale)
  }

  private init(family: Family, scale: Double) throws(FitError) {
    guard scale >= 1e-150, scale <= 1e150 else {
      throw .invalidArgument(
        model: "ScaleHyperprior", argument: "scale", requirement: "in [1e-150, 1e150]",
        value: "\(scale)")
    }
    self.family = family
    self.scale = scale
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      family: container.decode(Family.self, forKey: .family),
      scale: container.decode(Double.self, forKey: .scale))
  }

  public var description: String {
    family == .halfNormal ? "half-Normal(\(scale))" : "half-Cauchy(\(scale))"
  }

  /// log p(σ) up to a constant and its derivative with respect to log σ,
  /// for σ = e^u.
  func logDensity(logScale u: Double) -> (value: Double, derivative: Double) {
    let ratio = exp(u) / scale
    switch family {
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
