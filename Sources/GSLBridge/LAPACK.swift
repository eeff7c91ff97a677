internal import CGSL

/// The LAPACK routines the linear algebra needs, served by OpenBLAS.
///
/// Matrices are row-major `n × n` buffers. A symmetric matrix reads the same
/// in either order, so row-major "lower" is column-major "upper".
package enum LAPACK {
  /// Overwrites the lower triangle of the symmetric positive-definite `a`
  /// with its Cholesky factor L (A = LLᵀ) and zeroes the strict upper
  /// triangle (`dpotrf`); `false` when A is not positive definite.
  package static func choleskyFactor(_ a: inout [Double], n: Int) -> Bool {
    guard call(dpotrf_, &a, n: n) else { return false }
    for i in 0..<n { for j in (i + 1)..<n { a[i * n + j] = 0 } }
    return true
  }

  /// Replaces the Cholesky factor L (lower, row-major) of A by A⁻¹, both
  /// triangles (`dpotri`); `false` when L has a zero on its diagonal.
  package static func inverseFromCholesky(_ factor: inout [Double], n: Int) -> Bool {
    guard call(dpotri_, &factor, n: n) else { return false }
    for i in 0..<n { for j in (i + 1)..<n { factor[i * n + j] = factor[j * n + i] } }
    return true
  }

  /// Runs a routine of the shape `(uplo, n, a, lda, info)` on the column-major
  /// upper triangle (the row-major lower one); `true` when info is 0.
  private static func call(
    _ routine: (
      UnsafePointer<CChar>?, UnsafePointer<CInt>?, UnsafeMutablePointer<Double>?,
      UnsafePointer<CInt>?, UnsafeMutablePointer<CInt>?
    ) -> Void,
    _ a: inout [Double], n: Int
  ) -> Bool {
    precondition(a.count == n * n, "LAPACK: \(a.count) values for a \(n)x\(n) matrix")
    guard n > 0 else { return true }
    var info: CInt = 0
    var order = lapackInt(n)
    a.withUnsafeMutableBufferPointer { buffer in
      routine("U", &order, buffer.baseAddress, &order, &info)
    }
    return info == 0
  }

  private static func lapackInt(_ value: Int) -> CInt {
    guard let converted = CInt(exactly: value) else {
      preconditionFailure("LAPACK dimension \(value) does not fit in a 32-bit integer")
    }
    return converted
  }
}
