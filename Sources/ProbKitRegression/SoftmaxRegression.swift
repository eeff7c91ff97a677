import Foundation
import ProbKitCore
public import ProbKitDistributions
public import ProbKitInference

/// Softmax (multinomial logistic) regression: a generalised linear model
/// whose response is categorical.
///
/// The derivation is the exponential family's: y | x is `Categorical`, whose
/// natural parameters are log-odds; make them linear in x, η = Wx + b, and
/// the mean (the class probabilities) is the softmax response function:
///
/// ```
/// p(y = k | x) = softmax(Wx + b)ₖ = exp(wₖ·x + bₖ) / Σⱼ exp(wⱼ·x + bⱼ)
/// ```
///
/// computed with the log-sum-exp shift, so logits of any size (±1e300
/// included) give finite probabilities that sum to 1, and log-probabilities
/// are computed directly. ``conditionalDistribution(_:)`` returns the
/// categorical itself. Logistic regression is the two-class case.
///
/// **Coefficient layout.** ``coefficients`` has one row of D weights per class
/// and ``intercepts`` one entry per class. With K weight vectors the
/// likelihood is unchanged by adding the same vector to every class, so:
/// maximum-likelihood fits fix class 0 at zero (the reference class, as
/// statsmodels' MNLogit); MAP fits with K > 2 classes penalise all K rows (as
/// scikit-learn's multinomial model), which makes the weights unique and
/// centred (Σₖ wₖ = 0), and centre the unpenalised intercepts; two-class MAP
/// fits keep class 0 at zero, so row 1 is scikit-learn's binary
/// `LogisticRegression` coefficient vector.
///
/// Fitting minimises the negative log-likelihood, plus the Gaussian prior's
/// penalty for MAP (sample weights wₙ, prior standard deviations σ_d):
///
/// ```
/// MLE:  f(W, b) = -Σₙ wₙ log p(yₙ | xₙ)
/// MAP:  f(W, b) = -Σₙ wₙ log p(yₙ | xₙ) + ½ Σₖ Σ_d W²ₖ_d / σ_d²
/// ```
///
/// ```swift
/// let fit = try SoftmaxRegression.fit(
///   features: [[0.5, 1.2], [1.5, 0.3], [3.1, 2.2], [0.2, 0.1]], labels: [0, 1, 2, 0],
///   estimator: .map(GaussianPrior(standardDeviation: 1)))
/// try fit.model.probabilities([1.0, 1.0])  // [0.600…, 0.258…, 0.141…], summing to 1
/// try fit.model.predict([1.0, 1.0])        // 0
/// fit.model.coefficients                   // 3 rows of 2 weights; each column sums to 0
/// ```
public struct SoftmaxRegression: Model, Sendable, Equatable, Codable, CustomStringConvertible {
  /// The prior `Estimator/map(_:)` takes: Gaussian on the weights.
  ///
  /// ```swift
  /// let estimator: Estimator<SoftmaxRegression.Prior> = .map(
  ///   try GaussianPrior(standardDeviation: 1))
  /// ```
  public typealias Prior = GaussianPrior

  /// The weights, K rows of D: `coefficients[k][d]` multiplies feature d in
  /// class k's logit.
  public let coefficients: [[Double]]
  /// The intercepts bₖ, one per class.
  public let intercepts: [Double]

