import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference

/// A generalized linear model: y | x ~ F with mean μ = g⁻¹(η), η = βᵀx + b
/// (+ an offset), for a response family F and a link g.
///
/// ```
/// 1. y | x ~ ExpFam(θ)    2. predict μ = E[y | x] = A′(θ)    3. θ = βᵀx + b (canonical link)
/// ```
///
/// Internal while the engine grows (issue 13): Bernoulli (and binomial),
/// Poisson, Normal, Gamma and negative binomial (r fixed) responses, fitted by Fisher scoring (Newton's method for the canonical
/// link) by maximum likelihood or MAP under a ``GaussianPrior``.
struct GeneralizedLinearModel<Family: ResponseFamily>: Sendable, Equatable {
  /// The response family with its fixed parameters (the negative
  /// binomial's r).
  let family: Family
  /// β, one weight per feature.
  let coefficients: [Double]
  /// b, or 0 for a model without an intercept.
  let intercept: Double
  /// Whether the model has an intercept.
  let hasIntercept: Bool
  /// The link g.
  let link: Link
  /// φ (1 for families without a dispersion).
  let dispersion: Double

  /// η = βᵀx + b + offset.
  func linearPredictor(_ x: [Double], offset: Double = 0) -> Double {
    var eta = intercept + offset
    for (beta, value) in zip(coefficients, x) { eta += beta * value }
    return eta
  }

  /// μ = g⁻¹(η), the predicted mean E[y | x].
  func mean(_ x: [Double], offset: Double = 0) -> Double {
    link.mean(linearPredictor(x, offset: offset), family: family)
  }

  /// The distribution of y at x: the family's member with mean μ(x) and
  /// dispersion φ (Poisson(μ), Bernoulli(μ), Normal(μ, √φ), Gamma(1/φ, 1/(φμ)),
  /// NB(r, r/(r + μ))).
  ///
  /// - Throws: `FitError` when μ(x) is outside the family's parameter space
  ///   (a mean that overflows, an identity-link Poisson mean below 0).
  func predictiveDistribution(_ x: [Double], offset: Double = 0) throws(FitError) -> Family {
    do {
      return try family.distribution(mean: mean(x, offset: offset), dispersion: dispersion)
    } catch {
      throw .invalidParameter(error)
    }
  }
}

/// Residuals of a fitted model on rows (x, y): response y - μ, Pearson
/// (y - μ)/√V(μ), and deviance sign(y - μ)√d(y, μ); Σ Pearson² is Pearson's
/// χ² and Σ deviance² the deviance (unweighted rows).
struct GLMResiduals: Sendable, Equatable {
  let response: [Double]
  let pearson: [Double]
  let deviance: [Double]
}

extension GeneralizedLinearModel {
  /// The residuals of `response` at `features` (and `offsets`).
  func residuals(features: [[Double]], response: [Double], offsets: [Double]? = nil)
    -> GLMResiduals
  {
    var raw: [Double] = []
    var pearson: [Double] = []
    var deviance: [Double] = []
    for (i, x) in features.enumerated() {
      let eta = linearPredictor(x, offset: offsets?[i] ?? 0)
      let theta = link.naturalParameter(eta, family: family)
      let mu = family.meanOfNaturalParameter(theta)
      let y = response[i]
      raw.append(y - mu)
      pearson.append((y - mu) / family.varianceOfNaturalParameter(theta).squareRoot())
      let unit = max(0, family.unitDeviance(y, naturalParameter: theta))
      deviance.append((y >= mu ? 1 : -1) * unit.squareRoot())
    }
    return GLMResiduals(response: raw, pearson: pearson, deviance: deviance)
  }
}

/// A fitted generalized linear model with what statsmodels' `GLMResults`
/// reports.
struct GeneralizedLinearFit<Family: ResponseFamily>: Sendable {
  let model: GeneralizedLinearModel<Family>
  /// Standard errors of ``GeneralizedLinearModel/coefficients`` (and of the
  /// intercept, last, when there is one): √diag(φ I⁻¹), I the Fisher
  /// information at the estimate (with the prior's precision for MAP).
  let standardErrors: [Double]
  /// Σ wᵢ d(yᵢ, μᵢ).
  let deviance: Double
  /// The deviance of the intercept-only model (with the offset), or of
  /// μ = g⁻¹(offset) without an intercept.
  let nullDeviance: Double
  /// Σ wᵢ (yᵢ - μᵢ)² / V(μᵢ).
  let pearsonChiSquare: Double
  /// log L at the estimate; for a dispersion family, at the φ of
  /// ``ResponseFamily/likelihoodDispersion(deviance:pearsonChiSquare:observations:parameters:)``
  /// (as statsmodels' `llf`).
  let logLikelihood: Double
  /// Σ wᵢ, the observation count.
  let observationCount: Double
  /// Fisher-scoring iterations.
  let iterations: Int

  /// The number of estimated coefficients, intercept included.
  var parameterCount: Int { model.coefficients.count + (model.hasIntercept ? 1 : 0) }
  /// -2 log L + 2p.
  var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
  /// -2 log L + p log n.
  var bic: Double { -2 * logLikelihood + Double(parameterCount) * log(observationCount) }
  /// βⱼ / SEⱼ.
  var zStatistics: [Double] {
    let estimates = model.coefficients + (model.hasIntercept ? [model.intercept] : [])
    return zip(estimates, standardErrors).map { $0 / $1 }
  }
  /// Two-sided p-values of the z statistics, 2Φ(-|z|).
  var pValues: [Double] { zStatistics.map { 2 * Normal.standard.cdf(-abs($0)) } }

  /// Wald intervals β ± z₍₁₊ₗ₎/₂ SE at `level` (0.95: ± 1.96 SE), in the order
  /// of ``standardErrors``.
  func confidenceIntervals(level: Double = 0.95) -> [ClosedRange<Double>] {
    let z = Normal.standard.quantile((1 + level) / 2)
    let estimates = model.coefficients + (model.hasIntercept ? [model.intercept] : [])
    return zip(estimates, standardErrors).map { ($0 - z * $1)...($0 + z * $1) }
  }
}
