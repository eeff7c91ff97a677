import Foundation
internal import ProbKitCore

/// Counts of a sample in bins, as numpy's `np.histogram`: every bin is
/// half-open, [eᵢ, eᵢ₊₁), except the last, which is closed, [eₖ₋₁, eₖ].
///
/// The bins are given by count, by edges, or chosen from the data by a rule
/// (with the edges numpy's `np.histogram_bin_edges` gives for the same
/// rule). For a count k, or a rule's width h over the range [min, max]:
///
/// ```
/// Sturges:            h = (max − min) / (log₂ n + 1)
/// Freedman–Diaconis:  h = 2 · IQR · n^(−1/3)      (IQR by type-7 quantiles)
/// k = ⌈(max − min) / h⌉ (1 when h = 0),  eᵢ = min + i (max − min) / k,  eₖ = max
/// ```
///
/// A sample whose values are all equal gets the range [x − ½, x + ½], as in
/// numpy.
///
/// ```swift
/// let histogram = try Histogram([1, 2, 2, 3, 3, 3, 4], bins: .count(3))
/// histogram.edges              // [1, 2, 3, 4]
/// histogram.counts             // [1, 2, 4]: 4 falls in the closed last bin
/// try histogram.densities()    // counts / (total · width): integrates to 1
/// try Histogram([0.1, 0.5, 0.7], bins: .edges([0, 0.5, 1])).counts  // [1, 2]
/// ```
public struct Histogram: Sendable, Equatable {
  /// How the bins are chosen.
  public enum Bins: Sendable, Equatable {
    /// `count` equal bins over the sample's range (numpy's `bins=count`).
    case count(Int)
    /// The given edges, finite and strictly increasing, at least 2; values
    /// outside [first, last] are not counted.
    case edges([Double])
    /// Freedman and Diaconis's width, 2 · IQR · n^(−1/3) (numpy's `'fd'`).
    case freedmanDiaconis
    /// Sturges's count, log₂ n + 1 bins (numpy's `'sturges'`).
    case sturges
  }

  /// The k + 1 bin edges, strictly increasing.
  public let edges: [Double]
  /// The k bin counts.
  public let counts: [Int]

  /// Bins `values` as numpy's `np.histogram(values, bins=...)`.
  ///
  /// - Parameters:
  ///   - values: finite values; may be empty only with `.edges`.
  ///   - bins: the bins; ten equal bins by default, as numpy.
  /// - Throws: ``StatisticsError`` for a NaN or ±∞ value, no values (with a
  ///   rule or a count), a count < 1, bad edges, a range beyond `Double`'s
  ///   (max − min overflows), or a rule asking for more bins than memory
  ///   holds or than the range can separate.
  /// - Complexity: O(n log k), and O(n log n) for Freedman–Diaconis.
  public init(_ values: [Double], bins: Bins = .count(10)) throws(StatisticsError) {
    let function = "Histogram"
    for (index, value) in values.enumerated() where !value.isFinite {
      throw .nonFiniteValue(function: function, index: index, value: value)
    }
    let edges: [Double]
    if case .edges(let given) = bins {
      try Self.check(edges: given)
      edges = given
    } else {
      guard !values.isEmpty else { throw .emptySample(function: function) }
      edges = try Self.equalEdges(values, bins: bins)
    }
    var counts = [Int](repeating: 0, count: edges.count - 1)
    let first = edges[0]
    let last = edges[edges.count - 1]
    for value in values where value >= first && value <= last {
      counts[Self.bin(of: value, edges: edges)] += 1
    }
    self.edges = edges
    self.counts = counts
  }

  /// The number of bins.
  public var binCount: Int { counts.count }

  /// The bins' widths, eᵢ₊₁ − eᵢ.
  public var widths: [Double] {
    (0..<counts.count).map { edges[$0 + 1] - edges[$0] }
  }

