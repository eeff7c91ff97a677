/// An invalid parameter given to a distribution's initializer.
///
/// The message names the distribution, the parameter, the condition it
/// violates and the value it got:
///
/// ```swift
/// do {
///   _ = try Beta(alpha: -1, beta: 2)
/// } catch {
///   print(error)            // Beta: alpha must be finite and > 0, got -1
///   print(error.parameter)  // alpha
/// }
/// ```
public struct DistributionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The distribution, for example `"Beta"`.
  public let distribution: String
  /// The parameter, as its argument label spells it, for example `"alpha"`.
  public let parameter: String
  /// The condition the parameter must satisfy, for example `"> 0"`.
  public let requirement: String
  /// The offending value, as text.
  ///
  /// The library writes whole numbers without a fractional part ("-1", not
  /// "-1.0").
  public let value: String

  /// Creates an error from its parts.
  ///
  /// - Parameters:
  ///   - distribution: The distribution's name.
  ///   - parameter: The parameter's argument label.
  ///   - requirement: The condition it must satisfy.
  ///   - value: The offending value, as text.
  public init(distribution: String, parameter: String, requirement: String, value: String) {
    self.distribution = distribution
    self.parameter = parameter
    self.requirement = requirement
    self.value = value
  }

  /// "Distribution: parameter must be requirement, got value".
  public var description: String {
    "\(distribution): \(parameter) must be \(requirement), got \(value)"
  }
}

/// Parameter checks shared by the initializers; each throws a
/// ``DistributionError`` naming the distribution and parameter.
struct ParameterCheck {
  /// The distribution being checked, for the error messages.
  let distribution: String

  /// Requires a finite value.
  func finite(_ value: Double, _ parameter: String) throws(DistributionError) {
    guard value.isFinite else { throw failure(parameter, "finite", value) }
  }

  /// Requires a finite value > 0.
  func positive(_ value: Double, _ parameter: String) throws(DistributionError) {
    guard value.isFinite, value > 0 else { throw failure(parameter, "finite and > 0", value) }
  }

  /// Requires a probability: a value in [0, 1].
  func probability(_ value: Double, _ parameter: String) throws(DistributionError) {
    guard value >= 0, value <= 1 else { throw failure(parameter, "in [0, 1]", value) }
  }

  /// Requires `values` to have exactly `count` entries.
  func length(_ values: [Double], _ count: Int, _ parameter: String) throws(DistributionError) {
    guard values.count == count else {
      throw DistributionError(
        distribution: distribution, parameter: parameter, requirement: "of length \(count)",
        value: "\(values.count) values")
    }
  }

  /// The error for `parameter` violating `requirement` with `value`.
  func failure(_ parameter: String, _ requirement: String, _ value: Double) -> DistributionError {
    DistributionError(
      distribution: distribution, parameter: parameter, requirement: requirement,
      value: Self.format(value))
  }

  /// A value as a person would write it: "-1" rather than "-1.0".
  static func format(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
      return String(Int64(value))
    }
    return "\(value)"
  }
}
