import Foundation
import ProbKitCore
public import ProbKitDistributions

/// A distribution that can be a generalized linear model's response.
///
/// A one-parameter exponential family in its natural parameter θ, the
/// distribution's other parameters (the negative binomial's r) held fixed:
///
/// ```
/// log p(y | θ, φ) = (yθ - A(θ)) / φ + c(y, φ),   E[y] = A′(θ),   Var[y] = φ A″(θ)
/// ```
///
/// with dispersion φ (1 for Bernoulli, Poisson and the negative binomial).
/// The canonical link is θ = η, so the mean is μ = A′(η): the three steps
/// y | x ~ ExpFam(θ), predict E[y | x], θ = βᵀx. A family is a value of the
/// distribution's type; only its fixed parameters matter.
///
/// ```swift
/// Poisson.standardFamily.meanOfNaturalParameter(log(3))  // 3: A(θ) = e^θ
/// try NegativeBinomial(successes: 2, probability: 0.5).varianceOfNaturalParameter(log(0.5))
/// // μ + μ²/r = 2 + 2 = 4 at μ = 2
/// ```
public protocol ResponseFamily: Sendable, Equatable {
  /// The family with its fixed parameters at their defaults (r = 1 for the
  /// negative binomial).
  static var standardFamily: Self { get }
  /// A(θ), the log partition at φ = 1.
  func logPartition(_ theta: Double) -> Double
  /// A′(θ) = E[y].
  func meanOfNaturalParameter(_ theta: Double) -> Double
  /// A″(θ) = Var[y] / φ.
  func varianceOfNaturalParameter(_ theta: Double) -> Double
  /// θ = (A′)⁻¹(μ), the canonical link.
  func naturalParameter(ofMean mean: Double) -> Double
  /// c(y, φ): the part of the log density free of θ.
  func logBaseMeasure(_ y: Double, dispersion: Double) -> Double
  /// log p(y | θ, φ) = (yθ - A(θ))/φ + c(y, φ).
  func logDensity(_ y: Double, naturalParameter theta: Double, dispersion: Double) -> Double
  /// Whether y is in the support (0 or 1, a count, a real).
  func isResponse(_ y: Double) -> Bool
  /// Whether the family has a dispersion to estimate (φ ≠ 1).
  var hasDispersion: Bool { get }
  /// The unit deviance d(y, μ) = 2[y(θ_y - θ) - A(θ_y) + A(θ)] at μ = A′(θ),
  /// θ_y the saturated model's parameter, in θ so that a mean near the edge
  /// of the support (a Bernoulli μ within 10⁻¹⁵ of 1) keeps its digits.
  func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double
  /// The φ at which the log-likelihood is reported, from the deviance D,
  /// Pearson's χ², n observations and p coefficients (statsmodels' `llf`:
  /// D/n for the normal, χ²/(n - p) for the gamma; 1 without a dispersion).
  func likelihoodDispersion(
    deviance: Double, pearsonChiSquare: Double, observations: Double, parameters: Int
  ) -> Double
  /// The member of the family with mean μ and dispersion φ (the predictive
  /// distribution of y at a fitted mean).
  func distribution(mean: Double, dispersion: Double) throws(DistributionError) -> Self
}

extension ResponseFamily {
  public func logDensity(_ y: Double, naturalParameter theta: Double, dispersion: Double)
    -> Double
  {
    ((y == 0 ? 0 : y * theta) - logPartition(theta)) / dispersion
      + logBaseMeasure(y, dispersion: dispersion)
  }

  public func likelihoodDispersion(
    deviance: Double, pearsonChiSquare: Double, observations: Double, parameters: Int
  ) -> Double {
    hasDispersion ? pearsonChiSquare / (observations - Double(parameters)) : 1
  }

  /// A family value from a validating initializer whose arguments are known
  /// to be valid.
  static func known(_ make: () throws -> Self) -> Self {
    do { return try make() } catch { preconditionFailure("ResponseFamily: \(error)") }
  }
}

/// log(1 + e^θ) without overflow.
private func softplus(_ theta: Double) -> Double {
  theta > 0 ? theta + log1p(exp(-theta)) : log1p(exp(theta))
}

/// 1/(1 + e^-θ) without overflow.
private func logistic(_ theta: Double) -> Double {
  theta >= 0 ? 1 / (1 + exp(-theta)) : exp(theta) / (1 + exp(theta))
}

