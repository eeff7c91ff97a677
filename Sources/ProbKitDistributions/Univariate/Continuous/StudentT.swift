import Foundation
internal import GSLBridge
public import ProbKitCore

/// Student's t distribution with ν degrees of freedom, location μ and scale σ.
///
/// Its density is
///
/// ```
/// p(x) = Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + z²/ν)^(-(ν+1)/2),   z = (x - μ)/σ
/// ```
///
/// The posterior predictive of a normal with unknown mean and variance.
///
/// ```swift
/// let t = try StudentT(degreesOfFreedom: 3, location: 0, scale: 1)
/// t.quantile(0.975)   // 3.18244630528…: the 95% two-sided critical value
/// ```
public struct StudentT: ContinuousUnivariateDistribution {
  /// The degrees of freedom ν > 0.
  public let degreesOfFreedom: Double
  /// The location μ.
  public let location: Double
  /// The scale σ > 0.
  public let scale: Double

  /// Creates the location-scale Student t.
  ///
  /// - Parameters:
  ///   - degreesOfFreedom: ν, finite and > 0.
  ///   - location: μ, finite; 0 unless given.
  ///   - scale: σ, finite and > 0; 1 unless given.
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(
    degreesOfFreedom: Double, location: Double = 0, scale: Double = 1
  ) throws(DistributionError) {
    let check = ParameterCheck(distribution: "StudentT")
    try check.positive(degreesOfFreedom, "degreesOfFreedom")
    try check.finite(location, "location")
    try check.positive(scale, "scale")
    self.degreesOfFreedom = degreesOfFreedom
    self.location = location
    self.scale = scale
  }

  /// The support, (-∞, ∞).
  public var support: ClosedRange<Double> { -.infinity ... .infinity }
  /// The mean μ for ν > 1; NaN otherwise (it does not exist).
  public var mean: Double { degreesOfFreedom > 1 ? location : .nan }
  /// The variance σ²ν/(ν - 2) for ν > 2; +∞ for 1 < ν ≤ 2; NaN for ν ≤ 1.
  public var variance: Double {
    if degreesOfFreedom <= 1 { return .nan }
    if degreesOfFreedom <= 2 { return .infinity }
    return scale * scale * degreesOfFreedom / (degreesOfFreedom - 2)
  }
  /// The mode μ.
  public var mode: Double? { location }
  /// The entropy (ν+1)/2·(ψ((ν+1)/2) - ψ(ν/2)) + log(√ν B(ν/2, 1/2)) + log σ.
  ///
  /// In extended precision: for large ν the two digammas nearly cancel.
  public var entropy: Double {
    let nu = Extended(degreesOfFreedom)
    let half = nu / 2
    return Double(
      (nu + 1) / 2 * ExtendedMath.digammaDifference(half, 0.5)
        + 0.5 * log(nu) + ExtendedMath.logBeta(half, 0.5) + log(Extended(scale)))
  }

  /// log p(x), with log1p for the kernel so that large ν stays accurate.
  public func logDensity(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x.isInfinite { return -.infinity }
    // In extended precision, whose range holds z = (x - μ)/σ and z²/ν for
    // every finite x, μ, σ and ν (x - μ and z overflow a Double).
    let z = standardized(x)
    let nu = Extended(degreesOfFreedom)
    let kernel = log1p(z * z / nu)
    return Double(
      -ExtendedMath.logBeta(nu / 2, 0.5) - 0.5 * log(nu) - log(Extended(scale))
        - (nu + 1) / 2 * kernel)
  }
  /// P(X ≤ x) (`gsl_cdf_tdist_P` at z = (x - μ)/σ).
  ///
  /// For ν = 1 (Cauchy) the closed form 1/2 + atan(z)/π.
  public func cdf(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    let z = standardized(x)
    if degreesOfFreedom == 1 { return Self.cauchyUpperTail(-z) }
    return z <= 0 ? upperTail(-z) : 1 - upperTail(z)
  }
  /// P(X > x), computed directly (`gsl_cdf_tdist_Q`).
  public func survival(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    let z = standardized(x)
    if degreesOfFreedom == 1 { return Self.cauchyUpperTail(z) }
    return z >= 0 ? upperTail(z) : 1 - upperTail(-z)
  }

  /// z = (x - μ)/σ in extended precision.
  ///
  /// Its range holds z for every finite x, μ and σ (in a Double, x - μ and
  /// the quotient can overflow).
  private func standardized(_ x: Double) -> Extended {
    (Extended(x) - Extended(location)) / Extended(scale)
  }

  /// P(T > z) for z ≥ 0: I_{ν/(ν+z²)}(ν/2, 1/2)/2, in extended precision.
  ///
  /// So the tail beyond |z| = 1e154, where z² overflows a double, survives.
  private func upperTail(_ z: Double) -> Double {
    upperTail(Extended(z))
  }

