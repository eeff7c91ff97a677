import Foundation
import GSLBridge
import ProbKitCore
import ProbKitDistributions
public import ProbKitInference

extension GeneralizedLinearModel {
  /// Fits the model by maximum likelihood or MAP (Fisher scoring).
  ///
  /// ```
  /// minimise f(β) = ½ Σᵢ wᵢ d(yᵢ, μᵢ) + ½ Σⱼ βⱼ²/σⱼ²,   μᵢ = g⁻¹(βᵀxᵢ + b + oᵢ)
  /// ```
  ///
  /// (½ d is -log L up to a term free of β at φ = 1; the sum over σ only for
  /// `.map`, intercept unpenalised unless the prior says otherwise.) Steps
  /// are Fisher-scoring (Newton for the canonical link) on standardised
  /// features, with step halving, to the rounding floor; then φ, standard
  /// errors and deviances, in the raw features' coordinates.
  ///
  /// ```swift
  /// let x: [[Double]] = [[0], [1], [2], [3], [4], [5]]
  /// let fit = try GeneralizedLinearModel<Poisson>.fit(
  ///   features: x, response: [1, 3, 2, 6, 8, 12], offsets: Array(repeating: log(2), count: 6))
  /// fit.model.intercept  // -0.3940…: log(rate at x = 0) - log 2, per unit of exposure
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features.
  ///   - response: N responses in the family's support; with `trials`, the
  ///     successes out of each row's trials (a binomial response).
  ///   - family: The family value (its fixed parameters: the negative
  ///     binomial's r); the type's standard member by default.
  ///   - trials: Binomial trials per row (Bernoulli family only), whole
  ///     numbers ≥ 1.
  ///   - weights: Frequency weights, finite and ≥ 0.
  ///   - offsets: Per-row offsets added to η (log exposure for counts).
  ///   - intercept: Whether to fit an intercept.
  ///   - link: The link; `.canonical` by default.
  ///   - estimator: `.mle`, or `.map(GaussianPrior)`.
  ///   - maximumIterations: The iteration limit (≥ 0).
  ///   - warmStart: A model to start from (same features and intercept
  ///     setting), instead of g(ȳ).
  ///   - progress: Called once per iteration with the objective and the
  ///     gradient's norm (in the standardised coordinates).
  /// - Returns: The fitted model and its statistics.
  /// - Throws: `FitError` for bad data (naming the row), `.separation` or
  ///   `.estimateOutsideParameterSpace` when the MLE does not exist,
  ///   `.collinearFeatures`, `.overflow` for data beyond `Double`
  ///   arithmetic, `.didNotConverge`.
  public static func fit(
    features: [[Double]], response: [Double], family: Family = .standardFamily,
    trials: [Double]? = nil, weights: [Double]? = nil,
    offsets: [Double]? = nil, intercept: Bool = true, link: Link = .canonical,
    estimator: Estimator<GaussianPrior> = .mle, maximumIterations: Int = 100,
    warmStart: GeneralizedLinearModel? = nil,
    progress: (@Sendable (FitProgress) -> Void)? = nil
  ) throws(FitError) -> GeneralizedLinearFit<Family> {
    guard let first = features.first else { throw .emptyData(model: "GeneralizedLinearModel") }
    return try fit(
      design: DesignMatrix(features, featureCount: first.count, model: "GeneralizedLinearModel"),
      response: response, family: family, trials: trials, weights: weights, offsets: offsets,
      intercept: intercept, link: link, estimator: estimator,
      maximumIterations: maximumIterations, warmStart: warmStart, progress: progress)
  }

  /// Fits the model to features already in one row-major matrix, using its
  /// storage without a copy; otherwise as the `[[Double]]` overload.
  ///
  /// ```swift
  /// let x = try FeatureMatrix(rows: 6, columns: 1, values: [0, 1, 2, 3, 4, 5])
  /// let fit = try GeneralizedLinearModel<Poisson>.fit(features: x, response: [1, 3, 2, 6, 8, 12])
  /// fit.model.coefficients  // [0.4421…], as from [[0], [1], …, [5]]
  /// ```
  public static func fit(
    features: FeatureMatrix, response: [Double], family: Family = .standardFamily,
    trials: [Double]? = nil, weights: [Double]? = nil,
    offsets: [Double]? = nil, intercept: Bool = true, link: Link = .canonical,
    estimator: Estimator<GaussianPrior> = .mle, maximumIterations: Int = 100,
    warmStart: GeneralizedLinearModel? = nil,
    progress: (@Sendable (FitProgress) -> Void)? = nil
  ) throws(FitError) -> GeneralizedLinearFit<Family> {
    try fit(
      design: DesignMatrix(features), response: response, family: family, trials: trials,
      weights: weights, offsets: offsets, intercept: intercept, link: link,
      estimator: estimator, maximumIterations: maximumIterations, warmStart: warmStart,
      progress: progress)
  }

