import Foundation

// The regularised incomplete beta and gamma functions, in extended precision.
//
// Implementation goals, in order: 1e-12 relative accuracy in both tails as a
// `Double` for parameters up to about 10⁶ (where GSL's double-precision
// versions lose up to 1e-9); no underflow of the prefactor in the far tails
// (80-bit exponents reach 1e-4951); then speed (O(√max(a, b)) iterations).

extension ExtendedMath {
  /// The regularised incomplete beta function and its complement,
  /// (I_x(a, b), 1 - I_x(a, b)), for a, b > 0 and 0 ≤ x ≤ 1.
  ///
  /// ``incompleteBeta(_:_:_:complement:)`` with the complement 1 - x, which is
  /// exact wherever it is used (x > 1/2, by Sterbenz's lemma). Callers that
  /// compute x as 1 minus something small should pass that instead.
  package static func incompleteBeta(
    _ a: Extended, _ b: Extended, _ x: Extended
  ) -> (lower: Extended, upper: Extended) {
    incompleteBeta(a, b, x, complement: 1 - x)
  }

  /// The regularised incomplete beta function and its complement,
  /// (I_x(a, b), 1 - I_x(a, b)), for a, b > 0 and x + y = 1 with x, y ≥ 0.
  ///
  /// I_x(a, b) = xᵃyᵇ/(a B(a, b)) · F(a, b, x), with F the continued fraction
  /// of ``betaContinuedFraction(_:_:_:_:)``, on whichever side of the mean
  /// (a + 1)/(a + b + 2) it converges fast (the other side by the symmetry
  /// I_x(a, b) = 1 - I_y(b, a)); the prefactor is formed in log space. The
  /// other tail is 1 minus it, which loses little: on that side it is at least
  /// 0.08 for a, b ≥ 1/2, and about min(a, b)/5 for smaller shapes (costing
  /// log₁₀(5/min(a, b)) digits). x is used where x ≤ 1/2 and y where x > 1/2,
  /// so a caller that knows y = p exactly while x = 1 - p rounds (the
  /// binomial) keeps every digit of p.
  package static func incompleteBeta(
    _ a: Extended, _ b: Extended, _ x: Extended, complement y: Extended
  ) -> (lower: Extended, upper: Extended) {
    if x <= 0 { return (0, 1) }
    if y <= 0 { return (1, 0) }
    let logX = x <= 0.5 ? log(x) : log1p(-y)
    let logY = x <= 0.5 ? log1p(-x) : log(y)
    let logFront = a * logX + b * logY - logBeta(a, b)
    if x < (a + 1) / (a + b + 2) {
      let lower = exp(logFront) * betaContinuedFraction(a, b, x, y) / a
      return (lower, 1 - lower)
    }
    let upper = exp(logFront) * betaContinuedFraction(b, a, y, x) / b
    return (1 - upper, upper)
  }

  /// The continued fraction of I_x(a, b) (Numerical Recipes §6.4) with its
  /// terms taken in pairs, F = (a + 1)/(β₀ + α₁/(β₁ + α₂/(β₂ + …))), by the
  /// modified Lentz method; y = 1 - x.
  ///
  /// ```
  /// β₀ = a + 1 - (a + b)x = 1 - b + (a + b)y
  /// βₘ = (a + 2m)[(a + 2m - 1)(a + 2m + 1) - sₘx]
  ///    = (a + 2m)[(2m + 1 - b)a + 2m² - 1 + b + sₘy],   sₘ = (a + b)(a - 1) + 2m(a + m)
  /// α₁ = (b - 1)(a + b)(a + 3)x²
  /// αₘ = m(b - m)(a + m - 1)(a + b + m - 1)(a + 2m - 3)(a + 2m + 1)x²,   m ≥ 2
  /// ```
  ///
  /// This is betacf's 1/(1 + d₁/(1 + d₂/(1 + …))) with each step taking the
  /// pair d₂ₘ, d₂ₘ₊₁ (the same approximants as betacf after its odd terms;
  /// βₘ ∝ 1 + d₂ₘ + d₂ₘ₊₁, αₘ ∝ -d₂ₘ₋₁d₂ₘ), scaled to polynomials. For x
  /// near 1 with a large and b small (the upper tail of the negative binomial
  /// at p = 1e-10 and k ≈ 10¹², where y = p), every 1 + d₂ₘ₊₁ of the
  /// uncontracted fraction, and the x-form of βₘ, cancels to about
  /// (2m + 1 - b)/a + y, losing log₁₀(1/y) digits; the y-form is a sum of
  /// terms of that size and loses none. So βₘ uses x for x ≤ 1/2 and y above.
  private static func betaContinuedFraction(
    _ a: Extended, _ b: Extended, _ x: Extended, _ y: Extended
  ) -> Extended {
    let tiny: Extended = 1e-4000
    let sum = a + b
    let useComplement = x > 0.5
    let xSquared = x * x
    let sBase = sum * (a - 1)
    var d = useComplement ? 1 - b + sum * y : a + 1 - sum * x
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var c = 1 / tiny
    var fraction = (a + 1) * d
    for m in 1...1_000_000 {
      // Integers are combined first: a + (2m - 1), not (a + 2m) - 1, which
      // would round away the digits of a tiny a.
      let mm = Extended(m)
      let twoM = 2 * mm
      let s = sBase + twoM * (a + mm)
      let bracket =
        useComplement
        ? (twoM + 1 - b) * a + (twoM * mm - 1 + b) + s * y
        : (a + (twoM - 1)) * (a + (twoM + 1)) - s * x
      let beta = (a + twoM) * bracket
      let alpha =
        m == 1
        ? (b - 1) * sum * (a + 3) * xSquared
        : mm * (b - mm) * (a + (mm - 1)) * (sum + (mm - 1)) * (a + (twoM - 3))
          * (a + (twoM + 1)) * xSquared
      d = beta + alpha * d
      if abs(d) < tiny { d = tiny }
      c = beta + alpha / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      fraction *= delta
      // About two units in the last place: each step spans two of betacf's,
      // and a tighter test only adds iterations spent on rounding noise.
      if abs(delta - 1) < 2e-19 { break }
    }
    return fraction
  }

  /// The regularised incomplete gamma functions (P(a, x), Q(a, x)), for a > 0
  /// and x ≥ 0.
  ///
  /// The power series for x < a + 1 (giving P), the continued fraction
  /// otherwise (giving Q), each times the prefactor xᵃe⁻ˣ/Γ(a) formed in log
  /// space; the other tail is 1 minus it.
  package static func incompleteGamma(_ a: Extended, _ x: Extended) -> (
    lower: Extended, upper: Extended
  ) {
    if x <= 0 { return (0, 1) }
    if x == .infinity { return (1, 0) }
    let logFront = a * log(x) - x - logGamma(a)
    if x < a + 1 {
      // P(a, x) = e^logFront Σₙ xⁿ/(a(a + 1)…(a + n)).
      var term = 1 / a
      var sum = term
      var denominator = a
      for _ in 0..<1_000_000 {
        denominator += 1
        term *= x / denominator
        sum += term
        if term < sum * 1e-20 { break }
      }
      let lower = exp(logFront) * sum
      return (lower, 1 - lower)
    }
    // Q(a, x) by the continued fraction (Numerical Recipes' gcf, modified Lentz).
    let tiny: Extended = 1e-4000
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var fraction = d
    for i in 1...1_000_000 {
      let an = -Extended(i) * (Extended(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      fraction *= delta
      if abs(delta - 1) < 1e-19 { break }
    }
    let upper = exp(logFront) * fraction
    return (1 - upper, upper)
  }
}
