public import ProbKitDistributions

extension ContinuousUnivariateDistribution {
  /// The equal-tailed interval holding probability `level`: from the
  /// (1 - level)/2 quantile to the (1 + level)/2 quantile.
  ///
  /// Available on every continuous distribution, so also on a posterior's
  /// marginals.
  ///
  /// ```swift
  /// let posterior = try Beta(alpha: 8, beta: 4)
  /// try posterior.equalTailedInterval(level: 0.95)  // 0.3902…...0.8907…
  /// try Normal.standard.equalTailedInterval(level: 0.95)  // -1.9599…...1.9599…
  /// ```
  ///
  /// - Parameter level: The probability the interval holds, in (0, 1).
  /// - Returns: [F⁻¹((1 − level)/2), F⁻¹((1 + level)/2)].
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
