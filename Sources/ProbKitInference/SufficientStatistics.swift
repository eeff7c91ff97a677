/// The sufficient statistics of a data set for one model: everything a fit
/// needs, in a value that merges.
///
/// Statistics are built in one pass over the data (`Model.Statistics(data,
/// weights:)`), merged with `+` (the statistics of the union of two data
/// sets) and, where a batch was merged in before, have it removed with `-`.
/// A fit from merged statistics equals the one-shot fit: sums are carried in
/// double-double precision (about 106 bits), so the order in which shards are
/// combined does not change the rounded result, and counts are exact.
///
/// This is how ProbKit scales past one machine: any map-reduce engine can
/// compute statistics per shard, encode them (they are `Codable`), and
/// reduce them by merging; see `Docs/BayesianUpdating.md`.
///
/// ```swift
/// let monday = try Poisson.Statistics([3, 5, 2])
/// let tuesday = try Poisson.Statistics([4, 4])
/// let week = try monday + tuesday
/// week.totalWeight                                  // 5.0
/// try Poisson.fit(week, estimator: .mle).model      // Poisson(rate: 3.6), as from all five
/// ```
public protocol SufficientStatistics: Sendable, Hashable, Codable {
  /// The total weight W = Σᵢ wᵢ: the number of observations when unweighted.
  ///
  /// ```swift
  /// try Bernoulli.Statistics([1, 0, 1]).totalWeight                       // 3.0
  /// try Bernoulli.Statistics([1, 0, 1], weights: [2, 1, 0.5]).totalWeight  // 3.5
  /// ```
  var totalWeight: Double { get }

  /// The statistics of the union of the two data sets.
  ///
  /// Exact and order-independent: merging is associative and commutative up
  /// to the double-double sums' rounding, far below double precision.
  ///
  /// ```swift
  /// let a = try Categorical.Statistics([0, 1, 1], categoryCount: 3)
  /// let b = try Categorical.Statistics([2, 1], categoryCount: 3)
  /// try a.merging(b).counts   // [1.0, 3.0, 1.0]
  /// let other = try Categorical.Statistics([0], categoryCount: 4)
  /// do {
  ///   _ = try a.merging(other)
  /// } catch {
  ///   print(error)  // Categorical: incompatible sufficient statistics: category counts 3 and 4
  /// }
  /// ```
  ///
  /// - Parameter other: The statistics of more data, built for the same model
  ///   structure.
  /// - Returns: The statistics of both data sets together.
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` when the
  ///   two were built for different model structures (category counts,
  ///   trials, known parameters).
  func merging(_ other: Self) throws(FitError) -> Self

  /// The statistics with the data summarised by `batch` taken out again.
  ///
  /// For a sliding window: merge each new batch in, remove the oldest.
  /// Removing a batch that was never merged in is not detected unless a count
  /// would become negative.
  ///
  /// ```swift
  /// let window = try Poisson.Statistics([3, 5, 2, 4])
  /// let oldest = try Poisson.Statistics([3])
  /// try window.removing(oldest).total  // 11.0: the statistics of [5, 2, 4]
  /// do {
  ///   _ = try oldest.removing(window)
  /// } catch {
  ///   print(error)  // Poisson: incompatible sufficient statistics: removing a batch would…
  /// }
  /// ```
  ///
  /// - Parameter batch: Statistics previously merged into these.
  /// - Returns: The statistics without `batch`'s data.
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` when the
  ///   structures differ or the batch holds more than these statistics do (a
  ///   count or total weight would become negative).
  func removing(_ batch: Self) throws(FitError) -> Self
}

extension SufficientStatistics {
  /// The statistics of the union of the two data sets (``merging(_:)``).
  ///
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` as
  ///   ``merging(_:)`` does.
  public static func + (lhs: Self, rhs: Self) throws(FitError) -> Self {
    try lhs.merging(rhs)
  }

  /// `lhs` with the batch `rhs` removed (``removing(_:)``).
  ///
  /// ```swift
  /// let rest = try Bernoulli.Statistics([1, 1, 0]) - Bernoulli.Statistics([1])
  /// rest.successes  // 1.0
  /// ```
  ///
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` as
  ///   ``removing(_:)`` does.
  public static func - (lhs: Self, rhs: Self) throws(FitError) -> Self {
    try lhs.removing(rhs)
  }
}
