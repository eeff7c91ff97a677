import Foundation
import ProbKitCore
public import ProbKitDistributions

extension Dirichlet: FittableModel {
  /// K parameters, α₁ … α_K.
  public var parameterCount: Int { dimension }

  /// The sufficient statistics of probability vectors: the total weight and
  /// Σᵢ wᵢ log pᵢₖ for each coordinate k.
  ///
  /// ```swift
  /// let shares = try Dirichlet.Statistics([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]])
  /// shares.dimension    // 3, from the first vector
  /// shares.totalWeight  // 2.0
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    var sumsOfLogs: [DoubleDouble]

    /// No observations of dimension K.
    ///
    /// - Parameter dimension: K, the length of the probability vectors, ≥ 2.
    /// - Throws: ``FitError`` unless dimension ≥ 2.
    public init(dimension: Int) throws(FitError) {
      guard dimension >= 2 else {
        throw DataCheck(model: "Dirichlet").argument("dimension", ">= 2", dimension)
      }
      weight = .zero
      sumsOfLogs = Array(repeating: .zero, count: dimension)
    }

    /// The statistics of probability vectors `data`: each of the same length
    /// K ≥ 2 (the first's), every coordinate > 0, summing to 1 within 1e-10·K.
    ///
    /// - Parameters:
    ///   - data: The probability vectors, all of the first's length K ≥ 2.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for empty data (the dimension is unknown; use
    ///   ``init(dimension:)``), a vector of another length, a coordinate ≤ 0
    ///   or non-finite, a sum other than 1, or a bad weight.
    public init(_ data: [[Double]], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "Dirichlet")
      guard let k = data.first?.count else { throw .emptyData(model: "Dirichlet") }
      try self.init(dimension: k)
      try check.weights(weights, count: data.count)
      for (index, p) in data.enumerated() {
        guard p.count == k else { throw check.invalid(index, "a vector of \(k) probabilities", p) }
        guard p.allSatisfy({ $0 > 0 && $0.isFinite }) else {
          throw check.invalid(index, "a vector of probabilities > 0", p)
        }
        let total = p.reduce(0, +)
        guard abs(total - 1) <= 1e-10 * Double(k) else {
          throw check.invalid(index, "a probability vector summing to 1", "a sum of \(total)")
        }
        let w = weights?[index] ?? 1
        weight += w
        for j in 0..<k { sumsOfLogs[j] += DoubleDouble.product(w, log(p[j])) }
      }
    }

    /// K.
    public var dimension: Int { sumsOfLogs.count }
    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }

    func checkStructure(_ other: Statistics) throws(FitError) {
      guard dimension == other.dimension else {
        throw DataCheck(model: "Dirichlet").mismatch(
          "dimensions \(dimension) and \(other.dimension)")
      }
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      try checkStructure(other)
      var merged = self
      merged.weight += other.weight
      for k in sumsOfLogs.indices { merged.sumsOfLogs[k] += other.sumsOfLogs[k] }
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      try checkStructure(batch)
      var result = self
      result.weight = try DataCheck(model: "Dirichlet").remove(
        weight, batch.weight, "total weight")
      for k in sumsOfLogs.indices { result.sumsOfLogs[k] = sumsOfLogs[k] - batch.sumsOfLogs[k] }
      return result
    }
  }

  /// Fits the concentration parameters to probability vectors by maximum
  /// likelihood.
  ///
  /// The log-likelihood W(log Γ(α₀) - Σₖ log Γ(αₖ)) + Σₖ(αₖ - 1)Lₖ, with
  /// α₀ = Σαₖ and Lₖ = Σᵢwᵢ log pᵢₖ, is concave: Newton's method from Minka's
  /// estimate, its diagonal-plus-rank-one Hessian inverted in O(K) (Minka,
  /// "Estimating a Dirichlet distribution", 2000), with a line search that
  /// keeps every αₖ > 0 and gradients in extended precision.
  ///
  /// ```swift
  /// let shares = [[0.2, 0.3, 0.5], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5]]
  /// try Dirichlet.fit(shares, estimator: .mle).model.mean  // [0.1916…, 0.3719…, 0.4363…]
  /// ```
  ///
  /// - Parameters:
  ///   - data: The probability vectors, all of the same length K ≥ 2.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle`, the only choice.
  /// - Returns: The fitted model with its log-likelihood and an
  ///   ``OptimizationReport``.
  /// - Throws: ``FitError/didNotConverge(model:iterations:gradientNorm:)``
  ///   after 1,000 iterations;
  ///   ``FitError/estimateOutsideParameterSpace(model:reason:)`` when every
  ///   vector is the same (the likelihood grows without bound); ``FitError``
  ///   for a bad vector or weight, or no data.
  public static func fit(
    _ data: [[Double]], weights: [Double]? = nil, estimator: Estimator<Never> = .mle
  ) throws(FitError) -> Fit<Dirichlet> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Never>) throws(FitError)
    -> Fit<Dirichlet>
  {
    guard statistics.weight.hi > 0 else { throw .emptyData(model: "Dirichlet") }
    let k = statistics.dimension
    let w = statistics.weight.value
    let we = statistics.weight.extended
    let logs = statistics.sumsOfLogs.map(\.extended)
    let meanLogs = logs.map { Double($0 / we) }
    func objective(_ alphas: [Double]) -> Double {
      var value = SpecialFunctions.logGamma(alphas.reduce(0, +))
      for j in 0..<k { value -= SpecialFunctions.logGamma(alphas[j]) }
      value *= w
      for j in 0..<k { value += (alphas[j] - 1) * Double(logs[j]) }
      return value
    }
    func gradient(_ alphas: [Double]) -> [Double] {
      let total = ExtendedMath.digamma(alphas.reduce(Extended(0)) { $0 + Extended($1) })
      return (0..<k).map {
        Double(we * (total - ExtendedMath.digamma(Extended(alphas[$0]))) + logs[$0])
      }
    }
    // Minka's starting point.
    let largest = meanLogs.max() ?? 0
    let geometric = meanLogs.map { exp($0 - largest) }
    let geometricTotal = geometric.reduce(0, +)
    let m = geometric.map { $0 / geometricTotal }
    var spread = 0.0
    for j in 0..<k { spread += m[j] * (log(m[j]) - meanLogs[j]) }
    // spread = -log Σₖ exp(Lₖ/W) ≥ 0 (Jensen), 0 exactly when every vector is
    // the same: then the likelihood grows without bound along α = c·p. Within
    // the rounding of the statistics the data cannot tell the two apart.
    let roundingOfLogs = 64 * Double.ulpOfOne * max(1, -(meanLogs.min() ?? 0))
    guard spread > Double(k) * roundingOfLogs else {
      throw .estimateOutsideParameterSpace(
        model: "Dirichlet",
        reason: "every vector is equal (to rounding), so the likelihood has no maximum")
    }
    let precision = Double(k - 1) / (2 * spread)
    var alphas = m.map { max($0 * precision, 1e-300) }
    var value = objective(alphas)
    var evaluations = 1
    var iterations = 0
    var polishing = false
    var converged = false
    while iterations < 1_000 {
      iterations += 1
      let g = gradient(alphas)
      // H = diag(q) + z11ᵀ with qₖ = -Wψ'(αₖ), z = Wψ'(α₀); H⁻¹g by
      // Sherman–Morrison.
      let z = w * SpecialFunctions.trigamma(alphas.reduce(0, +))
      let q = alphas.map { -w * SpecialFunctions.trigamma($0) }
      var sumGOverQ = 0.0
      var sumInverseQ = 0.0
      for j in 0..<k {
        sumGOverQ += g[j] / q[j]
        sumInverseQ += 1 / q[j]
      }
      let b = sumGOverQ / (1 / z + sumInverseQ)
      let direction = (0..<k).map { -(g[$0] - b) / q[$0] }
      var step = 1.0
      var candidate = zip(alphas, direction).map { $0 + $1 }
      var next = candidate.allSatisfy({ $0 > 0 }) ? objective(candidate) : -.infinity
      evaluations += 1
      while !(next >= value - 1e-12 * abs(value)) && step > 1e-30 {
        step /= 2
        candidate = zip(alphas, direction).map { $0 + step * $1 }
        next = candidate.allSatisfy({ $0 > 0 }) ? objective(candidate) : -.infinity
        evaluations += 1
      }
      if !(next >= value - 1e-12 * abs(value)) {
        // Newton fails far from the optimum when the αₖ differ by many orders
        // of magnitude; Minka's fixed-point step αₖ ← ψ⁻¹(ψ(α₀) + Lₖ/W) always
        // increases the likelihood.
        let total = SpecialFunctions.digamma(alphas.reduce(0, +))
        candidate = meanLogs.map { inverseDigamma(total + $0) }
        next = candidate.allSatisfy({ $0 > 0 && $0.isFinite }) ? objective(candidate) : -.infinity
        evaluations += 1
      }
      guard next >= value - 1e-12 * abs(value) else {
        // No step improves on the current point: the maximum to rounding if
        // the previous step was already tiny, else a failure reported below.
        converged = polishing
        break
      }
      var change = 0.0
      for j in 0..<k { change = max(change, abs(candidate[j] - alphas[j]) / alphas[j]) }
      (alphas, value) = (candidate, next)
      if polishing {
        converged = true
        break
      }
      polishing = change <= 1e-10
    }
    let g = gradient(alphas)
    let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
    guard converged else {
      throw .didNotConverge(model: "Dirichlet", iterations: iterations, gradientNorm: norm)
    }
    let model = try DataCheck(model: "Dirichlet").build { () throws(DistributionError) in
      try Dirichlet(alphas: alphas)
    }
    return maximumLikelihoodFit(
      model, statistics,
      optimization: OptimizationReport(
        iterations: iterations, functionEvaluations: evaluations,
        gradientEvaluations: iterations + 1, gradientNorm: norm, converged: true))
  }

  /// W(log Γ(α₀) - Σₖ log Γ(αₖ)) + Σₖ(αₖ - 1)Σᵢwᵢ log pᵢₖ.
  public func logLikelihood(_ statistics: Statistics) -> Double {
    guard statistics.dimension == dimension else { return -.infinity }
    var value = -statistics.totalWeight * SpecialFunctions.logMultivariateBeta(alphas)
    for (alpha, sum) in zip(alphas, statistics.sumsOfLogs) { value += (alpha - 1) * sum.value }
    return value
  }
}
