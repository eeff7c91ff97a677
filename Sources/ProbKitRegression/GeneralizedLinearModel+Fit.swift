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
    progress: (@Sendable (SoftmaxRegression.Progress) -> Void)? = nil
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
    progress: (@Sendable (SoftmaxRegression.Progress) -> Void)? = nil
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
    progress: (@Sendable (SoftmaxRegression.Progress) -> Void)?
  ) throws(FitError) -> GeneralizedLinearFit<Family> {
    let name = "GeneralizedLinearModel"
    let check = DataCheck(model: name)
    guard design.rowCount > 0 else { throw .emptyData(model: name) }
    guard design.featureCount > 0 else { throw check.argument("features", "at least 1 column", 0) }
    let n = design.rowCount
    let d = design.featureCount
    guard response.count == n else {
      throw check.argument("response", "one per row (\(n))", response.count)
    }
    try check.weights(weights, count: n)
    guard maximumIterations >= 0 else {
      throw check.argument("maximumIterations", ">= 0", maximumIterations)
    }
    let counts = weights ?? Array(repeating: 1, count: n)
    guard counts.reduce(0, +) > 0 else { throw .emptyData(model: name) }
    // Binomial responses: successes out of nᵢ trials become the proportion
    // yᵢ/nᵢ with weight nᵢ (the Bernoulli family, as statsmodels' var_weights).
    var proportions = response
    var w = counts
    var logCombinations = 0.0
    if let trials {
      guard Family.self == Bernoulli.self else {
        throw check.argument("trials", "only for a Bernoulli (binomial) response", "\(n) trials")
      }
      guard trials.count == n else {
        throw check.argument("trials", "one per row (\(n))", trials.count)
      }
      for (i, (y, t)) in zip(response, trials).enumerated() {
        guard t >= 1, t < 0x1p53, t == t.rounded() else {
          throw check.argument("trials[\(i)]", "a whole number >= 1", t)
        }
        guard y >= 0, y <= t, y == y.rounded() else {
          throw check.invalid(i, "a whole number of successes in 0...\(Int(t))", y)
        }
        proportions[i] = y / t
        w[i] = counts[i] * t
        logCombinations +=
          counts[i]
          * (SpecialFunctions.logGamma(t + 1) - SpecialFunctions.logGamma(y + 1)
            - SpecialFunctions.logGamma(t - y + 1))
      }
    } else {
      for (i, y) in response.enumerated() where !family.isResponse(y) {
        throw check.invalid(i, "a value in the \(Family.self) support", y)
      }
    }
    if let offsets {
      guard offsets.count == n else {
        throw check.argument("offsets", "one per row (\(n))", offsets.count)
      }
      for (i, offset) in offsets.enumerated() where !offset.isFinite {
        throw check.argument("offsets[\(i)]", "finite", offset)
      }
    }
    let o = offsets ?? Array(repeating: 0, count: n)
    let link = link.normalised(for: family)
    var precisions = [Double](repeating: 0, count: d)
    var interceptPrecision = 0.0
    if case .map(let prior) = estimator {
      precisions = try prior.precisions(featureCount: d)
      interceptPrecision = prior.interceptPrecision
    }
    let width = d + (intercept ? 1 : 0)
    let problem = GLMProblem<Family>(
      family: family, design: design, response: proportions, weights: w, offsets: o,
      intercept: intercept,
      link: link, featurePrecisions: precisions,
      interceptPrecision: intercept ? interceptPrecision : nil)
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
    if estimator.isMaximumLikelihood {
      // X̃ must have full column rank for the estimate to be unique.
      guard problem.referenceCurvature().choleskyFactor() != nil else {
        throw .collinearFeatures(model: name)
      }
    }
    if family.hasDispersion {
      guard counts.reduce(0, +) > Double(width) else {
        throw check.argument(
          "features", "fewer coefficients than observations, to estimate the dispersion",
          "\(width) coefficients for \(counts.reduce(0, +)) observations")
      }
    }
    var state = problem.evaluate(beta)
    guard state.value.isFinite else {
      throw .overflow(
        model: name, quantity: "the deviance at the starting point (rescale the response)")
    }
    var iterations = 0
    var previousDecrement = Double.infinity
    while true {
      guard state.information.values.allSatisfy(\.isFinite), state.value.isFinite else {
        throw .overflow(
          model: name, quantity: "the Fisher information (rescale the response or the features)")
      }
      guard let factor = state.information.choleskyFactor() else {
        throw estimator.isMaximumLikelihood
          ? problem.nonExistence(state, iterations: iterations) : .collinearFeatures(model: name)
      }
      let step = factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(state.gradient))
      let decrement = zip(step, state.gradient).reduce(0) { $0 + $1.0 * $1.1 }
      guard decrement.isFinite else {
        throw .overflow(model: name, quantity: "the Newton step (rescale the features)")
      }
      // Done, or at the rounding floor (no progress although Fisher scoring
      // converges at least linearly).
      if decrement / 2 <= 1e-30 * (1 + abs(state.value))
        || decrement / 2 <= 1e-12 * (1 + abs(state.value)) && decrement > previousDecrement * 0.9
      {
        break
      }
      guard iterations < maximumIterations else {
        if estimator.isMaximumLikelihood {
          throw problem.nonExistence(state, iterations: iterations)
        }
        throw .didNotConverge(
          model: name, iterations: iterations,
          gradientNorm: state.gradient.reduce(0) { max($0, abs($1)) })
      }
      var length = 1.0
      var accepted = false
      while length >= 1e-12 && !accepted {
        let candidate = zip(beta, step).map { $0 - length * $1 }
        // The full step is usually taken: evaluate it with the information
        // at once; halved steps first by value alone.
        let next = problem.evaluate(candidate, information: length == 1)
        if next.value <= state.value - 1e-4 * length * decrement
          || length == 1 && decrement / 2 <= 1e-12 * (1 + abs(state.value))
            && next.value <= state.value + 1e-12 * (1 + abs(state.value))
        {
          (beta, state) = (candidate, length == 1 ? next : problem.evaluate(candidate))
          accepted = true
        }
        length /= 2
      }
      guard accepted else {
        throw .didNotConverge(
          model: name, iterations: iterations,
          gradientNorm: state.gradient.reduce(0) { max($0, abs($1)) })
      }
      previousDecrement = decrement
      iterations += 1
      progress?(
        SoftmaxRegression.Progress(
          iteration: iterations, objective: state.value,
          gradientNorm: state.gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()))
    }
    if estimator.isMaximumLikelihood { try problem.checkExistence(state) }
    return try problem.summary(
      beta, state, iterations: iterations, observationCount: counts.reduce(0, +),
      logCombinations: logCombinations)
  }
}

