import Foundation
import ProbKitCore
public import ProbKitDistributions

extension Poisson: ConjugateModel {
  /// The conjugate prior on the rate λ: Gamma(shape a, **rate** b).
  public typealias Prior = Gamma

  /// One parameter, λ.
  public var parameterCount: Int { 1 }

  /// The sufficient statistics of counts: the total weight, the weighted sum
  /// Σ wᵢkᵢ, and Σ wᵢ log kᵢ! for the likelihood's constant.
  ///
  /// ```swift
  /// let hours = try Poisson.Statistics([3, 5, 2], weights: [1, 1, 2])
  /// hours.total        // Σ wᵢkᵢ = 12.0
  /// try Poisson.fit(hours, estimator: .mle).model  // Poisson(rate: 3.0)
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    var sum: DoubleDouble
    var logFactorials: DoubleDouble

    /// No observations.
    public init() {
      weight = .zero
      sum = .zero
      logFactorials = .zero
    }

    /// The statistics of counts `data`, each ≥ 0.
    ///
    /// - Parameters:
    ///   - data: The counts, each ≥ 0.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for a negative count or a bad weight.
    public init(_ data: [Int], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Poisson")
      try check.weights(weights, count: data.count)
      self.init()
      for (index, k) in data.enumerated() {
        guard k >= 0 else { throw check.invalid(index, ">= 0", k) }
        let w = weights?[index] ?? 1
        weight += w
        sum += DoubleDouble.product(w, Double(k))
        if k > 1 { logFactorials += DoubleDouble.product(w, SpecialFunctions.logFactorial(k)) }
      }
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }
    /// Σ wᵢkᵢ.
    public var total: Double { sum.value }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      var merged = self
      merged.weight += other.weight
      merged.sum += other.sum
      merged.logFactorials += other.logFactorials
      return merged
    }

    /// Requires the total weight and the sum of the counts to be finite.
    func checkFinite() throws(FitError) {
      let check = DataCheck(model: "Poisson")
      try check.finite(weight.hi, "the total weight of the observations")
      try check.finite(sum.hi, "the sum of the counts Σwᵢkᵢ")
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      let check = DataCheck(model: "Poisson")
      var result = self
      result.weight = try check.remove(weight, batch.weight, "total weight")
      result.sum = try check.remove(sum, batch.sum, "sum of counts")
      result.logFactorials = logFactorials - batch.logFactorials
      return result
    }
  }

  /// Fits the rate to counts.
  ///
  /// MLE: λ̂ = Σwᵢkᵢ / W. MAP under Gamma(shape a, rate b): the mode
  /// (a + Σwᵢkᵢ - 1)/(b + W) of the posterior Gamma(a + Σwᵢkᵢ, b + W).
  ///
  /// ```swift
  /// try Poisson.fit([3, 5, 2, 4, 4], estimator: .mle).model  // Poisson(rate: 3.6)
  /// let prior = try Gamma(shape: 2, rate: 1)
  /// try Poisson.fit([0, 0], estimator: .map(prior)).model   // (2 − 1)/(1 + 2): rate 0.3333…
  /// ```
  ///
  /// - Parameters:
  ///   - data: The counts, each ≥ 0.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a
  ///     `Gamma(shape:rate:)` prior on λ.
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   the estimate is rate 0 (all counts 0 for the MLE; a posterior shape
  ///   ≤ 1 for MAP), which `Poisson` does not represent; ``FitError`` for a
  ///   negative count, a bad weight or no data (MLE).
  public static func fit(
    _ data: [Int], weights: [Double]? = nil, estimator: Estimator<Gamma> = .mle
  ) throws(FitError) -> Fit<Poisson> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Gamma>) throws(FitError)
    -> Fit<Poisson>
  {
    switch estimator {
    case .mle:
      guard statistics.weight.hi > 0 else { throw .emptyData(model: "Poisson") }
      guard statistics.sum.hi > 0 else {
        throw .estimateOutsideParameterSpace(
          model: "Poisson", reason: "every count is 0, so the MLE rate is 0")
      }
      try statistics.checkFinite()
      let model = try rated((statistics.sum / statistics.weight).value, "the MLE rate Σwᵢkᵢ/W")
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  static func rated(_ rate: Double, _ quantity: String) throws(FitError) -> Poisson {
    try DataCheck(model: "Poisson").finite(rate, quantity)
    return try DataCheck(model: "Poisson").build { () throws(DistributionError) in
      try Poisson(rate: rate)
    }
  }

  /// Σwᵢkᵢ log λ - Wλ - Σ wᵢ log kᵢ!.
  public func logLikelihood(_ statistics: Statistics) -> Double {
    let direct =
      SpecialFunctions.xlogy(statistics.total, rate) - statistics.totalWeight * rate
      - statistics.logFactorials.value
    guard direct.isNaN, statistics.weight.hi > 0 else { return direct }
    // Terms beyond Double of both signs (∞ − ∞): W times the per-weight
    // value, ±∞.
    let w = statistics.weight
    return statistics.totalWeight
      * (SpecialFunctions.xlogy((statistics.sum / w).value, rate) - rate
        - (statistics.logFactorials / w).value)
  }

  /// The posterior of `prior` given counts.
  ///
  /// ```swift
  /// let arrivals = try Poisson.posterior(prior: Gamma(shape: 2, rate: 1), data: [3, 5, 2])
  /// arrivals.predictive    // NegativeBinomial(successes: 12.0, probability: 0.8)
  /// arrivals.predictive.quantile(0.95)  // Optional(7): next hour's 95% bound
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `Gamma(shape:rate:)` prior on λ.
  ///   - data: The counts, each ≥ 0.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior Gamma(a + Σwᵢkᵢ, b + W); its predictive is a
  ///   negative binomial.
  /// - Throws: ``FitError`` for a negative count or a bad weight.
  public static func posterior(prior: Gamma, data: [Int], weights: [Double]? = nil)
    throws(FitError) -> Posterior<Poisson>
  {
    try Posterior(prior: prior, statistics: Statistics(data, weights: weights))
  }

  /// Gamma(a + Σwᵢkᵢ, b + W).
  ///
  /// - Throws: ``FitError/overflow(model:quantity:)`` when a statistic of the
  ///   data or an updated parameter is beyond `Double`; ``FitError`` when the
  ///   updated parameters are not valid.
  public static func posteriorDistribution(_ prior: Gamma, _ statistics: Statistics)
    throws(FitError) -> Gamma
  {
    let check = DataCheck(model: "Poisson")
    try statistics.checkFinite()
    let shape = try check.finite(prior.shape + statistics.total, "the posterior shape a + Σwᵢkᵢ")
    let rate = try check.finite(prior.rate + statistics.totalWeight, "the posterior rate b + W")
    return try check.build { () throws(DistributionError) in
      try Gamma(shape: shape, rate: rate)
    }
  }

  /// a log b - log Γ(a) + log Γ(a') - a' log b' - Σ wᵢ log kᵢ!, with
  /// (a', b') the posterior's shape and rate.
  public static func logMarginalLikelihood(_ prior: Gamma, _ statistics: Statistics) -> Double {
    let shape = prior.shape + statistics.total
    let rate = prior.rate + statistics.totalWeight
    return prior.shape * log(prior.rate) - SpecialFunctions.logGamma(prior.shape)
      + SpecialFunctions.logGamma(shape) - shape * log(rate) - statistics.logFactorials.value
  }

  /// NegativeBinomial(r = a, p = b/(b + 1)): the gamma–Poisson mixture.
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: Gamma, _ statistics: Statistics) throws(FitError)
    -> NegativeBinomial
  {
    try DataCheck(model: "Poisson").build { () throws(DistributionError) in
      // b/(b + 1), as 1/(1 + 1/b) for b > 1: b + 1 overflows near the top of Double.
      let b = belief.rate
      return try NegativeBinomial(
        successes: belief.shape, probability: b <= 1 ? b / (b + 1) : 1 / (1 + 1 / b))
    }
  }

  /// λ at the gamma mode (a - 1)/b.
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` for
  ///   a ≤ 1, where the mode is rate 0.
  public static func mode(of belief: Gamma, _ statistics: Statistics) throws(FitError) -> Poisson {
    guard belief.shape > 1 else {
      throw .estimateOutsideParameterSpace(
        model: "Poisson", reason: "the mode of \(belief) is rate 0 (shape <= 1)")
    }
    return try rated((belief.shape - 1) / belief.rate, "the mode rate (a - 1)/b")
  }

  /// λ = a/b.
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: Gamma, _ statistics: Statistics) throws(FitError) -> Poisson {
    try rated(belief.shape / belief.rate, "the mean rate a/b")
  }

  /// The gamma prior's log density at λ.
  public func logPriorDensity(_ prior: Gamma) -> Double { prior.logDensity(rate) }
}
