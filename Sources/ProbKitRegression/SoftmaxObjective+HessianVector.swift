import Foundation
import GSLBridge
import ProbKitCore

extension SoftmaxObjective {
  /// The class probabilities at θ and the Hessian's diagonal there.
  ///
  /// The probabilities (N × K, row-major) are what Hessian-vector products at
  /// θ need; the diagonal is
  /// Σₙ wₙ pₙₖ(1 - pₙₖ) x²ₙ_d + λ_d for the weights and Σₙ wₙ pₙₖ(1 - pₙₖ) + λ_b
  /// for the intercepts (the Jacobi preconditioner of the conjugate-gradient
  /// steps). One pass over X in blocks, with BLAS products.
  func curvature(_ theta: [Double]) -> (probabilities: [Double], diagonal: [Double]) {
    let (weights, intercepts) = rawParameters(theta)
    let d = featureCount
    let k = classCount
    let n = rowCount
    let blockRows = min(Self.blockRows, max(n, 1))
    var p = [Double](repeating: 0, count: n * k)
    var weightDiagonal = [Double](repeating: 0, count: k * d)
    var interceptDiagonal = [Double](repeating: 0, count: k)
    var squares = [Double](repeating: 0, count: blockRows * d)
    var scaled = [Double](repeating: 0, count: blockRows * k)
    design.matrix.values.withUnsafeBufferPointer { x in
      weights.withUnsafeBufferPointer { w in
        p.withUnsafeMutableBufferPointer { probabilities in
          var start = 0
          while start < n {
            let rows = min(blockRows, n - start)
            let xBlock = UnsafeBufferPointer(rebasing: x[(start * d)..<((start + rows) * d)])
            let pBlock = UnsafeMutableBufferPointer(
              rebasing: probabilities[(start * k)..<((start + rows) * k)])
            BLAS.gemm(
              .none, .transposed, m: rows, n: k, k: d, alpha: 1, a: xBlock, lda: d, b: w,
              ldb: d, beta: 0, c: pBlock, ldc: k)
            for row in 0..<rows {
              let base = row * k
              var largest = -Double.infinity
              for j in 0..<k {
                pBlock[base + j] += intercepts[j]
                largest = max(largest, pBlock[base + j])
              }
              var total = 0.0
              for j in 0..<k {
                let e = exp(pBlock[base + j] - largest)
                pBlock[base + j] = e
                total += e
              }
              let weight = sampleWeights[start + row]
              for j in 0..<k {
                let q = pBlock[base + j] / total
                pBlock[base + j] = q
                let c = weight * q * (1 - q)
                scaled[base + j] = c
                interceptDiagonal[j] += c
              }
              for j in 0..<d {
                let value = standardization.standardised(xBlock[row * d + j], feature: j)
                squares[row * d + j] = value * value
              }
            }
            squares.withUnsafeBufferPointer { s in
              scaled.withUnsafeBufferPointer { c in
                weightDiagonal.withUnsafeMutableBufferPointer { diagonal in
                  BLAS.gemm(
                    .transposed, .none, m: k, n: d, k: rows, alpha: 1,
                    a: UnsafeBufferPointer(rebasing: c[0..<(rows * k)]), lda: k,
                    b: UnsafeBufferPointer(rebasing: s[0..<(rows * d)]), ldb: d, beta: 1,
                    c: diagonal, ldc: d)
                }
              }
            }
            start += rows
          }
        }
      }
    }
    let diagonal = layout.gather(
      weights: weightDiagonal, intercepts: interceptDiagonal, featurePrecisions: featurePrecisions,
      interceptPrecision: interceptPrecision, scaling: nil)
    return (p, diagonal)
  }

  /// H·v at the θ whose probabilities are `p`, without forming H.
  ///
  /// With A = X Vᵀ + 1cᵀ (V, c the weight and intercept parts of v) and
  /// Sₙ = wₙ(pₙ ∘ aₙ - pₙ(pₙ·aₙ)), H·v = (SᵀX, Sᵀ1) + λ ∘ v. Two matrix products
  /// per block of rows, like the gradient.
  func hessianVectorProduct(_ v: [Double], probabilities p: [Double]) -> [Double] {
    let k = classCount
    let (standardDirections, standardInterceptDirections) = unpack(v)
    let (directions, interceptDirections) = standardization.original(
      weights: standardDirections, intercepts: standardInterceptDirections, classCount: k)
    var interceptProduct = [Double](repeating: 0, count: k)
    let rawProduct = blockedProducts(directions, accumulate: true) { start, rows, a in
      for row in 0..<rows {
        let base = row * k
        let pBase = (start + row) * k
        var inner = 0.0
        for j in 0..<k {
          a[base + j] += interceptDirections[j]
          inner += p[pBase + j] * a[base + j]
        }
        let weight = sampleWeights[start + row]
        for j in 0..<k {
          let s = weight * p[pBase + j] * (a[base + j] - inner)
          a[base + j] = s
          interceptProduct[j] += s
        }
      }
    }
    let weightProduct = standardization.standardisedProduct(
      rawProduct, sums: interceptProduct, classCount: k)
    return layout.gather(
      weights: weightProduct, intercepts: interceptProduct, featurePrecisions: featurePrecisions,
      interceptPrecision: interceptPrecision, scaling: v)
  }
}

