import ProbKitDistributions
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// The README's tour of fitting, run as written (its claims checked).
@Suite struct ReadmeTourTests {
  @Test func coinDieAndSoftmax() throws {
    let flips = [1, 0, 1, 1, 0, 1, 1, 1]
    let coin = try Bernoulli.posterior(prior: Beta(alpha: 1, beta: 1), data: flips)
    #expect(coin.distribution == (try Beta(alpha: 7, beta: 3)))
    let hdi = try coin.distribution.highestDensityInterval(level: 0.95)
    #expect(hdi.lowerBound > 0.3 && hdi.upperBound < 1)

    let rolls = [0, 5, 2, 2, 3, 5, 1, 2]
    let mle = try Categorical.fit(rolls, categoryCount: 6, estimator: .mle)
    let map = try Categorical.fit(
      rolls, categoryCount: 6, estimator: .map(Dirichlet(alphas: Array(repeating: 2, count: 6))))
    #expect(mle.model.probabilities[4] == 0)
    expectClose(map.model.probabilities[4], 1.0 / 14, absolute: 1e-15)

    let x: [[Double]] = [
      [0.2, 1.1], [1.4, 0.3], [2.9, 2.2], [0.5, 0.4], [1.8, 1.9], [2.4, 0.2],
      [1.0, 1.0], [2.0, 0.5], [1.5, 1.6], [0.8, 0.6], [2.6, 1.2], [1.2, 2.4],
      [1.6, 2.0], [1.3, 1.8], [1.1, 0.5], [2.2, 0.9], [0.4, 2.1], [2.8, 0.6],
    ]
    let y = [0, 1, 2, 0, 2, 1, 0, 1, 2, 1, 0, 2, 0, 1, 2, 2, 1, 0]
    let prior = try GaussianPrior(standardDeviation: 1)
    let byMLE = try SoftmaxRegression.fit(features: x, labels: y, estimator: .mle)
    let byMAP = try SoftmaxRegression.fit(features: x, labels: y, estimator: .map(prior))
    func norm(_ model: SoftmaxRegression) -> Double {
      model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
    #expect(norm(byMAP.model) < norm(byMLE.model))
    #expect(byMLE.logLikelihood > byMAP.logLikelihood)
    let p = try byMAP.model.probabilities([1.0, 1.0])
    expectClose(p.reduce(0, +), 1, absolute: 1e-15)
    // The first six points alone are separable.
    #expect(throws: FitError.separation(model: "SoftmaxRegression", complete: true)) {
      try SoftmaxRegression.fit(
        features: Array(x.prefix(6)), labels: Array(y.prefix(6)), estimator: .mle)
    }
  }
}
