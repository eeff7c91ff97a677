import Foundation
import ProbKitCore
public import ProbKitDistributions
public import ProbKitInference

extension GeneralizedLinearModel where Family == Gamma {
  /// Gamma regression with the shape ν (dispersion φ = 1/ν) estimated by
  /// maximum likelihood along with β, where `fit(features:response:…)`
  /// reports Pearson's φ = χ²/(n - p) (statsmodels' and R's `summary.glm`
  /// default).
  ///
  /// The log-likelihood of a row is ν log(νy/μ) - νy/μ - log y - log Γ(ν),
  /// so β's score is ν times the score at φ = 1: β̂ does not depend on ν, and
  /// the fit is the usual Fisher-scoring fit. ν̂ then solves its own score
  /// equation at β̂ (McCullagh & Nelder, *Generalized Linear Models*, 2nd
  /// ed., §8.3)
  ///
  /// ```
  /// Σᵢ wᵢ (log ν - ψ(ν)) = D/2,   D = Σᵢ wᵢ d(yᵢ, μ̂ᵢ),   d(y, μ) = 2[(y - μ)/μ - log(y/μ)]
  /// ```
  ///
  /// whose left side falls from +∞ to 0, so the root is unique when D > 0.
  /// It is found to rounding (see ``maximumLikelihoodShape(halfMeanDeviance:)``),
  /// with D summed in extended precision without cancellation. The two
  /// estimates differ in two ways: Pearson's φ divides by n - p, the ML one
  /// in effect by n, and Pearson's χ² weighs a response far above its mean
  /// more, and one far below it less, than the deviance. On scotland (32
  /// rows, 8 coefficients, log link) Pearson's shape is 278.3 and the ML
  /// shape 363.9; on engel 56.34 and 55.15.
  ///
  /// ```swift
  /// let (fit, shape) = try GeneralizedLinearModel<Gamma>.fitEstimatingShape(
  ///   features: [[1], [2], [3], [4], [5], [6]], response: [1.9, 4.2, 5.1, 8.8, 9.7, 13.4],
  ///   link: .log)
  /// shape                 // 40.35…: ν̂ (Pearson's 1/φ is 26.99…)
  /// fit.model.dispersion  // 0.02478… = 1/ν̂
  /// fit.standardErrors    // [0.03763…, 0.1465…], at φ = 1/ν̂
  /// ```
  ///
  /// - Parameters: As `fit(features:response:…)`, for maximum likelihood
  ///   only: a MAP estimate of β would depend on φ.
  /// - Returns: The fit with `model.dispersion` = 1/ν̂, standard errors
  ///   √diag(I⁻¹/ν̂), the deviance D and the log-likelihood at ν̂ (so `aic`
  ///   and `bic` are at ν̂, counting ν with β and the intercept), and ν̂
  ///   itself.
  /// - Throws: Any error of the fit (which also needs more observations than
  ///   coefficients), `FitError.estimateOutsideParameterSpace` for a fit
  ///   that is exact (D = 0: ν̂ = ∞, no spread to estimate) or so nearly
  ///   exact that ν̂ exceeds `Double` (D/W below about 5·10⁻³⁰⁹), and
  ///   `FitError.overflow` when D is beyond `Double`.
  public static func fitEstimatingShape(
    features: [[Double]], response: [Double], weights: [Double]? = nil,
    offsets: [Double]? = nil, intercept: Bool = true, link: Link = .canonical,
    maximumIterations: Int = 100, warmStart: GeneralizedLinearModel? = nil,
    progress: (@Sendable (FitProgress) -> Void)? = nil
  ) throws(FitError) -> (fit: GeneralizedLinearFit<Gamma>, shape: Double) {
    let scaled = centred(response, weights, offsets, link)
    let fitted = try fit(
      features: features, response: scaled.response, weights: weights, offsets: scaled.offsets,
      intercept: intercept, link: link, maximumIterations: maximumIterations,
      warmStart: warmStart, progress: progress)
    return try estimatingShape(
      fitted, rowCount: features.count, row: { features[$0] }, response: response,
      weights: weights, centred: scaled)
  }

