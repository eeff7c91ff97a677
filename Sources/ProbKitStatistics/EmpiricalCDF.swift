/// The empirical distribution function of a sample: the fraction of values
/// at or below x, a right-continuous step function.
///
/// ```
/// F̂(x) = #{i : xᵢ ≤ x} / n
/// ```
///
/// It steps up by k/n at each distinct value that appears k times; ``steps``
/// lists those values with F̂ there, as scipy.stats.ecdf's
/// `cdf.quantiles` and `cdf.probabilities`.
///
/// ```swift
/// let ecdf = try EmpiricalCDF([3, 1, 2, 2])
/// ecdf.value(at: 2)        // 0.75
/// ecdf.value(at: 0.5)      // 0
/// ecdf.steps.map(\.value)  // [1, 2, 3]
/// ecdf.steps.map(\.cumulativeProbability)  // [0.25, 0.75, 1]
/// ```
public struct EmpiricalCDF: Sendable, Equatable {
  /// A jump of the ECDF: at `value`, F̂ rises to `cumulativeProbability`.
  public struct Step: Sendable, Equatable {
    /// A distinct value of the sample.
    public let value: Double
    /// F̂ at `value`: the fraction of the sample at or below it.
    public let cumulativeProbability: Double
  }

  /// The sample, sorted.
  public let sample: SortedSample

  /// The ECDF of `sample`.
  public init(_ sample: SortedSample) {
    self.sample = sample
  }

  /// The ECDF of `values` (a sorted copy is kept).
  ///
  /// - Throws: ``StatisticsError`` for no values or a value that is NaN or ±∞.
  public init(_ values: [Double]) throws(StatisticsError) {
    self.init(try SortedSample(values))
  }

  /// F̂(x), the fraction of the sample ≤ x: 0 below the minimum, 1 at and
  /// above the maximum; NaN for NaN, as an IEEE function would.
  ///
  /// - Complexity: O(log n).
  public func value(at x: Double) -> Double {
    guard !x.isNaN else { return .nan }
    let values = sample.values
    // The first index whose value is > x.
    var low = 0
    var high = values.count
    while low < high {
      let middle = low + (high - low) / 2
      if values[middle] <= x { low = middle + 1 } else { high = middle }
    }
    return Double(low) / Double(values.count)
  }

  /// The distinct values of the sample with F̂ at each, in increasing order;
  /// the last probability is 1.
  ///
  /// - Complexity: O(n).
  public var steps: [Step] {
    let values = sample.values
    let n = Double(values.count)
    var result: [Step] = []
    for index in values.indices
    where index == values.count - 1 || values[index + 1] != values[index] {
      result.append(Step(value: values[index], cumulativeProbability: Double(index + 1) / n))
    }
    return result
  }
}
