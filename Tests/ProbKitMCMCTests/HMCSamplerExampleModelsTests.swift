import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitMCMC
import TestSupport
import Testing
import _Differentiation

/// Written by `Tests/Reference/generate_mcmc_examples.py` (quadrature with
/// numpy and scipy); every real number is a string, counts are integers.
struct ExamplesReference: Decodable, Sendable {
  struct Quantiles: Decodable, Sendable {
    let p, q: [String]
  }
  struct EightSchools: Decodable, Sendable {
    let y, sigma: [String]
    let muPriorScale, tauPriorScale, meanMu, sdMu, meanTau, sdTau: String
    let meanTheta: [String]
    let tauQuantiles: Quantiles
    let referenceError: String
  }
  struct RatTumour: Decodable, Sendable {
    let y, n: [Int]
    let meanTheta: [String]
    let meanLogitMean, meanLogConcentration, meanMean: String
    let alphaQuantiles, betaQuantiles: Quantiles
    let referenceError: String
  }
  struct Regression: Decodable, Sendable {
    struct Quantiles: Decodable, Sendable {
      let p: [String]
      let q: [[String]]
    }
    let x: [[String]]
    let y: [Int]
    let exposure: [String]?
    let priorScale: String
    let mean, sd: [String]
    let quantiles: Quantiles
    let referenceError: String
  }
  let eightSchools: EightSchools
  let ratTumour: RatTumour
  let logisticRegression: Regression
  let poissonRegression: Regression

  static let loaded: ExamplesReference = {
    do {
      return try Fixture.load(ExamplesReference.self, named: "mcmc_examples.json", in: .module)
    } catch {
      fatalError("mcmc_examples.json: \(error)")
    }
  }()
}

/// Monte Carlo estimates against exact values: each check allows 5 Monte
/// Carlo standard errors (MCSE) of the estimate, plus the reference's own
/// error where it has one (quadrature, far below the MCSE).
///
/// For a correct sampler and an accurate MCSE an estimate strays beyond 5
/// MCSE with probability about 6e-7, so a test of k checks raises a false
/// alarm with probability about k × 6e-7. The seeds are fixed: the outcome is
/// deterministic.
enum ExactCheck {
  /// |mean − exact| ≤ 5 MCSE + `referenceError`.
  static func mean(
    _ draws: ChainDraws, _ exact: Double, referenceError: Double = 0, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let error = try draws.meanStandardError()
    #expect(
      abs(draws.mean - exact) <= 5 * error + referenceError,
      "\(label): mean \(draws.mean), exact \(exact) ± 5 × \(error)",
      sourceLocation: sourceLocation)
  }

  /// The mean of (x − exact mean)² is the exact variance within 5 MCSE.
  static func variance(
    _ draws: ChainDraws, mean exactMean: Double, _ exactVariance: Double,
    referenceError: Double = 0, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try mean(
      map(draws) { ($0 - exactMean) * ($0 - exactMean) }, exactVariance,
      referenceError: referenceError, "\(label) variance", sourceLocation: sourceLocation)
  }

  /// The share of draws below the exact p-quantile is p within 5 MCSE (of
  /// the indicator's mean) + `referenceError` (a probability).
  static func quantile(
    _ draws: ChainDraws, _ exactQuantile: Double, _ p: Double, referenceError: Double = 0,
    _ label: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try mean(
      map(draws) { $0 < exactQuantile ? 1 : 0 }, p, referenceError: referenceError,
      "\(label): P(x < q\(p) = \(exactQuantile))", sourceLocation: sourceLocation)
  }

  /// f of every draw, chain by chain.
  static func map(_ draws: ChainDraws, _ f: (Double) -> Double) throws -> ChainDraws {
    try ChainDraws(draws.chains.map { $0.map(f) })
  }

  /// f of draw i of every parameter, for every i, chain by chain.
  static func combine(_ draws: [ChainDraws], _ f: ([Double]) -> Double) throws -> ChainDraws {
    try ChainDraws(
      draws[0].chains.indices.map { chain in
        draws[0].chains[chain].indices.map { i in f(draws.map { $0.chains[chain][i] }) }
      })
  }
}

