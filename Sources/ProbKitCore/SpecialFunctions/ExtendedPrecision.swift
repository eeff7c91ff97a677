import Foundation

// Implementation goals, in order of priority:
// 1. At most 1e-14 relative error in the final `Double` (the bound the fixture
//    tests hold every special function to), wherever GSL's double-precision
//    routines fall short: negative arguments (reflection), very large and very
//    small arguments (overflow of intermediate terms), and differences of large
//    log-gamma values (log-beta with very unequal arguments).
// 2. Correct overflow, underflow and subnormal results: intermediate values live
//    in 80-bit extended precision, whose exponent range (about 1e±4932) holds
//    them all, and one final conversion rounds to `Double`.
// 3. Speed second: these paths cost tens to a few hundred nanoseconds.
//
// `Extended` is `Float80` where the platform has it (x86); elsewhere it falls
// back to `Double`, which keeps the algorithms but not the extra 11 bits of
// precision (see Docs/NumericalAccuracy.md).

#if arch(x86_64) || arch(i386)
  /// The widest hardware floating-point type: `Float80` on x86.
  package typealias Extended = Float80
#else
  /// The widest hardware floating-point type: `Double` on this platform.
  package typealias Extended = Double
#endif

/// Extended-precision building blocks for the special functions.
package enum ExtendedMath {
  /// log √(2π).
  package static let logSquareRootOfTwoPi: Extended = 0.918_938_533_204_672_741_780_329_736_405_62

  /// sin(πx), exact at the integers (±0) and accurate everywhere: the argument
  /// is reduced exactly to r in [-1/4, 1/4] with x = r + n/2 before π is applied.
  package static func sinPi(_ x: Extended) -> Extended {
    let (r, quadrant) = reduceHalfIntegers(x)
    switch quadrant {
    case 0: return sin(Extended.pi * r)
    case 1: return cos(Extended.pi * r)
    case 2: return -sin(Extended.pi * r)
    default: return -cos(Extended.pi * r)
    }
  }

  /// cos(πx), reduced the same way as ``sinPi(_:)``.
  package static func cosPi(_ x: Extended) -> Extended {
    let (r, quadrant) = reduceHalfIntegers(x)
    switch quadrant {
    case 0: return cos(Extended.pi * r)
    case 1: return -sin(Extended.pi * r)
    case 2: return -cos(Extended.pi * r)
    default: return sin(Extended.pi * r)
    }
  }

  /// Splits x = r + n/2 with |r| ≤ 1/4, exactly; returns r and n mod 4.
  private static func reduceHalfIntegers(_ x: Extended) -> (Extended, Int) {
    let twice = (2 * x).rounded()
    let r = x - twice / 2
    // |x| ≥ 2⁶³ makes every representable x an even integer: quadrant 0, r = 0.
    guard abs(twice) < 0x1p62 else { return (0, 0) }
    let n = Int(twice)
    return (r, ((n % 4) + 4) % 4)
  }

  /// log Γ(x) for x > 0, in extended precision (glibc's `lgammal`).
  package static func logGamma(_ x: Extended) -> Extended {
    #if arch(x86_64) || arch(i386)
      return lgamma(x).0
    #else
      return lgamma(x)
    #endif
  }

  /// Γ(x) for x > 0, in extended precision (glibc's `tgammal`).
  package static func gamma(_ x: Extended) -> Extended {
    tgamma(x)
  }

  /// B₂ₖ/(2k(2k - 1)) for k = 1...12, the Stirling series' coefficients
  /// (built once, not on every call).
  static let stirlingCoefficients: [Extended] = [
    1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360,
    1.0 / 156, -3617.0 / 122_400, 43867.0 / 244_188, -174_611.0 / 125_400,
    77683.0 / 5796, -236_364_091.0 / 1_506_960,
  ]

  /// Stirling's correction, log Γ(x) - [(x - 1/2) log x - x + log √(2π)], for
  /// x ≥ 10, as the asymptotic series Σₖ B₂ₖ/(2k(2k - 1)x²ᵏ⁻¹) to k = 12
  /// (truncation error below 1e-21 at x = 10).
  package static func stirlingCorrection(_ x: Extended) -> Extended {
    let inverseSquare = 1 / (x * x)
    var power = 1 / x
    var sum: Extended = 0
    for coefficient in stirlingCoefficients {
      let term = coefficient * power
      sum += term
      if abs(term) < 1e-22 * abs(sum) { break }
      power *= inverseSquare
    }
    return sum
  }

  /// log B(a, b) for finite a, b > 0.
  ///
  /// The structure of R's `lbeta`: with p = min(a, b) and q = max(a, b),
  /// Stirling's formula with its corrections when p ≥ 10; log Γ(p) plus the
  /// expansion of log Γ(q) - log Γ(p + q) when only q ≥ 10 (the difference of
  /// two huge log-gammas would cancel); the gamma functions themselves when
  /// both are small.
  package static func logBeta(_ a: Extended, _ b: Extended) -> Extended {
    let p = min(a, b)
    let q = max(a, b)
    let sum = p + q
    if p >= 10 {
      let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(sum)
      return -0.5 * log(q) + logSquareRootOfTwoPi + correction
        + (p - 0.5) * log(p / sum) + q * log1p(-p / sum)
    }
    if q >= 10 {
      let correction = stirlingCorrection(q) - stirlingCorrection(sum)
      return logGamma(p) + correction + p - p * log(sum) + (q - 0.5) * log1p(-p / sum)
    }
    return log(gamma(p) * (gamma(q) / gamma(sum)))
  }

  /// log C(n, k) = -log(n + 1) - log B(n - k + 1, k + 1), for 0 ≤ k ≤ n
  /// (real-valued: the continuous extension through the gamma function).
  package static func logBinomialCoefficient(_ n: Extended, _ k: Extended) -> Extended {
    if k == 0 || k == n { return 0 }
    return -log1p(n) - logBeta(n - k + 1, k + 1)
  }

  /// Bernoulli numbers B₂ₖ for k = 1...15.
  private static let bernoulli: [Extended] = [
    1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6,
    -3617.0 / 510, 43867.0 / 798, -174_611.0 / 330, 854_513.0 / 138,
    -236_364_091.0 / 2730, 8_553_103.0 / 6, -23_749_461_029.0 / 870,
    8_615_841_276_005.0 / 14322,
  ]

  /// The polygamma function ψ⁽ⁿ⁾(x) for n ≥ 1 and x > 0; NaN for x ≤ 0.
  ///
  /// Recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) + (-1)ⁿ⁺¹ n!/xⁿ⁺¹ up to x ≥ 20 + n,
  /// then the asymptotic expansion
  /// ψ⁽ⁿ⁾(x) = (-1)ⁿ⁺¹ (n - 1)!/xⁿ [1 + n/(2x) + Σₖ B₂ₖ n(n + 1)…(n + 2k - 1)/((2k)! x²ᵏ)].
  /// Every term has the sign (-1)ⁿ⁺¹ apart from the small alternating tail, so
  /// the sum does not cancel.
  package static func polygamma(_ n: Int, _ x: Extended) -> Extended {
    // Outside the domain the recurrence below would never reach its threshold.
    guard x > 0 else { return .nan }
    let order = Extended(n)
    var factorialBelow: Extended = 1  // (n - 1)!
    for k in stride(from: 2, to: n, by: 1) { factorialBelow *= Extended(k) }
    let factorial = factorialBelow * order  // n!

    var shifted = x
    var recurrenceSum: Extended = 0
    let threshold = 20 + order
    while shifted < threshold {
      recurrenceSum += inversePower(shifted, n + 1)
      shifted += 1
    }
    // (n - 1)!/shiftedⁿ by repeated division keeps the value in range.
    var leading = factorialBelow
    for _ in 0..<n { leading /= shifted }
    let inverseSquare = 1 / (shifted * shifted)
    var series: Extended = 1 + order / (2 * shifted)
    var coefficient: Extended = 1  // n(n + 1)…(n + 2k - 1)/(2k)!
    var power: Extended = 1
    for (index, bernoulliNumber) in bernoulli.enumerated() {
      let k = Extended(index + 1)
      coefficient *= (order + 2 * k - 2) * (order + 2 * k - 1) / ((2 * k - 1) * (2 * k))
      power *= inverseSquare
      let term = bernoulliNumber * coefficient * power
      series += term
      if abs(term) < 1e-22 * abs(series) { break }
    }
    let magnitude = factorial * recurrenceSum + leading * series
    return n % 2 == 1 ? magnitude : -magnitude
  }

  /// The digamma function ψ(x) for x > 0 (NaN for x ≤ 0), in extended precision: the
  /// recurrence ψ(x) = ψ(x + 1) - 1/x up to x ≥ 20, then
  /// ψ(x) = log x - 1/(2x) - Σₖ B₂ₖ/(2k x²ᵏ).
  ///
  /// For differences of digammas at large arguments (entropies), where the
  /// double-precision values cancel.
  package static func digamma(_ x: Extended) -> Extended {
    // Outside the domain the recurrence below would never reach 20.
    guard x > 0 else { return .nan }
    var shifted = x
    var result: Extended = 0
    while shifted < 20 {
      result -= 1 / shifted
      shifted += 1
    }
    let inverseSquare = 1 / (shifted * shifted)
    var power: Extended = 1
    var series: Extended = 0
    for (index, bernoulliNumber) in bernoulli.enumerated() {
      power *= inverseSquare
      let term = bernoulliNumber * power / Extended(2 * (index + 1))
      series += term
      if abs(term) < 1e-22 * abs(series) { break }
    }
    return result + log(shifted) - 1 / (2 * shifted) - series
  }

  /// 1/xᵏ for k ≥ 1, by binary powering (about 2 log₂ k roundings).
  private static func inversePower(_ x: Extended, _ k: Int) -> Extended {
    var result: Extended = 1
    var base = 1 / x
    var exponent = k
    while exponent > 0 {
      if exponent & 1 == 1 { result *= base }
      exponent >>= 1
      if exponent > 0 { base *= base }
    }
    return result
  }
}
