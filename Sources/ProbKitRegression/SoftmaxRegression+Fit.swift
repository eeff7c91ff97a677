import Foundation
import GSLBridge
import ProbKitCore
public import ProbKitInference

extension SoftmaxRegression {
  /// Fits the model by maximum likelihood or MAP.
  ///
  /// MLE minimises -Σₙ wₙ log p(yₙ | xₙ) with class 0 as the reference (its
  /// weights and intercept fixed at 0). MAP under `GaussianPrior` σ adds
  /// ½ Σₖ Σ_d W²ₖ_d/σ_d² (plus the intercepts' term if the prior has one); with
  /// more than two classes all K weight rows are penalised and the
  /// unpenalised intercepts are reported centred.
  ///
  /// ```
  /// MLE:  f(W, b) = -Σₙ wₙ log p(yₙ | xₙ)
  /// MAP:  f(W, b) = -Σₙ wₙ log p(yₙ | xₙ) + ½ Σₖ Σ_d W²ₖ_d / σ_d²  (+ ½ Σₖ b²ₖ / σ_b²)
  /// ```
  ///
  /// ```swift
  /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
  /// let y = [0, 0, 1, 0, 1, 1]  // overlapping classes: the MLE exists
  /// let mle = try SoftmaxRegression.fit(features: x, labels: y, estimator: .mle)
  /// mle.model.coefficients  // [[0.0], [1.2140…]]: class 0 is the reference
  /// mle.model.intercepts    // [0.0, -0.6070…]
  /// mle.logLikelihood       // -2.4779…
  /// let map = try SoftmaxRegression.fit(
  ///   features: x, labels: y, estimator: .map(GaussianPrior(standardDeviation: 1)))
  /// map.model.coefficients  // [[0.0], [0.7670…]]: shrunk towards 0
  /// map.logPrior            // -1.2131…
  ///
  /// try SoftmaxRegression.fit(features: [[0], [1], [2], [3]], labels: [0, 0, 1, 1])
  /// // throws FitError.separation(model: "SoftmaxRegression", complete: true)
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features (N ≥ 1, D ≥ 1).
  ///   - labels: N class labels in 0..<classCount.
  ///   - classCount: K ≥ 2; the largest label + 1 if omitted. Every class must
  ///     occur (with positive weight): an unseen class's intercept would go to
  ///     -∞.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - estimator: `.mle` or `.map(GaussianPrior)`.
  ///   - options: Optimiser and stopping rule.
  /// - Returns: The fitted model, its log-likelihood (and log-prior for MAP)
  ///   and the optimiser's report.
  /// - Throws: `FitError` for bad data (naming the first bad row, column or
  ///   label), `FitError/separation(model:complete:)` when the MLE does not
  ///   exist, `FitError/collinearFeatures(model:)` when it is not unique,
  ///   `FitError/didNotConverge(model:iterations:gradientNorm:)`.
  public static func fit(
    features: [[Double]], labels: [Int], classCount: Int? = nil, weights: [Double]? = nil,
    estimator: Estimator<GaussianPrior> = .mle, options: Options = Options()
  ) throws(FitError) -> Fit<SoftmaxRegression> {
    guard let first = features.first else { throw .emptyData(model: "SoftmaxRegression") }
    let design = try DesignMatrix(features, featureCount: first.count, model: "SoftmaxRegression")
    return try fit(
      design: design, labels: labels, classCount: classCount, weights: weights,
      estimator: estimator, options: options)
  }

  /// Fits the model to features already in one row-major matrix, using its
  /// storage without a copy; otherwise as the `[[Double]]` overload.
  ///
  /// ```swift
  /// let x = try FeatureMatrix(rows: 6, columns: 1, values: [-2, -1, 0, 1, 2, 3])
  /// let fit = try SoftmaxRegression.fit(features: x, labels: [0, 0, 1, 0, 1, 1])
  /// fit.model.coefficients[1]  // [1.2140…], as from [[-2], [-1], [0], [1], [2], [3]]
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features (N ≥ 1, D ≥ 1).
  ///   - labels: N class labels in 0..<classCount.
  ///   - classCount: K ≥ 2; the largest label + 1 if omitted.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - estimator: `.mle` or `.map(GaussianPrior)`.
  ///   - options: Optimiser and stopping rule.
  /// - Returns: The fitted model with its log-likelihood, log-prior and
  ///   optimiser's report.
  /// - Throws: `FitError`, as the `[[Double]]` overload.
  public static func fit(
    features: FeatureMatrix, labels: [Int], classCount: Int? = nil, weights: [Double]? = nil,
    estimator: Estimator<GaussianPrior> = .mle, options: Options = Options()
  ) throws(FitError) -> Fit<SoftmaxRegression> {
    try fit(
      design: DesignMatrix(features), labels: labels, classCount: classCount, weights: weights,
      estimator: estimator, options: options)
  }

