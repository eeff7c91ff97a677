import Foundation
import ProbKitDistributions
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// Bayesian linear regression against mpmath closed forms (60 digits; the
/// evidence also by quadrature over σ²): `generate_linear_regression.py`.
@Suite struct BayesianLinearRegressionTests {
  struct Reference: Decodable, Sendable {
    struct Point: Decodable, Sendable {
      let x: [String]
      let y: String
      let location: String
      let scale: String
      let logDensity: String
    }

    struct Case: Decodable, Sendable {
      let name: String
      let features: [[String]]
      let response: [String]
      let weights: [String]?
      let priorMean: [String]
      let priorCovariance: [[String]]
      let priorShape: String
      let priorScale: String
      let posteriorMean: [String]
      let posteriorCovarianceDiagonal: [String]
      let posteriorShape: String
      let posteriorScale: String
      let logEvidence: String
      let predictive: [Point]
    }

    let cases: [Case]
  }

  static let reference = Result {
    try Fixture.load(Reference.self, named: "linear_regression.json", in: .module)
  }

  @Test func posteriorPredictiveAndEvidenceMatchTheClosedForms() throws {
    let cases = try Self.reference.get().cases
    #expect(cases.count == 4)
    for entry in cases {
      let label = Comment(rawValue: entry.name)
      let prior = try NormalInverseGammaPrior(
        mean: try Fixture.doubles(entry.priorMean),
        covariance: try entry.priorCovariance.map(Fixture.doubles),
        shape: try Fixture.double(entry.priorShape), scale: try Fixture.double(entry.priorScale))
      let posterior = try GeneralizedLinearModel<Normal>.posterior(
        features: try entry.features.map(Fixture.doubles),
        response: try Fixture.doubles(entry.response),
        weights: try entry.weights.map(Fixture.doubles), prior: prior)
      expectClose(posterior.mean, try Fixture.doubles(entry.posteriorMean), relative: 1e-12, label)
      expectClose(
        posterior.covarianceScale.indices.map { posterior.covarianceScale[$0][$0] },
        try Fixture.doubles(entry.posteriorCovarianceDiagonal), relative: 1e-12, label)
      expectClose(posterior.shape, try Fixture.double(entry.posteriorShape), relative: 1e-15, label)
      expectClose(posterior.scale, try Fixture.double(entry.posteriorScale), relative: 1e-12, label)
      expectClose(
        posterior.logEvidence, try Fixture.double(entry.logEvidence), relative: 1e-12, label)
      for point in entry.predictive {
        let predictive = try posterior.predictive(try Fixture.doubles(point.x))
        expectClose(predictive.location, try Fixture.double(point.location), relative: 1e-12, label)
        expectClose(predictive.scale, try Fixture.double(point.scale), relative: 1e-12, label)
        expectClose(
          predictive.logDensity(try Fixture.double(point.y)), try Fixture.double(point.logDensity),
          relative: 1e-12, absolute: 1e-13, label)
      }
    }
  }

  @Test func aVagueFlatPriorGivesLeastSquares() throws {
    // V₀ → ∞: mₙ → the least-squares solution the GLM finds.
    let x: [[Double]] = [
      [0.5, 1.2], [1.5, 0.3], [3.1, 2.2], [0.2, 0.1], [2.4, 1.9], [1.1, 0.7],
    ]
    let y = [1.3, 2.9, 6.2, 0.4, 5.1, 2.2]
    let vague = try NormalInverseGammaPrior(
      mean: [0, 0, 0], covariance: [[1e12, 0, 0], [0, 1e12, 0], [0, 0, 1e12]], shape: 1, scale: 1)
    let posterior = try GeneralizedLinearModel<Normal>.posterior(
      features: x, response: y, prior: vague)
    let fit = try GeneralizedLinearModel<Normal>.fit(features: x, response: y)
    expectClose(posterior.mean, fit.model.coefficients + [fit.model.intercept], relative: 1e-9)
    let slope = try posterior.coefficient(0)
    #expect(slope.degreesOfFreedom == 2 + 6)
    #expect(throws: FitError.self) { try posterior.coefficient(3) }
    #expect(throws: FitError.self) { try posterior.predictive([1]) }
  }

  @Test func badPriorsAndDataAreTypedErrors() throws {
    #expect(throws: FitError.self) {
      try NormalInverseGammaPrior(mean: [0], covariance: [[-1]], shape: 1, scale: 1)
    }
    #expect(throws: FitError.self) {
      try NormalInverseGammaPrior(
        mean: [0, 0], covariance: [[1, 2], [0, 1]], shape: 1, scale: 1)
    }
    #expect(throws: FitError.self) {
      try NormalInverseGammaPrior(mean: [.nan], covariance: [[1]], shape: 1, scale: 1)
    }
    #expect(throws: FitError.self) {
      try NormalInverseGammaPrior(mean: [0], covariance: [[1]], shape: 0, scale: 1)
    }
    let prior = try NormalInverseGammaPrior(
      mean: [0, 0], covariance: [[1, 0], [0, 1]], shape: 2, scale: 1)
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Normal>.posterior(
        features: [[0, 1]], response: [1], prior: prior)
    }
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Normal>.posterior(
        features: [[0], [1]], response: [1e300, -1e300], prior: prior)
    }
  }
}
