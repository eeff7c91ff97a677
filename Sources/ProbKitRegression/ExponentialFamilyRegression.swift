import Foundation
import ProbKitCore
public import ProbKitDistributions
public import ProbKitInference

/// A regression whose response is an exponential-family distribution with
/// natural parameters linear in x: the GLM machine.
///
/// ```
/// 1. y | x ~ ExpFam(θ(x))    2. predict E[T(y) | x] = ∇A(θ(x))    3. θ(x) linear in x
/// ```
///
/// ``GeneralizedLinearModel`` is the machine for a scalar response (its
/// Bernoulli, Poisson, normal and gamma families) and ``SoftmaxRegression``
/// its multi-class member, whose response is `Categorical`. Both conform,
/// so what is written once against this protocol, such as held-out scoring
/// (``meanLogLikelihood(features:responses:weights:)``,
/// ``logLoss(features:responses:weights:)``), serves every member, and a
/// two-class softmax and a logistic GLM fitted to the same data score the
/// same.
///
/// ```swift
/// func heldOut<M: ExponentialFamilyRegression>(
///   _ model: M, _ x: [[Double]], _ y: [M.Response.Value]
/// ) throws -> Double {
///   try model.logLoss(features: x, responses: y)
/// }
/// let logistic = try GeneralizedLinearModel<Bernoulli>.fit(
///   features: [[0], [1], [2], [3]], response: [0, 1, 0, 1]).model
/// try heldOut(logistic, [[1.5], [4]], [0, 1])  // -(log p(0 | 1.5) + log p(1 | 4))/2
/// ```
public protocol ExponentialFamilyRegression: Model where Prior == GaussianPrior {
  /// The distribution of y given x: an exponential family, whose `Value` is
  /// the response (`Int` for Bernoulli, Poisson and categorical responses,
  /// `Double` for normal and gamma ones).
  associatedtype Response: ExponentialFamily

  /// D, the number of features a row x holds.
  var featureCount: Int { get }

  /// θ(x): the natural parameters of ``conditionalDistribution(_:)`` at x,
  /// in the `Response` type's own parameterisation (its
  /// `ExponentialFamily/naturalParameters`), computed from the linear
  /// predictor directly, so that they keep their digits where the
  /// distribution's probabilities round to 0 or 1.
  ///
  /// - Parameter x: One row of ``featureCount`` finite features.
  /// - Returns: The natural parameters of the response at x.
  /// - Throws: `FitError` for a row of the wrong length or a non-finite
  ///   feature, or when θ(x) is outside the response's parameter space.
  func naturalParameters(_ x: [Double]) throws(FitError) -> [Double]

  /// The distribution of y given x, `Response` with natural parameters
  /// ``naturalParameters(_:)``.
  ///
  /// - Parameter x: One row of ``featureCount`` finite features.
  /// - Returns: The distribution of the response at x.
  /// - Throws: `FitError` as ``naturalParameters(_:)``.
  func conditionalDistribution(_ x: [Double]) throws(FitError) -> Response

  /// log p(y | x), the response's log density at x.
  ///
  /// The default is `conditionalDistribution(x).logDensity(y)`; the models
  /// compute it from θ(x) instead, so that a response whose probability
  /// underflows keeps a finite log density. -∞ outside the support.
  ///
  /// - Throws: `FitError` as ``naturalParameters(_:)``.
  func logDensity(_ y: Response.Value, given x: [Double]) throws(FitError) -> Double

  /// Whether y is a response the model describes: a label in 0..<K, a 0 or
  /// a 1, a count, a finite real, a positive real.
  func isResponse(_ y: Response.Value) -> Bool
}

extension ExponentialFamilyRegression {
  /// `conditionalDistribution(x).logDensity(y)`.
  public func logDensity(_ y: Response.Value, given x: [Double]) throws(FitError) -> Double {
    try conditionalDistribution(x).logDensity(y)
  }

  /// E[T(y) | x] = ∇A(θ(x)), step 2 of the machine: the mean parameters of
  /// ``conditionalDistribution(_:)`` (the probability of a 1, a Poisson
  /// rate, the first K - 1 class probabilities, (μ, μ² + σ²) for a normal
  /// response).
  ///
  /// - Throws: `FitError` as ``naturalParameters(_:)``.
  public func meanParameters(_ x: [Double]) throws(FitError) -> [Double] {
    try conditionalDistribution(x).meanParameters
  }

