/// The quantile of a distribution on the integers: the smallest k in
/// `lowest...highest` with P(X ≤ k) ≥ p.
///
/// Gallops from `guess` in doubling steps until the answer is bracketed, then
/// bisects: O(log(distance from the guess)) evaluations of the CDF. For
/// p > 1/2 the test uses the survival function, P(X > k) ≤ 1 - p, which keeps
/// precision when p is close to 1 (1 - p is exact there).
///
/// - Returns: `nil` for p outside [0, 1] or NaN; `highest` when even it does
///   not reach p: with `highest` = `Int.max`, the unbounded end of the
///   support, that is the quantile saturated to the largest `Int` (p = 1, or
///   a quantile beyond 2⁶³ - 1, as for Poisson(1e300) at 1/2).
func discreteQuantile(
  _ p: Double, guess: Int, lowest: Int, highest: Int,
  cdf: (Int) -> Double, survival: (Int) -> Double
) -> Int? {
  guard p >= 0, p <= 1 else { return nil }
  if p == 0 { return lowest }
  let upper = 1 - p
  func reaches(_ k: Int) -> Bool {
    p <= 0.5 ? cdf(k) >= p : survival(k) <= upper
  }
  // Bracket: reaches(high) is true and low is below every k that reaches.
  var high = min(max(guess, lowest), highest)
  var low: Int
  if reaches(high) {
    var step = 1
    low = high
    while low > lowest {
      let next = max(lowest, low - step)
      if !reaches(next) {
        low = next
        break
      }
      high = next
      low = next
      step = step.multipliedReportingOverflow(by: 2).overflow ? Int.max : step * 2
    }
    if low == high { return high }
  } else {
    var step = 1
    low = high
    while true {
      guard high < highest else { return highest }
      let next = highest - high <= step ? highest : high + step
      if reaches(next) {
        high = next
        break
      }
      low = next
      high = next
      step = step.multipliedReportingOverflow(by: 2).overflow ? Int.max : step * 2
    }
  }
  // Invariant: !reaches(low), reaches(high), low < high.
  while high - low > 1 {
    let middle = low + (high - low) / 2
    if reaches(middle) { high = middle } else { low = middle }
  }
  return high
}

/// A starting point for ``discreteQuantile(_:guess:lowest:highest:cdf:survival:)``.
///
/// From a real approximation: rounded down and clamped into 0...2⁶², with
/// NaN (∞ - ∞ in a normal approximation) giving 0. Never traps.
func clampedGuess(_ x: Double) -> Int {
  guard x > 0 else { return 0 }
  return x < 0x1p62 ? Int(x.rounded(.down)) : 1 << 62
}

/// A count as an `Int`, saturated at `Int.max`.
///
/// `Int.max` is the unbounded end of a discrete support; counts beyond
/// 2⁶³ - 1 (draws and modes of distributions whose values reach past the
/// `Int` range, as Poisson(1e300)) saturate to it. NaN and negative values
/// give 0. Never traps.
@usableFromInline
func saturatingCount(_ x: Double) -> Int {
  guard x > 0 else { return 0 }
  return x < 0x1p63 ? Int(x.rounded(.down)) : Int.max
}
