import Foundation
public import ProbKitCore
public import ProbKitDistributions
public import ProbKitInference

extension SoftmaxRegression {
  /// The Laplace approximation to the posterior of the weights under a
  /// Gaussian prior: a multivariate normal at the MAP estimate whose
  /// covariance is the inverse Hessian of the negative log posterior there.
  ///
  /// ```swift
  /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
  /// let y = [0, 0, 1, 0, 1, 1]
  /// let laplace = try SoftmaxRegression.laplace(
  ///   features: x, labels: y, prior: GaussianPrior(standardDeviation: 1))
  /// laplace.parameterNames      // ["W[1][0]", "b[1] - b[0]"]
  /// laplace.parameters.mean     // [0.7670…, -0.3835…]: the MAP estimate
  /// laplace.parameters.variance.map { $0.squareRoot() }  // [0.5472…, 1.0044…]
  /// laplace.logEvidence         // -2.6426…; σ = 3 gives -2.8473…, so σ = 1 is preferred
  /// try laplace.predictiveProbabilities([3], draws: 2_000, using: RandomSource(seed: 7))
  /// // [0.2102…, 0.7897…], less sure than the plug-in MAP [0.1281…, 0.8718…]
  /// ```
  ///
  /// **Parameters.** The posterior is over ``parameterNames``: the weights of
  /// every penalised class (all K rows, or row 1 of a two-class model whose
  /// row 0 is the reference), then the intercept differences bₖ - b₀ for
  /// k = 1..<K (only differences of intercepts change the likelihood).
  ///
  /// **Evidence.** log p(y | X) ≈ log L(θ̂) + log p(θ̂) + (P/2) log 2π - ½ log det H.
  /// Unpenalised intercepts have a flat (improper) prior whose density is
  /// taken as 1, so the evidence is defined up to a constant that is the same
  /// for every σ: differences between priors that share the intercepts'
  /// treatment (as in ``empiricalBayes(features:labels:classCount:weights:standardDeviations:options:)``)
  /// are meaningful; absolute values are not.
  public struct LaplacePosterior: Sendable {
    /// The MAP fit the approximation is centred on.
    public let fit: Fit<SoftmaxRegression>
    /// The prior.
    public let prior: GaussianPrior
    /// The approximate posterior N(θ̂, H⁻¹) over the parameters, in the
    /// order of ``parameterNames``.
    public let parameters: MultivariateNormal
    /// `"W[k][d]"` and `"b[k] - b[0]"` labels of the posterior's coordinates.
    public let parameterNames: [String]
    /// The Laplace approximation to the log evidence (see the type's
    /// discussion of the flat intercept prior):
    /// log p(y | X) ≈ log L(θ̂) + log p(θ̂) + (P/2) log 2π - ½ log det H.
    public let logEvidence: Double

    /// The posterior predictive class probabilities at x, averaged over
    /// `draws` weights sampled from the approximate posterior:
    /// p(y = k | x) ≈ (1/S) Σₛ softmax(W⁽ˢ⁾x + b⁽ˢ⁾)ₖ.
    ///
    /// Where the weights are uncertain the average is less extreme than the
    /// plug-in `fit.model.probabilities(x)`; the same seed gives the same
    /// result.
    ///
    /// ```swift
    /// let laplace = try SoftmaxRegression.laplace(
    ///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1],
    ///   prior: GaussianPrior(standardDeviation: 1))
    /// try laplace.predictiveProbabilities([3], draws: 2_000, using: RandomSource(seed: 7))
    /// // [0.2102…, 0.7897…]
    /// try laplace.fit.model.probabilities([3])  // [0.1281…, 0.8718…], the plug-in MAP
    /// ```
    ///
    /// - Parameters:
    ///   - x: One observation's features.
    ///   - draws: S, the number of posterior draws (≥ 1); the Monte Carlo
    ///     error shrinks as 1/√S.
    ///   - source: The random source the draws come from.
    /// - Returns: K probabilities summing to 1.
    /// - Throws: `FitError` for a bad x or `draws` < 1.
    public func predictiveProbabilities(
      _ x: [Double], draws: Int = 1_000, using source: RandomSource
    ) throws(FitError) -> [Double] {
      let model = fit.model
      try model.check(x, row: 0)
      guard draws >= 1 else {
        throw .invalidArgument(
          model: "SoftmaxRegression", argument: "draws", requirement: ">= 1", value: "\(draws)")
      }
      let k = model.classCount
      let d = model.featureCount
      let firstPenalised = k - rowCount
      var average = [Double](repeating: 0, count: k)
      for _ in 0..<draws {
        let theta = parameters.sample(using: source)
        var logits = [Double](repeating: 0, count: k)
        for row in 0..<rowCount {
          let c = firstPenalised + row
          var sum = 0.0
          for j in 0..<d { sum += theta[row * d + j] * x[j] }
          logits[c] = sum
        }
        for c in 1..<k { logits[c] += theta[rowCount * d + c - 1] }
        let p = SpecialFunctions.softmax(logits)
        for c in 0..<k { average[c] += p[c] }
      }
      return average.map { $0 / Double(draws) }
    }

