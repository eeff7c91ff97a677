import Foundation

/// Goodness-of-fit helpers for the seeded statistical tests.
///
/// Every statistical test here uses a fixed seed, so its outcome is
/// deterministic; the stated false-alarm rate is the probability that a
/// correct sampler would fail the check for a seed chosen at random.
enum GoodnessOfFit {
  /// The Kolmogorov–Smirnov statistic D = supₓ |Fₙ(x) - F(x)| of `sample`
  /// against the continuous CDF `cdf`.
  static func kolmogorovSmirnov(_ sample: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = sample.sorted()
    let n = Double(sorted.count)
    var statistic = 0.0
    for (index, x) in sorted.enumerated() {
      let f = cdf(x)
      statistic = max(statistic, Double(index + 1) / n - f, f - Double(index) / n)
    }
    return statistic
  }

  /// Whether the KS statistic `d` of a sample of size `n` is below the
  /// critical value at false-alarm rate 0.001 (Stephens' finite-sample form of
  /// the asymptotic Kolmogorov quantile, K₀.₉₉₉ = 1.9495).
  static func passesKolmogorovSmirnov(_ d: Double, sampleSize n: Int) -> Bool {
    let root = Double(n).squareRoot()
    return d * (root + 0.12 + 0.11 / root) < 1.9495
  }

  /// Pearson's chi-square statistic of observed counts against equal expected
  /// counts.
  static func chiSquareUniform(_ counts: [Int]) -> Double {
    let expected = Double(counts.reduce(0, +)) / Double(counts.count)
    return counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
  }

  /// The standard normal CDF, Φ(x) = erfc(-x/√2)/2.
  static func normalCDF(_ x: Double) -> Double {
    0.5 * erfc(-x / 2.0.squareRoot())
  }
}
