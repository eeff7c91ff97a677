import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference

extension GeneralizedLinearModel {
  /// The posterior of the coefficients (and the intercept) under `prior`,
  /// and of the prior's scale σ under `scaleHyperprior` when given, for
  /// `HMCSampler`: see ``GeneralizedLinearPosteriorDensity``.
  ///
  /// ```swift
  /// let density = try GeneralizedLinearModel<Bernoulli>.posteriorDensity(
  ///   features: [[0.5], [1.5], [2.5], [3.5]], response: [0, 1, 0, 1],
  ///   prior: GaussianPrior(standardDeviation: 2.5))
  /// let posterior = try await HMCSampler().sample(density, seed: 7)
  /// ```
  ///
  /// With a hyperprior the prior's feature standard deviations become
  /// relative scales: βⱼ ~ N(0, (σcⱼ)²).
  ///
  /// - Parameters: As the `fit(features:response:…)` of the same features,
  ///   with `prior` and `scaleHyperprior` in place of the estimator.
  /// - Returns: The log density, reporting `beta[j]`, `intercept`, `sigma`.
  /// - Throws: `FitError` as the fit for bad data; `.invalidArgument` for a
  ///   family with a dispersion (the normal's exact posterior is
  ///   ``posterior(features:response:weights:intercept:prior:)``), or an
  ///   unpenalised intercept when every response is at the edge of the
  ///   family's support (all-zero counts, one class only): that posterior is
  ///   improper.
  public static func posteriorDensity(
    features: [[Double]], response: [Double], family: Family = .standardFamily,
    trials: [Double]? = nil, weights: [Double]? = nil, offsets: [Double]? = nil,
    intercept: Bool = true, link: Link = .canonical, prior: GaussianPrior,
    scaleHyperprior: ScaleHyperprior? = nil
  ) throws(FitError) -> GeneralizedLinearPosteriorDensity<Family> {
    guard let first = features.first else { throw .emptyData(model: "GeneralizedLinearModel") }
    return try posteriorDensity(
      design: DesignMatrix(features, featureCount: first.count, model: "GeneralizedLinearModel"),
      response: response, family: family, trials: trials, weights: weights, offsets: offsets,
      intercept: intercept, link: link, prior: prior, scaleHyperprior: scaleHyperprior)
  }

  /// The posterior density for features already in one row-major matrix,
  /// used without a copy; otherwise as the `[[Double]]` overload.
  public static func posteriorDensity(
    features: FeatureMatrix, response: [Double], family: Family = .standardFamily,
    trials: [Double]? = nil, weights: [Double]? = nil, offsets: [Double]? = nil,
    intercept: Bool = true, link: Link = .canonical, prior: GaussianPrior,
    scaleHyperprior: ScaleHyperprior? = nil
  ) throws(FitError) -> GeneralizedLinearPosteriorDensity<Family> {
    try posteriorDensity(
      design: DesignMatrix(features), response: response, family: family, trials: trials,
      weights: weights, offsets: offsets, intercept: intercept, link: link, prior: prior,
      scaleHyperprior: scaleHyperprior)
  }

  static func posteriorDensity(
    design: DesignMatrix, response: [Double], family: Family, trials: [Double]?,
    weights: [Double]?, offsets: [Double]?, intercept: Bool, link: Link, prior: GaussianPrior,
    scaleHyperprior: ScaleHyperprior?
  ) throws(FitError) -> GeneralizedLinearPosteriorDensity<Family> {
    let check = DataCheck(model: "GeneralizedLinearModel")
    guard !family.hasDispersion else {
      throw check.argument(
        "family", "one without a dispersion (Bernoulli, Poisson, NegativeBinomial)",
        "\(Family.self)")
    }
    let rows = try validatedRows(
      design: design, response: response, family: family, trials: trials, weights: weights,
      offsets: offsets)
    let link = link.normalised(for: family)
    let interceptPrecision = prior.interceptPrecision
    if intercept && interceptPrecision == 0 {
      let total = rows.weights.reduce(0, +)
      let mean = zip(rows.weights, rows.response).reduce(0) { $0 + $1.0 * $1.1 } / total
      guard link.linearPredictor(mean, family: family).isFinite else {
        throw check.argument(
          "prior",
          "an interceptStandardDeviation when every response is at the edge of the support "
            + "(with a flat intercept the posterior is improper)",
          "every response at the edge of the \(Family.self) support")
      }
    }
    let problem = GLMProblem<Family>(
      family: family, design: design, response: rows.response, weights: rows.weights,
      offsets: rows.offsets, intercept: intercept, link: link,
      featurePrecisions: [Double](repeating: 0, count: design.featureCount),
      interceptPrecision: intercept ? interceptPrecision : nil)
    return GeneralizedLinearPosteriorDensity(
      problem: problem, featurePrecisions: try prior.precisions(featureCount: design.featureCount),
      hyperprior: scaleHyperprior)
  }
}
