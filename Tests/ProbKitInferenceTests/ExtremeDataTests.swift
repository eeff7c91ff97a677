import Foundation
import ProbKitDistributions
import TestSupport
import Testing

@testable import ProbKitInference

/// Every conjugate model on data and weights at the edges of `Double`
/// (issue 11): each update either returns finite, valid parameters or throws
/// a ``FitError`` that names the quantity out of range, never "got nan".
@Suite struct ExtremeDataTests {
  /// The smallest positive `Double`, 4.9e-324.
  static let tiny = Double.leastNonzeroMagnitude

  /// Values at the edges of `Double`, mixed with ordinary ones.
  static let reals: [[Double]] = [
    [1e308, 1e308, 1e308], [1e308], [tiny], [tiny, tiny], [1e200, -1e200],
    [1e200, 1e200], [-1e200, 1, 1e200], [1e308, -1e308], [1e154, 1e154], [1e160, 2],
    [1.7976931348623157e308, 1], [0, Self.tiny, 1e308], [1e-300, 2e-300], [1, 2, 3],
  ]

  /// Weights at the edges (nil: all 1).
  static let weightings: [[Double]?] = [nil, [1e308], [tiny], [1e-300]]

  /// The weights for `count` observations, or nil.
  static func weights(_ pattern: [Double]?, _ count: Int) -> [Double]? {
    pattern.map { Array(repeating: $0[0], count: count) }
  }