  /// Gamma regression with the shape estimated by maximum likelihood, from
  /// features already in one row-major matrix; otherwise as the
  /// `[[Double]]` overload.
  public static func fitEstimatingShape(
    features: FeatureMatrix, response: [Double], weights: [Double]? = nil,
    offsets: [Double]? = nil, intercept: Bool = true, link: Link = .canonical,
    maximumIterations: Int = 100, warmStart: GeneralizedLinearModel? = nil,
    progress: (@Sendable (FitProgress) -> Void)? = nil
  ) throws(FitError) -> (fit: GeneralizedLinearFit<Gamma>, shape: Double) {
    let scaled = centred(response, weights, offsets, link)
    let fitted = try fit(
      features: features, response: scaled.response, weights: weights, offsets: scaled.offsets,
      intercept: intercept, link: link, maximumIterations: maximumIterations,
      warmStart: warmStart, progress: progress)
    return try estimatingShape(
      fitted, rowCount: features.rowCount, row: { features.row($0) }, response: response,
      weights: weights, centred: scaled)
  }

  /// The maximum-likelihood shape ν̂ of a Gamma GLM whose deviance is D over
  /// a total weight W: the root of log ν - ψ(ν) = c, c = D/(2W) > 0.
  ///
  /// log x - ψ(x) falls from +∞ to 0 and lies between 1/(2x) and 1/x, so
  /// ν̂ ∈ (1/(2c), 1/c). Where ν̂ ≥ 10 (c ≤ 0.05) it is the fixed point of
  /// ν = (1 + S(ν))/(2c), S the asymptotic series of 2ν(log ν - ψ(ν)) - 1 in
  /// Bernoulli numbers (a contraction by about 1/(6ν)); where ν̂ ≤ 10⁻⁸
  /// (c ≥ 10⁸) the fixed point of ν = 1/(c - log ν - γ + ζ(2)ν - ζ(3)ν²);
  /// between, Newton's method with ψ′ (`SpecialFunctions.trigamma`),
  /// kept inside the bracket by bisection, on log ν - ψ(ν) evaluated in
  /// extended precision (the recurrence ψ(x) = ψ(x + 1) - 1/x up to x ≥ 10,
  /// then the series). Each route evaluates the equation without the
  /// cancellation of log ν against ψ(ν) ≈ log ν - 1/(2ν), so ν̂ is accurate
  /// to a few units in the last place for every c (tested against mpmath
  /// from c = 10⁻³⁰⁰ to 1.7·10³⁰⁸).
  ///
  /// ```swift
  /// GeneralizedLinearModel<Gamma>.maximumLikelihoodShape(halfMeanDeviance: 0.5)
  /// // 1.1377247271478588
  /// GeneralizedLinearModel<Gamma>.maximumLikelihoodShape(halfMeanDeviance: 1e-12)
  /// // 5.000000000001666…e11 ≈ 1/(2c) + 1/6
  /// ```
  ///
  /// - Parameter c: D/(2W), finite and > 0.
  /// - Returns: ν̂; +∞ when it exceeds `Double` (c below about 2.8·10⁻³⁰⁹),
  ///   NaN for c ≤ 0 or not finite.
  public static func maximumLikelihoodShape(halfMeanDeviance c: Double) -> Double {
    guard c > 0, c.isFinite else { return .nan }
    if c <= 0.05 {
      // ν ≥ 10: log ν - ψ(ν) = (1 + S(ν))/(2ν).
      var nu = 1 / (2 * c)
      guard nu.isFinite else { return .infinity }
      for _ in 0..<100 {
        let next = (1 + GammaShapeEquation.series(1 / nu)) / (2 * c)
        if next == nu || !next.isFinite { return next }
        nu = next
      }
      return nu
    }
    if c >= 1e8 {
      // ν ≤ 10⁻⁸: log ν - ψ(ν) = 1/ν + log ν + γ - ζ(2)ν + ζ(3)ν² - …
      var nu = 1 / c
      for _ in 0..<100 {
        let next =
          1
          / (c - log(nu) - GammaShapeEquation.eulerGamma + GammaShapeEquation.zeta2 * nu
            - GammaShapeEquation.zeta3 * nu * nu)
        if next == nu { return next }
        nu = next
      }
      return nu
    }
    // 10⁻⁸ ≲ ν ≲ 10.2: Newton in ν inside the bracket (1/(2c), 1/c).
    var low = 1 / (2 * c)
    var high = 1 / c
    var nu = (low + high) / 2
    for _ in 0..<200 {
      let value = Double(GammaShapeEquation.logMinusDigamma(nu) - Extended(c))
      if value == 0 { return nu }
      if value > 0 { low = nu } else { high = nu }
      let slope = 1 / nu - SpecialFunctions.trigamma(nu)
      var next = nu - value / slope
      if !(next > low && next < high) { next = (low + high) / 2 }
      if next == nu || high - low <= 2 * high.ulp { return next }
      nu = next
    }
    return nu
  }

