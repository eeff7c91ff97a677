import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
public import ProbKitMCMC

/// The posterior of a generalized linear model's coefficients under a
/// Gaussian prior, optionally with a hyperprior on the prior's scale, as a
/// log density for ``HMCSampler``.
///
/// log p(β, b, σ | y) = ℓ(β, b) − ½ Σⱼ βⱼ²/(σcⱼ)² − D log σ + log p(σ) +
/// log p(b) + const, with cⱼ the prior's feature standard deviations (σ = 1
/// and no hyperprior term without a hyperprior; p(b) flat unless the prior
/// sets the intercept's standard deviation).
///
/// ```swift
/// let density = try GeneralizedLinearModel<Poisson>.posteriorDensity(
///   features: [[0], [1], [2], [3], [4], [5]], response: [1, 3, 2, 6, 8, 12],
///   prior: GaussianPrior(standardDeviation: 1),
///   scaleHyperprior: .halfCauchy(scale: 1))
/// let posterior = try await HMCSampler().sample(density, seed: 1)
/// try posterior.draws("beta[0]").mean  // the slope's posterior mean
/// ```
///
/// The sampler moves in the fit's standardised coordinates (β′ⱼ = sⱼβⱼ, the
/// intercept shifted by Σ mⱼβⱼ when it is flat) and log σ, where the
/// posterior is far better conditioned; draws are reported on the raw
/// scale: `beta[0]`, …, `intercept`, then `sigma` with a hyperprior. One
/// evaluation is one pass over X through the fit's C kernels, without the
/// Fisher information.
public struct GeneralizedLinearPosteriorDensity<Family: ResponseFamily>:
  ReparameterisedLogDensity
{
  let problem: GLMProblem<Family>
  /// λ′ⱼ at σ = 1: 1/(cⱼsⱼ)².
  let unitPrecisions: [Double]
  /// The hyperprior on σ, if σ is sampled.
  public let scaleHyperprior: ScaleHyperprior?

  public let dimension: Int
  public let reportedNames: [String]

  init(problem: GLMProblem<Family>, featurePrecisions: [Double], hyperprior: ScaleHyperprior?) {
    self.problem = problem
    unitPrecisions = zip(featurePrecisions, problem.scales).map {
      min($0 / $1 / $1, .greatestFiniteMagnitude)
    }
    scaleHyperprior = hyperprior
    let d = problem.featureCount
    dimension = problem.width + (hyperprior == nil ? 0 : 1)
    reportedNames =
      (0..<d).map { "beta[\($0)]" } + (problem.intercept ? ["intercept"] : [])
      + (hyperprior == nil ? [] : ["sigma"])
  }

  public func logDensity(_ x: [Double]) -> Double {
    var gradient = [Double](repeating: 0, count: dimension)
    return x.withUnsafeBufferPointer { point in
      gradient.withUnsafeMutableBufferPointer { logDensityAndGradient(point, gradient: $0) }
    }
  }

  public func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard x.count == dimension, gradient.count == dimension, x.allSatisfy(\.isFinite) else {
      gradient.update(repeating: 0)
      return -.infinity
    }
    let p = problem.width
    let d = problem.featureCount
    let state = problem.evaluate(Array(x[0..<p]), information: false)
    var value = -state.value
    for j in 0..<p { gradient[j] = -state.gradient[j] }
    // σ⁻² scales every coefficient's precision.
    let logScale = scaleHyperprior == nil ? 0 : x[p]
    let inverseVariance = exp(-2 * logScale)
    var penalty = 0.0
    for j in 0..<d {
      let precision = unitPrecisions[j] * inverseVariance
      penalty += precision * x[j] * x[j]
      gradient[j] -= precision * x[j]
    }
    value -= penalty / 2
    if let scaleHyperprior {
      let hyper = scaleHyperprior.logDensity(logScale: logScale)
      // − D log σ (the normalising constants), + log σ (the Jacobian of σ = e^u).
      value += hyper.value - Double(d - 1) * logScale
      gradient[p] = penalty + hyper.derivative - Double(d - 1)
    }
    guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
      gradient.update(repeating: 0)
      return -.infinity
    }
    return value
  }

  /// The raw coefficients, the intercept and σ of the sampled point `x`.
  public func report(
    _ x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) {
    let d = problem.featureCount
    var intercept = problem.intercept ? x[d] : 0
    for j in 0..<d {
      values[j] = x[j] / problem.scales[j]
      intercept -= problem.centres[j] * values[j]
    }
    if problem.intercept { values[d] = intercept }
    if scaleHyperprior != nil { values[problem.width] = exp(x[problem.width]) }
  }

  /// The sampled point of raw coefficients (then the intercept, then σ).
  ///
  /// - Throws: `FitError.invalidArgument` for the wrong count, a non-finite
  ///   value or σ ≤ 0.
  public func sampledPoint(reporting values: [Double]) throws -> [Double] {
    let d = problem.featureCount
    guard values.count == reportedNames.count, values.allSatisfy(\.isFinite) else {
      throw FitError.invalidArgument(
        model: "GeneralizedLinearPosteriorDensity", argument: "values",
        requirement: "\(reportedNames.count) finite values", value: "\(values)")
    }
    var point = problem.standardised(
      Array(values[0..<d]), intercept: problem.intercept ? values[d] : 0)
    if scaleHyperprior != nil {
      guard let sigma = values.last, sigma > 0 else {
        throw FitError.invalidArgument(
          model: "GeneralizedLinearPosteriorDensity", argument: "sigma", requirement: "> 0",
          value: "\(values.last ?? .nan)")
      }
      point.append(log(sigma))
    }
    return point
  }
}
