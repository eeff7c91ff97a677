import Foundation
import ProbKitCore

/// What an optimiser needs from an objective: its value and gradient.
protocol DifferentiableObjective {
  func value(_ theta: [Double]) -> Double
  func valueAndGradient(_ theta: [Double]) -> (Double, [Double])
}

extension SoftmaxObjective: DifferentiableObjective {}

/// Where an optimiser stopped.
struct OptimizationResult {
  var theta: [Double]
  var value: Double
  var gradient: [Double]
  var iterations: Int
  var functionEvaluations: Int
  var gradientEvaluations: Int
  var converged: Bool

  var gradientNorm: Double { (gradient.reduce(0) { $0 + $1 * $1 }).squareRoot() }

  /// The state at the start point, after its one evaluation.
  init(start theta: [Double], value: Double, gradient: [Double]) {
    self.theta = theta
    self.value = value
    self.gradient = gradient
    iterations = 0
    functionEvaluations = 1
    gradientEvaluations = 1
    converged = false
  }

  /// Records the final point; converged if its gradient meets the rule.
  mutating func finish(theta: [Double], value: Double, gradient: [Double], rule: StoppingRule) {
    if rule.gradientSmall(gradient, value) { converged = true }
    self.theta = theta
    self.value = value
    self.gradient = gradient
  }
}

/// When to stop: the largest gradient component at most
/// `gradientTolerance · max(1, |f|)`, or the objective changing by less than
/// `objectiveTolerance · max(1, |f|)` over three iterations in a row.
struct StoppingRule {
  var maximumIterations: Int
  var gradientTolerance: Double
  var objectiveTolerance: Double
  /// Called once per iteration with its number, objective and gradient norm.
  var progress: (@Sendable (FitProgress) -> Void)? = nil

  func report(_ iteration: Int, _ value: Double, _ gradient: [Double]) {
    guard let progress else { return }
    progress(
      FitProgress(
        iteration: iteration, objective: value,
        gradientNorm: gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()))
  }

  func gradientSmall(_ gradient: [Double], _ value: Double) -> Bool {
    let largest = gradient.reduce(0) { max($0, abs($1)) }
    return largest <= gradientTolerance * max(1, abs(value))
  }

  /// Counts iterations whose decrease `change` was at most
  /// objectiveTolerance · max(1, |f|) in `quiet`; true after three in a row.
  func stalled(change: Double, value: Double, quiet: inout Int) -> Bool {
    quiet = change <= objectiveTolerance * max(1, abs(value)) ? quiet + 1 : 0
    return quiet >= 3
  }
}

@inline(__always)
func dot(_ a: [Double], _ b: [Double]) -> Double {
  var sum = 0.0
  for i in a.indices { sum += a[i] * b[i] }
  return sum
}

@inline(__always)
func axpy(_ alpha: Double, _ x: [Double], _ y: [Double]) -> [Double] {
  var result = y
  for i in result.indices { result[i] += alpha * x[i] }
  return result
}

/// A point the line search evaluated: θ + α·d, its value and gradient, and
/// the directional slope ∇f·d there.
struct LineSearchTrial {
  let step: Double
  let theta: [Double]
  let value: Double
  let gradient: [Double]
  let slope: Double
}

/// One end of the zoom's bracket: a step, its value and slope.
struct LineSearchBound {
  var step: Double
  var value: Double
  var slope: Double

  init(_ trial: LineSearchTrial) {
    (step, value, slope) = (trial.step, trial.value, trial.slope)
  }

  init(step: Double, value: Double, slope: Double) {
    (self.step, self.value, self.slope) = (step, value, slope)
  }
}

