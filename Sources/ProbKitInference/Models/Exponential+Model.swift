import Foundation
import ProbKitCore
public import ProbKitDistributions

extension Exponential: ConjugateModel {
  /// The conjugate prior on the rate λ: Gamma(shape a, **rate** b).
  public typealias Prior = Gamma

  /// One parameter, λ.
  public var parameterCount: Int { 1 }

  /// The sufficient statistics of non-negative observations: the total weight
  /// and the weighted sum Σ wᵢxᵢ.
  ///
  /// ```swift
  /// let lifetimes = try Exponential.Statistics([0.5, 2.0, 1.5])
  /// lifetimes.total        // 4.0
  /// lifetimes.totalWeight  // 3.0
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    /// Σwᵢxᵢ·2⁻ˢ, s = `scale`.
    var sum: DoubleDouble
    /// The binary exponent s the sum is scaled by: 0 unless the data reach
    /// beyond 2^±400 (as in ``Normal/Statistics``), so that the MLE rate of
    /// observations near 1e308 is computed, not an overflow.
    var scale: Int

    /// No observations.
    public init() {
      weight = .zero
      sum = .zero
      scale = 0
    }

    /// The statistics of `data`, each finite and ≥ 0.
    ///
    /// - Parameters:
    ///   - data: The observations, each finite and ≥ 0.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for a negative or non-finite observation, or a
    ///   bad weight.
    public init(_ data: [Double], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Exponential")
      try check.weights(weights, count: data.count)
      self.init()
      var largest = 0.0
      for (index, x) in data.enumerated() {
        guard x.isFinite, x >= 0 else { throw check.invalid(index, "finite and >= 0", x) }
        largest = max(largest, x)
      }
      scale = Normal.Statistics.scale(for: largest)
      for (index, x) in data.enumerated() {
        let w = weights?[index] ?? 1
        weight += w
        sum += DoubleDouble.product(w, scalbn(x, -scale))
      }
    }

