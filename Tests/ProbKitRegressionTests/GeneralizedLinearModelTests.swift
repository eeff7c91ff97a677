import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// The GLM engine (issue 13, internal while it grows): each response
/// family's scalar form is its `ExponentialFamily` conformance, the objective's
/// derivatives are right, and the fits solve their score equations.
@Suite struct GeneralizedLinearModelTests {
  static let thetas: [Double] = [-30, -3, -0.5, 0, 0.7, 2, 25]

  @Test func scalarFormsAreTheDistributionsExponentialFamilies() throws {
    for theta in Self.thetas {
      let poisson = try Poisson(rate: 1).withNaturalParameters([theta])
      expectClose(
        Poisson.standardFamily.meanOfNaturalParameter(theta), poisson.mean, relative: 1e-14)
      expectClose(
        Poisson.standardFamily.varianceOfNaturalParameter(theta), poisson.variance, relative: 1e-14)
      expectClose(
        Poisson.standardFamily.logPartition(theta), poisson.logPartition([theta]), relative: 1e-14)
      let coin = try Bernoulli(probability: 0.5).withNaturalParameters([theta])
      expectClose(
        Bernoulli.standardFamily.meanOfNaturalParameter(theta), coin.mean, relative: 1e-14)
      // The distribution's p(1 - p) loses the digits of 1 - p near p = 1;
      // σ(θ)σ(-θ) keeps them.
      expectClose(
        Bernoulli.standardFamily.varianceOfNaturalParameter(theta), coin.variance, relative: 1e-13,
        absolute: 1e-15)
      expectClose(
        Bernoulli.standardFamily.logPartition(theta), coin.logPartition([theta]), relative: 1e-14)
      // Normal with σ = 1: natural parameters (μ, -½).
      let normal = try Normal.standard.withNaturalParameters([theta, -0.5])
      expectClose(Normal.standardFamily.meanOfNaturalParameter(theta), normal.mean, absolute: 1e-14)
      expectClose(
        Normal.standardFamily.varianceOfNaturalParameter(theta), normal.variance, relative: 1e-14)
      expectClose(
        Normal.standardFamily.logPartition(theta), Normal.standard.logPartition([theta, -0.5]),
        relative: 1e-14,
        absolute: 1e-14)
    }
    // The canonical link inverts the mean map.
    for mean in [1e-6, 0.2, 0.5, 0.9] {
      expectClose(
        Bernoulli.standardFamily.meanOfNaturalParameter(
          Bernoulli.standardFamily.naturalParameter(ofMean: mean)), mean,
        relative: 1e-14)
      expectClose(
        Poisson.standardFamily.meanOfNaturalParameter(
          Poisson.standardFamily.naturalParameter(ofMean: mean * 10)), mean * 10,
        relative: 1e-14)
    }
  }

  @Test func linksInvertAndDifferentiate() {
    for link in Link.allCases where link != .canonical {
      for eta in [-2.5, -0.4, 0.3, 1.9] {
        let mean = link.mean(eta, family: Bernoulli.standardFamily)
        expectClose(
          link.linearPredictor(mean, family: Bernoulli.standardFamily), eta, absolute: 1e-12)
        let h = 1e-6
        let numeric =
          (link.mean(eta + h, family: Bernoulli.standardFamily)
            - link.mean(eta - h, family: Bernoulli.standardFamily))
          / (2 * h)
        expectClose(
          link.meanDerivative(eta, family: Bernoulli.standardFamily), numeric, relative: 1e-8,
          absolute: 1e-10, "\(link) at \(eta)")
      }
    }
    #expect(Link.logit.normalised(for: Bernoulli.standardFamily) == .canonical)
    #expect(Link.log.normalised(for: Poisson.standardFamily) == .canonical)
    #expect(Link.identity.normalised(for: Normal.standardFamily) == .canonical)
    #expect(Link.probit.normalised(for: Bernoulli.standardFamily) == .probit)
  }

  /// Rows of two features from a seeded source, and responses drawn from
  /// the family at η = 0.3 + 0.8 x₀ - 0.5 x₁.
  static func data<F: ResponseFamily>(_ family: F.Type, rows: Int, seed: UInt32) -> (
    [[Double]], [Double]
  ) {
    let source = RandomSource(seed: seed)
    let x = (0..<rows).map { _ in [source.nextStandardNormal(), source.nextStandardNormal()] }
    let y: [Double] = x.map { row in
      let eta = 0.3 + 0.8 * row[0] - 0.5 * row[1]
      let mean = F.standardFamily.meanOfNaturalParameter(eta)
      if F.self == Bernoulli.self { return source.nextUniform() < mean ? 1 : 0 }
      if F.self == Poisson.self {
        return Double((try? Poisson(rate: mean).sample(using: source)) ?? 0)
      }
      return mean + source.nextStandardNormal()
    }
    return (x, y)
  }

