import Foundation
import GSLBridge
import ProbKitCore
import ProbKitDistributions
import ProbKitInference

extension GeneralizedLinearModel {
  /// Fits by Fisher scoring on the negative log posterior (φ = 1).
  ///
  /// ```
  /// f(β) = Σᵢ wᵢ [A(θᵢ) - yᵢθᵢ] + ½ Σⱼ λⱼ βⱼ²,   θᵢ = (A′)⁻¹(g⁻¹(ηᵢ)),   ηᵢ = βᵀxᵢ + b + oᵢ
  /// ```
  ///
  /// (λ = 0 for maximum likelihood), with step halving, until the Newton
  /// decrement ½ gᵀI⁻¹g is below 10⁻²⁰ (1 + |f|) or stops shrinking below
  /// 10⁻¹² (1 + |f|), at rounding; then
  /// φ, standard errors and the deviances at the estimate.
  static func fit(
    features: [[Double]], response: [Double], weights: [Double]? = nil,
    offsets: [Double]? = nil, intercept: Bool = true, link: Link = .canonical,
    estimator: Estimator<GaussianPrior> = .mle, maximumIterations: Int = 100
  ) throws(FitError) -> GeneralizedLinearFit<Family> {
    let name = "GeneralizedLinearModel"
    let check = DataCheck(model: name)
    guard let first = features.first else { throw .emptyData(model: name) }
    let design = try DesignMatrix(features, featureCount: first.count, model: name)
    let n = design.rowCount
    let d = design.featureCount
    guard response.count == n else {
      throw check.argument("response", "one per row (\(n))", response.count)
    }
    for (i, y) in response.enumerated() where !Family.isResponse(y) {
      throw check.invalid(i, "a value in the \(Family.self) support", y)
    }
    try check.weights(weights, count: n)
    if let offsets {
      guard offsets.count == n else {
        throw check.argument("offsets", "one per row (\(n))", offsets.count)
      }
      for (i, offset) in offsets.enumerated() where !offset.isFinite {
        throw check.argument("offsets[\(i)]", "finite", offset)
      }
    }
    let w = weights ?? Array(repeating: 1, count: n)
    let o = offsets ?? Array(repeating: 0, count: n)
    let link = link.normalised(for: Family.self)
    var precisions = [Double](repeating: 0, count: d)
    var interceptPrecision = 0.0
    if case .map(let prior) = estimator {
      precisions = try prior.precisions(featureCount: d)
      interceptPrecision = prior.interceptPrecision
    }
    let width = d + (intercept ? 1 : 0)
    let problem = GLMProblem<Family>(
      design: design, response: response, weights: w, offsets: o, intercept: intercept,
      link: link,
      precisions: precisions + (intercept ? [interceptPrecision] : []))
    // Start: every coefficient 0, the intercept at g(ȳ) (pulled inside the
    // support of the link).
    var beta = [Double](repeating: 0, count: width)
    if intercept {
      let total = w.reduce(0, +)
      let mean = zip(w, response).reduce(0) { $0 + $1.0 * $1.1 } / total
      let offsetMean = zip(w, o).reduce(0) { $0 + $1.0 * $1.1 } / total
      beta[d] = problem.startingLinearPredictor(mean) - offsetMean
    }
    var state = problem.evaluate(beta)
    var iterations = 0
    var previousDecrement = Double.infinity
    while true {
      guard let factor = state.information.choleskyFactor() else {
        throw estimator.isMaximumLikelihood
          ? problem.nonExistence(state) : .collinearFeatures(model: name)
      }
      let step = factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(state.gradient))
      let decrement = zip(step, state.gradient).reduce(0) { $0 + $1.0 * $1.1 }
      // Done, or at the rounding floor (no progress although Fisher scoring
      // converges at least linearly).
      if decrement / 2 <= 1e-20 * (1 + abs(state.value))
        || decrement / 2 <= 1e-12 * (1 + abs(state.value)) && decrement > previousDecrement * 0.9
      {
        break
      }
      guard iterations < maximumIterations else {
        if estimator.isMaximumLikelihood { throw problem.nonExistence(state) }
        throw .didNotConverge(
          model: name, iterations: iterations,
          gradientNorm: state.gradient.reduce(0) { max($0, abs($1)) })
      }
      var length = 1.0
      var accepted = false
      while length >= 1e-12 && !accepted {
        let candidate = zip(beta, step).map { $0 - length * $1 }
        let next = problem.evaluate(candidate, information: false)
        if next.value <= state.value - 1e-4 * length * decrement
          || length == 1 && decrement / 2 <= 1e-12 * (1 + abs(state.value))
            && next.value <= state.value + 1e-12 * (1 + abs(state.value))
        {
          (beta, state) = (candidate, problem.evaluate(candidate))
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
    }
    if estimator.isMaximumLikelihood { try problem.checkExistence(state) }
    return try problem.summary(beta, state, iterations: iterations)
  }
}

/// One fit's data and its objective, gradient and Fisher information.
struct GLMProblem<Family: ResponseFamily> {
  let design: DesignMatrix
  let response: [Double]
  let weights: [Double]
  let offsets: [Double]
  let intercept: Bool
  let link: Link
  /// λ for each coefficient (the intercept's last).
  let precisions: [Double]

