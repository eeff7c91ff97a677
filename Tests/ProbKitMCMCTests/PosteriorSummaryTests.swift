import Foundation
import ProbKitMCMC
import Testing

/// The summary's shape, warnings and text; its numbers are checked against
/// ArviZ in DiagnosticsReferenceTests.
@Suite struct PosteriorSummaryTests {
  /// Deterministic draws: a well-mixed sequence and chains stuck apart.
  static func mixed(chains: Int, draws: Int) -> [[Double]] {
    (0..<chains).map { c in (0..<draws).map { i in sin(Double(c * draws + i) * 2.399963) } }
  }
  static let stuck: [[Double]] = (0..<4).map { c in
    (0..<100).map { i in Double(c) + 0.01 * sin(Double(i)) }
  }

  @Test func rowsKeepTheGivenOrderAndWarningsAreData() throws {
    let summary = try PosteriorSummary([
      "tau": Self.stuck, "mu": Self.mixed(chains: 4, draws: 500),
    ])
    #expect(summary.parameters.map(\.name) == ["tau", "mu"])
    let tauWarnings = summary.warnings.filter { $0.parameter == "tau" }.map(\.kind)
    #expect(tauWarnings.contains(.rHat))
    #expect(tauWarnings.contains(.bulkESS))
    #expect(!summary.warnings.contains { $0.parameter == "mu" && $0.kind == .rHat })
    #expect(summary.warnings == summary.parameters.flatMap(\.warnings))
  }

  @Test func fewDrawsWarnAboutEffectiveSampleSize() throws {
    let summary = try PosteriorSummary(["x": Self.mixed(chains: 2, draws: 50)])
    let kinds = summary.warnings.map(\.kind)
    #expect(kinds.contains(.bulkESS) && kinds.contains(.tailESS))
    #expect(
      summary.warnings.allSatisfy { $0.value < PosteriorSummary.effectiveSampleSizeThreshold })
  }

  @Test func rejectsNoParametersAndRepeatedNames() throws {
    #expect(throws: MCMCDiagnosticsError.noParameters) { try PosteriorSummary([]) }
    let draws = try ChainDraws(Self.mixed(chains: 2, draws: 10))
    #expect(throws: MCMCDiagnosticsError.duplicateParameterName("a")) {
      try PosteriorSummary([(name: "a", draws: draws), (name: "a", draws: draws)])
    }
  }

  @Test func tableLooksLikeArviZs() throws {
    let summary = try PosteriorSummary(["mu": Self.mixed(chains: 4, draws: 500), "tau": Self.stuck])
    let lines = summary.description.split(separator: "\n").map(String.init)
    #expect(
      lines[0].split(separator: " ").map(String.init) == [
        "mean", "sd", "q5", "q50", "q95", "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail", "r_hat",
      ])
    #expect(lines[1].hasPrefix("mu "))
    #expect(lines[2].hasPrefix("tau"))
    #expect(lines.contains { $0.hasPrefix("warning: tau: R̂ = ") })
    // Columns line up: every table row is as wide as the header.
    #expect(lines[1].count == lines[0].count && lines[2].count == lines[0].count)
  }

  @Test func constantDrawsAreNeverNaN() throws {
    let summary = try PosteriorSummary([
      "c": Array(repeating: Array(repeating: 2.0, count: 10), count: 3)
    ])
    let row = summary.parameters[0]
    #expect(row.rHat == 1)
    #expect(row.standardDeviationStandardError == 0)
    #expect(row.meanStandardError == 0)
    #expect(row.bulkEffectiveSampleSize == 30)
    #expect(!summary.description.contains("nan"))
  }

  @Test func codableRoundTrip() throws {
    let summary = try PosteriorSummary(["mu": Self.mixed(chains: 4, draws: 100), "tau": Self.stuck])
    let decoded = try JSONDecoder().decode(
      PosteriorSummary.self, from: JSONEncoder().encode(summary))
    #expect(decoded == summary)
    let draws = try ChainDraws(Self.stuck)
    #expect(try JSONDecoder().decode(ChainDraws.self, from: JSONEncoder().encode(draws)) == draws)
  }
}
