import Foundation
import TestSupport
import Testing

@testable import ProbKitCore

/// The reference streams GSL produces from C (Tests/Reference/generate_rng_streams.c).
private struct ReferenceStreams: Decodable {
  struct Stream: Decodable {
    let algorithm: String
    let seed: UInt32
    let min: UInt64
    let max: UInt64
    let raw: [UInt64]
    let uniform: [String]
    let standardNormal: [String]
    let standardExponential: [String]
  }
  let streams: [Stream]

  static let shared = Result {
    try Fixture.load(ReferenceStreams.self, named: "rng-streams.json", in: .module)
  }
}

struct RandomSourceReproducibilityTests {
  /// The GSL manual's random-number-generator example prints
  /// "generator type: mt19937, seed = 0, first value = 4293858116".
  @Test func mt19937MatchesTheValueTheGSLManualDocuments() {
    let source = RandomSource(seed: 0, algorithm: .mt19937)
    #expect(source.generator.nextRaw() == 4_293_858_116)
  }

  @Test func theDefaultAlgorithmIsTaus2() {
    #expect(RandomSource.Algorithm.default == .taus2)
    #expect(RandomSource(seed: 1).algorithm == .taus2)
  }

  @Test(arguments: RandomSource.Algorithm.allCases)
  func streamsMatchGSLFromC(_ algorithm: RandomSource.Algorithm) throws {
    let streams = try ReferenceStreams.shared.get().streams.filter {
      $0.algorithm == algorithm.rawValue
    }
    #expect(streams.count == 5)
    for stream in streams {
      let raw = RandomSource(seed: stream.seed, algorithm: algorithm)
      #expect(raw.generator.minimum == stream.min && raw.generator.maximum == stream.max)
      #expect(stream.raw.map { _ in raw.generator.nextRaw() } == stream.raw, "seed \(stream.seed)")
      let uniform = RandomSource(seed: stream.seed, algorithm: algorithm)
      #expect(
        try stream.uniform.map(Fixture.double) == stream.uniform.map { _ in uniform.nextUniform() })
      let normal = RandomSource(seed: stream.seed, algorithm: algorithm)
      #expect(
        try stream.standardNormal.map(Fixture.double)
          == stream.standardNormal.map { _ in normal.nextStandardNormal() })
      let exponential = RandomSource(seed: stream.seed, algorithm: algorithm)
      #expect(
        try stream.standardExponential.map(Fixture.double)
          == stream.standardExponential.map { _ in exponential.nextStandardExponential() })
    }
  }

  @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
    let a = RandomSource(seed: 2024)
    let b = RandomSource(seed: 2024)
    let c = RandomSource(seed: 2025)
    let fromA = (0..<1000).map { _ in a.next() }
    #expect(fromA == (0..<1000).map { _ in b.next() })
    #expect(fromA != (0..<1000).map { _ in c.next() })
  }

  @Test func copyContinuesTheSameStreamIndependently() {
    let original = RandomSource(seed: 7, algorithm: .taus2)
    _ = (0..<10).map { _ in original.nextUniform() }
    let copy = original.copy()
    let fromOriginal = (0..<100).map { _ in original.nextUniform() }
    #expect((0..<100).map { _ in copy.nextUniform() } == fromOriginal)
    #expect(copy.seed == 7 && copy.algorithm == .taus2)
  }

  @Test func bulkFillsEqualSingleDraws() {
    var values = [Double](repeating: 0, count: 257)
    let single = RandomSource(seed: 11)
    let bulk = RandomSource(seed: 11)
    bulk.fillUniform(&values)
    #expect(values == values.map { _ in single.nextUniform() })
    bulk.fillStandardNormal(&values)
    #expect(values == values.map { _ in single.nextStandardNormal() })
    bulk.fillStandardExponential(&values)
    #expect(values == values.map { _ in single.nextStandardExponential() })
  }

  @Test func everyAlgorithmExistsInGSLUnderItsName() {
    for algorithm in RandomSource.Algorithm.allCases {
      #expect(
        RandomSource(seed: 1, algorithm: algorithm).generator.algorithmName == algorithm.rawValue)
    }
    #expect(RandomSource(seed: 3).description == "RandomSource(seed: 3, algorithm: taus2)")
  }

  @Test func unseededSourceReportsASeedThatReproducesIt() {
    let source = RandomSource()
    let replay = RandomSource(seed: source.seed)
    #expect((0..<50).map { _ in source.next() } == (0..<50).map { _ in replay.next() })
  }
}

struct RandomSourceStreamTests {
  @Test func childSeedsOfOneSeedAreDistinct() {
    let seeds = RandomSource.streamSeeds(from: 42, count: 200_000)
    #expect(Set(seeds).count == seeds.count)
    #expect(seeds[5] == RandomSource.streamSeed(42, stream: 5))
    #expect(RandomSource(seed: 42, stream: 5).seed == seeds[5])
    #expect(!seeds.contains(42))
  }

