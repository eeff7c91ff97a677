import ProbKitDistributions
import TestSupport
import Testing

@testable import ProbKitInference

/// The examples of `Docs/BayesianUpdating.md`, one per model, run as written.
@Suite struct GuideExamplesTests {
  @Test func onePerConjugatePair() throws {
    // Beta–Bernoulli
    let coin = try Bernoulli.posterior(prior: Beta(alpha: 1, beta: 1), data: [1, 0, 1, 1])
    #expect(coin.distribution == (try Beta(alpha: 4, beta: 2)))
    // Beta–Binomial: 3 batches of 10 trials
    let batches = try Binomial.posterior(
      prior: Beta(alpha: 2, beta: 2), data: [3, 5, 4], trials: 10)
    #expect(batches.predictive == (try BetaBinomial(trials: 10, alpha: 14, beta: 20)))
    // Dirichlet–Categorical
    let die = try Categorical.posterior(
      prior: Dirichlet(alphas: [1, 1, 1, 1, 1, 1]), data: [0, 5, 2, 2])
    #expect(die.distribution.alphas == [2, 1, 3, 1, 1, 2])
    // Dirichlet–Multinomial
    let votes = try Multinomial.posterior(
      prior: Dirichlet(alphas: [1, 1, 1]), data: [[3, 1, 0], [2, 2, 0]], trials: 4)
    #expect(votes.distribution.alphas == [6, 4, 1])
    // Gamma–Poisson
    let arrivals = try Poisson.posterior(prior: Gamma(shape: 2, rate: 1), data: [3, 5, 2])
    #expect(arrivals.distribution == (try Gamma(shape: 12, rate: 4)))
    #expect(arrivals.predictive == (try NegativeBinomial(successes: 12, probability: 0.8)))
    // Gamma–Exponential
    let lifetimes = try Exponential.posterior(prior: Gamma(shape: 2, rate: 1), data: [0.5, 1.5])
    #expect(lifetimes.predictive == (try Lomax(shape: 4, scale: 3)))
    // Normal–Normal, known σ
    let weighed = try NormalKnownStandardDeviation.posterior(
      prior: Normal(mean: 0, standardDeviation: 10), data: [4.9, 5.1], standardDeviation: 0.1)
    expectClose(weighed.distribution.mean, 5, absolute: 1e-3)
    // Normal-Gamma
    let heights = try Normal.posterior(
      prior: NormalGamma(mean: 170, precisionScale: 1, shape: 2, rate: 50),
      data: [172, 168, 175, 181])
    #expect(heights.distribution.precisionScale == 5)
    // Inverse gamma on a variance, known mean
    let noise = try NormalKnownMean.posterior(
      prior: InverseGamma(shape: 3, scale: 2), data: [0.3, -1.2, 0.8], mean: 0)
    #expect(noise.distribution.shape == 4.5)
  }

  @Test func onePerIterativeMLE() throws {
    let gamma = try Gamma.fit([0.8, 2.1, 1.4, 3.3, 0.6], estimator: .mle)
    #expect(gamma.optimization?.converged == true)
    let beta = try Beta.fit([0.21, 0.35, 0.12, 0.44, 0.29], estimator: .mle)
    #expect(beta.model.alpha > 0 && beta.model.beta > beta.model.alpha)
    let shares = try Dirichlet.fit(
      [[0.2, 0.3, 0.5], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5]], estimator: .mle)
    #expect(shares.model.dimension == 3)
    let mvn = try MultivariateNormal.fit([[1, 2], [2, 3.5], [0, 1], [3, 3]], estimator: .mle)
    #expect(mvn.model.mean == [1.5, 2.375])
  }
}
