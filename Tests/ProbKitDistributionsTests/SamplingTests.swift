import Foundation
import ProbKitCore
import TestSupport
import Testing

@testable import ProbKitDistributions

/// Seeded goodness-of-fit tests of every sampler.
///
/// Each check has false-alarm rate at most 1e-6: the chance that a correct
/// sampler fails it for a seed chosen at random. With fixed seeds each check is
/// deterministic.
struct SamplingTests {
  /// The Kolmogorov–Smirnov critical value at false-alarm rate 1e-6:
  /// √(log(2·10⁶)/2) = 2.6934 for √n·D (Stephens' finite-n correction applied).
  static func passesKolmogorovSmirnov<D: ContinuousUnivariateDistribution>(
    _ distribution: D, draws: Int = 50_000, seed: UInt32
  ) -> (Bool, Double) {
    let source = RandomSource(seed: seed)
    let sample = distribution.sample(count: draws, using: source).sorted()
    let n = Double(draws)
    var statistic = 0.0
    for (index, x) in sample.enumerated() {
      let f = distribution.cdf(x)
      statistic = max(statistic, Double(index + 1) / n - f, f - Double(index) / n)
    }
    let root = n.squareRoot()
    return (statistic * (root + 0.12 + 0.11 / root) < 2.6934, statistic)
  }

  /// The continuous cases; built with `try?`, so a count check guards
  /// against one silently going missing.
  static let continuousCases: [any ContinuousUnivariateDistribution] = {
    let cases: [(any ContinuousUnivariateDistribution)?] = [
      try? Normal(mean: -3, standardDeviation: 0.5),
      try? Gamma(shape: 2.5, rate: 0.5), try? Gamma(shape: 0.3, rate: 2),
      try? Gamma(shape: 1e4, rate: 3),
      try? Beta(alpha: 2, beta: 3), try? Beta(alpha: 0.5, beta: 0.5),
      try? Beta(alpha: 1e4, beta: 2e4),
      try? Exponential(rate: 4), try? ChiSquared(degreesOfFreedom: 3),
      try? InverseGamma(shape: 2.5, scale: 0.5),
      try? StudentT(degreesOfFreedom: 2.5, location: 1, scale: 2),
      try? StudentT(degreesOfFreedom: 0.7),
      try? Lomax(shape: 3, scale: 2), try? Lomax(shape: 0.8, scale: 0.5),
    ]
    return cases.compactMap { $0 }
  }()

  @Test func everyContinuousCaseWasBuilt() {
    #expect(Self.continuousCases.count == 14)
  }

  @Test(arguments: continuousCases)
  func continuousSamplersPassKolmogorovSmirnov(_ distribution: any ContinuousUnivariateDistribution)
  {
    let (passes, statistic) = Self.passesKolmogorovSmirnov(distribution, seed: 2026)
    #expect(passes, "\(distribution): D = \(statistic)")
  }

  /// Pearson's chi-square over the cells k with expected count ≥ 5 (the rest
  /// pooled into the two tails), against the 1 - 1e-6 quantile of χ² with
  /// (cells - 1) degrees of freedom (from scipy, `chi2.isf(1e-6, df)`).
  static let chiSquareCritical: [Int: Double] = [
    1: 23.928126976934827, 2: 27.631021115928547, 3: 30.664849706213598,
    4: 33.37684158171984, 5: 35.888186879672865, 6: 38.25833637720969,
    7: 40.521831234179864, 8: 42.700913926544274, 9: 44.81093787068782,
    10: 46.863046846784385, 12: 50.825252138874454, 15: 56.49344249977338,
    19: 63.677052285677995, 20: 65.42068103504783, 25: 73.8945386228681,
    30: 82.04414313704284, 40: 97.65295741506304, 50: 112.60809249896162,
    60: 127.0963602497362, 70: 141.22945853912012, 80: 155.08052230817057,
    100: 182.12677711954765, 150: 247.1525520205162,
  ]

  /// The critical value for at least `degreesOfFreedom` degrees of freedom
  /// (a larger one only lowers the false-alarm rate).
  static func critical(_ degreesOfFreedom: Int) -> Double? {
    chiSquareCritical.filter { $0.key >= degreesOfFreedom }.min { $0.key < $1.key }?.value
  }

