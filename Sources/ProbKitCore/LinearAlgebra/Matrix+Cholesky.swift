import Foundation
internal import GSLBridge

extension Matrix {
  /// The order from which factorisations go to LAPACK (blocked, BLAS-3):
  /// below it the scalar loops are as fast and their rounding is the same on
  /// every CPU.
  static let lapackOrder = 128

  /// The Cholesky factor L of a symmetric positive-definite matrix, A = LLᵀ,
  /// lower triangular with a positive diagonal; `nil` when the matrix is not
  /// square or not (numerically) positive definite.
  ///
  /// Reads the lower triangle only. The Cholesky–Banachiewicz order, O(n³/3);
  /// LAPACK's `dpotrf` from order ``lapackOrder``.
  package func choleskyFactor() -> Matrix? {
    guard rows == columns else { return nil }
    let n = rows
    if n >= Self.lapackOrder {
      var factor = values
      guard values.allSatisfy(\.isFinite), LAPACK.choleskyFactor(&factor, n: n) else { return nil }
      return Matrix(rows: n, columns: n, values: factor)
    }
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

  /// A⁻¹ from A's Cholesky factor L (`self`): (LLᵀ)⁻¹, symmetric.
  ///
  /// Column by column by two triangular solves, O(n³); LAPACK's `dpotri`
  /// from order ``lapackOrder``.
  package func inverseFromCholeskyFactor() -> Matrix {
    precondition(rows == columns, "Matrix: inverse of a non-square factor")
    let n = rows
    if n >= Self.lapackOrder {
      var inverse = values
      let inverted = LAPACK.inverseFromCholesky(&inverse, n: n)
      precondition(inverted, "Matrix: a Cholesky factor with a zero pivot")
      return Matrix(rows: n, columns: n, values: inverse)
    }
    var inverse = Matrix(rows: n, columns: n)
    for j in 0..<n {
      var unit = [Double](repeating: 0, count: n)
      unit[j] = 1
      let column = solveUpperTriangularTransposed(solveLowerTriangular(unit))
      for i in 0..<n { inverse[i, j] = column[i] }
    }
    inverse.symmetrise()
    return inverse
  }

  /// Replaces each off-diagonal pair by its mean: a square matrix that is
  /// symmetric but for rounding becomes exactly so.
  package mutating func symmetrise() {
    precondition(rows == columns, "Matrix: symmetrising a non-square matrix")
    for i in 0..<rows {
      for j in 0..<i {
        let mean = (self[i, j] + self[j, i]) / 2
        self[i, j] = mean
        self[j, i] = mean
      }
    }
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
