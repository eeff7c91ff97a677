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

  /// Requires a number of trials the binomial family's distributions accept
  /// (0...2³² − 1: `Binomial`, `BetaBinomial`, `Multinomial` and
  /// `DirichletMultinomial` count trials in 32 bits), asked of
  /// `BetaBinomial` itself so that the limit cannot drift from theirs.
  package func trials(_ trials: Int) throws(FitError) {
    guard trials >= 0 else { throw argument("trials", ">= 0", trials) }
    do {
      _ = try BetaBinomial(trials: trials, alpha: 1, beta: 1)
    } catch {
      throw argument(
        "trials",
        "\(error.requirement) (at most 2³² − 1: the binomial distributions, this model's "
          + "predictive among them, count trials in 32 bits)", trials)
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

  /// `value` when it is finite, else ``FitError/overflow(model:quantity:)``
  /// naming `quantity` (a NaN can only come from an overflowed intermediate).
  @discardableResult
  func finite(_ value: Double, _ quantity: @autoclosure () -> String) throws(FitError) -> Double {
    guard value.isFinite else { throw .overflow(model: model, quantity: quantity()) }
    return value
  }

  /// `value` when it is finite and > 0, else an overflow or underflow error
  /// naming `quantity`; for parameters whose exact value is known to be
  /// positive.
  @discardableResult
  func positive(_ value: Double, _ quantity: @autoclosure () -> String) throws(FitError)
    -> Double
  {
    try finite(value, quantity())
    guard value > 0 else { throw .underflow(model: model, quantity: quantity()) }
    return value
  }

  /// Builds a fitted distribution, turning an initializer's rejection into
  /// ``FitError/invalidParameter(_:)``.
  func build<D>(_ make: () throws(DistributionError) -> D) throws(FitError) -> D {
    do { return try make() } catch { throw .invalidParameter(error) }
  }
}