  static func chiSquare<D: DiscreteUnivariateDistribution>(
    _ distribution: D, draws: Int = 100_000, seed: UInt32
  ) -> (statistic: Double, degreesOfFreedom: Int) {
    let source = RandomSource(seed: seed)
    var counts: [Int: Int] = [:]
    for _ in 0..<draws { counts[distribution.sample(using: source), default: 0] += 1 }
    // Cells: the k with expected count ≥ 5 between the pooled tails.
    let n = Double(draws)
    var low = distribution.quantile(1e-9) ?? 0
    var high = distribution.quantile(1 - 1e-9) ?? 0
    while low < high && n * distribution.density(low) < 5 { low += 1 }
    while high > low && n * distribution.density(high) < 5 { high -= 1 }
    var statistic = 0.0
    var cells = 0
    func add(observed: Int, expected: Double) {
      guard expected > 0 else { return }
      statistic += (Double(observed) - expected) * (Double(observed) - expected) / expected
      cells += 1
    }
    add(
      observed: counts.filter { $0.key < low }.values.reduce(0, +),
      expected: n * distribution.cdf(low - 1))
    for k in low...high {
      add(observed: counts[k, default: 0], expected: n * distribution.density(k))
    }
    add(
      observed: counts.filter { $0.key > high }.values.reduce(0, +),
      expected: n * distribution.survival(high))
    return (statistic, cells - 1)
  }

