/// A distribution in exponential-family form,
/// p(x; η) = h(x) exp(ηᵀT(x) - A(η)).
///
/// η are the natural parameters, T(x) the sufficient statistic, A(η) the
/// log-partition function and h(x) the base measure. The gradient of A is the
/// mean of T: ∇A(η) = E[T(X)], the mean parameters. This is the starting point
/// of the derivation behind ProbKit's softmax regression: for the categorical
/// distribution, the map from natural parameters back to probabilities is the
/// softmax function.
///
/// Parameters that the family holds fixed (a binomial's number of trials) stay
/// with the instance: the initializers that take η or E[T] live on an instance
/// and return a new distribution of the same kind.
///
/// ```swift
/// let poisson = try Poisson(rate: 2)
/// poisson.naturalParameters               // [log 2] = [0.6931…]
/// poisson.sufficientStatistic(3)          // [3.0]
/// poisson.logPartition                    // A(η) = e^η = 2.0
/// try poisson.withNaturalParameters([0])  // Poisson(rate: 1.0)
/// ```
public protocol ExponentialFamily: Distribution {
  /// The natural parameters η.
  ///
  /// ```swift
  /// try Bernoulli(probability: 0.75).naturalParameters  // [logit 0.75] = [1.0986…]
  /// let normal = try Normal(mean: 1, standardDeviation: 2)
  /// normal.naturalParameters  // (μ/σ², −1/(2σ²)) = [0.25, -0.125]
  /// ```
  var naturalParameters: [Double] { get }

  /// The sufficient statistic T(x).
  ///
  /// Summing T over a sample summarises it completely for this family.
  ///
  /// ```swift
  /// Normal.standard.sufficientStatistic(3)                   // [3.0, 9.0]: (x, x²)
  /// try Categorical(probabilities: [0.2, 0.3, 0.5]).sufficientStatistic(1)  // [0.0, 1.0]
  /// ```
  ///
  /// - Returns: T(x), one entry per natural parameter.
  func sufficientStatistic(_ x: Value) -> [Double]

  /// The log-partition function A(η), for natural parameters of this family
  /// (with this instance's fixed parameters); +∞ outside the natural parameter
  /// space.
  ///
  /// A(η) = log ∫ h(x) exp(ηᵀT(x)) dx normalises the density.
  ///
  /// ```swift
  /// try Poisson(rate: 2).logPartition([0])   // e⁰ = 1.0
  /// Normal.standard.logPartition([0, 1])     // inf: η₂ must be < 0
  /// ```
  ///
  /// - Parameter naturalParameters: η, of this family's length.
  /// - Returns: A(η), or +∞ outside the natural parameter space (or for the
  ///   wrong length).
  func logPartition(_ naturalParameters: [Double]) -> Double

  /// The log base measure, log h(x); -∞ outside the support.
  ///
  /// ```swift
  /// try Poisson(rate: 2).logBaseMeasure(3)  // −log 3! = -1.7917…
  /// try Exponential(rate: 1).logBaseMeasure(-1)  // -inf
  /// ```
  ///
  /// - Returns: log h(x).
  func logBaseMeasure(_ x: Value) -> Double

  /// The mean parameters, E[T(X)] = ∇A(η).
  ///
  /// Maximum likelihood in an exponential family matches them to the average
  /// sufficient statistic of the data.
  ///
  /// ```swift
  /// try Normal(mean: 1, standardDeviation: 2).meanParameters  // (μ, μ² + σ²) = [1.0, 5.0]
  /// try Gamma(shape: 2, rate: 1).meanParameters  // (ψ(k) − log λ, k/λ) = [0.4227…, 2.0]
  /// ```
  var meanParameters: [Double] { get }

