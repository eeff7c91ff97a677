import Foundation
import ProbKitCore

/// One Markov chain of Hamiltonian Monte Carlo: the model, the metric, the
/// step size, the random stream and the buffers every transition reuses.
///
/// Not `Sendable`: each chain lives in its own task.
final class HMCChain<Model: LogDensity> {
  let model: Model
  let configuration: HMCSampler
  let random: RandomSource
  let dimension: Int
  var metric: Metric {
    didSet { loadMetric() }
  }
  /// M⁻¹'s diagonal (diagonal and unit metrics), kept in step with
  /// ``metric`` so that a leapfrog step reads it without copying the metric.
  let inverseDiagonal: UnsafeMutablePointer<Double>
  /// Whether ``metric`` is dense (else ``inverseDiagonal`` is M⁻¹).
  private(set) var isDense: Bool
  var stepSize: Double
  let workspace: PhaseSpaceWorkspace
  /// The chain's state: the last draw (momentum unused between transitions).
  let current: PhasePoint
  /// The point the integrator moves.
  let moving: PhasePoint
  /// Scratch for M⁻¹p.
  let velocityScratch: UnsafeMutablePointer<Double>
  /// How each transition's trajectory is built.
  private let engine: Engine

  private enum Engine {
    case noUTurn(NoUTurnWorkspace)
    case fixed(leapfrogSteps: Int)
  }

  init(model: Model, configuration: HMCSampler, random: RandomSource) {
    self.model = model
    self.configuration = configuration
    self.random = random
    dimension = model.dimension
    metric = Metric(kind: configuration.metric, dimension: dimension)
    stepSize = configuration.initialStepSize
    var depth = 0
    if case .noUTurn(let maximumTreeDepth) = configuration.trajectory { depth = maximumTreeDepth }
    let workspace = PhaseSpaceWorkspace(
      dimension: dimension, points: NoUTurnWorkspace.points(maximumDepth: depth) + 2,
      vectors: NoUTurnWorkspace.vectors(maximumDepth: depth) + 2)
    self.workspace = workspace
    current = workspace.point()
    moving = workspace.point()
    velocityScratch = workspace.vector()
    inverseDiagonal = workspace.vector()
    isDense = false
    switch configuration.trajectory {
    case .noUTurn(let maximumTreeDepth):
      engine = .noUTurn(NoUTurnWorkspace(workspace, maximumDepth: maximumTreeDepth))
    case .fixed(let leapfrogSteps):
      engine = .fixed(leapfrogSteps: leapfrogSteps)
    }
    loadMetric()
  }

  /// Copies M⁻¹'s diagonal out of ``metric``.
  private func loadMetric() {
    isDense = metric.kind == .dense
    guard !isDense else { return }
    metric.inverseDiagonal.withUnsafeBufferPointer { d in
      for i in 0..<dimension { inverseDiagonal[i] = d[i] }
    }
  }

  /// v = M⁻¹p.
  @inline(__always)
  func velocity(_ p: UnsafePointer<Double>, into v: UnsafeMutablePointer<Double>) {
    let n = dimension
    if isDense {
      metric.velocity(p, into: v, count: n)
    } else {
      let d = inverseDiagonal
      for i in 0..<n { v[i] = d[i] * p[i] }
    }
  }

  /// K(p) = ½ pᵀM⁻¹p.
  @inline(__always)
  func kineticEnergy(_ p: UnsafePointer<Double>) -> Double {
    let n = dimension
    guard !isDense else { return metric.kineticEnergy(p, count: n) }
    // The same sum, in the same order, as Metric.kineticEnergy.
    let d = inverseDiagonal
    var sum = 0.0
    for i in 0..<n { sum += d[i] * p[i] * p[i] }
    return 0.5 * sum
  }

  // MARK: - Hamiltonian dynamics

  /// Evaluates log p and its gradient at `point`'s position.
  func evaluate(_ point: PhasePoint) {
    let n = dimension
    point.logDensity = model.logDensityAndGradient(
      UnsafeBufferPointer(start: point.position, count: n),
      gradient: UnsafeMutableBufferPointer(start: point.gradient, count: n))
  }

  /// H(q, p) = −log p(q) + ½ pᵀM⁻¹p; +∞ for a NaN, a point outside the
  /// support or a log density of +∞.
  func hamiltonian(_ point: PhasePoint) -> Double {
    // A log density of +∞ is a model fault (an unbounded density), not a
    // point to jump to: it is rejected as a point outside the support.
    guard point.logDensity < .infinity else { return .infinity }
    let h = -point.logDensity + kineticEnergy(point.momentum)
    return h.isNaN ? .infinity : h
  }

