import Foundation
import ProbKitCore
import TestSupport
import Testing

@testable import ProbKitDistributions

/// Codable round trips, descriptions and the exponential-family identities,
/// for every distribution.
struct DistributionBasicsTests {
  @Test func codableRoundTripsExactly() throws {
    try expectRoundTrip(Normal(mean: 0.1, standardDeviation: 1e-10))
    try expectRoundTrip(Beta(alpha: 1.0 / 3, beta: 2e4))
    try expectRoundTrip(Gamma(shape: 2.5, rate: 0.1))
    try expectRoundTrip(Exponential(rate: 3.7))
    try expectRoundTrip(Bernoulli(probability: 0.1 + 0.2))
    try expectRoundTrip(Poisson(rate: 1e-3))
    try expectRoundTrip(Binomial(trials: 1_000_000, probability: 1e-10))
    try expectRoundTrip(Categorical(probabilities: [0.1, 0.2, 0.7]))
    try expectRoundTrip(Categorical(logits: [3, -1e300, 0.25]))
    try expectRoundTrip(Dirichlet(alphas: [1e-300, 2, 1e300]))
    try expectRoundTrip(ChiSquared(degreesOfFreedom: 0.7))
    try expectRoundTrip(InverseGamma(shape: 3, scale: 0.1))
    try expectRoundTrip(StudentT(degreesOfFreedom: 4.5, location: -1, scale: 3))
    try expectRoundTrip(Geometric(probability: 1e-9))
    try expectRoundTrip(NegativeBinomial(successes: 2.5, probability: 0.3))
    try expectRoundTrip(BetaBinomial(trials: 12, alpha: 0.5, beta: 2))
    try expectRoundTrip(Multinomial(trials: 7, probabilities: [0.25, 0.75]))
    try expectRoundTrip(DirichletMultinomial(trials: 7, alphas: [0.5, 1, 2]))
    try expectRoundTrip(MultivariateNormal(mean: [1, -1], covariance: [[2, 0.3], [0.3, 1]]))
    try expectRoundTrip(Lomax(shape: 2.5, scale: 0.1))
    try expectRoundTrip(NormalGamma(mean: -1, precisionScale: 0.5, shape: 3, rate: 1e-3))
  }

  private func expectRoundTrip<D: Distribution>(_ distribution: D) throws {
    let data = try JSONEncoder().encode(distribution)
    #expect(try JSONDecoder().decode(D.self, from: data) == distribution)
  }

