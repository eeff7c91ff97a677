import ProbKitInference

extension SoftmaxRegression {
  /// How the objective is minimised.
  ///
  /// Every optimiser minimises the same objective, so they agree to the
  /// stopping tolerance; they differ in speed and memory.
  ///
  /// ```swift
  /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
  /// let y = [0, 0, 1, 0, 1, 1]
  /// let newton = try SoftmaxRegression.fit(
  ///   features: x, labels: y, options: .init(optimizer: .newton))
  /// let descent = try SoftmaxRegression.fit(
  ///   features: x, labels: y,
  ///   options: .init(optimizer: .gradientDescent(stepSize: 0.5, decay: 0)))
  /// newton.optimization?.iterations   // 5
  /// descent.optimization?.iterations  // 70, to the same weight, 1.2140…
  /// ```
  public enum Optimizer: Sendable, Hashable, Codable {
    /// Newton's method for up to 200 parameters (K'(D + 1)); above, L-BFGS
    /// for up to 100 iterations, then, if it has not converged (an
    /// ill-conditioned problem), trust-region Newton from where it stopped.
    case automatic
    /// Limited-memory BFGS with a strong-Wolfe line search: the default for
    /// large problems.
    case lbfgs
    /// Newton's method with the exact Hessian (Cholesky, Levenberg damping,
    /// backtracking): quadratic convergence, O((DK)²) memory.
    case newton
    /// Trust-region Newton with conjugate gradients (Hessian-vector products,
    /// no Hessian in memory): for ill-conditioned problems where L-BFGS needs
    /// thousands of iterations.
    case trustRegionNewton
    /// Batch gradient descent, θ ← θ - ηₜ∇f with ηₜ = stepSize/(1 + decay·t):
    /// the textbook update, for teaching and comparison.
    case gradientDescent(stepSize: Double, decay: Double)
  }

  /// Fitting options: optimiser, stopping rule, warm start.
  ///
  /// ```swift
  /// var options = SoftmaxRegression.Options(optimizer: .lbfgs, maximumIterations: 500)
  /// options.progress = { print($0.iteration, $0.objective, $0.gradientNorm) }
  /// let fit = try SoftmaxRegression.fit(
  ///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1],
  ///   options: options)  // prints "0 4.1588830833596715 2.04939015319192" first
  /// ```
  public struct Options: Sendable {
    /// The optimiser; `.automatic` by default.
    public var optimizer: Optimizer
    /// The iteration limit; reaching it throws
    /// `FitError/didNotConverge(model:iterations:gradientNorm:)`.
    public var maximumIterations: Int
    /// Stop when max |∂f/∂θ| ≤ gradientTolerance · max(1, |f|) (for
    /// maximum likelihood at most 1e-9, which the separation checks need).
    public var gradientTolerance: Double
    /// Also stop when f changes by at most objectiveTolerance · max(1, |f|)
    /// three iterations in a row.
    public var objectiveTolerance: Double
    /// A model to start from (same classes and features), instead of zeros.
    ///
    /// For a sequence of related fits (a path of priors, new data): a fit
    /// started at its own optimum stops at once.
    ///
    /// ```swift
    /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
    /// let y = [0, 0, 1, 0, 1, 1]
    /// let first = try SoftmaxRegression.fit(features: x, labels: y)
    /// let again = try SoftmaxRegression.fit(
    ///   features: x, labels: y, options: .init(warmStart: first.model))
    /// again.optimization?.iterations  // 0
    /// ```
    public var warmStart: SoftmaxRegression?
    /// Called once per iteration (for progress displays); `nil` by default.
    public var progress: (@Sendable (Progress) -> Void)?

    /// Options with sensible defaults: automatic optimiser, 10,000
    /// iterations, gradient tolerance 1e-7 (the objective is then within
    /// about 1e-13 of its minimum and probabilities within 1e-7 in the
    /// reference tests), objective tolerance 1e-15.
    ///
    /// ```swift
    /// let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
    /// let y = [0, 0, 1, 0, 1, 1]
    /// let newton = SoftmaxRegression.Options(optimizer: .newton, gradientTolerance: 1e-10)
    /// try SoftmaxRegression.fit(features: x, labels: y, options: newton).optimization?.converged
    /// // Optional(true)
    /// try SoftmaxRegression.fit(features: x, labels: y, options: .init(maximumIterations: 2))
    /// // throws FitError.didNotConverge(model: "SoftmaxRegression", iterations: 2, …)
    /// ```
    ///
    /// - Parameters:
    ///   - optimizer: The optimiser; see ``SoftmaxRegression/Optimizer``.
    ///   - maximumIterations: The iteration limit.
    ///   - gradientTolerance: The gradient stopping rule's tolerance.
    ///   - objectiveTolerance: The objective stopping rule's tolerance.
    ///   - warmStart: A model to start from, or `nil` for zeros.
    ///   - progress: A closure called once per iteration, or `nil`.
    public init(
      optimizer: Optimizer = .automatic, maximumIterations: Int = 10_000,
      gradientTolerance: Double = 1e-7, objectiveTolerance: Double = 1e-15,
      warmStart: SoftmaxRegression? = nil, progress: (@Sendable (Progress) -> Void)? = nil
    ) {
      self.optimizer = optimizer
      self.maximumIterations = maximumIterations
      self.gradientTolerance = gradientTolerance
      self.objectiveTolerance = objectiveTolerance
      self.warmStart = warmStart
      self.progress = progress
    }
  }

  /// One iteration of a fit, as reported to `progress`: ``FitProgress``,
  /// shared by every regression's optimiser.
  public typealias Progress = FitProgress
}

extension SoftmaxRegression.Options {
  /// Throws unless the tolerances are finite and ≥ 0 and the iteration
  /// limit is ≥ 0 (a NaN tolerance would never be met: the fit would run to
  /// its limit).
  func validate(_ check: DataCheck) throws(FitError) {
    guard gradientTolerance.isFinite, gradientTolerance >= 0 else {
      throw check.argument("gradientTolerance", "finite and >= 0", gradientTolerance)
    }
    guard objectiveTolerance.isFinite, objectiveTolerance >= 0 else {
      throw check.argument("objectiveTolerance", "finite and >= 0", objectiveTolerance)
    }
    guard maximumIterations >= 0 else {
      throw check.argument("maximumIterations", ">= 0", maximumIterations)
    }
  }
}
