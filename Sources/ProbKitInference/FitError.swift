public import ProbKitDistributions

/// Why a model could not be fitted: bad data, a bad argument, or an estimate
/// the data do not determine.
///
/// The message names the model and, for bad observations, the first index.
///
/// ```swift
/// try Categorical.fit([0, 2, 5], categoryCount: 3, estimator: .mle)
/// // throws "Categorical: observation 2 must be in 0..<3, got 5"
/// ```
public enum FitError: Error, Sendable, Hashable, CustomStringConvertible {
  /// There are no observations (or their total weight is 0) and the
  /// estimator needs some.
  ///
  /// A posterior from no data is not an error: it is the prior.
  case emptyData(model: String)
  /// The observation at `index` is not a valid value for the model.
  case invalidObservation(model: String, index: Int, requirement: String, value: String)
  /// The weight at `index` is negative, NaN or infinite.
  case invalidWeight(model: String, index: Int, value: Double)
  /// `weights` does not have one entry per observation.
  case weightCountMismatch(model: String, weights: Int, observations: Int)
  /// An argument other than the data is invalid.
  case invalidArgument(model: String, argument: String, requirement: String, value: String)
  /// Two sufficient statistics cannot be merged or removed (different
  /// category counts, trials, known parameters, or a removal of more than was
  /// added).
  case incompatibleStatistics(model: String, reason: String)
  /// The estimate lies outside the model's parameter space, so the model
  /// cannot represent it (for example a maximum-likelihood exponential rate
  /// of ∞ when every observation is 0).
  case estimateOutsideParameterSpace(model: String, reason: String)
  /// An iterative fit stopped at its iteration limit without meeting its
  /// convergence criterion.
  case didNotConverge(model: String, iterations: Int, gradientNorm: Double)
  /// A fitted parameter was rejected by the model's initializer.
  case invalidParameter(DistributionError)
  /// A statistic of the data or a parameter computed from it is beyond
  /// `Double` (about 1.8e308); `quantity` says which.
  case overflow(model: String, quantity: String)
  /// A parameter computed from the data is positive but rounds to 0 (below
  /// about 4.9e-324); `quantity` says which.
  case underflow(model: String, quantity: String)
  /// No maximum-likelihood estimate: a hyperplane separates the classes
  /// (`complete`, or quasi-complete with observations on the boundary), so
  /// the likelihood grows without bound. A prior (MAP) fixes it.
  case separation(model: String, complete: Bool)
  /// The features are linearly dependent (a column is a combination of
  /// others, or constant alongside the intercept), so the estimate is not
  /// unique.
  case collinearFeatures(model: String)

  /// A one-line description naming the model and what was wrong.
  public var description: String {
    switch self {
    case .emptyData(let model):
      return "\(model): no observations (or total weight 0) to fit"
    case .invalidObservation(let model, let index, let requirement, let value):
      return "\(model): observation \(index) must be \(requirement), got \(value)"
    case .invalidWeight(let model, let index, let value):
      return "\(model): weight \(index) must be finite and >= 0, got \(value)"
    case .weightCountMismatch(let model, let weights, let observations):
      return "\(model): \(weights) weights for \(observations) observations"
    case .invalidArgument(let model, let argument, let requirement, let value):
      return "\(model): \(argument) must be \(requirement), got \(value)"
    case .incompatibleStatistics(let model, let reason):
      return "\(model): incompatible sufficient statistics: \(reason)"
    case .estimateOutsideParameterSpace(let model, let reason):
      return "\(model): the estimate is outside the parameter space: \(reason)"
    case .didNotConverge(let model, let iterations, let gradientNorm):
      return
        "\(model): did not converge in \(iterations) iterations (gradient norm \(gradientNorm))"
    case .invalidParameter(let error):
      return error.description
    case .overflow(let model, let quantity):
      return "\(model): \(quantity) is not finite: it overflows Double "
        + "(magnitude above 1.8e308); rescale the data"
    case .underflow(let model, let quantity):
      return "\(model): \(quantity) underflows to 0: it is below the smallest Double "
        + "(4.9e-324); rescale the data"
    case .separation(let model, let complete):
      return "\(model): the classes are \(complete ? "completely" : "quasi-completely") separated, "
        + "so the maximum-likelihood estimate does not exist (the weights grow without bound); "
        + "fit by MAP with a Gaussian prior instead (estimator: .map(...))"
    case .collinearFeatures(let model):
      return "\(model): the features are linearly dependent (a column is a combination of the "
        + "others or constant), so the estimate is not unique; drop the redundant columns or use MAP"
    }
  }
}
