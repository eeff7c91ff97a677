import Foundation
import ProbKitCore
import TestSupport
import Testing

@testable import ProbKitDistributions

/// The failures an outside sweep found at extreme but valid parameters (issue
/// 11), each pinned: hangs, traps, NaN, search bounds and wrong answers.
///
/// Expected values are limits exact in double precision (the Student t with
/// ν = 1e300 is the normal to 1e-300; Gamma(1e300) has its quantiles within
/// 1e-150 relative of 1e300), exact closed forms, or identities evaluated a
/// different way; the seeded statistical checks state their false-alarm rate.
struct ExtremeParameterTests {
  static let subnormal = 1e-300 * 1e-20  // 1e-320, without a literal that underflows

  // MARK: - Silent wrong answers

  @Test func studentTWithHugeDegreesOfFreedomIsTheNormal() throws {
    let t = try StudentT(degreesOfFreedom: 1e300)
    for p in [1e-300, 1e-10, 0.25, 0.75, 1 - 1e-10] {
      let expected = Normal.standard.quantile(p)
      expectClose(t.quantile(p), expected, relative: 1e-13, "p = \(p)")
    }
    expectClose(t.cdf(-1), Normal.standard.cdf(-1), absolute: 1e-15)
  }

  @Test func hugeShapeGammaAndChiSquaredCdfsAreOneHalfAtTheMean() throws {
    // P(a, a) = 1/2 + 1/(3√(2πa)) + …: 1/2 to 1e-150.
    let gamma = try Gamma(shape: 1e300, rate: 1)
    #expect(gamma.cdf(1e300) == 0.5)
    #expect(gamma.survival(1e300) == 0.5)
    let chiSquared = try ChiSquared(degreesOfFreedom: 1e300)
    #expect(chiSquared.cdf(1e300) == 0.5)
    #expect(chiSquared.survival(1e300) == 0.5)
  }

  /// The quantile is the smallest double x with P(X ≤ x) ≥ p: q brackets p.
  static func brackets<D: ContinuousUnivariateDistribution>(_ d: D, _ p: Double, _ q: Double)
    -> Bool
  {
    d.cdf(q) >= p && d.cdf(q.nextDown) < p
  }

  @Test func hugeShapeQuantilesAreTheMeanToTheLastBit() throws {
    // The spread, 1e150, is far below half an ulp of 1e300 (7e283): the CDF
    // steps from 0 to 1/2 at 1e300 and to 1 at the next double, and every
    // quantile strictly inside (0, 1) is one of the two.
    let gamma = try Gamma(shape: 1e300, rate: 1)
    let chiSquared = try ChiSquared(degreesOfFreedom: 1e300)
    let inverse = try InverseGamma(shape: 1e300, scale: 1)
    for p in [1e-300, 1e-10, 0.25, 0.5, 0.75, 1 - 1e-10] {
      let expected = p <= 0.5 ? 1e300 : 1e300.nextUp
      #expect(gamma.quantile(p) == expected, "p = \(p)")
      #expect(chiSquared.quantile(p) == expected, "p = \(p)")
      #expect(Self.brackets(gamma, p, gamma.quantile(p)), "p = \(p)")
      let q = inverse.quantile(p)
      expectClose(q, 1e-300, absolute: 2 * 1e-300.ulp, "p = \(p): \(q)")
      #expect(Self.brackets(inverse, p, q), "p = \(p)")
    }
  }

  @Test func momentsAndMassesAtExtremeShapes() throws {
    #expect(try Beta(alpha: 1e-300, beta: 1e-300).variance == 0.25)
    #expect(try Beta(alpha: .leastNonzeroMagnitude, beta: .leastNonzeroMagnitude).mean == 0.5)
    #expect(try Beta(alpha: 1e300, beta: 1e300).variance > 0)
    // α, β ≫ n: the binomial with p = 1/2, to O(n/α) = 1e-299.
    let betaBinomial = try BetaBinomial(trials: 10, alpha: 1e300, beta: 1e300)
    expectClose(betaBinomial.survival(0), (1 - 0x1p-10), absolute: 1e-15)
    expectClose(betaBinomial.logDensity(5), log(252 * 0x1p-10), absolute: 1e-14)
  }

  @Test func lomaxWithASubnormalScaleHasAFiniteDensity() throws {
    // log(k/σ) - (k + 1) log(1 + x/σ) = log k + k log σ - (k + 1) log(σ + x)
    // at x = 1: evaluated without the overflowing ratio.
    let sigma = Double.leastNonzeroMagnitude
    let lomax = try Lomax(shape: 2, scale: sigma)
    let expected = log(2) + 2 * log(sigma) - 3 * log1p(sigma)
    expectClose(lomax.logDensity(1), expected, relative: 1e-13)
    #expect(lomax.cdf(Double.leastNonzeroMagnitude) == 0.75)  // 1 - (1/2)²
  }

