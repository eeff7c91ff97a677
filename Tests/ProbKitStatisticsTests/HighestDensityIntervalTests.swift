import ProbKitStatistics
import TestSupport
import Testing

@Suite("Highest-density interval of a sample")
struct HighestDensityIntervalTests {
  static let cases = (try? StatisticsReference.shared.get().hdi) ?? []

  /// Exactly ArviZ's az.hdi (the interval's ends are sample values).
  @Test(arguments: cases.map(\.name))
  func matchesArviZ(name: String) throws {
    let reference = try #require(Self.cases.first { $0.name == name })
    let sample = try SortedSample(try Fixture.doubles(reference.values))
    for (level, interval) in zip(try Fixture.doubles(reference.levels), reference.intervals) {
      let hdi = try sample.highestDensityInterval(level: level)
      #expect(hdi.lowerBound == (try Fixture.double(interval[0])), "\(name) \(level)")
      #expect(hdi.upperBound == (try Fixture.double(interval[1])), "\(name) \(level)")
    }
  }

  @Test func edges() throws {
    let sample = try SortedSample([0.1, 0.2, 0.25, 0.3, 0.9])
    #expect(try sample.highestDensityInterval(level: 0.6) == 0.1...0.3)
    #expect(try sample.highestDensityInterval(level: 1) == 0.1...0.9)
    #expect(try SortedSample([3]).highestDensityInterval(level: 0.9) == 3...3)
    for level in [0, -0.5, 1.5, .nan] {
      #expect(throws: StatisticsError.self) { try sample.highestDensityInterval(level: level) }
    }
    // Widths that overflow are still compared.
    let wide = try SortedSample([-1.7e308, 1.7e308, 1.75e308])
    #expect(try wide.highestDensityInterval(level: 0.5) == 1.7e308...1.75e308)
    let wider = try SortedSample([-1.7e308, -1e308, 1.7e308])
    #expect(try wider.highestDensityInterval(level: 0.5) == -1.7e308 ... -1e308)
  }
}
