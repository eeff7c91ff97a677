import Foundation
import ProbKitCore
public import ProbKitDistributions
public import ProbKitInference

/// The conjugate prior of linear regression with unknown noise variance:
/// σ² ~ InverseGamma(a₀, b₀), β | σ² ~ N(m₀, σ² V₀), β the coefficients
/// and then the intercept.
///
/// ```swift
/// // Coefficients about N(0, 4σ²), a vague intercept, σ² around b₀/(a₀ - 1) = 1.
/// let prior = try NormalInverseGammaPrior(
///   mean: [0, 0], covariance: [[4, 0], [0, 100]], shape: 2, scale: 1)
/// ```
public struct NormalInverseGammaPrior: Sendable, Equatable {
  /// m₀, the prior mean of β (coefficients, then the intercept).
  public let mean: [Double]
  /// V₀, β's prior covariance in units of σ², symmetric positive definite.
  public let covariance: [[Double]]
  /// a₀ > 0, the inverse gamma's shape.
  public let shape: Double
  /// b₀ > 0, the inverse gamma's scale.
  public let scale: Double
  let covarianceFactor: Matrix

  /// Validates the prior.
  ///
  /// - Throws: `FitError` for non-finite entries, a covariance of the wrong
  ///   shape or not positive definite, or a shape or scale not > 0.
  public init(mean: [Double], covariance: [[Double]], shape: Double, scale: Double)
    throws(FitError)
  {
    let check = DataCheck(model: "NormalInverseGammaPrior")
    let p = mean.count
    guard p >= 1, mean.allSatisfy(\.isFinite) else {
      throw check.argument("mean", "at least one finite entry", "\(mean)")
    }
    guard covariance.count == p, covariance.allSatisfy({ $0.count == p }),
      covariance.joined().allSatisfy(\.isFinite)
    else {
      throw check.argument("covariance", "\(p) x \(p) finite entries", "\(covariance.count) rows")
    }
    for i in 0..<p {
      for j in 0..<i
      where abs(covariance[i][j] - covariance[j][i])
        > 1e-12 * max(abs(covariance[i][j]), abs(covariance[j][i]))
      {
        throw check.argument("covariance", "symmetric", "entry [\(i)][\(j)]")
      }
    }
    guard
      let factor = Matrix(rows: p, columns: p, values: Array(covariance.joined()))
        .choleskyFactor()
    else { throw check.argument("covariance", "positive definite", "a singular matrix") }
    guard shape > 0, shape.isFinite else { throw check.argument("shape", "finite and > 0", shape) }
    guard scale > 0, scale.isFinite else { throw check.argument("scale", "finite and > 0", scale) }
    self.mean = mean
    self.covariance = covariance
    self.shape = shape
    self.scale = scale
    covarianceFactor = factor
  }

  /// Equal means, covariances, shapes and scales (the cached factor is
  /// derived from them).
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.mean == rhs.mean && lhs.covariance == rhs.covariance && lhs.shape == rhs.shape
      && lhs.scale == rhs.scale
  }
}

/// The exact posterior of Bayesian linear regression under a
/// ``NormalInverseGammaPrior``.
///
/// ```
/// Vₙ = (V₀⁻¹ + X̃ᵀWX̃)⁻¹,   mₙ = Vₙ(V₀⁻¹m₀ + X̃ᵀWy),   aₙ = a₀ + n/2,
/// bₙ = b₀ + ½[(y - X̃mₙ)ᵀW(y - X̃mₙ) + (mₙ - m₀)ᵀV₀⁻¹(mₙ - m₀)]
/// ```
///
/// with X̃ = [X 1] and frequency weights W (n = Σw). β is multivariate t;
/// its marginals, the noise variance, the predictive and the evidence are
/// closed forms, tested against mpmath and quadrature.
///
/// ```swift
/// let posterior = try GeneralizedLinearModel<Normal>.posterior(
///   features: [[0], [1], [2], [3]], response: [0.1, 1.2, 1.9, 3.2],
///   prior: NormalInverseGammaPrior(mean: [0, 0], covariance: [[1, 0], [0, 1]], shape: 2, scale: 1))
/// try posterior.predictive([4])  // StudentT(degreesOfFreedom: 8, …)
/// ```
public struct LinearRegressionPosterior: Sendable {
  /// mₙ, β's posterior mean (coefficients, then the intercept).
  public let mean: [Double]
  /// Vₙ, β's posterior covariance in units of σ², as rows.
  public let covarianceScale: [[Double]]
  /// aₙ.
  public let shape: Double
  /// bₙ.
  public let scale: Double
  /// log p(y | X), exact.
  public let logEvidence: Double
  let hasIntercept: Bool

