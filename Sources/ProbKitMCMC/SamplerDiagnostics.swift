import Foundation

/// The sampler's own health checks of a run, per chain: divergences,
/// trajectories cut at the maximum tree depth, and the energy Bayesian
/// fraction of missing information (E-BFMI), with the warnings Stan prints.
///
/// E-BFMI = mean((Eₜ − Eₜ₋₁)²) / var(E) over a chain's energies (ArviZ's
/// `az.bfmi`, variance with divisor N − 1); below 0.3 the momentum resampling
/// explores the energy poorly (Betancourt 2016), often a heavy tail or a
/// funnel.
///
/// ```swift
/// let check = posterior.diagnostics
/// check.divergences          // [0, 0, 2, 0]
/// check.warnings.isEmpty     // false: 2 divergences in chain 2
/// ```
public struct SamplerDiagnostics: Sendable, Equatable, Codable, CustomStringConvertible {
  /// Divergent transitions per chain (after warmup).
  public let divergences: [Int]
  /// Draws per chain whose trajectory stopped at the maximum tree depth.
  public let saturatedTreeDepths: [Int]
  /// E-BFMI per chain; `nil` for a chain of fewer than 2 draws or constant
  /// energy.
  public let energyBFMI: [Double?]
  /// The mean acceptance statistic per chain.
  public let meanAcceptance: [Double]
  /// What needs attention, chain by chain.
  public let warnings: [SamplerWarning]

  /// E-BFMI below this is a warning (Stan's and ArviZ's 0.3).
  public static let energyBFMIThreshold = 0.3

  init(_ draws: PosteriorDraws) {
    var maximumDepth = Int.max
    if case .noUTurn(let depth) = draws.sampler.trajectory { maximumDepth = depth }
    divergences = draws.chains.map { $0.statistics.count(where: \.divergent) }
    saturatedTreeDepths = draws.chains.map { chain in
      chain.statistics.count(where: { $0.treeDepth >= maximumDepth })
    }
    energyBFMI = draws.chains.map { Self.energyBFMI($0.statistics.map(\.energy)) }
    meanAcceptance = draws.chains.map { chain in
      Moments.mean(chain.statistics.map(\.acceptance))
    }
    var warnings: [SamplerWarning] = []
    for chain in draws.chains.indices {
      if divergences[chain] > 0 {
        warnings.append(.init(chain: chain, kind: .divergences, value: Double(divergences[chain])))
      }
      if saturatedTreeDepths[chain] > 0 {
        warnings.append(
          .init(
            chain: chain, kind: .saturatedTreeDepth, value: Double(saturatedTreeDepths[chain])))
      }
      if let bfmi = energyBFMI[chain], bfmi < Self.energyBFMIThreshold {
        warnings.append(.init(chain: chain, kind: .lowEnergyBFMI, value: bfmi))
      }
    }
    self.warnings = warnings
  }

  /// The E-BFMI of one chain's energies: mean((Eₜ − Eₜ₋₁)²) / var(E), the
  /// variance with divisor N − 1, as `az.bfmi`.
  ///
  /// ```swift
  /// SamplerDiagnostics.energyBFMI([1, 2, 1, 2])  // 1 / (1/3) = 3
  /// ```
  ///
  /// - Returns: The ratio; `nil` for fewer than 2 energies, a non-finite
  ///   one, or constant energies (ArviZ: NaN).
  public static func energyBFMI(_ energy: [Double]) -> Double? {
    guard energy.count >= 2, energy.allSatisfy(\.isFinite) else { return nil }
    let centre = Moments.mean(energy)
    let variance =
      Moments.sum(energy.map { ($0 - centre) * ($0 - centre) }) / Double(energy.count - 1)
    let steps = Moments.sum(zip(energy.dropFirst(), energy).map { ($0 - $1) * ($0 - $1) })
    let ratio = steps / Double(energy.count - 1) / variance
    return variance > 0 && ratio.isFinite ? ratio : nil
  }

  /// One line per chain, then one per warning.
  public var description: String {
    var lines = divergences.indices.map { chain in
      let bfmi = energyBFMI[chain].map { String(format: "%.2f", $0) } ?? "-"
      return
        "chain \(chain): \(divergences[chain]) divergences, "
        + "\(saturatedTreeDepths[chain]) at maximum tree depth, E-BFMI \(bfmi), "
        + "mean acceptance \(String(format: "%.2f", meanAcceptance[chain]))"
    }
    lines += warnings.map { "warning: \($0)" }
    return lines.joined(separator: "\n")
  }
}

/// A sampler check outside its threshold, as data.
public struct SamplerWarning: Sendable, Equatable, Codable, CustomStringConvertible {
  /// Which check fails.
  public enum Kind: String, Sendable, Codable {
    /// Divergent transitions: the posterior has regions the step size cannot
    /// resolve, and the draws may be biased. Raise the target acceptance or
    /// reparameterise.
    case divergences
    /// Trajectories cut at the maximum tree depth: an efficiency concern.
    case saturatedTreeDepth
    /// E-BFMI below ``SamplerDiagnostics/energyBFMIThreshold``.
    case lowEnergyBFMI
  }

  /// The chain.
  public let chain: Int
  /// The check.
  public let kind: Kind
  /// The count (divergences, saturated trees) or the E-BFMI.
  public let value: Double

  public var description: String {
    switch kind {
    case .divergences:
      return
        "chain \(chain): \(Int(value)) divergent transitions; raise targetAcceptance "
        + "or reparameterise"
    case .saturatedTreeDepth:
      return "chain \(chain): \(Int(value)) trajectories reached the maximum tree depth"
    case .lowEnergyBFMI:
      return
        "chain \(chain): E-BFMI \(String(format: "%.3f", value)) is below "
        + "\(SamplerDiagnostics.energyBFMIThreshold)"
    }
  }
}

extension PosteriorDraws {
  /// The sampler's health checks: divergences, saturated tree depths,
  /// E-BFMI.
  public var diagnostics: SamplerDiagnostics { SamplerDiagnostics(self) }
}