    /// The number of weight rows in the parameters (K, or 1 for two classes).
    var rowCount: Int {
      fit.model.classCount == 2 ? 1 : fit.model.classCount
    }
  }

  /// Fits by MAP under `prior` and returns the Laplace approximation to the
  /// posterior at the estimate.
  ///
  /// The posterior is approximated by N(θ̂, H⁻¹), with θ̂ the MAP estimate
  /// and H the Hessian of the negative log posterior there; see
  /// ``LaplacePosterior`` for more.
  ///
  /// ```swift
  /// let laplace = try SoftmaxRegression.laplace(
  ///   features: [[0.5, 1.2], [1.5, 0.3], [3.1, 2.2], [0.2, 0.1]], labels: [0, 1, 2, 0],
  ///   prior: GaussianPrior(standardDeviation: 1))
  /// laplace.parameterNames.count  // 8: all 3 × 2 weights, then b[1] - b[0] and b[2] - b[0]
  /// laplace.parameters.dimension  // 8
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features.
  ///   - labels: N class labels in 0..<classCount.
  ///   - classCount: K ≥ 2; the largest label + 1 if omitted.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - prior: The Gaussian prior on the weights.
  ///   - options: Optimiser and stopping rule for the MAP fit.
  /// - Returns: The MAP fit with the approximate posterior and log evidence.
  /// - Throws: `FitError` as `fit(features:labels:classCount:weights:estimator:options:)`,
  ///   or when the Hessian is not positive definite (collinear features).
  public static func laplace(
    features: [[Double]], labels: [Int], classCount: Int? = nil, weights: [Double]? = nil,
    prior: GaussianPrior, options: Options = Options()
  ) throws(FitError) -> LaplacePosterior {
    let fit = try SoftmaxRegression.fit(
      features: features, labels: labels, classCount: classCount, weights: weights,
      estimator: .map(prior), options: options)
    return try laplace(fit: fit, features: features, labels: labels, weights: weights, prior: prior)
  }

