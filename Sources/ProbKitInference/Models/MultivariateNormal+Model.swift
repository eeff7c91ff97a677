import Foundation
import ProbKitCore
public import ProbKitDistributions

extension MultivariateNormal: FittableModel {
  /// d + d(d + 1)/2 parameters: the mean and the covariance's distinct
  /// entries.
  public var parameterCount: Int { dimension + dimension * (dimension + 1) / 2 }

  /// The sufficient statistics of d-vectors: the total weight, Σ wᵢxᵢ and
  /// Σ wᵢxᵢxᵢᵀ (formed exactly and summed in double-double).
  ///
  /// ```swift
  /// var points = try MultivariateNormal.Statistics(dimension: 2)
  /// points = try points + MultivariateNormal.Statistics([[1, 2], [2, 3.5]])
  /// points = try points + MultivariateNormal.Statistics([[0, 1], [3, 3]])
  /// try MultivariateNormal.fit(points, estimator: .mle).model.mean  // [1.5, 2.375]
  /// ```
  public struct Statistics: SufficientStatistics {
    var weight: DoubleDouble
    var sum: [DoubleDouble]
    /// Row-major d × d.
    var sumOfProducts: [DoubleDouble]

    /// No observations of dimension d.
    ///
    /// - Parameter dimension: d, the length of the vectors, ≥ 1.
    /// - Throws: ``FitError`` unless dimension ≥ 1.
    public init(dimension: Int) throws(FitError) {
      guard dimension >= 1 else {
        throw DataCheck(model: "MultivariateNormal").argument("dimension", ">= 1", dimension)
      }
      weight = .zero
      sum = Array(repeating: .zero, count: dimension)
      sumOfProducts = Array(repeating: .zero, count: dimension * dimension)
    }

    /// The statistics of vectors `data`, all of the first's length, with
    /// finite entries.
    ///
    /// - Parameters:
    ///   - data: The vectors, all of the first's length d.
    ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
    /// - Throws: ``FitError`` for empty data (use ``init(dimension:)``), a
    ///   vector of another length or with a non-finite entry, or a bad weight.
    public init(_ data: [[Double]], weights: [Double]? = nil) throws(FitError) {
      let check = DataCheck(model: "MultivariateNormal")
      guard let d = data.first?.count else { throw .emptyData(model: "MultivariateNormal") }
      try self.init(dimension: d)
      try check.weights(weights, count: data.count)
      for (index, x) in data.enumerated() {
        guard x.count == d else { throw check.invalid(index, "a vector of \(d) values", x) }
        guard x.allSatisfy(\.isFinite) else { throw check.invalid(index, "finite", x) }
        let w = weights?[index] ?? 1
        weight += w
        for i in 0..<d {
          sum[i] += DoubleDouble.product(w, x[i])
          for j in 0...i { sumOfProducts[i * d + j] += DoubleDouble.product(x[i], x[j]) * w }
        }
      }
      for i in 0..<d { for j in 0..<i { sumOfProducts[j * d + i] = sumOfProducts[i * d + j] } }
    }

    /// d.
    public var dimension: Int { sum.count }
    /// W = Σ wᵢ.
    public var totalWeight: Double { weight.value }

    /// The mean Σwᵢxᵢ/W.
    var mean: [Double] { sum.map { ($0 / weight).value } }

    /// Σ wᵢ(xᵢ - μ)(xᵢ - μ)ᵀ = S₂ - μS₁ᵀ - S₁μᵀ + Wμμᵀ, row-major.
    func scatter(around mu: [Double]) -> [Double] {
      let d = dimension
      var result = [Double](repeating: 0, count: d * d)
      for i in 0..<d {
        for j in 0..<d {
          let entry =
            sumOfProducts[i * d + j] + -(sum[j] * mu[i]) + -(sum[i] * mu[j])
            + weight * mu[i] * mu[j]
          result[i * d + j] = entry.value
        }
      }
      return result
    }

    func checkStructure(_ other: Statistics) throws(FitError) {
      guard dimension == other.dimension else {
        throw DataCheck(model: "MultivariateNormal").mismatch(
          "dimensions \(dimension) and \(other.dimension)")
      }
    }

    public func merging(_ other: Statistics) throws(FitError) -> Statistics {
      try checkStructure(other)
      var merged = self
      merged.weight += other.weight
      for i in sum.indices { merged.sum[i] += other.sum[i] }
      for i in sumOfProducts.indices { merged.sumOfProducts[i] += other.sumOfProducts[i] }
      return merged
    }

