/// Why parameters cannot be transformed: thrown by ``ParameterConstraint``,
/// ``ParameterTransform`` and ``TransformedLogDensity``.
///
/// Each description names the type or function, the condition and the
/// offending value, as everywhere in ProbKit.
public enum ParameterTransformError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An interval's bounds must be finite with lower < upper and a finite
  /// width.
  case invalidBounds(lower: Double, upper: Double)
  /// A transform needs at least one parameter.
  case noParameters
  /// A parameter needs at least 1 value (a simplex at least 2).
  case invalidCount(parameter: String, count: Int)
  /// Two parameters share `name`.
  case duplicateName(String)
  /// A vector (or a log density) has `count` values where `expected` are
  /// needed.
  case dimensionMismatch(expected: Int, count: Int)
  /// An unconstrained value is NaN or ±∞.
  case nonFiniteValue(index: Int, value: Double)
  /// A constrained value (at `index` in the constrained vector) is outside
  /// its parameter's support: NaN, ±∞, not positive, outside the interval,
  /// or a simplex entry ≤ 0.
  case outsideSupport(parameter: String, index: Int, value: Double)
  /// A simplex's values sum to `sum`, further from 1 than 1e-8 (Stan's
  /// tolerance).
  case notASimplex(parameter: String, sum: Double)

  public var description: String {
    switch self {
    case .invalidBounds(let lower, let upper):
      return
        "ParameterConstraint.interval: bounds must be finite with lower < upper, "
        + "got lower \(lower), upper \(upper)"
    case .noParameters:
      return "ParameterTransform: at least 1 parameter is needed, got 0"
    case .invalidCount(let parameter, let count):
      return
        "ParameterTransform: \(parameter) needs at least 1 value (a simplex 2), got \(count)"
    case .duplicateName(let name):
      return "ParameterTransform: parameter names must be distinct, \"\(name)\" appears twice"
    case .dimensionMismatch(let expected, let count):
      return "ParameterTransform: expected \(expected) values, got \(count)"
    case .nonFiniteValue(let index, let value):
      return "ParameterTransform: unconstrained values must be finite, value \(index) is \(value)"
    case .outsideSupport(let parameter, let index, let value):
      return
        "ParameterTransform: \(parameter) is outside its support, value \(index) is \(value)"
    case .notASimplex(let parameter, let sum):
      return "ParameterTransform: \(parameter) must sum to 1 (within 1e-8), sums to \(sum)"
    }
  }
}
