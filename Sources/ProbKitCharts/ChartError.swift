/// A chart that cannot be drawn from what it was given.
///
/// Thrown by the ``Series`` factories and the ``HeatMap``, ``SimplexChart``
/// and ``ChartGrid`` initialisers, before anything is drawn.
///
/// ```swift
/// do {
///   _ = try Series.line(x: [0, 1], y: [0])
/// } catch {
///   print(error)  // "line: y: expected 2 values, got 1"
/// }
/// ```
public enum ChartError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Two arrays that must have the same length do not.
  case lengthMismatch(what: String, expected: Int, got: Int)
  /// An argument outside its allowed range.
  case invalidArgument(name: String, reason: String)

  /// The problem in one line.
  ///
  /// ```swift
  /// ChartError.lengthMismatch(what: "line: y", expected: 2, got: 1).description
  /// // "line: y: expected 2 values, got 1"
  /// ```
  public var description: String {
    switch self {
    case .lengthMismatch(let what, let expected, let got):
      "\(what): expected \(expected) values, got \(got)"
    case .invalidArgument(let name, let reason): "\(name): \(reason)"
    }
  }
}
