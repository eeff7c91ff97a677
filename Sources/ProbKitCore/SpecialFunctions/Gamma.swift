internal import GSLBridge

extension SpecialFunctions {
  /// The [gamma function](https://en.wikipedia.org/wiki/Gamma_function),
  /// Γ(x) = ∫₀^∞ tˣ⁻¹ e⁻ᵗ dt, extended to negative non-integers by
  /// Γ(x) = Γ(x + 1)/x.
  ///
  /// Edges: Γ(±0) = ±∞; NaN at negative integers (the two one-sided limits
  /// differ) and at -∞; Γ(+∞) = +∞. Γ(x) overflows to +∞ above x ≈ 171.62 and
  /// underflows to ±0 for large negative x.
  ///
  /// ```swift
  /// SpecialFunctions.gamma(5)    // 24.0
  /// SpecialFunctions.gamma(0.5)  // √π = 1.7724538509055159
  /// ```
  public static func gamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == 0 { return x.sign == .minus ? -.infinity : .infinity }
    if isNonPositiveInteger(x) { return .nan }
    if x > 172 { return .infinity }
    if x > 171 {
      // GSL reports overflow above 171 although Γ(x) is finite up to 171.62;
      // Γ(x) = (x - 1)Γ(x - 1), where x - 1 is exact.
      return (x - 1) * gamma(x - 1)
    }
    do {
      return try GSLSpecialFunctions.gamma(x)
    } catch {
      // Γ keeps the sign of its argument's side of the nearest pole: positive
      // for x > 0, and (-1)^⌈-x⌉ for x < 0.
      let negative = x < 0 && Int(x.rounded(.down)) % 2 != 0
      switch error.status {
      case .overflow: return negative ? -.infinity : .infinity
      case .underflow: return negative ? -0.0 : 0.0
      default: return .nan
      }
    }
  }

  /// The logarithm of the absolute value of the gamma function, log|Γ(x)|.
  ///
  /// Edges: +∞ at the poles (0 and the negative integers, where |Γ| → ∞) and at
  /// ±∞; NaN for NaN.
  ///
  /// ```swift
  /// SpecialFunctions.logGamma(0.5)    // log √π = 0.5723649429247001
  /// SpecialFunctions.logGamma(1e300)  // 6.897755278982137e+302
  /// ```
  public static func logGamma(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x.isInfinite || isNonPositiveInteger(x) { return .infinity }
    do {
      return try GSLSpecialFunctions.logGamma(x)
    } catch {
      return error.status == .overflow ? .infinity : .nan
    }
  }
}