/// Models written with ProbKitMCMC as a user would write them, sampled with
/// NUTS and checked against exact quadrature (see
/// `Tests/Reference/generate_mcmc_examples.py`): eight schools, the rat
/// tumour hierarchical Beta–Binomial model of BDA3 chapter 5, a Bayesian
/// logistic regression and a Poisson regression with an exposure.
///
/// Every check is an ``ExactCheck``: 5 MCSE plus the quadrature's error
/// (false-alarm rate about 6e-7 per check; the number of checks is stated
/// per test). The seeds are fixed.
@Suite struct HMCSamplerExampleModelsTests {
  static let reference = ExamplesReference.loaded

  // MARK: - Eight schools

  /// Eight schools (Rubin 1981), non-centred: θⱼ = μ + τηⱼ, yⱼ ~ N(θⱼ, σⱼ),
  /// μ ~ N(0, 5²), τ ~ half-Cauchy(5), ηⱼ ~ N(0, 1), over (μ, τ, η), as
  /// `Docs/MCMC.md` writes it for automatic differentiation.
  static func eightSchoolsAutomatic() throws -> DifferentiableLogDensity {
    let (y, sigma, muScale, tauScale) = try eightSchoolsData()
    return try DifferentiableLogDensity(dimension: 10) { x in
      let mu = x[0]
      let tau = x[1]
      var eta: [Double] = []
      var theta: [Double] = []
      for j in withoutDerivative(at: 0..<8) {
        eta.append(x[j + 2])
        theta.append(mu + tau * x[j + 2])
      }
      return LogDensities.normal(mu, location: 0, scale: muScale)
        + LogDensities.halfCauchy(tau, scale: tauScale)
        + LogDensities.normal(eta, location: 0, scale: 1)
        + LogDensities.normal(y, location: theta, scale: sigma)
    }
  }

  /// The same log density with its gradient by hand: the automatic one
  /// costs some 15 times more in a debug build, too slow for a test of
  /// 8,000 iterations.
  static func eightSchoolsByHand() throws -> LogDensityFunction {
    let (y, sigma, muScale, tauScale) = try eightSchoolsData()
    return try LogDensityFunction(dimension: 10) { x, gradient in
      let (mu, tau) = (x[0], x[1])
      var value =
        LogDensities.normal(mu, location: 0, scale: muScale)
        + LogDensities.halfCauchy(tau, scale: tauScale)
      gradient[0] = -mu / (muScale * muScale)
      gradient[1] = -2 * tau / (tauScale * tauScale + tau * tau)
      for j in 0..<8 {
        let eta = x[j + 2]
        let theta = mu + tau * eta
        value +=
          LogDensities.normal(eta, location: 0, scale: 1)
          + LogDensities.normal(y[j], location: theta, scale: sigma[j])
        let residual = (y[j] - theta) / (sigma[j] * sigma[j])
        gradient[0] += residual
        gradient[1] += residual * eta
        gradient[j + 2] = -eta + tau * residual
      }
      return value
    }
  }

  static func eightSchoolsData() throws -> (
    y: [Double], sigma: [Double], muScale: Double, tauScale: Double
  ) {
    let data = reference.eightSchools
    return (
      try Fixture.doubles(data.y), try Fixture.doubles(data.sigma),
      try Fixture.double(data.muPriorScale), try Fixture.double(data.tauPriorScale)
    )
  }

  /// The model on the sampler's scale: τ's positivity left to the transform.
  static func eightSchools() throws -> TransformedLogDensity<LogDensityFunction> {
    let transform = try ParameterTransform([
      .init("mu"), .init("tau", .positive), .init("eta", count: 8),
    ])
    return try TransformedLogDensity(eightSchoolsByHand(), transform: transform)
  }

