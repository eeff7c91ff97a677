import Foundation
import ProbKitCore
import ProbKitMCMC
import Testing

/// The sampler's contract: reproducibility across scheduling, validation
/// with typed errors, the warnings it owes its user, and its outputs
/// (CSV, Codable, predictive draws).
@Suite struct HMCSamplerTests {
  static func standardNormal(dimension: Int = 2) throws -> LogDensityFunction {
    try LogDensityFunction(dimension: dimension) { x, gradient in
      var sum = 0.0
      for i in 0..<dimension {
        gradient[i] = -x[i]
        sum += x[i] * x[i]
      }
      return -0.5 * sum
    }
  }

  static let quick = HMCSampler(warmup: 150, draws: 100, chains: 3)

  // MARK: - Reproducibility

  @Test func sameSeedGivesBitIdenticalDraws() async throws {
    let model = try Self.standardNormal()
    let first = try await Self.quick.sample(model, seed: 5)
    let second = try await Self.quick.sample(model, seed: 5)
    #expect(first == second)
    let other = try await Self.quick.sample(model, seed: 6)
    #expect(first.chains[0].values != other.chains[0].values)
  }

  /// Chain c depends on c alone: one chain run alone equals chain 0 of a
  /// parallel run.
  @Test func chainsDoNotDependOnEachOther() async throws {
    let model = try Self.standardNormal()
    var single = Self.quick
    single.chains = 1
    let alone = try await single.sample(model, seed: 9)
    let together = try await Self.quick.sample(model, seed: 9)
    #expect(alone.chains[0] == together.chains[0])
  }

  // MARK: - Validation

