/// A log density from a closure with a hand-written gradient: the fastest
/// adapter, for models whose gradient is worth writing.
///
/// ```swift
/// // A standard normal in two dimensions.
/// let normal = try LogDensityFunction(dimension: 2) { x, gradient in
///   gradient[0] = -x[0]
///   gradient[1] = -x[1]
///   return -0.5 * (x[0] * x[0] + x[1] * x[1])
/// }
/// normal.logDensity([1, 2])  // -2.5
/// ```
///
/// The closure receives a point of ``dimension`` elements and a gradient
/// buffer of the same count, writes ∇ log p into the buffer and returns
/// log p. ProbKit checks the counts before calling it and reports a NaN it
/// returns as -∞ (see ``LogDensity``).
public struct LogDensityFunction: LogDensity {
  /// The closure's type: log p(x), with ∇ log p(x) written into the buffer.
  public typealias ValueAndGradient =
    @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double

  public let dimension: Int
  private let valueAndGradient: ValueAndGradient

  /// A log density of `dimension` parameters from its value-and-gradient
  /// closure.
  ///
  /// - Throws: ``LogDensityError/invalidDimension(_:)`` when `dimension` < 1.
  public init(dimension: Int, _ valueAndGradient: @escaping ValueAndGradient)
    throws(LogDensityError)
  {
    guard dimension >= 1 else { throw .invalidDimension(dimension) }
    self.dimension = dimension
    self.valueAndGradient = valueAndGradient
  }

  public func logDensity(_ x: [Double]) -> Double {
    guard x.count == dimension else { return -.infinity }
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: dimension) { gradient in
      gradient.initialize(repeating: 0)
      let value = x.withUnsafeBufferPointer { valueAndGradient($0, gradient) }
      return value.isNaN ? -.infinity : value
    }
  }

  public func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard LogDensityConvention.countsMatch(x, gradient, dimension: dimension) else {
      return -.infinity
    }
    return LogDensityConvention.rejectingNaN(valueAndGradient(x, gradient), gradient)
  }
}