  /// The hand gradient is the automatic one (value and gradient to 1e-10
  /// relative) at seeded points: what is sampled below is the model as
  /// `Docs/MCMC.md` writes it.
  @Test func eightSchoolsHandGradientIsTheAutomaticOne() throws {
    try Self.expectSameDensity(Self.eightSchoolsAutomatic(), Self.eightSchoolsByHand()) {
      index, random in
      // τ > 0; the others anywhere.
      index == 1 ? 0.1 + 10 * random.nextUniform() : 10 * random.nextStandardNormal()
    }
  }

  /// `automatic` and `byHand` agree at 20 seeded points, value and gradient
  /// to 1e-10 relative.
  static func expectSameDensity(
    _ automatic: some LogDensity, _ byHand: some LogDensity,
    sourceLocation: SourceLocation = #_sourceLocation,
    coordinate: (Int, RandomSource) -> Double
  ) throws {
    let random = RandomSource(seed: 3)
    for _ in 0..<20 {
      let x = (0..<automatic.dimension).map { coordinate($0, random) }
      let (value, gradient) = automatic.logDensityAndGradient(x)
      let (expected, expectedGradient) = byHand.logDensityAndGradient(x)
      expectClose(
        value, expected, relative: 1e-10, absolute: 1e-9, "value at \(x)",
        sourceLocation: sourceLocation)
      expectClose(
        gradient, expectedGradient, relative: 1e-10, absolute: 1e-9, "gradient at \(x)",
        sourceLocation: sourceLocation)
    }
  }

  /// E[μ], E[τ], E[θⱼ] (j = 1…8) and five quantiles of τ against BDA3
  /// section 5.4's one-dimensional quadrature over τ: 15 checks.
  ///
  /// At target acceptance 0.95 the non-centred model samples cleanly with
  /// this seed: no divergence, no other warning.
  @Test func eightSchoolsNonCentred() async throws {
    let data = Self.reference.eightSchools
    let referenceError = try Fixture.double(data.referenceError)
    let posterior = try await HMCSampler(targetAcceptance: 0.95).sample(
      Self.eightSchools(), seed: 8)
    let mu = try posterior.draws("mu")
    let tau = try posterior.draws("tau")
    try ExactCheck.mean(mu, Fixture.double(data.meanMu), referenceError: referenceError, "mu")
    try ExactCheck.mean(tau, Fixture.double(data.meanTau), referenceError: referenceError, "tau")
    for j in 0..<8 {
      let eta = try posterior.draws("eta[\(j)]")
      let theta = try ExactCheck.combine([mu, tau, eta]) { $0[0] + $0[1] * $0[2] }
      try ExactCheck.mean(
        theta, Fixture.double(data.meanTheta[j]), referenceError: referenceError, "theta[\(j)]")
    }
    for (p, q) in zip(data.tauQuantiles.p, data.tauQuantiles.q) {
      try ExactCheck.quantile(tau, Fixture.double(q), Fixture.double(p), "tau")
    }
    #expect(posterior.diagnostics.warnings.isEmpty, "\(posterior.diagnostics)")
    let summary = try posterior.summary()
    #expect(summary.warnings.isEmpty, "\(summary)")
  }