  /// The noise variance's posterior, σ² | y ~ InverseGamma(aₙ, bₙ).
  public var noiseVariance: InverseGamma {
    get throws(FitError) {
      do { return try InverseGamma(shape: shape, scale: scale) } catch {
        throw .invalidParameter(error)
      }
    }
  }

  /// βⱼ's marginal posterior, StudentT(2aₙ, mₙⱼ, √((bₙ/aₙ)Vₙⱼⱼ)).
  ///
  /// - Throws: `FitError` for an index outside the coefficients and intercept.
  public func coefficient(_ index: Int) throws(FitError) -> StudentT {
    guard mean.indices.contains(index) else {
      throw .invalidArgument(
        model: "LinearRegressionPosterior", argument: "index",
        requirement: "in 0..<\(mean.count)", value: "\(index)")
    }
    do {
      return try StudentT(
        degreesOfFreedom: 2 * shape, location: mean[index],
        scale: (scale / shape * covarianceScale[index][index]).squareRoot())
    } catch {
      throw .invalidParameter(error)
    }
  }

  /// The posterior predictive of y at x,
  /// StudentT(2aₙ, x̃ᵀmₙ, √((bₙ/aₙ)(1 + x̃ᵀVₙx̃))).
  ///
  /// - Throws: `FitError` for x of the wrong length or with non-finite entries.
  public func predictive(_ x: [Double]) throws(FitError) -> StudentT {
    let features = mean.count - (hasIntercept ? 1 : 0)
    guard x.count == features, x.allSatisfy(\.isFinite) else {
      throw .invalidArgument(
        model: "LinearRegressionPosterior", argument: "x",
        requirement: "\(features) finite features", value: "\(x)")
    }
    let augmented = x + (hasIntercept ? [1] : [])
    var location = 0.0
    var quadratic = 0.0
    for i in augmented.indices {
      location += augmented[i] * mean[i]
      for j in augmented.indices {
        quadratic += augmented[i] * covarianceScale[i][j] * augmented[j]
      }
    }
    do {
      return try StudentT(
        degreesOfFreedom: 2 * shape, location: location,
        scale: (scale / shape * (1 + quadratic)).squareRoot())
    } catch {
      throw .invalidParameter(error)
    }
  }
}