  /// One leapfrog step of size `epsilon` (negative backwards in time):
  /// p += ε/2 ∇log p(q); q += ε M⁻¹p; p += ε/2 ∇log p(q).
  func leapfrog(_ point: PhasePoint, _ epsilon: Double) {
    let n = dimension
    let half = 0.5 * epsilon
    let q = point.position
    let p = point.momentum
    let g = point.gradient
    if isDense {
      for i in 0..<n { p[i] += half * g[i] }
      metric.velocity(p, into: velocityScratch, count: n)
      for i in 0..<n { q[i] += epsilon * velocityScratch[i] }
    } else {
      // The half kick and the drift in one pass (the same arithmetic).
      let d = inverseDiagonal
      for i in 0..<n {
        let momentum = p[i] + half * g[i]
        p[i] = momentum
        q[i] += epsilon * (d[i] * momentum)
      }
    }
    evaluate(point)
    for i in 0..<n { p[i] += half * g[i] }
  }

  /// Refreshes the momentum of `point`: p ~ N(0, M).
  func refreshMomentum(_ point: PhasePoint) {
    metric.sampleMomentum(into: point.momentum, count: dimension, using: random)
  }

  // MARK: - Initialisation

  /// Starts at `initialValues` (unconstrained), or at the first of up to
  /// 100 uniform(−r, r) draws where the log density and its gradient are
  /// finite, as Stan does.
  func initialise(_ initialValues: [Double]?, chain: Int) throws(HMCError) {
    let n = dimension
    if let initialValues {
      for i in 0..<n { current.position[i] = initialValues[i] }
      evaluate(current)
      guard isUsable(current) else {
        throw .invalidInitialValues(chain: chain, logDensity: current.logDensity)
      }
      return
    }
    let radius = configuration.initialRadius
    for _ in 0..<100 {
      for i in 0..<n { current.position[i] = radius * (2 * random.nextUniform() - 1) }
      evaluate(current)
      if isUsable(current) { return }
    }
    throw .noValidInitialPoint(chain: chain, attempts: 100)
  }

  private func isUsable(_ point: PhasePoint) -> Bool {
    guard point.logDensity.isFinite else { return false }
    for i in 0..<dimension where !point.gradient[i].isFinite { return false }
    return true
  }

  /// Stan's step-size heuristic: doubles or halves ε from its current value
  /// until one leapfrog step's acceptance probability crosses 0.8.
  func findReasonableStepSize(chain: Int) throws(HMCError) {
    guard stepSize > 0, stepSize <= 1e7 else { return }
    let logThreshold = Foundation.log(0.8)
    var direction = 0
    while true {
      moving.assign(current)
      refreshMomentum(moving)
      let h0 = hamiltonian(moving)
      leapfrog(moving, stepSize)
      let gap = h0 - hamiltonian(moving)
      if direction == 0 { direction = gap > logThreshold ? 1 : -1 }
      if direction == 1 && !(gap > logThreshold) { break }
      if direction == -1 && !(gap < logThreshold) { break }
      stepSize *= direction == 1 ? 2 : 0.5
      if stepSize > 1e7 { throw .improperPosterior(chain: chain) }
      if stepSize == 0 { throw .noAcceptableStepSize(chain: chain) }
    }
  }

  // MARK: - Transitions

  /// One transition from `current`; `current` becomes the draw.
  func transition() -> TransitionStatistics {
    switch engine {
    case .noUTurn(let tree):
      return tree.transition(self)
    case .fixed(let leapfrogSteps):
      return fixedTransition(leapfrogSteps: leapfrogSteps)
    }
  }

  /// Static HMC: `steps` leapfrog steps and a Metropolis correction.
  private func fixedTransition(leapfrogSteps steps: Int) -> TransitionStatistics {
    moving.assign(current)
    refreshMomentum(moving)
    let h0 = hamiltonian(moving)
    var divergent = false
    var taken = 0
    for _ in 0..<steps {
      leapfrog(moving, stepSize)
      taken += 1
      if hamiltonian(moving) - h0 > configuration.maximumEnergyError {
        divergent = true
        break
      }
    }
    let h = hamiltonian(moving)
    let acceptance = divergent ? 0 : min(1, Foundation.exp(h0 - h))
    let accepted = !divergent && random.nextUniform() < acceptance
    if accepted { current.assign(moving) }
    return TransitionStatistics(
      acceptance: acceptance, treeDepth: 0, leapfrogSteps: taken, divergent: divergent,
      energy: accepted ? h : h0)
  }
}

/// What one transition reports, besides the draw.
struct TransitionStatistics {
  /// The mean Metropolis acceptance probability over the trajectory.
  var acceptance: Double
  var treeDepth: Int
  var leapfrogSteps: Int
  var divergent: Bool
  /// H at the draw.
  var energy: Double
}