  /// The distribution of this family with natural parameters η.
  ///
  /// Parameters the family holds fixed (a binomial's trials) are taken from
  /// this instance; its other parameters are ignored.
  ///
  /// ```swift
  /// let coin = try Bernoulli(probability: 0.5)
  /// try coin.withNaturalParameters([log(3)])   // p = σ(log 3): Bernoulli(probability: 0.75)
  /// let tosses = try Binomial(trials: 10, probability: 0.5)
  /// try tosses.withNaturalParameters([0])      // Binomial(trials: 10, probability: 0.5)
  /// ```
  ///
  /// - Parameter naturalParameters: η.
  /// - Returns: The member of the family with these natural parameters.
  /// - Throws: ``DistributionError`` when η is outside the natural parameter
  ///   space or has the wrong length.
  func withNaturalParameters(_ naturalParameters: [Double]) throws(DistributionError) -> Self

  /// The distribution of this family whose mean parameters E[T(X)] are `mean`.
  ///
  /// The inverse of ``meanParameters``: the maximum-likelihood fit to data
  /// whose average sufficient statistic is `mean`. Closed form where there
  /// is one, Newton's method otherwise (Beta, Gamma, Dirichlet).
  ///
  /// ```swift
  /// try Normal.standard.withMeanParameters([1, 5])  // Normal(mean: 1.0, standardDeviation: 2.0)
  /// let gamma = try Gamma(shape: 2, rate: 1)
  /// try gamma.withMeanParameters(gamma.meanParameters).shape  // 1.9999999999999996: k back
  /// ```
  ///
  /// - Parameter mean: E[T(X)], one entry per natural parameter.
  /// - Returns: The member of the family with these mean parameters.
  /// - Throws: ``DistributionError`` when no member of the family has these
  ///   mean parameters.
  func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Self
}

extension ExponentialFamily {
  /// The log-partition function at this distribution's own parameters.
  public var logPartition: Double {
    logPartition(naturalParameters)
  }

  /// log p(x) assembled from the exponential-family form,
  /// log h(x) + ηᵀT(x) - A(η); equal to ``Distribution/logDensity(_:)``.
  ///
  /// Equal up to rounding: it is a check on the form, not a faster path.
  ///
  /// ```swift
  /// let poisson = try Poisson(rate: 2)
  /// poisson.exponentialFamilyLogDensity(3)  // -1.7123…
  /// poisson.logDensity(3)                   // 3 log 2 − 2 − log 3! = -1.7123…
  /// ```
  ///
  /// - Returns: log h(x) + ηᵀT(x) − A(η); -∞ outside the support.
  public func exponentialFamilyLogDensity(_ x: Value) -> Double {
    let base = logBaseMeasure(x)
    guard base > -.infinity else { return -.infinity }
    let statistic = sufficientStatistic(x)
    var inner = 0.0
    for (eta, t) in zip(naturalParameters, statistic) { inner += eta * t }
    return base + inner - logPartition
  }
}

/// A family of distributions with a closed-form Kullback–Leibler divergence.
///
/// KL(p ‖ q) = E_p[log p(X) − log q(X)]: the expected extra nats paid for
/// coding draws from p with a code built for q. It is not symmetric.
///
/// ```swift
/// let p = Normal.standard
/// let q = try Normal(mean: 1, standardDeviation: 2)
/// p.kullbackLeiblerDivergence(from: q)   // log 2 + 2/8 − 1/2 = 0.4431…
/// q.kullbackLeiblerDivergence(from: p)   // 1.3068…: not symmetric
/// p.kullbackLeiblerDivergence(from: p)   // 0.0
/// ```
public protocol KullbackLeiblerDivergence {
  /// The Kullback–Leibler divergence KL(self ‖ other) = E_self[log p_self(X) -
  /// log p_other(X)], in nats; ≥ 0, and +∞ when `self` puts mass where `other`
  /// has none.
  ///
  /// For vector-valued families (``Categorical``, ``Dirichlet``,
  /// ``MultivariateNormal``) the result is NaN when the dimensions differ.
  ///
  /// ```swift
  /// let fair = try Bernoulli(probability: 0.5)
  /// try fair.kullbackLeiblerDivergence(from: Bernoulli(probability: 0.9))  // 0.5108…
  /// try fair.kullbackLeiblerDivergence(from: Bernoulli(probability: 0))    // inf
  /// ```
  ///
  /// - Parameter other: The reference distribution q.
  /// - Returns: KL(self ‖ other), in nats.
  func kullbackLeiblerDivergence(from other: Self) -> Double
}
