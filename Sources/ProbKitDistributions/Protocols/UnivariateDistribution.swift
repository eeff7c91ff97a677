/// A distribution over one number, with its cumulative distribution function
/// and moments.
///
/// F(x) = P(X ≤ x) and S(x) = P(X > x) = 1 − F(x), each computed directly so
/// that both tails keep their digits.
///
/// ```swift
/// let gamma = try Gamma(shape: 2, rate: 1)
/// gamma.cdf(3) - gamma.cdf(1)  // P(1 < X ≤ 3) = 2/e − 4/e³ = 0.5366…
/// ```
public protocol UnivariateDistribution: Distribution where Value: Comparable {
  /// The smallest closed interval that holds all the probability.
  ///
  /// Unbounded ends are ±∞ for continuous distributions and `Int.max` for
  /// discrete ones.
  ///
  /// ```swift
  /// try Poisson(rate: 2).support  // 0...9223372036854775807
  /// ```
  var support: ClosedRange<Value> { get }

  /// The cumulative distribution function, F(x) = P(X ≤ x).
  ///
  /// Total: 0 below the support and 1 above it (NaN for a NaN argument).
  ///
  /// ```swift
  /// try Exponential(rate: 1).cdf(1)  // 1 − e⁻¹ = 0.6321…
  /// ```
  ///
  /// - Returns: P(X ≤ x), in [0, 1].
  func cdf(_ x: Value) -> Double

  /// The survival function, P(X > x), computed directly: 1 − ``cdf(_:)``
  /// loses every digit once the CDF rounds to 1.
  ///
  /// ```swift
  /// Normal.standard.survival(10)  // 7.619853024160…e-24, where 1 − cdf(10) is 0
  /// ```
  ///
  /// - Returns: P(X > x), in [0, 1].
  func survival(_ x: Value) -> Double

  /// The mean, E[X]; +∞ where it diverges, NaN where it does not exist.
  ///
  /// ```swift
  /// try StudentT(degreesOfFreedom: 1).mean  // nan: the Cauchy has no mean
  /// ```
  var mean: Double { get }

  /// The variance, E[(X - E[X])²]; +∞ where it diverges, NaN where the mean
  /// does not exist.
  ///
  /// ```swift
  /// try StudentT(degreesOfFreedom: 2).variance  // inf
  /// ```
  var variance: Double { get }

  /// The mode: the most probable value; `nil` where it is not unique.
  ///
  /// Where the density is largest (or unbounded) at an end of the support,
  /// that end is the mode.
  ///
  /// ```swift
  /// try Poisson(rate: 3).mode  // nil: 2 and 3 are equally likely
  /// ```
  var mode: Value? { get }

  /// The (differential, for continuous distributions) entropy in nats,
  /// -E[log p(X)].
  ///
  /// Divide by log 2 for bits. A differential entropy can be negative.
  ///
  /// ```swift
  /// try Normal(mean: 0, standardDeviation: 0.1).entropy  // -0.8836…
  /// ```
  var entropy: Double { get }
}

extension UnivariateDistribution {
  /// The standard deviation, √variance.
  public var standardDeviation: Double {
    variance.squareRoot()
  }
}

/// A univariate distribution over the real line (or an interval of it).
///
/// Adds the quantile function F⁻¹(p), the inverse of the CDF.
///
/// ```swift
/// func centralInterval<D: ContinuousUnivariateDistribution>(
///   _ d: D, mass: Double
/// ) -> (Double, Double) {
///   (d.quantile((1 - mass) / 2), d.quantile((1 + mass) / 2))
/// }
/// centralInterval(Normal.standard, mass: 0.95)  // (-1.959963984540…, 1.959963984540…)
/// ```
public protocol ContinuousUnivariateDistribution: UnivariateDistribution where Value == Double {
  /// The quantile function, the inverse of ``UnivariateDistribution/cdf(_:)``: the x with
  /// P(X ≤ x) = p, for p in [0, 1]; NaN for other p.
  ///
  /// p = 0 and p = 1 give the ends of the support (±∞ where unbounded);
  /// upper-tail quantiles are computed from 1 − p, so p near 1 keeps its
  /// precision.
  ///
  /// ```swift
  /// Normal.standard.quantile(0.975)  // 1.9599639845400536
  /// ```
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: F⁻¹(p), or NaN for p outside [0, 1] or NaN.
  func quantile(_ p: Double) -> Double
}

/// A univariate distribution over the integers (or a range of them).
///
/// Its values are `Int`s, its ``Distribution/density(_:)`` is the mass
/// function P(X = k), and its quantile is the generalised inverse of the CDF,
/// min{k : P(X ≤ k) ≥ p}.
///
/// ```swift
/// try Binomial(trials: 10, probability: 0.5).density(5)  // P(X = 5) = 0.2460…
/// ```
public protocol DiscreteUnivariateDistribution: UnivariateDistribution where Value == Int {
  /// The quantile function: the smallest k with P(X ≤ k) ≥ p, for p in [0, 1];
  /// `nil` only for other p (outside [0, 1], or NaN).
  ///
  /// p = 0 and p = 1 give the ends of the support (`Int.max` where
  /// unbounded); a quantile beyond `Int.max` saturates to it, as draws do.
  ///
  /// ```swift
  /// try Poisson(rate: 3.5).quantile(0.5)  // Optional(3)
  /// ```
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` as above.
  func quantile(_ p: Double) -> Int?
}