  /// The Laplace approximation at an existing MAP fit of the same data.
  static func laplace(
    fit: Fit<SoftmaxRegression>, features: [[Double]], labels: [Int], weights: [Double]?,
    prior: GaussianPrior
  ) throws(FitError) -> LaplacePosterior {
    let model = fit.model
    let k = model.classCount
    let d = model.featureCount
    let design = try DesignMatrix(features, featureCount: d, model: "SoftmaxRegression")
    let reference = k == 2
    let objective = SoftmaxObjective(
      design: design, standardization: Standardization(identityFor: d), labels: labels,
      sampleWeights: weights ?? Array(repeating: 1, count: labels.count), classCount: k,
      reference: reference, featurePrecisions: try prior.precisions(featureCount: d),
      interceptPrecision: prior.interceptPrecision)
    // θ in the objective's layout: free rows' weights, then free intercepts.
    var theta: [Double] = []
    for c in objective.firstFreeClass..<k { theta += model.coefficients[c] }
    for c in objective.firstFreeClass..<k { theta.append(model.intercepts[c]) }
    let full = objective.hessian(theta)
    // Keep every weight and the intercepts of classes 1..<K (drop b₀ when
    // all K intercepts are free: only their differences matter).
    let keep =
      Array(0..<(objective.freeClassCount * d))
      + (objective.firstFreeClass..<k).filter { $0 >= 1 }.map {
        objective.freeClassCount * d + ($0 - objective.firstFreeClass)
      }
    let size = keep.count
    var hessian = Matrix(rows: size, columns: size)
    for (i, a) in keep.enumerated() {
      for (j, b) in keep.enumerated() { hessian[i, j] = full[a, b] }
    }
    guard let factor = hessian.choleskyFactor() else {
      throw .collinearFeatures(model: "SoftmaxRegression")
    }
    var logDeterminant = 0.0
    for i in 0..<size { logDeterminant += 2 * log(factor[i, i]) }
    // H⁻¹, column by column.
    var covariance = Array(repeating: [Double](repeating: 0, count: size), count: size)
    for j in 0..<size {
      var unit = [Double](repeating: 0, count: size)
      unit[j] = 1
      let column = factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(unit))
      for i in 0..<size { covariance[i][j] = column[i] }
    }
    // Symmetrise against rounding.
    for i in 0..<size {
      for j in 0..<i {
        let mean = (covariance[i][j] + covariance[j][i]) / 2
        covariance[i][j] = mean
        covariance[j][i] = mean
      }
    }
    // Intercepts as differences from class 0's.
    var mean = keep.map { theta[$0] }
    for c in 1..<k { mean[objective.freeClassCount * d + c - 1] -= model.intercepts[0] }
    let parameters: MultivariateNormal
    do {
      parameters = try MultivariateNormal(mean: mean, covariance: covariance)
    } catch {
      throw .invalidParameter(error)
    }
    var names: [String] = []
    for c in objective.firstFreeClass..<k { for j in 0..<d { names.append("W[\(c)][\(j)]") } }
    for c in 1..<k { names.append("b[\(c)] - b[0]") }
    let logPrior = try model.logPriorDensity(prior, reference: reference)
    let logEvidence =
      fit.logLikelihood + logPrior + Double(size) / 2 * log(2 * Double.pi) - logDeterminant / 2
    return LaplacePosterior(
      fit: fit, prior: prior, parameters: parameters, parameterNames: names,
      logEvidence: logEvidence)
  }

  /// A MAP fit whose prior's σ maximises the Laplace evidence (empirical
  /// Bayes / type-II maximum likelihood).
  ///
  /// σ̂ = argmax_σ log p(y | X, σ), with the log evidence from
  /// ``LaplacePosterior/logEvidence``.
  ///
  /// ```swift
  /// let chosen = try SoftmaxRegression.empiricalBayes(
  ///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1])
  /// chosen.standardDeviation                // 1.3904…
  /// chosen.posterior.fit.model.coefficients  // [[0.0], [0.9074…]]
  /// chosen.evaluations.count                 // 32 MAP fits
  /// ```
  public struct EmpiricalBayesFit: Sendable {
    /// The chosen σ.
    public let standardDeviation: Double
    /// The Laplace posterior at the chosen σ (its `fit` is the MAP fit).
    public let posterior: LaplacePosterior
    /// Every σ tried, with its log evidence, in the order tried.
    public let evaluations: [(standardDeviation: Double, logEvidence: Double)]
  }

  /// Chooses the prior's σ by maximising the Laplace log evidence, then
  /// returns the MAP fit and its Laplace posterior at that σ.
  ///
  /// The search is a golden-section search on log σ over `standardDeviations`
  /// (default 10⁻³…10³) to a relative width of 1e-4, after a coarse grid of
  /// one point per decade to bracket the maximum; each evaluation is one MAP
  /// fit (warm-started from the previous one) and one Hessian.
  ///
  /// See ``EmpiricalBayesFit`` for an example. The search does not look
  /// beyond the range: when the classes are (nearly) separable the evidence
  /// can keep rising with σ and the result is the upper bound, and when the
  /// features carry little information about the labels it can be the lower
  /// bound; compare ``EmpiricalBayesFit/standardDeviation`` with both ends.
  ///
  /// ```swift
  /// let chosen = try SoftmaxRegression.empiricalBayes(
  ///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1],
  ///   standardDeviations: 0.1...10)
  /// chosen.standardDeviation  // 1.3904…, inside the range
  /// chosen.posterior.prior    // GaussianPrior(standardDeviation: 1.3904…)
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features.
  ///   - labels: N class labels in 0..<classCount.
  ///   - classCount: K ≥ 2; the largest label + 1 if omitted.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - standardDeviations: The σ range searched, within (0, ∞).
  ///   - options: Optimiser and stopping rule for each MAP fit; every fit
  ///     after the first starts from the previous one's model.
  /// - Returns: The chosen σ, its MAP fit and Laplace posterior, and every
  ///   σ tried.
  /// - Throws: `FitError` as ``laplace(features:labels:classCount:weights:prior:options:)``,
  ///   or for a range that is not within (0, ∞).
  public static func empiricalBayes(
    features: [[Double]], labels: [Int], classCount: Int? = nil, weights: [Double]? = nil,
    standardDeviations: ClosedRange<Double> = 1e-3...1e3, options: Options = Options()
  ) throws(FitError) -> EmpiricalBayesFit {
    guard standardDeviations.lowerBound > 0, standardDeviations.upperBound.isFinite else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "standardDeviations",
        requirement: "within (0, ∞)", value: "\(standardDeviations)")
    }
    var evaluations: [(standardDeviation: Double, logEvidence: Double)] = []
    var cache: [Double: LaplacePosterior] = [:]
    var warm = options
    func evidence(_ logSigma: Double) throws(FitError) -> Double {
      let sigma = exp(logSigma)
      if let known = cache[logSigma] { return known.logEvidence }
      let posterior = try laplace(
        features: features, labels: labels, classCount: classCount, weights: weights,
        prior: GaussianPrior(standardDeviation: sigma), options: warm)
      warm.warmStart = posterior.fit.model
      cache[logSigma] = posterior
      evaluations.append((sigma, posterior.logEvidence))
      return posterior.logEvidence
    }
    let low = log(standardDeviations.lowerBound)
    let high = log(standardDeviations.upperBound)
    // A coarse grid, one point per decade, brackets the maximum.
    let steps = max(2, Int(((high - low) / log(10)).rounded(.up)))
    let grid = (0...steps).map { low + (high - low) * Double($0) / Double(steps) }
    var values: [Double] = []
    for point in grid { values.append(try evidence(point)) }
    var best = 0
    for i in values.indices where values[i] > values[best] { best = i }
    var a = grid[max(best - 1, 0)]
    var b = grid[min(best + 1, grid.count - 1)]
    let ratio = (5.0.squareRoot() - 1) / 2
    var c = b - ratio * (b - a)
    var d = a + ratio * (b - a)
    var fc = try evidence(c)
    var fd = try evidence(d)
    while b - a > 1e-4 {
      if fc > fd {
        b = d
        d = c
        fd = fc
        c = b - ratio * (b - a)
        fc = try evidence(c)
      } else {
        a = c
        c = d
        fc = fd
        d = a + ratio * (b - a)
        fd = try evidence(d)
      }
    }
    let chosen = fc > fd ? c : d
    let bestGrid = grid[best]
    let logSigma = (cache[chosen]?.logEvidence ?? -.infinity) >= values[best] ? chosen : bestGrid
    guard let posterior = cache[logSigma] else {
      throw .didNotConverge(
        model: "SoftmaxRegression", iterations: evaluations.count, gradientNorm: .nan)
    }
    return EmpiricalBayesFit(
      standardDeviation: exp(logSigma), posterior: posterior, evaluations: evaluations)
  }
}
