import ProbKitStatistics
import TestSupport
import Testing

@Suite("SampleMoments")
struct SampleMomentsTests {
  static let cases = (try? StatisticsReference.shared.get().moments) ?? []

  /// Against the exact moments (mpmath from the same doubles; the script
  /// checks they are numpy's and scipy's definitions).
  @Test(arguments: cases.map(\.name))
  func matchesExactReference(name: String) throws {
    let reference = try #require(Self.cases.first { $0.name == name })
    let values = try Fixture.doubles(reference.values)
    let weights = try reference.weights.map { try Fixture.doubles($0) }
    let moments = try SampleMoments(values, weights: weights)
    // Location to a few roundings; the spread statistics to 1e-13 (the
    // two-pass blocks and Pébay's merges), far inside what scipy achieves
    // for the offset samples.
    // The mean to a rounding of the largest |x| (it is a difference of them).
    let largest = values.map(abs).max() ?? 0
    expectClose(try moments.mean(), try Fixture.double(reference.mean), absolute: 4e-16 * largest)
    for (ddof, variance, sd) in [
      (0, reference.variance0, reference.sd0), (1, reference.variance1, reference.sd1),
    ] {
      let expectedVariance = try Fixture.double(variance)
      if expectedVariance.isInfinite {
        #expect(throws: StatisticsError.overflow(function: "variance")) {
          try moments.variance(ddof: ddof)
        }
      } else {
        expectClose(try moments.variance(ddof: ddof), expectedVariance, relative: 1e-13)
      }
      expectClose(
        try moments.standardDeviation(ddof: ddof), try Fixture.double(sd), relative: 1e-13)
    }
    if let skewness = reference.skewness {
      expectClose(try moments.skewness(), try Fixture.double(skewness), absolute: 1e-13)
    }
    if let kurtosis = reference.kurtosis {
      expectClose(try moments.excessKurtosis(), try Fixture.double(kurtosis), absolute: 1e-13)
    }
    if let corrected = reference.skewnessCorrected {
      expectClose(
        try moments.skewness(biasCorrected: true), try Fixture.double(corrected), absolute: 1e-13)
    }
    if let corrected = reference.kurtosisCorrected {
      expectClose(
        try moments.excessKurtosis(biasCorrected: true), try Fixture.double(corrected),
        absolute: 1e-13)
    }
  }

  /// Appending one value at a time (Welford) and merging random splits
  /// (Pébay) give the batch result, to rounding.
  @Test(arguments: cases.filter { $0.weights == nil }.map(\.name))
  func streamingAndMergingAgreeWithBatch(name: String) throws {
    let reference = try #require(Self.cases.first { $0.name == name })
    let values = try Fixture.doubles(reference.values)
    let batch = try SampleMoments(values)
    var streamed = SampleMoments()
    try streamed.append(contentsOf: values)
    var generator = SplitMix64(seed: 20_261_203)
    var merged = SampleMoments()
    var start = 0
    while start < values.count {
      let end = min(values.count, start + Int.random(in: 1...50, using: &generator))
      merged = try merged.merged(with: SampleMoments(Array(values[start..<end])))
      start = end
    }
    for candidate in [streamed, merged] {
      #expect(candidate.count == batch.count)
      let largest = values.map(abs).max() ?? 0
      expectClose(try candidate.mean(), try batch.mean(), absolute: 4e-16 * largest)
      expectClose(try candidate.standardDeviation(), try batch.standardDeviation(), relative: 1e-12)
      if values.count > 2 {
        expectClose(try candidate.skewness(), try batch.skewness(), absolute: 1e-11)
        expectClose(try candidate.excessKurtosis(), try batch.excessKurtosis(), absolute: 1e-11)
      }
    }
  }

  @Test func mergingIsAssociativeAndHasAnIdentity() throws {
    var generator = SplitMix64(seed: 7)
    let values = (0..<300).map { _ in Double.random(in: -5...20, using: &generator) }
    let a = try SampleMoments(Array(values[0..<10]))
    let b = try SampleMoments(Array(values[10..<200]))
    let c = try SampleMoments(Array(values[200...]))
    let left = (a + b) + c
    let right = a + (b + c)
    expectClose(try left.variance(), try right.variance(), relative: 1e-14)
    expectClose(try left.excessKurtosis(), try right.excessKurtosis(), absolute: 1e-13)
    #expect(a + SampleMoments() == a)
    #expect(SampleMoments() + a == a)
    #expect(left.minimum == values.min() && left.maximum == values.max())
  }

  /// Frequency weights are repetitions; a weight of 0 drops the value.
  @Test func integerWeightsEqualRepetition() throws {
    let values: [Double] = [1.5, -2, 7, 3.25, 0]
    let weights: [Double] = [2, 0, 3, 1, 4]
    let weighted = try SampleMoments(values, weights: weights)
    var repeated: [Double] = []
    for (value, weight) in zip(values, weights) {
      repeated += Array(repeating: value, count: Int(weight))
    }
    let plain = try SampleMoments(repeated)
    #expect(weighted.totalWeight == 10)
    #expect(weighted.count == 4)
    expectClose(try weighted.mean(), try plain.mean(), relative: 1e-15)
    expectClose(try weighted.variance(), try plain.variance(), relative: 1e-14)
    expectClose(try weighted.skewness(), try plain.skewness(), absolute: 1e-14)
    expectClose(
      try weighted.excessKurtosis(biasCorrected: true),
      try plain.excessKurtosis(biasCorrected: true), absolute: 1e-13)
    var appended = SampleMoments()
    for (value, weight) in zip(values, weights) { try appended.append(value, weight: weight) }
    expectClose(try appended.variance(), try plain.variance(), relative: 1e-14)
  }

  /// 10^7 values around 1e9 whose moments are known exactly: each of
  /// 1e9 + k − 499.5, k = 0…999, ten thousand times (a discrete uniform).
  @Test func tenMillionValuesWithAHugeOffset() throws {
    let count = 10_000_000
    let values = (0..<count).map { 1e9 + Double($0 % 1000) - 499.5 }
    let moments = try SampleMoments(values)
    #expect(moments.count == count)
    expectClose(try moments.mean(), 1e9, relative: 1e-16)
    expectClose(try moments.variance(ddof: 0), (1000.0 * 1000 - 1) / 12, relative: 1e-13)
    #expect(abs(try moments.skewness()) < 1e-12)
    let m = 1000.0 * 1000
    expectClose(try moments.excessKurtosis(), -6 * (m + 1) / (5 * (m - 1)), relative: 1e-12)
    // The same by one-value updates for the first 10^6 (Welford's).
    var streamed = SampleMoments()
    try streamed.append(contentsOf: values[0..<1_000_000])
    expectClose(try streamed.variance(ddof: 0), (m - 1) / 12, relative: 1e-10)
    expectClose(try streamed.excessKurtosis(), -6 * (m + 1) / (5 * (m - 1)), relative: 1e-9)
  }

  @Test func extremeMagnitudes() throws {
    // The variance of ±1e300 is 2e600: a typed error, never NaN or ∞; the
    // standard deviation is representable and exact.
    let opposite = try SampleMoments([1e300, -1e300])
    #expect(try opposite.mean() == 0)
    #expect(throws: StatisticsError.overflow(function: "variance")) {
      try opposite.variance()
    }
    expectClose(try opposite.standardDeviation(), 2.0.squareRoot() * 1e300, relative: 1e-15)
    #expect(try opposite.skewness() == 0)
    expectClose(try opposite.excessKurtosis(), -2, relative: 1e-15)
    // Near the top of the range even the standard deviation overflows.
    let greatest = try SampleMoments([.greatestFiniteMagnitude, -.greatestFiniteMagnitude])
    #expect(throws: StatisticsError.overflow(function: "standardDeviation")) {
      try greatest.standardDeviation()
    }
    #expect(try greatest.mean() == 0)
    // The mean of two maxima does not overflow.
    let top = try SampleMoments([.greatestFiniteMagnitude, .greatestFiniteMagnitude.nextDown])
    #expect(try top.mean().isFinite)
    // Tiny values: the variance underflows to 0, the spread does not.
    let tiny = try SampleMoments([1e-300, 3e-300])
    #expect(try tiny.variance() == 0)
    expectClose(try tiny.standardDeviation(), 2.0.squareRoot() * 1e-300, relative: 1e-15)
    expectClose(try tiny.mean(), 2e-300, relative: 1e-15)
    // Subnormals.
    let least = Double.leastNonzeroMagnitude
    let subnormal = try SampleMoments([least, 2 * least, 3 * least])
    #expect(try subnormal.mean() == 2 * least)
    #expect(try subnormal.skewness() == 0)
    // Streaming from small to huge and back.
    var mixed = SampleMoments()
    try mixed.append(contentsOf: [1e-300, 1, 1e300, -1e300, 0])
    // (The mean, 0.2, is lost to cancellation in any one-value update, as
    // in Welford's; the spread is not.)
    expectClose(try mixed.standardDeviation(ddof: 0), 1e300 * 0.4.squareRoot(), relative: 1e-15)
  }

  @Test func constantAndTooSmallSamples() throws {
    let single = try SampleMoments([4.25])
    #expect(try single.mean() == 4.25)
    #expect(try single.variance(ddof: 0) == 0)
    #expect(throws: StatisticsError.tooFewObservations(function: "variance", needed: 2, count: 1)) {
      try single.variance()
    }
    #expect(throws: StatisticsError.constantSample(function: "skewness")) {
      try single.skewness()
    }
    let constant = try SampleMoments(Array(repeating: 0.1, count: 1001))
    #expect(try constant.mean() == 0.1)
    #expect(try constant.variance() == 0)
    #expect(throws: StatisticsError.constantSample(function: "excessKurtosis")) {
      try constant.excessKurtosis()
    }
    let three = try SampleMoments([1, 2, 4])
    #expect(
      throws: StatisticsError.tooFewObservations(function: "excessKurtosis", needed: 4, count: 3)
    ) {
      try three.excessKurtosis(biasCorrected: true)
    }
    #expect(throws: StatisticsError.invalidDegreesOfFreedom(function: "variance", ddof: -1)) {
      try three.variance(ddof: -1)
    }
  }

  @Test func hostileInputsThrowTypedErrors() throws {
    let empty = SampleMoments()
    #expect(throws: StatisticsError.emptySample(function: "mean")) { try empty.mean() }
    #expect(throws: StatisticsError.emptySample(function: "variance")) { try empty.variance() }
    #expect(throws: StatisticsError.emptySample(function: "skewness")) { try empty.skewness() }
    #expect(empty.minimum == nil)
    #expect(
      throws: StatisticsError.nonFiniteValue(function: "SampleMoments", index: 1, value: .infinity)
    ) {
      try SampleMoments([1, .infinity])
    }
    #expect(throws: StatisticsError.self) { try SampleMoments([.nan]) }
    #expect(throws: StatisticsError.weightCount(function: "SampleMoments", expected: 2, count: 1)) {
      try SampleMoments([1, 2], weights: [1])
    }
    #expect(throws: StatisticsError.invalidWeight(function: "SampleMoments", index: 1, weight: -1))
    {
      try SampleMoments([1, 2], weights: [1, -1])
    }
    var moments = SampleMoments()
    #expect(throws: StatisticsError.self) { try moments.append(.nan) }
    #expect(throws: StatisticsError.self) { try moments.append(1, weight: .nan) }
    try moments.append(1, weight: 1e301)
    #expect(
      throws: StatisticsError.invalidTotalWeight(function: "SampleMoments.append", total: 2e301)
    ) {
      try moments.append(2, weight: 1e301)
    }
    #expect(
      throws: StatisticsError.invalidTotalWeight(function: "SampleMoments", total: .infinity)
    ) {
      try SampleMoments([1, 2], weights: [1e308, 1e308])
    }
    // Huge but allowed weights: no overflow in the central sums.
    let heavy = try SampleMoments([-1.7e308, 1.7e308, 0], weights: [1e300, 1e300, 1e300])
    #expect(try heavy.mean() == 0)
    expectClose(try heavy.excessKurtosis(), -1.5, relative: 1e-14)
    expectClose(try heavy.excessKurtosis(biasCorrected: true), -1.5, relative: 1e-14)
    #expect(try heavy.skewness(biasCorrected: true) == 0)
    #expect(moments.count == 1)
    // All-zero weights: no values.
    let dropped = try SampleMoments([1, 2], weights: [0, 0])
    #expect(dropped.count == 0)
    #expect(throws: StatisticsError.emptySample(function: "mean")) { try dropped.mean() }
  }

  @Test func documentedExample() throws {
    let moments = try SampleMoments([2, 4, 4, 4, 5, 5, 7, 9])
    #expect(try moments.mean() == 5)
    #expect(try moments.variance(ddof: 0) == 4)
    expectClose(try moments.skewness(), 0.65625, relative: 1e-15)
    var running = SampleMoments()
    try running.append(contentsOf: [2, 4, 4, 4])
    let merged = try running + SampleMoments([5, 5, 7, 9])
    expectClose(try merged.variance(), try moments.variance(), relative: 1e-15)
  }
}
