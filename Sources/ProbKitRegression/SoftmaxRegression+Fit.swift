import Foundation
import GSLBridge
import ProbKitCore
public import ProbKitInference

extension SoftmaxRegression {
  /// How the objective is minimised.
  ///
  /// Every optimiser minimises the same objective, so they agree to the
  /// stopping tolerance; they differ in speed and memory.
  ///
  /// ```swift
  /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
  /// let y = [0, 0, 1, 0, 1, 1]
  /// let newton = try SoftmaxRegression.fit(
  ///   features: x, labels: y, options: .init(optimizer: .newton))
  /// let descent = try SoftmaxRegression.fit(
  ///   features: x, labels: y,
  ///   options: .init(optimizer: .gradientDescent(stepSize: 0.5, decay: 0)))
  /// newton.optimization?.iterations   // 5
  /// descent.optimization?.iterations  // 70, to the same weight, 1.2140…
  /// ```
  public enum Optimizer: Sendable, Hashable, Codable {
    /// Newton's method for up to 200 parameters (K'(D + 1)); above, L-BFGS
    /// for up to 100 iterations, then, if it has not converged (an
    /// ill-conditioned problem), trust-region Newton from where it stopped.
    case automatic
    /// Limited-memory BFGS with a strong-Wolfe line search: the default for
    /// large problems.
    case lbfgs
    /// Newton's method with the exact Hessian (Cholesky, Levenberg damping,
    /// backtracking): quadratic convergence, O((DK)²) memory.
    case newton
    /// Trust-region Newton with conjugate gradients (Hessian-vector products,
    /// no Hessian in memory): for ill-conditioned problems where L-BFGS needs
    /// thousands of iterations.
    case trustRegionNewton
    /// Batch gradient descent, θ ← θ - ηₜ∇f with ηₜ = stepSize/(1 + decay·t):
    /// the textbook update, for teaching and comparison.
    case gradientDescent(stepSize: Double, decay: Double)
  }

