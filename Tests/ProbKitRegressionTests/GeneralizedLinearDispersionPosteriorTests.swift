import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
import ProbKitMCMC
import ProbKitRegression
import TestSupport
import Testing

/// GLM posteriors with the response's dispersion sampled.
///
/// The log density against the model's definition written with ProbKit's distributions
/// (each checked against mpmath elsewhere), its gradient against finite
/// differences, the far tails of φ, and the errors. The draws against
/// quadrature are in `GeneralizedLinearPosteriorDensityTests`.
@Suite struct GeneralizedLinearDispersionPosteriorTests {
  static let features: [[Double]] = [[0.2], [1.1], [-0.7], [0.5], [1.6], [-1.2]]
  static let positive: [Double] = [1.3, 3.1, 0.6, 2.2, 5.0, 0.4]
  static let counts: [Double] = [1, 4, 0, 3, 9, 0]
  static let offsets: [Double] = [0.1, -0.2, 0.3, 0, 0.5, -0.1]

  /// log p(β, b, φ) + log √φ (the Jacobian of v = log √φ) up to a constant:
  /// β ~ N(0, 1), b flat, √φ under `rootPrior`, rows from `row`.
  static func formula(
    beta: Double, intercept: Double, dispersion: Double,
    rootPrior: (Double) -> Double, row: (_ i: Int, _ eta: Double) throws -> Double
  ) rethrows -> Double {
    var value = -0.5 * beta * beta + rootPrior(dispersion.squareRoot()) + log(dispersion) / 2
    for (i, x) in features.enumerated() { value += try row(i, intercept + beta * x[0]) }
    return value
  }

  enum Model: String, CaseIterable, Sendable {
    case normal, gamma, negativeBinomial
  }

  /// The density and the formula of each model; points as (β, b, φ).
  static func model(_ model: Model) throws -> (
    density: any ReparameterisedLogDensity, formula: ([Double]) throws -> Double
  ) {
    let prior = try GaussianPrior(standardDeviation: 1)
    switch model {
    case .normal:
      let density = try GeneralizedLinearModel<Normal>.posteriorDensity(
        features: features, response: positive, prior: prior,
        dispersionPrior: .halfCauchy(scale: 2))
      return (
        density,
        { p in
          try formula(
            beta: p[0], intercept: p[1], dispersion: p[2],
            rootPrior: { -log1p($0 * $0 / 4) },
            row: { i, eta in
              try Normal(mean: eta, standardDeviation: p[2].squareRoot()).logDensity(positive[i])
            })
        }
      )
    case .gamma:
      let density = try GeneralizedLinearModel<Gamma>.posteriorDensity(
        features: features, response: positive, link: .log, prior: prior,
        dispersionPrior: .halfNormal(scale: 0.5))
      return (
        density,
        { p in
          try formula(
            beta: p[0], intercept: p[1], dispersion: p[2],
            rootPrior: { -2 * $0 * $0 },
            row: { i, eta in
              let shape = 1 / p[2]
              return try Gamma(shape: shape, rate: shape / exp(eta)).logDensity(positive[i])
            })
        }
      )
    case .negativeBinomial:
      let density = try GeneralizedLinearModel<NegativeBinomial>.posteriorDensity(
        features: features, response: counts, offsets: offsets, link: .log, prior: prior,
        dispersionPrior: .halfCauchy(scale: 1))
      return (
        density,
        { p in
          try formula(
            beta: p[0], intercept: p[1], dispersion: p[2],
            rootPrior: { -log1p($0 * $0) },
            row: { i, eta in
              let r = 1 / p[2]
              let mean = exp(eta + offsets[i])
              return try NegativeBinomial(successes: r, probability: r / (r + mean))
                .logDensity(Int(counts[i]))
            })
        }
      )
    }
  }

  @Test(arguments: Model.allCases)
  func logDensityMatchesTheModelsFormula(model: Model) throws {
    let (density, formula) = try Self.model(model)
    #expect(density.reportedNames == ["beta[0]", "intercept", "dispersion"])
    let points: [[Double]] = [[0.3, 0.5, 0.4], [-1, 1.2, 2.5], [0.8, -0.3, 0.05], [0, 0, 1]]
    var differences: [(Double, Double)] = []
    for reported in points {
      let x = try density.sampledPoint(reporting: reported)
      var back = [Double](repeating: 0, count: 3)
      x.withUnsafeBufferPointer { u in
        back.withUnsafeMutableBufferPointer { density.report(u, into: $0) }
      }
      for (a, b) in zip(back, reported) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
      differences.append((density.logDensity(x), try formula(reported)))
    }
    let constant = differences[0].0 - differences[0].1
    for (value, expected) in differences.dropFirst() {
      expectClose(value - expected, constant, relative: 1e-10, absolute: 1e-10, "\(model)")
    }
  }