/// Trust-region Newton with preconditioned conjugate gradients.
///
/// Steihaug's method, as in LIBLINEAR's TRON (Lin, Weng and Keerthi 2008): each iteration
/// solves H·s = -g approximately inside a trust region using only
/// Hessian-vector products, then accepts or rejects the step by the ratio of
/// actual to predicted decrease. Converges superlinearly where L-BFGS crawls
/// (ill-conditioned, nearly separable problems) at the cost of a gradient per
/// CG step.
func minimizeTrustRegionNewton(
  _ objective: SoftmaxObjective, start: [Double], rule: StoppingRule
) -> OptimizationResult {
  let eta0 = 1e-4
  let eta1 = 0.25
  let eta2 = 0.75
  let sigma1 = 0.25
  let sigma3 = 4.0
  var theta = start
  var (value, gradient) = objective.valueAndGradient(theta)
  var result = OptimizationResult(start: theta, value: value, gradient: gradient)
  var radius = dot(gradient, gradient).squareRoot()
  var quietIterations = 0
  while result.iterations < rule.maximumIterations {
    rule.report(result.iterations, value, gradient)
    if rule.gradientSmall(gradient, value) {
      result.converged = true
      break
    }
    let (p, rawDiagonal) = objective.curvature(theta)
    let diagonal = rawDiagonal.map { max($0, 1e-300) }
    // Preconditioned Steihaug CG on H s = -g, in the metric of the diagonal M.
    let size = theta.count
    var step = [Double](repeating: 0, count: size)
    var residual = gradient.map { -$0 }
    var preconditioned = (0..<size).map { residual[$0] / diagonal[$0] }
    var direction = preconditioned
    var rz = dot(residual, preconditioned)
    let tolerance = 0.1 * dot(gradient, gradient).squareRoot()
    var hitBoundary = false
    var cgSteps = 0
    func metricNorm(_ vector: [Double]) -> Double {
      var sum = 0.0
      for i in 0..<size { sum += diagonal[i] * vector[i] * vector[i] }
      return sum.squareRoot()
    }
    while cgSteps < 250 {
      if dot(residual, residual).squareRoot() <= tolerance { break }
      cgSteps += 1
      let hd = objective.hessianVectorProduct(direction, probabilities: p)
      result.gradientEvaluations += 1
      let curvature = dot(direction, hd)
      var alpha = rz / curvature
      var next = axpy(alpha, direction, step)
      if curvature <= 0 || metricNorm(next) > radius {
        // Go to the trust region's boundary along the direction.
        var ss = 0.0
        var sd = 0.0
        var dd = 0.0
        for i in 0..<size {
          ss += diagonal[i] * step[i] * step[i]
          sd += diagonal[i] * step[i] * direction[i]
          dd += diagonal[i] * direction[i] * direction[i]
        }
        let discriminant = max(sd * sd + dd * (radius * radius - ss), 0)
        alpha =
          sd >= 0
          ? (radius * radius - ss) / (sd + discriminant.squareRoot())
          : (discriminant.squareRoot() - sd) / dd
        next = axpy(alpha, direction, step)
        residual = axpy(-alpha, hd, residual)
        step = next
        hitBoundary = true
        break
      }
      step = next
      residual = axpy(-alpha, hd, residual)
      preconditioned = (0..<size).map { residual[$0] / diagonal[$0] }
      let rzNext = dot(residual, preconditioned)
      let beta = rzNext / rz
      rz = rzNext
      direction = axpy(beta, direction, preconditioned)
    }
    // Predicted decrease of the quadratic model: -(gᵀs + ½ sᵀHs), with
    // Hs = r_final + g... computed from the residual: r = -g - Hs.
    var gs = 0.0
    var sHs = 0.0
    for i in 0..<size {
      gs += gradient[i] * step[i]
      sHs += step[i] * (-residual[i] - gradient[i])
    }
    let predicted = -(gs + 0.5 * sHs)
    let candidate = axpy(1, step, theta)
    let (candidateValue, candidateGradient) = objective.valueAndGradient(candidate)
    result.functionEvaluations += 1
    result.gradientEvaluations += 1
    let actual = value - candidateValue
    let stepNorm = metricNorm(step)
    if result.iterations == 0 { radius = min(radius, stepNorm) }
    // Radius update (TRON's rules, simplified to the three ratio bands). Near
    // the optimum the decreases fall below f's rounding: a step that changes
    // f by no more than that and shrinks the gradient counts as a full
    // success.
    let noise = 1e-13 * max(1, abs(value))
    let withinNoise =
      candidateValue.isFinite && actual > -noise && abs(predicted) <= noise
      && dot(candidateGradient, candidateGradient) < dot(gradient, gradient)
    let ratio = withinNoise ? 1 : (predicted > 0 ? actual / predicted : -1)
    if !candidateValue.isFinite || ratio < eta0 {
      radius = sigma1 * min(stepNorm, radius)
    } else if ratio < eta1 {
      radius = max(sigma1 * radius, min(0.5 * stepNorm, radius))
    } else if ratio > eta2 && hitBoundary {
      radius = min(sigma3 * radius, max(radius, sigma3 * stepNorm))
    }
    result.iterations += 1
    if candidateValue.isFinite && ratio > eta0 {
      theta = candidate
      value = candidateValue
      gradient = candidateGradient
      if rule.stalled(change: actual, value: value, quiet: &quietIterations) {
        result.converged = true
        break
      }
    } else if radius <= 1e-15 * max(1, metricNorm(theta)) {
      break
    }
  }
  result.finish(theta: theta, value: value, gradient: gradient, rule: rule)
  return result
}