  @Test func discreteSamplersPassChiSquare() throws {
    let cases: [any DiscreteUnivariateDistribution] = [
      try Bernoulli(probability: 0.3), try Poisson(rate: 3.5), try Poisson(rate: 0.2),
      try Poisson(rate: 30),
    ]
    for distribution in cases {
      let (statistic, degreesOfFreedom) = Self.chiSquare(distribution, seed: 7)
      let critical = try #require(
        Self.critical(degreesOfFreedom),
        "no critical value for \(degreesOfFreedom) degrees of freedom")
      #expect(
        statistic < critical, "\(distribution): χ² = \(statistic) with \(degreesOfFreedom) df")
    }
  }

  /// Tiny-shape samplers match their CDF on bins with representable edges.
  ///
  /// Tiny shapes put much of the mass below the smallest double (half of
  /// Gamma(0.001) lies below 1e-308), so draws round to 0 and a KS test against
  /// the exact CDF is meaningless. Instead: chi-square over bins whose edges are
  /// representable, with expected counts from the CDF, and no NaN draws.
  @Test func tinyShapeSamplersPassChiSquareOnRepresentableBins() throws {
    let cases: [(any ContinuousUnivariateDistribution, [Double])] = [
      (
        try Gamma(shape: 1e-3, rate: 1),
        [0, 1e-300, 1e-200, 1e-100, 1e-50, 1e-10, 1e-3, 0.1, 1, .infinity]
      ),
      (try Beta(alpha: 1e-3, beta: 1e-3), [0, 1e-300, 1e-100, 1e-10, 0.5, 1 - 1e-10, 1]),
      (try Beta(alpha: 1e-3, beta: 2), [0, 1e-300, 1e-100, 1e-10, 1e-3, 1]),
    ]
    for (distribution, edges) in cases {
      let draws = 100_000
      let sample = distribution.sample(count: draws, using: RandomSource(seed: 99))
      #expect(!sample.contains { $0.isNaN }, "\(distribution) drew NaN")
      var statistic = 0.0
      for (low, high) in zip(edges, edges.dropFirst()) {
        let observed = Double(
          sample.count { $0 >= low && ($0 < high || (high == edges.last && $0 <= high)) })
        let expected =
          Double(draws) * (distribution.cdf(high) - (low == 0 ? 0 : distribution.cdf(low)))
        statistic += (observed - expected) * (observed - expected) / expected
      }
      let critical = try #require(Self.critical(edges.count - 2))
      #expect(statistic < critical, "\(distribution): χ² = \(statistic)")
    }
  }

  /// Bulk categorical draws (GSL's alias table) pass the same chi-square test
  /// as single draws (inversion).
  @Test func categoricalBulkDrawsPassChiSquare() throws {
    let weights = [0.01, 0.09, 0.2, 0.3, 0.4]
    let categorical = try Categorical(probabilities: weights)
    let draws = categorical.sample(count: 100_000, using: RandomSource(seed: 4))
    var statistic = 0.0
    for (k, p) in weights.enumerated() {
      let observed = Double(draws.count { $0 == k })
      statistic += (observed - 1e5 * p) * (observed - 1e5 * p) / (1e5 * p)
    }
    #expect(statistic < (try #require(Self.critical(4))))
  }

  /// Dirichlet draws: rows on the simplex (no NaN, sum 1) even for alphas down
  /// to 1e-300, and coordinate means within 5.33 standard errors of αᵢ/α₀
  /// (false-alarm rate 1e-7 per coordinate, under 1e-6 per check).
  @Test func dirichletDrawsStayOnTheSimplexAndHaveTheRightMeans() throws {
    for alphas in [
      [1.0, 2, 3], [0.1, 0.1, 0.1, 0.1], [1e-3, 1e-3], [1e-300, 1e-300, 1e-300], [50, 1e-2, 7],
    ] {
      let dirichlet = try Dirichlet(alphas: alphas)
      let draws = dirichlet.sample(count: 20_000, using: RandomSource(seed: 12))
      for row in draws {
        #expect(!row.contains { $0.isNaN || $0 < 0 }, "\(dirichlet): \(row)")
        expectClose(row.reduce(0, +), 1, absolute: 1e-12, "\(dirichlet): \(row)")
      }
      let n = Double(draws.count)
      for index in alphas.indices {
        let sampleMean = draws.reduce(0) { $0 + $1[index] } / n
        let standardError = (dirichlet.variance[index] / n).squareRoot()
        expectClose(
          sampleMean, dirichlet.mean[index], absolute: 5.33 * standardError + 1e-15,
          "\(dirichlet) coordinate \(index)")
      }
    }
  }

  /// Multivariate count and normal samplers: every coordinate's sample mean
  /// within 5.33 standard errors of the mean (false-alarm rate 1e-7 per
  /// coordinate), and for the normal the sample covariance within 5.33
  /// standard errors of Σ (the standard error of a sample covariance is
  /// √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/n)).
  @Test func multivariateSamplersHaveTheRightMoments() throws {
    let n = 40_000
    func checkMeans(_ draws: [[Double]], mean: [Double], variance: [Double], _ label: String) {
      for index in mean.indices {
        let sampleMean = draws.reduce(0) { $0 + $1[index] } / Double(n)
        expectClose(
          sampleMean, mean[index], absolute: 5.33 * (variance[index] / Double(n)).squareRoot(),
          "\(label) coordinate \(index)")
      }
    }
    let multinomial = try Multinomial(trials: 20, probabilities: [0.1, 0.6, 0.3])
    let counts = multinomial.sample(count: n, using: RandomSource(seed: 21))
    #expect(counts.allSatisfy { $0.reduce(0, +) == 20 && $0.allSatisfy { $0 >= 0 } })
    checkMeans(
      counts.map { $0.map(Double.init) }, mean: multinomial.mean, variance: multinomial.variance,
      "\(multinomial)")
    let predictive = try DirichletMultinomial(trials: 10, alphas: [0.5, 1, 3])
    let predictiveCounts = predictive.sample(count: n, using: RandomSource(seed: 22))
    #expect(predictiveCounts.allSatisfy { $0.reduce(0, +) == 10 })
    checkMeans(
      predictiveCounts.map { $0.map(Double.init) }, mean: predictive.mean,
      variance: predictive.variance, "\(predictive)")
    let covariance = [[2.0, 0.9, -0.3], [0.9, 1.0, 0.2], [-0.3, 0.2, 0.5]]
    let mvn = try MultivariateNormal(mean: [1, -2, 0.5], covariance: covariance)
    let draws = mvn.sample(count: n, using: RandomSource(seed: 23))
    checkMeans(draws, mean: mvn.mean, variance: mvn.variance, "\(mvn)")
    for i in 0..<3 {
      for j in 0...i {
        let sample =
          draws.reduce(0) { $0 + ($1[i] - mvn.mean[i]) * ($1[j] - mvn.mean[j]) } / Double(n)
        let standardError =
          ((covariance[i][i] * covariance[j][j] + covariance[i][j] * covariance[i][j]) / Double(n))
          .squareRoot()
        expectClose(
          sample, covariance[i][j], absolute: 5.33 * standardError, "Σ[\(i)][\(j)]: \(sample)")
      }
    }
  }

  /// NormalGamma draws: the precision's mean and the mean's mean within 5.33
  /// standard errors (false-alarm rate 1e-7 each), and μ's spread given τ:
  /// E[κτ(μ - μ₀)²] = 1.
  @Test func normalGammaDrawsHaveTheRightMoments() throws {
    let n = 20_000
    let prior = try NormalGamma(mean: 1.5, precisionScale: 2, shape: 3, rate: 4)
    let draws = prior.sample(count: n, using: RandomSource(seed: 24))
    #expect(draws.allSatisfy { $0.count == 2 && $0[1] > 0 })
    let mean = prior.mean
    let variance = prior.variance
    for index in 0..<2 {
      let sampleMean = draws.reduce(0) { $0 + $1[index] } / Double(n)
      expectClose(
        sampleMean, mean[index], absolute: 5.33 * (variance[index] / Double(n)).squareRoot(),
        "coordinate \(index)")
    }
    // κτ(μ - μ₀)² given τ is χ²₁: mean 1, variance 2.
    let scaled = draws.reduce(0) { $0 + 2 * $1[1] * ($1[0] - 1.5) * ($1[0] - 1.5) } / Double(n)
    expectClose(scaled, 1, absolute: 5.33 * (2 / Double(n)).squareRoot())
  }

  @Test func sameSeedSameDraws() throws {
    let gamma = try Gamma(shape: 2, rate: 1)
    #expect(
      gamma.sample(count: 100, using: RandomSource(seed: 9))
        == gamma.sample(count: 100, using: RandomSource(seed: 9)))
  }
}