  /// P(T > z) for an extended-precision z.
  ///
  /// z may be beyond the Double range (a subnormal scale).
  private func upperTail(_ w: Extended) -> Double {
    // x = ν/(ν + z²) and its complement z²/(ν + z²) each computed directly:
    // for ν ≫ z² x rounds to 1 and 1 - x would lose every digit.
    let nu = Extended(degreesOfFreedom)
    let total = nu + w * w
    if total == .infinity { return w > 0 ? 0 : 1 }  // |z| = ∞
    let x = nu / total
    return Double(ExtendedMath.incompleteBeta(nu / 2, 0.5, x, complement: w * w / total).lower / 2)
  }

  /// P(Z > z) for the standard Cauchy (ν = 1) in closed form, 1/2 - atan(z)/π,
  /// computed as atan(1/z)/π for z > 0 so that the tail keeps its digits.
  private static func cauchyUpperTail(_ w: Extended) -> Double {
    let z = Double(w)
    if z.isInfinite && w.isFinite {
      // Beyond the Double range: atan(1/z) = 1/z to every digit.
      return w > 0 ? Double(1 / (w * Extended.pi)) : 1
    }
    return z > 0 ? atan(1 / z) / Double.pi : 0.5 - atan(z) / Double.pi
  }
  /// μ + σ t_ν⁻¹(p), inverting the upper tail directly for p > 1/2.
  ///
  /// -∞ for p = 0, μ for p = 1/2, +∞ for p = 1; NaN outside [0, 1]. For
  /// ν = 1 (Cauchy) the closed form μ − σ cot(πp).
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The x with P(X ≤ x) = p.
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    if p == 0.5 { return location }
    if degreesOfFreedom == 1 {
      // The Cauchy quantile -cot(πp) = -1/tan(πp), from the nearer tail.
      let magnitude = 1 / tan(Double.pi * min(p, 1 - p))
      return location + scale * (p < 0.5 ? -magnitude : magnitude)
    }
    // By symmetry, solve P(T > y) = q for y > 0 with q the nearer tail,
    // checking GSL's inverse and bisecting where it fails (it returns NaN or
    // -∞ at p = 1e-300). The substitution x = 1/y makes the tail increasing.
    // The offset d = |x - μ| is solved for in x's own units (not z = d/σ,
    // which can overflow where d does not, for a subnormal σ), through
    // w = 1/d so that the tail P(T > d/σ) increases with w; z is formed in
    // extended precision. Beyond the largest double (ν ≈ 1e-300 has tails
    // that heavy): ±∞.
    let q = min(p, 1 - p)
    let (sigma, largest) = (Extended(scale), Extended(Double.greatestFiniteMagnitude))
    if upperTail(largest / sigma) > q { return p < 0.5 ? -.infinity : .infinity }
    func tail(_ w: Double) -> Double { upperTail(1 / (Extended(w) * sigma)) }
    let candidate = GSLDistributionFunctions.studentTQInverse(q, degreesOfFreedom: degreesOfFreedom)
    let offset: Double
    if tail(.greatestFiniteMagnitude) < q {
      // d < 1/1.797e308, out of w's reach: solve for 1/z instead and scale
      // (d = σz rounds gradually into the subnormals).
      let inverse = refinedQuantile(
        q, candidate: 1 / candidate, lower: 0, upper: .infinity,
        cdf: { upperTail(1 / $0) }, survival: { 1 - upperTail(1 / $0) })
      offset = scale * (1 / inverse)
    } else {
      let inverse = refinedQuantile(
        q, candidate: 1 / (candidate * scale), lower: 0, upper: .infinity,
        cdf: tail, survival: { 1 - tail($0) })
      offset = 1 / inverse
    }
    return p < 0.5 ? location - offset : location + offset
  }

  /// A draw μ + σZ/√(V/ν) with Z a ziggurat normal and V = 2·Gamma(ν/2), both
  /// from GSL.
  @inlinable
  public func sample(using source: RandomSource) -> Double {
    let z = source._unsafeGaussian(standardDeviation: 1)
    let chiSquared = source._unsafeGamma(shape: degreesOfFreedom / 2, scale: 2)
    // scale · (z/√(χ²/ν)): scale · z first would underflow to 0 for a
    // subnormal scale, and 0/0 (χ² = 0 for tiny ν) is NaN.
    return location + scale * (z / (chiSquared / degreesOfFreedom).squareRoot())
  }

  private enum CodingKeys: String, CodingKey {
    case degreesOfFreedom, location, scale
  }

  /// Decodes and validates, like ``init(degreesOfFreedom:location:scale:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      degreesOfFreedom: container.decode(Double.self, forKey: .degreesOfFreedom),
      location: container.decode(Double.self, forKey: .location),
      scale: container.decode(Double.self, forKey: .scale))
  }

  /// `StudentT(degreesOfFreedom: ν, location: μ, scale: σ)`.
  public var description: String {
    "StudentT(degreesOfFreedom: \(degreesOfFreedom), location: \(location), scale: \(scale))"
  }
}
