import Foundation
import TestSupport
import Testing

/// Every command's `--help`, and one of each kind of mistake, is its golden
/// text (whole, not by `contains`); `--version` works.
@Suite struct HelpTests {
  static let commands = ["demo", "fit", "predict", "compare", "posterior", "sample"]

  /// The golden help text of `name`: `Golden/help-NAME.txt` beside this file.
  ///
  /// Run the tests with `PROBKIT_UPDATE_GOLDEN=1` to rewrite them after
  /// changing a help text, and read the diff before committing it.
  static func golden(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/help-\(name).txt")
  }

  @Test(arguments: [""] + commands)
  func helpIsTheGoldenText(command: String) throws {
    let result = try SampleCommandTests.run((command.isEmpty ? [] : [command]) + ["--help"])
    #expect(result.status == 0 && result.error.isEmpty)
    let file = Self.golden(command.isEmpty ? "probkit" : command)
    if ProcessInfo.processInfo.environment["PROBKIT_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try result.output.write(to: file, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(result.output == expected, "probkit \(command) --help differs from \(file.path)")
  }

  @Test(arguments: ["demo", "fit", "predict", "compare", "posterior", "sample"])
  func everyCommandsHelpShowsAnExample(command: String) throws {
    let result = try SampleCommandTests.run([command, "--help"])
    #expect(result.status == 0)
    #expect(result.output.contains("USAGE: probkit \(command)"))
    #expect(result.output.contains("Examples:"))
    #expect(result.output.contains("probkit \(command)"))
  }

  @Test func theRootHelpListsTheCommands() throws {
    let result = try SampleCommandTests.run(["--help"])
    #expect(result.status == 0)
    for command in ["demo", "fit", "predict", "compare", "posterior", "sample"] {
      #expect(result.output.contains("  \(command)"), "\(command)")
    }
    #expect(result.output.contains("Examples:"))
  }

  /// Commands whose whole error output (status and standard error) is held
  /// to `Golden/errors.txt`: one of each kind of mistake a user makes.
  static let mistakes: [[String]] = [
    ["sample", "Beta(alpha: -1, beta: 3)"],
    ["sample", "Uniform(a: 0, b: 1)"],
    ["sample", "Normal(mean: 0, standardDeviation: 1)", "-n", "-5"],
    ["sample", "Poisson(rate: 2)", "--format", "xml"],
    ["fit", "/nonexistent/data.csv", "--target", "y"],
    ["fit", "data.csv"],
    ["fit", "data.csv", "--target", "y", "--prior-sd", "1e-300"],
    ["fit", "data.csv", "--target", "y", "--family", "tweedie"],
    ["fit", "data.csv", "--target", "y", "--family", "poisson", "--trials", "n"],
    ["fit", "data.csv", "--target", "y", "--family", "gamma", "--link", "probit"],
    ["compare", "data.csv", "--target", "y", "--test-fraction", "1.5"],
    ["predict", "--model", "/nonexistent/model.json", "data.csv"],
    ["posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "2"],
    ["posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "1e19"],
    [
      "posterior", "--prior", "Gamma(shape: 1, rate: 1)", "--likelihood", "exponential", "1e308",
      "1e308", "1e308",
    ],
    ["nosuchcommand"],
  ]

  @Test func errorsAreTheGoldenText() throws {
    var transcript = ""
    for arguments in Self.mistakes {
      let result = try CLI.run(arguments)
      #expect(result.output.isEmpty, "\(arguments)")
      transcript +=
        "$ probkit " + arguments.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
        + "\n[exit \(result.status)]\n" + result.error + "\n"
    }
    let file = Self.golden("errors").deletingLastPathComponent().appendingPathComponent(
      "errors.txt")
    if ProcessInfo.processInfo.environment["PROBKIT_UPDATE_GOLDEN"] == "1" {
      try transcript.write(to: file, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(transcript == expected, "the errors differ from \(file.path)")
  }

  @Test func versionPrintsTheVersion() throws {
    let result = try SampleCommandTests.run(["--version"])
    #expect(result.status == 0 && !result.output.isEmpty)
  }

  @Test func errorsAreOneLineOnStandardError() throws {
    let result = try SampleCommandTests.run(["sample", "Beta(alpha: -1, beta: 3)"])
    #expect(result.status == 64)
    #expect(result.error == "Error: bad distribution: Beta: alpha must be finite and > 0, got -1\n")
  }
}
