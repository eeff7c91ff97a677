import ProbKitCore
public import ProbKitDistributions

/// A model with a conjugate prior: the posterior is in the prior's family and
/// everything about it has a closed form.
///
/// Conforming models: `Bernoulli` and `Binomial` (Beta prior),
/// `Categorical` and `Multinomial` (Dirichlet), `Poisson` and
/// `Exponential` (Gamma on the rate), `Normal` (Normal-Gamma on mean and
/// precision), ``NormalKnownStandardDeviation`` (Normal on the mean) and
/// ``NormalKnownMean`` (inverse gamma on the variance).
///
/// ```swift
/// let prior = try Beta(alpha: 1, beta: 1)
/// let posterior = try Bernoulli.posterior(prior: prior, data: [1, 1, 0, 1])
/// posterior.distribution  // Beta(alpha: 4.0, beta: 2.0)
/// posterior.logEvidence   // log(1/20) = -2.995732273553991
/// ```
public protocol ConjugateModel: FittableModel where Prior: Distribution {
  /// The posterior predictive distribution of a new observation.
  ///
  /// The likelihood mixed over the prior's family: a negative binomial for
  /// Poisson counts, a Student t for normal data.
  ///
  /// ```swift
  /// let posterior = try Poisson.posterior(prior: Gamma(shape: 2, rate: 1), data: [3, 5, 2])
  /// let next: Poisson.Predictive = posterior.predictive  // a NegativeBinomial
  /// next.mean  // r(1 − p)/p ≈ 3.0, the posterior mean rate
  /// ```
  associatedtype Predictive: Distribution

  /// The prior updated by the data summarised in `statistics`.
  ///
  /// Usually reached through ``Posterior/distribution``.
  ///
  /// ```swift
  /// let flips = try Bernoulli.Statistics([1, 1, 0])
  /// let uniform = try Beta(alpha: 1, beta: 1)
  /// try Bernoulli.posteriorDistribution(uniform, flips)  // Beta(alpha: 3.0, beta: 2.0)
  /// ```
  ///
  /// - Parameters:
  ///   - prior: The prior, in the model's conjugate family.
  ///   - statistics: The data's sufficient statistics.
  /// - Returns: The posterior, in the prior's family.
  /// - Throws: ``FitError`` when the prior does not match the statistics'
  ///   structure (a Dirichlet of another dimension) or the updated parameters
  ///   are not valid.
  static func posteriorDistribution(_ prior: Prior, _ statistics: Statistics) throws(FitError)
    -> Prior

  /// The log marginal likelihood (evidence) of the data under the prior,
  /// log ∫ Πᵢ p(xᵢ | θ)^wᵢ p(θ) dθ, including every constant of the
  /// likelihood.
  ///
  /// Usually reached through ``Posterior/logEvidence``.
  ///
  /// ```swift
  /// let flips = try Bernoulli.Statistics([1, 1, 0])
  /// let uniform = try Beta(alpha: 1, beta: 1)
  /// Bernoulli.logMarginalLikelihood(uniform, flips)  // log B(3, 2) = log(1/12) = -2.4849…
  /// ```
  ///
  /// - Parameters:
  ///   - prior: The prior.
  ///   - statistics: The data's sufficient statistics.
  /// - Returns: log p(data), in nats.
  static func logMarginalLikelihood(_ prior: Prior, _ statistics: Statistics) -> Double

  /// The predictive distribution of one new observation under `belief` (a
  /// prior or posterior); `statistics` supplies the model's structure (trials,
  /// category count, known parameters).
  ///
  /// Usually reached through ``Posterior/predictive``.
  ///
  /// ```swift
  /// let structure = try Binomial.Statistics(trials: 10)
  /// try Binomial.predictive(Beta(alpha: 3, beta: 5), structure)  // BetaBinomial(trials: 10, …)
  /// ```
  ///
  /// - Parameters:
  ///   - belief: The distribution of the parameters.
  ///   - statistics: Statistics of the model's structure (their data are
  ///     not used).
  /// - Returns: The distribution of one new observation.
  /// - Throws: ``FitError`` when the predictive's parameters are not valid.
  static func predictive(_ belief: Prior, _ statistics: Statistics) throws(FitError) -> Predictive

