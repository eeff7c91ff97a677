import Foundation
public import ProbKitCore

/// The Dirichlet distribution on the probability simplex with concentrations α.
///
/// Its density is
///
/// ```
/// p(x) = Πᵢ xᵢ^(αᵢ-1) / B(α),   xᵢ ≥ 0, Σᵢ xᵢ = 1
/// ```
///
/// where B(α) = Πᵢ Γ(αᵢ)/Γ(Σᵢ αᵢ). The conjugate prior of categorical and
/// multinomial probabilities.
///
/// ```swift
/// let prior = try Dirichlet(alphas: [1, 2, 3])
/// prior.logDensity([0.2, 0.3, 0.5])  // log(60 · 0.3 · 0.5²) = log 4.5 = 1.5040…
/// ```
public struct Dirichlet: MultivariateDistribution, ExponentialFamily, KullbackLeiblerDivergence {
  // MARK: - Type and validation

  /// The concentrations α₁, …, α_K, each > 0.
  public let alphas: [Double]

  /// Creates Dirichlet(α).
  ///
  /// - Parameter alphas: The concentrations, K ≥ 2 of them, each finite and > 0.
  /// - Throws: ``DistributionError`` for fewer than two entries or an invalid one.
  public init(alphas: [Double]) throws(DistributionError) {
    guard alphas.count >= 2 else {
      throw DistributionError(
        distribution: "Dirichlet", parameter: "alphas", requirement: "of length >= 2",
        value: "\(alphas.count) values")
    }
    let check = ParameterCheck(distribution: "Dirichlet")
    for (index, alpha) in alphas.enumerated() { try check.positive(alpha, "alphas[\(index)]") }
    self.alphas = alphas
  }

  /// The dimension K.
  public var dimension: Int { alphas.count }

  /// The total concentration α₀ = Σᵢ αᵢ; the larger, the tighter the draws.
  public var totalConcentration: Double { alphas.reduce(0, +) }

  // MARK: - Statistics

  /// The mean αᵢ/α₀.
  public var mean: [Double] {
    let total = totalConcentration
    return alphas.map { $0 / total }
  }

  /// The variances αᵢ(α₀ - αᵢ)/(α₀²(α₀ + 1)), computed as
  /// mᵢ(1 - mᵢ)/(α₀ + 1) with mᵢ = αᵢ/α₀ so that tiny α₀ does not underflow.
  public var variance: [Double] {
    let total = totalConcentration
    return alphas.map {
      let share = $0 / total
      return share * (1 - share) / (total + 1)
    }
  }

  /// The mode, with coordinates whose αᵢ ≤ 1 on the boundary:
  /// modeᵢ = max(αᵢ - 1, 0)/Σⱼ max(αⱼ - 1, 0).
  ///
  /// (αᵢ - 1)/(α₀ - K) when every αᵢ > 1. When every αᵢ ≤ 1 it is the vertex
  /// eⱼ if αⱼ = 1 is the only coordinate not below 1, else not unique: `nil`.
  public var mode: [Double]? {
    let excess = alphas.map { max($0 - 1, 0) }
    let total = excess.reduce(0, +)
    guard total > 0 else {
      // Every αᵢ ≤ 1: unique only when one αⱼ = 1 and the rest are below 1.
      let flat = alphas.indices.filter { alphas[$0] == 1 }
      guard flat.count == 1, let vertex = flat.first else { return nil }
      return alphas.indices.map { $0 == vertex ? 1 : 0 }
    }
    return excess.map { $0 / total }
  }

  /// The entropy log B(α) + (α₀ - K)ψ(α₀) - Σᵢ (αᵢ - 1)ψ(αᵢ).
  ///
  /// Differential, with respect to the uniform measure on the first K − 1
  /// coordinates.
  public var entropy: Double {
    let total = totalConcentration
    var sum =
      SpecialFunctions.logMultivariateBeta(alphas)
      + (total - Double(alphas.count)) * SpecialFunctions.digamma(total)
    for alpha in alphas { sum -= (alpha - 1) * SpecialFunctions.digamma(alpha) }
    return sum
  }

  // MARK: - Evaluation

