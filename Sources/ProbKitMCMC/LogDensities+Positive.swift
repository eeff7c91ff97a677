import Foundation
import ProbKitCore
import _Differentiation

// The families on (0, ∞) and [0, 1]: exponential, gamma, inverse gamma, beta.
extension LogDensities {
  /// log of the exponential density λ e^{-λx} on x ≥ 0.
  @inlinable
  public static func exponential(_ x: Double, rate: Double) -> Double {
    exponentialWithPartials(x, rate).value
  }

  @inlinable
  static func exponentialWithPartials(_ x: Double, _ rate: Double)
    -> (value: Double, dx: Double, dRate: Double)
  {
    guard x >= 0, x < .infinity, validScale(rate) else { return (-.infinity, 0, 0) }
    let value = log(rate) - rate * x
    guard value > -.infinity else { return (-.infinity, 0, 0) }
    return (value, -rate, 1 / rate - x)
  }

  @usableFromInline
  @derivative(of: exponential(_:rate:))
  static func _vjpExponential(_ x: Double, rate: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let p = exponentialWithPartials(x, rate)
    return (p.value, { v in (v * p.dx, v * p.dRate) })
  }

  /// log of the gamma density with shape α and rate β:
  /// α log β - log Γ(α) + (α - 1) log x - βx on x ≥ 0.
  @inlinable
  public static func gamma(_ x: Double, shape: Double, rate: Double) -> Double {
    gammaWithPartials(x, shape, rate).value
  }

  @inlinable
  static func gammaWithPartials(_ x: Double, _ shape: Double, _ rate: Double)
    -> (value: Double, dx: Double, dShape: Double, dRate: Double)
  {
    guard x >= 0, x < .infinity, validScale(shape), validScale(rate) else {
      return (-.infinity, 0, 0, 0)
    }
    if x == 0 {
      // The density's limit at 0; the derivatives there are left at 0.
      return (shape == 1 ? log(rate) : (shape < 1 ? .infinity : -.infinity), 0, 0, 0)
    }
    let logX = log(x)
    let value =
      shape * log(rate) - SpecialFunctions.logGamma(shape) + (shape - 1) * logX - rate * x
    guard value.isFinite else { return (value.isNaN ? -.infinity : value, 0, 0, 0) }
    return (
      value, (shape - 1) / x - rate,
      log(rate) - SpecialFunctions.digamma(shape) + logX, shape / rate - x
    )
  }

  @usableFromInline
  @derivative(of: gamma(_:shape:rate:))
  static func _vjpGamma(_ x: Double, shape: Double, rate: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double, Double))
  {
    let p = gammaWithPartials(x, shape, rate)
    return (p.value, { v in (v * p.dx, v * p.dShape, v * p.dRate) })
  }

  /// log of the inverse-gamma density with shape α and scale β:
  /// α log β - log Γ(α) - (α + 1) log x - β/x on x > 0.
  @inlinable
  public static func inverseGamma(_ x: Double, shape: Double, scale: Double) -> Double {
    inverseGammaWithPartials(x, shape, scale).value
  }

  @inlinable
  static func inverseGammaWithPartials(_ x: Double, _ shape: Double, _ scale: Double)
    -> (value: Double, dx: Double, dShape: Double, dScale: Double)
  {
    guard x > 0, x < .infinity, validScale(shape), validScale(scale) else {
      return (-.infinity, 0, 0, 0)
    }
    let logX = log(x)
    let value =
      shape * log(scale) - SpecialFunctions.logGamma(shape) - (shape + 1) * logX - scale / x
    guard value.isFinite else { return (value.isNaN ? -.infinity : value, 0, 0, 0) }
    return (
      value, (scale / x - (shape + 1)) / x,
      log(scale) - SpecialFunctions.digamma(shape) - logX, shape / scale - 1 / x
    )
  }

  @usableFromInline
  @derivative(of: inverseGamma(_:shape:scale:))
  static func _vjpInverseGamma(_ x: Double, shape: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double, Double))
  {
    let p = inverseGammaWithPartials(x, shape, scale)
    return (p.value, { v in (v * p.dx, v * p.dShape, v * p.dScale) })
  }

  /// log of the beta density x^{α-1} (1-x)^{β-1} / B(α, β) on [0, 1], with
  /// 0·log 0 = 0 at the ends.
  @inlinable
  public static func beta(_ x: Double, alpha: Double, beta: Double) -> Double {
    betaWithPartials(x, alpha, beta).value
  }

  @inlinable
  static func betaWithPartials(_ x: Double, _ alpha: Double, _ beta: Double)
    -> (value: Double, dx: Double, dAlpha: Double, dBeta: Double)
  {
    guard x >= 0, x <= 1, validScale(alpha), validScale(beta) else {
      return (-.infinity, 0, 0, 0)
    }
    let value =
      SpecialFunctions.xlogy(alpha - 1, x) + SpecialFunctions.xlog1py(beta - 1, -x)
      - SpecialFunctions.logBeta(alpha, beta)
    guard value.isFinite, x > 0, x < 1 else {
      return (value.isNaN ? -.infinity : value, 0, 0, 0)
    }
    let both = SpecialFunctions.digamma(alpha + beta)
    return (
      value, (alpha - 1) / x - (beta - 1) / (1 - x),
      both - SpecialFunctions.digamma(alpha) + log(x),
      both - SpecialFunctions.digamma(beta) + log1p(-x)
    )
  }

  @usableFromInline
  @derivative(of: beta(_:alpha:beta:))
  static func _vjpBeta(_ x: Double, alpha: Double, beta: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double, Double))
  {
    let p = betaWithPartials(x, alpha, beta)
    return (p.value, { v in (v * p.dx, v * p.dAlpha, v * p.dBeta) })
  }
}
