internal import GSLBridge

/// Splitting chains in half, rank-normalising, folding.
///
/// The transformations of Vehtari et al. (2021) §3 and §4, as ArviZ applies
/// them.
enum RankNormalization {
  /// Each chain's first and last ⌊n/2⌋ draws as two chains (the middle draw
  /// of an odd-length chain is dropped): ArviZ's `_split_chains`.
  static func split(_ chains: [[Double]]) -> [[Double]] {
    let half = chains[0].count / 2
    return chains.map { Array($0[0..<half]) } + chains.map { Array($0[($0.count - half)...]) }
  }

  /// Φ⁻¹((r - 3/8) / (N - 3/4 + 1)) for each draw's rank r among all N
  /// draws (ties share their average rank; Blom's offset): ArviZ's
  /// `_z_scale`, with scipy's `rankdata(method="average")` and
  /// `norm.ppf`.
  static func zScale(_ chains: [[Double]]) -> [[Double]] {
    let values = chains.flatMap { $0 }
    let order = values.indices.sorted { values[$0] < values[$1] }
    let size = Double(values.count)
    var z = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
      // Ranks start + 1 ... end share their average.
      let rank = Double(start + 1 + end) / 2
      let p = (rank - 3.0 / 8.0) / (size - 2 * (3.0 / 8.0) + 1)
      let score = GSLDistributionFunctions.standardNormalPInverse(p)
      for position in start..<end { z[order[position]] = score }
      start = end
    }
    let n = chains[0].count
    return (0..<chains.count).map { Array(z[($0 * n)..<(($0 + 1) * n)]) }
  }

  /// |x - median of all draws|: ArviZ's fold.
  static func fold(_ chains: [[Double]], aroundMedianOf reference: [[Double]]) -> [[Double]] {
    let centre = Moments.median(reference.flatMap { $0 })
    return chains.map { $0.map { abs($0 - centre) } }
  }

  /// 1 where a draw is at most `threshold`, else 0.
  static func indicator(_ chains: [[Double]], atMost threshold: Double) -> [[Double]] {
    chains.map { $0.map { $0 <= threshold ? 1 : 0 } }
  }

  /// The (unsplit, untransformed) potential scale reduction
  /// √((B/W + n - 1)/n), B = n × the variance of the chain means, W the
  /// mean within-chain variance (divisors n - 1): ArviZ's `_rhat`.
  ///
  /// - Returns: 1 when every draw is equal (B = W = 0, where ArviZ answers
  ///   NaN); +∞ when each chain is constant but they differ (W = 0, as
  ///   ArviZ); `nil` when a variance overflows.
  static func potentialScaleReduction(_ chains: [[Double]]) -> Double? {
    let n = Double(chains[0].count)
    let between = n * Moments.sampleVariance(chains.map { Moments.mean($0) })
    let within = Moments.mean(chains.map { Moments.sampleVariance($0) })
    guard between.isFinite, within.isFinite else { return nil }
    if within == 0 { return between == 0 ? 1 : .infinity }
    return ((between / within + n - 1) / n).squareRoot()
  }
}
