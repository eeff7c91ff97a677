import Foundation
import Testing

/// Every command's `--help` is its golden text (whole, not by `contains`);
/// `--version` works.
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
