/// What the sampler reports about one draw, as Stan's `lp__`,
/// `accept_stat__`, `stepsize__`, `treedepth__`, `n_leapfrog__`,
/// `divergent__` and `energy__` columns.
public struct SamplerStatistics: Sendable, Equatable, Codable {
  /// log p of the draw (unconstrained scale, with the log-Jacobian).
  public let logDensity: Double
  /// The mean Metropolis acceptance probability over the trajectory; what
  /// warmup tunes towards ``HMCSampler/targetAcceptance``.
  public let acceptance: Double
  /// The leapfrog step size.
  public let stepSize: Double
  /// The tree depth NUTS reached (0 for static HMC).
  public let treeDepth: Int
  /// The leapfrog steps (gradient evaluations) of the transition.
  public let leapfrogSteps: Int
  /// Whether the trajectory diverged (an energy error above
  /// ``HMCSampler/maximumEnergyError``).
  public let divergent: Bool
  /// The Hamiltonian at the draw; its changes give the E-BFMI.
  public let energy: Double
}
