import Foundation
import ProbKitCore
import _Differentiation

// Vectorised forms: a whole data vector, or a vector of parameters, as ONE
// node on the autodiff tape, its pullback written out. A scalar loop of n
// terms records n nodes (and the subscripts that feed them); these record
// one. Each is the sum of the scalar form over the elements, -∞ as soon as
// one term is (or the counts differ).
extension LogDensities {
  // MARK: Normal, one location and scale

  /// Σᵢ log N(xᵢ | μ, σ²): a data vector (or a vector of parameters) with
  /// one location and scale.
  @inlinable
  public static func normal(_ x: [Double], location: Double, scale: Double) -> Double {
    normalSums(x, location, scale).value
  }

  /// The value, Σ zᵢ and Σ zᵢ² (z = (x - μ)/σ); -∞ for any invalid term.
  @inlinable
  static func normalSums(_ x: [Double], _ location: Double, _ scale: Double)
    -> (value: Double, sumZ: Double, sumZZ: Double)
  {
    guard location.isFinite, validScale(scale) else { return (-.infinity, 0, 0) }
    let inverse = 1 / scale
    var sumZ = 0.0
    var sumZZ = 0.0
    for value in x {
      let z = (value - location) * inverse
      sumZ += z
      sumZZ += z * z
    }
    // A NaN, ±∞ or overflowing term makes the sum of squares NaN or +∞.
    guard sumZZ.isFinite else { return (-.infinity, 0, 0) }
    let n = Double(x.count)
    return (-0.5 * sumZZ - n * (log(scale) + logSqrtTwoPi), sumZ, sumZZ)
  }

  @usableFromInline
  @derivative(of: normal(_:location:scale:), wrt: (location, scale))
  static func _vjpNormalData(_ x: [Double], location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let s = normalSums(x, location, scale)
    guard s.value > -.infinity else { return (s.value, { _ in (0, 0) }) }
    let n = Double(x.count)
    let dLocation = s.sumZ / scale
    let dScale = (s.sumZZ - n) / scale
    return (s.value, { v in (v * dLocation, v * dScale) })
  }