  @Test(arguments: [
    (HMCSampler(trajectory: .noUTurn(maximumTreeDepth: 0)), "maximumTreeDepth"),
    (HMCSampler(trajectory: .noUTurn(maximumTreeDepth: 31)), "maximumTreeDepth"),
    (HMCSampler(trajectory: .fixed(leapfrogSteps: 0)), "leapfrogSteps"),
    (HMCSampler(trajectory: .fixed(leapfrogSteps: .max)), "leapfrogSteps"),
    (HMCSampler(targetAcceptance: 1), "targetAcceptance"),
    (HMCSampler(targetAcceptance: .nan), "targetAcceptance"),
    (HMCSampler(warmup: -1), "warmup"),
    (HMCSampler(draws: 0), "draws"),
    (HMCSampler(chains: 0), "chains"),
    (HMCSampler(initialStepSize: 0), "initialStepSize"),
    (HMCSampler(initialStepSize: .infinity), "initialStepSize"),
    (HMCSampler(maximumEnergyError: .nan), "maximumEnergyError"),
    (HMCSampler(initialRadius: -1), "initialRadius"),
  ])
  func invalidSettingsThrow(sampler: HMCSampler, setting: String) async throws {
    await #expect {
      _ = try await sampler.sample(Self.standardNormal(), seed: 1)
    } throws: { error in
      guard case .invalidSetting(let name, _, _) = error as? HMCError else { return false }
      return name == setting
    }
  }

  @Test func hostileSizesAndValuesThrow() async throws {
    let model = try Self.standardNormal()
    await #expect(throws: HMCError.tooManyDraws(chains: 4, draws: .max, parameters: 2)) {
      _ = try await HMCSampler(draws: .max).sample(model, seed: 1)
    }
    await #expect(throws: HMCError.parameterNameCount(expected: 2, count: 1)) {
      _ = try await Self.quick.sample(model, seed: 1, parameterNames: ["a"])
    }
    await #expect(throws: HMCError.initialValuesCount(expected: 3, count: 2)) {
      _ = try await Self.quick.sample(model, seed: 1, initialValues: [[0, 0], [0, 0]])
    }
    await #expect(throws: HMCError.initialValuesCount(expected: 2, count: 3)) {
      _ = try await Self.quick.sample(model, seed: 1, initialValues: [[0, 0, 0]])
    }
    await #expect(throws: HMCError.invalidInitialValues(chain: 0, logDensity: -.infinity)) {
      _ = try await Self.quick.sample(model, seed: 1, initialValues: [[.nan, 0]])
    }
  }

  @Test func modelsThatCannotBeSampledThrow() async throws {
    let nowhere = try LogDensityFunction(dimension: 1) { _, _ in .nan }
    await #expect(throws: HMCError.noValidInitialPoint(chain: 0, attempts: 100)) {
      _ = try await Self.quick.sample(nowhere, seed: 1)
    }
    let flat = try LogDensityFunction(dimension: 1) { _, gradient in
      gradient[0] = 0
      return 0
    }
    await #expect(throws: HMCError.improperPosterior(chain: 0)) {
      _ = try await Self.quick.sample(flat, seed: 1)
    }
  }

  @Test func constrainedInitialValuesAreChecked() async throws {
    let model = try HMCSamplerExactPosteriorTests.conjugateModel()
    await #expect {
      _ = try await Self.quick.sample(model, seed: 1, initialValues: [[2, 1, 0.2, 0.3, 0.5]])
    } throws: { error in
      guard case .invalidSetting(let name, _, _) = error as? HMCError else { return false }
      return name == "initialValues"
    }
    let started = try await Self.quick.sample(
      model, seed: 1, initialValues: [[0.5, 1, 0.2, 0.3, 0.5]])
    #expect(started.chains.count == 3)
  }

  // MARK: - Warnings

  /// Neal's funnel makes NUTS diverge when centred, not when non-centred.
  ///
  /// Centred: v ~ N(0, 3), x | v ~ N(0, e^{v/2}); its neck is too narrow
  /// for the adapted step size.
  @Test func funnelDivergesUnlessNonCentred() async throws {
    let centred = try LogDensityFunction(dimension: 2) { x, gradient in
      let (v, y) = (x[0], x[1])
      let precision = exp(-v)
      gradient[0] = -v / 9 - 0.5 + 0.5 * y * y * precision
      gradient[1] = -y * precision
      return -v * v / 18 - 0.5 * v - 0.5 * y * y * precision
    }
    let divergent = try await HMCSampler(warmup: 500, draws: 500).sample(centred, seed: 3)
    #expect(divergent.diagnostics.divergences.reduce(0, +) > 0)
    #expect(divergent.diagnostics.warnings.contains { $0.kind == .divergences })
    let nonCentred = try Self.standardNormal()
    let clean = try await HMCSampler(warmup: 500, draws: 500).sample(nonCentred, seed: 3)
    #expect(clean.diagnostics.divergences == [0, 0, 0, 0])
  }

  @Test func saturatedTreesAreReported() async throws {
    let wide = try LogDensityFunction(dimension: 1) { x, gradient in
      gradient[0] = -x[0] / 1e4
      return -0.5 * x[0] * x[0] / 1e4
    }
    let sampler = HMCSampler(
      trajectory: .noUTurn(maximumTreeDepth: 2), metric: .unit, warmup: 0, draws: 50, chains: 2,
      initialStepSize: 0.01)
    let posterior = try await sampler.sample(wide, seed: 1)
    #expect(posterior.diagnostics.saturatedTreeDepths == [50, 50])
    #expect(posterior.diagnostics.warnings.contains { $0.kind == .saturatedTreeDepth })
    #expect(posterior.chains[0].statistics.allSatisfy { $0.leapfrogSteps <= 3 })
  }

  // MARK: - Outputs

  @Test func csvHasStansLayoutAndRoundTrips() async throws {
    let posterior = try await Self.quick.sample(
      Self.standardNormal(), seed: 2, parameterNames: ["a,b", "say \"hi\""])
    let lines = posterior.csv().split(separator: "\n")
    #expect(
      lines[0]
        == "chain,draw,lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,"
        + "energy__,\"a,b\",\"say \"\"hi\"\"\"")
    #expect(lines.count == 1 + 3 * 100)
    let fields = lines[101].split(separator: ",")
    #expect(fields[0] == "1" && fields[1] == "0")
    #expect(Double(String(fields[9])) == posterior.draw(chain: 1, 0).first)
    #expect(Double(String(fields[10])) == posterior.draw(chain: 1, 0).last)
    #expect(Double(String(fields[2])) == posterior.chains[1].statistics[0].logDensity)

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "probkit-hmc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("draws.csv")
    try posterior.writeCSV(to: file)
    #expect(try String(contentsOf: file, encoding: .utf8) == posterior.csv())
    #expect(throws: (any Error).self) {
      try posterior.writeCSV(to: directory.appendingPathComponent("missing/draws.csv"))
    }
  }

  @Test func codableRoundTrip() async throws {
    let posterior = try await Self.quick.sample(Self.standardNormal(), seed: 4)
    let data = try JSONEncoder().encode(posterior)
    #expect(try JSONDecoder().decode(PosteriorDraws.self, from: data) == posterior)
  }

  @Test func predictiveDrawsAreReproducible() async throws {
    let posterior = try await Self.quick.sample(Self.standardNormal(), seed: 8)
    let generate = { (theta: [Double], random: RandomSource) in
      theta[0] + random.nextStandardNormal()
    }
    let first = posterior.predictive(seed: 1, generate)
    #expect(first.count == 3 && first.allSatisfy { $0.count == 100 })
    #expect(first == posterior.predictive(seed: 1, generate))
    #expect(first != posterior.predictive(seed: 2, generate))
  }

  @Test func unknownParameterNameThrows() async throws {
    let posterior = try await Self.quick.sample(Self.standardNormal(), seed: 4)
    #expect(throws: MCMCDiagnosticsError.unknownParameter("mu")) {
      _ = try posterior.draws("mu")
    }
  }
}