/// A line search for the strong Wolfe conditions, c₁ = 1e-4, c₂ = 0.9.
///
/// Nocedal and Wright, algorithms 3.5 and 3.6, with safeguarded cubic
/// interpolation in the zoom. Returns the accepted trial and the evaluations
/// used; `nil` if no acceptable step was found.
func wolfeLineSearch(
  _ objective: some DifferentiableObjective, from theta: [Double], value f0: Double,
  gradient g0: [Double], direction: [Double], initialStep: Double
) -> (trial: LineSearchTrial, evaluations: Int)? {
  let c1 = 1e-4
  let c2 = 0.9
  // Values within the objective's rounding of each other count as equal, so
  // that near the optimum (where f's changes fall below its rounding) steps
  // are judged by the slope condition rather than rejected for noise.
  let noise = 1e-13 * max(1, abs(f0))
  let slope0 = dot(g0, direction)
  guard slope0 < 0 else { return nil }
  var evaluations = 0
  func evaluate(_ step: Double) -> LineSearchTrial {
    evaluations += 1
    let point = axpy(step, direction, theta)
    let (value, gradient) = objective.valueAndGradient(point)
    return LineSearchTrial(
      step: step, theta: point, value: value, gradient: gradient,
      slope: dot(gradient, direction))
  }
  func sufficientlyLower(_ trial: LineSearchTrial) -> Bool {
    trial.value <= f0 + c1 * trial.step * slope0 + noise
  }
  func zoom(_ lowIn: LineSearchBound, _ highIn: LineSearchBound) -> LineSearchTrial? {
    var low = lowIn
    var high = highIn
    for _ in 0..<60 {
      // Cubic interpolation between low and high, safeguarded to the middle 80%.
      let d1c = low.slope + high.slope - 3 * (low.value - high.value) / (low.step - high.step)
      let radicand = d1c * d1c - low.slope * high.slope
      var step = (low.step + high.step) / 2
      if radicand >= 0 {
        let d2 = (high.step > low.step ? 1.0 : -1.0) * radicand.squareRoot()
        let candidate =
          high.step - (high.step - low.step) * (high.slope + d2 - d1c)
          / (high.slope - low.slope + 2 * d2)
        let lo = min(low.step, high.step)
        let hi = max(low.step, high.step)
        if candidate.isFinite && candidate > lo + 0.1 * (hi - lo)
          && candidate < hi - 0.1 * (hi - lo)
        {
          step = candidate
        }
      }
      let trial = evaluate(step)
      if !sufficientlyLower(trial) || trial.value >= low.value + noise {
        high = LineSearchBound(trial)
      } else {
        if abs(trial.slope) <= -c2 * slope0 { return trial }
        if trial.slope * (high.step - low.step) >= 0 { high = low }
        low = LineSearchBound(trial)
      }
      if abs(high.step - low.step) <= 1e-16 * max(1, abs(low.step)) { break }
    }
    // No Wolfe point to rounding precision: accept the best sufficient decrease.
    return low.step > 0 ? evaluate(low.step) : nil
  }
  var previous = LineSearchBound(step: 0, value: f0, slope: slope0)
  var step = initialStep
  for attempt in 0..<40 {
    let trial = evaluate(step)
    if !trial.value.isFinite {
      step /= 2
      continue
    }
    if !sufficientlyLower(trial) || (attempt > 0 && trial.value >= previous.value + noise) {
      return zoom(previous, LineSearchBound(trial)).map { ($0, evaluations) }
    }
    if abs(trial.slope) <= -c2 * slope0 { return (trial, evaluations) }
    if trial.slope >= 0 {
      return zoom(LineSearchBound(trial), previous).map { ($0, evaluations) }
    }
    previous = LineSearchBound(trial)
    step *= 2
  }
  return nil
}

/// Limited-memory BFGS (Nocedal and Wright, algorithm 7.5; two-loop
/// recursion with m = 10 pairs, initial Hessian scaled by sᵀy/yᵀy) with the
/// strong-Wolfe line search.
func minimizeLBFGS(
  _ objective: some DifferentiableObjective, start: [Double], rule: StoppingRule,
  memory: Int = 10
) -> OptimizationResult {
  var theta = start
  var (value, gradient) = objective.valueAndGradient(theta)
  var result = OptimizationResult(start: theta, value: value, gradient: gradient)
  var steps: [[Double]] = []
  var changes: [[Double]] = []
  var quietIterations = 0
  while result.iterations < rule.maximumIterations {
    rule.report(result.iterations, value, gradient)
    if rule.gradientSmall(gradient, value) {
      result.converged = true
      break
    }
    // Two-loop recursion: direction = -H·g.
    var q = gradient
    var alphas = [Double](repeating: 0, count: steps.count)
    for i in stride(from: steps.count - 1, through: 0, by: -1) {
      let rho = 1 / dot(changes[i], steps[i])
      alphas[i] = rho * dot(steps[i], q)
      q = axpy(-alphas[i], changes[i], q)
    }
    if let s = steps.last, let y = changes.last {
      let scale = dot(s, y) / dot(y, y)
      for i in q.indices { q[i] *= scale }
    } else {
      let norm = (dot(gradient, gradient)).squareRoot()
      let scale = 1 / max(norm, 1)
      for i in q.indices { q[i] *= scale }
    }
    for i in 0..<steps.count {
      let rho = 1 / dot(changes[i], steps[i])
      let beta = rho * dot(changes[i], q)
      q = axpy(alphas[i] - beta, steps[i], q)
    }
    var direction = q.map { -$0 }
    if dot(direction, gradient) >= 0 {
      // Not a descent direction (rounding): restart from steepest descent.
      steps.removeAll()
      changes.removeAll()
      direction = gradient.map { -$0 / max(1, (dot(gradient, gradient)).squareRoot()) }
    }
    guard
      let search = wolfeLineSearch(
        objective, from: theta, value: value, gradient: gradient, direction: direction,
        initialStep: 1)
    else { break }
    result.iterations += 1
    result.functionEvaluations += search.evaluations
    result.gradientEvaluations += search.evaluations
    let accepted = search.trial
    let s = zip(accepted.theta, theta).map { $0 - $1 }
    let y = zip(accepted.gradient, gradient).map { $0 - $1 }
    let change = value - accepted.value
    theta = accepted.theta
    value = accepted.value
    gradient = accepted.gradient
    if dot(s, y) > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot() {
      steps.append(s)
      changes.append(y)
      if steps.count > memory {
        steps.removeFirst()
        changes.removeFirst()
      }
    }
    if rule.stalled(change: change, value: value, quiet: &quietIterations) {
      result.converged = true
      break
    }
  }
  result.finish(theta: theta, value: value, gradient: gradient, rule: rule)
  return result
}

