/// A distribution over vectors of a fixed dimension.
public protocol MultivariateDistribution: Distribution {
  /// The length of the vectors the distribution is over.
  var dimension: Int { get }

  /// The mean vector, E[X].
  var mean: [Double] { get }

  /// The variance of each coordinate, Var(Xᵢ).
  var variance: [Double] { get }
}
