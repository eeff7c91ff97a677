import Foundation
import ProbKitCore

/// Hamiltonian Monte Carlo for a ``LogDensity``: the no-U-turn sampler
/// (NUTS) by default, as Stan runs it, with several chains in parallel.
///
/// ```swift
/// let model = try DifferentiableLogDensity(dimension: 2) { x in
///   LogDensities.normal(x[0], location: 0, scale: 1)
///     + LogDensities.normal(x[1], location: x[0], scale: 0.5)
/// }
/// let posterior = try await HMCSampler().sample(model, seed: 42)
/// print(try posterior.summary())  // mean, sd, quantiles, ESS, R̂ per parameter
/// posterior.diagnostics.warnings  // divergences, saturated trees, low E-BFMI
/// ```
///
/// Each chain starts at a uniform(−2, 2) point on the unconstrained scale
/// (or at given values) and runs ``warmup`` iterations that adapt the step
/// size by dual averaging towards ``targetAcceptance`` and the metric in
/// Stan's windows (75 / 25 doubling / 50), then ``draws`` iterations at the
/// adapted step size and metric. Chain c draws from
/// `RandomSource(seed: seed, stream: c)`: the same seed gives bit-identical
/// draws however the chains are scheduled.
public struct HMCSampler: Sendable, Equatable, Codable {
  /// How long each trajectory is.
  public enum Trajectory: Sendable, Equatable, Codable {
    /// NUTS: doubling until the generalised no-U-turn criterion fails, at
    /// most 2^`maximumTreeDepth` leapfrog steps (Stan's default 10).
    case noUTurn(maximumTreeDepth: Int)
    /// Static HMC: `leapfrogSteps` (1 to 2²⁰) steps and a Metropolis
    /// correction.
    case fixed(leapfrogSteps: Int)
  }

  /// NUTS with maximum tree depth 10, unless set.
  public var trajectory: Trajectory
  /// The metric warmup adapts; diagonal unless set.
  public var metric: MetricKind
  /// The mean acceptance statistic the step size is tuned for, in (0, 1).
  ///
  /// 0.8 unless set; raise it (to 0.95, say) against divergences.
  public var targetAcceptance: Double
  /// Warmup (adaptation) iterations per chain, not returned.
  ///
  /// 1000 unless set; 0 keeps the initial step size and the unit metric.
  public var warmup: Int
  /// Draws kept per chain; 1000 unless set.
  public var draws: Int
  /// The number of chains; 4 unless set.
  public var chains: Int
  /// The step size warmup starts from; 1 unless set.
  public var initialStepSize: Double
  /// A leapfrog step whose energy exceeds the start's by more than this is
  /// a divergence (Stan's 1000).
  public var maximumEnergyError: Double
  /// Initial points are uniform(−r, r) on the unconstrained scale; r = 2
  /// unless set.
  public var initialRadius: Double

  /// A sampler with Stan's defaults unless set.
  public init(
    trajectory: Trajectory = .noUTurn(maximumTreeDepth: 10), metric: MetricKind = .diagonal,
    targetAcceptance: Double = 0.8, warmup: Int = 1000, draws: Int = 1000, chains: Int = 4,
    initialStepSize: Double = 1, maximumEnergyError: Double = 1000, initialRadius: Double = 2
  ) {
    self.trajectory = trajectory
    self.metric = metric
    self.targetAcceptance = targetAcceptance
    self.warmup = warmup
    self.draws = draws
    self.chains = chains
    self.initialStepSize = initialStepSize
    self.maximumEnergyError = maximumEnergyError
    self.initialRadius = initialRadius
  }

  /// Checks every setting, and that the buffers of chains of `dimension`
  /// fit in memory.
  func validate(dimension: Int) throws(HMCError) {
    func check(_ ok: Bool, _ setting: String, _ value: Any, _ expected: String) throws(HMCError) {
      guard ok else {
        throw .invalidSetting(setting: setting, value: "\(value)", expected: expected)
      }
    }
    switch trajectory {
    case .noUTurn(let depth):
      try check((1...30).contains(depth), "maximumTreeDepth", depth, "in 1...30")
    case .fixed(let steps):
      try check((1...1_048_576).contains(steps), "leapfrogSteps", steps, "in 1...1048576")
    }
    try check(
      targetAcceptance > 0 && targetAcceptance < 1, "targetAcceptance", targetAcceptance,
      "in (0, 1)")
    try check(warmup >= 0, "warmup", warmup, ">= 0")
    try check(draws >= 1, "draws", draws, ">= 1")
    try check((1...65_536).contains(chains), "chains", chains, "in 1...65536")
    try check(
      initialStepSize > 0 && initialStepSize.isFinite, "initialStepSize", initialStepSize,
      "finite and > 0")
    try check(
      maximumEnergyError > 0 && !maximumEnergyError.isNaN, "maximumEnergyError",
      maximumEnergyError, "> 0")
    try check(
      initialRadius >= 0 && initialRadius.isFinite, "initialRadius", initialRadius,
      "finite and >= 0")
    var depth = 0
    if case .noUTurn(let maximumTreeDepth) = trajectory { depth = maximumTreeDepth }
    let doublesPerDimension =
      3 * (NoUTurnWorkspace.points(maximumDepth: depth) + 2)
      + NoUTurnWorkspace.vectors(maximumDepth: depth) + 2
    guard dimension >= 1,
      let workspace = AllocationLimit.product(dimension, doublesPerDimension),
      let workspaces = AllocationLimit.product(workspace, chains),
      AllocationLimit.allows(workspaces, of: Double.self)
    else { throw .unsupportedDimension(dimension) }
  }

