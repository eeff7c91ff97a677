import ProbKitStatistics
import TestSupport
import Testing

@Suite("Autocorrelation")
struct AutocorrelationTests {
  static let cases = (try? StatisticsReference.shared.get().acf) ?? []

  /// statsmodels' acf(adjusted=False): direct sums for short lag sequences,
  /// the FFT beyond 64 lags, and a series with an offset of 1e9.
  @Test(arguments: cases.map(\.name))
  func matchesStatsmodels(name: String) throws {
    let reference = try #require(Self.cases.first { $0.name == name })
    let maxLag = try #require(Int(reference.maxLag))
    let acf = try Autocorrelation(try Fixture.doubles(reference.values), maxLag: maxLag)
    #expect(acf.maxLag == maxLag)
    #expect(acf[lag: 0] == 1)
    // The offset series: statsmodels centres in double precision, so it
    // carries about 1e-9 of error that ProbKit's compensated sums do not.
    let tolerance = name.contains("offset") ? 1e-8 : 1e-13
    expectClose(
      acf.coefficients, try Fixture.doubles(reference.coefficients), absolute: tolerance)
  }

  /// The FFT and the direct sums agree (lag 64 by both).
  @Test func fftAgreesWithDirectSums() throws {
    var generator = SplitMix64(seed: 3)
    var x = [0.0]
    for _ in 1..<700 {
      x.append(0.5 * x[x.count - 1] + Double.random(in: -1...1, using: &generator))
    }
    let direct = try Autocorrelation(x, maxLag: Autocorrelation.directLagLimit)
    let byFFT = try Autocorrelation(x, maxLag: 200)
    expectClose(Array(byFFT.coefficients[0...64]), direct.coefficients, absolute: 1e-14)
    #expect(byFFT.coefficients.allSatisfy { abs($0) <= 1 })
  }

  @Test func scaleInvariantAndHostileInputs() throws {
    let x: [Double] = [1, 3, 2, 5, 4, 6, 5, 8]
    let acf = try Autocorrelation(x, maxLag: 3)
    let huge = try Autocorrelation(x.map { $0 * 1e300 }, maxLag: 3)
    let tiny = try Autocorrelation(x.map { $0 * 1e-300 }, maxLag: 3)
    expectClose(huge.coefficients, acf.coefficients, absolute: 1e-15)
    expectClose(tiny.coefficients, acf.coefficients, absolute: 1e-15)
    #expect(throws: StatisticsError.emptySample(function: "Autocorrelation")) {
      try Autocorrelation([], maxLag: 0)
    }
    #expect(throws: StatisticsError.invalidLag(maxLag: 8, count: 8)) {
      try Autocorrelation(x, maxLag: 8)
    }
    #expect(throws: StatisticsError.invalidLag(maxLag: -1, count: 8)) {
      try Autocorrelation(x, maxLag: -1)
    }
    #expect(throws: StatisticsError.constantSample(function: "Autocorrelation")) {
      try Autocorrelation([2, 2, 2], maxLag: 1)
    }
    #expect(throws: StatisticsError.self) { try Autocorrelation([1, .nan, 2], maxLag: 1) }
    #expect(try Autocorrelation([-1.7e308, 1.7e308], maxLag: 1)[lag: 1] == -0.5)
  }
}