/// One fit's data and its objective, gradient and Fisher information, in
/// the coordinates of standardised features x′ = (x - m)/s (m = 0 unless the
/// intercept is free): β′ = sβ and b′ = b + Σ mβ give the same η.
struct GLMProblem<Family: ResponseFamily> {
  let family: Family
  let design: DesignMatrix
  let response: [Double]
  let weights: [Double]
  let offsets: [Double]
  let intercept: Bool
  let link: Link
  /// λ for each coefficient in β′'s coordinates (λ/s²), the intercept's
  /// last.
  let precisions: [Double]
  /// m, per feature (``Standardization/means``).
  let centres: [Double]
  /// s, per feature (``Standardization/scales``: 1 for a constant column).
  let scales: [Double]

  init(
    family: Family, design: DesignMatrix, response: [Double], weights: [Double],
    offsets: [Double], intercept: Bool, link: Link, featurePrecisions: [Double],
    interceptPrecision: Double?
  ) {
    self.family = family
    self.design = design
    self.response = response
    self.weights = weights
    self.offsets = offsets
    self.intercept = intercept
    self.link = link
    let d = design.featureCount
    // The softmax fit's change of coordinates: centred when the intercept is
    // free, scaled to unit spread.
    let standardization = Standardization(
      design, weights: weights, centre: intercept && interceptPrecision == 0)
    let scales = standardization.scales
    centres = standardization.means
    self.scales = scales
    precisions =
      (0..<d).map { featurePrecisions[$0] / (scales[$0] * scales[$0]) }
      + (interceptPrecision.map { [$0] } ?? [])
  }

  struct State {
    let value: Double
    let gradient: [Double]
    let information: Matrix
    let means: [Double]
    /// θᵢ, from which the means are computed.
    let thetas: [Double]
  }

  var width: Int { design.featureCount + (intercept ? 1 : 0) }

