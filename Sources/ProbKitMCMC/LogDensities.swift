import Foundation
import ProbKitCore
import _Differentiation

/// Log densities and log mass functions as differentiable functions of data
/// and parameters, each one node on the autodiff tape with a hand-written
/// pullback: the building blocks of a model written as one Swift function.
///
/// ```swift
/// import _Differentiation
///
/// let y = [2.1, 0.4, 1.7]
/// let model = try DifferentiableLogDensity(dimension: 2) { theta in
///   let (mu, logSigma) = (theta[0], theta[1])
///   return LogDensities.normal(mu, location: 0, scale: 10)
///     + LogDensities.normal(y, location: mu, scale: exp(logSigma))
/// }
/// model.logDensityAndGradient([1, 0]).gradient
/// ```
///
/// Every function is the normalised log density (constants included), so
/// it agrees with the ProbKitDistributions type of the same parameters.
/// Conventions, as ``LogDensity`` keeps them: a point outside the support,
/// and any invalid parameter (a scale ≤ 0, a NaN, ±∞ where the family needs a
/// finite value), gives -∞, never NaN and never a trap; the pullback there
/// is zero. Parameters are named for what they are: `scale` is σ, `rate` is
/// λ, and the discrete families take the natural parameter (a log rate, a
/// logit, logits) so that an unconstrained linear predictor fits directly.
public enum LogDensities {
  /// log √(2π).
  @usableFromInline static let logSqrtTwoPi = 0.918_938_533_204_672_741_78

  /// log 2.
  @usableFromInline static let logTwo = 0.693_147_180_559_945_309_42

  /// log π.
  @usableFromInline static let logPi = 1.144_729_885_849_400_174_14

  /// Whether `scale` is a valid scale: finite and > 0.
  @inlinable static func validScale(_ scale: Double) -> Bool {
    scale > 0 && scale < .infinity
  }

  // MARK: Normal

  /// log N(x | μ, σ²).
  @inlinable
  public static func normal(_ x: Double, location: Double, scale: Double) -> Double {
    normalWithPartials(x, location, scale).value
  }

  /// The value and ∂/∂x, ∂/∂μ, ∂/∂σ (zeros where the value is -∞).
  @inlinable
  static func normalWithPartials(_ x: Double, _ location: Double, _ scale: Double)
    -> (value: Double, dx: Double, dLocation: Double, dScale: Double)
  {
    guard x.isFinite, location.isFinite, validScale(scale) else {
      return (-.infinity, 0, 0, 0)
    }
    let z = (x - location) / scale
    guard z.isFinite else { return (-.infinity, 0, 0, 0) }
    let value = -0.5 * z * z - log(scale) - logSqrtTwoPi
    return (value, -z / scale, z / scale, (z * z - 1) / scale)
  }

