/// The quantile of a distribution on the integers: the smallest k ≥ `lowest`
/// with P(X ≤ k) ≥ p.
///
/// Starts from `guess` and walks in the direction the CDF says. For p > 1/2
/// the comparison uses the survival function, P(X > k) ≤ 1 - p, which keeps
/// precision when p is close to 1 (1 - p is exact there).
///
/// - Returns: `nil` for p outside [0, 1], NaN, or a walk that passes
///   `highest` (p = 1 with unbounded support).
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
  var k = min(max(guess, lowest), highest)
  if reaches(k) {
    // Walk down to the smallest k that still reaches p.
    while k > lowest && reaches(k - 1) { k -= 1 }
    return k
  }
  while !reaches(k) {
    guard k < highest else { return nil }
    k += 1
  }
  return k
}
