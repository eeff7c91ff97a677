import Foundation
import ProbKitDistributions
public import ProbKitInference

extension GeneralizedLinearFit {
  /// The estimates' covariance φ I⁻¹ (coefficients, then the intercept, as
  /// ``standardErrors``), I the Fisher information at the estimate: what
  /// statsmodels' `cov_params()` reports.
  ///
  /// ```swift
  /// let fit = try GeneralizedLinearModel<Poisson>.fit(
  ///   features: [[0], [1], [2], [3], [4], [5]], response: [1, 3, 2, 6, 8, 12])
  /// fit.covariance[0][0].squareRoot()  // 0.1220…, the coefficient's standard error
  /// ```
  public var covariance: [[Double]] {
    let p = inverseInformation.rows
    return (0..<p).map { i in (0..<p).map { model.dispersion * inverseInformation[i, $0] } }
  }

  /// The standard error of the linear predictor η(x) = βᵀx + b: √(x̃ᵀ Σ x̃),
  /// x̃ = [x 1] (an offset adds no uncertainty).
  ///
  /// - Throws: `FitError` for x of the wrong length or a non-finite entry.
  public func linearPredictorStandardError(_ x: [Double]) throws(FitError) -> Double {
    _ = try model.linearPredictor(x)
    // The quadratic form of x̃/s, s = max |x̃ⱼ|, then times s: features near
    // 1e300 would overflow x̃ᵢΣᵢⱼx̃ⱼ into ∞ - ∞.
    let augmented = x + (model.hasIntercept ? [1] : [])
    let scale = augmented.reduce(0) { max($0, abs($1)) }
    guard scale > 0 else { return 0 }
    let unit = augmented.map { $0 / scale }
    var variance = 0.0
    for (i, xi) in unit.enumerated() {
      for (j, xj) in unit.enumerated() { variance += xi * inverseInformation[i, j] * xj }
    }
    return (model.dispersion * max(0, variance)).squareRoot() * scale
  }

  /// A Wald interval for the mean E[y | x] at `level`: η(x) ± z SE(η(x)),
  /// mapped through the inverse link (statsmodels' `get_prediction`
  /// `conf_int()`).
  ///
  /// ```swift
  /// let fit = try GeneralizedLinearModel<Poisson>.fit(
  ///   features: [[0], [1], [2], [3], [4], [5]], response: [1, 3, 2, 6, 8, 12])
  /// try fit.meanConfidenceInterval([6])  // 9.9019…...36.9998…, around the mean 19.1407…
  /// ```
  ///
  /// - Throws: `FitError` for a bad x or offset, or unless 0 < level < 1.
  public func meanConfidenceInterval(_ x: [Double], offset: Double = 0, level: Double = 0.95)
    throws(FitError) -> ClosedRange<Double>
  {
    guard level > 0, level < 1 else {
      throw .invalidArgument(
        model: "GeneralizedLinearModel", argument: "level", requirement: "in (0, 1)",
        value: "\(level)")
    }
    let eta = try model.linearPredictor(x, offset: offset)
    let half = Normal.standard.quantile((1 + level) / 2) * (try linearPredictorStandardError(x))
    // Every link's inverse is increasing.
    let ends = [eta - half, eta + half].map { model.link.mean($0, family: model.family) }
    return ends[0]...ends[1]
  }
}
