import Foundation

/// What ArviZ's `az.summary` reports for several named parameters, with the
/// 5%, 50% and 95% quantiles, and the warnings a reader should not miss, as
/// data.
///
/// ```swift
/// let summary = try PosteriorSummary(["mu": muDraws, "tau": tauDraws])
/// print(summary)               // a table like az.summary's
/// summary.warnings.isEmpty     // false when R̂ > 1.01 or an ESS < 400
/// ```
public struct PosteriorSummary: Sendable, Equatable, Codable, CustomStringConvertible {
  /// One row per parameter, in the order given.
  public let parameters: [ParameterSummary]
  /// What needs attention, parameter by parameter, in the order of the rows.
  public let warnings: [DiagnosticWarning]

  /// R̂ above this is a warning, as Vehtari and others (2021) advise.
  public static let rHatThreshold = 1.01
  /// Bulk- or tail-ESS below this is a warning.
  ///
  /// Vehtari et al. (2021) advise 100 per chain; this is for 4 chains.
  public static let effectiveSampleSizeThreshold = 400.0

  /// Summarises each named parameter's draws (chains × iterations).
  ///
  /// - Throws: ``MCMCDiagnosticsError`` for an empty list, a repeated name,
  ///   or draws that ``ChainDraws/init(_:)`` rejects.
  public init(_ parameters: [(name: String, draws: ChainDraws)]) throws(MCMCDiagnosticsError) {
    guard !parameters.isEmpty else { throw MCMCDiagnosticsError.noParameters }
    var seen = Set<String>()
    for (name, _) in parameters where !seen.insert(name).inserted {
      throw MCMCDiagnosticsError.duplicateParameterName(name)
    }
    var rows: [ParameterSummary] = []
    for (name, draws) in parameters { rows.append(try ParameterSummary(name: name, draws: draws)) }
    self.parameters = rows
    self.warnings = rows.flatMap { $0.warnings }
  }

  /// Summarises named draws given as chains × iterations, in the order
  /// written: `try PosteriorSummary(["mu": mu, "tau": tau])`.
  public init(_ parameters: KeyValuePairs<String, [[Double]]>) throws(MCMCDiagnosticsError) {
    var named: [(name: String, draws: ChainDraws)] = []
    for (name, chains) in parameters { named.append((name, try ChainDraws(chains))) }
    try self.init(named)
  }

  /// The table, one row per parameter, then one line per warning.
  public var description: String {
    let header = [
      "", "mean", "sd", "q5", "q50", "q95", "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail",
      "r_hat",
    ]
    let rows = parameters.map { row -> [String] in
      [
        row.name, fixed(row.mean, 3), fixed(row.standardDeviation, 3),
        fixed(row.quantile5, 3), fixed(row.median, 3), fixed(row.quantile95, 3),
        fixed(row.meanStandardError, 3), fixed(row.standardDeviationStandardError, 3),
        fixed(row.bulkEffectiveSampleSize, 0), fixed(row.tailEffectiveSampleSize, 0),
        row.rHat.map { fixed($0, 2) } ?? "-",
      ]
    }
    let table = [header] + rows
    let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    var lines = table.map { cells in
      cells.indices.map { column in
        let cell = cells[column]
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        return column == 0 ? cell + padding : padding + cell
      }.joined(separator: "  ")
    }
    lines += warnings.map { "warning: \($0)" }
    return lines.joined(separator: "\n")
  }
}

/// One parameter's row of a ``PosteriorSummary``.
public struct ParameterSummary: Sendable, Equatable, Codable {
  /// The parameter's name.
  public let name: String
  /// The mean of all draws.
  public let mean: Double
  /// With divisor N - 1.
  public let standardDeviation: Double
  /// The 5% quantile of all draws.
  public let quantile5: Double
  /// The 50% quantile.
  public let median: Double
  /// The 95% quantile.
  public let quantile95: Double
  /// ``ChainDraws/meanStandardError()``.
  public let meanStandardError: Double
  /// ``ChainDraws/standardDeviationStandardError()``.
  public let standardDeviationStandardError: Double
  /// ``ChainDraws/bulkEffectiveSampleSize``.
  public let bulkEffectiveSampleSize: Double
  /// ``ChainDraws/tailEffectiveSampleSize``.
  public let tailEffectiveSampleSize: Double
  /// Rank-normalised split-R̂ as `az.summary` computes it; `nil` for one
  /// chain (ArviZ: NaN).
  public let rHat: Double?

