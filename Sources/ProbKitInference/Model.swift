/// A parametric model that can be fitted to data by maximum likelihood or,
/// given a prior, by maximum a posteriori: one call shape for all of
/// ProbKit's models.
///
/// Every model offers `fit(data..., weights:, estimator:)`, returning a
/// ``Fit``: the model with its log-likelihood, log-prior, AIC and BIC.
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
  /// ```
  associatedtype Prior: Sendable = Never

  /// The number of free parameters, k in AIC = 2k - 2 log L.
  ///
  /// Fixed parameters (a binomial's trials, a known mean) do not count.
  ///
  /// ```swift
  /// try Categorical(probabilities: [0.2, 0.3, 0.5]).parameterCount  // K − 1 = 2
  /// ```
  var parameterCount: Int { get }
}

/// How to fit a ``Model``: maximum likelihood, or maximum a posteriori under
/// a prior.
///
/// θ̂_MLE = argmax_θ log p(x | θ) and θ̂_MAP = argmax_θ log p(x | θ) + log p(θ).
/// `Prior` is the model's ``Model/Prior``: `Never` where only `.mle` exists.
///
/// ```swift
/// let prior = try Gamma(shape: 2, rate: 1)
/// try Poisson.fit([3, 5, 2, 4, 4], estimator: .map(prior)).model  // (2 + 18 − 1)/6 = 3.1666…
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
/// The ``SufficientStatistics`` are built in one pass and merge across shards
/// or batches with the same fit as the whole data. Each model adds
/// `fit(_ data:weights:estimator:)` for its kind of observation.
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
  /// ```swift
  /// try Poisson.Statistics([3, 5, 2]).total  // 10.0
  /// ```
  associatedtype Statistics: SufficientStatistics

  /// Fits the model to data summarised by `statistics`.
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
  /// ```swift
  /// try Poisson(rate: 3).logLikelihood(Poisson.Statistics([3, 5, 2]))  // -5.2862…
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