  /// Fitting options: optimiser, stopping rule, warm start.
  ///
  /// ```swift
  /// var options = SoftmaxRegression.Options(optimizer: .lbfgs, maximumIterations: 500)
  /// options.progress = { print($0.iteration, $0.objective, $0.gradientNorm) }
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1],
  ///   options: options)  // prints "0 4.1588830833596715 2.04939015319192" first
  /// ```
  public struct Options: Sendable {
    /// The optimiser; `.automatic` by default.
    public var optimizer: Optimizer
    /// The iteration limit; reaching it throws
    /// `FitError/didNotConverge(model:iterations:gradientNorm:)`.
    public var maximumIterations: Int
    /// Stop when max |∂f/∂θ| ≤ gradientTolerance · max(1, |f|) (for
    /// maximum likelihood at most 1e-9, which the separation checks need).
    public var gradientTolerance: Double
    /// Also stop when f changes by at most objectiveTolerance · max(1, |f|)
    /// three iterations in a row.
    public var objectiveTolerance: Double
    /// A model to start from (same classes and features), instead of zeros.
    ///
    /// For a sequence of related fits (a path of priors, new data): a fit
    /// started at its own optimum stops at once.
    ///
    /// ```swift
    /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
    /// let y = [0, 0, 1, 0, 1, 1]
    /// let first = try SoftmaxRegression.fit(features: x, labels: y)
    /// let again = try SoftmaxRegression.fit(
    ///   features: x, labels: y, options: .init(warmStart: first.model))
    /// again.optimization?.iterations  // 0
    /// ```
    public var warmStart: SoftmaxRegression?
    /// Called once per iteration (for progress displays); `nil` by default.
    public var progress: (@Sendable (Progress) -> Void)?

    /// Options with sensible defaults: automatic optimiser, 10,000
    /// iterations, gradient tolerance 1e-7 (the objective is then within
    /// about 1e-13 of its minimum and probabilities within 1e-7 in the
    /// reference tests), objective tolerance 1e-15.
    ///
    /// ```swift
    /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
    /// let y = [0, 0, 1, 0, 1, 1]
    /// let newton = SoftmaxRegression.Options(optimizer: .newton, gradientTolerance: 1e-10)
    /// try SoftmaxRegression.fit(features: x, labels: y, options: newton).optimization?.converged
    /// // Optional(true)
    /// try SoftmaxRegression.fit(features: x, labels: y, options: .init(maximumIterations: 2))
    /// // throws FitError.didNotConverge(model: "SoftmaxRegression", iterations: 2, …)
    /// ```
    ///
    /// - Parameters:
    ///   - optimizer: The optimiser; see ``SoftmaxRegression/Optimizer``.
    ///   - maximumIterations: The iteration limit.
    ///   - gradientTolerance: The gradient stopping rule's tolerance.
    ///   - objectiveTolerance: The objective stopping rule's tolerance.
    ///   - warmStart: A model to start from, or `nil` for zeros.
    ///   - progress: A closure called once per iteration, or `nil`.
    public init(
      optimizer: Optimizer = .automatic, maximumIterations: Int = 10_000,
      gradientTolerance: Double = 1e-7, objectiveTolerance: Double = 1e-15,
      warmStart: SoftmaxRegression? = nil, progress: (@Sendable (Progress) -> Void)? = nil
    ) {
      self.optimizer = optimizer
      self.maximumIterations = maximumIterations
      self.gradientTolerance = gradientTolerance
      self.objectiveTolerance = objectiveTolerance
      self.warmStart = warmStart
      self.progress = progress
    }
  }

  /// One iteration's state, for ``Options/progress``.
  ///
  /// Iteration 0 reports the starting point: with zero weights every class
  /// has probability 1/K, so an unweighted MLE fit starts at f = N log K.
  ///
  /// ```swift
  /// let options = SoftmaxRegression.Options(progress: { step in
  ///   print(step.iteration, step.objective)  // "0 4.1588830833596715" (6 log 2) first
  /// })
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1],
  ///   options: options)
  /// ```
  public struct Progress: Sendable, Hashable {
    /// The iteration number (0 at the start).
    public let iteration: Int
    /// The objective f(θ), in the standardised coordinates the optimiser uses
    /// (the same value as in the original ones).
    public let objective: Double
    /// The Euclidean norm of the gradient (standardised coordinates).
    public let gradientNorm: Double
  }

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
    guard design.rowCount > 0 else { throw .emptyData(model: name) }
    guard design.featureCount > 0 else { throw check.argument("features", "at least 1 column", 0) }
    guard labels.count == design.rowCount else {
      throw check.argument("labels", "one per row (\(design.rowCount))", labels.count)
    }
    try check.weights(weights, count: labels.count)
    try options.validate(check)
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
      featurePrecisions: (0..<d).map {
        featurePrecisions[$0] / (standardization.scales[$0] * standardization.scales[$0])
      },
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
    let d = objective.featureCount
    let (weights, intercepts) = standardization.standardised(
      weights: warmStart.flatWeights, intercepts: warmStart.intercepts,
      classCount: objective.classCount)
    var theta = [Double](repeating: 0, count: objective.parameterCount)
    for free in 0..<objective.freeClassCount {
      let k = free + objective.firstFreeClass
      // Relative to class 0 when it is the reference.
      for j in 0..<d {
        theta[free * d + j] = weights[k * d + j] - (objective.reference ? weights[j] : 0)
      }
      theta[objective.freeClassCount * d + free] =
        intercepts[k] - (objective.reference ? intercepts[0] : 0)
    }
    return theta
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

  /// Throws when the maximum-likelihood estimate does not exist (separation)
  /// or is not unique (collinear features).
  ///
  /// - Complete separation: every observation's fitted probability of its
  ///   own class exceeds 1 - 1e-8 (the likelihood's supremum, 1, is reached
  ///   only as the weights grow without bound).
  /// - Collinear features: M = ¼ X̃ᵀ diag(w) X̃ (X̃ = [X 1]; the curvature the
  ///   data would give at p = ½) is numerically singular (a Cholesky pivot²
  ///   below 1e-12 of the largest diagonal entry).
  /// - Quasi-complete separation: some observations are predicted with
  ///   certainty and the Hessian, whitened by M (blockwise), has a direction
  ///   of curvature below 1e-8: the likelihood flattens along a direction the
  ///   data do constrain, which only a separating direction does.
  ///
  /// The Hessian tests run when they are affordable (N·P² ≤ 10¹⁰ for P
  /// parameters).
  static func checkExistence(_ objective: SoftmaxObjective, _ result: OptimizationResult)
    throws(FitError)
  {
    let name = "SoftmaxRegression"
    let (_, probabilities) = objective.evaluate(result.theta)
    var certain = 0
    for n in 0..<objective.rowCount
    where probabilities.values[n * objective.classCount + objective.labels[n]] > 1 - 1e-8 {
      certain += 1
    }
    if certain == objective.rowCount { throw .separation(model: name, complete: true) }
    let size = Double(objective.parameterCount)
    guard Double(objective.rowCount) * size * size <= 1e10 else { return }
    // M = ¼ X̃ᵀ diag(w) X̃, accumulated over blocks of rows.
    let d = objective.featureCount
    let width = d + 1
    var reference = Matrix(rows: width, columns: width)
    var scaled = [Double](repeating: 0, count: SoftmaxObjective.blockRows * width)
    objective.forEachAugmentedBlock { start, rows, augmented in
      for row in 0..<rows {
        let w = objective.sampleWeights[start + row] / 4
        for j in 0..<width { scaled[row * width + j] = w * augmented[row * width + j] }
      }
      scaled.withUnsafeBufferPointer { scaledBuffer in
        reference.values.withUnsafeMutableBufferPointer { m in
          BLAS.gemm(
            .transposed, .none, m: width, n: width, k: rows, alpha: 1, a: augmented, lda: width,
            b: scaledBuffer, ldb: width, beta: 1, c: m, ldc: width)
        }
      }
    }
    var largest = 0.0
    for i in 0..<width { largest = max(largest, reference[i, i]) }
    guard let factor = reference.choleskyFactor(),
      (0..<width).allSatisfy({ factor[$0, $0] * factor[$0, $0] >= 1e-12 * largest })
    else { throw .collinearFeatures(model: name) }
    guard certain > 0 else { return }
    // L⁻¹ H L⁻ᵀ block by block, for the free classes' (D + 1) × (D + 1) blocks.
    let hessian = objective.hessian(result.theta)
    let p = hessian.rows
    var whitened = Matrix(rows: p, columns: p)
    let classes = objective.freeClassCount
    for a in 0..<classes {
      for b in 0..<classes {
        let block = (0..<width).map { j in
          (0..<width).map { i in
            hessian[objective.index(free: a, column: i), objective.index(free: b, column: j)]
          }
        }
        // Columns of L⁻¹·H_ab, then L⁻¹·(L⁻¹·H_ab)ᵀ = L⁻¹·H_ab·L⁻ᵀ (H_ab symmetric).
        let half = block.map { factor.solveLowerTriangular($0) }
        for i in 0..<width {
          let column = factor.solveLowerTriangular((0..<width).map { half[$0][i] })
          for j in 0..<width {
            whitened[objective.index(free: a, column: j), objective.index(free: b, column: i)] =
              column[j]
          }
        }
      }
    }
    guard let whiteFactor = whitened.choleskyFactor(),
      (0..<p).allSatisfy({ whiteFactor[$0, $0] * whiteFactor[$0, $0] >= 1e-8 })
    else { throw .separation(model: name, complete: false) }
  }
}