/// Newton's method with the exact Hessian: solve H·Δ = -g by Cholesky (with
/// Levenberg damping H + μI when H is not positive definite), then a
/// backtracking line search for sufficient decrease.
func minimizeNewton(
  _ objective: SoftmaxObjective, start: [Double], rule: StoppingRule
) -> OptimizationResult {
  var theta = start
  var (value, gradient) = objective.valueAndGradient(theta)
  var result = OptimizationResult(start: theta, value: value, gradient: gradient)
  var quietIterations = 0
  while result.iterations < rule.maximumIterations {
    rule.report(result.iterations, value, gradient)
    if rule.gradientSmall(gradient, value) {
      result.converged = true
      break
    }
    let hessian = objective.hessian(theta)
    let size = hessian.rows
    var damping = 0.0
    var direction: [Double]?
    var largestDiagonal = 0.0
    for i in 0..<size { largestDiagonal = max(largestDiagonal, abs(hessian[i, i])) }
    for _ in 0..<30 {
      var damped = hessian
      for i in 0..<size { damped.values[i * size + i] += damping }
      if let factor = damped.choleskyFactor() {
        let forward = factor.solveLowerTriangular(gradient.map { -$0 })
        direction = factor.solveUpperTriangularTransposed(forward)
        break
      }
      damping = damping == 0 ? 1e-10 * max(largestDiagonal, 1) : damping * 10
    }
    guard let direction else { break }
    // Backtracking: Newton's full step is usually accepted.
    var step = 1.0
    var accepted: ([Double], Double)?
    let slope = dot(gradient, direction)
    for _ in 0..<60 {
      let candidate = axpy(step, direction, theta)
      let candidateValue = objective.value(candidate)
      result.functionEvaluations += 1
      if candidateValue.isFinite && candidateValue <= value + 1e-4 * step * slope {
        accepted = (candidate, candidateValue)
        break
      }
      step /= 2
    }
    guard let (next, _) = accepted else { break }
    result.iterations += 1
    let previous = value
    theta = next
    (value, gradient) = objective.valueAndGradient(theta)
    result.functionEvaluations += 1
    result.gradientEvaluations += 1
    if rule.stalled(change: previous - value, value: value, quiet: &quietIterations) {
      result.converged = true
      break
    }
  }
  result.finish(theta: theta, value: value, gradient: gradient, rule: rule)
  return result
}

/// What Fisher scoring needs of an objective: f, ∇f and the curvature I
/// (the expected information, or the Hessian) at θ, from one evaluation.
protocol FisherScoringObjective {
  associatedtype State: FisherScoringState
  /// Whether I is the same at every θ (then it is computed once).
  var hasConstantInformation: Bool { get }
  /// f and ∇f at θ, with I when `information` is true or taken from `known`.
  func evaluate(_ theta: [Double], information: Bool, known: Matrix?) -> State
}

/// f, ∇f and I at one point (and whatever else the objective keeps).
protocol FisherScoringState {
  var value: Double { get }
  var gradient: [Double] { get }
  var information: Matrix { get }
}

/// Where Fisher scoring stopped, and why.
struct FisherScoringResult<State: FisherScoringState> {
  enum Outcome {
    /// The Newton decrement is at the rounding floor.
    case converged
    /// I is not positive definite at `state`.
    case singularInformation
    /// The iteration limit, with the decrement still above the floor.
    case iterationLimit
    /// No step length down to 10⁻¹² decreased f; `overflowed` when f was
    /// not finite at every length tried (a step far too long for the data).
    case noDescent(overflowed: Bool)
    /// f, I or the step is not finite (the quantity, in words).
    case overflow(String)
  }
  var theta: [Double]
  /// f, ∇f and I at `theta`, or at the point one quadratically small last
  /// step before it (see ``minimizeFisherScoring(_:start:maximumIterations:progress:)``).
  var state: State
  var iterations: Int
  var outcome: Outcome
}