  /// Calls `body` with consecutive blocks of at most 512 standardised,
  /// augmented rows [x′ 1] (row-major, rows × P, in a reused buffer).
  func forEachBlock(
    _ body: (_ start: Int, _ rows: Int, _ block: UnsafeBufferPointer<Double>) -> Void
  ) {
    let d = design.featureCount
    let n = design.rowCount
    let p = width
    let size = 512
    var buffer = [Double](repeating: 0, count: min(size, n) * p)
    let values = design.matrix.values
    var start = 0
    while start < n {
      let rows = min(size, n - start)
      for row in 0..<rows {
        let i = start + row
        for j in 0..<d { buffer[row * p + j] = (values[i * d + j] - centres[j]) / scales[j] }
        if intercept { buffer[row * p + d] = 1 }
      }
      buffer.withUnsafeBufferPointer {
        body(start, rows, UnsafeBufferPointer(rebasing: $0[0..<(rows * p)]))
      }
      start += rows
    }
  }

  /// f, ∇f = -X̃′ᵀr + Λβ′ with rᵢ = wᵢ(yᵢ - μᵢ)(dμ/dη)/V, and (when asked)
  /// the Fisher information I = X̃′ᵀ diag(wᵢ(dμ/dη)²/V) X̃′ + Λ, block by
  /// block (no N × P copy of X).
  func evaluate(_ beta: [Double], information wantInformation: Bool = true) -> State {
    let n = design.rowCount
    let p = width
    var value = 0.0
    var gradient = [Double](repeating: 0, count: p)
    var information = Matrix(rows: p, columns: p)
    var means = [Double](repeating: 0, count: n)
    var thetas = [Double](repeating: 0, count: n)
    var eta = [Double](repeating: 0, count: 512)
    var residuals = [Double](repeating: 0, count: 512)
    var scaled = [Double](repeating: 0, count: min(512, n) * p)
    forEachBlock { start, rows, block in
      beta.withUnsafeBufferPointer { b in
        eta.withUnsafeMutableBufferPointer { out in
          BLAS.gemv(.none, m: rows, n: p, alpha: 1, a: block, lda: p, x: b, beta: 0, y: out)
        }
      }
      for row in 0..<rows {
        let i = start + row
        let linear = eta[row] + offsets[i]
        let theta = link.naturalParameter(linear, family: family)
        let mu = family.meanOfNaturalParameter(theta)
        means[i] = mu
        thetas[i] = theta
        let variance = family.varianceOfNaturalParameter(theta)
        let slope = link.meanDerivative(linear, family: family)
        let y = response[i]
        let w = weights[i]
        // -ℓ up to a constant, as half the unit deviance: finite where
        // A(θ) - yθ would be ∞ - ∞.
        value += w * family.unitDeviance(y, naturalParameter: theta) / 2
        residuals[row] = -w * (y - mu) * slope / variance
        let fisher = (w * slope * slope / variance).squareRoot()
        for j in 0..<p { scaled[row * p + j] = fisher * block[row * p + j] }
      }
      residuals.withUnsafeBufferPointer { r in
        gradient.withUnsafeMutableBufferPointer { g in
          BLAS.gemv(
            .transposed, m: rows, n: p, alpha: 1, a: block, lda: p,
            x: UnsafeBufferPointer(rebasing: r[0..<rows]), beta: 1, y: g)
        }
      }
      guard wantInformation else { return }
      scaled.withUnsafeBufferPointer { s in
        information.values.withUnsafeMutableBufferPointer { out in
          BLAS.gemm(
            .transposed, .none, m: p, n: p, k: rows, alpha: 1, a: s, lda: p, b: s, ldb: p,
            beta: 1, c: out, ldc: p)
        }
      }
    }
    for j in 0..<p {
      value += precisions[j] * beta[j] * beta[j] / 2
      gradient[j] += precisions[j] * beta[j]
      if wantInformation { information[j, j] += precisions[j] }
    }
    return State(
      value: value, gradient: gradient, information: information, means: means, thetas: thetas)
  }

  /// β′ = sβ and b′ = b + Σ mβ: raw coefficients in the standardised
  /// coordinates (a warm start).
  func standardised(_ coefficients: [Double], intercept b: Double) -> [Double] {
    var beta = zip(coefficients, scales).map { $0 * $1 }
    if self.intercept {
      beta.append(b + zip(centres, coefficients).reduce(0) { $0 + $1.0 * $1.1 })
    }
    return beta
  }

