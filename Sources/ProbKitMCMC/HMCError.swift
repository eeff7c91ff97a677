/// Why Hamiltonian Monte Carlo cannot run or could not start: thrown by
/// ``HMCSampler/sample(_:seed:parameterNames:initialValues:)`` before or at
/// the start of sampling.
public enum HMCError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A setting of ``HMCSampler`` is out of range: `setting` with its value
  /// and the range it must be in.
  case invalidSetting(setting: String, value: String, expected: String)
  /// The names do not match the draws' dimension.
  case parameterNameCount(expected: Int, count: Int)
  /// Initial values were given for `count` chains (or with `count` values)
  /// where `expected` are needed.
  case initialValuesCount(expected: Int, count: Int)
  /// The given initial values of `chain` have a non-finite log density or
  /// gradient.
  case invalidInitialValues(chain: Int, logDensity: Double)
  /// No uniform(−r, r) point of `attempts` had a finite log density and
  /// gradient.
  case noValidInitialPoint(chain: Int, attempts: Int)
  /// The step size grew past 10⁷ with every step still accepted: the log
  /// density does not fall off (an improper posterior).
  case improperPosterior(chain: Int)
  /// The step size shrank to 0 with every step still rejected: the log
  /// density is not continuous, or its gradient is wrong.
  case noAcceptableStepSize(chain: Int)
  /// The model's dimension is below 1, or its buffers do not fit in memory.
  case unsupportedDimension(Int)
  /// chains × draws × parameters values cannot be allocated.
  case tooManyDraws(chains: Int, draws: Int, parameters: Int)

  public var description: String {
    switch self {
    case .invalidSetting(let setting, let value, let expected):
      return "HMCSampler: \(setting) must be \(expected), got \(value)"
    case .parameterNameCount(let expected, let count):
      return "HMCSampler: \(expected) parameter names are needed, got \(count)"
    case .initialValuesCount(let expected, let count):
      return "HMCSampler: initial values must have \(expected) entries, got \(count)"
    case .invalidInitialValues(let chain, let logDensity):
      return
        "HMCSampler: the initial values of chain \(chain) have log density \(logDensity) "
        + "or a non-finite gradient"
    case .noValidInitialPoint(let chain, let attempts):
      return
        "HMCSampler: chain \(chain) found no point with a finite log density and gradient "
        + "in \(attempts) uniform(-r, r) draws; give initial values"
    case .improperPosterior(let chain):
      return
        "HMCSampler: chain \(chain)'s step size grew past 1e7 with every step accepted; "
        + "the posterior looks improper"
    case .noAcceptableStepSize(let chain):
      return
        "HMCSampler: chain \(chain)'s step size shrank to 0 with every step rejected; "
        + "check that the log density is continuous and its gradient right"
    case .unsupportedDimension(let dimension):
      return
        "HMCSampler: the model's dimension must be >= 1 and its buffers fit in memory, "
        + "got \(dimension)"
    case .tooManyDraws(let chains, let draws, let parameters):
      return
        "HMCSampler: \(chains) chains x \(draws) draws x \(parameters) parameters "
        + "do not fit in memory"
    }
  }
}
