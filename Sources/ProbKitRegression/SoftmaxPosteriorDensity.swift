import Foundation
import ProbKitCore
import ProbKitInference
public import ProbKitMCMC

/// The posterior of a softmax regression's weights and intercepts under a
/// Gaussian prior, optionally with a hyperprior on the prior's scale, as a
/// log density for `HMCSampler`.
///
/// log p(W, b, σ | y) = Σₙ log softmax(Wxₙ + b)_{yₙ} − ½ Σₖⱼ W²ₖⱼ/(σcⱼ)²
/// − KD log σ + log p(σ) + log p(b) + const: the model whose MAP estimate
/// `SoftmaxRegression.fit(…, estimator: .map(prior))` finds, here in full.
///
/// ```swift
/// let density = try SoftmaxRegression.posteriorDensity(
///   features: [[0, 1], [1, 0], [2, 1], [0, 2], [1, 1], [2, 2]], labels: [0, 1, 2, 0, 1, 2],
///   prior: GaussianPrior(standardDeviation: 1), scaleHyperprior: .halfNormal(scale: 1))
/// let posterior = try await HMCSampler().sample(density, seed: 5)
/// let predictive = try density.predictiveProbabilities([1, 1], posterior: posterior)
/// ```
///
/// Two classes have class 0 as the reference (its weights and intercept
/// zero), as the fit does. With more, every class has weights; with an
/// unpenalised intercept, class 0's intercept is fixed at 0 (the class
/// probabilities do not change when every intercept moves together, so the
/// flat direction is left out). Draws are reported on the raw scale,
/// `W[k,j]` and `b[k]`, then `sigma` with a hyperprior; the sampler moves
/// in the fit's standardised coordinates, through the fit's C kernels.
public struct SoftmaxPosteriorDensity: ReparameterisedLogDensity {
  let objective: SoftmaxObjective
  /// The weights' prior, with λ′ₖⱼ at σ = 1 for every free weight, in θ's
  /// order.
  let prior: SampledGaussianPrior
  /// The hyperprior on σ, if σ is sampled.
  public var scaleHyperprior: ScaleHyperprior? { prior.hyperprior }
  /// The intercepts sampled: K′, or K − 1 when class 0's is fixed.
  let sampledIntercepts: Int

  /// The sampled coordinates: the free classes' standardised weights, the
  /// sampled intercepts, then log σ with a hyperprior.
  public let dimension: Int
  /// `W[k,j]` for each free class and feature, `b[k]` for each sampled
  /// intercept, then `sigma` with a hyperprior.
  public let reportedNames: [String]

  init(objective: SoftmaxObjective, featurePrecisions: [Double], hyperprior: ScaleHyperprior?) {
    self.objective = objective
    let layout = objective.layout
    let perClass = objective.standardization.standardisedPrecisions(featurePrecisions)
    prior = SampledGaussianPrior(
      unitPrecisions: Array((0..<layout.freeClassCount).map { _ in perClass }.joined()),
      hyperprior: hyperprior)
    let fixesIntercept = !layout.reference && objective.interceptPrecision == 0
    sampledIntercepts = layout.freeClassCount - (fixesIntercept ? 1 : 0)
    dimension =
      layout.freeClassCount * layout.featureCount + sampledIntercepts + (hyperprior == nil ? 0 : 1)
    let classes = layout.firstFreeClass..<layout.classCount
    reportedNames =
      classes.flatMap { k in (0..<layout.featureCount).map { "W[\(k),\($0)]" } }
      + classes.suffix(sampledIntercepts).map { "b[\($0)]" }
      + (hyperprior == nil ? [] : ["sigma"])
  }

  /// The number of weights in θ, K′D.
  private var weightCount: Int { objective.layout.freeClassCount * objective.featureCount }
  /// θ's index of the first sampled intercept.
  private var firstIntercept: Int { objective.layout.count - sampledIntercepts }

  /// log σ at the sampled point (0 without a hyperprior).
  private func logScale(_ x: UnsafeBufferPointer<Double>) -> Double {
    scaleHyperprior == nil ? 0 : x[dimension - 1]
  }

  /// θ, the objective's vector, from the sampled point's weights and
  /// intercepts.
  private func theta(weights: [Double], _ x: UnsafeBufferPointer<Double>) -> [Double] {
    var theta = [Double](repeating: 0, count: objective.layout.count)
    for i in 0..<weightCount { theta[i] = weights[i] }
    for i in 0..<sampledIntercepts { theta[firstIntercept + i] = x[weightCount + i] }
    return theta
  }

