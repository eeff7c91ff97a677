public import ProbKitInference

/// A softmax-regression fit to arbitrary class labels: the fit on class
/// indices together with the labels they stand for.
///
/// ```swift
/// let fit = try SoftmaxRegression.fit(
///   features: x, classLabels: ["cat", "dog", "cat", "bird"],
///   estimator: .map(GaussianPrior(standardDeviation: 1)))
/// try fit.predict(x[0])  // "cat", "dog" or "bird"
/// ```
public struct LabeledFit<Label: Hashable & Sendable>: Sendable {
  /// The fit on class indices.
  public let fit: Fit<SoftmaxRegression>
  /// The labels: class k is `classes.label(at: k)`.
  public let classes: ClassLabels<Label>

  /// The most probable label of `x`.
  public func predict(_ x: [Double]) throws(FitError) -> Label {
    classes.label(at: try fit.model.predict(x))
  }

  /// Each label's probability at `x`.
  public func probabilities(_ x: [Double]) throws(FitError) -> [Label: Double] {
    Dictionary(uniqueKeysWithValues: zip(classes.classes, try fit.model.probabilities(x)))
  }
}

extension SoftmaxRegression {
  /// Fits the model to arbitrary class labels (strings, enums): classes are
  /// numbered in order of first appearance, or sorted when the labels are
  /// `Comparable` (see the overload); otherwise as
  /// `fit(features:labels:classCount:weights:estimator:options:)`.
  public static func fit<Label: Hashable & Sendable>(
    features: [[Double]], classLabels: [Label], weights: [Double]? = nil,
    estimator: Estimator<GaussianPrior> = .mle, options: Options = Options()
  ) throws(FitError) -> LabeledFit<Label> {
    try fit(
      features: features, classes: ClassLabels(classLabels), classLabels: classLabels,
      weights: weights, estimator: estimator, options: options)
  }

  /// Fits the model to `Comparable` class labels, numbered in sorted order.
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
