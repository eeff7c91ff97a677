/// A distribution in exponential-family form,
/// p(x; η) = h(x) exp(ηᵀT(x) - A(η)).
///
/// η are the natural parameters, T(x) the sufficient statistic, A(η) the
/// log-partition function and h(x) the base measure; ∇A(η) = E[T(X)] are the
/// mean parameters. For the categorical, η ↦ probabilities is the softmax.
/// Parameters the family holds fixed (a binomial's trials) stay with the
/// instance, so the conversions from η or E[T] are instance methods.
///
/// ```swift
/// let poisson = try Poisson(rate: 2)
/// poisson.naturalParameters               // [log 2] = [0.6931…]
/// try poisson.withNaturalParameters([0])  // Poisson(rate: 1.0)
/// ```
public protocol ExponentialFamily: Distribution {
  /// The natural parameters η.
  ///
  /// ```swift
  /// let normal = try Normal(mean: 1, standardDeviation: 2)
  /// normal.naturalParameters  // (μ/σ², −1/(2σ²)) = [0.25, -0.125]
  /// ```
  var naturalParameters: [Double] { get }

  /// The sufficient statistic T(x).
  ///
  /// Summing T over a sample summarises it completely for this family.
  ///
  /// ```swift
  /// Normal.standard.sufficientStatistic(3)  // [3.0, 9.0]: (x, x²)
  /// ```
  ///
  /// - Returns: T(x), one entry per natural parameter.
  func sufficientStatistic(_ x: Value) -> [Double]

  /// The log-partition function A(η) = log ∫ h(x) exp(ηᵀT(x)) dx, with this
  /// instance's fixed parameters.
  ///
  /// ```swift
  /// Normal.standard.logPartition([0, 1])  // inf: η₂ must be < 0
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
  /// ```
  ///
  /// - Returns: log h(x).
  func logBaseMeasure(_ x: Value) -> Double

  /// The mean parameters, E[T(X)] = ∇A(η).
  ///
  /// Maximum likelihood matches them to the data's average T(x).
  ///
  /// ```swift
  /// try Normal(mean: 1, standardDeviation: 2).meanParameters  // (μ, μ² + σ²) = [1.0, 5.0]
  /// ```
  var meanParameters: [Double] { get }

  /// The distribution of this family with natural parameters η.
  ///
  /// Fixed parameters (a binomial's trials) come from this instance.
  ///
  /// ```swift
  /// let tosses = try Binomial(trials: 10, probability: 0.1)
  /// try tosses.withNaturalParameters([0])  // Binomial(trials: 10, probability: 0.5)
  /// ```
  ///
  /// - Parameter naturalParameters: η.
  /// - Returns: The member of the family with these natural parameters.
  /// - Throws: ``DistributionError`` when η is outside the natural parameter
  ///   space or has the wrong length.
  func withNaturalParameters(_ naturalParameters: [Double]) throws(DistributionError) -> Self

  /// The distribution of this family whose mean parameters E[T(X)] are `mean`.
  ///
  /// The inverse of ``meanParameters``, so the maximum-likelihood fit to data
  /// whose average T(x) is `mean`: closed form, or Newton's method (Beta,
  /// Gamma, Dirichlet).
  ///
  /// ```swift
  /// try Normal.standard.withMeanParameters([1, 5])  // Normal(mean: 1.0, standardDeviation: 2.0)
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
  /// Equal up to rounding: a check on the form, not a faster path.
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
/// KL(p ‖ q) = E_p[log p(X) − log q(X)], not symmetric.
///
/// ```swift
/// let q = try Normal(mean: 1, standardDeviation: 2)
/// Normal.standard.kullbackLeiblerDivergence(from: q)  // log 2 + 2/8 − 1/2 = 0.4431…
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
  /// try fair.kullbackLeiblerDivergence(from: Bernoulli(probability: 0))  // inf
  /// ```
  ///
  /// - Parameter other: The reference distribution q.
  /// - Returns: KL(self ‖ other), in nats.
  func kullbackLeiblerDivergence(from other: Self) -> Double
}
