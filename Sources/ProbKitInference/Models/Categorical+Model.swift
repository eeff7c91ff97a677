import ProbKitCore
public import ProbKitDistributions

extension Categorical: ConjugateModel {
  /// The conjugate prior on the probability vector.
  public typealias Prior = Dirichlet

  /// K - 1 free parameters (the probabilities sum to 1).
  public var parameterCount: Int { probabilities.count - 1 }

  /// The sufficient statistics of category labels in 0..<K: the weighted
  /// count of each category.
  ///
  /// K is given explicitly, so categories that never occur keep their
  /// (zero) count: cₖ = Σᵢ wᵢ [xᵢ = k].
  ///
  /// ```swift
  /// var statistics = try Categorical.Statistics(categoryCount: 3)
  /// for batch in [[0, 2, 2], [1, 2]] {  // a stream
  ///   statistics = try statistics + Categorical.Statistics(batch, categoryCount: 3)
  /// }
  /// statistics.counts  // [1.0, 1.0, 3.0]
  /// ```
  public struct Statistics: SufficientStatistics {
    /// The weighted count of each category, Σ wᵢ [xᵢ = k].
    var weightedCounts: [DoubleDouble]

    /// No observations of `categoryCount` categories.
    ///
    /// - Parameter categoryCount: The number of categories K, ≥ 1.
    /// - Throws: ``FitError`` unless categoryCount ≥ 1.
    public init(categoryCount: Int) throws(FitError) {
      guard categoryCount >= 1 else {
        throw DataCheck(model: "Categorical").argument("categoryCount", ">= 1", categoryCount)
      }
      try DataCheck(model: "Categorical")
        .size("categoryCount", categoryCount, of: DoubleDouble.self)
      weightedCounts = Array(repeating: .zero, count: categoryCount)
    }

    /// The statistics of labels `data`, each in 0..<categoryCount.
    ///
    /// Unweighted labels are counted in one pass of plain integer increments
    /// (several interleaved tables, so consecutive equal labels do not wait
    /// on each other); see `Docs/Performance.md` for the rate.
    ///
    /// - Parameters:
    ///   - data: The labels, each in 0..<categoryCount.
    ///   - categoryCount: The number of categories K, ≥ 1.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` naming the first label out of range, or a bad
    ///   weight.
    public init(_ data: [Int], categoryCount: Int, weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Categorical")
      try self.init(categoryCount: categoryCount)
      try check.weights(weights, count: data.count)
      if let weights {
        for (index, k) in data.enumerated() {
          guard k >= 0, k < categoryCount else {
            throw check.invalid(index, "in 0..<\(categoryCount)", k)
          }
          weightedCounts[k] += weights[index]
        }
      } else {
        guard let counts = Self.count(data, categoryCount: categoryCount) else {
          let index = data.firstIndex { $0 < 0 || $0 >= categoryCount } ?? 0
          throw check.invalid(index, "in 0..<\(categoryCount)", data[index])
        }
        weightedCounts = counts.map { DoubleDouble(Double($0)) }
      }
    }

    /// The statistics of per-category counts (a histogram): `counts[k]`
    /// observations of category k.
    ///
    /// - Parameter counts: The (weighted) count of each category, each finite
    ///   and ≥ 0; K is their number.
    /// - Throws: ``FitError`` for an empty vector or a negative or
    ///   non-finite count (fractional counts are weights and allowed).
    public init(counts: [Double]) throws(FitError) {
      let check = DataCheck(model: "Categorical")
      try self.init(categoryCount: counts.count)
      for (k, count) in counts.enumerated() {
        guard count.isFinite, count >= 0 else {
          throw check.argument("count \(k)", "finite and >= 0", count)
        }
        weightedCounts[k] = DoubleDouble(count)
      }
    }

