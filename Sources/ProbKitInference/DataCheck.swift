import ProbKitCore
import ProbKitDistributions

/// Validation of observations and weights shared by the statistics
/// initializers; each failure is a ``FitError`` naming the model and the
/// index of the first bad entry.
package struct DataCheck {
  /// The model whose data are checked, for the messages.
  package let model: String

  /// A checker for `model`'s data.
  package init(model: String) { self.model = model }

  /// Requires `weights`, when given, to have `count` finite, non-negative
  /// entries.
  package func weights(_ weights: [Double]?, count: Int) throws(FitError) {
    guard let weights else { return }
    guard weights.count == count else {
      throw .weightCountMismatch(model: model, weights: weights.count, observations: count)
    }
    for (index, weight) in weights.enumerated() where !(weight.isFinite && weight >= 0) {
      throw .invalidWeight(model: model, index: index, value: weight)
    }
  }

  /// Requires `count` elements of `type`, the size of a buffer named `name`,
  /// to fit in the machine's memory (``AllocationLimit``).
  package func size<T>(_ name: String, _ count: Int, of type: T.Type) throws(FitError) {
    guard AllocationLimit.allows(count, of: type) else {
      let limit = AllocationLimit.maximumCount(of: type)
      throw argument(name, "at most \(limit) (the machine's memory)", count)
    }
  }

  /// An observation error for `value` at `index`.
  package func invalid(_ index: Int, _ requirement: String, _ value: some CustomStringConvertible)
    -> FitError
  {
    .invalidObservation(model: model, index: index, requirement: requirement, value: "\(value)")
  }

  /// An argument error.
  package func argument(
    _ name: String, _ requirement: String, _ value: some CustomStringConvertible
  )
    -> FitError
  {
    .invalidArgument(model: model, argument: name, requirement: requirement, value: "\(value)")
  }

  /// A structure mismatch between two statistics.
  func mismatch(_ reason: String) -> FitError {
    .incompatibleStatistics(model: model, reason: reason)
  }

  /// `a - b`, or an error if the difference is negative beyond the rounding
  /// of the sums (tiny negative results are taken as 0).
  func remove(_ a: DoubleDouble, _ b: DoubleDouble, _ what: String) throws(FitError)
    -> DoubleDouble
  {
    let difference = a - b
    if difference.hi < 0 {
      guard -difference.hi <= 1e-12 * max(abs(a.hi), abs(b.hi)) else {
        throw mismatch("removing a batch would make the \(what) negative")
      }
      return .zero
    }
    return difference
  }

  /// Builds a fitted distribution, turning an initializer's rejection into
  /// ``FitError/invalidParameter(_:)``.
  func build<D>(_ make: () throws(DistributionError) -> D) throws(FitError) -> D {
    do { return try make() } catch { throw .invalidParameter(error) }
  }
}