  @Test(arguments: Model.allCases)
  func gradientMatchesFiniteDifferences(model: Model) throws {
    let (density, _) = try Self.model(model)
    for x in [[0.3, -0.4, -0.6], [-0.5, 0.8, 0.7], [0.1, 0.2, -3]] {
      let (_, gradient) = density.logDensityAndGradient(x)
      let numeric = FiniteDifferences.gradient(density.logDensity, at: x)
      expectClose(gradient, numeric, relative: 1e-7, absolute: 1e-7, "\(model) at \(x)")
    }
  }

  /// As α → 0 the negative binomial's likelihood tends to the Poisson's;
  /// beyond `Double`'s r (or at r = 0) the density is -∞ with a zero
  /// gradient, never NaN.
  @Test func negativeBinomialTailsAreFiniteOrRejected() throws {
    let (density, _) = try Self.model(.negativeBinomial)
    let poisson = try GeneralizedLinearModel<Poisson>.posteriorDensity(
      features: Self.features, response: Self.counts, offsets: Self.offsets,
      prior: GaussianPrior(standardDeviation: 1))
    // log √α = -30: α = e^-60. The NB's density less its prior on √α (and the
    // Jacobian) is the Poisson's, up to the constant log y! terms.
    var previous: Double?
    for v in [-20.0, -30, -60] {
      let value = density.logDensity([0.3, 0.5, v])
      let prior = -log1p(exp(2 * v)) + v
      let difference = value - prior - poisson.logDensity([0.3, 0.5])
      if let previous {
        expectClose(difference, previous, relative: 1e-9, absolute: 1e-9, "v \(v)")
      }
      previous = difference
      let (_, gradient) = density.logDensityAndGradient([0.3, 0.5, v])
      #expect(gradient.allSatisfy { $0.isFinite })
    }
    for v in [-400.0, 400] {
      let (value, gradient) = density.logDensityAndGradient([0.3, 0.5, v])
      #expect(value == -.infinity)
      #expect(gradient == [0, 0, 0])
    }
    for v in [-400.0, 400] {
      for model in [Model.normal, .gamma] {
        let (value, gradient) = try Self.model(model).density.logDensityAndGradient([0.3, 0.5, v])
        #expect(!value.isNaN && gradient.allSatisfy { !$0.isNaN }, "\(model) at v \(v)")
      }
    }
  }

  @Test func invalidModelsThrow() throws {
    let prior = try GaussianPrior(standardDeviation: 1)
    // No dispersion to sample.
    #expect(throws: FitError.self) {
      _ = try GeneralizedLinearModel<Poisson>.posteriorDensity(
        features: Self.features, response: Self.counts, prior: prior,
        dispersionPrior: .halfCauchy(scale: 1))
    }
    // The negative binomial's canonical link depends on r.
    #expect(throws: FitError.self) {
      _ = try GeneralizedLinearModel<NegativeBinomial>.posteriorDensity(
        features: Self.features, response: Self.counts, link: .canonical, prior: prior,
        dispersionPrior: .halfCauchy(scale: 1))
    }
    // An exact fit: the dispersion's posterior is improper.
    #expect(throws: FitError.self) {
      _ = try GeneralizedLinearModel<Normal>.posteriorDensity(
        features: Self.features, response: Self.features.map { 2 + 3 * $0[0] }, prior: prior)
    }
    for scale in [0, -1, .nan, .infinity, 1e200, 1e-200] {
      #expect(throws: FitError.self) { _ = try DispersionPrior.halfNormal(scale: scale) }
    }
    let density = try Self.model(.gamma).density
    #expect(throws: (any Error).self) { _ = try density.sampledPoint(reporting: [0, 0, 0]) }
    #expect(throws: (any Error).self) { _ = try density.sampledPoint(reporting: [0, 0, -1]) }
    #expect(throws: (any Error).self) { _ = try density.sampledPoint(reporting: [0, 0]) }
  }

  /// Without a prior, the normal's √φ ~ half-Cauchy(sd(y)); Codable keeps a
  /// prior and rejects an invalid one.
  @Test func defaultPriorAndCoding() throws {
    let density = try GeneralizedLinearModel<Normal>.posteriorDensity(
      features: Self.features, response: Self.positive,
      prior: GaussianPrior(standardDeviation: 1))
    let mean = Self.positive.reduce(0, +) / 6
    let spread = (Self.positive.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6).squareRoot()
    #expect(density.dispersionPrior?.family == .halfCauchy)
    expectClose(density.dispersionPrior?.scale ?? 0, spread, relative: 1e-14, "default scale")
    let prior = try DispersionPrior.halfNormal(scale: 0.5)
    let data = try JSONEncoder().encode(prior)
    #expect(try JSONDecoder().decode(DispersionPrior.self, from: data) == prior)
    let bad = Data(#"{"family":"halfNormal","scale":-1}"#.utf8)
    #expect(throws: (any Error).self) {
      _ = try JSONDecoder().decode(DispersionPrior.self, from: bad)
    }
  }
}

