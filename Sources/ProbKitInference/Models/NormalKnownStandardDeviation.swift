import Foundation
import ProbKitCore
public import ProbKitDistributions

/// A normal model whose standard deviation σ is known: only the mean is
/// fitted.
///
/// Its conjugate prior is a normal on the mean.
///
/// The likelihood is Πᵢ N(xᵢ | μ, σ²) with σ fixed, and the prior on μ is
/// N(μ₀, s₀²); the posterior precision is τₙ = 1/s₀² + W/σ².
///
/// ```swift
/// let prior = try Normal(mean: 0, standardDeviation: 10)
/// let posterior = try NormalKnownStandardDeviation.posterior(
///   prior: prior, data: [4.9, 5.1, 5.4], standardDeviation: 0.5)
/// posterior.distribution.mean               // 5.1290…, shrunk a little toward 0
/// posterior.distribution.standardDeviation  // 1/√(0.01 + 12) = 0.2885…
/// posterior.predictive.standardDeviation    // √(sₙ² + σ²) = 0.5772…
/// ```
public struct NormalKnownStandardDeviation: ConjugateModel, Equatable, Codable,
  CustomStringConvertible
{
  /// The conjugate prior on the mean.
  public typealias Prior = Normal

  /// The normal distribution this model describes.
  public let distribution: Normal

  /// The model with mean μ and known standard deviation σ.
  ///
  /// - Parameters:
  ///   - mean: The mean μ, finite.
  ///   - standardDeviation: The known σ, finite and > 0.
  /// - Throws: `DistributionError` as `Normal/init(mean:standardDeviation:)`.
  public init(mean: Double, standardDeviation: Double) throws(DistributionError) {
    distribution = try Normal(mean: mean, standardDeviation: standardDeviation)
  }

  /// The mean μ (the fitted parameter).
  public var mean: Double { distribution.mean }
  /// The known standard deviation σ.
  public var standardDeviation: Double { distribution.standardDeviation }
  /// One parameter, μ.
  public var parameterCount: Int { 1 }
  /// `NormalKnownStandardDeviation(mean: μ, standardDeviation: σ)`.
  public var description: String {
    "NormalKnownStandardDeviation(mean: \(mean), standardDeviation: \(standardDeviation))"
  }

  /// The sufficient statistics: the known σ and the data's moment sums.
  ///
  /// ```swift
  /// let readings = try NormalKnownStandardDeviation.Statistics([4.9, 5.1], standardDeviation: 0.1)
  /// readings.moments.mean  // 5.0
  /// readings.totalWeight   // 2.0
  /// ```
  public struct Statistics: SufficientStatistics {
    /// The known standard deviation σ.
    public let standardDeviation: Double
    /// The weight, sum and sum of squares.
    public let moments: Normal.Statistics

    /// No observations, for known σ.
    ///
    /// - Parameter standardDeviation: The known σ, finite and > 0.
    /// - Throws: ``FitError`` unless σ is finite and > 0.
    public init(standardDeviation: Double) throws(FitError) {
      try self.init(moments: Normal.Statistics(), standardDeviation: standardDeviation)
    }

    /// The statistics of `data` (each finite) for known σ.
    ///
    /// - Parameters:
    ///   - data: The observations, each finite.
    ///   - standardDeviation: The known σ, finite and > 0.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for an invalid σ, a non-finite observation, or
    ///   a bad weight.
    public init(_ data: [Double], standardDeviation: Double, weights: [Double]? = nil)
      throws(FitError)
    {
      try self.init(
        moments: Normal.Statistics(data, weights: weights, model: "NormalKnownStandardDeviation"),
        standardDeviation: standardDeviation)
    }

    init(moments: Normal.Statistics, standardDeviation: Double) throws(FitError) {
      guard standardDeviation.isFinite, standardDeviation > 0 else {
        throw DataCheck(model: "NormalKnownStandardDeviation").argument(
          "standardDeviation", "finite and > 0", standardDeviation)
      }
      self.standardDeviation = standardDeviation
      self.moments = moments
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { moments.totalWeight }

    func checkStructure(_ other: Statistics) throws(FitError) {
      guard standardDeviation == other.standardDeviation else {
        throw DataCheck(model: "NormalKnownStandardDeviation").mismatch(
          "standard deviations \(standardDeviation) and \(other.standardDeviation)")
      }
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      try checkStructure(other)
      return try Statistics(
        moments: moments.merging(other.moments), standardDeviation: standardDeviation)
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      try checkStructure(batch)
      return try Statistics(
        moments: moments.removing(batch.moments), standardDeviation: standardDeviation)
    }
  }

  /// Fits the mean for known σ.
  ///
  /// MLE: μ̂ = x̄. MAP under Normal(μ₀, s₀) on the mean: the posterior mean
  /// (τ₀μ₀ + Σwᵢxᵢ/σ²)/(τ₀ + W/σ²), τ₀ = 1/s₀².
  ///
  /// ```swift
  /// let data = [4.9, 5.1, 5.4]
  /// try NormalKnownStandardDeviation.fit(data, standardDeviation: 0.5).model.mean  // x̄ = 5.1333…
  /// let prior = try Normal(mean: 0, standardDeviation: 0.5)
  /// try NormalKnownStandardDeviation.fit(
  ///   data, standardDeviation: 0.5, estimator: .map(prior)
  /// ).model.mean  // 15.4/4 = 3.85: the prior counts as one more reading of 0
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations, each finite.
  ///   - standardDeviation: The known σ.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a `Normal`
  ///     prior on μ.
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError`` for an invalid σ, a bad observation or weight,
  ///   or no data (MLE).
  public static func fit(
    _ data: [Double], standardDeviation: Double, weights: [Double]? = nil,
    estimator: Estimator<Normal> = .mle
  ) throws(FitError) -> Fit<NormalKnownStandardDeviation> {
    try fit(
      Statistics(data, standardDeviation: standardDeviation, weights: weights),
      estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Normal>)
    throws(FitError) -> Fit<NormalKnownStandardDeviation>
  {
    switch estimator {
    case .mle:
      guard statistics.moments.weight.hi > 0 else {
        throw .emptyData(model: "NormalKnownStandardDeviation")
      }
      try statistics.moments.checkFinite("NormalKnownStandardDeviation")
      let mean = statistics.moments.mean
      let model = try make(mean, statistics)
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  static func make(_ mean: Double, _ statistics: Statistics) throws(FitError)
    -> NormalKnownStandardDeviation
  {
    try DataCheck(model: "NormalKnownStandardDeviation").build { () throws(DistributionError) in
      try NormalKnownStandardDeviation(mean: mean, standardDeviation: statistics.standardDeviation)
    }
  }

  /// The normal log-likelihood at (μ, σ).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    distribution.logLikelihood(statistics.moments)
  }

  /// The posterior of a normal prior on the mean given observations with
  /// known σ.
  ///
  /// ```swift
  /// let weighed = try NormalKnownStandardDeviation.posterior(
  ///   prior: Normal(mean: 0, standardDeviation: 10), data: [4.9, 5.1], standardDeviation: 0.1)
  /// weighed.distribution.standardDeviation  // ≈ σ/√2 = 0.0707…
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `Normal` prior on μ.
  ///   - data: The observations, each finite.
  ///   - standardDeviation: The known σ.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The normal posterior of μ; its predictive is the normal of a
  ///   new observation.
  /// - Throws: ``FitError`` for an invalid σ, a bad observation or weight.
  public static func posterior(
    prior: Normal, data: [Double], standardDeviation: Double, weights: [Double]? = nil
  ) throws(FitError) -> Posterior<NormalKnownStandardDeviation> {
    try Posterior(
      prior: prior,
      statistics: Statistics(data, standardDeviation: standardDeviation, weights: weights))
  }

  /// Normal(μₙ, 1/√τₙ) with τₙ = τ₀ + W/σ² and μₙ = (τ₀μ₀ + Σwᵢxᵢ/σ²)/τₙ.
  ///
  /// - Throws: ``FitError/overflow(model:quantity:)`` when a statistic of the
  ///   data or an updated parameter is beyond `Double`; ``FitError`` when the
  ///   updated parameters are not valid.
  public static func posteriorDistribution(_ prior: Normal, _ statistics: Statistics)
    throws(FitError) -> Normal
  {
    guard statistics.moments.weight.hi > 0 else { return prior }
    let check = DataCheck(model: "NormalKnownStandardDeviation")
    let mix = try Mixing(prior, statistics)
    // μₙ = λμ₀ + (1 − λ)x̄ with λ = σ²/(σ² + Ws₀²): shares in [0, 1], so
    // neither the precisions nor Σwᵢxᵢ/σ² need to be representable, and x̄
    // enters in double-double (issue 11: at W = 1e6 the precision-weighted
    // quotient was off by ulps of the mean).
    let mean = try check.finite(
      Shrinkage.mean(
        priorMean: prior.mean, dataMean: statistics.moments.preciseMean,
        priorShare: mix.precisePriorShare, dataShare: mix.preciseDataShare),
      "the posterior mean")
    let standardDeviation = try check.positive(
      mix.posteriorStandardDeviation, "the posterior standard deviation")
    return try check.build { () throws(DistributionError) in
      try Normal(mean: mean, standardDeviation: standardDeviation)
    }
  }

  /// The shares of prior and data in the posterior, from standard
  /// deviations rather than precisions, so that σ = 1e-300 (precision
  /// 1e600) or a large total weight need nothing beyond `Double`.
  ///
  /// With h = √(σ² + Ws₀²): λ = (σ/h)², 1 − λ = (√W s₀/h)², and the posterior
  /// standard deviation s₀σ/h.
  struct Mixing {
    /// x̄ = Σwᵢxᵢ/W.
    let dataMean: Double
    /// λ = σ²/(σ² + Ws₀²), the prior mean's weight.
    let priorShare: Double
    /// 1 − λ, the data mean's weight.
    let dataShare: Double
    /// σ/h.
    let sigmaOverH: Double
    /// s₀/h.
    let priorOverH: Double
    /// √W s₀/h.
    let rootWeightOverH: Double
    /// W.
    let weight: Double
    /// W in double-double.
    let preciseWeight: DoubleDouble
    /// h = √(σ² + Ws₀²) (+∞ when √W s₀ exceeds `Double`).
    let h: Double
    /// log h, finite even when h is not.
    let logH: Double
    /// σ.
    let sigma: Double
    /// s₀.
    let priorStandardDeviation: Double

    init(_ prior: Normal, _ statistics: Statistics) throws(FitError) {
      let check = DataCheck(model: "NormalKnownStandardDeviation")
      preciseWeight = statistics.moments.weight
      weight = try check.finite(
        statistics.moments.weight.hi, "the total weight of the observations")
      try check.finite(statistics.moments.sum.hi, "the weighted sum of the observations Σwᵢxᵢ")
      dataMean = try check.finite(statistics.moments.mean, "the mean of the observations")
      sigma = statistics.standardDeviation
      priorStandardDeviation = prior.standardDeviation
      let rootWeight = weight.squareRoot()
      let spread = rootWeight * priorStandardDeviation
      if spread.isFinite {
        h = hypot(sigma, spread)
        logH = log(h)
        sigmaOverH = sigma / h
        priorOverH = priorStandardDeviation / h
        rootWeightOverH = spread / h
      } else {
        // √W s₀ > 1.8e308 ≥ σ, so h = √W s₀ to the last bit: the ratios
        // without h itself.
        h = .infinity
        logH = log(rootWeight) + log(priorStandardDeviation)
        sigmaOverH = sigma / rootWeight / priorStandardDeviation
        priorOverH = 1 / rootWeight
        rootWeightOverH = 1
      }
      priorShare = sigmaOverH * sigmaOverH
      dataShare = rootWeightOverH * rootWeightOverH
    }

    /// λ in double-double: σ²/(σ² + Ws₀²) from exact squares where they
    /// keep all their digits, else from σ/h.
    var precisePriorShare: DoubleDouble { preciseShares?.prior ?? DoubleDouble(priorShare) }
    /// 1 − λ in double-double, as ``precisePriorShare``.
    var preciseDataShare: DoubleDouble { preciseShares?.data ?? DoubleDouble(dataShare) }

    /// (λ, 1 − λ) from double-double squares, or nil when a square would
    /// lose digits to underflow or the denominator would overflow.
    private var preciseShares: (prior: DoubleDouble, data: DoubleDouble)? {
      let sigmaSquared = DoubleDouble.product(sigma, sigma)
      let priorSquared = DoubleDouble.product(priorStandardDeviation, priorStandardDeviation)
      guard sigmaSquared.hi >= 1e-270, priorSquared.hi >= 1e-270 else { return nil }
      let spread = preciseWeight * priorSquared
      let total = sigmaSquared + spread
      guard total.hi < 1e300 else { return nil }
      return (sigmaSquared / total, spread / total)
    }

    /// s₀σ/h, with the smaller of s₀ and σ scaled by the other's ratio to h
    /// (a ratio that cannot underflow).
    var posteriorStandardDeviation: Double {
      priorStandardDeviation >= sigma ? sigma * priorOverH : priorStandardDeviation * sigmaOverH
    }
  }

  /// The log evidence, integrating the mean out.
  ///
  /// -W log(σ√(2π)) - Σwᵢ(xᵢ - x̄)²/(2σ²) + ½ log(τ₀/τₙ) - Wτ₀(x̄ - μ₀)²/(2σ²τₙ).
  public static func logMarginalLikelihood(_ prior: Normal, _ statistics: Statistics) -> Double {
    guard let mix = try? Mixing(prior, statistics) else { return .nan }
    let sigma = statistics.standardDeviation
    // The same terms with σ²τ₀/τₙ = (σ/h)², Wτ₀/(σ²τₙ) = W/h², and
    // Σwᵢ(xᵢ − x̄)²/σ² = (√Σwᵢ(xᵢ − x̄)² / σ)²: no precision is formed.
    let spread = statistics.moments.rootSquaredDeviations / sigma
    let offset =
      mix.h.isFinite
      ? mix.weight.squareRoot() * (mix.dataMean / mix.h - prior.mean / mix.h)
      : mix.rootWeightOverH
        * (mix.dataMean / prior.standardDeviation
          - prior.mean / prior.standardDeviation)
    return -mix.weight * (log(sigma) + Double(ExtendedMath.logSquareRootOfTwoPi))
      - spread * spread / 2 + (mix.sigmaOverH > 0 ? log(mix.sigmaOverH) : log(sigma) - mix.logH)
      - offset * offset / 2
  }

  /// Normal(μₙ, √(sₙ² + σ²)).
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: Normal, _ statistics: Statistics) throws(FitError)
    -> Normal
  {
    let check = DataCheck(model: "NormalKnownStandardDeviation")
    let standardDeviation = try check.finite(
      hypot(belief.standardDeviation, statistics.standardDeviation),
      "the predictive standard deviation √(sₙ² + σ²)")
    return try check.build { () throws(DistributionError) in
      try Normal(mean: belief.mean, standardDeviation: standardDeviation)
    }
  }

  /// μ at the normal's mode, its mean.
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mode.
  public static func mode(of belief: Normal, _ statistics: Statistics) throws(FitError)
    -> NormalKnownStandardDeviation
  {
    try make(belief.mean, statistics)
  }

  /// μ at the normal's mean.
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: Normal, _ statistics: Statistics) throws(FitError)
    -> NormalKnownStandardDeviation
  {
    try make(belief.mean, statistics)
  }

  /// The normal prior's log density at μ.
  public func logPriorDensity(_ prior: Normal) -> Double { prior.logDensity(mean) }
}