  /// The mean log-likelihood of held-out rows.
  ///
  /// (1/W) Σₙ wₙ log p(yₙ | xₙ), W = Σₙ wₙ (N without weights). Higher is
  /// better.
  ///
  /// A response the model gives probability 0 makes it -∞ (never NaN); a row
  /// of weight 0 does not count, whatever its probability.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.meanLogLikelihood(features: [[0], [1], [2]], responses: [0, 1, 1])
  /// // −0.2250…: the same rows score logLoss(features:labels:) 0.2250…
  /// ```
  ///
  /// - Parameters:
  ///   - features: N ≥ 1 rows of ``featureCount`` finite features.
  ///   - responses: N responses in the support (``isResponse(_:)``).
  ///   - weights: Optional sample weights, finite and ≥ 0, not all 0.
  /// - Returns: The weighted mean of log p(yₙ | xₙ), in nats.
  /// - Throws: `FitError.emptyData` for no rows; `invalidArgument` for
  ///   responses of another length or all-zero weights; `invalidObservation`
  ///   naming the first row of the wrong length, with a non-finite feature
  ///   or with a response outside the support; the weight errors; or the
  ///   model's error where θ(x) is outside the response's parameter space.
  public func meanLogLikelihood(
    features: [[Double]], responses: [Response.Value], weights: [Double]? = nil
  ) throws(FitError) -> Double {
    let name = "\(Self.self)"
    let check = DataCheck(model: name)
    guard !features.isEmpty else { throw .emptyData(model: name) }
    guard responses.count == features.count else {
      throw check.argument("responses", "one per row (\(features.count))", responses.count)
    }
    try check.weights(weights, count: features.count)
    if let weights, !weights.contains(where: { $0 > 0 }) {
      throw check.argument("weights", "a positive total", "all zero")
    }
    for (n, (x, y)) in zip(features, responses).enumerated() {
      guard x.count == featureCount else {
        throw check.invalid(n, "\(featureCount) features", "\(x.count) features")
      }
      if let column = x.firstIndex(where: { !$0.isFinite }) {
        throw check.invalid(n, "finite features", "column \(column) = \(x[column])")
      }
      guard isResponse(y) else {
        throw check.invalid(n, "a response in the \(Response.self) support", "\(y)")
      }
    }
    // Compensated sums: many rows of similar log densities.
    var total = DoubleDouble(0)
    var weightTotal = DoubleDouble(0)
    var infiniteDensity = false  // a normal response at its mean when φ = 0
    for (n, (x, y)) in zip(features, responses).enumerated() {
      let w = weights?[n] ?? 1
      guard w > 0 else { continue }
      let logP = try logDensity(y, given: x)
      guard !logP.isNaN else { throw check.invalid(n, "a response with a log density", "\(y)") }
      guard logP > -.infinity else { return -.infinity }
      if logP == .infinity { infiniteDensity = true }
      guard !infiniteDensity else { continue }
      total += DoubleDouble.product(w, logP)
      weightTotal += w
    }
    return infiniteDensity ? .infinity : (total / weightTotal).hi
  }

  /// The log-loss (cross-entropy) of held-out rows.
  ///
  /// -(1/W) Σₙ wₙ log p(yₙ | xₙ): minus
  /// ``meanLogLikelihood(features:responses:weights:)``. Lower is better; a
  /// response the model gives probability 0 costs +∞, never NaN.
  ///
  /// ```swift
  /// let rates = try GeneralizedLinearModel<Poisson>.fit(
  ///   features: [[0], [1], [2], [3]], response: [1, 2, 4, 9]).model
  /// try rates.logLoss(features: [[4], [5]], responses: [15, 30])  // the Poisson's own loss
  /// ```
  ///
  /// - Throws: `FitError` as ``meanLogLikelihood(features:responses:weights:)``.
  public func logLoss(
    features: [[Double]], responses: [Response.Value], weights: [Double]? = nil
  ) throws(FitError) -> Double {
    -(try meanLogLikelihood(features: features, responses: responses, weights: weights))
  }
}

