import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference

/// A generalized linear model's rows after validation: binomial successes
/// as proportions yᵢ/nᵢ with the trials folded into the weights (the
/// Bernoulli family, as statsmodels' `var_weights`), offsets filled in.
struct GLMRows {
  /// The frequency weights (1 without weights).
  let frequencies: [Double]
  /// yᵢ, or yᵢ/nᵢ for binomial rows.
  let response: [Double]
  /// The frequency weights times the trials.
  let weights: [Double]
  /// The offsets (0 without offsets).
  let offsets: [Double]
  /// Σ log C(nᵢ, yᵢ) over binomial rows, for the log-likelihood.
  let logCombinations: Double
}

extension GeneralizedLinearModel {
  /// Checks the rows of a fit or a posterior: counts, weights, trials
  /// (whole numbers, Bernoulli family only), responses in the family's
  /// support, finite offsets.
  ///
  /// - Throws: `FitError` naming the row and the argument.
  static func validatedRows(
    design: DesignMatrix, response: [Double], family: Family, trials: [Double]?,
    weights: [Double]?, offsets: [Double]?
  ) throws(FitError) -> GLMRows {
    let name = "GeneralizedLinearModel"
    let check = DataCheck(model: name)
    guard design.rowCount > 0 else { throw .emptyData(model: name) }
    guard design.featureCount > 0 else { throw check.argument("features", "at least 1 column", 0) }
    let n = design.rowCount
    guard response.count == n else {
      throw check.argument("response", "one per row (\(n))", response.count)
    }
    try check.weights(weights, count: n)
    let counts = weights ?? Array(repeating: 1, count: n)
    guard counts.reduce(0, +) > 0 else { throw .emptyData(model: name) }
    // Binomial responses: successes out of nᵢ trials become the proportion
    // yᵢ/nᵢ with weight nᵢ (the Bernoulli family, as statsmodels' var_weights).
    var proportions = response
    var w = counts
    var logCombinations = 0.0
    if let trials {
      guard Family.self == Bernoulli.self else {
        throw check.argument("trials", "only for a Bernoulli (binomial) response", "\(n) trials")
      }
      guard trials.count == n else {
        throw check.argument("trials", "one per row (\(n))", trials.count)
      }
      for (i, (y, t)) in zip(response, trials).enumerated() {
        guard t >= 1, t < 0x1p53, t == t.rounded() else {
          throw check.argument("trials[\(i)]", "a whole number >= 1", t)
        }
        guard y >= 0, y <= t, y == y.rounded() else {
          throw check.invalid(i, "a whole number of successes in 0...\(Int(t))", y)
        }
        proportions[i] = y / t
        w[i] = counts[i] * t
        logCombinations +=
          counts[i]
          * (SpecialFunctions.logGamma(t + 1) - SpecialFunctions.logGamma(y + 1)
            - SpecialFunctions.logGamma(t - y + 1))
      }
    } else {
      for (i, y) in response.enumerated() where !family.isResponse(y) {
        throw check.invalid(i, "a value in the \(Family.self) support", y)
      }
    }
    if let offsets {
      guard offsets.count == n else {
        throw check.argument("offsets", "one per row (\(n))", offsets.count)
      }
      for (i, offset) in offsets.enumerated() where !offset.isFinite {
        throw check.argument("offsets[\(i)]", "finite", offset)
      }
    }
    return GLMRows(
      frequencies: counts, response: proportions, weights: w,
      offsets: offsets ?? Array(repeating: 0, count: n), logCombinations: logCombinations)
  }
}
