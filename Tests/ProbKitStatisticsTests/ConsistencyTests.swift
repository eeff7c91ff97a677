import ProbKitStatistics
import TestSupport
import Testing

/// Properties that tie the summaries to each other and to their
/// definitions, on seeded random samples with ties.
@Suite("Consistency")
struct ConsistencyTests {
  static func sample(size: Int, seed: UInt64) -> [Double] {
    var generator = SplitMix64(seed: seed)
    return (0..<size).map { _ in (Double.random(in: 0...20, using: &generator)).rounded() / 4 }
  }

  /// Type 1 is the ECDF's inverse: Q(p) = min{x : F̂(x) ≥ p} for p > 0.
  @Test(arguments: [1, 2, 5, 31, 200])
  func invertedCDFInvertsTheECDF(size: Int) throws {
    let values = Self.sample(size: size, seed: UInt64(size))
    let ecdf = try EmpiricalCDF(values)
    for k in 1...100 {
      let p = Double(k) / 100
      let expected = ecdf.sample.values.first { ecdf.value(at: $0) >= p }
      #expect(try ecdf.sample.quantile(p, method: .invertedCDF) == expected, "n=\(size) p=\(p)")
    }
  }

  /// The HDI holds at least the requested fraction and no interval between
  /// sample values holding as many is shorter (brute force).
  @Test(arguments: [1, 2, 7, 60, 333])
  func highestDensityIntervalIsShortest(size: Int) throws {
    var generator = SplitMix64(seed: 99 + UInt64(size))
    let values = (0..<size).map { _ in
      Double.random(in: 0...1, using: &generator) * Double.random(in: 0...1, using: &generator)
    }
    let sample = try SortedSample(values)
    for level in [0.3, 0.5, 0.9, 0.99] {
      let hdi = try sample.highestDensityInterval(level: level)
      let inside = sample.values.filter { hdi.contains($0) }.count
      #expect(Double(inside) >= level * Double(size))
      let span = Int((level * Double(size)).rounded(.down))
      let shortest =
        (0..<(size - min(span, size - 1)))
        .map { sample.values[$0 + min(span, size - 1)] - sample.values[$0] }.min() ?? 0
      #expect(hdi.upperBound - hdi.lowerBound == shortest)
    }
  }

  /// The histogram's counts sum to the sample size, and each value lies in
  /// its bin; the median is the type-7 quantile at ½.
  @Test(arguments: [3, 64, 500])
  func histogramAndMedian(size: Int) throws {
    let values = Self.sample(size: size, seed: 1000 + UInt64(size))
    for bins in [Histogram.Bins.count(7), .freedmanDiaconis, .sturges] {
      let histogram = try Histogram(values, bins: bins)
      #expect(histogram.counts.reduce(0, +) == size)
      #expect(histogram.edges.first == values.min() && histogram.edges.last == values.max())
    }
    let sample = try SortedSample(values)
    #expect(ulpDistance(sample.median, try sample.quantile(0.5)) <= 1)
  }

  /// Moments of a linear transform: the mean moves, the spread scales, the
  /// shape does not.
  @Test func momentsOfAnAffineMap() throws {
    let values = Self.sample(size: 400, seed: 5)
    let base = try SampleMoments(values)
    let mapped = try SampleMoments(values.map { -3 * $0 + 1e6 })
    expectClose(try mapped.mean(), -3 * (try base.mean()) + 1e6, relative: 1e-15)
    expectClose(try mapped.standardDeviation(), 3 * (try base.standardDeviation()), relative: 1e-13)
    expectClose(try mapped.skewness(), -(try base.skewness()), absolute: 1e-12)
    expectClose(try mapped.excessKurtosis(), try base.excessKurtosis(), absolute: 1e-12)
  }
}
