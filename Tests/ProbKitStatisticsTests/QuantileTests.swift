import ProbKitStatistics
import TestSupport
import Testing

@Suite("Quantiles")
struct QuantileTests {
  static let reference = try? StatisticsReference.shared.get().quantiles

  /// Every numpy method at every probability, on samples of 1 to 101 values
  /// (ties, an offset of 1e9), to numpy's last bit or two.
  @Test(arguments: reference?.cases.map(\.name) ?? [])
  func matchesNumPy(name: String) throws {
    let reference = try #require(Self.reference)
    let sample = try #require(reference.cases.first { $0.name == name })
    let values = try Fixture.doubles(sample.values)
    let sorted = try SortedSample(values)
    let probabilities = try Fixture.doubles(reference.probabilities)
    for method in QuantileMethod.allCases {
      let expected = try Fixture.doubles(try #require(sample.quantiles[method.numpyName]))
      let actual = try sorted.quantiles(probabilities, method: method)
      for (index, p) in probabilities.enumerated() {
        #expect(
          ulpDistance(actual[index], expected[index]) <= 2,
          "\(name) \(method.numpyName) p=\(p): got \(actual[index]), numpy \(expected[index])")
      }
    }
    #expect(ulpDistance(sorted.median, try Fixture.double(sample.median)) <= 1)
  }

  @Test func typesAndNames() {
    #expect(QuantileMethod.allCases.map(\.hyndmanFanType) == Array(1...9))
    #expect(QuantileMethod(hyndmanFanType: 7) == .linear)
    #expect(QuantileMethod(hyndmanFanType: 10) == nil)
    #expect(QuantileMethod.medianUnbiased.numpyName == "median_unbiased")
  }

  /// Quantiles are non-decreasing in p and stay within [min, max], for
  /// every method, on seeded random samples with ties.
  @Test func monotoneInProbability() throws {
    var generator = SplitMix64(seed: 15)
    for size in [1, 2, 3, 7, 50, 333] {
      let values = (0..<size).map { _ in (Double.random(in: -10...10, using: &generator)).rounded()
      }
      let sample = try SortedSample(values)
      let grid = (0...400).map { Double($0) / 400 }
      for method in QuantileMethod.allCases {
        let q = try sample.quantiles(grid, method: method)
        for index in q.indices.dropFirst() {
          #expect(q[index] >= q[index - 1], "\(method) n=\(size) at p=\(grid[index])")
        }
        #expect(q.allSatisfy { $0 >= sample.minimum && $0 <= sample.maximum })
      }
    }
  }

  @Test func sortedVariantAgreesAndChecks() throws {
    let values: [Double] = [5, 1, 4, 2, 3]
    let copy = try SortedSample(values)
    #expect(copy.values == [1, 2, 3, 4, 5])
    #expect(try SortedSample(sorted: [1, 2, 3, 4, 5]) == copy)
    #expect(throws: StatisticsError.notSorted(function: "SortedSample(sorted:)", index: 2)) {
      try SortedSample(sorted: [1, 3, 2])
    }
    #expect(copy.median == 3)
    #expect(try SortedSample([4, 1, 3, 2]).median == 2.5)
  }

  @Test func hostileInputs() throws {
    #expect(throws: StatisticsError.emptySample(function: "SortedSample")) {
      try SortedSample([])
    }
    #expect(
      throws: StatisticsError.nonFiniteValue(function: "SortedSample", index: 1, value: .infinity)
    ) {
      try SortedSample([1, .infinity])
    }
    #expect(throws: StatisticsError.self) { try SortedSample([.nan, 1]) }
    #expect(throws: StatisticsError.self) { try SortedSample(sorted: [1, .nan]) }
    let sample = try SortedSample([1, 2, 3])
    for p in [-0.1, 1.0000001, .nan, .infinity] {
      #expect(throws: StatisticsError.self) { try sample.quantile(p) }
    }
    // Values of opposite signs near the top of the range: no overflow.
    let extreme = try SortedSample([-.greatestFiniteMagnitude, .greatestFiniteMagnitude])
    #expect(extreme.median == 0)
    #expect(try extreme.quantile(0.25).isFinite)
    #expect(try extreme.quantile(1) == .greatestFiniteMagnitude)
    // A single value is every quantile.
    let one = try SortedSample([4.2])
    for method in QuantileMethod.allCases {
      #expect(try one.quantile(0.3, method: method) == 4.2)
    }
  }
}
