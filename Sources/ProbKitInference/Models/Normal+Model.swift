import Foundation
import ProbKitCore
public import ProbKitDistributions

extension Normal: ConjugateModel {
  /// The conjugate prior on the mean and precision τ = 1/σ².
  public typealias Prior = NormalGamma

  /// Two parameters, μ and σ.
  public var parameterCount: Int { 2 }

  /// The sufficient statistics of real observations: the total weight, the
  /// weighted sum and the weighted sum of squares.
  ///
  /// The squares are formed exactly (FMA) and every sum is carried in
  /// double-double, so the sum of squared deviations S₂ - S₁²/W keeps its
  /// digits even when the mean is far larger than the spread. Data beyond
  /// 2^±400 in magnitude are summed scaled by a power of two, so that squares
  /// of values near 1e308 (or 1e-308) neither overflow nor underflow: what
  /// is derived from them (the mean, the standard deviation) is exact
  /// whenever it fits in a `Double`.
  ///
  /// ```swift
  /// let readings = try Normal.Statistics([1e9 + 1, 1e9 + 2, 1e9 + 3])
  /// readings.sumOfSquaredDeviations  // 2.0, exactly, despite the offset of 10⁹
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    /// Σwᵢxᵢ·2⁻ˢ, s = `scale`.
    var sum: DoubleDouble
    /// Σwᵢ(xᵢ·2⁻ˢ)².
    var sumOfSquares: DoubleDouble
    /// The binary exponent s the sums are scaled by: 0 unless the data
    /// reach beyond 2^±400.
    var scale: Int

    /// No observations.
    public init() {
      weight = .zero
      sum = .zero
      sumOfSquares = .zero
      scale = 0
    }

    /// The statistics of `data`, each finite.
    ///
    /// - Parameters:
    ///   - data: The observations, each finite.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for a non-finite observation or a bad weight.
    public init(_ data: [Double], weights: [Double]? = nil) throws(FitError) {
      try self.init(data, weights: weights, model: "Normal")
    }

    init(_ data: [Double], weights: [Double]?, model: String) throws(FitError) {
      let check = DataCheck(model: model)
      try check.weights(weights, count: data.count)
      self.init()
      var largest = 0.0
      for (index, x) in data.enumerated() {
        guard x.isFinite else { throw check.invalid(index, "finite", x) }
        largest = max(largest, abs(x))
      }
      scale = Self.scale(for: largest)
      for (index, x) in data.enumerated() {
        let w = weights?[index] ?? 1
        let scaled = scalbn(x, -scale)
        weight += w
        sum += DoubleDouble.product(w, scaled)
        sumOfSquares += DoubleDouble.product(scaled, scaled) * w
      }
    }

    /// The scale for data whose largest magnitude is `largest`: 0 within
    /// 2^±400 (squares stay normal, sums of up to 2²²³ of them finite),
    /// else its binary exponent.
    static func scale(for largest: Double) -> Int {
      guard largest > 0 else { return 0 }
      let exponent = Int(largest.exponent)
      return abs(exponent) > 400 ? exponent : 0
    }

    /// `value`·2ᵏ for a double-double.
    static func scaled(_ value: DoubleDouble, _ k: Int) -> DoubleDouble {
      k == 0 ? value : DoubleDouble(hi: scalbn(value.hi, k), lo: scalbn(value.lo, k))
    }

    /// These statistics at scale `target` ≥ `scale`.
    func rescaled(to target: Int) -> Statistics {
      guard target != scale else { return self }
      var result = self
      result.sum = Self.scaled(sum, scale - target)
      result.sumOfSquares = Self.scaled(sumOfSquares, 2 * (scale - target))
      result.scale = target
      return result
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }
    /// The weighted mean x̄ = Σwᵢxᵢ / W (NaN for no data).
    public var mean: Double { scalbn((sum / weight).value, scale) }
    /// x̄ in double-double.
    var preciseMean: DoubleDouble { Self.scaled(sum / weight, scale) }
    /// Σ wᵢ(xᵢ - x̄)²·2⁻²ˢ, in double-double.
    var scaledSquaredDeviations: DoubleDouble {
      guard weight.hi > 0 else { return .zero }
      // S₂ − S₁·(S₁/W): S₁² itself overflows for weights near 1e308.
      let q = sumOfSquares - sum * (sum / weight)
      return q.hi < 0 ? .zero : q
    }
    /// The sum of squared deviations from the mean, Σ wᵢ(xᵢ - x̄)² (+∞ when
    /// it exceeds `Double`).
    public var sumOfSquaredDeviations: Double {
      scalbn(scaledSquaredDeviations.value, 2 * scale)
    }
    /// √Σ wᵢ(xᵢ - x̄)², finite whenever the data are.
    var rootSquaredDeviations: Double {
      scalbn(scaledSquaredDeviations.value.squareRoot(), scale)
    }

