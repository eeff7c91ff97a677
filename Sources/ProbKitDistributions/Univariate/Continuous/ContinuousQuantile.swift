import Foundation

/// Checks a quantile from GSL and, when it is not accurate, solves for it by
/// bisection: the x in `lower...upper` with P(X ≤ x) = p.
///
/// GSL's inverse CDFs return NaN or wrong values for extreme shapes and tails
/// (Gamma(0.001) at p = 0.9 by 37 orders of magnitude). The candidate is
/// accepted when the CDF (for p ≤ 1/2) or the survival function (above)
/// reproduces its probability to 1e-13 relative; otherwise bisection on the
/// bit patterns of the positive doubles (which are ordered like their values,
/// so each step halves the number of doubles left, uniformly in log x) finds
/// the smallest double x where P(X ≤ x) ≥ p, to the last bit, in at most 64
/// evaluations. Where the root lies above the largest finite double the
/// answer is +∞ (an overflow), never that double, a search bound; below the
/// smallest positive double it is `lower` (an underflow to 0).
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
    candidate < .greatestFiniteMagnitude,
    abs(tail(candidate) - target) <= 1e-13 * target
  {
    return candidate
  }
  // below(x): the root lies above x (a NaN probability counts as not below).
  func below(_ x: Double) -> Bool { lowerTail ? cdf(x) < target : survival(x) > target }
  let top = min(upper, .greatestFiniteMagnitude)
  if below(top) { return upper == .infinity ? .infinity : upper }
  let bottom = max(lower, .leastNonzeroMagnitude)
  if !below(bottom) { return bottom == lower ? bottom : lower }
  // Invariant: below(low), !below(high); at most 64 halvings of the gap.
  var low = bottom.bitPattern
  var high = top.bitPattern
  while high - low > 1 {
    let middle = low + (high - low) / 2
    if below(Double(bitPattern: middle)) { low = middle } else { high = middle }
  }
  return Double(bitPattern: high)
}
