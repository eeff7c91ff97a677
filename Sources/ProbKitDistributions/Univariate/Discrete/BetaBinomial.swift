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
/// predictive.variance    // 4.6875, wider than Binomial(10, 3/8)'s 2.34375
/// ```
public struct BetaBinomial: DiscreteUnivariateDistribution {
  /// The number of trials n ≥ 0.
  public let trials: Int
  /// The first shape α > 0 of the beta mixing distribution.
  public let alpha: Double
  /// The second shape β > 0 of the beta mixing distribution.
  public let beta: Double

  /// Creates BetaBinomial(n, α, β).
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
  public var support: ClosedRange<Int> { 0...trials }
  /// The mean nα/(α + β).
  public var mean: Double {
    // n/(1 + β/α): α + β can overflow, and halving 5e-324 gives 0.
    Double(trials) / (1 + beta / alpha)
  }
  /// The variance nαβ(α + β + n)/((α + β)²(α + β + 1)).
  public var variance: Double {
    // As n(α/s)(β/s)(1 + (n - 1)/(s + 1)), s = α + β, with α/s = 1/(1 + β/α):
    // αβ and s² underflow or overflow at the extremes.
    let n = Double(trials)
    let (m, q) = (1 / (1 + beta / alpha), 1 / (1 + alpha / beta))
    return n * m * q * (1 + (n - 1) / (alpha + beta + 1))
  }
  /// The most probable count; `nil` on a tie.
  ///
  /// The mass function is unimodal or U-shaped: it rises while
  /// P(k + 1)/P(k) = (n - k)(k + α)/((k + 1)(n - k - 1 + β)) ≥ 1, which
  /// crosses 1 at k* = (n(α - 1) + 1 - β)/(α + β - 2). Up to 10,000 trials
  /// every count is compared; above, the candidates 0, n and the counts next
  /// to k* (so the time is bounded for every n).
  public var mode: Int? {
    var candidates: [Int]
    if trials <= 10_000 {
      candidates = Array(0...trials)
    } else {
      candidates = [0, trials]
      let turn =
        (Extended(trials) * (Extended(alpha) - 1) + 1 - Extended(beta))
        / (Extended(alpha) + Extended(beta) - 2)
      if turn.isFinite, turn > 0, turn < Extended(trials) {
        let center = Int(turn)
        for k in (center - 2)...(center + 2) where k > 0 && k < trials { candidates.append(k) }
      }
      candidates.sort()
    }
    var best = candidates[0]
    var bestLog = logDensity(best)
    var tie = false
    for k in candidates.dropFirst() {
      let value = logDensity(k)
      if value > bestLog {
        (best, bestLog, tie) = (k, value, false)
      } else if value == bestLog {
        tie = true
      }
    }
    return tie ? nil : best
  }

  /// The entropy -Σₖ P(k) log P(k), summed over 0...n up to 2¹⁶ trials.
  ///
  /// Above, summed exactly over the 2¹² counts at each end and integrated
  /// over the middle by the composite Simpson rule: on 2¹⁶ intervals in k,
  /// or, where α < 1 or β < 1 (a spike at an end), on 2¹⁵ intervals per half
  /// in the log of the distance to the nearer end. That is accurate where
  /// the mass is smooth on the grid's scale (n/2¹⁶ in the middle); a mass
  /// concentrated in fewer counts (α + β far above 2³² with n large) is
  /// approximated.
  public var entropy: Double {
    func term(_ k: Double) -> Double {
      let logMass = Double(logMass(Extended(k)))
      return logMass > -.infinity ? -exp(logMass) * logMass : 0
    }
    let end = 1 << 12
    guard trials > 1 << 16 else {
      var sum = 0.0
      for k in 0...trials { sum += term(Double(k)) }
      return sum
    }
    var sum = 0.0
    for k in 0..<end { sum += term(Double(k)) + term(Double(trials - k)) }
    // The counts end...n - end as the integral of the real-valued mass over
    // [end - ½, n - end + ½] (the midpoint rule; its error is O(P′) there).
    func simpson(_ f: (Double) -> Double, _ a: Double, _ b: Double, _ intervals: Int) -> Double {
      let step = (b - a) / Double(intervals)
      var total = f(a) + f(b)
      for i in 1..<intervals { total += (i % 2 == 1 ? 4 : 2) * f(a + Double(i) * step) }
      return total * step / 3
    }
    let n = Double(trials)
    let (low, high) = (Double(end) - 0.5, n - Double(end) + 0.5)
    if alpha < 1 || beta < 1 {
      // A mass with a spike at an end falls like k^(α-1) (or (n - k)^(β-1)),
      // which an even grid cannot follow: on each half, Simpson's rule in the
      // log of the distance to that end (x = eᵘ, dx = eᵘ du).
      let (from, to) = (log(low), log(n / 2))
      let left = simpson({ u in exp(u) * term(exp(u)) }, from, to, 1 << 15)
      let right = simpson({ u in exp(u) * term(n - exp(u)) }, from, to, 1 << 15)
      return sum + left + right
    }
    return sum + simpson(term, low, high, 1 << 16)
  }