  /// Under the log link, responses scaled by 2ᵏ, the power of two nearest
  /// the reciprocal of their weighted geometric mean, with k log 2 added to
  /// the offsets, when that mean is beyond 2^±64; otherwise the data as
  /// they are.
  ///
  /// Under the log link, y → sy is η → η + log s with β, b, the deviance, φ
  /// and the information unchanged, so this is the fit of the original
  /// responses. The Fisher scoring of `fit(features:response:…)` squares μ (its weights are (dμ/dη)²/V), which overflows once
  /// |log₂ μ| > 512; centred, responses from 1e-320 to 1e307 fit. Invalid
  /// data are left for the fit to report.
  static func centred(
    _ response: [Double], _ weights: [Double]?, _ offsets: [Double]?, _ link: Link
  ) -> (response: [Double], offsets: [Double]?) {
    guard link == .log, weights.map({ $0.count == response.count }) ?? true,
      offsets.map({ $0.count == response.count && $0.allSatisfy(\.isFinite) }) ?? true
    else { return (response, offsets) }
    var total = 0.0
    var sum = 0.0
    for (i, y) in response.enumerated() {
      let w = weights?[i] ?? 1
      guard y > 0, y.isFinite, w >= 0, w.isFinite else { return (response, offsets) }
      if w > 0 {
        total += w
        sum += w * log2(y)
      }
    }
    guard total > 0, abs(sum / total) > 64 else { return (response, offsets) }
    // 2ᵏ y is exact unless it leaves the normal range: then the data span
    // too much for any scale, and are fitted as they are.
    let exponent = -Int((sum / total).rounded())
    let scaled = response.map { Double(sign: .plus, exponent: exponent, significand: $0) }
    for (y, value) in zip(response, scaled)
    where !value.isFinite || value == 0
      || Double(sign: .plus, exponent: -exponent, significand: value) != y
    {
      return (response, offsets)
    }
    let shift = Double(exponent) * M_LN2
    return (scaled, (0..<response.count).map { (offsets?[$0] ?? 0) + shift })
  }

  /// The fit `fitted` (of the `centred` data) with the shape estimated: ν̂
  /// from D recomputed without cancellation (on the centred data: D does
  /// not change with the scale, and their means are not subnormal), then
  /// φ = 1/ν̂, standard errors and log-likelihood at it.
  static func estimatingShape(
    _ fitted: GeneralizedLinearFit<Gamma>, rowCount: Int, row: (Int) -> [Double],
    response: [Double], weights: [Double]?,
    centred: (response: [Double], offsets: [Double]?)
  ) throws(FitError) -> (fit: GeneralizedLinearFit<Gamma>, shape: Double) {
    let name = "GeneralizedLinearModel"
    var total: Extended = 0
    var deviance: Extended = 0
    var logResponses: Extended = 0
    for i in 0..<rowCount {
      let w = weights?[i] ?? 1
      guard w > 0 else { continue }
      let y = centred.response[i]
      let mu = try fitted.model.mean(row(i), offset: centred.offsets?[i] ?? 0)
      guard mu > 0, mu.isFinite else {
        throw .overflow(model: name, quantity: "the fitted mean of row \(i) (\(mu))")
      }
      total += Extended(w)
      deviance += Extended(w) * 2 * GammaShapeEquation.halfUnitDeviance(y, mean: mu)
      logResponses += Extended(w) * Extended(log(response[i]))
    }
    let d = Double(deviance)
    guard d.isFinite else { throw .overflow(model: name, quantity: "the deviance") }
    let shape = maximumLikelihoodShape(halfMeanDeviance: Double(deviance / (2 * total)))
    guard shape.isFinite else {
      throw .estimateOutsideParameterSpace(
        model: name,
        reason:
          "the fit is exact (deviance \(d) over \(Double(total)) observations), so the gamma "
          + "shape's maximum-likelihood estimate is infinite (dispersion 0); the Pearson "
          + "dispersion of fit(...) is 0 too")
    }
    let dispersion = 1 / shape
    // Σ wᵢ [ν log(νyᵢ/μᵢ) - νyᵢ/μᵢ - log yᵢ - log Γ(ν)]
    //   = W (½ log ν - log √(2π) - δ(ν)) - νD/2 - Σ wᵢ log yᵢ,
    // δ Stirling's error: the terms of size ν log ν cancel exactly.
    let nu = Extended(shape)
    let perRow =
      log(nu) / 2 - GammaShapeEquation.logSquareRootOfTwoPi
      - GammaShapeEquation.stirlingError(nu)
    let logLikelihood = Double(total * perRow - nu * deviance / 2 - logResponses)
    let model = GeneralizedLinearModel(
      family: fitted.model.family, coefficients: fitted.model.coefficients,
      intercept: fitted.model.intercept, hasIntercept: fitted.model.hasIntercept,
      link: fitted.model.link, dispersion: dispersion)
    // The Pearson fit's errors rescaled (they keep their digits for any
    // feature scale): √(φ̂ I⁻¹ⱼⱼ) at φ̂ = 1/ν̂.
    let ratio = (dispersion / fitted.model.dispersion).squareRoot()
    let standardErrors = fitted.standardErrors.map { $0 * ratio }
    let result = GeneralizedLinearFit(
      model: model, standardErrors: standardErrors, deviance: d,
      nullDeviance: fitted.nullDeviance, pearsonChiSquare: fitted.pearsonChiSquare,
      logLikelihood: logLikelihood, observationCount: fitted.observationCount,
      iterations: fitted.iterations, inverseInformation: fitted.inverseInformation,
      dispersionByMaximumLikelihood: true)
    return (result, shape)
  }
}

