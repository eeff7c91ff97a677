import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// Softmax regression's guarantees that need no external reference.
///
/// Derivatives against finite differences, invariances, the existence
/// checks. The fixture tests compare with scikit-learn and
/// statsmodels.
@Suite struct SoftmaxRegressionTests {
  /// A small overlapping three-class problem (deterministic, not separable).
  static let features: [[Double]] = (0..<60).map { n in
    let t = Double(n)
    return [
      sin(t * 1.3) * 2 + Double(n % 3), cos(t * 0.7) * 1.5 - Double(n % 3) * 0.5, sin(t * 0.31),
    ]
  }
  static let labels: [Int] = (0..<60).map { n in (n % 3 + (n % 7 == 0 ? 1 : 0)) % 3 }

  /// The objective on the test data, in coordinates standardised by the
  /// data's own means and spreads when `standardised`.
  static func objective(reference: Bool, precision: Double, standardised: Bool = true) throws
    -> SoftmaxObjective
  {
    let design = try DesignMatrix(features, featureCount: 3, model: "test")
    let weights = (0..<60).map { 0.5 + Double($0 % 4) }
    return SoftmaxObjective(
      design: design,
      standardization: standardised
        ? Standardization(design, weights: weights, centre: true)
        : Standardization(identityFor: 3),
      labels: labels, sampleWeights: weights,
      classCount: 3, reference: reference,
      featurePrecisions: [precision, 2 * precision, precision],
      interceptPrecision: precision / 3)
  }

  @Test(arguments: [(true, 0.0), (false, 0.7)])
  func gradientAndHessianMatchFiniteDifferences(reference: Bool, precision: Double) throws {
    let objective = try Self.objective(reference: reference, precision: precision)
    let theta = (0..<objective.parameterCount).map { sin(Double($0) * 1.7) * 0.4 }
    let (_, gradient) = objective.valueAndGradient(theta)
    let hessian = objective.hessian(theta)
    let h = 1e-5
    for i in 0..<theta.count {
      var plus = theta
      var minus = theta
      plus[i] += h
      minus[i] -= h
      let (fPlus, gPlus) = objective.valueAndGradient(plus)
      let (fMinus, gMinus) = objective.valueAndGradient(minus)
      let numeric = (fPlus - fMinus) / (2 * h)
      expectClose(numeric, gradient[i], relative: 1e-6, absolute: 1e-6, "∂f/∂θ[\(i)]")
      for j in 0..<theta.count {
        let second = (gPlus[j] - gMinus[j]) / (2 * h)
        expectClose(second, hessian[j, i], relative: 1e-6, absolute: 1e-6, "H[\(j)][\(i)]")
      }
    }
  }

  @Test(arguments: [(true, 0.0), (false, 0.7)])
  func hessianVectorProductsAndDiagonalMatchTheHessian(reference: Bool, precision: Double) throws {
    let objective = try Self.objective(reference: reference, precision: precision)
    let theta = (0..<objective.parameterCount).map { cos(Double($0) * 0.9) * 0.3 }
    let hessian = objective.hessian(theta)
    let (p, diagonal) = objective.curvature(theta)
    let v = (0..<objective.parameterCount).map { sin(Double($0) * 2.3 + 1) }
    let product = objective.hessianVectorProduct(v, probabilities: p)
    for i in 0..<theta.count {
      var expected = 0.0
      for j in 0..<theta.count { expected += hessian[i, j] * v[j] }
      expectClose(product[i], expected, relative: 1e-12, absolute: 1e-12, "(Hv)[\(i)]")
      expectClose(diagonal[i], hessian[i, i], relative: 1e-12, absolute: 1e-12, "diag[\(i)]")
    }
  }

