import Foundation
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// Softmax-regression fits against the reference optima
/// (`Tests/Reference/generate_softmax.py`: a high-precision Newton solution of
/// the same objective, cross-checked against scikit-learn's
/// `LogisticRegression(C = σ²)` and statsmodels' MNLogit).
///
/// Tolerances, with the default options (gradient tolerance 1e-7): objective
/// 1e-10 relative (the issue asks 1e-8), probabilities 1e-6 absolute, as the
/// issue asks (measured: up to 1.3e-7), coefficients and intercepts 1e-5 relative to
/// max(1, |value|): they lie along the objective's flattest directions (on
/// digits an objective within 1e-13 of the optimum still moves some pixel
/// weights by 8e-6; everywhere else they agree to 1e-6).
@Suite struct SoftmaxReferenceTests {
  static func data(_ name: String) throws -> (features: [[Double]], labels: [Int]) {
    let reference = try SoftmaxReference.shared.get()
    guard let set = reference.datasets.first(where: { $0.name == name }) else {
      throw FixtureError("no data set \(name)")
    }
    let features = try set.features.map(Fixture.doubles)
    let labels = try set.labels.map {
      guard let label = Int($0) else { throw FixtureError("\($0) is not a label") }
      return label
    }
    return (features, labels)
  }

  /// The cases with an optimum, as labels for the parameterised test.
  ///
  /// The symmetric two-row MAP case is skipped: ProbKit's two-class MAP keeps
  /// class 0 as the reference (scikit-learn's binary form, the `binary` cases).
  static var solvedCases: [Int] {
    guard let reference = try? SoftmaxReference.shared.get() else { return [] }
    return reference.cases.indices.filter { index in
      let entry = reference.cases[index]
      return entry.objective != nil && !(entry.classCount == "2" && !entry.binary)
    }
  }

  @Test func theFixtureHasTheCasesTheIssueAsksFor() throws {
    let reference = try SoftmaxReference.shared.get()
    let names = Set(reference.cases.map(\.dataset))
    #expect(
      names.isSuperset(of: ["iris", "digits", "synthetic", "binary", "separable", "quasiSeparable"])
    )
    #expect(Self.solvedCases.count >= 14)
  }

  @Test(arguments: solvedCases)
  func fitsReachTheReferenceOptimum(_ index: Int) throws {
    let reference = try SoftmaxReference.shared.get()
    let entry = reference.cases[index]
    let (features, labels) = try Self.data(entry.dataset)
    let weights = try entry.weights.map(Fixture.doubles)
    let sigma = try entry.sigma.map(Fixture.double)
    let estimator: Estimator<GaussianPrior> =
      try sigma.map { .map(try GaussianPrior(standardDeviation: $0)) } ?? .mle
    let classCount = Int(entry.classCount) ?? 0
    let fit = try SoftmaxRegression.fit(
      features: features, labels: labels, classCount: classCount, weights: weights,
      estimator: estimator)
    let model = fit.model
    let label = "case \(index) (\(entry.dataset) \(entry.estimator) σ \(entry.sigma ?? "-"))"

    // The objective, -log L + ‖W‖²/(2σ²).
    let squares = model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }
    let objective = -fit.logLikelihood + (sigma.map { squares / (2 * $0 * $0) } ?? 0)
    let expected = try Fixture.double(entry.objective ?? "nan")
    expectClose(objective, expected, relative: 1e-10, "\(label): objective")

    // Coefficients: one row for the binary form (our row 1; row 0 is zero).
    let expectedRows = try (entry.coefficients ?? []).map(Fixture.doubles)
    let gotRows = entry.binary ? [model.coefficients[1]] : model.coefficients
    let expectedIntercepts = try Fixture.doubles(entry.intercepts ?? [])
    let gotIntercepts = entry.binary ? [model.intercepts[1]] : model.intercepts
    #expect(gotRows.count == expectedRows.count)
    for (got, want) in zip(
      gotRows.flatMap { $0 } + gotIntercepts, expectedRows.flatMap { $0 } + expectedIntercepts)
    {
      expectClose(
        got, want, relative: 1e-5, absolute: 1e-5, "\(label): parameter \(got) vs \(want)")
    }

    // Probabilities at the listed rows.
    for (row, expectedText) in zip(entry.rows ?? [], entry.probabilities ?? []) {
      guard let n = Int(row) else { throw FixtureError("bad row \(row)") }
      let got = try model.probabilities(features[n])
      let want = try Fixture.doubles(expectedText)
      for (g, w) in zip(got, want) {
        expectClose(g, w, absolute: 1e-6, "\(label) row \(n): \(got) vs \(want)")
      }
    }

    if let statsmodels = entry.statsmodels {
      let logLikelihood = try Fixture.double(statsmodels.logLikelihood)
      expectClose(fit.logLikelihood, logLikelihood, relative: 1e-9, "\(label) vs statsmodels")
    }
    if let norm = entry.weightNorm {
      let want = try Fixture.double(norm)
      expectClose(
        squares.squareRoot(), want, relative: 1e-6, absolute: 1e-6, "\(label): weight norm")
    }
  }

  @Test func separatedDataMakeMaximumLikelihoodFailLoudly() throws {
    let reference = try SoftmaxReference.shared.get()
    let separated = reference.cases.filter { $0.expectSeparation != nil }
    #expect(separated.count == 2)
    for entry in separated {
      let (features, labels) = try Self.data(entry.dataset)
      let complete = entry.expectSeparation == "complete"
      #expect(throws: FitError.separation(model: "SoftmaxRegression", complete: complete)) {
        try SoftmaxRegression.fit(features: features, labels: labels, estimator: .mle)
      }
    }
  }

  @Test func theShrinkagePathIsMonotone() throws {
    let reference = try SoftmaxReference.shared.get()
    let path = try reference.cases
      .filter { $0.dataset == "iris" && $0.estimator == "map" }
      .map {
        (
          sigma: try Fixture.double($0.sigma ?? "nan"),
          norm: try Fixture.double($0.weightNorm ?? "nan")
        )
      }
      .sorted { $0.sigma < $1.sigma }
    #expect(path.count >= 6)
    let (features, labels) = try Self.data("iris")
    var previous = 0.0
    for (sigma, _) in path {
      let fit = try SoftmaxRegression.fit(
        features: features, labels: labels, estimator: .map(GaussianPrior(standardDeviation: sigma))
      )
      let norm = fit.model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(norm > previous, "σ = \(sigma)")
      previous = norm
    }
  }
}
