import Foundation
public import ProbKitCore

/// The multivariate normal distribution N(μ, Σ) with full covariance.
///
/// Its density is
///
/// ```
/// p(x) = exp(-(x - μ)ᵀ Σ⁻¹ (x - μ)/2) / √((2π)ᵈ |Σ|)
/// ```
///
/// Evaluated through the Cholesky factor Σ = LLᵀ, computed once: |Σ| from
/// L's diagonal, the quadratic form by one triangular solve, draws as μ + Lz.
///
/// ```swift
/// let mvn = try MultivariateNormal(mean: [0, 0], covariance: [[1, 0.8], [0.8, 1]])
/// mvn.logDensity([0.5, 0.5])   // -1.4659…
/// mvn.logDeterminant           // log(1 − 0.8²) = -1.0216…
/// ```
public struct MultivariateNormal: MultivariateDistribution, KullbackLeiblerDivergence {
  /// The mean μ.
  public let mean: [Double]
  /// The covariance Σ, symmetric positive definite, as rows.
  public let covariance: [[Double]]
  /// The Cholesky factor L of Σ.
  let factor: Matrix

  /// Creates N(μ, Σ).
  ///
  /// - Parameters:
  ///   - mean: μ, d ≥ 1 finite entries.
  ///   - covariance: Σ, d rows of d finite entries, symmetric (to 1e-12
  ///     relative) and positive definite.
  ///
  /// - Throws: ``DistributionError`` for a wrong shape, a non-finite entry, an
  ///   asymmetric matrix, or one that is not positive definite.
  public init(mean: [Double], covariance: [[Double]]) throws(DistributionError) {
    let check = ParameterCheck(distribution: "MultivariateNormal")
    let d = mean.count
    guard d >= 1 else {
      throw DistributionError(
        distribution: "MultivariateNormal", parameter: "mean", requirement: "non-empty", value: "[]"
      )
    }
    for (index, value) in mean.enumerated() { try check.finite(value, "mean[\(index)]") }
    guard covariance.count == d, covariance.allSatisfy({ $0.count == d }) else {
      throw DistributionError(
        distribution: "MultivariateNormal", parameter: "covariance", requirement: "\(d)x\(d)",
        value: "\(covariance.count) rows of \(covariance.map(\.count))")
    }
    // Names are built only for a failure: d² interpolations cost seconds at
    // d = 6,000.
    for i in 0..<d {
      for j in 0..<d {
        let (a, b) = (covariance[i][j], covariance[j][i])
        if !a.isFinite { try check.finite(a, "covariance[\(i)][\(j)]") }
        guard abs(a - b) <= 1e-12 * max(abs(a), abs(b)) else {
          throw check.failure(
            "covariance[\(i)][\(j)]", "equal to covariance[\(j)][\(i)] (symmetric)", a)
        }
      }
    }
    let matrix = Matrix(rows: d, columns: d, values: covariance.flatMap { $0 })
    guard let factor = matrix.choleskyFactor() else {
      throw DistributionError(
        distribution: "MultivariateNormal", parameter: "covariance",
        requirement: "positive definite", value: "a matrix whose Cholesky factorisation fails")
    }
    self.mean = mean
    self.covariance = covariance
    self.factor = factor
  }

  /// The dimension d.
  public var dimension: Int { mean.count }
  /// The variances Σᵢᵢ.
  public var variance: [Double] { (0..<dimension).map { covariance[$0][$0] } }
  /// log |Σ| = 2 Σᵢ log Lᵢᵢ.
  public var logDeterminant: Double { 2 * (0..<dimension).reduce(0) { $0 + log(factor[$1, $1]) } }
  /// The mode, μ.
  public var mode: [Double] { mean }
  /// The entropy (d/2)(1 + log 2π) + (1/2) log |Σ|.
  public var entropy: Double {
    0.5 * Double(dimension) * (1 + log(2 * Double.pi)) + 0.5 * logDeterminant
  }

  /// log p(x) = -(d log 2π + log |Σ| + ‖L⁻¹(x - μ)‖²)/2; -∞ for a vector of the
  /// wrong length or with infinite entries.
  ///
  /// - Parameter x: The point, ``dimension`` entries.
  /// - Returns: log p(x).
  public func logDensity(_ x: [Double]) -> Double {
    guard x.count == dimension else { return -.infinity }
    if x.contains(where: \.isNaN) { return .nan }
    guard x.allSatisfy(\.isFinite) else { return -.infinity }
    let whitened = factor.solveLowerTriangular(zip(x, mean).map { $0 - $1 })
    let squaredNorm = whitened.reduce(0) { $0 + $1 * $1 }
    return -0.5 * (Double(dimension) * log(2 * Double.pi) + logDeterminant + squaredNorm)
  }

  /// A draw μ + Lz with z a vector of ziggurat standard normals.
  ///
  /// - Returns: One draw, a vector of ``dimension`` entries.
  public func sample(using source: RandomSource) -> [Double] {
    let z = (0..<dimension).map { _ in source.nextStandardNormal() }
    var x = mean
    for i in 0..<dimension {
      for k in 0...i { x[i] += factor[i, k] * z[k] }
    }
    return x
  }

  /// The Kullback–Leibler divergence KL(p ‖ q), in closed form.
  ///
  /// KL(p ‖ q) = (tr(Σ_q⁻¹Σ_p) + (μ_q - μ_p)ᵀΣ_q⁻¹(μ_q - μ_p) - d + log|Σ_q| -
  /// log|Σ_p|)/2, via q's Cholesky factor; NaN if the dimensions differ.
  public func kullbackLeiblerDivergence(from other: MultivariateNormal) -> Double {
    guard other.dimension == dimension else { return .nan }
    // tr(Σ_q⁻¹Σ_p) = ‖L_q⁻¹L_p‖²_F, column by column.
    var trace = 0.0
    for column in 0..<dimension {
      let solved = other.factor.solveLowerTriangular((0..<dimension).map { factor[$0, column] })
      trace += solved.reduce(0) { $0 + $1 * $1 }
    }
    let difference = other.factor.solveLowerTriangular(zip(other.mean, mean).map { $0 - $1 })
    let mahalanobis = difference.reduce(0) { $0 + $1 * $1 }
    return 0.5 * (trace + mahalanobis - Double(dimension) + other.logDeterminant - logDeterminant)
  }

  /// Equal when the means and covariances are.
  public static func == (lhs: MultivariateNormal, rhs: MultivariateNormal) -> Bool {
    lhs.mean == rhs.mean && lhs.covariance == rhs.covariance
  }

  private enum CodingKeys: String, CodingKey {
    case mean, covariance
  }

  /// Decodes and validates, like ``init(mean:covariance:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      mean: container.decode([Double].self, forKey: .mean),
      covariance: container.decode([[Double]].self, forKey: .covariance))
  }

  /// Encodes the mean and covariance.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(mean, forKey: .mean)
    try container.encode(covariance, forKey: .covariance)
  }

  /// `MultivariateNormal(mean: [...], covariance: [[...]])`.
  public var description: String {
    "MultivariateNormal(mean: \(mean), covariance: \(covariance))"
  }
}