  @Test func trustRegionNewtonAgreesWithNewton() throws {
    let prior = try GaussianPrior(standardDeviation: 2)
    let newton = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior),
      options: .init(optimizer: .newton))
    let trust = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior),
      options: .init(optimizer: .trustRegionNewton))
    expectClose(trust.logPosterior!, newton.logPosterior!, relative: 1e-12)
    let mle = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .mle,
      options: .init(optimizer: .trustRegionNewton))
    let mleNewton = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .mle,
      options: .init(optimizer: .newton))
    expectClose(mleNewton.logLikelihood, mle.logLikelihood, relative: 1e-12)
  }

  @Test func probabilitiesAreStableForHugeLogits() throws {
    let model = try SoftmaxRegression(
      coefficients: [[1e300], [-1e300], [0]], intercepts: [0, 0, 0])
    let p = try model.probabilities([1])
    #expect(p == [1, 0, 0])
    let logP = try model.logProbabilities([1])
    #expect(logP[0] == 0 && logP[1] == -2e300)
    #expect(try model.predict([1]) == 0)
  }

  @Test func newtonAndLBFGSAgree() throws {
    let prior = try GaussianPrior(standardDeviation: 2)
    let newton = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior),
      options: .init(optimizer: .newton))
    let lbfgs = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior),
      options: .init(optimizer: .lbfgs))
    expectClose(lbfgs.logPosterior!, newton.logPosterior!, relative: 1e-10)
    expectClose(
      newton.model.coefficients.flatMap { $0 }, lbfgs.model.coefficients.flatMap { $0 },
      absolute: 1e-6)
    let report = try #require(newton.optimization)
    #expect(report.converged && report.iterations < 30)
  }

  @Test func gradientDescentReachesTheSameOptimumSlowly() throws {
    let prior = try GaussianPrior(standardDeviation: 1)
    let newton = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior))
    let descent = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior),
      options: .init(
        optimizer: .gradientDescent(stepSize: 0.01, decay: 0), maximumIterations: 200_000,
        gradientTolerance: 1e-7))
    expectClose(descent.logPosterior!, newton.logPosterior!, relative: 1e-8)
    #expect(descent.optimization!.iterations > newton.optimization!.iterations)
  }

  @Test func mapWeightsCentreAndShrinkAsTheSigmaFalls() throws {
    var previous = Double.infinity
    for sigma in [10.0, 3, 1, 0.3, 0.1, 0.03] {
      let fit = try SoftmaxRegression.fit(
        features: Self.features, labels: Self.labels,
        estimator: .map(GaussianPrior(standardDeviation: sigma)))
      let norm = fit.model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(norm < previous, "σ = \(sigma)")
      previous = norm
      for d in 0..<3 {
        let total = fit.model.coefficients.reduce(0) { $0 + $1[d] }
        expectClose(total, 0, absolute: 1e-8, "Σₖ W[k][\(d)] at σ = \(sigma)")
      }
      expectClose(fit.model.intercepts.reduce(0, +), 0, absolute: 1e-12)
    }
  }

  @Test func permutingClassesPermutesCoefficients() throws {
    let prior = try GaussianPrior(standardDeviation: 1)
    let fit = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior))
    let permutation = [2, 0, 1]  // old class k becomes permutation[k]
    let permuted = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels.map { permutation[$0] }, estimator: .map(prior))
    for k in 0..<3 {
      for (a, b) in zip(fit.model.coefficients[k], permuted.model.coefficients[permutation[k]]) {
        expectClose(a, b, absolute: 1e-7)
      }
      expectClose(
        fit.model.intercepts[k], permuted.model.intercepts[permutation[k]], absolute: 1e-7)
    }
  }

  @Test func aDuplicatedRowEqualsWeightTwo() throws {
    var features = Self.features
    var labels = Self.labels
    features.append(features[5])
    labels.append(labels[5])
    var weights = [Double](repeating: 1, count: Self.labels.count)
    weights[5] = 2
    let duplicated = try SoftmaxRegression.fit(features: features, labels: labels, estimator: .mle)
    let weighted = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, weights: weights, estimator: .mle)
    expectClose(duplicated.logLikelihood, weighted.logLikelihood, relative: 1e-10)
    expectClose(
      weighted.model.coefficients.flatMap { $0 }, duplicated.model.coefficients.flatMap { $0 },
      relative: 1e-6, absolute: 1e-6)
  }

  @Test func mleUsesClassZeroAsTheReference() throws {
    let fit = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .mle)
    #expect(fit.model.coefficients[0] == [0, 0, 0] && fit.model.intercepts[0] == 0)
    #expect(fit.logPrior == nil)
    #expect(fit.parameterCount == 8)
    #expect(fit.observationCount == 60)
  }

  @Test func completeSeparationIsAnError() {
    let features: [[Double]] = [[-2], [-1], [-0.5], [0.5], [1], [2]]
    #expect(throws: FitError.separation(model: "SoftmaxRegression", complete: true)) {
      try SoftmaxRegression.fit(features: features, labels: [0, 0, 0, 1, 1, 1], estimator: .mle)
    }
    // A loose tolerance does not hide it.
    #expect(throws: FitError.separation(model: "SoftmaxRegression", complete: true)) {
      try SoftmaxRegression.fit(
        features: features, labels: [0, 0, 0, 1, 1, 1], estimator: .mle,
        options: .init(gradientTolerance: 1e-4))
    }
    // MAP has an optimum.
    #expect(throws: Never.self) {
      try SoftmaxRegression.fit(
        features: features, labels: [0, 0, 0, 1, 1, 1],
        estimator: .map(GaussianPrior(standardDeviation: 1)))
    }
  }

  @Test func quasiCompleteSeparationIsAnError() {
    // Separated by x = 0, except two points on the line with both labels.
    let features: [[Double]] = [[-2], [-1], [-0.5], [0], [0], [0.5], [1], [2]]
    let labels = [0, 0, 0, 0, 1, 1, 1, 1]
    #expect(throws: FitError.separation(model: "SoftmaxRegression", complete: false)) {
      try SoftmaxRegression.fit(features: features, labels: labels, estimator: .mle)
    }
  }

  @Test func collinearFeaturesAreAnError() {
    let features = Self.features.map { [$0[0], $0[1], $0[0] + 2 * $0[1]] }
    #expect(throws: FitError.collinearFeatures(model: "SoftmaxRegression")) {
      try SoftmaxRegression.fit(features: features, labels: Self.labels, estimator: .mle)
    }
  }

  @Test func badInputNamesTheProblem() {
    #expect(throws: FitError.emptyData(model: "SoftmaxRegression")) {
      try SoftmaxRegression.fit(features: [], labels: [])
    }
    #expect(
      throws: FitError.invalidObservation(
        model: "SoftmaxRegression", index: 1, requirement: "finite features",
        value: "column 0 = nan")
    ) { try SoftmaxRegression.fit(features: [[1], [.nan]], labels: [0, 1]) }
    #expect(
      throws: FitError.invalidObservation(
        model: "SoftmaxRegression", index: 1, requirement: "1 features", value: "2 features")
    ) { try SoftmaxRegression.fit(features: [[1], [2, 3]], labels: [0, 1]) }
    #expect(
      throws: FitError.invalidObservation(
        model: "SoftmaxRegression", index: 2, requirement: "a class in 0..<2", value: "2")
    ) { try SoftmaxRegression.fit(features: [[1], [2], [3]], labels: [0, 1, 2], classCount: 2) }
    #expect(throws: FitError.self) {
      try SoftmaxRegression.fit(features: [[1], [2]], labels: [0, 0])  // one class
    }
    #expect(throws: FitError.self) {
      try SoftmaxRegression.fit(features: [[1], [2]], labels: [0, 2])  // class 1 unseen
    }
    #expect(throws: FitError.self) {
      try SoftmaxRegression.fit(features: [[1], [2]], labels: [0])  // length mismatch
    }
    #expect(throws: FitError.self) {
      try SoftmaxRegression.fit(features: [[], []], labels: [0, 1])  // no features
    }
    #expect(throws: FitError.self) { try GaussianPrior(standardDeviation: 0) }
    #expect(throws: FitError.self) { try GaussianPrior(standardDeviation: -1) }
    #expect(throws: FitError.self) { try GaussianPrior(precision: .nan) }
  }

  /// Sizes from labels or arguments near Int.max are refused before any
  /// buffer of that size exists (they trapped on overflow or in malloc).
  @Test func hugeClassCountsAndShapesThrowNotTrap() {
    let x: [[Double]] = [[1], [2], [3]]
    #expect(
      throws: FitError.invalidArgument(
        model: "SoftmaxRegression", argument: "labels",
        requirement: "every class in 0...9223372036854775807 observed",
        value: "class 1 never occurs")
    ) { try SoftmaxRegression.fit(features: x, labels: [0, .max, 0]) }
    #expect(
      throws: FitError.invalidArgument(
        model: "SoftmaxRegression", argument: "labels",
        requirement: "every class in 0..<9223372036854775807 observed",
        value: "class 2 never occurs")
    ) { try SoftmaxRegression.fit(features: x, labels: [0, 1, 0], classCount: .max) }
    for classCount in [Int.min, -1, 0, 1] {
      #expect(throws: FitError.self) {
        try SoftmaxRegression.fit(features: x, labels: [0, 1, 0], classCount: classCount)
      }
    }
    #expect(throws: FitError.self) {
      try SoftmaxRegression.fit(features: x, labels: [0, 1, .min])
    }
    for (rows, columns) in [(Int.max, 2), (2, Int.max), (1 << 32, 1 << 32), (-1, 2)] {
      #expect(throws: FitError.self) {
        try FeatureMatrix(rows: rows, columns: columns, values: [])
      }
    }
  }

  @Test func fittedModelsRoundTripThroughJSONExactly() throws {
    let fit = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels,
      estimator: .map(GaussianPrior(standardDeviation: 1)))
    let decoded = try JSONDecoder().decode(
      SoftmaxRegression.self, from: JSONEncoder().encode(fit.model))
    #expect(decoded == fit.model)
    #expect(try decoded.probabilities(Self.features) == fit.model.probabilities(Self.features))
  }

  @Test func theConditionalDistributionIsTheCategoricalOfTheLogits() throws {
    let fit = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels,
      estimator: .map(GaussianPrior(standardDeviation: 1)))
    let x = Self.features[7]
    let categorical = try fit.model.conditionalDistribution(x)
    let p = try fit.model.probabilities(x)
    for k in 0..<3 { expectClose(categorical.probabilities[k], p[k], absolute: 1e-15) }
  }

  @Test func thePriorsPenaltyIsHalfTheScaledSquares() throws {
    let model = try SoftmaxRegression(coefficients: [[0, 1], [2, -3]], intercepts: [0.5, -0.5])
    expectClose(
      try GaussianPrior(standardDeviation: 2).penalty(of: model), (1 + 4 + 9) / 8.0,
      relative: 1e-15)
    let perFeature = try GaussianPrior(
      featureStandardDeviations: [1, 0.5], interceptStandardDeviation: 10)
    expectClose(
      try perFeature.penalty(of: model), (4 + (1 + 9) * 4 + (0.25 + 0.25) / 100) / 2,
      relative: 1e-15)
    #expect(throws: FitError.self) {
      try GaussianPrior(featureStandardDeviations: [1]).penalty(of: model)
    }
    // MAP's objective, -log L + penalty, is smallest at the MAP estimate.
    let prior = try GaussianPrior(standardDeviation: 1)
    let fit = try SoftmaxRegression.fit(
      features: Self.features, labels: Self.labels, estimator: .map(prior))
    let objective = -fit.logLikelihood + (try prior.penalty(of: fit.model))
    var nudged = fit.model.coefficients
    nudged[1][0] += 1e-3
    let other = try SoftmaxRegression(coefficients: nudged, intercepts: fit.model.intercepts)
    let otherObjective =
      try other.logLoss(features: Self.features, labels: Self.labels)
      * Double(Self.labels.count) + (try prior.penalty(of: other))
    #expect(otherObjective > objective)
  }

  @Test func optionsThatCouldNeverStopAreRefused() {
    for options in [
      SoftmaxRegression.Options(gradientTolerance: .nan),
      .init(gradientTolerance: -1), .init(gradientTolerance: .infinity),
      .init(objectiveTolerance: .nan), .init(maximumIterations: -1),
    ] {
      #expect(throws: FitError.self) {
        try SoftmaxRegression.fit(features: Self.features, labels: Self.labels, options: options)
      }
    }
  }

  @Test func theWeightNormIsEuclideanAndDoesNotOverflow() throws {
    let model = try SoftmaxRegression(coefficients: [[0, 0], [3, 4]], intercepts: [0, 7])
    #expect(model.weightNorm == 5)
    let huge = try SoftmaxRegression(coefficients: [[0, 0], [3e200, 4e200]], intercepts: [0, 0])
    expectClose(huge.weightNorm, 5e200, relative: 1e-15)
    #expect(try SoftmaxRegression(coefficients: [[0], [0]], intercepts: [0, 0]).weightNorm == 0)
  }

  @Test func featuresNear1e200AreStandardisedWithoutOverflow() throws {
    // The same fit in units of 1e200: the column's mean and spread would
    // overflow as plain sums.
    let x: [[Double]] = [[-2], [-1], [0], [1], [2], [3]]
    let y = [0, 0, 1, 0, 1, 1]
    let plain = try SoftmaxRegression.fit(features: x, labels: y)
    let huge = try SoftmaxRegression.fit(features: x.map { [$0[0] * 1e200] }, labels: y)
    expectClose(
      huge.model.coefficients[1][0] * 1e200, plain.model.coefficients[1][0], relative: 1e-6)
    expectClose(huge.model.intercepts[1], plain.model.intercepts[1], relative: 1e-6)
  }
}
