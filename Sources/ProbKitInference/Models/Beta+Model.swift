import Foundation
import ProbKitCore
public import ProbKitDistributions

extension Beta: FittableModel {
  /// Two parameters, α and β.
  public var parameterCount: Int { 2 }

  /// The sufficient statistics of observations in (0, 1): the total weight,
  /// Σ wᵢ log xᵢ and Σ wᵢ log(1 - xᵢ).
  ///
  /// ```swift
  /// let rates = try Beta.Statistics([0.21, 0.35, 0.12])
  /// rates.totalWeight  // 3.0
  /// (try? Beta.Statistics([0.5, 1.0])) == nil  // true: 1 is outside (0, 1)
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    var sumOfLogs: DoubleDouble
    var sumOfLogComplements: DoubleDouble

    /// No observations.
    public init() {
      weight = .zero
      sumOfLogs = .zero
      sumOfLogComplements = .zero
    }

    /// The statistics of `data`, each strictly between 0 and 1.
    ///
    /// - Parameters:
    ///   - data: The observations, each in (0, 1).
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for an observation outside (0, 1), or a bad
    ///   weight.
    public init(_ data: [Double], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Beta")
      try check.weights(weights, count: data.count)
      self.init()
      for (index, x) in data.enumerated() {
        guard x > 0, x < 1 else { throw check.invalid(index, "in (0, 1)", x) }
        let w = weights?[index] ?? 1
        weight += w
        sumOfLogs += DoubleDouble.product(w, log(x))
        sumOfLogComplements += DoubleDouble.product(w, log1p(-x))
      }
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      var merged = self
      merged.weight += other.weight
      merged.sumOfLogs += other.sumOfLogs
      merged.sumOfLogComplements += other.sumOfLogComplements
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      let check = DataCheck(model: "Beta")
      var result = self
      result.weight = try check.remove(weight, batch.weight, "total weight")
      result.sumOfLogs = sumOfLogs - batch.sumOfLogs
      result.sumOfLogComplements = sumOfLogComplements - batch.sumOfLogComplements
      return result
    }
  }

  /// Fits α and β by maximum likelihood (the true MLE, not the method of
  /// moments).
  ///
  /// The log-likelihood -W log B(α, β) + (α - 1)Σwᵢ log xᵢ + (β - 1)Σwᵢ log(1 - xᵢ)
  /// is concave: Newton's method with the exact Hessian and a line search,
  /// from the geometric-mean estimate, with the gradient in extended
  /// precision.
  ///
  /// ```swift
  /// let fit = try Beta.fit([0.21, 0.35, 0.12, 0.44, 0.29], estimator: .mle)
  /// fit.model  // Beta(alpha: 4.2455…, beta: 10.8573…)
  /// ```
  ///
  /// - Parameters:
  ///   - data: The observations, each in (0, 1).
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle`, the only choice.
  /// - Returns: The fitted model with its log-likelihood and an
  ///   ``OptimizationReport``.
  ///
  /// - Throws: ``FitError/didNotConverge(model:iterations:gradientNorm:)``
  ///   after 500 iterations, or
  ///   ``FitError/estimateOutsideParameterSpace(model:reason:)`` when the
  ///   observations are all equal (the likelihood grows without bound);
  ///   ``FitError`` for a bad observation or weight, or no data.
  public static func fit(
    _ data: [Double], weights: [Double]? = nil, estimator: Estimator<Never> = .mle
  ) throws(FitError) -> Fit<Beta> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Never>) throws(FitError)
    -> Fit<Beta>
  {
    guard statistics.weight.hi > 0 else { throw .emptyData(model: "Beta") }
    let w = statistics.weight.value
    let logs = (statistics.sumOfLogs.extended, statistics.sumOfLogComplements.extended)
    let we = statistics.weight.extended
    func gradient(_ a: Double, _ b: Double) -> (Double, Double) {
      let both = ExtendedMath.digamma(Extended(a) + Extended(b))
      return (
        Double(we * (both - ExtendedMath.digamma(Extended(a))) + logs.0),
        Double(we * (both - ExtendedMath.digamma(Extended(b))) + logs.1)
      )
    }
    func objective(_ a: Double, _ b: Double) -> Double {
      -w * SpecialFunctions.logBeta(a, b) + (a - 1) * Double(logs.0) + (b - 1) * Double(logs.1)
    }
    // Geometric means G₀ = exp(mean log x), G₁ = exp(mean log(1 - x)).
    let g0 = exp(Double(logs.0 / we))
    let g1 = exp(Double(logs.1 / we))
    // 1 - G₀ - G₁ ≥ 0 (Jensen), 0 exactly when every observation is the same;
    // within the rounding of the statistics the data cannot tell them apart.
    let denominator = 2 * (1 - g0 - g1)
    let roundingOfLogs = 64 * Double.ulpOfOne * max(1, -Double(logs.0 / we), -Double(logs.1 / we))
    guard denominator > 2 * roundingOfLogs else {
      throw .estimateOutsideParameterSpace(
        model: "Beta",
        reason: "every observation is equal (to rounding), so the likelihood has no maximum")
    }
    var (a, b) = (0.5 + g0 / denominator, 0.5 + g1 / denominator)
    var value = objective(a, b)
    var evaluations = 1
    var iterations = 0
    var polishing = false
    var converged = false
    while iterations < 500 {
      iterations += 1
      let (ga, gb) = gradient(a, b)
      let both = SpecialFunctions.trigamma(a + b)
      let haa = w * (both - SpecialFunctions.trigamma(a))
      let hbb = w * (both - SpecialFunctions.trigamma(b))
      let hab = w * both
      let determinant = haa * hbb - hab * hab
      // Newton step -H⁻¹g for the 2×2 negative definite Hessian.
      var da = -(hbb * ga - hab * gb) / determinant
      var db = -(haa * gb - hab * ga) / determinant
      if !(da.isFinite && db.isFinite) { (da, db) = (ga / w, gb / w) }
      var step = 1.0
      var (na, nb) = (a + da, b + db)
      var next = objective(na, nb)
      evaluations += 1
      while !(na > 0 && nb > 0 && next >= value - 1e-12 * abs(value)) && step > 1e-30 {
        step /= 2
        (na, nb) = (a + step * da, b + step * db)
        next = objective(na, nb)
        evaluations += 1
      }
      guard na > 0 && nb > 0 && next >= value - 1e-12 * abs(value) else {
        // No step improves on the current point: the maximum to rounding if
        // the previous step was already tiny, else a failure reported below.
        converged = polishing
        break
      }
      let change = max(abs(na - a) / a, abs(nb - b) / b)
      (a, b, value) = (na, nb, next)
      if polishing {
        converged = true
        break
      }
      polishing = change <= 1e-10
    }
    let (ga, gb) = gradient(a, b)
    let norm = (ga * ga + gb * gb).squareRoot()
    guard converged else {
      throw .didNotConverge(model: "Beta", iterations: iterations, gradientNorm: norm)
    }
    let model = try DataCheck(model: "Beta").build { () throws(DistributionError) in
      try Beta(alpha: a, beta: b)
    }
    return maximumLikelihoodFit(
      model, statistics,
      optimization: OptimizationReport(
        iterations: iterations, functionEvaluations: evaluations,
        gradientEvaluations: iterations + 1, gradientNorm: norm, converged: true))
  }

  /// -W log B(α, β) + (α - 1)Σwᵢ log xᵢ + (β - 1)Σwᵢ log(1 - xᵢ).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    -statistics.totalWeight * SpecialFunctions.logBeta(alpha, beta)
      + (alpha - 1) * statistics.sumOfLogs.value
      + (beta - 1) * statistics.sumOfLogComplements.value
  }
}
