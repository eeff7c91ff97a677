import Foundation
import ProbKitMCMC
import TestSupport
import Testing

/// Written by `Tests/Reference/generate_mcmc_diagnostics.py` (ArviZ); every
/// number is a string, "nan" where ArviZ answers NaN.
struct DiagnosticsReference: Decodable, Sendable {
  struct Summary: Decodable, Sendable {
    let mean, sd, q5, q50, q95, mcseMean, mcseSd, essBulk, essTail, rhat: String
  }
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let draws: [[String]]
    let rhat, essBulk, essTail, essMean, essIdentity, mcseMean, mcseSd: String
    let summary: Summary
    var testDescription: String { name }
  }
  struct EnergyCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let energy: [[String]]
    let values: [String]
    var testDescription: String { name }
  }
  let arviz: String
  let cases: [Case]
  let bfmi: [EnergyCase]

  static let loaded: DiagnosticsReference = {
    do {
      return try Fixture.load(
        DiagnosticsReference.self, named: "mcmc_diagnostics.json", in: .module)
    } catch {
      fatalError("mcmc_diagnostics.json: \(error)")
    }
  }()
}

/// ProbKit against ArviZ to 1e-10 relative on every case.
///
/// Where ArviZ says
/// NaN, ProbKit's documented value: R̂ of one chain throws (and is `nil` in
/// the summary), R̂ of constant draws is 1, MCSE of their sd is 0.
@Suite struct DiagnosticsReferenceTests {
  static let tolerance = 1e-10

  @Test(arguments: DiagnosticsReference.loaded.cases)
  func diagnosticsMatchArviZ(_ reference: DiagnosticsReference.Case) throws {
    let draws = try ChainDraws(reference.draws.map { try Fixture.doubles($0) })
    let tolerance = Self.tolerance
    let expectedRHat = try Fixture.double(reference.rhat)
    if draws.chainCount < 2 {
      #expect(expectedRHat.isNaN)
      #expect(throws: MCMCDiagnosticsError.tooFewChainsForRHat(count: 1)) { try draws.rHat() }
    } else if expectedRHat.isNaN {
      #expect(try draws.rHat() == 1, "constant draws: R̂ is 1 where ArviZ says NaN")
    } else {
      expectClose(try draws.rHat(), expectedRHat, relative: tolerance, "R̂")
    }
    expectClose(
      draws.bulkEffectiveSampleSize, try Fixture.double(reference.essBulk), relative: tolerance,
      "bulk-ESS")
    expectClose(
      draws.tailEffectiveSampleSize, try Fixture.double(reference.essTail), relative: tolerance,
      "tail-ESS")
    expectClose(
      try draws.meanEffectiveSampleSize(), try Fixture.double(reference.essMean),
      relative: tolerance, "ESS of the mean")
    expectClose(
      try draws.basicEffectiveSampleSize(), try Fixture.double(reference.essIdentity),
      relative: tolerance, "basic ESS")
    expectClose(
      try draws.meanStandardError(), try Fixture.double(reference.mcseMean), relative: tolerance,
      "MCSE of the mean")
    let expectedMCSESD = try Fixture.double(reference.mcseSd)
    if expectedMCSESD.isNaN {
      #expect(try draws.standardDeviationStandardError() == 0, "constant draws: MCSE of sd is 0")
    } else {
      expectClose(
        try draws.standardDeviationStandardError(), expectedMCSESD, relative: tolerance,
        "MCSE of the sd")
    }
  }

  @Test(arguments: DiagnosticsReference.loaded.cases)
  func summaryMatchesArviZ(_ reference: DiagnosticsReference.Case) throws {
    let draws = try ChainDraws(reference.draws.map { try Fixture.doubles($0) })
    let summary = try PosteriorSummary([(name: "x", draws: draws)])
    let row = try #require(summary.parameters.first)
    let expected = reference.summary
    let tolerance = Self.tolerance
    expectClose(row.mean, try Fixture.double(expected.mean), relative: tolerance, "mean")
    expectClose(row.standardDeviation, try Fixture.double(expected.sd), relative: tolerance, "sd")
    expectClose(row.quantile5, try Fixture.double(expected.q5), relative: tolerance, "q5")
    expectClose(row.median, try Fixture.double(expected.q50), relative: tolerance, "q50")
    expectClose(row.quantile95, try Fixture.double(expected.q95), relative: tolerance, "q95")
    expectClose(
      row.meanStandardError, try Fixture.double(expected.mcseMean), relative: tolerance,
      "mcse_mean")
    let expectedMCSESD = try Fixture.double(expected.mcseSd)
    if expectedMCSESD.isNaN {
      #expect(row.standardDeviationStandardError == 0)
    } else {
      expectClose(
        row.standardDeviationStandardError, expectedMCSESD, relative: tolerance, "mcse_sd")
    }
    expectClose(
      row.bulkEffectiveSampleSize, try Fixture.double(expected.essBulk), relative: tolerance,
      "ess_bulk")
    expectClose(
      row.tailEffectiveSampleSize, try Fixture.double(expected.essTail), relative: tolerance,
      "ess_tail")
    let expectedRHat = try Fixture.double(expected.rhat)
    if draws.chainCount < 2 {
      #expect(row.rHat == nil)
    } else if expectedRHat.isNaN {
      #expect(row.rHat == 1)
    } else {
      expectClose(try #require(row.rHat), expectedRHat, relative: tolerance, "r_hat")
    }
  }

  @Test(arguments: DiagnosticsReference.loaded.bfmi)
  func energyBFMIMatchesArviZ(reference: DiagnosticsReference.EnergyCase) throws {
    for (chain, expected) in zip(reference.energy, reference.values) {
      let value = try #require(SamplerDiagnostics.energyBFMI(try Fixture.doubles(chain)))
      expectClose(value, try Fixture.double(expected), relative: Self.tolerance, "E-BFMI")
    }
  }

  @Test func energyBFMIIsNilWhereUndefined() {
    #expect(SamplerDiagnostics.energyBFMI([]) == nil)
    #expect(SamplerDiagnostics.energyBFMI([3]) == nil)
    #expect(SamplerDiagnostics.energyBFMI([2, 2, 2]) == nil)
    #expect(SamplerDiagnostics.energyBFMI([1, .nan, 2]) == nil)
    #expect(SamplerDiagnostics.energyBFMI([1, .infinity, 2]) == nil)
    #expect(SamplerDiagnostics.energyBFMI([1e300, -1e300, 1e300]) == nil)
    #expect(SamplerDiagnostics.energyBFMI([1, 2, 1, 2]) == 3)
  }
}
