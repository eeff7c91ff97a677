import Foundation
import GSLBridge
import ProbKitCore

/// The Hessian H of the negative log posterior at θ over the Laplace
/// posterior's coordinates, factored for log det H and Newton steps H⁻¹g.
///
/// ```
/// H = P + Σₙ Jₙᵀ Aₙ Jₙ,   Aₙ = wₙ (diag(q) - qqᵀ) = BₙBₙᵀ,   Bₙ = √wₙ (diag(√q) - α q √qᵀ)
/// ```
///
/// with P the prior's precisions, Jₙ the free logits' Jacobian and q the free
/// classes' probabilities (α = 1/(1 + √(1 - Σq)) makes BₙBₙᵀ exact). With
/// fewer rows than parameters (N·K' ≤ P/2), H is a diagonal plus rank N·K'
/// and is never formed: with U = [Jₙᵀ Bₙ]ₙ split into weight rows U_w and
/// intercept rows U_b (matrix determinant lemma and Woodbury),
///
/// ```
/// log det H = Σ log λ + log det M + log det S,   M = I + U_wᵀ P_w⁻¹ U_w,   S = P_b + U_b M⁻¹ U_bᵀ
/// ```
///
/// which costs O(N²D + (NK')³) instead of O(P³) for P = K'(D + 1).
struct PosteriorCurvature {
  /// The coordinates of θ the posterior keeps: every weight, and the free
  /// intercepts of classes 1..<K (b₀ is fixed when it is free, since only
  /// differences of intercepts change the likelihood).
  let keep: [Int]
  let form: Form

  enum Form {
    /// H's Cholesky factor.
    case dense(factor: Matrix)
    /// The diagonal-plus-low-rank factors.
    case lowRank(LowRank)
  }

  struct LowRank {
    let rowCount: Int
    let featureCount: Int
    let freeClassCount: Int
    /// The free classes whose intercepts are kept, as free-class indices.
    let keptIntercepts: [Int]
    /// X (N × D), row-major, in the objective's coordinates.
    let features: [Double]
    /// λ_d.
    let precisions: [Double]
    /// Bₙ[a, t] at `b[(n·K' + a)·K' + t]`.
    let b: [Double]
    /// M's Cholesky factor (N·K' square).
    let m: Matrix
    /// S's Cholesky factor (kept intercepts square); set once M's is known.
    var s = Matrix(rows: 0, columns: 0)
  }

  /// H at θ for `objective`; `lowRankAllowed: false` always forms H.
  ///
  /// `nil` when H is not positive definite in double precision. Under a
  /// Gaussian prior it is in exact arithmetic, so this means that 1/σ² or
  /// the data's curvature (fitted probabilities at 0 or 1) is below the
  /// rounding of the rest.
  init?(_ objective: SoftmaxObjective, at theta: [Double], lowRankAllowed: Bool = true) {
    let free = objective.freeClassCount
    let keptIntercepts = (0..<free).filter { $0 + objective.firstFreeClass >= 1 }
    let layout = objective.layout
    keep =
      Array(0..<layout.interceptIndex(free: 0))
      + keptIntercepts.map { layout.interceptIndex(free: $0) }
    let rank = objective.rowCount * free
    if lowRankAllowed, 2 * rank <= keep.count, objective.featurePrecisions.allSatisfy({ $0 > 0 }) {
      guard let lowRank = Self.lowRank(objective, theta, keptIntercepts) else { return nil }
      form = .lowRank(lowRank)
    } else {
      let full = objective.hessian(theta)
      var hessian = Matrix(rows: keep.count, columns: keep.count)
      for (i, a) in keep.enumerated() {
        for (j, b) in keep.enumerated() { hessian[i, j] = full[a, b] }
      }
      guard let factor = hessian.choleskyFactor() else { return nil }
      form = .dense(factor: factor)
    }
  }

