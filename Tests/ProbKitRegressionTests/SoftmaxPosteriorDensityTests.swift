import Foundation
import ProbKitCore
import ProbKitInference
import ProbKitMCMC
import ProbKitRegression
import TestSupport
import Testing

/// The sampled softmax posterior: its log density against the model's
/// formula written here and finite differences, two classes against the
/// binomial quadrature fixture, predictive probabilities, errors.
@Suite struct SoftmaxPosteriorDensityTests {
  static let features: [[Double]] = [
    [0.2, 1.0], [1.1, -0.3], [-0.7, 0.4], [0.5, 2.0], [1.6, 0.1], [-1.2, -0.8], [0.3, 0.3],
  ]
  static let labels = [0, 1, 2, 0, 1, 2, 1]

  /// Σ log softmax(Wx + b)_y − ½ Σ W²/(σc)² − KD log σ − σ²/2 + log σ, with
  /// c = (1, 3), b₀ = 0 and the other intercepts flat.
  static func formula(weights: [[Double]], intercepts: [Double], sigma: Double) -> Double {
    var value = 0.0
    for (row, label) in zip(features, labels) {
      let logits = (0..<3).map { k in
        intercepts[k] + weights[k][0] * row[0] + weights[k][1] * row[1]
      }
      value += logits[label] - SpecialFunctions.logSumExp(logits)
    }
    for k in 0..<3 {
      value += -0.5 * weights[k][0] * weights[k][0] / (sigma * sigma) - log(sigma)
      value += -0.5 * weights[k][1] * weights[k][1] / (9 * sigma * sigma) - log(3 * sigma)
    }
    return value - 0.5 * sigma * sigma + log(sigma)
  }

  static func density(
    _ parameterisation: ScaleHyperprior.Parameterisation = .centred
  ) throws -> SoftmaxPosteriorDensity {
    try SoftmaxRegression.posteriorDensity(
      features: features, labels: labels,
      prior: GaussianPrior(featureStandardDeviations: [1, 3]),
      scaleHyperprior: .halfNormal(scale: 1, parameterisation: parameterisation))
  }