  @Test func theObjectivesDerivativesAreRight() {
    let (x, y) = Self.data(Poisson.self, rows: 30, seed: 3)
    let design = DesignMatrix(Matrix(rows: 30, columns: 2, values: x.flatMap { $0 }))
    for link in [Link.canonical, .identity] {
      let problem = GLMProblem<Poisson>(
        family: .standardFamily, design: design, response: y,
        weights: (0..<30).map { 0.5 + Double($0 % 3) },
        offsets: (0..<30).map { Double($0 % 4) / 10 }, intercept: true, link: link,
        featurePrecisions: [0.5, 2], interceptPrecision: 0)
      let beta = link == .canonical ? [0.2, -0.3, 0.5] : [0.2, -0.3, 3]
      let state = problem.evaluate(beta)
      let h = 1e-6
      for j in 0..<3 {
        var plus = beta
        var minus = beta
        plus[j] += h
        minus[j] -= h
        let numeric = (problem.evaluate(plus).value - problem.evaluate(minus).value) / (2 * h)
        expectClose(state.gradient[j], numeric, relative: 1e-7, absolute: 1e-7, "∂f/∂β[\(j)]")
        guard link == .canonical else { continue }
        // For the canonical link the Fisher information is the Hessian.
        let second = zip(problem.evaluate(plus).gradient, problem.evaluate(minus).gradient)
          .map { ($0 - $1) / (2 * h) }
        expectClose(
          (0..<3).map { state.information[$0, j] }, second, relative: 1e-6, absolute: 1e-6)
      }
    }
  }