  struct State {
    let value: Double
    let gradient: [Double]
    let information: Matrix
    let means: [Double]
  }

  var width: Int { design.featureCount + (intercept ? 1 : 0) }

  /// η = Xβ + b + o.
  func linearPredictors(_ beta: [Double]) -> [Double] {
    let d = design.featureCount
    let products = design.matrix.product(Array(beta[..<d]))
    let b = intercept ? beta[d] : 0
    return (0..<design.rowCount).map { products[$0] + b + offsets[$0] }
  }

  /// f, ∇f = -X̃ᵀr + Λβ with rᵢ = wᵢ(yᵢ - μᵢ)(dμ/dη)/V, and (when asked)
  /// the Fisher information I = X̃ᵀ diag(wᵢ(dμ/dη)²/V) X̃ + Λ, accumulated
  /// over blocks of rows (no N × P copy of X).
  func evaluate(_ beta: [Double], information wantInformation: Bool = true) -> State {
    let d = design.featureCount
    let n = design.rowCount
    let p = width
    let eta = linearPredictors(beta)
    var value = 0.0
    var residuals = [Double](repeating: 0, count: n)
    var fisher = [Double](repeating: 0, count: n)
    var means = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let mu = link.mean(eta[i], family: Family.self)
      means[i] = mu
      let theta = link == .canonical ? eta[i] : Family.naturalParameter(ofMean: mu)
      let variance = Family.varianceOfNaturalParameter(theta)
      let slope = link.meanDerivative(eta[i], family: Family.self)
      let y = response[i]
      let w = weights[i]
      // y θ is 0 when y = 0 (θ may be -∞ there).
      value += w * (Family.logPartition(theta) - (y == 0 ? 0 : y * theta))
      residuals[i] = w * (y - mu) * slope / variance
      fisher[i] = (w * slope * slope / variance).squareRoot()
    }
    var gradient = design.matrix.product(residuals, transpose: .transposed).map { -$0 }
    if intercept { gradient.append(-residuals.reduce(0, +)) }
    var information = Matrix(rows: p, columns: p)
    if wantInformation {
      let block = 512
      var scaled = [Double](repeating: 0, count: min(block, n) * p)
      var start = 0
      let values = design.matrix.values
      while start < n {
        let rows = min(block, n - start)
        for row in 0..<rows {
          let i = start + row
          for j in 0..<d { scaled[row * p + j] = fisher[i] * values[i * d + j] }
          if intercept { scaled[row * p + d] = fisher[i] }
        }
        scaled.withUnsafeBufferPointer { s in
          information.values.withUnsafeMutableBufferPointer { out in
            BLAS.gemm(
              .transposed, .none, m: p, n: p, k: rows, alpha: 1, a: s, lda: p, b: s, ldb: p,
              beta: 1, c: out, ldc: p)
          }
        }
        start += rows
      }
    }
    for j in 0..<p {
      value += precisions[j] * beta[j] * beta[j] / 2
      gradient[j] += precisions[j] * beta[j]
      if wantInformation { information[j, j] += precisions[j] }
    }
    return State(value: value, gradient: gradient, information: information, means: means)
  }

