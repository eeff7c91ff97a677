import Foundation
import ProbKitInference
import ProbKitMCMC

extension ReparameterisedLogDensity {
  /// The mean over every draw of `posterior` of `value(draw)`, element by
  /// element: the posterior predictive quantities of the regression
  /// densities.
  ///
  /// - Throws: `FitError.invalidArgument` naming `model` when the draws are
  ///   not this density's (other parameter names).
  func posteriorAverage(
    of posterior: PosteriorDraws, model: String, _ value: ([Double]) -> [Double]
  ) throws(FitError) -> [Double] {
    guard posterior.parameterNames == reportedNames else {
      throw .invalidArgument(
        model: model, argument: "posterior",
        requirement: "draws of this density (\(reportedNames.count) parameters)",
        value: "\(posterior.parameterCount) parameters")
    }
    var totals: [Double] = []
    for chain in posterior.chains.indices {
      for index in 0..<posterior.drawsPerChain {
        let terms = value(posterior.draw(chain: chain, index))
        if totals.isEmpty {
          totals = terms
        } else {
          for i in terms.indices { totals[i] += terms[i] }
        }
      }
    }
    let count = Double(posterior.chains.count * posterior.drawsPerChain)
    return totals.map { $0 / count }
  }
}
