/// The convergence diagnostics of Vehtari et al. (2021), as ArviZ 0.23
/// computes them (`az.rhat(method="rank")`, `az.ess(method=...)`,
/// `az.mcse(method="mean"|"sd")`). Docs/MCMC.md gives the formulas.
extension ChainDraws {
  // MARK: - R̂

  /// Rank-normalised split-R̂, ArviZ's `rhat(method="rank")`.
  ///
  /// The larger of the bulk R̂ (the split chains' ranks, normal scores
  /// taken) and the tail R̂ (the same for the draws folded about their
  /// median).
  ///
  /// Values above 1.01 say the chains have not mixed. Constant draws give 1
  /// (ArviZ: NaN); chains that are each constant but differ give +∞.
  ///
  /// - Throws: ``MCMCDiagnosticsError/tooFewChainsForRHat(count:)`` for one
  ///   chain (ArviZ answers NaN).
  public func rHat() throws(MCMCDiagnosticsError) -> Double {
    guard chainCount >= 2 else {
      throw MCMCDiagnosticsError.tooFewChainsForRHat(count: chainCount)
    }
    let split = RankNormalization.split(chains)
    return try Self.rankRHat(split: split, foldReference: split)
  }

  /// R̂ as `az.summary` computes it: the same as ``rHat()`` except that
  /// the tail R̂ folds about the median of all draws rather than of the split
  /// chains (they differ only when chains have an odd number of draws,
  /// whose middle draws splitting drops).
  func summaryRHat() throws(MCMCDiagnosticsError) -> Double? {
    guard chainCount >= 2 else { return nil }
    return try Self.rankRHat(split: RankNormalization.split(chains), foldReference: chains)
  }

  private static func rankRHat(split: [[Double]], foldReference: [[Double]])
    throws(MCMCDiagnosticsError) -> Double
  {
    let folded = RankNormalization.fold(split, aroundMedianOf: foldReference)
    guard
      let bulk = RankNormalization.potentialScaleReduction(RankNormalization.zScale(split)),
      let tail = RankNormalization.potentialScaleReduction(RankNormalization.zScale(folded))
    else { throw MCMCDiagnosticsError.overflow(quantity: "rHat") }
    return max(bulk, tail)
  }

  // MARK: - Effective sample size

  /// Bulk-ESS, ArviZ's `ess(method="bulk")`.
  ///
  /// The effective sample size of the rank-normalised split chains, which
  /// measures how well the centre of the distribution is explored.
  ///
  /// Constant draws give the number of draws used (ArviZ).
  public var bulkEffectiveSampleSize: Double {
    // Rank-normalised values are bounded by about ±8.3: nothing overflows.
    Geyer.effectiveSampleSize(RankNormalization.zScale(RankNormalization.split(chains))) ?? 0
  }

  /// Tail-ESS, ArviZ's `ess(method="tail")`.
  ///
  /// The smaller of the effective sample sizes of the indicators x ≤ q₀.₀₅
  /// and x ≤ q₀.₉₅ on the split chains, which measures how well the tails
  /// are explored.
  public var tailEffectiveSampleSize: Double {
    let sorted = pooled.sorted()
    let low = Moments.mquantile(sorted: sorted, 0.05)
    let high = Moments.mquantile(sorted: sorted, 0.95)
    let split = RankNormalization.split(chains)
    // Indicators are 0 or 1: nothing overflows.
    let lowESS =
      Geyer.effectiveSampleSize(RankNormalization.indicator(split, atMost: low)) ?? 0
    let highESS =
      Geyer.effectiveSampleSize(RankNormalization.indicator(split, atMost: high)) ?? 0
    return min(lowESS, highESS)
  }

  /// The effective sample size of the mean, ArviZ's `ess(method="mean")`.
  ///
  /// Geyer's initial monotone sequence on the split chains, untransformed:
  /// the ESS the MCSE of the mean uses.
  ///
  /// - Throws: ``MCMCDiagnosticsError/overflow(quantity:)`` when the draws'
  ///   squares overflow.
  public func meanEffectiveSampleSize() throws(MCMCDiagnosticsError) -> Double {
    guard let ess = Geyer.effectiveSampleSize(RankNormalization.split(chains)) else {
      throw MCMCDiagnosticsError.overflow(quantity: "meanEffectiveSampleSize")
    }
    return ess
  }

  /// The basic effective sample size, ArviZ's `ess(method="identity")`.
  ///
  /// Geyer's initial monotone sequence on the chains as they are, neither
  /// split nor transformed.
  ///
  /// - Throws: ``MCMCDiagnosticsError/overflow(quantity:)`` when the draws'
  ///   squares overflow.
  public func basicEffectiveSampleSize() throws(MCMCDiagnosticsError) -> Double {
    guard let ess = Geyer.effectiveSampleSize(chains) else {
      throw MCMCDiagnosticsError.overflow(quantity: "basicEffectiveSampleSize")
    }
    return ess
  }

  // MARK: - Monte Carlo standard errors

  /// The Monte Carlo standard error of the mean, ArviZ's `mcse(method="mean")`.
  ///
  /// sd / √ESS_mean, sd with divisor N - 1. Constant draws give 0.
  ///
  /// - Throws: ``MCMCDiagnosticsError/overflow(quantity:)`` when the draws'
  ///   squares overflow.
  public func meanStandardError() throws(MCMCDiagnosticsError) -> Double {
    let values = pooled
    let centre = Moments.mean(values)
    let squares = values.map { ($0 - centre) * ($0 - centre) }
    let variance = Moments.sum(squares) / Double(values.count - 1)
    let ess = try meanEffectiveSampleSize()
    guard variance.isFinite else {
      throw MCMCDiagnosticsError.overflow(quantity: "meanStandardError")
    }
    return (variance / ess).squareRoot()
  }

  /// The Monte Carlo standard error of the sd, ArviZ's `mcse(method="sd")`.
  ///
  /// By the delta method from the squared deviations s = (x - x̄)²:
  /// √((mean(s²) - mean(s)²) / ESS_mean(s) / mean(s) / 4). Constant draws
  /// give 0 (ArviZ: NaN, 0/0).
  ///
  /// - Throws: ``MCMCDiagnosticsError/overflow(quantity:)`` when the draws'
  ///   fourth powers overflow (|x| beyond about 1e77).
  public func standardDeviationStandardError() throws(MCMCDiagnosticsError) -> Double {
    let centre = mean
    let squares = chains.map { $0.map { ($0 - centre) * ($0 - centre) } }
    let pooledSquares = squares.flatMap { $0 }
    let expected = Moments.mean(pooledSquares)
    if expected == 0 { return 0 }
    guard
      let ess = Geyer.effectiveSampleSize(RankNormalization.split(squares)),
      expected.isFinite
    else { throw MCMCDiagnosticsError.overflow(quantity: "standardDeviationStandardError") }
    let fourth = Moments.mean(pooledSquares.map { $0 * $0 })
    // Rounding can take mean(s²) - mean(s)² below 0 when every s is equal.
    let varianceOfVariance = max(fourth - expected * expected, 0) / ess
    let result = (varianceOfVariance / expected / 4).squareRoot()
    guard result.isFinite else {
      throw MCMCDiagnosticsError.overflow(quantity: "standardDeviationStandardError")
    }
    return result
  }
}