  @Test func descriptionsReadLikeTheInitializer() throws {
    #expect(try Beta(alpha: 2, beta: 3).description == "Beta(alpha: 2.0, beta: 3.0)")
    #expect(try Lomax(shape: 3, scale: 2).description == "Lomax(shape: 3.0, scale: 2.0)")
    #expect(
      try NormalGamma(mean: 0, precisionScale: 1, shape: 2, rate: 2).description
        == "NormalGamma(mean: 0.0, precisionScale: 1.0, shape: 2.0, rate: 2.0)")
    #expect(try Gamma(shape: 2, scale: 4).description == "Gamma(shape: 2.0, rate: 0.25)")
    #expect(
      try Normal(mean: 1, standardDeviation: 2).description
        == "Normal(mean: 1.0, standardDeviation: 2.0)")
    #expect(try Poisson(rate: 3).description == "Poisson(rate: 3.0)")
  }

  @Test func modesAreBoundaryCorrect() throws {
    #expect(try Beta(alpha: 0.5, beta: 3).mode == 0)
    #expect(try Beta(alpha: 3, beta: 0.5).mode == 1)
    #expect(try Beta(alpha: 1, beta: 1).mode == nil)
    #expect(try Beta(alpha: 0.5, beta: 0.5).mode == nil)
    #expect(try Beta(alpha: 3, beta: 3).mode == 0.5)
    #expect(try Gamma(shape: 0.5, rate: 1).mode == 0)
    #expect(try Poisson(rate: 3).mode == nil)
    #expect(try Poisson(rate: 3.5).mode == 3)
    #expect(try Bernoulli(probability: 0.5).mode == nil)
    #expect(try Dirichlet(alphas: [2, 3, 5]).mode == [1.0 / 7, 2.0 / 7, 4.0 / 7])
    #expect(try Dirichlet(alphas: [0.5, 3, 1]).mode == [0, 1, 0])
    #expect(try Dirichlet(alphas: [0.5, 0.5]).mode == nil)
    // All αᵢ ≤ 1: a vertex when exactly one αⱼ = 1, as for the Beta marginals.
    #expect(try Dirichlet(alphas: [0.5, 1]).mode == [0, 1])
    #expect(try Beta(alpha: 0.5, beta: 1).mode == 0)
    #expect(try Dirichlet(alphas: [1, 0.5, 0.5]).mode == [1, 0, 0])
    #expect(try Dirichlet(alphas: [1, 1, 0.5]).mode == nil)
    #expect(try Categorical(probabilities: [0.2, 0.5, 0.3]).mode == 1)
    #expect(try Categorical(probabilities: [0.5, 0.5]).mode == nil)
    #expect(try Binomial(trials: 9, probability: 0.5).mode == nil)
    #expect(try Binomial(trials: 10, probability: 0.5).mode == 5)
    // Ties that floating point only nearly hits: (n + 1)p = 7 · (1/7) and
    // (r - 1)(1 - p)/p = 2 · 0.6/0.4 round to 0.99999… and 2.99999….
    #expect(try Binomial(trials: 6, probability: 1.0 / 7).mode == nil)
    #expect(try NegativeBinomial(successes: 3, probability: 0.4).mode == nil)
    #expect(try NegativeBinomial(successes: 3, probability: 0.45).mode == 2)
    #expect(try Binomial(trials: 4, probability: 1).mode == 4)
  }

  @Test func heavyTailsHaveInfiniteVariance() throws {
    #expect(try Lomax(shape: 0.5, scale: 1).variance == .infinity)
    #expect(try Lomax(shape: 1.5, scale: 1).variance == .infinity)
    #expect(try InverseGamma(shape: 0.5, scale: 1).variance == .infinity)
  }

  @Test func pointMassesAtZeroHaveQuantileOneZero() throws {
    #expect(try Geometric(probability: 1).quantile(1) == 0)
    #expect(try NegativeBinomial(successes: 2, probability: 1).quantile(1) == 0)
    #expect(try Geometric(probability: 0.5).quantile(1) == Int.max)
    #expect(try NegativeBinomial(successes: 2, probability: 0.5).quantile(0) == 0)
  }

  @Test func pointMassesHaveEntropyPlusZero() throws {
    #expect(try Bernoulli(probability: 1).entropy.sign == .plus)
    #expect(try Bernoulli(probability: 0).entropy.sign == .plus)
    #expect(try Categorical(probabilities: [1, 0, 0]).entropy.sign == .plus)
  }

  @Test func naturalParametersOfTheWrongLengthAreRejected() throws {
    let dirichlet = try Dirichlet(alphas: [2, 3])
    #expect(throws: DistributionError.self) { try dirichlet.withNaturalParameters([1, 2, 3]) }
    #expect(try dirichlet.withNaturalParameters([0, 0]) == Dirichlet(alphas: [1, 1]))
  }

  /// GSL's own Dirichlet lnpdf gives NaN at θᵢ = 0 with αᵢ = 1; ProbKit's
  /// density uses 0·log 0 = 0 there.
  @Test func dirichletDensityOnTheBoundaryIsTheLimit() throws {
    let flatFirst = try Dirichlet(alphas: [1, 2, 3])
    expectClose(
      flatFirst.logDensity([0, 0.5, 0.5]), (log(60) + log(0.5) + 2 * log(0.5)), absolute: 1e-13)
    #expect(try Dirichlet(alphas: [0.5, 2]).logDensity([0, 1]) == .infinity)
    #expect(try Dirichlet(alphas: [2, 2]).logDensity([0, 1]) == -.infinity)
    #expect(flatFirst.logDensity([0.5, 0.5]) == -.infinity)
    #expect(flatFirst.logDensity([0.5, 0.6, -0.1]) == -.infinity)
    #expect(flatFirst.logDensity([0.2, 0.2, 0.2]) == -.infinity)
  }

  @Test func categoricalFromLogitsIsTheSoftmax() throws {
    let fromLogits = try Categorical(logits: [1e300, 0, -.infinity])
    #expect(fromLogits.probabilities == [1, 0, 0])
    let die = try Categorical(probabilities: [0.1, 0.2, 0.3, 0.4])
    let eta = die.naturalParameters
    #expect(eta.count == 3)
    let back = try die.withNaturalParameters(eta)
    for (a, b) in zip(back.probabilities, die.probabilities) { expectClose(a, b, absolute: 1e-15) }
    #expect(SpecialFunctions.softmax(eta + [0]) == back.probabilities)
  }

  @Test func evaluationOutsideTheSupportIsMinusInfinityNeverNaN() throws {
    #expect(try Beta(alpha: 2, beta: 3).logDensity(1.5) == -.infinity)
    #expect(try Beta(alpha: 2, beta: 3).logDensity(-0.1) == -.infinity)
    #expect(try Beta(alpha: 1, beta: 3).logDensity(0) == log(3))
    #expect(try Beta(alpha: 0.5, beta: 3).logDensity(0) == .infinity)
    #expect(try Gamma(shape: 2, rate: 1).logDensity(-1) == -.infinity)
    #expect(try Gamma(shape: 1, rate: 2).logDensity(0) == log(2))
    #expect(try Gamma(shape: 2, rate: 1).logDensity(.infinity) == -.infinity)
    #expect(try Exponential(rate: 1).logDensity(-1) == -.infinity)
    #expect(try Poisson(rate: 2).logDensity(-1) == -.infinity)
    #expect(try Bernoulli(probability: 0.3).logDensity(2) == -.infinity)
    #expect(try Bernoulli(probability: 0).logDensity(0) == 0)
    #expect(Normal.standard.quantile(1.5).isNaN)
    #expect(try Poisson(rate: 2).quantile(-0.1) == nil)
    #expect(try Poisson(rate: 2).quantile(1) == Int.max)
  }
}