  /// log p(x) = Σᵢ (αᵢ - 1) log xᵢ - log B(α), with 0·log 0 = 0 on the
  /// boundary (so a zero coordinate with αᵢ = 1 is finite, with αᵢ < 1 gives
  /// +∞, with αᵢ > 1 gives -∞); -∞ off the simplex (wrong length, a negative
  /// coordinate, or a sum further than 1e-10 from 1).
  public func logDensity(_ x: [Double]) -> Double {
    guard x.count == alphas.count else { return -.infinity }
    if x.contains(where: \.isNaN) { return .nan }
    guard x.allSatisfy({ $0 >= 0 }), abs(x.reduce(0, +) - 1) <= 1e-10 else { return -.infinity }
    if x.allSatisfy({ $0 > 0 }) { return Double(interiorLogDensity(x)) }
    var sum = -SpecialFunctions.logMultivariateBeta(alphas)
    for (alpha, coordinate) in zip(alphas, x) {
      sum += SpecialFunctions.xlogy(alpha - 1, coordinate)
    }
    return sum
  }

  /// log p(x) inside the simplex, with Stirling's formula written out.
  ///
  /// With Stirling's error δ, the terms of size α₀ log α₀ cancel exactly
  /// (in doubles their difference lost 6e-12 relative at α₀ = 10⁶):
  ///
  /// ```
  /// Σᵢ (αᵢ - 1) log(xᵢα₀/αᵢ) - ½ Σᵢ log αᵢ + (K - ½) log α₀ - (K - 1) log √(2π)
  ///   + δ(α₀) - Σᵢ δ(αᵢ)
  /// ```
  ///
  /// Near the mean, log(xᵢα₀/αᵢ) is log1p(dᵢ/αᵢ) with dᵢ = xᵢα₀ - αᵢ by a fused
  /// multiply-add, so its error is relative to dᵢ, not αᵢ.
  private func interiorLogDensity(_ x: [Double]) -> Extended {
    var high: Extended = 0
    var low: Extended = 0
    for alpha in alphas {
      let a = Extended(alpha)
      let next = high + a
      low += abs(high) >= a ? (high - next) + a : (a - next) + high
      high = next
    }
    let total = high + low
    let k = Extended(alphas.count)
    var sum =
      (k - 0.5) * log(total) - (k - 1) * ExtendedMath.logSquareRootOfTwoPi
      + ExtendedMath.stirlingError(total)
    for (alpha, coordinate) in zip(alphas, x) {
      let (a, c) = (Extended(alpha), Extended(coordinate))
      let ratio = ((-a).addingProduct(c, high) + c * low) / a
      // Far from the mean the logarithm is of order 1 and so is the result
      // relative to it; log1p(-1 + tiny) would lose the tiny.
      let logRatio = abs(ratio) < 0.5 ? log1p(ratio) : log(c * total / a)
      sum += (a - 1) * logRatio - log(a) / 2
      sum -= ExtendedMath.stirlingError(a)
    }
    return sum
  }

  /// The marginal distribution of coordinate `k`, Beta(αₖ, α₀ - αₖ) with
  /// α₀ = Σαⱼ: the way to a credible interval for one probability.
  ///
  /// ```swift
  /// let posterior = try Dirichlet(alphas: [3, 3, 5, 3, 2, 4])
  /// try posterior.marginal(2).quantile(0.975)  // Beta(5, 15): 97.5% bound on p₂, 0.4556…
  /// ```
  ///
  /// - Parameter k: The coordinate, in 0..<``dimension``.
  /// - Returns: The beta distribution of Xₖ.
  /// - Throws: ``DistributionError`` when k is outside 0..<dimension.
  public func marginal(_ k: Int) throws(DistributionError) -> Beta {
    guard k >= 0, k < alphas.count else {
      throw DistributionError(
        distribution: "Dirichlet", parameter: "k", requirement: "in 0..<\(alphas.count)",
        value: "\(k)")
    }
    var rest = 0.0
    for (j, alpha) in alphas.enumerated() where j != k { rest += alpha }
    return try Beta(alpha: alphas[k], beta: rest)
  }

  // MARK: - Sampling