  /// Samples `model` (on ℝⁿ) with ``chains`` chains in parallel.
  ///
  /// - Parameters:
  ///   - model: The log density; its ``LogDensity/dimension`` is n.
  ///   - seed: Chain c uses `RandomSource(seed: seed, stream: c)`.
  ///   - parameterNames: n names; `x[0]`, `x[1]`, … unless given.
  ///   - initialValues: One point for every chain, or one per chain; Stan's
  ///     uniform(−``initialRadius``, ``initialRadius``) draws unless given.
  /// - Returns: The draws of every chain, named, with the sampler's
  ///   statistics.
  /// - Throws: ``HMCError`` for an invalid setting, name or initial value,
  ///   or a chain that cannot start.
  public func sample<Model: LogDensity>(
    _ model: Model, seed: UInt32, parameterNames: [String]? = nil,
    initialValues: [[Double]]? = nil
  ) async throws(HMCError) -> PosteriorDraws {
    try validate(dimension: model.dimension)
    let n = model.dimension
    let names = parameterNames ?? (0..<n).map { "x[\($0)]" }
    guard names.count == n else { throw .parameterNameCount(expected: n, count: names.count) }
    let starts = try perChain(initialValues, dimension: n) { $0 }
    return try await run(
      model, seed: seed, names: names, reportedDimension: n, starts: starts
    ) { u, x in _ = x.update(fromContentsOf: u) }
  }

  /// Samples a model in its sampled coordinates and reports each draw as
  /// its named values: constrained parameters for a
  /// ``TransformedLogDensity`` (`sigma`, `beta[0]`, …).
  ///
  /// - Parameters:
  ///   - model: The model; its ``ReparameterisedLogDensity/reportedNames``
  ///     name the draws.
  ///   - seed: Chain c uses `RandomSource(seed: seed, stream: c)`.
  ///   - initialValues: Reported values (constrained, for a transform), for
  ///     every chain or one point per chain.
  /// - Returns: The draws on the reported scale.
  /// - Throws: ``HMCError`` as the unconstrained overload, and for initial
  ///   values the model cannot report (outside a constraint).
  public func sample<Model: ReparameterisedLogDensity>(
    _ model: Model, seed: UInt32, initialValues: [[Double]]? = nil
  ) async throws(HMCError) -> PosteriorDraws {
    try validate(dimension: model.dimension)
    let names = model.reportedNames
    let starts = try perChain(initialValues, dimension: names.count) {
      (values: [Double]) throws(HMCError) -> [Double] in
      do { return try model.sampledPoint(reporting: values) } catch {
        throw .invalidSetting(
          setting: "initialValues", value: "\(values)",
          expected: "values the model can report (\(error))")
      }
    }
    return try await run(
      model, seed: seed, names: names, reportedDimension: names.count, starts: starts
    ) { x, values in model.report(x, into: values) }
  }

  /// The initial values of each chain (nil: drawn), after `map`.
  private func perChain(
    _ values: [[Double]]?, dimension: Int,
    map: ([Double]) throws(HMCError) -> [Double]
  ) throws(HMCError) -> [[Double]?] {
    guard let values else { return [[Double]?](repeating: nil, count: max(chains, 0)) }
    guard values.count == 1 || values.count == chains else {
      throw .initialValuesCount(expected: chains, count: values.count)
    }
    var starts: [[Double]?] = []
    for chain in 0..<chains {
      let point = values[values.count == 1 ? 0 : chain]
      guard point.count == dimension else {
        throw .initialValuesCount(expected: dimension, count: point.count)
      }
      starts.append(try map(point))
    }
    return starts
  }

  private func run<Model: LogDensity>(
    _ model: Model, seed: UInt32, names: [String], reportedDimension: Int,
    starts: [[Double]?],
    report:
      @escaping @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>)
      -> Void
  ) async throws(HMCError) -> PosteriorDraws {
    guard
      let perChain = AllocationLimit.product(draws, reportedDimension),
      let total = AllocationLimit.product(perChain, chains),
      AllocationLimit.allows(total, of: Double.self)
    else { throw .tooManyDraws(chains: chains, draws: draws, parameters: reportedDimension) }
    let configuration = self
    typealias ChainResult = Result<PosteriorDraws.Chain, HMCError>
    let results = await withTaskGroup(of: (Int, ChainResult).self) { group in
      for chain in 0..<chains {
        let start = starts[chain]
        group.addTask {
          let random = RandomSource(seed: seed, stream: UInt32(truncatingIfNeeded: chain))
          let sampler = HMCChain(model: model, configuration: configuration, random: random)
          do throws(HMCError) {
            return (
              chain,
              .success(
                try sampler.run(
                  chain: chain, start: start, reportedDimension: reportedDimension,
                  report: report))
            )
          } catch { return (chain, .failure(error)) }
        }
      }
      var collected = [ChainResult?](repeating: nil, count: chains)
      for await (chain, result) in group { collected[chain] = result }
      return collected
    }
    var chainResults: [PosteriorDraws.Chain] = []
    for case let result? in results { chainResults.append(try result.get()) }
    return PosteriorDraws(
      parameterNames: names, sampler: self, seed: seed, chains: chainResults)
  }
}
