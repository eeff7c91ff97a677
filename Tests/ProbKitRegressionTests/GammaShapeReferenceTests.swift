import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// The Gamma GLM's maximum-likelihood shape against mpmath roots at exact
/// (mpmath Newton) fits, cross-checked in the generator with statsmodels and
/// a scipy joint optimum (`Tests/Reference/generate_gamma_shape.py`, fixture
/// `gamma_shape.json`).
struct GammaShapeReference: Decodable, Sendable {
  struct Dataset: Decodable, Sendable {
    let name: String
    let features: [[String]]
    let response: [String]
  }

  struct Case: Decodable, Sendable {
    let name: String
    let dataset: String
    let link: String
    let hasIntercept: Bool
    let weights: [String]?
    let coefficients: [String]
    let intercept: String?
    let standardErrors: [String]
    let deviance: String
    let weightedObservations: String
    let shape: String
    let dispersion: String
    let logLikelihood: String
    let pearsonShape: String?
  }

  struct Equation: Decodable, Sendable {
    let c: String
    let shape: String
  }

  let datasets: [Dataset]
  let fits: [Case]
  let equation: [Equation]

  static let shared = Result {
    try Fixture.load(GammaShapeReference.self, named: "gamma_shape.json", in: .module)
  }

  func data(_ name: String) throws -> (features: [[Double]], response: [Double]) {
    guard let set = datasets.first(where: { $0.name == name }) else {
      throw FixtureError("no data set \(name)")
    }
    return (try set.features.map(Fixture.doubles), try Fixture.doubles(set.response))
  }
}

@Suite struct GammaShapeReferenceTests {
  typealias GammaGLM = GeneralizedLinearModel<Gamma>

  static var cases: [Int] { (try? GammaShapeReference.shared.get().fits.indices.map { $0 }) ?? [] }

  @Test func theFixtureHasRealAndHostileCases() throws {
    let reference = try GammaShapeReference.shared.get()
    let names = Set(reference.fits.map(\.dataset))
    #expect(names.isSuperset(of: ["scotland", "engel", "stackloss", "nearPerfect", "wide"]))
    #expect(reference.equation.count >= 20)
  }

