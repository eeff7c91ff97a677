extension SortedSample {
  /// The `p`-quantile of the sample by one of Hyndman and Fan's nine
  /// definitions (``QuantileMethod``), as numpy's
  /// `np.quantile(values, p, method=method.numpyName)`.
  ///
  /// With type 7 (the default), h = (n − 1)p, j = ⌊h⌋ and γ = h − j:
  ///
  /// ```
  /// Q(p) = x₍ⱼ₎ + γ (x₍ⱼ₊₁₎ − x₍ⱼ₎)        (0-based order statistics)
  /// ```
  ///
  /// ```swift
  /// let sample = try SortedSample([7, 1, 3, 5])
  /// try sample.quantile(0.25)                         // 2.5
  /// try sample.quantile(0.25, method: .weibull)       // 1.5
  /// try sample.quantile(1)                            // 7: the maximum
  /// ```
  ///
  /// - Parameters:
  ///   - p: a probability in [0, 1].
  ///   - method: the definition; type 7, numpy's `linear`, by default.
  /// - Returns: a value between the minimum and the maximum. The
  ///   interpolation is numpy's, so results agree with numpy to the last bit
  ///   or two; for values of opposite signs near ±1.8e308, where numpy's
  ///   difference overflows to ±∞, it is formed without the difference.
  /// - Throws: ``StatisticsError/probabilityOutOfRange(function:value:)``
  ///   for p outside [0, 1] or NaN.
  /// - Complexity: O(1).
  public func quantile(_ p: Double, method: QuantileMethod = .linear) throws(StatisticsError)
    -> Double
  {
    guard p >= 0 && p <= 1 else { throw .probabilityOutOfRange(function: "quantile", value: p) }
    let n = Double(values.count)
    switch method {
    case .invertedCDF:
      // numpy's _inverted_cdf: index np − 1, the next order statistic unless
      // it falls exactly on one.
      let index = n * p - 1
      let previous = index.rounded(.down)
      return orderStatistic(index - previous == 0 ? previous : previous + 1)
    case .closestObservation:
      // The nearest order statistic to np − 1/2 (0-based np − 3/2), the
      // even one (1-based) at a tie.
      let index = n * p - 1 - 0.5
      let previous = index.rounded(.down)
      let odd = previous.truncatingRemainder(dividingBy: 2) != 0
      return orderStatistic(index - previous == 0 && odd ? previous : previous + 1)
    case .averagedInvertedCDF:
      let index = n * p - 1
      let previous = index.rounded(.down)
      return interpolate(at: index, gamma: index - previous == 0 ? 0.5 : 1)
    default:
      let index: Double
      if method == .linear {
        index = (n - 1) * p
      } else {
        let (alpha, beta) = method.plottingPosition ?? (1, 1)
        index = n * p + (alpha + p * (1 - alpha - beta)) - 1
      }
      return interpolate(at: index, gamma: index - index.rounded(.down))
    }
  }

  /// The quantiles at each of `probabilities` (see ``quantile(_:method:)``).
  ///
  /// - Throws: ``StatisticsError/probabilityOutOfRange(function:value:)``
  ///   for the first probability outside [0, 1].
  public func quantiles(_ probabilities: [Double], method: QuantileMethod = .linear)
    throws(StatisticsError) -> [Double]
  {
    var result: [Double] = []
    result.reserveCapacity(probabilities.count)
    for p in probabilities { result.append(try quantile(p, method: method)) }
    return result
  }

  /// The median: the middle value, or the midpoint of the two middle values
  /// (type 7 at p = ½, numpy's `np.median`).
  ///
  /// ```swift
  /// try SortedSample([4, 1, 3, 2]).median  // 2.5
  /// ```
  public var median: Double {
    let middle = values.count / 2
    if values.count % 2 == 1 { return values[middle] }
    return Self.lerp(values[middle - 1], values[middle], 0.5)
  }

  /// The order statistic at a 0-based index given as a Double, clamped to
  /// the sample (numpy clips negative indices to 0).
  private func orderStatistic(_ index: Double) -> Double {
    if index <= 0 { return values[0] }
    if index >= Double(values.count - 1) { return values[values.count - 1] }
    return values[Int(index)]
  }

  /// numpy's `_get_indexes` and `_lerp`: below index 0 the minimum, at or
  /// above n − 1 the maximum, else between x₍⌊h⌋₎ and x₍⌊h⌋₊₁₎ with weight γ.
  private func interpolate(at index: Double, gamma: Double) -> Double {
    if index < 0 { return values[0] }
    if index >= Double(values.count - 1) { return values[values.count - 1] }
    let low = Int(index.rounded(.down))
    return Self.lerp(values[low], values[low + 1], gamma)
  }

  /// numpy's `_lerp(a, b, t)`: a + (b − a)t, or b − (b − a)(1 − t) for t ≥ ½
  /// (exact at both ends); without the difference when it overflows.
  static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
    let difference = b - a
    guard difference.isFinite else { return a * (1 - t) + b * t }
    return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
  }
}
