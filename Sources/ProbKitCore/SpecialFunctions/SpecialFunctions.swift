/// Special functions and numerically stable helpers, in the spirit of
/// `scipy.special`.
///
/// Every function is total: it never traps and never throws. Arguments
/// outside a function's domain give NaN, poles give the infinity the
/// mathematics implies (a signed zero chooses the side), and results beyond
/// the range of `Double` overflow to ±∞ or underflow to ±0. Each function's
/// documentation states its domain and edge values; `Docs/Architecture.md`
/// states the policy once for the whole library.
///
/// The gamma family is computed by the GNU Scientific Library; ProbKit checks
/// every argument before calling it, because GSL is silently wrong in places
/// (`gsl_sf_lngamma(-1)` returns 0), and checks every status it returns.
///
/// ```swift
/// SpecialFunctions.logGamma(0.5)            // log √π ≈ 0.5723649429247004
/// SpecialFunctions.logSumExp([1000, 1000])   // 1000 + log 2 = 1000.6931471805599
/// SpecialFunctions.softmax([1e300, -1e300])  // [1.0, 0.0]
/// SpecialFunctions.gamma(-1)                 // NaN: a pole
/// ```
public enum SpecialFunctions {}

extension SpecialFunctions {
  /// Whether `x` is zero or a negative integer: a pole of the gamma function.
  @inline(__always)
  static func isNonPositiveInteger(_ x: Double) -> Bool {
    x <= 0 && x.rounded(.towardZero) == x
  }
}
