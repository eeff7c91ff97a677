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
  ///   or `FitError.invalidArgument` for a prior so wide that the Hessian is
  ///   not positive definite in double precision (with K ≥ 3 classes, adding
  ///   a vector to every row of W changes only the prior, so 1/σ² must stay
  ///   above the rounding of the data's curvature: σ ≲ 10⁷ for data of unit
  ///   scale).
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
    try laplace(
      at: laplacePoint(
        fit: fit, features: features, labels: labels, weights: weights, prior: prior),
      prior: prior)
  }

  /// The Laplace approximation at a polished MAP estimate: N(θ̂, H⁻¹).
  static func laplace(at point: LaplacePoint, prior: GaussianPrior) throws(FitError)
    -> LaplacePosterior
  {
    let model = point.fit.model
    let objective = point.objective
    let k = model.classCount
    let d = model.featureCount
    let inverse = point.curvature.inverse
    let size = inverse.rows
    let covariance = (0..<size).map { Array(inverse.values[($0 * size)..<(($0 + 1) * size)]) }
    // Intercepts as differences from class 0's.
    let intercepts = objective.freeClassCount * d
    var mean = point.curvature.keep.map { point.theta[$0] }
    if objective.firstFreeClass == 0 {
      for c in 1..<k { mean[intercepts + c - 1] -= point.theta[intercepts] }
    }
    let parameters: MultivariateNormal
    do {
      parameters = try MultivariateNormal(mean: mean, covariance: covariance)
    } catch {
      throw .invalidParameter(error)
    }
    var names: [String] = []
    for c in objective.firstFreeClass..<k { for j in 0..<d { names.append("W[\(c)][\(j)]") } }
    for c in 1..<k { names.append("b[\(c)] - b[0]") }
    return LaplacePosterior(
      fit: point.fit, prior: prior, parameters: parameters, parameterNames: names,
      logEvidence: point.logEvidence)
  }

  /// A MAP estimate polished to the evidence's accuracy, with the curvature
  /// and the Laplace log evidence there.
  struct LaplacePoint {
    /// The MAP fit at ``theta``.
    let fit: Fit<SoftmaxRegression>
    /// The objective in raw coordinates (no standardisation).
    let objective: SoftmaxObjective
    /// θ̂ in the objective's layout.
    let theta: [Double]
    let curvature: PosteriorCurvature
    /// log L(θ̂) + log p(θ̂) + (P/2) log 2π - ½ log det H.
    let logEvidence: Double
  }

  /// The Newton decrement ½ gᵀH⁻¹g (nats) at which the polishing stops.
  ///
  /// The decrement predicts the distance to the minimum; steps also stop when
  /// it no longer shrinks (rounding). Far below the evidence's own accuracy on purpose: along the
  /// prior's flat directions (H ≈ 1/σ²) a decrement of 10⁻¹² leaves θ off by
  /// √(10⁻¹² σ²), which moved log det H by 10⁻⁶ in the tests.
  static let evidenceTolerance = 1e-20

  /// Below this Newton decrement (nats) full Newton steps are taken.
  static let quadraticRegion = 1e-6

  /// Polishes a MAP fit by Newton steps on the negative log posterior until
  /// ½ gᵀH⁻¹g ≤ ``evidenceTolerance`` (or rounding) and evaluates the Laplace evidence
  /// there: a gradient-norm stopping rule leaves a fit whose prior is weak
  /// (large σ) far from the optimum along flat directions, and log det H with
  /// it.
  static func laplacePoint(
    fit: Fit<SoftmaxRegression>, features: [[Double]], labels: [Int], weights: [Double]?,
    prior: GaussianPrior
  ) throws(FitError) -> LaplacePoint {
    let name = "SoftmaxRegression"
    let k = fit.model.classCount
    let d = fit.model.featureCount
    let design = try DesignMatrix(features, featureCount: d, model: name)
    let reference = k == 2
    let identity = Standardization(identityFor: d)
    let objective = SoftmaxObjective(
      design: design, standardization: identity, labels: labels,
      sampleWeights: weights ?? Array(repeating: 1, count: labels.count), classCount: k,
      reference: reference, featurePrecisions: try prior.precisions(featureCount: d),
      interceptPrecision: prior.interceptPrecision)
    var theta = try startingPoint(fit.model, objective, identity)
    var (value, gradient) = objective.valueAndGradient(theta)
    func curvatureAt(_ theta: [Double]) throws(FitError) -> PosteriorCurvature {
      guard let curvature = PosteriorCurvature(objective, at: theta) else {
        throw .invalidArgument(
          model: name, argument: "prior",
          requirement:
            "narrow enough that the Laplace posterior's Hessian is positive definite in double "
            + "precision (1/σ² and the data's curvature above rounding)",
          value: prior.description)
      }
      return curvature
    }
    var curvature = try curvatureAt(theta)
    var steps = 0
    var evaluations = 1
    var previousDecrement = Double.infinity
    while true {
      let g = curvature.keep.map { gradient[$0] }
      let step = curvature.solve(g)
      let decrement = zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }
      // Done, or at the rounding floor: in the quadratic region each step
      // squares the decrement, unless rounding stops it.
      if decrement / 2 <= evidenceTolerance
        || decrement / 2 <= Self.quadraticRegion
          && decrement > previousDecrement / 2
      {
        break
      }
      guard steps < 100 else {
        throw .didNotConverge(model: name, iterations: steps, gradientNorm: maxNorm(g))
      }
      var length = 1.0
      var accepted = false
      while length >= 1e-10 && !accepted {
        var candidate = theta
        for (i, index) in curvature.keep.enumerated() { candidate[index] -= length * step[i] }
        let (candidateValue, candidateGradient) = objective.valueAndGradient(candidate)
        evaluations += 1
        // Full Newton steps in the quadratic region, where the decrease
        // (about decrement / 2) can be below the rounding of f.
        let quadratic = length == 1 && decrement / 2 <= Self.quadraticRegion
        let rounding = 1e-12 * max(1, abs(value))
        if candidateValue <= value - 1e-4 * length * decrement
          || quadratic && candidateValue <= value + rounding
        {
          (theta, value, gradient) = (candidate, candidateValue, candidateGradient)
          accepted = true
        }
        length /= 2
      }
      guard accepted else {
        throw .didNotConverge(model: name, iterations: steps, gradientNorm: maxNorm(g))
      }
      previousDecrement = decrement
      steps += 1
      curvature = try curvatureAt(theta)
    }
    let model = try fittedModel(theta, objective, identity)
    let logLikelihood = -(value - objective.penalty(theta))
    let logPrior = try prior.logDensity(of: model, reference: reference)
    let size = Double(curvature.keep.count)
    let logEvidence =
      logLikelihood + logPrior + size / 2 * log(2 * Double.pi) - curvature.logDeterminant / 2
    let previous = fit.optimization
    let report = OptimizationReport(
      iterations: (previous?.iterations ?? 0) + steps,
      functionEvaluations: (previous?.functionEvaluations ?? 0) + evaluations,
      gradientEvaluations: (previous?.gradientEvaluations ?? 0) + evaluations,
      gradientNorm: maxNorm(gradient), converged: true)
    let polished = Fit(
      model: model, method: .maximumAPosteriori, logLikelihood: logLikelihood, logPrior: logPrior,
      observationCount: fit.observationCount, optimization: report)
    return LaplacePoint(
      fit: polished, objective: objective, theta: theta, curvature: curvature,
      logEvidence: logEvidence)
  }

  private static func maxNorm(_ values: [Double]) -> Double {
    values.reduce(0) { max($0, abs($1)) }
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
  /// chosen.boundary                         // nil: a maximum inside 10⁻³…10³
  /// chosen.posterior.fit.model.coefficients  // [[0.0], [0.9074…]]
  /// ```
  public struct EmpiricalBayesFit: Sendable {
    /// The chosen σ.
    public let standardDeviation: Double
    /// The Laplace posterior at the chosen σ (its `fit` is the MAP fit).
    public let posterior: LaplacePosterior
    /// Every σ tried, with its log evidence, in the order tried.
    public let evaluations: [(standardDeviation: Double, logEvidence: Double)]
    /// The end of the searched range that σ̂ lies at, or `nil` inside it.
    ///
    /// "At" is within the search's tolerance (10⁻⁴ in log σ), or with the
    /// evidence at that end within 10⁻⁶ nats of the maximum (a plateau). Such
    /// a σ̂ is not a maximum of the evidence: the evidence still rises, or
    /// stays level, beyond it.
    public let boundary: Boundary?

    /// Why the evidence peaks at an end of the range.
    public enum Boundary: Sendable, Equatable {
      /// At the lower end: the data favour ever stronger shrinkage (the
      /// features carry little information about the labels).
      case lower
      /// At the upper end. `separable` when the classes are separated (the
      /// MAP fit at the bound classifies every row correctly, or the
      /// maximum-likelihood fit reports separation): the evidence then rises
      /// towards the likelihood's supremum as σ → ∞, and no σ is meaningful.
      case upper(separable: Bool)
    }
  }

  /// Chooses the prior's σ by maximising the Laplace log evidence, then
  /// returns the MAP fit and its Laplace posterior at that σ.
  ///
  /// The search brackets the maximum of log p(y | X, σ) on a grid of one
  /// point per decade of `standardDeviations` (default 10⁻³…10³), then
  /// narrows the bracket by golden sections on log σ until it is 10⁻⁴ wide:
  /// σ̂ is within 0.01% of the maximiser when the evidence is unimodal on the
  /// bracket. Each evaluation is a MAP fit (warm-started from the previous
  /// one) polished by Newton steps to rounding (½ gᵀH⁻¹g ≤ 10⁻²⁰ or no longer
  /// shrinking), so that every evidence is evaluated at its own optimum.
  ///
  /// The search does not look beyond the range: when the classes are
  /// (nearly) separable the evidence can keep rising with σ, and when the
  /// features carry little information it can keep rising as σ falls. Such
  /// a result is flagged in ``EmpiricalBayesFit/boundary``.
  ///
  /// ```swift
  /// let chosen = try SoftmaxRegression.empiricalBayes(
  ///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1],
  ///   standardDeviations: 0.1...10)
  /// chosen.standardDeviation  // 1.3904…, inside the range
  /// chosen.posterior.prior    // GaussianPrior(standardDeviation: 1.3904…)
  /// let separated = try SoftmaxRegression.empiricalBayes(
  ///   features: [[0], [1], [2], [3]], labels: [0, 0, 1, 1])
  /// separated.boundary        // .upper(separable: true)
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features.
  ///   - labels: N class labels in 0..<classCount.
  ///   - classCount: K ≥ 2; the largest label + 1 if omitted.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - standardDeviations: The σ range searched: positive width, within
  ///     ``GaussianPrior/standardDeviationRange``.
  ///   - options: Optimiser and stopping rule for each MAP fit; every fit
  ///     after the first starts from the previous one's model.
  /// - Returns: The chosen σ, its MAP fit and Laplace posterior, every σ
  ///   tried, and whether σ̂ is at an end of the range.
  /// - Throws: `FitError` as ``laplace(features:labels:classCount:weights:prior:options:)``,
  ///   or for a range of zero width or outside 1e-150…1e150.
  public static func empiricalBayes(
    features: [[Double]], labels: [Int], classCount: Int? = nil, weights: [Double]? = nil,
    standardDeviations: ClosedRange<Double> = 1e-3...1e3, options: Options = Options()
  ) throws(FitError) -> EmpiricalBayesFit {
    let allowed = GaussianPrior.standardDeviationRange
    guard allowed.contains(standardDeviations.lowerBound),
      allowed.contains(standardDeviations.upperBound),
      standardDeviations.lowerBound < standardDeviations.upperBound
    else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "standardDeviations",
        requirement: "a range of positive width within [1e-150, 1e150]",
        value: "\(standardDeviations)")
    }
    var evaluations: [(standardDeviation: Double, logEvidence: Double)] = []
    var cache: [Double: LaplacePoint] = [:]
    var warm = options
    func evidence(_ logSigma: Double) throws(FitError) -> Double {
      if let known = cache[logSigma] { return known.logEvidence }
      let sigma = exp(logSigma)
      let prior = try GaussianPrior(standardDeviation: sigma)
      let fit = try SoftmaxRegression.fit(
        features: features, labels: labels, classCount: classCount, weights: weights,
        estimator: .map(prior), options: warm)
      let point = try laplacePoint(
        fit: fit, features: features, labels: labels, weights: weights, prior: prior)
      warm.warmStart = point.fit.model
      cache[logSigma] = point
      evaluations.append((sigma, point.logEvidence))
      return point.logEvidence
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
    let tolerance = 1e-4
    while b - a > tolerance {
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
    // The best σ evaluated (the grid holds both ends of the range).
    guard let (logSigma, point) = cache.max(by: { $0.value.logEvidence < $1.value.logEvidence }),
      let atLow = values.first, let atHigh = values.last
    else {
      throw .didNotConverge(model: "SoftmaxRegression", iterations: 0, gradientNorm: .nan)
    }
    // At a bound, or on a plateau reaching it: the evidence there is within
    // rounding of the maximum.
    let plateau = 1e-6
    var boundary: EmpiricalBayesFit.Boundary?
    if logSigma - low <= tolerance || point.logEvidence - atLow <= plateau {
      boundary = .lower
    } else if high - logSigma <= tolerance || point.logEvidence - atHigh <= plateau {
      boundary = .upper(
        separable: try separates(point.fit.model, features, labels, weights)
          || maximumLikelihoodSeparates(features, labels, classCount, weights))
    }
    return EmpiricalBayesFit(
      standardDeviation: exp(logSigma),
      posterior: try laplace(at: point, prior: GaussianPrior(standardDeviation: exp(logSigma))),
      evaluations: evaluations, boundary: boundary)
  }

  /// Whether `model` classifies every row of positive weight correctly: a
  /// witness that the classes are (completely) separable.
  private static func separates(
    _ model: SoftmaxRegression, _ features: [[Double]], _ labels: [Int], _ weights: [Double]?
  ) throws(FitError) -> Bool {
    for (n, x) in features.enumerated() where (weights?[n] ?? 1) > 0 {
      let p = try model.probabilities(x)
      guard let predicted = p.indices.max(by: { p[$0] < p[$1] }), predicted == labels[n] else {
        return false
      }
    }
    return true
  }

  /// Whether the maximum-likelihood fit reports separation (complete or
  /// quasi-complete).
  private static func maximumLikelihoodSeparates(
    _ features: [[Double]], _ labels: [Int], _ classCount: Int?, _ weights: [Double]?
  ) -> Bool {
    do {
      _ = try SoftmaxRegression.fit(
        features: features, labels: labels, classCount: classCount, weights: weights,
        estimator: .mle)
      return false
    } catch .separation {
      return true
    } catch {
      return false
    }
  }
}