  /// Each bin's count divided by the total count and the bin's width, so
  /// that Σ densityᵢ · widthᵢ = 1 (numpy's `density=True`).
  ///
  /// - Throws: ``StatisticsError/emptySample(function:)`` when no value fell
  ///   in the bins (where numpy answers NaN), or
  ///   ``StatisticsError/overflow(function:)`` when a bin is so narrow that
  ///   its density is beyond `Double`'s range.
  public func densities() throws(StatisticsError) -> [Double] {
    let total = counts.reduce(0, +)
    guard total > 0 else { throw .emptySample(function: "Histogram.densities") }
    var result: [Double] = []
    result.reserveCapacity(counts.count)
    for (index, count) in counts.enumerated() {
      // The width of finite edges may overflow; halved, it cannot.
      let halfWidth = edges[index + 1] / 2 - edges[index] / 2
      let density = Double(count) / Double(total) / halfWidth / 2
      guard density.isFinite else { throw .overflow(function: "Histogram.densities") }
      result.append(density)
    }
    return result
  }

  // MARK: - Implementation

  private static func check(edges: [Double]) throws(StatisticsError) {
    guard edges.count >= 2 else {
      throw .invalidBinEdges("at least 2 edges are needed, got \(edges.count)")
    }
    for (index, edge) in edges.enumerated() where !edge.isFinite {
      throw .invalidBinEdges("edges must be finite, edge \(index) is \(edge)")
    }
    for index in edges.indices.dropFirst() where !(edges[index] > edges[index - 1]) {
      throw .invalidBinEdges(
        "edges must increase strictly, edge \(index) (\(edges[index])) is not above edge "
          + "\(index - 1) (\(edges[index - 1]))")
    }
  }

  /// numpy's `_get_bin_edges` for a count or a rule, without a `range`.
  private static func equalEdges(_ values: [Double], bins: Bins) throws(StatisticsError)
    -> [Double]
  {
    let function = "Histogram"
    var first = values.min() ?? 0
    var last = values.max() ?? 0
    let spread = last - first
    guard spread.isFinite else { throw .overflow(function: function) }
    if first == last {
      first -= 0.5
      last += 0.5
    }
    let binCount: Int
    switch bins {
    case .count(let count):
      guard count >= 1 else { throw .invalidBinCount(count) }
      binCount = count
    case .freedmanDiaconis, .sturges:
      let width: Double
      if bins == .sturges {
        width = spread / (log2(Double(values.count)) + 1)
      } else {
        let sample = try SortedSample(values)
        let iqr = try sample.quantile(0.75) - sample.quantile(0.25)
        width = 2 * iqr * pow(Double(values.count), -1.0 / 3.0)
      }
      if width > 0 {
        let exact = ((last - first) / width).rounded(.up)
        guard exact.isFinite, exact < Double(Int.max) else { throw .invalidBinCount(Int.max) }
        binCount = Int(exact)
      } else {
        binCount = 1
      }
    case .edges:
      preconditionFailure("Histogram.equalEdges: edges are not computed")
    }
    guard binCount < Int.max, AllocationLimit.allows(binCount + 1, of: Double.self) else {
      throw .invalidBinCount(binCount)
    }
    // numpy's linspace: i · step + first, the last edge exactly `last`.
    let step = (last - first) / Double(binCount)
    guard step.isFinite else { throw .overflow(function: function) }
    var edges = (0..<binCount).map { Double($0) * step + first }
    edges.append(last)
    for index in edges.indices.dropFirst() where !(edges[index] > edges[index - 1]) {
      throw .invalidBinCount(binCount)
    }
    return edges
  }

  /// The bin of a value in [first edge, last edge]: the last edge ≤ value,
  /// the last bin for the last edge.
  private static func bin(of value: Double, edges: [Double]) -> Int {
    var low = 0
    var high = edges.count
    // The first index whose edge is > value.
    while low < high {
      let middle = low + (high - low) / 2
      if edges[middle] <= value { low = middle + 1 } else { high = middle }
    }
    return min(low - 1, edges.count - 2)
  }
}