  @usableFromInline
  @derivative(of: normal(_:location:scale:), wrt: (x, location, scale))
  static func _vjpNormalVector(_ x: [Double], location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double, Double))
  {
    let s = normalSums(x, location, scale)
    guard s.value > -.infinity else {
      let zeros = [Double](repeating: 0, count: x.count)
      return (s.value, { _ in (.init(zeros), 0, 0) })
    }
    let n = Double(x.count)
    let dLocation = s.sumZ / scale
    let dScale = (s.sumZZ - n) / scale
    return (
      s.value,
      { v in
        let factor = -v / (scale * scale)
        return (.init(x.map { ($0 - location) * factor }), v * dLocation, v * dScale)
      }
    )
  }

  // MARK: Normal, a location and scale per element

  /// Σᵢ log N(xᵢ | μᵢ, σᵢ²): element-wise locations and scales (all three
  /// vectors of one count; -∞ otherwise).
  @inlinable
  public static func normal(_ x: [Double], location: [Double], scale: [Double]) -> Double {
    normalElementwise(x, location, scale).value
  }

  /// The value and each zᵢ/σᵢ (the partial with respect to μᵢ); empty
  /// partials for -∞.
  @inlinable
  static func normalElementwise(_ x: [Double], _ location: [Double], _ scale: [Double])
    -> (value: Double, dLocation: [Double])
  {
    guard x.count == location.count, x.count == scale.count else { return (-.infinity, []) }
    var value = 0.0
    var dLocation = [Double](repeating: 0, count: x.count)
    for i in x.indices {
      let p = normalWithPartials(x[i], location[i], scale[i])
      guard p.value > -.infinity else { return (-.infinity, []) }
      value += p.value
      dLocation[i] = p.dLocation
    }
    return (value, dLocation)
  }

  @usableFromInline
  @derivative(of: normal(_:location:scale:), wrt: (x, location, scale))
  static func _vjpNormalElementwise(_ x: [Double], location: [Double], scale: [Double])
    -> (
      value: Double,
      pullback: (Double) -> ([Double].TangentVector, [Double].TangentVector, [Double].TangentVector)
    )
  {
    let e = normalElementwise(x, location, scale)
    return (
      e.value,
      { v in
        guard !e.dLocation.isEmpty || x.isEmpty else {
          let zeros = [Double](repeating: 0, count: x.count)
          return (.init(zeros), .init(location.map { _ in 0 }), .init(scale.map { _ in 0 }))
        }
        var dx = [Double](repeating: 0, count: x.count)
        var dScale = dx
        for i in x.indices {
          let d = e.dLocation[i]
          dx[i] = -v * d
          dScale[i] = v * (d * (x[i] - location[i]) - 1) / scale[i]
        }
        return (.init(dx), .init(e.dLocation.map { v * $0 }), .init(dScale))
      }
    )
  }

  @usableFromInline
  @derivative(of: normal(_:location:scale:), wrt: location)
  static func _vjpNormalElementwiseLocation(
    _ x: [Double], location: [Double], scale: [Double]
  ) -> (value: Double, pullback: (Double) -> [Double].TangentVector) {
    let e = normalElementwise(x, location, scale)
    return (
      e.value,
      { v in
        e.dLocation.isEmpty && !x.isEmpty
          ? .init(location.map { _ in 0 }) : .init(e.dLocation.map { v * $0 })
      }
    )
  }

  // MARK: Poisson and Bernoulli with a vector of natural parameters

  /// Σᵢ log Poisson(kᵢ | e^{ηᵢ}): counts with a log rate each (a log-linear
  /// model's linear predictor).
  @inlinable
  public static func poisson(_ counts: [Int], logRates: [Double]) -> Double {
    poissonPartials(counts, logRates).value
  }

  @inlinable
  static func poissonPartials(_ counts: [Int], _ logRates: [Double])
    -> (value: Double, partials: [Double])
  {
    guard counts.count == logRates.count else { return (-.infinity, []) }
    var value = 0.0
    var partials = [Double](repeating: 0, count: counts.count)
    for i in counts.indices {
      let p = poissonWithPartial(counts[i], logRates[i])
      guard p.value > -.infinity else { return (-.infinity, []) }
      value += p.value
      partials[i] = p.dLogRate
    }
    return (value, partials)
  }

  @usableFromInline
  @derivative(of: poisson(_:logRates:))
  static func _vjpPoissonVector(_ counts: [Int], logRates: [Double])
    -> (value: Double, pullback: (Double) -> [Double].TangentVector)
  {
    let p = poissonPartials(counts, logRates)
    let partials = p.partials.isEmpty ? logRates.map { _ in 0 } : p.partials
    return (p.value, { v in .init(partials.map { v * $0 }) })
  }

  /// Σᵢ log Bernoulli(yᵢ | σ(ηᵢ)): outcomes in {0, 1} with a logit each (a
  /// logistic regression's linear predictor).
  @inlinable
  public static func bernoulli(_ outcomes: [Int], logits: [Double]) -> Double {
    bernoulliPartials(outcomes, logits).value
  }

  @inlinable
  static func bernoulliPartials(_ outcomes: [Int], _ logits: [Double])
    -> (value: Double, partials: [Double])
  {
    guard outcomes.count == logits.count else { return (-.infinity, []) }
    var value = 0.0
    var partials = [Double](repeating: 0, count: outcomes.count)
    for i in outcomes.indices {
      let p = bernoulliWithPartial(outcomes[i], logits[i])
      guard p.value > -.infinity else { return (-.infinity, []) }
      value += p.value
      partials[i] = p.dLogit
    }
    return (value, partials)
  }

  @usableFromInline
  @derivative(of: bernoulli(_:logits:))
  static func _vjpBernoulliVector(_ outcomes: [Int], logits: [Double])
    -> (value: Double, pullback: (Double) -> [Double].TangentVector)
  {
    let p = bernoulliPartials(outcomes, logits)
    let partials = p.partials.isEmpty ? logits.map { _ in 0 } : p.partials
    return (p.value, { v in .init(partials.map { v * $0 }) })
  }
}
