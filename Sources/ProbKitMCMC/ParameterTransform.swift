import Foundation

/// Named, constrained parameters laid out in one unconstrained vector, the
/// space a sampler moves in, with the maps between the two scales and the
/// log-Jacobian a density needs there (Stan's constraint transforms).
///
/// ```swift
/// let transform = try ParameterTransform([
///   .init("mu"),                                  // real
///   .init("sigma", .positive),                    // exp
///   .init("rho", .interval(lower: -1, upper: 1)), // scaled logit
///   .init("weights", count: 3, .simplex),         // stick-breaking: 2 values
/// ])
/// transform.unconstrainedDimension               // 5
/// try transform.constrain([0.5, 0, 0, 0, 0])      // [0.5, 1, 0, 1/3, 1/3, 1/3]
/// ```
///
/// The constrained vector holds each parameter's values in order
/// (``constrainedDimension`` of them, named by ``constrainedNames``); the
/// unconstrained one holds each parameter's unconstrained values in the
/// same order (a K-simplex takes K − 1).
public struct ParameterTransform: Sendable, Hashable, CustomStringConvertible {
  /// One named parameter: `count` values under one constraint.
  public struct Parameter: Sendable, Hashable {
    /// The name draws are reported under.
    public let name: String
    /// How many values (a simplex's K).
    public let count: Int
    /// The constraint every value is under.
    public let constraint: ParameterConstraint

    /// A parameter of `count` values (a vector when `count` > 1; a simplex's
    /// K), each under `constraint`.
    public init(_ name: String, count: Int = 1, _ constraint: ParameterConstraint = .real) {
      self.name = name
      self.count = count
      self.constraint = constraint
    }
  }

  /// Where one parameter sits in the two vectors.
  struct Segment: Hashable {
    let parameter: Parameter
    let constrainedOffset: Int
    let unconstrainedOffset: Int
    var unconstrainedCount: Int { parameter.constraint.unconstrainedCount(parameter.count) }
  }

  /// The parameters, in the order of the vectors.
  public let parameters: [Parameter]
  /// The length of the unconstrained vector: a sampler's dimension.
  public let unconstrainedDimension: Int
  /// The length of the constrained vector: the model's dimension.
  public let constrainedDimension: Int
  let segments: [Segment]

  /// Lays out `parameters` in order.
  ///
  /// - Throws: ``ParameterTransformError/noParameters``,
  ///   ``ParameterTransformError/invalidCount(parameter:count:)`` (a count
  ///   below 1, a simplex below 2) or
  ///   ``ParameterTransformError/duplicateName(_:)``.
  public init(_ parameters: [Parameter]) throws(ParameterTransformError) {
    guard !parameters.isEmpty else { throw .noParameters }
    var names = Set<String>()
    var segments: [Segment] = []
    var constrained = 0
    var unconstrained = 0
    for parameter in parameters {
      let minimum = parameter.constraint == .simplex ? 2 : 1
      guard parameter.count >= minimum else {
        throw .invalidCount(parameter: parameter.name, count: parameter.count)
      }
      guard names.insert(parameter.name).inserted else { throw .duplicateName(parameter.name) }
      let segment = Segment(
        parameter: parameter, constrainedOffset: constrained,
        unconstrainedOffset: unconstrained)
      // Sums of counts cannot overflow before memory runs out: the counts
      // describe vectors the caller will hold.
      constrained += parameter.count
      unconstrained += segment.unconstrainedCount
      segments.append(segment)
    }
    self.parameters = parameters
    self.segments = segments
    self.constrainedDimension = constrained
    self.unconstrainedDimension = unconstrained
  }

  /// The name of each constrained value: the parameter's name, with
  /// `[i]` (from 0) for a parameter of more than one value.
  public var constrainedNames: [String] {
    parameters.flatMap { parameter in
      parameter.count == 1
        ? [parameter.name] : (0..<parameter.count).map { "\(parameter.name)[\($0)]" }
    }
  }

  public var description: String {
    let list = parameters.map { "\($0.name)[\($0.count)]: \($0.constraint)" }
    return "ParameterTransform(\(list.joined(separator: ", ")))"
  }

  // MARK: - Checked maps