  /// One draw from GSL's sampler (`gsl_ran_dirichlet`), which switches to a
  /// log-space method when all alphas are tiny: rows never come back NaN and
  /// always sum to 1, down to alphas of 1e-300.
  ///
  /// Allocates a new array per draw; for many draws, reuse one with
  /// ``sample(into:using:)->()``.
  public func sample(using source: RandomSource) -> [Double] {
    [Double](unsafeUninitializedCapacity: alphas.count) { buffer, initialized in
      alphas.withUnsafeBufferPointer { source._unsafeDirichlet(alphas: $0, into: buffer) }
      initialized = alphas.count
    }
  }

  /// One draw written into `theta`, reusing its storage: the fast path for
  /// many draws, where a new array per draw costs more than the draw
  /// (`Docs/Performance.md`).
  ///
  /// ```swift
  /// let (dirichlet, source) = (try Dirichlet(alphas: [1, 2, 3]), RandomSource(seed: 1))
  /// var theta: [Double] = []
  /// for _ in 0..<100_000 {
  ///   dirichlet.sample(into: &theta, using: source)  // allocates once, on the first draw
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - theta: Replaced by the draw; an array of ``dimension`` elements that
  ///     is not shared is overwritten in place, anything else is resized
  ///     first (allocating once).
  ///   - source: The random source.
  public func sample(into theta: inout [Double], using source: RandomSource) {
    if theta.count != alphas.count {
      theta = [Double](repeating: 0, count: alphas.count)
    }
    theta.withUnsafeMutableBufferPointer { buffer in
      alphas.withUnsafeBufferPointer { source._unsafeDirichlet(alphas: $0, into: buffer) }
    }
  }

  /// One draw written into a caller's buffer, without allocating.
  ///
  /// - Parameters:
  ///   - theta: A buffer of exactly ``dimension`` elements; a buffer of
  ///     another length is left untouched and `false` returned.
  ///   - source: The random source.
  /// - Returns: Whether a draw was written.
  @discardableResult
  public func sample(into theta: UnsafeMutableBufferPointer<Double>, using source: RandomSource)
    -> Bool
  {
    guard theta.count == alphas.count else { return false }
    alphas.withUnsafeBufferPointer { source._unsafeDirichlet(alphas: $0, into: theta) }
    return true
  }

  // MARK: - Exponential family

  /// η = (α₁ - 1, …, α_K - 1).
  public var naturalParameters: [Double] { alphas.map { $0 - 1 } }

  /// T(x) = (log x₁, …, log x_K).
  ///
  /// - Parameter x: A point of the simplex.
  /// - Returns: The coordinates' logarithms.
  public func sufficientStatistic(_ x: [Double]) -> [Double] { x.map { log($0) } }

  /// A(η) = log B(η + 1).
  ///
  /// - Parameter naturalParameters: η, ``dimension`` entries, each > -1.
  /// - Returns: A(η), or +∞ outside that set or for the wrong length.
  public func logPartition(_ naturalParameters: [Double]) -> Double {
    guard naturalParameters.count == alphas.count, naturalParameters.allSatisfy({ $0 > -1 }) else {
      return .infinity
    }
    return SpecialFunctions.logMultivariateBeta(naturalParameters.map { $0 + 1 })
  }

  /// log h(x) = 0 on the open simplex.
  ///
  /// - Parameter x: The point.
  /// - Returns: 0 on the open simplex, -∞ elsewhere.
  public func logBaseMeasure(_ x: [Double]) -> Double {
    guard x.count == alphas.count, x.allSatisfy({ $0 > 0 }), abs(x.reduce(0, +) - 1) <= 1e-10
    else { return -.infinity }
    return 0
  }

  /// E[T(X)] = (ψ(αᵢ) - ψ(α₀))ᵢ.
  public var meanParameters: [Double] {
    let total = SpecialFunctions.digamma(totalConcentration)
    return alphas.map { SpecialFunctions.digamma($0) - total }
  }