  /// Divergences at the default target acceptance, reported chain by chain.
  ///
  /// At Stan's default target acceptance 0.8 the same model diverges now
  /// and then (when written, seeds 9, 10 and 11 gave one divergence in each
  /// of two chains, seed 8 none): the warnings must say so, chain by chain,
  /// and the few divergences (under 0.1% of the draws) leave E[μ] and E[τ]
  /// within their bounds. Whether this seed diverges at all is not asserted:
  /// a change to the sampler's arithmetic may move it.
  @Test func eightSchoolsAtTheDefaultTargetReportsItsDivergences() async throws {
    let data = Self.reference.eightSchools
    let posterior = try await HMCSampler().sample(Self.eightSchools(), seed: 9)
    let check = posterior.diagnostics
    let total = check.divergences.reduce(0, +)
    #expect(total * 1000 < posterior.drawsPerChain * posterior.chains.count, "\(check)")
    for (chain, count) in check.divergences.enumerated() {
      let warned = check.warnings.filter { $0.chain == chain && $0.kind == .divergences }
      #expect(warned.map(\.value) == (count > 0 ? [Double(count)] : []), "\(check)")
    }
    try ExactCheck.mean(posterior.draws("mu"), Fixture.double(data.meanMu), "mu")
    try ExactCheck.mean(posterior.draws("tau"), Fixture.double(data.meanTau), "tau")
  }

  // MARK: - Rat tumours

  /// The rat tumour model (BDA3 section 5.3): yⱼ ~ Binomial(nⱼ, θⱼ), θⱼ ~
  /// Beta(α, β), p(α, β) ∝ (α + β)^(−5/2), with the θⱼ integrated out
  /// (Beta–Binomial), sampled as (logit m, log s) for the mean m = α/(α + β)
  /// and the concentration s = α + β, BDA's own coordinates.
  ///
  /// On (m, s) the prior is s^(−5/2) · s (the Jacobian of α = sm,
  /// β = s(1 − m)); the transform adds the rest. The Beta-function ratios of
  /// the likelihood, for integer counts, are sums of logs:
  /// Σⱼ log B(α + yⱼ, β + nⱼ − yⱼ) − log B(α, β) = Σₖ Aₖ log(α + k) +
  /// Σₖ Bₖ log(β + k) − Σₖ Nₖ log(α + β + k), with Aₖ the number of
  /// experiments with more than k tumours, Bₖ with more than k healthy rats,
  /// Nₖ with more than k rats. The gradient is by hand.
  static func ratTumour(y: [Int], n: [Int]) throws -> TransformedLogDensity<LogDensityFunction> {
    func exceeding(_ counts: [Int]) -> [Double] {
      (0..<(counts.max() ?? 0)).map { k in Double(counts.count(where: { $0 > k })) }
    }
    let tumours = exceeding(y)
    let healthy = exceeding(zip(n, y).map { $0 - $1 })
    let rats = exceeding(n)
    let base = try LogDensityFunction(dimension: 2) { x, gradient in
      let (m, s) = (x[0], x[1])
      let (a, b) = (s * m, s * (1 - m))
      var value = -1.5 * log(s)
      var (dA, dB, dS) = (0.0, 0.0, -1.5 / s)
      for (k, count) in tumours.enumerated() {
        value += count * log(a + Double(k))
        dA += count / (a + Double(k))
      }
      for (k, count) in healthy.enumerated() {
        value += count * log(b + Double(k))
        dB += count / (b + Double(k))
      }
      for (k, count) in rats.enumerated() {
        value -= count * log(s + Double(k))
        dS -= count / (s + Double(k))
      }
      gradient[0] = s * (dA - dB)
      gradient[1] = dS + m * dA + (1 - m) * dB
      return value
    }
    let transform = try ParameterTransform([
      .init("mean", .interval(lower: 0, upper: 1)), .init("concentration", .positive),
    ])
    return try TransformedLogDensity(base, transform: transform)
  }