  static func fit(
    design: DesignMatrix, response: [Double], family: Family, trials: [Double]?,
    weights: [Double]?, offsets: [Double]?, intercept: Bool, link: Link,
    estimator: Estimator<GaussianPrior>, maximumIterations: Int,
    warmStart: GeneralizedLinearModel?,
    progress: (@Sendable (FitProgress) -> Void)?
  ) throws(FitError) -> GeneralizedLinearFit<Family> {
    let name = "GeneralizedLinearModel"
    let check = DataCheck(model: name)
    guard maximumIterations >= 0 else {
      throw check.argument("maximumIterations", ">= 0", maximumIterations)
    }
    let rows = try validatedRows(
      design: design, response: response, family: family, trials: trials, weights: weights,
      offsets: offsets)
    let d = design.featureCount
    let (counts, proportions, w, o) = (rows.frequencies, rows.response, rows.weights, rows.offsets)
    let logCombinations = rows.logCombinations
    let link = link.normalised(for: family)
    var precisions = [Double](repeating: 0, count: d)
    var interceptPrecision = 0.0
    if case .map(let prior) = estimator {
      precisions = try prior.precisions(featureCount: d)
      interceptPrecision = prior.interceptPrecision
    }
    let width = d + (intercept ? 1 : 0)
    // From 100,000 rows (without a warm start) the fit starts from the
    // estimate on a subsample, whose column moments also standardise the
    // whole problem when every column's are regular there (none constant,
    // none over- or underflowing): the subsample's are within a few per cent
    // of the full data's, and no pass over X is needed for them.
    let problemInterceptPrecision = intercept ? interceptPrecision : nil
    var subsample =
      warmStart == nil && maximumIterations > 0
      ? Subsample(
        design: design, weights: w,
        centre: GLMProblem<Family>.centred(intercept, problemInterceptPrecision)) : nil
    let problem = GLMProblem<Family>(
      family: family, design: design, response: proportions, weights: w, offsets: o,
      intercept: intercept,
      link: link, featurePrecisions: precisions,
      interceptPrecision: problemInterceptPrecision,
      standardization: subsample.flatMap {
        $0.standardization.isRegular ? $0.standardization : nil
      })
    // Start: every coefficient 0, the intercept at g(ȳ) (pulled inside the
    // support of the link).
    var beta = [Double](repeating: 0, count: width)
    if let warmStart {
      guard warmStart.coefficients.count == d, warmStart.hasIntercept == intercept else {
        throw check.argument(
          "warmStart", "\(d) coefficients and the same intercept setting",
          "\(warmStart.coefficients.count) coefficients")
      }
      beta = problem.standardised(warmStart.coefficients, intercept: warmStart.intercept)
    } else if intercept {
      let total = w.reduce(0, +)
      let mean = zip(w, proportions).reduce(0) { $0 + $1.0 * $1.1 } / total
      let offsetMean = zip(w, o).reduce(0) { $0 + $1.0 * $1.1 } / total
      beta[d] = problem.startingLinearPredictor(mean) - offsetMean
    }
    if family.hasDispersion {
      guard counts.reduce(0, +) > Double(width) else {
        let observations = counts.reduce(0, +)
        throw check.argument(
          "the coefficient count (\(width), with the intercept)",
          "below the observation count to estimate the dispersion",
          observations == observations.rounded() && observations < 1e15
            ? "\(Int(observations)) observations" : "\(observations) observations")
      }
    }
    if let drawn = subsample,
      let start = problem.subsampleStart(
        from: beta, subsample: drawn, maximumIterations: min(25, maximumIterations))
    {
      beta = start
    }
    subsample = nil  // its rows are not needed past the start
    let result = minimizeFisherScoring(
      problem, start: beta, maximumIterations: maximumIterations, progress: progress)
    let state = result.state
    func notConverged() -> FitError {
      .didNotConverge(
        model: name, iterations: result.iterations,
        gradientNorm: state.gradient.reduce(0) { max($0, abs($1)) })
    }
    switch result.outcome {
    case .converged: break
    case .singularInformation:
      // X̃ must have full column rank for the estimate to be unique; with
      // it, a singular information is an estimate at infinity.
      guard estimator.isMaximumLikelihood, problem.referenceCurvature().choleskyFactor() != nil
      else { throw .collinearFeatures(model: name) }
      throw problem.nonExistence(state, iterations: result.iterations)
    case .iterationLimit:
      if estimator.isMaximumLikelihood {
        throw problem.nonExistence(state, iterations: result.iterations)
      }
      throw notConverged()
    case .noDescent(let overflowed):
      guard overflowed else { throw notConverged() }
      throw .overflow(
        model: name,
        quantity: "the deviance along every Newton step tried (the response is far from the "
          + "starting point's means: fit an intercept, or rescale the response)")
    case .overflow(let quantity):
      throw .overflow(
        model: name,
        quantity: result.iterations == 0 && !state.value.isFinite
          ? "the deviance at the starting point (rescale the response)"
          : "\(quantity) (rescale the response or the features)")
    }
    if estimator.isMaximumLikelihood { try problem.checkExistence(state) }
    return try problem.summary(
      result.theta, state, iterations: result.iterations, observationCount: counts.reduce(0, +),
      logCombinations: logCombinations)
  }
}
