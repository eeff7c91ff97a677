import Foundation
import ProbKitDistributions
import ProbKitMCMC
import TestSupport
import Testing
import _Differentiation

/// The differentiable building blocks: values against ProbKitDistributions,
/// registered derivatives against finite differences, hostile parameters,
/// and a model written as one function.
@Suite struct LogDensitiesTests {
  typealias L = LogDensities

  static func expectClose(
    _ actual: Double, _ expected: Double, _ tolerance: Double = 1e-12,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      FiniteDifferences.close(actual, expected, tolerance),
      "\(actual) vs \(expected)", sourceLocation: sourceLocation)
  }

  /// The autodiff gradient of `f` at `x` (through the registered
  /// derivatives) against fourth-order central differences.
  static func expectGradient(
    at x: [Double], tolerance: Double = 1e-7,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: @escaping DifferentiableLogDensity.Function
  ) throws {
    let model = try DifferentiableLogDensity(dimension: x.count, f)
    let (value, gradient) = model.logDensityAndGradient(x)
    #expect(value == model.logDensity(x), sourceLocation: sourceLocation)
    let expected = FiniteDifferences.gradient({ model.logDensity($0) }, at: x)
    for i in x.indices {
      #expect(
        FiniteDifferences.close(gradient[i], expected[i], tolerance),
        "∂/∂x[\(i)] at \(x): \(gradient[i]) vs \(expected[i])", sourceLocation: sourceLocation)
    }
  }

  // MARK: Values against the distributions

  @Test func continuousValuesMatchTheDistributions() throws {
    for (x, mu, sigma) in [(0.3, -1.2, 0.7), (-4.0, 2.0, 3.5), (1e3, 0.0, 1e2)] {
      Self.expectClose(
        L.normal(x, location: mu, scale: sigma),
        try Normal(mean: mu, standardDeviation: sigma).logDensity(x))
      Self.expectClose(
        L.cauchy(x, location: mu, scale: sigma),
        try StudentT(degreesOfFreedom: 1, location: mu, scale: sigma).logDensity(x))
      Self.expectClose(
        L.halfNormal(abs(x), scale: sigma),
        try Normal(mean: 0, standardDeviation: sigma).logDensity(abs(x)) + log(2.0))
      Self.expectClose(
        L.halfCauchy(abs(x), scale: sigma),
        try StudentT(degreesOfFreedom: 1, location: 0, scale: sigma).logDensity(abs(x))
          + log(2.0))
      Self.expectClose(
        L.logNormal(abs(x), location: mu, scale: sigma),
        try Normal(mean: mu, standardDeviation: sigma).logDensity(log(abs(x))) - log(abs(x)))
      for nu in [0.5, 3.0, 40.0] {
        Self.expectClose(
          L.studentT(x, degreesOfFreedom: nu, location: mu, scale: sigma),
          try StudentT(degreesOfFreedom: nu, location: mu, scale: sigma).logDensity(x))
      }
    }
    for (x, shape, rate) in [(0.4, 2.5, 1.5), (7.0, 0.3, 0.2), (0.01, 12.0, 30.0)] {
      Self.expectClose(L.exponential(x, rate: rate), try Exponential(rate: rate).logDensity(x))
      Self.expectClose(
        L.gamma(x, shape: shape, rate: rate), try Gamma(shape: shape, rate: rate).logDensity(x))
      Self.expectClose(
        L.inverseGamma(x, shape: shape, scale: rate),
        try InverseGamma(shape: shape, scale: rate).logDensity(x))
    }
    for (x, a, b) in [(0.3, 2.0, 5.0), (0.95, 0.4, 0.7), (0.5, 30.0, 30.0), (0.0, 1.0, 3.0)] {
      Self.expectClose(L.beta(x, alpha: a, beta: b), try Beta(alpha: a, beta: b).logDensity(x))
    }
    // The densities' limits at 0, as the distributions give them.
    #expect(L.gamma(0, shape: 1, rate: 2) == log(2.0))
    #expect(L.gamma(0, shape: 0.5, rate: 2) == .infinity)
    #expect(L.gamma(0, shape: 2, rate: 2) == -.infinity)
  }

  @Test func discreteValuesMatchTheDistributions() throws {
    for logRate in [-3.0, 0.2, 4.5] {
      for k in [0, 1, 7, 120] {
        Self.expectClose(
          L.poisson(k, logRate: logRate), try Poisson(rate: exp(logRate)).logDensity(k))
      }
    }
    for logit in [-4.0, -0.3, 0.0, 2.2] {
      let p = 1 / (1 + exp(-logit))
      for y in [0, 1] {
        Self.expectClose(L.bernoulli(y, logit: logit), try Bernoulli(probability: p).logDensity(y))
      }
      for k in [0, 3, 10] {
        Self.expectClose(
          L.binomial(k, trials: 10, logit: logit),
          try Binomial(trials: 10, probability: p).logDensity(k))
      }
    }
    let logits = [0.3, -1.7, 2.4, 0.0]
    let categorical = try Categorical(logits: logits)
    for k in logits.indices {
      Self.expectClose(L.categorical(k, logits: logits), categorical.logDensity(k))
    }
    let alphas = [0.7, 2.5, 4.0]
    for x in [[0.2, 0.3, 0.5], [0.01, 0.9, 0.09]] {
      Self.expectClose(
        L.dirichlet(x, concentrations: alphas), try Dirichlet(alphas: alphas).logDensity(x))
    }
    Self.expectClose(
      L.dirichlet([0, 0.4, 0.6], concentrations: [1, 2, 3]),
      try Dirichlet(alphas: [1, 2, 3]).logDensity([0, 0.4, 0.6]))
  }

  @Test func vectorisedFormsAreSumsOfTheScalarForms() {
    let x = [0.3, -1.1, 2.4, 0.0, 5.5]
    let mu = [0.1, 0.2, -0.3, 1.0, 4.0]
    let sigma = [0.5, 1.5, 2.0, 0.9, 3.0]
    Self.expectClose(
      L.normal(x, location: 0.4, scale: 1.3),
      x.map { L.normal($0, location: 0.4, scale: 1.3) }.reduce(0, +))
    Self.expectClose(
      L.normal(x, location: mu, scale: sigma),
      x.indices.map { L.normal(x[$0], location: mu[$0], scale: sigma[$0]) }.reduce(0, +))
    let counts = [0, 3, 1, 12, 2]
    Self.expectClose(
      L.poisson(counts, logRates: mu),
      counts.indices.map { L.poisson(counts[$0], logRate: mu[$0]) }.reduce(0, +))
    let outcomes = [0, 1, 1, 0, 1]
    Self.expectClose(
      L.bernoulli(outcomes, logits: x),
      outcomes.indices.map { L.bernoulli(outcomes[$0], logit: x[$0]) }.reduce(0, +))
  }

  // MARK: Derivatives against finite differences

  @Test func continuousDerivativesMatchFiniteDifferences() throws {
    try Self.expectGradient(at: [0.3, -1.2, 0.7]) { L.normal($0[0], location: $0[1], scale: $0[2]) }
    try Self.expectGradient(at: [0.8, 1.3]) { L.halfNormal($0[0], scale: $0[1]) }
    try Self.expectGradient(at: [1.7, 0.2, 0.6]) {
      L.logNormal($0[0], location: $0[1], scale: $0[2])
    }
    try Self.expectGradient(at: [0.3, 4.5, -1.2, 0.7]) {
      L.studentT($0[0], degreesOfFreedom: $0[1], location: $0[2], scale: $0[3])
    }
    try Self.expectGradient(at: [2.3, -1.2, 0.7]) { L.cauchy($0[0], location: $0[1], scale: $0[2]) }
    try Self.expectGradient(at: [0.8, 2.5]) { L.halfCauchy($0[0], scale: $0[1]) }
    try Self.expectGradient(at: [0.8, 2.5]) { L.exponential($0[0], rate: $0[1]) }
    try Self.expectGradient(at: [1.4, 2.5, 1.5]) { L.gamma($0[0], shape: $0[1], rate: $0[2]) }
    try Self.expectGradient(at: [1.4, 2.5, 1.5]) {
      L.inverseGamma($0[0], shape: $0[1], scale: $0[2])
    }
    try Self.expectGradient(at: [0.3, 2.0, 5.0]) { L.beta($0[0], alpha: $0[1], beta: $0[2]) }
  }

  @Test func discreteDerivativesMatchFiniteDifferences() throws {
    try Self.expectGradient(at: [0.7]) { L.poisson(4, logRate: $0[0]) }
    try Self.expectGradient(at: [-0.4]) {
      L.bernoulli(1, logit: $0[0]) + L.bernoulli(0, logit: $0[0])
    }
    try Self.expectGradient(at: [0.9]) { L.binomial(3, trials: 10, logit: $0[0]) }
    try Self.expectGradient(at: [0.3, -1.7, 2.4, 0.0]) { L.categorical(2, logits: $0) }
    // The Dirichlet's partials in α, and in x off the simplex constraint:
    // x = (a, b, 1 - a - b) makes the sum exact.
    try Self.expectGradient(at: [0.7, 2.5, 4.0]) {
      L.dirichlet([0.2, 0.3, 0.5], concentrations: $0)
    }
    try Self.expectGradient(at: [0.2, 0.3]) { x in
      let a = x[0]
      let b = x[1]
      return L.dirichlet([a, b, 1 - a - b], concentrations: [0.7, 2.5, 4.0])
    }
  }

  @Test func vectorisedDerivativesMatchFiniteDifferences() throws {
    let data = [0.3, -1.1, 2.4, 0.0, 5.5]
    // Data held fixed: only the location and scale are active.
    try Self.expectGradient(at: [0.4, 1.3]) { L.normal(data, location: $0[0], scale: $0[1]) }
    // A vector of parameters with one location and scale: every one active.
    try Self.expectGradient(at: [0.3, -1.1, 2.4, 0.4, 1.3]) { x in
      let theta = [x[0], x[1], x[2]]
      return L.normal(theta, location: x[3], scale: x[4])
    }
    // Element-wise: data fixed, locations active (the eight-schools shape),
    // then all three active.
    let scales = [0.5, 1.5, 2.0]
    try Self.expectGradient(at: [0.1, 0.2, -0.3]) { mu in
      L.normal([0.3, -1.1, 2.4], location: mu, scale: scales)
    }
    try Self.expectGradient(at: [0.3, -1.1, 0.1, 0.2, 0.5, 1.5]) { x in
      L.normal([x[0], x[1]], location: [x[2], x[3]], scale: [x[4], x[5]])
    }
    try Self.expectGradient(at: [0.1, -0.7, 1.9]) { eta in
      L.poisson([0, 1, 6], logRates: eta)
    }
    try Self.expectGradient(at: [0.1, -0.7, 1.9]) { eta in
      L.bernoulli([0, 1, 1], logits: eta)
    }
  }

  @Test func vectorisedDataFormsMatchScalarSumsAndFiniteDifferences() throws {
    let x = [0.3, 1.1, 2.4, 0.05, 5.5]
    Self.expectClose(
      L.studentT(x, degreesOfFreedom: 4, location: 0.2, scale: 1.5),
      x.map { L.studentT($0, degreesOfFreedom: 4, location: 0.2, scale: 1.5) }.reduce(0, +))
    Self.expectClose(
      L.cauchy(x, location: 0.2, scale: 1.5),
      x.map { L.cauchy($0, location: 0.2, scale: 1.5) }.reduce(0, +))
    Self.expectClose(
      L.exponential(x, rate: 0.7), x.map { L.exponential($0, rate: 0.7) }.reduce(0, +))
    Self.expectClose(
      L.gamma(x, shape: 2.5, rate: 0.7),
      x.map { L.gamma($0, shape: 2.5, rate: 0.7) }.reduce(0, +))
    // Data fixed: only the parameters are active.
    try Self.expectGradient(at: [4, 0.2, 1.5]) {
      L.studentT(x, degreesOfFreedom: $0[0], location: $0[1], scale: $0[2])
    }
    try Self.expectGradient(at: [0.2, 1.5]) { L.cauchy(x, location: $0[0], scale: $0[1]) }
    try Self.expectGradient(at: [0.7]) { L.exponential(x, rate: $0[0]) }
    try Self.expectGradient(at: [2.5, 0.7]) { L.gamma(x, shape: $0[0], rate: $0[1]) }
    // A vector of parameters: x active too.
    try Self.expectGradient(at: [0.3, 1.1, 4, 0.2, 1.5]) {
      L.studentT([$0[0], $0[1]], degreesOfFreedom: $0[2], location: $0[3], scale: $0[4])
    }
    try Self.expectGradient(at: [0.3, 1.1, 0.2, 1.5]) {
      L.cauchy([$0[0], $0[1]], location: $0[2], scale: $0[3])
    }
    try Self.expectGradient(at: [0.3, 1.1, 0.7]) { L.exponential([$0[0], $0[1]], rate: $0[2]) }
    try Self.expectGradient(at: [0.3, 1.1, 2.5, 0.7]) {
      L.gamma([$0[0], $0[1]], shape: $0[2], rate: $0[3])
    }
    // Hostile: -inf, never NaN.
    for s in [0.0, -1, .nan, .infinity] {
      #expect(L.studentT(x, degreesOfFreedom: s, location: 0, scale: 1) == -.infinity)
      #expect(L.cauchy(x, location: 0, scale: s) == -.infinity)
      #expect(L.exponential(x, rate: s) == -.infinity)
      #expect(L.gamma(x, shape: s, rate: 1) == -.infinity)
      #expect(L.gamma([1, s], shape: 2, rate: 1) == -.infinity)  // 0 too: the density is 0 there
    }
    #expect(L.exponential([1, -1], rate: 1) == -.infinity)
  }

  @Test func moreVectorisedFormsMatchScalarSumsAndFiniteDifferences() throws {
    let x = [0.3, 0.1, 0.45, 0.05, 0.9]
    Self.expectClose(
      L.halfNormal(x, scale: 0.7), x.map { L.halfNormal($0, scale: 0.7) }.reduce(0, +))
    Self.expectClose(
      L.halfCauchy(x, scale: 0.7), x.map { L.halfCauchy($0, scale: 0.7) }.reduce(0, +))
    Self.expectClose(
      L.logNormal(x, location: -0.5, scale: 0.7),
      x.map { L.logNormal($0, location: -0.5, scale: 0.7) }.reduce(0, +))
    Self.expectClose(
      L.inverseGamma(x, shape: 2.5, scale: 0.7),
      x.map { L.inverseGamma($0, shape: 2.5, scale: 0.7) }.reduce(0, +))
    Self.expectClose(
      L.beta(x, alpha: 2.5, beta: 0.7), x.map { L.beta($0, alpha: 2.5, beta: 0.7) }.reduce(0, +))
    try Self.expectGradient(at: [0.7]) { L.halfNormal(x, scale: $0[0]) }
    try Self.expectGradient(at: [0.7]) { L.halfCauchy(x, scale: $0[0]) }
    try Self.expectGradient(at: [-0.5, 0.7]) { L.logNormal(x, location: $0[0], scale: $0[1]) }
    try Self.expectGradient(at: [2.5, 0.7]) { L.inverseGamma(x, shape: $0[0], scale: $0[1]) }
    try Self.expectGradient(at: [2.5, 0.7]) { L.beta(x, alpha: $0[0], beta: $0[1]) }
    try Self.expectGradient(at: [0.3, 0.6, 0.7]) { L.halfNormal([$0[0], $0[1]], scale: $0[2]) }
    try Self.expectGradient(at: [0.3, 0.6, 0.7]) { L.halfCauchy([$0[0], $0[1]], scale: $0[2]) }
    try Self.expectGradient(at: [0.3, 0.6, -0.5, 0.7]) {
      L.logNormal([$0[0], $0[1]], location: $0[2], scale: $0[3])
    }
    try Self.expectGradient(at: [0.3, 0.6, 2.5, 0.7]) {
      L.inverseGamma([$0[0], $0[1]], shape: $0[2], scale: $0[3])
    }
    try Self.expectGradient(at: [0.3, 0.6, 2.5, 0.7]) {
      L.beta([$0[0], $0[1]], alpha: $0[2], beta: $0[3])
    }
    // Binomial and categorical over many observations.
    let counts = [0, 3, 10, 4]
    let trials = [5, 10, 10, 4]
    let logits = [0.2, -1.3, 0.8, 2.0]
    Self.expectClose(
      L.binomial(counts, trials: trials, logits: logits),
      counts.indices.map { L.binomial(counts[$0], trials: trials[$0], logit: logits[$0]) }
        .reduce(0, +))
    try Self.expectGradient(at: logits) { L.binomial(counts, trials: trials, logits: $0) }
    let observations = [0, 2, 2, 3, 1, 2]
    Self.expectClose(
      L.categorical(observations, logits: logits),
      observations.map { L.categorical($0, logits: logits) }.reduce(0, +))
    try Self.expectGradient(at: logits) { L.categorical(observations, logits: $0) }
    #expect(L.categorical([], logits: logits) == 0)
    for s in [0.0, -1, .nan, .infinity] {
      #expect(L.halfNormal(x, scale: s) == -.infinity)
      #expect(L.halfCauchy(x, scale: s) == -.infinity)
      #expect(L.logNormal(x, location: 0, scale: s) == -.infinity)
      #expect(L.inverseGamma(x, shape: s, scale: 1) == -.infinity)
      #expect(L.beta(x, alpha: 1, beta: s) == -.infinity)
      #expect(L.beta([0.5, s], alpha: 2, beta: 2) == -.infinity)
      if !s.isFinite { #expect(L.categorical([0, 1], logits: [0, s]) == -.infinity) }
    }
    #expect(L.binomial([3], trials: [2], logits: [0]) == -.infinity)
    #expect(L.binomial([1], trials: [2], logits: [0, 1]) == -.infinity)
    #expect(L.categorical([0, 5], logits: [0, 1]) == -.infinity)
    #expect(L.categorical([0, 1], logits: [-.infinity, 1]) == -.infinity)
  }

  // MARK: Hostile parameters

  @Test func hostileArgumentsGiveMinusInfinityNeverNaN() {
    let bad = [0.0, -1.0, .nan, .infinity, -.infinity]
    var values: [Double] = []
    for s in bad {
      values += [
        L.normal(0.5, location: 0, scale: s), L.halfNormal(0.5, scale: s),
        L.logNormal(0.5, location: 0, scale: s),
        L.studentT(0.5, degreesOfFreedom: s, location: 0, scale: 1),
        L.studentT(0.5, degreesOfFreedom: 3, location: 0, scale: s),
        L.cauchy(0.5, location: 0, scale: s), L.halfCauchy(0.5, scale: s),
        L.exponential(0.5, rate: s), L.gamma(0.5, shape: s, rate: 1),
        L.gamma(0.5, shape: 1, rate: s), L.inverseGamma(0.5, shape: s, scale: 1),
        L.inverseGamma(0.5, shape: 1, scale: s), L.beta(0.5, alpha: s, beta: 1),
        L.beta(0.5, alpha: 1, beta: s), L.dirichlet([0.5, 0.5], concentrations: [1, s]),
        L.normal([0.5, 1], location: 0, scale: s),
        L.normal([0.5], location: [0], scale: [s]),
      ]
    }
    for x in [Double.nan, .infinity, -.infinity] {
      values += [
        L.normal(x, location: 0, scale: 1), L.normal(0, location: x, scale: 1),
        L.studentT(x, degreesOfFreedom: 3, location: 0, scale: 1),
        L.cauchy(x, location: 0, scale: 1), L.halfCauchy(x, scale: 1),
        L.exponential(x, rate: 1), L.gamma(x, shape: 2, rate: 1),
        L.inverseGamma(x, shape: 2, scale: 1), L.beta(x, alpha: 2, beta: 2),
        L.logNormal(x, location: 0, scale: 1), L.normal([0, x], location: 0, scale: 1),
        L.dirichlet([x, 0.5], concentrations: [1, 1]),
      ]
    }
    values += [
      L.normal(1e300, location: -1e300, scale: 1e-300), L.halfNormal(-1, scale: 1),
      L.exponential(-1, rate: 1), L.beta(1.5, alpha: 2, beta: 2),
      L.poisson(-1, logRate: 0), L.poisson(3, logRate: .nan), L.poisson(3, logRate: .infinity),
      L.poisson(3, logRate: -.infinity), L.poisson(3, logRate: 1000),
      L.bernoulli(2, logit: 0), L.bernoulli(1, logit: .nan), L.bernoulli(1, logit: -.infinity),
      L.binomial(11, trials: 10, logit: 0), L.binomial(3, trials: -1, logit: 0),
      L.binomial(3, trials: 10, logit: .nan), L.binomial(3, trials: 10, logit: .infinity),
      L.categorical(3, logits: [0, 1]), L.categorical(0, logits: [-.infinity, 1]),
      L.categorical(0, logits: [0, .nan]), L.categorical(0, logits: [0, .infinity]),
      L.dirichlet([0.5, 0.6], concentrations: [1, 1]), L.dirichlet([0.5], concentrations: [1, 1]),
      L.normal([1, 2], location: [0], scale: [1, 1]), L.poisson([1], logRates: [0, 0]),
      L.bernoulli([1, 0], logits: [.nan, 0]),
    ]
    for (i, value) in values.enumerated() {
      #expect(value == -.infinity, "case \(i): \(value)")
    }
    // The edges where the mathematics gives a finite value.
    #expect(L.poisson(0, logRate: -.infinity) == 0)
    #expect(L.bernoulli(1, logit: .infinity) == 0)
    #expect(L.binomial(10, trials: 10, logit: .infinity) == 0)
    #expect(L.categorical(1, logits: [-.infinity, 1]) == 0)
    #expect(L.categorical(0, logits: [0, -.infinity]) == 0)
  }

  /// An invalid node's pullback is zero; the other terms of a sum keep
  /// theirs (a gradient at -∞ is unspecified), and none is NaN.
  @Test func hostileArgumentsGiveNoNaNGradientThroughAutodiff() throws {
    let single = try DifferentiableLogDensity(dimension: 3) { x in
      L.normal([1, 2], location: x[0], scale: x[1] - x[2])
    }
    let model = try DifferentiableLogDensity(dimension: 3) { x in
      L.normal([1, 2], location: x[0], scale: x[1]) + L.halfCauchy(x[1], scale: x[2])
    }
    for point in [[0.0, -1, 1], [0, 1, 0], [.nan, 1, 1], [0, .infinity, 1], [0, 1, .nan]] {
      let (value, gradient) = model.logDensityAndGradient(point)
      #expect(value == -.infinity)
      #expect(gradient.allSatisfy { !$0.isNaN }, "\(point): \(gradient)")
    }
    for point in [[0.0, -1, 1], [0, 1, 1], [.nan, 2, 1], [0, .infinity, 1]] {
      let (value, gradient) = single.logDensityAndGradient(point)
      #expect(value == -.infinity)
      #expect(gradient.allSatisfy { $0 == 0 }, "\(point): \(gradient)")
    }
  }

  // MARK: A model as one function

  /// Eight schools (Rubin 1981), non-centred: θⱼ = μ + τ ηⱼ, yⱼ ~ N(θⱼ, σⱼ),
  /// μ ~ N(0, 5), τ ~ half-Cauchy(5) on log τ (with its Jacobian), ηⱼ ~ N(0, 1).
  @Test func eightSchoolsGradientMatchesFiniteDifferences() throws {
    let y = [28.0, 8, -3, 7, -1, 1, 18, 12]
    let sigma = [15.0, 10, 16, 11, 9, 11, 10, 18]
    let model = try DifferentiableLogDensity(dimension: 10) { x in
      let mu = x[0]
      let logTau = x[1]
      let tau = exp(logTau)
      var theta: [Double] = []
      var eta: [Double] = []
      for j in withoutDerivative(at: 0..<8) {
        eta.append(x[j + 2])
        theta.append(mu + tau * x[j + 2])
      }
      return L.normal(mu, location: 0, scale: 5) + L.halfCauchy(tau, scale: 5) + logTau
        + L.normal(eta, location: 0, scale: 1) + L.normal(y, location: theta, scale: sigma)
    }
    let point = [4.4, 1.2, 0.3, -0.2, -0.5, 0.1, -0.4, -0.3, 0.6, 0.2]
    let expected =
      (0..<8).map { j in
        L.normal(y[j], location: point[0] + exp(point[1]) * point[j + 2], scale: sigma[j])
          + L.normal(point[j + 2], location: 0, scale: 1)
      }.reduce(0, +) + L.normal(4.4, location: 0, scale: 5) + L.halfCauchy(exp(1.2), scale: 5) + 1.2
    Self.expectClose(model.logDensity(point), expected)
    try Self.expectGradient(at: point) { x in
      let mu = x[0]
      let tau = exp(x[1])
      var theta: [Double] = []
      for j in withoutDerivative(at: 0..<8) { theta.append(mu + tau * x[j + 2]) }
      return L.halfCauchy(tau, scale: 5) + x[1] + L.normal(y, location: theta, scale: sigma)
    }
    let (_, gradient) = model.logDensityAndGradient(point)
    let numeric = FiniteDifferences.gradient({ model.logDensity($0) }, at: point)
    for i in point.indices { #expect(FiniteDifferences.close(gradient[i], numeric[i], 1e-7)) }
  }
}