// MARK: - The response families

/// A ``ResponseFamily`` that is also a ProbKit `ExponentialFamily`
/// distribution: the map from the GLM's scalar form, (yθ - A(θ))/φ + c(y, φ),
/// to the distribution's own natural parameters and values.
///
/// Bernoulli, Poisson, Normal and Gamma conform, so that
/// `GeneralizedLinearModel` of each is an ``ExponentialFamilyRegression``.
/// (`NegativeBinomial` is not yet an `ExponentialFamily` distribution.)
///
/// ```swift
/// try Normal(mean: 1, standardDeviation: 2).naturalParameters  // [0.25, -0.125]
/// Normal.standardFamily.naturalParameters(naturalParameter: 1, dispersion: 4)  // the same
/// ```
public protocol ExponentialFamilyResponse: ResponseFamily, ExponentialFamily {
  /// The distribution's natural parameters (its
  /// `ExponentialFamily/naturalParameters`) at the scalar natural parameter
  /// θ and dispersion φ: the member `distribution(mean: A′(θ), dispersion: φ)`.
  func naturalParameters(naturalParameter theta: Double, dispersion: Double) -> [Double]

  /// A value of the distribution as the scalar response y.
  static func responseValue(_ value: Value) -> Double
}

extension Bernoulli: ExponentialFamilyResponse {
  /// (θ): the log-odds.
  public func naturalParameters(naturalParameter theta: Double, dispersion: Double) -> [Double] {
    [theta]
  }
  public static func responseValue(_ value: Int) -> Double { Double(value) }
}

extension Poisson: ExponentialFamilyResponse {
  /// (θ): the log rate.
  public func naturalParameters(naturalParameter theta: Double, dispersion: Double) -> [Double] {
    [theta]
  }
  public static func responseValue(_ value: Int) -> Double { Double(value) }
}

extension Normal: ExponentialFamilyResponse {
  /// (μ/σ², -1/(2σ²)) with μ = θ and σ² = φ.
  public func naturalParameters(naturalParameter theta: Double, dispersion: Double) -> [Double] {
    [theta / dispersion, -0.5 / dispersion]
  }
  public static func responseValue(_ value: Double) -> Double { value }
}

extension Gamma: ExponentialFamilyResponse {
  /// (shape - 1, -rate) with shape 1/φ and rate 1/(φμ) = -θ/φ.
  public func naturalParameters(naturalParameter theta: Double, dispersion: Double) -> [Double] {
    [1 / dispersion - 1, theta / dispersion]
  }
  public static func responseValue(_ value: Double) -> Double { value }
}

extension NegativeBinomial: ExponentialFamilyResponse {
  /// (θ) = (log(1 - p)) at this r: the GLM's natural parameter itself.
  public func naturalParameters(naturalParameter theta: Double, dispersion: Double) -> [Double] {
    [theta]
  }
  public static func responseValue(_ value: Int) -> Double { Double(value) }
}

// MARK: - The members

extension GeneralizedLinearModel {
  /// D, the number of features (``coefficients``' length).
  public var featureCount: Int { coefficients.count }

  /// The distribution of y at x with no offset: the family's member with
  /// mean μ(x) and dispersion φ, the same as
  /// ``predictiveDistribution(_:offset:)`` at offset 0 (the plug-in
  /// estimate, not a posterior predictive).
  ///
  /// ```swift
  /// let fit = try GeneralizedLinearModel<Poisson>.fit(
  ///   features: [[0], [1], [2], [3]], response: [1, 2, 4, 9])
  /// try fit.model.conditionalDistribution([4]) == fit.model.predictiveDistribution([4])  // true
  /// ```
  ///
  /// - Throws: `FitError` as ``predictiveDistribution(_:offset:)``.
  public func conditionalDistribution(_ x: [Double]) throws(FitError) -> Family {
    try predictiveDistribution(x, offset: 0)
  }
}