  /// The model at the mode of `belief`, in the parameterisation the model
  /// documents; boundary modes are returned, not rejected.
  ///
  /// Usually reached through ``Posterior/mapEstimate()``.
  ///
  /// ```swift
  /// let none = Poisson.Statistics()
  /// try Poisson.mode(of: Gamma(shape: 3, rate: 2), none)  // (a − 1)/b: Poisson(rate: 1.0)
  /// ```
  ///
  /// - Parameters:
  ///   - belief: The distribution of the parameters.
  ///   - statistics: Statistics of the model's structure.
  /// - Returns: The model at the mode.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   the mode is not unique or the model cannot represent it.
  static func mode(of belief: Prior, _ statistics: Statistics) throws(FitError) -> Self

  /// The model at the mean of `belief`.
  ///
  /// Usually reached through ``Posterior/meanEstimate()``.
  ///
  /// ```swift
  /// try Poisson.mean(of: Gamma(shape: 3, rate: 2), Poisson.Statistics())  // Poisson(rate: 1.5)
  /// ```
  ///
  /// - Parameters:
  ///   - belief: The distribution of the parameters.
  ///   - statistics: Statistics of the model's structure.
  /// - Returns: The model at the mean.
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  static func mean(of belief: Prior, _ statistics: Statistics) throws(FitError) -> Self

  /// The prior's log density at this model's parameters.
  ///
  /// In the parameterisation the model's MAP uses; ``Fit/logPrior`` is this
  /// at the estimate.
  ///
  /// ```swift
  /// let coin = try Bernoulli(probability: 0.5)
  /// coin.logPriorDensity(try Beta(alpha: 2, beta: 2))  // log 1.5 = 0.4054…
  /// ```
  ///
  /// - Parameter prior: The prior.
  /// - Returns: log p(θ) at this model's θ.
  func logPriorDensity(_ prior: Prior) -> Double
}

extension ConjugateModel {
  /// The posterior given a prior and the data summarised in `statistics`.
  ///
  /// Each model also offers `posterior(prior:data:...)` for raw data.
  ///
  /// ```swift
  /// let statistics = try Poisson.Statistics([3, 5, 2])
  /// let posterior = try Poisson.posterior(prior: Gamma(shape: 2, rate: 1), statistics: statistics)
  /// posterior.distribution  // Gamma(shape: 12.0, rate: 4.0)
  /// ```
  ///
  /// - Parameters:
  ///   - prior: The prior.
  ///   - statistics: The data's sufficient statistics (empty statistics give
  ///     the prior back).
  /// - Returns: The posterior, with its evidence and predictive.
  /// - Throws: ``FitError`` as ``posteriorDistribution(_:_:)`` and
  ///   ``predictive(_:_:)`` do.
  public static func posterior(prior: Prior, statistics: Statistics) throws(FitError)
    -> Posterior<Self>
  {
    try Posterior(prior: prior, statistics: statistics)
  }

  /// The MAP fit: the posterior's mode, with log-likelihood and log-prior.
  static func maximumAPosteriori(_ prior: Prior, _ statistics: Statistics) throws(FitError)
    -> Fit<Self>
  {
    let model = try mode(of: posteriorDistribution(prior, statistics), statistics)
    return Fit(
      model: model, method: .maximumAPosteriori, logLikelihood: model.logLikelihood(statistics),
      logPrior: model.logPriorDensity(prior), observationCount: statistics.totalWeight)
  }
}

/// The posterior of a conjugate model: the prior, the data's sufficient
/// statistics, and everything that follows from them in closed form.
///
/// p(θ | x) ∝ p(x | θ) p(θ). It is always computed from the original prior
/// and the merged statistics, so updating one observation at a time, in
/// batches or all at once gives the same posterior and evidence.
///
/// ```swift
/// let posterior = try Poisson.posterior(prior: Gamma(shape: 2, rate: 1), data: [3, 5, 2])
/// posterior.predictive         // NegativeBinomial(successes: 12.0, probability: 0.8)
/// try posterior.mapEstimate()  // (12 − 1)/4: Poisson(rate: 2.75)
/// ```
public struct Posterior<Likelihood: ConjugateModel>: Sendable {
  /// The prior.
  public let prior: Likelihood.Prior
  /// The statistics of all the data seen so far.
  public let statistics: Likelihood.Statistics
  /// The posterior distribution of the parameters (the prior's family).
  public let distribution: Likelihood.Prior
  /// The log marginal likelihood (evidence) of all the data seen so far.
  ///
  /// log p(data) = log ∫ p(data | θ) p(θ) dθ, for Bayes factors; 0 for no
  /// data.
  public let logEvidence: Double
  /// The posterior predictive distribution of one new observation.
  public let predictive: Likelihood.Predictive

