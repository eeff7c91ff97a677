import Foundation
import ProbKitCore
public import ProbKitDistributions

/// A normal model whose mean μ is known: only the variance is fitted.
///
/// Its conjugate prior is an inverse gamma on the variance σ².
///
/// The likelihood is Πᵢ N(xᵢ | μ, σ²) with μ fixed, and the prior on σ² is
/// InverseGamma(a, b), p(σ²) ∝ (σ²)^(−a−1) e^(−b/σ²).
///
/// ```swift
/// let prior = try InverseGamma(shape: 3, scale: 2)
/// let posterior = try NormalKnownMean.posterior(prior: prior, data: [0.3, -1.2, 0.8], mean: 0)
/// posterior.distribution  // InverseGamma(a + 3/2, b + Σx²/2), ≈ (4.5, 3.085)
/// posterior.predictive    // StudentT(degreesOfFreedom: 9.0, location: 0.0, scale: 0.8279…)
/// try NormalKnownMean.fit([0.3, -1.2, 0.8], mean: 0).model.variance  // Σx²/3 = 0.7233…
/// ```
public struct NormalKnownMean: ConjugateModel, Equatable, Codable, CustomStringConvertible {
  /// The conjugate prior on the variance σ²: InverseGamma(shape a, **scale** b).
  public typealias Prior = InverseGamma

  /// The normal distribution this model describes.
  public let distribution: Normal

  /// The model with known mean μ and standard deviation σ.
  ///
  /// - Parameters:
  ///   - mean: The known mean μ, finite.
  ///   - standardDeviation: σ, finite and > 0.
  /// - Throws: `DistributionError` as `Normal/init(mean:standardDeviation:)`.
  public init(mean: Double, standardDeviation: Double) throws(DistributionError) {
    distribution = try Normal(mean: mean, standardDeviation: standardDeviation)
  }

  /// The known mean μ.
  public var mean: Double { distribution.mean }
  /// The variance σ² (the fitted parameter).
  public var variance: Double { distribution.variance }
  /// One parameter, σ².
  public var parameterCount: Int { 1 }
  /// `NormalKnownMean(mean: μ, standardDeviation: σ)`.
  public var description: String {
    "NormalKnownMean(mean: \(mean), standardDeviation: \(distribution.standardDeviation))"
  }

  /// The sufficient statistics: the known mean μ, the total weight and
  /// Σ wᵢ(xᵢ - μ)².
  ///
  /// ```swift
  /// let noise = try NormalKnownMean.Statistics([0.3, -1.2, 0.8], mean: 0)
  /// noise.sumOfSquaredDeviations  // 0.09 + 1.44 + 0.64 = 2.17
  /// ```
  public struct Statistics: SufficientStatistics {
    /// The known mean μ.
    public let mean: Double
    var weight: DoubleDouble
    /// Σwᵢ((xᵢ − μ)·2⁻ˢ)², s = `binaryScale`.
    var squaredDeviations: DoubleDouble
    /// The binary exponent s the deviations are scaled by: 0 unless the
    /// data or μ reach beyond 2^±400 (as in ``Normal/Statistics``).
    var binaryScale: Int

    /// No observations, for known μ.
    ///
    /// - Parameter mean: The known mean μ, finite.
    /// - Throws: ``FitError`` unless μ is finite.
    public init(mean: Double) throws(FitError) {
      guard mean.isFinite else {
        throw DataCheck(model: "NormalKnownMean").argument("mean", "finite", mean)
      }
      self.mean = mean
      weight = .zero
      squaredDeviations = .zero
      binaryScale = 0
    }

    /// The statistics of `data` (each finite) for known μ.
    ///
    /// - Parameters:
    ///   - data: The observations, each finite.
    ///   - mean: The known mean μ, finite.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for a non-finite μ or observation, or a bad
    ///   weight.
    public init(_ data: [Double], mean: Double, weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "NormalKnownMean")
      try self.init(mean: mean)
      try check.weights(weights, count: data.count)
      var largest = abs(mean)
      for (index, x) in data.enumerated() {
        guard x.isFinite else { throw check.invalid(index, "finite", x) }
        largest = max(largest, abs(x))
      }
      // Scaled, x − μ cannot overflow and its square neither overflows nor
      // underflows; the difference is rounded once, as unscaled.
      binaryScale = Normal.Statistics.scale(for: largest)
      let center = scalbn(mean, -binaryScale)
      for (index, x) in data.enumerated() {
        let w = weights?[index] ?? 1
        let deviation = scalbn(x, -binaryScale) - center
        weight += w
        squaredDeviations += DoubleDouble.product(deviation, deviation) * w
      }
    }

    /// These statistics at scale `target` ≥ `binaryScale`.
    func rescaled(to target: Int) -> Statistics {
      guard target != binaryScale else { return self }
      var result = self
      result.squaredDeviations = Normal.Statistics.scaled(
        squaredDeviations, 2 * (binaryScale - target))
      result.binaryScale = target
      return result
    }

    /// Σ wᵢ(xᵢ - μ)²/2 (+∞ when beyond `Double`).
    var halfSquaredDeviations: Double {
      scalbn(squaredDeviations.value / 2, 2 * binaryScale)
    }

