public import ProbKitDistributions

extension Beta {
  /// The highest-density interval holding probability `level`: the shortest
  /// interval with that mass, where the density is equal at both ends (or
  /// which starts at 0 or ends at 1 when the density is monotone).
  ///
  /// - Parameter level: The probability the interval holds, in (0, 1).
  /// - Returns: The shortest interval holding probability `level`.
  /// - Throws: ``FitError/invalidArgument(model:argument:requirement:value:)``
  ///   unless 0 < level < 1, or when α < 1 and β < 1 (or α = β = 1), where
  ///   the highest-density region is not one interval (or not unique).
  public func highestDensityInterval(level: Double) throws(FitError) -> ClosedRange<Double> {
    try highestDensity(self, level: level)
  }
}

extension Gamma {
  /// The highest-density interval holding probability `level`: the shortest
  /// interval with that mass, where the density is equal at both ends (or
  /// [0, quantile(level)] when shape ≤ 1 and the density decreases).
  ///
  /// - Parameter level: The probability the interval holds, in (0, 1).
  /// - Returns: The shortest interval holding probability `level`.
  /// - Throws: ``FitError/invalidArgument(model:argument:requirement:value:)``
  ///   unless 0 < level < 1.
  public func highestDensityInterval(level: Double) throws(FitError) -> ClosedRange<Double> {
    try highestDensity(self, level: level)
  }
}

/// The shortest interval [q(p), q(p + level)] of a unimodal distribution: by
/// bisection on p for the point where the density is equal at both ends
/// (the width's derivative 1/f(q(p + level)) - 1/f(q(p)) is increasing in p).
private func highestDensity<D: ContinuousUnivariateDistribution>(_ d: D, level: Double)
  throws(FitError) -> ClosedRange<Double>
{
  try d.checkLevel(level)
  guard let mode = d.mode else {
    throw .invalidArgument(
      model: "\(D.self)", argument: "distribution", requirement: "unimodal for an HDI",
      value: d.description)
  }
  if mode <= d.support.lowerBound { return try d.interval(d.support.lowerBound, d.quantile(level)) }
  if mode >= d.support.upperBound {
    return try d.interval(d.quantile(1 - level), d.support.upperBound)
  }
  var low = 0.0
  var high = 1 - level
  for _ in 0..<200 {
    let p = (low + high) / 2
    guard p > low, p < high else { break }
    if d.logDensity(d.quantile(p)) < d.logDensity(d.quantile(p + level)) {
      low = p
    } else {
      high = p
    }
  }
  let p = (low + high) / 2
  return try d.interval(d.quantile(p), d.quantile(p + level))
}
