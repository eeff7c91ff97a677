import Foundation

/// Autocovariances of centred chains, γ̂ₜ = (1/n) Σᵢ xᵢxᵢ₊ₜ, lag by lag.
///
/// The first ``directLags`` lags are direct sums (compensated), computed
/// when first asked for: Geyer's sequence usually stops within them, at a
/// cost of O(n) each. A lag beyond them computes every lag at once by FFT
/// (zero-padded to a power of two ≥ 2n, so nothing wraps), as ArviZ does
/// for all lags: O(n log n) however far the sequence runs. The two agree
/// to rounding, about 1e-15 of γ̂₀.
struct Autocovariance {
  /// Lags summed directly before switching to the FFT.
  static let directLags = 64

  private let centred: [[Double]]
  private var cache: [[Double]]
  private var all: [[Double]]?

  init(centred: [[Double]]) {
    self.centred = centred
    cache = centred.map { _ in [] }
  }

  /// The mean over chains of the lag-`lag` autocovariance.
  mutating func meanOverChains(lag: Int) -> Double {
    let n = centred[0].count
    if all == nil && lag >= Self.directLags { all = centred.map { Self.byFFT($0) } }
    var total = 0.0
    for chain in centred.indices {
      if let all {
        total += all[chain][lag]
        continue
      }
      while cache[chain].count <= lag {
        let t = cache[chain].count
        let x = centred[chain]
        var terms = [Double]()
        terms.reserveCapacity(n - t)
        for i in 0..<(n - t) { terms.append(x[i] * x[i + t]) }
        cache[chain].append(Moments.sum(terms) / Double(n))
      }
      total += cache[chain][lag]
    }
    return total / Double(centred.count)
  }

  /// Every lag's autocovariance of one centred chain: the inverse FFT of
  /// the periodogram |FFT(x)|², divided by n.
  static func byFFT(_ x: [Double]) -> [Double] {
    let n = x.count
    var m = 1
    while m < 2 * n { m *= 2 }
    var real = x + [Double](repeating: 0, count: m - n)
    var imaginary = [Double](repeating: 0, count: m)
    transform(&real, &imaginary, inverse: false)
    for k in 0..<m {
      real[k] = real[k] * real[k] + imaginary[k] * imaginary[k]
      imaginary[k] = 0
    }
    transform(&real, &imaginary, inverse: true)
    return (0..<n).map { real[$0] / Double(m) / Double(n) }
  }

  /// In-place iterative radix-2 Cooley–Tukey FFT (unnormalised), of a
  /// power-of-two length; `inverse` flips the sign of the exponent.
  static func transform(_ real: inout [Double], _ imaginary: inout [Double], inverse: Bool) {
    let m = real.count
    var j = 0
    for i in 1..<m {
      var bit = m >> 1
      while j & bit != 0 {
        j ^= bit
        bit >>= 1
      }
      j |= bit
      if i < j {
        real.swapAt(i, j)
        imaginary.swapAt(i, j)
      }
    }
    let sign = inverse ? 1.0 : -1.0
    var length = 2
    while length <= m {
      let half = length / 2
      // Twiddles computed directly (not by recurrence), so that errors do
      // not accumulate along the butterfly.
      let twiddles = (0..<half).map { k -> (Double, Double) in
        let angle = sign * 2 * Double.pi * Double(k) / Double(length)
        return (cos(angle), sin(angle))
      }
      var start = 0
      while start < m {
        for k in 0..<half {
          let (wr, wi) = twiddles[k]
          let a = start + k
          let b = a + half
          let tr = real[b] * wr - imaginary[b] * wi
          let ti = real[b] * wi + imaginary[b] * wr
          real[b] = real[a] - tr
          imaginary[b] = imaginary[a] - ti
          real[a] += tr
          imaginary[a] += ti
        }
        start += length
      }
      length *= 2
    }
  }
}
