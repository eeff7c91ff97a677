import Foundation
internal import GSLBridge

extension SpecialFunctions {
  /// The [digamma function](https://en.wikipedia.org/wiki/Digamma_function),
  /// ψ(x) = d/dx log Γ(x) = Γ′(x)/Γ(x).
  ///
  /// Positive arguments are computed by GSL; negative ones by the reflection
  /// formula ψ(x) = ψ(1 - x) - π cot(πx), with the cotangent in extended
  /// precision.
  ///
  /// Edges: ψ(±0) = ∓∞; NaN at the negative integers (the one-sided limits
  /// differ), at -∞ and for NaN; ψ(+∞) = +∞.
  ///
  /// ```swift
  /// SpecialFunctions.digamma(1)     // -γ ≈ -0.5772156649015328
  /// SpecialFunctions.digamma(-0.5)  // 0.03648997397857652, by reflection
  /// SpecialFunctions.digamma(0)     // -∞ (and +∞ at -0.0)
  /// SpecialFunctions.digamma(-1)    // NaN: a pole whose one-sided limits differ
  /// ```
  ///
  /// - Parameter x: Any real number.
  /// - Returns: ψ(x); see the edges above.
  public static func digamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return .infinity }
    if x == 0 { return x.sign == .minus ? .infinity : -.infinity }
    if isNonPositiveInteger(x) { return .nan }
    if x < 0 {
      let argument = Extended(x)
      let cotangent = ExtendedMath.cosPi(argument) / ExtendedMath.sinPi(argument)
      return Double(Extended(digamma(1 - x)) - Extended.pi * cotangent)
    }
    do {
      return try GSLSpecialFunctions.digamma(x)
    } catch {
      // Overflow happens only next to the pole at 0, where ψ(x) ≈ -1/x.
      return error.status == .overflow ? -.infinity : .nan
    }
  }

  /// The [trigamma function](https://en.wikipedia.org/wiki/Trigamma_function),
  /// ψ′(x) = d²/dx² log Γ(x) = Σₖ 1/(x + k)².
  ///
  /// Computed like ``polygamma(_:_:)``; negative arguments by the reflection
  /// formula ψ′(x) = π²/sin²(πx) - ψ′(1 - x).
  ///
  /// Edges: +∞ at the poles (0 and the negative integers, approached from
  /// either side); ψ′(+∞) = 0; NaN at -∞ and for NaN.
  ///
  /// ```swift
  /// SpecialFunctions.trigamma(1)     // π²/6 = 1.6449340668482264
  /// SpecialFunctions.trigamma(-0.5)  // π² - ψ′(1.5) = π²/2 + 4 = 8.934802200544679
  /// SpecialFunctions.trigamma(-2)    // +∞: a pole
  /// ```
  ///
  /// - Parameter x: Any real number.
  /// - Returns: ψ′(x), positive wherever it is finite.
  public static func trigamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return 0 }
    if isNonPositiveInteger(x) { return .infinity }
    let argument = Extended(x)
    if x < 0 {
      let sine = ExtendedMath.sinPi(argument)
      return Double(
        Extended.pi * Extended.pi / (sine * sine) - ExtendedMath.polygamma(1, 1 - argument))
    }
    return Double(ExtendedMath.polygamma(1, argument))
  }

  /// The [polygamma function](https://en.wikipedia.org/wiki/Polygamma_function)
  /// of order n, ψ⁽ⁿ⁾(x) = dⁿ⁺¹/dxⁿ⁺¹ log Γ(x) = (-1)ⁿ⁺¹ n! Σₖ 1/(x + k)ⁿ⁺¹.
  ///
  /// ψ⁽⁰⁾ is ``digamma(_:)`` and ψ⁽¹⁾ is ``trigamma(_:)``, both defined on the
  /// whole real line. For n ≥ 2 the domain is x > 0 (negative arguments give
  /// NaN). Computed in extended precision: the recurrence
  /// ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) + (-1)ⁿ⁺¹ n!/xⁿ⁺¹ up to x ≥ 20 + n, then the
  /// asymptotic series in Bernoulli numbers.
  ///
  /// Edges: NaN for n < 0 or n > 1000 and for NaN; at x = ±0 the pole's
  /// infinity, (-1)ⁿ⁺¹ n!/xⁿ⁺¹; ψ⁽ⁿ⁾(+∞) = 0 for n ≥ 1.
  ///
  /// ```swift
  /// SpecialFunctions.polygamma(2, 1)     // -2ζ(3) ≈ -2.4041138063191885
  /// SpecialFunctions.polygamma(3, 1)     // 6ζ(4) = π⁴/15 = 6.493939402266829
  /// SpecialFunctions.polygamma(2, -0.5)  // NaN: n ≥ 2 needs x > 0
  /// SpecialFunctions.polygamma(2, 0)     // -∞ (and +∞ at -0.0)
  /// ```
  ///
  /// - Parameters:
  ///   - n: The order, 0...1000; 0 is ``digamma(_:)`` and 1 ``trigamma(_:)``.
  ///   - x: The argument: any real for n ≤ 1, x ≥ 0 for n ≥ 2.
  /// - Returns: ψ⁽ⁿ⁾(x); see the edges above.
  public static func polygamma(_ n: Int, _ x: Double) -> Double {
    guard n >= 0, n <= 1000 else { return .nan }
    if n == 0 { return digamma(x) }
    if n == 1 { return trigamma(x) }
    if x.isNaN || x < 0 { return .nan }
    if x == .infinity { return 0 }
    if x == 0 {
      // (-1)ⁿ⁺¹ n!/xⁿ⁺¹ with a signed zero: xⁿ⁺¹ keeps x's sign when n is even.
      let positive = (n % 2 == 1) != (x.sign == .minus && n % 2 == 0)
      return positive ? .infinity : -.infinity
    }
    return Double(ExtendedMath.polygamma(n, Extended(x)))
  }
}