    /// These statistics at scale `target` ≥ `scale`.
    func rescaled(to target: Int) -> Statistics {
      guard target != scale else { return self }
      var result = self
      result.sum = Normal.Statistics.scaled(sum, scale - target)
      result.scale = target
      return result
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }
    /// Σ wᵢxᵢ (+∞ beyond `Double`).
    public var total: Double { scalbn(sum.value, scale) }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      let target = max(scale, other.scale)
      var merged = rescaled(to: target)
      merged.weight += other.weight
      merged.sum += other.rescaled(to: target).sum
      return merged
    }

    /// Requires the total weight and the sum to be finite.
    func checkFinite() throws(FitError) {
      let check = DataCheck(model: "Exponential")
      try check.finite(weight.hi, "the total weight of the observations")
      try check.finite(sum.hi, "the weighted sum of the observations Σwᵢxᵢ")
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      let check = DataCheck(model: "Exponential")
      let target = max(scale, batch.scale)
      var result = rescaled(to: target)
      result.weight = try check.remove(weight, batch.weight, "total weight")
      result.sum = try check.remove(result.sum, batch.rescaled(to: target).sum, "sum")
      return result
    }

    enum CodingKeys: String, CodingKey {
      case weight, sum, scale
    }

    /// Decodes statistics; `scale` is absent (0) for statistics of data
    /// within 2^±400, as in files written before it existed.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      weight = try container.decode(DoubleDouble.self, forKey: .weight)
      sum = try container.decode(DoubleDouble.self, forKey: .sum)
      scale = try container.decodeIfPresent(Int.self, forKey: .scale) ?? 0
    }

    /// Encodes the sums, and `scale` when it is not 0.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(weight, forKey: .weight)
      try container.encode(sum, forKey: .sum)
      if scale != 0 { try container.encode(scale, forKey: .scale) }
    }
  }

  /// Fits the rate.
  ///
  /// MLE: λ̂ = W / Σwᵢxᵢ. MAP under Gamma(shape a, rate b): the mode
  /// (a + W - 1)/(b + Σwᵢxᵢ) of the posterior Gamma(a + W, b + Σwᵢxᵢ).
  ///
  /// ```swift
  /// try Exponential.fit([0.5, 2.0, 1.5], estimator: .mle).model  // W/Σx = 3/4: rate 0.75
  /// let prior = try Gamma(shape: 2, rate: 1)
  /// try Exponential.fit([0.5, 2.0, 1.5], estimator: .map(prior)).model  // 4/5: rate 0.8
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations, each finite and ≥ 0.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a
  ///     `Gamma(shape:rate:)` prior on λ.
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   every observation is 0 (MLE rate ∞) or the posterior shape is ≤ 1
  ///   (MAP rate 0); ``FitError/overflow(model:quantity:)`` or
  ///   ``FitError/underflow(model:quantity:)`` when the sum or the rate is
  ///   beyond `Double` (`fit([5e-324])`: rate 2e323); ``FitError`` for a
  ///   bad observation or weight, or no data (MLE).
  public static func fit(
    _ data: [Double], weights: [Double]? = nil, estimator: Estimator<Gamma> = .mle
  ) throws(FitError) -> Fit<Exponential> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Gamma>) throws(FitError)
    -> Fit<Exponential>
  {
    switch estimator {
    case .mle:
      guard statistics.weight.hi > 0 else { throw .emptyData(model: "Exponential") }
      guard statistics.sum.hi > 0 else {
        throw .estimateOutsideParameterSpace(
          model: "Exponential", reason: "every observation is 0, so the MLE rate is infinite")
      }
      try statistics.checkFinite()
      let model = try rated(
        scalbn((statistics.weight / statistics.sum).value, -statistics.scale), "the MLE rate W/Σx")
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  static func rated(_ rate: Double, _ quantity: String) throws(FitError) -> Exponential {
    try DataCheck(model: "Exponential").positive(rate, quantity)
    return try DataCheck(model: "Exponential").build { () throws(DistributionError) in
      try Exponential(rate: rate)
    }
  }

  /// W log λ - λ Σwᵢxᵢ.
  public func logLikelihood(_ statistics: Statistics) -> Double {
    // λΣwᵢxᵢ formed in the statistics' scale: finite whenever it fits.
    let direct =
      statistics.totalWeight * log(rate) - scalbn(rate * statistics.sum.value, statistics.scale)
    guard direct.isNaN else { return direct }
    // Both terms beyond Double (∞ − ∞): W times the per-weight value, ±∞.
    let w = statistics.weight
    return statistics.totalWeight
      * (log(rate) - scalbn(rate * (statistics.sum / w).value, statistics.scale))
  }

  /// The posterior of `prior` given observations.
  ///
  /// ```swift
  /// let lifetimes = try Exponential.posterior(prior: Gamma(shape: 2, rate: 1), data: [0.5, 1.5])
  /// lifetimes.predictive    // Lomax(shape: 4.0, scale: 3.0)
  /// lifetimes.predictive.survival(2)  // P(next lasts > 2) = (1 + 2/3)⁻⁴ = 0.1296
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `Gamma(shape:rate:)` prior on λ.
  ///   - data: The observations, each finite and ≥ 0.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior Gamma(a + W, b + Σwᵢxᵢ); its predictive is a
  ///   Lomax.
  /// - Throws: ``FitError`` for a bad observation or weight.
  public static func posterior(prior: Gamma, data: [Double], weights: [Double]? = nil)
    throws(FitError) -> Posterior<Exponential>
  {
    try Posterior(prior: prior, statistics: Statistics(data, weights: weights))
  }

  /// Gamma(a + W, b + Σwᵢxᵢ).
  ///
  /// - Throws: ``FitError/overflow(model:quantity:)`` when the sum of the
  ///   observations or a posterior parameter is not finite.
  public static func posteriorDistribution(_ prior: Gamma, _ statistics: Statistics)
    throws(FitError) -> Gamma
  {
    let check = DataCheck(model: "Exponential")
    try statistics.checkFinite()
    let shape = try check.finite(
      prior.shape + statistics.totalWeight, "the posterior shape a + W")
    let rate = try check.finite(prior.rate + statistics.total, "the posterior rate b + Σwᵢxᵢ")
    return try check.build { () throws(DistributionError) in
      try Gamma(shape: shape, rate: rate)
    }
  }

  /// a log b - log Γ(a) + log Γ(a') - a' log b'.
  public static func logMarginalLikelihood(_ prior: Gamma, _ statistics: Statistics) -> Double {
    let shape = prior.shape + statistics.totalWeight
    let rate = prior.rate + statistics.total
    return prior.shape * log(prior.rate) - SpecialFunctions.logGamma(prior.shape)
      + SpecialFunctions.logGamma(shape) - shape * log(rate)
  }

  /// Lomax(shape a, scale b): the gamma–exponential mixture.
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: Gamma, _ statistics: Statistics) throws(FitError)
    -> Lomax
  {
    try DataCheck(model: "Exponential").build { () throws(DistributionError) in
      try Lomax(shape: belief.shape, scale: belief.rate)
    }
  }

  /// λ at the gamma mode (a - 1)/b.
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` for
  ///   a ≤ 1, where the mode is rate 0.
  public static func mode(of belief: Gamma, _ statistics: Statistics) throws(FitError)
    -> Exponential
  {
    guard belief.shape > 1 else {
      throw .estimateOutsideParameterSpace(
        model: "Exponential", reason: "the mode of \(belief) is rate 0 (shape <= 1)")
    }
    return try rated((belief.shape - 1) / belief.rate, "the mode rate (a - 1)/b")
  }

  /// λ = a/b.
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: Gamma, _ statistics: Statistics) throws(FitError)
    -> Exponential
  {
    try rated(belief.shape / belief.rate, "the mean rate a/b")
  }

  /// The gamma prior's log density at λ.
  public func logPriorDensity(_ prior: Gamma) -> Double { prior.logDensity(rate) }
}