  /// β and b in the raw features' coordinates, and the map J from β′ to
  /// them (β = J β′), for the covariance.
  func raw(_ beta: [Double]) -> (coefficients: [Double], intercept: Double, jacobian: Matrix) {
    let d = design.featureCount
    let p = width
    let coefficients = (0..<d).map { beta[$0] / scales[$0] }
    var jacobian = Matrix(rows: p, columns: p)
    for j in 0..<d { jacobian[j, j] = 1 / scales[j] }
    guard intercept else { return (coefficients, 0, jacobian) }
    var b = beta[d]
    for j in 0..<d {
      b -= centres[j] * coefficients[j]
      jacobian[d, j] = -centres[j] / scales[j]
    }
    jacobian[d, d] = 1
    return (coefficients, b, jacobian)
  }

  /// g(ȳ), or g of ȳ pulled inside (0.001, 0.999) where g(ȳ) is not finite
  /// (all-zero counts, one class only), or 0.
  func startingLinearPredictor(_ mean: Double) -> Double {
    let direct = link.linearPredictor(mean, family: family)
    if direct.isFinite { return direct }
    let inside = link.linearPredictor(min(max(mean, 1e-3), 1 - 1e-3), family: family)
    return inside.isFinite ? inside : 0
  }

  /// The error for a maximum-likelihood estimate that does not exist.
  ///
  /// A failure is blamed on a missing estimate only where a fitted mean is at
  /// the edge of the support; otherwise it is a failure to converge.
  func nonExistence(_ state: State, iterations: Int = 0) -> FitError {
    guard onEdge(state) else {
      return .didNotConverge(
        model: "GeneralizedLinearModel", iterations: iterations,
        gradientNorm: state.gradient.reduce(0) { max($0, abs($1)) })
    }
    if Family.self == Bernoulli.self {
      let certain = zip(state.means, response).allSatisfy { abs($0 - $1) < 1e-8 }
      return .separation(model: "GeneralizedLinearModel", complete: certain)
    }
    return .estimateOutsideParameterSpace(
      model: "GeneralizedLinearModel",
      reason:
        "some fitted means go to the edge of the support (e.g. a group of rows with all-zero "
        + "counts), so the likelihood has no maximum; fit by MAP with a Gaussian prior instead "
        + "(estimator: .map(...))")
  }

  /// Whether a fitted mean sits on the edge of the support where the data
  /// do: μ = y = 0, or μ = y = 1 for Bernoulli (within 10⁻⁸).
  func onEdge(_ state: State) -> Bool {
    zip(state.means, response).contains { mu, y in
      (y == 0 && mu < 1e-8) || (Family.self == Bernoulli.self && y == 1 && mu > 1 - 1e-8)
    }
  }

  /// M = X̃′ᵀ diag(w) X̃′: the curvature the rows alone give, in the
  /// standardised coordinates.
  func referenceCurvature() -> Matrix {
    let p = width
    var reference = Matrix(rows: p, columns: p)
    var scaled = [Double](repeating: 0, count: min(512, design.rowCount) * p)
    forEachBlock { start, rows, block in
      // √wᵢ x̃ᵢ rows, then one BLAS product per block.
      for row in 0..<rows {
        let root = weights[start + row].squareRoot()
        for j in 0..<p { scaled[row * p + j] = root * block[row * p + j] }
      }
      scaled.withUnsafeBufferPointer { s in
        reference.values.withUnsafeMutableBufferPointer { out in
          BLAS.gemm(
            .transposed, .none, m: p, n: p, k: rows, alpha: 1, a: s, lda: p, b: s, ldb: p,
            beta: 1, c: out, ldc: p)
        }
      }
    }
    reference.symmetrise()
    return reference
  }

  /// Throws when the estimate is at infinity: some fitted means sit on the
  /// edge of the support (μ = y = 0, or μ = y = 1 for Bernoulli) and the
  /// Fisher information, whitened by M = X̃ᵀ diag(w) X̃ (the curvature the
  /// rows alone give), has a direction of curvature below 10⁻⁸: the
  /// likelihood flattens along a direction the data do constrain, which
  /// only a separating direction does. (A mean near the edge at a finite
  /// optimum, as cloglog fits have, keeps its curvature.)
  func checkExistence(_ state: State) throws(FitError) {
    guard Family.self != Normal.self, onEdge(state) else { return }
    let p = width
    let reference = referenceCurvature()
    guard let factor = reference.choleskyFactor() else {
      throw .collinearFeatures(model: "GeneralizedLinearModel")
    }
    // L⁻¹ I L⁻ᵀ, column by column (I symmetric).
    var information = state.information
    for j in 0..<p { information[j, j] -= precisions[j] }
    let half = (0..<p).map { j in factor.solveLowerTriangular((0..<p).map { information[$0, j] }) }
    var whitened = Matrix(rows: p, columns: p)
    for i in 0..<p {
      let column = factor.solveLowerTriangular((0..<p).map { half[$0][i] })
      for j in 0..<p { whitened[j, i] = column[j] }
    }
    guard let whiteFactor = whitened.choleskyFactor(),
      (0..<p).allSatisfy({ whiteFactor[$0, $0] * whiteFactor[$0, $0] >= 1e-8 })
    else { throw nonExistence(state) }
  }

