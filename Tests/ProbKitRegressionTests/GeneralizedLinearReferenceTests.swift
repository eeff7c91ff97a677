import Foundation
import ProbKitDistributions
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// statsmodels GLM (MLE) and high-precision MAP optima on real data sets
/// (`Tests/Reference/generate_glm.py`, fixture `glm.json`).
struct GLMReference: Decodable, Sendable {
  struct Dataset: Decodable, Sendable {
    let name: String
    let features: [[String]]
    let response: [String]
    let trials: [String]?
    let offset: [String]?
  }

  struct Parameter: Decodable, Sendable {
    let estimate: String
    let standardError: String
    let z: String
    let pValue: String
    let lower: String
    let upper: String
  }

  struct MaximumLikelihood: Decodable, Sendable {
    let name: String
    let dataset: String
    let family: String
    let link: String
    let hasIntercept: Bool
    let usesOffset: Bool
    let weights: [String]?
    let intercept: Parameter?
    let coefficients: [Parameter]
    let deviance: String
    let nullDeviance: String
    let pearsonChi2: String
    let logLikelihood: String
    let scale: String
    let aic: String
    let bicLlf: String
    let covariance: [[String]]
    let meanInterval: MeanInterval
    let negativeBinomial: NegativeBinomialFit?
  }

  /// statsmodels' `get_prediction` at the data set's first row.
  struct MeanInterval: Decodable, Sendable {
    let mean: String
    let lower: String
    let upper: String
  }

  /// The discrete NB2 model's maximum-likelihood α; the GLM fields are the
  /// fit at that α.
  struct NegativeBinomialFit: Decodable, Sendable {
    let alpha: String
    let logLikelihood: String
    let intercept: String?
    let coefficients: [String]
  }

  struct MaximumAPosteriori: Decodable, Sendable {
    let name: String
    let dataset: String
    let family: String
    let sigma: String
    let intercept: String
    let coefficients: [String]
  }

  let datasets: [Dataset]
  let mle: [MaximumLikelihood]
  let map: [MaximumAPosteriori]

  static let shared = Result { try Fixture.load(GLMReference.self, named: "glm.json", in: .module) }

  func data(_ name: String) throws -> (
    features: [[Double]], response: [Double], trials: [Double]?, offset: [Double]?
  ) {
    guard let set = datasets.first(where: { $0.name == name }) else {
      throw FixtureError("no data set \(name)")
    }
    return (
      try set.features.map(Fixture.doubles), try Fixture.doubles(set.response),
      try set.trials.map(Fixture.doubles), try set.offset.map(Fixture.doubles)
    )
  }
}

@Suite struct GeneralizedLinearReferenceTests {
  /// Every family of the fixture.
  static let families = [
    "bernoulli", "binomial", "poisson", "gaussian", "gamma", "negativeBinomial",
  ]

  static let links: [String: Link] = [
    "logit": .logit, "probit": .probit, "cloglog": .complementaryLogLog, "log": .log,
    "identity": .identity,
  ]

  static var maximumLikelihoodCases: [Int] {
    guard let reference = try? GLMReference.shared.get() else { return [] }
    return reference.mle.indices.filter { families.contains(reference.mle[$0].family) }
  }

  static var maximumAPosterioriCases: [Int] {
    guard let reference = try? GLMReference.shared.get() else { return [] }
    return reference.map.indices.filter { families.contains(reference.map[$0].family) }
  }

  @Test func everyFamilyOfTheEngineIsCovered() throws {
    let reference = try GLMReference.shared.get()
    #expect(Self.maximumLikelihoodCases.count >= 20)
    #expect(Self.maximumAPosterioriCases.count == reference.map.count)
  }

