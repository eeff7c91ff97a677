import Foundation
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
  let design: DesignMatrix
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
  /// K', the classes with free parameters.
  var freeClassCount: Int { reference ? classCount - 1 : classCount }
  var firstFreeClass: Int { reference ? 1 : 0 }
  /// The length of θ.
  var parameterCount: Int { freeClassCount * (featureCount + 1) }

  /// Full K × D weights and K intercepts from θ.
  func unpack(_ theta: [Double]) -> (weights: [Double], intercepts: [Double]) {
    let d = featureCount
    var weights = [Double](repeating: 0, count: classCount * d)
    var intercepts = [Double](repeating: 0, count: classCount)
    for free in 0..<freeClassCount {
      let k = free + firstFreeClass
      for j in 0..<d { weights[k * d + j] = theta[free * d + j] }
      intercepts[k] = theta[freeClassCount * d + free]
    }
    return (weights, intercepts)
  }

  /// The class probabilities P (N × K), the objective, and the weighted
  /// residuals R = diag(w)(P - Y).
  func evaluate(_ theta: [Double]) -> (value: Double, probabilities: Matrix, residuals: Matrix) {
    let (weights, intercepts) = unpack(theta)
    var eta = design.logits(weights: weights, intercepts: intercepts, classCount: classCount)
    var residuals = Matrix(rows: rowCount, columns: classCount)
    var loss = 0.0
    let k = classCount
    eta.values.withUnsafeMutableBufferPointer { z in
      residuals.values.withUnsafeMutableBufferPointer { r in
        for n in 0..<rowCount {
          let base = n * k
          var largest = -Double.infinity
          for j in 0..<k { largest = max(largest, z[base + j]) }
          let y = labels[n]
          let shifted = z[base + y] - largest
          var total = 0.0
          for j in 0..<k {
            let e = exp(z[base + j] - largest)
            z[base + j] = e
            total += e
          }
          let w = sampleWeights[n]
          // -log p_y = log Σ exp(z - max) - (z_y - max), kept in log space.
          loss += w * (log(total) - shifted)
          let inverse = 1 / total
          for j in 0..<k {
            let p = z[base + j] * inverse
            z[base + j] = p
            r[base + j] = w * (j == y ? p - 1 : p)
          }
        }
      }
    }
    return (loss + penalty(theta), eta, residuals)
  }

  /// f(θ).
  func value(_ theta: [Double]) -> Double { evaluate(theta).value }

  /// f(θ) and ∇f(θ), by two matrix products.
  func valueAndGradient(_ theta: [Double]) -> (Double, [Double]) {
    let (value, _, residuals) = evaluate(theta)
    return (value, gradient(theta, residuals: residuals))
  }

  /// ∇f from the residuals: Rᵀ X for the weights, column sums for the
  /// intercepts, plus the prior's λθ.
  func gradient(_ theta: [Double], residuals: Matrix) -> [Double] {
    let d = featureCount
    let weightGradient = Matrix.product(residuals, design.matrix, transposeA: .transposed)
    var g = [Double](repeating: 0, count: parameterCount)
    for free in 0..<freeClassCount {
      let k = free + firstFreeClass
      for j in 0..<d {
        g[free * d + j] =
          weightGradient.values[k * d + j] + featurePrecisions[j] * theta[free * d + j]
      }
      var sum = 0.0
      for n in 0..<rowCount { sum += residuals.values[n * classCount + k] }
      let index = freeClassCount * d + free
      g[index] = sum + interceptPrecision * theta[index]
    }
    return g
  }

  /// The Hessian, P × P with P = K'(D + 1), in θ's layout:
  /// Σₙ wₙ pₙₖ(δₖₗ - pₙₗ) x̃ₙx̃ₙᵀ for each pair of free classes (x̃ = (x, 1)),
  /// plus the prior's precisions on the diagonal.
  func hessian(_ theta: [Double]) -> Matrix {
    let (_, probabilities, _) = evaluate(theta)
    let d = featureCount
    let width = d + 1
    let size = parameterCount
    // X̃ = [X 1], N × (D + 1).
    var augmented = Matrix(rows: rowCount, columns: width)
    for n in 0..<rowCount {
      for j in 0..<d { augmented.values[n * width + j] = design.matrix.values[n * d + j] }
      augmented.values[n * width + d] = 1
    }
    var result = Matrix(rows: size, columns: size)
    var scaled = augmented
    for a in 0..<freeClassCount {
      let k = a + firstFreeClass
      for b in a..<freeClassCount {
        let l = b + firstFreeClass
        for n in 0..<rowCount {
          let pk = probabilities.values[n * classCount + k]
          let pl = probabilities.values[n * classCount + l]
          let c = sampleWeights[n] * pk * ((k == l ? 1 : 0) - pl)
          for j in 0..<width { scaled.values[n * width + j] = c * augmented.values[n * width + j] }
        }
        let block = Matrix.product(augmented, scaled, transposeA: .transposed)
        for i in 0..<width {
          for j in 0..<width {
            let row = index(free: a, column: i)
            let column = index(free: b, column: j)
            result.values[row * size + column] = block.values[i * width + j]
            result.values[column * size + row] = block.values[i * width + j]
          }
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

  /// θ's index of free class `free`, column `column` (D is the intercept).
  func index(free: Int, column: Int) -> Int {
    column == featureCount ? freeClassCount * featureCount + free : free * featureCount + column
  }
}
