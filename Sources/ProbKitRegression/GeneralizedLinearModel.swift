import Foundation
import ProbKitCore
import ProbKitDistributions
public import ProbKitInference

/// A generalized linear model: y | x from a response family with mean
/// μ = g⁻¹(η), η = βᵀx + b (+ an offset).
///
/// ```
/// 1. y | x ~ ExpFam(θ)    2. predict μ = E[y | x] = A′(θ)    3. θ = βᵀx + b (canonical link)
/// ```
///
/// The family is a ProbKit distribution type (``ResponseFamily``): logistic
/// regression is `GeneralizedLinearModel<Bernoulli>`, Poisson regression
/// `GeneralizedLinearModel<Poisson>`, linear regression
/// `GeneralizedLinearModel<Normal>`, and `Gamma` and `NegativeBinomial` work
/// the same way. Fitted by Fisher scoring, by maximum likelihood or MAP under
/// a ``GaussianPrior``; the results match statsmodels' `GLM` to 1e-8 on
/// real data sets.
///
/// ```swift
/// let x: [[Double]] = [[0], [1], [2], [3], [4], [5]]
/// let calls: [Double] = [1, 3, 2, 6, 8, 12]
/// let fit = try GeneralizedLinearModel<Poisson>.fit(features: x, response: calls)
/// fit.model.coefficients   // [0.4421…]: each unit of x multiplies the rate by e^0.44
/// fit.standardErrors       // [0.1220…, 0.4799…] (the intercept's last)
/// try fit.model.predictiveDistribution([6])  // Poisson(rate: 19.14…)
/// ```
public struct GeneralizedLinearModel<Family: ResponseFamily>: Model, Sendable, Equatable {
  /// MAP fits take a Gaussian prior on the coefficients.
  public typealias Prior = GaussianPrior

  /// The response family with its fixed parameters (the negative
  /// binomial's r).
  public let family: Family
  /// β, one weight per feature.
  public let coefficients: [Double]
  /// b, or 0 for a model without an intercept.
  public let intercept: Double
  /// Whether the model has an intercept.
  public let hasIntercept: Bool
  /// The link g.
  public let link: Link
  /// φ: Pearson's χ²/(n - p) for the normal and gamma families, 1 otherwise.
  public let dispersion: Double

  /// The coefficients, with the intercept when there is one.
  public var parameterCount: Int { coefficients.count + (hasIntercept ? 1 : 0) }

  /// η = βᵀx + b + offset.
  ///
  /// - Throws: `FitError` for x of the wrong length or a non-finite entry or
  ///   offset.
  public func linearPredictor(_ x: [Double], offset: Double = 0) throws(FitError) -> Double {
    guard x.count == coefficients.count, x.allSatisfy(\.isFinite), offset.isFinite else {
      throw .invalidArgument(
        model: "GeneralizedLinearModel", argument: "x",
        requirement: "\(coefficients.count) finite features and a finite offset",
        value: "\(x), offset \(offset)")
    }
    var eta = intercept + offset
    for (beta, value) in zip(coefficients, x) { eta += beta * value }
    return eta
  }

  /// μ = g⁻¹(η), the predicted mean E[y | x].
  ///
  /// - Throws: `FitError` as ``linearPredictor(_:offset:)``.
  public func mean(_ x: [Double], offset: Double = 0) throws(FitError) -> Double {
    link.mean(try linearPredictor(x, offset: offset), family: family)
  }

  /// The distribution of y at x: the family's member with mean μ(x) and
  /// dispersion φ (Poisson(μ), Bernoulli(μ), Normal(μ, √φ), Gamma(1/φ, 1/(φμ)),
  /// NB(r, r/(r + μ))).
  ///
  /// - Throws: `FitError` for a bad x, or when μ(x) is outside the family's
  ///   parameter space (a mean that overflows, an identity-link Poisson mean
  ///   below 0).
  public func predictiveDistribution(_ x: [Double], offset: Double = 0) throws(FitError)
    -> Family
  {
    let mu = try mean(x, offset: offset)
    do {
      return try family.distribution(mean: mu, dispersion: dispersion)
    } catch {
      throw .invalidParameter(error)
    }
  }

