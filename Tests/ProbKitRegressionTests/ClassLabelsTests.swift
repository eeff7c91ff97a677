import Foundation
import ProbKitInference
import TestSupport
import Testing

@testable import ProbKitRegression

/// Arbitrary class labels mapped to indices and back.
@Suite struct ClassLabelsTests {
  @Test func labelsMapToIndicesAndBack() throws {
    let species = ["setosa", "virginica", "setosa", "versicolor"]
    let firstSeen = ClassLabels(species)
    #expect(firstSeen.classes == ["setosa", "virginica", "versicolor"])
    let sorted = ClassLabels(sorting: species)
    #expect(sorted.classes == ["setosa", "versicolor", "virginica"])
    #expect(try sorted.indices(of: species) == [0, 2, 0, 1])
    #expect(sorted.label(at: 2) == "virginica")
    #expect(
      throws: FitError.invalidObservation(
        model: "ClassLabels", index: 1, requirement: "one of the 3 classes", value: "daisy")
    ) { try sorted.indices(of: ["setosa", "daisy"]) }
    #expect(throws: FitError.self) { try ClassLabels(classes: ["a", "b", "a"]) }
  }

  @Test func aFitWithStringLabelsPredictsStrings() throws {
    let features = SoftmaxRegressionTests.features
    let names = ["red", "green", "blue"]
    let labels = SoftmaxRegressionTests.labels.map { names[$0] }
    let classes = ClassLabels(sorting: labels)
    let fit = try SoftmaxRegression.fit(
      features: features, labels: classes.indices(of: labels), classCount: classes.count,
      estimator: .map(GaussianPrior(standardDeviation: 1)))
    let predicted = try fit.model.predict(features).map(classes.label(at:))
    #expect(Set(predicted).isSubset(of: Set(names)))
    let decoded = try JSONDecoder().decode(
      ClassLabels<String>.self, from: JSONEncoder().encode(classes))
    #expect(decoded.classes == classes.classes)
  }
}

/// Features passed as one row-major matrix.
@Suite struct FeatureMatrixTests {
  @Test func aFeatureMatrixFitEqualsTheRowsFit() throws {
    let rows = SoftmaxRegressionTests.features
    let matrix = try FeatureMatrix(rows)
    #expect(matrix.rowCount == 60 && matrix.columnCount == 3 && matrix.row(2) == rows[2])
    let prior = try GaussianPrior(standardDeviation: 1)
    let fromRows = try SoftmaxRegression.fit(
      features: rows, labels: SoftmaxRegressionTests.labels, estimator: .map(prior))
    let fromMatrix = try SoftmaxRegression.fit(
      features: matrix, labels: SoftmaxRegressionTests.labels, estimator: .map(prior))
    #expect(fromRows.model == fromMatrix.model)
    #expect(
      try fromMatrix.model.logProbabilities(matrix) == fromMatrix.model.logProbabilities(rows))
  }

  @Test func badMatricesAreRejected() {
    #expect(throws: FitError.self) { try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, 3]) }
    #expect(
      throws: FitError.invalidObservation(
        model: "FeatureMatrix", index: 1, requirement: "finite features",
        value: "column 0 = inf")
    ) { try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, .infinity, 3]) }
    #expect(throws: FitError.self) { try FeatureMatrix([[1, 2], [3]]) }
    #expect(throws: FitError.emptyData(model: "SoftmaxRegression")) {
      try SoftmaxRegression.fit(
        features: FeatureMatrix(rows: 0, columns: 2, values: []), labels: [])
    }
  }
}

/// Fitting to string labels directly.
@Suite struct LabeledFitTests {
  @Test func stringLabelsFitAndPredictLabels() throws {
    let names = ["red", "green", "blue"]
    let labels = SoftmaxRegressionTests.labels.map { names[$0] }
    let fit = try SoftmaxRegression.fit(
      features: SoftmaxRegressionTests.features, classLabels: labels,
      estimator: .map(GaussianPrior(standardDeviation: 1)))
    #expect(fit.classes.classes == ["blue", "green", "red"])  // sorted
    let x = SoftmaxRegressionTests.features[0]
    let p = try fit.probabilities(x)
    expectClose(p.values.reduce(0, +), 1, absolute: 1e-12)
    #expect(try fit.predict(x) == p.max { $0.value < $1.value }?.key)
  }
}