  /// The posterior of `prior` given the data summarised in `statistics`.
  ///
  /// The same as `Likelihood.posterior(prior:statistics:)`.
  ///
  /// - Parameters:
  ///   - prior: The prior.
  ///   - statistics: The data's sufficient statistics.
  /// - Throws: ``FitError`` when the prior does not match the statistics or
  ///   the updated parameters are not valid.
  public init(prior: Likelihood.Prior, statistics: Likelihood.Statistics) throws(FitError) {
    self.prior = prior
    self.statistics = statistics
    distribution = try Likelihood.posteriorDistribution(prior, statistics)
    logEvidence =
      statistics.totalWeight == 0 ? 0 : Likelihood.logMarginalLikelihood(prior, statistics)
    guard !logEvidence.isNaN else {
      // Only an overflowed intermediate (∞ − ∞) makes it NaN; the posterior
      // itself was representable.
      throw .overflow(
        model: "\(Likelihood.self)",
        quantity: "the log evidence (an intermediate of its closed form)")
    }
    predictive = try Likelihood.predictive(distribution, statistics)
  }

  /// The posterior after also seeing the data summarised in `more`.
  ///
  /// ```swift
  /// let prior = try Beta(alpha: 1, beta: 1)
  /// var posterior = try Bernoulli.posterior(prior: prior, data: [1, 0])
  /// posterior = try posterior.updated(with: Bernoulli.Statistics([1, 1]))
  /// posterior.distribution  // Beta(alpha: 4.0, beta: 2.0), as from [1, 0, 1, 1]
  /// ```
  ///
  /// - Parameter more: The statistics of the new data.
  /// - Returns: The posterior of all the data seen so far.
  /// - Throws: ``FitError/incompatibleStatistics(model:reason:)`` when `more`
  ///   has another structure, or as ``init(prior:statistics:)`` does.
  public func updated(with more: Likelihood.Statistics) throws(FitError) -> Posterior {
    try Posterior(prior: prior, statistics: statistics.merging(more))
  }

  /// The model at the posterior mode (the MAP estimate); boundary modes
  /// included.
  ///
  /// The same estimate as `fit(data, estimator: .map(prior))`.
  ///
  /// - Returns: The model at the mode of ``distribution``.
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   the mode is not unique or the model cannot represent it.
  public func mapEstimate() throws(FitError) -> Likelihood {
    try Likelihood.mode(of: distribution, statistics)
  }

  /// The model at the posterior mean of its parameters.
  ///
  /// - Returns: The model at the mean of ``distribution``.
  /// - Throws: ``FitError`` when the model cannot represent the mean.
  public func meanEstimate() throws(FitError) -> Likelihood {
    try Likelihood.mean(of: distribution, statistics)
  }
}

/// A posterior mean that lies between a prior mean and a data mean.
enum Shrinkage {
  /// λm₀ + (1 − λ)x̄, in double-double, rounded once.
  ///
  /// As x̄ + λ(m₀ − x̄) for λ ≤ 1/2, else m₀ + (1 − λ)(x̄ − m₀), so only a
  /// small correction is rounded (the plain weighted average in doubles loses
  /// up to two ulps); the weighted average itself when m₀ − x̄ overflows.
  ///
  /// - Parameters:
  ///   - priorMean: m₀.
  ///   - dataMean: x̄.
  ///   - priorShare: λ, in [0, 1].
  ///   - dataShare: 1 − λ, computed directly (not as 1 − λ, which would
  ///     lose λ's digits when λ is small).
  /// - Returns: The posterior mean; not finite only if the data mean is not.
  static func mean(
    priorMean: Double, dataMean: DoubleDouble, priorShare: DoubleDouble, dataShare: DoubleDouble
  ) -> Double {
    if priorShare.hi <= 0.5 {
      let pull = DoubleDouble(priorMean) - dataMean
      if pull.hi.isFinite { return (dataMean + pull * priorShare).value }
    } else {
      let pull = dataMean - DoubleDouble(priorMean)
      if pull.hi.isFinite { return (DoubleDouble(priorMean) + pull * dataShare).value }
    }
    return priorMean * priorShare.value + dataMean.value * dataShare.value
  }
}
