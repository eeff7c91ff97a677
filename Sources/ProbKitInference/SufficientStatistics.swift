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
/// let fit = try Poisson.fit(week, estimator: .mle)  // rate 3.6, as from all five
/// ```
public protocol SufficientStatistics: Sendable, Hashable, Codable {
  /// The total weight W = Σᵢ wᵢ: the number of observations when unweighted.
  var totalWeight: Double { get }

  /// The statistics of the union of the two data sets.
  ///
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` when the
  ///   two were built for different model structures (category counts,
  ///   trials, known parameters).
  func merging(_ other: Self) throws(FitError) -> Self

  /// The statistics with the data summarised by `batch` taken out again.
  ///
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` when the
  ///   structures differ or the batch holds more than these statistics do (a
  ///   count or total weight would become negative).
  func removing(_ batch: Self) throws(FitError) -> Self
}

extension SufficientStatistics {
  /// The statistics of the union of the two data sets (``merging(_:)``).
  public static func + (lhs: Self, rhs: Self) throws(FitError) -> Self {
    try lhs.merging(rhs)
  }

  /// `lhs` with the batch `rhs` removed (``removing(_:)``).
  public static func - (lhs: Self, rhs: Self) throws(FitError) -> Self {
    try lhs.removing(rhs)
  }
}
