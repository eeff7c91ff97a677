import Foundation

/// The entropy -Σₖ P(k) log P(k) of a distribution on the integers, over the
/// window `lowest...highest` that holds all but a negligible part of the mass.
///
/// Windows of up to two million points are summed term by term. Wider ones
/// (a Poisson rate or negative-binomial variance above about 10⁹) are
/// summed on an evenly spaced grid of two million points over the real-valued
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
  let width = highest - lowest
  let points = 2_000_000.0
  let step = width <= points ? 1 : width / points
  var sum = 0.0
  var x = lowest
  while x <= highest {
    let value = logMass(x)
    if value > -.infinity { sum -= exp(value) * value }
    x += step
  }
  return sum * step
}