  /// Non-centred coordinates add their log-Jacobian KD log σ.
  @Test(arguments: [ScaleHyperprior.Parameterisation.centred, .nonCentred])
  func logDensityMatchesTheModelsFormula(parameterisation: ScaleHyperprior.Parameterisation)
    throws
  {
    let density = try Self.density(parameterisation)
    let jacobianDegree = parameterisation == .nonCentred ? 6.0 : 0
    #expect(
      density.reportedNames == [
        "W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "W[2,0]", "W[2,1]", "b[1]", "b[2]", "sigma",
      ])
    let points: [[Double]] = [
      [0.3, -0.2, 0.5, 1.3, -1, 0.4, 0.2, -0.3, 0.8],
      [-1, 0.8, 1.2, 0.2, 0, 0, 1, 1, 2.5],
      [0, 0, 0, 0, 0, 0, 0, 0, 1],
    ]
    var pairs: [(Double, Double)] = []
    for reported in points {
      let x = try density.sampledPoint(reporting: reported)
      #expect(x.count == density.dimension)
      var back = [Double](repeating: 0, count: reported.count)
      x.withUnsafeBufferPointer { u in
        back.withUnsafeMutableBufferPointer { density.report(u, into: $0) }
      }
      for (a, b) in zip(back, reported) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
      let weights = (0..<3).map { Array(reported[(2 * $0)..<(2 * $0 + 2)]) }
      pairs.append(
        (
          density.logDensity(x),
          Self.formula(
            weights: weights, intercepts: [0, reported[6], reported[7]], sigma: reported[8])
            + jacobianDegree * log(reported[8])
        ))
    }
    let constant = pairs[0].0 - pairs[0].1
    for (value, expected) in pairs.dropFirst() {
      expectClose(value - expected, constant, relative: 1e-10, absolute: 1e-10, "log density")
    }
  }

  @Test(arguments: [ScaleHyperprior.Parameterisation.centred, .nonCentred])
  func gradientMatchesFiniteDifferences(parameterisation: ScaleHyperprior.Parameterisation)
    throws
  {
    let density = try Self.density(parameterisation)
    let x = [0.3, -0.4, 0.8, 0.2, -0.5, 0.1, 0.6, -0.2, 0.1]
    let (_, gradient) = density.logDensityAndGradient(x)
    let numeric = FiniteDifferences.gradient(density.logDensity, at: x)
    expectClose(gradient, numeric, relative: 1e-7, absolute: 1e-7, "∂/∂x")
  }

  /// Two classes are logistic regression: binomial rows become weighted
  /// rows of each label, and the moments match the GLM fixture's
  /// quadrature within 5 MCSE (false-alarm rate about 6e-7 per check).
  @Test func twoClassesMatchTheBinomialQuadrature() async throws {
    let reference = try #require(
      try GLMPosteriorReference.load().cases.first { $0.trials != nil })
    let x = try reference.features.map { try Fixture.doubles($0) }
    let successes = try Fixture.doubles(reference.response)
    let trials = try Fixture.doubles(try #require(reference.trials))
    let density = try SoftmaxRegression.posteriorDensity(
      features: x + x, labels: x.map { _ in 1 } + x.map { _ in 0 },
      weights: successes + zip(trials, successes).map { $0 - $1 },
      prior: GaussianPrior(standardDeviation: 1, interceptStandardDeviation: 5),
      scaleHyperprior: .halfCauchy(scale: 1))
    #expect(density.reportedNames == ["W[1,0]", "b[1]", "sigma"])
    let posterior = try await HMCSampler(targetAcceptance: 0.95).sample(density, seed: 3)
    #expect(posterior.diagnostics.divergences.allSatisfy { $0 == 0 })
    let names = ["beta[0]": "W[1,0]", "intercept": "b[1]"]
    for (name, expected) in reference.moments {
      let draws =
        name == "log sigma"
        ? try ChainDraws(try posterior.draws("sigma").chains.map { $0.map { log($0) } })
        : try posterior.draws(try #require(names[name]))
      let squares = try ChainDraws(draws.chains.map { $0.map { $0 * $0 } })
      for (estimate, exact) in [
        (draws, try Fixture.double(expected[0])), (squares, try Fixture.double(expected[1])),
      ] {
        let error = try estimate.meanStandardError()
        #expect(abs(estimate.mean - exact) <= 5 * error, "\(name): \(estimate.mean) vs \(exact)")
      }
    }
  }

  /// Written by `Tests/Reference/generate_softmax_posterior.py`
  /// (importance sampling with a Student-t proposal, 4,000,000 draws).
  struct ImportanceReference: Decodable {
    let features: [[String]]
    let labels: [Int]
    let names: [String]
    let means, secondMoments, meanErrors, secondMomentErrors: [String]
  }

  /// Three classes with a flat intercept: every weight's and intercept's
  /// mean and second moment within 5 standard errors (the chain's MCSE and
  /// the reference's importance-sampling error combined; a false-alarm rate
  /// of about 6e-7 per check, 16 checks).
  @Test func threeClassesMatchImportanceSampling() async throws {
    let reference = try Fixture.load(
      ImportanceReference.self, named: "softmax_posterior.json", in: .module)
    let density = try SoftmaxRegression.posteriorDensity(
      features: try reference.features.map { try Fixture.doubles($0) }, labels: reference.labels,
      prior: GaussianPrior(standardDeviation: 1))
    #expect(density.reportedNames == reference.names)
    let posterior = try await HMCSampler().sample(density, seed: 5)
    #expect(posterior.diagnostics.warnings.isEmpty)
    for (index, name) in reference.names.enumerated() {
      let draws = try posterior.draws(name)
      let squares = try ChainDraws(draws.chains.map { $0.map { $0 * $0 } })
      for (estimate, exact, referenceError) in [
        (draws, reference.means[index], reference.meanErrors[index]),
        (squares, reference.secondMoments[index], reference.secondMomentErrors[index]),
      ] {
        let error = try estimate.meanStandardError()
        let sampling = try Fixture.double(referenceError)
        let combined = (error * error + sampling * sampling).squareRoot()
        let expected = try Fixture.double(exact)
        #expect(
          abs(estimate.mean - expected) <= 5 * combined,
          "\(name): \(estimate.mean) vs \(expected) ± \(combined)")
      }
    }
  }

  @Test func predictiveProbabilitiesAverageTheDraws() async throws {
    let density = try Self.density()
    let posterior = try await HMCSampler(warmup: 300, draws: 200, chains: 2).sample(
      density, seed: 9)
    let probabilities = try density.predictiveProbabilities([0.5, 0.5], posterior: posterior)
    #expect(probabilities.count == 3)
    #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)
    #expect(probabilities.allSatisfy { $0 > 0 && $0 < 1 })
    #expect(throws: FitError.self) {
      _ = try density.predictiveProbabilities([0.5], posterior: posterior)
    }
    #expect(throws: FitError.self) {
      _ = try density.predictiveProbabilities([.nan, 0], posterior: posterior)
    }
    let other = try await HMCSampler(warmup: 50, draws: 10, chains: 1).sample(
      LogDensityFunction(dimension: 1) { x, g in
        g[0] = -x[0]
        return -0.5 * x[0] * x[0]
      }, seed: 1)
    #expect(throws: FitError.self) {
      _ = try density.predictiveProbabilities([0.5, 0.5], posterior: other)
    }
  }

  @Test func badDataThrows() throws {
    #expect(throws: FitError.self) {
      _ = try SoftmaxRegression.posteriorDensity(
        features: Self.features, labels: [0, 0, 0, 0, 0, 0, 0],
        prior: GaussianPrior(standardDeviation: 1))
    }
    #expect(throws: FitError.self) {
      _ = try SoftmaxRegression.posteriorDensity(
        features: [], labels: [], prior: GaussianPrior(standardDeviation: 1))
    }
    #expect(throws: FitError.self) {
      _ = try SoftmaxRegression.posteriorDensity(
        features: [[.nan, 0], [1, 1]], labels: [0, 1], prior: GaussianPrior(standardDeviation: 1))
    }
  }
}