  @usableFromInline
  @derivative(of: normal(_:location:scale:))
  static func _vjpNormal(_ x: Double, location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double, Double))
  {
    let p = normalWithPartials(x, location, scale)
    return (p.value, { v in (v * p.dx, v * p.dLocation, v * p.dScale) })
  }

  /// log of the half-normal density on x ≥ 0, the normal N(0, σ²) folded
  /// at 0: log 2 + log N(x | 0, σ²).
  @inlinable
  public static func halfNormal(_ x: Double, scale: Double) -> Double {
    halfNormalWithPartials(x, scale).value
  }

  @inlinable
  static func halfNormalWithPartials(_ x: Double, _ scale: Double)
    -> (value: Double, dx: Double, dScale: Double)
  {
    guard x >= 0 else { return (-.infinity, 0, 0) }
    let p = normalWithPartials(x, 0, scale)
    guard p.value > -.infinity else { return (-.infinity, 0, 0) }
    return (p.value + logTwo, p.dx, p.dScale)
  }

  @usableFromInline
  @derivative(of: halfNormal(_:scale:))
  static func _vjpHalfNormal(_ x: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let p = halfNormalWithPartials(x, scale)
    return (p.value, { v in (v * p.dx, v * p.dScale) })
  }

  /// log of the log-normal density: log x is N(μ, σ²) (`location` and
  /// `scale` are μ and σ of log x).
  @inlinable
  public static func logNormal(_ x: Double, location: Double, scale: Double) -> Double {
    logNormalWithPartials(x, location, scale).value
  }

  @inlinable
  static func logNormalWithPartials(_ x: Double, _ location: Double, _ scale: Double)
    -> (value: Double, dx: Double, dLocation: Double, dScale: Double)
  {
    guard x > 0 else { return (-.infinity, 0, 0, 0) }
    let logX = log(x)
    let p = normalWithPartials(logX, location, scale)
    guard p.value > -.infinity else { return (-.infinity, 0, 0, 0) }
    return (p.value - logX, (p.dx - 1) / x, p.dLocation, p.dScale)
  }

  @usableFromInline
  @derivative(of: logNormal(_:location:scale:))
  static func _vjpLogNormal(_ x: Double, location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double, Double))
  {
    let p = logNormalWithPartials(x, location, scale)
    return (p.value, { v in (v * p.dx, v * p.dLocation, v * p.dScale) })
  }

  // MARK: Student's t and Cauchy

  /// log t_ν(x | μ, σ): Student's t with ν degrees of freedom, location μ
  /// and scale σ.
  @inlinable
  public static func studentT(
    _ x: Double, degreesOfFreedom: Double, location: Double, scale: Double
  ) -> Double {
    studentTWithPartials(x, degreesOfFreedom, location, scale).value
  }

  @inlinable
  static func studentTWithPartials(
    _ x: Double, _ nu: Double, _ location: Double, _ scale: Double
  ) -> (value: Double, dx: Double, dNu: Double, dLocation: Double, dScale: Double) {
    guard x.isFinite, location.isFinite, validScale(scale), validScale(nu) else {
      return (-.infinity, 0, 0, 0, 0)
    }
    let z = (x - location) / scale
    guard z.isFinite else { return (-.infinity, 0, 0, 0, 0) }
    let zz = z * z
    let kernel = log1p(zz / nu)
    let value =
      -SpecialFunctions.logBeta(nu / 2, 0.5) - 0.5 * log(nu) - log(scale)
      - (nu + 1) / 2 * kernel
    let ratio = (nu + 1) / (nu + zz)
    let dx = -ratio * z / scale
    let dScale = (ratio * zz - 1) / scale
    let dNu =
      0.5 * (SpecialFunctions.digamma((nu + 1) / 2) - SpecialFunctions.digamma(nu / 2))
      - 0.5 / nu - 0.5 * kernel + 0.5 * ratio * zz / nu
    return (value, dx, dNu, -dx, dScale)
  }

  @usableFromInline
  @derivative(of: studentT(_:degreesOfFreedom:location:scale:))
  static func _vjpStudentT(
    _ x: Double, degreesOfFreedom: Double, location: Double, scale: Double
  ) -> (value: Double, pullback: (Double) -> (Double, Double, Double, Double)) {
    let p = studentTWithPartials(x, degreesOfFreedom, location, scale)
    return (p.value, { v in (v * p.dx, v * p.dNu, v * p.dLocation, v * p.dScale) })
  }

  /// log of the Cauchy density with location μ and scale σ (Student's t
  /// with ν = 1).
  @inlinable
  public static func cauchy(_ x: Double, location: Double, scale: Double) -> Double {
    cauchyWithPartials(x, location, scale).value
  }

  @inlinable
  static func cauchyWithPartials(_ x: Double, _ location: Double, _ scale: Double)
    -> (value: Double, dx: Double, dLocation: Double, dScale: Double)
  {
    guard x.isFinite, location.isFinite, validScale(scale) else {
      return (-.infinity, 0, 0, 0)
    }
    let z = (x - location) / scale
    guard z.isFinite else { return (-.infinity, 0, 0, 0) }
    let zz = z * z
    let value = -logPi - log(scale) - log1p(zz)
    let dx = -2 * z / (scale * (1 + zz))
    return (value, dx, -dx, (2 * zz / (1 + zz) - 1) / scale)
  }

  @usableFromInline
  @derivative(of: cauchy(_:location:scale:))
  static func _vjpCauchy(_ x: Double, location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double, Double))
  {
    let p = cauchyWithPartials(x, location, scale)
    return (p.value, { v in (v * p.dx, v * p.dLocation, v * p.dScale) })
  }

  /// log of the half-Cauchy density on x ≥ 0 with scale σ.
  ///
  /// log 2 plus the Cauchy's at location 0: the usual weak prior on a scale.
  @inlinable
  public static func halfCauchy(_ x: Double, scale: Double) -> Double {
    halfCauchyWithPartials(x, scale).value
  }

  @inlinable
  static func halfCauchyWithPartials(_ x: Double, _ scale: Double)
    -> (value: Double, dx: Double, dScale: Double)
  {
    guard x >= 0 else { return (-.infinity, 0, 0) }
    let p = cauchyWithPartials(x, 0, scale)
    guard p.value > -.infinity else { return (-.infinity, 0, 0) }
    return (p.value + logTwo, p.dx, p.dScale)
  }

  @usableFromInline
  @derivative(of: halfCauchy(_:scale:))
  static func _vjpHalfCauchy(_ x: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let p = halfCauchyWithPartials(x, scale)
    return (p.value, { v in (v * p.dx, v * p.dScale) })
  }
}
