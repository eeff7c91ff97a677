import Foundation

/// The effective sample size of draws given as chains × iterations, by
/// Geyer's initial monotone sequence: ArviZ's `_ess` (and Stan's
/// `ess_rfun`), step for step.
///
/// Implementation goals, in order: ArviZ's number (every branch, clamp and
/// truncation rule of `_ess` is kept, including the ones that look
/// arbitrary), then no NaN, then speed. Autocovariances come from
/// ``Autocovariance``: direct sums for the first lags, which is where the
/// sequence usually stops, and an FFT for all lags when it runs further.
enum Geyer {
  /// ArviZ's `np.finfo(float).resolution`: draws whose range is below it
  /// count as constant, and their ESS is their number.
  static let resolution = 1e-15

  /// The ESS of `chains` (equal lengths ≥ 2), not split, not transformed.
  ///
  /// - Returns: N = chains × draws for constant draws (ArviZ); `nil` only
  ///   when a variance overflows (draws beyond about 1e154).
  static func effectiveSampleSize(_ chains: [[Double]]) -> Double? {
    let chainCount = chains.count
    let n = chains[0].count
    var lowest = Double.infinity
    var highest = -Double.infinity
    for chain in chains {
      for value in chain {
        lowest = min(lowest, value)
        highest = max(highest, value)
      }
    }
    if highest - lowest < resolution { return Double(chainCount * n) }

    let chainMeans = chains.map { Moments.mean($0) }
    let centred = zip(chains, chainMeans).map { chain, centre in chain.map { $0 - centre } }
    var autocovariance = Autocovariance(centred: centred)
    func meanAutocovariance(_ lag: Int) -> Double { autocovariance.meanOverChains(lag: lag) }

    let nDouble = Double(n)
    let meanVariance = meanAutocovariance(0) * nDouble / (nDouble - 1)
    var varPlus = meanVariance * (nDouble - 1) / nDouble
    if chainCount > 1 { varPlus += Moments.sampleVariance(chainMeans) }
    guard varPlus.isFinite, meanVariance.isFinite, varPlus > 0 else { return nil }

    func rho(_ lag: Int) -> Double { 1 - (meanVariance - meanAutocovariance(lag)) / varPlus }

    var rhoHat = [Double](repeating: 0, count: n)
    var rhoEven = 1.0
    rhoHat[0] = rhoEven
    var rhoOdd = rho(1)
    rhoHat[1] = rhoOdd

    // Geyer's initial positive sequence.
    var t = 1
    while t < n - 3 && rhoEven + rhoOdd > 0 {
      rhoEven = rho(t + 1)
      rhoOdd = rho(t + 2)
      if rhoEven + rhoOdd >= 0 {
        rhoHat[t + 1] = rhoEven
        rhoHat[t + 2] = rhoOdd
      }
      t += 2
    }
    let maxT = t - 2
    if rhoEven > 0 { rhoHat[maxT + 1] = rhoEven }

    // Geyer's initial monotone sequence.
    t = 1
    while t <= maxT - 2 {
      if rhoHat[t + 1] + rhoHat[t + 2] > rhoHat[t - 1] + rhoHat[t] {
        rhoHat[t + 1] = (rhoHat[t - 1] + rhoHat[t]) / 2
        rhoHat[t + 2] = rhoHat[t + 1]
      }
      t += 2
    }

    let size = Double(chainCount * n)
    var tau = -1 + 2 * Moments.sum(Array(rhoHat[0..<(maxT + 1)])) + rhoHat[maxT + 1]
    tau = max(tau, 1 / log10(size))
    let ess = size / tau
    return ess.isFinite ? ess : nil
  }
}
