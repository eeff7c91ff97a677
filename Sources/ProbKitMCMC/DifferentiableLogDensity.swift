import _Differentiation

/// A log density written as one differentiable Swift function, its gradient
/// computed by the toolchain's reverse-mode automatic differentiation.
///
/// ```swift
/// import _Differentiation
///
/// // A normal with unknown mean and log-scale, given three observations.
/// let data = [1.2, 0.7, 2.1]
/// let model = try DifferentiableLogDensity(dimension: 2) { theta in
///   let mu = theta[0]
///   let logSigma = theta[1]
///   var total = -Double(data.count) * logSigma
///   for i in withoutDerivative(at: data.indices) {
///     let z = (data[i] - mu) / exp(logSigma)
///     total -= 0.5 * z * z
///   }
///   return total
/// }
/// model.logDensityAndGradient([1, 0]).gradient
/// ```
///
/// Convenient, but slower than ``LogDensityFunction``: each gradient records
/// and replays a tape, and allocates (about 35 times the cost of a hand
/// gradient for a scalar loop over an array, as measured for issue 14).
/// Loops over the parameters' indices go through `withoutDerivative(at:)`.
public struct DifferentiableLogDensity: LogDensity {
  /// The function's type: log p(θ) for θ of ``dimension`` elements.
  public typealias Function = @Sendable @differentiable(reverse) ([Double]) -> Double

  /// The number of parameters the function takes.
  public let dimension: Int
  private let function: Function

  /// A log density of `dimension` parameters from a differentiable function.
  ///
  /// - Throws: ``LogDensityError/invalidDimension(_:)`` when `dimension` < 1.
  public init(dimension: Int, _ function: @escaping Function) throws(LogDensityError) {
    guard dimension >= 1 else { throw .invalidDimension(dimension) }
    self.dimension = dimension
    self.function = function
  }

  public func logDensity(_ x: [Double]) -> Double {
    guard x.count == dimension else { return -.infinity }
    let value = function(x)
    return value.isNaN ? -.infinity : value
  }

  public func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard LogDensityConvention.countsMatch(x, gradient, dimension: dimension) else {
      return -.infinity
    }
    let (value, tangent) = valueWithGradient(at: Array(x), of: function)
    // A function that ignores θ has an empty (zero) tangent.
    let partials = tangent.base
    for i in 0..<dimension {
      gradient[i] = i < partials.count ? partials[i] : 0
    }
    return LogDensityConvention.rejectingNaN(value, gradient)
  }
}