  /// log det H.
  var logDeterminant: Double {
    switch form {
    case .dense(let factor):
      return Self.logDeterminant(factor)
    case .lowRank(let low):
      let priorPart = low.precisions.reduce(0) { $0 + log($1) } * Double(low.freeClassCount)
      return priorPart + Self.logDeterminant(low.m) + Self.logDeterminant(low.s)
    }
  }

  /// H⁻¹g for g over ``keep``.
  func solve(_ g: [Double]) -> [Double] {
    switch form {
    case .dense(let factor):
      return factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(g))
    case .lowRank(let low):
      let weightCount = low.freeClassCount * low.featureCount
      let gw = Array(g[..<weightCount])
      let gb = Array(g[weightCount...])
      // c₁ = M⁻¹ U_wᵀ P⁻¹ g_w; δ_b = S⁻¹(g_b - U_b c₁); c₂ = c₁ + M⁻¹ U_bᵀ δ_b;
      // δ_w = P⁻¹(g_w - U_w c₂).
      let c1 = Self.solve(low.m, low.weightsToRows(gw))
      let interceptsOfC1 = low.rowsToIntercepts(c1)
      let deltaB = Self.solve(low.s, zip(gb, interceptsOfC1).map { $0 - $1 })
      let correction = Self.solve(low.m, low.interceptsToRows(deltaB))
      let c2 = zip(c1, correction).map { $0 + $1 }
      let back = low.rowsToWeights(c2)
      var deltaW = [Double](repeating: 0, count: weightCount)
      for i in 0..<weightCount {
        deltaW[i] = (gw[i] - back[i]) / low.precisions[i % low.featureCount]
      }
      return deltaW + deltaB
    }
  }

  /// H⁻¹, the Laplace posterior's covariance.
  ///
  /// Low rank: with M = LLᵀ, V = P_w⁻¹U_wL⁻ᵀ and E = P_w⁻¹U_wM⁻¹U_bᵀ,
  /// (H⁻¹)_ww = P_w⁻¹ - VVᵀ + ES⁻¹Eᵀ, (H⁻¹)_wb = -ES⁻¹, (H⁻¹)_bb = S⁻¹:
  /// O(P²NK') instead of O(P³).
  var inverse: Matrix {
    switch form {
    case .dense(let factor):
      return factor.inverseFromCholeskyFactor()
    case .lowRank(let low):
      let (n, d, free) = (low.rowCount, low.featureCount, low.freeClassCount)
      let weightCount = free * d
      let rank = n * free
      let kept = low.keptIntercepts.count
      let size = weightCount + kept
      // V, row by row: Lvᵀ = (P_w⁻¹U_w)ᵀ's row.
      var v = [Double](repeating: 0, count: weightCount * rank)
      for a in 0..<free {
        for j in 0..<d {
          var row = [Double](repeating: 0, count: rank)
          for sample in 0..<n {
            let x = low.features[sample * d + j] / low.precisions[j]
            for t in 0..<free { row[sample * free + t] = x * low.b[(sample * free + a) * free + t] }
          }
          let solved = low.m.solveLowerTriangular(row)
          let base = (a * d + j) * rank
          for i in 0..<rank { v[base + i] = solved[i] }
        }
      }
      var result = Matrix(rows: size, columns: size)
      v.withUnsafeBufferPointer { vBuffer in
        result.values.withUnsafeMutableBufferPointer { out in
          BLAS.gemm(
            .none, .transposed, m: weightCount, n: weightCount, k: rank, alpha: -1, a: vBuffer,
            lda: rank, b: vBuffer, ldb: rank, beta: 0, c: out, ldc: size)
        }
      }
      for i in 0..<weightCount { result[i, i] += 1 / low.precisions[i % d] }
      // E's columns, then the terms in S⁻¹.
      let e = (0..<kept).map { column -> [Double] in
        var unit = [Double](repeating: 0, count: kept)
        unit[column] = 1
        let weights = low.rowsToWeights(Self.solve(low.m, low.interceptsToRows(unit)))
        return weights.indices.map { weights[$0] / low.precisions[$0 % d] }
      }
      let sInverse = low.s.inverseFromCholeskyFactor()
      for i in 0..<weightCount {
        // (E S⁻¹)[i, ·]
        let row = (0..<kept).map { c in (0..<kept).reduce(0) { $0 + e[$1][i] * sInverse[$1, c] } }
        for c in 0..<kept {
          result[i, weightCount + c] = -row[c]
          result[weightCount + c, i] = -row[c]
        }
        for j in 0..<weightCount {
          var sum = 0.0
          for c in 0..<kept { sum += row[c] * e[c][j] }
          result[i, j] += sum
        }
      }
      for i in 0..<kept {
        for j in 0..<kept { result[weightCount + i, weightCount + j] = sInverse[i, j] }
      }
      // Exactly symmetric despite the products' rounding.
      result.symmetrise()
      return result
    }
  }

  private static func logDeterminant(_ factor: Matrix) -> Double {
    var sum = 0.0
    for i in 0..<factor.rows { sum += 2 * log(factor[i, i]) }
    return sum
  }

  private static func solve(_ factor: Matrix, _ y: [Double]) -> [Double] {
    factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(y))
  }

  private static func lowRank(
    _ objective: SoftmaxObjective, _ theta: [Double], _ keptIntercepts: [Int]
  ) -> LowRank? {
    let n = objective.rowCount
    let d = objective.featureCount
    let free = objective.freeClassCount
    let rank = n * free
    let (_, probabilities) = objective.evaluate(theta)
    // X in the objective's coordinates.
    var x = [Double](repeating: 0, count: n * d)
    objective.forEachAugmentedBlock { start, rows, augmented in
      for row in 0..<rows {
        for j in 0..<d { x[(start + row) * d + j] = augmented[row * (d + 1) + j] }
      }
    }
    // Bₙ = √wₙ (diag(√q) - α q √qᵀ).
    var b = [Double](repeating: 0, count: rank * free)
    for row in 0..<n {
      let q = (0..<free).map {
        probabilities.values[row * objective.classCount + $0 + objective.firstFreeClass]
      }
      let root = q.map { $0.squareRoot() }
      let alpha = 1 / (1 + max(0, 1 - q.reduce(0, +)).squareRoot())
      let scale = objective.sampleWeights[row].squareRoot()
      for a in 0..<free {
        for t in 0..<free {
          let diagonal = a == t ? root[a] : 0
          b[(row * free + a) * free + t] = scale * (diagonal - alpha * q[a] * root[t])
        }
      }
    }
    // Kx = X Λ⁻¹ Xᵀ (N × N) and QQᵀ with Q[(n, t), a] = Bₙ[a, t] (N·K' square).
    let precisions = objective.featurePrecisions
    var scaled = x
    for row in 0..<n { for j in 0..<d { scaled[row * d + j] /= precisions[j] } }
    var gram = [Double](repeating: 0, count: n * n)
    x.withUnsafeBufferPointer { xBuffer in
      scaled.withUnsafeBufferPointer { scaledBuffer in
        gram.withUnsafeMutableBufferPointer { gramBuffer in
          BLAS.gemm(
            .none, .transposed, m: n, n: n, k: d, alpha: 1, a: xBuffer, lda: d, b: scaledBuffer,
            ldb: d, beta: 0, c: gramBuffer, ldc: n)
        }
      }
    }
    var q = [Double](repeating: 0, count: rank * free)
    for row in 0..<n {
      for a in 0..<free {
        for t in 0..<free { q[(row * free + t) * free + a] = b[(row * free + a) * free + t] }
      }
    }
    var m = Matrix(rows: rank, columns: rank)
    q.withUnsafeBufferPointer { qBuffer in
      m.values.withUnsafeMutableBufferPointer { mBuffer in
        BLAS.gemm(
          .none, .transposed, m: rank, n: rank, k: free, alpha: 1, a: qBuffer, lda: free,
          b: qBuffer, ldb: free, beta: 0, c: mBuffer, ldc: rank)
      }
    }
    for i in 0..<rank {
      for j in 0..<rank {
        m.values[i * rank + j] *= gram[(i / free) * n + j / free]
      }
      m.values[i * rank + i] += 1
    }
    guard let mFactor = m.choleskyFactor() else { return nil }
    var low = LowRank(
      rowCount: n, featureCount: d, freeClassCount: free, keptIntercepts: keptIntercepts,
      features: x, precisions: precisions, b: b, m: mFactor)
    // S = P_b + U_b M⁻¹ U_bᵀ, column by column.
    let kept = keptIntercepts.count
    var s = Matrix(rows: kept, columns: kept)
    for column in 0..<kept {
      var unit = [Double](repeating: 0, count: kept)
      unit[column] = 1
      let values = low.rowsToIntercepts(solve(mFactor, low.interceptsToRows(unit)))
      for row in 0..<kept { s[row, column] = values[row] }
      s[column, column] += objective.interceptPrecision
    }
    guard let sFactor = s.choleskyFactor() else { return nil }
    low.s = sFactor
    return low
  }
}

