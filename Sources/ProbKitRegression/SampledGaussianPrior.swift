import Foundation

/// The Gaussian prior of a sampled regression posterior, wⱼ ~ N(0, σ²/λⱼ)
/// (λ the precisions at σ = 1), in the sampler's coordinates: the weights'
/// slots x and, under a hyperprior, u = log σ.
///
/// Centred (and without a hyperprior, σ = 1): w = x, and
/// log p = −½ Σ λⱼσ⁻²xⱼ² − (D − 1)u + log p(σ).
/// Non-centred: wⱼ = σxⱼ/√λⱼ, and log p = −½ Σ xⱼ² + log p(σ) + u; the
/// likelihood's gradient reaches x and u by the chain rule.
struct SampledGaussianPrior: Sendable {
  let unitPrecisions: [Double]
  let hyperprior: ScaleHyperprior?

  private var nonCentred: Bool { hyperprior?.parameterisation == .nonCentred }

  /// The weights of the sampled point.
  func weights(_ x: UnsafeBufferPointer<Double>, logScale u: Double) -> [Double] {
    guard nonCentred else { return Array(x) }
    let sigma = exp(u)
    return (0..<x.count).map { sigma * x[$0] / unitPrecisions[$0].squareRoot() }
  }

  /// The sampled coordinates of `weights`.
  func coordinates(_ weights: [Double], logScale u: Double) -> [Double] {
    guard nonCentred else { return weights }
    let sigma = exp(u)
    return (0..<weights.count).map { weights[$0] * unitPrecisions[$0].squareRoot() / sigma }
  }

  /// Turns ∂ℓ/∂w, in `gradient`, into ∂ log p/∂x there, and returns the
  /// prior's log density (with the log-Jacobian) and ∂ log p/∂u (0 without a
  /// hyperprior).
  func apply(
    _ x: UnsafeBufferPointer<Double>, weights w: [Double], logScale u: Double,
    gradient: UnsafeMutableBufferPointer<Double>
  ) -> (value: Double, logScaleDerivative: Double) {
    let hyper = hyperprior?.logDensity(logScale: u) ?? (value: 0, derivative: 0)
    if nonCentred {
      let sigma = exp(u)
      var squares = 0.0
      var scaleDerivative = 0.0
      for j in 0..<x.count {
        scaleDerivative += gradient[j] * w[j]
        gradient[j] = gradient[j] * sigma / unitPrecisions[j].squareRoot() - x[j]
        squares += x[j] * x[j]
      }
      return (-squares / 2 + hyper.value + u, scaleDerivative + hyper.derivative + 1)
    }
    let inverseVariance = hyperprior == nil ? 1 : exp(-2 * u)
    var penalty = 0.0
    for j in 0..<x.count {
      let precision = unitPrecisions[j] * inverseVariance
      penalty += precision * x[j] * x[j]
      gradient[j] -= precision * x[j]
    }
    guard hyperprior != nil else { return (-penalty / 2, 0) }
    // − D log σ (the normalising constants), + log σ (the Jacobian of σ = e^u).
    let degrees = Double(x.count - 1)
    return (-penalty / 2 + hyper.value - degrees * u, penalty + hyper.derivative - degrees)
  }
}
