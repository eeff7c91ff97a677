/// Why a sample summary cannot be computed: thrown by ``SampleMoments``,
/// ``SortedSample``, ``EmpiricalCDF``, ``Histogram`` and ``Autocorrelation``.
///
/// Each description names the function, the condition and the offending
/// value, as everywhere in ProbKit:
///
/// ```swift
/// do {
///   _ = try SortedSample([1, .nan, 3])
/// } catch {
///   print(error)  // "SortedSample: values must be finite, value 1 is nan"
/// }
/// ```
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `function` needs at least one value and got none.
  case emptySample(function: String)
  /// Value `index` is NaN or ±∞ (summaries take finite values only).
  case nonFiniteValue(function: String, index: Int, value: Double)
  /// Weight `index` is negative, NaN or ±∞.
  case invalidWeight(function: String, index: Int, weight: Double)
  /// `count` weights were given for `expected` values.
  case weightCount(function: String, expected: Int, count: Int)
  /// The weights of `function`'s values sum beyond 2^1000 ≈ 1e301, where
  /// the weighted central sums could overflow.
  case invalidTotalWeight(function: String, total: Double)
  /// A probability (or mass) argument is outside [0, 1] (or (0, 1] for a
  /// mass), or NaN.
  case probabilityOutOfRange(function: String, value: Double)
  /// Values given as sorted are not: value `index` is less than the one
  /// before it.
  case notSorted(function: String, index: Int)
  /// `function` needs more than `needed - 1` (weighted) observations; the
  /// sample has `count`.
  case tooFewObservations(function: String, needed: Int, count: Double)
  /// A degrees-of-freedom correction that is negative.
  case invalidDegreesOfFreedom(function: String, ddof: Int)
  /// Every value is the same, so `function` (a ratio to the spread) is 0/0.
  case constantSample(function: String)
  /// The result of `function` is finite in exact arithmetic but beyond the
  /// range of `Double` (the variance of values near ±1e200, say).
  case overflow(function: String)
  /// A bin count that is not positive, or too large to allocate.
  case invalidBinCount(Int)
  /// Bin edges that are fewer than 2, not finite or not strictly increasing.
  case invalidBinEdges(String)
  /// A lag outside 0..<count.
  case invalidLag(maxLag: Int, count: Int)

  public var description: String {
    switch self {
    case .emptySample(let function):
      return "\(function): at least 1 value is needed, got 0"
    case .nonFiniteValue(let function, let index, let value):
      return "\(function): values must be finite, value \(index) is \(value)"
    case .invalidWeight(let function, let index, let weight):
      return "\(function): weights must be finite and >= 0, weight \(index) is \(weight)"
    case .weightCount(let function, let expected, let count):
      return "\(function): one weight per value is needed (\(expected)), got \(count)"
    case .invalidTotalWeight(let function, let total):
      return "\(function): the weights must sum to at most 2^1000 (about 1e301), got \(total)"
    case .probabilityOutOfRange(let function, let value):
      return "\(function): the probability must be in [0, 1], got \(value)"
    case .notSorted(let function, let index):
      return
        "\(function): values must be sorted in increasing order, value \(index) is less than "
        + "value \(index - 1)"
    case .tooFewObservations(let function, let needed, let count):
      return "\(function): at least \(needed) observations are needed, got \(count)"
    case .invalidDegreesOfFreedom(let function, let ddof):
      return "\(function): ddof must be >= 0, got \(ddof)"
    case .constantSample(let function):
      return "\(function): every value is the same, so the spread is 0"
    case .overflow(let function):
      return "\(function): the result is beyond the range of Double"
    case .invalidBinCount(let count):
      return "Histogram: the bin count must be > 0 and allocatable, got \(count)"
    case .invalidBinEdges(let reason):
      return "Histogram: \(reason)"
    case .invalidLag(let maxLag, let count):
      return "Autocorrelation: maxLag must be in 0..<\(count) (the sample size), got \(maxLag)"
    }
  }
}