extension PosteriorCurvature.LowRank {
  /// U_wᵀ P_w⁻¹ v: [(n, t)] = Σₐ Bₙ[a, t] Σ_d x_nd v[a, d] / λ_d.
  func weightsToRows(_ v: [Double]) -> [Double] {
    let (n, d, free) = (rowCount, featureCount, freeClassCount)
    var result = [Double](repeating: 0, count: n * free)
    for row in 0..<n {
      for a in 0..<free {
        var y = 0.0
        for j in 0..<d { y += features[row * d + j] * v[a * d + j] / precisions[j] }
        for t in 0..<free { result[row * free + t] += b[(row * free + a) * free + t] * y }
      }
    }
    return result
  }

  /// Σₜ Bₙ[a, t] c[(n, t)] for every row and free class: (N × K').
  private func combined(_ c: [Double]) -> [Double] {
    let free = freeClassCount
    var result = [Double](repeating: 0, count: rowCount * free)
    for row in 0..<rowCount {
      for a in 0..<free {
        var sum = 0.0
        for t in 0..<free { sum += b[(row * free + a) * free + t] * c[row * free + t] }
        result[row * free + a] = sum
      }
    }
    return result
  }

  /// U_w c: [a, d] = Σₙ x_nd Σₜ Bₙ[a, t] c[(n, t)].
  func rowsToWeights(_ c: [Double]) -> [Double] {
    let (d, free) = (featureCount, freeClassCount)
    let mixed = combined(c)
    var result = [Double](repeating: 0, count: free * d)
    for row in 0..<rowCount {
      for a in 0..<free {
        let weight = mixed[row * free + a]
        for j in 0..<d { result[a * d + j] += weight * features[row * d + j] }
      }
    }
    return result
  }

  /// U_b c: [a] = Σₙ Σₜ Bₙ[a, t] c[(n, t)] for each kept intercept.
  func rowsToIntercepts(_ c: [Double]) -> [Double] {
    let free = freeClassCount
    let mixed = combined(c)
    return keptIntercepts.map { a in
      (0..<rowCount).reduce(0) { $0 + mixed[$1 * free + a] }
    }
  }

  /// U_bᵀ e: [(n, t)] = Σ_{a kept} Bₙ[a, t] e[a].
  func interceptsToRows(_ e: [Double]) -> [Double] {
    let free = freeClassCount
    var result = [Double](repeating: 0, count: rowCount * free)
    for row in 0..<rowCount {
      for (index, a) in keptIntercepts.enumerated() {
        for t in 0..<free { result[row * free + t] += b[(row * free + a) * free + t] * e[index] }
      }
    }
    return result
  }
}