/// The pieces of the gamma shape's score equation log ν - ψ(ν) = c.
enum GammaShapeEquation {
  static let eulerGamma = 0.577_215_664_901_532_860_606_512_090_082_402_43
  static let zeta2 = 1.644_934_066_848_226_436_472_415_166_646_025_19
  static let zeta3 = 1.202_056_903_159_594_285_399_738_161_511_449_99
  static let logSquareRootOfTwoPi = ExtendedMath.logSquareRootOfTwoPi

  /// S(x) = 2x(log x - ψ(x)) - 1 for x ≥ 10, as a polynomial in u = 1/x:
  /// u/6 - u³/60 + u⁵/126 - u⁷/120 + u⁹/66 - 691u¹¹/16380 + u¹³/6 -
  /// 3617u¹⁵/4080 (from log x - ψ(x) = 1/(2x) + Σₖ B₂ₖ/(2k x²ᵏ); the first
  /// term left out is below 10⁻¹⁶ at x = 10).
  static func series<T: BinaryFloatingPoint>(_ u: T) -> T {
    let v = u * u
    var sum: T = -3617 / 4080
    sum = sum * v + 1 / 6
    sum = sum * v - 691 / 16380
    sum = sum * v + 1 / 66
    sum = sum * v - 1 / 120
    sum = sum * v + 1 / 126
    sum = sum * v - 1 / 60
    sum = sum * v + 1 / 6
    return sum * u
  }

  /// log x - ψ(x) for 0 < x ≤ 20 (and beyond), in extended precision:
  /// ψ(x) = ψ(x + k) - Σⱼ<ₖ 1/(x + j) with x + k ≥ 10, then the series, so
  /// that log x and ψ(x) never cancel.
  static func logMinusDigamma(_ x: Double) -> Extended {
    var shifted = Extended(x)
    var sum: Extended = 0
    while shifted < 10 {
      sum += 1 / shifted
      shifted += 1
    }
    let tail = (1 + series(1 / shifted)) / (2 * shifted)
    return tail + sum - log(shifted / Extended(x))
  }

  /// d(y, μ)/2 = (y - μ)/μ - log(y/μ) ≥ 0, for y, μ > 0: Loader's
  /// cancellation-free series near y = μ (`ExtendedMath.deviance`:
  /// μ log(μ/y) + y - μ, over μ), the definition with the logarithms apart
  /// elsewhere (no ratio to overflow).
  static func halfUnitDeviance(_ y: Double, mean mu: Double) -> Extended {
    let (y, mu) = (Extended(y), Extended(mu))
    if abs(y - mu) < 0.1 * (y + mu) { return ExtendedMath.deviance(mu, y) / mu }
    return (y / mu - 1) - (log(y) - log(mu))
  }

  /// Stirling's error δ(ν) = log Γ(ν + 1) - (ν + ½) log ν + ν - log √(2π).
  static func stirlingError(_ nu: Extended) -> Extended { ExtendedMath.stirlingError(nu) }
}