/// The exponential-family form of each distribution.
struct ExponentialFamilyTests {
  /// log h(x) + ηᵀT(x) - A(η) reproduces logDensity, and ∇A(η) (central
  /// differences) equals E[T(X)].
  func check<D: ExponentialFamily>(
    _ distribution: D, at points: [D.Value], sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    for x in points {
      let direct = distribution.logDensity(x)
      let assembled = distribution.exponentialFamilyLogDensity(x)
      expectClose(
        assembled, direct, relative: 1e-12, absolute: 1e-12, "\(distribution) at \(x)",
        sourceLocation: sourceLocation)
    }
    let eta = distribution.naturalParameters
    let mean = distribution.meanParameters
    for index in eta.indices {
      let step = 1e-5 * max(1, abs(eta[index]))
      var up = eta
      var down = eta
      up[index] += step
      down[index] -= step
      let gradient =
        (distribution.logPartition(up) - distribution.logPartition(down)) / (2 * step)
      expectClose(
        gradient, mean[index], relative: 1e-6, absolute: 1e-6,
        "\(distribution): ∂A/∂η\(index) against E[T]", sourceLocation: sourceLocation)
    }
    let fromNatural = try distribution.withNaturalParameters(eta)
    let fromMean = try distribution.withMeanParameters(mean)
    for (rebuilt, via) in [(fromNatural, "natural"), (fromMean, "mean")] {
      for (a, b) in zip(rebuilt.naturalParameters, eta) {
        expectClose(
          a, b, relative: 1e-9, absolute: 1e-9, "\(distribution) via \(via) parameters: \(rebuilt)",
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test func normal() throws {
    try check(Normal(mean: 1.5, standardDeviation: 0.7), at: [-2, 0, 1.5, 4])
  }

  @Test func gamma() throws {
    try check(Gamma(shape: 2.5, rate: 0.8), at: [0.01, 1, 3, 20])
    try check(Gamma(shape: 0.3, rate: 5), at: [1e-5, 0.1, 2])
  }

  @Test func beta() throws {
    try check(Beta(alpha: 2, beta: 3), at: [0.01, 0.4, 0.99])
    try check(Beta(alpha: 0.5, beta: 7), at: [1e-6, 0.2])
  }

  @Test func exponential() throws {
    try check(Exponential(rate: 2.5), at: [0, 0.3, 10])
  }

  @Test func bernoulli() throws {
    try check(Bernoulli(probability: 0.3), at: [0, 1])
    try check(Bernoulli(probability: 0.999), at: [0, 1])
  }

  @Test func poisson() throws {
    try check(Poisson(rate: 3.5), at: [0, 1, 7, 40])
  }

  @Test func binomial() throws {
    try check(Binomial(trials: 20, probability: 0.3), at: [0, 6, 20])
  }

  @Test func negativeBinomial() throws {
    try check(NegativeBinomial(successes: 3, probability: 0.4), at: [0, 1, 7, 40])
    try check(NegativeBinomial(successes: 0.3, probability: 0.9), at: [0, 2, 15])
    let pointMass = try NegativeBinomial(successes: 2, probability: 1)
    #expect(pointMass.naturalParameters == [-.infinity])
    #expect(throws: DistributionError.self) { try pointMass.withNaturalParameters([0.5]) }
  }

  @Test func categorical() throws {
    try check(Categorical(probabilities: [0.1, 0.2, 0.3, 0.4]), at: [0, 1, 2, 3])
  }

  @Test func dirichlet() throws {
    try check(Dirichlet(alphas: [1.5, 2, 3.5]), at: [[0.2, 0.3, 0.5], [0.01, 0.01, 0.98]])
    try check(Dirichlet(alphas: [0.3, 0.7]), at: [[0.5, 0.5]])
  }

  /// The Bernoulli's inverse link is the logistic sigmoid: the two-class
  /// softmax.
  @Test func bernoulliNaturalParameterIsTheLogOdds() throws {
    let coin = try Bernoulli(probability: 0.8)
    expectClose(coin.naturalParameters[0], log(4), absolute: 1e-15)
    let back = try coin.withNaturalParameters([log(4)])
    expectClose(back.probability, 0.8, absolute: 1e-15)
  }
}
