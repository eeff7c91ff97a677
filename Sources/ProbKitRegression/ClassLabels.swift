public import ProbKitInference

/// A mapping between arbitrary class labels and the indices 0..<K that
/// ``SoftmaxRegression`` works with.
///
/// ```swift
/// let species = ["setosa", "virginica", "setosa", "versicolor"]
/// let classes = ClassLabels(sorting: species)     // setosa, versicolor, virginica
/// let y = try classes.indices(of: species)         // [0, 2, 0, 1]
/// let x: [[Double]] = [[1.4, 0.2], [5.5, 2.0], [1.3, 0.3], [4.1, 1.3]]
/// let fit = try SoftmaxRegression.fit(
///   features: x, labels: y, classCount: classes.count,
///   estimator: .map(GaussianPrior(standardDeviation: 1)))
/// classes.label(at: try fit.model.predict(x[0]))   // "setosa"
/// ```
public struct ClassLabels<Label: Hashable & Sendable>: Sendable {
  /// The distinct labels; class k is `classes[k]`.
  public let classes: [Label]
  private let index: [Label: Int]

  /// The distinct labels of `labels` in order of first appearance.
  ///
  /// ```swift
  /// ClassLabels(["setosa", "virginica", "setosa", "versicolor"]).classes
  /// // ["setosa", "virginica", "versicolor"]
  /// ```
  ///
  /// - Parameter labels: Observed labels, repeats allowed.
  public init(_ labels: [Label]) {
    var seen: [Label: Int] = [:]
    var classes: [Label] = []
    for label in labels where seen[label] == nil {
      seen[label] = classes.count
      classes.append(label)
    }
    self.classes = classes
    index = seen
  }

  /// The given classes, in the given order.
  ///
  /// For a fixed class order that does not depend on the data (an ordinal
  /// scale, or classes that some data sets lack):
  ///
  /// ```swift
  /// let levels = try ClassLabels(classes: ["low", "medium", "high"])
  /// try levels.indices(of: ["high", "low"])  // [2, 0]
  /// try ClassLabels(classes: ["a", "b", "a"])
  /// // throws FitError.invalidArgument: classes must be distinct
  /// ```
  ///
  /// - Parameter classes: The distinct labels; class k is `classes[k]`.
  /// - Throws: `FitError` if a class is repeated.
  public init(classes: [Label]) throws(FitError) {
    var seen: [Label: Int] = [:]
    for (k, label) in classes.enumerated() {
      guard seen[label] == nil else {
        throw .invalidArgument(
          model: "ClassLabels", argument: "classes", requirement: "distinct",
          value: "\(label) repeated")
      }
      seen[label] = k
    }
    self.classes = classes
    index = seen
  }

  /// K, the number of classes.
  ///
  /// The `classCount` to fit with:
  ///
  /// ```swift
  /// ClassLabels(sorting: ["b", "a", "c", "a"]).count  // 3
  /// ```
  public var count: Int { classes.count }

  /// The class index of every label.
  ///
  /// ```swift
  /// let classes = ClassLabels(sorting: ["setosa", "virginica", "versicolor"])
  /// try classes.indices(of: ["virginica", "setosa"])  // [2, 0]
  /// try classes.indices(of: ["setosa", "rose"])
  /// // throws FitError.invalidObservation: observation 1 must be one of the 3 classes
  /// ```
  ///
  /// - Parameter labels: Labels, each one of ``classes``.
  /// - Returns: The index in 0..<``count`` of each label, in order.
  /// - Throws: `FitError.invalidObservation(model:index:requirement:value:)`
  ///   naming the first label that is not one of the classes.
  public func indices(of labels: [Label]) throws(FitError) -> [Int] {
    var result: [Int] = []
    result.reserveCapacity(labels.count)
    for (n, label) in labels.enumerated() {
      guard let k = index[label] else {
        throw .invalidObservation(
          model: "ClassLabels", index: n, requirement: "one of the \(count) classes",
          value: "\(label)")
      }
      result.append(k)
    }
    return result
  }

  /// The label of class `k` (0..<count).
  ///
  /// ```swift
  /// ClassLabels(sorting: ["b", "c", "a"]).label(at: 2)  // "c"
  /// ```
  ///
  /// - Parameter k: A class index in 0..<``count``; others trap.
  /// - Returns: `classes[k]`.
  public func label(at k: Int) -> Label { classes[k] }
}

extension ClassLabels where Label: Comparable {
  /// The distinct labels of `labels`, sorted.
  ///
  /// The class numbering then depends only on which labels occur, not on
  /// the order of the data:
  ///
  /// ```swift
  /// ClassLabels(sorting: ["setosa", "virginica", "setosa", "versicolor"]).classes
  /// // ["setosa", "versicolor", "virginica"]
  /// ```
  ///
  /// - Parameter labels: Observed labels, repeats allowed.
  public init(sorting labels: [Label]) {
    // Sorted distinct labels are distinct by construction.
    let distinct = Array(Set(labels)).sorted()
    var seen: [Label: Int] = [:]
    for (k, label) in distinct.enumerated() { seen[label] = k }
    classes = distinct
    index = seen
  }
}

extension ClassLabels: Codable where Label: Codable {
  private enum CodingKeys: String, CodingKey { case classes }

  /// Decodes the class list, rejecting repeats.
  ///
  /// Stored beside a model, the labels restore its class numbering:
  ///
  /// ```swift
  /// let classes = try ClassLabels(classes: ["low", "medium", "high"])
  /// let json = try JSONEncoder().encode(classes)  // {"classes":["low","medium","high"]}
  /// try JSONDecoder().decode(ClassLabels<String>.self, from: json).classes
  /// // ["low", "medium", "high"]
  /// ```
  ///
  /// - Parameter decoder: The decoder to read `classes` from.
  /// - Throws: The decoder's errors, or `FitError` if a class is repeated.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(classes: container.decode([Label].self, forKey: .classes))
  }

  /// Encodes the class list.
  ///
  /// - Parameter encoder: The encoder to write `classes` to.
  /// - Throws: The encoder's errors.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(classes, forKey: .classes)
  }
}