  /// log P(X = k) = log C(n, k) + log B(k + α, n - k + β) - log B(α, β);
  /// -∞ outside 0...n.
  public func logDensity(_ k: Int) -> Double {
    guard k >= 0, k <= trials else { return -.infinity }
    return Double(logMass(Extended(k)))
  }
  /// P(X ≤ k), in time bounded for every n (see `tails(_:)`).
  public func cdf(_ k: Int) -> Double {
    if k < 0 { return 0 }
    if k >= trials { return 1 }
    return tails(k).lower
  }

  /// P(X > k), computed directly (not as 1 - cdf).
  public func survival(_ k: Int) -> Double {
    if k < 0 { return 1 }
    if k >= trials { return 0 }
    return tails(k).upper
  }

  /// (P(X ≤ k), P(X > k)) for 0 ≤ k < n.
  ///
  /// - Up to 2¹⁶ trials: every mass, by the ratio P(j + 1)/P(j) in extended
  ///   precision (rescaled to stay in range), each tail divided by the total.
  /// - Otherwise, a tail with at most 2¹⁵ counts is summed the same way from
  ///   P(0) or P(n), the other tail being 1 minus it when it is the larger.
  /// - Otherwise (both tails long): as a mixture, P(X ≤ k) = P(π < B) with
  ///   π ~ Beta(α, β) and B ~ Beta(k + 1, n - k) independent, so
  ///   P(X ≤ k) = ∫ f_B(b) I_b(α, β) db = ∫ f_π(t) (1 - I_t(k + 1, n - k)) dt,
  ///   by 64 panels of 8-point Gauss–Legendre over mean ± 40 standard
  ///   deviations of whichever of B and π is the wider (the integrand is then
  ///   smooth on the panels' scale); π is integrated over only when α, β ≥ 1.
  func tails(_ k: Int) -> (lower: Double, upper: Double) {
    let limit = 1 << 16
    if trials <= limit {
      let (low, high, _) = massSums(from: 0, through: trials, splitAfter: k)
      let total = low + high
      return (Double(low / total), Double(high / total))
    }
    if k < limit / 2 {
      let lower = sumMasses(from: 0, through: k)
      if lower <= 0.5 { return (lower, 1 - lower) }
    }
    if trials - k - 1 < limit / 2 {
      let upper = sumMasses(from: k + 1, through: trials)
      if upper <= 0.5 { return (1 - upper, upper) }
    }
    return mixtureTails(k)
  }

  /// Σ P(j) for j in first...last, with last - first < 2¹⁵, from the exact
  /// P(first) and the mass ratio.
  private func sumMasses(from first: Int, through last: Int) -> Double {
    let (low, high, logScale) = massSums(from: first, through: last, splitAfter: last)
    return Double(exp(logMass(Extended(first)) - logScale) * (low + high))
  }

  /// Σ t_j over first...last split after `split`, where t_first = 1 and
  /// t_{j+1} = t_j P(j + 1)/P(j); the sums are rescaled whenever a term
  /// exceeds 1e4000, and logScale is the log of the total rescaling (the
  /// true sums are the returned ones times e^logScale / 1).
  private func massSums(
    from first: Int, through last: Int, splitAfter split: Int
  ) -> (low: Extended, high: Extended, logScale: Extended) {
    let (n, a, b) = (Extended(trials), Extended(alpha), Extended(beta))
    var term: Extended = 1
    var (low, high, logScale): (Extended, Extended, Extended) = (0, 0, 0)
    var j = first
    while true {
      if j <= split { low += term } else { high += term }
      if j == last { break }
      let x = Extended(j)
      term *= (n - x) * (x + a) / ((x + 1) * (n - x - 1 + b))
      if term > 1e4000 {
        term *= 1e-4000
        low *= 1e-4000
        high *= 1e-4000
        logScale -= 4000 * log(Extended(10))
      }
      j += 1
    }
    return (low, high, logScale)
  }

