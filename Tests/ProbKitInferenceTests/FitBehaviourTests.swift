import Foundation
import ProbKitDistributions
import TestSupport
import Testing

@testable import ProbKitInference

/// The `Model.fit` API's behaviour: call shape, report fields, bad input.
///
/// Expected values here are exact small-number arithmetic (3 of 4 is 0.75);
/// the fixture tests compare against mpmath.
@Suite struct FitBehaviourTests {
  @Test func oneCallShapeForMLEAndMAP() throws {
    let flips = [1, 0, 1, 1, 0, 1, 1, 1]
    let mle = try Bernoulli.fit(flips, estimator: .mle)
    #expect(mle.model.probability == 0.75)
    #expect(mle.method == .maximumLikelihood)
    #expect(mle.logPrior == nil && mle.logPosterior == nil)
    #expect(mle.observationCount == 8)
    let prior = try Beta(alpha: 2, beta: 2)
    let map = try Bernoulli.fit(flips, estimator: .map(prior))
    #expect(map.model.probability == 0.7)  // (6 + 1)/(8 + 2)
    #expect(map.method == .maximumAPosteriori)
    #expect(map.logPrior == prior.logDensity(0.7))
    #expect(map.logPosterior == map.logLikelihood + prior.logDensity(0.7))
  }

  @Test func informationCriteria() throws {
    let fit = try Normal.fit([1, 2, 4, 7], estimator: .mle)
    #expect(fit.parameterCount == 2)
    #expect(fit.aic == 4 - 2 * fit.logLikelihood)
    #expect(fit.bic == 2 * log(4.0) - 2 * fit.logLikelihood)
    #expect(fit.optimization == nil)
  }

  @Test func iterativeFitsReportTheirIterations() throws {
    let fit = try Gamma.fit([0.8, 2.1, 1.4, 3.3, 0.6], estimator: .mle)
    let report = try #require(fit.optimization)
    #expect(report.converged)
    #expect(report.iterations >= 2 && report.iterations < 20)
    #expect(report.gradientNorm < 1e-8)
  }

