import Foundation
public import ProbKitCore

/// The Poisson distribution with rate (mean) λ.
///
/// Its mass function is
///
/// ```
/// P(X = k) = λᵏ e^(-λ) / k!,   k = 0, 1, 2, …
/// ```
///
/// ```swift
/// let arrivals = try Poisson(rate: 3.5)
/// arrivals.density(2)       // 0.18495897346170082
/// arrivals.quantile(0.99)   // Optional(8)
/// ```
public struct Poisson: DiscreteUnivariateDistribution, ExponentialFamily,
  KullbackLeiblerDivergence
{
  // MARK: - Type and validation

  /// The rate λ > 0: the mean number of events.
  public let rate: Double

  /// Creates Poisson(λ).
  ///
  /// - Parameter rate: The rate λ, finite and > 0.
  /// - Throws: ``DistributionError`` if the rate is invalid.
  public init(rate: Double) throws(DistributionError) {
    try ParameterCheck(distribution: "Poisson").positive(rate, "rate")
    self.rate = rate
  }

  // MARK: - Statistics

  /// The support, {0, 1, 2, …}.
  public var support: ClosedRange<Int> { 0...Int.max }

  /// The mean λ.
  public var mean: Double { rate }

  /// The variance λ.
  public var variance: Double { rate }

  /// The mode ⌊λ⌋; `nil` (both λ - 1 and λ) when λ is an integer.
  public var mode: Int? {
    rate == rate.rounded(.down) && rate < 0x1p63 ? nil : saturatingCount(rate)
  }

  /// The entropy -Σₖ P(k) log P(k), summed over the k that carry all but a
  /// negligible part of the mass (|k - λ| ≤ 40√λ + 40).
  public var entropy: Double {
    if rate >= 1e6 {
      // The asymptotic series; the next term, O(λ⁻⁴), is below 1e-24.
      let inverse = 1 / rate
      return 0.5 * (log(2 * Double.pi) + 1 + log(rate))
        - inverse * (1.0 / 12 + inverse * (1.0 / 24 + inverse * 19 / 360))
    }
    let spread = 40 * rate.squareRoot() + 40
    return discreteEntropy(
      lowest: max(0, (rate - spread).rounded(.down)), highest: (rate + spread).rounded(.up),
      logMass: logMass)
  }

  /// log P(X = x) = x log λ - λ - log Γ(x + 1) for real x ≥ 0, by Loader's
  /// form -δ(x) - D(x, λ) - ½ log(2πx), whose terms do not cancel at large λ.
  private func logMass(_ x: Double) -> Double {
    Double(ExtendedMath.logPoissonMass(Extended(x), Extended(rate)))
  }

  // MARK: - Evaluation

  /// log P(X = k) = k log λ - λ - log k!, by Loader's saddle-point form
  /// -δ(k) - D(k, λ) - ½ log(2πk) (Stirling's error δ, the deviance D), which
  /// keeps full accuracy at large λ; -∞ for k < 0.
  public func logDensity(_ k: Int) -> Double {
    k >= 0 ? logMass(Double(k)) : -.infinity
  }

  /// P(X ≤ k), the regularised upper incomplete gamma function Q(k + 1, λ),
  /// in extended precision.
  public func cdf(_ k: Int) -> Double {
    guard k >= 0 else { return 0 }
    return Double(ExtendedMath.incompleteGamma(Extended(k) + 1, Extended(rate)).upper)
  }

  /// P(X > k) = P(k + 1, λ), computed directly in extended precision.
  public func survival(_ k: Int) -> Double {
    guard k >= 0 else { return 1 }
    return Double(ExtendedMath.incompleteGamma(Extended(k) + 1, Extended(rate)).lower)
  }

  /// The smallest k with P(X ≤ k) ≥ p; `nil` outside [0, 1].
  ///
  /// p = 1, or a quantile beyond `Int.max`, gives `Int.max`. Corrects the
  /// normal approximation against the CDF, so it is fast for any rate.
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` as above.
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    if p == 1 { return Int.max }
    let z = Normal.standard.quantile(min(max(p, 1e-300), 1 - 1e-16))
    return discreteQuantile(
      p, guess: clampedGuess(rate + z * rate.squareRoot()), lowest: 0, highest: Int.max,
      cdf: cdf, survival: survival)
  }

  // MARK: - Sampling

  /// A draw from `gsl_ran_poisson` up to rate 2³⁰.
  ///
  /// GSL's 32-bit count would wrap above that, so larger rates sum draws of
  /// up to 16 equal parts, and above 2³⁴ use a Cornish–Fisher normal
  /// approximation (within 1e-10 in Kolmogorov distance); draws beyond
  /// `Int.max` are `Int.max`.
  ///
  /// - Returns: A count ≥ 0.
  @inlinable
  public func sample(using source: RandomSource) -> Int {
    poissonDraw(mean: rate, using: source)
  }

  // MARK: - Exponential family

  /// η = (log λ).
  public var naturalParameters: [Double] { [log(rate)] }

  /// T(k) = (k).
  ///
  /// - Parameter k: The count.
  /// - Returns: (k).
  public func sufficientStatistic(_ k: Int) -> [Double] { [Double(k)] }

  /// A(η) = e^η.
  ///
  /// - Parameter naturalParameters: η, one entry.
  /// - Returns: A(η), or +∞ for the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 1 else { return .infinity }
    return exp(naturalParameters[0])
  }

  /// log h(k) = -log k! on k ≥ 0.
  ///
  /// - Parameter k: The count.
  /// - Returns: -log k!, or -∞ for k < 0.
  public func logBaseMeasure(_ k: Int) -> Double {
    k >= 0 ? -SpecialFunctions.logFactorial(k) : -.infinity
  }

  /// E[T(X)] = (λ).
  public var meanParameters: [Double] { [rate] }

  /// The Poisson with η = (log λ).
  ///
  /// - Parameter naturalParameters: η = (log λ).
  /// - Returns: Poisson(e^η).
  /// - Throws: ``DistributionError`` unless η has one finite entry.
  public func withNaturalParameters(
    _ naturalParameters: [Double]
  ) throws(DistributionError) -> Poisson {
    try ParameterCheck(distribution: "Poisson").length(naturalParameters, 1, "naturalParameters")
    try ParameterCheck(distribution: "Poisson").finite(naturalParameters[0], "naturalParameters[0]")
    return try Poisson(rate: exp(naturalParameters[0]))
  }

  /// The Poisson with mean λ.
  ///
  /// - Parameter mean: (λ), the average count.
  /// - Returns: Poisson(λ).
  /// - Throws: ``DistributionError`` unless λ is finite and > 0.
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Poisson {
    try ParameterCheck(distribution: "Poisson").length(mean, 1, "meanParameters")
    return try Poisson(rate: mean[0])
  }

  // MARK: - Divergence

  /// KL(p ‖ q) = λ_p log(λ_p/λ_q) + λ_q - λ_p.
  public func kullbackLeiblerDivergence(from other: Poisson) -> Double {
    rate * (log(rate) - log(other.rate)) + other.rate - rate
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case rate
  }

  /// Decodes and validates, like ``init(rate:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(rate: container.decode(Double.self, forKey: .rate))
  }

  /// `Poisson(rate: λ)`.
  public var description: String {
    "Poisson(rate: \(rate))"
  }
}

/// One Poisson draw with the given mean, in bounded time for every mean.
///
/// - mean ≤ 2³⁰: GSL's sampler (exact).
/// - 2³⁰ < mean ≤ 2³⁴: the sum of at most 16 exact GSL draws with means ≤ 2³⁰
///   (a sum of independent Poissons is Poisson; GSL's own sampler is limited
///   by its 32-bit binomial step).
/// - mean > 2³⁴: the Cornish–Fisher normal approximation with the skewness
///   term and a continuity correction, ⌊λ + √λ z + (z² - 1)/6 + ½⌋, whose
///   distribution is within O(1/λ) < 1e-10 of the Poisson in Kolmogorov
///   distance (the first Edgeworth term is matched; the next is O(1/λ)).
///
/// Draws beyond `Int.max` (means past about 9.2e18) saturate to `Int.max`,
/// the unbounded end of the support: an `Int` cannot hold them.
@usableFromInline
func poissonDraw(mean: Double, using source: RandomSource) -> Int {
  guard mean > 0x1p30 else { return source._unsafePoisson(mean: mean) }
  guard mean > 0x1p34 else {
    let parts = (mean / 0x1p30).rounded(.up)
    let share = mean / parts
    var total = 0
    for _ in 0..<Int(parts) { total += source._unsafePoisson(mean: share) }
    return total
  }
  let z = source._unsafeGaussian(standardDeviation: 1)
  return saturatingCount(mean + mean.squareRoot() * z + (z * z - 1) / 6 + 0.5)
}

/// One binomial draw, correct for every n ≤ 2³² - 1.
///
/// GSL's sampler takes a 32-bit n and goes wrong well before it: at p = 1/2
/// half its draws at n = 2³² - 1 are exactly 2³¹, and its spread is 3% too
/// wide at n = 10⁹ and 8% at 2·10⁹ (measured, 20,000 draws; 0.2% at 10⁸,
/// within the noise). So n is split into chunks of at most 2²⁶ trials, each
/// drawn by GSL, and the draws summed (a sum of independent binomials with
/// the same p is binomial): at most 64 GSL draws, exact in distribution.
@usableFromInline
func binomialDraw(probability: Double, trials: Int, using source: RandomSource) -> Int {
  let chunk = 1 << 26
  guard trials > chunk else {
    return source._unsafeBinomial(probability: probability, trials: UInt32(trials))
  }
  var total = 0
  var left = trials
  while left > 0 {
    let size = min(left, chunk)
    total += source._unsafeBinomial(probability: probability, trials: UInt32(size))
    left -= size
  }
  return total
}
