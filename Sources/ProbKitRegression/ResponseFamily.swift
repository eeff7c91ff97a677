import Foundation
import ProbKitCore
import ProbKitDistributions

/// A distribution that can be a generalized linear model's response.
///
/// A one-parameter exponential family in its natural parameter θ:
///
/// ```
/// log p(y | θ, φ) = (yθ - A(θ)) / φ + c(y, φ),   E[y] = A′(θ),   Var[y] = φ A″(θ)
/// ```
///
/// with dispersion φ (1 for Bernoulli and Poisson). The canonical link is
/// θ = η, so the mean is μ = A′(η): the three steps y | x ~ ExpFam(θ),
/// predict E[y | x], θ = βᵀx.
///
/// ```swift
/// Poisson.meanOfNaturalParameter(log(3))  // 3: A(θ) = e^θ
/// Bernoulli.meanOfNaturalParameter(0)     // 0.5: A(θ) = log(1 + e^θ)
/// ```
protocol ResponseFamily {
  /// A(θ), the log partition at φ = 1.
  static func logPartition(_ theta: Double) -> Double
  /// A′(θ) = E[y].
  static func meanOfNaturalParameter(_ theta: Double) -> Double
  /// A″(θ) = Var[y] / φ.
  static func varianceOfNaturalParameter(_ theta: Double) -> Double
  /// θ = (A′)⁻¹(μ), the canonical link.
  static func naturalParameter(ofMean mean: Double) -> Double
  /// c(y, φ): the part of the log density free of θ.
  static func logBaseMeasure(_ y: Double, dispersion: Double) -> Double
  /// Whether y is in the support (0 or 1, a count, a real).
  static func isResponse(_ y: Double) -> Bool
  /// Whether the family has a dispersion to estimate (φ ≠ 1).
  static var hasDispersion: Bool { get }
  /// The unit deviance d(y, μ) = 2[y(θ_y - θ) - A(θ_y) + A(θ)] at μ = A′(θ),
  /// θ_y the saturated model's parameter, in θ so that a mean near the edge
  /// of the support (a Bernoulli μ within 10⁻¹⁵ of 1) keeps its digits.
  static func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double
  /// The φ at which the log-likelihood is reported, from the deviance D,
  /// Pearson's χ², n observations and p coefficients (statsmodels' `llf`:
  /// D/n for the normal, χ²/(n - p) for the gamma; 1 without a dispersion).
  static func likelihoodDispersion(
    deviance: Double, pearsonChiSquare: Double, observations: Double, parameters: Int
  ) -> Double
}

extension ResponseFamily {
  static func likelihoodDispersion(
    deviance: Double, pearsonChiSquare: Double, observations: Double, parameters: Int
  ) -> Double {
    hasDispersion ? pearsonChiSquare / (observations - Double(parameters)) : 1
  }
}

extension Bernoulli: ResponseFamily {
  static func logPartition(_ theta: Double) -> Double {
    // log(1 + e^θ) without overflow.
    theta > 0 ? theta + log1p(exp(-theta)) : log1p(exp(theta))
  }
  static func meanOfNaturalParameter(_ theta: Double) -> Double {
    theta >= 0 ? 1 / (1 + exp(-theta)) : exp(theta) / (1 + exp(theta))
  }
  static func varianceOfNaturalParameter(_ theta: Double) -> Double {
    let p = meanOfNaturalParameter(theta)
    let q = meanOfNaturalParameter(-theta)
    return p * q
  }
  static func naturalParameter(ofMean mean: Double) -> Double { log(mean) - log1p(-mean) }
  static func logBaseMeasure(_ y: Double, dispersion: Double) -> Double { 0 }
  static func isResponse(_ y: Double) -> Bool { y == 0 || y == 1 }
  static var hasDispersion: Bool { false }
  /// For y in [0, 1] (a proportion of binomial trials, weighted by their
  /// number): 2[y log(y/μ) + (1 - y) log((1 - y)/(1 - μ))], with
  /// -log μ = A(-θ) and -log(1 - μ) = A(θ).
  static func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    func xLogX(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
    if y == 1 { return 2 * logPartition(-theta) }
    if y == 0 { return 2 * logPartition(theta) }
    return 2 * (xLogX(y) + xLogX(1 - y) + y * logPartition(-theta) + (1 - y) * logPartition(theta))
  }
}

extension Poisson: ResponseFamily {
  static func logPartition(_ theta: Double) -> Double { exp(theta) }
  static func meanOfNaturalParameter(_ theta: Double) -> Double { exp(theta) }
  static func varianceOfNaturalParameter(_ theta: Double) -> Double { exp(theta) }
  static func naturalParameter(ofMean mean: Double) -> Double { log(mean) }
  static func logBaseMeasure(_ y: Double, dispersion: Double) -> Double {
    -SpecialFunctions.logGamma(y + 1)
  }
  static func isResponse(_ y: Double) -> Bool {
    y >= 0 && y.isFinite && y == y.rounded()
  }
  static var hasDispersion: Bool { false }
  static func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    2 * ((y > 0 ? y * (log(y) - theta) : 0) - y + exp(theta))
  }
}

extension Normal: ResponseFamily {
  static func logPartition(_ theta: Double) -> Double { theta * theta / 2 }
  static func meanOfNaturalParameter(_ theta: Double) -> Double { theta }
  static func varianceOfNaturalParameter(_ theta: Double) -> Double { 1 }
  static func naturalParameter(ofMean mean: Double) -> Double { mean }
  static func logBaseMeasure(_ y: Double, dispersion: Double) -> Double {
    -y * y / (2 * dispersion) - 0.5 * log(2 * Double.pi * dispersion)
  }
  static func isResponse(_ y: Double) -> Bool { y.isFinite }
  static var hasDispersion: Bool { true }
  static func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    (y - theta) * (y - theta)
  }
  static func likelihoodDispersion(
    deviance: Double, pearsonChiSquare: Double, observations: Double, parameters: Int
  ) -> Double {
    deviance / observations
  }
}

/// Gamma(shape 1/φ, mean μ): θ = -1/μ, A(θ) = -log(-θ), Var[y] = φμ².
extension Gamma: ResponseFamily {
  static func logPartition(_ theta: Double) -> Double { theta < 0 ? -log(-theta) : .infinity }
  static func meanOfNaturalParameter(_ theta: Double) -> Double { -1 / theta }
  static func varianceOfNaturalParameter(_ theta: Double) -> Double { 1 / (theta * theta) }
  static func naturalParameter(ofMean mean: Double) -> Double { -1 / mean }
  static func logBaseMeasure(_ y: Double, dispersion: Double) -> Double {
    let shape = 1 / dispersion
    return shape * log(y * shape) - log(y) - SpecialFunctions.logGamma(shape)
  }
  static func isResponse(_ y: Double) -> Bool { y > 0 && y.isFinite }
  static var hasDispersion: Bool { true }
  static func unitDeviance(_ y: Double, naturalParameter theta: Double) -> Double {
    // μ = -1/θ: 2[(y - μ)/μ - log(y/μ)] = 2[-yθ - 1 - log(-yθ)].
    2 * (-y * theta - 1 - log(-y * theta))
  }
}
