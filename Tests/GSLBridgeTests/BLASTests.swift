import Testing

@testable import GSLBridge

struct BLASTests {
  /// The package links OpenBLAS ahead of GSL's reference CBLAS; the dynamic
  /// linker must bind `cblas_dgemm` (and so GSL's own BLAS calls) to it.
  @Test func cblasCallsAreServedByOpenBLAS() throws {
    let provider = try #require(BLAS.provider)
    #expect(provider.contains("libopenblas"), "cblas_dgemm is served by \(provider)")
  }

  @Test func gemmMultipliesSmallRowMajorMatrices() {
    // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
    let a: [Double] = [1, 2, 3, 4, 5, 6]
    let b: [Double] = [7, 8, 9, 10, 11, 12]
    var c = [Double](repeating: 0, count: 4)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          BLAS.gemm(
            .none, .none, m: 2, n: 2, k: 3, alpha: 1, a: a, lda: 3, b: b, ldb: 2, beta: 0, c: c,
            ldc: 2)
        }
      }
    }
    #expect(c == [58, 64, 139, 154])
  }
}