    public func removing(_ batch: Statistics) throws(FitError) -> Statistics {
      try checkStructure(batch)
      var result = self
      result.weight = try DataCheck(model: "MultivariateNormal").remove(
        weight, batch.weight, "total weight")
      for i in sum.indices { result.sum[i] = sum[i] - batch.sum[i] }
      for i in sumOfProducts.indices {
        result.sumOfProducts[i] = sumOfProducts[i] - batch.sumOfProducts[i]
      }
      return result
    }
  }

  /// Fits the mean and covariance by maximum likelihood: μ̂ = Σwᵢxᵢ/W and
  /// Σ̂ = Σwᵢ(xᵢ - μ̂)(xᵢ - μ̂)ᵀ/W (divided by W, not W - 1).
  ///
  /// ```swift
  /// let fit = try MultivariateNormal.fit([[1, 2], [2, 3.5], [0, 1], [3, 3]], estimator: .mle)
  /// fit.model.mean        // [1.5, 2.375]
  /// fit.model.covariance  // [[1.25, 0.9375], [0.9375, 0.921875]]
  /// ```
  ///
  /// - Parameters:
  ///   - data: The vectors, all of the first's length d.
  ///   - weights: One finite weight ≥ 0 per observation; all 1 when `nil`.
  ///   - estimator: `.mle`, the only choice.
  /// - Returns: The fitted model and its log-likelihood.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   Σ̂ is singular (fewer observations than d + 1, or collinear data);
  ///   ``FitError`` for a bad vector or weight, or no data.
  public static func fit(
    _ data: [[Double]], weights: [Double]? = nil, estimator: Estimator<Never> = .mle
  ) throws(FitError) -> Fit<MultivariateNormal> {
    try fit(Statistics(data, weights: weights), estimator: estimator)
  }

  public static func fit(_ statistics: Statistics, estimator: Estimator<Never>) throws(FitError)
    -> Fit<MultivariateNormal>
  {
    guard statistics.weight.hi > 0 else { throw .emptyData(model: "MultivariateNormal") }
    let d = statistics.dimension
    let mu = statistics.mean
    let w = statistics.totalWeight
    let scatter = statistics.scatter(around: mu)
    let covariance = (0..<d).map { i in (0..<d).map { j in scatter[i * d + j] / w } }
    let check = DataCheck(model: "MultivariateNormal")
    try check.finite(w, "the total weight of the observations")
    for (i, value) in mu.enumerated() { try check.finite(value, "the mean of coordinate \(i)") }
    for i in 0..<d {
      for j in 0...i {
        try check.finite(covariance[i][j], "the sample covariance of coordinates \(j) and \(i)")
      }
    }
    guard Matrix(rows: d, columns: d, values: covariance.flatMap { $0 }).choleskyFactor() != nil
    else {
      throw .estimateOutsideParameterSpace(
        model: "MultivariateNormal",
        reason: "the sample covariance is singular (too few or collinear observations)")
    }
    let model = try DataCheck(model: "MultivariateNormal").build { () throws(DistributionError) in
      try MultivariateNormal(mean: mu, covariance: covariance)
    }
    return maximumLikelihoodFit(model, statistics)
  }

  /// -(W/2)(d log 2π + log det Σ) - ½ tr(Σ⁻¹ Σᵢwᵢ(xᵢ - μ)(xᵢ - μ)ᵀ).
  public func logLikelihood(_ statistics: Statistics) -> Double {
    let d = dimension
    guard statistics.dimension == d,
      let factor = Matrix(rows: d, columns: d, values: covariance.flatMap { $0 }).choleskyFactor()
    else { return -.infinity }
    let scatter = statistics.scatter(around: mean)
    // tr(Σ⁻¹M) = tr(L⁻¹ (L⁻¹M)ᵀ) for symmetric M, with Σ = LLᵀ.
    let columns = (0..<d).map { j in
      factor.solveLowerTriangular((0..<d).map { scatter[$0 * d + j] })
    }
    var trace = 0.0
    for i in 0..<d {
      trace += factor.solveLowerTriangular((0..<d).map { columns[$0][i] })[i]
    }
    let w = statistics.totalWeight
    return -w * (Double(d) * Double(ExtendedMath.logSquareRootOfTwoPi) + logDeterminant / 2)
      - trace / 2
  }
}
