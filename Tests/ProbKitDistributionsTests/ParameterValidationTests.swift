import Foundation
import Testing

@testable import ProbKitDistributions

/// One sweep over every initializer and every class of invalid parameter.
struct ParameterValidationTests {
  /// Calls that must throw, with the message each must produce.
  static let invalid: [(String, @Sendable () throws -> Any)] = [
    ("Normal: mean must be finite, got nan", { try Normal(mean: .nan, standardDeviation: 1) }),
    ("Normal: mean must be finite, got inf", { try Normal(mean: .infinity, standardDeviation: 1) }),
    (
      "Normal: standardDeviation must be finite and > 0, got 0",
      { try Normal(mean: 0, standardDeviation: 0) }
    ),
    (
      "Normal: standardDeviation must be finite and > 0, got -2",
      { try Normal(mean: 0, standardDeviation: -2) }
    ),
    (
      "Normal: standardDeviation must be finite and > 0, got inf",
      { try Normal(mean: 0, standardDeviation: .infinity) }
    ),
    (
      "Normal: standardDeviation must be finite and > 0, got nan",
      { try Normal(mean: 0, standardDeviation: .nan) }
    ),
    ("Beta: alpha must be finite and > 0, got -1", { try Beta(alpha: -1, beta: 2) }),
    ("Beta: alpha must be finite and > 0, got 0", { try Beta(alpha: 0, beta: 2) }),
    ("Beta: alpha must be finite and > 0, got nan", { try Beta(alpha: .nan, beta: 2) }),
    ("Beta: beta must be finite and > 0, got inf", { try Beta(alpha: 1, beta: .infinity) }),
    ("Beta: beta must be finite and > 0, got -inf", { try Beta(alpha: 1, beta: -.infinity) }),
    ("Lomax: shape must be finite and > 0, got 0", { try Lomax(shape: 0, scale: 1) }),
    ("Lomax: scale must be finite and > 0, got nan", { try Lomax(shape: 1, scale: .nan) }),
    ("Lomax: scale must be finite and > 0, got inf", { try Lomax(shape: 1, scale: .infinity) }),
    (
      "NormalGamma: mean must be finite, got nan",
      {
        try NormalGamma(mean: .nan, precisionScale: 1, shape: 1, rate: 1)
      }
    ),
    (
      "NormalGamma: precisionScale must be finite and > 0, got 0",
      {
        try NormalGamma(mean: 0, precisionScale: 0, shape: 1, rate: 1)
      }
    ),
    (
      "NormalGamma: shape must be finite and > 0, got -1",
      {
        try NormalGamma(mean: 0, precisionScale: 1, shape: -1, rate: 1)
      }
    ),
    (
      "NormalGamma: rate must be finite and > 0, got inf",
      {
        try NormalGamma(mean: 0, precisionScale: 1, shape: 1, rate: .infinity)
      }
    ),
    ("Gamma: shape must be finite and > 0, got 0", { try Gamma(shape: 0, rate: 1) }),
    ("Gamma: shape must be finite and > 0, got nan", { try Gamma(shape: .nan, rate: 1) }),
    ("Gamma: rate must be finite and > 0, got -0.5", { try Gamma(shape: 1, rate: -0.5) }),
    ("Gamma: rate must be finite and > 0, got inf", { try Gamma(shape: 1, rate: .infinity) }),
    ("Gamma: scale must be finite and > 0, got 0", { try Gamma(shape: 1, scale: 0) }),
    ("Gamma: scale must be finite and > 0, got inf", { try Gamma(shape: 1, scale: .infinity) }),
    ("Exponential: rate must be finite and > 0, got 0", { try Exponential(rate: 0) }),
    ("Exponential: rate must be finite and > 0, got nan", { try Exponential(rate: .nan) }),
    ("Exponential: rate must be finite and > 0, got -inf", { try Exponential(rate: -.infinity) }),
    ("Bernoulli: probability must be in [0, 1], got 1.5", { try Bernoulli(probability: 1.5) }),
    ("Bernoulli: probability must be in [0, 1], got -0.1", { try Bernoulli(probability: -0.1) }),
    ("Bernoulli: probability must be in [0, 1], got nan", { try Bernoulli(probability: .nan) }),
    ("Poisson: rate must be finite and > 0, got 0", { try Poisson(rate: 0) }),
    ("Poisson: rate must be finite and > 0, got inf", { try Poisson(rate: .infinity) }),
    ("Poisson: rate must be finite and > 0, got nan", { try Poisson(rate: .nan) }),
    (
      "Binomial: trials must be in 0...4294967295, got -1",
      { try Binomial(trials: -1, probability: 0.5) }
    ),
    (
      "Binomial: trials must be in 0...4294967295, got 4294967296",
      { try Binomial(trials: 1 << 32, probability: 0.5) }
    ),
    ("Binomial: probability must be in [0, 1], got 2", { try Binomial(trials: 3, probability: 2) }),
    (
      "Categorical: probabilities must be non-empty, got []", { try Categorical(probabilities: []) }
    ),
    (
      "Categorical: probabilities[1] must be in [0, 1], got -0.5",
      { try Categorical(probabilities: [0.5, -0.5]) }
    ),
    (
      "Categorical: probabilities[0] must be in [0, 1], got nan",
      { try Categorical(probabilities: [.nan, 1]) }
    ),
    (
      "Categorical: the sum of probabilities must be 1, got 0.9",
      { try Categorical(probabilities: [0.5, 0.4]) }
    ),
    (
      "Categorical: logits[1] must be finite or -inf, got inf",
      { try Categorical(logits: [0, .infinity]) }
    ),
    (
      "Categorical: logits must be non-empty with at least one finite entry, got [-inf, -inf]",
      { try Categorical(logits: [-.infinity, -.infinity]) }
    ),
    (
      "ChiSquared: degreesOfFreedom must be finite and > 0, got 0",
      { try ChiSquared(degreesOfFreedom: 0) }
    ),
    (
      "InverseGamma: shape must be finite and > 0, got -1",
      { try InverseGamma(shape: -1, scale: 1) }
    ),
    (
      "InverseGamma: scale must be finite and > 0, got nan",
      { try InverseGamma(shape: 1, scale: .nan) }
    ),
    (
      "StudentT: degreesOfFreedom must be finite and > 0, got inf",
      { try StudentT(degreesOfFreedom: .infinity) }
    ),
    (
      "StudentT: location must be finite, got nan",
      { try StudentT(degreesOfFreedom: 3, location: .nan) }
    ),
    (
      "StudentT: scale must be finite and > 0, got 0",
      { try StudentT(degreesOfFreedom: 3, scale: 0) }
    ),
    ("Geometric: probability must be in (0, 1], got 0", { try Geometric(probability: 0) }),
    ("Geometric: probability must be in (0, 1], got 1.1", { try Geometric(probability: 1.1) }),
    (
      "NegativeBinomial: successes must be finite and > 0, got 0",
      { try NegativeBinomial(successes: 0, probability: 0.5) }
    ),
    (
      "NegativeBinomial: probability must be in (0, 1], got 0",
      { try NegativeBinomial(successes: 2, probability: 0) }
    ),
    (
      "BetaBinomial: trials must be in 0...4294967295, got -3",
      { try BetaBinomial(trials: -3, alpha: 1, beta: 1) }
    ),
    (
      "BetaBinomial: beta must be finite and > 0, got -1",
      { try BetaBinomial(trials: 3, alpha: 1, beta: -1) }
    ),
    (
      "Multinomial: trials must be in 0...4294967295, got -1",
      { try Multinomial(trials: -1, probabilities: [1]) }
    ),
    (
      "Multinomial: the sum of probabilities must be 1, got 1.2",
      { try Multinomial(trials: 3, probabilities: [0.6, 0.6]) }
    ),
    (
      "DirichletMultinomial: alphas[0] must be finite and > 0, got -1",
      { try DirichletMultinomial(trials: 3, alphas: [-1, 1]) }
    ),
    (
      "MultivariateNormal: mean must be non-empty, got []",
      { try MultivariateNormal(mean: [], covariance: []) }
    ),
    (
      "MultivariateNormal: covariance must be 2x2, got 1 rows of [2]",
      { try MultivariateNormal(mean: [0, 0], covariance: [[1, 0]]) }
    ),
    (
      "MultivariateNormal: covariance[0][1] must be equal to covariance[1][0] (symmetric), got 0.5",
      { try MultivariateNormal(mean: [0, 0], covariance: [[1, 0.5], [0.4, 1]]) }
    ),
    (
      "MultivariateNormal: covariance must be positive definite, got a matrix whose Cholesky factorisation fails",
      { try MultivariateNormal(mean: [0, 0], covariance: [[1, 2], [2, 1]]) }
    ),
    (
      "MultivariateNormal: mean[1] must be finite, got inf",
      { try MultivariateNormal(mean: [0, .infinity], covariance: [[1, 0], [0, 1]]) }
    ),
    ("Dirichlet: alphas must be of length >= 2, got 1 values", { try Dirichlet(alphas: [1]) }),
    ("Dirichlet: alphas[1] must be finite and > 0, got 0", { try Dirichlet(alphas: [1, 0]) }),
    (
      "Dirichlet: alphas[0] must be finite and > 0, got inf",
      { try Dirichlet(alphas: [.infinity, 1]) }
    ),
  ]

  @Test func everyInvalidParameterThrowsAnErrorNamingIt() {
    for (message, make) in Self.invalid {
      do {
        let made = try make()
        Issue.record("expected \"\(message)\", got \(made)")
      } catch let error as DistributionError {
        #expect(error.description == message)
      } catch {
        Issue.record("expected a DistributionError, got \(error)")
      }
    }
  }

  @Test func decodingValidatesLikeTheInitializer() {
    let bad = Data(#"{"alpha": -1, "beta": 2}"#.utf8)
    #expect(throws: DistributionError.self) { try JSONDecoder().decode(Beta.self, from: bad) }
    let missing = Data(#"{"alpha": 1}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Beta.self, from: missing) }
  }
}
