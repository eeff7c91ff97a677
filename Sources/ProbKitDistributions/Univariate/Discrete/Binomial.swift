import Foundation
public import ProbKitCore

/// The binomial distribution: the number of successes in n independent trials
/// with success probability p.
///
/// Its mass function is
///
/// ```
/// P(X = k) = C(n, k) pᵏ (1 - p)ⁿ⁻ᵏ,   k = 0, …, n
/// ```
///
/// ```swift
/// let heads = try Binomial(trials: 10, probability: 0.5)
/// heads.density(5)      // 63/256 ≈ 0.24609375
/// heads.survival(7)     // P(X > 7) = 0.0546875
/// ```
public struct Binomial: DiscreteUnivariateDistribution, ExponentialFamily {
  // MARK: - Type and validation

  /// The number of trials n ≥ 0.
  public let trials: Int
  /// The success probability p in [0, 1].
  public let probability: Double

  /// Creates Binomial(n, p).
  ///
  /// - Parameters:
  ///   - trials: The number of trials n, in 0...2³² - 1 (GSL's sampler takes
  ///     32-bit counts).
  ///   - probability: The success probability p, in [0, 1].
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(trials: Int, probability: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Binomial")
    guard trials >= 0, trials <= Int(UInt32.max) else {
      throw DistributionError(
        distribution: "Binomial", parameter: "trials", requirement: "in 0...4294967295",
        value: "\(trials)")
    }
    try check.probability(probability, "probability")
    self.trials = trials
    self.probability = probability
  }

  // MARK: - Statistics

  /// The support, {0, …, n}.
  public var support: ClosedRange<Int> { 0...trials }

  /// The mean np.
  public var mean: Double { Double(trials) * probability }

  /// The variance np(1 - p).
  public var variance: Double { Double(trials) * probability * (1 - probability) }

  /// The mode ⌊(n + 1)p⌋ (clamped to n); `nil` when (n + 1)p is an integer
  /// (within rounding) in 1...n, where two labels tie.
  public var mode: Int? {
    let peak = Double(trials + 1) * probability
    if isWholeWithinRounding(peak) && peak >= 0.5 && peak <= Double(trials) + 0.5 { return nil }
    return min(Int(peak.rounded(.down)), trials)
  }

  /// The entropy -Σₖ P(k) log P(k), summed over the k within 40 standard
  /// deviations (plus 40) of the mean, which carry all but a negligible part
  /// of the mass.
  public var entropy: Double {
    let spread = 40 * variance.squareRoot() + 40
    return discreteEntropy(
      lowest: max(0, (mean - spread).rounded(.down)),
      highest: min(Double(trials), (mean + spread).rounded(.up))
    ) { logDensity(Int($0)) }
  }

  // MARK: - Evaluation

  /// log P(X = k) = log C(n, k) + k log p + (n - k) log(1 - p); -∞ outside 0...n.
  ///
  /// Computed by Loader's saddle-point form (Stirling's error δ, the
  /// deviance D):
  ///
  /// ```
  /// δ(n) - δ(k) - δ(n - k) - D(k, np) - D(n - k, n(1 - p)) - ½ log(2πk(n - k)/n)
  /// ```
  ///
  /// Every term is of the size of the result, so it keeps full accuracy at
  /// n = 10⁹, where the sum of the three logarithms (each near n) cancels.
  public func logDensity(_ k: Int) -> Double {
    guard k >= 0, k <= trials else { return -.infinity }
    let p = Extended(probability)
    return Double(
      ExtendedMath.logBinomialMass(
        successes: Extended(k), failures: Extended(trials - k), p, 1 - p))
  }

  /// P(X ≤ k) = I_{1-p}(n - k, k + 1), the regularised incomplete beta
  /// function, given p itself as the complement so that a tiny p keeps its
  /// digits.
  public func cdf(_ k: Int) -> Double {
    if k < 0 { return 0 }
    if k >= trials { return 1 }
    if probability == 0 { return 1 }
    if probability == 1 { return 0 }
    let (n, count, p) = (Extended(trials), Extended(k), Extended(probability))
    return Double(ExtendedMath.incompleteBeta(n - count, count + 1, 1 - p, complement: p).lower)
  }

