import Foundation

/// The entropy -Σₖ P(k) log P(k) of a distribution on the integers, over the
/// window `lowest...highest` that holds all but a negligible part of the mass.
///
/// Windows of up to 200,000 points are summed term by term. Wider ones
/// (a negative-binomial variance above about 10⁷) are summed on an evenly
/// spaced grid of 200,000 points over the real-valued
/// extension of the mass function, scaled by the spacing: for a smooth,
/// rapidly decaying summand the trapezoidal rule on any step much smaller
/// than the standard deviation agrees with the integer sum to far below
/// double precision.
///
/// - Parameters:
///   - lowest: The smallest point of the window.
///   - highest: The largest point of the window.
///   - logMass: log P(x), evaluated at integers (and, for wide windows,
///     between them).
/// - Returns: The entropy in nats.
func discreteEntropy(lowest: Double, highest: Double, logMass: (Double) -> Double) -> Double {
  // Bounds past the Double range (a mean of ∞ from parameters like p =
  // 5e-324) are clamped, so that the sum stays finite and bounded in time.
  let lowest = lowest.isNaN ? 0 : min(lowest, Double.greatestFiniteMagnitude)
  let highest = highest.isNaN ? lowest : min(max(highest, lowest), Double.greatestFiniteMagnitude)
  let width = highest - lowest
  // The trapezoidal sum of a smooth mass converges exponentially in the
  // number of points per standard deviation; 200,000 over the ±40σ range
  // used by the callers is 2,500 per σ.
  let points = 200_000.0
  let step = width <= points ? 1 : width / points
  // Indexed, not x += step: at x ≈ 1e300 the step is below one ulp of x
  // and the loop would never end.
  let count = Int((width / step).rounded(.down))
  var sum = 0.0
  for index in 0...count {
    let value = logMass(lowest + Double(index) * step)
    if value > -.infinity { sum -= exp(value) * value }
  }
  return sum * step
}
