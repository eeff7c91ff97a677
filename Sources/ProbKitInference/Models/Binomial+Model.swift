import ProbKitCore
public import ProbKitDistributions

extension Binomial: ConjugateModel {
  /// The conjugate prior on the success probability p.
  public typealias Prior = Beta

  /// One parameter, p (the number of trials is known).
  public var parameterCount: Int { 1 }

  /// The sufficient statistics of success counts out of a known number of
  /// trials n: the weighted successes, the total weight, and Σ wᵢ log C(n, kᵢ)
  /// for the likelihood's constant.
  ///
  /// S = Σᵢ wᵢkᵢ successes and F = Σᵢ wᵢ(n − kᵢ) failures.
  ///
  /// ```swift
  /// let statistics = try Binomial.Statistics([3, 5, 4], trials: 10)
  /// statistics.successes  // 12.0
  /// let other = try Binomial.Statistics([7], trials: 20)
  /// (try? statistics + other) == nil  // true: different trials do not merge
  /// ```
  public struct Statistics: SufficientStatistics {
    /// The known number of trials per observation.
    public let trials: Int
    var successCount: DoubleDouble
    var weight: DoubleDouble
    var logCoefficients: DoubleDouble

    /// No observations of `trials` trials each.
    ///
    /// - Parameter trials: The number of trials n behind every count, ≥ 0.
    /// - Throws: ``FitError`` unless trials ≥ 0.
    public init(trials: Int) throws(FitError) {
      try DataCheck(model: "Binomial").trials(trials)
      self.trials = trials
      successCount = .zero
      weight = .zero
      logCoefficients = .zero
    }

    /// The statistics of success counts `data`, each in 0...trials.
    ///
    /// - Parameters:
    ///   - data: The success counts, each in 0...trials.
    ///   - trials: The number of trials n behind every count, ≥ 0.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for trials < 0, a count outside 0...trials, or
    ///   a bad weight.
    public init(_ data: [Int], trials: Int, weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Binomial")
      try self.init(trials: trials)
      try check.weights(weights, count: data.count)
      for (index, k) in data.enumerated() {
        guard k >= 0, k <= trials else { throw check.invalid(index, "in 0...\(trials)", k) }
        let w = weights?[index] ?? 1
        successCount += DoubleDouble.product(w, Double(k))
        weight += w
        logCoefficients += DoubleDouble.product(
          w, SpecialFunctions.logBinomialCoefficient(trials, k))
      }
    }

    /// Σ wᵢkᵢ.
    public var successes: Double { successCount.value }
    /// Σ wᵢ(n - kᵢ).
    public var failures: Double { (weight * Double(trials) - successCount).value }
    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }

    func checkStructure(_ other: Statistics) throws(FitError) {
      guard trials == other.trials else {
        throw DataCheck(model: "Binomial").mismatch("trials \(trials) and \(other.trials)")
      }
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      try checkStructure(other)
      var merged = self
      merged.successCount += other.successCount
      merged.weight += other.weight
      merged.logCoefficients += other.logCoefficients
      return merged
    }

