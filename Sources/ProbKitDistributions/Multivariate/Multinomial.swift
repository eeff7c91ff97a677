import Foundation
public import ProbKitCore

/// The multinomial distribution: category counts from n independent
/// categorical draws with probabilities p.
///
/// Its mass function is
///
/// ```
/// P(x) = n!/(x₁! … x_K!) · Πᵢ pᵢ^xᵢ,   xᵢ ≥ 0, Σᵢ xᵢ = n
/// ```
///
/// ```swift
/// let rolls = try Multinomial(trials: 6, probabilities: [0.5, 0.3, 0.2])
/// rolls.density([3, 2, 1])   // 6!/(3! 2! 1!) · 0.5³ · 0.3² · 0.2 ≈ 0.135
/// rolls.density([3, 2, 2])   // 0.0: the counts must total 6
/// ```
public struct Multinomial: MultivariateDistribution {
  /// The number of trials n ≥ 0.
  public let trials: Int
  /// The category probabilities, validated like ``Categorical``'s.
  public let probabilities: [Double]

  /// Creates Multinomial(n, p).
  ///
  /// - Parameters:
  ///   - trials: n, in 0...2³² - 1.
  ///   - probabilities: p, K ≥ 1 probabilities summing to 1 (within 1e-10·K;
  ///     then normalised).
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(trials: Int, probabilities: [Double]) throws(DistributionError) {
    guard trials >= 0, trials <= Int(UInt32.max) else {
      throw DistributionError(
        distribution: "Multinomial", parameter: "trials", requirement: "in 0...4294967295",
        value: "\(trials)")
    }
    do {
      self.probabilities = try Categorical(probabilities: probabilities).probabilities
    } catch {
      throw DistributionError(
        distribution: "Multinomial", parameter: error.parameter, requirement: error.requirement,
        value: error.value)
    }
    self.trials = trials
  }

  /// A multinomial from parameters already known to be valid.
  init(validatedTrials trials: Int, probabilities: [Double]) {
    self.trials = trials
    self.probabilities = probabilities
  }

  /// The number of categories K.
  public var dimension: Int { probabilities.count }
  /// The mean counts npᵢ.
  public var mean: [Double] { probabilities.map { Double(trials) * $0 } }
  /// The count variances npᵢ(1 - pᵢ).
  public var variance: [Double] { probabilities.map { Double(trials) * $0 * (1 - $0) } }

  /// log P(x) = log n! - Σᵢ log xᵢ! + Σᵢ xᵢ log pᵢ (with 0 log 0 = 0); -∞ for
  /// counts of the wrong length, negative, or not summing to n.
  ///
  /// Computed by Loader's saddle-point form, over the categories with xᵢ > 0:
  ///
  /// ```
  /// δ(n) - Σᵢ δ(xᵢ) + ½ log(2πn) - Σᵢ ½ log(2πxᵢ) - Σᵢ D(xᵢ, npᵢ) - n(1 - Σᵢ pᵢ)
  /// ```
  ///
  /// (Stirling's error δ, the deviance D), whose terms are of the size of the
  /// result; the log-factorials, each near n log n, cancel to 7e-8 relative at
  /// n = 10⁹. Below 256 trials, the direct sum from a table of log k!.
  ///
  /// - Parameter x: The counts, one per category.
  /// - Returns: log P(x).
  public func logDensity(_ x: [Int]) -> Double {
    guard x.count == probabilities.count, x.allSatisfy({ $0 >= 0 }), x.reduce(0, +) == trials
    else { return -.infinity }
    if trials == 0 { return 0 }
    if trials < Self.logFactorials.count {
      // Few trials: the direct sum in extended precision from a table is as
      // accurate (its terms are below 1,400) and several times faster.
      var sum = Self.logFactorials[trials]
      for (count, p) in zip(x, probabilities) where count > 0 {
        if p == 0 { return -.infinity }
        sum += Extended(count) * log(Extended(p)) - Self.logFactorials[count]
      }
      return Double(sum)
    }
    let n = Extended(trials)
    var sum = ExtendedMath.stirlingError(n) + log(2 * Extended.pi * n) / 2
    // 1 - Σ pᵢ over the categories seen, compensated (Neumaier): n times its
    // rounding error would be of the size of the result.
    var missing: Extended = 1
    var compensation: Extended = 0
    for (count, p) in zip(x, probabilities) where count > 0 {
      if p == 0 { return -.infinity }
      let (c, p) = (Extended(count), Extended(p))
      sum -= ExtendedMath.stirlingError(c) + log(2 * Extended.pi * c) / 2
      sum -= ExtendedMath.deviance(c, n * p)
      let next = missing - p
      compensation += abs(missing) >= p ? (missing - next) - p : (-p - next) + missing
      missing = next
    }
    return Double(sum - n * (missing + compensation))
  }

  /// log k! for k = 0...255, in extended precision.
  private static let logFactorials: [Extended] = (0...255).map {
    ExtendedMath.logGamma(Extended($0) + 1)
  }

  /// A draw by conditional binomials (as GSL's `gsl_ran_multinomial`): x₁ ~
  /// Binomial(n, p₁), then x₂ ~ Binomial(n - x₁, p₂/(1 - p₁)), and so on.
  ///
  /// Each conditional binomial is ``Binomial``'s draw, summed over chunks of
  /// at most 2²⁶ trials, so it is right for every n (GSL's own sampler
  /// breaks above 2³¹ trials and is too wide at 10⁹).
  ///
  /// - Returns: K counts summing to n.
  public func sample(using source: RandomSource) -> [Int] {
    var counts = [Int](repeating: 0, count: probabilities.count)
    var remaining = trials
    var remainingProbability = 1.0
    for (index, p) in probabilities.enumerated() where remaining > 0 {
      if index == probabilities.count - 1 || remainingProbability <= p {
        counts[index] = remaining
        break
      }
      let conditional = min(1, max(0, p / remainingProbability))
      let draw = binomialDraw(probability: conditional, trials: remaining, using: source)
      counts[index] = draw
      remaining -= draw
      remainingProbability -= p
    }
    return counts
  }

  private enum CodingKeys: String, CodingKey {
    case trials, probabilities
  }

  /// Decodes and validates, like ``init(trials:probabilities:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      trials: container.decode(Int.self, forKey: .trials),
      probabilities: container.decode([Double].self, forKey: .probabilities))
  }

  /// `Multinomial(trials: n, probabilities: [p₁, …])`.
  public var description: String {
    "Multinomial(trials: \(trials), probabilities: \(probabilities))"
  }
}
