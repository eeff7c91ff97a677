import Foundation
import Testing

@testable import ProbKitMCMC

/// The FFT path of the autocovariances agrees with the direct sums, at every
/// lag, to rounding.
@Suite struct AutocovarianceTests {
  @Test(arguments: [5, 64, 100, 257, 1000])
  func fftMatchesDirectSums(_ n: Int) {
    // A deterministic, autocorrelated, centred sequence.
    var x = [Double]()
    var state = 0.3
    for i in 0..<n {
      state = 0.9 * state + sin(Double(i) * 12.9898) * 0.5
      x.append(state)
    }
    let centre = x.reduce(0, +) / Double(n)
    x = x.map { $0 - centre }
    let fft = Autocovariance.byFFT(x)
    let scale = x.map { $0 * $0 }.reduce(0, +) / Double(n)
    for lag in 0..<n {
      var direct = 0.0
      for i in 0..<(n - lag) { direct += x[i] * x[i + lag] }
      direct /= Double(n)
      #expect(abs(fft[lag] - direct) <= 1e-13 * scale, "lag \(lag)")
    }
  }
}