    /// Σ wᵢ(xᵢ - μ)²/σ², from Σ wᵢ(xᵢ - x̄)² + W(x̄ - μ)², formed in the
    /// statistics' scale (+∞ only when the ratio exceeds `Double`).
    func squaredDeviations(from mu: Double, over sigma: Double) -> Double {
      guard weight.hi > 0 else { return 0 }
      let offset = sum / weight + -scalbn(mu, -scale)
      let q = (scaledSquaredDeviations + weight * offset * offset).value
      guard scale != 0 else { return q / (sigma * sigma) }
      let ratio = scalbn(q.squareRoot(), scale) / sigma
      return ratio * ratio
    }

    /// Requires the total weight and the sums to be finite (only weights
    /// can make them overflow: the data are scaled).
    func checkFinite(_ model: String) throws(FitError) {
      let check = DataCheck(model: model)
      try check.finite(weight.hi, "the total weight of the observations")
      try check.finite(sum.hi, "the weighted sum of the observations Σwᵢxᵢ")
      try check.finite(sumOfSquares.hi, "the weighted sum of squares Σwᵢxᵢ²")
      try check.finite(
        scaledSquaredDeviations.hi, "the weighted sum of squared deviations Σwᵢ(xᵢ − x̄)²")
      try check.finite(mean, "the mean of the observations")
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      let target = max(scale, other.scale)
      var merged = rescaled(to: target)
      let more = other.rescaled(to: target)
      merged.weight += more.weight
      merged.sum += more.sum
      merged.sumOfSquares += more.sumOfSquares
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      let check = DataCheck(model: "Normal")
      let target = max(scale, batch.scale)
      var result = rescaled(to: target)
      let taken = batch.rescaled(to: target)
      result.weight = try check.remove(result.weight, taken.weight, "total weight")
      result.sum = result.sum - taken.sum
      result.sumOfSquares = try check.remove(
        result.sumOfSquares, taken.sumOfSquares, "sum of squares")
      return result
    }

    enum CodingKeys: String, CodingKey {
      case weight, sum, sumOfSquares, scale
    }