/// Fisher scoring (Newton's method when I is the Hessian) to the rounding
/// floor.
///
/// Solve I·Δ = ∇f by Cholesky, halve the step until f decreases
/// sufficiently (the full step, usually taken, is evaluated with I at once),
/// until the Newton decrement ∇fᵀΔ/2 is below 10⁻³⁰(1 + |f|), or below
/// 10⁻¹²(1 + |f|) and no longer shrinking (Fisher scoring converges at least
/// linearly). A last step with a decrement below 10⁻²⁴(1 + |f|) is taken
/// without evaluating its end: the result's `state` is then one such step
/// behind its `theta`.
func minimizeFisherScoring<Objective: FisherScoringObjective>(
  _ objective: Objective, start: [Double], maximumIterations: Int,
  progress: (@Sendable (FitProgress) -> Void)?
) -> FisherScoringResult<Objective.State> {
  var theta = start
  var state = objective.evaluate(theta, information: true, known: nil)
  var result = FisherScoringResult(theta: theta, state: state, iterations: 0, outcome: .converged)
  func stop(_ outcome: FisherScoringResult<Objective.State>.Outcome) -> FisherScoringResult<
    Objective.State
  > {
    result.theta = theta
    result.state = state
    result.outcome = outcome
    return result
  }
  guard state.value.isFinite else { return stop(.overflow("the objective at the starting point")) }
  var previousDecrement = Double.infinity
  while true {
    guard state.information.values.allSatisfy(\.isFinite), state.value.isFinite else {
      return stop(.overflow("the Fisher information"))
    }
    guard let factor = state.information.choleskyFactor() else {
      return stop(.singularInformation)
    }
    let step = factor.solveUpperTriangularTransposed(factor.solveLowerTriangular(state.gradient))
    let decrement = dot(step, state.gradient)
    guard decrement.isFinite else { return stop(.overflow("the Newton step")) }
    let floor = 1 + abs(state.value)
    if decrement / 2 <= 1e-30 * floor
      || decrement / 2 <= 1e-12 * floor && decrement > previousDecrement * 0.9
    {
      return stop(.converged)
    }
    if decrement / 2 <= 1e-24 * floor {
      // The last, quadratically small step: taken without another pass
      // over the data (it moves each ηᵢ by ~√decrement relative, so the
      // state's statistics stand for the new θ to far below their digits).
      theta = axpy(-1, step, theta)
      result.iterations += 1
      return stop(.converged)
    }
    guard result.iterations < maximumIterations else { return stop(.iterationLimit) }
    let known = objective.hasConstantInformation ? state.information : nil
    var length = 1.0
    var accepted = false
    var overflowed = true
    while length >= 1e-12 && !accepted {
      let candidate = axpy(-length, step, theta)
      let next = objective.evaluate(candidate, information: length == 1, known: known)
      if next.value.isFinite { overflowed = false }
      // Sufficient decrease, or a full step at the floor that does not rise.
      if next.value <= state.value - 1e-4 * length * decrement
        || length == 1 && decrement / 2 <= 1e-12 * floor
          && next.value <= state.value + 1e-12 * floor
      {
        theta = candidate
        state =
          length == 1 ? next : objective.evaluate(candidate, information: true, known: known)
        accepted = true
      }
      length /= 2
    }
    guard accepted else { return stop(.noDescent(overflowed: overflowed)) }
    previousDecrement = decrement
    result.iterations += 1
    progress?(
      FitProgress(
        iteration: result.iterations, objective: state.value,
        gradientNorm: dot(state.gradient, state.gradient).squareRoot()))
  }
}

/// Batch gradient descent with the update θ ← θ - ηₜ∇f(θ), ηₜ = η₀/(1 + decay·t):
/// for teaching and comparison, not speed.
func minimizeGradientDescent(
  _ objective: some DifferentiableObjective, start: [Double], rule: StoppingRule,
  stepSize: Double, decay: Double
) -> OptimizationResult {
  var theta = start
  var (value, gradient) = objective.valueAndGradient(theta)
  var result = OptimizationResult(start: theta, value: value, gradient: gradient)
  var quietIterations = 0
  while result.iterations < rule.maximumIterations {
    rule.report(result.iterations, value, gradient)
    if rule.gradientSmall(gradient, value) {
      result.converged = true
      break
    }
    let rate = stepSize / (1 + decay * Double(result.iterations))
    let previous = value
    theta = axpy(-rate, gradient, theta)
    (value, gradient) = objective.valueAndGradient(theta)
    result.iterations += 1
    result.functionEvaluations += 1
    result.gradientEvaluations += 1
    guard value.isFinite else { break }
    if rule.stalled(change: abs(previous - value), value: value, quiet: &quietIterations) {
      result.converged = true
      break
    }
  }
  result.finish(theta: theta, value: value, gradient: gradient, rule: rule)
  return result
}
