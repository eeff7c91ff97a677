/// A non-empty sample of finite values, sorted in increasing order: what
/// quantiles, the median, the ECDF and the highest-density interval read.
///
/// Validate and sort once, then ask as many questions as needed:
///
/// ```swift
/// let sample = try SortedSample([3.1, 0.4, 2.2, 5.0, 1.7])  // sorts a copy
/// sample.values                   // [0.4, 1.7, 2.2, 3.1, 5.0]
/// sample.median                   // 2.2
/// try sample.quantile(0.9)        // 4.24 (type 7, numpy's default)
/// let already = try SortedSample(sorted: [1, 2, 3])  // checked, not sorted again
/// ```
///
/// NaN and ±∞ are refused (an interpolated quantile between a value and ∞
/// is ∞ or NaN, not information), as is an empty sample.
public struct SortedSample: Sendable, Equatable {
  /// The values, in increasing order.
  public let values: [Double]

  /// Sorts a copy of `values`.
  ///
  /// - Throws: ``StatisticsError/emptySample(function:)`` for no values,
  ///   ``StatisticsError/nonFiniteValue(function:index:value:)`` for NaN or
  ///   ±∞ (the index is in `values` as given).
  /// - Complexity: O(n log n).
  public init(_ values: [Double]) throws(StatisticsError) {
    try Self.validate(values, function: "SortedSample")
    self.values = values.sorted()
  }

  /// Takes `values` as they are, checking that they are sorted.
  ///
  /// - Throws: as ``init(_:)``, and ``StatisticsError/notSorted(function:index:)``
  ///   naming the first value that is less than the one before it.
  /// - Complexity: O(n).
  public init(sorted values: [Double]) throws(StatisticsError) {
    let function = "SortedSample(sorted:)"
    try Self.validate(values, function: function)
    for index in values.indices.dropFirst() where values[index] < values[index - 1] {
      throw .notSorted(function: function, index: index)
    }
    self.values = values
  }

  /// The number of values (at least 1).
  public var count: Int { values.count }

  /// The smallest value.
  public var minimum: Double { values[0] }

  /// The largest value.
  public var maximum: Double { values[values.count - 1] }

  private static func validate(_ values: [Double], function: String) throws(StatisticsError) {
    guard !values.isEmpty else { throw .emptySample(function: function) }
    for (index, value) in values.enumerated() where !value.isFinite {
      throw .nonFiniteValue(function: function, index: index, value: value)
    }
  }
}
