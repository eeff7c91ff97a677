import Foundation
import GSLBridge
import ProbKitCore

/// The softmax-regression objective, its gradient and Hessian.
///
/// ```
/// f(θ) = -Σₙ wₙ log softmax(Wxₙ + b)_{yₙ} + ½ Σₖ Σ_d λ_d W²ₖ_d + ½ λ_b Σₖ b²ₖ
/// ∇_W f = (P - Y)ᵀ diag(w) X + λ ⊙ W,   ∇_b f = (P - Y)ᵀ w + λ_b b
/// ```
///
/// θ holds the free classes' weights (row-major, K' × D) and then their
/// intercepts (K'): all K classes, or classes 1..<K when class 0 is the
/// reference (fixed at zero).
struct SoftmaxObjective {
  /// The raw features; the objective's coordinates are standardised by
  /// `standardization` (applied to the weights, never to a copy of X).
  let design: DesignMatrix
  let standardization: Standardization
  let labels: [Int]
  let sampleWeights: [Double]
  let classCount: Int
  /// Whether class 0 is fixed at zero.
  let reference: Bool
  /// λ_d for each feature (zeros for maximum likelihood).
  let featurePrecisions: [Double]
  /// λ_b for the intercepts.
  let interceptPrecision: Double

  var featureCount: Int { design.featureCount }
  var rowCount: Int { design.rowCount }
  /// θ's layout.
  var layout: SoftmaxParameterLayout {
    SoftmaxParameterLayout(classCount: classCount, featureCount: featureCount, reference: reference)
  }
  /// K', the classes with free parameters.
  var freeClassCount: Int { layout.freeClassCount }
  var firstFreeClass: Int { layout.firstFreeClass }
  /// The length of θ.
  var parameterCount: Int { layout.count }

  /// Full K × D weights and K intercepts from θ.
  func unpack(_ theta: [Double]) -> (weights: [Double], intercepts: [Double]) {
    layout.unpack(theta)
  }

  /// Raw-coordinate weights and intercepts from θ: the products with the raw
  /// X equal the standardised ones.
  func rawParameters(_ theta: [Double]) -> (weights: [Double], intercepts: [Double]) {
    let (weights, intercepts) = unpack(theta)
    return standardization.original(
      weights: weights, intercepts: intercepts, classCount: classCount)
  }

  /// The objective and the class probabilities P (N × K), for the Hessian
  /// and the existence checks.
  func evaluate(_ theta: [Double]) -> (value: Double, probabilities: Matrix) {
    let (weights, intercepts) = rawParameters(theta)
    var eta = design.logits(weights: weights, intercepts: intercepts, classCount: classCount)
    let k = classCount
    for n in 0..<rowCount {
      let base = n * k
      var largest = -Double.infinity
      for j in 0..<k { largest = max(largest, eta.values[base + j]) }
      var total = 0.0
      for j in 0..<k {
        let e = exp(eta.values[base + j] - largest)
        eta.values[base + j] = e
        total += e
      }
      for j in 0..<k { eta.values[base + j] /= total }
    }
    return (value(theta), eta)
  }

  /// f(θ).
  func value(_ theta: [Double]) -> Double { blockedPass(theta, gradient: false).value }

  /// f(θ) and ∇f(θ), by two matrix products per block of rows.
  func valueAndGradient(_ theta: [Double]) -> (Double, [Double]) {
    let (value, gradient) = blockedPass(theta, gradient: true)
    return (value, gradient ?? [])
  }

  /// Rows per block in ``blockedPass(_:gradient:)``: a block of X (512 × D
  /// doubles) stays in cache between its two products.
  static let blockRows = 512

  /// Rows per block for the C kernels (≤ 16 classes): measured on
  /// 200,000 × 100 × 10, 32 rows took the second product from 27 to 13 ms per
  /// pass (the block stays in L1).
  static let kernelBlockRows = 32

