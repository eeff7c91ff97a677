import Testing

/// Every command's `--help` names it and shows an example; `--version` works.
@Suite struct HelpTests {
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