  @Test func taskGroupOfStreamsIsReproducibleRegardlessOfScheduling() async {
    func run() async -> [Int: [Double]] {
      await withTaskGroup(of: (Int, [Double]).self) { group in
        for stream in 0..<16 {
          group.addTask {
            let source = RandomSource(seed: 99, stream: UInt32(stream))
            var values = [Double](repeating: 0, count: 2000)
            source.fillStandardNormal(&values)
            return (stream, values)
          }
        }
        return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
      }
    }
    let first = await run()
    let second = await run()
    #expect(first == second)
    #expect(Set(first.values.map { $0[0] }).count == 16)
  }
}

/// Statistical checks.
///
/// Fixed seeds make each deterministic; false-alarm rates
/// are stated per check.
struct RandomSourceDistributionTests {
  /// Every one of the 64 bits of `next()` is 1 about half the time.
  ///
  /// Per bit the
  /// bound |ones - n/2| < 4.42·√n/2 has false-alarm rate 1e-5; over 64 bits and
  /// seven algorithms, about 0.5%.
  @Test(arguments: RandomSource.Algorithm.allCases)
  func everyBitOfNextIsBalanced(_ algorithm: RandomSource.Algorithm) {
    let source = RandomSource(seed: 12345, algorithm: algorithm)
    let n = 20_000
    var ones = [Int](repeating: 0, count: 64)
    for _ in 0..<n {
      let value = source.next()
      for bit in 0..<64 where value >> UInt64(bit) & 1 == 1 { ones[bit] += 1 }
    }
    let bound = 4.42 * Double(n).squareRoot() / 2
    for (bit, count) in ones.enumerated() {
      expectClose(Double(count), Double(n) / 2, absolute: bound, "\(algorithm) bit \(bit) of \(n)")
    }
  }

  /// `Int.random(in:using:)` over six faces: chi-square with 5 degrees of
  /// freedom below 20.515 (false-alarm rate 0.001), per algorithm.
  @Test(arguments: RandomSource.Algorithm.allCases)
  func standardLibraryRandomIntegersAreUniform(_ algorithm: RandomSource.Algorithm) {
    var source = RandomSource(seed: 777, algorithm: algorithm)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 { counts[Int.random(in: 0..<6, using: &source)] += 1 }
    #expect(GoodnessOfFit.chiSquareUniform(counts) < 20.515, "\(counts)")
  }

  @Test func shuffledUsingASourceIsAReproduciblePermutation() {
    var a = RandomSource(seed: 5)
    var b = RandomSource(seed: 5)
    let shuffled = Array(0..<100).shuffled(using: &a)
    #expect(shuffled.sorted() == Array(0..<100))
    #expect(shuffled == Array(0..<100).shuffled(using: &b))
    #expect(shuffled != Array(0..<100))
  }

  /// Kolmogorov–Smirnov against U(0, 1), N(0, 1) and Exp(1) with 100,000
  /// draws each: false-alarm rate 0.001 per check.
  @Test func variatesFollowTheirDistributions() {
    let n = 100_000
    let source = RandomSource(seed: 31_415)
    var values = [Double](repeating: 0, count: n)

    source.fillUniform(&values)
    #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
    let uniformD = GoodnessOfFit.kolmogorovSmirnov(values) { $0 }
    #expect(
      GoodnessOfFit.passesKolmogorovSmirnov(uniformD, sampleSize: n), "uniform D = \(uniformD)")

    source.fillStandardNormal(&values)
    let normalD = GoodnessOfFit.kolmogorovSmirnov(values, cdf: GoodnessOfFit.normalCDF)
    #expect(GoodnessOfFit.passesKolmogorovSmirnov(normalD, sampleSize: n), "normal D = \(normalD)")

    source.fillStandardExponential(&values)
    #expect(values.allSatisfy { $0 >= 0 })
    let exponentialD = GoodnessOfFit.kolmogorovSmirnov(values) { -expm1(-$0) }
    #expect(
      GoodnessOfFit.passesKolmogorovSmirnov(exponentialD, sampleSize: n),
      "exponential D = \(exponentialD)")
  }

  /// Sample means within 4.42 standard errors (false-alarm rate 1e-5 each).
  @Test func singleDrawsHaveTheRightMoments() {
    let n = 200_000
    let source = RandomSource(seed: 8, algorithm: .taus2)
    let normals = (0..<n).map { _ in source.nextStandardNormal() }
    let exponentials = (0..<n).map { _ in source.nextStandardExponential() }
    let positives = (0..<n).map { _ in source.nextUniformPositive() }
    let z = 4.42 / Double(n).squareRoot()
    expectClose(normals.reduce(0, +) / Double(n), 0, absolute: z)
    expectClose(normals.reduce(0) { $0 + $1 * $1 } / Double(n), 1, absolute: z * 2.0.squareRoot())
    expectClose(exponentials.reduce(0, +) / Double(n), 1, absolute: z)
    #expect(positives.allSatisfy { $0 > 0 && $0 < 1 })
    expectClose(positives.reduce(0, +) / Double(n), 0.5, absolute: z * (1.0 / 12).squareRoot())
  }
}
