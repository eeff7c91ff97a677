import Foundation
import ProbKitCore
import ProbKitDistributions

/// How a sampled GLM posterior's log-likelihood depends on the response's
/// dispersion φ, sampled as v = log √φ.
///
/// With H = Σᵢ wᵢ d(yᵢ, μᵢ)/2 the family's half deviance (at r = 1/φ for
/// the negative binomial, at φ = 1 otherwise) and W = Σᵢ wᵢ:
///
/// ```
/// normal:   ℓ = −H/φ − W (log √(2π) + v)
/// gamma:    ℓ = −νH + W (½ log ν − log √(2π) − δ(ν)) − Σᵢ wᵢ log yᵢ,   ν = 1/φ
/// NB2:      ℓ = −H(r) + Σᵢ wᵢ ℓ̃(yᵢ; r),   r = 1/φ
/// ```
///
/// δ Stirling's error (the terms of size ν log ν cancel exactly), ℓ̃ the
/// saturated model's log-likelihood of a count, summed once per distinct
/// count. The gradient in the coefficients is −c ∂H/∂β with c = 1/φ for
/// the normal and the gamma and 1 for the negative binomial (whose H itself
/// depends on r).
struct SampledDispersion: Sendable {
  enum Terms: Sendable {
    case normal
    /// Σᵢ wᵢ log yᵢ.
    case gamma(logResponses: Double)
    /// The distinct counts and the total weight of each.
    case negativeBinomial(counts: [Double], weights: [Double])

    var isNormal: Bool {
      if case .normal = self { return true }
      return false
    }
  }

  let terms: Terms
  let prior: DispersionPrior
  /// W = Σᵢ wᵢ.
  let totalWeight: Double

  init(terms: Terms, prior: DispersionPrior, weights: [Double]) {
    self.terms = terms
    self.prior = prior
    totalWeight = weights.reduce(0, +)
  }

  /// The terms for `family`'s response, or nil for a family without a
  /// sampled dispersion.
  static func terms<Family: ResponseFamily>(
    _ family: Family, response: [Double], weights: [Double]
  ) -> Terms? {
    switch family {
    case is Normal: return .normal
    case is Gamma:
      return .gamma(logResponses: zip(weights, response).reduce(0) { $0 + $1.0 * log($1.1) })
    case is NegativeBinomial:
      var totals: [Double: Double] = [:]
      for (w, y) in zip(weights, response) where w > 0 { totals[y, default: 0] += w }
      let sorted = totals.sorted { $0.key < $1.key }
      return .negativeBinomial(counts: sorted.map(\.key), weights: sorted.map(\.value))
    default: return nil
    }
  }

  /// The negative binomial's r = e^{−2v}, at which H is evaluated; nil for
  /// the other families, whose H does not depend on φ.
  func successes(logRootDispersion v: Double) -> Double? {
    guard case .negativeBinomial = terms else { return nil }
    return exp(-2 * v)
  }

  /// The factor c of ∂ℓ/∂β = −c ∂H/∂β.
  func coefficientFactor(logRootDispersion v: Double) -> Double {
    if case .negativeBinomial = terms { return 1 }
    return exp(-2 * v)
  }

  /// ℓ and ∂ℓ/∂v at v, from the half deviance H and, for the negative
  /// binomial, every row's mean.
  func likelihood(
    halfDeviance h: Double, logRootDispersion v: Double, response: [Double],
    weights: [Double], means: [Double]
  ) -> (value: Double, derivative: Double) {
    let w = totalWeight
    switch terms {
    case .normal:
      let precision = exp(-2 * v)
      return (
        -h * precision - w * (Self.logSquareRootOfTwoPi + v),
        2 * h * precision - w
      )
    case .gamma(let logResponses):
      let nu = exp(-2 * v)
      let perRow =
        -v - Self.logSquareRootOfTwoPi
        - Double(ExtendedMath.stirlingError(Extended(nu)))
      let score = Double(GammaShapeEquation.logMinusDigamma(nu))  // log ν − ψ(ν)
      return (-nu * h + w * perRow - logResponses, 2 * nu * (h - w * score))
    case .negativeBinomial(let counts, let countWeights):
      let r = exp(-2 * v)
      // ∂ℓ/∂r = Σ_y W_y [ψ(y + r) − ψ(r)] − Σᵢ wᵢ [h(μᵢ/r) + yᵢ/(μᵢ + r)],
      // h(u) = log1p(u) − u/(1 + u).
      var saturated = 0.0
      var score = 0.0
      let family = NegativeBinomial.known { try NegativeBinomial(successes: r, probability: 0.5) }
      for (y, weight) in zip(counts, countWeights) where y > 0 {
        saturated += weight * family.logDensity(y, naturalParameter: -log1p(r / y), dispersion: 1)
        score += weight * Double(ExtendedMath.digammaDifference(Extended(r), Extended(y)))
      }
      for i in means.indices where weights[i] > 0 {
        let mu = means[i]
        score -=
          weights[i]
          * (GeneralizedLinearModel<NegativeBinomial>.logRatioExcess(mu / r)
            + response[i] / (mu + r))
      }
      return (-h + saturated, -2 * r * score)
    }
  }

  /// log √(2π).
  private static let logSquareRootOfTwoPi = 0.918_938_533_204_672_741_780_329_736_405_617_64
}
