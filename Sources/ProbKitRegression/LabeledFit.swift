public import ProbKitInference

/// A softmax-regression fit to arbitrary class labels: the fit on class
/// indices together with the labels they stand for.
///
/// ```swift
/// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
/// let fit = try SoftmaxRegression.fit(
///   features: x, classLabels: ["cat", "cat", "dog", "cat", "dog", "dog"],
///   estimator: .map(GaussianPrior(standardDeviation: 1)))
/// fit.classes.classes                  // ["cat", "dog"]
/// try fit.predict([3])                 // "dog"
/// try fit.probabilities([3])["dog"]    // 0.8718…
/// fit.fit.model.coefficients           // [[0.0], [0.7670…]]
/// ```
public struct LabeledFit<Label: Hashable & Sendable>: Sendable {
  /// The fit on class indices.
  public let fit: Fit<SoftmaxRegression>
  /// The labels: class k is `classes.label(at: k)`.
  public let classes: ClassLabels<Label>

  /// The most probable label of `x`.
  ///
  /// ```swift
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[-2], [-1], [0], [1], [2], [3]],
  ///   classLabels: ["cat", "cat", "dog", "cat", "dog", "dog"])
  /// try fit.predict([-2])  // "cat"
  /// try fit.predict([3])   // "dog"
  /// ```
  ///
  /// - Parameter x: One observation's features.
  /// - Returns: The label of the most probable class (the lowest index
  ///   among ties).
  /// - Throws: `FitError` unless `x` has the model's number of finite
  ///   features.
  public func predict(_ x: [Double]) throws(FitError) -> Label {
    classes.label(at: try fit.model.predict(x))
  }

  /// Each label's probability at `x`.
  ///
  /// ```swift
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[-2], [-1], [0], [1], [2], [3]],
  ///   classLabels: ["cat", "cat", "dog", "cat", "dog", "dog"],
  ///   estimator: .map(GaussianPrior(standardDeviation: 1)))
  /// let p = try fit.probabilities([0])
  /// p["cat"]  // 0.5947…
  /// p["dog"]  // 0.4052…
  /// ```
  ///
  /// - Parameter x: One observation's features.
  /// - Returns: p(y = label | x) for every class label; they sum to 1.
  /// - Throws: `FitError` unless `x` has the model's number of finite
  ///   features.
  public func probabilities(_ x: [Double]) throws(FitError) -> [Label: Double] {
    Dictionary(uniqueKeysWithValues: zip(classes.classes, try fit.model.probabilities(x)))
  }
}

extension SoftmaxRegression {
  /// Fits the model to arbitrary class labels (strings, enums): classes are
  /// numbered in order of first appearance, or sorted when the labels are
  /// `Comparable` (see the overload); otherwise as
  /// `fit(features:labels:classCount:weights:estimator:options:)`.
  ///
  /// Labels that are not `Comparable` (an enum without raw values) are
  /// numbered as they first occur:
  ///
  /// ```swift
  /// enum Weather: Hashable, Sendable { case dry, rain }
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[-2], [-1], [0], [1], [2], [3]],
  ///   classLabels: [Weather.dry, .dry, .rain, .dry, .rain, .rain])
  /// fit.classes.classes   // [.dry, .rain]
  /// try fit.predict([3])  // .rain
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features.
  ///   - classLabels: N labels; at least two distinct ones.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - estimator: `.mle` or `.map(GaussianPrior)`.
  ///   - options: Optimiser and stopping rule.
  /// - Returns: The fit on class indices with the labels they stand for.
  /// - Throws: `FitError` as `fit(features:labels:classCount:weights:estimator:options:)`.
  public static func fit<Label: Hashable & Sendable>(
    features: [[Double]], classLabels: [Label], weights: [Double]? = nil,
    estimator: Estimator<GaussianPrior> = .mle, options: Options = Options()
  ) throws(FitError) -> LabeledFit<Label> {
    try fit(
      features: features, classes: ClassLabels(classLabels), classLabels: classLabels,
      weights: weights, estimator: estimator, options: options)
  }

  /// Fits the model to `Comparable` class labels, numbered in sorted order.
  ///
  /// The class order, and so the reference class 0 of an MLE fit, does not
  /// depend on the order of the rows:
  ///
  /// ```swift
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[-2], [-1], [0], [1], [2], [3]],
  ///   classLabels: ["dog", "dog", "cat", "dog", "cat", "cat"])
  /// fit.classes.classes         // ["cat", "dog"]: sorted, though "dog" comes first
  /// fit.fit.model.coefficients  // [[0.0], [-1.2140…]]: dog against cat
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features.
  ///   - classLabels: N labels; at least two distinct ones.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - estimator: `.mle` or `.map(GaussianPrior)`.
  ///   - options: Optimiser and stopping rule.
  /// - Returns: The fit on class indices with the labels they stand for.
  /// - Throws: `FitError` as `fit(features:labels:classCount:weights:estimator:options:)`.
  public static func fit<Label: Hashable & Comparable & Sendable>(
    features: [[Double]], classLabels: [Label], weights: [Double]? = nil,
    estimator: Estimator<GaussianPrior> = .mle, options: Options = Options()
  ) throws(FitError) -> LabeledFit<Label> {
    try fit(
      features: features, classes: ClassLabels(sorting: classLabels), classLabels: classLabels,
      weights: weights, estimator: estimator, options: options)
  }

  private static func fit<Label: Hashable & Sendable>(
    features: [[Double]], classes: ClassLabels<Label>, classLabels: [Label], weights: [Double]?,
    estimator: Estimator<GaussianPrior>, options: Options
  ) throws(FitError) -> LabeledFit<Label> {
    let fit = try SoftmaxRegression.fit(
      features: features, labels: classes.indices(of: classLabels), classCount: classes.count,
      weights: weights, estimator: estimator, options: options)
    return LabeledFit(fit: fit, classes: classes)
  }
}