    /// √(Σ wᵢ(xᵢ - μ)²/W): finite whenever the data are.
    var rootMeanSquaredDeviation: Double {
      scalbn((squaredDeviations / weight).value.squareRoot(), binaryScale)
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }
    /// Σ wᵢ(xᵢ - μ)².
    public var sumOfSquaredDeviations: Double {
      scalbn(squaredDeviations.value, 2 * binaryScale)
    }

    func checkStructure(_ other: Statistics) throws(FitError) {
      guard mean == other.mean else {
        throw DataCheck(model: "NormalKnownMean").mismatch("means \(mean) and \(other.mean)")
      }
    }

    /// Requires the total weight and the sum of squared deviations to be
    /// finite.
    func checkFinite() throws(FitError) {
      let check = DataCheck(model: "NormalKnownMean")
      try check.finite(weight.hi, "the total weight of the observations")
      try check.finite(
        squaredDeviations.hi, "the sum of squared deviations from the mean Σwᵢ(xᵢ − μ)²")
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      try checkStructure(other)
      let target = max(binaryScale, other.binaryScale)
      var merged = rescaled(to: target)
      let more = other.rescaled(to: target)
      merged.weight += more.weight
      merged.squaredDeviations += more.squaredDeviations
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      try checkStructure(batch)
      let check = DataCheck(model: "NormalKnownMean")
      let target = max(binaryScale, batch.binaryScale)
      var result = rescaled(to: target)
      let taken = batch.rescaled(to: target)
      result.weight = try check.remove(result.weight, taken.weight, "total weight")
      result.squaredDeviations = try check.remove(
        result.squaredDeviations, taken.squaredDeviations, "sum of squared deviations")
      return result
    }

    enum CodingKeys: String, CodingKey {
      case mean, weight, squaredDeviations, scale
    }