  /// E[θⱼ | y] for all 71 experiments (Rao–Blackwellised: the mean of
  /// (α + yⱼ)/(α + β + nⱼ) over the draws), E[logit m], E[log s], E[m], and
  /// five quantiles each of α and β, against BDA's grid over the
  /// hyperparameters; θ₇₁ (the current experiment, 4 of 14) also from
  /// posterior predictive draws of Beta(α + 4, β + 10): 88 checks.
  ///
  /// E[α] and E[β] are not checked because they are infinite: the marginal
  /// posterior of s = α + β has a tail ∝ s^(−3/2).
  @Test func ratTumourHierarchicalBetaBinomial() async throws {
    let data = Self.reference.ratTumour
    let referenceError = try Fixture.double(data.referenceError)
    let model = try Self.ratTumour(y: data.y, n: data.n)
    let posterior = try await HMCSampler().sample(model, seed: 71)
    let m = try posterior.draws("mean")
    let s = try posterior.draws("concentration")
    let alpha = try ExactCheck.combine([m, s]) { $0[0] * $0[1] }
    let beta = try ExactCheck.combine([m, s]) { (1 - $0[0]) * $0[1] }
    try ExactCheck.mean(
      ExactCheck.map(m) { log($0 / (1 - $0)) }, Fixture.double(data.meanLogitMean),
      referenceError: referenceError, "logit m")
    try ExactCheck.mean(
      ExactCheck.map(s) { log($0) }, Fixture.double(data.meanLogConcentration),
      referenceError: referenceError, "log s")
    try ExactCheck.mean(m, Fixture.double(data.meanMean), referenceError: referenceError, "m")
    for j in 0..<71 {
      let (y, n) = (Double(data.y[j]), Double(data.n[j]))
      let theta = try ExactCheck.combine([alpha, beta]) { ($0[0] + y) / ($0[0] + $0[1] + n) }
      try ExactCheck.mean(
        theta, Fixture.double(data.meanTheta[j]), referenceError: referenceError,
        "theta[\(j)]")
    }
    for (p, q) in zip(data.alphaQuantiles.p, data.alphaQuantiles.q) {
      try ExactCheck.quantile(
        alpha, Fixture.double(q), Fixture.double(p), referenceError: referenceError, "alpha")
    }
    for (p, q) in zip(data.betaQuantiles.p, data.betaQuantiles.q) {
      try ExactCheck.quantile(
        beta, Fixture.double(q), Fixture.double(p), referenceError: referenceError, "beta")
    }
    let current = try ChainDraws(
      posterior.predictive(seed: 14) { draw, random in
        let (m, s) = (draw[0], draw[1])
        return try Beta(alpha: m * s + 4, beta: (1 - m) * s + 10).sample(using: random)
      })
    try ExactCheck.mean(
      current, Fixture.double(data.meanTheta[70]), referenceError: referenceError,
      "theta[70] drawn")
    #expect(posterior.diagnostics.warnings.isEmpty, "\(posterior.diagnostics)")
    let summary = try posterior.summary()
    #expect(summary.warnings.isEmpty, "\(summary)")
  }

  // MARK: - Regressions

  /// The covariates (x₁, x₂) of each row.
  static func covariates(_ data: ExamplesReference.Regression) throws -> ([Double], [Double]) {
    let rows = try data.x.map { try Fixture.doubles($0) }
    return (rows.map { $0[0] }, rows.map { $0[1] })
  }

  /// Logistic regression, yᵢ ~ Bernoulli(logistic(b₀ + b₁x₁ᵢ + b₂x₂ᵢ)), bₖ ~
  /// N(0, 2.5²), with automatic differentiation and the vectorised
  /// Bernoulli.
  static func logisticRegressionAutomatic() throws -> DifferentiableLogDensity {
    let data = reference.logisticRegression
    let (x1, x2) = try covariates(data)
    let y = data.y
    let scale = try Fixture.double(data.priorScale)
    return try DifferentiableLogDensity(dimension: 3) { b in
      var logits: [Double] = []
      for i in withoutDerivative(at: y.indices) {
        logits.append(b[0] + b[1] * x1[i] + b[2] * x2[i])
      }
      return LogDensities.normal(b, location: 0, scale: scale)
        + LogDensities.bernoulli(y, logits: logits)
    }
  }