  /// Computes every column from validated draws.
  public init(name: String, draws: ChainDraws) throws(MCMCDiagnosticsError) {
    self.name = name
    mean = draws.mean
    standardDeviation = draws.standardDeviation
    let sorted = draws.pooled.sorted()
    quantile5 = Moments.quantile(sorted: sorted, 0.05)
    median = Moments.quantile(sorted: sorted, 0.5)
    quantile95 = Moments.quantile(sorted: sorted, 0.95)
    meanStandardError = try draws.meanStandardError()
    standardDeviationStandardError = try draws.standardDeviationStandardError()
    bulkEffectiveSampleSize = draws.bulkEffectiveSampleSize
    tailEffectiveSampleSize = draws.tailEffectiveSampleSize
    rHat = try draws.summaryRHat()
    guard standardDeviation.isFinite, mean.isFinite else {
      throw MCMCDiagnosticsError.overflow(quantity: "PosteriorSummary")
    }
  }

  /// The warnings this row raises: R̂ above 1.01, bulk- or tail-ESS below
  /// 400.
  public var warnings: [DiagnosticWarning] {
    var found = [DiagnosticWarning]()
    if let rHat, rHat > PosteriorSummary.rHatThreshold {
      found.append(DiagnosticWarning(parameter: name, kind: .rHat, value: rHat))
    }
    if bulkEffectiveSampleSize < PosteriorSummary.effectiveSampleSizeThreshold {
      found.append(
        DiagnosticWarning(parameter: name, kind: .bulkESS, value: bulkEffectiveSampleSize))
    }
    if tailEffectiveSampleSize < PosteriorSummary.effectiveSampleSizeThreshold {
      found.append(
        DiagnosticWarning(parameter: name, kind: .tailESS, value: tailEffectiveSampleSize))
    }
    return found
  }
}

/// A diagnostic outside its threshold, as data.
public struct DiagnosticWarning: Sendable, Equatable, Codable, CustomStringConvertible {
  /// Which diagnostic, and which way it fails.
  public enum Kind: String, Sendable, Codable {
    /// R̂ above ``PosteriorSummary/rHatThreshold``: the chains disagree.
    case rHat
    /// Bulk-ESS below ``PosteriorSummary/effectiveSampleSizeThreshold``.
    case bulkESS
    /// Tail-ESS below ``PosteriorSummary/effectiveSampleSizeThreshold``.
    case tailESS
  }

  /// The parameter the warning is about.
  public let parameter: String
  /// Which diagnostic crossed its threshold.
  public let kind: Kind
  /// The diagnostic's value.
  public let value: Double

  /// A warning about `parameter`'s `kind` diagnostic at `value`.
  public init(parameter: String, kind: Kind, value: Double) {
    self.parameter = parameter
    self.kind = kind
    self.value = value
  }

  public var description: String {
    let threshold = fixed(PosteriorSummary.effectiveSampleSizeThreshold, 0)
    switch kind {
    case .rHat:
      return "\(parameter): R̂ = \(fixed(value, 3)) > \(PosteriorSummary.rHatThreshold)"
        + " (the chains have not mixed)"
    case .bulkESS:
      return "\(parameter): bulk-ESS = \(fixed(value, 0)) < \(threshold)"
    case .tailESS:
      return "\(parameter): tail-ESS = \(fixed(value, 0)) < \(threshold)"
    }
  }
}

/// `value` with `digits` decimals (C's `%.Nf`); "inf" for +∞.
func fixed(_ value: Double, _ digits: Int) -> String {
  String(format: "%.\(digits)f", value)
}