/// A conformer with a dimension no sampler can serve.
private struct BrokenDimension: LogDensity {
  let dimension: Int
  func logDensity(_ x: [Double]) -> Double { 0 }
  func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double { 0 }
}

extension HMCSamplerTests {
  @Test(arguments: [0, -3, Int.max / 8, Int.max])
  func unsupportedDimensionsThrow(dimension: Int) async throws {
    await #expect(throws: HMCError.unsupportedDimension(dimension)) {
      _ = try await HMCSampler().sample(BrokenDimension(dimension: dimension), seed: 1)
    }
  }

  /// A log density of +∞ somewhere is rejected like a point outside the
  /// support: the draws stay finite.
  @Test func infiniteLogDensityIsRejected() async throws {
    let spike = try LogDensityFunction(dimension: 1) { x, gradient in
      gradient[0] = -x[0]
      return abs(x[0] - 0.5) < 0.05 ? .infinity : -0.5 * x[0] * x[0]
    }
    let posterior = try await Self.quick.sample(spike, seed: 3)
    #expect(posterior.chains.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    #expect(posterior.chains.allSatisfy { $0.statistics.allSatisfy { $0.logDensity.isFinite } })
  }
}

extension HMCSamplerTests {
  @Test func renamingKeepsTheDraws() async throws {
    let posterior = try await Self.quick.sample(Self.standardNormal(), seed: 4)
    let renamed = try posterior.renaming(["height", "weight"])
    #expect(renamed.parameterNames == ["height", "weight"])
    #expect(renamed.chains == posterior.chains)
    #expect(try renamed.draws("weight") == posterior.draws("x[1]"))
    #expect(throws: MCMCDiagnosticsError.duplicateParameterName("a")) {
      _ = try posterior.renaming(["a", "a"])
    }
    #expect(throws: MCMCDiagnosticsError.nameCount(expected: 2, count: 1)) {
      _ = try posterior.renaming(["a"])
    }
  }
}

extension HMCSamplerTests {
  /// A file of draws is checked as it is read: a chain short of values, a
  /// missing chain, repeated names.
  @Test func malformedDrawFilesAreRejected() async throws {
    let posterior = try await Self.quick.sample(Self.standardNormal(), seed: 4)
    let data = try JSONEncoder().encode(posterior)
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var chains = try #require(object["chains"] as? [[String: Any]])
    let fine = object

    var values = try #require(chains[0]["values"] as? [Double])
    values.removeLast()
    chains[0]["values"] = values
    object["chains"] = chains
    for broken in [
      object, fine.merging(["chains": Array(chains.dropFirst())]) { $1 },
      fine.merging(["parameterNames": ["a", "a"]]) { $1 },
      fine.merging(["parameterNames": [String]()]) { $1 },
    ] {
      let bytes = try JSONSerialization.data(withJSONObject: broken)
      #expect(throws: DecodingError.self) {
        _ = try JSONDecoder().decode(PosteriorDraws.self, from: bytes)
      }
    }
    await #expect(throws: HMCError.self) {
      _ = try await HMCSampler(chains: .max).sample(Self.standardNormal(), seed: 1)
    }
  }
}
