extension SortedSample {
  /// The shortest interval [x₍ᵢ₎, x₍ᵢ₊ₖ₎] holding a fraction `level` of the
  /// sample, as ArviZ's `az.hdi(sample, hdi_prob=level)` computes it for a
  /// one-dimensional sample.
  ///
  /// With k = ⌊level · n⌋, the interval starts at the first i (0-based)
  /// that minimises x₍ᵢ₊ₖ₎ − x₍ᵢ₎ over i = 0, …, n − k − 1:
  ///
  /// ```
  /// HDI = [x₍ᵢ*₎, x₍ᵢ*₊ₖ₎],  i* = argminᵢ (x₍ᵢ₊ₖ₎ − x₍ᵢ₎)
  /// ```
  ///
  /// For a unimodal sample this estimates the highest-density interval of
  /// the distribution it was drawn from; for a multimodal one it is still
  /// the shortest single interval, not a union.
  ///
  /// ```swift
  /// let draws = try SortedSample([0.1, 0.2, 0.25, 0.3, 0.9])
  /// try draws.highestDensityInterval(level: 0.6)  // 0.1...0.3: k = 3
  /// ```
  ///
  /// - Parameter level: the fraction of the sample the interval holds, in
  ///   (0, 1]. At 1 the interval is the sample's range (where ArviZ refuses).
  /// - Returns: the interval, whose ends are values of the sample.
  /// - Throws: ``StatisticsError/probabilityOutOfRange(function:value:)``
  ///   for a level outside (0, 1].
  /// - Complexity: O(n).
  public func highestDensityInterval(level: Double) throws(StatisticsError)
    -> ClosedRange<Double>
  {
    guard level > 0 && level <= 1 else {
      throw .probabilityOutOfRange(function: "highestDensityInterval", value: level)
    }
    let n = values.count
    let span = Int((level * Double(n)).rounded(.down))
    guard span < n else { return minimum...maximum }
    var best = 0
    var bestWidth = Double.infinity
    for start in 0..<(n - span) {
      // The difference of two finite values may overflow to ∞: compared
      // as ∞, it still loses to any finite width, and ties keep the first.
      let width = values[start + span] - values[start]
      if width < bestWidth {
        best = start
        bestWidth = width
      }
    }
    if bestWidth == .infinity {
      // Every width overflows: compare them halved, which is exact.
      for start in 0..<(n - span) {
        let width = values[start + span] / 2 - values[start] / 2
        if width < bestWidth {
          best = start
          bestWidth = width
        }
      }
    }
    return values[best]...values[best + span]
  }
}
