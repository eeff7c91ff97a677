import Foundation
public import ProbKitInference

extension SoftmaxRegression {
  /// The mean log-loss (cross-entropy) on labelled rows:
  /// -(1/W) Σₙ wₙ log p(yₙ | xₙ), computed from log-probabilities.
  ///
  /// W = Σₙ wₙ is the total weight (N without weights). Lower is better;
  /// predicting 1/K for every row scores log K.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.logLoss(features: [[0], [1], [2]], labels: [0, 1, 1])  // 0.2250…
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of ``featureCount`` features (N ≥ 1).
  ///   - labels: N class labels in 0..<``classCount``.
  ///   - weights: Optional sample weights, finite and ≥ 0.
  /// - Returns: The weighted mean of -log p(yₙ | xₙ), in nats.
  /// - Throws: `FitError` for a bad row, a label outside 0..<K, mismatched
  ///   lengths or bad weights.
  public func logLoss(features: [[Double]], labels: [Int], weights: [Double]? = nil)
    throws(FitError) -> Double
  {
    let logP = try checkedLogProbabilities(features, labels, weights)
    var total = 0.0
    var weightTotal = 0.0
    for (n, label) in labels.enumerated() {
      let w = weights?[n] ?? 1
      total -= w * logP[n][label]
      weightTotal += w
    }
    return total / weightTotal
  }

  /// The (weighted) fraction of rows whose most probable class is their label.
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.accuracy(features: [[0], [1], [2]], labels: [0, 1, 0])  // 2/3
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of ``featureCount`` features (N ≥ 1).
  ///   - labels: N class labels in 0..<``classCount``.
  ///   - weights: Optional sample weights, finite and ≥ 0.
  /// - Returns: A fraction in [0, 1].
  /// - Throws: `FitError` as ``logLoss(features:labels:weights:)``.
  public func accuracy(features: [[Double]], labels: [Int], weights: [Double]? = nil)
    throws(FitError) -> Double
  {
    let matrix = try confusionMatrix(features: features, labels: labels, weights: weights)
    var correct = 0.0
    var total = 0.0
    for k in 0..<classCount {
      for j in 0..<classCount {
        total += matrix[k][j]
        if k == j { correct += matrix[k][j] }
      }
    }
    return correct / total
  }

  /// The confusion matrix: entry [k][j] is the (weighted) number of rows of
  /// class k predicted as class j.
  ///
  /// Rows are true classes, columns predictions, so the diagonal counts the
  /// correct predictions:
  ///
  /// ```swift
  /// let model = try SoftmaxRegression(coefficients: [[0], [2]], intercepts: [0, -1])
  /// try model.confusionMatrix(features: [[0], [1], [2]], labels: [0, 1, 0])
  /// // [[1.0, 1.0], [0.0, 1.0]]: the row at 2 (class 0) is predicted as 1
  /// try model.confusionMatrix(
  ///   features: [[0], [1], [2]], labels: [0, 1, 0], weights: [1, 2, 0.5])
  /// // [[1.0, 0.5], [0.0, 2.0]]
  /// ```
  ///
  /// - Parameters:
  ///   - features: N rows of ``featureCount`` features (N ≥ 1).
  ///   - labels: N class labels in 0..<``classCount``.
  ///   - weights: Optional sample weights, finite and ≥ 0.
  /// - Returns: K rows of K (weighted) counts.
  /// - Throws: `FitError` as ``logLoss(features:labels:weights:)``.
  public func confusionMatrix(features: [[Double]], labels: [Int], weights: [Double]? = nil)
    throws(FitError) -> [[Double]]
  {
    let logP = try checkedLogProbabilities(features, labels, weights)
    var matrix = Array(repeating: [Double](repeating: 0, count: classCount), count: classCount)
    for (n, label) in labels.enumerated() {
      var best = 0
      for k in 1..<classCount where logP[n][k] > logP[n][best] { best = k }
      matrix[label][best] += weights?[n] ?? 1
    }
    return matrix
  }

  private func checkedLogProbabilities(
    _ features: [[Double]], _ labels: [Int], _ weights: [Double]?
  ) throws(FitError) -> [[Double]] {
    let check = DataCheck(model: "SoftmaxRegression")
    guard !features.isEmpty else { throw .emptyData(model: "SoftmaxRegression") }
    guard labels.count == features.count else {
      throw check.argument("labels", "one per row (\(features.count))", labels.count)
    }
    try check.weights(weights, count: labels.count)
    if let weights, !weights.contains(where: { $0 > 0 }) {
      throw check.argument("weights", "a positive total", "all zero")
    }
    for (n, label) in labels.enumerated() where label < 0 || label >= classCount {
      throw check.invalid(n, "a class in 0..<\(classCount)", label)
    }
    return try logProbabilities(features)
  }
}