extension GeneralizedLinearModel: ExponentialFamilyRegression
where Family: ExponentialFamilyResponse {
  /// The family's distribution: `Bernoulli`, `Poisson`, `Normal` or `Gamma`.
  public typealias Response = Family

  /// θ(x) in the distribution's parameterisation: the link's natural
  /// parameter θ at η = βᵀx + b (η itself for the canonical link) mapped
  /// with φ (``ExponentialFamilyResponse``): (θ) for Bernoulli and
  /// Poisson, (θ/φ, -1/(2φ)) for the normal, (1/φ - 1, θ/φ) for the gamma.
  ///
  /// ```swift
  /// let model = try GeneralizedLinearModel<Bernoulli>.fit(
  ///   features: [[0], [1], [2], [3]], response: [0, 1, 0, 1]).model
  /// try model.naturalParameters([1.5]) == [model.linearPredictor([1.5])]  // true: θ = η
  /// ```
  ///
  /// - Throws: `FitError` for a bad x, or when the mean at x is outside the
  ///   family's parameter space (as ``predictiveDistribution(_:offset:)``).
  public func naturalParameters(_ x: [Double]) throws(FitError) -> [Double] {
    let theta = link.naturalParameter(try linearPredictor(x), family: family)
    let parameters = family.naturalParameters(naturalParameter: theta, dispersion: dispersion)
    guard !parameters.contains(where: \.isNaN) else { throw outsideParameterSpace(x) }
    return parameters
  }

  /// log p(y | θ(x), φ) = (yθ - A(θ))/φ + c(y, φ), from θ directly (a
  /// Bernoulli log-likelihood of -800 stays -800); -∞ outside the support.
  ///
  /// - Throws: `FitError` as ``naturalParameters(_:)``.
  public func logDensity(_ y: Family.Value, given x: [Double]) throws(FitError) -> Double {
    let theta = link.naturalParameter(try linearPredictor(x), family: family)
    let response = Family.responseValue(y)
    guard family.isResponse(response) else { return -.infinity }
    guard !theta.isNaN else { throw outsideParameterSpace(x) }
    if theta.isFinite {
      let value = family.logDensity(response, naturalParameter: theta, dispersion: dispersion)
      if !value.isNaN { return value }
    }
    // θ = ±∞ (a mean at the edge of the support under a non-canonical link):
    // the distribution itself says what the limit is.
    let value = try conditionalDistribution(x).logDensity(y)
    return value.isNaN ? -.infinity : value
  }

  /// Whether y is in the family's support (`ResponseFamily/isResponse(_:)`).
  public func isResponse(_ y: Family.Value) -> Bool {
    family.isResponse(Family.responseValue(y))
  }

  /// The error ``predictiveDistribution(_:offset:)`` gives at x.
  private func outsideParameterSpace(_ x: [Double]) -> FitError {
    do {
      _ = try conditionalDistribution(x)
    } catch {
      return error
    }
    return .invalidArgument(
      model: "\(Self.self)", argument: "x",
      requirement: "a mean inside the family's parameter space", value: "\(x)")
  }
}

extension SoftmaxRegression: ExponentialFamilyRegression {
  /// The class's distribution.
  public typealias Response = Categorical

  /// θ(x) in `Categorical`'s parameterisation: K - 1 log-odds.
  ///
  /// ηₖ - η_{K-1} for the logits η = Wx + b, against the last class (fits
  /// fix class 0 as the reference instead; the probabilities are the same).
  /// For two classes this is -(w₁ - w₀)·x - (b₁ - b₀), minus the logistic
  /// GLM's θ.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.naturalParameters([1])  // [-1.0]: log p₀/p₁ at logits [0, 1]
  /// ```
  ///
  /// - Throws: `FitError` unless `x` has ``featureCount`` finite values.
  public func naturalParameters(_ x: [Double]) throws(FitError) -> [Double] {
    let eta = try logits(x)
    let last = eta[classCount - 1]
    return eta.dropLast().map { $0 - last }
  }

  /// log p(y | x) = η_y - logSumExp(η), which stays finite where the
  /// probability underflows; -∞ for a label outside 0..<K.
  ///
  /// - Throws: `FitError` unless `x` has ``featureCount`` finite values.
  public func logDensity(_ y: Int, given x: [Double]) throws(FitError) -> Double {
    let logP = try logProbabilities(x)
    return logP.indices.contains(y) ? logP[y] : -.infinity
  }

  /// Whether y is a class, 0..<``classCount``.
  public func isResponse(_ y: Int) -> Bool { y >= 0 && y < classCount }
}
