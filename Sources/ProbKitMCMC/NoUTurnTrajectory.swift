import Foundation
import ProbKitCore

/// The no-U-turn sampler's transition as Stan implements it (Betancourt
/// 2017, "A Conceptual Introduction to Hamiltonian Monte Carlo", appendix
/// A): the trajectory doubles in a random direction until the generalised
/// no-U-turn criterion fails, a subtree diverges or the depth reaches its
/// maximum; the draw is chosen by multinomial sampling over the trajectory,
/// biased towards each new subtree at the top level and uniform within
/// subtrees.
///
/// The criterion for a stretch of trajectory from end a to end b with
/// summed momenta ρ is v_a·ρ > 0 and v_b·ρ > 0 (v = M⁻¹p), checked on every
/// merged subtree and, as Stan does since 2.23, on each half extended by one
/// point of the other, which catches U-turns that fall between subtrees.
///
/// Every buffer is allocated once per chain: level d of the recursion owns
/// the vectors and the proposal of the subtrees it merges.
struct NoUTurnWorkspace {
  let maximumDepth: Int
  // The top level: the trajectory's two ends, the draw and the proposal.
  let plusEnd: PhasePoint
  let minusEnd: PhasePoint
  let draw: PhasePoint
  let proposal: PhasePoint
  let rho: UnsafeMutablePointer<Double>
  let velocityPlus: UnsafeMutablePointer<Double>
  let velocityMinus: UnsafeMutablePointer<Double>
  let rhoNew: UnsafeMutablePointer<Double>
  let velocityNewBegin: UnsafeMutablePointer<Double>
  let velocityNewEnd: UnsafeMutablePointer<Double>
  let momentumNewBegin: UnsafeMutablePointer<Double>
  let momentumNewEnd: UnsafeMutablePointer<Double>
  /// Level d (1 ..< maximumDepth) of the recursion, at index d − 1.
  let levels: [Level]

  /// The buffers of one level of the recursion.
  struct Level {
    let finalProposal: PhasePoint
    let rhoInitial: UnsafeMutablePointer<Double>
    let rhoFinal: UnsafeMutablePointer<Double>
    let velocityInitialEnd: UnsafeMutablePointer<Double>
    let velocityFinalBegin: UnsafeMutablePointer<Double>
    let momentumInitialEnd: UnsafeMutablePointer<Double>
    let momentumFinalBegin: UnsafeMutablePointer<Double>
  }

  static func points(maximumDepth depth: Int) -> Int { depth == 0 ? 0 : 4 + (depth - 1) }
  static func vectors(maximumDepth depth: Int) -> Int { depth == 0 ? 0 : 8 + 6 * (depth - 1) }

  init(_ workspace: PhaseSpaceWorkspace, maximumDepth: Int) {
    self.maximumDepth = maximumDepth
    plusEnd = workspace.point()
    minusEnd = workspace.point()
    draw = workspace.point()
    proposal = workspace.point()
    rho = workspace.vector()
    velocityPlus = workspace.vector()
    velocityMinus = workspace.vector()
    rhoNew = workspace.vector()
    velocityNewBegin = workspace.vector()
    velocityNewEnd = workspace.vector()
    momentumNewBegin = workspace.vector()
    momentumNewEnd = workspace.vector()
    levels = (1..<max(maximumDepth, 1)).map { _ in
      Level(
        finalProposal: workspace.point(), rhoInitial: workspace.vector(),
        rhoFinal: workspace.vector(), velocityInitialEnd: workspace.vector(),
        velocityFinalBegin: workspace.vector(), momentumInitialEnd: workspace.vector(),
        momentumFinalBegin: workspace.vector())
    }
  }

  /// What a trajectory accumulates while it grows.
  struct Progress {
    let h0: Double
    var leapfrogSteps = 0
    var acceptanceSum = 0.0
    var divergent = false
  }

  /// One NUTS transition of `chain` from its current point.
  func transition<Model>(_ chain: HMCChain<Model>) -> TransitionStatistics {
    let n = chain.dimension
    let moving = chain.moving
    chain.refreshMomentum(chain.current)
    plusEnd.assign(chain.current)
    minusEnd.assign(chain.current)
    draw.assign(chain.current)
    chain.velocity(chain.current.momentum, into: velocityPlus)
    velocityMinus.update(from: velocityPlus, count: n)
    rho.update(from: chain.current.momentum, count: n)

    var progress = Progress(h0: chain.hamiltonian(chain.current))
    var logSumWeight = 0.0
    var depth = 0
    while depth < maximumDepth {
      let forward = chain.random.nextUniform() > 0.5
      let end = forward ? plusEnd : minusEnd
      let farVelocity = forward ? velocityMinus : velocityPlus
      let nearVelocity = forward ? velocityPlus : velocityMinus
      moving.assign(end)
      rhoNew.update(repeating: 0, count: n)
      var logSumWeightSubtree = -Double.infinity
      let valid = buildTree(
        chain, depth: depth, direction: forward ? 1 : -1, proposal: proposal,
        velocityBegin: velocityNewBegin, velocityEnd: velocityNewEnd,
        momentumBegin: momentumNewBegin, momentumEnd: momentumNewEnd, rho: rhoNew,
        logSumWeight: &logSumWeightSubtree, progress: &progress)
      guard valid else { break }
      depth += 1

      // Biased progressive sampling: the new subtree's proposal replaces
      // the draw with probability min(1, w_new / w_old).
      if logSumWeightSubtree > logSumWeight {
        draw.assign(proposal)
      } else if chain.random.nextUniform() < Foundation.exp(logSumWeightSubtree - logSumWeight) {
        draw.assign(proposal)
      }
      logSumWeight = SpecialFunctions.logSumExp(logSumWeight, logSumWeightSubtree)

      // The merged trajectory and the checks across its two halves.
      let nearMomentum = end.momentum
      let persist =
        Self.criterion(farVelocity, velocityNewEnd, rho, plus: rhoNew, count: n)
        && Self.criterion(farVelocity, velocityNewBegin, rho, plus: momentumNewBegin, count: n)
        && Self.criterion(nearVelocity, velocityNewEnd, rhoNew, plus: nearMomentum, count: n)
      for i in 0..<n { rho[i] += rhoNew[i] }
      end.assign(moving)
      nearVelocity.update(from: velocityNewEnd, count: n)
      if !persist { break }
    }
    chain.current.assign(draw)
    return TransitionStatistics(
      acceptance: progress.acceptanceSum / Double(max(progress.leapfrogSteps, 1)),
      treeDepth: depth, leapfrogSteps: progress.leapfrogSteps, divergent: progress.divergent,
      energy: chain.hamiltonian(draw))
  }