  /// Residuals of rows (x, y): response y - μ, Pearson (y - μ)/√V(μ), and
  /// deviance sign(y - μ)√d(y, μ).
  ///
  /// Σ Pearson² is Pearson's χ² and Σ deviance² the deviance (unweighted
  /// rows).
  public struct Residuals: Sendable, Equatable {
    /// yᵢ - μᵢ.
    public let response: [Double]
    /// (yᵢ - μᵢ)/√V(μᵢ).
    public let pearson: [Double]
    /// sign(yᵢ - μᵢ)√d(yᵢ, μᵢ).
    public let deviance: [Double]
  }

  /// The residuals of `response` at `features` (and `offsets`); with
  /// `trials` (the Bernoulli family: binomial rows), `response` counts the
  /// successes and the residuals are statsmodels' for the proportions:
  /// yᵢ/nᵢ - μᵢ, √nᵢ(yᵢ/nᵢ - μᵢ)/√V(μᵢ) and sign·√(nᵢ d(yᵢ/nᵢ, μᵢ)).
  ///
  /// - Throws: `FitError` for lengths that differ, a bad row, a response
  ///   outside the family's support, or trials that are not whole numbers
  ///   ≥ 1 with 0 ≤ yᵢ ≤ nᵢ successes.
  public func residuals(
    features: [[Double]], response: [Double], trials: [Double]? = nil, offsets: [Double]? = nil
  ) throws(FitError) -> Residuals {
    let check = DataCheck(model: "GeneralizedLinearModel")
    guard response.count == features.count, offsets.map({ $0.count == features.count }) ?? true,
      trials.map({ $0.count == features.count }) ?? true
    else {
      throw .invalidArgument(
        model: "GeneralizedLinearModel", argument: "response",
        requirement: "one response (and offset and trials) per row (\(features.count))",
        value: "\(response.count)")
    }
    if trials != nil, Family.self != Bernoulli.self {
      throw check.argument("trials", "only for a Bernoulli (binomial) model", "trials")
    }
    var raw: [Double] = []
    var pearson: [Double] = []
    var deviance: [Double] = []
    for (i, (x, count)) in zip(features, response).enumerated() {
      var y = count
      var weight = 1.0
      if let trials {
        let t = trials[i]
        guard t >= 1, t < 0x1p53, t == t.rounded() else {
          throw check.argument("trials[\(i)]", "a whole number >= 1", t)
        }
        guard count >= 0, count <= t, count == count.rounded() else {
          throw check.invalid(i, "a whole number of successes in 0...\(Int(t))", count)
        }
        (y, weight) = (count / t, t)
      } else if !family.isResponse(y) {
        throw .invalidObservation(
          model: "GeneralizedLinearModel", index: i,
          requirement: "in the \(Family.self) support", value: "\(y)")
      }
      let eta = try linearPredictor(x, offset: offsets?[i] ?? 0)
      let theta = link.naturalParameter(eta, family: family)
      let mu = family.meanOfNaturalParameter(theta)
      raw.append(y - mu)
      pearson.append(
        (y - mu) * (weight / family.varianceOfNaturalParameter(theta)).squareRoot())
      let unit = max(0, family.unitDeviance(y, naturalParameter: theta))
      deviance.append((y >= mu ? 1 : -1) * (weight * unit).squareRoot())
    }
    return Residuals(response: raw, pearson: pearson, deviance: deviance)
  }
}

