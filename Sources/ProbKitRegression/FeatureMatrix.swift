import ProbKitCore
public import ProbKitInference

/// Features as one row-major matrix: N rows of D finite values.
///
/// `SoftmaxRegression.fit` accepts `[[Double]]` and copies it into one
/// contiguous block; a `FeatureMatrix` already is one, and a fit uses its
/// storage as it is (copy-on-write, no copy), so large data sets cost their
/// own size plus O(N·K).
///
/// ```swift
/// let x = try FeatureMatrix(rows: 3, columns: 2, values: [0.1, 1.2, 0.5, 0.4, 2.2, 1.9])
/// x.row(1)  // [0.5, 0.4]
/// let prior = try GaussianPrior(standardDeviation: 1)
/// let fit = try SoftmaxRegression.fit(features: x, labels: [0, 1, 2], estimator: .map(prior))
/// ```
public struct FeatureMatrix: Sendable, Equatable {
  /// N, the number of rows (observations).
  public let rowCount: Int
  /// D, the number of columns (features).
  public let columnCount: Int
  /// The values in row-major order: row n, column d is `values[n * columnCount + d]`.
  ///
  /// ```swift
  /// let x = try FeatureMatrix([[1, 2], [3, 4], [5, 6]])
  /// x.values                        // [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
  /// x.values[2 * x.columnCount + 1]  // 6.0: row 2, column 1
  /// ```
  public let values: [Double]

  /// A matrix over row-major `values`.
  ///
  /// ```swift
  /// let x = try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, 3, 4])  // rows [1, 2], [3, 4]
  /// try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, 3])
  /// // throws FitError.invalidArgument: values must be rows × columns = 4, got 3 values
  /// try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, 3, .nan])
  /// // throws FitError.invalidObservation: observation 1, column 1 = nan
  /// ```
  ///
  /// - Parameters:
  ///   - rows: N ≥ 0, the number of observations.
  ///   - columns: D ≥ 0, the number of features.
  ///   - values: N × D finite values, row by row.
  /// - Throws: `FitError` when `values.count` is not rows × columns, a
  ///   dimension is negative, or a value is NaN or infinite (naming its row
  ///   and column).
  public init(rows: Int, columns: Int, values: [Double]) throws(FitError) {
    guard rows >= 0, columns >= 0, let size = AllocationLimit.product(rows, columns) else {
      throw .invalidArgument(
        model: "FeatureMatrix", argument: "rows × columns",
        requirement: "non-negative, with a product that fits in Int",
        value: "\(rows) × \(columns)")
    }
    guard values.count == size else {
      throw .invalidArgument(
        model: "FeatureMatrix", argument: "values", requirement: "rows × columns = \(size)",
        value: "\(values.count) values")
    }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw .invalidObservation(
        model: "FeatureMatrix", index: index / max(columns, 1), requirement: "finite features",
        value: "column \(index % max(columns, 1)) = \(values[index])")
    }
    rowCount = rows
    columnCount = columns
    self.values = values
  }

  /// The matrix of `rows`, each of the same length.
  ///
  /// Copies the rows once into contiguous storage; an empty array gives a
  /// 0 × 0 matrix.
  ///
  /// ```swift
  /// let x = try FeatureMatrix([[0.1, 1.2], [0.5, 0.4], [2.2, 1.9]])
  /// (x.rowCount, x.columnCount)  // (3, 2)
  /// try FeatureMatrix([[1, 2], [3]])
  /// // throws FitError.invalidObservation: observation 1 must be 2 features, got 1
  /// ```
  ///
  /// - Parameter rows: The observations, each with the same number of finite
  ///   features.
  /// - Throws: `FitError` naming the first row of another length or the
  ///   first non-finite value (row and column).
  public init(_ rows: [[Double]]) throws(FitError) {
    let columns = rows.first?.count ?? 0
    var values: [Double] = []
    values.reserveCapacity(rows.count * columns)
    for (n, row) in rows.enumerated() {
      guard row.count == columns else {
        throw .invalidObservation(
          model: "FeatureMatrix", index: n, requirement: "\(columns) features",
          value: "\(row.count) features")
      }
      for (d, value) in row.enumerated() {
        guard value.isFinite else {
          throw .invalidObservation(
            model: "FeatureMatrix", index: n, requirement: "finite features",
            value: "column \(d) = \(value)")
        }
        values.append(value)
      }
    }
    rowCount = rows.count
    columnCount = columns
    self.values = values
  }

  /// Row `n`, as a new array.
  ///
  /// ```swift
  /// try FeatureMatrix([[0.1, 1.2], [0.5, 0.4]]).row(1)  // [0.5, 0.4]
  /// ```
  ///
  /// - Parameter n: A row index in 0..<``rowCount``; others trap.
  /// - Returns: The row's ``columnCount`` values.
  public func row(_ n: Int) -> [Double] {
    Array(values[(n * columnCount)..<((n + 1) * columnCount)])
  }
}
