import GSLBridge
import ProbKitCore
import ProbKitInference

extension SoftmaxRegression {
  /// Throws when the maximum-likelihood estimate does not exist (separation)
  /// or is not unique (collinear features).
  ///
  /// - Complete separation: every observation's fitted probability of its
  ///   own class exceeds 1 - 1e-8 (the likelihood's supremum, 1, is reached
  ///   only as the weights grow without bound).
  /// - Collinear features: M = ¼ X̃ᵀ diag(w) X̃ (X̃ = [X 1]; the curvature the
  ///   data would give at p = ½) is numerically singular (a Cholesky pivot²
  ///   below 1e-12 of the largest diagonal entry).
  /// - Quasi-complete separation: some observations are predicted with
  ///   certainty and the Hessian, whitened by M (blockwise), has a direction
  ///   of curvature below 1e-8: the likelihood flattens along a direction the
  ///   data do constrain, which only a separating direction does.
  ///
  /// The Hessian tests run when they are affordable (N·P² ≤ 10¹⁰ for P
  /// parameters).
  static func checkExistence(_ objective: SoftmaxObjective, _ result: OptimizationResult)
    throws(FitError)
  {
    let name = "SoftmaxRegression"
    let (_, probabilities) = objective.evaluate(result.theta)
    var certain = 0
    for n in 0..<objective.rowCount
    where probabilities.values[n * objective.classCount + objective.labels[n]] > 1 - 1e-8 {
      certain += 1
    }
    if certain == objective.rowCount { throw .separation(model: name, complete: true) }
    let size = Double(objective.parameterCount)
    guard Double(objective.rowCount) * size * size <= 1e10 else { return }
    // M = ¼ X̃ᵀ diag(w) X̃, accumulated over blocks of rows.
    let d = objective.featureCount
    let width = d + 1
    var reference = Matrix(rows: width, columns: width)
    var scaled = [Double](repeating: 0, count: SoftmaxObjective.blockRows * width)
    objective.forEachAugmentedBlock { start, rows, augmented in
      for row in 0..<rows {
        let w = objective.sampleWeights[start + row] / 4
        for j in 0..<width { scaled[row * width + j] = w * augmented[row * width + j] }
      }
      scaled.withUnsafeBufferPointer { scaledBuffer in
        reference.values.withUnsafeMutableBufferPointer { m in
          BLAS.gemm(
            .transposed, .none, m: width, n: width, k: rows, alpha: 1, a: augmented, lda: width,
            b: scaledBuffer, ldb: width, beta: 1, c: m, ldc: width)
        }
      }
    }
    var largest = 0.0
    for i in 0..<width { largest = max(largest, reference[i, i]) }
    guard let factor = reference.choleskyFactor(),
      (0..<width).allSatisfy({ factor[$0, $0] * factor[$0, $0] >= 1e-12 * largest })
    else { throw .collinearFeatures(model: name) }
    guard certain > 0 else { return }
    // L⁻¹ H L⁻ᵀ block by block, for the free classes' (D + 1) × (D + 1) blocks.
    let hessian = objective.hessian(result.theta)
    let p = hessian.rows
    var whitened = Matrix(rows: p, columns: p)
    let classes = objective.freeClassCount
    for a in 0..<classes {
      for b in 0..<classes {
        let block = (0..<width).map { j in
          (0..<width).map { i in
            hessian[objective.index(free: a, column: i), objective.index(free: b, column: j)]
          }
        }
        // Columns of L⁻¹·H_ab, then L⁻¹·(L⁻¹·H_ab)ᵀ = L⁻¹·H_ab·L⁻ᵀ (H_ab symmetric).
        let half = block.map { factor.solveLowerTriangular($0) }
        for i in 0..<width {
          let column = factor.solveLowerTriangular((0..<width).map { half[$0][i] })
          for j in 0..<width {
            whitened[objective.index(free: a, column: j), objective.index(free: b, column: i)] =
              column[j]
          }
        }
      }
    }
    guard let whiteFactor = whitened.choleskyFactor(),
      (0..<p).allSatisfy({ whiteFactor[$0, $0] * whiteFactor[$0, $0] >= 1e-8 })
    else { throw .separation(model: name, complete: false) }
  }
}
