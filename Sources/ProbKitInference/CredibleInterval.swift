public import ProbKitDistributions

extension ContinuousUnivariateDistribution {
  /// The equal-tailed interval holding probability `level`: from the
  /// (1 - level)/2 quantile to the (1 + level)/2 quantile.
  ///
  /// ```swift
  /// let posterior = try Beta(alpha: 8, beta: 4)
  /// let interval = try posterior.equalTailedInterval(level: 0.95)  // 0.39...0.89
  /// ```
  ///
  /// - Throws: ``FitError/invalidArgument(model:argument:requirement:value:)``
  ///   unless 0 < level < 1.
  public func equalTailedInterval(level: Double) throws(FitError) -> ClosedRange<Double> {
    try checkLevel(level)
    let tail = (1 - level) / 2
    return try interval(quantile(tail), quantile(1 - tail))
  }

  /// lower...upper, or an error when a quantile failed (NaN) rather than a
  /// trap in `ClosedRange`.
  func interval(_ lower: Double, _ upper: Double) throws(FitError) -> ClosedRange<Double> {
    guard lower <= upper else {
      throw .estimateOutsideParameterSpace(
        model: "\(Self.self)",
        reason: "the quantiles of \(self) give no interval (\(lower), \(upper))")
    }
    return lower...upper
  }

  func checkLevel(_ level: Double) throws(FitError) {
    guard level > 0, level < 1 else {
      throw .invalidArgument(
        model: "\(Self.self)", argument: "level", requirement: "in (0, 1)", value: "\(level)")
    }
  }
}
