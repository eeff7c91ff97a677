import Foundation
import ProbKitDistributions
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// The GLM machine's lineage (issue 13): the generalized linear models and
/// softmax regression are one protocol, `ExponentialFamilyRegression`; θ(x)
/// is the conditional distribution's natural parameters; held-out scores
/// agree between a two-class softmax and a logistic GLM, and match closed
/// forms computed here from Foundation's `log`, `exp` and `lgamma`.
@Suite struct ExponentialFamilyRegressionTests {
  // Two overlapping classes in two features (not separable).
  static let trainX: [[Double]] = [
    [0.2, 1.1], [1.4, 0.3], [2.9, 2.2], [0.5, 0.4], [1.8, 1.9], [2.4, 0.2],
    [1.0, 1.0], [2.0, 0.5], [1.5, 1.6], [0.8, 0.6], [2.6, 1.2], [1.2, 2.4],
    [1.6, 2.0], [1.3, 1.8], [1.1, 0.5], [2.2, 0.9], [0.4, 2.1], [2.8, 0.6],
  ]
  static let trainY = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1]
  static let testX: [[Double]] = [[0.1, 0.2], [3.0, 3.0], [1.5, 0.9], [2.5, 1.5], [0.9, 2.0]]
  static let testY = [0, 1, 1, 0, 1]
  static let rows: [[Double]] = [[0, 0], [1.5, -0.5], [-2, 3], [4, 1]]

  /// θ(x) against the conditional distribution's own natural parameters,
  /// through the protocol alone.
  func expectLineage<M: ExponentialFamilyRegression>(
    _ model: M, at rows: [[Double]], relative: Double = 1e-12,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    for x in rows {
      let direct = try model.naturalParameters(x)
      let viaDistribution = try model.conditionalDistribution(x).naturalParameters
      expectClose(
        direct, viaDistribution, relative: relative, absolute: 1e-13, "\(M.self) at \(x)",
        sourceLocation: sourceLocation)
      #expect(direct.count == viaDistribution.count, sourceLocation: sourceLocation)
    }
  }

  static func counts() throws -> GeneralizedLinearModel<Poisson> {
    try GeneralizedLinearModel<Poisson>.fit(
      features: trainX, response: [1, 3, 9, 0, 5, 2, 1, 3, 4, 1, 6, 4, 5, 3, 1, 4, 2, 5]
    ).model
  }

  @Test func naturalParametersAreTheConditionalDistributions() throws {
    let y = Self.trainY.map(Double.init)
    let logistic = try GeneralizedLinearModel<Bernoulli>.fit(
      features: Self.trainX, response: y
    ).model
    let probit = try GeneralizedLinearModel<Bernoulli>.fit(
      features: Self.trainX, response: y, link: .probit
    ).model
    let poisson = try Self.counts()
    let costs: [Double] = [1.2, 2.5, 6.1, 0.7, 3.9, 2.2, 1.6, 2.4, 3.1, 1.0, 4.4, 3.0]
    let gamma = try GeneralizedLinearModel<Gamma>.fit(
      features: Array(Self.trainX.prefix(12)), response: costs, link: .log
    ).model
    let normal = try GeneralizedLinearModel<Normal>.fit(
      features: Array(Self.trainX.prefix(12)), response: costs
    ).model
    let softmax = try SoftmaxRegression.fit(
      features: Self.trainX, labels: [0, 1, 2, 0, 2, 1, 0, 1, 2, 1, 0, 2, 0, 1, 2, 2, 1, 0]
    ).model
    try expectLineage(logistic, at: Self.rows)
    try expectLineage(probit, at: Self.rows, relative: 1e-10)
    try expectLineage(poisson, at: Self.rows)
    try expectLineage(gamma, at: Self.rows)
    try expectLineage(normal, at: Self.rows)
    try expectLineage(softmax, at: Self.rows)
    let overdispersed = try GeneralizedLinearModel<NegativeBinomial>.fit(
      features: Self.trainX, response: [1, 3, 9, 0, 5, 2, 1, 3, 4, 1, 6, 4, 5, 3, 1, 4, 2, 5],
      family: NegativeBinomial(successes: 2.5, probability: 0.5), link: .log
    ).model
    try expectLineage(overdispersed, at: Self.rows)
    #expect(try softmax.naturalParameters([1, 1]).count == 2)  // K - 1
    #expect(try normal.naturalParameters([1, 1]).count == 2)  // (μ/σ², -1/(2σ²))

    // The canonical link: θ(x) is the linear predictor itself, bit for bit.
    for x in Self.rows {
      #expect(try logistic.naturalParameters(x) == [logistic.linearPredictor(x)])
      #expect(try poisson.naturalParameters(x) == [poisson.linearPredictor(x)])
    }
  }

  @Test func meanParametersArePredictedMeans() throws {
    let poisson = try Self.counts()
    let softmax = try SoftmaxRegression(
      coefficients: [[0, 0], [1, -1], [0.5, 2]], intercepts: [0, 0.3, -1])
    for x in Self.rows {
      try expectClose(poisson.meanParameters(x), [poisson.mean(x)], relative: 1e-14)
      try expectClose(
        softmax.meanParameters(x), Array(softmax.probabilities(x).dropLast()), relative: 1e-14)
    }
  }

  @Test func naturalParametersKeepDigitsWhereProbabilitiesRound() throws {
    // η = 800: μ rounds to 1, so the distribution's log-odds are +∞;
    // θ(x) is still η.
    let logistic = GeneralizedLinearModel(
      family: Bernoulli.standardFamily, coefficients: [1], intercept: 0, hasIntercept: true,
      link: .canonical, dispersion: 1)
    #expect(try logistic.naturalParameters([800]) == [800])
    #expect(try logistic.conditionalDistribution([800]).naturalParameters == [.infinity])
    let softmax = try SoftmaxRegression(coefficients: [[0], [1]], intercepts: [0, 0])
    #expect(try softmax.naturalParameters([800]) == [-800])
    // log p of the improbable response is finite: -log(1 + e^800) = -800.
    #expect(try logistic.logDensity(0, given: [800]) == -800)
    #expect(try softmax.logDensity(0, given: [800]) == -800)
    #expect(try logistic.logLoss(features: [[800]], responses: [0]) == 800)
    #expect(try softmax.logLoss(features: [[800]], responses: [0]) == 800)
  }

  @Test func twoClassSoftmaxIsTheLogisticGLM() throws {
    let tight = SoftmaxRegression.Options(gradientTolerance: 1e-12)
    let prior = try GaussianPrior(standardDeviation: 1)
    for estimator: Estimator<GaussianPrior> in [.mle, .map(prior)] {
      let glm = try GeneralizedLinearModel<Bernoulli>.fit(
        features: Self.trainX, response: Self.trainY.map(Double.init), estimator: estimator
      ).model
      let softmax = try SoftmaxRegression.fit(
        features: Self.trainX, labels: Self.trainY, estimator: estimator, options: tight
      ).model
      let glmLoss = try glm.logLoss(features: Self.testX, responses: Self.testY)
      let softmaxLoss = try softmax.logLoss(features: Self.testX, responses: Self.testY)
      expectClose(softmaxLoss, glmLoss, relative: 1e-11)  // 3e-14 measured
      expectClose(
        try softmax.meanLogLikelihood(features: Self.testX, responses: Self.testY), -glmLoss,
        relative: 1e-11)
      // Categorical's log-odds are against the last class: θ_softmax = -θ_GLM.
      for x in Self.testX {
        try expectClose(
          softmax.naturalParameters(x), glm.naturalParameters(x).map { -$0 },
          relative: 1e-8, absolute: 1e-10)
      }
    }
  }

  /// Held-out scores of statsmodels' and scikit-learn's fits
  /// (`Tests/Reference/generate_lineage.py`): ProbKit's own fits, scored
  /// through the protocol, give the same numbers.
  @Test func heldOutScoresMatchTheReferences() throws {
    let reference = try Fixture.load(LineageReference.self, named: "lineage.json", in: .module)
    #expect(reference.cases.count == 5)
    for item in reference.cases {
      let trainX = try item.trainFeatures.map { try $0.map(Fixture.double) }
      let testX = try item.testFeatures.map { try $0.map(Fixture.double) }
      let trainY = item.trainResponses.compactMap { Int($0) }
      let testY = item.testResponses.compactMap { Int($0) }
      #expect(trainY.count == trainX.count && testY.count == testX.count)
      let estimator: Estimator<GaussianPrior> =
        try item.sigma.map { .map(try GaussianPrior(standardDeviation: Fixture.double($0))) }
        ?? .mle
      let expected = try Fixture.double(item.logLoss)
      let loss: Double
      switch item.model {
      case "bernoulli":
        let model = try GeneralizedLinearModel<Bernoulli>.fit(
          features: trainX, response: trainY.map(Double.init), estimator: estimator
        ).model
        loss = try model.logLoss(features: testX, responses: testY)
        // The two-class softmax scores the same.
        let softmax = try SoftmaxRegression.fit(
          features: trainX, labels: trainY, estimator: estimator,
          options: SoftmaxRegression.Options(gradientTolerance: 1e-12)
        ).model
        expectClose(
          try softmax.logLoss(features: testX, responses: testY), expected, relative: 1e-8,
          "\(item.name), softmax")
      case "poisson":
        let model = try GeneralizedLinearModel<Poisson>.fit(
          features: trainX, response: trainY.map(Double.init), estimator: estimator
        ).model
        loss = try model.logLoss(features: testX, responses: testY)
      default:
        let model = try SoftmaxRegression.fit(
          features: trainX, labels: trainY, estimator: estimator,
          options: SoftmaxRegression.Options(gradientTolerance: 1e-12)
        ).model
        loss = try model.logLoss(features: testX, responses: testY)
      }
      expectClose(loss, expected, relative: 1e-8, "\(item.name) (\(item.reference))")
    }
  }

  /// The example in Docs/GeneralizedLinearModels.md, with default options.
  @Test func theGuidesExampleScoresAlike() throws {
    let x: [[Double]] = [[0.2], [1.4], [2.9], [0.5], [1.8], [2.4], [1.0], [2.0], [1.5], [0.8]]
    let y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0]
    let (xTest, yTest): ([[Double]], [Int]) = ([[0.3], [1.2], [2.5]], [0, 1, 1])
    let logistic = try GeneralizedLinearModel<Bernoulli>.fit(
      features: x, response: y.map(Double.init)
    ).model
    let softmax = try SoftmaxRegression.fit(features: x, labels: y).model
    let glmLoss = try logistic.logLoss(features: xTest, responses: yTest)
    let softmaxLoss = try softmax.logLoss(features: xTest, responses: yTest)
    expectClose(softmaxLoss, glmLoss, relative: 1e-9)  // 3e-13 measured
    try expectClose(
      softmax.naturalParameters([1]), logistic.naturalParameters([1]).map { -$0 }, relative: 1e-8)
  }

  @Test func softmaxScoresAreItsOwnLogLoss() throws {
    let softmax = try SoftmaxRegression(
      coefficients: [[0, 0], [1, -1], [0.5, 2]], intercepts: [0, 0.3, -1])
    let labels = [0, 2, 1, 1]
    let weights = [1, 0.5, 2, 0]
    expectClose(
      try softmax.logLoss(features: Self.rows, responses: labels),
      try softmax.logLoss(features: Self.rows, labels: labels), relative: 1e-14)
    expectClose(
      try softmax.logLoss(features: Self.rows, responses: labels, weights: weights),
      try softmax.logLoss(features: Self.rows, labels: labels, weights: weights), relative: 1e-14)
  }

  @Test func trainingScoreIsTheFitsLogLikelihood() throws {
    let counts: [Double] = [1, 3, 9, 0, 5, 2, 1, 3, 4, 1, 6, 4, 5, 3, 1, 4, 2, 5]
    // The negative binomial (r fixed): its log-likelihood too.
    let nb = try GeneralizedLinearModel<NegativeBinomial>.fit(
      features: Self.trainX, response: counts,
      family: NegativeBinomial(successes: 2.5, probability: 0.5), link: .log)
    expectClose(
      Double(counts.count)
        * (try nb.model.meanLogLikelihood(
          features: Self.trainX, responses: counts.map { Int($0) })),
      nb.logLikelihood, relative: 1e-12)
    let poisson = try GeneralizedLinearModel<Poisson>.fit(features: Self.trainX, response: counts)
    let n = Double(counts.count)
    expectClose(
      n
        * (try poisson.model.meanLogLikelihood(
          features: Self.trainX, responses: counts.map { Int($0) })),
      poisson.logLikelihood, relative: 1e-12)
    let logistic = try GeneralizedLinearModel<Bernoulli>.fit(
      features: Self.trainX, response: Self.trainY.map(Double.init))
    expectClose(
      n * (try logistic.model.meanLogLikelihood(features: Self.trainX, responses: Self.trainY)),
      logistic.logLikelihood, relative: 1e-12)
  }

  /// Hand-made models against closed forms written out here.
  @Test func closedForms() throws {
    func model<F: ResponseFamily>(_ family: F, dispersion: Double = 1, link: Link = .canonical)
      -> GeneralizedLinearModel<F>
    {
      GeneralizedLinearModel(
        family: family, coefficients: [2, -0.5], intercept: -1, hasIntercept: true, link: link,
        dispersion: dispersion)
    }
    let x: [[Double]] = [[0, 0], [1, 0], [1, 2], [0.5, -1]]
    let eta = x.map { 2 * $0[0] - 0.5 * $0[1] - 1 }  // -1, 1, 0, 0.5
    func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    // Bernoulli: log p(y) = yη - log(1 + e^η).
    let coin = [0, 1, 0, 1]
    let coinLogP = zip(coin, eta).map { Double($0) * $1 - log(1 + exp($1)) }
    expectClose(
      try model(Bernoulli.standardFamily).logLoss(features: x, responses: coin),
      -mean(coinLogP), relative: 1e-15)
    // Poisson: log p(y) = yη - e^η - log y!.
    let calls = [0, 4, 1, 2]
    let callsLogP = zip(calls, eta).map { Double($0) * $1 - exp($1) - lgamma(Double($0) + 1) }
    expectClose(
      try model(Poisson.standardFamily).meanLogLikelihood(features: x, responses: calls),
      mean(callsLogP), relative: 1e-15)
    // Normal, φ = σ² = 0.25: log p(y) = -(y - η)²/(2φ) - ½ log(2πφ).
    let level = [-0.8, 1.3, 0.4, 0.2]
    let levelLogP = zip(level, eta).map { -($0 - $1) * ($0 - $1) / 0.5 - 0.5 * log(2 * .pi * 0.25) }
    expectClose(
      try model(Normal.standardFamily, dispersion: 0.25).meanLogLikelihood(
        features: x, responses: level),
      mean(levelLogP), relative: 1e-14)
    // Gamma, log link, shape ν = 1/φ = 4: log p(y) = ν log(ν/μ) + (ν - 1) log y - νy/μ - log Γ(ν).
    let cost = [0.3, 2.9, 1.1, 1.8]
    let costLogP = zip(cost, eta).map { y, eta in
      4 * log(4 / exp(eta)) + 3 * log(y) - 4 * y / exp(eta) - lgamma(4)
    }
    let gamma = model(Gamma.standardFamily, dispersion: 0.25, link: .log)
    expectClose(
      try gamma.meanLogLikelihood(features: x, responses: cost), mean(costLogP), relative: 1e-13)
    // Weights: (Σ w log p)/Σ w.
    let weights = [2, 0, 1, 0.5]
    let weighted = zip(weights, callsLogP).map { $0 * $1 }.reduce(0, +) / 3.5
    expectClose(
      try model(Poisson.standardFamily).meanLogLikelihood(
        features: x, responses: calls, weights: weights),
      weighted, relative: 1e-15)
    // Softmax, three classes: log p(k) = ηₖ - log Σ e^ηⱼ.
    let softmax = try SoftmaxRegression(
      coefficients: [[0, 0], [1, -1], [0.5, 2]], intercepts: [0, 0.3, -1])
    let labels = [2, 0, 1, 2]
    let labelLogP = zip(x, labels).map { row, k in
      let logits = [0, row[0] - row[1] + 0.3, 0.5 * row[0] + 2 * row[1] - 1]
      return logits[k] - log(logits.map(exp).reduce(0, +))
    }
    expectClose(
      try softmax.logLoss(features: x, responses: labels), -mean(labelLogP), relative: 1e-14)
  }

  @Test func aZeroProbabilityCostsInfinityNotNaN() throws {
    // Probit at η = 40: Φ(-40) underflows, so y = 0 has probability 0.
    let probit = GeneralizedLinearModel(
      family: Bernoulli.standardFamily, coefficients: [1], intercept: 0, hasIntercept: true,
      link: .probit, dispersion: 1)
    #expect(try probit.logDensity(0, given: [40]) == -.infinity)
    #expect(try probit.logDensity(1, given: [40]) == 0)
    #expect(try probit.logLoss(features: [[40], [0]], responses: [0, 1]) == .infinity)
    #expect(try probit.meanLogLikelihood(features: [[40], [0]], responses: [0, 1]) == -.infinity)
    // A row of weight 0 does not count, whatever its probability.
    expectClose(
      try probit.logLoss(features: [[40], [0]], responses: [0, 1], weights: [0, 1]), log(2),
      relative: 1e-15)
    // A Poisson rate e^800 overflows: a count of 0 has log p = -e^800 = -∞.
    let poisson = GeneralizedLinearModel(
      family: Poisson.standardFamily, coefficients: [1], intercept: 0, hasIntercept: true,
      link: .canonical, dispersion: 1)
    #expect(try poisson.logLoss(features: [[800]], responses: [0]) == .infinity)
    // Softmax logits 1e300 apart: log p₀ = -1e300, finite.
    let softmax = try SoftmaxRegression(coefficients: [[0], [1]], intercepts: [0, 0])
    #expect(try softmax.logLoss(features: [[1e300]], responses: [0]) == 1e300)
  }

  @Test func hostileInputs() throws {
    let poisson = try Self.counts()
    let softmax = try SoftmaxRegression(
      coefficients: [[0, 0], [1, -1], [0.5, 2]], intercepts: [0, 0.3, -1])
    let name = "GeneralizedLinearModel<Poisson>"
    #expect(throws: FitError.emptyData(model: name)) {
      try poisson.logLoss(features: [], responses: [])
    }
    #expect(throws: FitError.emptyData(model: "SoftmaxRegression")) {
      try softmax.meanLogLikelihood(features: [], responses: [])
    }
    #expect(
      throws: FitError.invalidArgument(
        model: name, argument: "responses", requirement: "one per row (2)", value: "3")
    ) {
      try poisson.logLoss(features: [[0, 0], [1, 1]], responses: [1, 2, 3])
    }
    #expect(
      throws: FitError.invalidObservation(
        model: name, index: 1, requirement: "finite features", value: "column 1 = nan")
    ) {
      try poisson.logLoss(features: [[0, 0], [1, .nan]], responses: [1, 2])
    }
    #expect(
      throws: FitError.invalidObservation(
        model: "SoftmaxRegression", index: 2, requirement: "finite features",
        value: "column 0 = inf")
    ) {
      try softmax.logLoss(features: [[0, 0], [1, 1], [.infinity, 0]], responses: [0, 1, 2])
    }
    #expect(
      throws: FitError.invalidObservation(
        model: name, index: 0, requirement: "2 features", value: "3 features")
    ) {
      try poisson.logLoss(features: [[0, 0, 0]], responses: [1])
    }
    // Responses outside the support, named by row.
    #expect(
      throws: FitError.invalidObservation(
        model: name, index: 1, requirement: "a response in the Poisson support", value: "-1")
    ) {
      try poisson.logLoss(features: [[0, 0], [1, 1]], responses: [1, -1])
    }
    for label in [3, -1] {
      #expect(
        throws: FitError.invalidObservation(
          model: "SoftmaxRegression", index: 0,
          requirement: "a response in the Categorical support", value: "\(label)")
      ) {
        try softmax.logLoss(features: [[0, 0]], responses: [label])
      }
    }
    let coin = GeneralizedLinearModel(
      family: Bernoulli.standardFamily, coefficients: [1], intercept: 0, hasIntercept: true,
      link: .canonical, dispersion: 1)
    #expect(throws: FitError.self) { try coin.logLoss(features: [[0], [1]], responses: [1, 2]) }
    #expect(try coin.logDensity(2, given: [0]) == -.infinity)
    let level = GeneralizedLinearModel(
      family: Normal.standardFamily, coefficients: [1], intercept: 0, hasIntercept: true,
      link: .canonical, dispersion: 1)
    for bad in [Double.nan, .infinity, -.infinity] {
      #expect(throws: FitError.self) { try level.logLoss(features: [[0]], responses: [bad]) }
    }
    let cost = GeneralizedLinearModel(
      family: Gamma.standardFamily, coefficients: [1], intercept: 0, hasIntercept: true,
      link: .log, dispersion: 1)
    for bad in [0.0, -1, .nan] {
      #expect(throws: FitError.self) { try cost.logLoss(features: [[0]], responses: [bad]) }
    }
    // Weights.
    #expect(throws: FitError.invalidWeight(model: name, index: 1, value: -1)) {
      try poisson.logLoss(features: [[0, 0], [1, 1]], responses: [1, 2], weights: [1, -1])
    }
    #expect(throws: FitError.weightCountMismatch(model: name, weights: 1, observations: 2)) {
      try poisson.logLoss(features: [[0, 0], [1, 1]], responses: [1, 2], weights: [1])
    }
    #expect(throws: FitError.self) {
      try poisson.logLoss(features: [[0, 0], [1, 1]], responses: [1, 2], weights: [0, 0])
    }
    // The per-row requirements reject what the scorer does.
    #expect(throws: FitError.self) { try poisson.naturalParameters([1]) }
    #expect(throws: FitError.self) { try poisson.naturalParameters([1, .nan]) }
    #expect(throws: FitError.self) { try softmax.naturalParameters([.nan, 0]) }
    #expect(throws: FitError.self) { try softmax.logDensity(0, given: [1]) }
    // An identity-link Poisson with a negative mean at x: no distribution,
    // so no θ and no density (the error predictiveDistribution gives).
    let identity = GeneralizedLinearModel(
      family: Poisson.standardFamily, coefficients: [1], intercept: 0, hasIntercept: true,
      link: .identity, dispersion: 1)
    #expect(throws: FitError.self) { try identity.predictiveDistribution([-1]) }
    #expect(throws: FitError.self) { try identity.naturalParameters([-1]) }
    #expect(throws: FitError.self) { try identity.logDensity(0, given: [-1]) }
    #expect(throws: FitError.self) { try identity.logLoss(features: [[-1]], responses: [0]) }
    expectClose(try identity.naturalParameters([2]), [log(2)], relative: 1e-15)
  }
}

/// `Tests/ProbKitRegressionTests/Fixtures/lineage.json`, written by
/// `Tests/Reference/generate_lineage.py`; every number is a string.
struct LineageReference: Decodable {
  struct Case: Decodable {
    let name: String
    let model: String
    let estimator: String
    let sigma: String?
    let trainFeatures: [[String]]
    let trainResponses: [String]
    let testFeatures: [[String]]
    let testResponses: [String]
    let logLoss: String
    let reference: String
  }

  let cases: [Case]
}
