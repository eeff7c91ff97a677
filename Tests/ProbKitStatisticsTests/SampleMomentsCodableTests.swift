import Foundation
import ProbKitStatistics
import TestSupport
import Testing

@Suite("SampleMoments coding")
struct SampleMomentsCodableTests {
  static func roundTrip(_ moments: SampleMoments) throws -> SampleMoments {
    try JSONDecoder().decode(SampleMoments.self, from: JSONEncoder().encode(moments))
  }

  /// Map-reduce: summaries written by workers, read back and merged, equal
  /// the summary of all the data; the round trip is exact.
  @Test func roundTripsExactlyAndMerges() throws {
    var generator = SplitMix64(seed: 11)
    let values = (0..<5000).map { _ in 1e9 + Double.random(in: -1...1, using: &generator) }
    let parts = try stride(from: 0, to: 5000, by: 1000).map {
      try SampleMoments(Array(values[$0..<$0 + 1000]))
    }
    var merged = SampleMoments()
    for part in parts {
      let restored = try Self.roundTrip(part)
      #expect(restored == part)
      merged = merged + restored
    }
    let all = try SampleMoments(values)
    expectClose(try merged.variance(), try all.variance(), relative: 1e-13)
    expectClose(try merged.skewness(), try all.skewness(), absolute: 1e-12)
    for special in [
      SampleMoments(), try SampleMoments([1e300, -1e300]), try SampleMoments([0, 0]),
      try SampleMoments([.leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude]),
      try SampleMoments([3.5]),
    ] {
      #expect(try Self.roundTrip(special) == special)
    }
  }

  @Test(arguments: [
    #"{"count": -1}"#,
    #"{"count": 2, "totalWeight": 2, "minimum": 1, "maximum": 3, "scaleExponent": 5, "scaledMean": 0.5, "scaledMeanLow": 0, "scaledM2": 0.125, "scaledM3": 0, "scaledM4": 0.01}"#,
    #"{"count": 2, "totalWeight": 2, "minimum": 3, "maximum": 1, "scaleExponent": 2, "scaledMean": 0.5, "scaledMeanLow": 0, "scaledM2": 0.125, "scaledM3": 0, "scaledM4": 0.01}"#,
    #"{"count": 2, "totalWeight": 2, "minimum": 1, "maximum": 3, "scaleExponent": 2, "scaledMean": 0.5, "scaledMeanLow": 0, "scaledM2": -0.125, "scaledM3": 0, "scaledM4": 0.01}"#,
    #"{"count": 2, "totalWeight": 0, "minimum": 1, "maximum": 3, "scaleExponent": 2, "scaledMean": 0.5, "scaledMeanLow": 0, "scaledM2": 0.125, "scaledM3": 0, "scaledM4": 0.01}"#,
    #"{"count": 2, "totalWeight": 2, "minimum": 1, "maximum": 3, "scaleExponent": 2, "scaledMean": 7, "scaledMeanLow": 0, "scaledM2": 0.125, "scaledM3": 0, "scaledM4": 0.01}"#,
    #"{"count": 2, "totalWeight": 2, "minimum": 1, "maximum": 3, "scaleExponent": 2, "scaledMean": 0.5, "scaledMeanLow": 0, "scaledM2": 0.125, "scaledM3": 0, "scaledM4": 1e300}"#,
  ])
  func rejectsImpossibleSummaries(json: String) {
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(SampleMoments.self, from: Data(json.utf8))
    }
  }

  @Test func acceptsAValidHandWrittenSummary() throws {
    // [1, 3]: scaled by 2^-2, the mean 0.5 and M₂ = 2 · 0.25² = 0.125.
    let json =
      #"{"count": 2, "totalWeight": 2, "minimum": 1, "maximum": 3, "scaleExponent": 2, "#
      + #""scaledMean": 0.5, "scaledMeanLow": 0, "scaledM2": 0.125, "scaledM3": 0, "scaledM4": 0.0078125}"#
    let moments = try JSONDecoder().decode(SampleMoments.self, from: Data(json.utf8))
    #expect(moments == (try SampleMoments([1, 3])))
    #expect(try moments.variance() == 2)
  }
}
