import Foundation
public import ProbKitInference

/// A zero-mean Gaussian prior on a regression's weights, N(0, σ²) on each
/// weight: the MAP objective adds ½ Σ W²/σ² to the negative log-likelihood.
///
/// The same prior is reached through other libraries' knobs as follows
/// (σ² the prior variance, n the number of observations):
///
/// | library | knob | equals |
/// |---|---|---|
/// | scikit-learn `LogisticRegression` | `C` | σ² |
/// | linfa | `alpha` | 1/σ² |
/// | TensorFlow Probability | `l2_regularizer` | 1/(2σ²) |
/// | statsmodels `fit_regularized` (L2) | `alpha` | 1/(n σ²) |
/// | per-sample mean form (1/N)Σ loss + (λ/2)‖W‖² | λ | 1/(N σ²), i.e. `GaussianPrior(precision: N·λ)` |
///
/// ```swift
/// let prior = try GaussianPrior(standardDeviation: 1)      // scikit-learn C = 1
/// let stronger = try GaussianPrior(precision: 100)          // σ = 0.1
/// let perFeature = try GaussianPrior(featureStandardDeviations: [1, 1, 0.1, 10])
/// ```
///
/// The intercepts are unpenalised unless ``interceptStandardDeviation`` is
/// set.
public struct GaussianPrior: Sendable, Hashable, Codable, CustomStringConvertible {
  /// σ for every feature (isotropic), or `nil` when per-feature.
  ///
  /// ```swift
  /// try GaussianPrior(precision: 4).standardDeviation                          // 0.5
  /// try GaussianPrior(featureStandardDeviations: [1, 0.1]).standardDeviation  // nil
  /// ```
  public let standardDeviation: Double?
  /// σ_d for each feature, or `nil` when isotropic.
  ///
  /// ```swift
  /// try GaussianPrior(featureStandardDeviations: [1, 0.1]).featureStandardDeviations
  /// // [1.0, 0.1]
  /// try GaussianPrior(standardDeviation: 1).featureStandardDeviations  // nil
  /// ```
  public let featureStandardDeviations: [Double]?
  /// σ for the intercepts; `nil` leaves them unpenalised (the default).
  ///
  /// ```swift
  /// try GaussianPrior(standardDeviation: 1).interceptStandardDeviation  // nil: unpenalised
  /// let wide = try GaussianPrior(standardDeviation: 1, interceptStandardDeviation: 10)
  /// wide.interceptStandardDeviation  // 10.0
  /// ```
  public let interceptStandardDeviation: Double?

  /// N(0, σ²) on every weight.
  ///
  /// scikit-learn's `C` is σ², so `LogisticRegression(C=c)` is
  /// `GaussianPrior(standardDeviation: c.squareRoot())`:
  ///
  /// ```swift
  /// let prior = try GaussianPrior(standardDeviation: 0.5.squareRoot())  // C = 0.5
  /// let wide = try GaussianPrior(standardDeviation: 1, interceptStandardDeviation: 10)
  /// try GaussianPrior(standardDeviation: 0)
  /// // throws FitError.invalidArgument: standardDeviation must be in [1e-150, 1e150]
  /// ```
  ///
  /// - Parameters:
  ///   - standardDeviation: σ, in ``standardDeviationRange`` (1e-150…1e150).
  ///   - interceptStandardDeviation: σ_b for the intercepts, in 1e-150…1e150,
  ///     or `nil` (the default) to leave them unpenalised.
  /// - Throws: `FitError` unless σ is in 1e-150…1e150.
  public init(standardDeviation: Double, interceptStandardDeviation: Double? = nil)
    throws(FitError)
  {
    try Self.check(standardDeviation, "standardDeviation")
    if let interceptStandardDeviation {
      try Self.check(interceptStandardDeviation, "interceptStandardDeviation")
    }
    self.standardDeviation = standardDeviation
    featureStandardDeviations = nil
    self.interceptStandardDeviation = interceptStandardDeviation
  }

  /// N(0, 1/λ) on every weight: precision λ = 1/σ².
  ///
  /// The form most L2 penalties convert to: linfa's α is λ; TensorFlow
  /// Probability's `l2_regularizer` r is λ/2; statsmodels' α is λ/n, and a
  /// per-sample mean objective's λ is λ/N.
  ///
  /// ```swift
  /// try GaussianPrior(precision: 4).standardDeviation  // 0.5
  /// try GaussianPrior(precision: 4) == GaussianPrior(standardDeviation: 0.5)  // true
  /// let n = 150.0, alpha = 0.01  // statsmodels fit_regularized(alpha=0.01, L1_wt=0)
  /// let prior = try GaussianPrior(precision: n * alpha)  // σ = 1/√1.5 ≈ 0.8165
  /// ```
  ///
  /// - Parameters:
  ///   - precision: λ, in [1e-300, 1e300].
  ///   - interceptStandardDeviation: σ_b for the intercepts, in 1e-150…1e150,
  ///     or `nil` (the default) to leave them unpenalised.
  /// - Throws: `FitError` unless λ is in [1e-300, 1e300].
  public init(precision: Double, interceptStandardDeviation: Double? = nil) throws(FitError) {
    guard precision >= 1e-300, precision <= 1e300 else {
      throw .invalidArgument(
        model: "GaussianPrior", argument: "precision", requirement: "in [1e-300, 1e300]",
        value: "\(precision)")
    }
    try self.init(
      standardDeviation: 1 / precision.squareRoot(),
      interceptStandardDeviation: interceptStandardDeviation)
  }

