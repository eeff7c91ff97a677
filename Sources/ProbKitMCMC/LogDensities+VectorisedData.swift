import Foundation
import ProbKitCore
import _Differentiation

// More vectorised forms: a vector x (data, or parameters) with one set of
// parameters, for the continuous families beyond the normal. Each registers
// two derivatives: with respect to the parameters only (x is data: no
// tangent is built for it) and with respect to x too.
extension LogDensities {
  /// Σᵢ of one scalar form over `x`: the value, the partials in each xᵢ
  /// (when `keepingX`, else empty) and the sums of the partials in the
  /// parameters; -∞ with zero partials as soon as one term is -∞.
  @inlinable
  static func summed(
    _ x: [Double], keepingX: Bool,
    _ term: (Double) -> (value: Double, dx: Double, dParameters: SIMD4<Double>)
  ) -> (value: Double, dx: [Double], dParameters: SIMD4<Double>) {
    var value = 0.0
    var sums = SIMD4<Double>()
    var dx = [Double](repeating: 0, count: keepingX ? x.count : 0)
    for i in x.indices {
      let t = term(x[i])
      guard t.value > -.infinity else {
        return (-.infinity, [Double](repeating: 0, count: keepingX ? x.count : 0), .zero)
      }
      value += t.value
      sums += t.dParameters
      if keepingX { dx[i] = t.dx }
    }
    return (value.isNaN ? -.infinity : value, dx, sums)
  }

  // MARK: Student's t and Cauchy

  /// Σᵢ log t_ν(xᵢ | μ, σ).
  @inlinable
  public static func studentT(
    _ x: [Double], degreesOfFreedom: Double, location: Double, scale: Double
  ) -> Double {
    studentTSummed(x, degreesOfFreedom, location, scale, keepingX: false).value
  }

  @inlinable
  static func studentTSummed(
    _ x: [Double], _ nu: Double, _ location: Double, _ scale: Double, keepingX: Bool
  ) -> (value: Double, dx: [Double], dParameters: SIMD4<Double>) {
    summed(x, keepingX: keepingX) {
      let p = studentTWithPartials($0, nu, location, scale)
      return (p.value, p.dx, [p.dNu, p.dLocation, p.dScale, 0])
    }
  }

  @usableFromInline
  @derivative(
    of: studentT(_:degreesOfFreedom:location:scale:), wrt: (degreesOfFreedom, location, scale)
  )
  static func _vjpStudentTData(
    _ x: [Double], degreesOfFreedom: Double, location: Double, scale: Double
  ) -> (value: Double, pullback: (Double) -> (Double, Double, Double)) {
    let s = studentTSummed(x, degreesOfFreedom, location, scale, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in (v * d[0], v * d[1], v * d[2]) })
  }

  @usableFromInline
  @derivative(
    of: studentT(_:degreesOfFreedom:location:scale:), wrt: (x, degreesOfFreedom, location, scale)
  )
  static func _vjpStudentTVector(
    _ x: [Double], degreesOfFreedom: Double, location: Double, scale: Double
  ) -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double, Double, Double)) {
    let s = studentTSummed(x, degreesOfFreedom, location, scale, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0], v * d[1], v * d[2]) })
  }

  /// Σᵢ log Cauchy(xᵢ | μ, σ).
  @inlinable
  public static func cauchy(_ x: [Double], location: Double, scale: Double) -> Double {
    cauchySummed(x, location, scale, keepingX: false).value
  }

  @inlinable
  static func cauchySummed(
    _ x: [Double], _ location: Double, _ scale: Double, keepingX: Bool
  ) -> (value: Double, dx: [Double], dParameters: SIMD4<Double>) {
    summed(x, keepingX: keepingX) {
      let p = cauchyWithPartials($0, location, scale)
      return (p.value, p.dx, [p.dLocation, p.dScale, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: cauchy(_:location:scale:), wrt: (location, scale))
  static func _vjpCauchyData(_ x: [Double], location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let s = cauchySummed(x, location, scale, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in (v * d[0], v * d[1]) })
  }

  @usableFromInline
  @derivative(of: cauchy(_:location:scale:), wrt: (x, location, scale))
  static func _vjpCauchyVector(_ x: [Double], location: Double, scale: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double, Double))
  {
    let s = cauchySummed(x, location, scale, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0], v * d[1]) })
  }

  // MARK: Exponential and gamma

  /// Σᵢ log Exponential(xᵢ | λ).
  @inlinable
  public static func exponential(_ x: [Double], rate: Double) -> Double {
    exponentialSummed(x, rate, keepingX: false).value
  }

  @inlinable
  static func exponentialSummed(_ x: [Double], _ rate: Double, keepingX: Bool)
    -> (value: Double, dx: [Double], dParameters: SIMD4<Double>)
  {
    summed(x, keepingX: keepingX) {
      let p = exponentialWithPartials($0, rate)
      return (p.value, p.dx, [p.dRate, 0, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: exponential(_:rate:), wrt: rate)
  static func _vjpExponentialData(_ x: [Double], rate: Double)
    -> (value: Double, pullback: (Double) -> Double)
  {
    let s = exponentialSummed(x, rate, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in v * d[0] })
  }

  @usableFromInline
  @derivative(of: exponential(_:rate:), wrt: (x, rate))
  static func _vjpExponentialVector(_ x: [Double], rate: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double))
  {
    let s = exponentialSummed(x, rate, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0]) })
  }

  /// Σᵢ log Gamma(xᵢ | α, β) (shape α, rate β).
  @inlinable
  public static func gamma(_ x: [Double], shape: Double, rate: Double) -> Double {
    gammaSummed(x, shape, rate, keepingX: false).value
  }

  @inlinable
  static func gammaSummed(_ x: [Double], _ shape: Double, _ rate: Double, keepingX: Bool)
    -> (value: Double, dx: [Double], dParameters: SIMD4<Double>)
  {
    summed(x, keepingX: keepingX) {
      let p = gammaWithPartials($0, shape, rate)
      return (p.value, p.dx, [p.dShape, p.dRate, 0, 0])
    }
  }

  @usableFromInline
  @derivative(of: gamma(_:shape:rate:), wrt: (shape, rate))
  static func _vjpGammaData(_ x: [Double], shape: Double, rate: Double)
    -> (value: Double, pullback: (Double) -> (Double, Double))
  {
    let s = gammaSummed(x, shape, rate, keepingX: false)
    let d = s.dParameters
    return (s.value, { v in (v * d[0], v * d[1]) })
  }

  @usableFromInline
  @derivative(of: gamma(_:shape:rate:), wrt: (x, shape, rate))
  static func _vjpGammaVector(_ x: [Double], shape: Double, rate: Double)
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, Double, Double))
  {
    let s = gammaSummed(x, shape, rate, keepingX: true)
    let d = s.dParameters
    return (s.value, { v in (.init(s.dx.map { v * $0 }), v * d[0], v * d[1]) })
  }
}