    /// Counts labels in one pass; `nil` if any label is outside
    /// 0..<categoryCount.
    ///
    /// The array is read as four quarters at once, each counted into its own
    /// table: four independent load streams keep enough memory reads in
    /// flight to run at the machine's read bandwidth (a single stream reached
    /// 70% of it), and separate tables keep equal consecutive labels from
    /// waiting on each other's increments.
    /// Above 1,024 categories one table serves all four streams: equal
    /// neighbours are rare there, and four tables would not stay in cache.
    static func count(_ data: [Int], categoryCount: Int) -> [Int]? {
      let k = UInt(categoryCount)
      let stride = categoryCount <= 1_024 ? categoryCount : 0
      var tables = [Int](repeating: 0, count: categoryCount + 3 * stride)
      var outOfRange = false
      data.withUnsafeBufferPointer { labels in
        tables.withUnsafeMutableBufferPointer { table in
          guard let t0 = table.baseAddress else { return }
          let (t1, t2, t3) = (t0 + stride, t0 + 2 * stride, t0 + 3 * stride)
          let quarter = labels.count / 4
          for i in 0..<quarter {
            let a = UInt(bitPattern: labels[i])
            let b = UInt(bitPattern: labels[quarter + i])
            let c = UInt(bitPattern: labels[2 * quarter + i])
            let d = UInt(bitPattern: labels[3 * quarter + i])
            if a >= k || b >= k || c >= k || d >= k {
              outOfRange = true
              return
            }
            t0[Int(a)] += 1
            t1[Int(b)] += 1
            t2[Int(c)] += 1
            t3[Int(d)] += 1
          }
          for i in (4 * quarter)..<labels.count {
            let a = UInt(bitPattern: labels[i])
            if a >= k {
              outOfRange = true
              return
            }
            t0[Int(a)] += 1
          }
        }
      }
      if outOfRange { return nil }
      guard stride > 0 else { return tables }
      return (0..<categoryCount).map {
        tables[$0] + tables[stride + $0] + tables[2 * stride + $0] + tables[3 * stride + $0]
      }
    }

    /// K.
    public var categoryCount: Int { weightedCounts.count }
    /// The weighted count of each category.
    public var counts: [Double] { weightedCounts.map(\.value) }
    /// W = Σ wᵢ.
    public var totalWeight: Double { weightedCounts.reduce(.zero, +).value }

    func checkStructure(_ other: Statistics) throws(FitError) {
      guard categoryCount == other.categoryCount else {
        throw DataCheck(model: "Categorical").mismatch(
          "category counts \(categoryCount) and \(other.categoryCount)")
      }
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      try checkStructure(other)
      var merged = self
      for k in weightedCounts.indices { merged.weightedCounts[k] += other.weightedCounts[k] }
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      try checkStructure(batch)
      let check = DataCheck(model: "Categorical")
      var result = self
      for k in weightedCounts.indices {
        result.weightedCounts[k] = try check.remove(
          weightedCounts[k], batch.weightedCounts[k], "count of category \(k)")
      }
      return result
    }
  }

