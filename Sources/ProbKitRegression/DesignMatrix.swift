import ProbKitCore
import ProbKitInference

/// Validated features as a row-major N × D matrix for the BLAS products.
struct DesignMatrix {
  /// X, N × D.
  let matrix: Matrix

  /// N.
  var rowCount: Int { matrix.rows }
  /// D.
  var featureCount: Int { matrix.columns }

  /// Checks and copies `rows`: each of `featureCount` finite values.
  ///
  /// - Throws: ``FitError`` naming the first bad row and column.
  init(_ rows: [[Double]], featureCount: Int, model: String) throws(FitError) {
    var values = [Double]()
    values.reserveCapacity(rows.count * featureCount)
    for (n, row) in rows.enumerated() {
      guard row.count == featureCount else {
        throw .invalidObservation(
          model: model, index: n, requirement: "\(featureCount) features",
          value: "\(row.count) features")
      }
      for (d, value) in row.enumerated() {
        guard value.isFinite else {
          throw .invalidObservation(
            model: model, index: n, requirement: "finite features", value: "column \(d) = \(value)")
        }
        values.append(value)
      }
    }
    matrix = Matrix(rows: rows.count, columns: featureCount, values: values)
  }

  /// The N × K logits X·Wᵀ + 1bᵀ for K × D weights (row-major) and K
  /// intercepts.
  func logits(weights: [Double], intercepts: [Double], classCount: Int) -> Matrix {
    var eta = Matrix(rows: rowCount, columns: classCount)
    for n in 0..<rowCount {
      for k in 0..<classCount { eta.values[n * classCount + k] = intercepts[k] }
    }
    Matrix.multiplyAdd(
      alpha: 1, matrix, Matrix(rows: classCount, columns: featureCount, values: weights),
      transposeB: .transposed, beta: 1, into: &eta)
    return eta
  }
}