  private func mixtureTails(_ k: Int) -> (lower: Double, upper: Double) {
    let (n, count) = (Double(trials), Double(k))
    let b = Beta(validatedAlpha: count + 1, beta: n - count)
    let mixing = Beta(validatedAlpha: alpha, beta: beta)
    // √variance of a Beta(a, b) as √m √q/√(s + 1), m = a/s, q = b/s: the
    // variance itself underflows (Beta(2, 1e300): 2e-600).
    func spread(_ d: Beta) -> Double {
      let (m, q) = (1 / (1 + d.beta / d.alpha), 1 / (1 + d.alpha / d.beta))
      return m.squareRoot() * q.squareRoot() / (d.alpha / 2 + d.beta / 2 + 0.5).squareRoot()
        / 2.0.squareRoot()
    }
    // X given π is Binomial(n, π); when π's spread is below 1e-8 of the
    // binomial's own (α + β > 10¹⁶ n), averaging over π changes the CDF by
    // O((spread ratio)²) < 1e-16: the binomial at π's mean.
    let mixingMean = Extended(mixing.mean)
    func binomialTails() -> (lower: Double, upper: Double) {
      let (lower, upper) = ExtendedMath.incompleteBeta(
        Extended(n - count), Extended(count + 1), 1 - mixingMean, complement: mixingMean)
      return (Double(lower), Double(upper))
    }
    if alpha >= 1, beta >= 1, spread(mixing) < 1e-8 * spread(b) { return binomialTails() }
    let overB = spread(mixing) >= spread(b) || alpha < 1 || beta < 1
    let (outer, inner) = overB ? (b, mixing) : (mixing, b)
    let (center, width) = (outer.mean, spread(outer))
    let (from, to) = (max(0, center - 40 * width), min(1, center + 40 * width))
    var (low, high): (Extended, Extended) = (0, 0)
    let panels = 64
    let panelWidth = (to - from) / Double(panels)
    for panel in 0..<panels {
      let middle = from + (Double(panel) + 0.5) * panelWidth
      for (node, weight) in gaussLegendre8 {
        let t = middle + 0.5 * panelWidth * node
        guard t > 0, t < 1 else { continue }
        let mass = Extended(weight * 0.5 * panelWidth) * exp(Extended(outer.logDensity(t)))
        let (below, above) = ExtendedMath.incompleteBeta(
          Extended(inner.alpha), Extended(inner.beta), Extended(t))
        // Over B: P(X ≤ k) = E[I_B(α, β)]; over π: E[1 - I_π(k + 1, n - k)].
        low += mass * (overB ? below : above)
        high += mass * (overB ? above : below)
      }
    }
    let total = low + high
    // The mixing distribution narrower than the doubles can resolve: as above.
    guard total > 0, total.isFinite else { return binomialTails() }
    return (Double(low / total), Double(high / total))
  }

  /// log P(X = k) for real k in [0, n], in extended precision, as
  /// log C(n, k) + log (α)ₖ + log (β)ₙ₋ₖ - log (α + β)ₙ with rising factorials
  /// (α)ₖ = Γ(α + k)/Γ(α): stable where α, β ≫ n (log B(k + α, n - k + β) and
  /// log B(α, β) would agree to every digit there).
  ///
  /// Where α + β ≤ 10¹⁵ and n ≥ 2¹⁰, by Stirling's formula written out, as
  /// the Dirichlet-multinomial's log-mass with K = 2: those terms each near
  /// n log n cancelled to 3.6e-11 relative at n = 10⁹.
  private func logMass(_ k: Extended) -> Extended {
    let (n, a, b) = (Extended(trials), Extended(alpha), Extended(beta))
    if a + b <= 1e15 && trials >= 1 << 10 {
      return saddlePointLogMass(k, n - k, n, a, b)
    }
    return ExtendedMath.logBinomialCoefficient(n, k) + logRisingFactorial(a, k)
      + logRisingFactorial(b, n - k) - logRisingFactorial(a + b, n)
  }

