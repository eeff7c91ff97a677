import Foundation

/// The sample autocorrelation function of a series at lags 0…maxLag, as
/// statsmodels' `acf(x, nlags=maxLag, adjusted=False)` computes it.
///
/// With x̄ the mean of the n values:
///
/// ```
/// γ̂ₖ = (1/n) Σᵢ₌₀ⁿ⁻ᵏ⁻¹ (xᵢ − x̄)(xᵢ₊ₖ − x̄),   ρ̂ₖ = γ̂ₖ / γ̂₀
/// ```
///
/// The divisor is n at every lag (not n − k: statsmodels' `adjusted=False`),
/// so the sequence is positive semi-definite and |ρ̂ₖ| ≤ 1.
///
/// ```swift
/// let series: [Double] = [1, 3, 2, 5, 4, 6, 5, 8]
/// let acf = try Autocorrelation(series, maxLag: 3)
/// acf.coefficients.count   // 4: lags 0, 1, 2, 3
/// acf[lag: 0]              // 1
/// acf[lag: 1]              // 0.2447... (statsmodels' acf)
/// ```
///
/// Lags up to ``directLagLimit`` are compensated direct sums, O(n) each;
/// longer sequences come from one zero-padded FFT, O(n log n), agreeing to
/// about 1e-15 (as statsmodels' `fft=True` agrees with `fft=False`). The
/// values are first scaled by a power of two, exactly, so no product
/// overflows however large they are.
public struct Autocorrelation: Sendable, Equatable {
  /// Beyond this many lags, every lag comes from one FFT.
  public static let directLagLimit = 64

  /// ρ̂ₖ for k = 0…maxLag; ρ̂₀ = 1.
  public let coefficients: [Double]

  /// The autocorrelations of `values` at lags 0 through `maxLag`.
  ///
  /// - Throws: ``StatisticsError`` for no values, a value that is NaN or
  ///   ±∞, `maxLag` outside 0..<n, or a constant series (γ̂₀ = 0, where
  ///   statsmodels answers NaN).
  /// - Complexity: O(n · maxLag) up to ``directLagLimit`` lags, else
  ///   O(n log n).
  public init(_ values: [Double], maxLag: Int) throws(StatisticsError) {
    let function = "Autocorrelation"
    guard !values.isEmpty else { throw .emptySample(function: function) }
    var largest = 0.0
    for (index, value) in values.enumerated() {
      guard value.isFinite else {
        throw .nonFiniteValue(function: function, index: index, value: value)
      }
      largest = max(largest, abs(value))
    }
    guard maxLag >= 0 && maxLag < values.count else {
      throw .invalidLag(maxLag: maxLag, count: values.count)
    }
    guard values.contains(where: { $0 != values[0] }) else {
      throw .constantSample(function: function)
    }
    // Scale into [-1, 1) by a power of two: exact (bar values 2^1074 times
    // smaller than the largest, which cannot matter), and no square overflows.
    let exponent = -(Int(largest.exponent) + 1)
    let scaled = values.map { Double(sign: .plus, exponent: exponent, significand: $0) }
    let mean = Self.sum(scaled) / Double(scaled.count)
    var centred = scaled.map { $0 - mean }
    // A second pass removes the mean's rounding.
    let correction = Self.sum(centred) / Double(centred.count)
    centred = centred.map { $0 - correction }
    let covariances: [Double]
    if maxLag <= Self.directLagLimit {
      covariances = (0...maxLag).map { lag in
        Self.sum((0..<(centred.count - lag)).lazy.map { centred[$0] * centred[$0 + lag] })
      }
    } else {
      covariances = Array(Self.byFFT(centred)[0...maxLag])
    }
    let variance = covariances[0]
    guard variance > 0 else { throw .constantSample(function: function) }
    var coefficients = covariances.map { $0 / variance }
    coefficients[0] = 1
    self.coefficients = coefficients
  }

  /// ρ̂ at `lag`, 0…maxLag.
  public subscript(lag lag: Int) -> Double { coefficients[lag] }

  /// The largest lag computed.
  public var maxLag: Int { coefficients.count - 1 }

  // MARK: - Implementation

  /// A compensated (Neumaier) sum.
  private static func sum(_ values: some Sequence<Double>) -> Double {
    var total = 0.0
    var compensation = 0.0
    for value in values {
      let next = total + value
      if abs(total) >= abs(value) {
        compensation += (total - next) + value
      } else {
        compensation += (value - next) + total
      }
      total = next
    }
    return total + compensation
  }

  /// Σᵢ xᵢxᵢ₊ₖ for every lag k of a centred series: the inverse FFT of the
  /// periodogram |FFT(x)|², zero-padded to a power of two ≥ 2n so that
  /// nothing wraps.
  private static func byFFT(_ x: [Double]) -> [Double] {
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
    return (0..<n).map { real[$0] / Double(m) }
  }

  /// In-place iterative radix-2 Cooley–Tukey FFT (unnormalised) of a
  /// power-of-two length; `inverse` flips the sign of the exponent.
  private static func transform(
    _ real: inout [Double], _ imaginary: inout [Double], inverse: Bool
  ) {
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
      // Twiddles computed directly, not by a recurrence that accumulates error.
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
