import Foundation
internal import GSLBridge

extension SpecialFunctions {
  /// The logarithm of the factorial, log(n!) = log Γ(n + 1), for n ≥ 0.
  ///
  /// GSL's `gsl_sf_lnfact` up to 2³² - 1; above it, log Γ(n + 1) in extended
  /// precision, where every `Int` is exact.
  ///
  /// Edges: NaN for n < 0; log(0!) = log(1!) = 0 exactly.
  ///
  /// ```swift
  /// SpecialFunctions.logFactorial(10)  // log 3628800 = 15.104412573075516
  /// SpecialFunctions.logFactorial(0)   // 0
  /// SpecialFunctions.logFactorial(-1)  // NaN
  /// ```
  ///
  /// - Parameter n: The integer, n ≥ 0.
  /// - Returns: log(n!); see the edges above.
  public static func logFactorial(_ n: Int) -> Double {
    if n < 0 { return .nan }
    if let small = UInt32(exactly: n), let value = try? GSLSpecialFunctions.logFactorial(small) {
      return value
    }
    return Double(ExtendedMath.logGamma(Extended(n) + 1))
  }

  /// The logarithm of the binomial coefficient,
  /// log C(n, k) = log(n!/(k!(n - k)!)), for integers n ≥ 0.
  ///
  /// Computed in extended precision as -log(n + 1) - log B(n - k + 1, k + 1),
  /// which keeps full relative accuracy when k or n - k is small and n is huge
  /// (the difference of log-factorials, as in GSL's `gsl_sf_lnchoose`, loses it).
  ///
  /// Edges: -∞ (the log of a zero coefficient) for k < 0 or k > n; 0 for
  /// k = 0 and k = n; NaN for n < 0.
  ///
  /// ```swift
  /// SpecialFunctions.logBinomialCoefficient(10, 3)         // log 120 = 4.787491742782046
  /// SpecialFunctions.logBinomialCoefficient(10, 11)        // -∞: C(10, 11) = 0
  /// SpecialFunctions.logBinomialCoefficient(1 << 40, 1)    // log 2⁴⁰ = 27.725887222397812
  /// ```
  ///
  /// - Parameters:
  ///   - n: The number of items, n ≥ 0.
  ///   - k: The number chosen; outside 0...n the coefficient is 0.
  /// - Returns: log C(n, k); see the edges above.
  public static func logBinomialCoefficient(_ n: Int, _ k: Int) -> Double {
    if n < 0 { return .nan }
    if k < 0 || k > n { return -.infinity }
    if k == 0 || k == n { return 0 }
    return Double(ExtendedMath.logBinomialCoefficient(Extended(n), Extended(k)))
  }
}
