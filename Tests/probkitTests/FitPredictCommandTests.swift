import Foundation
import ProbKit
import Testing

/// `probkit fit` and `probkit predict`, run as processes.
@Suite struct FitPredictCommandTests {
  static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    try SampleCommandTests.run(arguments)
  }

  /// A scratch directory with a small CSV.
  static func scratch(_ name: String, _ contents: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("probkit-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static let table = """
    x1,x2,label
    0.2,1.1,a
    1.4,0.3,b
    2.9,2.2,c
    0.5,0.4,a
    1.8,1.9,c
    2.4,0.2,b
    1.0,1.0,a
    2.0,0.5,b
    1.5,1.6,c
    0.8,0.6,b
    2.6,1.2,a
    1.2,2.4,c
    """

  @Test func fitThenPredictRoundTripsExactly() throws {
    let data = try Self.scratch("train.csv", Self.table)
    let modelPath = try Self.scratch("model.json", "")
    let fit = try Self.run(["fit", data, "--target", "label", "--save", modelPath, "--json"])
    #expect(fit.status == 0, "\(fit.error)")
    struct Report: Decodable {
      let classes: [String]
      let coefficients: [[Double]]
      let intercepts: [Double]
      let converged: Bool
    }
    let report = try JSONDecoder().decode(Report.self, from: Data(fit.output.utf8))
    #expect(report.classes == ["a", "b", "c"] && report.converged)
    // The library's own fit of the same data.
    let x: [[Double]] = [
      [0.2, 1.1], [1.4, 0.3], [2.9, 2.2], [0.5, 0.4], [1.8, 1.9], [2.4, 0.2], [1.0, 1.0],
      [2.0, 0.5], [1.5, 1.6], [0.8, 0.6], [2.6, 1.2], [1.2, 2.4],
    ]
    let y = [0, 1, 2, 0, 2, 1, 0, 1, 2, 1, 0, 2]
    let library = try SoftmaxRegression.fit(
      features: x, labels: y, estimator: .map(GaussianPrior(standardDeviation: 1)))
    #expect(report.coefficients == library.model.coefficients)
    #expect(report.intercepts == library.model.intercepts)
    // Predictions from the reloaded model are bit-identical.
    let predicted = try Self.run(["predict", "--model", modelPath, data])
    #expect(predicted.status == 0)
    let lines = predicted.output.split(separator: "\n").map(String.init)
    #expect(lines.first == "label,p_a,p_b,p_c")
    let probabilities = try library.model.probabilities(x)
    for (line, p) in zip(lines.dropFirst(), probabilities) {
      let fields = line.split(separator: ",").dropFirst().compactMap { Double($0) }
      #expect(fields == p)
    }
  }

  @Test func badFilesHaveOneLineErrorsAndExitCodes() throws {
    let data = try Self.scratch("bad.csv", "x1,x2,label\n0.2,oops,a\n1.4,0.3,b\n")
    let notNumeric = try Self.run(["fit", data, "--target", "label"])
    #expect(notNumeric.status == 65)
    #expect(notNumeric.error.contains("row 2, column \"x2\": \"oops\" is not a number"))
    let single = try Self.scratch("single.csv", "x1,label\n0.2,a\n1.4,a\n")
    #expect(try Self.run(["fit", single, "--target", "label"]).status == 65)
    let empty = try Self.scratch("empty.csv", "x1,label\n")
    #expect(try Self.run(["fit", empty, "--target", "label"]).status == 65)
    #expect(try Self.run(["fit", "/nonexistent.csv", "--target", "label"]).status == 66)
    let train = try Self.scratch("train2.csv", Self.table)
    #expect(try Self.run(["fit", train, "--target", "missing"]).status == 64)

    let truncated = try Self.scratch("truncated.json", "{\"format\": \"probkit-softmax")
    let result = try Self.run(["predict", "--model", truncated, train])
    #expect(result.status == 65 && result.error.contains("not a model file"))
    let future = try Self.scratch(
      "future.json", "{\"format\": \"probkit-softmax-regression\", \"version\": 99}")
    let version = try Self.run(["predict", "--model", future, train])
    #expect(
      version.status == 65
        && version.error.contains("unsupported model version 99 (this probkit reads version 1)"))
    let modelPath = try Self.scratch("model2.json", "")
    _ = try Self.run(["fit", train, "--target", "label", "--save", modelPath])
    let otherColumns = try Self.scratch("other.csv", "x1,x3\n0.2,1\n")
    let columns = try Self.run(["predict", "--model", modelPath, otherColumns])
    #expect(columns.status == 65 && columns.error.contains("no column \"x2\""))
  }
}

/// `probkit compare`, run as a process.
@Suite struct CompareCommandTests {
  @Test func theTableHasTheThreeEstimators() throws {
    let data = try FitPredictCommandTests.scratch("compare.csv", FitPredictCommandTests.table)
    let result = try SampleCommandTests.run(["compare", data, "--target", "label", "--seed", "3"])
    #expect(result.status == 0, "\(result.error)")
    let lines = result.output.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("8 training and 4 test rows (seed 3)") == true)
    #expect(lines.contains { $0.hasPrefix("MLE ") })
    #expect(lines.contains { $0.hasPrefix("MAP, σ = 1.0 ") })
    #expect(lines.contains { $0.hasPrefix("MAP, evidence σ = ") })
    let again = try SampleCommandTests.run(["compare", data, "--target", "label", "--seed", "3"])
    #expect(again.output == result.output)
  }

  @Test func anEvidenceMaximumAtTheBoundIsExplained() throws {
    // Separated classes: the evidence rises up to σ = 1000.
    let rows = (0..<12).map { "\(Double($0) / 2),\($0 < 6 ? "a" : "b")" }
    let data = try FitPredictCommandTests.scratch(
      "separated.csv", (["x,label"] + rows).joined(separator: "\n") + "\n")
    let result = try SampleCommandTests.run(["compare", data, "--target", "label", "--seed", "1"])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("MAP, evidence σ = 1000 "))
    // The MLE row in the command line's terms, not the library's Swift advice.
    #expect(result.output.contains("| does not exist: this split separates the classes completely"))
    #expect(!result.output.contains("estimator: .map"))
    #expect(
      result.output.contains(
        "note: the evidence is highest, or level, up to the search bound σ = 1000, so this σ is "
          + "a bound, not a maximum: the training classes are separable"))
  }

  @Test func aTrainingSplitWithoutAClassIsAClearError() throws {
    let data = try FitPredictCommandTests.scratch("compare-few.csv", FitPredictCommandTests.table)
    let result = try SampleCommandTests.run(
      ["compare", data, "--target", "label", "--test-fraction", "0.9"])
    #expect(result.status == 65)
    #expect(result.error.contains("training rows of seed 42 have no"), "\(result.error)")
    #expect(result.error.contains("use a smaller --test-fraction or another --seed"))
  }
}

/// Progress goes to standard error only.
@Suite struct ProgressTests {
  @Test func verboseWritesProgressToStandardErrorOnly() throws {
    let data = try FitPredictCommandTests.scratch("progress.csv", FitPredictCommandTests.table)
    let quiet = try SampleCommandTests.run(["fit", data, "--target", "label", "--quiet"])
    let verbose = try SampleCommandTests.run(["fit", data, "--target", "label", "--verbose"])
    #expect(quiet.status == 0 && verbose.status == 0)
    #expect(quiet.output == verbose.output)
    #expect(quiet.error.isEmpty)
    #expect(verbose.error.hasPrefix("iteration     0  objective "))
  }
}