  /// Whether the stretch with ends' velocities `a`, `b` and summed momenta
  /// `rho` + `extra` has not turned back: a·ρ > 0 and b·ρ > 0.
  static func criterion(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ rho: UnsafePointer<Double>,
    plus extra: UnsafePointer<Double>, count n: Int
  ) -> Bool {
    var dotA = 0.0
    var dotB = 0.0
    for i in 0..<n {
      let r = rho[i] + extra[i]
      dotA += a[i] * r
      dotB += b[i] * r
    }
    return dotA > 0 && dotB > 0
  }

  /// Builds a subtree of 2^depth leapfrog steps from `chain.moving` in
  /// `direction`, leaving `chain.moving` at its far end; returns whether it
  /// is valid (no divergence, no U-turn inside).
  ///
  /// Writes its proposal, the velocities and momenta at its first and last
  /// points, and adds its momenta to `rho` and its log weight to
  /// `logSumWeight`.
  private func buildTree<Model>(
    _ chain: HMCChain<Model>, depth: Int, direction: Double, proposal: PhasePoint,
    velocityBegin: UnsafeMutablePointer<Double>, velocityEnd: UnsafeMutablePointer<Double>,
    momentumBegin: UnsafeMutablePointer<Double>, momentumEnd: UnsafeMutablePointer<Double>,
    rho: UnsafeMutablePointer<Double>, logSumWeight: inout Double, progress: inout Progress
  ) -> Bool {
    let n = chain.dimension
    let moving = chain.moving
    if depth == 0 {
      chain.leapfrog(moving, direction * chain.stepSize)
      progress.leapfrogSteps += 1
      let h = chain.hamiltonian(moving)
      if h - progress.h0 > chain.configuration.maximumEnergyError { progress.divergent = true }
      let logWeight = progress.h0 - h
      logSumWeight = SpecialFunctions.logSumExp(logSumWeight, logWeight)
      progress.acceptanceSum += logWeight > 0 ? 1 : Foundation.exp(logWeight)
      proposal.assign(moving)
      for i in 0..<n { rho[i] += moving.momentum[i] }
      chain.velocity(moving.momentum, into: velocityBegin)
      velocityEnd.update(from: velocityBegin, count: n)
      momentumBegin.update(from: moving.momentum, count: n)
      momentumEnd.update(from: moving.momentum, count: n)
      return !progress.divergent
    }
    let level = levels[depth - 1]
    level.rhoInitial.update(repeating: 0, count: n)
    level.rhoFinal.update(repeating: 0, count: n)
    var logSumWeightInitial = -Double.infinity
    guard
      buildTree(
        chain, depth: depth - 1, direction: direction, proposal: proposal,
        velocityBegin: velocityBegin, velocityEnd: level.velocityInitialEnd,
        momentumBegin: momentumBegin, momentumEnd: level.momentumInitialEnd,
        rho: level.rhoInitial, logSumWeight: &logSumWeightInitial, progress: &progress)
    else { return false }
    var logSumWeightFinal = -Double.infinity
    guard
      buildTree(
        chain, depth: depth - 1, direction: direction, proposal: level.finalProposal,
        velocityBegin: level.velocityFinalBegin, velocityEnd: velocityEnd,
        momentumBegin: level.momentumFinalBegin, momentumEnd: momentumEnd,
        rho: level.rhoFinal, logSumWeight: &logSumWeightFinal, progress: &progress)
    else { return false }

    // Uniform multinomial sampling between the two halves.
    let logSumWeightSubtree = SpecialFunctions.logSumExp(logSumWeightInitial, logSumWeightFinal)
    logSumWeight = SpecialFunctions.logSumExp(logSumWeight, logSumWeightSubtree)
    if chain.random.nextUniform() < Foundation.exp(logSumWeightFinal - logSumWeightSubtree) {
      proposal.assign(level.finalProposal)
    }

    for i in 0..<n { rho[i] += level.rhoInitial[i] + level.rhoFinal[i] }
    return Self.criterion(
      velocityBegin, velocityEnd, level.rhoInitial, plus: level.rhoFinal, count: n)
      && Self.criterion(
        velocityBegin, level.velocityFinalBegin, level.rhoInitial,
        plus: level.momentumFinalBegin, count: n)
      && Self.criterion(
        level.velocityInitialEnd, velocityEnd, level.rhoFinal,
        plus: level.momentumInitialEnd, count: n)
  }
}
