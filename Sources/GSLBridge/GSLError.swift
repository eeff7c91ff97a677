internal import CGSL

/// An error reported by the GNU Scientific Library.
///
/// GSL functions return an integer status; ProbKit turns GSL's aborting error
/// handler off (see ``GSLRuntime``) and maps every non-success status to this
/// one error type, naming the GSL function that reported it. Most of ProbKit's
/// public API never lets a `GSLError` escape: it validates arguments before
/// calling GSL and applies the policy in `Docs/Architecture.md`. A `GSLError`
/// that reaches you means GSL failed where ProbKit did not expect it to.
public struct GSLError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A GSL status code, such as ``domain`` (`GSL_EDOM`) or ``overflow``
  /// (`GSL_EOVRFLW`).
  public struct Status: RawRepresentable, Sendable, Hashable {
    /// GSL's integer code for this status.
    public let rawValue: Int

    /// Creates a status from GSL's integer code.
    public init(rawValue: Int) {
      self.rawValue = rawValue
    }

    /// `GSL_FAILURE`: a generic failure.
    public static let failure = Status(rawValue: Int(GSL_FAILURE))
    /// `GSL_EDOM`: an argument outside the function's domain.
    public static let domain = Status(rawValue: Int(GSL_EDOM))
    /// `GSL_ERANGE`: the result is outside the representable range.
    public static let range = Status(rawValue: Int(GSL_ERANGE))
    /// `GSL_EINVAL`: an invalid argument.
    public static let invalidArgument = Status(rawValue: Int(GSL_EINVAL))
    /// `GSL_ENOMEM`: memory allocation failed.
    public static let outOfMemory = Status(rawValue: Int(GSL_ENOMEM))
    /// `GSL_EMAXITER`: an iteration exceeded its maximum count.
    public static let maxIterations = Status(rawValue: Int(GSL_EMAXITER))
    /// `GSL_EUNDRFLW`: the result underflowed.
    public static let underflow = Status(rawValue: Int(GSL_EUNDRFLW))
    /// `GSL_EOVRFLW`: the result overflowed.
    public static let overflow = Status(rawValue: Int(GSL_EOVRFLW))
    /// `GSL_ELOSS`: loss of accuracy.
    public static let lossOfAccuracy = Status(rawValue: Int(GSL_ELOSS))
    /// `GSL_EROUND`: failure because of round-off error.
    public static let roundOff = Status(rawValue: Int(GSL_EROUND))
  }

  /// The status GSL returned.
  public let status: Status

  /// The GSL function that returned it, such as `gsl_sf_lngamma_e`.
  public let function: String

  /// Creates an error from a GSL status code and the function that returned it.
  public init(status: Status, function: String) {
    self.status = status
    self.function = function
  }

  /// GSL's own explanation of the status (`gsl_strerror`).
  public var reason: String {
    String(cString: gsl_strerror(CInt(truncatingIfNeeded: status.rawValue)))
  }

  /// A one-line description: the function, GSL's reason and the status code.
  public var description: String {
    "GSL error in \(function): \(reason) (status \(status.rawValue))"
  }
}

extension GSLError {
  /// Throws a `GSLError` unless `status` is `GSL_SUCCESS`.
  @inline(__always)
  static func check(_ status: CInt, _ function: StaticString) throws(GSLError) {
    guard status == GSL_SUCCESS else {
      throw GSLError(status: Status(rawValue: Int(status)), function: "\(function)")
    }
  }
}
