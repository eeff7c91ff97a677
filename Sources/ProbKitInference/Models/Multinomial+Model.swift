import ProbKitCore
public import ProbKitDistributions

extension Multinomial: ConjugateModel {
  /// The conjugate prior on the probability vector.
  public typealias Prior = Dirichlet

  /// K - 1 free parameters (the number of trials is known).
  public var parameterCount: Int { probabilities.count - 1 }

  /// The sufficient statistics of count vectors that each total n trials: the
  /// weighted category totals, the total weight, and Σ wᵢ log(n!/Πₖ xᵢₖ!) for
  /// the likelihood's constant.
  ///
  /// cₖ = Σᵢ wᵢxᵢₖ for each category k.
  ///
  /// ```swift
  /// let ballots = try Multinomial.Statistics([[3, 1, 0], [2, 2, 0]])
  /// ballots.trials       // 4, from the first vector
  /// ballots.counts       // [5.0, 3.0, 0.0]
  /// ```
  public struct Statistics: SufficientStatistics {
    /// The trials n in every observation.
    public let trials: Int
    var weightedCounts: [DoubleDouble]
    var weight: DoubleDouble
    var logCoefficients: DoubleDouble

    /// No observations of `categoryCount` categories and `trials` trials.
    ///
    /// - Parameters:
    ///   - categoryCount: The number of categories K, ≥ 1.
    ///   - trials: The number of trials n in every observation, ≥ 0.
    /// - Throws: ``FitError`` unless categoryCount ≥ 1 and trials ≥ 0.
    public init(categoryCount: Int, trials: Int) throws(FitError) {
      let check = DataCheck(model: "Multinomial")
      guard categoryCount >= 1 else { throw check.argument("categoryCount", ">= 1", categoryCount) }
      try check.trials(trials)
      try check.size("categoryCount", categoryCount, of: DoubleDouble.self)
      self.trials = trials
      weightedCounts = Array(repeating: .zero, count: categoryCount)
      weight = .zero
      logCoefficients = .zero
    }

    /// The statistics of count vectors `data`, all of the same length K and
    /// total n (taken from the first; `trials` overrides, and is required for
    /// empty data).
    ///
    /// - Parameters:
    ///   - data: The count vectors, all of length K and total n.
    ///   - categoryCount: K; the first vector's length when `nil`.
    ///   - trials: n; the first vector's total when `nil`.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for empty data without `trials` and
    ///   `categoryCount`, a vector of another length or total, a negative
    ///   count, or a bad weight.
    public init(
      _ data: [[Int]], categoryCount: Int? = nil, trials: Int? = nil, weights: [Double]? = nil
    ) throws(FitError) {
      let check = DataCheck(model: "Multinomial")
      guard let k = categoryCount ?? data.first?.count, let n = trials ?? data.first?.reduce(0, +)
      else { throw .emptyData(model: "Multinomial") }
      try self.init(categoryCount: k, trials: n)
      try check.weights(weights, count: data.count)
      for (index, x) in data.enumerated() {
        guard x.count == k else { throw check.invalid(index, "a vector of \(k) counts", x) }
        guard x.allSatisfy({ $0 >= 0 }), x.reduce(0, +) == n else {
          throw check.invalid(index, "non-negative counts totalling \(n)", x)
        }
        let w = weights?[index] ?? 1
        var logCoefficient = SpecialFunctions.logFactorial(n)
        for (j, count) in x.enumerated() {
          weightedCounts[j] += DoubleDouble.product(w, Double(count))
          logCoefficient -= SpecialFunctions.logFactorial(count)
        }
        weight += w
        logCoefficients += DoubleDouble.product(w, logCoefficient)
      }
    }

    /// K.
    public var categoryCount: Int { weightedCounts.count }
    /// Σᵢ wᵢxᵢₖ for each category k.
    public var counts: [Double] { weightedCounts.map(\.value) }
    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }

