import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
public import ProbKitMCMC

/// The posterior of a generalized linear model's coefficients under a
/// Gaussian prior, optionally with a hyperprior on the prior's scale, as a
/// log density for `HMCSampler`.
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
  /// The coefficients' prior, with λ′ⱼ = 1/(cⱼsⱼ)² at σ = 1.
  let prior: SampledGaussianPrior
  /// The hyperprior on σ, if σ is sampled.
  public var scaleHyperprior: ScaleHyperprior? { prior.hyperprior }

  /// The sampled coordinates: the standardised coefficients, the
  /// intercept, then log σ with a hyperprior.
  public let dimension: Int
  /// `beta[0]`, …, `intercept`, then `sigma` with a hyperprior.
  public let reportedNames: [String]

  init(problem: GLMProblem<Family>, featurePrecisions: [Double], hyperprior: ScaleHyperprior?) {
    self.problem = problem
    prior = SampledGaussianPrior(
      unitPrecisions: zip(featurePrecisions, problem.scales).map {
        min($0 / $1 / $1, .greatestFiniteMagnitude)
      }, hyperprior: hyperprior)
    let d = problem.featureCount
    dimension = problem.width + (hyperprior == nil ? 0 : 1)
    reportedNames =
      (0..<d).map { "beta[\($0)]" } + (problem.intercept ? ["intercept"] : [])
      + (hyperprior == nil ? [] : ["sigma"])
  }

  /// log p(coefficients, σ | y) up to a constant, with its gradient in the
  /// sampled coordinates; -∞ and a zero gradient for a wrong count, a
  /// non-finite point, or an overflow.
  public func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard x.count == dimension, gradient.count == dimension, x.allSatisfy(\.isFinite) else {
      gradient.update(repeating: 0)
      return -.infinity
    }
    let p = problem.width
    let d = problem.featureCount
    let logScale = scaleHyperprior == nil ? 0 : x[p]
    let coordinates = UnsafeBufferPointer(rebasing: x[0..<d])
    let weights = prior.weights(coordinates, logScale: logScale)
    let state = problem.evaluate(weights + x[d..<p], information: false)
    var value = -state.value
    for j in 0..<p { gradient[j] = -state.gradient[j] }
    let priorTerms = prior.apply(
      coordinates, weights: weights, logScale: logScale,
      gradient: UnsafeMutableBufferPointer(rebasing: gradient[0..<d]))
    value += priorTerms.value
    if scaleHyperprior != nil { gradient[p] = priorTerms.logScaleDerivative }
    return LogDensityConvention.rejectingNonFinite(value, gradient)
  }

  /// The raw coefficients, the intercept and σ of the sampled point `x`.
  public func report(
    _ x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) {
    let d = problem.featureCount
    let logScale = scaleHyperprior == nil ? 0 : x[problem.width]
    let weights = prior.weights(UnsafeBufferPointer(rebasing: x[0..<d]), logScale: logScale)
    var intercept = problem.intercept ? x[d] : 0
    for j in 0..<d {
      values[j] = weights[j] / problem.scales[j]
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
    guard scaleHyperprior != nil else { return point }
    guard let sigma = values.last, sigma > 0 else {
      throw FitError.invalidArgument(
        model: "GeneralizedLinearPosteriorDensity", argument: "sigma", requirement: "> 0",
        value: "\(values.last ?? .nan)")
    }
    let logScale = log(sigma)
    point.replaceSubrange(0..<d, with: prior.coordinates(Array(point[0..<d]), logScale: logScale))
    return point + [logScale]
  }
}

extension GeneralizedLinearPosteriorDensity {
  /// The posterior mean of the response at x: E[μ(x) | data], the mean
  /// over every draw of g⁻¹(b + xβ + offset).
  ///
  /// - Parameters:
  ///   - x: D finite features.
  ///   - offset: The row's offset (log exposure for counts).
  ///   - posterior: Draws of this density.
  /// - Returns: The posterior predictive mean.
  /// - Throws: `FitError.invalidArgument` for x of the wrong length or not
  ///   finite, a non-finite offset, or draws of another model.
  public func predictiveMean(_ x: [Double], offset: Double = 0, posterior: PosteriorDraws)
    throws(FitError) -> Double
  {
    let d = problem.featureCount
    guard x.count == d, x.allSatisfy(\.isFinite), offset.isFinite else {
      throw .invalidArgument(
        model: "GeneralizedLinearPosteriorDensity", argument: "x",
        requirement: "\(d) finite features and a finite offset", value: "\(x), \(offset)")
    }
    return try posteriorAverage(of: posterior, model: "GeneralizedLinearPosteriorDensity") {
      draw in
      var eta = offset + (problem.intercept ? draw[d] : 0)
      for j in 0..<d { eta += draw[j] * x[j] }
      return [problem.link.mean(eta, family: problem.family)]
    }[0]
  }
}
