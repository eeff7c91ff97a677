/// One example of every distribution family ProbKit has, written as the text
/// `DistributionParser` reads (and `probkit sample` takes).
///
/// The one list the tests share: the reference tests build their cases by
/// the same parser and check the fixture covers these families, the CLI
/// tests sample each, and a docs test holds `Docs/Distributions.md`'s family
/// table to it. A new family is added here first.
///
/// ```swift
/// DistributionCatalog.names.contains("Beta")  // true
/// ```
public enum DistributionCatalog {
  /// Parser text, one family each, in the order of the docs' table.
  public static let examples: [String] = [
    "Normal(mean: 1, standardDeviation: 2)",
    "Beta(alpha: 2, beta: 3)",
    "Gamma(shape: 2, rate: 0.5)",
    "InverseGamma(shape: 3, scale: 2)",
    "Exponential(rate: 1.5)",
    "ChiSquared(degreesOfFreedom: 4)",
    "StudentT(degreesOfFreedom: 5, location: 0, scale: 1)",
    "Lomax(shape: 3, scale: 2)",
    "Bernoulli(probability: 0.3)",
    "Binomial(trials: 10, probability: 0.4)",
    "Categorical(probabilities: [0.2, 0.3, 0.5])",
    "Poisson(rate: 3.5)",
    "Geometric(probability: 0.25)",
    "NegativeBinomial(successes: 3, probability: 0.4)",
    "BetaBinomial(trials: 10, alpha: 2, beta: 3)",
    "Multinomial(trials: 5, probabilities: [0.2, 0.3, 0.5])",
    "DirichletMultinomial(trials: 5, alphas: [1, 2, 3])",
    "Dirichlet(alphas: [0.5, 1, 2])",
    "MultivariateNormal(mean: [0, 1], covariance: [[2, 0.5], [0.5, 1]])",
    "NormalGamma(mean: 0, precisionScale: 2, shape: 3, rate: 1)",
  ]

  /// The family names, in the order of ``examples``.
  public static var names: [String] {
    examples.map { String($0.prefix { $0 != "(" }) }
  }
}
