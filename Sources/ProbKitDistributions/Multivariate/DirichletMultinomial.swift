import Foundation
public import ProbKitCore

/// The Dirichlet-multinomial distribution: multinomial counts whose
/// probabilities are themselves Dirichlet(α).
///
/// Its mass function is
///
/// ```
/// P(x) = n!/(x₁! … x_K!) · B(α + x)/B(α),   xᵢ ≥ 0, Σᵢ xᵢ = n
/// ```
///
/// The posterior predictive of multinomial counts under a Dirichlet prior.
///
/// ```swift
/// let predictive = try DirichletMultinomial(trials: 5, alphas: [1, 1, 1])
/// predictive.density([5, 0, 0])   // 1/21: every split of 5 is equally likely
/// predictive.mean                 // nαᵢ/α₀ = [1.6666…, 1.6666…, 1.6666…]
/// ```
public struct DirichletMultinomial: MultivariateDistribution {
  /// The number of trials n ≥ 0.
  public let trials: Int
  /// The Dirichlet concentrations α, each > 0.
  public let alphas: [Double]

  /// Creates DirichletMultinomial(n, α).
  ///
  /// - Parameters:
  ///   - trials: n, in 0...2³² - 1.
  ///   - alphas: α, K ≥ 2 concentrations, each finite and > 0.
  /// - Throws: ``DistributionError`` naming the invalid parameter.
  public init(trials: Int, alphas: [Double]) throws(DistributionError) {
    guard trials >= 0, trials <= Int(UInt32.max) else {
      throw DistributionError(
        distribution: "DirichletMultinomial", parameter: "trials",
        requirement: "in 0...4294967295", value: "\(trials)")
    }
    do {
      self.alphas = try Dirichlet(alphas: alphas).alphas
    } catch {
      throw DistributionError(
        distribution: "DirichletMultinomial", parameter: error.parameter,
        requirement: error.requirement, value: error.value)
    }
    self.trials = trials
  }

  /// The number of categories K.
  public var dimension: Int { alphas.count }
  /// The mean counts nαᵢ/α₀.
  public var mean: [Double] {
    let total = alphas.reduce(0, +)
    return alphas.map { Double(trials) * $0 / total }
  }
  /// The count variances n mᵢ(1 - mᵢ)(n + α₀)/(1 + α₀), with mᵢ = αᵢ/α₀.
  public var variance: [Double] {
    let total = alphas.reduce(0, +)
    let n = Double(trials)
    return alphas.map {
      let share = $0 / total
      return n * share * (1 - share) * (n + total) / (1 + total)
    }
  }

  /// log P(x) = log n! - Σᵢ log xᵢ! + log B(α + x) - log B(α); -∞ for counts
  /// of the wrong length, negative, or not summing to n.
  ///
  /// Computed with Stirling's formula written out (Stirling's error δ, the
  /// deviance D, A = Σᵢ αᵢ, N = n + A, mᵢ = xᵢ + αᵢ, Mᵢ = n mᵢ/N,
  /// M'ᵢ = A mᵢ/N), whose terms are of the size of the result:
  ///
  /// ```
  /// -Σᵢ [D(xᵢ, Mᵢ) + D(αᵢ, M'ᵢ)] + ½ log(Nn/A) + δ(A) + δ(n) - δ(N)
  ///   + Σ_{xᵢ>0} [½ log(αᵢ/(mᵢxᵢ)) - log √(2π) - δ(αᵢ) - δ(xᵢ) + δ(mᵢ)] + log √(2π)
  /// ```
  ///
  /// The sum of log-factorials and log-betas lost 1.9e-8 relative at n = 10⁹.
  ///
  /// - Parameter x: The counts, one per category.
  /// - Returns: log P(x).
  public func logDensity(_ x: [Int]) -> Double {
    guard x.count == alphas.count, x.allSatisfy({ $0 >= 0 }), x.reduce(0, +) == trials
    else { return -.infinity }
    if trials == 0 { return 0 }
    var total: Extended = 0
    for alpha in alphas { total += Extended(alpha) }
    guard total <= 1e15 else {
      // Past 10¹⁵ the rounding of Mᵢ ≈ αᵢ, squared over Mᵢ, is no longer
      // negligible in D(αᵢ, M'ᵢ); there the log-betas do not cancel much.
      var sum = SpecialFunctions.logFactorial(trials) - SpecialFunctions.logMultivariateBeta(alphas)
      for count in x { sum -= SpecialFunctions.logFactorial(count) }
      return sum + SpecialFunctions.logMultivariateBeta(zip(alphas, x).map { $0 + Double($1) })
    }
    let n = Extended(trials)
    let all = n + total
    // Σᵢ (Mᵢ + M'ᵢ) = N exactly, so the deviances' Mᵢ + M'ᵢ - xᵢ - αᵢ cancel
    // without being summed (summing the rounded Mᵢ would bring back their
    // rounding, about N·ε); a rounded Mᵢ moves D(xᵢ, Mᵢ) only by
    // (Mᵢ - xᵢ)/Mᵢ times it.
    var sum =
      (log(all) + log(n) - log(total)) / 2 + ExtendedMath.logSquareRootOfTwoPi
      + ExtendedMath.stirlingError(total) + ExtendedMath.stirlingError(n)
      - ExtendedMath.stirlingError(all)
    for (count, alpha) in zip(x, alphas) {
      let (c, a) = (Extended(count), Extended(alpha))
      let m = c + a
      let (expectedCount, expectedAlpha) = (n * m / all, total * m / all)
      sum -= ExtendedMath.deviance(c, expectedCount) + ExtendedMath.deviance(a, expectedAlpha)
      guard count > 0 else { continue }
      sum += (log(a) - log(m) - log(c)) / 2 - ExtendedMath.logSquareRootOfTwoPi
      let stirling =
        ExtendedMath.stirlingError(a) + ExtendedMath.stirlingError(c)
        - ExtendedMath.stirlingError(m)
      sum -= stirling
    }
    return Double(sum)
  }

  /// A draw: probabilities from Dirichlet(α), then multinomial counts.
  ///
  /// - Returns: K counts summing to n.
  public func sample(using source: RandomSource) -> [Int] {
    var probabilities = [Double](repeating: 0, count: alphas.count)
    alphas.withUnsafeBufferPointer { alphas in
      probabilities.withUnsafeMutableBufferPointer {
        source._unsafeDirichlet(alphas: alphas, into: $0)
      }
    }
    // A Dirichlet draw sums to 1 up to rounding; renormalise for the multinomial.
    let total = probabilities.reduce(0, +)
    let multinomial = Multinomial(
      validatedTrials: trials, probabilities: probabilities.map { $0 / total })
    return multinomial.sample(using: source)
  }

  private enum CodingKeys: String, CodingKey {
    case trials, alphas
  }

  /// Decodes and validates, like ``init(trials:alphas:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      trials: container.decode(Int.self, forKey: .trials),
      alphas: container.decode([Double].self, forKey: .alphas))
  }

  /// `DirichletMultinomial(trials: n, alphas: [α₁, …])`.
  public var description: String {
    "DirichletMultinomial(trials: \(trials), alphas: \(alphas))"
  }
}
