import Foundation
import ProbKitMCMC
import Testing

/// Bad draws are typed errors that name the problem; none reaches a
/// diagnostic.
@Suite struct ChainDrawsValidationTests {
  @Test func rejectsNoChains() {
    #expect(throws: MCMCDiagnosticsError.noChains) { try ChainDraws([]) }
  }

  @Test func rejectsChainsOfUnequalLength() {
    #expect(throws: MCMCDiagnosticsError.unequalChainLengths(chain: 2, count: 4, expected: 5)) {
      try ChainDraws([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4]])
    }
  }

  @Test func rejectsFewerThanFourDraws() {
    #expect(throws: MCMCDiagnosticsError.tooFewDraws(count: 3)) {
      try ChainDraws([[1, 2, 3], [1, 2, 3]])
    }
    #expect(throws: MCMCDiagnosticsError.tooFewDraws(count: 0)) { try ChainDraws([[], []]) }
  }

  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func rejectsNonFiniteDraws(_ bad: Double) throws {
    let error = try #require(throws: MCMCDiagnosticsError.self) {
      try ChainDraws([[0, 1, 2, 3], [0, 1, bad, 3]])
    }
    guard case .nonFiniteDraw(let chain, let iteration, let value) = error else {
      Issue.record("got \(error)")
      return
    }
    #expect(chain == 1 && iteration == 2)
    #expect(value.isNaN == bad.isNaN && (bad.isNaN || value == bad))
    #expect(error.description.contains("chain 1 iteration 2"))
  }

  @Test func oneChainHasEverythingButRHat() throws {
    let draws = try ChainDraws([[0.3, -1.2, 0.8, 2.1, -0.4, 0.0, 1.1, -0.7]])
    #expect(throws: MCMCDiagnosticsError.tooFewChainsForRHat(count: 1)) { try draws.rHat() }
    #expect(draws.bulkEffectiveSampleSize > 0)
    #expect(try draws.meanStandardError() > 0)
    let summary = try PosteriorSummary(["x": draws.chains])
    #expect(summary.parameters[0].rHat == nil)
    #expect(summary.description.contains(" -"))
  }

  @Test func decodingValidates() {
    let json = Data(#"[[1, 2, 3, 4], [1, 2, 3]]"#.utf8)
    #expect(throws: MCMCDiagnosticsError.unequalChainLengths(chain: 1, count: 3, expected: 4)) {
      try JSONDecoder().decode(ChainDraws.self, from: json)
    }
  }

  @Test func hugeDrawsAreATypedErrorNotNaN() throws {
    let draws = try ChainDraws([[1e200, -1e200, 3e200, 0, 2e200], [0, 1e200, -2e200, 5e199, 1]])
    #expect(throws: MCMCDiagnosticsError.self) { try draws.meanStandardError() }
    #expect(throws: MCMCDiagnosticsError.self) { try draws.standardDeviationStandardError() }
    #expect(throws: MCMCDiagnosticsError.self) { try PosteriorSummary(["x": draws.chains]) }
    // Ranks do not overflow.
    #expect(try draws.rHat().isFinite)
    #expect(draws.bulkEffectiveSampleSize.isFinite)
  }
}

/// Mean, sd and quantiles of the pooled draws.
@Suite struct ChainDrawsStatisticsTests {
  @Test func momentsAndQuantiles() throws {
    let draws = try ChainDraws([[0.1, 0.4, -0.2, 0.3], [0.0, 0.5, 0.2, -0.1]])
    #expect(abs(draws.mean - 0.15) < 1e-15)
    #expect(draws.chainCount == 2 && draws.drawsPerChain == 4 && draws.drawCount == 8)
    // Sorted: -0.2 -0.1 0 0.1 0.2 0.3 0.4 0.5; type 7 at p = 0.5: h = 3.5.
    #expect(abs(draws.quantile(0.5) - 0.15) < 1e-15)
    #expect(draws.quantile(0) == -0.2 && draws.quantile(1) == 0.5)
    #expect(draws.quantile(-0.1).isNaN && draws.quantile(.nan).isNaN)
    #expect(abs(draws.standardDeviation - (0.42 / 7).squareRoot()) < 1e-15)
  }
}