  /// The constrained values for unconstrained `values`.
  ///
  /// A positive value whose logarithm exceeds about 709.78 is +∞; an
  /// interval's value may round to a bound when |u| is beyond about 37.
  ///
  /// - Throws: ``ParameterTransformError/dimensionMismatch(expected:count:)``
  ///   or ``ParameterTransformError/nonFiniteValue(index:value:)``.
  public func constrain(_ values: [Double]) throws(ParameterTransformError) -> [Double] {
    try checkUnconstrained(values)
    var result = [Double](repeating: 0, count: constrainedDimension)
    values.withUnsafeBufferPointer { u in
      result.withUnsafeMutableBufferPointer { x in _ = constrain(u, into: x) }
    }
    return result
  }

  /// log |det J| of the map from unconstrained `values` to the constrained
  /// ones: the sum over parameters of the table in ``ParameterConstraint``
  /// (for a K-simplex, of the map to its first K − 1 values, which determine
  /// the last).
  ///
  /// - Throws: as ``constrain(_:)``.
  public func logAbsDeterminantJacobian(_ values: [Double]) throws(ParameterTransformError)
    -> Double
  {
    try checkUnconstrained(values)
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: constrainedDimension) {
      x in
      values.withUnsafeBufferPointer { constrain($0, into: x) }
    }
  }

  /// The unconstrained values that ``constrain(_:)`` maps to `values`.
  ///
  /// - Throws: ``ParameterTransformError/dimensionMismatch(expected:count:)``,
  ///   ``ParameterTransformError/outsideSupport(parameter:index:value:)``
  ///   (a value NaN, ±∞, or not strictly inside its support: a bound itself
  ///   has no finite preimage) or
  ///   ``ParameterTransformError/notASimplex(parameter:sum:)``.
  public func unconstrain(_ values: [Double]) throws(ParameterTransformError) -> [Double] {
    guard values.count == constrainedDimension else {
      throw .dimensionMismatch(expected: constrainedDimension, count: values.count)
    }
    var result = [Double](repeating: 0, count: unconstrainedDimension)
    for segment in segments {
      let name = segment.parameter.name
      let c = segment.constrainedOffset
      let u = segment.unconstrainedOffset
      let count = segment.parameter.count
      for i in c..<(c + count) where !values[i].isFinite {
        throw .outsideSupport(parameter: name, index: i, value: values[i])
      }
      switch segment.parameter.constraint.kind {
      case .real:
        for i in 0..<count { result[u + i] = values[c + i] }
      case .positive:
        for i in 0..<count {
          guard values[c + i] > 0 else {
            throw .outsideSupport(parameter: name, index: c + i, value: values[c + i])
          }
          result[u + i] = log(values[c + i])
        }
      case .interval(let lower, let upper):
        for i in 0..<count {
          let x = values[c + i]
          guard x > lower, x < upper else {
            throw .outsideSupport(parameter: name, index: c + i, value: x)
          }
          // logit((x − a)/(b − a)) = log(x − a) − log(b − x), accurate at
          // both ends.
          result[u + i] = log(x - lower) - log(upper - x)
        }
      case .simplex:
        for i in c..<(c + count) where !(values[i] > 0) {
          throw .outsideSupport(parameter: name, index: i, value: values[i])
        }
        let sum = Moments.sum(Array(values[c..<(c + count)]))
        guard abs(sum - 1) <= 1e-8 else { throw .notASimplex(parameter: name, sum: sum) }
        // zₖ = xₖ / Σⱼ₍ⱼ≥ₖ₎ xⱼ, so logit zₖ = log xₖ − log Σⱼ₍ⱼ>ₖ₎ xⱼ: exact
        // ratios of positive sums, never 0 or 1.
        var tail = values[c + count - 1]
        for k in stride(from: count - 2, through: 0, by: -1) {
          result[u + k] = log(values[c + k]) - log(tail) + log(Double(count - 1 - k))
          tail += values[c + k]
        }
      }
    }
    return result
  }

  private func checkUnconstrained(_ values: [Double]) throws(ParameterTransformError) {
    guard values.count == unconstrainedDimension else {
      throw .dimensionMismatch(expected: unconstrainedDimension, count: values.count)
    }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteValue(index: index, value: values[index])
    }
  }

  // MARK: - Unchecked maps for the sampler's inner loop

  /// Writes the constrained values for `u` into `x`; returns log |det J|.
  ///
  /// The counts must be the two dimensions and `u` finite.
  func constrain(_ u: UnsafeBufferPointer<Double>, into x: UnsafeMutableBufferPointer<Double>)
    -> Double
  {
    var logJacobian = 0.0
    for segment in segments {
      let c = segment.constrainedOffset
      let o = segment.unconstrainedOffset
      let count = segment.parameter.count
      switch segment.parameter.constraint.kind {
      case .real:
        for i in 0..<count { x[c + i] = u[o + i] }
      case .positive:
        for i in 0..<count {
          x[c + i] = exp(u[o + i])
          logJacobian += u[o + i]
        }
      case .interval(let lower, let upper):
        let width = upper - lower
        let logWidth = log(width)
        for i in 0..<count {
          let v = u[o + i]
          // From the nearer bound, so that values near either end keep
          // their digits.
          x[c + i] =
            v > 0
            ? upper - width * Logistic.sigmoid(-v) : lower + width * Logistic.sigmoid(v)
          logJacobian += logWidth - Logistic.softplus(-v) - Logistic.softplus(v)
        }
      case .simplex:
        var rest = 1.0
        var logRest = 0.0
        for k in 0..<(count - 1) {
          let v = u[o + k] - log(Double(count - 1 - k))
          let logZ = -Logistic.softplus(-v)
          let logOneMinusZ = -Logistic.softplus(v)
          x[c + k] = rest * Logistic.sigmoid(v)
          logJacobian += logZ + logOneMinusZ + logRest
          rest *= Logistic.sigmoid(-v)
          logRest += logOneMinusZ
        }
        x[c + count - 1] = rest
      }
    }
    return logJacobian
  }

  /// Writes into `gradientU` the gradient, with respect to `u`, of
  /// f(constrain(u)) + log |det J(u)|, given `gradientX` = ∇f at
  /// constrain(u): the chain rule through each constraint.
  func pullBack(
    _ u: UnsafeBufferPointer<Double>, gradientX: UnsafeBufferPointer<Double>,
    into gradientU: UnsafeMutableBufferPointer<Double>
  ) {
    for segment in segments {
      let c = segment.constrainedOffset
      let o = segment.unconstrainedOffset
      let count = segment.parameter.count
      switch segment.parameter.constraint.kind {
      case .real:
        for i in 0..<count { gradientU[o + i] = gradientX[c + i] }
      case .positive:
        // dx/du = eᵘ, d log J/du = 1.
        // A zero partial stays zero where eᵘ overflows.
        for i in 0..<count {
          let partial = gradientX[c + i]
          gradientU[o + i] = (partial == 0 ? 0 : partial * exp(u[o + i])) + 1
        }
      case .interval(let lower, let upper):
        // dx/du = (b − a) σ(u) σ(−u), d log J/du = σ(−u) − σ(u).
        let width = upper - lower
        for i in 0..<count {
          let v = u[o + i]
          let p = Logistic.sigmoid(v)
          let q = Logistic.sigmoid(-v)
          gradientU[o + i] = gradientX[c + i] * width * p * q + (q - p)
        }
      case .simplex:
        // Forward: the remaining stick rₖ before each break, kept in the
        // output; then backward, with a the adjoint of rₖ₊₁ in f:
        // ∂/∂uₖ = rₖ (gₖ − a) zₖ(1 − zₖ) + (1 − 2zₖ) − zₖ (K − 2 − k),
        // the last term from the log rₖ of the later breaks.
        var rest = 1.0
        for k in 0..<(count - 1) {
          gradientU[o + k] = rest
          rest *= Logistic.sigmoid(-(u[o + k] - log(Double(count - 1 - k))))
        }
        var adjoint = gradientX[c + count - 1]
        for k in stride(from: count - 2, through: 0, by: -1) {
          let v = u[o + k] - log(Double(count - 1 - k))
          let z = Logistic.sigmoid(v)
          let oneMinusZ = Logistic.sigmoid(-v)
          let r = gradientU[o + k]
          gradientU[o + k] =
            r * (gradientX[c + k] - adjoint) * z * oneMinusZ + (oneMinusZ - z)
            - z * Double(count - 2 - k)
          adjoint = gradientX[c + k] * z + adjoint * oneMinusZ
        }
      }
    }
  }
}
