import Testing

/// |actual - expected| / |expected|, or the absolute difference when
/// `expected` is 0; 0 when both are the same value (infinities and NaN
/// included).
///
/// ```swift
/// relativeError(1.000001, 1)  // 1e-6 (to rounding)
/// ```
public func relativeError(_ actual: Double, _ expected: Double) -> Double {
  if actual == expected || (actual.isNaN && expected.isNaN) { return 0 }
  let difference = abs(actual - expected)
  return expected == 0 ? difference : difference / abs(expected)
}

/// The number of representable doubles between `actual` and `expected`
/// (0 when equal; `UInt64.max` across NaN).
///
/// ```swift
/// ulpDistance(1, 1.0.nextUp)  // 1
/// ```
public func ulpDistance(_ actual: Double, _ expected: Double) -> UInt64 {
  if actual == expected { return 0 }
  guard !actual.isNaN, !expected.isNaN else { return .max }
  // Map the doubles onto a line of integers on which adjacent doubles differ
  // by 1 (negative ones mirrored), then subtract.
  func ordered(_ x: Double) -> Int64 {
    let bits = Int64(bitPattern: x.bitPattern)
    return bits < 0 ? Int64.min - bits : bits
  }
  let (a, b) = (ordered(actual), ordered(expected))
  return a > b ? UInt64(bitPattern: a &- b) : UInt64(bitPattern: b &- a)
}

/// Whether `actual` is within `relative` (of |expected|) or `absolute` of
/// `expected`; equal values, infinities of one sign and two NaN pass.
///
/// ```swift
/// isClose(1.000001, 1, relative: 1e-5)  // true
/// ```
public func isClose(
  _ actual: Double, _ expected: Double, relative: Double = 0, absolute: Double = 0
) -> Bool {
  if actual == expected || (actual.isNaN && expected.isNaN) { return true }
  let difference = abs(actual - expected)
  // Divided, not multiplied: relative · |expected| would be subnormal (and
  // inexact) for expected values near 1e-308.
  return difference <= absolute || expected != 0 && difference / abs(expected) <= relative
}

/// Records an issue unless `actual` is within `relative` or `absolute` of
/// `expected` (see ``isClose(_:_:relative:absolute:)``), with both values and
/// both errors in the message.
///
/// ```swift
/// expectClose(laplace.logEvidence, -2.6426, relative: 1e-4)
/// // on failure: "got -2.7, expected -2.6426: relative error 0.0217 > 0.0001"
/// ```
public func expectClose(
  _ actual: Double, _ expected: Double, relative: Double = 0, absolute: Double = 0,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard !isClose(actual, expected, relative: relative, absolute: absolute) else { return }
  var message = "got \(actual), expected \(expected):"
  if relative > 0 || absolute == 0 {
    message += " relative error \(relativeError(actual, expected)) > \(relative)"
  }
  if absolute > 0 { message += " absolute error \(abs(actual - expected)) > \(absolute)" }
  if let comment { message += " (\(comment))" }
  Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}

/// Records one issue for the worst element unless every element of `actual`
/// is close to `expected`'s (same length required).
///
/// ```swift
/// expectClose(fit.model.coefficients[1], [0.7670, -0.3835], relative: 1e-3)
/// ```
public func expectClose(
  _ actual: [Double], _ expected: [Double], relative: Double = 0, absolute: Double = 0,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      Comment(rawValue: "got \(actual.count) values, expected \(expected.count)"),
      sourceLocation: sourceLocation)
    return
  }
  let failures = actual.indices.filter {
    !isClose(actual[$0], expected[$0], relative: relative, absolute: absolute)
  }
  guard
    let worst = failures.max(by: {
      abs(actual[$0] - expected[$0]) < abs(actual[$1] - expected[$1])
    })
  else { return }
  let location = "element \(worst) of \(actual.count) (\(failures.count) outside the tolerance)"
  expectClose(
    actual[worst], expected[worst], relative: relative, absolute: absolute,
    Comment(rawValue: comment.map { "\($0); \(location)" } ?? location),
    sourceLocation: sourceLocation)
}
