internal import GSLBridge

extension SpecialFunctions {
  /// The [digamma function](https://en.wikipedia.org/wiki/Digamma_function),
  /// ψ(x) = d/dx log Γ(x) = Γ′(x)/Γ(x).
  ///
  /// Edges: ψ(±0) = ∓∞; NaN at the negative integers (the one-sided limits
  /// differ), at -∞ and for NaN; ψ(+∞) = +∞.
  ///
  /// ```swift
  /// SpecialFunctions.digamma(1)  // -γ = -0.5772156649015329
  /// ```
  public static func digamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return .infinity }
    if x == 0 { return x.sign == .minus ? .infinity : -.infinity }
    if isNonPositiveInteger(x) { return .nan }
    do {
      return try GSLSpecialFunctions.digamma(x)
    } catch {
      // Overflow happens only next to a pole, where ψ(x) ≈ -1/(x - pole).
      return error.status == .overflow ? (x > 0 ? -.infinity : .infinity) : .nan
    }
  }

  /// The [trigamma function](https://en.wikipedia.org/wiki/Trigamma_function),
  /// ψ′(x) = d²/dx² log Γ(x) = Σₖ 1/(x + k)².
  ///
  /// Edges: +∞ at the poles (0 and the negative integers, approached from
  /// either side); ψ′(+∞) = 0; NaN at -∞ and for NaN.
  ///
  /// ```swift
  /// SpecialFunctions.trigamma(1)  // π²/6 = 1.6449340668482264
  /// ```
  public static func trigamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return 0 }
    if isNonPositiveInteger(x) { return .infinity }
    do {
      return try GSLSpecialFunctions.trigamma(x)
    } catch {
      return error.status == .overflow ? .infinity : .nan
    }
  }

  /// The [polygamma function](https://en.wikipedia.org/wiki/Polygamma_function)
  /// of order n, ψ⁽ⁿ⁾(x) = dⁿ⁺¹/dxⁿ⁺¹ log Γ(x) = (-1)ⁿ⁺¹ n! Σₖ 1/(x + k)ⁿ⁺¹.
  ///
  /// ψ⁽⁰⁾ is ``digamma(_:)`` and ψ⁽¹⁾ is ``trigamma(_:)``, both defined on the
  /// whole real line. For n ≥ 2 the domain is x > 0 (negative arguments give
  /// NaN); at x = ±0 the value is the pole's infinity, (-1)ⁿ⁺¹ n!/xⁿ⁺¹.
  ///
  /// Edges: NaN for n < 0 or n ≥ 2³¹, and for NaN; ψ⁽ⁿ⁾(+∞) = 0 for n ≥ 1.
  ///
  /// ```swift
  /// SpecialFunctions.polygamma(2, 1)  // -2ζ(3) = -2.404113806319188
  /// ```
  public static func polygamma(_ n: Int, _ x: Double) -> Double {
    guard let order = Int32(exactly: n), order >= 0 else { return .nan }
    if order == 0 { return digamma(x) }
    if order == 1 { return trigamma(x) }
    if x.isNaN || x < 0 { return .nan }
    // The sign of (-1)ⁿ⁺¹ n!/xⁿ⁺¹ near 0 and of the function for all x > 0.
    let positive = order % 2 == 1
    if x == .infinity { return 0 }
    if x == 0 {
      // A signed zero picks the side: xⁿ⁺¹ keeps x's sign when n is even.
      let fromLeft = x.sign == .minus && order % 2 == 0
      return positive != fromLeft ? .infinity : -.infinity
    }
    do {
      return try GSLSpecialFunctions.polygamma(order, x)
    } catch {
      switch error.status {
      case .overflow: return positive ? .infinity : -.infinity
      case .underflow: return positive ? 0.0 : -0.0
      default: return .nan
      }
    }
  }
}