    /// Decodes statistics; `scale` is absent (0) for statistics of data
    /// within 2^±400, as in files written before it existed.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      weight = try container.decode(DoubleDouble.self, forKey: .weight)
      sum = try container.decode(DoubleDouble.self, forKey: .sum)
      sumOfSquares = try container.decode(DoubleDouble.self, forKey: .sumOfSquares)
      scale = try container.decodeIfPresent(Int.self, forKey: .scale) ?? 0
    }

    /// Encodes the sums, and `scale` when it is not 0.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(weight, forKey: .weight)
      try container.encode(sum, forKey: .sum)
      try container.encode(sumOfSquares, forKey: .sumOfSquares)
      if scale != 0 { try container.encode(scale, forKey: .scale) }
    }
  }

  /// Fits the mean and standard deviation.
  ///
  /// MLE: μ̂ = x̄, σ̂² = Σwᵢ(xᵢ - x̄)²/W (divided by W, not W - 1). MAP under
  /// NormalGamma(μ₀, κ, α, β): the joint posterior mode in (μ, τ = 1/σ²),
  /// μ = μₙ and τ = (αₙ - 1/2)/βₙ.
  ///
  /// ```swift
  /// let fit = try Normal.fit([4.9, 5.1, 5.4, 4.6], estimator: .mle)
  /// fit.model.standardDeviation  // √(0.34/4) = 0.2915…
  /// let prior = try NormalGamma(mean: 5, precisionScale: 1, shape: 2, rate: 0.5)
  /// let map = try Normal.fit([4.9, 5.1, 5.4, 4.6], estimator: .map(prior))
  /// map.model.standardDeviation  // 1/√τ at the joint mode: 0.4375…
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations, each finite.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a
  ///     `NormalGamma` prior on (μ, τ).
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   the MLE spread is 0 (all observations equal); ``FitError`` for a
  ///   non-finite observation, a bad weight or no data (MLE).
  public static func fit(
    _ data: [Double], weights: [Double]? = nil, estimator: Estimator<NormalGamma> = .mle
  ) throws(FitError) -> Fit<Normal> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<NormalGamma>)
    throws(FitError) -> Fit<Normal>
  {
    switch estimator {
    case .mle:
      guard statistics.weight.hi > 0 else { throw .emptyData(model: "Normal") }
      try statistics.checkFinite("Normal")
      let squares = statistics.scaledSquaredDeviations
      guard squares.hi > 0 else {
        throw .estimateOutsideParameterSpace(
          model: "Normal", reason: "every observation is equal, so the MLE spread is 0")
      }
      // σ̂ = √(Σwᵢ(xᵢ − x̄)²/W), scaled back after the root: representable
      // whenever σ̂ is, even where σ̂² is not.
      let standardDeviation = try DataCheck(model: "Normal").positive(
        scalbn((squares / statistics.weight).value.squareRoot(), statistics.scale),
        "the MLE standard deviation √(Σwᵢ(xᵢ − x̄)²/W)")
      let model = try DataCheck(model: "Normal").build { () throws(DistributionError) in
        try Normal(mean: statistics.mean, standardDeviation: standardDeviation)
      }
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  /// -W log σ - W log √(2π) - Σwᵢ(xᵢ - μ)²/(2σ²).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    let w = statistics.totalWeight
    return -w * (log(standardDeviation) + Double(ExtendedMath.logSquareRootOfTwoPi))
      - statistics.squaredDeviations(from: mean, over: standardDeviation) / 2
  }

  /// The posterior of `prior` given observations.
  ///
  /// ```swift
  /// let prior = try NormalGamma(mean: 170, precisionScale: 1, shape: 2, rate: 50)
  /// let heights = try Normal.posterior(prior: prior, data: [172, 168, 175, 181])
  /// heights.distribution.mean0  // μₙ = (170 + 696)/5 = 173.2
  /// try heights.distribution.meanMarginal.equalTailedInterval(level: 0.95)  // 168.0…...178.3…
  /// heights.predictive          // a Student t with 2αₙ = 8 degrees of freedom
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `NormalGamma` prior on the mean and precision.
  ///   - data: The observations, each finite.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior NormalGamma(μₙ, κₙ, αₙ, βₙ); its predictive is
  ///   a Student t.
  /// - Throws: ``FitError`` for a non-finite observation or a bad weight.
  public static func posterior(prior: NormalGamma, data: [Double], weights: [Double]? = nil)
    throws(FitError) -> Posterior<Normal>
  {
    try Posterior(prior: prior, statistics: Statistics(data, weights: weights))
  }

  /// NormalGamma(μₙ, κₙ, αₙ, βₙ) with κₙ = κ + W, μₙ = (κμ₀ + Wx̄)/κₙ,
  /// αₙ = α + W/2 and βₙ = β + Σwᵢ(xᵢ - x̄)²/2 + κW(x̄ - μ₀)²/(2κₙ).
  ///
  /// - Throws: ``FitError/overflow(model:quantity:)`` when a statistic of the
  ///   data or an updated parameter is beyond `Double`; ``FitError`` when the
  ///   updated parameters are not valid.
  public static func posteriorDistribution(_ prior: NormalGamma, _ statistics: Statistics)
    throws(FitError) -> NormalGamma
  {
    guard statistics.weight.hi > 0 else { return prior }
    let check = DataCheck(model: "Normal")
    try statistics.checkFinite("Normal")
    let w = statistics.totalWeight
    let k0 = prior.precisionScale
    let kappa = try check.finite(k0 + w, "the posterior precision scale κ₀ + W")
    // (κ₀m₀ + Wx̄)/κₙ as a weighted average and κ₀W(x̄ − m₀)²/κₙ as a square
    // of scaled terms: no intermediate exceeds the result.
    let mean = try check.finite(
      Shrinkage.mean(
        priorMean: prior.mean0, dataMean: statistics.preciseMean,
        priorShare: DoubleDouble(k0) / (statistics.weight + k0),
        dataShare: statistics.weight / (statistics.weight + k0)),
      "the posterior mean")
    let scale = (k0 * (w / kappa)).squareRoot()
    let offset = scale * statistics.mean - scale * prior.mean0
    let shape = try check.finite(prior.shape + w / 2, "the posterior shape a + W/2")
    let halfSquares = scalbn(statistics.scaledSquaredDeviations.value / 2, 2 * statistics.scale)
    let rate = try check.finite(
      prior.rate + halfSquares + offset * offset / 2,
      "the posterior rate b + Σwᵢ(xᵢ − x̄)²/2 + κ₀W(x̄ − m₀)²/(2κₙ)")
    return try check.build { () throws(DistributionError) in
      try NormalGamma(mean: mean, precisionScale: kappa, shape: shape, rate: rate)
    }
  }

  /// log Γ(αₙ) - log Γ(α) + α log β - αₙ log βₙ + ½ log(κ/κₙ) - (W/2) log 2π.
  public static func logMarginalLikelihood(_ prior: NormalGamma, _ statistics: Statistics)
    -> Double
  {
    guard let posterior = try? posteriorDistribution(prior, statistics) else { return .nan }
    return SpecialFunctions.logGamma(posterior.shape) - SpecialFunctions.logGamma(prior.shape)
      + prior.shape * log(prior.rate) - posterior.shape * log(posterior.rate)
      + 0.5 * log(prior.precisionScale / posterior.precisionScale)
      - statistics.totalWeight * Double(ExtendedMath.logSquareRootOfTwoPi)
  }

  /// StudentT(2αₙ, μₙ, √(βₙ(κₙ + 1)/(αₙκₙ))).
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: NormalGamma, _ statistics: Statistics) throws(FitError)
    -> StudentT
  {
    let check = DataCheck(model: "Normal")
    let degreesOfFreedom = try check.finite(
      2 * belief.shape, "the predictive degrees of freedom 2a")
    // b(κ + 1)/(aκ) as (b/a)(1 + 1/κ): b(κ + 1) can overflow.
    let scale = try check.positive(
      ((belief.rate / belief.shape) * (1 + 1 / belief.precisionScale)).squareRoot(),
      "the predictive scale √(b(κ + 1)/(aκ))")
    return try check.build { () throws(DistributionError) in
      try StudentT(degreesOfFreedom: degreesOfFreedom, location: belief.mean0, scale: scale)
    }
  }

  /// The normal at the joint mode (μₙ, τ = (αₙ - 1/2)/βₙ): σ = 1/√τ.
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` for
  ///   αₙ ≤ 1/2, where the density has no maximum.
  public static func mode(of belief: NormalGamma, _ statistics: Statistics) throws(FitError)
    -> Normal
  {
    guard let mode = belief.mode else {
      throw .estimateOutsideParameterSpace(
        model: "Normal", reason: "\(belief) has no mode (shape <= 1/2)")
    }
    return try precise(mean: mode[0], precision: mode[1], "the mode precision (a − 1/2)/b")
  }

  /// The normal at the posterior mean (μₙ, E[τ] = αₙ/βₙ): σ = 1/√E[τ].
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: NormalGamma, _ statistics: Statistics) throws(FitError)
    -> Normal
  {
    try precise(mean: belief.mean0, precision: belief.shape / belief.rate, "the mean precision a/b")
  }

  static func precise(mean: Double, precision: Double, _ quantity: String) throws(FitError)
    -> Normal
  {
    let check = DataCheck(model: "Normal")
    try check.positive(precision, quantity)
    let standardDeviation = try check.positive(
      1 / precision.squareRoot(), "the standard deviation 1/√(\(quantity))")
    return try check.build { () throws(DistributionError) in
      try Normal(mean: mean, standardDeviation: standardDeviation)
    }
  }

  /// The normal-gamma prior's log density at (μ, τ = 1/σ²).
  public func logPriorDensity(_ prior: NormalGamma) -> Double {
    prior.logDensity([mean, 1 / (standardDeviation * standardDeviation)])
  }
}
