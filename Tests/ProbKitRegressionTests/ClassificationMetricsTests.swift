import Foundation
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// Log-loss, accuracy and the confusion matrix against direct computations
/// from the model's own probabilities, weighted and not, and their errors.
@Suite struct ClassificationMetricsTests {
  static func model() throws -> SoftmaxRegression {
    try SoftmaxRegression.fit(
      features: SoftmaxRegressionTests.features, labels: SoftmaxRegressionTests.labels,
      estimator: .map(GaussianPrior(standardDeviation: 1))
    ).model
  }
  static let x = SoftmaxRegressionTests.features
  static let y = SoftmaxRegressionTests.labels

  @Test func metricsMatchDirectComputations() throws {
    let model = try Self.model()
    let weights = Self.y.indices.map { Double($0 % 4) }
    var loss = 0.0
    var weightedLoss = 0.0
    var correct = 0.0
    var weightedCorrect = 0.0
    var counts = Array(repeating: Array(repeating: 0.0, count: 3), count: 3)
    for (n, row) in Self.x.enumerated() {
      let p = try model.probabilities(row)
      let predicted = p.indices.max { p[$0] < p[$1] } ?? 0
      loss -= log(p[Self.y[n]])
      weightedLoss -= weights[n] * log(p[Self.y[n]])
      correct += predicted == Self.y[n] ? 1 : 0
      weightedCorrect += predicted == Self.y[n] ? weights[n] : 0
      counts[Self.y[n]][predicted] += 1
    }
    let total = weights.reduce(0, +)
    expectClose(try model.logLoss(features: Self.x, labels: Self.y), loss / 60, absolute: 1e-12)
    #expect(
      abs(
        try model.logLoss(features: Self.x, labels: Self.y, weights: weights) - weightedLoss / total
      )
        < 1e-12)
    #expect(try model.accuracy(features: Self.x, labels: Self.y) == correct / 60)
    #expect(
      abs(
        try model.accuracy(features: Self.x, labels: Self.y, weights: weights) - weightedCorrect
          / total)
        < 1e-15)
    #expect(try model.confusionMatrix(features: Self.x, labels: Self.y) == counts)
  }

  @Test func badLabelsAndWeightsAreTypedErrors() throws {
    let model = try Self.model()
    #expect(throws: FitError.self) { try model.logLoss(features: Self.x, labels: [0, 1]) }
    #expect(throws: FitError.self) {
      try model.accuracy(features: [[0, 0]], labels: [3])
    }
    let zeros = Array(repeating: 0.0, count: 60)
    #expect(throws: FitError.self) {
      try model.logLoss(features: Self.x, labels: Self.y, weights: zeros)
    }
    #expect(throws: FitError.self) {
      try model.accuracy(features: Self.x, labels: Self.y, weights: zeros)
    }
    #expect(throws: FitError.self) { try model.logLoss(features: [], labels: []) }
  }
}
