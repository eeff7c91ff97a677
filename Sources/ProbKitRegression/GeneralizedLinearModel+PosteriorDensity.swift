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
  /// The dispersion φ is sampled too: always for the normal (φ = σ²ᵧ) and
  /// the gamma (φ = 1/shape), and for the negative binomial (φ = α = 1/r,
  /// log link) when `dispersionPrior` is given; otherwise the negative
  /// binomial's r is the family's. Without a `dispersionPrior`, √φ ~
  /// half-Cauchy(s) with s the response's weighted standard deviation for
  /// the normal (1 if it is 0) and s = 1 for the gamma.
  ///
  /// - Parameters: As the `fit(features:response:…)` of the same features,
  ///   with `prior`, `scaleHyperprior` and `dispersionPrior` in place of the
  ///   estimator.
  /// - Returns: The log density, reporting `beta[j]`, `intercept`, `sigma`,
  ///   `dispersion`.
  /// - Throws: `FitError` as the fit for bad data; `.invalidArgument` for a
  ///   `dispersionPrior` on a family without a dispersion (Bernoulli,
  ///   Poisson) or on the negative binomial with a link other than log, for
  ///   a response the features fit exactly (a normal or gamma fit with
  ///   deviance 0 to rounding: φ's posterior is improper), or for an unpenalised intercept when every response is at
  ///   the edge of the family's support (all-zero counts, one class only):
  ///   that posterior is improper too; `.overflow` for a normal response
  ///   beyond 10⁷⁵ in size.
  public static func posteriorDensity(
    features: [[Double]], response: [Double], family: Family = .standardFamily,
    trials: [Double]? = nil, weights: [Double]? = nil, offsets: [Double]? = nil,
    intercept: Bool = true, link: Link = .canonical, prior: GaussianPrior,
    scaleHyperprior: ScaleHyperprior? = nil, dispersionPrior: DispersionPrior? = nil
  ) throws(FitError) -> GeneralizedLinearPosteriorDensity<Family> {
    guard let first = features.first else { throw .emptyData(model: "GeneralizedLinearModel") }
    return try posteriorDensity(
      design: DesignMatrix(features, featureCount: first.count, model: "GeneralizedLinearModel"),
      response: response, family: family, trials: trials, weights: weights, offsets: offsets,
      intercept: intercept, link: link, prior: prior, scaleHyperprior: scaleHyperprior,
      dispersionPrior: dispersionPrior)
  }

  /// The posterior density for features already in one row-major matrix,
  /// used without a copy; otherwise as the `[[Double]]` overload.
  public static func posteriorDensity(
    features: FeatureMatrix, response: [Double], family: Family = .standardFamily,
    trials: [Double]? = nil, weights: [Double]? = nil, offsets: [Double]? = nil,
    intercept: Bool = true, link: Link = .canonical, prior: GaussianPrior,
    scaleHyperprior: ScaleHyperprior? = nil, dispersionPrior: DispersionPrior? = nil
  ) throws(FitError) -> GeneralizedLinearPosteriorDensity<Family> {
    try posteriorDensity(
      design: DesignMatrix(features), response: response, family: family, trials: trials,
      weights: weights, offsets: offsets, intercept: intercept, link: link, prior: prior,
      scaleHyperprior: scaleHyperprior, dispersionPrior: dispersionPrior)
  }

  static func posteriorDensity(
    design: DesignMatrix, response: [Double], family: Family, trials: [Double]?,
    weights: [Double]?, offsets: [Double]?, intercept: Bool, link: Link, prior: GaussianPrior,
    scaleHyperprior: ScaleHyperprior?, dispersionPrior: DispersionPrior?
  ) throws(FitError) -> GeneralizedLinearPosteriorDensity<Family> {
    let check = DataCheck(model: "GeneralizedLinearModel")
    // Gamma responses far from 1 under the log link: scaled by a power of
    // two, absorbed by the offsets (the posterior of β, b and φ is the same).
    let (response, offsets) =
      family is Gamma
      ? GeneralizedLinearModel<Gamma>.centred(response, weights, offsets, link)
      : (response, offsets)
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
    let dispersion = try sampledDispersion(
      design: design, rows: rows, family: family, intercept: intercept, link: link,
      prior: dispersionPrior)
    var problem = GLMProblem<Family>(
      family: family, design: design, response: rows.response, weights: rows.weights,
      offsets: rows.offsets, intercept: intercept, link: link,
      featurePrecisions: [Double](repeating: 0, count: design.featureCount),
      interceptPrecision: intercept ? interceptPrecision : nil)
    problem.keepStandardisedRows()
    let precisions = try prior.precisions(featureCount: design.featureCount)
    guard let dispersion else {
      return GeneralizedLinearPosteriorDensity(
        problem: problem, featurePrecisions: precisions, hyperprior: scaleHyperprior,
        dispersion: nil)
    }
    let coordinates = samplingCoordinates(
      problem: problem, rows: rows, hyperprior: scaleHyperprior, dispersion: dispersion.terms)
    return GeneralizedLinearPosteriorDensity(
      problem: problem, featurePrecisions: precisions, hyperprior: scaleHyperprior,
      dispersion: dispersion, origin: coordinates.origin, unit: coordinates.unit)
  }

  /// Where the sampler's coordinates t start with a sampled dispersion.
  ///
  /// own = origin + unit·t: the intercept at g(ȳ) less the mean offset,
  /// log √φ at its moment estimate (the normal's s_y, the gamma's s_y/ȳ,
  /// the negative binomial's √((s_y² − ȳ)/ȳ²) when positive), and for the
  /// normal with the identity link the coefficients and the intercept in
  /// units of s_y (non-centred coefficients excepted: they are N(0, 1)).
  /// Without them a response in units far from 1 (10⁻⁶ ± 10⁻⁸) starts
  /// the chains in a funnel they do not leave.
  private static func samplingCoordinates(
    problem: GLMProblem<Family>, rows: GLMRows, hyperprior: ScaleHyperprior?,
    dispersion: SampledDispersion.Terms
  ) -> (origin: [Double], unit: [Double]) {
    let d = problem.featureCount
    let p = problem.width
    let dimension = p + (hyperprior == nil ? 0 : 1) + 1
    var origin = [Double](repeating: 0, count: dimension)
    var unit = [Double](repeating: 1, count: dimension)
    let total = rows.weights.reduce(0, +)
    func average(_ values: [Double]) -> Double {
      zip(rows.weights, values).reduce(0) { $0 + $1.0 * $1.1 } / total
    }
    let mean = average(rows.response)
    let spread = average(rows.response.map { ($0 - mean) * ($0 - mean) }).squareRoot()
    if problem.intercept {
      origin[d] = problem.startingLinearPredictor(mean) - average(rows.offsets)
    }
    let logRoot: Double
    switch dispersion {
    case .normal:
      logRoot = log(spread)
      if problem.link == .canonical, spread > 0, spread.isFinite {
        if hyperprior?.parameterisation != .nonCentred {
          for j in 0..<d { unit[j] = spread }
        }
        if problem.intercept { unit[d] = spread }
      }
    case .gamma: logRoot = min(max(log(spread / mean), -10), 10)
    case .negativeBinomial:
      logRoot = min(max(log((spread * spread - mean) / (mean * mean)) / 2, -10), 10)
    }
    if logRoot.isFinite { origin[dimension - 1] = logRoot }
    guard origin.allSatisfy(\.isFinite) else {
      return ([Double](repeating: 0, count: dimension), unit)
    }
    return (origin, unit)
  }

  /// The sampled dispersion of `family`'s posterior: always for a family
  /// with a dispersion, for the negative binomial when `prior` is given.
  private static func sampledDispersion(
    design: DesignMatrix, rows: GLMRows, family: Family, intercept: Bool, link: Link,
    prior: DispersionPrior?
  ) throws(FitError) -> SampledDispersion? {
    let check = DataCheck(model: "GeneralizedLinearModel")
    let sampled = family.hasDispersion || (family is NegativeBinomial && prior != nil)
    guard sampled else {
      guard prior == nil else {
        throw check.argument(
          "dispersionPrior", "a family with a dispersion (Normal, Gamma, NegativeBinomial)",
          "\(Family.self)")
      }
      return nil
    }
    guard
      let terms = SampledDispersion.terms(family, response: rows.response, weights: rows.weights)
    else {
      throw check.argument(
        "family", "one whose dispersion can be sampled (Normal, Gamma, NegativeBinomial)",
        "\(Family.self)")
    }
    if case .normal = terms,
      let largest = rows.response.lazy.map(\.magnitude).max(), largest > 1e75
    {
      // φ = σ² would reach 1e150, where the summaries' squares of its
      // draws overflow (and (y − μ)² itself beyond 1e154).
      throw .overflow(
        model: "GeneralizedLinearModel",
        quantity: "σ² for responses up to \(largest), beyond 1e75 (rescale the response)")
    }
    if case .negativeBinomial = terms, link != .log {
      throw check.argument(
        "link", "log for the negative binomial with a sampled dispersion", "\(link)")
    }
    if family.hasDispersion {
      // An exact fit leaves φ's posterior improper (its density grows
      // without bound as φ → 0); exact to rounding, φ is noise. The
      // deviance's size at rounding: (10⁻¹² y)² per normal row, (10⁻¹²)² per
      // gamma row (its deviance is free of the response's units).
      let fitted = try? fit(
        design: design, response: rows.response, family: family, trials: nil,
        weights: rows.weights, offsets: rows.offsets, intercept: intercept, link: link,
        estimator: .mle, maximumIterations: 100, warmStart: nil, progress: nil)
      let rounding =
        1e-24
        * zip(rows.weights, rows.response).reduce(0) {
          $0 + $1.0 * (terms.isNormal ? $1.1 * $1.1 : 1)
        }
      if let fitted, fitted.deviance <= rounding {
        throw check.argument(
          "response",
          "one the features do not fit exactly (the dispersion's posterior is "
            + "improper at deviance 0)", "deviance \(fitted.deviance)")
      }
    }
    let scale: Double
    if let prior {
      return SampledDispersion(terms: terms, prior: prior, weights: rows.weights)
    } else if case .normal = terms {
      let total = rows.weights.reduce(0, +)
      let mean = zip(rows.weights, rows.response).reduce(0) { $0 + $1.0 * $1.1 } / total
      let spread =
        (zip(rows.weights, rows.response).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
        / total).squareRoot()
      scale = spread > 0 && spread.isFinite ? min(max(spread, 1e-150), 1e150) : 1
    } else {
      scale = 1
    }
    return SampledDispersion(
      terms: terms, prior: try DispersionPrior.halfCauchy(scale: scale), weights: rows.weights)
  }
}