  /// g(ȳ), or g of ȳ pulled inside (0.001, 0.999) where g(ȳ) is not finite
  /// (all-zero counts, one class only), or 0.
  func startingLinearPredictor(_ mean: Double) -> Double {
    let direct = link.linearPredictor(mean, family: Family.self)
    if direct.isFinite { return direct }
    let inside = link.linearPredictor(min(max(mean, 1e-3), 1 - 1e-3), family: Family.self)
    return inside.isFinite ? inside : 0
  }

  /// The error for a maximum-likelihood estimate that does not exist.
  func nonExistence(_ state: State) -> FitError {
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

  /// Throws when the fitted means sit on the edge of the support where the
  /// data do (a separating direction), or X̃ is collinear.
  func checkExistence(_ state: State) throws(FitError) {
    guard Family.self != Normal.self else { return }
    let onEdge = zip(state.means, response).contains { mu, y in
      (y == 0 && mu < 1e-8) || (Family.self == Bernoulli.self && y == 1 && mu > 1 - 1e-8)
    }
    if onEdge { throw nonExistence(state) }
  }

  /// The fitted model and its statistics.
  func summary(_ beta: [Double], _ state: State, iterations: Int) throws(FitError)
    -> GeneralizedLinearFit<Family>
  {
    let d = design.featureCount
    let total = weights.reduce(0, +)
    var deviance = 0.0
    var pearson = 0.0
    for i in 0..<design.rowCount {
      let mu = state.means[i]
      let theta = Family.naturalParameter(ofMean: mu)
      deviance += weights[i] * Family.unitDeviance(response[i], mean: mu)
      let residual = response[i] - mu
      pearson += weights[i] * residual * residual / Family.varianceOfNaturalParameter(theta)
    }
    // φ: Pearson χ² / (n - p) for a dispersion family (statsmodels' default).
    let dispersion = Family.hasDispersion ? pearson / (total - Double(width)) : 1
    guard let factor = state.information.choleskyFactor() else {
      throw .collinearFeatures(model: "GeneralizedLinearModel")
    }
    let inverse = factor.inverseFromCholeskyFactor()
    let standardErrors = (0..<width).map { (dispersion * inverse[$0, $0]).squareRoot() }
    let phi = Family.likelihoodDispersion(
      deviance: deviance, pearsonChiSquare: pearson, observations: total, parameters: width)
    var logLikelihood = 0.0
    for i in 0..<design.rowCount {
      let theta = Family.naturalParameter(ofMean: state.means[i])
      let y = response[i]
      let natural = (y == 0 ? 0 : y * theta) - Family.logPartition(theta)
      logLikelihood +=
        weights[i] * (natural / phi + Family.logBaseMeasure(y, dispersion: phi))
    }
    let model = GeneralizedLinearModel<Family>(
      coefficients: Array(beta[..<d]), intercept: intercept ? beta[d] : 0,
      hasIntercept: intercept, link: link, dispersion: dispersion)
    return GeneralizedLinearFit(
      model: model, standardErrors: standardErrors, deviance: deviance,
      nullDeviance: nullDeviance(total), pearsonChiSquare: pearson,
      logLikelihood: logLikelihood, observationCount: total, iterations: iterations)
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
        let mu = link.mean(eta, family: Family.self)
        let theta = link == .canonical ? eta : Family.naturalParameter(ofMean: mu)
        let variance = Family.varianceOfNaturalParameter(theta)
        let slope = link.meanDerivative(eta, family: Family.self)
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
      let mu = link.mean(b + offsets[i], family: Family.self)
      deviance += weights[i] * Family.unitDeviance(response[i], mean: mu)
    }
    return deviance
  }
}
