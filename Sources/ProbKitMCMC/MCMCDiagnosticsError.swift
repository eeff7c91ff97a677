/// Why draws cannot be diagnosed: thrown by ``ChainDraws/init(_:)``, the
/// diagnostics that need more than the draws have, and ``PosteriorSummary``.
///
/// Each description names the type or function, the condition and the
/// offending value, as everywhere in ProbKit.
public enum MCMCDiagnosticsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No chains were given.
  case noChains
  /// Chain `chain` has `count` draws where chain 0 has `expected`.
  case unequalChainLengths(chain: Int, count: Int, expected: Int)
  /// Each chain needs at least 4 draws (ArviZ's minimum); these have `count`.
  case tooFewDraws(count: Int)
  /// A draw is NaN or ±∞.
  case nonFiniteDraw(chain: Int, iteration: Int, value: Double)
  /// R̂ compares chains: it needs at least 2, these draws have `count`.
  case tooFewChainsForRHat(count: Int)
  /// The draws are so large (|x| beyond about 1e154) that their squares
  /// overflow, so `quantity` is not representable.
  case overflow(quantity: String)
  /// A summary needs at least one parameter.
  case noParameters
  /// Two parameters of a summary share `name`.
  case duplicateParameterName(String)
  /// No parameter of the draws is named `name`.
  case unknownParameter(String)
  /// `count` names were given for draws of `expected` parameters.
  case nameCount(expected: Int, count: Int)

  public var description: String {
    switch self {
    case .noChains:
      return "ChainDraws: at least 1 chain is needed, got 0"
    case .unequalChainLengths(let chain, let count, let expected):
      return
        "ChainDraws: every chain must have as many draws as chain 0 (\(expected)), "
        + "chain \(chain) has \(count)"
    case .tooFewDraws(let count):
      return "ChainDraws: each chain needs at least 4 draws, got \(count)"
    case .nonFiniteDraw(let chain, let iteration, let value):
      return "ChainDraws: draws must be finite, chain \(chain) iteration \(iteration) is \(value)"
    case .tooFewChainsForRHat(let count):
      return "rHat: at least 2 chains are needed, got \(count)"
    case .overflow(let quantity):
      return "\(quantity): the draws' squares overflow (|x| beyond about 1e154)"
    case .noParameters:
      return "PosteriorSummary: at least 1 parameter is needed, got 0"
    case .duplicateParameterName(let name):
      return "PosteriorSummary: parameter names must be distinct, \"\(name)\" appears twice"
    case .unknownParameter(let name):
      return "PosteriorDraws: no parameter is named \"\(name)\""
    case .nameCount(let expected, let count):
      return "PosteriorDraws: \(expected) parameter names are needed, got \(count)"
    }
  }
}
