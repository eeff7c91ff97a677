/// One iteration of a regression fit, as its optimiser reports it to a
/// `progress` callback (softmax regression's `Options.progress`, the GLM
/// fit's `progress:`).
///
/// Iteration 0 reports the starting point: for softmax regression, with
/// zero weights every class has probability 1/K, so an unweighted MLE fit
/// starts at f = N log K.
///
/// ```swift
/// let options = SoftmaxRegression.Options(progress: { step in
///   print(step.iteration, step.objective)  // "0 4.1588830833596715" (6 log 2) first
/// })
/// let fit = try SoftmaxRegression.fit(
///   features: [[-2], [-1], [0], [1], [2], [3]], labels: [0, 0, 1, 0, 1, 1],
///   options: options)
/// ```
public struct FitProgress: Sendable, Hashable {
  /// The iteration number (0 at the start).
  public let iteration: Int
  /// The objective f(θ), in the standardised coordinates the optimiser uses
  /// (the same value as in the original ones).
  public let objective: Double
  /// The Euclidean norm of the gradient (standardised coordinates).
  public let gradientNorm: Double
}