  static func fit(
    design: DesignMatrix, labels: [Int], classCount: Int?, weights: [Double]?,
    estimator: Estimator<GaussianPrior>, options: Options
  ) throws(FitError) -> Fit<SoftmaxRegression> {
    let name = "SoftmaxRegression"
    let check = DataCheck(model: name)
    try options.validate(check)
    let k = try validatedClassCount(
      design: design, labels: labels, classCount: classCount, weights: weights)
    let d = design.featureCount
    var featurePrecisions = [Double](repeating: 0, count: d)
    var interceptPrecision = 0.0
    var reference = true
    if case .map(let prior) = estimator {
      featurePrecisions = try prior.precisions(featureCount: d)
      interceptPrecision = prior.interceptPrecision
      reference = k == 2
    }
    let sampleWeights = weights ?? Array(repeating: 1, count: labels.count)
    let standardization = Standardization(
      design, weights: sampleWeights, centre: interceptPrecision == 0)
    let objective = SoftmaxObjective(
      design: design, standardization: standardization, labels: labels,
      sampleWeights: sampleWeights,
      classCount: k, reference: reference,
      featurePrecisions: standardization.standardisedPrecisions(featurePrecisions),
      interceptPrecision: interceptPrecision)
    let start = try startingPoint(options.warmStart, objective, standardization)
    // Maximum-likelihood fits run to at least the default tolerance: the
    // separation checks read the fitted probabilities, which reach certainty
    // only when the iteration has followed the diverging weights far enough.
    let rule = StoppingRule(
      maximumIterations: options.maximumIterations,
      gradientTolerance: estimator.isMaximumLikelihood
        ? min(options.gradientTolerance, 1e-9) : options.gradientTolerance,
      objectiveTolerance: options.objectiveTolerance, progress: options.progress)
    let result: OptimizationResult
    switch options.optimizer {
    case .automatic:
      if objective.parameterCount <= 200 {
        result = minimizeNewton(objective, start: start, rule: rule)
      } else {
        var first = rule
        first.maximumIterations = min(rule.maximumIterations, 100)
        let quasiNewton = minimizeLBFGS(objective, start: start, rule: first)
        if quasiNewton.converged || rule.maximumIterations <= first.maximumIterations {
          result = quasiNewton
        } else {
          var rest = rule
          rest.maximumIterations = rule.maximumIterations - quasiNewton.iterations
          var newton = minimizeTrustRegionNewton(objective, start: quasiNewton.theta, rule: rest)
          newton.iterations += quasiNewton.iterations
          newton.functionEvaluations += quasiNewton.functionEvaluations
          newton.gradientEvaluations += quasiNewton.gradientEvaluations
          result = newton
        }
      }
    case .lbfgs: result = minimizeLBFGS(objective, start: start, rule: rule)
    case .newton: result = minimizeNewton(objective, start: start, rule: rule)
    case .trustRegionNewton:
      result = minimizeTrustRegionNewton(objective, start: start, rule: rule)
    case .gradientDescent(let stepSize, let decay):
      guard stepSize.isFinite, stepSize > 0 else {
        throw check.argument("stepSize", "finite and > 0", stepSize)
      }
      result = minimizeGradientDescent(
        objective, start: start, rule: rule, stepSize: stepSize, decay: decay)
    }
    if estimator.isMaximumLikelihood { try checkExistence(objective, result) }
    guard result.converged else {
      throw .didNotConverge(
        model: name, iterations: result.iterations, gradientNorm: result.gradientNorm)
    }
    let fitted = try fittedModel(result.theta, objective, standardization)
    let penalty = objective.penalty(result.theta)
    let logLikelihood = -(result.value - penalty)
    var logPrior: Double?
    if case .map(let prior) = estimator {
      logPrior = try prior.logDensity(of: fitted, reference: reference)
    }
    let report = OptimizationReport(
      iterations: result.iterations, functionEvaluations: result.functionEvaluations,
      gradientEvaluations: result.gradientEvaluations, gradientNorm: result.gradientNorm,
      converged: true)
    return Fit(
      model: fitted,
      method: estimator.isMaximumLikelihood ? .maximumLikelihood : .maximumAPosteriori,
      logLikelihood: logLikelihood, logPrior: logPrior,
      observationCount: objective.sampleWeights.reduce(0, +), optimization: report)
  }

