/// A distribution over one number, with its cumulative distribution function
/// and moments.
///
/// F(x) = P(X ≤ x) and S(x) = P(X > x) = 1 − F(x), each computed directly so
/// that both tails keep their digits.
///
/// ```swift
/// let gamma = try Gamma(shape: 2, rate: 1)
/// gamma.support                  // 0.0...inf
/// gamma.cdf(3) - gamma.cdf(1)    // P(1 < X ≤ 3) = 2/e − 4/e³ = 0.5366…
/// gamma.survival(10)             // 11e⁻¹⁰ = 0.000499…
/// gamma.standardDeviation        // √2 = 1.414…
/// ```
public protocol UnivariateDistribution: Distribution where Value: Comparable {
  /// The smallest closed interval that holds all the probability.
  ///
  /// Unbounded ends are ±∞ for continuous distributions and `Int.max` for
  /// discrete ones.
  ///
  /// ```swift
  /// try Beta(alpha: 2, beta: 3).support   // 0.0...1.0
  /// try Poisson(rate: 2).support          // 0...9223372036854775807
  /// ```
  var support: ClosedRange<Value> { get }

  /// The cumulative distribution function, F(x) = P(X ≤ x).
  ///
  /// Total: 0 below the support and 1 above it (NaN for a NaN argument).
  ///
  /// ```swift
  /// let exponential = try Exponential(rate: 1)
  /// exponential.cdf(1)           // 1 − e⁻¹ = 0.6321…
  /// exponential.cdf(-5)          // 0.0: below the support
  /// try Poisson(rate: 2).cdf(1)  // 3e⁻² = 0.4060…
  /// ```
  ///
  /// - Returns: P(X ≤ x), in [0, 1].
  func cdf(_ x: Value) -> Double

  /// The survival function, P(X > x), computed directly where that is more
  /// accurate than 1 - ``cdf(_:)``.
  ///
  /// Use it for upper tails (p-values): 1 − cdf(x) loses every digit once
  /// cdf(x) rounds to 1.
  ///
  /// ```swift
  /// Normal.standard.survival(10)   // 7.619853024160…e-24
  /// 1 - Normal.standard.cdf(10)    // 0.0: the digits are lost
  /// ```
  ///
  /// - Returns: P(X > x), in [0, 1].
  func survival(_ x: Value) -> Double

  /// The mean, E[X]; NaN where it does not exist (a Student t with one
  /// degree of freedom or fewer).
  ///
  /// A mean that diverges to infinity is +∞ (a Lomax or inverse gamma with
  /// shape ≤ 1).
  ///
  /// ```swift
  /// try Gamma(shape: 2, rate: 0.5).mean         // k/λ = 4.0
  /// try StudentT(degreesOfFreedom: 1).mean      // nan: the Cauchy has no mean
  /// try Lomax(shape: 0.5, scale: 1).mean        // inf
  /// ```
  var mean: Double { get }

  /// The variance, E[(X - E[X])²]; +∞ where it diverges, NaN where the mean
  /// does not exist.
  ///
  /// ```swift
  /// try Binomial(trials: 10, probability: 0.5).variance  // np(1 − p) = 2.5
  /// try StudentT(degreesOfFreedom: 2).variance          // inf
  /// try StudentT(degreesOfFreedom: 1).variance          // nan
  /// ```
  var variance: Double { get }

  /// The mode: the most probable value; `nil` where it is not unique.
  ///
  /// A mode on the edge of the support is returned: where the density is
  /// largest (or unbounded) at an end, that end is the mode.
  ///
  /// ```swift
  /// try Beta(alpha: 3, beta: 2).mode          // (α − 1)/(α + β − 2) = 0.6666…
  /// try Beta(alpha: 0.5, beta: 3).mode        // Optional(0.0): on the boundary
  /// try Beta(alpha: 0.5, beta: 0.5).mode      // nil: both ends
  /// try Poisson(rate: 3).mode                 // nil: 2 and 3 are equally likely
  /// ```
  var mode: Value? { get }

  /// The (differential, for continuous distributions) entropy in nats,
  /// -E[log p(X)].
  ///
  /// Divide by log 2 for bits. A differential entropy can be negative.
  ///
  /// ```swift
  /// try Bernoulli(probability: 0.5).entropy              // log 2 = 0.6931…
  /// Normal.standard.entropy                              // log √(2πe) = 1.4189…
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
/// Adds the quantile function F⁻¹(p), the inverse of the CDF, for intervals
/// and inverse-transform work.
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
  /// The ends give the ends of the support: p = 0 its lower bound and p = 1
  /// its upper bound (±∞ where it is unbounded). Upper-tail quantiles are
  /// computed from 1 − p directly, so p close to 1 keeps its precision.
  ///
  /// ```swift
  /// let normal = Normal.standard
  /// normal.quantile(0.975)   // 1.9599639845400536
  /// normal.quantile(1)       // inf
  /// try Beta(alpha: 2, beta: 3).quantile(0)  // 0.0
  /// normal.quantile(1.5)     // nan
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
/// let rolls = try Binomial(trials: 10, probability: 0.5)
/// rolls.density(5)             // P(X = 5) = 0.2460…
/// rolls.cdf(4)                 // P(X ≤ 4) = 0.3769…
/// rolls.quantile(0.5)          // Optional(5)
/// ```
public protocol DiscreteUnivariateDistribution: UnivariateDistribution where Value == Int {
  /// The quantile function: the smallest k with P(X ≤ k) ≥ p, for p in [0, 1];
  /// `nil` only for other p (outside [0, 1], or NaN).
  ///
  /// p = 0 gives the lower end of the support (a categorical skips leading
  /// labels of probability 0), p = 1 its upper end: `Int.max` where the
  /// support is unbounded. A quantile beyond `Int.max` (Poisson(1e300) at
  /// 1/2) saturates to `Int.max`, the unbounded end, as draws do.
  ///
  /// ```swift
  /// let arrivals = try Poisson(rate: 3.5)
  /// arrivals.quantile(0.5)    // Optional(3)
  /// arrivals.quantile(0)      // Optional(0)
  /// arrivals.quantile(1)      // Optional(9223372036854775807): Int.max, the unbounded end
  /// try Binomial(trials: 10, probability: 0.5).quantile(1)  // Optional(10)
  /// ```
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` as above.
  func quantile(_ p: Double) -> Int?
}