  /// log p(W, b, σ | y) up to a constant, with its gradient in the sampled
  /// coordinates; -∞ and a zero gradient for a wrong count, a non-finite
  /// point, or an overflow.
  public func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard x.count == dimension, gradient.count == dimension, x.allSatisfy(\.isFinite) else {
      gradient.update(repeating: 0)
      return -.infinity
    }
    let coordinates = UnsafeBufferPointer(rebasing: x[0..<weightCount])
    let weights = prior.weights(coordinates, logScale: logScale(x))
    let (objectiveValue, objectiveGradient) = objective.valueAndGradient(
      theta(weights: weights, x))
    var value = -objectiveValue
    for i in 0..<weightCount { gradient[i] = -objectiveGradient[i] }
    for i in 0..<sampledIntercepts {
      gradient[weightCount + i] = -objectiveGradient[firstIntercept + i]
    }
    let priorTerms = prior.apply(
      coordinates, weights: weights, logScale: logScale(x),
      gradient: UnsafeMutableBufferPointer(rebasing: gradient[0..<weightCount]))
    value += priorTerms.value
    if scaleHyperprior != nil { gradient[dimension - 1] = priorTerms.logScaleDerivative }
    return LogDensityConvention.rejectingNonFinite(value, gradient)
  }

  /// The raw weights and intercepts (relative to class 0's when it is
  /// fixed), then σ, of the sampled point `x`.
  public func report(
    _ x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) {
    let layout = objective.layout
    let sampledWeights = prior.weights(
      UnsafeBufferPointer(rebasing: x[0..<weightCount]), logScale: logScale(x))
    let (weights, intercepts) = objective.rawParameters(theta(weights: sampledWeights, x))
    let d = layout.featureCount
    var index = 0
    for k in layout.firstFreeClass..<layout.classCount {
      for j in 0..<d {
        values[index] = weights[k * d + j]
        index += 1
      }
    }
    let shift = sampledIntercepts < layout.freeClassCount ? intercepts[0] : 0
    for k in (layout.classCount - sampledIntercepts)..<layout.classCount {
      values[index] = intercepts[k] - shift
      index += 1
    }
    if scaleHyperprior != nil { values[index] = exp(x[dimension - 1]) }
  }

  /// The sampled point of reported values (raw weights, intercepts, σ).
  ///
  /// - Throws: `FitError.invalidArgument` for the wrong count, a non-finite
  ///   value or σ ≤ 0.
  public func sampledPoint(reporting values: [Double]) throws -> [Double] {
    let layout = objective.layout
    let k = layout.classCount
    let d = layout.featureCount
    guard values.count == reportedNames.count, values.allSatisfy(\.isFinite) else {
      throw FitError.invalidArgument(
        model: "SoftmaxPosteriorDensity", argument: "values",
        requirement: "\(reportedNames.count) finite values", value: "\(values)")
    }
    var weights = [Double](repeating: 0, count: k * d)
    var intercepts = [Double](repeating: 0, count: k)
    let first = layout.firstFreeClass
    for index in 0..<weightCount { weights[first * d + index] = values[index] }
    for i in 0..<sampledIntercepts {
      intercepts[k - sampledIntercepts + i] = values[weightCount + i]
    }
    let standardWeights: [Double]
    var standardIntercepts: [Double]
    (standardWeights, standardIntercepts) = objective.standardization.standardised(
      weights: weights, intercepts: intercepts, classCount: k)
    if sampledIntercepts < layout.freeClassCount {
      let shift = standardIntercepts[0]
      standardIntercepts = standardIntercepts.map { $0 - shift }
    }
    let theta = layout.pack(weights: standardWeights, intercepts: standardIntercepts)
    guard scaleHyperprior != nil else {
      return Array(theta[0..<weightCount]) + Array(theta[firstIntercept...])
    }
    guard let sigma = values.last, sigma > 0 else {
      throw FitError.invalidArgument(
        model: "SoftmaxPosteriorDensity", argument: "sigma", requirement: "> 0",
        value: "\(values.last ?? .nan)")
    }
    let logScale = log(sigma)
    return prior.coordinates(Array(theta[0..<weightCount]), logScale: logScale)
      + Array(theta[firstIntercept...]) + [logScale]
  }
}

extension SoftmaxPosteriorDensity {
  /// The posterior predictive class probabilities at x: the mean over every
  /// draw of softmax(Wx + b), p(y | x, data) = E[softmax(Wx + b) | data].
  ///
  /// - Parameters:
  ///   - x: D finite features.
  ///   - posterior: Draws of this density (`HMCSampler.sample(_:seed:initialValues:)`).
  /// - Returns: K probabilities.
  /// - Throws: `FitError.invalidArgument` for x of the wrong length or not
  ///   finite, or draws of another model.
  public func predictiveProbabilities(_ x: [Double], posterior: PosteriorDraws) throws(FitError)
    -> [Double]
  {
    let layout = objective.layout
    let k = layout.classCount
    let d = layout.featureCount
    guard x.count == d, x.allSatisfy(\.isFinite) else {
      throw .invalidArgument(
        model: "SoftmaxPosteriorDensity", argument: "x", requirement: "\(d) finite features",
        value: "\(x)")
    }
    return try posteriorAverage(of: posterior, model: "SoftmaxPosteriorDensity") { draw in
      var logits = [Double](repeating: 0, count: k)
      var position = 0
      for c in layout.firstFreeClass..<k {
        for j in 0..<d {
          logits[c] += draw[position] * x[j]
          position += 1
        }
      }
      for c in (k - sampledIntercepts)..<k {
        logits[c] += draw[position]
        position += 1
      }
      return SpecialFunctions.softmax(logits)
    }
  }
}
