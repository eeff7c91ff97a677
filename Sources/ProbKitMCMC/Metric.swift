import Foundation
import ProbKitCore

/// The shape of the mass matrix M in HMC's kinetic energy K(p) = ½ pᵀM⁻¹p,
/// which warmup adapts to the posterior's scales.
public enum MetricKind: String, Sendable, Codable, CaseIterable {
  /// M = I, never adapted.
  case unit
  /// M⁻¹ diagonal: each parameter's posterior variance (Stan's default,
  /// `diag_e`).
  case diagonal
  /// M⁻¹ dense: the posterior covariance (Stan's `dense_e`); O(n²) per
  /// leapfrog step, for strongly correlated posteriors of modest dimension.
  case dense
}

/// The Euclidean metric of one chain: M⁻¹ (diagonal or dense), with what a
/// leapfrog step and a momentum refresh need of it.
///
/// Velocity v = M⁻¹p, kinetic energy ½ pᵀv, and a momentum p ~ N(0, M)
/// drawn as p = L⁻ᵀz with M⁻¹ = LLᵀ (z/√(M⁻¹ᵢᵢ) for a diagonal metric).
struct Metric {
  let kind: MetricKind
  /// The diagonal of M⁻¹ (diagonal and unit kinds).
  private(set) var inverseDiagonal: [Double]
  /// M⁻¹, row-major (dense kind).
  private(set) var inverse: Matrix
  /// The lower Cholesky factor L of M⁻¹ (dense kind).
  private var factor: Matrix

  /// The unit metric of the given kind, M = I.
  init(kind: MetricKind, dimension n: Int) {
    self.kind = kind
    inverseDiagonal = [Double](repeating: 1, count: n)
    var identity = Matrix(rows: kind == .dense ? n : 0, columns: kind == .dense ? n : 0)
    for i in 0..<identity.rows { identity[i, i] = 1 }
    inverse = identity
    factor = identity
  }

  /// Sets M⁻¹ to a diagonal variance estimate.
  mutating func setInverse(diagonal: [Double]) {
    inverseDiagonal = diagonal
  }

  /// Sets M⁻¹ to a covariance estimate; returns false (and keeps the old
  /// metric) when it is not numerically positive definite.
  mutating func setInverse(dense: Matrix) -> Bool {
    guard let cholesky = dense.choleskyFactor() else { return false }
    inverse = dense
    factor = cholesky
    return true
  }

  /// v = M⁻¹p.
  func velocity(_ p: UnsafePointer<Double>, into v: UnsafeMutablePointer<Double>, count n: Int) {
    if kind == .dense {
      inverse.values.withUnsafeBufferPointer { a in
        for i in 0..<n {
          var sum = 0.0
          for j in 0..<n { sum += a[i * n + j] * p[j] }
          v[i] = sum
        }
      }
    } else {
      inverseDiagonal.withUnsafeBufferPointer { d in
        for i in 0..<n { v[i] = d[i] * p[i] }
      }
    }
  }

  /// K(p) = ½ pᵀM⁻¹p.
  func kineticEnergy(_ p: UnsafePointer<Double>, count n: Int) -> Double {
    var sum = 0.0
    if kind == .dense {
      inverse.values.withUnsafeBufferPointer { a in
        for i in 0..<n {
          var row = 0.0
          for j in 0..<n { row += a[i * n + j] * p[j] }
          sum += p[i] * row
        }
      }
    } else {
      inverseDiagonal.withUnsafeBufferPointer { d in
        for i in 0..<n { sum += d[i] * p[i] * p[i] }
      }
    }
    return 0.5 * sum
  }

  /// Draws p ~ N(0, M) into `p`.
  func sampleMomentum(
    into p: UnsafeMutablePointer<Double>, count n: Int, using random: RandomSource
  ) {
    for i in 0..<n { p[i] = random.nextStandardNormal() }
    if kind == .dense {
      // Solve Lᵀp = z by back substitution: p = L⁻ᵀz.
      factor.values.withUnsafeBufferPointer { l in
        for i in stride(from: n - 1, through: 0, by: -1) {
          var sum = p[i]
          for k in (i + 1)..<n { sum -= l[k * n + i] * p[k] }
          p[i] = sum / l[i * n + i]
        }
      }
    } else {
      inverseDiagonal.withUnsafeBufferPointer { d in
        for i in 0..<n { p[i] /= d[i].squareRoot() }
      }
    }
  }
}
