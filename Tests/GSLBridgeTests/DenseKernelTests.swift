import CKernels
import Foundation
import Testing

@testable import GSLBridge

/// The C dense kernels (dispatched and portable) against naive loops, over
/// shapes that exercise every remainder: rows not a multiple of 4, columns
/// not a multiple of 4, odd class counts.
@Suite struct DenseKernelTests {
  static func values(_ count: Int, seed: Double) -> [Double] {
    (0..<count).map { sin(Double($0) * 0.7 + seed) * 3 }
  }

  @Test(arguments: [
    (1, 1, 1), (3, 5, 2), (4, 4, 4), (7, 9, 3), (8, 13, 10), (33, 64, 7), (5, 100, 16),
  ])
  func productsAndAccumulationMatchNaiveLoops(rows: Int, columns d: Int, classes k: Int) {
    let x = Self.values(rows * d, seed: 1)
    let w = Self.values(k * d, seed: 2)
    let s = Self.values(rows * k, seed: 3)
    let g0 = Self.values(k * d, seed: 4)
    var expectedZ = [Double](repeating: 0, count: rows * k)
    var expectedG = g0
    for n in 0..<rows {
      for c in 0..<k {
        var sum = 0.0
        for j in 0..<d { sum += x[n * d + j] * w[c * d + j] }
        expectedZ[n * k + c] = sum
        for j in 0..<d { expectedG[c * d + j] += s[n * k + c] * x[n * d + j] }
      }
    }
    func check(_ got: [Double], _ want: [Double], _ what: String) {
      for (a, b) in zip(got, want) {
        #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(what) \(rows)x\(d)x\(k)")
      }
    }
    var z = [Double](repeating: 0, count: rows * k)
    var g = g0
    x.withUnsafeBufferPointer { xb in
      w.withUnsafeBufferPointer { wb in
        z.withUnsafeMutableBufferPointer {
          DenseKernels.products(x: xb, rows: rows, columns: d, weights: wb, classes: k, into: $0)
        }
      }
      s.withUnsafeBufferPointer { sb in
        g.withUnsafeMutableBufferPointer {
          DenseKernels.accumulate(s: sb, x: xb, rows: rows, columns: d, classes: k, into: $0)
        }
      }
    }
    check(z, expectedZ, "products (dispatched)")
    check(g, expectedG, "accumulate (dispatched)")
    var zPortable = [Double](repeating: 0, count: rows * k)
    var gPortable = g0
    ckernels_products_portable(x, rows, d, w, k, &zPortable)
    ckernels_accumulate_portable(s, x, rows, d, k, &gPortable)
    check(zPortable, expectedZ, "products (portable)")
    check(gPortable, expectedG, "accumulate (portable)")
  }
}
