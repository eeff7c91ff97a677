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
  associatedtype Prior: Sendable = Never

  /// The number of free parameters, k in AIC = 2k - 2 log L.
  var parameterCount: Int { get }
}

/// How to fit a ``Model``: maximum likelihood, or maximum a posteriori under
/// a prior.
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
public protocol FittableModel: Model {
  /// The model's sufficient statistics.
  associatedtype Statistics: SufficientStatistics

  /// Fits the model to data summarised by `statistics`.
  ///
  /// - Throws: ``FitError`` when the data cannot determine the estimate
  ///   (no observations, an estimate outside the parameter space) or an
  ///   iteration does not converge.
  static func fit(_ statistics: Statistics, estimator: Estimator<Prior>) throws(FitError)
    -> Fit<Self>

  /// The weighted log-likelihood Σᵢ wᵢ log p(xᵢ | self) of the data summarised
  /// by `statistics`, including every constant term.
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
