import Foundation
internal import GSLBridge

extension SpecialFunctions {
  /// The [gamma function](https://en.wikipedia.org/wiki/Gamma_function),
  /// Γ(x) = ∫₀^∞ tˣ⁻¹ e⁻ᵗ dt, extended to negative non-integers by
  /// Γ(x) = Γ(x + 1)/x.
  ///
  /// Positive arguments are computed by GSL; negative ones by the reflection
  /// formula Γ(x) = π/(sin(πx) Γ(1 - x)) in extended precision, so that values
  /// near underflow (x < -171) keep their digits.
  ///
  /// Edges: Γ(±0) = ±∞; NaN at negative integers (the two one-sided limits
  /// differ) and at -∞; Γ(+∞) = +∞. Γ(x) overflows to +∞ above x ≈ 171.62 and
  /// underflows to ±0 below x ≈ -184.
  ///
  /// ```swift
  /// SpecialFunctions.gamma(5)     // 4! = 24.0
  /// SpecialFunctions.gamma(0.5)   // √π ≈ 1.772453850905516
  /// SpecialFunctions.gamma(-0.5)  // -2√π ≈ -3.544907701811032
  /// SpecialFunctions.gamma(-1)    // NaN: a pole whose one-sided limits differ
  /// SpecialFunctions.gamma(-0.0)  // -∞
  /// SpecialFunctions.gamma(172)   // +∞ (overflow)
  /// ```
  ///
  /// - Parameter x: Any real number.
  /// - Returns: Γ(x); see the edges above.
  public static func gamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == 0 { return x.sign == .minus ? -.infinity : .infinity }
    if isNonPositiveInteger(x) { return .nan }
    if x < 0 {
      let argument = Extended(x)
      if x < -200 {
        // |Γ(x)| < 1e-370: zero with the sign of sin(πx).
        return ExtendedMath.sinPi(argument) < 0 ? -0.0 : 0.0
      }
      return Double(
        Extended.pi / (ExtendedMath.sinPi(argument) * ExtendedMath.gamma(1 - argument)))
    }
    if x > 172 { return .infinity }
    if x > 171 {
      // GSL reports overflow above 171 although Γ(x) is finite up to 171.62;
      // Γ(x) = (x - 1)Γ(x - 1), where x - 1 is exact.
      return (x - 1) * gamma(x - 1)
    }
    do {
      return try GSLSpecialFunctions.gamma(x)
    } catch {
      return error.status == .overflow ? .infinity : .nan
    }
  }

  /// The logarithm of the absolute value of the gamma function, log|Γ(x)|.
  ///
  /// Positive arguments are computed by GSL (in (1/4, 4), around the zeros at 1
  /// and 2, by glibc's extended-precision `lgammal`, which keeps relative
  /// accuracy there; below the normal range of `Double`, as -log x); negative ones by the reflection formula
  /// log|Γ(x)| = log(π/|sin(πx)|) - log Γ(1 - x) in extended precision, which
  /// keeps accuracy near the negative zeros of log|Γ|.
  ///
  /// Edges: +∞ at the poles (0 and the negative integers, where |Γ| → ∞) and at
  /// ±∞; NaN for NaN.
  ///
  /// ```swift
  /// SpecialFunctions.logGamma(0.5)    // log √π ≈ 0.5723649429247004
  /// SpecialFunctions.logGamma(1e300)  // 6.897755278982137e+302, where Γ overflows
  /// SpecialFunctions.logGamma(-0.5)   // log(2√π) = 1.2655121234846454
  /// SpecialFunctions.logGamma(-2.5)   // -0.056243716497674054 (|Γ(-2.5)| < 1)
  /// SpecialFunctions.logGamma(-1)     // +∞: a pole
  /// ```
  ///
  /// - Parameter x: Any real number.
  /// - Returns: log|Γ(x)|; the sign of Γ(x) is not returned.
  public static func logGamma(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x.isInfinite || isNonPositiveInteger(x) { return .infinity }
    if x < 0 {
      let argument = Extended(x)
      return Double(
        log(Extended.pi / abs(ExtendedMath.sinPi(argument)))
          - ExtendedMath.logGamma(1 - argument))
    }
    if x > 0.25 && x < 4 {
      // GSL loses relative accuracy next to the zeros at 1 and 2 (5e-13 at
      // x = 1.99); glibc's extended lgammal expands around them.
      return Double(ExtendedMath.logGamma(Extended(x)))
    }
    if x < Double.leastNormalMagnitude {
      // log Γ(x) = -log x - γx + O(x²), and γx is far below an ulp here.
      return -log(x)
    }
    do {
      return try GSLSpecialFunctions.logGamma(x)
    } catch {
      return error.status == .overflow ? .infinity : .nan
    }
  }
}
