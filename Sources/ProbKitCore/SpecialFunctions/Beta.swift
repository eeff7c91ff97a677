import Foundation

extension SpecialFunctions {
  /// The [beta function](https://en.wikipedia.org/wiki/Beta_function),
  /// B(a, b) = Γ(a)Γ(b)/Γ(a + b) = ∫₀¹ tᵃ⁻¹(1 - t)ᵇ⁻¹ dt, for a, b > 0.
  ///
  /// Computed as exp(log B(a, b)) with the logarithm in extended precision, so
  /// that results near the limits of `Double` (B(1e-200, 1e-200) = 2e200, where
  /// GSL's `gsl_sf_beta` returns ∞) keep full accuracy.
  ///
  /// Edges: NaN if either argument is negative or NaN; +∞ if either is zero;
  /// 0 if either is +∞ (and the other positive).
  ///
  /// ```swift
  /// SpecialFunctions.beta(2, 3)            // 1/12 = 0.08333333333333333
  /// SpecialFunctions.beta(0.5, 0.5)        // π = 3.141592653589793
  /// SpecialFunctions.beta(1e-200, 1e-200)  // 2e+200
  /// SpecialFunctions.beta(0, 2)            // +∞
  /// SpecialFunctions.beta(-1, 2)           // NaN: outside the domain
  /// ```
  ///
  /// - Parameters:
  ///   - a: The first argument, a ≥ 0.
  ///   - b: The second argument, b ≥ 0.
  /// - Returns: B(a, b); see the edges above.
  public static func beta(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN || a < 0 || b < 0 { return .nan }
    if a == 0 || b == 0 { return .infinity }
    if a.isInfinite || b.isInfinite { return 0 }
    return Double(exp(ExtendedMath.logBeta(Extended(a), Extended(b))))
  }

  /// The logarithm of the beta function, log B(a, b), for a, b > 0.
  ///
  /// With p = min(a, b) and q = max(a, b): Stirling's series when p ≥ 10, the
  /// expansion of log Γ(q) - log Γ(p + q) when only q ≥ 10 (so very unequal
  /// arguments do not cancel), and the gamma functions when both are small; all
  /// in extended precision.
  ///
  /// Edges: NaN if either argument is negative or NaN; +∞ if either is zero;
  /// -∞ if either is +∞ (and the other positive).
  ///
  /// ```swift
  /// SpecialFunctions.logBeta(1, 1)            // 0
  /// SpecialFunctions.logBeta(2, 3)            // log(1/12) = -2.4849066497880004
  /// SpecialFunctions.logBeta(1e-200, 1e-200)  // log(2e200) = 461.2101657793691
  /// ```
  ///
  /// - Parameters:
  ///   - a: The first argument, a ≥ 0.
  ///   - b: The second argument, b ≥ 0.
  /// - Returns: log B(a, b); see the edges above.
  public static func logBeta(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN || a < 0 || b < 0 { return .nan }
    if a == 0 || b == 0 { return .infinity }
    if a.isInfinite || b.isInfinite { return -.infinity }
    return Double(ExtendedMath.logBeta(Extended(a), Extended(b)))
  }

  /// The multivariate beta function's logarithm, the log-normaliser of the
  /// Dirichlet distribution: log B(α) = Σᵢ log Γ(αᵢ) - log Γ(Σᵢ αᵢ), for αᵢ > 0.
  ///
  /// Computed in extended precision as a chain of two-argument log-beta terms,
  /// log B(α) = Σₖ₌₂ᴷ log B(α₁ + … + αₖ₋₁, αₖ), which avoids the cancellation
  /// of the direct formula when the αᵢ are large.
  ///
  /// Edges: NaN for an empty vector or any negative or NaN entry; +∞ if any
  /// entry is zero; -∞ if any entry is +∞ (and none is zero); 0 for a single
  /// entry.
  ///
  /// ```swift
  /// SpecialFunctions.logMultivariateBeta([1, 1, 1])  // log(1/2) = -0.6931471805599453
  /// SpecialFunctions.logMultivariateBeta([2, 3])     // logBeta(2, 3) = -2.4849066497880004
  /// SpecialFunctions.logMultivariateBeta([])         // NaN
  /// ```
  ///
  /// - Parameter alphas: The concentrations α₁, …, α_K, each ≥ 0.
  /// - Returns: log B(α); see the edges above.
  public static func logMultivariateBeta(_ alphas: [Double]) -> Double {
    guard let first = alphas.first else { return .nan }
    if alphas.contains(where: { $0.isNaN || $0 < 0 }) { return .nan }
    if alphas.contains(0) { return .infinity }
    if alphas.count > 1 && alphas.contains(.infinity) { return -.infinity }
    var partialSum = Extended(first)
    var result: Extended = 0
    for alpha in alphas.dropFirst() {
      let next = Extended(alpha)
      result += ExtendedMath.logBeta(partialSum, next)
      partialSum += next
    }
    return Double(result)
  }
}
