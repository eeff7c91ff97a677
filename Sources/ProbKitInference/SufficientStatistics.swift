/// The sufficient statistics of a data set for one model: everything a fit
/// needs, in a value that merges.
///
/// Built in one pass (`Model.Statistics(data, weights:)`), merged with `+`
/// and un-merged with `-`. Sums are carried in double-double (about 106
/// bits), so a fit from merged shards equals the one-shot fit whatever the
/// order; being `Codable`, they reduce across machines
/// (`Docs/BayesianUpdating.md`).
///
/// ```swift
/// let week = try Poisson.Statistics([3, 5, 2]) + Poisson.Statistics([4, 4])
/// try Poisson.fit(week, estimator: .mle).model  // Poisson(rate: 3.6), as from all five
/// ```
public protocol SufficientStatistics: Sendable, Hashable, Codable {
  /// The total weight W = Σᵢ wᵢ: the number of observations when unweighted.
  ///
  /// ```swift
  /// try Bernoulli.Statistics([1, 0, 1], weights: [2, 1, 0.5]).totalWeight  // 3.5
  /// ```
  var totalWeight: Double { get }

  /// The statistics of the union of the two data sets.
  ///
  /// Associative and commutative up to the double-double sums' rounding.
  ///
  /// ```swift
  /// let a = try Categorical.Statistics([0, 1, 1], categoryCount: 3)
  /// try a.merging(Categorical.Statistics([2, 1], categoryCount: 3)).counts  // [1.0, 3.0, 1.0]
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
  /// For a sliding window. A batch never merged in is detected only when a
  /// count would become negative.
  ///
  /// ```swift
  /// let window = try Poisson.Statistics([3, 5, 2, 4])
  /// try window.removing(Poisson.Statistics([3])).total  // 11.0: the statistics of [5, 2, 4]
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
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` as
  ///   ``removing(_:)`` does.
  public static func - (lhs: Self, rhs: Self) throws(FitError) -> Self {
    try lhs.removing(rhs)
  }
}
