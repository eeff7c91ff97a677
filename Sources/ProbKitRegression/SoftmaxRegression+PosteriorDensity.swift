import Foundation
import ProbKitCore
import ProbKitInference

extension SoftmaxRegression {
  /// The posterior of the weights and intercepts under `prior`, and of the
  /// prior's scale σ under `scaleHyperprior` when given, for
  /// `HMCSampler`: see ``SoftmaxPosteriorDensity``.
  ///
  /// With a hyperprior the prior's feature standard deviations become
  /// relative scales: Wₖⱼ ~ N(0, (σcⱼ)²).
  ///
  /// - Parameters:
  ///   - features: N rows of D finite features (N ≥ 1, D ≥ 1).
  ///   - labels: N class labels in 0..<classCount, every class observed.
  ///   - classCount: K ≥ 2; the largest label + 1 if omitted.
  ///   - weights: Optional sample weights (counts), finite and ≥ 0.
  ///   - prior: The Gaussian prior (with σ fixed, or relative scales).
  ///   - scaleHyperprior: A prior on σ, which is then sampled.
  /// - Returns: The log density, reporting `W[k,j]`, `b[k]`, `sigma`.
  /// - Throws: `FitError` as `fit(features:labels:…)` for bad data.
  public static func posteriorDensity(
    features: [[Double]], labels: [Int], classCount: Int? = nil, weights: [Double]? = nil,
    prior: GaussianPrior, scaleHyperprior: ScaleHyperprior? = nil
  ) throws(FitError) -> SoftmaxPosteriorDensity {
    guard let first = features.first else { throw .emptyData(model: "SoftmaxRegression") }
    let design = try DesignMatrix(
      features, featureCount: first.count, model: "SoftmaxRegression")
    let k = try validatedClassCount(
      design: design, labels: labels, classCount: classCount, weights: weights)
    let interceptPrecision = prior.interceptPrecision
    let sampleWeights = weights ?? Array(repeating: 1, count: labels.count)
    let standardization = Standardization(
      design, weights: sampleWeights, centre: interceptPrecision == 0)
    let objective = SoftmaxObjective(
      design: design, standardization: standardization, labels: labels,
      sampleWeights: sampleWeights, classCount: k, reference: k == 2,
      featurePrecisions: [Double](repeating: 0, count: design.featureCount),
      interceptPrecision: interceptPrecision)
    return SoftmaxPosteriorDensity(
      objective: objective,
      featurePrecisions: try prior.precisions(featureCount: design.featureCount),
      hyperprior: scaleHyperprior)
  }
}