    /// Requires the successes, failures and total weight to be finite.
    func checkFinite() throws(FitError) {
      let check = DataCheck(model: "Binomial")
      try check.finite(weight.hi, "the total weight of the observations")
      try check.finite(successCount.hi, "the number of successes Σwᵢkᵢ")
      try check.finite((weight * Double(trials)).hi, "the number of trials W·n")
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      try checkStructure(batch)
      let check = DataCheck(model: "Binomial")
      var result = self
      result.successCount = try check.remove(successCount, batch.successCount, "successes")
      result.weight = try check.remove(weight, batch.weight, "total weight")
      result.logCoefficients = logCoefficients - batch.logCoefficients
      return result
    }
  }

  /// Fits p to success counts out of `trials` each.
  ///
  /// MLE: p̂ = Σwᵢkᵢ / (n Σwᵢ). MAP under Beta(α, β): the mode of
  /// Beta(α + Σwᵢkᵢ, β + Σwᵢ(n - kᵢ)).
  ///
  /// ```swift
  /// try Binomial.fit([3, 5, 4], trials: 10, estimator: .mle).model  // p = 12/30 = 0.4
  /// let prior = try Beta(alpha: 2, beta: 2)
  /// try Binomial.fit([3, 5, 4], trials: 10, estimator: .map(prior)).model  // 13/32 = 0.40625
  /// ```
  ///
  /// - Parameters:
  ///   - data: The success counts, each in 0...trials.
  ///   - trials: The number of trials n behind every count.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a `Beta` prior.
  /// - Returns: The fitted model (with `trials` n) and its log-likelihood.
  /// - Throws: ``FitError`` for a bad count or weight, no data (MLE), or a
  ///   posterior without a unique mode (MAP).
  public static func fit(
    _ data: [Int], trials: Int, weights: [Double]? = nil, estimator: Estimator<Beta> = .mle
  ) throws(FitError) -> Fit<Binomial> {
    try fit(Statistics(data, trials: trials, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Beta>) throws(FitError)
    -> Fit<Binomial>
  {
    switch estimator {
    case .mle:
      let trialCount = statistics.weight * Double(statistics.trials)
      guard trialCount.hi > 0 else { throw .emptyData(model: "Binomial") }
      try statistics.checkFinite()
      let model = try DataCheck(model: "Binomial").build { () throws(DistributionError) in
        try Binomial(
          trials: statistics.trials, probability: (statistics.successCount / trialCount).value)
      }
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  /// Σ wᵢ log C(n, kᵢ) + S log p + F log(1 - p).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    let direct =
      statistics.logCoefficients.value + SpecialFunctions.xlogy(statistics.successes, probability)
      + SpecialFunctions.xlog1py(statistics.failures, -probability)
    guard direct.isNaN, statistics.weight.hi > 0 else { return direct }
    // Terms beyond Double of both signs (∞ − ∞): W times the per-weight
    // value, ±∞.
    let w = statistics.weight
    let failures = (w * Double(statistics.trials) - statistics.successCount) / w
    return statistics.totalWeight
      * ((statistics.logCoefficients / w).value
        + SpecialFunctions.xlogy((statistics.successCount / w).value, probability)
        + SpecialFunctions.xlog1py(failures.value, -probability))
  }

  /// The posterior of `prior` given success counts out of `trials` each.
  ///
  /// ```swift
  /// let prior = try Beta(alpha: 2, beta: 2)
  /// let batches = try Binomial.posterior(prior: prior, data: [3, 5, 4], trials: 10)
  /// batches.distribution  // Beta(alpha: 14.0, beta: 20.0)
  /// batches.predictive    // BetaBinomial(trials: 10, alpha: 14.0, beta: 20.0)
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `Beta` prior on p.
  ///   - data: The success counts, each in 0...trials.
  ///   - trials: The number of trials n behind every count.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior Beta(α + S, β + F); its predictive is the
  ///   beta-binomial count of the next n trials.
  /// - Throws: ``FitError`` for a bad count or weight.
  public static func posterior(
    prior: Beta, data: [Int], trials: Int, weights: [Double]? = nil
  ) throws(FitError) -> Posterior<Binomial> {
    try Posterior(prior: prior, statistics: Statistics(data, trials: trials, weights: weights))
  }

  /// Beta(α + S, β + F).
  ///
  /// - Throws: ``FitError/overflow(model:quantity:)`` when a statistic of the
  ///   data or an updated parameter is beyond `Double`; ``FitError`` when the
  ///   updated parameters are not valid.
  public static func posteriorDistribution(_ prior: Beta, _ statistics: Statistics)
    throws(FitError) -> Beta
  {
    let check = DataCheck(model: "Binomial")
    try statistics.checkFinite()
    let alpha = try check.finite(
      prior.alpha + statistics.successes, "the posterior alpha (prior alpha + successes)")
    let beta = try check.finite(
      prior.beta + statistics.failures, "the posterior beta (prior beta + failures)")
    return try check.build { () throws(DistributionError) in try Beta(alpha: alpha, beta: beta) }
  }

  /// Σ wᵢ log C(n, kᵢ) + log B(α + S, β + F) - log B(α, β).
  public static func logMarginalLikelihood(_ prior: Beta, _ statistics: Statistics) -> Double {
    statistics.logCoefficients.value
      + SpecialFunctions.logBeta(
        prior.alpha + statistics.successes, prior.beta + statistics.failures)
      - SpecialFunctions.logBeta(prior.alpha, prior.beta)
  }

  /// BetaBinomial(n, α, β): the successes in a new observation of n trials.
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: Beta, _ statistics: Statistics) throws(FitError)
    -> BetaBinomial
  {
    try DataCheck(model: "Binomial").trials(statistics.trials)
    return try DataCheck(model: "Binomial").build { () throws(DistributionError) in
      try BetaBinomial(trials: statistics.trials, alpha: belief.alpha, beta: belief.beta)
    }
  }

  /// p at the Beta mode (boundary modes included).
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when the
  ///   Beta has no unique mode (α ≤ 1 and β ≤ 1).
  public static func mode(of belief: Beta, _ statistics: Statistics) throws(FitError) -> Binomial {
    guard let mode = belief.representableMode else {
      throw .estimateOutsideParameterSpace(
        model: "Binomial", reason: "\(belief) has no unique mode")
    }
    return try DataCheck(model: "Binomial").build { () throws(DistributionError) in
      try Binomial(trials: statistics.trials, probability: mode)
    }
  }

  /// p = α/(α + β).
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: Beta, _ statistics: Statistics) throws(FitError) -> Binomial {
    try DataCheck(model: "Binomial").build { () throws(DistributionError) in
      try Binomial(trials: statistics.trials, probability: belief.mean)
    }
  }

  /// The Beta prior's log density at p.
  public func logPriorDensity(_ prior: Beta) -> Double { prior.logDensity(probability) }
}