  @Test func gaussianMaximumLikelihoodIsLeastSquares() throws {
    let (x, y) = Self.data(Normal.self, rows: 40, seed: 5)
    let fit = try GeneralizedLinearModel<Normal>.fit(features: x, response: y)
    // The normal equations, solved independently: [X 1]ᵀ[X 1] β = [X 1]ᵀ y.
    var gram = Matrix(rows: 3, columns: 3)
    var moment = [0.0, 0, 0]
    for (row, value) in zip(x, y) {
      let augmented = row + [1]
      for a in 0..<3 {
        moment[a] += augmented[a] * value
        for b in 0..<3 { gram[a, b] += augmented[a] * augmented[b] }
      }
    }
    let factor = try #require(gram.choleskyFactor())
    let expected = factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(moment))
    expectClose(fit.model.coefficients + [fit.model.intercept], expected, relative: 1e-12)
    // φ = RSS / (n - p); SE = √(φ (XᵀX)⁻¹ⱼⱼ).
    let residuals = try zip(x, y).map { $1 - (try fit.model.mean($0)) }
    let rss = residuals.reduce(0) { $0 + $1 * $1 }
    expectClose(fit.deviance, rss, relative: 1e-12)
    expectClose(fit.model.dispersion, rss / 37, relative: 1e-12)
    let inverse = factor.inverseFromCholeskyFactor()
    expectClose(
      fit.standardErrors, (0..<3).map { (rss / 37 * inverse[$0, $0]).squareRoot() },
      relative: 1e-10)
    // log L at φ̂ = RSS / n.
    let phi = rss / 40
    expectClose(fit.logLikelihood, -20 * log(2 * Double.pi * phi) - 20, relative: 1e-12)
  }

  @Test(arguments: [Link.canonical, .probit, .complementaryLogLog])
  func bernoulliFitsSolveTheirScoreEquations(_ link: Link) throws {
    let (x, y) = Self.data(Bernoulli.self, rows: 200, seed: 7)
    let fit = try GeneralizedLinearModel<Bernoulli>.fit(features: x, response: y, link: link)
    // Σ (y - μ) (dμ/dη) / V(μ) x̃ = 0 at the estimate.
    var score = [0.0, 0, 0]
    for (row, value) in zip(x, y) {
      let eta = try fit.model.linearPredictor(row)
      let mu = link.mean(eta, family: Bernoulli.standardFamily)
      let factor =
        (value - mu) * link.meanDerivative(eta, family: Bernoulli.standardFamily) / (mu * (1 - mu))
      for (j, feature) in (row + [1]).enumerated() { score[j] += factor * feature }
    }
    // (Terms of order 1 over 200 rows: zero to 1e-9 of their scale.)
    expectClose(score, [0, 0, 0], absolute: 2e-7)
    #expect(fit.standardErrors.allSatisfy { $0 > 0 && $0.isFinite })
    #expect(fit.deviance < fit.nullDeviance)
    expectClose(fit.aic, -2 * fit.logLikelihood + 6, relative: 1e-15)
  }

  @Test func poissonWithAnExposureMatchesTheRateModel() throws {
    // Doubling every exposure halves the fitted rate: the offset log t.
    let (x, y) = Self.data(Poisson.self, rows: 150, seed: 9)
    let plain = try GeneralizedLinearModel<Poisson>.fit(features: x, response: y)
    let exposed = try GeneralizedLinearModel<Poisson>.fit(
      features: x, response: y, offsets: Array(repeating: log(2), count: 150))
    expectClose(exposed.model.coefficients, plain.model.coefficients, relative: 1e-10)
    expectClose(exposed.model.intercept, plain.model.intercept - log(2), absolute: 1e-10)
    expectClose(exposed.deviance, plain.deviance, relative: 1e-10)
    // Frequency weights equal repeated rows.
    let weights = (0..<150).map { Double($0 % 3) }
    let weighted = try GeneralizedLinearModel<Poisson>.fit(
      features: x, response: y, weights: weights)
    var rows: [[Double]] = []
    var counts: [Double] = []
    for i in 0..<150 {
      for _ in 0..<(i % 3) {
        rows.append(x[i])
        counts.append(y[i])
      }
    }
    let repeated = try GeneralizedLinearModel<Poisson>.fit(features: rows, response: counts)
    expectClose(weighted.model.coefficients, repeated.model.coefficients, relative: 1e-10)
    expectClose(weighted.standardErrors, repeated.standardErrors, relative: 1e-9)
    expectClose(weighted.logLikelihood, repeated.logLikelihood, relative: 1e-12)
  }

  @Test func maximumLikelihoodThatDoesNotExistIsATypedError() throws {
    let x: [[Double]] = [[0], [1], [2], [3], [4], [5]]
    #expect(throws: FitError.separation(model: "GeneralizedLinearModel", complete: true)) {
      try GeneralizedLinearModel<Bernoulli>.fit(features: x, response: [0, 0, 0, 1, 1, 1])
    }
    // MAP exists.
    let map = try GeneralizedLinearModel<Bernoulli>.fit(
      features: x, response: [0, 0, 0, 1, 1, 1],
      estimator: .map(GaussianPrior(standardDeviation: 1)))
    #expect(map.model.coefficients[0] > 0)
    // A group (x = 1) whose counts are all zero: its rate goes to 0.
    let group: [[Double]] = [[1], [1], [1], [0], [0], [0]]
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Poisson>.fit(features: group, response: [0, 0, 0, 3, 5, 4])
    }
    // Zeros that a log-linear rate cannot reach alone: the MLE exists.
    let zerosBelow = try GeneralizedLinearModel<Poisson>.fit(
      features: x, response: [0, 0, 0, 3, 5, 4])
    #expect(zerosBelow.model.coefficients[0] > 0)
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Poisson>.fit(features: x, response: [0, 0, 1.5, 3, 5, 4])
    }
  }

  @Test func gammaScalarFormIsTheDistributionsAtFixedShape() throws {
    // Gamma(shape k, rate k/μ) in θ = -1/μ: log p = k(yθ - A(θ)) + c(y, 1/k).
    let shape = 2.5
    for mean in [0.3, 1, 7.5] {
      for y in [0.2, 1.1, 9.0] {
        let theta = Gamma.standardFamily.naturalParameter(ofMean: mean)
        let density = try Gamma(shape: shape, rate: shape / mean).logDensity(y)
        let form =
          shape * (y * theta - Gamma.standardFamily.logPartition(theta))
          + Gamma.standardFamily.logBaseMeasure(y, dispersion: 1 / shape)
        expectClose(form, density, relative: 1e-13, absolute: 1e-13)
      }
      expectClose(
        Gamma.standardFamily.meanOfNaturalParameter(
          Gamma.standardFamily.naturalParameter(ofMean: mean)), mean, relative: 1e-15)
    }
  }

  @Test func gammaWithALogLinkSolvesItsScoreEquations() throws {
    let source = RandomSource(seed: 13)
    let x = (0..<120).map { _ in [source.nextStandardNormal()] }
    let y = try x.map { row in
      try Gamma(shape: 3, rate: 3 / exp(0.5 + 0.4 * row[0])).sample(using: source)
    }
    let fit = try GeneralizedLinearModel<Gamma>.fit(features: x, response: y, link: .log)
    // Σ (y - μ)/μ x̃ = 0 for the log link.
    var score = [0.0, 0]
    for (row, value) in zip(x, y) {
      let mu = try fit.model.mean(row)
      score[0] += (value - mu) / mu * row[0]
      score[1] += (value - mu) / mu
    }
    expectClose(score, [0, 0], absolute: 1e-8)
    expectClose(fit.model.coefficients[0], 0.4, absolute: 0.2)
    // φ = Pearson χ² / (n - p), and log L at that φ.
    expectClose(fit.model.dispersion, fit.pearsonChiSquare / 118, relative: 1e-14)
    var logLikelihood = 0.0
    for (row, value) in zip(x, y) {
      let mu = try fit.model.mean(row)
      let k = 1 / fit.model.dispersion
      logLikelihood += try Gamma(shape: k, rate: k / mu).logDensity(value)
    }
    expectClose(fit.logLikelihood, logLikelihood, relative: 1e-12)
  }

  @Test func hostileInputIsRightOrATypedError() throws {
    let x: [[Double]] = [[0], [1], [2], [3]]
    #expect(throws: FitError.emptyData(model: "GeneralizedLinearModel")) {
      try GeneralizedLinearModel<Poisson>.fit(
        features: x, response: [1, 2, 2, 3], weights: [0, 0, 0, 0])
    }
    #expect(throws: FitError.collinearFeatures(model: "GeneralizedLinearModel")) {
      try GeneralizedLinearModel<Normal>.fit(
        features: [[1], [1], [1], [1]], response: [1, 2, 3, 4])
    }
    // n = p leaves no degrees of freedom for the dispersion: not a NaN φ.
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Normal>.fit(features: [[0], [1]], response: [1, 2])
    }
    // A deviance beyond Double is an overflow error, not a fit of zeros.
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Normal>.fit(features: x, response: [1e300, -1e300, 1, 2])
    }
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Poisson>.fit(features: x, response: [1e300, 2, 2, 3])
    }
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Poisson>.fit(
        features: x, response: [1, 2, 2, 3], offsets: [0, .infinity, 0, 0])
    }
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Bernoulli>.fit(
        features: x, response: [3, 2, 3, 4], trials: [2, 2, 5, 5])
    }
    // Features near 1e200 are standardised without overflow: the same fit
    // as the features divided by 1e200.
    let huge = try GeneralizedLinearModel<Poisson>.fit(
      features: x.map { [($0[0] + 1) * 1e200] }, response: [1, 2, 2, 3])
    let plain = try GeneralizedLinearModel<Poisson>.fit(
      features: x.map { [$0[0] + 1] }, response: [1, 2, 2, 3])
    expectClose(huge.model.coefficients[0] * 1e200, plain.model.coefficients[0], relative: 1e-12)
    expectClose(huge.model.intercept, plain.model.intercept, relative: 1e-12)
  }

  /// Every statistic of a fit is a number or ±∞, never NaN, at the edges
  /// the command line found: an exact normal fit (φ = 0), a near-exact one
  /// (φ ≪ y²), a column of 1e-300s and one of 1e300s.
  @Test func edgeFitsReportNumbersNotNaN() throws {
    func statistics<F: ResponseFamily>(_ fit: GeneralizedLinearFit<F>) -> [Double] {
      fit.standardErrors + fit.zStatistics + fit.pValues
        + [
          fit.deviance, fit.nullDeviance, fit.pearsonChiSquare, fit.logLikelihood, fit.aic, fit.bic,
        ]
    }
    let x: [[Double]] = [[0], [1], [2], [3], [4]]
    // Exact: y = 2x + 1, residuals at rounding (a large finite likelihood);
    // at φ = 0 itself the density is +∞ at the mean.
    let exact = try GeneralizedLinearModel<Normal>.fit(
      features: x, response: [1, 3, 5, 7, 9])
    #expect(!statistics(exact).contains { $0.isNaN })
    #expect(exact.logLikelihood > 100)
    let normal = Normal.standardFamily
    #expect(normal.logDensity(1, naturalParameter: 1, dispersion: 0) == .infinity)
    #expect(normal.logDensity(1, naturalParameter: 2, dispersion: 0) == -.infinity)
    // Near-exact, large response: llf = -n/2 (log(2πD/n) + 1), from the
    // residuals (the y²/φ terms of the exponential-family form cancelled to
    // -4194304 where this is +69).
    let near = try GeneralizedLinearModel<Normal>.fit(
      features: x, response: [1e6 + 1, 1e6 + 3 + 1e-7, 1e6 + 5, 1e6 + 7 - 1e-7, 1e6 + 9])
    let n = 5.0
    expectClose(
      near.logLikelihood, -n / 2 * (log(2 * Double.pi * near.deviance / n) + 1), relative: 1e-6)
    #expect(near.logLikelihood > 0)
    // Tiny and huge columns: the fit of the rescaled column, rescaled.
    let counts: [Double] = [1, 2, 2, 4, 7]
    let plain = try GeneralizedLinearModel<Poisson>.fit(features: x, response: counts)
    // Subnormal features: the coefficient (near 2¹⁰⁵⁹) overflows, a typed error.
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Poisson>.fit(
        features: x.map { [$0[0] * 0x1p-1060] }, response: counts)
    }
    for scale in [1e-300, 1e300] {
      let scaled = try GeneralizedLinearModel<Poisson>.fit(
        features: x.map { [$0[0] * scale] }, response: counts)
      expectClose(
        scaled.model.coefficients[0] * scale, plain.model.coefficients[0], relative: 1e-10)
      expectClose(scaled.standardErrors[0] * scale, plain.standardErrors[0], relative: 1e-10)
      expectClose(scaled.standardErrors[1], plain.standardErrors[1], relative: 1e-10)
      #expect(!statistics(scaled).contains { $0.isNaN })
    }
    // SE(η(x)) far out: a number, growing with x (not ∞ - ∞ = NaN, or 0).
    for far in [1e150, 1e300] {
      let se = try plain.linearPredictorStandardError([far])
      expectClose(se, plain.standardErrors[0] * far, relative: 1e-10)
      let interval = try plain.meanConfidenceInterval([far])
      #expect(!interval.lowerBound.isNaN && !interval.upperBound.isNaN)
    }
    // As many coefficients as observations: a message in plain terms.
    do {
      _ = try GeneralizedLinearModel<Normal>.fit(features: [[0], [1]], response: [1, 2])
      Issue.record("n = p fitted a dispersion")
    } catch {
      #expect("\(error)".contains("2 observations"))
    }
  }

  /// From 100,000 rows a fit starts from a subsample's estimate: it reaches
  /// the optimum the usual start reaches (a warm start turns the subsample
  /// off), in fewer passes over X, for MLE and MAP, with offsets and weights.
  @Test func aSubsampleStartReachesTheSameOptimum() throws {
    let source = RandomSource(seed: 31)
    let rows = 120_000
    let x = (0..<rows).map { _ in [source.nextStandardNormal(), source.nextStandardNormal() + 3] }
    let offsets = (0..<rows).map { Double($0 % 5) / 10 }
    let weights = (0..<rows).map { Double($0 % 3) }
    let counts = zip(x, offsets).map { row, offset in
      let rate = exp(0.3 * row[0] - 0.2 * row[1] + 0.5 + offset)
      return Double((try? Poisson(rate: rate).sample(using: source)) ?? 0)
    }
    let start = GeneralizedLinearModel<Poisson>(
      family: .standardFamily, coefficients: [0, 0], intercept: 0, hasIntercept: true,
      link: .canonical, dispersion: 1)
    for estimator in [
      Estimator<GaussianPrior>.mle, .map(try GaussianPrior(standardDeviation: 0.1)),
    ] {
      let fast = try GeneralizedLinearModel<Poisson>.fit(
        features: x, response: counts, weights: weights, offsets: offsets, estimator: estimator)
      let usual = try GeneralizedLinearModel<Poisson>.fit(
        features: x, response: counts, weights: weights, offsets: offsets, estimator: estimator,
        warmStart: start)
      expectClose(fast.model.coefficients, usual.model.coefficients, relative: 1e-10)
      expectClose(fast.model.intercept, usual.model.intercept, relative: 1e-10)
      expectClose(fast.standardErrors, usual.standardErrors, relative: 1e-10)
      expectClose(fast.deviance, usual.deviance, relative: 1e-12)
      #expect(fast.iterations < usual.iterations, "\(fast.iterations) vs \(usual.iterations)")
    }
  }

  /// A large fit standardises by its subsample's column moments only when
  /// they are regular.
  ///
  /// A column constant in the subsample (three nonzero rows in 120,000)
  /// sends it to the full data's; a column with rare large outliers (a
  /// subsample spread far from the full one) changes only the coordinates.
  /// Either way the fit is the warm-started one, standardised by the full
  /// data.
  @Test(arguments: [false, true])
  func aSubsampleStandardisesOnlyWithRegularMoments(rareColumn: Bool) throws {
    let source = RandomSource(seed: 37)
    let rows = 120_000
    let x = (0..<rows).map { i in
      [
        source.nextStandardNormal(),
        i % 9_973 == 5 ? 1e4 : source.nextStandardNormal(),
      ] + (rareColumn ? [[17, 50_003, 99_991].contains(i) ? 1.5 : 0] : [])
    }
    let counts = x.map { row in
      let rate = exp(0.3 * row[0] + 0.2 * min(row[1], 3))
      return Double((try? Poisson(rate: rate).sample(using: source)) ?? 0)
    }
    let d = rareColumn ? 3 : 2
    let subsample = try #require(
      Subsample(
        design: DesignMatrix(Matrix(rows: rows, columns: d, values: x.flatMap { $0 })),
        weights: Array(repeating: 1, count: rows), centre: false))
    #expect(subsample.standardization.isRegular == !rareColumn)
    let start = GeneralizedLinearModel<Poisson>(
      family: .standardFamily, coefficients: Array(repeating: 0, count: d), intercept: 0,
      hasIntercept: true, link: .canonical, dispersion: 1)
    let prior = try GaussianPrior(standardDeviation: 1)
    let fast = try GeneralizedLinearModel<Poisson>.fit(
      features: x, response: counts, estimator: .map(prior))
    let usual = try GeneralizedLinearModel<Poisson>.fit(
      features: x, response: counts, estimator: .map(prior), warmStart: start)
    expectClose(fast.model.coefficients, usual.model.coefficients, relative: 1e-9, absolute: 1e-12)
    expectClose(fast.model.intercept, usual.model.intercept, relative: 1e-10)
    expectClose(fast.standardErrors, usual.standardErrors, relative: 1e-9)
    expectClose(fast.deviance, usual.deviance, relative: 1e-12)
  }

  /// NB2 with α estimated: the FeatureMatrix overload is the rows one, and
  /// under a prior α̂ maximises the penalised profile ℓ(β̂ᵣ, r) - ½‖β̂ᵣ‖²/σ²
  /// (each r's MAP fit refitted on its own, from the usual start).
  @Test func negativeBinomialDispersionUnderAPrior() throws {
    let x: [[Double]] = (0..<40).map { [Double($0 % 8), Double($0 % 5) - 2] }
    let y: [Double] = (0..<40).map { i in
      let spread = (i * 7) % 11
      return Double(spread + (i % 8) * (i % 3))
    }
    let matrix = try FeatureMatrix(rows: 40, columns: 2, values: x.flatMap { $0 })
    let rows = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
      features: x, response: y)
    let flat = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
      features: matrix, response: y)
    #expect(rows.alpha == flat.alpha && rows.fit.model == flat.fit.model)
    let prior = try GaussianPrior(standardDeviation: 0.3)
    let (map, alpha) = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
      features: x, response: y, estimator: .map(prior))
    #expect(alpha != rows.alpha)
    func profile(_ r: Double) throws -> Double {
      let fit = try GeneralizedLinearModel<NegativeBinomial>.fit(
        features: x, response: y, family: NegativeBinomial(successes: r, probability: 0.5),
        link: .log, estimator: .map(prior))
      let penalty = fit.model.coefficients.reduce(0) { $0 + $1 * $1 } / (2 * 0.09)
      return fit.logLikelihood - penalty
    }
    let best = try profile(1 / alpha)
    expectClose(
      map.logLikelihood - map.model.coefficients.reduce(0) { $0 + $1 * $1 } / 0.18, best,
      relative: 1e-10)
    for factor in [0.99, 1.01] { #expect(try profile(factor / alpha) < best) }
  }

  @Test func negativeBinomialScalarFormIsTheDistributionsAtFixedR() throws {
    // NB(r, p) in failures: θ = log(1 - p), μ = r(1 - p)/p.
    for r in [0.3, 2.0, 50.0] {
      let family = try NegativeBinomial(successes: r, probability: 0.5)
      for mean in [0.2, 3.0, 40.0] {
        let theta = family.naturalParameter(ofMean: mean)
        let distribution = try NegativeBinomial(successes: r, probability: r / (r + mean))
        expectClose(family.meanOfNaturalParameter(theta), distribution.mean, relative: 1e-13)
        expectClose(
          family.varianceOfNaturalParameter(theta), distribution.variance, relative: 1e-12)
        for y in [0, 1, 7, 60] {
          let form =
            Double(y) * theta - family.logPartition(theta)
            + family.logBaseMeasure(Double(y), dispersion: 1)
          expectClose(form, distribution.logDensity(y), relative: 1e-12, absolute: 1e-12)
        }
        // The unit deviance is twice the log-likelihood ratio to the saturated fit.
        for y in [0.0, 1, 7, 60] {
          let saturated = y > 0 ? family.naturalParameter(ofMean: y) : -Double.infinity
          let ratio =
            (y > 0 ? y * saturated - family.logPartition(saturated) : 0)
            - (y * theta - family.logPartition(theta))
          expectClose(
            family.unitDeviance(y, naturalParameter: theta), 2 * ratio, relative: 1e-11,
            absolute: 1e-12)
        }
      }
    }
  }

  /// NB(r) → Poisson as r → ∞: the unit deviance keeps its digits (the
  /// difference of two logarithms near log r lost them all near r = 1e16),
  /// and a fit without overdispersion ends at α̂ = 0 with a typed error.
  @Test func negativeBinomialTendsToPoissonForLargeR() throws {
    let poisson = Poisson.standardFamily
    for r in [1e6, 1e9, 1e12, 1e15, 1e18] {
      let family = try NegativeBinomial(successes: r, probability: 0.5)
      for mean in [0.5, 3.0, 40.0] {
        for y in [0.0, 1, 3, 17, 250] {
          let nb = family.unitDeviance(y, naturalParameter: family.naturalParameter(ofMean: mean))
          let limit = poisson.unitDeviance(y, naturalParameter: log(mean))
          // The log-likelihood's terms tend to the Poisson's, with a gap of
          // ((y - μ)² - y)/(2r) to first order. (NegativeBinomial itself
          // cannot serve here: p = r/(r + μ) rounds near 1.)
          let poissonMass = y * log(mean) - mean - lgamma(y + 1)
          expectClose(
            family.logDensity(
              y, naturalParameter: family.naturalParameter(ofMean: mean), dispersion: 1),
            poissonMass, relative: 1e-13,
            absolute: (abs((y - mean) * (y - mean) - y) + 1) / r + 1e-13 * abs(poissonMass))
          // The exact gap is (y - μ)²/r to first order.
          let gap = 1.01 * (y - mean) * (y - mean) / r
          expectClose(
            nb, limit, relative: 1e-11, absolute: gap + 1e-13 * (1 + y), "r \(r) μ \(mean) y \(y)")
        }
      }
    }
    let x = (0..<12).map { [Double($0)] }
    let underdispersed: [Double] = [2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7]
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
        features: x, response: underdispersed)
    }
    do {
      _ = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
        features: x, response: underdispersed)
    } catch {
      guard case .estimateOutsideParameterSpace = error else {
        Issue.record("expected estimateOutsideParameterSpace, got \(error)")
        return
      }
    }
  }

  @Test func residualsAndPredictiveDistributionsAgreeWithTheFit() throws {
    let (x, y) = Self.data(Poisson.self, rows: 80, seed: 21)
    let fit = try GeneralizedLinearModel<Poisson>.fit(features: x, response: y)
    let residuals = try fit.model.residuals(features: x, response: y)
    expectClose(residuals.pearson.reduce(0) { $0 + $1 * $1 }, fit.pearsonChiSquare, relative: 1e-12)
    expectClose(residuals.deviance.reduce(0) { $0 + $1 * $1 }, fit.deviance, relative: 1e-12)
    // Score equations of the canonical link: Σ (y - μ) x̃ = 0.
    expectClose(residuals.response.reduce(0, +), 0, absolute: 1e-9)
    let predictive = try fit.model.predictiveDistribution(x[0])
    expectClose(predictive.mean, try fit.model.mean(x[0]), relative: 1e-15)
    // The normal's predictive carries the dispersion; the NB's its r.
    let (xn, yn) = Self.data(Normal.self, rows: 40, seed: 22)
    let normal = try GeneralizedLinearModel<Normal>.fit(features: xn, response: yn)
    let spread = try normal.model.predictiveDistribution(xn[0])
    expectClose(spread.variance, normal.model.dispersion, relative: 1e-14)
    let family = try NegativeBinomial(successes: 3, probability: 0.5)
    let counts = try GeneralizedLinearModel<NegativeBinomial>.fit(
      features: x, response: y, family: family, link: .log)
    let nb = try counts.model.predictiveDistribution(x[1])
    #expect(nb.successes == 3)
    expectClose(nb.mean, try counts.model.mean(x[1]), relative: 1e-14)
  }

  @Test func logisticLaplaceEqualsSoftmaxsForTwoClasses() throws {
    // Two independent implementations of the same posterior: logistic
    // regression as a GLM and softmax regression with class 0 as reference.
    let x: [[Double]] = [
      [-2, 0.5], [-1, 1.5], [0, -0.3], [1, 0.2], [2, -1], [3, 0.8], [0.5, 0.1],
    ]
    let y = [0, 0, 1, 0, 1, 1, 0]
    for sigma in [0.5, 2.0, 20.0] {
      let prior = try GaussianPrior(standardDeviation: sigma)
      let glm = try GeneralizedLinearModel<Bernoulli>.laplace(
        features: x, response: y.map(Double.init), prior: prior)
      let softmax = try SoftmaxRegression.laplace(features: x, labels: y, prior: prior)
      expectClose(glm.logEvidence, softmax.logEvidence, relative: 1e-9, "σ = \(sigma)")
      expectClose(glm.parameters.mean, softmax.parameters.mean, relative: 1e-8, absolute: 1e-10)
      expectClose(
        glm.parameters.variance, softmax.parameters.variance, relative: 1e-8, absolute: 1e-12)
    }
    let prior = try GaussianPrior(standardDeviation: 2)
    let laplace = try GeneralizedLinearModel<Bernoulli>.laplace(
      features: x, response: y.map(Double.init), prior: prior)
    let moderated = try laplace.predictiveMean([4, 0], draws: 4_000, using: RandomSource(seed: 3))
    let plugIn = try laplace.fit.model.mean([4, 0])
    #expect(moderated < plugIn && moderated > 0.5)
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Normal>.laplace(
        features: x, response: y.map(Double.init), prior: prior)
    }
    #expect(throws: FitError.self) {
      try laplace.predictiveMean([4, 0], draws: 0, using: RandomSource(seed: 3))
    }
  }

  @Test func aWarmStartAtTheOptimumStopsAtOnceAndProgressIsReported() throws {
    let (x, y) = Self.data(Poisson.self, rows: 60, seed: 31)
    let cold = try GeneralizedLinearModel<Poisson>.fit(features: x, response: y)
    let warm = try GeneralizedLinearModel<Poisson>.fit(
      features: x, response: y, warmStart: cold.model)
    #expect(warm.iterations <= 1)
    expectClose(warm.model.coefficients, cold.model.coefficients, relative: 1e-12)
    final class Log: @unchecked Sendable {
      var iterations: [Int] = []
    }
    let log = Log()
    _ = try GeneralizedLinearModel<Poisson>.fit(
      features: x, response: y, progress: { log.iterations.append($0.iteration) })
    #expect(log.iterations == Array(1...cold.iterations))
    #expect(throws: FitError.self) {
      try GeneralizedLinearModel<Poisson>.fit(
        features: x, response: y, intercept: false, warmStart: cold.model)
    }
  }

  @Test func aFeatureMatrixFitEqualsTheRowsFit() throws {
    let (x, y) = Self.data(Poisson.self, rows: 50, seed: 41)
    let matrix = try FeatureMatrix(rows: 50, columns: 2, values: x.flatMap { $0 })
    let fromMatrix = try GeneralizedLinearModel<Poisson>.fit(features: matrix, response: y)
    let fromRows = try GeneralizedLinearModel<Poisson>.fit(features: x, response: y)
    #expect(fromMatrix.model == fromRows.model)
    #expect(fromMatrix.standardErrors == fromRows.standardErrors)
  }

  @Test func predictionsOfBadRowsAreTypedErrors() throws {
    let fit = try GeneralizedLinearModel<Poisson>.fit(
      features: [[0], [1], [2], [3]], response: [1, 2, 2, 4])
    for x in [[Double](), [1, 2], [.nan], [.infinity]] {
      #expect(throws: FitError.self, "\(x)") { try fit.model.mean(x) }
      #expect(throws: FitError.self, "\(x)") { try fit.model.predictiveDistribution(x) }
    }
    #expect(throws: FitError.self) { try fit.model.mean([1], offset: .nan) }
    #expect(throws: FitError.self) {
      try fit.model.residuals(features: [[0], [1]], response: [1])
    }
    #expect(throws: FitError.self) {
      try fit.model.residuals(features: [[0], [1]], response: [1, 2.5])
    }
    // Trials: only for a binomial model, whole numbers >= 1, successes in
    // 0...trials.
    #expect(throws: FitError.self) {
      try fit.model.residuals(features: [[0], [1]], response: [1, 2], trials: [3, 3])
    }
    let binomial = try GeneralizedLinearModel<Bernoulli>.fit(
      features: [[0], [1], [2], [3]], response: [1, 2, 2, 4], trials: [4, 4, 3, 5])
    for (response, trials) in [([1.0, 5], [4.0, 4]), ([1, 2], [0, 4]), ([1, 2], [2.5, 4])] {
      #expect(throws: FitError.self, "\(response) of \(trials)") {
        try binomial.model.residuals(features: [[0], [1]], response: response, trials: trials)
      }
    }
  }
}