  /// θ (in standardised coordinates) for a warm start, or zeros.
  static func startingPoint(
    _ warmStart: SoftmaxRegression?, _ objective: SoftmaxObjective,
    _ standardization: Standardization
  ) throws(FitError) -> [Double] {
    guard let warmStart else { return Array(repeating: 0, count: objective.parameterCount) }
    guard warmStart.classCount == objective.classCount,
      warmStart.featureCount == objective.featureCount
    else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "warmStart",
        requirement: "\(objective.classCount) classes and \(objective.featureCount) features",
        value: warmStart.description)
    }
    let (weights, intercepts) = standardization.standardised(
      weights: warmStart.flatWeights, intercepts: warmStart.intercepts,
      classCount: objective.classCount)
    return objective.layout.pack(weights: weights, intercepts: intercepts)
  }

  /// The model for θ; with all K classes free and unpenalised intercepts,
  /// the intercepts are centred (they are unique only up to a shift).
  static func fittedModel(
    _ theta: [Double], _ objective: SoftmaxObjective, _ standardization: Standardization
  ) throws(FitError) -> SoftmaxRegression {
    let (standardWeights, standardIntercepts) = objective.unpack(theta)
    let (weights, intercepts) = standardization.original(
      weights: standardWeights, intercepts: standardIntercepts, classCount: objective.classCount)
    var centred = intercepts
    if !objective.reference && objective.interceptPrecision == 0 {
      let mean = intercepts.reduce(0, +) / Double(intercepts.count)
      centred = intercepts.map { $0 - mean }
    }
    let d = objective.featureCount
    return try SoftmaxRegression(
      coefficients: (0..<objective.classCount).map { Array(weights[($0 * d)..<(($0 + 1) * d)]) },
      intercepts: centred)
  }
}

extension Estimator {
  var isMaximumLikelihood: Bool {
    if case .mle = self { return true }
    return false
  }
}

extension SoftmaxRegression {
  /// Checks the rows of a fit or a posterior (labels, weights, every class
  /// observed) and returns K: `classCount`, or the largest label + 1.
  ///
  /// - Throws: `FitError` naming the row or the unobserved class.
  static func validatedClassCount(
    design: DesignMatrix, labels: [Int], classCount: Int?, weights: [Double]?
  ) throws(FitError) -> Int {
    let name = "SoftmaxRegression"
    let check = DataCheck(model: name)
    guard design.rowCount > 0 else { throw .emptyData(model: name) }
    guard design.featureCount > 0 else { throw check.argument("features", "at least 1 column", 0) }
    guard labels.count == design.rowCount else {
      throw check.argument("labels", "one per row (\(design.rowCount))", labels.count)
    }
    try check.weights(weights, count: labels.count)
    // K is the class count or the largest label + 1, which is not computed
    // until K ≤ N is known (a label of Int.max must not overflow).
    if let classCount, classCount < 2 { throw check.argument("classCount", ">= 2", classCount) }
    let largest = classCount.map { $0 - 1 } ?? labels.max() ?? 0
    guard largest >= 1 else { throw check.argument("classCount", ">= 2", largest + 1) }
    let classes = largest < .max ? "0..<\(largest + 1)" : "0...\(largest)"
    for (n, label) in labels.enumerated() where label < 0 || label > largest {
      throw check.invalid(n, "a class in \(classes)", label)
    }
    // Every class must occur, so K ≤ N: checked before K-sized buffers exist.
    guard largest < labels.count else {
      let seen = Set(labels)
      let unseen = (0...labels.count).first { !seen.contains($0) } ?? 0
      throw check.argument(
        "labels", "every class in \(classes) observed", "class \(unseen) never occurs")
    }
    let k = largest + 1
    var totals = [Double](repeating: 0, count: k)
    for (n, label) in labels.enumerated() { totals[label] += weights?[n] ?? 1 }
    if let unseen = totals.firstIndex(where: { $0 == 0 }) {
      throw check.argument(
        "labels", "every class in 0..<\(k) observed", "class \(unseen) never occurs")
    }
    return k
  }
}
