import Foundation
internal import GSLBridge

extension SpecialFunctions {
  /// The [beta function](https://en.wikipedia.org/wiki/Beta_function),
  /// B(a, b) = Γ(a)Γ(b)/Γ(a + b) = ∫₀¹ tᵃ⁻¹(1 - t)ᵇ⁻¹ dt, for a, b > 0.
  ///
  /// Edges: NaN if either argument is negative or NaN; +∞ if either is zero;
  /// 0 if either is +∞ (and the other positive).
  ///
  /// ```swift
  /// SpecialFunctions.beta(2, 3)      // 1/12
  /// SpecialFunctions.beta(0.5, 0.5)  // π
  /// ```
  public static func beta(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN || a < 0 || b < 0 { return .nan }
    if a == 0 || b == 0 { return .infinity }
    let logValue = logBeta(a, b)
    if logValue.isNaN || logValue.isInfinite { return logValue.isNaN ? .nan : exp(logValue) }
    do {
      return try GSLSpecialFunctions.beta(a, b)
    } catch {
      // Beyond GSL's range the value over- or underflows a double, or is
      // representable but only through its logarithm.
      return exp(logValue)
    }
  }

  /// The logarithm of the beta function, log B(a, b), for a, b > 0.
  ///
  /// Edges: NaN if either argument is negative or NaN; +∞ if either is zero;
  /// -∞ if either is +∞ (and the other positive).
  ///
  /// ```swift
  /// SpecialFunctions.logBeta(1, 1)        // 0
  /// SpecialFunctions.logBeta(1e-200, 1e-200)  // log(2e200) = 461.20...
  /// ```
  public static func logBeta(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN || a < 0 || b < 0 { return .nan }
    if a == 0 || b == 0 { return .infinity }
    if a.isInfinite || b.isInfinite { return -.infinity }
    do {
      return try GSLSpecialFunctions.logBeta(a, b)
    } catch {
      switch error.status {
      case .overflow: return .infinity
      case .underflow: return -.infinity
      default: return .nan
      }
    }
  }

  /// The multivariate beta function's logarithm, the log-normaliser of the
  /// Dirichlet distribution: log B(α) = Σᵢ log Γ(αᵢ) - log Γ(Σᵢ αᵢ), for αᵢ > 0.
  ///
  /// Computed as a chain of two-argument log-beta terms,
  /// log B(α) = Σₖ₌₂ᴷ log B(α₁ + … + αₖ₋₁, αₖ), which avoids the cancellation
  /// of the direct formula when the αᵢ are large.
  ///
  /// Edges: NaN for an empty vector or any negative or NaN entry; +∞ if any
  /// entry is zero; 0 for a single entry.
  ///
  /// ```swift
  /// SpecialFunctions.logMultivariateBeta([1, 1, 1])  // log(1/2) = -0.6931471805599453
  /// ```
  public static func logMultivariateBeta(_ alphas: [Double]) -> Double {
    guard let first = alphas.first else { return .nan }
    if alphas.contains(where: { $0.isNaN || $0 < 0 }) { return .nan }
    if alphas.contains(0) { return .infinity }
    var partialSum = first
    var result = 0.0
    for alpha in alphas.dropFirst() {
      result += logBeta(partialSum, alpha)
      partialSum += alpha
    }
    return result
  }
}
