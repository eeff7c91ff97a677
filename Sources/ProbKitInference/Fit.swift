import Foundation

/// A fitted model with what is needed to judge it: log-likelihood, log-prior,
/// information criteria, and for iterative fits how the iteration went.
///
/// With k free parameters, total weight n and log L the log-likelihood at the
/// estimate: AIC = 2k − 2 log L and BIC = k log n − 2 log L (smaller is
/// better).
///
/// ```swift
/// let fit = try Poisson.fit([3, 5, 2, 4, 4], estimator: .mle)
/// fit.aic  // 2 − 2 log L = 19.1433…
/// ```
public struct Fit<M: Model>: Sendable {
  /// How the model was fitted.
  ///
  /// ```swift
  /// try Bernoulli.fit([1, 0, 1], estimator: .mle).method  // maximumLikelihood
  /// ```
  public enum Method: String, Sendable, Codable {
    /// Maximum likelihood.
    case maximumLikelihood
    /// Maximum a posteriori.
    case maximumAPosteriori
  }

  /// The fitted model.
  public let model: M
  /// How it was fitted.
  public let method: Method
  /// The weighted log-likelihood at the estimate, log L = Σᵢ wᵢ log p(xᵢ | θ̂).
  public let logLikelihood: Double
  /// The prior's log density at the estimate (MAP only; `nil` for MLE).
  public let logPrior: Double?
  /// The number of observations: the total weight W = Σᵢ wᵢ.
  public let observationCount: Double
  /// The iteration's report, for iteratively fitted models (`nil` for
  /// closed forms).
  public let optimization: OptimizationReport?

  /// Creates a fit record.
  ///
  /// For a model fitted outside ProbKit, to compare it with ProbKit's fits by AIC or BIC.
  ///
  /// - Parameters:
  ///   - model: The fitted model.
  ///   - method: How it was fitted.
  ///   - logLikelihood: log L at the estimate.
  ///   - logPrior: The prior's log density at the estimate, for MAP fits.
  ///   - observationCount: The total weight W of the data.
  ///   - optimization: The iteration's report, for iterative fits.
  public init(
    model: M, method: Method, logLikelihood: Double, logPrior: Double? = nil,
    observationCount: Double, optimization: OptimizationReport? = nil
  ) {
    self.model = model
    self.method = method
    self.logLikelihood = logLikelihood
    self.logPrior = logPrior
    self.observationCount = observationCount
    self.optimization = optimization
  }

  /// The unnormalised log posterior at the estimate, log L + log p(θ̂) (MAP
  /// only).
  public var logPosterior: Double? { logPrior.map { logLikelihood + $0 } }

  /// The number of free parameters k.
  public var parameterCount: Int { model.parameterCount }

  /// Akaike's information criterion, AIC = 2k - 2 log L.
  public var aic: Double { 2 * Double(parameterCount) - 2 * logLikelihood }

  /// The Bayesian (Schwarz) information criterion, BIC = k log n - 2 log L,
  /// with n the total weight.
  public var bic: Double { Double(parameterCount) * log(observationCount) - 2 * logLikelihood }
}

/// How an iterative fit went.
///
/// ``Fit/optimization`` of iterative fits (`Gamma`, `Beta`, `Dirichlet`
/// maximum likelihood); `nil` for closed forms.
///
/// ```swift
/// let fit = try Beta.fit([0.21, 0.35, 0.12, 0.44, 0.29], estimator: .mle)
/// fit.optimization?.iterations  // Optional(5)
/// ```
public struct OptimizationReport: Sendable, Hashable, Codable {
  /// Iterations taken.
  public let iterations: Int
  /// Objective (log-likelihood or log-posterior) evaluations.
  public let functionEvaluations: Int
  /// Gradient evaluations.
  public let gradientEvaluations: Int
  /// The norm of the objective's gradient at the returned estimate, in the
  /// parameterisation the iteration works in (documented per model).
  public let gradientNorm: Double
  /// Whether the stopping criterion was met.
  ///
  /// Always `true` in a returned fit: fits throw
  /// ``FitError/didNotConverge(model:iterations:gradientNorm:)`` instead.
  public let converged: Bool

  /// Creates a report.
  ///
  /// For a ``Fit`` of a model fitted by an iteration outside ProbKit.
  ///
  /// - Parameters:
  ///   - iterations: Iterations taken.
  ///   - functionEvaluations: Objective evaluations.
  ///   - gradientEvaluations: Gradient evaluations.
  ///   - gradientNorm: The gradient's norm at the returned estimate.
  ///   - converged: Whether the stopping criterion was met.
  public init(
    iterations: Int, functionEvaluations: Int, gradientEvaluations: Int, gradientNorm: Double,
    converged: Bool
  ) {
    self.iterations = iterations
    self.functionEvaluations = functionEvaluations
    self.gradientEvaluations = gradientEvaluations
    self.gradientNorm = gradientNorm
    self.converged = converged
  }
}
