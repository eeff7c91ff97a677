/// A log density over constrained parameters, seen on the unconstrained
/// scale a sampler moves in: log p(constrain(u)) + log |det J(u)|, with its
/// gradient by the chain rule.
///
/// ```swift
/// // An Exponential(rate 2) prior on a scale, sampled as u = log σ.
/// let prior = try LogDensityFunction(dimension: 1) { x, gradient in
///   gradient[0] = -2
///   return -2 * x[0]
/// }
/// let transform = try ParameterTransform([.init("sigma", .positive)])
/// let onLogScale = try TransformedLogDensity(prior, transform: transform)
/// onLogScale.logDensity([0])  // -2 + log|J| = -2 + 0
/// ```
///
/// The base density's dimension is the transform's
/// ``ParameterTransform/constrainedDimension``; this one's is its
/// ``ParameterTransform/unconstrainedDimension``. A non-finite point, or a
/// base density that answers NaN or -∞, gives -∞ with a zero gradient.
/// The constrained point and its gradient live in one temporary buffer per
/// call (on the stack for small models).
public struct TransformedLogDensity<Base: LogDensity>: LogDensity {
  /// The model on the constrained scale.
  public let base: Base
  /// The map from the unconstrained vector to `base`'s point.
  public let transform: ParameterTransform

  /// `base`, a density of the constrained values, composed with `transform`.
  ///
  /// - Throws: ``ParameterTransformError/dimensionMismatch(expected:count:)``
  ///   when `base.dimension` is not `transform.constrainedDimension`.
  public init(_ base: Base, transform: ParameterTransform) throws(ParameterTransformError) {
    guard base.dimension == transform.constrainedDimension else {
      throw .dimensionMismatch(expected: transform.constrainedDimension, count: base.dimension)
    }
    self.base = base
    self.transform = transform
  }

  public var dimension: Int { transform.unconstrainedDimension }

  public func logDensity(_ x: [Double]) -> Double {
    guard x.count == dimension, x.allSatisfy(\.isFinite) else { return -.infinity }
    var constrained = [Double](repeating: 0, count: transform.constrainedDimension)
    let logJacobian = x.withUnsafeBufferPointer { u in
      constrained.withUnsafeMutableBufferPointer { transform.constrain(u, into: $0) }
    }
    let value = base.logDensity(constrained)
    guard !value.isNaN, value > -.infinity else { return -.infinity }
    return value + logJacobian
  }

  public func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard LogDensityConvention.countsMatch(x, gradient, dimension: dimension) else {
      return -.infinity
    }
    guard x.allSatisfy(\.isFinite) else {
      gradient.update(repeating: 0)
      return -.infinity
    }
    let m = transform.constrainedDimension
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * m) { scratch in
      scratch.initialize(repeating: 0)
      let constrained = UnsafeMutableBufferPointer(rebasing: scratch[0..<m])
      let gradientX = UnsafeMutableBufferPointer(rebasing: scratch[m..<(2 * m)])
      let logJacobian = transform.constrain(x, into: constrained)
      let value = base.logDensityAndGradient(
        UnsafeBufferPointer(constrained), gradient: gradientX)
      guard !value.isNaN, value > -.infinity else {
        gradient.update(repeating: 0)
        return -.infinity
      }
      transform.pullBack(x, gradientX: UnsafeBufferPointer(gradientX), into: gradient)
      return value + logJacobian
    }
  }
}
