import Foundation
import ProbKitInference

/// A prior on a regression response's dispersion φ, put on its square root
/// s = √φ: the normal's residual standard deviation (φ = σ²), the gamma's
/// coefficient of variation (φ = 1/shape), the negative binomial's √α
/// (φ = α = 1/r, Var[y] = μ + αμ²).
///
/// A half-normal or half-Cauchy prior on √φ has a finite, nonzero density at
/// s = 0, so it shrinks towards the model without extra spread (for the
/// negative binomial, the Poisson) without ruling it out.
///
/// ```swift
/// let residual = try DispersionPrior.halfCauchy(scale: 2.5)  // σ ~ half-Cauchy(2.5)
/// let overdispersion = try DispersionPrior.halfNormal(scale: 1)  // √α ~ half-N(0, 1)
/// ```
public struct DispersionPrior: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The prior's family.
  public let family: ScaleHyperprior.Family
  /// Its scale, in the units of √φ.
  public let scale: Double

  /// √φ ~ half-N(0, s²).
  ///
  /// - Throws: `FitError.invalidArgument` unless s is finite and in
  ///   [1e-150, 1e150].
  public static func halfNormal(scale: Double) throws(FitError) -> DispersionPrior {
    try DispersionPrior(family: .halfNormal, scale: scale)
  }

  /// √φ ~ half-Cauchy(0, s).
  ///
  /// - Throws: `FitError.invalidArgument` unless s is finite and in
  ///   [1e-150, 1e150].
  public static func halfCauchy(scale: Double) throws(FitError) -> DispersionPrior {
    try DispersionPrior(family: .halfCauchy, scale: scale)
  }

  private init(family: ScaleHyperprior.Family, scale: Double) throws(FitError) {
    try ScaleHyperprior.Family.checkScale(scale, model: "DispersionPrior")
    self.family = family
    self.scale = scale
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      family: container.decode(ScaleHyperprior.Family.self, forKey: .family),
      scale: container.decode(Double.self, forKey: .scale))
  }

  public var description: String {
    family == .halfNormal ? "√φ ~ half-Normal(\(scale))" : "√φ ~ half-Cauchy(\(scale))"
  }

  /// log p(√φ) up to a constant and its derivative with respect to
  /// v = log √φ, with the Jacobian of √φ = e^v.
  func logDensity(logRootDispersion v: Double) -> (value: Double, derivative: Double) {
    let terms = family.logDensity(logScale: v, scale: scale)
    return (terms.value + v, terms.derivative + 1)
  }
}