  /// Shape, dispersion, log-likelihood, deviance and standard errors to
  /// 1e-10 relative, coefficients to 1e-8 of their standard errors
  /// (measured: the shape to 1.4e-15 on the real data sets and 1.3e-12 on
  /// the near-perfect fit, whose D carries that; standard errors to 3e-13;
  /// coefficients to 2.5e-10 SE).
  @Test(arguments: cases)
  func fitMatchesTheReference(_ index: Int) throws {
    let reference = try GammaShapeReference.shared.get()
    let entry = reference.fits[index]
    let (x, y) = try reference.data(entry.dataset)
    let label = Comment(rawValue: entry.name)
    let (fit, shape) = try GammaGLM.fitEstimatingShape(
      features: x, response: y, weights: try entry.weights.map(Fixture.doubles),
      intercept: entry.hasIntercept, link: entry.link == "log" ? .log : .canonical)
    expectClose(shape, try Fixture.double(entry.shape), relative: 1e-10, label)
    expectClose(fit.model.dispersion, try Fixture.double(entry.dispersion), relative: 1e-10, label)
    expectClose(fit.logLikelihood, try Fixture.double(entry.logLikelihood), relative: 1e-10, label)
    expectClose(fit.deviance, try Fixture.double(entry.deviance), relative: 1e-10, label)
    expectClose(
      fit.observationCount, try Fixture.double(entry.weightedObservations), relative: 1e-15, label)
    let standardErrors = try Fixture.doubles(entry.standardErrors)
    expectClose(fit.standardErrors, standardErrors, relative: 1e-9, label)
    let expected =
      try Fixture.doubles(entry.coefficients)
      + (try entry.intercept.map { [try Fixture.double($0)] } ?? [])
    let estimates = fit.model.coefficients + (entry.hasIntercept ? [fit.model.intercept] : [])
    for (j, (estimate, value)) in zip(estimates, expected).enumerated() {
      #expect(
        abs(estimate - value) <= 1e-8 * standardErrors[j],
        "\(entry.name) β[\(j)]: \(estimate) vs \(value)")
    }
    // The Pearson fit differs only in φ, its standard errors and log L.
    if let pearson = entry.pearsonShape {
      let plain = try GammaGLM.fit(
        features: x, response: y, weights: try entry.weights.map(Fixture.doubles),
        intercept: entry.hasIntercept, link: entry.link == "log" ? .log : .canonical)
      expectClose(1 / plain.model.dispersion, try Fixture.double(pearson), relative: 1e-9, label)
      #expect(fit.logLikelihood >= plain.logLikelihood, label)
      #expect(plain.model.coefficients == fit.model.coefficients, label)
    }
  }

  @Test func theEquationsRootMatchesMpmathFromTinyToHugeDeviance() throws {
    for entry in try GammaShapeReference.shared.get().equation {
      let c = try Fixture.double(entry.c)
      let expected = try Fixture.double(entry.shape)
      let shape = GammaGLM.maximumLikelihoodShape(halfMeanDeviance: c)
      if expected.isInfinite {
        #expect(shape == .infinity, "c = \(c)")
      } else if expected < 0x1p-1022 {
        // A subnormal root has fewer digits to give.
        expectClose(shape, expected, relative: 1e-12, "c = \(c)")
      } else {
        expectClose(shape, expected, relative: 1e-15, "c = \(c)")  // measured: 1 ulp
      }
    }
    for c in [0.0, -1, .infinity, .nan] {
      #expect(GammaGLM.maximumLikelihoodShape(halfMeanDeviance: c).isNaN, "c = \(c)")
    }
  }

  @Test func theEquationIsLogMinusDigammaAndItsRootIsMonotone() {
    // The extended-precision evaluation against ProbKitCore's digamma where
    // their difference does not cancel much.
    for x in [1e-6, 0.01, 0.3, 1, 2.5, 7, 9.99, 10, 15] {
      let direct = log(x) - SpecialFunctions.digamma(x)
      expectClose(
        Double(GammaShapeEquation.logMinusDigamma(x)), direct, relative: 1e-13, "x = \(x)")
    }
    // ν̂ falls as c grows, across the three regimes' seams (c = 0.05, 1e8).
    var previous = Double.infinity
    for exponent in stride(from: -300.0, through: 300, by: 0.25) {
      let c = pow(10, exponent)
      let shape = GammaGLM.maximumLikelihoodShape(halfMeanDeviance: c)
      #expect(shape < previous && shape > 0, "c = \(c)")
      #expect(shape > 1 / (2 * c) * (1 - 1e-15) && shape < 1 / c * (1 + 1e-15), "c = \(c)")
      previous = shape
    }
    for seam in [0.05, 1e8] {
      // Neighbouring c move ν̂ by far less than its ulp: the two routes agree.
      let below = GammaGLM.maximumLikelihoodShape(halfMeanDeviance: seam.nextDown)
      let at = GammaGLM.maximumLikelihoodShape(halfMeanDeviance: seam)
      let above = GammaGLM.maximumLikelihoodShape(halfMeanDeviance: seam.nextUp)
      expectClose(below, at, relative: 1e-15, "seam \(seam)")
      expectClose(above, at, relative: 1e-15, "seam \(seam)")
    }
  }

  @Test func theFitMaximisesTheGammaLikelihood() throws {
    let reference = try GammaShapeReference.shared.get()
    let (x, y) = try reference.data("stackloss")
    let (fit, shape) = try GammaGLM.fitEstimatingShape(features: x, response: y, link: .log)
    func logLikelihood(_ nu: Double) throws -> Double {
      var sum = 0.0
      for (row, value) in zip(x, y) {
        let mu = try fit.model.mean(row)
        sum += try Gamma(shape: nu, rate: nu / mu).logDensity(value)
      }
      return sum
    }
    expectClose(fit.logLikelihood, try logLikelihood(shape), relative: 1e-12)
    for factor in [0.999, 1.001, 0.5, 2] {
      #expect(try logLikelihood(shape * factor) < fit.logLikelihood, "ν̂ × \(factor)")
    }
    // Everything read off φ is at 1/ν̂: the covariance's diagonal is the
    // standard errors squared.
    let covariance = fit.covariance
    expectClose(
      covariance.indices.map { covariance[$0][$0].squareRoot() }, fit.standardErrors,
      relative: 1e-14)
    let predictive = try fit.model.predictiveDistribution(x[0])
    expectClose(predictive.shape, shape, relative: 1e-15)
    expectClose(predictive.mean, try fit.model.mean(x[0]), relative: 1e-14)
    // The matrix overload is the same fit.
    let matrix = try FeatureMatrix(x)
    let (byMatrix, shapeByMatrix) = try GammaGLM.fitEstimatingShape(
      features: matrix, response: y, link: .log)
    expectClose(shapeByMatrix, shape, relative: 1e-13)
    expectClose(byMatrix.standardErrors, fit.standardErrors, relative: 1e-12)
  }

  @Test func weightsAreRepeatedRows() throws {
    let x: [[Double]] = [[0.1], [0.7], [1.3], [2.2], [2.9], [3.4], [4.0]]
    let y: [Double] = [1.2, 2.9, 2.1, 6.5, 4.4, 12.8, 9.1]
    let weights: [Double] = [1, 3, 0, 2, 1, 4, 2]
    let (weighted, shape) = try GammaGLM.fitEstimatingShape(
      features: x, response: y, weights: weights, link: .log)
    var repeatedX: [[Double]] = []
    var repeatedY: [Double] = []
    for (i, w) in weights.enumerated() {
      for _ in 0..<Int(w) {
        repeatedX.append(x[i])
        repeatedY.append(y[i])
      }
    }
    let (repeated, repeatedShape) = try GammaGLM.fitEstimatingShape(
      features: repeatedX, response: repeatedY, link: .log)
    expectClose(shape, repeatedShape, relative: 1e-12)
    expectClose(weighted.logLikelihood, repeated.logLikelihood, relative: 1e-12)
    expectClose(weighted.standardErrors, repeated.standardErrors, relative: 1e-10)
    #expect(weighted.observationCount == 13)
  }

  @Test func responsesNearZeroAndNearTheTopOfDoubleGiveTheSameShape() throws {
    let x: [[Double]] = [[0], [1], [2], [3], [4], [5], [6], [7]]
    let base: [Double] = [1.3, 0.8, 2.9, 1.7, 5.2, 3.1, 9.4, 6.0]
    let (plain, _) = try GammaGLM.fitEstimatingShape(features: x, response: base, link: .log)
    // Scaling y by a power of two s moves the intercept by log s and leaves
    // everything else alone; the reference is the fit of the scaled
    // responses divided by s exactly (subnormal ones were rounded).
    for scale in [0x1p-997, 0x1p-1030, 0x1p-1062, 0x1p997, 0x1p1019] {
      let scaled = base.map { $0 * scale }
      let (fit, shape) = try GammaGLM.fitEstimatingShape(features: x, response: scaled, link: .log)
      let (unscaled, expected) = try GammaGLM.fitEstimatingShape(
        features: x, response: scaled.map { $0 / scale }, link: .log)
      let label = Comment(rawValue: "scale \(scale)")
      expectClose(shape, expected, relative: 1e-10, label)
      expectClose(fit.standardErrors, unscaled.standardErrors, relative: 1e-10, label)
      expectClose(fit.model.coefficients, unscaled.model.coefficients, relative: 1e-10, label)
      expectClose(
        fit.model.intercept, unscaled.model.intercept + log(scale), relative: 1e-12, label)
      // log L moves by -W log s (the density of sy is p(y)/s).
      expectClose(
        fit.logLikelihood, unscaled.logLikelihood - 8 * log(scale), relative: 1e-10, label)
      expectClose(fit.deviance, unscaled.deviance, relative: 1e-10, label)
      if scale > 0x1p-1050 {
        expectClose(shape, 1 / plain.model.dispersion, relative: 1e-10, label)
      }
    }
    // Beyond Double's range of exponents for the mean: a typed error.
    #expect(throws: FitError.self) {
      try GammaGLM.fitEstimatingShape(
        features: x, response: base.map { $0 * 0x1p1020 }, link: .canonical)
    }
  }

  @Test func anExactFitHasNoFiniteShape() throws {
    let x: [[Double]] = [[0], [1], [2], [3], [4]]
    // D = 0 exactly: ν̂ = ∞, a typed error (the Pearson fit reports φ = 0).
    for link in [Link.canonical, .log] {
      #expect {
        try GammaGLM.fitEstimatingShape(features: x, response: [2, 2, 2, 2, 2], link: link)
      } throws: { error in
        guard case .estimateOutsideParameterSpace = error as? FitError else { return false }
        return true
      }
    }
    // Exact but for relative errors of 1e-12: D ~ 1e-24, ν̂ ~ 1e24, finite
    // and reported.
    let nearlyExact = x.enumerated().map { i, row in
      exp(1 + 0.5 * row[0]) * (1 + (i % 2 == 0 ? 1e-12 : -1e-12))
    }
    let (fit, shape) = try GammaGLM.fitEstimatingShape(
      features: x, response: nearlyExact, link: .log)
    #expect(shape > 1e20 && shape.isFinite)
    #expect(
      fit.logLikelihood.isFinite && fit.standardErrors.allSatisfy { $0.isFinite && $0 < 1e-9 })
    expectClose(
      shape, GammaGLM.maximumLikelihoodShape(halfMeanDeviance: fit.deviance / 10), relative: 1e-12)
  }

  @Test func hostileArgumentsAreTypedErrors() throws {
    let x: [[Double]] = [[0], [1], [2], [3], [4]]
    let y: [Double] = [1.2, 2.9, 2.1, 6.5, 4.4]
    // No Fisher-scoring step allowed: the start is not the optimum.
    #expect {
      try GammaGLM.fitEstimatingShape(features: x, response: y, link: .log, maximumIterations: 0)
    } throws: { error in
      guard case .didNotConverge(_, let iterations, _) = error as? FitError else { return false }
      return iterations == 0
    }
    #expect(throws: FitError.self) {
      try GammaGLM.fitEstimatingShape(features: x, response: y, maximumIterations: -1)
    }
    // n ≤ p: nothing left to estimate a dispersion from.
    #expect(throws: FitError.self) {
      try GammaGLM.fitEstimatingShape(features: [[0], [1]], response: [1, 2])
    }
    // Responses outside (0, ∞), bad weights, lengths that differ.
    for bad in [0.0, -1, .infinity, .nan] {
      #expect(throws: FitError.self) {
        try GammaGLM.fitEstimatingShape(features: x, response: [1, 2, bad, 3, 4])
      }
    }
    #expect(throws: FitError.self) {
      try GammaGLM.fitEstimatingShape(features: x, response: y, weights: [1, 1, -1, 1, 1])
    }
    #expect(throws: FitError.self) {
      try GammaGLM.fitEstimatingShape(features: x, response: y, weights: [0, 0, 0, 0, 0])
    }
    #expect(throws: FitError.self) {
      try GammaGLM.fitEstimatingShape(features: x, response: [1, 2, 3])
    }
  }
}