  @Test func weightsAreCounts() throws {
    let expanded = try Poisson.fit([2, 2, 2, 5], estimator: .mle)
    let weighted = try Poisson.fit([2, 5], weights: [3, 1], estimator: .mle)
    #expect(expanded.model == weighted.model)
    #expect(expanded.logLikelihood == weighted.logLikelihood)
    let normalExpanded = try Normal.fit([1.5, 1.5, 4, 4, 4, -2], estimator: .mle)
    let normalWeighted = try Normal.fit([1.5, 4, -2], weights: [2, 3, 1], estimator: .mle)
    expectClose(normalExpanded.model.mean, normalWeighted.model.mean, absolute: 1e-15)
    #expect(
      abs(normalExpanded.model.standardDeviation - normalWeighted.model.standardDeviation)
        <= 1e-15)
  }

  @Test func categoricalKeepsUnseenCategories() throws {
    let fit = try Categorical.fit([0, 2, 2, 0], categoryCount: 4, estimator: .mle)
    #expect(fit.model.probabilities == [0.5, 0, 0.5, 0])
    #expect(fit.parameterCount == 3)
  }

  @Test func dirichletMAPLiesOnTheBoundary() throws {
    // Category 1 unseen under a prior with alpha 0.5 < 1: its MAP probability
    // is exactly 0, not an error.
    let prior = try Dirichlet(alphas: [2, 0.5, 2])
    let fit = try Categorical.fit([0, 0, 2], categoryCount: 3, estimator: .map(prior))
    #expect(fit.model.probabilities[1] == 0)
    expectClose(fit.model.probabilities[0], 3.0 / 5, absolute: 1e-15)  // (2 + 2 - 1)/(3 + 2)
  }

  @Test func bernoulliMAPAtZero() throws {
    let fit = try Bernoulli.fit([0, 0, 0], estimator: .map(Beta(alpha: 1, beta: 2)))
    #expect(fit.model.probability == 0)
  }

  // MARK: - Sufficient statistics

  @Test func mergedShardsEqualTheOneShotFit() throws {
    let data: [Double] = (0..<1_000).map { (i: Int) -> Double in
      let a = Double(i % 37) * 0.013
      let b = Double(i % 7) * 1e-3
      return 1e6 + a + b
    }
    let whole = try Normal.Statistics(data)
    let shards = try stride(from: 0, to: 1_000, by: 100).map {
      try Normal.Statistics(Array(data[$0..<$0 + 100]))
    }
    var merged = Normal.Statistics()
    for shard in shards.reversed() { merged = try merged + shard }
    let mergedFit = try Normal.fit(merged, estimator: .mle)
    let wholeFit = try Normal.fit(whole, estimator: .mle)
    #expect(mergedFit.model == wholeFit.model)
    // The variance survives a mean of 1e6: compare with a two-pass computation.
    let mean: Double = data.reduce(0, +) / 1_000
    var squares = 0.0
    for x in data { squares += (x - mean) * (x - mean) }
    let variance = squares / 1_000
    let fitted = wholeFit.model.variance
    expectClose(fitted, variance, relative: 1e-9)
  }

  @Test(arguments: [1, 3, 2_000])
  func countingEqualsANaiveCount(categoryCount: Int) throws {
    // Lengths around multiples of 4 exercise the four-stream loop and its tail.
    for length in [0, 1, 3, 4, 5, 8, 11, 1_001] {
      let labels = (0..<length).map { ($0 * 7_919 + length) % categoryCount }
      var naive = [Double](repeating: 0, count: categoryCount)
      for label in labels { naive[label] += 1 }
      let statistics = try Categorical.Statistics(labels, categoryCount: categoryCount)
      #expect(statistics.counts == naive, "length \(length)")
      // An out-of-range label is reported at its index, wherever it is.
      for position in Set([0, length / 2, length - 1]) where length > 0 {
        var bad = labels
        bad[position] = categoryCount
        #expect(
          throws: FitError.invalidObservation(
            model: "Categorical", index: position, requirement: "in 0..<\(categoryCount)",
            value: "\(categoryCount)")
        ) { try Categorical.Statistics(bad, categoryCount: categoryCount) }
      }
    }
  }

  @Test func removingABatchUndoesMergingIt() throws {
    let a = try Categorical.Statistics([0, 1, 1, 2], categoryCount: 3)
    let b = try Categorical.Statistics([2, 2], categoryCount: 3)
    #expect(try (a + b) - b == a)
    #expect(throws: FitError.self) { try a - b }
    let c = try Categorical.Statistics([0], categoryCount: 4)
    #expect(throws: FitError.self) { try a + c }
  }

  @Test func statisticsRoundTripThroughJSON() throws {
    let statistics = try Gamma.Statistics([0.3, 1.7, 2.2], weights: [1, 0.5, 2])
    let decoded = try JSONDecoder().decode(
      Gamma.Statistics.self, from: JSONEncoder().encode(statistics))
    #expect(decoded == statistics)
  }

  // MARK: - Posteriors

  @Test func sequentialUpdatingEqualsBatchUpdating() throws {
    let prior = try Dirichlet(alphas: [1, 1, 1, 1, 1, 1])
    let rolls = [0, 5, 2, 2, 3, 5, 1, 2, 4, 4, 0, 2]
    let batch = try Categorical.posterior(prior: prior, data: rolls)
    var sequential = try Categorical.posterior(prior: prior, data: [])
    for roll in rolls {
      sequential = try sequential.updated(with: Categorical.Statistics([roll], categoryCount: 6))
    }
    #expect(sequential.distribution == batch.distribution)
    #expect(sequential.logEvidence == batch.logEvidence)
  }

  @Test func aPosteriorFromNoDataIsThePrior() throws {
    let prior = try Gamma(shape: 2, rate: 0.5)
    let posterior = try Poisson.posterior(prior: prior, data: [])
    #expect(posterior.distribution == prior)
    #expect(posterior.logEvidence == 0)
    let normalGamma = try NormalGamma(mean: 1, precisionScale: 2, shape: 3, rate: 4)
    #expect(try Normal.posterior(prior: normalGamma, data: []).distribution == normalGamma)
  }

  @Test func evidenceChainsAcrossBatches() throws {
    // log p(a, b) = log p(a) + log p(b | a): the second batch's evidence under
    // the first batch's posterior.
    let prior = try Beta(alpha: 2, beta: 3)
    let a = try Bernoulli.Statistics([1, 0, 1])
    let b = try Bernoulli.Statistics([1, 1, 0, 0, 1])
    let first = try Bernoulli.posterior(prior: prior, statistics: a)
    let both = try first.updated(with: b)
    let chained =
      first.logEvidence + Bernoulli.logMarginalLikelihood(first.distribution, b)
    expectClose(both.logEvidence, chained, relative: 1e-14)
  }

  // MARK: - Bad input

  @Test func badObservationsNameTheFirstOne() {
    #expect(
      throws: FitError.invalidObservation(
        model: "Categorical", index: 2, requirement: "in 0..<3", value: "5")
    ) { try Categorical.fit([0, 2, 5, -1], categoryCount: 3, estimator: .mle) }
    #expect(
      throws: FitError.invalidObservation(
        model: "Bernoulli", index: 1, requirement: "0 or 1", value: "2")
    ) { try Bernoulli.fit([1, 2], estimator: .mle) }
    #expect(
      throws: FitError.invalidObservation(
        model: "Normal", index: 1, requirement: "finite", value: "nan")
    ) { try Normal.fit([1, .nan], estimator: .mle) }
    #expect(
      throws: FitError.invalidObservation(
        model: "Poisson", index: 0, requirement: ">= 0", value: "-3")
    ) { try Poisson.fit([-3], estimator: .mle) }
    #expect(throws: FitError.self) { try Exponential.fit([1, .infinity], estimator: .mle) }
    #expect(throws: FitError.self) { try Beta.fit([0.5, 1], estimator: .mle) }
    #expect(throws: FitError.self) { try Gamma.fit([0.5, 0], estimator: .mle) }
    #expect(throws: FitError.self) { try Binomial.fit([3, 11], trials: 10, estimator: .mle) }
    #expect(throws: FitError.self) { try Multinomial.fit([[1, 2], [1, 1]], estimator: .mle) }
    #expect(throws: FitError.self) {
      try MultivariateNormal.fit([[1, 2], [1]], estimator: .mle)
    }
  }

  /// Category counts past the machine's memory are a typed error, not a
  /// trap in malloc.
  @Test func hugeCategoryCountsThrowNotTrap() {
    for count in [Int.max, 1 << 61, 1 << 40] {
      #expect(throws: FitError.self) {
        try Categorical.fit([0], categoryCount: count, estimator: .mle)
      }
      #expect(throws: FitError.self) { try Multinomial.Statistics(categoryCount: count, trials: 1) }
    }
  }

  @Test func dirichletRejectsVectorsThatAreNotProbabilities() {
    #expect(throws: FitError.self) { try Dirichlet.fit([[0.5, 0.4]], estimator: .mle) }
    #expect(throws: FitError.self) { try Dirichlet.fit([[0.5, 0.5], [1, 0]], estimator: .mle) }
    #expect(throws: FitError.self) { try Dirichlet.fit([[0.5, 0.5], [0.2, 0.3, 0.5]]) }
  }

  @Test func badWeights() {
    #expect(throws: FitError.weightCountMismatch(model: "Poisson", weights: 1, observations: 2)) {
      try Poisson.fit([1, 2], weights: [1], estimator: .mle)
    }
    #expect(throws: FitError.invalidWeight(model: "Poisson", index: 1, value: -1)) {
      try Poisson.fit([1, 2], weights: [1, -1], estimator: .mle)
    }
    #expect(throws: FitError.self) { try Normal.fit([1, 2], weights: [1, .nan], estimator: .mle) }
  }

  @Test func emptyDataIsAnErrorForMLE() {
    #expect(throws: FitError.emptyData(model: "Bernoulli")) {
      try Bernoulli.fit([Int](), estimator: .mle)
    }
    #expect(throws: FitError.emptyData(model: "Normal")) { try Normal.fit([], estimator: .mle) }
    #expect(throws: FitError.emptyData(model: "Gamma")) { try Gamma.fit([], estimator: .mle) }
    #expect(throws: FitError.emptyData(model: "Dirichlet")) {
      try Dirichlet.fit([[Double]](), estimator: .mle)
    }
  }

  @Test func estimatesOutsideTheParameterSpaceAreNamed() {
    #expect(throws: FitError.self) { try Normal.fit([3, 3, 3], estimator: .mle) }
    #expect(throws: FitError.self) { try Poisson.fit([0, 0], estimator: .mle) }
    #expect(throws: FitError.self) { try Exponential.fit([0, 0], estimator: .mle) }
    #expect(throws: FitError.self) { try Gamma.fit([2, 2, 2], estimator: .mle) }
    #expect(throws: FitError.self) { try MultivariateNormal.fit([[1, 2], [2, 4]]) }
  }

  @Test func errorMessagesAreOneReadableLine() {
    let error = FitError.invalidObservation(
      model: "Categorical", index: 2, requirement: "in 0..<3", value: "5")
    #expect(error.description == "Categorical: observation 2 must be in 0..<3, got 5")
  }
}