    func checkStructure(_ other: Statistics) throws(FitError) {
      guard trials == other.trials, categoryCount == other.categoryCount else {
        throw DataCheck(model: "Multinomial").mismatch(
          "\(categoryCount) categories × \(trials) trials and "
            + "\(other.categoryCount) categories × \(other.trials) trials")
      }
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      try checkStructure(other)
      var merged = self
      for k in weightedCounts.indices { merged.weightedCounts[k] += other.weightedCounts[k] }
      merged.weight += other.weight
      merged.logCoefficients += other.logCoefficients
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      try checkStructure(batch)
      let check = DataCheck(model: "Multinomial")
      var result = self
      for k in weightedCounts.indices {
        result.weightedCounts[k] = try check.remove(
          weightedCounts[k], batch.weightedCounts[k], "count of category \(k)")
      }
      result.weight = try check.remove(weight, batch.weight, "total weight")
      result.logCoefficients = logCoefficients - batch.logCoefficients
      return result
    }
  }

  /// Fits the probabilities to count vectors of n trials each.
  ///
  /// MLE: p̂ₖ = Σᵢwᵢxᵢₖ / (nW). MAP under Dirichlet(α): the mode of
  /// Dirichlet(α + Σᵢwᵢxᵢ).
  ///
  /// ```swift
  /// let fit = try Multinomial.fit([[3, 1, 0], [2, 2, 0]], estimator: .mle)
  /// fit.model  // Multinomial(trials: 4, probabilities: [0.625, 0.375, 0.0])
  /// ```
  ///
  /// - Parameters:
  ///   - data: The count vectors, all of the first's length and total n.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a `Dirichlet`
  ///     prior of dimension K.
  /// - Returns: The fitted model (with n trials) and its log-likelihood.
  /// - Throws: ``FitError`` for empty data, a vector of another length or
  ///   total, a bad weight, a prior of another dimension, or a posterior
  ///   without a unique mode (MAP).
  public static func fit(
    _ data: [[Int]], weights: [Double]? = nil, estimator: Estimator<Dirichlet> = .mle
  ) throws(FitError) -> Fit<Multinomial> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Dirichlet>)
    throws(FitError) -> Fit<Multinomial>
  {
    switch estimator {
    case .mle:
      let total = statistics.weightedCounts.reduce(.zero, +)
      guard total.hi > 0 else { throw .emptyData(model: "Multinomial") }
      try DataCheck(model: "Multinomial").finite(total.hi, "the total of the counts")
      let model = try DataCheck(model: "Multinomial").build { () throws(DistributionError) in
        try Multinomial(
          trials: statistics.trials,
          probabilities: statistics.weightedCounts.map { ($0 / total).value })
      }
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  /// Σ wᵢ log(n!/Πxᵢₖ!) + Σₖ cₖ log pₖ.
  public func logLikelihood(_ statistics: Statistics) -> Double {
    guard statistics.categoryCount == probabilities.count else { return -.infinity }
    var sum = statistics.logCoefficients.value
    for (count, p) in zip(statistics.counts, probabilities) {
      sum += SpecialFunctions.xlogy(count, p)
    }
    guard sum.isNaN, statistics.weight.hi > 0 else { return sum }
    // Terms beyond Double of both signs (∞ − ∞): W times the per-weight
    // value, ±∞.
    let w = statistics.weight
    var average = (statistics.logCoefficients / w).value
    for (count, p) in zip(statistics.weightedCounts, probabilities) {
      average += SpecialFunctions.xlogy((count / w).value, p)
    }
    return statistics.totalWeight * average
  }

  /// The posterior of `prior` given count vectors of `trials` trials each.
  ///
  /// ```swift
  /// let votes = try Multinomial.posterior(
  ///   prior: Dirichlet(alphas: [1, 1, 1]), data: [[3, 1, 0], [2, 2, 0]], trials: 4)
  /// votes.distribution.alphas  // [6.0, 4.0, 1.0]
  /// votes.predictive           // DirichletMultinomial(trials: 4, alphas: [6.0, 4.0, 1.0])
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `Dirichlet` prior on the probabilities; its dimension is K.
  ///   - data: The count vectors, each of K counts totalling `trials`.
  ///   - trials: The number of trials n in every vector.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior Dirichlet(α + c); its predictive is the
  ///   Dirichlet-multinomial of the next n trials.
  /// - Throws: ``FitError`` for a vector of another length or total, or a
  ///   bad weight.
  public static func posterior(
    prior: Dirichlet, data: [[Int]], trials: Int, weights: [Double]? = nil
  ) throws(FitError) -> Posterior<Multinomial> {
    try Posterior(
      prior: prior,
      statistics: Statistics(
        data, categoryCount: prior.dimension, trials: trials, weights: weights))
  }

  /// Dirichlet(α + c).
  ///
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` when the prior's
  ///   dimension is not K.
  public static func posteriorDistribution(_ prior: Dirichlet, _ statistics: Statistics)
    throws(FitError) -> Dirichlet
  {
    guard prior.dimension == statistics.categoryCount else {
      throw .invalidArgument(
        model: "Multinomial", argument: "prior",
        requirement: "a Dirichlet of dimension \(statistics.categoryCount)",
        value: prior.description)
    }
    return try DataCheck(model: "Multinomial").dirichletPosterior(
      prior, counts: statistics.counts, total: statistics.weightedCounts.reduce(.zero, +).hi)
  }

  /// Σ wᵢ log(n!/Πxᵢₖ!) + log B(α + c) - log B(α).
  public static func logMarginalLikelihood(_ prior: Dirichlet, _ statistics: Statistics) -> Double {
    statistics.logCoefficients.value
      + SpecialFunctions.logMultivariateBeta(zip(prior.alphas, statistics.counts).map { $0 + $1 })
      - SpecialFunctions.logMultivariateBeta(prior.alphas)
  }

  /// DirichletMultinomial(n, α): the counts of a new observation of n trials.
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: Dirichlet, _ statistics: Statistics) throws(FitError)
    -> DirichletMultinomial
  {
    try DataCheck(model: "Multinomial").build { () throws(DistributionError) in
      try DirichletMultinomial(trials: statistics.trials, alphas: belief.alphas)
    }
  }

  /// The Dirichlet mode (boundary modes included).
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   every αₖ ≤ 1 (no unique mode).
  public static func mode(of belief: Dirichlet, _ statistics: Statistics) throws(FitError)
    -> Multinomial
  {
    try checkConcentration(belief)
    guard let mode = belief.mode else {
      throw .estimateOutsideParameterSpace(
        model: "Multinomial", reason: "\(belief) has no unique mode (every alpha <= 1)")
    }
    return try DataCheck(model: "Multinomial").build { () throws(DistributionError) in
      try Multinomial(trials: statistics.trials, probabilities: mode)
    }
  }

  /// pₖ = αₖ / Σα.
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: Dirichlet, _ statistics: Statistics) throws(FitError)
    -> Multinomial
  {
    try checkConcentration(belief)
    return try DataCheck(model: "Multinomial").build { () throws(DistributionError) in
      try Multinomial(trials: statistics.trials, probabilities: belief.mean)
    }
  }

  /// The Dirichlet prior's log density at p.
  public func logPriorDensity(_ prior: Dirichlet) -> Double { prior.logDensity(probabilities) }

  /// Requires the sum of `belief`'s alphas to be finite: its mean, mode and
  /// evidence divide by it.
  static func checkConcentration(_ belief: Dirichlet) throws(FitError) {
    try DataCheck(model: "Multinomial").concentration(belief)
  }
}
