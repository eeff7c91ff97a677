import Foundation
public import ProbKitCore

/// The chi-squared distribution with ν degrees of freedom: the distribution of
/// a sum of ν squared standard normals, Gamma(shape ν/2, rate 1/2).
///
/// Its density is
///
/// ```
/// p(x) = x^(ν/2-1) e^(-x/2) / (2^(ν/2) Γ(ν/2)),   x > 0
/// ```
///
/// ```swift
/// let chiSquared = try ChiSquared(degreesOfFreedom: 3)
/// chiSquared.quantile(0.95)   // 7.81472790325…: the 5% critical value
/// chiSquared.survival(11.34)  // the p-value of 11.34: 0.0100…
/// ```
public struct ChiSquared: ContinuousUnivariateDistribution {
  /// The degrees of freedom ν > 0 (not necessarily an integer).
  public let degreesOfFreedom: Double

  /// The same distribution as a gamma, Gamma(ν/2, rate 1/2).
  private var gamma: Gamma { Gamma(validatedShape: degreesOfFreedom / 2, rate: 0.5) }

  /// Creates χ²(ν).
  ///
  /// - Parameter degreesOfFreedom: ν, finite and ≥ 1e-323 (ν = 5e-324, the
  ///   smallest double, is refused: the gamma shape ν/2 rounds to 0).
  /// - Throws: ``DistributionError`` if ν is invalid.
  public init(degreesOfFreedom: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "ChiSquared")
    try check.positive(degreesOfFreedom, "degreesOfFreedom")
    guard degreesOfFreedom / 2 > 0 else {
      throw check.failure(
        "degreesOfFreedom", "at least 1e-323 (the shape ν/2 must be a positive double)",
        degreesOfFreedom)
    }
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// The support, [0, ∞).
  public var support: ClosedRange<Double> { 0 ... .infinity }
  /// The mean ν.
  public var mean: Double { degreesOfFreedom }
  /// The variance 2ν.
  public var variance: Double { 2 * degreesOfFreedom }
  /// The mode max(ν - 2, 0).
  public var mode: Double? { max(degreesOfFreedom - 2, 0) }
  /// The entropy ν/2 + log(2Γ(ν/2)) + (1 - ν/2)ψ(ν/2).
  public var entropy: Double { gamma.entropy }

  /// log p(x), as for Gamma(ν/2, rate 1/2).
  public func logDensity(_ x: Double) -> Double { gamma.logDensity(x) }
  /// P(X ≤ x) = P(ν/2, x/2).
  public func cdf(_ x: Double) -> Double { gamma.cdf(x) }
  /// P(X > x) = Q(ν/2, x/2), computed directly.
  ///
  /// - Returns: P(X > x), the p-value of a statistic x.
  public func survival(_ x: Double) -> Double { gamma.survival(x) }
  /// The x with P(X ≤ x) = p.
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The x with P(X ≤ x) = p; 0 at p = 0, +∞ at p = 1, NaN outside [0, 1].
  public func quantile(_ p: Double) -> Double { gamma.quantile(p) }

  /// A draw: twice a Gamma(ν/2) variate (`gsl_ran_gamma` with scale 2, which
  /// is what `gsl_ran_chisq` computes).
  ///
  /// - Returns: One draw, ≥ 0.
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    source._unsafeGamma(shape: degreesOfFreedom / 2, scale: 2)
  }

  private enum CodingKeys: String, CodingKey {
    case degreesOfFreedom
  }

  /// Decodes and validates, like ``init(degreesOfFreedom:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(degreesOfFreedom: container.decode(Double.self, forKey: .degreesOfFreedom))
  }

  /// `ChiSquared(degreesOfFreedom: ν)`.
  public var description: String { "ChiSquared(degreesOfFreedom: \(degreesOfFreedom))" }
}
