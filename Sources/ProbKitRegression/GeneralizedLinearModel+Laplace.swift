import Foundation
public import ProbKitCore
public import ProbKitDistributions
public import ProbKitInference

/// The Laplace approximation to a generalized linear model's posterior.
///
/// Under a ``GaussianPrior``: N(β̂, H⁻¹) at the MAP estimate, with
///
/// ```
/// log p(y | X) ≈ log L(β̂) + log p(β̂) + (P/2) log 2π - ½ log det H
/// ```
///
/// (H the Fisher information plus the prior's precision: the Hessian of the
/// negative log posterior for a canonical link; an unpenalised intercept's
/// flat prior is taken as density 1, as in ``SoftmaxRegression/LaplacePosterior``).
///
/// ```swift
/// let laplace = try GeneralizedLinearModel<Poisson>.laplace(
///   features: [[0], [1], [2], [3], [4], [5]], response: [1, 3, 2, 6, 8, 12],
///   prior: GaussianPrior(standardDeviation: 1))
/// laplace.parameters.variance  // the coefficient's, then the intercept's
/// laplace.logEvidence          // compare priors by it
/// ```
public struct GeneralizedLinearLaplace<Family: ResponseFamily>: Sendable {
  /// The MAP fit the approximation is centred on.
  public let fit: GeneralizedLinearFit<Family>
  /// The prior.
  public let prior: GaussianPrior
  /// N(β̂, H⁻¹) over the coefficients and then the intercept.
  public let parameters: MultivariateNormal
  /// The Laplace log evidence.
  public let logEvidence: Double

  /// E[μ(x)] under the approximate posterior, averaged over `draws` seeded
  /// draws of β: less extreme than the plug-in mean where β is uncertain.
  ///
  /// - Throws: `FitError` for `draws` < 1 or x of the wrong length.
  public func predictiveMean(
    _ x: [Double], offset: Double = 0, draws: Int = 1_000, using source: RandomSource
  ) throws(FitError) -> Double {
    let model = fit.model
    guard draws >= 1 else {
      throw .invalidArgument(
        model: "GeneralizedLinearModel", argument: "draws", requirement: ">= 1",
        value: "\(draws)")
    }
    guard x.count == model.coefficients.count, x.allSatisfy(\.isFinite) else {
      throw .invalidArgument(
        model: "GeneralizedLinearModel", argument: "x",
        requirement: "\(model.coefficients.count) finite features", value: "\(x)")
    }
    var sum = 0.0
    for _ in 0..<draws {
      let beta = parameters.sample(using: source)
      var eta = offset + (model.hasIntercept ? beta[x.count] : 0)
      for (j, value) in x.enumerated() { eta += beta[j] * value }
      sum += model.link.mean(eta, family: model.family)
    }
    return sum / Double(draws)
  }
}

extension GeneralizedLinearModel {
  /// Fits by MAP under `prior` and returns the Laplace approximation there
  /// (see ``GeneralizedLinearLaplace``).
  ///
  /// - Throws: `FitError` as `fit(features:response:…)`,
  ///   or `.invalidArgument` for a family with a dispersion (the normal's
  ///   exact posterior is ``posterior(features:response:weights:intercept:prior:)``).
  public static func laplace(
    features: [[Double]], response: [Double], family: Family = .standardFamily,
    trials: [Double]? = nil, weights: [Double]? = nil, offsets: [Double]? = nil,
    intercept: Bool = true, link: Link = .canonical, prior: GaussianPrior
  ) throws(FitError) -> GeneralizedLinearLaplace<Family> {
    guard !family.hasDispersion else {
      throw .invalidArgument(
        model: "GeneralizedLinearModel", argument: "family",
        requirement: "one without a dispersion (Bernoulli, Poisson, NegativeBinomial)",
        value: "\(Family.self)")
    }
    let fit = try fit(
      features: features, response: response, family: family, trials: trials,
      weights: weights, offsets: offsets, intercept: intercept, link: link,
      estimator: .map(prior))
    let model = fit.model
    let p = model.parameterCount
    let inverse = fit.inverseInformation
    let covariance = (0..<p).map { Array(inverse.values[($0 * p)..<(($0 + 1) * p)]) }
    let parameters: MultivariateNormal
    do {
      parameters = try MultivariateNormal(
        mean: model.coefficients + (model.hasIntercept ? [model.intercept] : []),
        covariance: covariance)
    } catch {
      throw .invalidParameter(error)
    }
    let logPrior = try prior.logDensity(
      rows: [model.coefficients], intercepts: model.hasIntercept ? [model.intercept] : [])
    // -½ log det H = ½ log det H⁻¹.
    let logEvidence =
      fit.logLikelihood + logPrior + Double(p) / 2 * log(2 * Double.pi)
      + parameters.logDeterminant / 2
    return GeneralizedLinearLaplace(
      fit: fit, prior: prior, parameters: parameters, logEvidence: logEvidence)
  }
}