  /// Checks one outcome: a result whose description holds no NaN or
  /// infinity, or a `FitError` without "nan" in its message.
  static func check(_ what: String, _ body: () throws -> [String]) {
    do {
      let descriptions = try body()
      for text in descriptions {
        #expect(
          !text.lowercased().contains("nan") && !text.contains("inf"),
          "\(what): not finite: \(text)")
      }
    } catch let error as FitError {
      #expect(!error.description.lowercased().contains("nan"), "\(what): \(error)")
    } catch {
      Issue.record("\(what): not a FitError: \(error)")
    }
  }

  /// A fit's model and log-likelihood as text ("nan" if it is NaN).
  static func fitted<M>(_ fit: Fit<M>) -> [String] {
    ["\(fit.model)", fit.logLikelihood.isNaN ? "log-likelihood nan" : ""]
  }

  /// The posterior's distribution, predictive, evidence and estimates as text.
  static func summary<M: ConjugateModel>(_ posterior: Posterior<M>) -> [String] {
    var lines = [
      "\(posterior.distribution)", "\(posterior.predictive)",
      posterior.logEvidence.isNaN ? "evidence nan" : "",
    ]
    for estimate in [{ try posterior.mapEstimate() }, { try posterior.meanEstimate() }] {
      do {
        lines.append("\(try estimate())")
      } catch {
        if "\(error)".lowercased().contains("nan") { lines.append("\(error)") }
      }
    }
    return lines
  }

  @Test(arguments: reals, weightings)
  func continuousModels(_ data: [Double], _ weighting: [Double]?) throws {
    let w = Self.weights(weighting, data.count)
    let label = "\(data) weights \(weighting ?? [])"
    let positive = data.map(abs)
    let gammas = [try Gamma(shape: 2, rate: 1), try Gamma(shape: 1e308, rate: Self.tiny)]
    for prior in gammas {
      Self.check("Exponential \(label) \(prior)") {
        Self.summary(try Exponential.posterior(prior: prior, data: positive, weights: w))
      }
    }
    Self.check("Gamma MLE \(label)") { Self.fitted(try Gamma.fit(positive, weights: w)) }
    Self.check("Exponential MLE \(label)") {
      Self.fitted(try Exponential.fit(positive, weights: w))
    }
    for prior in [
      try NormalGamma(mean: 0, precisionScale: 1, shape: 1, rate: 1),
      try NormalGamma(mean: 1e308, precisionScale: 1e300, shape: 1e-300, rate: 1e308),
    ] {
      Self.check("Normal \(label) \(prior)") {
        Self.summary(try Normal.posterior(prior: prior, data: data, weights: w))
      }
    }
    Self.check("Normal MLE \(label)") { Self.fitted(try Normal.fit(data, weights: w)) }
    for sd in [1e-300, 1, 1e300] {
      for prior in [
        try Normal(mean: 0, standardDeviation: 1),
        try Normal(mean: -1e308, standardDeviation: 1e300),
      ] {
        Self.check("NormalKnownStandardDeviation \(label) σ \(sd) \(prior)") {
          Self.summary(
            try NormalKnownStandardDeviation.posterior(
              prior: prior, data: data, standardDeviation: sd, weights: w))
        }
      }
      Self.check("NormalKnownStandardDeviation MLE \(label) σ \(sd)") {
        Self.fitted(
          try NormalKnownStandardDeviation.fit(data, standardDeviation: sd, weights: w))
      }
    }
    for mean in [0, 1e308, -1e200] {
      for prior in [
        try InverseGamma(shape: 2, scale: 1), try InverseGamma(shape: Self.tiny, scale: 1e308),
      ] {
        Self.check("NormalKnownMean \(label) μ \(mean) \(prior)") {
          Self.summary(
            try NormalKnownMean.posterior(prior: prior, data: data, mean: mean, weights: w))
        }
      }
      Self.check("NormalKnownMean MLE \(label) μ \(mean)") {
        Self.fitted(try NormalKnownMean.fit(data, mean: mean, weights: w))
      }
    }
  }

  /// Counts and labels at the edges of `Int`, under extreme weights.
  static let counts: [[Int]] = [[Int.max, Int.max], [Int.max], [0, 1], [1, 1, 1], [0]]

  @Test(arguments: counts, weightings)
  func discreteModels(_ data: [Int], _ weighting: [Double]?) throws {
    let w = Self.weights(weighting, data.count)
    let label = "\(data) weights \(weighting ?? [])"
    for prior in [try Gamma(shape: 2, rate: 1), try Gamma(shape: 1e308, rate: 1e308)] {
      Self.check("Poisson \(label) \(prior)") {
        Self.summary(try Poisson.posterior(prior: prior, data: data, weights: w))
      }
    }
    Self.check("Geometric MLE \(label)") { Self.fitted(try Geometric.fit(data, weights: w)) }
    Self.check("Poisson MLE \(label)") { Self.fitted(try Poisson.fit(data, weights: w)) }
    let binary = data.map { min($0, 1) }
    for prior in [try Beta(alpha: 1, beta: 1), try Beta(alpha: 1e308, beta: 1e308)] {
      Self.check("Bernoulli \(label) \(prior)") {
        Self.summary(try Bernoulli.posterior(prior: prior, data: binary, weights: w))
      }
      Self.check("Binomial \(label) \(prior)") {
        Self.summary(
          try Binomial.posterior(
            prior: prior, data: binary.map { $0 * 4_000_000_000 }, trials: 4_000_000_000,
            weights: w))
      }
      Self.check("Categorical \(label) \(prior)") {
        let dirichlet = try Dirichlet(alphas: [prior.alpha, prior.beta])
        return Self.summary(
          try Categorical.posterior(prior: dirichlet, data: binary, weights: w))
      }
    }
    Self.check("Bernoulli MLE \(label)") { Self.fitted(try Bernoulli.fit(binary, weights: w)) }
  }

  @Test func histogramsAtTheEdges() throws {
    for counts in [
      [1e308, 1e308, 1], [1e308, 1, 1], [Self.tiny, 0, 0], [1.7976931348623157e308, 0, 0],
    ] {
      for prior in [
        try Dirichlet(alphas: [1, 1, 1]), try Dirichlet(alphas: [1e308, 1e308, 1e-300]),
      ] {
        Self.check("Categorical counts \(counts) \(prior)") {
          Self.summary(
            try Categorical.posterior(prior: prior, statistics: .init(counts: counts)))
        }
      }
      Self.check("Categorical MLE counts \(counts)") {
        Self.fitted(try Categorical.fit(Categorical.Statistics(counts: counts), estimator: .mle))
      }
    }
    Self.check("Multinomial") {
      let prior = try Dirichlet(alphas: [1e308, 1e308])
      return Self.summary(
        try Multinomial.posterior(prior: prior, data: [[3, 1]], trials: 4, weights: [1e308]))
    }
  }

  /// The examples from issue 11: errors naming what overflowed.
  @Test func issueExamplesNameTheQuantity() throws {
    let gamma = try Gamma(shape: 2, rate: 1)
    #expect(
      throws: FitError.overflow(model: "Exponential", quantity: "the posterior rate b + Σwᵢxᵢ")
    ) {
      try Exponential.posterior(prior: gamma, data: [1e308, 1e308, 1e308])
    }
    // The MLE of the same data is representable: rate 1e-308.
    let rate = try Exponential.fit([1e308, 1e308, 1e308]).model.rate
    expectClose(rate, 1e-308, relative: 1e-15)
    let merged = try Exponential.Statistics([1, 2]) + Exponential.Statistics([1e308])
    #expect(merged == (try Exponential.Statistics([1, 2, 1e308])))
    #expect(
      try JSONDecoder().decode(Exponential.Statistics.self, from: JSONEncoder().encode(merged))
        == merged)
    #expect(throws: FitError.overflow(model: "Exponential", quantity: "the MLE rate W/Σx")) {
      try Exponential.fit([Self.tiny])
    }
    let error = #expect(throws: FitError.self) {
      try Normal.posterior(
        prior: NormalGamma(mean: 0, precisionScale: 1, shape: 1, rate: 1), data: [1e200, -1e200])
    }
    #expect(error?.description.contains("overflows Double") == true)
    // σ = 1e-300 is a data precision of 1e600, but the posterior is representable.
    let tight = try NormalKnownStandardDeviation.posterior(
      prior: Normal(mean: 0, standardDeviation: 1), data: [1, 2], standardDeviation: 1e-300)
    #expect(tight.distribution.mean == 1.5)
    expectClose(tight.distribution.standardDeviation, 1e-300 / 2.0.squareRoot(), relative: 1e-15)
    // √W s₀ beyond Double: the posterior is the data's, σ/√W about x̄.
    let heavy = try NormalKnownStandardDeviation.posterior(
      prior: Normal(mean: 0, standardDeviation: 1e300), data: [2, 4],
      standardDeviation: 1, weights: [1e300, 1e300])
    #expect(heavy.distribution.mean == 3)
    expectClose(heavy.distribution.standardDeviation, 1 / 2e300.squareRoot(), relative: 1e-15)
    #expect(heavy.logEvidence.isFinite)
    // A Beta whose α + β overflows still has its mode and mean.
    let wide = try Bernoulli.posterior(prior: Beta(alpha: 1e308, beta: 1e308), data: [1, 0])
    #expect(try wide.mapEstimate().probability == 0.5)
    #expect(try wide.meanEstimate().probability == 0.5)
  }

  @Test func countsAreCalledCounts() throws {
    #expect(
      throws: FitError.invalidArgument(
        model: "Categorical", argument: "count 1", requirement: "finite and >= 0", value: "-2.0")
    ) {
      try Categorical.Statistics(counts: [1, -2, 3])
    }
  }

  @Test func trialsBeyond32BitsSayWhy() throws {
    let error = #expect(throws: FitError.self) {
      try Binomial.Statistics(trials: 5_000_000_000)
    }
    #expect(
      error?.description
        == "Binomial: trials must be in 0...4294967295 (at most 2³² − 1: the binomial "
        + "distributions, this model's predictive among them, count trials in 32 bits), "
        + "got 5000000000")
  }

  /// Normal data near the edges of `Double` whose mean and spread fit in it:
  /// the sums are scaled, so the answers come out exactly.
  @Test func normalStatisticsScaleInsteadOfOverflowing() throws {
    let wide = try Normal.fit([1e200, -1e200]).model
    #expect(wide.mean == 0 && wide.standardDeviation == 1e200)
    let high = try Normal.fit([1.5e308, 1.7e308]).model
    expectClose(high.mean, 1.6e308, relative: 1e-15)
    expectClose(high.standardDeviation, 1e307, relative: 1e-12)
    let low = try Normal.fit([1e-200, 3e-200]).model
    expectClose(low.mean, 2e-200, relative: 1e-15)
    expectClose(low.standardDeviation, 1e-200, relative: 1e-15)
    // Equal huge values against a prior at them: a representable posterior.
    let prior = try NormalGamma(mean: 1e200, precisionScale: 1, shape: 1, rate: 1)
    let equal = try Normal.posterior(prior: prior, data: [1e200, 1e200])
    #expect(equal.distribution.mean0 == 1e200 && equal.distribution.rate == 1)
    #expect(equal.logEvidence.isFinite)
    let known = try NormalKnownStandardDeviation.posterior(
      prior: Normal(mean: 1e200, standardDeviation: 1), data: [1e200, 1e200],
      standardDeviation: 1)
    #expect(known.distribution.mean == 1e200 && known.logEvidence.isFinite)
    // Shards at different scales merge into the one-shot statistics.
    let merged = try Normal.Statistics([1, 2]) + Normal.Statistics([1e300, -3e300])
    #expect(merged == (try Normal.Statistics([1, 2, 1e300, -3e300])))
    #expect(try merged.removing(Normal.Statistics([1e300, -3e300])).mean == 1.5)
  }

  @Test func knownMeanStatisticsScaleToo() throws {
    #expect(try NormalKnownMean.fit([1e200], mean: 0).model.distribution.standardDeviation == 1e200)
    let far = try NormalKnownMean.fit([1e308], mean: -5e307).model.distribution
    expectClose(far.standardDeviation, 1.5e308, relative: 1e-15)
    #expect(
      throws: FitError.overflow(
        model: "NormalKnownMean", quantity: "the MLE standard deviation √(Σwᵢ(xᵢ − μ)²/W)")
    ) { try NormalKnownMean.fit([1e308], mean: -1e308) }
    let small = try NormalKnownMean.fit([3e-200, -3e-200], mean: 0).model
    expectClose(small.distribution.standardDeviation, 3e-200, relative: 1e-15)
    let merged =
      try NormalKnownMean.Statistics([1, 2], mean: 0)
      + NormalKnownMean.Statistics([1e300], mean: 0)
    #expect(merged == (try NormalKnownMean.Statistics([1, 2, 1e300], mean: 0)))
    let text = try JSONEncoder().encode(merged)
    #expect(try JSONDecoder().decode(NormalKnownMean.Statistics.self, from: text) == merged)
  }

  @Test func scaledStatisticsRoundTripAndOldFilesDecode() throws {
    let scaled = try Normal.Statistics([1e300, 2e300])
    let text = try JSONEncoder().encode(scaled)
    #expect(try JSONDecoder().decode(Normal.Statistics.self, from: text) == scaled)
    let plain = try Normal.Statistics([1, 2, 4])
    let plainText = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
    #expect(!plainText.contains("scale"))
    #expect(try JSONDecoder().decode(Normal.Statistics.self, from: Data(plainText.utf8)) == plain)
  }

  /// The fits without a conjugate prior name what overflowed too, instead of
  /// "got -nan" or a wrong reason ("every observation is equal", "singular").
  @Test func otherFitsNameTheOverflow() throws {
    #expect(
      throws: FitError.overflow(
        model: "Geometric", quantity: "the total weight of the observations")
    ) { try Geometric.fit([1, 2], weights: [1e308, 1e308]) }
    // Gamma's sum is scaled: the mean of data near 1e308 is representable.
    let gamma = try Gamma.fit([1e308, 1.5e308, 5e307]).model
    let scaled = try Gamma.fit([1, 1.5, 0.5]).model
    expectClose(gamma.shape, scaled.shape, relative: 1e-12)
    expectClose(gamma.rate, scaled.rate * 1e-308, relative: 1e-12)
    #expect(
      throws: FitError.overflow(
        model: "Gamma", quantity: "the weighted sum of the observations Σwᵢxᵢ")
    ) { try Gamma.fit([2, 3], weights: [1e308, 1e307]) }
    #expect(
      throws: FitError.overflow(
        model: "MultivariateNormal", quantity: "the sample covariance of coordinates 0 and 0")
    ) { try MultivariateNormal.fit([[1e200, 0], [-1e200, 1], [0, 2]]) }
  }

  /// 400 seeded random data sets of 1–6 values drawn from the edges of
  /// `Double` (both signs, subnormals, the largest finite value), with random
  /// edge weights, through every conjugate model: never a NaN, never an
  /// untyped error.
  @Test func randomEdgeMixtures() throws {
    var random = SplitMix64(seed: 11)
    let magnitudes = [
      0, Self.tiny, 1e-300, 1e-200, 1e-160, 0.5, 1, 3, 1e154, 1e200, 1e300, 1e308,
      Double.greatestFiniteMagnitude,
    ]
    let weightValues = [Self.tiny, 1e-300, 0.5, 1, 1e300, 1e308]
    let gamma = try Gamma(shape: 2, rate: 1)
    let normalGamma = try NormalGamma(mean: 0, precisionScale: 1, shape: 1, rate: 1)
    let normal = try Normal(mean: 0, standardDeviation: 1)
    let inverseGamma = try InverseGamma(shape: 2, scale: 1)
    let beta = try Beta(alpha: 1, beta: 1)
    for round in 0..<400 {
      let count = Int.random(in: 1...6, using: &random)
      let data = (0..<count).map { _ in
        (Bool.random(using: &random) ? 1 : -1) * magnitudes.randomElement(using: &random)!
      }
      let w: [Double]? =
        Bool.random(using: &random)
        ? nil : (0..<count).map { _ in weightValues.randomElement(using: &random)! }
      let label = "round \(round): \(data) weights \(w ?? [])"
      let positive = data.map(abs)
      let counts = positive.map { Int(min($0, 1e18)) }
      Self.check("Exponential \(label)") {
        Self.summary(try Exponential.posterior(prior: gamma, data: positive, weights: w))
      }
      Self.check("Normal \(label)") {
        Self.summary(try Normal.posterior(prior: normalGamma, data: data, weights: w))
      }
      Self.check("NormalKnownStandardDeviation \(label)") {
        Self.summary(
          try NormalKnownStandardDeviation.posterior(
            prior: normal, data: data, standardDeviation: 0.5, weights: w))
      }
      Self.check("NormalKnownMean \(label)") {
        Self.summary(
          try NormalKnownMean.posterior(prior: inverseGamma, data: data, mean: 1, weights: w))
      }
      Self.check("Poisson \(label)") {
        Self.summary(try Poisson.posterior(prior: gamma, data: counts, weights: w))
      }
      Self.check("Bernoulli \(label)") {
        Self.summary(
          try Bernoulli.posterior(prior: beta, data: counts.map { min($0, 1) }, weights: w))
      }
      Self.check("Categorical \(label)") {
        Self.summary(
          try Categorical.posterior(
            prior: Dirichlet(alphas: [1, 1, 1]),
            statistics: .init(
              counts: Array(positive.prefix(3))
                + Array(repeating: 0, count: max(0, 3 - positive.count)))))
      }
      Self.check("Normal MLE \(label)") { Self.fitted(try Normal.fit(data, weights: w)) }
      Self.check("Exponential MLE \(label)") {
        Self.fitted(try Exponential.fit(positive, weights: w))
      }
      Self.check("Gamma MLE \(label)") { Self.fitted(try Gamma.fit(positive, weights: w)) }
      Self.check("Poisson MLE \(label)") { Self.fitted(try Poisson.fit(counts, weights: w)) }
      Self.check("Binomial MLE \(label)") {
        let trials = counts.max() ?? 0
        return Self.fitted(try Binomial.fit(counts, trials: trials, weights: w))
      }
      Self.check("Multinomial MLE \(label)") {
        let vectors = counts.map { [$0, 3] }
        let equalTotals = vectors.map { [$0[0], (counts.max() ?? 0) + 3 - $0[0]] }
        return Self.fitted(try Multinomial.fit(equalTotals, weights: w))
      }
    }
  }
}
