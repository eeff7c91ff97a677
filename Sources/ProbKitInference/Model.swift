/// A parametric model that can be fitted to data by maximum likelihood or,
/// given a prior, by maximum a posteriori: one call shape for all of
/// ProbKit's models.
///
/// Every model offers `Model.fit(data..., weights:, estimator:)`, which
/// returns a ``Fit``: the fitted model together with its log-likelihood,
/// log-prior, AIC, BIC and, for iterative fits, an ``OptimizationReport``.
///
/// ```swift
/// let flips = [1, 0, 1, 1, 0, 1, 1, 1]
/// let mle = try Bernoulli.fit(flips, estimator: .mle)
/// let map = try Bernoulli.fit(flips, estimator: .map(Beta(alpha: 2, beta: 2)))
/// print(mle.model.probability, map.model.probability)  // 0.75 0.7
/// ```
///
/// Models with a conjugate prior also give the whole posterior
/// (``ConjugateModel/posterior(prior:statistics:)``).
public protocol Model: Sendable {
  /// The prior that ``Estimator/map(_:)`` takes; `Never` where ProbKit offers
  /// no MAP estimate for the model, so that `.map` cannot be written.
  ///
  /// ```swift
  /// let prior: Poisson.Prior = try Gamma(shape: 2, rate: 1)  // Poisson.Prior is Gamma
  /// try Poisson.fit([3, 5], estimator: .map(prior)).model    // Poisson(rate: 3.0)
  /// ```
  associatedtype Prior: Sendable = Never

  /// The number of free parameters, k in AIC = 2k - 2 log L.
  ///
  /// Parameters the model holds fixed (a binomial's trials, a known mean) do
  /// not count.
  ///
  /// ```swift
  /// try Normal(mean: 0, standardDeviation: 1).parameterCount   // 2: μ and σ
  /// try Binomial(trials: 10, probability: 0.5).parameterCount  // 1: p (n is known)
  /// try Categorical(probabilities: [0.2, 0.3, 0.5]).parameterCount  // K − 1 = 2
  /// ```
  var parameterCount: Int { get }
}

/// How to fit a ``Model``: maximum likelihood, or maximum a posteriori under
/// a prior.
///
/// θ̂_MLE = argmax_θ log p(x | θ) and θ̂_MAP = argmax_θ log p(x | θ) + log p(θ).
/// `Prior` is the model's ``Model/Prior``; for models without a MAP estimate
/// it is `Never`, so only `.mle` can be written.
///
/// ```swift
/// let counts = [3, 5, 2, 4, 4]
/// try Poisson.fit(counts, estimator: .mle).model       // Poisson(rate: 3.6)
/// let prior = try Gamma(shape: 2, rate: 1)
/// try Poisson.fit(counts, estimator: .map(prior)).model  // (2 + 18 − 1)/(1 + 5) = 3.1666…
/// try Gamma.fit([0.8, 2.1, 1.4], estimator: .mle).model  // Estimator<Never>: MLE only
/// ```
public enum Estimator<Prior: Sendable>: Sendable {
  /// Maximum likelihood: argmax_θ Σᵢ wᵢ log p(xᵢ | θ).
  case mle
  /// Maximum a posteriori: argmax_θ Σᵢ wᵢ log p(xᵢ | θ) + log p(θ), the
  /// posterior mode under `prior`, in the parameterisation the model
  /// documents.
  case map(Prior)
}

/// A model fitted through its sufficient statistics.
///
/// Fitting goes through a ``SufficientStatistics`` value: it is
/// built from data in one pass, can be merged with the statistics of other
/// data (shards, batches of a stream) and gives the same fit as the one-shot
/// data. `fit(_:estimator:)` on statistics is the requirement; each model
/// adds `fit(_ data:weights:estimator:)` for its kind of observation.
///
/// Code written against the protocol fits any model, for example to compare
/// models of the same data by AIC:
///
/// ```swift
/// func aic<M: FittableModel>(_: M.Type, _ statistics: M.Statistics) throws -> Double {
///   try M.fit(statistics, estimator: .mle).aic
/// }
/// let waits = [0.8, 2.1, 1.4, 3.3, 0.6]
/// try aic(Gamma.self, Gamma.Statistics(waits))              // 16.650…: the better model
/// try aic(Exponential.self, Exponential.Statistics(waits))  // 16.946…
/// ```
public protocol FittableModel: Model {
  /// The model's sufficient statistics.
  ///
  /// A nested type of each model: `Poisson.Statistics`, `Categorical.Statistics`, …
  ///
  /// ```swift
  /// let statistics: Poisson.Statistics = try .init([3, 5, 2])
  /// statistics.total  // 10.0
  /// ```
  associatedtype Statistics: SufficientStatistics

  /// Fits the model to data summarised by `statistics`.
  ///
  /// The result equals the fit to the raw data, however the statistics were
  /// built (one pass, merged shards, a stream).
  ///
  /// ```swift
  /// let shard1 = try Exponential.Statistics([0.5, 2.0])
  /// let shard2 = try Exponential.Statistics([1.5])
  /// try Exponential.fit(shard1 + shard2, estimator: .mle).model  // Exponential(rate: 0.75)
  /// ```
  ///
  /// - Parameters:
  ///   - statistics: The data's sufficient statistics.
  ///   - estimator: `.mle`, or `.map(prior)` where the model has a prior.
  /// - Returns: The fitted model with its log-likelihood and information
  ///   criteria.
  /// - Throws: ``FitError`` when the data cannot determine the estimate
  ///   (no observations, an estimate outside the parameter space) or an
  ///   iteration does not converge.
  static func fit(_ statistics: Statistics, estimator: Estimator<Prior>) throws(FitError)
    -> Fit<Self>

  /// The weighted log-likelihood Σᵢ wᵢ log p(xᵢ | self) of the data summarised
  /// by `statistics`, including every constant term.
  ///
  /// Equal to the sum of `logDensity(_:)` over the data, so any parameter
  /// value can be scored, not only the fit.
  ///
  /// ```swift
  /// let statistics = try Poisson.Statistics([3, 5, 2])
  /// try Poisson(rate: 3).logLikelihood(statistics)    // -5.2862…
  /// try Poisson(rate: 3.3).logLikelihood(statistics)  // -5.2331…: nearer the MLE, 10/3
  /// ```
  ///
  /// - Parameter statistics: The data's sufficient statistics.
  /// - Returns: log L, in nats.
  func logLikelihood(_ statistics: Statistics) -> Double
}

extension FittableModel {
  /// The maximum-likelihood fit record of `model` for the data summarised by
  /// `statistics` (log-likelihood from the statistics, total weight as the
  /// observation count).
  static func maximumLikelihoodFit(
    _ model: Self, _ statistics: Statistics, optimization: OptimizationReport? = nil
  ) -> Fit<Self> {
    Fit(
      model: model, method: .maximumLikelihood, logLikelihood: model.logLikelihood(statistics),
      observationCount: statistics.totalWeight, optimization: optimization)
  }
}
