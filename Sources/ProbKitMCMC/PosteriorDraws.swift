import Foundation
import ProbKitCore

/// The draws of every parameter from every chain of an ``HMCSampler`` run,
/// with the sampler's statistics, its adapted step sizes and metrics, and
/// the settings and seed that reproduce it.
///
/// ```swift
/// let posterior = try await HMCSampler().sample(model, seed: 42)
/// let mu = try posterior.draws("mu")    // ChainDraws: rHat, ESS, MCSE
/// print(try posterior.summary())       // az.summary's table
/// try posterior.writeCSV(to: URL(fileURLWithPath: "draws.csv"))
/// ```
public struct PosteriorDraws: Sendable, Equatable, Codable {
  /// One chain's output.
  public struct Chain: Sendable, Equatable, Codable {
    /// Draws × parameters, row-major: draw d's parameter j is
    /// `values[d * parameterCount + j]`.
    public let values: [Double]
    /// One entry per draw.
    public let statistics: [SamplerStatistics]
    /// The step size warmup ended on.
    public let stepSize: Double
    /// M⁻¹ after warmup: its diagonal, or the dense matrix row-major.
    public let inverseMetric: [Double]
  }

  /// The name of each reported value, in the order of a draw.
  public let parameterNames: [String]
  /// The settings of the run.
  public let sampler: HMCSampler
  /// The seed; chain c used `RandomSource(seed: seed, stream: c)`.
  public let seed: UInt32
  /// The chains, in order.
  public let chains: [Chain]

  init(parameterNames: [String], sampler: HMCSampler, seed: UInt32, chains: [Chain]) {
    self.parameterNames = parameterNames
    self.sampler = sampler
    self.seed = seed
    self.chains = chains
  }

  private enum CodingKeys: String, CodingKey {
    case parameterNames, sampler, seed, chains
  }

  /// Decodes draws and checks that they fit together: as many chains as the
  /// settings say, each with draws × parameters values and one statistics
  /// entry per draw, distinct names.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let names = try container.decode([String].self, forKey: .parameterNames)
    let sampler = try container.decode(HMCSampler.self, forKey: .sampler)
    let chains = try container.decode([Chain].self, forKey: .chains)
    func corrupt(_ message: String) -> DecodingError {
      .dataCorruptedError(forKey: .chains, in: container, debugDescription: message)
    }
    guard !names.isEmpty, Set(names).count == names.count else {
      throw corrupt("parameter names must be distinct and at least one")
    }
    guard sampler.draws >= 1, chains.count == sampler.chains else {
      throw corrupt("\(chains.count) chains where the settings say \(sampler.chains)")
    }
    let (count, overflow) = sampler.draws.multipliedReportingOverflow(by: names.count)
    for (index, chain) in chains.enumerated() {
      guard !overflow, chain.values.count == count, chain.statistics.count == sampler.draws
      else {
        throw corrupt(
          "chain \(index) has \(chain.values.count) values and \(chain.statistics.count) "
            + "statistics for \(sampler.draws) draws of \(names.count) parameters")
      }
    }
    self.init(
      parameterNames: names, sampler: sampler,
      seed: try container.decode(UInt32.self, forKey: .seed),
      chains: chains)
  }

  /// The number of reported values per draw.
  public var parameterCount: Int { parameterNames.count }
  /// Draws per chain.
  public var drawsPerChain: Int { sampler.draws }

  /// The same draws under other names (feature names for `beta[j]`, say).
  ///
  /// - Throws: ``MCMCDiagnosticsError/duplicateParameterName(_:)`` for a
  ///   repeated name, ``MCMCDiagnosticsError/nameCount(expected:count:)``
  ///   when the count differs.
  public func renaming(_ names: [String]) throws(MCMCDiagnosticsError) -> PosteriorDraws {
    guard names.count == parameterNames.count else {
      throw .nameCount(expected: parameterNames.count, count: names.count)
    }
    var seen = Set<String>()
    for name in names where !seen.insert(name).inserted { throw .duplicateParameterName(name) }
    return PosteriorDraws(parameterNames: names, sampler: sampler, seed: seed, chains: chains)
  }

  /// Draw `draw` of chain `chain`: one value per parameter, indexed from 0
  /// in the order of ``parameterNames``.
  public func draw(chain: Int, _ draw: Int) -> [Double] {
    let m = parameterCount
    return Array(chains[chain].values[(draw * m)..<((draw + 1) * m)])
  }

  /// Parameter `index`'s draws, chains × iterations.
  public func values(parameter index: Int) -> [[Double]] {
    let m = parameterCount
    return chains.map { chain in
      (0..<drawsPerChain).map { chain.values[$0 * m + index] }
    }
  }

  /// The draws of the parameter named `name`, ready for the diagnostics.
  ///
  /// - Throws: ``MCMCDiagnosticsError/unknownParameter(_:)`` for a name not
  ///   in ``parameterNames``; what ``ChainDraws/init(_:)`` throws (fewer than
  ///   4 draws, a non-finite draw).
  public func draws(_ name: String) throws(MCMCDiagnosticsError) -> ChainDraws {
    guard let index = parameterNames.firstIndex(of: name) else {
      throw .unknownParameter(name)
    }
    return try ChainDraws(values(parameter: index))
  }

  /// The summary table of every parameter, with its warnings.
  ///
  /// The columns of ArviZ's `az.summary`: mean, sd, 5/50/95% quantiles,
  /// MCSE, bulk- and tail-ESS and R̂. ``diagnostics`` has the sampler's own
  /// warnings.
  public func summary() throws(MCMCDiagnosticsError) -> PosteriorSummary {
    var named: [(name: String, draws: ChainDraws)] = []
    for (index, name) in parameterNames.enumerated() {
      named.append((name, try ChainDraws(values(parameter: index))))
    }
    return try PosteriorSummary(named)
  }

  /// Posterior predictive draws: `generate` called once per draw, chain
  /// after chain, with the draw's values and a random stream of its chain
  /// (`RandomSource(seed: seed, stream: c)`), so that the result is
  /// reproducible.
  ///
  /// ```swift
  /// // y_new ~ Normal(mu, sigma) for every posterior draw.
  /// let predictive = posterior.predictive(seed: 7) { theta, random in
  ///   theta[0] + theta[1] * random.nextStandardNormal()
  /// }
  /// ```
  ///
  /// - Returns: Chains × draws of whatever `generate` returns.
  public func predictive<T>(
    seed: UInt32, _ generate: ([Double], RandomSource) throws -> T
  ) rethrows -> [[T]] {
    var result: [[T]] = []
    for chain in chains.indices {
      let random = RandomSource(seed: seed, stream: UInt32(truncatingIfNeeded: chain))
      var chainResult: [T] = []
      chainResult.reserveCapacity(drawsPerChain)
      for index in 0..<drawsPerChain {
        chainResult.append(try generate(draw(chain: chain, index), random))
      }
      result.append(chainResult)
    }
    return result
  }
}
