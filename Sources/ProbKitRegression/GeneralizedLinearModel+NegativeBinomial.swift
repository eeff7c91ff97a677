import Foundation
import ProbKitCore
public import ProbKitDistributions
public import ProbKitInference

extension GeneralizedLinearModel where Family == NegativeBinomial {
  /// NB2 regression with the dispersion α = 1/r estimated by maximum
  /// likelihood along with β (as statsmodels' discrete `NegativeBinomial`).
  ///
  /// β is profiled out: for each r the GLM is fitted by Fisher scoring, and r
  /// solves the profile score equation (β̂'s own score is 0, so only ∂ℓ/∂r
  /// remains)
  ///
  /// ```
  /// Σᵢ wᵢ [ψ(yᵢ + r) - ψ(r) + log(r/(r + μᵢ)) + (μᵢ - yᵢ)/(r + μᵢ)] = 0
  /// ```
  ///
  /// by bracketing in log r and the Illinois false-position method, to 10⁻¹²
  /// in log r.
  ///
  /// ```swift
  /// let (fit, alpha) = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
  ///   features: [[0], [1], [2], [3], [4], [5], [6], [7]], response: [0, 3, 1, 9, 2, 14, 4, 25])
  /// alpha  // 0.3830…: Var[y] = μ + αμ²
  /// ```
  ///
  /// Each fit starts from the previous r's estimate.
  ///
  /// - Parameters: As `fit(features:response:…)` (the link is log); with
  ///   `.map`, β is the MAP estimate at each r and α maximises the profile
  ///   of the penalised likelihood (the prior does not involve r).
  /// - Returns: The fit at r̂ (its AIC and BIC count α) and α̂ = 1/r̂.
  /// - Throws: `FitError.estimateOutsideParameterSpace` when the counts are
  ///   not overdispersed (the score stays positive as r → ∞: α̂ = 0, the
  ///   Poisson model), or any error of the GLM fit.
  public static func fitEstimatingDispersion(
    features: [[Double]], response: [Double], weights: [Double]? = nil,
    offsets: [Double]? = nil, intercept: Bool = true,
    estimator: Estimator<GaussianPrior> = .mle, maximumIterations: Int = 100
  ) throws(FitError) -> (fit: GeneralizedLinearFit<NegativeBinomial>, alpha: Double) {
    guard let first = features.first else { throw .emptyData(model: "GeneralizedLinearModel") }
    return try fitEstimatingDispersion(
      design: DesignMatrix(features, featureCount: first.count, model: "GeneralizedLinearModel"),
      response: response, weights: weights, offsets: offsets, intercept: intercept,
      estimator: estimator, maximumIterations: maximumIterations)
  }

  /// ``fitEstimatingDispersion(features:response:weights:offsets:intercept:estimator:maximumIterations:)``
  /// on features in one row-major matrix, without a copy.
  public static func fitEstimatingDispersion(
    features: FeatureMatrix, response: [Double], weights: [Double]? = nil,
    offsets: [Double]? = nil, intercept: Bool = true,
    estimator: Estimator<GaussianPrior> = .mle, maximumIterations: Int = 100
  ) throws(FitError) -> (fit: GeneralizedLinearFit<NegativeBinomial>, alpha: Double) {
    try fitEstimatingDispersion(
      design: DesignMatrix(features), response: response, weights: weights, offsets: offsets,
      intercept: intercept, estimator: estimator, maximumIterations: maximumIterations)
  }