  /// P(X > k) = I_p(k + 1, n - k), computed directly.
  public func survival(_ k: Int) -> Double {
    if k < 0 { return 1 }
    if k >= trials { return 0 }
    if probability == 0 { return 0 }
    if probability == 1 { return 1 }
    let (n, count, p) = (Extended(trials), Extended(k), Extended(probability))
    return Double(ExtendedMath.incompleteBeta(count + 1, n - count, p).lower)
  }

  /// The smallest k with P(X ≤ k) ≥ p; `nil` outside [0, 1].
  ///
  /// The support is bounded, so p = 1 gives n (0 when the success
  /// probability is 0).
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` for p outside [0, 1].
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    if p == 1 { return probability == 0 ? 0 : trials }
    let z = Normal.standard.quantile(min(max(p, 1e-300), 1 - 1e-16))
    let guess = Int((mean + z * variance.squareRoot()).rounded(.down))
    return discreteQuantile(
      p, guess: guess, lowest: 0, highest: trials, cdf: cdf, survival: survival)
  }

  // MARK: - Sampling

  /// A draw from `gsl_ran_binomial`; above 2²⁶ trials, the sum of draws
  /// over chunks of at most 2²⁶ trials, where GSL's sampler is right (it
  /// breaks above 2³¹ trials and is already too wide at 10⁹).
  ///
  /// - Returns: A number of successes in 0...n.
  @inlinable
  public func sample(using source: RandomSource) -> Int {
    binomialDraw(probability: probability, trials: trials, using: source)
  }

  // MARK: - Exponential family (n fixed)

  /// η = (logit p).
  public var naturalParameters: [Double] { [SpecialFunctions.logit(probability)] }

  /// T(k) = (k).
  ///
  /// - Parameter k: The number of successes.
  /// - Returns: (k).
  public func sufficientStatistic(_ k: Int) -> [Double] { [Double(k)] }

  /// A(η) = n log(1 + e^η).
  ///
  /// - Parameter naturalParameters: η, one entry.
  /// - Returns: A(η) for this n, or +∞ for the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 1 else { return .infinity }
    return Double(trials) * SpecialFunctions.log1pExp(naturalParameters[0])
  }

  /// log h(k) = log C(n, k) on 0...n.
  ///
  /// - Parameter k: The number of successes.
  /// - Returns: log C(n, k), or -∞ outside 0...n.
  public func logBaseMeasure(_ k: Int) -> Double {
    SpecialFunctions.logBinomialCoefficient(trials, k)
  }

  /// E[T(X)] = (np).
  public var meanParameters: [Double] { [mean] }

  /// The binomial with the same n and p = σ(η).
  ///
  /// - Parameter naturalParameters: η = (logit p).
  /// - Returns: Binomial(n, σ(η)), with this instance's n.
  /// - Throws: ``DistributionError`` unless η has one finite entry.
  public func withNaturalParameters(
    _ naturalParameters: [Double]
  ) throws(DistributionError) -> Binomial {
    try ParameterCheck(distribution: "Binomial").length(naturalParameters, 1, "naturalParameters")
    try ParameterCheck(distribution: "Binomial").finite(
      naturalParameters[0], "naturalParameters[0]")
    return try Binomial(trials: trials, probability: SpecialFunctions.sigmoid(naturalParameters[0]))
  }

  /// The binomial with the same n and mean m, so p = m/n.
  ///
  /// - Parameter mean: (m), the mean number of successes.
  /// - Returns: Binomial(n, m/n), with this instance's n.
  /// - Throws: ``DistributionError`` unless n > 0 and 0 ≤ m ≤ n.
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Binomial {
    let check = ParameterCheck(distribution: "Binomial")
    try check.length(mean, 1, "meanParameters")
    guard trials > 0 else { throw check.failure("trials", "> 0 to match a mean", Double(trials)) }
    return try Binomial(trials: trials, probability: mean[0] / Double(trials))
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case trials, probability
  }

  /// Decodes and validates, like ``init(trials:probability:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      trials: container.decode(Int.self, forKey: .trials),
      probability: container.decode(Double.self, forKey: .probability))
  }

  /// `Binomial(trials: n, probability: p)`.
  public var description: String {
    "Binomial(trials: \(trials), probability: \(probability))"
  }
}