/// Counts beyond GSL's 32-bit sampler range.
struct LargeCountSamplingTests {
  /// Poisson(1e12) draws: mean within 5.33 standard errors over 2,000 draws
  /// (false-alarm rate 1e-7), and no wrapped 32-bit counts.
  @Test func poissonWithAHugeRateDoesNotWrap() throws {
    let poisson = try Poisson(rate: 1e12)
    let draws = poisson.sample(count: 2000, using: RandomSource(seed: 5)).map(Double.init)
    let mean = draws.reduce(0, +) / 2000
    expectClose(mean, 1e12, absolute: 5.33 * (1e12 / 2000).squareRoot())
    #expect(draws.allSatisfy { $0 > 9e11 })
  }

  @Test func negativeBinomialWithATinyProbabilityDoesNotWrap() throws {
    let failures = try NegativeBinomial(successes: 2.5, probability: 1e-10)
    let draws = failures.sample(count: 4000, using: RandomSource(seed: 6)).map(Double.init)
    let mean = draws.reduce(0, +) / 4000
    expectClose(mean, failures.mean, absolute: 5.33 * (failures.variance / 4000).squareRoot())
  }
}

/// Edge shapes and the allocation-free Dirichlet path.
struct SamplerEdgeTests {
  /// Subnormal shapes make both Jöhnk logarithms overflow to -∞; draws must
  /// still be numbers in [0, 1].
  @Test func betaWithSubnormalShapesNeverDrawsNaN() throws {
    let subnormal = Double.leastNormalMagnitude / 64  // about 3.5e-310
    let beta = try Beta(alpha: subnormal, beta: subnormal)
    let draws = beta.sample(count: 1000, using: RandomSource(seed: 8))
    #expect(draws.allSatisfy { $0 >= 0 && $0 <= 1 })
    // Each draw is 0 or 1 with probability 1/2 each, up to 1e-300 of mass.
    let ones = draws.count { $0 > 0.5 }
    expectClose(Double(ones), 500, absolute: 5.33 * (250.0).squareRoot())
  }

  @Test func dirichletIntoABufferMatchesTheAllocatingDraw() throws {
    let dirichlet = try Dirichlet(alphas: [1, 2, 3])
    let allocating = dirichlet.sample(using: RandomSource(seed: 10))
    var buffer = [Double](repeating: 0, count: 3)
    let written = buffer.withUnsafeMutableBufferPointer {
      dirichlet.sample(into: $0, using: RandomSource(seed: 10))
    }
    #expect(written && buffer == allocating)
    var wrongLength = [Double](repeating: 0, count: 2)
    #expect(
      !wrongLength.withUnsafeMutableBufferPointer {
        dirichlet.sample(into: $0, using: RandomSource(seed: 10))
      })
  }

  @Test func dirichletIntoAnArrayReusesItAndMatchesTheAllocatingDraws() throws {
    let dirichlet = try Dirichlet(alphas: [0.5, 2, 3, 1e-3])
    let reference = RandomSource(seed: 11)
    let expected = (0..<3).map { _ in dirichlet.sample(using: reference) }
    let source = RandomSource(seed: 11)
    var theta: [Double] = [1, 2]  // wrong length: replaced
    for draw in expected {
      dirichlet.sample(into: &theta, using: source)
      #expect(theta == draw)
    }
  }
}
