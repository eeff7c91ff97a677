import ProbKitCore
public import ProbKitDistributions

extension Bernoulli: ConjugateModel {
  /// The conjugate prior on the probability p.
  public typealias Prior = Beta

  /// One parameter, p.
  public var parameterCount: Int { 1 }

  /// The sufficient statistics of 0/1 observations: the weighted numbers of
  /// ones and zeros.
  ///
  /// n₁ = Σᵢ wᵢxᵢ and n₀ = Σᵢ wᵢ(1 − xᵢ).
  ///
  /// ```swift
  /// var statistics = try Bernoulli.Statistics([1, 0, 1])
  /// statistics = try statistics + Bernoulli.Statistics([true, true])
  /// try Bernoulli.fit(statistics, estimator: .mle).model  // Bernoulli(probability: 0.8)
  /// ```
  public struct Statistics: SufficientStatistics {
    /// Σ wᵢ over the observations equal to 1.
    var ones: DoubleDouble
    /// Σ wᵢ over the observations equal to 0.
    var zeros: DoubleDouble

    /// No observations.
    ///
    /// The starting point of a running total.
    public init() {
      ones = .zero
      zeros = .zero
    }

    /// The statistics of `data`, each 0 or 1, with optional weights (counts).
    ///
    /// - Parameters:
    ///   - data: The observations, each 0 or 1.
    ///   - weights: One finite weight ≥ 0 per observation (an observation of
    ///     weight w counts w times); all 1 when `nil`.
    /// - Throws: ``FitError`` naming the first observation that is not 0 or 1,
    ///   or a bad weight.
    public init(_ data: [Int], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Bernoulli")
      try check.weights(weights, count: data.count)
      self.init()
      for (index, x) in data.enumerated() {
        let weight = weights?[index] ?? 1
        switch x {
        case 1: ones += weight
        case 0: zeros += weight
        default: throw check.invalid(index, "0 or 1", x)
        }
      }
    }

    /// The statistics of Boolean observations (`true` is 1).
    ///
    /// - Parameters:
    ///   - data: The observations.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for a bad weight.
    public init(_ data: [Bool], weights: [Double]? = nil) throws(FitError) {
      try self.init(data.map { $0 ? 1 : 0 }, weights: weights)
    }

    /// The weighted number of ones, Σ wᵢxᵢ.
    public var successes: Double { ones.value }
    /// The weighted number of zeros, Σ wᵢ(1 - xᵢ).
    public var failures: Double { zeros.value }
    /// W = Σ wᵢ.
    public var totalWeight: Double { (ones + zeros).value }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      var merged = self
      merged.ones += other.ones
      merged.zeros += other.zeros
      return merged
    }