extension GeneralizedLinearModel where Family == Normal {
  /// The exact posterior of linear regression under a Normal–InverseGamma
  /// prior (see ``LinearRegressionPosterior``).
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features.
  ///   - response: N finite responses.
  ///   - weights: Frequency weights, finite and ≥ 0.
  ///   - intercept: Whether X̃ has the column of ones (the prior then has
  ///     D + 1 entries, the intercept's last).
  ///   - prior: The prior on (β, σ²).
  /// - Returns: The posterior, its predictive and the log evidence.
  /// - Throws: `FitError` for bad data, a prior of the wrong dimension, or
  ///   sums beyond `Double`.
  public static func posterior(
    features: [[Double]], response: [Double], weights: [Double]? = nil, intercept: Bool = true,
    prior: NormalInverseGammaPrior
  ) throws(FitError) -> LinearRegressionPosterior {
    let name = "LinearRegressionPosterior"
    let check = DataCheck(model: name)
    guard let first = features.first else { throw .emptyData(model: name) }
    let design = try DesignMatrix(features, featureCount: first.count, model: name)
    let n = design.rowCount
    let d = design.featureCount
    let p = d + (intercept ? 1 : 0)
    guard response.count == n else {
      throw check.argument("response", "one per row (\(n))", response.count)
    }
    for (i, y) in response.enumerated() where !y.isFinite {
      throw check.invalid(i, "finite", y)
    }
    try check.weights(weights, count: n)
    guard prior.mean.count == p else {
      throw check.argument(
        "prior", "\(p) entries (coefficients, then the intercept)", prior.mean.count)
    }
    let w = weights ?? Array(repeating: 1, count: n)
    let total = w.reduce(0, +)
    guard total > 0 else { throw .emptyData(model: name) }
    // V₀⁻¹ from its factor, then the posterior precision V₀⁻¹ + X̃ᵀWX̃ and
    // the right-hand side V₀⁻¹m₀ + X̃ᵀWy.
    let priorPrecision = prior.covarianceFactor.inverseFromCholeskyFactor()
    var precision = priorPrecision
    var rightHandSide = priorPrecision.product(prior.mean)
    let values = design.matrix.values
    for i in 0..<n {
      let row = (0..<d).map { values[i * d + $0] } + (intercept ? [1] : [])
      for a in 0..<p {
        rightHandSide[a] += w[i] * row[a] * response[i]
        for b in 0..<p { precision[a, b] += w[i] * row[a] * row[b] }
      }
    }
    guard precision.values.allSatisfy(\.isFinite), rightHandSide.allSatisfy(\.isFinite),
      let factor = precision.choleskyFactor()
    else {
      throw .overflow(model: name, quantity: "X̃ᵀWX̃ or X̃ᵀWy (rescale the data)")
    }
    let mean = factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(rightHandSide))
    let covariance = factor.inverseFromCholeskyFactor()
    // bₙ from the residuals and the prior's quadratic form (no cancellation
    // of yᵀWy against mₙᵀVₙ⁻¹mₙ).
    var residualSquares = 0.0
    for i in 0..<n {
      var fitted = intercept ? mean[d] : 0
      for j in 0..<d { fitted += values[i * d + j] * mean[j] }
      residualSquares += w[i] * (response[i] - fitted) * (response[i] - fitted)
    }
    let shift = zip(mean, prior.mean).map { $0 - $1 }
    let priorQuadratic = zip(shift, priorPrecision.product(shift)).reduce(0) { $0 + $1.0 * $1.1 }
    let shape = prior.shape + total / 2
    let scale = prior.scale + (residualSquares + priorQuadratic) / 2
    guard scale.isFinite else {
      throw .overflow(model: name, quantity: "the posterior scale bₙ (rescale the response)")
    }
    // log |Vₙ| - log |V₀| = -2 Σ log Lₙᵢᵢ - 2 Σ log L₀ᵢᵢ (Lₙ factors Vₙ⁻¹).
    var logDeterminants = 0.0
    for i in 0..<p {
      logDeterminants -= 2 * log(factor[i, i]) + 2 * log(prior.covarianceFactor[i, i])
    }
    let logEvidence =
      -total / 2 * log(2 * Double.pi) + logDeterminants / 2 + prior.shape * log(prior.scale)
      - shape * log(scale) + SpecialFunctions.logGamma(shape)
      - SpecialFunctions.logGamma(prior.shape)
    return LinearRegressionPosterior(
      mean: mean,
      covarianceScale: (0..<p).map { Array(covariance.values[($0 * p)..<(($0 + 1) * p)]) },
      shape: shape, scale: scale, logEvidence: logEvidence, hasIntercept: intercept)
  }
}
