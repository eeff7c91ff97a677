/// An unnormalised log density over ℝⁿ with its gradient: what a
/// gradient-based sampler needs of a model.
///
/// A sampler calls ``logDensityAndGradient(_:gradient:)`` at every leapfrog
/// step, so conformers write the gradient into the caller's buffer and
/// allocate nothing per call. ``logDensity(_:)`` is for everything else
/// (initial values, tests, reporting).
///
/// Conventions, which every adapter in ProbKit keeps:
///
/// - A point outside the support has log density -∞ (a sampler rejects it);
///   its gradient is then unspecified. ProbKit's adapters report a NaN from
///   the user's function as -∞ with a zero gradient, as Stan rejects such a
///   point, so no NaN reaches a sampler.
/// - A point or gradient buffer whose count is not ``dimension`` has log
///   density -∞ (and the gradient buffer is zeroed); nothing traps.
///
/// Adapters: ``LogDensityFunction`` (a closure with a hand-written gradient),
/// ``DifferentiableLogDensity`` (a closure differentiated by the toolchain's
/// reverse-mode automatic differentiation) and ``TransformedLogDensity``
/// (constrained parameters mapped to ℝⁿ, with the log-Jacobian added).
public protocol LogDensity: Sendable {
  /// The number of parameters n: the length of every point.
  var dimension: Int { get }

  /// log p(x) up to an additive constant.
  func logDensity(_ x: [Double]) -> Double

  /// log p(x) up to an additive constant, with ∇ log p(x) written into
  /// `gradient` (which has ``dimension`` elements).
  ///
  /// - Complexity: no heap allocation for the adapters with hand-written
  ///   gradients; as much as the model's own work.
  func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double
}

extension LogDensity {
  /// log p(x) through ``logDensityAndGradient(_:gradient:)``: the default
  /// for models whose value costs as much as their gradient.
  public func logDensity(_ x: [Double]) -> Double { logDensityAndGradient(x).value }

  /// log p(x) and its gradient as a new array: a convenience that allocates,
  /// for tests and one-off evaluations.
  public func logDensityAndGradient(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    var gradient = [Double](repeating: 0, count: x.count)
    let value = x.withUnsafeBufferPointer { point in
      gradient.withUnsafeMutableBufferPointer { logDensityAndGradient(point, gradient: $0) }
    }
    return (value, gradient)
  }
}

/// The conventions of ``LogDensity`` in one place: -∞ and a zero gradient for
/// a wrong count or a NaN.
package enum LogDensityConvention {
  /// Whether `x` and `gradient` both have `dimension` elements; zeroes
  /// `gradient` when they do not.
  static func countsMatch(
    _ x: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>,
    dimension: Int
  ) -> Bool {
    guard x.count == dimension, gradient.count == dimension else {
      if !gradient.isEmpty { gradient.update(repeating: 0) }
      return false
    }
    return true
  }

  /// `value`, or -∞ with a zeroed gradient when `value` or a partial is not
  /// finite: for models whose overflow means a point to reject.
  package static func rejectingNonFinite(
    _ value: Double, _ gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    if value.isFinite && gradient.allSatisfy(\.isFinite) { return value }
    gradient.update(repeating: 0)
    return -.infinity
  }

  /// `value`, or -∞ with a zeroed gradient when `value` is NaN.
  static func rejectingNaN(_ value: Double, _ gradient: UnsafeMutableBufferPointer<Double>)
    -> Double
  {
    guard value.isNaN else { return value }
    if !gradient.isEmpty { gradient.update(repeating: 0) }
    return -.infinity
  }
}

/// Why a log density cannot be built.
public enum LogDensityError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The dimension must be at least 1; it was `dimension`.
  case invalidDimension(Int)

  public var description: String {
    switch self {
    case .invalidDimension(let dimension):
      return "LogDensity: dimension must be >= 1, got \(dimension)"
    }
  }
}
