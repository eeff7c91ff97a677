import Foundation
import ProbKitCore
public import ProbKitDistributions

extension Gamma: FittableModel {
  /// Two parameters, shape and rate.
  public var parameterCount: Int { 2 }

  /// The sufficient statistics of positive observations: the total weight,
  /// Σ wᵢxᵢ and Σ wᵢ log xᵢ.
  ///
  /// ```swift
  /// let shard1 = try Gamma.Statistics([0.8, 2.1, 1.4])
  /// let shard2 = try Gamma.Statistics([3.3, 0.6])
  /// let all = try shard1 + shard2
  /// try Gamma.fit(all, estimator: .mle).model.shape  // 2.8290…, as from the five values at once
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    var sum: DoubleDouble
    var sumOfLogs: DoubleDouble
    /// The binary exponent s that `sum` (Σwᵢxᵢ·2⁻ˢ) is scaled by: 0 unless
    /// the data reach beyond 2^±400 (as in ``Normal/Statistics``).
    var scale: Int

    /// No observations.
    public init() {
      weight = .zero
      sum = .zero
      sumOfLogs = .zero
      scale = 0
    }

    /// The statistics of `data`, each finite and > 0.
    ///
    /// - Parameters:
    ///   - data: The observations, each finite and > 0.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for an observation ≤ 0 or non-finite, or a bad
    ///   weight.
    public init(_ data: [Double], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Gamma")
      try check.weights(weights, count: data.count)
      self.init()
      var largest = 0.0
      for (index, x) in data.enumerated() {
        guard x.isFinite, x > 0 else { throw check.invalid(index, "finite and > 0", x) }
        largest = max(largest, x)
      }
      scale = Normal.Statistics.scale(for: largest)
      for (index, x) in data.enumerated() {
        let w = weights?[index] ?? 1
        weight += w
        sum += DoubleDouble.product(w, scalbn(x, -scale))
        sumOfLogs += DoubleDouble.product(w, log(x))
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

    enum CodingKeys: String, CodingKey {
      case weight, sum, sumOfLogs, scale
    }

    /// Decodes statistics; `scale` is absent (0) for statistics of data
    /// within 2^±400, as in files written before it existed.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      weight = try container.decode(DoubleDouble.self, forKey: .weight)
      sum = try container.decode(DoubleDouble.self, forKey: .sum)
      sumOfLogs = try container.decode(DoubleDouble.self, forKey: .sumOfLogs)
      scale = try container.decodeIfPresent(Int.self, forKey: .scale) ?? 0
    }

    /// Encodes the sums, and `scale` when it is not 0.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(weight, forKey: .weight)
      try container.encode(sum, forKey: .sum)
      try container.encode(sumOfLogs, forKey: .sumOfLogs)
      if scale != 0 { try container.encode(scale, forKey: .scale) }
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      let target = max(scale, other.scale)
      var merged = rescaled(to: target)
      merged.weight += other.weight
      merged.sum += other.rescaled(to: target).sum
      merged.sumOfLogs += other.sumOfLogs
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      let check = DataCheck(model: "Gamma")
      let target = max(scale, batch.scale)
      var result = rescaled(to: target)
      result.weight = try check.remove(weight, batch.weight, "total weight")
      result.sum = try check.remove(result.sum, batch.rescaled(to: target).sum, "sum")
      result.sumOfLogs = sumOfLogs - batch.sumOfLogs
      return result
    }
  }

  /// Fits shape and rate by maximum likelihood.
  ///
  /// With m = Σwᵢxᵢ/W and s = log m - Σwᵢ log xᵢ / W > 0, the shape solves
  /// log a - ψ(a) = s (Newton's method from Minka's start, in extended
  /// precision) and the rate is a/m; the report's gradient norm is
  /// W|log a - ψ(a) - s|.
  ///
  /// ```swift
  /// let fit = try Gamma.fit([0.8, 2.1, 1.4, 3.3, 0.6], estimator: .mle)
  /// fit.model  // Gamma(shape: 2.8290…, rate: 1.7250…)
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations, each finite and > 0.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle`, the only choice.
  /// - Returns: The fitted model with its log-likelihood and an
  ///   ``OptimizationReport``.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   all observations are equal (s = 0: the shape is infinite);
  ///   ``FitError`` for a bad observation or weight, or no data.
  public static func fit(
    _ data: [Double], weights: [Double]? = nil, estimator: Estimator<Never> = .mle
  ) throws(FitError) -> Fit<Gamma> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Never>) throws(FitError)
    -> Fit<Gamma>
  {
    guard statistics.weight.hi > 0 else { throw .emptyData(model: "Gamma") }
    let check = DataCheck(model: "Gamma")
    try check.finite(statistics.weight.hi, "the total weight of the observations")
    try check.finite(statistics.sum.hi, "the weighted sum of the observations Σwᵢxᵢ")
    try check.finite(statistics.sumOfLogs.hi, "the sum of the logs Σwᵢ log xᵢ")
    let w = statistics.weight.extended
    // x̄ in extended precision, whose exponent range holds any scale.
    let mean = Extended(
      sign: .plus, exponent: statistics.scale, significand: statistics.sum.extended / w)
    let s = log(mean) - statistics.sumOfLogs.extended / w
    // s ≥ 0 (Jensen), 0 exactly when every observation is the same; the logs
    // in the statistics carry an ulp of |log x| each, so below that the data
    // cannot tell the two apart.
    let roundingOfLogs = 64 * Double.ulpOfOne * max(1, abs(Double(log(mean))))
    guard s > Extended(roundingOfLogs) else {
      throw .estimateOutsideParameterSpace(
        model: "Gamma",
        reason: "every observation is equal (to rounding), so the MLE shape is infinite")
    }
    func excess(_ a: Extended) -> Extended { log(a) - ExtendedMath.digamma(a) - s }
    let sd = Double(s)
    var shape = (3 - sd + ((sd - 3) * (sd - 3) + 24 * sd).squareRoot()) / (12 * sd)
    var iterations = 0
    var converged = false
    // Newton's iteration converges quadratically: once a step changes the
    // shape by less than 1e-10 relative, one more step reaches full precision.
    var polishing = false
    while iterations < 200 {
      iterations += 1
      let f = Double(excess(Extended(shape)))
      let slope = 1 / shape - SpecialFunctions.trigamma(shape)
      var next = shape - f / slope
      if !(next > 0) { next = shape / 2 }
      let change = abs(next - shape)
      shape = next
      if polishing {
        converged = true
        break
      }
      polishing = change <= 1e-10 * shape
    }
    let gradient = Double(w * abs(excess(Extended(shape))))
    guard converged else {
      throw .didNotConverge(model: "Gamma", iterations: iterations, gradientNorm: gradient)
    }
    let model = try DataCheck(model: "Gamma").build { () throws(DistributionError) in
      try Gamma(shape: shape, rate: Double(Extended(shape) / mean))
    }
    return maximumLikelihoodFit(
      model, statistics,
      optimization: OptimizationReport(
        iterations: iterations, functionEvaluations: iterations + 1,
        gradientEvaluations: iterations, gradientNorm: gradient, converged: true))
  }

  /// W(a log b - log Γ(a)) + (a - 1)Σwᵢ log xᵢ - bΣwᵢxᵢ.
  public func logLikelihood(_ statistics: Statistics) -> Double {
    let constant = shape * log(rate) - SpecialFunctions.logGamma(shape)
    let direct =
      statistics.totalWeight * constant + (shape - 1) * statistics.sumOfLogs.value
      - scalbn(rate * statistics.sum.value, statistics.scale)
    guard direct.isNaN else { return direct }
    // Terms beyond Double of both signs (∞ − ∞): W times the per-weight
    // value, ±∞.
    let w = statistics.weight
    return statistics.totalWeight
      * (constant + (shape - 1) * (statistics.sumOfLogs / w).value
        - scalbn(rate * (statistics.sum / w).value, statistics.scale))
  }
}
