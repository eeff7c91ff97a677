/// A distribution over one number, with its cumulative distribution function
/// and moments.
public protocol UnivariateDistribution: Distribution where Value: Comparable {
  /// The smallest closed interval that holds all the probability.
  var support: ClosedRange<Value> { get }

  /// The cumulative distribution function, P(X ≤ x).
  func cdf(_ x: Value) -> Double

  /// The survival function, P(X > x), computed directly where that is more
  /// accurate than 1 - ``cdf(_:)``.
  func survival(_ x: Value) -> Double

  /// The mean, E[X]; NaN where it does not exist (a Student t with one
  /// degree of freedom or fewer).
  var mean: Double { get }

  /// The variance, E[(X - E[X])²]; +∞ where it diverges, NaN where the mean
  /// does not exist.
  var variance: Double { get }

  /// The mode: the most probable value; `nil` where it is not unique.
  var mode: Value? { get }

  /// The (differential, for continuous distributions) entropy in nats,
  /// -E[log p(X)].
  var entropy: Double { get }
}

extension UnivariateDistribution {
  /// The standard deviation, √variance.
  public var standardDeviation: Double {
    variance.squareRoot()
  }
}

/// A univariate distribution over the real line (or an interval of it).
public protocol ContinuousUnivariateDistribution: UnivariateDistribution where Value == Double {
  /// The quantile function, the inverse of ``UnivariateDistribution/cdf(_:)``: the x with
  /// P(X ≤ x) = p, for p in [0, 1]; NaN for other p.
  func quantile(_ p: Double) -> Double
}

/// A univariate distribution over the integers (or a range of them).
public protocol DiscreteUnivariateDistribution: UnivariateDistribution where Value == Int {
  /// The quantile function: the smallest k with P(X ≤ k) ≥ p, for p in [0, 1];
  /// `nil` for other p, and for p = 1 when the support is unbounded.
  func quantile(_ p: Double) -> Int?
}
