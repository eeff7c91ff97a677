import ProbKitStatistics
import TestSupport
import Testing

@Suite("Histogram")
struct HistogramTests {
  static let cases = (try? StatisticsReference.shared.get().histograms) ?? []

  /// numpy.histogram: the edges (numpy's histogram_bin_edges for 'fd' and
  /// 'sturges'), the counts (last bin closed) and density=True.
  @Test(arguments: cases.map(\.name))
  func matchesNumPy(name: String) throws {
    let reference = try #require(Self.cases.first { $0.name == name })
    let values = try Fixture.doubles(reference.values)
    for binning in reference.binnings {
      let bins: Histogram.Bins
      if let count = binning.bins.count {
        bins = .count(try #require(Int(count)))
      } else if let edges = binning.bins.edges {
        bins = .edges(try Fixture.doubles(edges))
      } else {
        bins = binning.bins.rule == "fd" ? .freedmanDiaconis : .sturges
      }
      let histogram = try Histogram(values, bins: bins)
      let expectedEdges = try Fixture.doubles(binning.expectedEdges)
      #expect(histogram.edges.count == expectedEdges.count, "\(name) \(bins)")
      if histogram.edges.count == expectedEdges.count {
        for (actual, expected) in zip(histogram.edges, expectedEdges) {
          #expect(
            ulpDistance(actual, expected) <= 1, "\(name) \(bins): edge \(actual) vs \(expected)")
        }
      }
      #expect(histogram.counts == binning.counts.compactMap { Int($0) }, "\(name) \(bins)")
      expectClose(
        try histogram.densities(), try Fixture.doubles(binning.densities), relative: 1e-13)
    }
  }

  @Test func lastBinIsClosedAndOutsideValuesAreDropped() throws {
    let histogram = try Histogram([1, 2, 2, 3, 3, 3, 4], bins: .count(3))
    #expect(histogram.edges == [1, 2, 3, 4])
    #expect(histogram.counts == [1, 2, 4])
    let given = try Histogram([-1, 0, 0.5, 1, 2], bins: .edges([0, 0.5, 1]))
    #expect(given.counts == [1, 2])
    let density = try given.densities()
    expectClose(zip(density, given.widths).map { $0 * $1 }.reduce(0, +), 1, relative: 1e-15)
  }

  @Test func hostileInputs() throws {
    #expect(throws: StatisticsError.emptySample(function: "Histogram")) {
      try Histogram([], bins: .sturges)
    }
    #expect(try Histogram([], bins: .edges([0, 1])).counts == [0])
    #expect(throws: StatisticsError.emptySample(function: "Histogram.densities")) {
      try Histogram([], bins: .edges([0, 1])).densities()
    }
    #expect(throws: StatisticsError.self) { try Histogram([1, .nan]) }
    #expect(throws: StatisticsError.invalidBinCount(0)) { try Histogram([1, 2], bins: .count(0)) }
    #expect(throws: StatisticsError.self) { try Histogram([1], bins: .edges([0])) }
    #expect(throws: StatisticsError.self) { try Histogram([1], bins: .edges([0, 0, 1])) }
    #expect(throws: StatisticsError.self) { try Histogram([1], bins: .edges([0, .infinity])) }
    // A range beyond Double's: a typed error, not NaN edges.
    #expect(throws: StatisticsError.overflow(function: "Histogram")) {
      try Histogram([-1e308, 1e308], bins: .count(4))
    }
    // More bins than the range can separate.
    #expect(throws: StatisticsError.self) {
      try Histogram([1, 1.0.nextUp], bins: .count(1000))
    }
    // Freedman–Diaconis with one far outlier: too many bins for memory.
    var values = Array(repeating: 0.0, count: 50) + Array(repeating: 1e-300, count: 50)
    values.append(1e300)
    #expect(throws: StatisticsError.self) { try Histogram(values, bins: .freedmanDiaconis) }
    // A constant sample: one bin of width 1 around it, as numpy.
    let constant = try Histogram([2.5, 2.5], bins: .sturges)
    #expect(constant.edges == [2, 3])
    #expect(constant.counts == [2])
  }
}