  /// The same with its gradient by hand, Σᵢ (yᵢ − logistic(ηᵢ)) xᵢ − b/2.5²,
  /// the value still from `LogDensities` (the automatic gradient costs some
  /// 20 times more in a debug build).
  static func logisticRegression() throws -> LogDensityFunction {
    let data = reference.logisticRegression
    let (x1, x2) = try covariates(data)
    let y = data.y
    let scale = try Fixture.double(data.priorScale)
    return try LogDensityFunction(dimension: 3) { b, gradient in
      var logits = [Double](repeating: 0, count: y.count)
      for k in 0..<3 { gradient[k] = -b[k] / (scale * scale) }
      for i in y.indices {
        logits[i] = b[0] + b[1] * x1[i] + b[2] * x2[i]
        let residual = Double(y[i]) - 1 / (1 + exp(-logits[i]))
        gradient[0] += residual
        gradient[1] += residual * x1[i]
        gradient[2] += residual * x2[i]
      }
      return LogDensities.normal(Array(b), location: 0, scale: scale)
        + LogDensities.bernoulli(y, logits: logits)
    }
  }

  @Test func logisticHandGradientIsTheAutomaticOne() throws {
    try Self.expectSameDensity(Self.logisticRegressionAutomatic(), Self.logisticRegression()) {
      _, random in 3 * random.nextStandardNormal()
    }
  }

  /// Poisson regression with an exposure, yᵢ ~ Poisson(Eᵢ exp(b₀ + b₁x₁ᵢ +
  /// b₂x₂ᵢ)) (offset log Eᵢ), bₖ ~ N(0, 2.5²), with a hand gradient.
  static func poissonRegression() throws -> LogDensityFunction {
    let data = reference.poissonRegression
    let (x1, x2) = try covariates(data)
    let offset = try Fixture.doubles(data.exposure ?? []).map { log($0) }
    let y = data.y.map(Double.init)
    let precision = 1 / pow(try Fixture.double(data.priorScale), 2)
    return try LogDensityFunction(dimension: 3) { b, gradient in
      var value = -0.5 * precision * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2])
      for k in 0..<3 { gradient[k] = -precision * b[k] }
      for i in y.indices {
        let eta = offset[i] + b[0] + b[1] * x1[i] + b[2] * x2[i]
        let rate = exp(eta)
        value += y[i] * eta - rate  // − log yᵢ! is a constant
        gradient[0] += y[i] - rate
        gradient[1] += (y[i] - rate) * x1[i]
        gradient[2] += (y[i] - rate) * x2[i]
      }
      return value
    }
  }

  /// The posterior mean, variance and five quantiles of each coefficient
  /// against a 3-D grid: 21 checks per model.
  @Test(arguments: ["logistic", "poisson"])
  func regressionCoefficients(family: String) async throws {
    let data =
      family == "logistic"
      ? Self.reference.logisticRegression : Self.reference.poissonRegression
    let names = ["b0", "b1", "b2"]
    let posterior =
      family == "logistic"
      ? try await HMCSampler().sample(
        Self.logisticRegression(), seed: 100, parameterNames: names)
      : try await HMCSampler().sample(Self.poissonRegression(), seed: 40, parameterNames: names)
    let referenceError = try Fixture.double(data.referenceError)
    for (k, name) in names.enumerated() {
      let draws = try posterior.draws(name)
      let mean = try Fixture.double(data.mean[k])
      let sd = try Fixture.double(data.sd[k])
      try ExactCheck.mean(draws, mean, referenceError: referenceError, name)
      try ExactCheck.variance(
        draws, mean: mean, sd * sd, referenceError: 2 * sd * referenceError, name)
      for (p, q) in zip(data.quantiles.p, data.quantiles.q[k]) {
        // A quantile error δ moves the probability by at most about δ / sd.
        try ExactCheck.quantile(
          draws, Fixture.double(q), Fixture.double(p), referenceError: referenceError / sd, name)
      }
    }
    #expect(posterior.diagnostics.warnings.isEmpty, "\(posterior.diagnostics)")
    let summary = try posterior.summary()
    #expect(summary.warnings.isEmpty, "\(summary)")
  }
}