extension GeneralizedLinearDispersionPosteriorTests {
  /// The response's units do not matter.
  ///
  /// y and cy with priors scaled by c give posteriors of cβ, cb and c²φ.
  /// Before the sampled coordinates were
  /// put in units of s_y, y = 10⁻⁶ ± 10⁻⁸ left the chains in a funnel (R̂
  /// 4.3). Means within 5 combined MCSE (false-alarm rate about 6e-7 per
  /// check), no divergences, R̂ below 1.01.
  @Test(arguments: [1e-6, 1e6])
  func normalPosteriorDoesNotDependOnTheResponsesUnits(factor: Double) async throws {
    var source = RandomSource(seed: 11)
    let x = (0..<40).map { _ in [Double.random(in: -1...1, using: &source)] }
    let y = x.map { 2 + 0.5 * $0[0] + 0.3 * Double.random(in: -1...1, using: &source) }
    func posterior(_ c: Double) async throws -> PosteriorDraws {
      let density = try GeneralizedLinearModel<Normal>.posteriorDensity(
        features: x, response: y.map { c * $0 }, prior: GaussianPrior(standardDeviation: c),
        dispersionPrior: .halfCauchy(scale: c))
      return try await HMCSampler().sample(density, seed: 5)
    }
    let unit = try await posterior(1)
    let scaled = try await posterior(factor)
    #expect(scaled.diagnostics.divergences.allSatisfy { $0 == 0 })
    for (name, power) in [("beta[0]", 1.0), ("intercept", 1), ("dispersion", 2)] {
      let a = try unit.draws(name)
      let b = try ChainDraws(
        try scaled.draws(name).chains.map { $0.map { $0 / pow(factor, power) } })
      let tolerance =
        5 * (pow(try a.meanStandardError(), 2) + pow(try b.meanStandardError(), 2)).squareRoot()
      #expect(abs(a.mean - b.mean) <= tolerance, "\(name): \(a.mean) vs \(b.mean) ± \(tolerance)")
      #expect(try b.rHat() < 1.01, "\(name)")
    }
  }
}

extension GeneralizedLinearDispersionPosteriorTests {
  /// Gamma responses near 1e±300 sample under the log link.
  ///
  /// The same posterior as at scale 1 with the intercept shifted by log c (the density differs by
  /// a constant), and NUTS samples it. A normal response beyond 1e75 is an
  /// overflow error, not a sampler that finds no finite point.
  @Test(arguments: [1e-300, 1e300])
  func gammaResponsesFarFromOneHaveTheSamePosterior(factor: Double) async throws {
    let prior = try GaussianPrior(standardDeviation: 1)
    let unit = try GeneralizedLinearModel<Gamma>.posteriorDensity(
      features: Self.features, response: Self.positive, link: .log, prior: prior)
    let scaled = try GeneralizedLinearModel<Gamma>.posteriorDensity(
      features: Self.features, response: Self.positive.map { $0 * factor }, link: .log,
      prior: prior)
    var differences: [Double] = []
    for point in [[0.3, 0.5, 0.4], [-1, 1.2, 2.5], [0.8, -0.3, 0.05]] {
      let shifted = [point[0], point[1] + log(factor), point[2]]
      differences.append(
        scaled.logDensity(try scaled.sampledPoint(reporting: shifted))
          - unit.logDensity(try unit.sampledPoint(reporting: point)))
    }
    for difference in differences.dropFirst() {
      expectClose(difference, differences[0], relative: 1e-9, absolute: 1e-9, "\(factor)")
    }
    let posterior = try await HMCSampler(warmup: 300, draws: 200, chains: 2).sample(
      scaled, seed: 2)
    expectClose(
      try posterior.draws("intercept").mean - log(factor), 0.7, absolute: 1.5, "intercept")
    #expect(throws: FitError.self) {
      _ = try GeneralizedLinearModel<Normal>.posteriorDensity(
        features: Self.features, response: Self.positive.map { $0 * 1e80 }, prior: prior)
    }
  }
}
