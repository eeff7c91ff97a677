/// The draws of one scalar parameter from several Markov chains: chains ×
/// iterations, validated once so that every diagnostic can trust them.
///
/// ```swift
/// let draws = try ChainDraws([[0.1, 0.4, -0.2, 0.3], [0.0, 0.5, 0.2, -0.1]])
/// draws.mean                          // 0.15
/// try draws.rHat()                    // rank-normalised split-R̂
/// draws.bulkEffectiveSampleSize       // bulk-ESS
/// ```
///
/// The diagnostics follow ArviZ 0.23 (`az.rhat`, `az.ess`, `az.mcse`,
/// `az.summary`), which implements Vehtari, Gelman, Simpson, Carpenter and
/// Bürkner (2021), "Rank-normalization, folding, and localization: an
/// improved R̂ for assessing convergence of MCMC", Bayesian Analysis 16(2).
/// The fixture tests hold every number to 1e-10 relative of ArviZ.
///
/// Where ArviZ answers NaN, ProbKit answers a documented value or throws:
/// R̂ of one chain throws ``MCMCDiagnosticsError/tooFewChainsForRHat(count:)``;
/// R̂ of constant draws is 1 and their MCSE of the sd is 0 (see each
/// property).
public struct ChainDraws: Sendable, Equatable, Codable {
  /// The draws, `chains[c][i]` being chain c's i-th draw.
  public let chains: [[Double]]

  /// The number of chains.
  public var chainCount: Int { chains.count }
  /// The number of draws in each chain.
  public var drawsPerChain: Int { chains[0].count }
  /// The number of draws in all chains.
  public var drawCount: Int { chainCount * drawsPerChain }

  /// Validates draws given as chains × iterations.
  ///
  /// - Throws: ``MCMCDiagnosticsError`` when there is no chain, when chains
  ///   differ in length or have fewer than 4 draws, or when a draw is NaN or
  ///   ±∞. One chain is allowed (as in ArviZ): every diagnostic but R̂ is
  ///   defined for it.
  public init(_ chains: [[Double]]) throws(MCMCDiagnosticsError) {
    guard let first = chains.first else { throw MCMCDiagnosticsError.noChains }
    for (index, chain) in chains.enumerated() where chain.count != first.count {
      throw MCMCDiagnosticsError.unequalChainLengths(
        chain: index, count: chain.count, expected: first.count)
    }
    guard first.count >= 4 else { throw MCMCDiagnosticsError.tooFewDraws(count: first.count) }
    for (index, chain) in chains.enumerated() {
      if let iteration = chain.firstIndex(where: { !$0.isFinite }) {
        throw MCMCDiagnosticsError.nonFiniteDraw(
          chain: index, iteration: iteration, value: chain[iteration])
      }
    }
    self.chains = chains
  }

  public init(from decoder: any Decoder) throws {
    try self.init(decoder.singleValueContainer().decode([[Double]].self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(chains)
  }

  /// Every draw, chain after chain.
  var pooled: [Double] { chains.flatMap { $0 } }

  // MARK: - Statistics

  /// The mean of all draws.
  public var mean: Double { Moments.mean(pooled) }

  /// The standard deviation of all draws, with divisor N - 1 (ArviZ's
  /// `sd`, `ddof=1`).
  public var standardDeviation: Double {
    let values = pooled
    let centre = Moments.mean(values)
    return (Moments.sum(values.map { ($0 - centre) * ($0 - centre) }) / Double(values.count - 1))
      .squareRoot()
  }

  /// The `p` quantile of all draws, interpolating linearly between order
  /// statistics (R's type 7, numpy's default): with h = (N - 1)p,
  /// x₍⌊h⌋₎ + (h - ⌊h⌋)(x₍⌊h⌋+1₎ - x₍⌊h⌋₎), order statistics counted from 0.
  ///
  /// - Parameter p: A probability in [0, 1].
  /// - Returns: The interpolated quantile; NaN for p outside [0, 1] or NaN,
  ///   as the distributions' `quantile`.
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    return Moments.quantile(sorted: pooled.sorted(), p)
  }
}
