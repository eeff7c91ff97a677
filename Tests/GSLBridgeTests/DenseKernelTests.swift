import CKernels
import Foundation
import TestSupport
import Testing

@testable import GSLBridge

/// The C dense kernels (dispatched and at every level the CPU runs) against
/// naive loops, over
/// shapes that exercise every remainder: rows not a multiple of 4, columns
/// not a multiple of 4, odd class counts.
@Suite struct DenseKernelTests {
  static func values(_ count: Int, seed: Double) -> [Double] {
    (0..<count).map { sin(Double($0) * 0.7 + seed) * 3 }
  }

  @Test(arguments: [
    (1, 1, 1), (3, 5, 2), (4, 4, 4), (7, 9, 3), (8, 13, 10), (33, 64, 7), (5, 100, 16),
    (9, 51, 1), (4, 8, 1), (6, 12, 1), (5, 3, 1),
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
        expectClose(a, b, relative: 1e-12, absolute: 1e-12, "\(what) \(rows)x\(d)x\(k)")
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
    for level in 0...ckernels_level() {
      var zAtLevel = [Double](repeating: 0, count: rows * k)
      var gAtLevel = g0
      ckernels_products_at(level, x, rows, d, w, k, &zAtLevel)
      ckernels_accumulate_at(level, s, x, rows, d, k, &gAtLevel)
      check(zAtLevel, expectedZ, "products (level \(level))")
      check(gAtLevel, expectedG, "accumulate (level \(level))")
    }
  }

  /// The GLM block sums (the weighted Gram matrix's upper triangle and the
  /// gradient) at every level this CPU runs against naive loops, over widths
  /// around the vector lengths and row counts not a multiple of 4.
  @Test(arguments: [(1, 1), (3, 2), (4, 4), (7, 5), (9, 8), (13, 9), (70, 51), (6, 17)])
  func weightedGramMatchesNaiveLoops(rows: Int, columns p: Int) {
    let x = Self.values(rows * p, seed: 7)
    let f = Self.values(rows, seed: 8).map { abs($0) + 0.1 }
    let r = Self.values(rows, seed: 9)
    let gram0 = Self.values(p * p, seed: 10)
    let g0 = Self.values(p, seed: 11)
    var expectedGram = gram0
    var expectedG = g0
    for n in 0..<rows {
      for i in 0..<p {
        expectedG[i] += r[n] * x[n * p + i]
        for j in i..<p { expectedGram[i * p + j] += f[n] * x[n * p + i] * x[n * p + j] }
      }
    }
    for level in 0...ckernels_level() {
      var gram = gram0
      var g = g0
      ckernels_weighted_gram_at(level, x, rows, p, f, r, &gram, &g)
      for i in 0..<p {
        expectClose(g[i], expectedG[i], relative: 1e-12, absolute: 1e-12, "g, level \(level)")
        for j in i..<p {
          expectClose(
            gram[i * p + j], expectedGram[i * p + j], relative: 1e-12, absolute: 1e-12,
            "gram[\(i), \(j)] \(rows)x\(p), level \(level)")
        }
      }
      var gradientOnly = g0
      ckernels_weighted_gram_at(level, x, rows, p, f, r, nil, &gradientOnly)
      #expect(gradientOnly == g, "gradient without the Gram matrix, level \(level)")
      // Prefetching what comes next (here x itself) changes nothing.
      var gramAhead = gram0
      var gAhead = g0
      ckernels_weighted_gram_ahead_at(
        level, x, rows, p, f, r, &gramAhead, &gAhead, x, rows * p * MemoryLayout<Double>.stride)
      #expect(gramAhead == gram && gAhead == g, "prefetching ahead, level \(level)")
    }
  }

  /// The softmax residuals at every level this CPU runs against a direct
  /// computation, over blocks longer than the AVX-512 kernel's 64-row chunks,
  /// with logits far apart (terms that underflow) and huge.
  @Test(arguments: [(1, 2), (5, 3), (70, 10), (33, 16), (9, 17)])
  func softmaxResidualsMatchADirectComputation(rows: Int, classes k: Int) {
    var logits = Self.values(rows * k, seed: 5).map { $0 * 10 }
    logits[0] = 800  // exp(-800 - ...) underflows for the rest of row 0
    if rows > 1 { logits[k] = 1e300 }
    let intercepts = Self.values(k, seed: 6)
    let labels = (0..<rows).map { ($0 * 7) % k }
    let weights = (0..<rows).map { 0.5 + Double($0 % 3) }
    var expectedZ = logits
    var expectedLoss = 0.0
    var expectedInterceptGradient = [Double](repeating: 0, count: k)
    for n in 0..<rows {
      let row = (0..<k).map { logits[n * k + $0] + intercepts[$0] }
      let largest = row.max()!
      let total = row.reduce(0) { $0 + exp($1 - largest) }
      expectedLoss += weights[n] * (log(total) - (row[labels[n]] - largest))
      for c in 0..<k {
        let r = weights[n] * (exp(row[c] - largest) / total - (c == labels[n] ? 1 : 0))
        expectedZ[n * k + c] = r
        expectedInterceptGradient[c] += r
      }
    }
    for level in 0...ckernels_level() {
      var z = logits
      var loss = 0.0
      var compensation = 0.0
      var interceptGradient = [Double](repeating: 0, count: k)
      ckernels_softmax_residuals_at(
        level, &z, rows, k, intercepts, labels, weights, &loss, &compensation, &interceptGradient)
      expectClose(loss + compensation, expectedLoss, relative: 1e-13, absolute: 1e-13)
      for (got, want) in zip(z, expectedZ) {
        expectClose(got, want, absolute: 4e-14, "residual, level \(level), \(rows)x\(k)")
      }
      for (got, want) in zip(interceptGradient, expectedInterceptGradient) {
        expectClose(got, want, absolute: 1e-13 * Double(rows), "intercept gradient, level \(level)")
      }
    }
  }

  /// A whole pass (value, weight and intercept gradients) at every level
  /// against a direct computation, over row counts that leave partial
  /// blocks and vectors.
  @Test(arguments: [(1, 1, 1), (7, 3, 2), (45, 13, 10), (70, 100, 16), (33, 8, 5)])
  func softmaxPassMatchesADirectComputation(rows n: Int, columns d: Int, classes k: Int) {
    let x = Self.values(n * d, seed: 7)
    let w = Self.values(k * d, seed: 8).map { $0 * 0.2 }
    let intercepts = Self.values(k, seed: 9)
    let labels = (0..<n).map { ($0 * 5) % k }
    let weights = (0..<n).map { 0.25 + Double($0 % 4) }
    var expectedLoss = 0.0
    var expectedG = [Double](repeating: 0, count: k * d)
    var expectedB = [Double](repeating: 0, count: k)
    for row in 0..<n {
      let z = (0..<k).map { c in
        (0..<d).reduce(intercepts[c]) { $0 + x[row * d + $1] * w[c * d + $1] }
      }
      let largest = z.max()!
      let total = z.reduce(0) { $0 + exp($1 - largest) }
      expectedLoss += weights[row] * (log(total) - (z[labels[row]] - largest))
      for c in 0..<k {
        let r = weights[row] * (exp(z[c] - largest) / total - (c == labels[row] ? 1 : 0))
        expectedB[c] += r
        for j in 0..<d { expectedG[c * d + j] += r * x[row * d + j] }
      }
    }
    for level in 0...ckernels_level() {
      var loss = 0.0
      var compensation = 0.0
      var b = [Double](repeating: 0, count: k)
      var g = [Double](repeating: 0, count: k * d)
      let status = ckernels_softmax_pass_at(
        level, x, n, d, w, k, intercepts, labels, weights, &loss, &compensation, &b, &g)
      #expect(status == 0)
      expectClose(loss + compensation, expectedLoss, relative: 1e-13, "level \(level)")
      for (got, want) in zip(g + b, expectedG + expectedB) {
        expectClose(got, want, relative: 1e-12, absolute: 1e-12, "gradient, level \(level)")
      }
      var valueOnly = 0.0
      var valueCompensation = 0.0
      var unused = [Double](repeating: 0, count: k)
      _ = ckernels_softmax_pass_at(
        level, x, n, d, w, k, intercepts, labels, weights, &valueOnly, &valueCompensation,
        &unused, nil)
      #expect(valueOnly + valueCompensation == loss + compensation)
    }
    var loss = 0.0
    var compensation = 0.0
    var b = [Double](repeating: 0, count: 17)
    #expect(
      ckernels_softmax_pass(
        x, 1, d, w, 17, intercepts, labels, weights, &loss, &compensation, &b, nil) == -1)
  }
}