  static func fitEstimatingDispersion(
    design: DesignMatrix, response: [Double], weights: [Double]?, offsets: [Double]?,
    intercept: Bool, estimator: Estimator<GaussianPrior>, maximumIterations: Int
  ) throws(FitError) -> (fit: GeneralizedLinearFit<NegativeBinomial>, alpha: Double) {
    let w = weights ?? Array(repeating: 1, count: response.count)
    var previous: GeneralizedLinearModel?
    func fitAt(_ logR: Double) throws(FitError) -> GeneralizedLinearFit<NegativeBinomial> {
      let family: NegativeBinomial
      do {
        family = try NegativeBinomial(successes: exp(logR), probability: 0.5)
      } catch {
        throw .invalidParameter(error)
      }
      let fitted = try fit(
        design: design, response: response, family: family, trials: nil, weights: weights,
        offsets: offsets, intercept: intercept, link: .log, estimator: estimator,
        maximumIterations: maximumIterations,
        warmStart: previous.map {
          GeneralizedLinearModel(
            family: family, coefficients: $0.coefficients, intercept: $0.intercept,
            hasIntercept: intercept, link: .log, dispersion: 1)
        }, progress: nil)
      previous = fitted.model
      return fitted
    }
    func score(_ logR: Double) throws(FitError) -> (Double, GeneralizedLinearFit<NegativeBinomial>)
    {
      let fitted = try fitAt(logR)
      let r = exp(logR)
      let digammaR = SpecialFunctions.digamma(r)
      let means = fitted.model.means(of: design, offsets: offsets)
      var sum = 0.0
      for (i, mu) in means.enumerated() {
        let y = response[i]
        // ψ(y + r) - ψ(r) = Σₖ<y 1/(r + k) for a count y, and with it the
        // row's score is Σₖ<y (μ - k)/((r + k)(r + μ)) - h(μ/r), where
        // h(u) = log1p(u) - u/(1 + u): terms of order 1/r² instead of
        // differences of terms of order 1/r (the score vanishes as 1/r²,
        // and was noise beyond r ~ 1e10).
        if y <= 1e5 {
          var term = 0.0
          for k in stride(from: 0.0, to: y, by: 1) { term += (mu - k) / ((r + k) * (r + mu)) }
          sum += w[i] * (term - Self.logRatioExcess(mu / r))
        } else {
          let digammaDifference = SpecialFunctions.digamma(y + r) - digammaR
          sum += w[i] * (digammaDifference - log1p(mu / r) + (mu - y) / (r + mu))
        }
      }
      return (sum, fitted)
    }
    // Bracket the root in t = log r, from r = 1 outwards.
    var (low, high) = (0.0, 0.0)
    var (scoreLow, fitLow) = try score(0)
    var (scoreHigh, fitHigh) = (scoreLow, fitLow)
    if scoreLow > 0 {
      // ℓ still rises with r: look for larger r (less dispersion).
      while scoreHigh > 0 {
        guard high < 40 else {
          throw .estimateOutsideParameterSpace(
            model: "GeneralizedLinearModel",
            reason:
              "the counts are not overdispersed (the likelihood rises as α → 0), so the "
              + "negative binomial's α has no maximum above 0; fit the Poisson model")
        }
        (low, scoreLow, fitLow) = (high, scoreHigh, fitHigh)
        high += 2
        (scoreHigh, fitHigh) = try score(high)
      }
    } else {
      while scoreLow < 0 {
        guard low > -40 else {
          throw .estimateOutsideParameterSpace(
            model: "GeneralizedLinearModel",
            reason: "the likelihood rises without bound as α grows (r → 0)")
        }
        (high, scoreHigh, fitHigh) = (low, scoreLow, fitLow)
        low -= 2
        (scoreLow, fitLow) = try score(low)
      }
    }
    // Illinois false position on [low, high], scoreLow > 0 > scoreHigh (the
    // halvings scale the stored scores only; the best point is kept apart).
    var best = abs(scoreLow) <= abs(scoreHigh) ? (low, fitLow) : (high, fitHigh)
    var bestScore = min(abs(scoreLow), abs(scoreHigh))
    var side = 0
    for _ in 0..<200 {
      if high - low <= 1e-12 * max(1, abs(low)) { break }
      let t = (low * scoreHigh - high * scoreLow) / (scoreHigh - scoreLow)
      let (value, fitted) = try score(t)
      if abs(value) < bestScore { (best, bestScore) = ((t, fitted), abs(value)) }
      if value > 0 {
        (low, scoreLow, fitLow) = (t, value, fitted)
        if side == 1 { scoreHigh /= 2 }
        side = 1
      } else {
        (high, scoreHigh, fitHigh) = (t, value, fitted)
        if side == -1 { scoreLow /= 2 }
        side = -1
      }
      if value == 0 { break }
    }
    var estimate = best.1
    estimate.dispersionByMaximumLikelihood = true
    return (estimate, exp(-best.0))
  }

  /// μᵢ for every row of `design` (and its offsets), without a row array
  /// per row.
  func means(of design: DesignMatrix, offsets: [Double]?) -> [Double] {
    let d = design.featureCount
    return design.matrix.values.withUnsafeBufferPointer { x in
      (0..<design.rowCount).map { i in
        var eta = intercept + (offsets?[i] ?? 0)
        for j in 0..<d { eta += coefficients[j] * x[i * d + j] }
        return link.mean(eta, family: family)
      }
    }
  }

  /// h(u) = log1p(u) - u/(1 + u) ≥ 0 for u ≥ 0, by its series
  /// Σₙ₌₂ (-1)ⁿ(n - 1)uⁿ/n below u = 0.1 (where the difference cancels).
  static func logRatioExcess(_ u: Double) -> Double {
    guard u < 0.1 else { return log1p(u) - u / (1 + u) }
    var sum = 0.0
    var power = u * u
    for n in 2...40 {
      let term = Double(n - 1) / Double(n) * power
      sum += n % 2 == 0 ? term : -term
      power *= u
      if power < 1e-17 * sum { break }
    }
    return sum
  }
}