  @Test func discreteQuantilesAreNeverNilForValidP() throws {
    let poisson = try Poisson(rate: 1e18)
    let q = try #require(poisson.quantile(1e-300))
    #expect(poisson.cdf(q) >= 1e-300 && poisson.cdf(q - 1) < 1e-300)
    // Quantiles beyond Int.max saturate at Int.max, the unbounded end.
    #expect(try NegativeBinomial(successes: 1e300, probability: 0.5).quantile(1e-300) == .max)
    #expect(try NegativeBinomial(successes: 1, probability: 1e-300).quantile(0.25) == .max)
    #expect(try Poisson(rate: 2).quantile(1) == .max)
  }

  @Test func overflowingQuantilesAreInfinityNotTheLargestDouble() throws {
    #expect(try Gamma(shape: 1, rate: Self.subnormal).quantile(0.5) == .infinity)
    #expect(try Gamma(shape: 1e300, rate: 1e-300).quantile(0.5) == .infinity)
    #expect(try StudentT(degreesOfFreedom: 1e-300).quantile(0.25) == -.infinity)
    #expect(try StudentT(degreesOfFreedom: 1e-300).quantile(0.75) == .infinity)
    #expect(try InverseGamma(shape: 1e-300, scale: 1).quantile(0.5) == .infinity)
  }

  @Test func negativeBinomialEntropyWithASpikeAtZero() throws {
    // r < 1 and a tiny p: an even grid over the ±40σ window weighted P(0) by
    // its step (entropy 188.6 for the 23.12 below). The differential entropy
    // of the mixing Gamma(r, θ = (1 - p)/p), r + log θ + log Γ(r) + (1 - r)ψ(r),
    // is within 1e-3 here (the counts below 10 hold (10/θ)^r ≈ 3e-5 of the mass).
    let d = try NegativeBinomial(successes: 0.5, probability: 1e-10)
    let theta = (1 - 1e-10) / 1e-10
    let gammaEntropy =
      0.5 + log(theta) + SpecialFunctions.logGamma(0.5) + 0.5 * SpecialFunctions.digamma(0.5)
    expectClose(d.entropy, gammaEntropy, absolute: 1e-3)
  }

  @Test func betaBinomialEntropyAtHugeTrialsApproachesTheBetaLimit() throws {
    // H(X) → log n + h(Beta(α, β)) as n → ∞ (X/n → π); the gap is about
    // 0.6/√n for α = β = 1/2 (1e-5 here). An even grid over the middle missed
    // the spikes at the ends by 0.019.
    for (alpha, beta) in [(0.5, 0.5), (2.0, 3.0), (0.5, 4.0)] {
      let d = try BetaBinomial(trials: 4_294_967_295, alpha: alpha, beta: beta)
      let limit = log(4_294_967_295.0) + (try Beta(alpha: alpha, beta: beta)).entropy
      expectClose(d.entropy, limit, absolute: 1e-4, "α = \(alpha), β = \(beta)")
    }
  }

  // MARK: - Traps

  @Test func hugeValuesSaturateInsteadOfTrapping() throws {
    let poisson = try Poisson(rate: 1e300)
    #expect(poisson.quantile(0.5) == .max)
    #expect(poisson.mode == .max)
    for probability in [1e-300, Double.leastNonzeroMagnitude] {
      let geometric = try Geometric(probability: probability)
      for k in [0, 1, 1 << 62, .max - 1, .max] {
        let (f, s) = (geometric.cdf(k), geometric.survival(k))
        #expect(f >= 0 && f <= 1 && s >= 0 && s <= 1, "p = \(probability), k = \(k)")
      }
      #expect(geometric.quantile(0.5) == .max)
    }
  }

  // MARK: - Hangs

  @Test func samplingHugeMeansTerminates() throws {
    let source = RandomSource(seed: 3)
    #expect(try Poisson(rate: 1e300).sample(using: source) == .max)
    #expect(try NegativeBinomial(successes: 1e300, probability: 0.5).sample(using: source) == .max)
    #expect(try NegativeBinomial(successes: 1, probability: 1e-300).sample(using: source) == .max)
    let draw = try Poisson(rate: 1e18).sample(using: source)
    expectClose(Double(draw), 1e18, absolute: 6e9)  // six standard deviations
  }