    /// Decodes statistics; `scale` is absent (0) for statistics of data
    /// within 2^±400, as in files written before it existed.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      mean = try container.decode(Double.self, forKey: .mean)
      weight = try container.decode(DoubleDouble.self, forKey: .weight)
      squaredDeviations = try container.decode(DoubleDouble.self, forKey: .squaredDeviations)
      binaryScale = try container.decodeIfPresent(Int.self, forKey: .scale) ?? 0
    }

    /// Encodes the statistics, and `scale` when it is not 0.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(mean, forKey: .mean)
      try container.encode(weight, forKey: .weight)
      try container.encode(squaredDeviations, forKey: .squaredDeviations)
      if binaryScale != 0 { try container.encode(binaryScale, forKey: .scale) }
    }
  }

  /// Fits the variance for known μ.
  ///
  /// MLE: σ̂² = Σwᵢ(xᵢ - μ)²/W. MAP under InverseGamma(a, b) on σ²: the
  /// posterior mode b'/(a' + 1), with a' = a + W/2 and b' = b + Σwᵢ(xᵢ - μ)²/2.
  ///
  /// ```swift
  /// let data = [0.3, -1.2, 0.8]
  /// try NormalKnownMean.fit(data, mean: 0).model.variance  // 2.17/3 = 0.7233…
  /// let prior = try InverseGamma(shape: 3, scale: 2)
  /// try NormalKnownMean.fit(data, mean: 0, estimator: .map(prior)).model.variance  // 0.5609…
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations, each finite.
  ///   - mean: The known mean μ.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with an
  ///     `InverseGamma(shape:scale:)` prior on σ².
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   every observation equals μ (MLE variance 0); ``FitError`` for a bad
  ///   observation or weight, or no data (MLE).
  public static func fit(
    _ data: [Double], mean: Double, weights: [Double]? = nil,
    estimator: Estimator<InverseGamma> = .mle
  ) throws(FitError) -> Fit<NormalKnownMean> {
    try fit(Statistics(data, mean: mean, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<InverseGamma>)
    throws(FitError) -> Fit<NormalKnownMean>
  {
    switch estimator {
    case .mle:
      guard statistics.weight.hi > 0 else { throw .emptyData(model: "NormalKnownMean") }
      try statistics.checkFinite()
      guard statistics.squaredDeviations.hi > 0 else {
        throw .estimateOutsideParameterSpace(
          model: "NormalKnownMean", reason: "every observation equals the mean, so the MLE is 0")
      }
      // σ̂ from the scaled root: representable whenever σ̂ is, even where σ̂²
      // is not.
      let standardDeviation = try DataCheck(model: "NormalKnownMean").positive(
        statistics.rootMeanSquaredDeviation, "the MLE standard deviation √(Σwᵢ(xᵢ − μ)²/W)")
      let model = try DataCheck(model: "NormalKnownMean").build { () throws(DistributionError) in
        try NormalKnownMean(mean: statistics.mean, standardDeviation: standardDeviation)
      }
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  static func make(variance: Double, _ statistics: Statistics) throws(FitError) -> NormalKnownMean {
    try DataCheck(model: "NormalKnownMean").positive(variance, "the variance")
    return try DataCheck(model: "NormalKnownMean").build { () throws(DistributionError) in
      try NormalKnownMean(mean: statistics.mean, standardDeviation: variance.squareRoot())
    }
  }

  /// -W log σ - W log √(2π) - Σwᵢ(xᵢ - μ)²/(2σ²).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    let sigma = distribution.standardDeviation
    // Σwᵢ(xᵢ − μ)²/σ² as a square of scaled roots: σ² and the sum may each
    // exceed Double where their ratio does not.
    let root =
      scalbn(statistics.squaredDeviations.value.squareRoot(), statistics.binaryScale) / sigma
    return -statistics.totalWeight * (log(sigma) + Double(ExtendedMath.logSquareRootOfTwoPi))
      - (statistics.binaryScale == 0
        ? statistics.sumOfSquaredDeviations / (2 * variance) : root * root / 2)
  }

  /// The posterior of an inverse-gamma prior on the variance given
  /// observations with known mean.
  ///
  /// ```swift
  /// let prior = try InverseGamma(shape: 3, scale: 2)
  /// let noise = try NormalKnownMean.posterior(prior: prior, data: [0.3, -1.2, 0.8], mean: 0)
  /// try noise.distribution.equalTailedInterval(level: 0.9)  // σ² in 0.3646…...1.8555…
  /// ```
  ///
  /// - Parameters:
  ///   - prior: An `InverseGamma(shape:scale:)` prior on σ².
  ///   - data: The observations, each finite.
  ///   - mean: The known mean μ.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior InverseGamma(a + W/2, b + Σwᵢ(xᵢ − μ)²/2); its
  ///   predictive is a Student t.
  /// - Throws: ``FitError`` for a bad observation, mean or weight.
  public static func posterior(
    prior: InverseGamma, data: [Double], mean: Double, weights: [Double]? = nil
  ) throws(FitError) -> Posterior<NormalKnownMean> {
    try Posterior(prior: prior, statistics: Statistics(data, mean: mean, weights: weights))
  }

  /// InverseGamma(a + W/2, b + Σwᵢ(xᵢ - μ)²/2).
  ///
  /// - Throws: ``FitError/overflow(model:quantity:)`` when a statistic of the
  ///   data or an updated parameter is beyond `Double`; ``FitError`` when the
  ///   updated parameters are not valid.
  public static func posteriorDistribution(_ prior: InverseGamma, _ statistics: Statistics)
    throws(FitError) -> InverseGamma
  {
    let check = DataCheck(model: "NormalKnownMean")
    try statistics.checkFinite()
    let shape = try check.finite(
      prior.shape + statistics.totalWeight / 2, "the posterior shape a + W/2")
    let scale = try check.finite(
      prior.scale + statistics.halfSquaredDeviations,
      "the posterior scale b + Σwᵢ(xᵢ − μ)²/2")
    return try check.build { () throws(DistributionError) in
      try InverseGamma(shape: shape, scale: scale)
    }
  }

  /// a log b - log Γ(a) + log Γ(a') - a' log b' - W log √(2π).
  public static func logMarginalLikelihood(_ prior: InverseGamma, _ statistics: Statistics)
    -> Double
  {
    let shape = prior.shape + statistics.totalWeight / 2
    let scale = prior.scale + statistics.halfSquaredDeviations
    return prior.shape * log(prior.scale) - SpecialFunctions.logGamma(prior.shape)
      + SpecialFunctions.logGamma(shape) - shape * log(scale)
      - statistics.totalWeight * Double(ExtendedMath.logSquareRootOfTwoPi)
  }

  /// StudentT(2a, μ, √(b/a)).
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: InverseGamma, _ statistics: Statistics)
    throws(FitError) -> StudentT
  {
    let check = DataCheck(model: "NormalKnownMean")
    let degreesOfFreedom = try check.finite(
      2 * belief.shape, "the predictive degrees of freedom 2a")
    let scale = try check.positive(
      (belief.scale / belief.shape).squareRoot(), "the predictive scale √(b/a)")
    return try check.build { () throws(DistributionError) in
      try StudentT(degreesOfFreedom: degreesOfFreedom, location: statistics.mean, scale: scale)
    }
  }

  /// σ² at the inverse-gamma mode b/(a + 1).
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mode.
  public static func mode(of belief: InverseGamma, _ statistics: Statistics) throws(FitError)
    -> NormalKnownMean
  {
    try make(variance: belief.scale / (belief.shape + 1), statistics)
  }

  /// σ² at the inverse-gamma mean b/(a - 1).
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` for
  ///   a ≤ 1, where the mean is infinite.
  public static func mean(of belief: InverseGamma, _ statistics: Statistics) throws(FitError)
    -> NormalKnownMean
  {
    guard belief.shape > 1 else {
      throw .estimateOutsideParameterSpace(
        model: "NormalKnownMean", reason: "the mean of \(belief) is infinite (shape <= 1)")
    }
    return try make(variance: belief.scale / (belief.shape - 1), statistics)
  }

  /// The inverse-gamma prior's log density at σ².
  public func logPriorDensity(_ prior: InverseGamma) -> Double { prior.logDensity(variance) }
}