  /// A model with the given weights and intercepts.
  ///
  /// For a model fitted elsewhere, or a hand-made one. Logistic regression
  /// p(y = 1 | x) = σ(2x - 1) is two classes with class 0 at zero:
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.probabilities([1])  // [σ(-1), σ(1)] = [0.2689…, 0.7310…]
  /// try SoftmaxRegression(coefficients: [[1]], intercepts: [0])
  /// // throws FitError.invalidArgument: coefficients must be at least 2 classes
  /// ```
  ///
  /// - Parameters:
  ///   - coefficients: K ≥ 2 rows of D finite weights; row k gives class k's logit.
  ///   - intercepts: K finite intercepts, one per class.
  /// - Throws: `FitError` unless there are at least two classes, every row
  ///   has the same number of weights, there is one intercept per class and
  ///   every value is finite.
  public init(coefficients: [[Double]], intercepts: [Double]) throws(FitError) {
    let classes = coefficients.count
    guard classes >= 2 else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "coefficients", requirement: "at least 2 classes",
        value: "\(classes)")
    }
    guard intercepts.count == classes else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "intercepts",
        requirement: "one per class (\(classes))",
        value: "\(intercepts.count)")
    }
    let features = coefficients[0].count
    for (k, row) in coefficients.enumerated() {
      guard row.count == features else {
        throw .invalidArgument(
          model: "SoftmaxRegression", argument: "coefficients[\(k)]",
          requirement: "\(features) weights", value: "\(row.count)")
      }
      guard row.allSatisfy(\.isFinite) else {
        throw .invalidArgument(
          model: "SoftmaxRegression", argument: "coefficients[\(k)]", requirement: "finite",
          value: "\(row)")
      }
    }
    guard intercepts.allSatisfy(\.isFinite) else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "intercepts", requirement: "finite",
        value: "\(intercepts)")
    }
    self.coefficients = coefficients
    self.intercepts = intercepts
  }

  /// K, the number of classes.
  ///
  /// ```swift
  /// try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1]).classCount  // 2
  /// ```
  public var classCount: Int { coefficients.count }
  /// D, the number of features.
  ///
  /// ```swift
  /// try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1]).featureCount  // 1
  /// ```
  public var featureCount: Int { coefficients[0].count }
  /// (K - 1)(D + 1): the identifiable parameters (one class's are fixed).
  ///
  /// The k in a fit's AIC = 2k - 2 log L and BIC; a two-class model with
  /// one feature has 2 (a weight and an intercept).
  ///
  /// ```swift
  /// try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1]).parameterCount  // 2
  /// let three = try SoftmaxRegression(
  ///   coefficients: [[0, 0], [1, 2], [3, 4]], intercepts: [0, 0, 0])
  /// three.parameterCount  // (3 − 1)(2 + 1) = 6
  /// ```
  public var parameterCount: Int { (classCount - 1) * (featureCount + 1) }

  /// The Euclidean norm of the weights, ‖W‖ = √(Σₖ Σ_d W²ₖ_d): what a
  /// Gaussian prior shrinks (intercepts excluded).
  ///
  /// ```swift
  /// try SoftmaxRegression(coefficients: [[0, 0], [3, 4]], intercepts: [0, 1]).weightNorm  // 5
  /// ```
  public var weightNorm: Double {
    // Scaled by the largest magnitude so that weights near 1e200 do not overflow.
    let largest = coefficients.joined().reduce(0) { max($0, abs($1)) }
    guard largest > 0, largest.isFinite else { return largest }
    return largest
      * coefficients.joined().reduce(0) { $0 + ($1 / largest) * ($1 / largest) }
      .squareRoot()
  }

  /// The logits (natural parameters) η = Wx + b.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.logits([1])  // [0.0, 1.0]
  /// ```
  ///
  /// - Parameter x: One observation's ``featureCount`` features.
  /// - Returns: ηₖ = wₖ·x + bₖ for each class k.
  /// - Throws: `FitError` unless `x` has ``featureCount`` finite values.
  public func logits(_ x: [Double]) throws(FitError) -> [Double] {
    try check(x, row: 0)
    return rawLogits(x)
  }

  /// Wx + b for a checked x.
  func rawLogits(_ x: [Double]) -> [Double] {
    (0..<classCount).map { k in
      var sum = intercepts[k]
      for d in 0..<featureCount { sum += coefficients[k][d] * x[d] }
      return sum
    }
  }

  /// log p(y = k | x) for every class, computed as η - logSumExp(η).
  ///
  /// Accurate where the probabilities themselves underflow:
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.logProbabilities([1])    // [-1.3132…, -0.3132…]
  /// try model.logProbabilities([500])  // [-999.0, 0.0], where p₀ = e⁻⁹⁹⁹ underflows to 0
  /// ```
  ///
  /// - Parameter x: One observation's ``featureCount`` features.
  /// - Returns: K log-probabilities, in class order.
  /// - Throws: `FitError` unless `x` has ``featureCount`` finite values.
  public func logProbabilities(_ x: [Double]) throws(FitError) -> [Double] {
    try check(x, row: 0)
    return SpecialFunctions.logSoftmax(rawLogits(x))
  }

  /// p(y = k | x) for every class: softmax(Wx + b).
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.probabilities([1])     // [0.2689…, 0.7310…]: softmax([0, 1])
  /// try model.probabilities([1, 2])  // throws FitError.invalidObservation: 1 feature expected
  /// ```
  ///
  /// - Parameter x: One observation's ``featureCount`` features.
  /// - Returns: K probabilities summing to 1, in class order.
  /// - Throws: `FitError` unless `x` has ``featureCount`` finite values.
  public func probabilities(_ x: [Double]) throws(FitError) -> [Double] {
    try check(x, row: 0)
    return SpecialFunctions.softmax(rawLogits(x))
  }

  /// The most probable class (the lowest index among ties).
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.predict([1])    // 1
  /// try model.predict([0.5])  // 0: logits [0, 0] tie, and the lower index wins
  /// ```
  ///
  /// - Parameter x: One observation's ``featureCount`` features.
  /// - Returns: The class index k in 0..<``classCount`` with the largest logit.
  /// - Throws: `FitError` unless `x` has ``featureCount`` finite values.
  public func predict(_ x: [Double]) throws(FitError) -> Int {
    try check(x, row: 0)
    let eta = rawLogits(x)
    var best = 0
    for k in 1..<classCount where eta[k] > eta[best] { best = k }
    return best
  }

  /// The distribution of y given x: Categorical(logits: Wx + b), the
  /// exponential-family member this model is built on.
  ///
  /// Everything a `Categorical` offers (sampling, entropy, log density) then
  /// applies to the prediction:
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// let y = try model.conditionalDistribution([1])
  /// y.probabilities  // [0.2689…, 0.7310…]
  /// y.sample(using: RandomSource(seed: 1))  // a class drawn with those probabilities
  /// ```
  ///
  /// - Parameter x: One observation's ``featureCount`` features.
  /// - Returns: The categorical distribution of the class at `x`.
  /// - Throws: `FitError` unless `x` has ``featureCount`` finite values.
  public func conditionalDistribution(_ x: [Double]) throws(FitError) -> Categorical {
    try check(x, row: 0)
    do {
      return try Categorical(logits: rawLogits(x))
    } catch {
      throw .invalidParameter(error)
    }
  }

  /// log p(y = k | xₙ) for every row, by one matrix product.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.logProbabilities([[0.5], [1]])  // [[-log 2, -log 2], [-1.3132…, -0.3132…]]
  /// ```
  ///
  /// - Parameter rows: N observations of ``featureCount`` features each.
  /// - Returns: N rows of K log-probabilities.
  /// - Throws: `FitError` naming the first row of the wrong length or with a
  ///   non-finite value.
  public func logProbabilities(_ rows: [[Double]]) throws(FitError) -> [[Double]] {
    try logProbabilities(
      design: DesignMatrix(rows, featureCount: featureCount, model: "SoftmaxRegression"))
  }

  /// log p(y = k | xₙ) for every row of a feature matrix (its storage used
  /// without a copy).
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// let x = try FeatureMatrix(rows: 2, columns: 1, values: [0.5, 1])
  /// try model.logProbabilities(x)  // [[-log 2, -log 2], [-1.3132…, -0.3132…]]
  /// ```
  ///
  /// - Parameter features: N rows of ``featureCount`` columns.
  /// - Returns: N rows of K log-probabilities.
  /// - Throws: `FitError` when the matrix has another number of columns.
  public func logProbabilities(_ features: FeatureMatrix) throws(FitError) -> [[Double]] {
    guard features.columnCount == featureCount else {
      throw .invalidArgument(
        model: "SoftmaxRegression", argument: "features", requirement: "\(featureCount) columns",
        value: "\(features.columnCount)")
    }
    return logProbabilities(design: DesignMatrix(features))
  }

  func logProbabilities(design: DesignMatrix) -> [[Double]] {
    let eta = design.logits(weights: flatWeights, intercepts: intercepts, classCount: classCount)
    return (0..<design.rowCount).map { n in
      SpecialFunctions.logSoftmax(Array(eta.values[(n * classCount)..<((n + 1) * classCount)]))
    }
  }

  /// p(y = k | xₙ) for every row.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.probabilities([[0], [0.5], [1]])
  /// // [[0.7310…, 0.2689…], [0.5, 0.5], [0.2689…, 0.7310…]]
  /// ```
  ///
  /// - Parameter rows: N observations of ``featureCount`` features each.
  /// - Returns: N rows of K probabilities, each summing to 1.
  /// - Throws: `FitError` naming the first row of the wrong length or with a
  ///   non-finite value.
  public func probabilities(_ rows: [[Double]]) throws(FitError) -> [[Double]] {
    try logProbabilities(rows).map { $0.map { exp($0) } }
  }

  /// The most probable class of every row (the lowest index among ties).
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.predict([[0], [0.5], [1]])  // [0, 0, 1]
  /// ```
  ///
  /// - Parameter rows: N observations of ``featureCount`` features each.
  /// - Returns: N class indices.
  /// - Throws: `FitError` naming the first row of the wrong length or with a
  ///   non-finite value.
  public func predict(_ rows: [[Double]]) throws(FitError) -> [Int] {
    try logProbabilities(rows).map { row in
      var best = 0
      for k in 1..<row.count where row[k] > row[best] { best = k }
      return best
    }
  }

  /// W in row-major order, K × D.
  var flatWeights: [Double] { coefficients.flatMap { $0 } }

  func check(_ x: [Double], row: Int) throws(FitError) {
    guard x.count == featureCount else {
      throw .invalidObservation(
        model: "SoftmaxRegression", index: row, requirement: "\(featureCount) features",
        value: "\(x.count) features")
    }
    if let column = x.firstIndex(where: { !$0.isFinite }) {
      throw .invalidObservation(
        model: "SoftmaxRegression", index: row, requirement: "finite features",
        value: "column \(column) = \(x[column])")
    }
  }

  /// `SoftmaxRegression(classes: K, features: D)`.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// model.description  // "SoftmaxRegression(classes: 2, features: 1)"
  /// ```
  public var description: String {
    "SoftmaxRegression(classes: \(classCount), features: \(featureCount))"
  }

  private enum CodingKeys: String, CodingKey {
    case coefficients, intercepts
  }

  /// Decodes and validates, like ``init(coefficients:intercepts:)``.
  ///
  /// A model round-trips exactly through JSON, so a saved
  /// model predicts bit-identical probabilities:
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// let json = try JSONEncoder().encode(model)  // keys "coefficients" and "intercepts"
  /// try JSONDecoder().decode(SoftmaxRegression.self, from: json) == model  // true
  /// ```
  ///
  /// - Parameter decoder: The decoder to read `coefficients` and `intercepts` from.
  /// - Throws: The decoder's errors, or `FitError` for an invalid model.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      coefficients: container.decode([[Double]].self, forKey: .coefficients),
      intercepts: container.decode([Double].self, forKey: .intercepts))
  }
}