  @Test func hugeShapeBetaQuantilesTerminate() throws {
    // The spread of Beta(1e300, 1e300), 3.5e-151, is below half an ulp of 1/2.
    let symmetric = try Beta(alpha: 1e300, beta: 1e300)
    for p in [1e-300, 0.25, 0.75] {
      #expect(symmetric.quantile(p) == (p <= 0.5 ? 0.5 : 0.5.nextUp), "p = \(p)")
      #expect(Self.brackets(symmetric, p, symmetric.quantile(p)), "p = \(p)")
    }
    // Beta(1e300, 1e-300): 1 - X is below 1e-300 with probability 1 - 1e-300.
    let lopsided = try Beta(alpha: 1e300, beta: 1e-300)
    for p in [0.25, 0.5, 0.75] { #expect(lopsided.quantile(p) == 1, "p = \(p)") }
  }

  @Test func betaBinomialWithHugeTrialsIsBoundedInTime() throws {
    // α = β = 1e-300: half the mass at 0 and half at n, 1e-300 in between.
    let d = try BetaBinomial(trials: 4_294_967_295, alpha: 1e-300, beta: 1e-300)
    #expect(d.cdf(0) == 0.5)
    #expect(d.cdf(2_000_000_000) == 0.5)
    #expect(d.survival(2_000_000_000) == 0.5)
    #expect(d.quantile(0.25) == 0 && d.quantile(0.75) == 4_294_967_295)
    #expect(d.mode == nil)
  }

  @Test func absurdDrawCountsThrowBeforeAllocating() throws {
    for count in [Int.max, 1 << 61, DrawCount.maximum(of: Double.self) + 1] {
      #expect {
        try Normal.standard.checkedSample(count: count, using: RandomSource(seed: 1))
      } throws: { error in
        (error as? DistributionError)?.parameter == "count"
      }
    }
    let die = try Categorical(probabilities: [0.5, 0.5])
    #expect(throws: DistributionError.self) {
      try die.checkedSample(count: .max, using: RandomSource(seed: 1))
    }
    #expect(try Normal.standard.checkedSample(count: 3, using: RandomSource(seed: 1)).count == 3)
    #expect(try Normal.standard.checkedSample(count: -1, using: RandomSource(seed: 1)).isEmpty)
  }

  @Test func aMultivariateSampleCountPastMemoryStopsBeforeAllocating() async {
    // The non-throwing sample(count:) stops at its precondition (a child
    // process), instead of allocating count arrays of K values.
    await #expect(processExitsWith: .failure) {
      let dirichlet = try! Dirichlet(alphas: [1, 2, 3])
      let half = DrawCount.maximum(of: Double.self) / 2
      _ = dirichlet.sample(count: half, using: RandomSource(seed: 1))
    }
  }

  @Test func multivariateDrawCountsAreCheckedTimesTheDimension() throws {
    // count × K × 8 bytes: half the Double limit with K = 3 would not fit,
    // though the count alone passes a check of one 8-byte value per draw.
    let half = DrawCount.maximum(of: Double.self) / 2
    let dirichlet = try Dirichlet(alphas: [1, 2, 3])
    let multinomial = try Multinomial(trials: 5, probabilities: [0.2, 0.3, 0.5])
    let normal = try MultivariateNormal(
      mean: [0, 0, 0], covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    #expect(dirichlet.maximumSampleCount < half / 3)
    #expect(multinomial.maximumSampleCount < half / 3)
    #expect(normal.maximumSampleCount < half / 3)
    for count in [half, Int.max, dirichlet.maximumSampleCount + 1] {
      #expect {
        try dirichlet.checkedSample(count: count, using: RandomSource(seed: 1))
      } throws: { error in
        let error = error as? DistributionError
        return error?.distribution == "Dirichlet" && error?.parameter == "count"
      }
    }
    #expect(throws: DistributionError.self) {
      try multinomial.checkedSample(count: half, using: RandomSource(seed: 1))
    }
    // Through the protocol, too: the generic path uses the same limit.
    func checked<D: Distribution>(_ d: D, _ count: Int) throws -> [D.Value] {
      try d.checkedSample(count: count, using: RandomSource(seed: 1))
    }
    #expect(throws: DistributionError.self) { try checked(dirichlet, half) }
    let wide = try Dirichlet(alphas: Array(repeating: 1, count: 1_000))
    #expect(wide.maximumSampleCount < DrawCount.maximum(of: Double.self) / 1_000)
    #expect(try dirichlet.checkedSample(count: 4, using: RandomSource(seed: 1)).count == 4)
    #expect(
      try dirichlet.checkedSample(count: 4, using: RandomSource(seed: 1))
        == dirichlet.sample(count: 4, using: RandomSource(seed: 1)))
  }

  // MARK: - Unclear errors

  @Test func gammaWithAnOverflowingScaleNamesTheScale() {
    // The scale the user gave, and why it is refused: 1/scale, the rate the
    // distribution stores, overflows (not "rate ... got inf").
    let tiny = Double.leastNormalMagnitude  // 2⁻¹⁰²²; 1/scale overflows from 2⁻¹⁰²⁴ down
    for scale in [Double.leastNonzeroMagnitude, tiny / 1e10, tiny / 8, tiny / 4] {
      #expect {
        try Gamma(shape: 1, scale: scale)
      } throws: { error in
        let error = error as? DistributionError
        return error?.parameter == "scale" && error?.value == "\(scale)"
          && error?.requirement.contains("1/scale, overflows") == true
      }
    }
    #expect((try? Gamma(shape: 1, scale: tiny / 3.9))?.rate.isFinite == true)
    #expect((try? DistributionParser.parse("Gamma(shape: 1, scale: 5e-324)")) == nil)
  }

  // MARK: - Samplers at the largest counts

  /// Mean and variance of `count` draws against the distribution's, each by a
  /// z-test at 5 standard errors (false-alarm rate 5.7e-7 per statistic; the
  /// variance's standard error is σ²√((κ - 1)/n) with κ ≈ 3 here).
  static func momentsMatch(
    _ draws: [Int], mean: Double, variance: Double
  ) -> (Bool, Double, Double) {
    let n = Double(draws.count)
    let sampleMean = draws.reduce(0.0) { $0 + Double($1) } / n
    let sampleVariance =
      draws.reduce(0.0) { $0 + (Double($1) - sampleMean) * (Double($1) - sampleMean) } / (n - 1)
    let meanZ = (sampleMean - mean) / (variance / n).squareRoot()
    let varianceZ = (sampleVariance / variance - 1) / (2 / n).squareRoot()
    return (abs(meanZ) < 5 && abs(varianceZ) < 5, meanZ, varianceZ)
  }

  @Test func binomialDrawsAreRightAboveTwoToThe31Trials() throws {
    // GSL alone: half the draws exactly 2³¹ at n = 2³² - 1, and a spread 3%
    // too wide at 10⁹ and 8% at 2·10⁹ (the variance test at 50,000 draws
    // detects 3% at 4.7 standard errors and 6% (variance) at 9.5).
    for (n, p) in [(4_294_967_295, 0.5), (4_000_000_000, 0.3), (2_000_000_000, 0.5)] {
      let binomial = try Binomial(trials: n, probability: p)
      let draws = binomial.sample(count: 50_000, using: RandomSource(seed: 21))
      let (ok, meanZ, varianceZ) = Self.momentsMatch(
        draws, mean: binomial.mean, variance: binomial.variance)
      #expect(ok, "n = \(n), p = \(p): mean z \(meanZ), variance z \(varianceZ)")
      #expect(draws.filter { $0 == 1 << 31 }.count < 10)
    }
  }

  @Test func multinomialDrawsAreRightAboveTwoToThe31Trials() throws {
    // Conditional binomials with n - x₁ ≈ 2³¹ and p = 1/2, where GSL's own
    // sampler returns exactly 2³¹ half the time: each count's mean and
    // variance against its binomial marginal, n pᵢ and n pᵢ(1 - pᵢ) (6
    // statistics at 5 standard errors: false-alarm rate 3.4e-6 in all).
    let n = 4_294_967_295
    let multinomial = try Multinomial(trials: n, probabilities: [0.5, 0.25, 0.25])
    let source = RandomSource(seed: 23)
    let draws = (0..<20_000).map { _ in multinomial.sample(using: source) }
    #expect(draws.allSatisfy { $0.reduce(0, +) == n })
    for (index, p) in multinomial.probabilities.enumerated() {
      let counts = draws.map { $0[index] }
      let (ok, meanZ, varianceZ) = Self.momentsMatch(
        counts, mean: Double(n) * p, variance: Double(n) * p * (1 - p))
      #expect(ok, "count \(index): mean z \(meanZ), variance z \(varianceZ)")
      #expect(counts.filter { $0 == 1 << 31 || $0 == 1 << 30 }.count < 10)
    }
  }

  @Test func poissonDrawsAreRightAtHugeRates() throws {
    // 2³⁰ < λ ≤ 2³⁴: exact sums of GSL draws; above: Cornish–Fisher.
    for rate in [1e10, 1e12, 1e17] {
      let poisson = try Poisson(rate: rate)
      let draws = poisson.sample(count: 50_000, using: RandomSource(seed: 22))
      let (ok, meanZ, varianceZ) = Self.momentsMatch(draws, mean: rate, variance: rate)
      #expect(ok, "rate \(rate): mean z \(meanZ), variance z \(varianceZ)")
    }
  }
}