  @Test(arguments: maximumLikelihoodCases)
  func maximumLikelihoodMatchesStatsmodels(_ index: Int) throws {
    let entry = try GLMReference.shared.get().mle[index]
    switch entry.family {
    case "bernoulli", "binomial": try check(Bernoulli.standardFamily, entry)
    case "poisson": try check(Poisson.standardFamily, entry)
    case "gaussian": try check(Normal.standardFamily, entry)
    case "gamma": try check(Gamma.standardFamily, entry)
    default:
      // NB2 at the discrete model's α: r = 1/α.
      let alpha = try Fixture.double(try #require(entry.negativeBinomial).alpha)
      try check(NegativeBinomial(successes: 1 / alpha, probability: 0.5), entry)
    }
  }

  private func check<F: ResponseFamily>(_ family: F, _ entry: GLMReference.MaximumLikelihood)
    throws
  {
    let (x, y, trials, offset) = try GLMReference.shared.get().data(entry.dataset)
    let link = try #require(Self.links[entry.link])
    let fit = try GeneralizedLinearModel<F>.fit(
      features: x, response: y, family: family, trials: entry.family == "binomial" ? trials : nil,
      weights: try entry.weights.map(Fixture.doubles),
      offsets: entry.usesOffset ? offset : nil, intercept: entry.hasIntercept, link: link)
    let parameters = entry.coefficients + (entry.intercept.map { [$0] } ?? [])
    let estimates = fit.model.coefficients + (entry.hasIntercept ? [fit.model.intercept] : [])
    let intervals = try fit.confidenceIntervals()
    let label = Comment(rawValue: entry.name)
    for (j, parameter) in parameters.enumerated() {
      let standardError = try Fixture.double(parameter.standardError)
      // To 1e-8 of the estimate or of its standard error (a few estimates
      // are 1e-6 of theirs).
      let scale = max(abs(try Fixture.double(parameter.estimate)), standardError)
      expectClose(
        estimates[j], try Fixture.double(parameter.estimate), absolute: 1e-8 * scale, label)
      expectClose(fit.standardErrors[j], standardError, relative: 1e-8, label)
      expectClose(
        fit.zStatistics[j], try Fixture.double(parameter.z), relative: 1e-7, absolute: 1e-8, label)
      // statsmodels rounds p below ~1e-300 to 0.
      expectClose(
        fit.pValues[j], try Fixture.double(parameter.pValue), relative: 1e-6, absolute: 1e-290,
        label)
      expectClose(
        intervals[j].lowerBound, try Fixture.double(parameter.lower), absolute: 1e-8 * scale, label)
      expectClose(
        intervals[j].upperBound, try Fixture.double(parameter.upper), absolute: 1e-8 * scale, label)
    }
    expectClose(
      fit.deviance, try Fixture.double(entry.deviance), relative: 1e-8, absolute: 1e-10, label)
    expectClose(fit.nullDeviance, try Fixture.double(entry.nullDeviance), relative: 1e-8, label)
    expectClose(fit.pearsonChiSquare, try Fixture.double(entry.pearsonChi2), relative: 1e-8, label)
    expectClose(fit.logLikelihood, try Fixture.double(entry.logLikelihood), relative: 1e-8, label)
    expectClose(fit.model.dispersion, try Fixture.double(entry.scale), relative: 1e-8, label)
    expectClose(fit.aic, try Fixture.double(entry.aic), relative: 1e-8, label)
    expectClose(fit.bic, try Fixture.double(entry.bicLlf), relative: 1e-8, label)
    // Residuals: Σ Pearson² = χ² and Σ deviance² = D (unweighted fits; the
    // binomial's on the proportions, with the trials).
    if entry.weights == nil {
      let residuals = try fit.model.residuals(
        features: x, response: y, trials: entry.family == "binomial" ? trials : nil,
        offsets: entry.usesOffset ? offset : nil)
      expectClose(
        residuals.pearson.reduce(0) { $0 + $1 * $1 }, try Fixture.double(entry.pearsonChi2),
        relative: 1e-8, label)
      expectClose(
        residuals.deviance.reduce(0) { $0 + $1 * $1 }, try Fixture.double(entry.deviance),
        relative: 1e-8, absolute: 1e-10, label)
    }
    // The covariance, to 1e-8 of √(Σᵢᵢ Σⱼⱼ), and the mean's interval at row 0.
    let covariance = try entry.covariance.map { try Fixture.doubles($0) }
    for (i, row) in covariance.enumerated() {
      for (j, value) in row.enumerated() {
        let scale = (covariance[i][i] * covariance[j][j]).squareRoot()
        expectClose(fit.covariance[i][j], value, absolute: 1e-8 * scale, label)
      }
    }
    let interval = try fit.meanConfidenceInterval(
      x[0], offset: entry.usesOffset ? offset?[0] ?? 0 : 0)
    let mean = try fit.model.mean(x[0], offset: entry.usesOffset ? offset?[0] ?? 0 : 0)
    expectClose(mean, try Fixture.double(entry.meanInterval.mean), relative: 1e-8, label)
    expectClose(
      interval.lowerBound, try Fixture.double(entry.meanInterval.lower), relative: 1e-8, label)
    expectClose(
      interval.upperBound, try Fixture.double(entry.meanInterval.upper), relative: 1e-8, label)
  }

  @Test(arguments: maximumAPosterioriCases)
  func maximumAPosterioriReachesTheHighPrecisionOptimum(_ index: Int) throws {
    let entry = try GLMReference.shared.get().map[index]
    switch entry.family {
    case "bernoulli": try check(Bernoulli.standardFamily, entry)
    case "poisson": try check(Poisson.standardFamily, entry)
    default: try check(Normal.standardFamily, entry)
    }
  }

  private func check<F: ResponseFamily>(_ family: F, _ entry: GLMReference.MaximumAPosteriori)
    throws
  {
    let (x, y, _, _) = try GLMReference.shared.get().data(entry.dataset)
    let prior = try GaussianPrior(standardDeviation: try Fixture.double(entry.sigma))
    let fit = try GeneralizedLinearModel<F>.fit(features: x, response: y, estimator: .map(prior))
    let expected = try Fixture.doubles(entry.coefficients) + [try Fixture.double(entry.intercept)]
    let largest = expected.reduce(0) { max($0, abs($1)) }
    expectClose(
      fit.model.coefficients + [fit.model.intercept], expected, absolute: 1e-10 * largest,
      Comment(rawValue: entry.name))
  }

  @Test func negativeBinomialDispersionByMaximumLikelihood() throws {
    let reference = try GLMReference.shared.get()
    let cases = reference.mle.filter { $0.family == "negativeBinomial" }
    #expect(cases.count == 3)
    for entry in cases {
      let discrete = try #require(entry.negativeBinomial)
      let (x, y, _, _) = try reference.data(entry.dataset)
      let (fit, alpha) = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
        features: x, response: y, intercept: entry.hasIntercept)
      let label = Comment(rawValue: entry.name)
      expectClose(alpha, try Fixture.double(discrete.alpha), relative: 1e-7, label)
      expectClose(
        fit.logLikelihood, try Fixture.double(discrete.logLikelihood), relative: 1e-10, label)
      let expected =
        try Fixture.doubles(discrete.coefficients)
        + (try discrete.intercept.map { [try Fixture.double($0)] } ?? [])
      let got = fit.model.coefficients + (entry.hasIntercept ? [fit.model.intercept] : [])
      let scale = expected.reduce(0) { max($0, abs($1)) }
      expectClose(got, expected, absolute: 1e-7 * scale, label)
    }
    // Counts with less spread than a Poisson: no α > 0 maximises ℓ.
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
        features: [[0], [1], [2], [3], [4], [5]], response: [2, 2, 3, 3, 4, 4])
    }
  }
}