extension Bernoulli: ResponseFamily {
  public static var standardFamily: Bernoulli { known { try Bernoulli(probability: 0.5) } }
  public func logPartition(_ theta: Double) -> Double { softplus(theta) }
  public func meanOfNaturalParameter(_ theta: Double) -> Double { logistic(theta) }
  public func varianceOfNaturalParameter(_ theta: Double) -> Double {
    logistic(theta) * logistic(-theta)
  }
  public func naturalParameter(ofMean mean: Double) -> Double { log(mean) - log1p(-mean) }
  public func logBaseMeasure(_ y: Double, dispersion: Double) -> Double { 0 }
  public func isResponse(_ y: Double) -> Bool { y == 0 || y == 1 }
  public var hasDispersion: Bool { false }
  public func distribution(mean: Double, dispersion: Double) throws(DistributionError) -> Bernoulli
  {
    try Bernoulli(probability: mean)
  }
  /// For y in [0, 1] (a proportion of binomial trials, weighted by their
  /// number): 2[y log(y/μ) + (1 - y) log((1 - y)/(1 - μ))], with
  /// -log μ = A(-θ) and -log(1 - μ) = A(θ).
  public func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    func xLogX(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
    if y == 1 { return 2 * softplus(-theta) }
    if y == 0 { return 2 * softplus(theta) }
    return 2 * (xLogX(y) + xLogX(1 - y) + y * softplus(-theta) + (1 - y) * softplus(theta))
  }
}

extension Poisson: ResponseFamily {
  public static var standardFamily: Poisson { known { try Poisson(rate: 1) } }
  public func logPartition(_ theta: Double) -> Double { exp(theta) }
  public func meanOfNaturalParameter(_ theta: Double) -> Double { exp(theta) }
  public func varianceOfNaturalParameter(_ theta: Double) -> Double { exp(theta) }
  public func naturalParameter(ofMean mean: Double) -> Double { log(mean) }
  public func logBaseMeasure(_ y: Double, dispersion: Double) -> Double {
    -SpecialFunctions.logGamma(y + 1)
  }
  public func isResponse(_ y: Double) -> Bool { y >= 0 && y.isFinite && y == y.rounded() }
  public var hasDispersion: Bool { false }
  public func distribution(mean: Double, dispersion: Double) throws(DistributionError) -> Poisson {
    try Poisson(rate: mean)
  }
  public func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    2 * ((y > 0 ? y * (log(y) - theta) : 0) - y + exp(theta))
  }
}

extension Normal: ResponseFamily {
  public static var standardFamily: Normal { .standard }
  public func logPartition(_ theta: Double) -> Double { theta * theta / 2 }
  public func meanOfNaturalParameter(_ theta: Double) -> Double { theta }
  public func varianceOfNaturalParameter(_ theta: Double) -> Double { 1 }
  public func naturalParameter(ofMean mean: Double) -> Double { mean }
  public func logBaseMeasure(_ y: Double, dispersion: Double) -> Double {
    -y * y / (2 * dispersion) - 0.5 * log(2 * Double.pi * dispersion)
  }
  /// -(y - μ)²/(2φ) - ½ log(2πφ) from the residual (the exponential-family
  /// form subtracts terms of order y²/φ, which swamp a near-exact fit's);
  /// at φ = 0, +∞ where y = μ and -∞ elsewhere.
  public func logDensity(_ y: Double, naturalParameter theta: Double, dispersion: Double)
    -> Double
  {
    let residual = y - theta
    guard dispersion > 0 else { return residual == 0 ? .infinity : -.infinity }
    return -residual * residual / (2 * dispersion) - 0.5 * log(2 * Double.pi * dispersion)
  }
  public func isResponse(_ y: Double) -> Bool { y.isFinite }
  public var hasDispersion: Bool { true }
  public func distribution(mean: Double, dispersion: Double) throws(DistributionError) -> Normal {
    try Normal(mean: mean, standardDeviation: dispersion.squareRoot())
  }
  public func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    (y - theta) * (y - theta)
  }
  public func likelihoodDispersion(
    deviance: Double, pearsonChiSquare: Double, observations: Double, parameters: Int
  ) -> Double {
    deviance / observations
  }
}