/// A fitted generalized linear model with what statsmodels' `GLMResults`
/// reports: estimates with standard errors, z statistics, p-values and
/// intervals, deviances, log-likelihood, AIC and BIC.
///
/// ```swift
/// let fit = try GeneralizedLinearModel<Bernoulli>.fit(
///   features: [[1.2], [2.3], [0.4], [3.1], [2.8], [0.9], [1.7], [2.2]],
///   response: [0, 1, 0, 1, 0, 0, 1, 1])
/// fit.pValues        // [0.1586…, 0.1963…]: the coefficient, then the intercept
/// fit.deviance        // 8.2139…, against the null deviance 11.0903…
/// ```
public struct GeneralizedLinearFit<Family: ResponseFamily>: Sendable {
  /// The fitted model.
  public let model: GeneralizedLinearModel<Family>
  /// Standard errors of the coefficients and then of the intercept:
  /// √diag(φ I⁻¹), I the Fisher information at the estimate (with the
  /// prior's precision for MAP).
  public let standardErrors: [Double]
  /// Σ wᵢ d(yᵢ, μᵢ).
  public let deviance: Double
  /// The deviance of the intercept-only model with the same offsets
  /// (statsmodels' convention, also for a model without an intercept).
  public let nullDeviance: Double
  /// Σ wᵢ (yᵢ - μᵢ)² / V(μᵢ).
  public let pearsonChiSquare: Double
  /// log L at the estimate; for the normal at φ = D/n, for the gamma at
  /// Pearson's φ (statsmodels' `llf`).
  public let logLikelihood: Double
  /// Σ wᵢ, the observation count (rows, for binomial trials).
  public let observationCount: Double
  /// Fisher-scoring iterations.
  public let iterations: Int
  /// I⁻¹ in the raw coordinates (coefficients, then the intercept), before
  /// the dispersion scales it.
  let inverseInformation: Matrix
  /// Whether the dispersion (the negative binomial's α, the gamma's shape)
  /// was estimated by maximum likelihood along with β, and so counts as a
  /// parameter.
  var dispersionByMaximumLikelihood = false

  /// The parameters AIC and BIC count: the coefficients and intercept, and α
  /// or ν when estimated by maximum likelihood (`fitEstimatingDispersion`,
  /// `fitEstimatingShape`; as statsmodels' discrete `NegativeBinomial`), not
  /// a Pearson φ (as statsmodels' `GLM`).
  public var estimatedParameterCount: Int {
    model.parameterCount + (dispersionByMaximumLikelihood ? 1 : 0)
  }
  /// -2 log L + 2k, k = ``estimatedParameterCount``.
  public var aic: Double { -2 * logLikelihood + 2 * Double(estimatedParameterCount) }
  /// -2 log L + k log n.
  public var bic: Double {
    -2 * logLikelihood + Double(estimatedParameterCount) * log(observationCount)
  }
  /// βⱼ / SEⱼ, in the order of ``standardErrors``; ±∞ where SEⱼ = 0 (an
  /// exact fit), and 0 where βⱼ = SEⱼ = 0.
  public var zStatistics: [Double] {
    let estimates = model.coefficients + (model.hasIntercept ? [model.intercept] : [])
    return zip(estimates, standardErrors).map { $0 == 0 ? 0 : $0 / $1 }
  }
  /// Two-sided p-values 2Φ(-|z|) of ``zStatistics``.
  public var pValues: [Double] { zStatistics.map { 2 * Normal.standard.cdf(-abs($0)) } }

  /// Wald intervals β ± z₍₁₊ₗ₎/₂ SE at `level` (0.95: ± 1.96 SE), in the order
  /// of ``standardErrors``.
  ///
  /// - Throws: `FitError` unless 0 < level < 1.
  public func confidenceIntervals(level: Double = 0.95) throws(FitError) -> [ClosedRange<Double>] {
    guard level > 0, level < 1 else {
      throw .invalidArgument(
        model: "GeneralizedLinearModel", argument: "level", requirement: "in (0, 1)",
        value: "\(level)")
    }
    let z = Normal.standard.quantile((1 + level) / 2)
    let estimates = model.coefficients + (model.hasIntercept ? [model.intercept] : [])
    return zip(estimates, standardErrors).map { ($0 - z * $1)...($0 + z * $1) }
  }
}
