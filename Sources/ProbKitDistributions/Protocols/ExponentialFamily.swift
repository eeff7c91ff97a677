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
public protocol ExponentialFamily: Distribution {
  /// The natural parameters η.
  var naturalParameters: [Double] { get }

  /// The sufficient statistic T(x).
  func sufficientStatistic(_ x: Value) -> [Double]

  /// The log-partition function A(η), for natural parameters of this family
  /// (with this instance's fixed parameters); +∞ outside the natural parameter
  /// space.
  func logPartition(_ naturalParameters: [Double]) -> Double

  /// The log base measure, log h(x); -∞ outside the support.
  func logBaseMeasure(_ x: Value) -> Double

  /// The mean parameters, E[T(X)] = ∇A(η).
  var meanParameters: [Double] { get }

  /// The distribution of this family with natural parameters η.
  ///
  /// - Throws: ``DistributionError`` when η is outside the natural parameter
  ///   space or has the wrong length.
  func withNaturalParameters(_ naturalParameters: [Double]) throws(DistributionError) -> Self

  /// The distribution of this family whose mean parameters E[T(X)] are `mean`.
  ///
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
public protocol KullbackLeiblerDivergence {
  /// The Kullback–Leibler divergence KL(self ‖ other) = E_self[log p_self(X) -
  /// log p_other(X)], in nats; ≥ 0, and +∞ when `self` puts mass where `other`
  /// has none.
  func kullbackLeiblerDivergence(from other: Self) -> Double
}