/// Gamma(shape 1/φ, mean μ): θ = -1/μ, A(θ) = -log(-θ), Var[y] = φμ².
extension Gamma: ResponseFamily {
  public static var standardFamily: Gamma { known { try Gamma(shape: 1, rate: 1) } }
  public func logPartition(_ theta: Double) -> Double { theta < 0 ? -log(-theta) : .infinity }
  public func meanOfNaturalParameter(_ theta: Double) -> Double { -1 / theta }
  public func varianceOfNaturalParameter(_ theta: Double) -> Double { 1 / (theta * theta) }
  public func naturalParameter(ofMean mean: Double) -> Double { -1 / mean }
  public func logBaseMeasure(_ y: Double, dispersion: Double) -> Double {
    let shape = 1 / dispersion
    return shape * log(y * shape) - log(y) - SpecialFunctions.logGamma(shape)
  }
  public func isResponse(_ y: Double) -> Bool { y > 0 && y.isFinite }
  public var hasDispersion: Bool { true }
  /// Gamma(shape 1/φ, rate 1/(φμ)).
  public func distribution(mean: Double, dispersion: Double) throws(DistributionError) -> Gamma {
    try Gamma(shape: 1 / dispersion, rate: 1 / (dispersion * mean))
  }
  public func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    // μ = -1/θ: 2[(y - μ)/μ - log(y/μ)] = 2[-yθ - 1 - log(-yθ)].
    2 * (-y * theta - 1 - log(-y * theta))
  }
}

/// NB2 with r = `successes` fixed (α = 1/r): failures y
/// with mean μ and variance μ + μ²/r; θ = log(μ/(μ + r)) < 0,
/// A(θ) = -r log(1 - e^θ).
extension NegativeBinomial: ResponseFamily {
  public static var standardFamily: NegativeBinomial {
    known { try NegativeBinomial(successes: 1, probability: 0.5) }
  }
  public func logPartition(_ theta: Double) -> Double {
    theta < 0 ? -successes * log(-expm1(theta)) : .infinity
  }
  public func meanOfNaturalParameter(_ theta: Double) -> Double {
    -successes * exp(theta) / expm1(theta)
  }
  public func varianceOfNaturalParameter(_ theta: Double) -> Double {
    let tail = -expm1(theta)  // 1 - e^θ
    return successes * exp(theta) / (tail * tail)
  }
  public func naturalParameter(ofMean mean: Double) -> Double { log(mean) - log(mean + successes) }
  public func logBaseMeasure(_ y: Double, dispersion: Double) -> Double {
    SpecialFunctions.logGamma(y + successes) - SpecialFunctions.logGamma(successes)
      - SpecialFunctions.logGamma(y + 1)
  }
  /// log p(y) = Σₖ₍₀…y₋₁₎ log1p((k - μ)/(μ + r)) + y log μ - log y! - r log1p(μ/r)
  /// for counts up to 1,000: the sums of logarithms near log r that the
  /// exponential-family form subtracts (log Γ(y + r) - log Γ(r) - y log(μ + r))
  /// are taken as ratios near 1, so that a huge r gives the Poisson's value.
  public func logDensity(_ y: Double, naturalParameter theta: Double, dispersion: Double)
    -> Double
  {
    guard y <= 1000 else {
      return y * theta - logPartition(theta) + logBaseMeasure(y, dispersion: dispersion)
    }
    let r = successes
    let tail = -expm1(theta)  // 1 - e^θ = r/(μ + r)
    let mean = r * exp(theta) / tail
    var sum = (y > 0 ? y * (log(r) + theta - log(tail)) : 0) - SpecialFunctions.logGamma(y + 1)
    sum -= r * log1p(mean / r)
    for k in stride(from: 0.0, to: y, by: 1) { sum += log1p((k - mean) * tail / r) }
    return sum
  }
  public func isResponse(_ y: Double) -> Bool { y >= 0 && y.isFinite && y == y.rounded() }
  public var hasDispersion: Bool { false }
  /// NB(r, r/(r + μ)): this family's r, mean μ.
  public func distribution(mean: Double, dispersion: Double) throws(DistributionError)
    -> NegativeBinomial
  {
    try NegativeBinomial(successes: successes, probability: successes / (successes + mean))
  }
  /// 2[y log(y/μ) - (y + r) log1p((y - μ)/(μ + r))], with
  /// log μ = log r + θ - log(1 - e^θ) and μ + r = r/(1 - e^θ).
  ///
  /// The second logarithm is taken of the ratio (y + r)/(μ + r) near 1, not
  /// as a difference of two logarithms near log r: for large r the terms
  /// tend to the Poisson deviance's instead of cancelling.
  public func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    let r = successes
    let tail = -expm1(theta)  // 1 - e^θ
    let logMean = log(r) + theta - log(tail)
    let mean = r * exp(theta) / tail
    let first = y > 0 ? y * (log(y) - logMean) : 0
    return 2 * (first - (y + r) * log1p((y - mean) * tail / r))
  }
}
