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

    @Option(parsing: .unconditional, help: "The fraction of rows held out for testing, in (0, 1).")
    var testFraction: Double = 0.3

    @Option(parsing: .unconditional, help: "The seed of the split.")
    var seed: UInt32 = 42

    @Option(
      parsing: .unconditional, help: "The prior's standard deviation σ for the fixed-prior MAP row."
    )
    var priorSd: Double = 1

    func validate() throws {
      guard testFraction > 0, testFraction < 1 else {
        throw ValidationError("--test-fraction must be in (0, 1), got \(testFraction)")
      }
      try PriorWidth.check(priorSd)
    }

    func run() throws {
      let table = try LabelledTable(path: data, target: target)
      try table.checkFittable(path: data, target: target)
      do {
        try comparison(table, testFraction: testFraction, seed: seed, priorSd: priorSd) {
          try Console.print($0)
        }
      } catch let error as OutputFailure {
        throw error
      } catch let error as CommandError {
        throw error
      } catch {
        throw CommandError(error, about: data)
      }
    }
  }
}

/// The MLE-against-MAP table of `probkit compare`.
///
/// Each line goes to `emit` as soon as it is known, so that a slow fit
/// shows the rows before it.
func comparison(
  _ table: LabelledTable, testFraction: Double, seed: UInt32, priorSd: Double,
  emit: (String) throws -> Void
) throws {
  let classes = ClassLabels(sorting: table.targets)
  let labels = try classes.indices(of: table.targets)
  let split = try TrainTestSplit(
    rowCount: table.features.count, testFraction: testFraction, seed: seed)
  let (train, test) = (split.train, split.test)
  let xTrain = train.map { table.features[$0] }
  let yTrain = train.map { labels[$0] }
  let xTest = test.map { table.features[$0] }
  let yTest = test.map { labels[$0] }
  // Every class must be in the training rows (a fit cannot learn one it never sees).
  let missing = classes.classes.indices.filter { !Set(yTrain).contains($0) }
  guard missing.isEmpty else {
    throw CommandError(
      "the \(train.count) training rows of seed \(seed) have no "
        + missing.map { "\"\(classes.classes[$0])\"" }.joined(separator: ", ")
        + "; use a smaller --test-fraction or another --seed", .dataError)
  }
  try emit(
    "\(train.count) training and \(test.count) test rows (seed \(seed)); classes \(classes.classes)"
  )
  try emit(
    "estimator                  | weight norm | train log-loss | test log-loss | test accuracy | log evidence"
  )
  func row(_ name: String, _ model: SoftmaxRegression, evidence: Double?) throws -> String {
    let norm = model.weightNorm
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
    try emit(row("MLE", mle.model, evidence: nil))
  } catch let error as FitError {
    try emit(
      "MLE".padding(toLength: 26, withPad: " ", startingAt: 0) + " | " + LibraryErrors.cell(error))
  }
  let fixed = try SoftmaxRegression.laplace(
    features: xTrain, labels: yTrain, classCount: classes.count,
    prior: GaussianPrior(standardDeviation: priorSd))
  try emit(row("MAP, σ = \(priorSd)", fixed.fit.model, evidence: fixed.logEvidence))
  let chosen = try SoftmaxRegression.empiricalBayes(
    features: xTrain, labels: yTrain, classCount: classes.count)
  try emit(
    try row(
      "MAP, evidence σ = \(String(format: "%.4g", chosen.standardDeviation))",
      chosen.posterior.fit.model, evidence: chosen.posterior.logEvidence))
  switch chosen.boundary {
  case nil: break
  case .lower:
    try emit(
      "note: the evidence is highest, or level, down to the search bound σ = 0.001: the "
        + "features carry little information about the labels, so this σ is a bound, not a "
        + "maximum")
  case .upper(let separable):
    try emit(
      "note: the evidence is highest, or level, up to the search bound σ = 1000, so this σ is "
        + "a bound, not a maximum"
        + (separable
          ? ": the training classes are separable (the MLE does not exist), and the evidence "
            + "tends to the likelihood's supremum as σ grows; prefer the fixed prior"
          : "; prefer the fixed prior"))
  }
}