  /// One pass over X in blocks of ``blockRows`` rows, two products per block.
  ///
  /// For each block, Z_b = X_b Vᵀ (rows × K) goes to `transform`, which turns
  /// it in place into the block's row weights S_b; if `accumulate`,
  /// Σ_b S_bᵀ X_b (K × D) is summed and returned (zeros otherwise). Both
  /// products of a block run while it is in cache.
  func blockedProducts(
    _ v: [Double], accumulate: Bool,
    _ transform: (_ start: Int, _ rows: Int, _ z: UnsafeMutableBufferPointer<Double>) -> Void
  ) -> [Double] {
    let d = featureCount
    let k = classCount
    let n = rowCount
    // Up to 16 classes the C kernels beat BLAS, which packs the whole block
    // for products this narrow; they want blocks small enough to stay in L1
    // between the two products (32 rows of up to ~100 features), BLAS larger
    // ones.
    let skinny = k <= 16
    let blockRows = min(skinny ? Self.kernelBlockRows : Self.blockRows, max(n, 1))
    var product = [Double](repeating: 0, count: k * d)
    var block = [Double](repeating: 0, count: blockRows * k)
    design.matrix.values.withUnsafeBufferPointer { x in
      v.withUnsafeBufferPointer { w in
        block.withUnsafeMutableBufferPointer { z in
          product.withUnsafeMutableBufferPointer { result in
            var start = 0
            while start < n {
              let rows = min(blockRows, n - start)
              let xBlock = UnsafeBufferPointer(rebasing: x[(start * d)..<((start + rows) * d)])
              if skinny {
                DenseKernels.products(
                  x: xBlock, rows: rows, columns: d, weights: w, classes: k, into: z)
              } else {
                BLAS.gemm(
                  .none, .transposed, m: rows, n: k, k: d, alpha: 1, a: xBlock, lda: d, b: w,
                  ldb: d, beta: 0, c: z, ldc: k)
              }
              transform(start, rows, z)
              if accumulate {
                if skinny {
                  DenseKernels.accumulate(
                    s: UnsafeBufferPointer(z), x: xBlock, rows: rows, columns: d, classes: k,
                    into: result)
                } else {
                  BLAS.gemm(
                    .transposed, .none, m: k, n: d, k: rows, alpha: 1,
                    a: UnsafeBufferPointer(z), lda: k, b: xBlock, ldb: d, beta: 1, c: result,
                    ldc: d)
                }
              }
              start += rows
            }
          }
        }
      }
    }
    return product
  }

  /// f(θ) and optionally ∇f(θ) in one pass over X, block by block.
  ///
  /// For each block of rows: Z_b = X_b Wᵀ + 1bᵀ, the block's losses and
  /// residuals R_b, then ∇_W += R_bᵀ X_b while X_b is still in cache. One read
  /// of X from memory per evaluation instead of two, and no N × K
  /// intermediate. Up to 16 classes the whole pass is one call into the C
  /// kernels (``DenseKernels/softmaxPass(x:rows:columns:weights:classes:intercepts:labels:sampleWeights:loss:compensation:interceptGradient:gradient:)``).
  func blockedPass(_ theta: [Double], gradient wantGradient: Bool) -> (
    value: Double, gradient: [Double]?
  ) {
    let (weights, intercepts) = rawParameters(theta)
    let d = featureCount
    let k = classCount
    var interceptGradient = [Double](repeating: 0, count: k)
    var loss = 0.0
    var compensation = 0.0
    var rawWeightGradient: [Double] = []
    if k <= DenseKernels.passMaximumClasses {
      // The whole pass in C: products, softmax and accumulation per block.
      rawWeightGradient = [Double](repeating: 0, count: wantGradient ? k * d : 0)
      design.matrix.values.withUnsafeBufferPointer { x in
        weights.withUnsafeBufferPointer { v in
          intercepts.withUnsafeBufferPointer { b in
            labels.withUnsafeBufferPointer { y in
              sampleWeights.withUnsafeBufferPointer { w in
                interceptGradient.withUnsafeMutableBufferPointer { bGradient in
                  rawWeightGradient.withUnsafeMutableBufferPointer { g in
                    DenseKernels.softmaxPass(
                      x: x, rows: rowCount, columns: d, weights: v, classes: k, intercepts: b,
                      labels: y, sampleWeights: w, loss: &loss, compensation: &compensation,
                      interceptGradient: bGradient, gradient: wantGradient ? g : nil)
                  }
                }
              }
            }
          }
        }
      }
    } else {
      intercepts.withUnsafeBufferPointer { b in
        labels.withUnsafeBufferPointer { y in
          sampleWeights.withUnsafeBufferPointer { w in
            interceptGradient.withUnsafeMutableBufferPointer { bGradient in
              rawWeightGradient = blockedProducts(weights, accumulate: wantGradient) {
                start, rows, z in
                DenseKernels.softmaxResiduals(
                  z, rows: rows, classes: k, intercepts: b,
                  labels: UnsafeBufferPointer(rebasing: y[start..<(start + rows)]),
                  weights: UnsafeBufferPointer(rebasing: w[start..<(start + rows)]),
                  loss: &loss, compensation: &compensation, interceptGradient: bGradient)
              }
            }
          }
        }
      }
    }
    let value = loss + compensation + penalty(theta)
    guard wantGradient else { return (value, nil) }
    let weightGradient = standardization.standardisedProduct(
      rawWeightGradient, sums: interceptGradient, classCount: k)
    let g = layout.gather(
      weights: weightGradient, intercepts: interceptGradient, featurePrecisions: featurePrecisions,
      interceptPrecision: interceptPrecision, scaling: theta)
    return (value, g)
  }