  /// N(0, σ_d²) on feature d's weights (every class), one σ per feature.
  ///
  /// For features on different scales, or to shrink some features harder.
  /// A fit needs one σ per feature column, and throws
  /// `FitError.invalidArgument` for data with another number of features:
  ///
  /// ```swift
  /// let prior = try GaussianPrior(featureStandardDeviations: [10, 0.01])
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[0, 5], [1, 3], [2, 4], [3, 1], [0.5, 2]], labels: [0, 1, 0, 1, 1],
  ///   estimator: .map(prior))
  /// fit.model.coefficients[1]  // [0.4513…, -0.0002…]: the second weight held near 0
  /// ```
  ///
  /// - Parameters:
  ///   - featureStandardDeviations: σ_d for each feature d, each in 1e-150…1e150.
  ///   - interceptStandardDeviation: σ_b for the intercepts, in 1e-150…1e150,
  ///     or `nil` (the default) to leave them unpenalised.
  /// - Throws: `FitError` unless every σ_d is in 1e-150…1e150.
  public init(featureStandardDeviations: [Double], interceptStandardDeviation: Double? = nil)
    throws(FitError)
  {
    for (index, sigma) in featureStandardDeviations.enumerated() {
      try Self.check(sigma, "featureStandardDeviations[\(index)]")
    }
    if let interceptStandardDeviation {
      try Self.check(interceptStandardDeviation, "interceptStandardDeviation")
    }
    standardDeviation = nil
    self.featureStandardDeviations = featureStandardDeviations
    self.interceptStandardDeviation = interceptStandardDeviation
  }

  /// The σ a prior accepts: 1/σ² and log σ stay normal doubles, so the MAP
  /// objective, the log prior and the Laplace evidence are finite.
  public static let standardDeviationRange: ClosedRange<Double> = 1e-150...1e150

  private static func check(_ value: Double, _ name: String) throws(FitError) {
    guard standardDeviationRange.contains(value) else {
      throw .invalidArgument(
        model: "GaussianPrior", argument: name, requirement: "in [1e-150, 1e150]",
        value: "\(value)")
    }
  }

  /// The precisions 1/σ_d² of `featureCount` features.
  func precisions(featureCount: Int) throws(FitError) -> [Double] {
    if let standardDeviation {
      return Array(repeating: 1 / (standardDeviation * standardDeviation), count: featureCount)
    }
    let sigmas = featureStandardDeviations ?? []
    guard sigmas.count == featureCount else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "prior",
        requirement: "one standard deviation per feature (\(featureCount))",
        value: "\(sigmas.count)")
    }
    return sigmas.map { 1 / ($0 * $0) }
  }

  /// The penalty MAP adds to the negative log-likelihood,
  /// ½ Σₖ Σ_d W²ₖ_d / σ_d² (+ ½ Σₖ b²ₖ / σ_b² when the intercepts are
  /// penalised): the MAP objective is -log L + penalty.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, 1])
  /// try GaussianPrior(standardDeviation: 2).penalty(of: model)  // ½ · 2²/2² = 0.5
  /// ```
  ///
  /// - Throws: `FitError` when the prior has per-feature σs for another
  ///   number of features.
  public func penalty(of model: SoftmaxRegression) throws(FitError) -> Double {
    let precisions = try precisions(featureCount: model.featureCount)
    var sum = 0.0
    for k in 0..<model.classCount {
      for (w, lambda) in zip(model.coefficients[k], precisions) { sum += lambda * w * w }
      sum += interceptPrecision * model.intercepts[k] * model.intercepts[k]
    }
    return sum / 2
  }

  /// log p(W, b) at the free parameters (all K rows, or row 1 of a two-class
  /// model, whose row 0 is the reference): Σ (½ log(λ/2π) - λθ²/2), the
  /// intercepts included when the prior has them.
  func logDensity(of model: SoftmaxRegression, reference: Bool) throws(FitError) -> Double {
    let rows = (reference ? 1 : 0)..<model.classCount
    return try logDensity(
      rows: rows.map { model.coefficients[$0] }, intercepts: rows.map { model.intercepts[$0] })
  }

  /// Σ (½ log(λ/2π) - λθ²/2) over weight rows of one weight per feature, and
  /// over `intercepts` when the prior has them (an unpenalised intercept's
  /// flat density is taken as 1).
  func logDensity(rows: [[Double]], intercepts: [Double]) throws(FitError) -> Double {
    let precisions = try precisions(featureCount: rows.first?.count ?? 0)
    let logTwoPi = log(2 * Double.pi)
    var sum = 0.0
    for row in rows {
      for (w, lambda) in zip(row, precisions) {
        sum += 0.5 * (log(lambda) - logTwoPi) - lambda * w * w / 2
      }
    }
    if interceptPrecision > 0 {
      for b in intercepts {
        sum += 0.5 * (log(interceptPrecision) - logTwoPi) - interceptPrecision * b * b / 2
      }
    }
    return sum
  }

  /// The intercepts' precision, 0 when unpenalised.
  var interceptPrecision: Double {
    interceptStandardDeviation.map { 1 / ($0 * $0) } ?? 0
  }

  /// `GaussianPrior(standardDeviation: σ)` and the like.
  ///
  /// ```swift
  /// try GaussianPrior(standardDeviation: 2, interceptStandardDeviation: 10).description
  /// // "GaussianPrior(standardDeviation: 2.0, interceptStandardDeviation: 10.0)"
  /// try GaussianPrior(precision: 4).description  // "GaussianPrior(standardDeviation: 0.5)"
  /// ```
  public var description: String {
    var parts: [String] = []
    if let standardDeviation { parts.append("standardDeviation: \(standardDeviation)") }
    if let featureStandardDeviations {
      parts.append("featureStandardDeviations: \(featureStandardDeviations)")
    }
    if let interceptStandardDeviation {
      parts.append("interceptStandardDeviation: \(interceptStandardDeviation)")
    }
    return "GaussianPrior(\(parts.joined(separator: ", ")))"
  }
}