  /// Fits the probabilities to labels in 0..<categoryCount.
  ///
  /// MLE: p̂ₖ = cₖ / W, zero for categories never seen. MAP under
  /// Dirichlet(α): the mode of Dirichlet(α + c), on the simplex boundary
  /// where some αₖ + cₖ ≤ 1.
  ///
  /// ```swift
  /// let rolls = [0, 5, 2, 2, 3, 5, 1, 2]
  /// let mle = try Categorical.fit(rolls, categoryCount: 6, estimator: .mle)
  /// mle.model.probabilities  // [0.125, 0.125, 0.375, 0.125, 0.0, 0.25]: 4 never seen
  /// let map = try Categorical.fit(
  ///   rolls, categoryCount: 6, estimator: .map(Dirichlet(alphas: Array(repeating: 2, count: 6))))
  /// map.model.probabilities  // (cₖ + 1)/14: [1/7, 1/7, 2/7, 1/7, 1/14, 3/14]
  /// ```
  ///
  /// - Parameters:
  ///   - data: The labels, each in 0..<categoryCount.
  ///   - categoryCount: The number of categories K.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle` (the default) or `.map(prior)` with a `Dirichlet`
  ///     prior of dimension K.
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError`` for a label out of range, a bad weight, no data
  ///   (MLE), a prior of another dimension, or a posterior with every
  ///   αₖ + cₖ ≤ 1 (MAP: no unique mode).
  public static func fit(
    _ data: [Int], categoryCount: Int, weights: [Double]? = nil,
    estimator: Estimator<Dirichlet> = .mle
  ) throws(FitError) -> Fit<Categorical> {
    try fit(Statistics(data, categoryCount: categoryCount, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Dirichlet>)
    throws(FitError) -> Fit<Categorical>
  {
    switch estimator {
    case .mle:
      let total = statistics.weightedCounts.reduce(.zero, +)
      guard total.hi > 0 else { throw .emptyData(model: "Categorical") }
      try DataCheck(model: "Categorical").finite(total.hi, "the total of the counts")
      let model = try DataCheck(model: "Categorical").build { () throws(DistributionError) in
        try Categorical(probabilities: statistics.weightedCounts.map { ($0 / total).value })
      }
      return maximumLikelihoodFit(model, statistics)
    case .map(let prior):
      return try maximumAPosteriori(prior, statistics)
    }
  }

  /// Σₖ cₖ log pₖ (0 · log 0 = 0).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    guard statistics.categoryCount == probabilities.count else { return -.infinity }
    var sum = 0.0
    for (count, p) in zip(statistics.counts, probabilities) {
      sum += SpecialFunctions.xlogy(count, p)
    }
    return sum
  }

  /// The posterior of `prior` given labels in 0..<K (K = the prior's
  /// dimension).
  ///
  /// ```swift
  /// let prior = try Dirichlet(alphas: [1, 1, 1, 1, 1, 1])
  /// let die = try Categorical.posterior(prior: prior, data: [0, 5, 2, 2])
  /// die.predictive.probabilities[2]  // P(next roll is 2) = 3/10 = 0.3
  /// ```
  ///
  /// - Parameters:
  ///   - prior: A `Dirichlet` prior on the probabilities.
  ///   - data: The labels, each in 0..<K.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  /// - Returns: The posterior Dirichlet(α + c), with evidence and predictive.
  /// - Throws: ``FitError`` for a label out of range or a bad weight.
  public static func posterior(prior: Dirichlet, data: [Int], weights: [Double]? = nil)
    throws(FitError) -> Posterior<Categorical>
  {
    try Posterior(
      prior: prior,
      statistics: Statistics(data, categoryCount: prior.dimension, weights: weights))
  }

  /// Dirichlet(α + c).
  ///
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` when the prior's
  ///   dimension is not K.
  public static func posteriorDistribution(_ prior: Dirichlet, _ statistics: Statistics)
    throws(FitError) -> Dirichlet
  {
    try checkDimension(prior, statistics)
    return try DataCheck(model: "Categorical").dirichletPosterior(
      prior, counts: statistics.counts, total: statistics.totalWeight)
  }

  static func checkDimension(_ prior: Dirichlet, _ statistics: Statistics) throws(FitError) {
    guard prior.dimension == statistics.categoryCount else {
      throw .invalidArgument(
        model: "Categorical", argument: "prior",
        requirement: "a Dirichlet of dimension \(statistics.categoryCount)",
        value: prior.description)
    }
  }

  /// log B(α + c) - log B(α), with B the multivariate beta function.
  public static func logMarginalLikelihood(_ prior: Dirichlet, _ statistics: Statistics) -> Double {
    SpecialFunctions.logMultivariateBeta(zip(prior.alphas, statistics.counts).map { $0 + $1 })
      - SpecialFunctions.logMultivariateBeta(prior.alphas)
  }

  /// Categorical(α / Σα).
  ///
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  public static func predictive(_ belief: Dirichlet, _ statistics: Statistics) throws(FitError)
    -> Categorical
  {
    try mean(of: belief, statistics)
  }

  /// The Dirichlet mode: pₖ = max(αₖ - 1, 0)/Σⱼ max(αⱼ - 1, 0), zero where
  /// αₖ ≤ 1.
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   every αₖ ≤ 1 (no unique mode).
  public static func mode(of belief: Dirichlet, _ statistics: Statistics) throws(FitError)
    -> Categorical
  {
    try checkConcentration(belief)
    guard let mode = belief.mode else {
      throw .estimateOutsideParameterSpace(
        model: "Categorical", reason: "\(belief) has no unique mode (every alpha <= 1)")
    }
    return try DataCheck(model: "Categorical").build { () throws(DistributionError) in
      try Categorical(probabilities: mode)
    }
  }

  /// pₖ = αₖ / Σα.
  ///
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public static func mean(of belief: Dirichlet, _ statistics: Statistics) throws(FitError)
    -> Categorical
  {
    try checkConcentration(belief)
    return try DataCheck(model: "Categorical").build { () throws(DistributionError) in
      try Categorical(probabilities: belief.mean)
    }
  }

  /// The Dirichlet prior's log density at p.
  public func logPriorDensity(_ prior: Dirichlet) -> Double { prior.logDensity(probabilities) }

  /// Requires the sum of `belief`'s alphas to be finite: its mean, mode and
  /// evidence divide by it.
  static func checkConcentration(_ belief: Dirichlet) throws(FitError) {
    try DataCheck(model: "Categorical").concentration(belief)
  }
}
