import Foundation

/// Nesterov dual averaging of log ε towards a target acceptance statistic δ
/// (Hoffman and Gelman 2014, §3.2, with Stan's constants).
///
/// After m updates with acceptance statistics αᵢ:
/// H̄ₘ = (1 − 1/(m + t₀)) H̄ₘ₋₁ + (δ − αₘ)/(m + t₀),
/// log εₘ = μ − √m H̄ₘ / γ, and the averaged iterate
/// log ε̄ₘ = m^(−κ) log εₘ + (1 − m^(−κ)) log ε̄ₘ₋₁, which warmup ends on.
struct StepSizeAdaptation {
  /// δ, the acceptance statistic aimed at.
  let target: Double
  /// Stan's γ = 0.05, t₀ = 10, κ = 0.75.
  let gamma = 0.05
  let t0 = 10.0
  let kappa = 0.75
  /// μ = log(10 ε₀): the point log ε is shrunk towards.
  private(set) var mu: Double
  private var counter = 0.0
  private var averageGap = 0.0
  private var averagedLogStepSize = 0.0

  init(target: Double, initialStepSize: Double) {
    self.target = target
    mu = Foundation.log(10 * initialStepSize)
  }

  /// Restarts the averages around a new initial step size, as Stan does
  /// after each metric update.
  mutating func restart(initialStepSize: Double) {
    mu = Foundation.log(10 * initialStepSize)
    counter = 0
    averageGap = 0
    averagedLogStepSize = 0
  }

  /// Takes one acceptance statistic and returns the next step size.
  mutating func update(acceptance: Double) -> Double {
    counter += 1
    let statistic = min(1, acceptance.isNaN ? 0 : acceptance)
    let eta = 1 / (counter + t0)
    averageGap = (1 - eta) * averageGap + eta * (target - statistic)
    let logStepSize = mu - counter.squareRoot() / gamma * averageGap
    let weight = Foundation.pow(counter, -kappa)
    averagedLogStepSize = weight * logStepSize + (1 - weight) * averagedLogStepSize
    return Foundation.exp(logStepSize)
  }

  /// The step size warmup ends on: exp(log ε̄).
  var finalStepSize: Double { Foundation.exp(averagedLogStepSize) }
}
