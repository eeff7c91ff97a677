import Foundation
import ProbKitDistributions
import ProbKitMCMC
import Testing

/// NUTS and static HMC against posteriors known in closed form: a
/// correlated Gaussian under every metric, and Beta, Gamma and Dirichlet
/// posteriors sampled through the interval, positive and simplex transforms.
///
/// Each check allows 5 Monte Carlo standard errors (a false-alarm rate of
/// about 6e-7 per check for a correct sampler); the seeds are fixed, so the
/// outcome is deterministic.
@Suite struct HMCSamplerExactPosteriorTests {
  /// N(0, Σ) with standard deviations (1, 3) and correlation 0.9.
  static func correlatedGaussian() throws -> LogDensityFunction {
    let (s1, s2, r) = (1.0, 3.0, 0.9)
    let determinant = s1 * s1 * s2 * s2 * (1 - r * r)
    let (a, b, c) = (s2 * s2 / determinant, -r * s1 * s2 / determinant, s1 * s1 / determinant)
    return try LogDensityFunction(dimension: 2) { x, gradient in
      gradient[0] = -(a * x[0] + b * x[1])
      gradient[1] = -(b * x[0] + c * x[1])
      return -0.5 * (a * x[0] * x[0] + 2 * b * x[0] * x[1] + c * x[1] * x[1])
    }
  }

  /// |estimate − exact| ≤ 5 MCSE of the mean of `draws`.
  static func expectMean(
    _ draws: ChainDraws, _ exact: Double, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let error = try draws.meanStandardError()
    #expect(
      abs(draws.mean - exact) <= 5 * error,
      "\(label): mean \(draws.mean), exact \(exact) ± \(error)",
      sourceLocation: sourceLocation)
  }

  /// The share of draws below the exact p-quantile is p within 5 MCSE.
  static func expectQuantile(
    _ draws: ChainDraws, _ exactQuantile: Double, _ p: Double, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let below = try ChainDraws(draws.chains.map { $0.map { $0 < exactQuantile ? 1.0 : 0.0 } })
    let error = try below.meanStandardError()
    #expect(
      abs(below.mean - p) <= 5 * error, "\(label): P(x < q\(p)) = \(below.mean) ± \(error)",
      sourceLocation: sourceLocation)
  }

  @Test(arguments: [
    HMCSampler(), HMCSampler(metric: .dense), HMCSampler(metric: .unit),
    HMCSampler(trajectory: .fixed(leapfrogSteps: 8)),
  ])
  func correlatedGaussianMoments(sampler: HMCSampler) async throws {
    let posterior = try await sampler.sample(Self.correlatedGaussian(), seed: 2026)
    let x = try posterior.draws("x[0]")
    let y = try posterior.draws("x[1]")
    try Self.expectMean(x, 0, "x[0]")
    try Self.expectMean(y, 0, "x[1]")
    let xSquared = try ChainDraws(x.chains.map { $0.map { $0 * $0 } })
    let ySquared = try ChainDraws(y.chains.map { $0.map { $0 * $0 } })
    let product = try ChainDraws(
      zip(x.chains, y.chains).map { zip($0, $1).map { $0 * $1 } })
    try Self.expectMean(xSquared, 1, "E x²")
    try Self.expectMean(ySquared, 9, "E y²")
    try Self.expectMean(product, 0.9 * 3, "E xy")
    let summary = try posterior.summary()
    #expect(summary.warnings.isEmpty, "\(summary)")
    #expect(posterior.diagnostics.warnings.isEmpty, "\(posterior.diagnostics)")
  }

  @Test func denseMetricLearnsTheCovariance() async throws {
    let posterior = try await HMCSampler(metric: .dense).sample(
      Self.correlatedGaussian(), seed: 7)
    let exact = [1, 2.7, 2.7, 9]
    for chain in posterior.chains {
      for (estimate, truth) in zip(chain.inverseMetric, exact) {
        #expect(abs(estimate / truth - 1) < 0.3, "\(chain.inverseMetric)")
      }
    }
  }

  /// p ~ Beta(2, 3) with 7 successes in 10: Beta(9, 6); λ ~ Gamma(3, 2)
  /// with Poisson counts summing to 11 over 4: Gamma(14, 6); w ~
  /// Dirichlet(1, 1, 1) with counts (3, 5, 0): Dirichlet(4, 6, 1).
  static func conjugateModel() throws -> TransformedLogDensity<LogDensityFunction> {
    let base = try LogDensityFunction(dimension: 5) { x, gradient in
      let (p, lambda) = (x[0], x[1])
      gradient[0] = 8 / p - 5 / (1 - p)
      gradient[1] = 13 / lambda - 6
      gradient[2] = 3 / x[2]
      gradient[3] = 5 / x[3]
      gradient[4] = 0
      return 8 * log(p) + 5 * log1p(-p) + 13 * log(lambda) - 6 * lambda + 3 * log(x[2])
        + 5 * log(x[3])
    }
    let transform = try ParameterTransform([
      .init("p", .interval(lower: 0, upper: 1)), .init("lambda", .positive),
      .init("w", count: 3, .simplex),
    ])
    return try TransformedLogDensity(base, transform: transform)
  }

  @Test func conjugatePosteriorsThroughTransforms() async throws {
    let posterior = try await HMCSampler().sample(Self.conjugateModel(), seed: 11)
    #expect(posterior.parameterNames == ["p", "lambda", "w[0]", "w[1]", "w[2]"])
    let p = try posterior.draws("p")
    let lambda = try posterior.draws("lambda")
    let beta = try Beta(alpha: 9, beta: 6)
    let gamma = try Gamma(shape: 14, rate: 6)
    try Self.expectMean(p, 9.0 / 15, "p")
    try Self.expectMean(lambda, 14.0 / 6, "lambda")
    for probability in [0.05, 0.5, 0.95] {
      try Self.expectQuantile(p, beta.quantile(probability), probability, "p")
      try Self.expectQuantile(lambda, gamma.quantile(probability), probability, "lambda")
    }
    for (k, alpha) in [4.0, 6, 1].enumerated() {
      try Self.expectMean(try posterior.draws("w[\(k)]"), alpha / 11, "w[\(k)]")
    }
    for chain in 0..<posterior.chains.count {
      for index in 0..<posterior.drawsPerChain {
        let w = posterior.draw(chain: chain, index).suffix(3)
        #expect(abs(w.reduce(0, +) - 1) < 1e-12)
      }
    }
    #expect(try posterior.summary().warnings.isEmpty)
    #expect(posterior.diagnostics.warnings.isEmpty)
  }
}
