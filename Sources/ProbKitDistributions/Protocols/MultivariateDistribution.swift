/// A distribution over vectors of a fixed dimension.
///
/// Values are arrays of ``dimension`` entries; ``Distribution/logDensity(_:)``
/// is -∞ for an array of another length.
///
/// ```swift
/// let dirichlet = try Dirichlet(alphas: [2, 3, 5])
/// dirichlet.dimension          // 3
/// dirichlet.mean               // αᵢ/α₀ = [0.2, 0.3, 0.5]
/// dirichlet.variance           // [0.01454…, 0.01909…, 0.02272…]
/// dirichlet.logDensity([0.5, 0.5])  // -inf: wrong length
/// ```
public protocol MultivariateDistribution: Distribution {
  /// The length of the vectors the distribution is over.
  var dimension: Int { get }

  /// The mean vector, E[X].
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
