import Foundation
import ProbKitCore
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// The Laplace posterior: its covariance inverts the objective's Hessian, its
/// predictive probabilities are moderated, and empirical Bayes picks the σ of
/// largest evidence.
@Suite struct LaplacePosteriorTests {
  static let features = SoftmaxRegressionTests.features
  static let labels = SoftmaxRegressionTests.labels

  @Test func theCovarianceInvertsTheHessian() throws {
    let prior = try GaussianPrior(standardDeviation: 1.5)
    let laplace = try SoftmaxRegression.laplace(
      features: Self.features, labels: Self.labels, prior: prior)
    let p = laplace.parameters.dimension
    #expect(p == 3 * 3 + 2)  // all three weight rows, two intercept differences
    #expect(laplace.parameterNames.last == "b[2] - b[0]")
    // The Hessian of the negative log posterior in the same coordinates, by
    // finite differences of the fitted model's objective.
    let model = laplace.fit.model
    func objective(_ theta: [Double]) throws -> Double {
      var coefficients = model.coefficients
      for k in 0..<3 { for d in 0..<3 { coefficients[k][d] = theta[k * 3 + d] } }
      let intercepts = [0, theta[9], theta[10]]
      let candidate = try SoftmaxRegression(coefficients: coefficients, intercepts: intercepts)
      let loss = try candidate.logLoss(features: Self.features, labels: Self.labels) * 60
      let squares = coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }
      return loss + squares / (2 * 1.5 * 1.5)
    }
    let center = laplace.parameters.mean
    let h = 1e-4
    var hessian = Array(repeating: [Double](repeating: 0, count: p), count: p)
    for i in 0..<p {
      for j in 0..<p {
        var pp = center
        var pm = center
        var mp = center
        var mm = center
        pp[i] += h
        pp[j] += h
        pm[i] += h
        pm[j] -= h
        mp[i] -= h
        mp[j] += h
        mm[i] -= h
        mm[j] -= h
        hessian[i][j] =
          try (objective(pp) - objective(pm) - objective(mp) + objective(mm)) / (4 * h * h)
      }
    }
    let covariance = laplace.parameters.covariance
    for i in 0..<p {
      for j in 0..<p {
        var product = 0.0
        for m in 0..<p { product += covariance[i][m] * hessian[m][j] }
        expectClose(product, (i == j ? 1 : 0), absolute: 1e-4, "(ΣH)[\(i)][\(j)] = \(product)")
      }
    }
  }

  @Test func predictiveProbabilitiesAreModeratedAndReproducible() throws {
    // Few observations and a broad prior: a wide posterior.
    let features: [[Double]] = [[-1.5], [-0.6], [-0.2], [0.1], [0.4], [1.2], [0.9], [-0.8]]
    let labels = [0, 0, 1, 0, 1, 1, 1, 0]
    let laplace = try SoftmaxRegression.laplace(
      features: features, labels: labels, prior: GaussianPrior(standardDeviation: 3))
    let x = [2.5]
    let plugIn = try laplace.fit.model.probabilities(x)
    let predictive = try laplace.predictiveProbabilities(
      x, draws: 20_000, using: RandomSource(seed: 3))
    expectClose(predictive.reduce(0, +), 1, absolute: 1e-12)
    // Averaging over the weights pulls a confident plug-in prediction towards ½.
    #expect(plugIn[1] > 0.5 && predictive[1] < plugIn[1] && predictive[1] > 0.5)
    let again = try laplace.predictiveProbabilities(x, draws: 20_000, using: RandomSource(seed: 3))
    #expect(again == predictive)
    #expect(throws: FitError.self) {
      try laplace.predictiveProbabilities(x, draws: 0, using: RandomSource(seed: 3))
    }
  }

  @Test func empiricalBayesMaximisesTheEvidence() throws {
    let chosen = try SoftmaxRegression.empiricalBayes(
      features: Self.features, labels: Self.labels, standardDeviations: 0.01...100)
    #expect(chosen.standardDeviation > 0.01 && chosen.standardDeviation < 100)
    let best = chosen.posterior.logEvidence
    for (sigma, evidence) in chosen.evaluations {
      #expect(evidence <= best + 1e-9, "σ = \(sigma): \(evidence) > \(best)")
    }
    // Neighbours of the chosen σ have lower evidence.
    for factor in [0.8, 1.25] {
      let neighbour = try SoftmaxRegression.laplace(
        features: Self.features, labels: Self.labels,
        prior: GaussianPrior(standardDeviation: chosen.standardDeviation * factor))
      #expect(neighbour.logEvidence <= best + 1e-9)
    }
  }

  @Test func evidenceDoesNotDependOnTheWarmStart() throws {
    // A weak prior: a gradient-norm stop leaves the fit far from the optimum
    // along flat directions, and the evidence with it, unless it is polished.
    let prior = try GaussianPrior(standardDeviation: 300)
    let cold = try SoftmaxRegression.laplace(
      features: Self.features, labels: Self.labels, prior: prior)
    for start in [0.5, 30, 1_000] {
      let first = try SoftmaxRegression.fit(
        features: Self.features, labels: Self.labels,
        estimator: .map(GaussianPrior(standardDeviation: start)))
      let warm = try SoftmaxRegression.laplace(
        features: Self.features, labels: Self.labels, prior: prior,
        options: .init(warmStart: first.model))
      expectClose(warm.logEvidence, cold.logEvidence, absolute: 1e-8, "from σ = \(start)")
    }
  }

  @Test func empiricalBayesChosenEvidenceIsAColdFitsEvidence() throws {
    let chosen = try SoftmaxRegression.empiricalBayes(
      features: Self.features, labels: Self.labels)
    let cold = try SoftmaxRegression.laplace(
      features: Self.features, labels: Self.labels,
      prior: GaussianPrior(standardDeviation: chosen.standardDeviation))
    expectClose(chosen.posterior.logEvidence, cold.logEvidence, absolute: 1e-8)
    #expect(chosen.boundary == nil)
  }

  @Test func aMaximumAtAnEndOfTheRangeIsFlagged() throws {
    // Separated classes: the evidence rises with σ up to the bound.
    let separated = try SoftmaxRegression.empiricalBayes(
      features: [[0], [1], [2], [3]], labels: [0, 0, 1, 1], standardDeviations: 0.1...10)
    #expect(separated.boundary == .upper(separable: true))
    expectClose(separated.standardDeviation, 10, absolute: 1e-2)
    // Labels that do not depend on the feature: the evidence prefers ever
    // stronger shrinkage.
    let x: [[Double]] = (0..<40).map { [Double($0 % 5)] }
    let y = (0..<40).map { $0 / 5 % 2 }
    let uninformative = try SoftmaxRegression.empiricalBayes(
      features: x, labels: y, standardDeviations: 0.01...10)
    #expect(uninformative.boundary == .lower)
  }

  @Test func wideDataUseTheLowRankCurvature() throws {
    // Fewer rows than parameters: H = P + UUᵀ is never formed. Its log
    // determinant and Newton steps equal the dense ones.
    let source = RandomSource(seed: 11)
    let rows = 6
    let columns = 25
    let x = (0..<rows).map { _ in (0..<columns).map { _ in source.nextStandardNormal() } }
    let weights = (0..<rows).map { _ in 0.5 + source.nextUniform() }
    for (labels, interceptSD) in [([0, 1, 2, 0, 1, 2], nil), ([0, 1, 1, 0, 1, 0], 2.0)] {
      let prior = try GaussianPrior(
        featureStandardDeviations: (0..<columns).map { 0.5 + Double($0 % 3) },
        interceptStandardDeviation: interceptSD)
      let fit = try SoftmaxRegression.fit(
        features: x, labels: labels, weights: weights, estimator: .map(prior))
      let point = try SoftmaxRegression.laplacePoint(
        fit: fit, features: x, labels: labels, weights: weights, prior: prior)
      guard case .lowRank = point.curvature.form else {
        Issue.record("expected the low-rank form for \(rows) rows and \(columns) columns")
        continue
      }
      let dense = try #require(
        PosteriorCurvature(point.objective, at: point.theta, lowRankAllowed: false))
      let lowRank = point.curvature
      expectClose(lowRank.logDeterminant, dense.logDeterminant, relative: 1e-9)
      let g = lowRank.keep.indices.map { _ in source.nextStandardNormal() }
      let expected = dense.solve(g)
      let scale = expected.reduce(0) { max($0, abs($1)) }
      expectClose(lowRank.solve(g), expected, absolute: 1e-9 * scale)
      let covariance = lowRank.inverse
      let denseCovariance = dense.inverse
      let largest = denseCovariance.values.reduce(0) { max($0, abs($1)) }
      expectClose(covariance.values, denseCovariance.values, absolute: 1e-9 * largest)
    }
  }

  @Test func extremePriorsAreRightOrAClearError() throws {
    // σ whose precision 1/σ² would not be a normal double is refused.
    for sigma in [0, .leastNonzeroMagnitude, 1e-300, 1e-151, 2e150, 1e300, .infinity, .nan] {
      #expect(throws: FitError.self, "σ = \(sigma)") {
        try GaussianPrior(standardDeviation: sigma)
      }
    }
    #expect(throws: FitError.self) { try GaussianPrior(precision: 1e301) }
    #expect(throws: FitError.self) { try GaussianPrior(precision: .leastNonzeroMagnitude) }
    // At the ends of the range every value is finite.
    let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
    for sigma in [1e-150, 1e150] {
      let laplace = try SoftmaxRegression.laplace(
        features: x, labels: [0, 0, 1, 0, 1, 1], prior: GaussianPrior(standardDeviation: sigma))
      #expect(laplace.logEvidence.isFinite && laplace.fit.logLikelihood.isFinite)
      #expect(laplace.fit.logPrior?.isFinite == true)
    }
    // Three classes: shifting every row of W changes only the prior, whose
    // curvature at σ = 1e8 is below rounding. A clear error, not
    // "collinear features".
    do {
      _ = try SoftmaxRegression.laplace(
        features: x, labels: [0, 2, 1, 0, 1, 2], prior: GaussianPrior(standardDeviation: 1e8))
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains("prior must be narrow enough"))
    }
    #expect(throws: FitError.self) {
      try SoftmaxRegression.empiricalBayes(
        features: x, labels: [0, 0, 1, 0, 1, 1], standardDeviations: 1...1)
    }
    #expect(throws: FitError.self) {
      try SoftmaxRegression.empiricalBayes(
        features: x, labels: [0, 0, 1, 0, 1, 1], standardDeviations: 1e-200...1)
    }
  }

  @Test func aPlateauReachingAnEndIsFlagged() throws {
    // The labels carry no information about the feature: the evidence is
    // level (to rounding) for every small σ, and the search stops somewhere
    // on the plateau, not at the bound.
    let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
    let chosen = try SoftmaxRegression.empiricalBayes(
      features: x, labels: [0, 2, 1, 0, 1, 2], standardDeviations: 1e-8...1e8)
    #expect(chosen.boundary == .lower)
  }
}
