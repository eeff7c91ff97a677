/// A distribution over vectors of a fixed dimension.
///
/// Values are arrays of ``dimension`` entries; ``Distribution/logDensity(_:)``
/// is -∞ for an array of another length.
///
/// ```swift
/// try Dirichlet(alphas: [2, 3, 5]).logDensity([0.5, 0.5])  // -inf: wrong length
/// ```
public protocol MultivariateDistribution: Distribution {
  /// The length of the vectors the distribution is over.
  ///
  /// ```swift
  /// try Dirichlet(alphas: [1, 1, 1, 1]).dimension  // 4
  /// ```
  var dimension: Int { get }

  /// The mean vector, E[X].
  ///
  /// ```swift
  /// try Dirichlet(alphas: [1, 3]).mean  // αᵢ/α₀ = [0.25, 0.75]
  /// ```
  var mean: [Double] { get }

  /// The variance of each coordinate, Var(Xᵢ).
  ///
  /// The diagonal of the covariance matrix; a coordinate whose variance
  /// diverges is +∞.
  ///
  /// ```swift
  /// try Multinomial(trials: 10, probabilities: [0.5, 0.5]).variance  // npᵢ(1 − pᵢ) = [2.5, 2.5]
  /// ```
  var variance: [Double] { get }
}

extension MultivariateDistribution {
  /// The most draws that fit in memory, counting each draw's ``dimension``
  /// coordinates (and its array's header): count × K is what
  /// ``Distribution/sample(count:using:)`` allocates, and
  /// ``Distribution/checkedSample(count:using:)`` throws beyond it.
  public var maximumSampleCount: Int {
    DrawCount.maximum(coordinates: dimension, of: Double.self)
  }
}
