/// Sums, means and variances as the diagnostics need them: compensated
/// (Neumaier) sums, so that results do not depend on summation order beyond
/// the last bit (numpy sums pairwise).
enum Moments {
  static func sum(_ values: [Double]) -> Double {
    var total = 0.0
    var compensation = 0.0
    for value in values {
      let next = total + value
      if abs(total) >= abs(value) {
        compensation += (total - next) + value
      } else {
        compensation += (value - next) + total
      }
      total = next
    }
    return total + compensation
  }

  static func mean(_ values: [Double]) -> Double { sum(values) / Double(values.count) }

  /// The variance with divisor n - 1.
  static func sampleVariance(_ values: [Double]) -> Double {
    let centre = mean(values)
    return sum(values.map { ($0 - centre) * ($0 - centre) }) / Double(values.count - 1)
  }

  /// Type-7 quantile of sorted values: numpy's `quantile` (linear).
  static func quantile(sorted: [Double], _ p: Double) -> Double {
    let h = Double(sorted.count - 1) * p
    let low = Int(h.rounded(.down))
    guard low + 1 < sorted.count else { return sorted[sorted.count - 1] }
    let fraction = h - Double(low)
    return sorted[low] + fraction * (sorted[low + 1] - sorted[low])
  }

  /// The quantile as ArviZ's `_quantile` computes it.
  ///
  /// scipy's `mquantiles` with alphap = betap = 1, also type 7: with aleph = Np + 1 - p,
  /// k = ⌊clip(aleph, 1, N - 1)⌋, γ = clip(aleph - k, 0, 1),
  /// (1 - γ)x₍k-1₎ + γx₍k₎. Used where the result decides which draws count
  /// as below the quantile, so that a tie with a draw falls as in ArviZ.
  static func mquantile(sorted: [Double], _ p: Double) -> Double {
    let n = Double(sorted.count)
    let aleph = n * p + (1 - p)
    let k = min(max(aleph, 1), n - 1).rounded(.down)
    let gamma = min(max(aleph - k, 0), 1)
    let index = Int(k)
    return (1 - gamma) * sorted[index - 1] + gamma * sorted[index]
  }

  /// numpy's `median`: the middle order statistic, or the mean of the two.
  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
