import Foundation

extension HMCChain {
  /// Runs warmup (adapting the step size and the metric) and the draws of
  /// chain `chain`, reporting each draw through `report` (unconstrained
  /// point → reported values).
  func run(
    chain: Int, start: [Double]?, reportedDimension m: Int,
    report: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
  ) throws(HMCError) -> PosteriorDraws.Chain {
    try initialise(start, chain: chain)
    try adapt(chain: chain)

    let draws = configuration.draws
    var values = [Double](repeating: 0, count: draws * m)
    var statistics: [SamplerStatistics] = []
    statistics.reserveCapacity(draws)
    values.withUnsafeMutableBufferPointer { buffer in
      for draw in 0..<draws {
        let transition = transition()
        report(
          UnsafeBufferPointer(start: current.position, count: dimension),
          UnsafeMutableBufferPointer(rebasing: buffer[(draw * m)..<((draw + 1) * m)]))
        statistics.append(
          SamplerStatistics(
            logDensity: current.logDensity, acceptance: transition.acceptance,
            stepSize: stepSize, treeDepth: transition.treeDepth,
            leapfrogSteps: transition.leapfrogSteps, divergent: transition.divergent,
            energy: transition.energy))
      }
    }
    return PosteriorDraws.Chain(
      values: values, statistics: statistics, stepSize: stepSize,
      inverseMetric: metric.kind == .dense ? metric.inverse.values : metric.inverseDiagonal)
  }

  /// Warmup: dual averaging of the step size at every iteration; the metric
  /// re-estimated at the end of each slow window, after which the step size
  /// is re-initialised and its averaging restarted (Stan's
  /// `adapt_diag_e_nuts`).
  private func adapt(chain: Int) throws(HMCError) {
    let warmup = configuration.warmup
    guard warmup > 0 else { return }
    try findReasonableStepSize(chain: chain)
    var stepSizeAdaptation = StepSizeAdaptation(
      target: configuration.targetAcceptance, initialStepSize: stepSize)
    let schedule = AdaptationSchedule(warmup: warmup)
    let windowEnds = Set(schedule.windowEnds)
    var estimator = MetricEstimator(kind: metric.kind, dimension: dimension)
    for iteration in 0..<warmup {
      let transition = transition()
      stepSize = stepSizeAdaptation.update(acceptance: transition.acceptance)
      guard metric.kind != .unit else { continue }
      if schedule.collects(iteration) { estimator.add(current.position) }
      if windowEnds.contains(iteration) {
        estimator.update(&metric)
        try findReasonableStepSize(chain: chain)
        stepSizeAdaptation.restart(initialStepSize: stepSize)
      }
    }
    stepSize = stepSizeAdaptation.finalStepSize
    guard stepSize > 0, stepSize.isFinite else { throw .noAcceptableStepSize(chain: chain) }
  }
}
