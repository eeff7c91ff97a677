import Foundation

// Loader's saddle-point building blocks ("Fast and accurate computation of
// binomial probabilities", 2000; the method of R's dbinom and dpois), in
// extended precision.
//
// Log-masses such as log C(n, k) + k log p + (n - k) log(1 - p) are sums of
// terms of size n log n whose total is of order log n: at n = 10⁹ the plain
// sum loses nine digits even in 80 bits' worth of rounding of each term.
// Written with Stirling's error and the deviance, every term is of the size
// of the result (or of the deviance itself, in the tails), so the sum keeps
// the accuracy the parameters' conditioning allows.

extension ExtendedMath {
  /// Stirling's error, log Γ(x + 1) - [(x + ½) log x - x + log √(2π)], for
  /// x > 0 (Loader's δ(x), R's `stirlerr`).
  ///
  /// For x ≥ 10 the asymptotic series of ``stirlingCorrection(_:)`` (δ(x) is
  /// the correction of log Γ(x), since log Γ(x + 1) = log Γ(x) + log x);
  /// below, the definition, whose terms are below 25 in size. About 1/(12x)
  /// for large x.
  ///
  /// ```swift
  /// ExtendedMath.stirlingError(1)    // 1 - log √(2π) = 0.0810614667953272…
  /// ExtendedMath.stirlingError(1e9)  // ≈ 1/(12·10⁹) = 8.3333333333333e-11
  /// ```
  package static func stirlingError(_ x: Extended) -> Extended {
    if x >= 10 { return stirlingCorrection(x) }
    return logGamma(x + 1) - (x + 0.5) * log(x) + x - logSquareRootOfTwoPi
  }

  /// The deviance term D(x, m) = x log(x/m) + m - x ≥ 0, for x ≥ 0 and m > 0
  /// (Loader's bd0), without cancellation.
  ///
  /// Near x = m, with v = (x - m)/(x + m), the series
  /// D = (x - m)v + 2x Σⱼ≥₁ v²ʲ⁺¹/(2j + 1), whose terms are all of one sign
  /// and of the size of the result; elsewhere the definition, which then
  /// cancels at most a factor of about ten.
  ///
  /// ```swift
  /// ExtendedMath.deviance(3e8 + 1, 3e8)  // ≈ 1/(2·3e8) = 1.6666666638888e-9
  /// ExtendedMath.deviance(0, 2)          // m = 2
  /// ```
  package static func deviance(_ x: Extended, _ m: Extended) -> Extended {
    if x == 0 { return m }
    let difference = x - m
    if abs(difference) < 0.1 * (x + m) {
      let v = difference / (x + m)
      let vSquared = v * v
      var sum = difference * v
      var power = 2 * x * v
      var j: Extended = 1
      while j < 200 {
        power *= vSquared
        let next = sum + power / (2 * j + 1)
        if next == sum { break }
        sum = next
        j += 1
      }
      return sum
    }
    return x * log(x / m) + m - x
  }

  /// The binomial log-mass log[C(n, k) pᵏ qⁿ⁻ᵏ], by Loader's saddle-point form.
  ///
  /// For real k, n - k ≥ 0 and p + q = 1 (both given, so that neither loses
  /// digits):
  ///
  /// ```
  /// δ(n) - δ(k) - δ(n - k) - D(k, np) - D(n - k, nq) - ½ log(2πk(n - k)/n)
  /// ```
  ///
  /// with δ ``stirlingError(_:)`` and D ``deviance(_:_:)``; at k = 0 and
  /// k = n, n log q and n log p. Each term is of the size of the result, so
  /// the error is a few units of extended precision in the result plus what
  /// the rounding of p allows, where log C(n, k) + k log p + (n - k) log q
  /// loses about n·ε. The counts are given as k and n - k, which a sum
  /// rounded in n would not recover.
  ///
  /// ```swift
  /// ExtendedMath.logBinomialMass(successes: 3e8, failures: 7e8, 0.3, 0.7)  // -10.2720…
  /// ```
  package static func logBinomialMass(
    successes k: Extended, failures rest: Extended, _ p: Extended, _ q: Extended
  ) -> Extended {
    let n = k + rest
    if p == 0 { return k == 0 ? 0 : -.infinity }
    if q == 0 { return rest == 0 ? 0 : -.infinity }
    // log1p of the smaller of p and q: log(1 - p) from a rounded q = 1 - p
    // would lose the digits of a tiny p.
    if k == 0 { return rest == 0 ? 0 : rest * (p < q ? log1p(-p) : log(q)) }
    if rest == 0 { return k * (q < p ? log1p(-q) : log(p)) }
    let stirling = stirlingError(n) - stirlingError(k) - stirlingError(rest)
    let deviances = deviance(k, n * p) + deviance(rest, n * q)
    let logSpread = log(2 * Extended.pi * k * (rest / n))
    return stirling - deviances - logSpread / 2
  }

  /// log[λˣe^(-λ)/Γ(x + 1)] for real x ≥ 0 and λ > 0, by Loader's form
  /// -δ(x) - D(x, λ) - ½ log(2πx) (-λ at x = 0; the direct sum for x < 100
  /// and λ < 1000).
  ///
  /// ```swift
  /// ExtendedMath.logPoissonMass(1e7, 1e7)  // -½ log(2π·10⁷) - δ(10⁷) = -8.9781…
  /// ```
  package static func logPoissonMass(_ x: Extended, _ lambda: Extended) -> Extended {
    if x == 0 { return -lambda }
    // Small x and λ: x log λ - λ - log Γ(x + 1) directly, which is faster;
    // its terms are below 2,000 in size (unless x log λ, and with it the
    // result, is hugely negative), so extended precision loses no digit a
    // Double keeps.
    if x < 100 && lambda < 1000 { return x * log(lambda) - lambda - logGamma(x + 1) }
    return -stirlingError(x) - deviance(x, lambda) - log(2 * Extended.pi * x) / 2
  }
}