  /// The beta-binomial log-mass with Stirling's error δ and the deviance D
  /// (A = α + β, N = n + A, shares m₁ = k + α, m₂ = n - k + β):
  /// ½ log(Nn/A) + log √(2π) + δ(A) + δ(n) - δ(N) - Σᵢ [D(xᵢ, n mᵢ/N) +
  /// D(αᵢ, A mᵢ/N)] + Σ_{xᵢ>0} [½ log(αᵢ/(mᵢxᵢ)) - log √(2π) - δ(αᵢ) - δ(xᵢ) +
  /// δ(mᵢ)], over (x₁, α₁) = (k, α) and (x₂, α₂) = (n - k, β).
  private func saddlePointLogMass(
    _ k: Extended, _ rest: Extended, _ n: Extended, _ a: Extended, _ b: Extended
  ) -> Extended {
    let total = a + b
    let all = n + total
    var sum =
      (log(all) + log(n) - log(total)) / 2 + ExtendedMath.logSquareRootOfTwoPi
      + ExtendedMath.stirlingError(total) + ExtendedMath.stirlingError(n)
      - ExtendedMath.stirlingError(all)
    // One category's terms (no array per call: this runs in the entropy's
    // and the tails' loops).
    func category(_ count: Extended, _ shape: Extended) -> Extended {
      let m = count + shape
      let deviances =
        ExtendedMath.deviance(count, n * m / all) + ExtendedMath.deviance(shape, total * m / all)
      guard count > 0 else { return -deviances }
      let stirling =
        ExtendedMath.stirlingError(shape) + ExtendedMath.stirlingError(count)
        - ExtendedMath.stirlingError(m)
      return (log(shape) - log(m) - log(count)) / 2 - ExtendedMath.logSquareRootOfTwoPi
        - stirling - deviances
    }
    sum += category(k, a) + category(rest, b)
    return sum
  }

  /// The smallest k with P(X ≤ k) ≥ p; `nil` outside [0, 1].
  ///
  /// - Parameter p: The probability, in [0, 1].
  /// - Returns: The smallest k with P(X ≤ k) ≥ p, or `nil` for p outside [0, 1].
  public func quantile(_ p: Double) -> Int? {
    guard p >= 0, p <= 1 else { return nil }
    // For large n, X/n is nearly the mixing Beta(α, β): its quantile times n
    // starts the search close (each CDF costs a quadrature there).
    let guess =
      trials > 1 << 16
      ? clampedGuess(Double(trials) * Beta(validatedAlpha: alpha, beta: beta).quantile(p))
      : Int(mean.rounded(.down))
    return discreteQuantile(
      p, guess: min(guess, trials), lowest: 0, highest: trials, cdf: cdf, survival: survival)
  }

  /// A draw: a success probability from Beta(α, β), then a binomial count.
  ///
  /// - Returns: A number of successes in 0...n.
  public func sample(using source: RandomSource) -> Int {
    let mixing = Beta(validatedAlpha: alpha, beta: beta)
    return binomialDraw(probability: mixing.sample(using: source), trials: trials, using: source)
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
  public var description: String {
    "BetaBinomial(trials: \(trials), alpha: \(alpha), beta: \(beta))"
  }
}

/// The nodes and weights of 8-point Gauss–Legendre quadrature on [-1, 1].
private let gaussLegendre8: [(Double, Double)] = [
  (-0.9602898564975363, 0.1012285362903763), (-0.7966664774136267, 0.2223810344533745),
  (-0.5255324099163290, 0.3137066458778873), (-0.1834346424956498, 0.3626837833783620),
  (0.1834346424956498, 0.3626837833783620), (0.5255324099163290, 0.3137066458778873),
  (0.7966664774136267, 0.2223810344533745), (0.9602898564975363, 0.1012285362903763),
]

/// log Γ(a + k)/Γ(a) for a > 0, k ≥ 0, in extended precision.
///
/// A sum of logs for k ≤ 32; for a ≥ 10 Stirling's series with its
/// correction, written for t = k/a ≤ 1 as
/// k log a + (k - ½)t - (a + k - ½)(t - log(1 + t)) + corr(a + k) - corr(a),
/// which does not cancel when a ≫ k; otherwise the difference of log-gammas.
func logRisingFactorial(_ a: Extended, _ k: Extended) -> Extended {
  if k == 0 { return 0 }
  if k <= 32 && k == k.rounded(.down) {
    var sum: Extended = 0
    var i: Extended = 0
    while i < k {
      sum += log(a + i)
      i += 1
    }
    return sum
  }
  if a >= 10 {
    let correction =
      ExtendedMath.stirlingCorrection(a + k) - ExtendedMath.stirlingCorrection(a)
    let t = k / a
    if t <= 1 {
      let deficit = t - log1p(t)
      return k * log(a) + (k - 0.5) * t - (a + k - 0.5) * deficit + correction
    }
    return (a + k - 0.5) * log(a + k) - (a - 0.5) * log(a) - k + correction
  }
  return ExtendedMath.logGamma(a + k) - ExtendedMath.logGamma(a)
}
