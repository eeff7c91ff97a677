import Foundation
import ProbKitCore
import _Differentiation

// The remaining continuous families over a vector with one set of
// parameters, as in LogDensities+VectorisedData.swift.
extension LogDensities {
  /// Σᵢ log half-normal(xᵢ | σ).
  @inlinable
  public static func halfNormal(_ x: [Double], scale: Double) -> Double {
    halfNormalSummed(x, scale, keepingX: false).value
  }

  @inlinable
  static func halfNormalSummed(_ x: [Double], _ scale: Double, keepingX: Bool)
    -> (value: Double, dx: [Double], dParameters: SIMD4<Double>)
  {
    summed(x, keepingX: keepingX) {
      let p = halfNormalWithPartials($0, scale)
      return (p.value, p.dx, [p.dScale, 0, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: halfNormal(_:scale:), wrt: scale)
  static func _vjpHalfNormalData(_ x: [Double], scale: Double)
    -> (value: Double, pullback: (Double) -> Double)
  {
    let s = halfNormalSummed(x, scale, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in v * d[0] })
  }

  @usableFromInline
  @derivative(of: halfNormal(_:scale:), wrt: (x, scale))
  static func _vjpHalfNormalVector(_ x: [Double], scale: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double))
  {
    let s = halfNormalSummed(x, scale, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0]) })
  }

  /// Σᵢ log half-Cauchy(xᵢ | σ).
  @inlinable
  public static func halfCauchy(_ x: [Double], scale: Double) -> Double {
    halfCauchySummed(x, scale, keepingX: false).value
  }

  @inlinable
  static func halfCauchySummed(_ x: [Double], _ scale: Double, keepingX: Bool)
    -> (value: Double, dx: [Double], dParameters: SIMD4<Double>)
  {
    summed(x, keepingX: keepingX) {
      let p = halfCauchyWithPartials($0, scale)
      return (p.value, p.dx, [p.dScale, 0, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: halfCauchy(_:scale:), wrt: scale)
  static func _vjpHalfCauchyData(_ x: [Double], scale: Double)
    -> (value: Double, pullback: (Double) -> Double)
  {
    let s = halfCauchySummed(x, scale, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in v * d[0] })
  }

  @usableFromInline
  @derivative(of: halfCauchy(_:scale:), wrt: (x, scale))
  static func _vjpHalfCauchyVector(_ x: [Double], scale: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double))
  {
    let s = halfCauchySummed(x, scale, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0]) })
  }

  /// Σᵢ log LogNormal(xᵢ | μ, σ).
  @inlinable
  public static func logNormal(_ x: [Double], location: Double, scale: Double) -> Double {
    logNormalSummed(x, location, scale, keepingX: false).value
  }

  @inlinable
  static func logNormalSummed(_ x: [Double], _ location: Double, _ scale: Double, keepingX: Bool)
    -> (value: Double, dx: [Double], dParameters: SIMD4<Double>)
  {
    summed(x, keepingX: keepingX) {
      let p = logNormalWithPartials($0, location, scale)
      return (p.value, p.dx, [p.dLocation, p.dScale, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: logNormal(_:location:scale:), wrt: (location, scale))
  static func _vjpLogNormalData(_ x: [Double], location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let s = logNormalSummed(x, location, scale, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in (v * d[0], v * d[1]) })
  }

  @usableFromInline
  @derivative(of: logNormal(_:location:scale:), wrt: (x, location, scale))
  static func _vjpLogNormalVector(_ x: [Double], location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double, Double))
  {
    let s = logNormalSummed(x, location, scale, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0], v * d[1]) })
  }

  /// Σᵢ log InverseGamma(xᵢ | α, β) (shape α, scale β).
  @inlinable
  public static func inverseGamma(_ x: [Double], shape: Double, scale: Double) -> Double {
    inverseGammaSummed(x, shape, scale, keepingX: false).value
  }

  @inlinable
  static func inverseGammaSummed(_ x: [Double], _ shape: Double, _ scale: Double, keepingX: Bool)
    -> (value: Double, dx: [Double], dParameters: SIMD4<Double>)
  {
    summed(x, keepingX: keepingX) {
      let p = inverseGammaWithPartials($0, shape, scale)
      return (p.value, p.dx, [p.dShape, p.dScale, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: inverseGamma(_:shape:scale:), wrt: (shape, scale))
  static func _vjpInverseGammaData(_ x: [Double], shape: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let s = inverseGammaSummed(x, shape, scale, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in (v * d[0], v * d[1]) })
  }

  @usableFromInline
  @derivative(of: inverseGamma(_:shape:scale:), wrt: (x, shape, scale))
  static func _vjpInverseGammaVector(_ x: [Double], shape: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double, Double))
  {
    let s = inverseGammaSummed(x, shape, scale, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0], v * d[1]) })
  }

  /// Σᵢ log Beta(xᵢ | α, β).
  @inlinable
  public static func beta(_ x: [Double], alpha: Double, beta: Double) -> Double {
    betaSummed(x, alpha, beta, keepingX: false).value
  }

  @inlinable
  static func betaSummed(_ x: [Double], _ alpha: Double, _ beta: Double, keepingX: Bool)
    -> (value: Double, dx: [Double], dParameters: SIMD4<Double>)
  {
    summed(x, keepingX: keepingX) {
      let p = betaWithPartials($0, alpha, beta)
      return (p.value, p.dx, [p.dAlpha, p.dBeta, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: beta(_:alpha:beta:), wrt: (alpha, beta))
  static func _vjpBetaData(_ x: [Double], alpha: Double, beta: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let s = betaSummed(x, alpha, beta, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in (v * d[0], v * d[1]) })
  }

  @usableFromInline
  @derivative(of: beta(_:alpha:beta:), wrt: (x, alpha, beta))
  static func _vjpBetaVector(_ x: [Double], alpha: Double, beta: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double, Double))
  {
    let s = betaSummed(x, alpha, beta, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0], v * d[1]) })
  }

  // MARK: Binomial and categorical over many observations

  /// Σᵢ log Binomial(kᵢ | nᵢ, σ(ηᵢ)): counts of successes in `trials` with
  /// a logit each (all three of one count; -∞ otherwise).
  @inlinable
  public static func binomial(_ counts: [Int], trials: [Int], logits: [Double]) -> Double {
    binomialPartials(counts, trials, logits).value
  }

  @inlinable
  static func binomialPartials(_ counts: [Int], _ trials: [Int], _ logits: [Double])
    -> (value: Double, partials: [Double])
  {
    let zeros = [Double](repeating: 0, count: logits.count)
    guard counts.count == logits.count, trials.count == logits.count else {
      return (-.infinity, zeros)
    }
    var value = 0.0
    var partials = zeros
    for i in counts.indices {
      let p = binomialWithPartial(counts[i], trials[i], logits[i])
      guard p.value > -.infinity else { return (-.infinity, zeros) }
      value += p.value
      partials[i] = p.dLogit
    }
    return (value, partials)
  }

  @usableFromInline
  @derivative(of: binomial(_:trials:logits:))
  static func _vjpBinomialVector(_ counts: [Int], trials: [Int], logits: [Double])
    -> (value: Double, pullback: (Double) -> [Double].TangentVector)
  {
    let p = binomialPartials(counts, trials, logits)
    return (p.value, { v in .init(p.partials.map { v * $0 }) })
  }

  /// Σᵢ log Categorical(kᵢ | softmax(logits)): many observations of one
  /// categorical, Σᵢ logits[kᵢ] - n log Σⱼ e^{logitsⱼ}.
  @inlinable
  public static func categorical(_ observations: [Int], logits: [Double]) -> Double {
    categoricalCounts(observations, logits).value
  }

  /// The value and each category's count (empty for -∞).
  @inlinable
  static func categoricalCounts(_ observations: [Int], _ logits: [Double])
    -> (value: Double, counts: [Double])
  {
    guard !logits.contains(where: { $0.isNaN || $0 == .infinity }) else { return (-.infinity, []) }
    var counts = [Double](repeating: 0, count: logits.count)
    var value = 0.0
    for k in observations {
      guard logits.indices.contains(k) else { return (-.infinity, []) }
      counts[k] += 1
      value += logits[k]
    }
    if !observations.isEmpty {
      value -= Double(observations.count) * SpecialFunctions.logSumExp(logits)
    }
    guard value > -.infinity, !value.isNaN else { return (-.infinity, []) }
    return (value, counts)
  }

  @usableFromInline
  @derivative(of: categorical(_:logits:))
  static func _vjpCategoricalVector(_ observations: [Int], logits: [Double])
    -> (value: Double, pullback: (Double) -> [Double].TangentVector)
  {
    let c = categoricalCounts(observations, logits)
    var partials = [Double](repeating: 0, count: logits.count)
    if !c.counts.isEmpty, !observations.isEmpty {
      let n = Double(observations.count)
      let probabilities = SpecialFunctions.softmax(logits)
      for j in partials.indices { partials[j] = c.counts[j] - n * probabilities[j] }
    }
    return (c.value, { v in .init(partials.map { v * $0 }) })
  }
}
