import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit compare`: MLE against MAP on a held-out split.
  struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "compare",
      abstract: "Compare MLE and MAP softmax regression on a seeded held-out split.",
      discussion: """
        Splits DATA.csv's rows at random (seeded) into training and test sets, fits by \
        maximum likelihood, by MAP with --prior-sd, and by MAP with the σ that maximises \
        the Laplace evidence (empirical Bayes), and prints weight norm, training and test \
        log-loss and test accuracy for each: the table for a report. An MLE that does not \
        exist (separated classes) is reported as such.

        Examples:
          probkit compare iris.csv --target species
          probkit compare data.csv --target y --test-fraction 0.25 --seed 7
        """
    )

    @Argument(help: "The CSV file (with a header row).")
    var data: String

    @Option(help: "The label column.")
    var target: String

    @Option(help: "The fraction of rows held out for testing, in (0, 1).")
    var testFraction: Double = 0.3

    @Option(help: "The seed of the split.")
    var seed: UInt32 = 42

    @Option(help: "The prior's standard deviation σ for the fixed-prior MAP row.")
    var priorSd: Double = 1

    func validate() throws {
      guard testFraction > 0, testFraction < 1 else {
        throw ValidationError("--test-fraction must be in (0, 1), got \(testFraction)")
      }
      guard priorSd.isFinite, priorSd > 0 else {
        throw ValidationError("--prior-sd must be finite and > 0, got \(priorSd)")
      }
    }

    func run() throws {
      do {
        let table = try LabelledTable(url: URL(fileURLWithPath: data), target: target)
        for line in try comparison(table, testFraction: testFraction, seed: seed, priorSd: priorSd)
        {
          print(line)
        }
      } catch let error as DataError {
        throw fail(error.message, code: error.code)
      } catch let error as FitError {
        throw fail("\(error)", code: 65)
      }
    }
  }
}

/// The MLE-against-MAP table of `probkit compare` and `probkit demo`.
func comparison(_ table: LabelledTable, testFraction: Double, seed: UInt32, priorSd: Double)
  throws -> [String]
{
  let classes = ClassLabels(sorting: table.targets)
  let labels = try classes.indices(of: table.targets)
  var order = Array(table.features.indices)
  var source = RandomSource(seed: seed)
  order.shuffle(using: &source)
  let testCount = max(1, Int((Double(order.count) * testFraction).rounded()))
  guard testCount < order.count else {
    throw DataError(message: "too few rows to hold \(testCount) out for testing", code: 65)
  }
  let train = Array(order[testCount...])
  let test = Array(order[..<testCount])
  let xTrain = train.map { table.features[$0] }
  let yTrain = train.map { labels[$0] }
  let xTest = test.map { table.features[$0] }
  let yTest = test.map { labels[$0] }
  var lines = [
    "\(train.count) training and \(test.count) test rows (seed \(seed)); classes \(classes.classes)",
    "estimator                  | weight norm | train log-loss | test log-loss | test accuracy | log evidence",
  ]
  func row(_ name: String, _ model: SoftmaxRegression, evidence: Double?) throws -> String {
    let norm = model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let values = [
      norm, try model.logLoss(features: xTrain, labels: yTrain),
      try model.logLoss(features: xTest, labels: yTest),
      try model.accuracy(features: xTest, labels: yTest),
    ].map { String(format: "%.6g", $0) }
    return
      ([name.padding(toLength: 26, withPad: " ", startingAt: 0)] + values
      + [evidence.map { String(format: "%.6g", $0) } ?? "-"]).joined(separator: " | ")
  }
  do {
    let mle = try SoftmaxRegression.fit(
      features: xTrain, labels: yTrain, classCount: classes.count, estimator: .mle)
    lines.append(try row("MLE", mle.model, evidence: nil))
  } catch let error as FitError {
    lines.append("MLE".padding(toLength: 26, withPad: " ", startingAt: 0) + " | \(error)")
  }
  let fixed = try SoftmaxRegression.laplace(
    features: xTrain, labels: yTrain, classCount: classes.count,
    prior: GaussianPrior(standardDeviation: priorSd))
  lines.append(try row("MAP, σ = \(priorSd)", fixed.fit.model, evidence: fixed.logEvidence))
  let chosen = try SoftmaxRegression.empiricalBayes(
    features: xTrain, labels: yTrain, classCount: classes.count)
  lines.append(
    try row(
      "MAP, evidence σ = \(String(format: "%.4g", chosen.standardDeviation))",
      chosen.posterior.fit.model, evidence: chosen.posterior.logEvidence))
  if chosen.standardDeviation > 0.99e3 {
    lines.append(
      "note: the evidence keeps growing up to the search bound σ = 1000: with separable classes "
        + "the Laplace approximation's evidence tends to the likelihood, so this σ is not "
        + "meaningful; prefer the fixed prior")
  }
  return lines
}
