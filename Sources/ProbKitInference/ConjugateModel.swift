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
/// posterior.distribution      // Beta(alpha: 4.0, beta: 2.0)
/// posterior.predictive        // Bernoulli(probability: 0.6666666666666666)
/// posterior.logEvidence       // log(1/20) = -2.995732273553991
/// try posterior.mapEstimate() // Bernoulli(probability: 0.75)
/// ```
public protocol ConjugateModel: FittableModel where Prior: Distribution {
  /// The posterior predictive distribution of a new observation.
  associatedtype Predictive: Distribution

  /// The prior updated by the data summarised in `statistics`.
  static func posteriorDistribution(_ prior: Prior, _ statistics: Statistics) throws(FitError)
    -> Prior

  /// The log marginal likelihood (evidence) of the data under the prior,
  /// log ∫ Πᵢ p(xᵢ | θ)^wᵢ p(θ) dθ, including every constant of the
  /// likelihood.
  static func logMarginalLikelihood(_ prior: Prior, _ statistics: Statistics) -> Double

  /// The predictive distribution of one new observation under `belief` (a
  /// prior or posterior); `statistics` supplies the model's structure (trials,
  /// category count, known parameters).
  static func predictive(_ belief: Prior, _ statistics: Statistics) throws(FitError) -> Predictive

  /// The model at the mode of `belief`, in the parameterisation the model
  /// documents; boundary modes are returned, not rejected.
  ///
  /// - Throws: ``FitError/estimateOutsideParameterSpace(model:reason:)`` when
  ///   the mode is not unique or the model cannot represent it.
  static func mode(of belief: Prior, _ statistics: Statistics) throws(FitError) -> Self

  /// The model at the mean of `belief`.
  static func mean(of belief: Prior, _ statistics: Statistics) throws(FitError) -> Self

  /// The prior's log density at this model's parameters.
  func logPriorDensity(_ prior: Prior) -> Double
}

extension ConjugateModel {
  /// The posterior given a prior and the data summarised in `statistics`.
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
/// A posterior is always computed from the original prior and the merged
/// statistics, so updating one observation at a time, in batches, or all at
/// once gives the same posterior and the same evidence.
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
  public init(prior: Likelihood.Prior, statistics: Likelihood.Statistics) throws(FitError) {
    self.prior = prior
    self.statistics = statistics
    distribution = try Likelihood.posteriorDistribution(prior, statistics)
    logEvidence =
      statistics.totalWeight == 0 ? 0 : Likelihood.logMarginalLikelihood(prior, statistics)
    predictive = try Likelihood.predictive(distribution, statistics)
  }

  /// The posterior after also seeing the data summarised in `more`.
  public func updated(with more: Likelihood.Statistics) throws(FitError) -> Posterior {
    try Posterior(prior: prior, statistics: statistics.merging(more))
  }

  /// The model at the posterior mode (the MAP estimate); boundary modes
  /// included.
  public func mapEstimate() throws(FitError) -> Likelihood {
    try Likelihood.mode(of: distribution, statistics)
  }

  /// The model at the posterior mean of its parameters.
  public func meanEstimate() throws(FitError) -> Likelihood {
    try Likelihood.mean(of: distribution, statistics)
  }
}
