internal import CGSL
import Foundation

/// Row-major double-precision BLAS products, served by OpenBLAS.
///
/// The package links `openblas` ahead of GSL's reference CBLAS, and these
/// functions reference `cblas_*` symbols directly, so the linker keeps OpenBLAS
/// as a direct dependency and the dynamic linker binds every CBLAS call in the
/// process (GSL's own `gsl_blas_*` included) to it. ``provider`` reports which
/// library actually serves the calls.
///
/// Dimensions are `Int`; CBLAS takes 32-bit integers, so every dimension and
/// leading dimension must be below 2³¹ (a programmer error otherwise).
package enum BLAS {
  /// Whether an operand is used as stored or transposed.
  package enum Transpose: Sendable {
    case none
    case transposed

    fileprivate var cblas: CBLAS_TRANSPOSE {
      switch self {
      case .none: CblasNoTrans
      case .transposed: CblasTrans
      }
    }
  }

  /// C ← α·op(A)·op(B) + β·C, with op(A) m×k, op(B) k×n and C m×n, row-major
  /// (`cblas_dgemm`).
  package static func gemm(
    _ transposeA: Transpose, _ transposeB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Double,
    a: UnsafeBufferPointer<Double>, lda: Int,
    b: UnsafeBufferPointer<Double>, ldb: Int,
    beta: Double,
    c: UnsafeMutableBufferPointer<Double>, ldc: Int
  ) {
    guard m > 0, n > 0 else { return }
    cblas_dgemm(
      CblasRowMajor, transposeA.cblas, transposeB.cblas,
      blasInt(m), blasInt(n), blasInt(k),
      alpha, a.baseAddress, blasInt(lda), b.baseAddress, blasInt(ldb),
      beta, c.baseAddress, blasInt(ldc))
  }

  /// y ← α·op(A)·x + β·y, with A m×n row-major (`cblas_dgemv`).
  package static func gemv(
    _ transposeA: Transpose,
    m: Int, n: Int,
    alpha: Double,
    a: UnsafeBufferPointer<Double>, lda: Int,
    x: UnsafeBufferPointer<Double>,
    beta: Double,
    y: UnsafeMutableBufferPointer<Double>
  ) {
    guard m > 0, n > 0 else { return }
    cblas_dgemv(
      CblasRowMajor, transposeA.cblas, blasInt(m), blasInt(n),
      alpha, a.baseAddress, blasInt(lda), x.baseAddress, 1,
      beta, y.baseAddress, 1)
  }

  /// The path of the shared library that serves `cblas_dgemm` in this process,
  /// for example `/usr/lib/x86_64-linux-gnu/libopenblas.so.0`.
  package static var provider: String? {
    let address = UInt(cgsl_cblas_dgemm_address())
    // Read to the end: String(contentsOfFile:) stops after the first page of a
    // /proc file, whose size stat reports as 0.
    guard address != 0,
      let data = try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
        .readToEnd(),
      let maps = String(data: data, encoding: .utf8)
    else { return nil }
    // Lines read "start-end perms offset dev inode path".
    for line in maps.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 6 else { continue }
      let bounds = fields[0].split(separator: "-")
      guard bounds.count == 2, let start = UInt(bounds[0], radix: 16),
        let end = UInt(bounds[1], radix: 16), start <= address, address < end
      else { continue }
      return fields[5...].joined(separator: " ")
    }
    return nil
  }

  private static func blasInt(_ value: Int) -> CInt {
    guard let converted = CInt(exactly: value) else {
      preconditionFailure("BLAS dimension \(value) does not fit in a 32-bit integer")
    }
    return converted
  }
}
