import Foundation
import ProbKitCore
import ProbKitDistributions
import ProbKitInference
public import ProbKitMCMC

/// The posterior of a generalized linear model's coefficients under a
/// Gaussian prior, optionally with a hyperprior on the prior's scale and
/// with the response's dispersion, as a log density for `HMCSampler`.
///
/// log p(β, b, σ, φ | y) = ℓ(β, b, φ) − ½ Σⱼ βⱼ²/(σcⱼ)² − D log σ + log p(σ)
/// + log p(b) + log p(√φ) + const, with cⱼ the prior's feature standard
/// deviations (σ = 1 and no hyperprior term without a hyperprior; p(b) flat
/// unless the prior sets the intercept's standard deviation; φ = 1 for the
/// families without a dispersion, and the negative binomial's α = 1/r
/// unless it has a ``DispersionPrior``).
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
/// intercept shifted by Σ mⱼβⱼ when it is flat), log σ and log √φ, where
/// the posterior is far better conditioned; draws are reported on the raw
/// scale: `beta[0]`, …, `intercept`, then `sigma` with a hyperprior, then
/// `dispersion` (φ) when it is sampled. One evaluation is one pass over X
/// through the fit's C kernels, without the Fisher information.
public struct GeneralizedLinearPosteriorDensity<Family: ResponseFamily>:
  ReparameterisedLogDensity
{
  let problem: GLMProblem<Family>
  /// The coefficients' prior, with λ′ⱼ = 1/(cⱼsⱼ)² at σ = 1.
  let prior: SampledGaussianPrior
  /// The dispersion's part of the likelihood, if φ is sampled.
  let dispersion: SampledDispersion?
  /// The sampler's coordinates t map to the density's own as
  /// origin + unit·t (empty: the identity), so that t is of order 1 near
  /// the posterior whatever the response's units.
  let origin: [Double]
  let unit: [Double]
  /// The hyperprior on σ, if σ is sampled.
  public var scaleHyperprior: ScaleHyperprior? { prior.hyperprior }
  /// The prior on √φ, if the dispersion φ is sampled.
  public var dispersionPrior: DispersionPrior? { dispersion?.prior }

  /// The sampled coordinates: the standardised coefficients, the
  /// intercept, log σ with a hyperprior, then log √φ with a sampled
  /// dispersion.
  public let dimension: Int
  /// `beta[0]`, …, `intercept`, then `sigma` with a hyperprior, then
  /// `dispersion` with a sampled dispersion.
  public let reportedNames: [String]

  init(
    problem: GLMProblem<Family>, featurePrecisions: [Double], hyperprior: ScaleHyperprior?,
    dispersion: SampledDispersion?, origin: [Double] = [], unit: [Double] = []
  ) {
    self.problem = problem
    self.dispersion = dispersion
    self.origin = origin
    self.unit = unit
    prior = SampledGaussianPrior(
      unitPrecisions: zip(featurePrecisions, problem.scales).map {
        min($0 / $1 / $1, .greatestFiniteMagnitude)
      }, hyperprior: hyperprior)
    let d = problem.featureCount
    dimension = problem.width + (hyperprior == nil ? 0 : 1) + (dispersion == nil ? 0 : 1)
    reportedNames =
      (0..<d).map { "beta[\($0)]" } + (problem.intercept ? ["intercept"] : [])
      + (hyperprior == nil ? [] : ["sigma"]) + (dispersion == nil ? [] : ["dispersion"])
  }

  /// log p(coefficients, σ, φ | y) up to a constant, with its gradient in
  /// the sampled coordinates; -∞ and a zero gradient for a wrong count, a
  /// non-finite point, or an overflow.
  public func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard x.count == dimension, gradient.count == dimension, x.allSatisfy(\.isFinite) else {
      gradient.update(repeating: 0)
      return -.infinity
    }
    guard !origin.isEmpty else { return ownLogDensityAndGradient(x, gradient: gradient) }
    let own = (0..<dimension).map { origin[$0] + unit[$0] * x[$0] }
    let value = own.withUnsafeBufferPointer { ownLogDensityAndGradient($0, gradient: gradient) }
    for j in 0..<dimension { gradient[j] *= unit[j] }
    return LogDensityConvention.rejectingNonFinite(value, gradient)
  }

  /// ``logDensityAndGradient(_:gradient:)`` in the density's own
  /// coordinates (standardised coefficients, intercept, log σ, log √φ).
  private func ownLogDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    let p = problem.width
    let d = problem.featureCount
    let logScale = scaleHyperprior == nil ? 0 : x[p]
    let logRootDispersion = dispersion == nil ? 0 : x[dimension - 1]
    var evaluated = problem
    if let r = dispersion?.successes(logRootDispersion: logRootDispersion) {
      guard r > 0, r.isFinite,
        let family = try? NegativeBinomial(successes: r, probability: 0.5) as? Family
      else {
        gradient.update(repeating: 0)
        return -.infinity
      }
      evaluated.family = family
    }
    let coordinates = UnsafeBufferPointer(rebasing: x[0..<d])
    let weights = prior.weights(coordinates, logScale: logScale)
    let coefficients = weights + x[d..<p]
    let state = evaluated.evaluate(coefficients, information: false)
    var value = -state.value
    for j in 0..<p { gradient[j] = -state.gradient[j] }
    if let dispersion {
      // The problem's objective is H + ½ Σ λⱼβⱼ² (λ nonzero for an intercept
      // prior only): the likelihood's part is rescaled, the penalty's not.
      let factor = dispersion.coefficientFactor(logRootDispersion: logRootDispersion)
      var penalty = 0.0
      for j in 0..<p {
        let slope = problem.precisions[j] * coefficients[j]
        penalty += slope * coefficients[j] / 2
        gradient[j] = -factor * (state.gradient[j] - slope) - slope
      }
      let likelihood = dispersion.likelihood(
        halfDeviance: state.value - penalty, logRootDispersion: logRootDispersion,
        response: problem.response, weights: problem.weights, means: state.means)
      let dispersionPrior = dispersion.prior.logDensity(logRootDispersion: logRootDispersion)
      value = likelihood.value - penalty + dispersionPrior.value
      gradient[dimension - 1] = likelihood.derivative + dispersionPrior.derivative
    }
    let priorTerms = prior.apply(
      coordinates, weights: weights, logScale: logScale,
      gradient: UnsafeMutableBufferPointer(rebasing: gradient[0..<d]))
    value += priorTerms.value
    if scaleHyperprior != nil { gradient[p] = priorTerms.logScaleDerivative }
    return LogDensityConvention.rejectingNonFinite(value, gradient)
  }

  /// The raw coefficients, the intercept, σ and φ of the sampled point `x`.
  public func report(
    _ sampled: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) {
    let x =
      origin.isEmpty ? Array(sampled) : (0..<dimension).map { origin[$0] + unit[$0] * sampled[$0] }
    let d = problem.featureCount
    let logScale = scaleHyperprior == nil ? 0 : x[problem.width]
    let weights = x.withUnsafeBufferPointer {
      prior.weights(UnsafeBufferPointer(rebasing: $0[0..<d]), logScale: logScale)
    }
    var intercept = problem.intercept ? x[d] : 0
    for j in 0..<d {
      values[j] = weights[j] / problem.scales[j]
      intercept -= problem.centres[j] * values[j]
    }
    if problem.intercept { values[d] = intercept }
    if scaleHyperprior != nil { values[problem.width] = exp(x[problem.width]) }
    if dispersion != nil { values[dimension - 1] = exp(2 * x[dimension - 1]) }
  }

  /// The sampled point of raw coefficients (then the intercept, then σ,
  /// then φ).
  ///
  /// - Throws: `FitError.invalidArgument` for the wrong count, a non-finite
  ///   value, σ ≤ 0 or φ ≤ 0.
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
      let sigma = values[problem.width]
      guard sigma > 0 else {
        throw FitError.invalidArgument(
          model: "GeneralizedLinearPosteriorDensity", argument: "sigma", requirement: "> 0",
          value: "\(sigma)")
      }
      let logScale = log(sigma)
      point.replaceSubrange(
        0..<d, with: prior.coordinates(Array(point[0..<d]), logScale: logScale))
      point.append(logScale)
    }
    if dispersion != nil {
      guard let phi = values.last, phi > 0 else {
        throw FitError.invalidArgument(
          model: "GeneralizedLinearPosteriorDensity", argument: "dispersion",
          requirement: "> 0", value: "\(values.last ?? .nan)")
      }
      point.append(log(phi) / 2)
    }
    guard !origin.isEmpty else { return point }
    return (0..<dimension).map { (point[$0] - origin[$0]) / unit[$0] }
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
