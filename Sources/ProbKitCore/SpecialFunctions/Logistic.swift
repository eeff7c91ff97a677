import Foundation

extension SpecialFunctions {
  /// The logistic sigmoid, σ(x) = 1/(1 + e⁻ˣ), the inverse of ``logit(_:)``.
  ///
  /// Evaluated as 1/(1 + e⁻ˣ) for x ≥ 0 and eˣ/(1 + eˣ) for x < 0, so that
  /// neither branch overflows and small results keep full relative accuracy.
  ///
  /// Edges: σ(+∞) = 1, σ(-∞) = 0, NaN for NaN.
  ///
  /// ```swift
  /// SpecialFunctions.sigmoid(0)     // 0.5
  /// SpecialFunctions.sigmoid(-800)  // 0 (underflow; e⁻⁸⁰⁰ is below the smallest double)
  /// SpecialFunctions.sigmoid(-40)   // e⁻⁴⁰/(1 + e⁻⁴⁰) = 4.248354255291589e-18
  /// ```
  ///
  /// - Parameter x: Any real number (a log-odds).
  /// - Returns: σ(x), in [0, 1].
  public static func sigmoid(_ x: Double) -> Double {
    if x >= 0 {
      return 1 / (1 + exp(-x))
    }
    let e = exp(x)
    return e / (1 + e)
  }

  /// The logit (log-odds), logit(p) = log(p/(1 - p)), the inverse of
  /// ``sigmoid(_:)``, for p in [0, 1].
  ///
  /// Near p = 1/2 it is evaluated as log1p((2p - 1)/(1 - p)) to keep accuracy
  /// close to its zero.
  ///
  /// Edges: logit(0) = -∞, logit(1) = +∞; NaN outside [0, 1] and for NaN.
  ///
  /// ```swift
  /// SpecialFunctions.logit(0.75)  // log 3 = 1.0986122886681098
  /// SpecialFunctions.logit(0)     // -∞
  /// SpecialFunctions.logit(1.5)   // NaN: not a probability
  /// ```
  ///
  /// - Parameter p: A probability in [0, 1].
  /// - Returns: log(p/(1 - p)); see the edges above.
  public static func logit(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p > 0.25, p < 0.75 {
      // 2p - 1 is exact here, and so is 1 - p for p ≥ 1/2.
      return log1p((2 * p - 1) / (1 - p))
    }
    return log(p / (1 - p))
  }

  /// The softplus function, log(1 + eˣ), without overflow for large x or loss
  /// of accuracy for very negative x.
  ///
  /// Uses the branches of Mächler (2012), "Accurately computing log(1 - exp(-|a|))":
  /// eˣ for x ≤ -37, log1p(eˣ) up to 18, x + e⁻ˣ up to 33.3, and x beyond.
  ///
  /// Edges: 0 at -∞, +∞ at +∞, NaN for NaN.
  ///
  /// ```swift
  /// SpecialFunctions.log1pExp(1000)  // 1000.0
  /// SpecialFunctions.log1pExp(-50)   // 1.9287498479639178e-22
  /// ```
  ///
  /// - Parameter x: Any real number.
  /// - Returns: log(1 + eˣ), in [0, +∞].
  public static func log1pExp(_ x: Double) -> Double {
    if x <= -37 { return exp(x) }
    if x <= 18 { return log1p(exp(x)) }
    if x <= 33.3 { return x + exp(-x) }
    return x
  }

  /// x·log(y), defined as 0 when x = 0 (and y is not NaN), as the limit in
  /// entropies and log-likelihoods requires.
  ///
  /// Edges: 0 for x = 0 and any y other than NaN (including y = 0 and y < 0);
  /// otherwise x·log(y), so -∞ for x > 0 at y = 0 and NaN for y < 0.
  ///
  /// ```swift
  /// SpecialFunctions.xlogy(0, 0)  // 0
  /// SpecialFunctions.xlogy(2, 8)  // 2 log 8 = 4.1588830833596715
  /// SpecialFunctions.xlogy(1, 0)  // -∞
  /// ```
  ///
  /// - Parameters:
  ///   - x: The factor; 0 makes the result 0.
  ///   - y: The argument of the logarithm.
  /// - Returns: x·log(y); see the edges above.
  public static func xlogy(_ x: Double, _ y: Double) -> Double {
    if x == 0 && !y.isNaN { return 0 }
    return x * log(y)
  }

  /// x·log(1 + y), defined as 0 when x = 0 (and y is not NaN): ``xlogy(_:_:)``
  /// for a probability's complement, log(1 - p) = log1p(-p), without the
  /// rounding of 1 - p.
  ///
  /// ```swift
  /// SpecialFunctions.xlog1py(0, -1)  // 0
  /// SpecialFunctions.xlog1py(3, -0.5)  // 3 log(0.5) = -2.0794415416798357
  /// ```
  ///
  /// - Parameters:
  ///   - x: The factor; 0 makes the result 0.
  ///   - y: The argument of log1p, y ≥ -1.
  /// - Returns: x·log(1 + y).
  public static func xlog1py(_ x: Double, _ y: Double) -> Double {
    if x == 0 && !y.isNaN { return 0 }
    return x * log1p(y)
  }
}
