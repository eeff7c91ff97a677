/// Where each softmax-regression parameter sits in the optimiser's vector θ.
///
/// ```
/// θ = [W′ (K′ × D, row-major), b′ (K′)],   K′ = K - 1 when class 0 is the reference, else K
/// ```
///
/// The free classes are 1..<K when class 0 is the reference (its weights and
/// intercept fixed at zero), all K otherwise. Every pack and unpack of θ goes
/// through here.
struct SoftmaxParameterLayout: Equatable, Sendable {
  /// K.
  let classCount: Int
  /// D.
  let featureCount: Int
  /// Whether class 0 is fixed at zero.
  let reference: Bool

  /// K′, the classes with free parameters.
  var freeClassCount: Int { reference ? classCount - 1 : classCount }
  /// The class of free slot 0.
  var firstFreeClass: Int { reference ? 1 : 0 }
  /// The length of θ, K′(D + 1).
  var count: Int { freeClassCount * (featureCount + 1) }

  /// θ's index of free class `free`'s weight on feature `j`.
  func weightIndex(free: Int, feature j: Int) -> Int { free * featureCount + j }
  /// θ's index of free class `free`'s intercept.
  func interceptIndex(free: Int) -> Int { freeClassCount * featureCount + free }

  /// θ from all K classes' weights (K × D, row-major) and intercepts, each
  /// taken relative to class 0 when it is the reference.
  func pack(weights: [Double], intercepts: [Double]) -> [Double] {
    let d = featureCount
    var theta = [Double](repeating: 0, count: count)
    for free in 0..<freeClassCount {
      let k = free + firstFreeClass
      for j in 0..<d {
        let relative = weights[k * d + j] - (reference ? weights[j] : 0)
        theta[weightIndex(free: free, feature: j)] = relative
      }
      theta[interceptIndex(free: free)] = intercepts[k] - (reference ? intercepts[0] : 0)
    }
    return theta
  }

  /// All K classes' weights (K × D) and intercepts from θ (class 0 zero when
  /// it is the reference).
  func unpack(_ theta: [Double]) -> (weights: [Double], intercepts: [Double]) {
    let d = featureCount
    var weights = [Double](repeating: 0, count: classCount * d)
    var intercepts = [Double](repeating: 0, count: classCount)
    for free in 0..<freeClassCount {
      let k = free + firstFreeClass
      for j in 0..<d { weights[k * d + j] = theta[weightIndex(free: free, feature: j)] }
      intercepts[k] = theta[interceptIndex(free: free)]
    }
    return (weights, intercepts)
  }

  /// A θ-shaped vector from the free classes' per-class terms, plus the
  /// prior's diagonal.
  ///
  /// The terms are K × D for the weights and K for the intercepts; the
  /// prior adds λ_d sᵢ to weights and λ_b sᵢ to intercepts, s = `scaling`
  /// (all ones when `nil`). The gradient (s = θ), the Hessian's diagonal
  /// (s = 1) and H·v (s = v) have this form.
  func gather(
    weights: [Double], intercepts: [Double], featurePrecisions: [Double],
    interceptPrecision: Double, scaling: [Double]?
  ) -> [Double] {
    let d = featureCount
    var result = [Double](repeating: 0, count: count)
    for free in 0..<freeClassCount {
      let c = free + firstFreeClass
      for j in 0..<d {
        let index = weightIndex(free: free, feature: j)
        result[index] = weights[c * d + j] + featurePrecisions[j] * (scaling?[index] ?? 1)
      }
      let index = interceptIndex(free: free)
      result[index] = intercepts[c] + interceptPrecision * (scaling?[index] ?? 1)
    }
    return result
  }
}
