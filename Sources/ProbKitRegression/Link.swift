import Foundation
import ProbKitDistributions

/// A generalized linear model's link g, η = g(μ), between the mean μ and
/// the linear predictor η = βᵀx.
///
/// `.canonical` is the response family's own: g = (A′)⁻¹, so that the
/// natural parameter is η itself (logit for Bernoulli, log for Poisson,
/// identity for Normal). The others are the non-canonical links users
/// expect.
///
/// ```swift
/// Link.probit.mean(0, family: Bernoulli.standardFamily)  // 0.5 = Φ(0)
/// ```
public enum Link: String, Sendable, Hashable, Codable, CaseIterable {
  /// The family's own link, (A′)⁻¹: θ = η.
  case canonical
  /// μ = η.
  case identity
  /// μ = e^η.
  case log
  /// μ = 1/(1 + e^-η).
  case logit
  /// μ = Φ(η), the standard normal CDF.
  case probit
  /// μ = 1 - exp(-e^η).
  case complementaryLogLog

  /// μ = g⁻¹(η).
  public func mean<F: ResponseFamily>(_ eta: Double, family: F) -> Double {
    switch self {
    case .canonical: family.meanOfNaturalParameter(eta)
    case .identity: eta
    case .log: Foundation.exp(eta)
    case .logit: Bernoulli.standardFamily.meanOfNaturalParameter(eta)
    case .probit: Normal.standard.cdf(eta)
    case .complementaryLogLog: -expm1(-Foundation.exp(eta))
    }
  }

  /// dμ/dη at η.
  public func meanDerivative<F: ResponseFamily>(_ eta: Double, family: F) -> Double {
    switch self {
    case .canonical: family.varianceOfNaturalParameter(eta)
    case .identity: 1
    case .log: Foundation.exp(eta)
    case .logit: Bernoulli.standardFamily.varianceOfNaturalParameter(eta)
    case .probit: Foundation.exp(-eta * eta / 2) / (2 * Double.pi).squareRoot()
    case .complementaryLogLog:
      Foundation.exp(eta - Foundation.exp(eta))
    }
  }

  /// θ = (A′)⁻¹(g⁻¹(η)), the natural parameter at η, computed from η
  /// directly for the Bernoulli links (so that 1 - μ keeps its digits where
  /// μ rounds to 1).
  public func naturalParameter<F: ResponseFamily>(_ eta: Double, family: F) -> Double {
    switch self {
    case .canonical: return eta
    case .logit where F.self == Bernoulli.self: return eta
    case .probit where F.self == Bernoulli.self:
      return Foundation.log(Normal.standard.cdf(eta)) - Foundation.log(Normal.standard.cdf(-eta))
    case .complementaryLogLog where F.self == Bernoulli.self:
      // log μ - log(1 - μ) with 1 - μ = exp(-e^η).
      let rate = Foundation.exp(eta)
      return Foundation.log(-expm1(-rate)) + rate
    default: return family.naturalParameter(ofMean: mean(eta, family: family))
    }
  }

  /// η = g(μ).
  public func linearPredictor<F: ResponseFamily>(_ mean: Double, family: F) -> Double {
    switch self {
    case .canonical: family.naturalParameter(ofMean: mean)
    case .identity: mean
    case .log: Foundation.log(mean)
    case .logit: Foundation.log(mean) - log1p(-mean)
    case .probit: Normal.standard.quantile(mean)
    case .complementaryLogLog: Foundation.log(-log1p(-mean))
    }
  }

  /// The link that is `family`'s canonical one written by name (logit for
  /// Bernoulli, log for Poisson, identity for Normal) becomes `.canonical`,
  /// whose fit is Newton's method itself.
  func normalised<F: ResponseFamily>(for family: F) -> Link {
    let probes = [-2.0, -0.3, 0.4, 1.7]
    guard self != .canonical,
      probes.allSatisfy({
        abs(mean($0, family: family) - family.meanOfNaturalParameter($0))
          <= 1e-15 * max(1, abs(family.meanOfNaturalParameter($0)))
      })
    else { return self }
    return .canonical
  }
}