  /// The Dirichlet of this dimension with η = α - 1.
  ///
  /// - Parameter naturalParameters: η = α - 1.
  /// - Returns: Dirichlet(η + 1).
  /// - Throws: ``DistributionError`` unless η has ``dimension`` entries, each
  ///   finite and > -1.
  public func withNaturalParameters(
    _ naturalParameters: [Double]
  ) throws(DistributionError) -> Dirichlet {
    try ParameterCheck(distribution: "Dirichlet").length(
      naturalParameters, alphas.count, "naturalParameters")
    return try Dirichlet(alphas: naturalParameters.map { $0 + 1 })
  }

  /// The Dirichlet with E[log Xᵢ] = mᵢ, by Minka's fixed-point iteration
  /// αᵢ ← ψ⁻¹(ψ(Σⱼ αⱼ) + mᵢ) (Minka, "Estimating a Dirichlet distribution",
  /// 2000), which converges for any valid m.
  ///
  /// - Parameter mean: m, the mean log coordinates, ``dimension`` entries.
  /// - Returns: The Dirichlet with these mean parameters.
  /// - Throws: ``DistributionError`` unless every mᵢ < 0 and Σᵢ exp(mᵢ) < 1
  ///   (Jensen), or if 10,000 iterations do not reach relative change 1e-13.
  public func withMeanParameters(_ mean: [Double]) throws(DistributionError) -> Dirichlet {
    let check = ParameterCheck(distribution: "Dirichlet")
    try ParameterCheck(distribution: "Dirichlet").length(mean, alphas.count, "meanParameters")
    let slack = 1 - mean.reduce(0) { $0 + exp($1) }
    guard mean.allSatisfy({ $0 < 0 }), slack > 0 else {
      throw check.failure("1 - Σ exp(meanParameters)", "> 0", slack)
    }
    // Start from the moment-like guess αᵢ ∝ exp(mᵢ) with a total from the slack.
    var current = mean.map { exp($0) * (Double(mean.count) - 1) / (2 * slack) + 1e-3 }
    for _ in 0..<10_000 {
      let total = SpecialFunctions.digamma(current.reduce(0, +))
      let next = mean.map { inverseDigamma(total + $0) }
      let change = zip(next, current).map { abs($0 - $1) / $1 }.max() ?? 0
      current = next
      if change < 1e-13 { return try Dirichlet(alphas: current) }
    }
    throw check.failure("meanParameters", "reachable by Minka's iteration in 10000 steps", mean[0])
  }

  // MARK: - Divergence

  /// The Kullback–Leibler divergence KL(p ‖ q), in closed form.
  ///
  /// KL(p ‖ q) = log B(β) - log B(α) + Σᵢ (αᵢ - βᵢ)(ψ(αᵢ) - ψ(α₀)), for p =
  /// Dirichlet(α), q = Dirichlet(β); NaN if the dimensions differ.
  public func kullbackLeiblerDivergence(from other: Dirichlet) -> Double {
    guard other.alphas.count == alphas.count else { return .nan }
    let total = SpecialFunctions.digamma(totalConcentration)
    var sum =
      SpecialFunctions.logMultivariateBeta(other.alphas)
      - SpecialFunctions.logMultivariateBeta(alphas)
    for (a, b) in zip(alphas, other.alphas) {
      sum += (a - b) * (SpecialFunctions.digamma(a) - total)
    }
    return sum
  }

  // MARK: - Coding and description

  private enum CodingKeys: String, CodingKey {
    case alphas
  }

  /// Decodes and validates, like ``init(alphas:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(alphas: container.decode([Double].self, forKey: .alphas))
  }

  /// `Dirichlet(alphas: [α₁, …])`.
  public var description: String {
    "Dirichlet(alphas: \(alphas))"
  }
}

/// ψ⁻¹(y): the x > 0 with ψ(x) = y, by Newton's method from Minka's start
/// (exp(y) + 1/2 for y ≥ -2.22, -1/(y + γ) below).
package func inverseDigamma(_ y: Double) -> Double {
  var x = y >= -2.22 ? exp(y) + 0.5 : -1 / (y + 0.577_215_664_901_532_9)
  for _ in 0..<50 {
    let step = (SpecialFunctions.digamma(x) - y) / SpecialFunctions.trigamma(x)
    var next = x - step
    if next <= 0 { next = x / 2 }
    if abs(next - x) <= 1e-15 * x { return next }
    x = next
  }
  return x
}
