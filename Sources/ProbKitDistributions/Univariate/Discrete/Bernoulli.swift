import Foundation
public import ProbKitCore

/// The Bernoulli distribution: 1 with probability p, 0 with probability 1 - p.
///
/// ```
/// P(X = 1) = p,   P(X = 0) = 1 - p
/// ```
///
/// ```swift
/// let coin = try Bernoulli(probability: 0.3)
/// coin.logDensity(1)      // log 0.3 = -1.2039…
/// ```
public struct Bernoulli: DiscreteUnivariateDistribution, ExponentialFamily,
  KullbackLeiblerDivergence
{
  // MARK: - Type and validation

  /// The probability p of a 1.
  public let probability: Double

  /// Creates Bernoulli(p).
  ///
  /// - Parameter probability: The probability of a 1, in [0, 1].
  /// - Throws: ``DistributionError`` if the probability is outside [0, 1] or NaN.
  public init(probability: Double) throws(DistributionError) {
    try ParameterCheck(distribution: "Bernoulli").probability(probability, "probability")
    self.probability = probability
  }

  // MARK: - Statistics

  /// The support, {0, 1}.
  public var support: ClosedRange<Int> { 0...1 }

  /// The mean p.
  public var mean: Double { probability }

  /// The variance p(1 - p).
  public var variance: Double { probability * (1 - probability) }

  /// The mode: 1 if p > 1/2, 0 if p < 1/2, `nil` (both) at p = 1/2.
  public var mode: Int? {
    probability == 0.5 ? nil : (probability > 0.5 ? 1 : 0)
  }

  /// The entropy -p log p - (1 - p) log(1 - p).
  public var entropy: Double {
    // `0 - …` rather than `-…`: a point mass has entropy +0, not -0.
    0 - SpecialFunctions.xlogy(probability, probability)
      - (probability == 1 ? 0 : (1 - probability) * log1p(-probability))
  }

  // MARK: - Evaluation

  /// log P(X = x): log p at 1, log(1 - p) at 0, -∞ elsewhere.
  ///
  /// - Returns: log P(X = x).
  public func logDensity(_ x: Int) -> Double {
    switch x {
    case 1: log(probability)
    case 0: log1p(-probability)
    default: -.infinity
    }
  }

  /// P(X ≤ x).
  ///
  /// - Returns: 0 below 0, 1 - p on 0, 1 from 1 on.
  public func cdf(_ x: Int) -> Double {
    x < 0 ? 0 : (x < 1 ? 1 - probability : 1)
  }

  /// P(X > x).
  ///
  /// - Returns: 1 below 0, p on 0, 0 from 1 on.
  public func survival(_ x: Int) -> Double {
    x < 0 ? 1 : (x < 1 ? probability : 0)
  }

  /// 0 if p ≤ 1 - probability, else 1; `nil` outside [0, 1].
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    // P(X ≤ 0) = 1 - prob ≥ p, tested as prob ≤ 1 - p where 1 - p is exact
    // (p > 1/2): 1 - prob rounds to 1 for prob = 1e-300, and quantile(1)
    // must still be 1.
    return (p <= 0.5 ? p <= 1 - probability : probability <= 1 - p) ? 0 : 1
  }

  // MARK: - Sampling

  /// A draw from `gsl_ran_bernoulli`.
  ///
  /// - Returns: 0 or 1.
  @inlinable
  public func sample(using source: RandomSource) -> Int {
    source._unsafeBernoulli(probability: probability)
  }

  // MARK: - Exponential family

  /// η = (logit p) = (log(p/(1 - p))): the log-odds.
  public var naturalParameters: [Double] { [SpecialFunctions.logit(probability)] }

  /// T(x) = (x).
  ///
  /// - Parameter x: The value, 0 or 1.
  /// - Returns: (x).
  public func sufficientStatistic(_ x: Int) -> [Double] { [Double(x)] }

  /// A(η) = log(1 + e^η).
  ///
  /// - Parameter naturalParameters: η, one entry.
  /// - Returns: A(η), or +∞ for the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == 1 else { return .infinity }
    return SpecialFunctions.log1pExp(naturalParameters[0])
  }

  /// log h(x) = 0 on {0, 1}.
  ///
  /// - Returns: 0 on {0, 1}, -∞ elsewhere.
  public func logBaseMeasure(_ x: Int) -> Double { x == 0 || x == 1 ? 0 : -.infinity }

  /// E[T(X)] = (p).
  public var meanParameters: [Double] { [probability] }

  /// The Bernoulli with log-odds η: p = σ(η), the logistic sigmoid.
  ///
  /// - Parameter naturalParameters: η = (logit p).
  /// - Returns: Bernoulli(σ(η)).
  /// - Throws: ``DistributionError`` unless η has one finite entry.
  public func withNaturalParameters(
    _ naturalParameters: [Double]
  ) throws(DistributionError) -> Bernoulli {
    try ParameterCheck(distribution: "Bernoulli").length(naturalParameters, 1, "naturalParameters")
    try ParameterCheck(distribution: "Bernoulli").finite(
      naturalParameters[0], "naturalParameters[0]")
    return try Bernoulli(probability: SpecialFunctions.sigmoid(naturalParameters[0]))
  }

  /// The Bernoulli with mean p.
  ///
  /// - Parameter mean: (p), the average of the 0/1 data.
  /// - Returns: Bernoulli(p).
  /// - Throws: ``DistributionError`` unless p is in [0, 1].
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Bernoulli {
    try ParameterCheck(distribution: "Bernoulli").length(mean, 1, "meanParameters")
    return try Bernoulli(probability: mean[0])
  }

  // MARK: - Divergence

  /// KL(p ‖ q) = p log(p/q) + (1 - p) log((1 - p)/(1 - q)), with 0 log 0 = 0.
  public func kullbackLeiblerDivergence(from other: Bernoulli) -> Double {
    let p = probability
    let q = other.probability
    let ones = p == 0 ? 0 : p * (log(p) - log(q))
    let zeros = p == 1 ? 0 : (1 - p) * (log1p(-p) - log1p(-q))
    return ones + zeros
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case probability
  }

  /// Decodes and validates, like ``init(probability:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(probability: container.decode(Double.self, forKey: .probability))
  }

  /// `Bernoulli(probability: p)`.
  public var description: String {
    "Bernoulli(probability: \(probability))"
  }
}