extension SoftmaxRegression.Options {
  /// Throws unless the tolerances are finite and ≥ 0 and the iteration
  /// limit is ≥ 0 (a NaN tolerance would never be met: the fit would run to
  /// its limit).
  func validate(_ check: DataCheck) throws(FitError) {
    guard gradientTolerance.isFinite, gradientTolerance >= 0 else {
      throw check.argument("gradientTolerance", "finite and >= 0", gradientTolerance)
    }
    guard objectiveTolerance.isFinite, objectiveTolerance >= 0 else {
      throw check.argument("objectiveTolerance", "finite and >= 0", objectiveTolerance)
    }
    guard maximumIterations >= 0 else {
      throw check.argument("maximumIterations", ">= 0", maximumIterations)
    }
  }
}

extension Estimator {
  var isMaximumLikelihood: Bool {
    if case .mle = self { return true }
    return false
  }
}

extension SoftmaxObjective {
  /// ½ Σ λ θ² over the penalised parameters.
  func penalty(_ theta: [Double]) -> Double {
    var sum = 0.0
    for free in 0..<freeClassCount {
      for j in 0..<featureCount {
        let value = theta[free * featureCount + j]
        sum += featurePrecisions[j] * value * value
      }
      let b = theta[freeClassCount * featureCount + free]
      sum += interceptPrecision * b * b
    }
    return sum / 2
  }

}