  /// The Hessian, P × P with P = K'(D + 1), in θ's layout:
  /// Σₙ wₙ pₙₖ(δₖₗ - pₙₗ) x̃ₙx̃ₙᵀ for each pair of free classes (x̃ = (x, 1)),
  /// plus the prior's precisions on the diagonal.
  func hessian(_ theta: [Double]) -> Matrix {
    let (_, probabilities) = evaluate(theta)
    let d = featureCount
    let width = d + 1
    let size = parameterCount
    let pairs = (0..<freeClassCount).flatMap { a in (a..<freeClassCount).map { (a, $0) } }
    // One (D + 1) × (D + 1) block Σₙ cₙ x̃ₙx̃ₙᵀ per pair of free classes,
    // accumulated over blocks of rows (no N × D copy of the data).
    var blocks = Array(repeating: [Double](repeating: 0, count: width * width), count: pairs.count)
    var scaled = [Double](repeating: 0, count: Self.blockRows * width)
    forEachAugmentedBlock { start, rows, augmented in
      for (pair, (a, b)) in pairs.enumerated() {
        let k = a + firstFreeClass
        let l = b + firstFreeClass
        for row in 0..<rows {
          let n = start + row
          let pk = probabilities.values[n * classCount + k]
          let pl = probabilities.values[n * classCount + l]
          let c = sampleWeights[n] * pk * ((k == l ? 1 : 0) - pl)
          for j in 0..<width { scaled[row * width + j] = c * augmented[row * width + j] }
        }
        scaled.withUnsafeBufferPointer { scaledBuffer in
          blocks[pair].withUnsafeMutableBufferPointer { block in
            BLAS.gemm(
              .transposed, .none, m: width, n: width, k: rows, alpha: 1, a: augmented,
              lda: width, b: scaledBuffer, ldb: width, beta: 1, c: block, ldc: width)
          }
        }
      }
    }
    var result = Matrix(rows: size, columns: size)
    for (pair, (a, b)) in pairs.enumerated() {
      for i in 0..<width {
        for j in 0..<width {
          let row = index(free: a, column: i)
          let column = index(free: b, column: j)
          result.values[row * size + column] = blocks[pair][i * width + j]
          result.values[column * size + row] = blocks[pair][i * width + j]
        }
      }
    }
    for a in 0..<freeClassCount {
      for j in 0..<d {
        let i = index(free: a, column: j)
        result.values[i * size + i] += featurePrecisions[j]
      }
      let i = index(free: a, column: d)
      result.values[i * size + i] += interceptPrecision
    }
    return result
  }

  /// Calls `body` with consecutive blocks of at most ``blockRows`` rows of
  /// the standardised, augmented design X̃ = [(X - μ)/s  1] (row-major,
  /// rows × (D + 1), in a reused buffer): its first row and row count.
  func forEachAugmentedBlock(
    _ body: (_ start: Int, _ rows: Int, _ augmented: UnsafeBufferPointer<Double>) -> Void
  ) {
    let d = featureCount
    let width = d + 1
    var buffer = [Double](repeating: 0, count: Self.blockRows * width)
    var start = 0
    while start < rowCount {
      let rows = min(Self.blockRows, rowCount - start)
      for row in 0..<rows {
        for j in 0..<d {
          buffer[row * width + j] = standardization.standardised(
            design.matrix.values[(start + row) * d + j], feature: j)
        }
        buffer[row * width + d] = 1
      }
      buffer.withUnsafeBufferPointer {
        body(start, rows, UnsafeBufferPointer(rebasing: $0[0..<(rows * width)]))
      }
      start += rows
    }
  }

  /// θ's index of free class `free`, column `column` (D is the intercept).
  func index(free: Int, column: Int) -> Int {
    column == featureCount ? freeClassCount * featureCount + free : free * featureCount + column
  }
}

extension SoftmaxObjective {
  /// ½ Σ λ θ² over the penalised parameters.
  func penalty(_ theta: [Double]) -> Double {
    var sum = 0.0
    for free in 0..<freeClassCount {
      for j in 0..<featureCount {
        let value = theta[free * featureCount + j]
        sum += featurePrecisions[j] * value * value
      }
      let b = theta[freeClassCount * featureCount + free]
      sum += interceptPrecision * b * b
    }
    return sum / 2
  }
}
