import Foundation

extension Matrix {
  /// The Cholesky factor L of a symmetric positive-definite matrix, A = LLᵀ,
  /// lower triangular with a positive diagonal; `nil` when the matrix is not
  /// square or not (numerically) positive definite.
  ///
  /// Reads the lower triangle only. The Cholesky–Banachiewicz order, O(n³/3).
  package func choleskyFactor() -> Matrix? {
    guard rows == columns else { return nil }
    let n = rows
    var factor = Matrix(rows: n, columns: n)
    for i in 0..<n {
      for j in 0...i {
        var sum = self[i, j]
        for k in 0..<j { sum -= factor[i, k] * factor[j, k] }
        if i == j {
          guard sum > 0, sum.isFinite else { return nil }
          factor[i, i] = sum.squareRoot()
        } else {
          factor[i, j] = sum / factor[j, j]
        }
      }
    }
    return factor
  }

  /// Solves Ly = b for lower-triangular L (`self`) by forward substitution.
  package func solveLowerTriangular(_ b: [Double]) -> [Double] {
    precondition(rows == columns && b.count == rows, "Matrix: shape mismatch in triangular solve")
    var y = b
    for i in 0..<rows {
      var sum = y[i]
      for k in 0..<i { sum -= self[i, k] * y[k] }
      y[i] = sum / self[i, i]
    }
    return y
  }
}

extension Matrix {
  /// Solves Lᵀx = y for lower-triangular L (`self`) by back substitution.
  package func solveUpperTriangularTransposed(_ y: [Double]) -> [Double] {
    precondition(rows == columns && y.count == rows, "Matrix: shape mismatch in triangular solve")
    var x = y
    for i in stride(from: rows - 1, through: 0, by: -1) {
      var sum = x[i]
      for k in (i + 1)..<rows { sum -= self[k, i] * x[k] }
      x[i] = sum / self[i, i]
    }
    return x
  }
}
