import Foundation
internal import GSLBridge
public import ProbKitCore

/// The categorical distribution over the labels 0..<K with probabilities p.
///
/// Its mass function is
///
/// ```
/// P(X = k) = pₖ,   k = 0, 1, …, K - 1
/// ```
///
/// Its natural parameters are the K - 1 log-odds ηₖ = log(pₖ/p_{K-1}), and
/// p = softmax(η₀, …, η_{K-2}, 0): softmax regression's response function.
///
/// ```swift
/// let die = try Categorical(probabilities: [0.1, 0.2, 0.3, 0.4])
/// die.sample(count: 10_000, using: RandomSource(seed: 1))  // by alias table
/// ```
public struct Categorical: DiscreteUnivariateDistribution, ExponentialFamily,
  KullbackLeiblerDivergence
{
  // MARK: - Type and validation

  /// The probabilities p₀, …, p_{K-1}: each in [0, 1], summing to 1.
  public let probabilities: [Double]

  /// Creates a categorical distribution from probabilities.
  ///
  /// They must sum to 1 within 1e-10·K, and are then normalised.
  ///
  /// - Parameter probabilities: p₀, …, p_{K-1}, with K ≥ 1.
  /// - Throws: ``DistributionError`` for an empty vector, a negative or
  ///   non-finite entry, or a sum other than 1.
  public init(probabilities: [Double]) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Categorical")
    guard !probabilities.isEmpty else {
      throw DistributionError(
        distribution: "Categorical", parameter: "probabilities", requirement: "non-empty",
        value: "[]")
    }
    for (index, p) in probabilities.enumerated() {
      try check.probability(p, "probabilities[\(index)]")
    }
    let total = probabilities.reduce(0, +)
    guard abs(total - 1) <= 1e-10 * Double(probabilities.count) else {
      throw check.failure("the sum of probabilities", "1", total)
    }
    self.probabilities = total == 1 ? probabilities : probabilities.map { $0 / total }
  }

  /// Creates the categorical with pₖ = exp(ℓₖ)/Σⱼ exp(ℓⱼ), the softmax of
  /// `logits`, computed stably for logits of any size.
  ///
  /// ```swift
  /// try Categorical(logits: [1000, 1000]).probabilities  // [0.5, 0.5]: no overflow
  /// ```
  ///
  /// - Parameter logits: ℓ₀, …, ℓ_{K-1}, with K ≥ 1; entries may be -∞
  ///   (probability 0) but not all of them, and none NaN or +∞.
  /// - Throws: ``DistributionError`` for an empty vector, NaN or +∞ entries, or
  ///   all entries -∞.
  public init(logits: [Double]) throws(DistributionError) {
    let check = ParameterCheck(distribution: "Categorical")
    for (index, logit) in logits.enumerated() where logit.isNaN || logit == .infinity {
      throw check.failure("logits[\(index)]", "finite or -inf", logit)
    }
    guard logits.contains(where: { $0 > -.infinity }) else {
      throw DistributionError(
        distribution: "Categorical", parameter: "logits",
        requirement: "non-empty with at least one finite entry", value: "\(logits)")
    }
    try self.init(probabilities: SpecialFunctions.softmax(logits))
  }

  /// The number of categories K.
  public var categoryCount: Int { probabilities.count }

  // MARK: - Statistics

  /// The support, {0, …, K - 1}.
  public var support: ClosedRange<Int> { 0...(probabilities.count - 1) }

  /// The mean label, Σₖ k pₖ.
  public var mean: Double {
    probabilities.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
  }

  /// The variance of the label, Σₖ (k - mean)² pₖ.
  public var variance: Double {
    let center = mean
    return probabilities.enumerated().reduce(0) {
      $0 + (Double($1.offset) - center) * (Double($1.offset) - center) * $1.element
    }
  }

  /// The most probable label; `nil` when several share the largest probability.
  public var mode: Int? {
    guard let largest = probabilities.max() else { return nil }
    let winners = probabilities.indices.filter { probabilities[$0] == largest }
    return winners.count == 1 ? winners[0] : nil
  }

  /// The entropy -Σₖ pₖ log pₖ (with 0 log 0 = 0).
  public var entropy: Double {
    // `0 - …` rather than `-…`: a point mass has entropy +0, not -0.
    0 - probabilities.reduce(0) { $0 + SpecialFunctions.xlogy($1, $1) }
  }

  // MARK: - Evaluation

  /// log pₖ; -∞ for labels outside 0..<K.
  public func logDensity(_ k: Int) -> Double {
    probabilities.indices.contains(k) ? log(probabilities[k]) : -.infinity
  }

  /// P(X ≤ k) = Σ_{j ≤ k} pⱼ.
  public func cdf(_ k: Int) -> Double {
    guard k >= 0 else { return 0 }
    guard k < probabilities.count - 1 else { return 1 }
    return probabilities[...k].reduce(0, +)
  }

  /// P(X > k) = Σ_{j > k} pⱼ, summed directly.
  public func survival(_ k: Int) -> Double {
    guard k < probabilities.count - 1 else { return 0 }
    guard k >= 0 else { return 1 }
    return probabilities[(k + 1)...].reduce(0, +)
  }

  /// The smallest k with P(X ≤ k) ≥ p; `nil` outside [0, 1].
  ///
  /// Categories of probability 0 are never returned (except the last, for
  /// p = 1 when it is the only one left).
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` for p outside [0, 1].
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    var cumulative = 0.0
    for (k, probability) in probabilities.enumerated() {
      cumulative += probability
      if cumulative >= p && probability > 0 || k == probabilities.count - 1 { return k }
    }
    return probabilities.count - 1
  }

  // MARK: - Sampling

  /// One draw by inversion: the first k whose cumulative probability exceeds
  /// a uniform draw (O(K)).
  ///
  /// - Returns: A label in 0..<K with positive probability.
  public func sample(using source: RandomSource) -> Int {
    let u = source.nextUniform()
    var cumulative = 0.0
    for (k, probability) in probabilities.enumerated() {
      cumulative += probability
      if u < cumulative { return k }
    }
    // Rounding left the cumulative sum just below 1: the last category with
    // positive probability.
    return probabilities.lastIndex { $0 > 0 } ?? probabilities.count - 1
  }

  /// `count` draws from GSL's alias table (`gsl_ran_discrete`), built once for
  /// the call: O(K) to build, then O(1) per draw.
  ///
  /// A different stream from repeated ``sample(using:)``: the same seed gives
  /// other labels.
  ///
  /// - Parameters:
  ///   - count: How many draws; zero or negative gives an empty array.
  ///   - source: The random source to draw from.
  /// - Returns: The labels drawn, in order.
  public func sample(count: Int, using source: RandomSource) -> [Int] {
    guard count > 0 else { return [] }
    DrawCount.require(count, of: Int.self)
    guard let table = try? GSLAliasTable(weights: probabilities) else {
      // GSL refuses only invalid weights, which the initializer rules out.
      return (0..<count).map { _ in sample(using: source) }
    }
    var draws = [Int](repeating: 0, count: count)
    draws.withUnsafeMutableBufferPointer { table.fill($0, using: source.generator) }
    return draws
  }

  // MARK: - Exponential family

  /// η = (log(p₀/p_{K-1}), …, log(p_{K-2}/p_{K-1})): K - 1 log-odds against
  /// the last category.
  public var naturalParameters: [Double] {
    let last = log(probabilities[probabilities.count - 1])
    return probabilities.dropLast().map { log($0) - last }
  }

  /// T(k) = the first K - 1 entries of the one-hot encoding of k.
  ///
  /// - Parameter k: The label.
  /// - Returns: K - 1 indicators.
  public func sufficientStatistic(_ k: Int) -> [Double] {
    (0..<(probabilities.count - 1)).map { $0 == k ? 1 : 0 }
  }

  /// A(η) = log(1 + Σₖ exp ηₖ) = logSumExp(η₀, …, η_{K-2}, 0).
  ///
  /// - Parameter naturalParameters: η, K - 1 entries.
  /// - Returns: A(η), or +∞ for the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == probabilities.count - 1 else { return .infinity }
    return SpecialFunctions.logSumExp(naturalParameters + [0])
  }

  /// log h(k) = 0 on {0, …, K - 1}.
  ///
  /// - Parameter k: The label.
  /// - Returns: 0 on 0..<K, -∞ elsewhere.
  public func logBaseMeasure(_ k: Int) -> Double {
    probabilities.indices.contains(k) ? 0 : -.infinity
  }

  /// E[T(X)] = (p₀, …, p_{K-2}).
  public var meanParameters: [Double] { Array(probabilities.dropLast()) }

  /// The categorical with log-odds η against the last category:
  /// p = softmax(η₀, …, η_{K-2}, 0).
  ///
  /// - Parameter naturalParameters: η, K - 1 log-odds.
  /// - Returns: The categorical with p = softmax(η, 0).
  /// - Throws: ``DistributionError`` unless η has K - 1 finite entries.
  public func withNaturalParameters(
    _ naturalParameters: [Double]
  ) throws(DistributionError) -> Categorical {
    try ParameterCheck(distribution: "Categorical").length(
      naturalParameters, probabilities.count - 1, "naturalParameters")
    let check = ParameterCheck(distribution: "Categorical")
    for (index, eta) in naturalParameters.enumerated() {
      try check.finite(eta, "naturalParameters[\(index)]")
    }
    return try Categorical(probabilities: SpecialFunctions.softmax(naturalParameters + [0]))
  }

  /// The categorical with p₀, …, p_{K-2} given (and p_{K-1} = 1 - their sum).
  ///
  /// - Parameter mean: p₀, …, p_{K-2}: the label frequencies but the last.
  /// - Returns: The categorical with these probabilities.
  /// - Throws: ``DistributionError`` unless the entries are probabilities whose
  ///   sum is at most 1.
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Categorical {
    try ParameterCheck(distribution: "Categorical").length(
      mean, probabilities.count - 1, "meanParameters")
    let last = 1 - mean.reduce(0, +)
    return try Categorical(probabilities: mean + [max(0, last)])
  }

  // MARK: - Divergence

  /// KL(p ‖ q) = Σₖ pₖ log(pₖ/qₖ), with 0 log 0 = 0; +∞ if some pₖ > 0 = qₖ,
  /// NaN if the numbers of categories differ.
  public func kullbackLeiblerDivergence(from other: Categorical) -> Double {
    guard other.probabilities.count == probabilities.count else { return .nan }
    var sum = 0.0
    for (p, q) in zip(probabilities, other.probabilities) where p > 0 {
      sum += p * (log(p) - log(q))
    }
    return sum
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case probabilities
  }

  /// Decodes and validates, like ``init(probabilities:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(probabilities: container.decode([Double].self, forKey: .probabilities))
  }

  /// `Categorical(probabilities: [p₀, …])`.
  public var description: String {
    "Categorical(probabilities: \(probabilities))"
  }
}
