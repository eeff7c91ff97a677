/// A log density sampled in one parameterisation, ℝⁿ, and reported in
/// another: the named values a user reads (constrained parameters, raw-scale
/// coefficients).
///
/// ``HMCSampler`` moves in the sampled coordinates and stores every draw as
/// its reported values. ``TransformedLogDensity`` reports the constrained
/// values of its ``ParameterTransform``:
///
/// ```swift
/// let base = try LogDensityFunction(dimension: 1) { x, gradient in
///   gradient[0] = -1
///   return -x[0]  // Exponential(1) on sigma
/// }
/// let model = try TransformedLogDensity(
///   base, transform: ParameterTransform([.init("sigma", .positive)]))
/// model.reportedNames                        // ["sigma"]
/// try model.sampledPoint(reporting: [1])     // [0.0]: log 1
/// ```
public protocol ReparameterisedLogDensity: LogDensity {
  /// The name of each reported value, in order.
  var reportedNames: [String] { get }

  /// Writes the reported values of the sampled point `x` (``LogDensity/dimension``
  /// values) into `values` (``reportedNames``.count values).
  func report(_ x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>)

  /// The sampled point whose reported values are `values`, for initial
  /// values given on the reported scale.
  ///
  /// - Throws: When `values` are not reported values of any point (outside
  ///   a constraint, the wrong count).
  func sampledPoint(reporting values: [Double]) throws -> [Double]
}

extension TransformedLogDensity: ReparameterisedLogDensity {
  /// ``ParameterTransform/constrainedNames``.
  public var reportedNames: [String] { transform.constrainedNames }

  /// The constrained values of the unconstrained point `x`.
  public func report(
    _ x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) {
    _ = transform.constrain(x, into: values)
  }

  /// ``ParameterTransform/unconstrain(_:)``.
  public func sampledPoint(reporting values: [Double]) throws -> [Double] {
    try transform.unconstrain(values)
  }
}
