import Foundation

/// Checks a quantile from GSL and, when it is not accurate, solves for it by
/// bisection: the x in `lower...upper` with P(X ≤ x) = p.
///
/// GSL's inverse CDFs return NaN or wrong values for extreme shapes and tails
/// (Gamma(0.001) at p = 0.9 by 37 orders of magnitude). The candidate is
/// accepted when the CDF (for p ≤ 1/2) or the survival function (above)
/// reproduces its probability to 1e-13 relative; otherwise bisection, on
/// log x for a positive support so that tiny and huge quantiles keep their
/// relative precision, runs until the bracket stops shrinking.
///
/// - Parameters:
///   - p: The probability, in (0, 1).
///   - candidate: GSL's answer, possibly NaN.
///   - lower: The lower end of the support, ≥ 0.
///   - upper: The upper end of the support (may be +∞).
///   - cdf: P(X ≤ x).
///   - survival: P(X > x).
/// - Returns: The quantile, to the precision the CDF allows.
func refinedQuantile(
  _ p: Double, candidate: Double, lower: Double, upper: Double,
  cdf: (Double) -> Double, survival: (Double) -> Double
) -> Double {
  let lowerTail = p <= 0.5
  let target = lowerTail ? p : 1 - p
  func tail(_ x: Double) -> Double { lowerTail ? cdf(x) : survival(x) }
  if candidate.isFinite, candidate >= lower, candidate <= upper,
    abs(tail(candidate) - target) <= 1e-13 * target
  {
    return candidate
  }
  // below(x): the root lies above x. Bisect on log x over the support, so
  // that tiny and huge quantiles keep their relative precision.
  func below(_ x: Double) -> Bool { lowerTail ? cdf(x) < target : survival(x) > target }
  var low = log(max(lower, Double.leastNonzeroMagnitude))
  var high = log(min(upper, Double.greatestFiniteMagnitude))
  for _ in 0..<200 {
    let middle = 0.5 * (low + high)
    if middle == low || middle == high { break }
    if below(exp(middle)) { low = middle } else { high = middle }
  }
  return exp(high)
}
