import Foundation
public import ProbKitCore

/// The beta-binomial distribution: a binomial count whose success probability
/// is itself Beta(α, β).
///
/// Its mass function is
///
/// ```
/// P(X = k) = C(n, k) B(k + α, n - k + β)/B(α, β),   k = 0, …, n
/// ```
///
/// The posterior predictive of a binomial count under a beta prior.
///
/// ```swift
/// let predictive = try BetaBinomial(trials: 10, alpha: 3, beta: 5)
/// predictive.mean        // nα/(α + β) = 3.75
/// predictive.variance    // 4.6875, wider than Binomial(10, 3/8)'s 2.34375
/// predictive.density(0)  // B(3, 15)/B(3, 5) = 7/136 ≈ 0.05147
/// predictive.mode        // Optional(3)
/// ```
public struct BetaBinomial: DiscreteUnivariateDistribution {
  /// The number of trials n ≥ 0.
  ///
  /// ```swift
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).trials  // 10
  /// ```
  public let trials: Int
  /// The first shape α > 0 of the beta mixing distribution.
  ///
  /// ```swift
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).alpha  // 3.0
  /// ```
  public let alpha: Double
  /// The second shape β > 0 of the beta mixing distribution.
  ///
  /// ```swift
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).beta  // 5.0
  /// ```
  public let beta: Double

  /// Creates BetaBinomial(n, α, β).
  ///
  /// ```swift
  /// let uniform = try BetaBinomial(trials: 4, alpha: 1, beta: 1)
  /// uniform.density(2)                                           // 1/5 = 0.2: flat on 0...4
  /// (try? BetaBinomial(trials: 4, alpha: 0, beta: 1)) == nil     // true: α must be > 0
  /// ```
  ///
  /// - Parameters:
  ///   - trials: n, in 0...2³² - 1.
  ///   - alpha: α, finite and > 0.
  ///   - beta: β, finite and > 0.
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(trials: Int, alpha: Double, beta: Double) throws(DistributionError) {
    let check = ParameterCheck(distribution: "BetaBinomial")
    guard trials >= 0, trials <= Int(UInt32.max) else {
      throw DistributionError(
        distribution: "BetaBinomial", parameter: "trials", requirement: "in 0...4294967295",
        value: "\(trials)")
    }
    try check.positive(alpha, "alpha")
    try check.positive(beta, "beta")
    self.trials = trials
    self.alpha = alpha
    self.beta = beta
  }

  /// The support, {0, …, n}.
  ///
  /// ```swift
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).support  // 0...10
  /// ```
  public var support: ClosedRange<Int> { 0...trials }
  /// The mean nα/(α + β).
  ///
  /// ```swift
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).mean  // 10 · 3/8 = 3.75
  /// ```
  public var mean: Double { Double(trials) * alpha / (alpha + beta) }
  /// The variance nαβ(α + β + n)/((α + β)²(α + β + 1)).
  ///
  /// ```swift
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).variance  // 10 · 15 · 18/(64 · 9) = 4.6875
  /// ```
  public var variance: Double {
    let n = Double(trials)
    let total = alpha + beta
    return n * alpha * beta * (total + n) / (total * total * (total + 1))
  }
  /// The most probable count, found by scanning 0...n; `nil` on a tie.
  ///
  /// O(n) evaluations of the mass function.
  ///
  /// ```swift
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).mode   // Optional(3)
  /// try BetaBinomial(trials: 10, alpha: 1, beta: 1).mode   // nil: uniform on 0...10
  /// try BetaBinomial(trials: 10, alpha: 0.5, beta: 2).mode // Optional(0)
  /// ```
  public var mode: Int? {
    var best = 0
    var bestLog = logDensity(0)
    var tie = false
    for k in stride(from: 1, through: trials, by: 1) {
      let value = logDensity(k)
      if value > bestLog {
        (best, bestLog, tie) = (k, value, false)
      } else if value == bestLog {
        tie = true
      }
    }
    return tie ? nil : best
  }
  /// The entropy -Σₖ P(k) log P(k), summed over 0...n.
  ///
  /// ```swift
  /// try BetaBinomial(trials: 4, alpha: 1, beta: 1).entropy   // uniform on 0...4: log 5 = 1.6094…
  /// try BetaBinomial(trials: 10, alpha: 3, beta: 5).entropy  // 2.1547…
  /// ```
  public var entropy: Double {
    var sum = 0.0
    for k in 0...trials {
      let logMass = logDensity(k)
      if logMass > -.infinity { sum -= exp(logMass) * logMass }
    }
    return sum
  }

  /// log P(X = k) = log C(n, k) + log B(k + α, n - k + β) - log B(α, β);
  /// -∞ outside 0...n.
  ///
  /// ```swift
  /// let predictive = try BetaBinomial(trials: 10, alpha: 3, beta: 5)
  /// predictive.logDensity(0)   // log(7/136) = -2.9667…
  /// predictive.logDensity(11)  // -inf
  /// ```
  ///
  /// - Parameter k: The number of successes.
  /// - Returns: log P(X = k).
  public func logDensity(_ k: Int) -> Double {
    guard k >= 0, k <= trials else { return -.infinity }
    // In extended precision: for large α, β the log-beta terms nearly cancel.
    let (n, count, a, b) = (Extended(trials), Extended(k), Extended(alpha), Extended(beta))
    return Double(
      ExtendedMath.logBinomialCoefficient(n, count) + ExtendedMath.logBeta(count + a, n - count + b)
        - ExtendedMath.logBeta(a, b))
  }
  /// P(X ≤ k), by summing the mass function over 0...k.
  ///
  /// ```swift
  /// try BetaBinomial(trials: 2, alpha: 1, beta: 1).cdf(0)  // 1/3: uniform on 0...2
  /// ```
  ///
  /// - Parameter k: The number of successes.
  /// - Returns: P(X ≤ k).
  public func cdf(_ k: Int) -> Double {
    if k < 0 { return 0 }
    if k >= trials { return 1 }
    return (0...k).reduce(0) { $0 + density($1) }
  }
  /// P(X > k), summed directly over k + 1...n.
  ///
  /// ```swift
  /// let uniform = try BetaBinomial(trials: 4, alpha: 1, beta: 1)
  /// uniform.survival(2)  // P(3) + P(4) = 0.4
  /// uniform.survival(4)  // 0.0
  /// ```
  ///
  /// - Parameter k: The number of successes.
  /// - Returns: P(X > k).
  public func survival(_ k: Int) -> Double {
    if k < 0 { return 1 }
    if k >= trials { return 0 }
    return ((k + 1)...trials).reduce(0) { $0 + density($1) }
  }
  /// The smallest k with P(X ≤ k) ≥ p; `nil` outside [0, 1].
  ///
  /// ```swift
  /// let uniform = try BetaBinomial(trials: 4, alpha: 1, beta: 1)
  /// uniform.quantile(0.5)  // Optional(2): P(X ≤ 2) = 0.6
  /// uniform.quantile(1)    // Optional(4): the support is bounded
  /// ```
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` for p outside [0, 1].
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    return discreteQuantile(
      p, guess: Int(mean.rounded(.down)), lowest: 0, highest: trials, cdf: cdf, survival: survival)
  }

  /// A draw: a success probability from Beta(α, β), then a binomial count.
  ///
  /// ```swift
  /// let predictive = try BetaBinomial(trials: 10, alpha: 3, beta: 5)
  /// predictive.sample(using: RandomSource(seed: 1))  // an Int in 0...10
  /// ```
  ///
  /// - Parameter source: The random source to draw from.
  /// - Returns: A number of successes in 0...n.
  public func sample(using source: RandomSource) -> Int {
    let mixing = Beta(validatedAlpha: alpha, beta: beta)
    return source._unsafeBinomial(
      probability: mixing.sample(using: source), trials: UInt32(truncatingIfNeeded: trials))
  }

  private enum CodingKeys: String, CodingKey {
    case trials, alpha, beta
  }

  /// Decodes and validates, like ``init(trials:alpha:beta:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      trials: container.decode(Int.self, forKey: .trials),
      alpha: container.decode(Double.self, forKey: .alpha),
      beta: container.decode(Double.self, forKey: .beta))
  }

  /// `BetaBinomial(trials: n, alpha: α, beta: β)`.
  ///
  /// ```swift
  /// let predictive = try BetaBinomial(trials: 10, alpha: 3, beta: 5)
  /// predictive.description  // "BetaBinomial(trials: 10, alpha: 3.0, beta: 5.0)"
  /// ```
  public var description: String {
    "BetaBinomial(trials: \(trials), alpha: \(alpha), beta: \(beta))"
  }
}
