import ProbKitCore
public import ProbKitDistributions

extension Geometric: FittableModel {
  /// One parameter, p.
  public var parameterCount: Int { 1 }

  /// The sufficient statistics of failure counts: the total weight and the
  /// weighted number of failures Σ wᵢkᵢ.
  ///
  /// ```swift
  /// let attempts = try Geometric.Statistics([0, 2, 1, 5])
  /// attempts.failures     // 8.0
  /// attempts.totalWeight  // 4.0
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    var failureCount: DoubleDouble

    /// No observations.
    public init() {
      weight = .zero
      failureCount = .zero
    }

    /// The statistics of failure counts `data` (failures before the first
    /// success), each ≥ 0.
    ///
    /// - Parameters:
    ///   - data: The failure counts, each ≥ 0.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for a negative count or a bad weight.
    public init(_ data: [Int], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Geometric")
      try check.weights(weights, count: data.count)
      self.init()
      for (index, k) in data.enumerated() {
        guard k >= 0 else { throw check.invalid(index, ">= 0", k) }
        let w = weights?[index] ?? 1
        weight += w
        failureCount += DoubleDouble.product(w, Double(k))
      }
    }

    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }
    /// Σ wᵢkᵢ.
    public var failures: Double { failureCount.value }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      var merged = self
      merged.weight += other.weight
      merged.failureCount += other.failureCount
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      let check = DataCheck(model: "Geometric")
      var result = self
      result.weight = try check.remove(weight, batch.weight, "total weight")
      result.failureCount = try check.remove(failureCount, batch.failureCount, "failures")
      return result
    }
  }

  /// Fits p by maximum likelihood: p̂ = W / (W + Σwᵢkᵢ) = 1/(1 + mean).
  ///
  /// Maximum likelihood only (`Estimator<Never>`).
  ///
  /// ```swift
  /// try Geometric.fit([0, 2, 1, 5]).model  // W/(W + Σk) = 4/12: probability 0.3333…
  /// try Geometric.fit([0, 0, 0]).model     // Geometric(probability: 1.0)
  /// ```
  ///
  /// - Parameters:
  ///   - data: The failure counts before each first success, each ≥ 0.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle`, the only choice.
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError`` for a negative count, a bad weight, or no data.
  public static func fit(
    _ data: [Int], weights: [Double]? = nil, estimator: Estimator<Never> = .mle
  ) throws(FitError) -> Fit<Geometric> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Never>) throws(FitError)
    -> Fit<Geometric>
  {
    guard statistics.weight.hi > 0 else { throw .emptyData(model: "Geometric") }
    let check = DataCheck(model: "Geometric")
    try check.finite(statistics.weight.hi, "the total weight of the observations")
    try check.finite(statistics.failureCount.hi, "the number of failures Σwᵢkᵢ")
    let total = statistics.weight + statistics.failureCount
    try check.finite(total.hi, "the number of trials W + Σwᵢkᵢ")
    let model = try DataCheck(model: "Geometric").build { () throws(DistributionError) in
      try Geometric(probability: (statistics.weight / total).value)
    }
    return maximumLikelihoodFit(model, statistics)
  }

  /// W log p + Σwᵢkᵢ log(1 - p).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    SpecialFunctions.xlogy(statistics.totalWeight, probability)
      + SpecialFunctions.xlog1py(statistics.failures, -probability)
  }
}
