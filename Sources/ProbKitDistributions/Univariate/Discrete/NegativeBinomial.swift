import Foundation
public import ProbKitCore

/// The negative binomial distribution: the number of failures before the r-th
/// success, with success probability p (r may be any positive real).
///
/// Its mass function is
///
/// ```
/// P(X = k) = Γ(k + r)/(Γ(r) k!) · pʳ (1 - p)ᵏ,   k = 0, 1, 2, …
/// ```
///
/// The posterior predictive of a Poisson count under a gamma prior (scipy's
/// `nbinom(n=r, p=p)`).
///
/// ```swift
/// let failures = try NegativeBinomial(successes: 3, probability: 0.4)
/// failures.mean        // r(1 − p)/p ≈ 4.5
/// failures.density(0)  // pʳ = 0.4³ ≈ 0.064
/// ```
public struct NegativeBinomial: DiscreteUnivariateDistribution, ExponentialFamily {
  /// The number of successes r > 0 (real-valued: the gamma–Poisson mixture).
  public let successes: Double
  /// The success probability p in (0, 1].
  public let probability: Double

  /// Creates NegativeBinomial(r, p).
  ///
  /// - Parameters:
  ///   - successes: r, finite and > 0.
  ///   - probability: p, in (0, 1].
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(successes: Double, probability: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "NegativeBinomial")
    try check.positive(successes, "successes")
    guard probability > 0, probability <= 1 else {
      throw check.failure("probability", "in (0, 1]", probability)
    }
    self.successes = successes
    self.probability = probability
  }

  /// The support, {0, 1, 2, …}.
  public var support: ClosedRange<Int> { 0...Int.max }
  /// The mean r(1 - p)/p.
  public var mean: Double { successes * (1 - probability) / probability }
  /// The variance r(1 - p)/p².
  public var variance: Double { successes * (1 - probability) / (probability * probability) }
  /// The mode ⌊(r - 1)(1 - p)/p⌋ for r > 1 (`nil` where that is a positive
  /// integer, within rounding, and two labels tie), 0 for r ≤ 1.
  public var mode: Int? {
    guard successes > 1 else { return 0 }
    let peak = (successes - 1) * (1 - probability) / probability
    if peak > 0.5 && isWholeWithinRounding(peak) { return nil }
    return saturatingCount(peak)
  }
  /// The entropy -Σₖ P(k) log P(k), over the k within 40 standard deviations
  /// (plus 40) of the mean.
  public var entropy: Double {
    let theta = (1 - probability) / probability
    if theta >= 1e12 && successes >= 1 {
      // The negative binomial is Poisson(λ) with λ ~ Gamma(r, θ); for θ this
      // large (and r ≥ 1, where the gamma density has no spike at 0) the
      // Poisson noise (variance rθ against rθ²) changes the
      // entropy by about 1/(2θ) ≤ 5e-13 from the gamma's differential
      // entropy r + log θ + log Γ(r) + (1 - r)ψ(r).
      let r = Extended(successes)
      return Double(
        r + Extended(log1p(-probability) - log(probability)) + ExtendedMath.logGamma(r) + (1 - r)
          * ExtendedMath.digamma(r))
    }
    if successes >= 1e8 && probability < 1 {
      // Nearly normal: ½ log(2πeσ²) - γ₁²/12 (the Edgeworth expansion; the
      // omitted terms are O(1/r²) ≤ 1e-16), γ₁² = (2 - p)²/(r(1 - p)).
      let skewSquared = (2 - probability) * (2 - probability) / (successes * (1 - probability))
      let logVariance =
        log(successes) + log1p(-probability) - 2 * log(probability)
      return 0.5 * (log(2 * Double.pi) + 1 + logVariance) - skewSquared / 12
    }
    let spread = 40 * variance.squareRoot() + 40
    let highest = (mean + spread).rounded(.up)
    if successes < 1 && highest > 200_000 {
      return decreasingMassEntropy(highest: highest)
    }
    return discreteEntropy(
      lowest: max(0, (mean - spread).rounded(.down)), highest: highest, logMass: logMass)
  }

  /// The entropy for r < 1 over a long window, where the mass decreases from
  /// its spike at 0 like k^(r-1) (an even grid would weight P(0) by its
  /// step): the first 2¹⁶ terms summed exactly, by the ratio
  /// P(k + 1)/P(k) = (k + r)(1 - p)/(k + 1), and the rest as the integral of
  /// the real-valued mass from 2¹⁶ - ½ (the midpoint rule's Euler–Maclaurin
  /// error is O(P′) there, far below the sum), by Simpson's rule on 2¹⁴
  /// intervals in log x, where the power law and the exponential decay are
  /// both smooth.
  private func decreasingMassEntropy(highest: Double) -> Double {
    let exact = 1 << 16
    let logFailure = log1p(-probability)
    var logMassK = successes * log(probability)  // log P(0)
    var sum = 0.0
    for k in 0..<exact {
      if logMassK > -.infinity { sum -= exp(logMassK) * logMassK }
      logMassK += log((Double(k) + successes) / (Double(k) + 1)) + logFailure
    }
    let (low, high) = (log(Double(exact) - 0.5), log(min(highest, .greatestFiniteMagnitude)))
    guard high > low else { return sum }
    let intervals = 1 << 14
    let step = (high - low) / Double(intervals)
    func term(_ u: Double) -> Double {
      let x = exp(u)
      let value = logMass(x)
      return value > -.infinity ? -exp(value) * value * x : 0
    }
    var simpson = term(low) + term(high)
    for i in 1..<intervals {
      simpson += (i % 2 == 1 ? 4 : 2) * term(low + Double(i) * step)
    }
    return sum + simpson * step / 3
  }

  /// log P(X = x) for real x ≥ 0, the continuous extension of ``logDensity(_:)``:
  /// log(r/(r + x)) plus the binomial log-mass of r successes and x failures,
  /// by Loader's saddle-point form (as R's dnbinom), whose terms do not cancel
  /// for large r or x.
  private func logMass(_ x: Double) -> Double {
    let (count, r, p) = (Extended(x), Extended(successes), Extended(probability))
    let ratio: Extended = x == 0 ? 0 : -log1p(count / r)
    return Double(
      ratio + ExtendedMath.logBinomialMass(successes: r, failures: count, p, 1 - p))
  }

  /// log P(X = k) = log Γ(k + r) - log Γ(r) - log k! + r log p + k log(1 - p),
  /// as r/(r + k) times the binomial mass of r successes in r + k trials, by
  /// Loader's saddle-point form; -∞ for k < 0.
  public func logDensity(_ k: Int) -> Double {
    k >= 0 ? logMass(Double(k)) : -.infinity
  }
  /// P(X ≤ k) = I_p(r, k + 1).
  public func cdf(_ k: Int) -> Double {
    guard k >= 0 else { return 0 }
    if probability == 1 { return 1 }
    return Double(
      ExtendedMath.incompleteBeta(Extended(successes), Extended(k) + 1, Extended(probability)).lower
    )
  }
  /// P(X > k) = I_{1-p}(k + 1, r), computed directly.
  public func survival(_ k: Int) -> Double {
    guard k >= 0 else { return 1 }
    if probability == 1 { return 0 }
    return Double(
      ExtendedMath.incompleteBeta(Extended(successes), Extended(k) + 1, Extended(probability)).upper
    )
  }
  /// The smallest k with P(X ≤ k) ≥ p; `nil` outside [0, 1].
  ///
  /// p = 1 gives `Int.max`, the unbounded end of the support, as does a
  /// quantile beyond it.
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` as above.
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    if probability == 1 { return 0 }  // a point mass at 0, quantile(1) included
    if p == 1 { return Int.max }
    let z = Normal.standard.quantile(min(max(p, 1e-300), 1 - 1e-16))
    return discreteQuantile(
      p, guess: clampedGuess(mean + z * variance.squareRoot()), lowest: 0, highest: Int.max,
      cdf: cdf, survival: survival)
  }

  /// A draw from the gamma–Poisson mixture GSL's `gsl_ran_negative_binomial`
  /// uses: Poisson(λ) with λ ~ Gamma(r, scale (1 - p)/p).
  ///
  /// - Returns: A number of failures ≥ 0.
  @inlinable
  public func sample(using source: RandomSource) -> Int {
    if probability == 1 { return 0 }
    let rate = source._unsafeGamma(shape: successes, scale: (1 - probability) / probability)
    return poissonDraw(mean: rate, using: source)
  }

  // MARK: - Exponential family (r fixed)

  /// η = (log(1 - p)); -∞ for p = 1, the point mass at 0 on the family's
  /// boundary.
  public var naturalParameters: [Double] { [log1p(-probability)] }

  /// T(k) = (k).
  ///
  /// - Parameter k: The number of failures.
  /// - Returns: (k).
  public func sufficientStatistic(_ k: Int) -> [Double] { [Double(k)] }

  /// A(η) = -r log(1 - e^η), for η < 0.
  ///
  /// - Parameter naturalParameters: η, one entry.
  /// - Returns: A(η) for this r, or +∞ for η ≥ 0 or the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 1, naturalParameters[0] < 0 else { return .infinity }
    return -successes * log(-expm1(naturalParameters[0]))
  }

  /// log h(k) = log Γ(k + r) - log Γ(r) - log k! on k ≥ 0, the first
  /// difference as Σⱼ₍₀…k₋₁₎ log(r + j) up to k = 1,000 (two log-gammas near
  /// r log r would cancel for a large r).
  ///
  /// - Parameter k: The number of failures.
  /// - Returns: log h(k), or -∞ for k < 0.
  public func logBaseMeasure(_ k: Int) -> Double {
    guard k >= 0 else { return -.infinity }
    let count = Double(k)
    guard k <= 1000 else {
      return SpecialFunctions.logGamma(count + successes) - SpecialFunctions.logGamma(successes)
        - SpecialFunctions.logGamma(count + 1)
    }
    var sum = -SpecialFunctions.logGamma(count + 1)
    for j in 0..<k { sum += log(successes + Double(j)) }
    return sum
  }

  /// E[T(X)] = (r(1 - p)/p).
  public var meanParameters: [Double] { [mean] }

  /// The negative binomial with the same r and p = 1 - e^η.
  ///
  /// - Parameter naturalParameters: η = (log(1 - p)), η < 0.
  /// - Returns: NB(r, 1 - e^η), with this instance's r.
  /// - Throws: ``DistributionError`` unless η has one finite entry below 0.
  public func withNaturalParameters(
    _ naturalParameters: [Double]
  ) throws(DistributionError) -> NegativeBinomial {
    let check = ParameterCheck(distribution: "NegativeBinomial")
    try check.length(naturalParameters, 1, "naturalParameters")
    try check.finite(naturalParameters[0], "naturalParameters[0]")
    guard naturalParameters[0] < 0 else {
      throw check.failure("naturalParameters[0]", "< 0 (log(1 - p))", naturalParameters[0])
    }
    return try NegativeBinomial(successes: successes, probability: -expm1(naturalParameters[0]))
  }

  /// The negative binomial with the same r and mean m: p = r/(r + m).
  ///
  /// - Parameter mean: (m), the mean number of failures, ≥ 0.
  /// - Returns: NB(r, r/(r + m)), with this instance's r.
  /// - Throws: ``DistributionError`` unless m is finite and ≥ 0.
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> NegativeBinomial {
    let check = ParameterCheck(distribution: "NegativeBinomial")
    try check.length(mean, 1, "meanParameters")
    guard mean[0].isFinite, mean[0] >= 0 else {
      throw check.failure("meanParameters[0]", "finite and >= 0", mean[0])
    }
    return try NegativeBinomial(
      successes: successes, probability: successes / (successes + mean[0]))
  }

  private enum CodingKeys: String, CodingKey {
    case successes, probability
  }

  /// Decodes and validates, like ``init(successes:probability:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      successes: container.decode(Double.self, forKey: .successes),
      probability: container.decode(Double.self, forKey: .probability))
  }

  /// `NegativeBinomial(successes: r, probability: p)`.
  public var description: String {
    "NegativeBinomial(successes: \(successes), probability: \(probability))"
  }
}
