import ProbKitStatistics
import TestSupport
import Testing

@Suite("EmpiricalCDF")
struct EmpiricalCDFTests {
  static let cases = (try? StatisticsReference.shared.get().ecdf) ?? []

  /// Against scipy.stats.ecdf: the steps, and F̂ at points.
  @Test(arguments: cases.map(\.name))
  func matchesSciPy(name: String) throws {
    let reference = try #require(Self.cases.first { $0.name == name })
    let ecdf = try EmpiricalCDF(try Fixture.doubles(reference.values))
    #expect(ecdf.steps.map(\.value) == (try Fixture.doubles(reference.stepValues)))
    expectClose(
      ecdf.steps.map(\.cumulativeProbability), try Fixture.doubles(reference.stepProbabilities),
      relative: 1e-15)
    let points = try Fixture.doubles(reference.points)
    expectClose(
      points.map { ecdf.value(at: $0) }, try Fixture.doubles(reference.cdf), relative: 1e-15)
  }

  @Test func edges() throws {
    let ecdf = try EmpiricalCDF([3, 1, 2, 2])
    #expect(ecdf.value(at: -.infinity) == 0)
    #expect(ecdf.value(at: .infinity) == 1)
    #expect(ecdf.value(at: 2) == 0.75)
    #expect(ecdf.value(at: 2.0.nextDown) == 0.25)
    #expect(ecdf.value(at: .nan).isNaN)
    #expect(ecdf.sample.values == [1, 2, 2, 3])
    #expect(throws: StatisticsError.emptySample(function: "SortedSample")) {
      try EmpiricalCDF([])
    }
    #expect(throws: StatisticsError.self) { try EmpiricalCDF([0, .nan]) }
  }
}