  /// The fitted model and its statistics; `observationCount` is Σ of the
  /// frequency weights (the rows, for binomial trials) and `logCombinations`
  /// Σ wᵢ log C(nᵢ, yᵢ) for binomial responses.
  func summary(
    _ beta: [Double], _ state: State, iterations: Int, observationCount: Double,
    logCombinations: Double
  ) throws(FitError) -> GeneralizedLinearFit<Family> {
    let total = weights.reduce(0, +)
    var deviance = 0.0
    var pearson = 0.0
    for i in 0..<design.rowCount {
      let mu = state.means[i]
      let theta = state.thetas[i]
      deviance += weights[i] * family.unitDeviance(response[i], naturalParameter: theta)
      let residual = response[i] - mu
      pearson += weights[i] * residual * residual / family.varianceOfNaturalParameter(theta)
    }
    // φ: Pearson χ² / (n - p) for a dispersion family (statsmodels' default).
    let dispersion = family.hasDispersion ? pearson / (total - Double(width)) : 1
    guard let factor = state.information.choleskyFactor() else {
      throw .collinearFeatures(model: "GeneralizedLinearModel")
    }
    // Cov = φ J I⁻¹ Jᵀ in the raw coordinates.
    let (coefficients, rawIntercept, jacobian) = raw(beta)
    var covariance = Matrix.product(
      Matrix.product(jacobian, factor.inverseFromCholeskyFactor()), jacobian,
      transposeB: .transposed
    )
    let standardErrors = (0..<width).map { (dispersion * covariance[$0, $0]).squareRoot() }
    let phi = family.likelihoodDispersion(
      deviance: deviance, pearsonChiSquare: pearson, observations: total, parameters: width)
    var logLikelihood = logCombinations
    for i in 0..<design.rowCount {
      let theta = state.thetas[i]
      let y = response[i]
      let natural = (y == 0 ? 0 : y * theta) - family.logPartition(theta)
      logLikelihood +=
        weights[i] * (natural / phi + family.logBaseMeasure(y, dispersion: phi))
    }
    let model = GeneralizedLinearModel<Family>(
      family: family, coefficients: coefficients, intercept: rawIntercept,
      hasIntercept: intercept, link: link, dispersion: dispersion)
    covariance.symmetrise()
    return GeneralizedLinearFit(
      model: model, standardErrors: standardErrors, deviance: deviance,
      nullDeviance: nullDeviance(total), pearsonChiSquare: pearson,
      logLikelihood: logLikelihood, observationCount: observationCount, iterations: iterations,
      inverseInformation: covariance)
  }

  /// The deviance of the intercept-only model with the same offsets, by
  /// Fisher scoring on its one parameter, whether or not the model has an
  /// intercept (statsmodels' `null_deviance`; R's glm uses η = offset for a
  /// model without one).
  func nullDeviance(_ total: Double) -> Double {
    let mean = zip(weights, response).reduce(0) { $0 + $1.0 * $1.1 } / total
    var b = startingLinearPredictor(mean)
    for _ in 0..<100 {
      var gradient = 0.0
      var information = 0.0
      for i in 0..<design.rowCount {
        let eta = b + offsets[i]
        let theta = link.naturalParameter(eta, family: family)
        let mu = family.meanOfNaturalParameter(theta)
        let variance = family.varianceOfNaturalParameter(theta)
        let slope = link.meanDerivative(eta, family: family)
        gradient += weights[i] * (response[i] - mu) * slope / variance
        information += weights[i] * slope * slope / variance
      }
      let step = gradient / information
      guard step.isFinite else { break }
      b += step
      if abs(step) <= 1e-15 * max(1, abs(b)) { break }
    }
    var deviance = 0.0
    for i in 0..<design.rowCount {
      let theta = link.naturalParameter(b + offsets[i], family: family)
      deviance += weights[i] * family.unitDeviance(response[i], naturalParameter: theta)
    }
    return deviance
  }
}
