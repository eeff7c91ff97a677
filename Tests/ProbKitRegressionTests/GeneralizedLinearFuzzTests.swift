import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
import Testing

@testable import ProbKitRegression

/// Seeded random hostile designs for every family and link: a fit either
/// throws a `FitError` or returns numbers and ±∞, never NaN, and finite
/// coefficients; the fit's predictions and intervals at its rows are not
/// NaN either. (Deterministic: the same 400 cases every run.)
@Suite struct GeneralizedLinearFuzzTests {
  /// One random case: feature columns on scales from 1e-300 to 1e300 (or
  /// constant, or duplicated), responses in the family's support at random
  /// magnitudes, zero and huge weights, offsets.
  struct Case {
    let features: [[Double]]
    let weights: [Double]?
    let offsets: [Double]?
    let intercept: Bool
    let estimator: Estimator<GaussianPrior>
  }

  static func randomCase(_ source: RandomSource, rows: Int) throws -> Case {
    let columns = 1 + Int(source.nextUniform() * 3)
    let scales = (0..<columns).map { _ in pow(10, (source.nextUniform() - 0.5) * 600) }
    var features = (0..<rows).map { _ in
      scales.map { $0 * source.nextStandardNormal() }
    }
    switch Int(source.nextUniform() * 6) {
    case 0: for i in features.indices { features[i][0] = 3 }  // a constant column
    case 1 where columns > 1: for i in features.indices { features[i][1] = features[i][0] }
    default: break
    }
    let weights: [Double]? =
      source.nextUniform() < 0.3
      ? (0..<rows).map { _ in [0, 1, 2, 1e-300, 1e6][Int(source.nextUniform() * 5)] } : nil
    let offsets: [Double]? =
      source.nextUniform() < 0.3 ? (0..<rows).map { _ in source.nextStandardNormal() * 3 } : nil
    let estimator: Estimator<GaussianPrior> =
      source.nextUniform() < 0.5
      ? .mle : .map(try GaussianPrior(standardDeviation: pow(10, (source.nextUniform() - 0.5) * 8)))
    return Case(
      features: features, weights: weights, offsets: offsets,
      intercept: source.nextUniform() < 0.8, estimator: estimator)
  }

  /// Fits `family` to `response`, checking the outcome; whether it fitted.
  static func check<F: ResponseFamily>(
    _ family: F, link: Link, _ c: Case, response: [Double], label: String
  ) -> Bool {
    let fit: GeneralizedLinearFit<F>
    do {
      fit = try GeneralizedLinearModel<F>.fit(
        features: c.features, response: response, family: family, weights: c.weights,
        offsets: c.offsets, intercept: c.intercept, link: link, estimator: c.estimator)
    } catch {
      return false  // a typed error (the signature allows only FitError)
    }
    let statistics =
      fit.standardErrors + fit.zStatistics + fit.pValues
      + [
        fit.deviance, fit.nullDeviance, fit.pearsonChiSquare, fit.logLikelihood, fit.aic, fit.bic,
        fit.model.dispersion,
      ]
    #expect(!statistics.contains { $0.isNaN }, "\(label): \(statistics)")
    #expect(
      fit.model.coefficients.allSatisfy(\.isFinite) && fit.model.intercept.isFinite, "\(label)")
    for (i, row) in c.features.prefix(3).enumerated() {
      let offset = c.offsets?[i] ?? 0
      if let mean = try? fit.model.mean(row, offset: offset) {
        #expect(!mean.isNaN, "\(label): mean at row \(i)")
      }
      if let interval = try? fit.meanConfidenceInterval(row, offset: offset) {
        #expect(
          !interval.lowerBound.isNaN && !interval.upperBound.isNaN, "\(label): interval \(i)")
      }
    }
    return true
  }

  @Test func hostileDesignsGiveNumbersOrTypedErrors() throws {
    let source = RandomSource(seed: 1313)
    var fitted = 0
    for index in 0..<400 {
      let rows = 3 + Int(source.nextUniform() * 30)
      let c = try Self.randomCase(source, rows: rows)
      let magnitude = pow(10, (source.nextUniform() - 0.5) * 400)
      let label = "case \(index)"
      let fits: Bool
      switch index % 5 {
      case 0:
        let y = (0..<rows).map { _ in source.nextUniform() < 0.5 ? 0.0 : 1 }
        let link = [Link.canonical, .probit, .complementaryLogLog][index / 5 % 3]
        fits = Self.check(Bernoulli.standardFamily, link: link, c, response: y, label: label)
      case 1:
        let y = (0..<rows).map { _ in (source.nextUniform() * min(magnitude, 1e15)).rounded() }
        let link = [Link.canonical, .identity][index / 5 % 2]
        fits = Self.check(Poisson.standardFamily, link: link, c, response: y, label: label)
      case 2:
        let y = (0..<rows).map { _ in source.nextStandardNormal() * magnitude }
        fits = Self.check(Normal.standardFamily, link: .canonical, c, response: y, label: label)
      case 3:
        let y = (0..<rows).map { _ in (source.nextUniform() + 1e-3) * magnitude }
        let link = [Link.log, .canonical, .identity][index / 5 % 3]
        fits = Self.check(Gamma.standardFamily, link: link, c, response: y, label: label)
      default:
        let y = (0..<rows).map { _ in (source.nextUniform() * min(magnitude, 1e9)).rounded() }
        let family = try NegativeBinomial(
          successes: pow(10, (source.nextUniform() - 0.5) * 10), probability: 0.5)
        fits = Self.check(family, link: .log, c, response: y, label: label)
      }
      if fits { fitted += 1 }
    }
    // Enough cases fit for the property to bite (209 of 400 when written).
    #expect(fitted >= 150, "\(fitted) of 400 fitted")
  }
}
