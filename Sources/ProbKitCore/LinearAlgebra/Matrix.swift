package import GSLBridge

/// A dense row-major matrix of doubles, with the BLAS products the regression
/// code needs (served by OpenBLAS).
///
/// Internal to ProbKit: callers validate user data before building one, so
/// shape mismatches here are programmer errors and trap.
///
/// Element (i, j) is stored at `values[i * columns + j]`.
package struct Matrix: Equatable, Sendable, CustomStringConvertible {
  /// The number of rows.
  package let rows: Int
  /// The number of columns.
  package let columns: Int
  /// The elements in row-major order; `rows * columns` of them.
  package var values: [Double]

  /// A `rows` × `columns` matrix with every element equal to `value`.
  package init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative dimension \(rows)x\(columns)")
    self.rows = rows
    self.columns = columns
    self.values = Array(repeating: value, count: rows * columns)
  }

  /// A `rows` × `columns` matrix over row-major `values`.
  package init(rows: Int, columns: Int, values: [Double]) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative dimension \(rows)x\(columns)")
    precondition(
      values.count == rows * columns,
      "Matrix: \(values.count) values for a \(rows)x\(columns) matrix")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// The element in row `row` and column `column`.
  package subscript(row: Int, column: Int) -> Double {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// The transpose, as a new matrix.
  package var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for i in 0..<rows {
      for j in 0..<columns { result.values[j * rows + i] = values[i * columns + j] }
    }
    return result
  }

  package var description: String {
    "Matrix(\(rows)x\(columns))"
  }

  // MARK: - Products

  /// The product op(a)·op(b), where op transposes when asked (`dgemm`).
  package static func product(
    _ a: Matrix, _ b: Matrix,
    transposeA: BLAS.Transpose = .none, transposeB: BLAS.Transpose = .none
  ) -> Matrix {
    let m = transposeA == .none ? a.rows : a.columns
    let n = transposeB == .none ? b.columns : b.rows
    var result = Matrix(rows: m, columns: n)
    multiplyAdd(
      alpha: 1, a, b, transposeA: transposeA, transposeB: transposeB, beta: 0, into: &result)
    return result
  }

  /// c ← α·op(a)·op(b) + β·c, in place (`dgemm`).
  package static func multiplyAdd(
    alpha: Double, _ a: Matrix, _ b: Matrix,
    transposeA: BLAS.Transpose = .none, transposeB: BLAS.Transpose = .none,
    beta: Double, into c: inout Matrix
  ) {
    let (m, k) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    let (kB, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    precondition(
      k == kB && c.rows == m && c.columns == n,
      "Matrix: cannot multiply \(a)\(transposeA == .none ? "" : "ᵀ") by \(b)\(transposeB == .none ? "" : "ᵀ") into \(c)"
    )
    if k == 0 {
      // BLAS leaves C alone only when β = 1; an empty inner dimension means op(a)·op(b) = 0.
      for index in c.values.indices { c.values[index] *= beta }
      return
    }
    a.values.withUnsafeBufferPointer { aBuffer in
      b.values.withUnsafeBufferPointer { bBuffer in
        c.values.withUnsafeMutableBufferPointer { cBuffer in
          BLAS.gemm(
            transposeA, transposeB, m: m, n: n, k: k, alpha: alpha,
            a: aBuffer, lda: max(1, a.columns), b: bBuffer, ldb: max(1, b.columns),
            beta: beta, c: cBuffer, ldc: max(1, n))
        }
      }
    }
  }

  /// The matrix-vector product op(self)·x (`dgemv`).
  package func product(_ x: [Double], transpose: BLAS.Transpose = .none) -> [Double] {
    var y = [Double](repeating: 0, count: transpose == .none ? rows : columns)
    multiplyAdd(alpha: 1, x, transpose: transpose, beta: 0, into: &y)
    return y
  }

  /// y ← α·op(self)·x + β·y, in place (`dgemv`).
  package func multiplyAdd(
    alpha: Double, _ x: [Double], transpose: BLAS.Transpose = .none, beta: Double,
    into y: inout [Double]
  ) {
    let (outer, inner) = transpose == .none ? (rows, columns) : (columns, rows)
    precondition(
      x.count == inner && y.count == outer,
      "Matrix: cannot multiply \(self)\(transpose == .none ? "" : "ᵀ") by a vector of \(x.count) into \(y.count)"
    )
    if inner == 0 {
      for index in y.indices { y[index] *= beta }
      return
    }
    values.withUnsafeBufferPointer { aBuffer in
      x.withUnsafeBufferPointer { xBuffer in
        y.withUnsafeMutableBufferPointer { yBuffer in
          BLAS.gemv(
            transpose, m: rows, n: columns, alpha: alpha, a: aBuffer, lda: max(1, columns),
            x: xBuffer, beta: beta, y: yBuffer)
        }
      }
    }
  }
}
