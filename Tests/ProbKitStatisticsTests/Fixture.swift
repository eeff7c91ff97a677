import Foundation
import TestSupport

/// The numpy / scipy / statsmodels / ArviZ reference fixture for the sample
/// summaries, written by `Tests/Reference/generate_statistics.py`; every
/// number is a string.
struct StatisticsReference: Decodable, Sendable {
  struct Moments: Decodable, Sendable {
    let name: String
    let values: [String]
    let weights: [String]?
    let mean: String
    let variance0: String
    let variance1: String
    let sd0: String
    let sd1: String
    let skewness: String?
    let kurtosis: String?
    let skewnessCorrected: String?
    let kurtosisCorrected: String?
  }

  struct QuantileCase: Decodable, Sendable {
    let name: String
    let values: [String]
    /// numpy method name → one quantile per probability.
    let quantiles: [String: [String]]
    let median: String
  }

  struct Quantiles: Decodable, Sendable {
    let probabilities: [String]
    let methods: [String]
    let cases: [QuantileCase]
  }

  struct ECDF: Decodable, Sendable {
    let name: String
    let values: [String]
    let stepValues: [String]
    let stepProbabilities: [String]
    let points: [String]
    let cdf: [String]
  }

  struct Binning: Decodable, Sendable {
    struct Spec: Decodable, Sendable {
      let count: String?
      let rule: String?
      let edges: [String]?
    }
    let bins: Spec
    let expectedEdges: [String]
    let counts: [String]
    let densities: [String]
  }

  struct HistogramCase: Decodable, Sendable {
    let name: String
    let values: [String]
    let binnings: [Binning]
  }

  struct HDI: Decodable, Sendable {
    let name: String
    let values: [String]
    let levels: [String]
    let intervals: [[String]]
  }

  struct ACF: Decodable, Sendable {
    let name: String
    let values: [String]
    let maxLag: String
    let fft: Bool
    let coefficients: [String]
  }

  let moments: [Moments]
  let quantiles: Quantiles
  let ecdf: [ECDF]
  let histograms: [HistogramCase]
  let hdi: [HDI]
  let acf: [ACF]

  static let shared = Result {
    try Fixture.load(StatisticsReference.self, named: "statistics.json", in: .module)
  }
}

/// A fixed-seed generator for property tests (SplitMix64), the same on
/// every platform.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