    /// Requires the weights of the ones and of the zeros to be finite.
    func checkFinite() throws(FitError) {
      let check = DataCheck(model: "Bernoulli")
      try check.finite(ones.hi, "the total weight of the ones")
      try check.finite(zeros.hi, "the total weight of the zeros")
      try check.finite((ones + zeros).hi, "the total weight of the observations")
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      let check = DataCheck(model: "Bernoulli")
      var result = self
      result.ones = try check.remove(ones, batch.ones, "number of ones")
      result.zeros = try check.remove(zeros, batch.zeros, "number of zeros")
      return result
    }
  }

  /// Fits p to 0/1 observations.
  ///
  /// MLE: p̂ = Σwᵢxᵢ / Σwᵢ. MAP under Beta(α, β): the mode of
  /// Beta(α + Σwᵢxᵢ, β + Σwᵢ(1 - xᵢ)), 0 or 1 on the boundary.
  ///
  /// ```swift
  /// try Bernoulli.fit([1, 0, 1, 1], estimator: .mle).model  // Bernoulli(probability: 0.75)
  /// let prior = try Beta(alpha: 2, beta: 2)
  /// try Bernoulli.fit([1, 1, 1], estimator: .map(prior)).model  // (2 + 3 − 1)/(4 + 3 − 2) = 0.8
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations, each 0 or 1.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a `Beta` prior.
  /// - Returns: The fitted model with its log-likelihood and criteria.
  /// - Throws: ``FitError`` for an observation other than 0 or 1, a bad
  ///   weight, or no data (MLE); for MAP, when Beta(α + n₁, β + n₀) has no
  ///   unique mode (α + n₁ ≤ 1 and β + n₀ ≤ 1).
  public static func fit(
    _ data: [Int], weights: [Double]? = nil, estimator: Estimator<Beta> = .mle
  ) throws(FitError) -> Fit<Bernoulli> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  /// Fits p to Boolean observations (`true` is 1).
  ///
  /// ```swift
  /// try Bernoulli.fit([true, false, true, true]).model  // Bernoulli(probability: 0.75)
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a `Beta` prior.
  /// - Returns: The fitted model with its log-likelihood and criteria.
  /// - Throws: ``FitError`` as the 0/1 form does.
  public static func fit(
    _ data: [Bool], weights: [Double]? = nil, estimator: Estimator<Beta> = .mle
  ) throws(FitError) -> Fit<Bernoulli> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Beta>) throws(FitError)
    -> Fit<Bernoulli>
  {
    switch estimator {
    case .mle:
      let total = statistics.ones + statistics.zeros
      guard total.hi > 0 else { throw .emptyData(model: "Bernoulli") }
      try statistics.checkFinite()
      let model = try DataCheck(model: "Bernoulli").build { () throws(DistributionError) in
        try Bernoulli(probability: (statistics.ones / total).value)
      }
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  /// Σ wᵢ log p(xᵢ) = n₁ log p + n₀ log(1 - p) (0 · log 0 = 0).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    SpecialFunctions.xlogy(statistics.successes, probability)
      + SpecialFunctions.xlog1py(statistics.failures, -probability)
  }

  /// The posterior of `prior` given 0/1 observations.
  ///
  /// ```swift
  /// let posterior = try Bernoulli.posterior(prior: Beta(alpha: 1, beta: 1), data: [1, 0, 1, 1])
  /// posterior.distribution  // Beta(alpha: 4.0, beta: 2.0)
  /// posterior.predictive    // P(next is 1) = 4/6: Bernoulli(probability: 0.6666666666666666)
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `Beta` prior on p.
  ///   - data: The observations, each 0 or 1.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior Beta(α + n₁, β + n₀), with evidence and
  ///   predictive.
  /// - Throws: ``FitError`` for an observation other than 0 or 1 or a bad
  ///   weight.
  public static func posterior(prior: Beta, data: [Int], weights: [Double]? = nil)
    throws(FitError) -> Posterior<Bernoulli>
  {
    try Posterior(prior: prior, statistics: Statistics(data, weights: weights))
  }

  /// Beta(α + n₁, β + n₀).
  ///
  /// - Throws: ``FitError/overflow(model:quantity:)`` when a statistic of the
  ///   data or an updated parameter is beyond `Double`; ``FitError`` when the
  ///   updated parameters are not valid.
  public static func posteriorDistribution(_ prior: Beta, _ statistics: Statistics)
    throws(FitError) -> Beta
  {
    let check = DataCheck(model: "Bernoulli")
    try statistics.checkFinite()
    let alpha = try check.finite(
      prior.alpha + statistics.successes, "the posterior alpha (prior alpha + successes)")
    let beta = try check.finite(
      prior.beta + statistics.failures, "the posterior beta (prior beta + failures)")
    return try check.build { () throws(DistributionError) in try Beta(alpha: alpha, beta: beta) }
  }

  /// log B(α + n₁, β + n₀) - log B(α, β).
  public static func logMarginalLikelihood(_ prior: Beta, _ statistics: Statistics) -> Double {
    SpecialFunctions.logBeta(
      prior.alpha + statistics.successes, prior.beta + statistics.failures)
      - SpecialFunctions.logBeta(prior.alpha, prior.beta)
  }

  /// Bernoulli(α/(α + β)).
  ///
  /// - Throws: ``FitError`` when the predictive's parameter is not valid.
  public static func predictive(_ belief: Beta, _ statistics: Statistics) throws(FitError)
    -> Bernoulli
  {
    try mean(of: belief, statistics)
  }

  /// p at the Beta mode: (α - 1)/(α + β - 2), or 0 or 1 where the density is
  /// monotone.
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when the
  ///   Beta has no unique mode (α ≤ 1 and β ≤ 1).
  public static func mode(of belief: Beta, _ statistics: Statistics) throws(FitError) -> Bernoulli {
    guard let mode = belief.representableMode else {
      throw .estimateOutsideParameterSpace(
        model: "Bernoulli", reason: "\(belief) has no unique mode")
    }
    return try DataCheck(model: "Bernoulli").build { () throws(DistributionError) in
      try Bernoulli(probability: mode)
    }
  }

  /// p = α/(α + β).
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: Beta, _ statistics: Statistics) throws(FitError) -> Bernoulli {
    try DataCheck(model: "Bernoulli").build { () throws(DistributionError) in
      try Bernoulli(probability: belief.mean)
    }
  }

  /// The Beta prior's log density at p.
  public func logPriorDensity(_ prior: Beta) -> Double { prior.logDensity(probability) }
}

extension Beta {
  /// The mode, as ``mode`` but with the interior mode (α − 1)/(α + β − 2)
  /// computed as 1/(1 + (β − 1)/(α − 1)), which holds when α + β overflows.
  var representableMode: Double? {
    guard alpha > 1, beta > 1 else { return mode }
    return 1 / (1 + (beta - 1) / (alpha - 1))
  }
}
