import ProbKitCore
public import ProbKitDistributions

extension Bernoulli: ConjugateModel {
  /// The conjugate prior on the probability p.
  public typealias Prior = Beta

  /// One parameter, p.
  public var parameterCount: Int { 1 }

  /// The sufficient statistics of 0/1 observations: the weighted numbers of
  /// ones and zeros.
  public struct Statistics: SufficientStatistics {
    /// Σ wᵢ over the observations equal to 1.
    var ones: DoubleDouble
    /// Σ wᵢ over the observations equal to 0.
    var zeros: DoubleDouble

    /// No observations.
    public init() {
      ones = .zero
      zeros = .zero
    }

    /// The statistics of `data`, each 0 or 1, with optional weights (counts).
    ///
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
  /// let fit = try Bernoulli.fit([1, 0, 1, 1], estimator: .mle)  // p = 0.75
  /// ```
  public static func fit(
    _ data: [Int], weights: [Double]? = nil, estimator: Estimator<Beta> = .mle
  ) throws(FitError) -> Fit<Bernoulli> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  /// Fits p to Boolean observations (`true` is 1).
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
  public static func posterior(prior: Beta, data: [Int], weights: [Double]? = nil)
    throws(FitError) -> Posterior<Bernoulli>
  {
    try Posterior(prior: prior, statistics: Statistics(data, weights: weights))
  }

  /// Beta(α + n₁, β + n₀).
  public static func posteriorDistribution(_ prior: Beta, _ statistics: Statistics)
    throws(FitError) -> Beta
  {
    try DataCheck(model: "Bernoulli").build { () throws(DistributionError) in
      try Beta(alpha: prior.alpha + statistics.successes, beta: prior.beta + statistics.failures)
    }
  }

  /// log B(α + n₁, β + n₀) - log B(α, β).
  public static func logMarginalLikelihood(_ prior: Beta, _ statistics: Statistics) -> Double {
    SpecialFunctions.logBeta(
      prior.alpha + statistics.successes, prior.beta + statistics.failures)
      - SpecialFunctions.logBeta(prior.alpha, prior.beta)
  }

  /// Bernoulli(α/(α + β)).
  public static func predictive(_ belief: Beta, _ statistics: Statistics) throws(FitError)
    -> Bernoulli
  {
    try mean(of: belief, statistics)
  }

  /// p at the Beta mode: (α - 1)/(α + β - 2), or 0 or 1 where the density is
  /// monotone.
  public static func mode(of belief: Beta, _ statistics: Statistics) throws(FitError) -> Bernoulli {
    guard let mode = belief.mode else {
      throw .estimateOutsideParameterSpace(
        model: "Bernoulli", reason: "\(belief) has no unique mode")
    }
    return try DataCheck(model: "Bernoulli").build { () throws(DistributionError) in
      try Bernoulli(probability: mode)
    }
  }

  /// p = α/(α + β).
  public static func mean(of belief: Beta, _ statistics: Statistics) throws(FitError) -> Bernoulli {
    try DataCheck(model: "Bernoulli").build { () throws(DistributionError) in
      try Bernoulli(probability: belief.mean)
    }
  }

  /// The Beta prior's log density at p.
  public func logPriorDensity(_ prior: Beta) -> Double { prior.logDensity(probability) }
}
