// Implementation goals, in order of priority:
// 1. No NaN and no silent overflow: the moments are kept for the values
//    scaled by a power of two 2^-e with every |x| < 2^e, so that no
//    intermediate sum overflows whatever the values' magnitude; a result
//    beyond Double's range (the variance of ±1e200) is a typed error.
// 2. Accuracy: the mean is carried as an unevaluated sum of two doubles
//    (about 32 digits), so that deviations from it are exact to rounding
//    even for data at 1e12 ± 100, where a mean rounded to a double is off
//    by 1e-4 and shifts the third moment by 3·1e-4·M₂; two passes per block
//    of values (mean, then central sums), blocks merged pairwise with
//    Pébay's formulas, so that 10^7 values lose about log₂(10^4) roundings.
//    scipy's skewness of 1e9 + N(0, 1) is off by 2.5e-7; this is not.
// 3. One pass and mergeable: `append` is Welford's update (Pébay's merge of
//    one value), and any two summaries merge exactly as their data would.

/// The mean, variance, skewness and excess kurtosis of a sample, in one
/// numerically stable pass, mergeable like sufficient statistics.
///
/// With weights wᵢ (frequency weights: a weight of 3 counts a value three
/// times), W = Σwᵢ, x̄ = Σwᵢxᵢ / W and the central sums Mₖ = Σwᵢ(xᵢ − x̄)ᵏ:
///
/// ```
/// variance(ddof:)        = M₂ / (W − ddof)
/// skewness()             = g₁ = √W · M₃ / M₂^(3/2)          (scipy.stats.skew)
/// skewness(biasCorrected: true)       = √(W(W−1)) / (W−2) · g₁
/// excessKurtosis()       = g₂ = W · M₄ / M₂² − 3            (scipy.stats.kurtosis)
/// excessKurtosis(biasCorrected: true) = ((W²−1)(g₂+3) − 3(W−1)²) / ((W−2)(W−3))
/// ```
///
/// `variance(ddof:)` defaults to ddof = 1, the unbiased sample variance
/// (scipy.stats.describe, pandas, R's `var`); pass `ddof: 0` for numpy's
/// `np.var` default, the maximum-likelihood variance. Skewness and kurtosis
/// default to the biased estimators, as scipy's `bias=True`; the corrected
/// ones are scipy's `bias=False` (the adjusted Fisher–Pearson coefficients).
///
/// Merging uses Pébay's pairwise update (Pébay 2008, "Formulas for robust,
/// one-pass parallel computation of covariances and arbitrary-order
/// statistical moments"), with δ = x̄_B − x̄_A, W = W_A + W_B:
///
/// ```
/// x̄  = x̄_A + δ W_B / W
/// M₂ = M₂A + M₂B + δ² W_A W_B / W
/// M₃ = M₃A + M₃B + δ³ W_A W_B (W_A − W_B) / W² + 3δ (W_A M₂B − W_B M₂A) / W
/// M₄ = M₄A + M₄B + δ⁴ W_A W_B (W_A² − W_A W_B + W_B²) / W³
///        + 6δ² (W_A² M₂B + W_B² M₂A) / W² + 4δ (W_A M₃B − W_B M₃A) / W
/// ```
///
/// ```swift
/// let moments = try SampleMoments([2, 4, 4, 4, 5, 5, 7, 9])
/// try moments.mean()                 // 5
/// try moments.variance(ddof: 0)      // 4 (numpy's np.var)
/// try moments.standardDeviation()    // 2.138..., with n − 1
/// try moments.skewness()             // 0.6562... (scipy.stats.skew)
/// var running = SampleMoments()
/// try running.append(contentsOf: [2, 4, 4, 4])
/// let merged = try running + SampleMoments([5, 5, 7, 9])  // equals `moments`
/// ```
///
/// A summary of no values is valid (the identity of merging) but has no
/// mean: its statistics throw ``StatisticsError/emptySample(function:)``.
/// Values must be finite; a value of weight 0 is checked and then ignored.
/// Two summaries are `==` when their internal sums are identical: summaries
/// of the same data gathered in different orders agree to rounding, not
/// necessarily bit for bit.
public struct SampleMoments: Sendable, Equatable, Codable {
  /// The number of values with a positive weight.
  public internal(set) var count: Int = 0
  /// W = Σwᵢ: the count when unweighted.
  public internal(set) var totalWeight: Double = 0
  /// The smallest value, or `nil` for no values.
  public internal(set) var minimum: Double?
  /// The largest value, or `nil` for no values.
  public internal(set) var maximum: Double?

  /// The values are held scaled by 2^-exponent, every |x| < 2^exponent;
  /// `Self.noScale` while every value is 0.
  var exponent: Int = Self.noScale
  var scaledMean: Double = 0
  /// The mean's low part: the mean is scaledMean + scaledMeanLow, exactly.
  var scaledMeanLow: Double = 0
  var m2: Double = 0
  var m3: Double = 0
  var m4: Double = 0

  /// Below the exponent of any nonzero double: scaling zeros to any other
  /// exponent gives zeros.
  static let noScale = -1100
  /// The largest total weight, 2^1000 ≈ 1e301: with every scaled |x| < 1,
  /// the central sums stay below 16 W, so none overflows.
  static let maximumTotalWeight = Double(sign: .plus, exponent: 1000, significand: 1)
  /// Values summed in one block, by two passes, before blocks are merged.
  private static let blockSize = 1024

  /// The summary of no values: the identity of ``merged(with:)``.
  public init() {}

  /// The moments of `values`, optionally with frequency `weights`.
  ///
  /// - Parameters:
  ///   - values: finite values, in any order.
  ///   - weights: one finite weight ≥ 0 per value, or `nil` for weight 1 each.
  /// - Throws: ``StatisticsError`` for a non-finite value, a bad weight, a
  ///   weight count that is not the value count, or weights summing beyond
  ///   2^1000 ≈ 1e301.
  /// - Complexity: O(n), five passes over the values.
  public init(_ values: [Double], weights: [Double]? = nil) throws(StatisticsError) {
    let function = "SampleMoments"
    if let weights, weights.count != values.count {
      throw .weightCount(function: function, expected: values.count, count: weights.count)
    }
    var largest = 0.0
    for (index, value) in values.enumerated() {
      guard value.isFinite else {
        throw .nonFiniteValue(function: function, index: index, value: value)
      }
      largest = max(largest, abs(value))
    }
    if let weights {
      var total = 0.0
      for (index, weight) in weights.enumerated() {
        guard weight.isFinite && weight >= 0 else {
          throw .invalidWeight(function: function, index: index, weight: weight)
        }
        total += weight
      }
      guard total <= Self.maximumTotalWeight else {
        throw .invalidTotalWeight(function: function, total: total)
      }
    }
    let exponent = largest == 0 ? Self.noScale : Int(largest.exponent) + 1
    var blocks: [SampleMoments] = []
    blocks.reserveCapacity(values.count / Self.blockSize + 1)
    var start = 0
    while start < values.count {
      let end = min(start + Self.blockSize, values.count)
      blocks.append(Self.block(values[start..<end], weights?[start..<end], exponent: exponent))
      start = end
    }
    // Pairwise: each value goes through about log₂(blocks) merges.
    while blocks.count > 1 {
      var next: [SampleMoments] = []
      next.reserveCapacity(blocks.count / 2 + 1)
      var index = 0
      while index + 1 < blocks.count {
        next.append(try Self.merge(blocks[index], blocks[index + 1], function: function))
        index += 2
      }
      if index < blocks.count { next.append(blocks[index]) }
      blocks = next
    }
    self = blocks.first ?? SampleMoments()
  }

  /// Adds one value (Welford's update, generalised to the third and fourth
  /// moments by Pébay's merge with a single value).
  ///
  /// - Throws: ``StatisticsError`` for a non-finite value, a weight that is
  ///   negative or not finite, or a total weight beyond 2^1000 ≈ 1e301.
  /// - Complexity: O(1).
  public mutating func append(_ value: Double, weight: Double = 1) throws(StatisticsError) {
    let function = "SampleMoments.append"
    guard value.isFinite else {
      throw .nonFiniteValue(function: function, index: 0, value: value)
    }
    guard weight.isFinite && weight >= 0 else {
      throw .invalidWeight(function: function, index: 0, weight: weight)
    }
    guard weight > 0 else { return }
    var single = SampleMoments()
    single.count = 1
    single.totalWeight = weight
    single.minimum = value
    single.maximum = value
    single.exponent = value == 0 ? Self.noScale : Int(value.exponent) + 1
    single.scaledMean = Self.scale(value, by: -single.exponent)
    self = try Self.merge(self, single, function: function)
  }

  /// Adds each of `values` in turn; on an error, the values before the bad
  /// one have been added (its index in `values` is in the error).
  public mutating func append(contentsOf values: some Sequence<Double>) throws(StatisticsError) {
    for (index, value) in values.enumerated() {
      guard value.isFinite else {
        throw .nonFiniteValue(function: "SampleMoments.append", index: index, value: value)
      }
      try append(value)
    }
  }

  /// The summary of both samples together: what the concatenated data give,
  /// to rounding.
  ///
  /// - Throws: ``StatisticsError/invalidTotalWeight(function:total:)`` if
  ///   the total weight is beyond 2^1000 ≈ 1e301.
  public func merged(with other: SampleMoments) throws(StatisticsError) -> SampleMoments {
    try Self.merge(self, other, function: "SampleMoments.merged")
  }

  /// `lhs.merged(with: rhs)`, trapping only if the total weight is beyond
  /// 2^1000 ≈ 1e301 (never for counts): use ``merged(with:)`` for weights
  /// that could be.
  public static func + (lhs: SampleMoments, rhs: SampleMoments) -> SampleMoments {
    do {
      return try merge(lhs, rhs, function: "SampleMoments.+")
    } catch {
      preconditionFailure(error.description)
    }
  }

  // MARK: - Statistics

  /// The weighted mean x̄ = Σwᵢxᵢ / W.
  ///
  /// - Throws: ``StatisticsError/emptySample(function:)`` for no values.
  public func mean() throws(StatisticsError) -> Double {
    try requireValues("mean")
    if let minimum, minimum == maximum { return minimum }
    return Self.scale(scaledMean + scaledMeanLow, by: exponent)
  }

  /// M₂ / (W − ddof): ddof = 1 (the default) is the unbiased sample
  /// variance, ddof = 0 numpy's `np.var` default.
  ///
  /// - Throws: ``StatisticsError`` when W ≤ ddof, ddof < 0, or the variance
  ///   is beyond `Double`'s range (values near ±1e200); then
  ///   ``standardDeviation(ddof:)`` may still be finite.
  public func variance(ddof: Int = 1) throws(StatisticsError) -> Double {
    let scaled = try scaledVariance(ddof: ddof, function: "variance")
    let result = Self.scale(scaled, by: 2 * exponent)
    guard result.isFinite else { throw .overflow(function: "variance") }
    return result
  }

  /// √``variance(ddof:)``, computed without forming a variance that
  /// overflows.
  public func standardDeviation(ddof: Int = 1) throws(StatisticsError) -> Double {
    let scaled = try scaledVariance(ddof: ddof, function: "standardDeviation")
    let result = Self.scale(scaled.squareRoot(), by: exponent)
    guard result.isFinite else { throw .overflow(function: "standardDeviation") }
    return result
  }

  /// The sample skewness g₁ = √W · M₃ / M₂^(3/2) (scipy.stats.skew), or
  /// with `biasCorrected` the adjusted √(W(W−1)) / (W−2) · g₁ (scipy's
  /// `bias=False`, which needs W > 2).
  ///
  /// - Throws: ``StatisticsError`` for no values, too few for the
  ///   correction, or a constant sample (0/0, where scipy answers NaN).
  public func skewness(biasCorrected: Bool = false) throws(StatisticsError) -> Double {
    let function = "skewness"
    try requireSpread(function)
    let w = totalWeight
    // As m₃ / m₂^(3/2) with mₖ = Mₖ / W: no product of W and a sum, which
    // could overflow for huge weights.
    let (c2, c3) = (m2 / w, m3 / w)
    let g1 = c3 / (c2 * c2.squareRoot())
    guard biasCorrected else { return g1 }
    guard w > 2 else { throw .tooFewObservations(function: function, needed: 3, count: w) }
    // √(W(W−1)) / (W−2), divided through by W so that no W² overflows.
    return (1 - 1 / w).squareRoot() / (1 - 2 / w) * g1
  }

  /// The excess kurtosis g₂ = W · M₄ / M₂² − 3 (scipy.stats.kurtosis,
  /// Fisher's definition), or with `biasCorrected` the adjusted
  /// ((W²−1)(g₂+3) − 3(W−1)²) / ((W−2)(W−3)) (scipy's `bias=False`, which
  /// needs W > 3).
  ///
  /// - Throws: ``StatisticsError`` for no values, too few for the
  ///   correction, or a constant sample.
  public func excessKurtosis(biasCorrected: Bool = false) throws(StatisticsError) -> Double {
    let function = "excessKurtosis"
    try requireSpread(function)
    let w = totalWeight
    let c2 = m2 / w
    let ratio = (m4 / w) / (c2 * c2)
    guard biasCorrected else { return ratio - 3 }
    guard w > 3 else { throw .tooFewObservations(function: function, needed: 4, count: w) }
    // The same divided through by W², so that no W² overflows.
    let (u1, u2) = (1 - 1 / w, 1 / (w * w))
    return ((1 - u2) * ratio - 3 * u1 * u1) / ((1 - 2 / w) * (1 - 3 / w))
  }

  // MARK: - Implementation

  private func requireValues(_ function: String) throws(StatisticsError) {
    guard count > 0 else { throw .emptySample(function: function) }
  }

  private func requireSpread(_ function: String) throws(StatisticsError) {
    try requireValues(function)
    guard minimum != maximum, m2 > 0 else { throw .constantSample(function: function) }
  }

  private func scaledVariance(ddof: Int, function: String) throws(StatisticsError) -> Double {
    guard ddof >= 0 else { throw .invalidDegreesOfFreedom(function: function, ddof: ddof) }
    try requireValues(function)
    let denominator = totalWeight - Double(ddof)
    guard denominator > 0 else {
      throw .tooFewObservations(function: function, needed: ddof + 1, count: totalWeight)
    }
    return m2 / denominator
  }

  /// a + b as s + e exactly (Knuth's TwoSum).
  private static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    let bb = s - a
    return (s, (a - (s - bb)) + (b - bb))
  }

  /// a + b as s + e exactly, for |a| ≥ |b| (or a = 0) (Dekker's FastTwoSum).
  private static func fastTwoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    return (s, b - (s - a))
  }

  /// x · 2^e, exact unless the result underflows (scalbn).
  private static func scale(_ x: Double, by e: Int) -> Double {
    Double(sign: .plus, exponent: e, significand: x)
  }

  /// The same summary with its values scaled by 2^-`newExponent`
  /// (`newExponent` ≥ `exponent`).
  private func rescaled(to newExponent: Int) -> SampleMoments {
    guard newExponent != exponent else { return self }
    var copy = self
    let shift = exponent - newExponent
    copy.exponent = newExponent
    copy.scaledMean = Self.scale(scaledMean, by: shift)
    copy.scaledMeanLow = Self.scale(scaledMeanLow, by: shift)
    copy.m2 = Self.scale(m2, by: 2 * shift)
    copy.m3 = Self.scale(m3, by: 3 * shift)
    copy.m4 = Self.scale(m4, by: 4 * shift)
    return copy
  }

  /// Two passes over one block (the mean, then the central sums).
  private static func block(
    _ values: ArraySlice<Double>, _ weights: ArraySlice<Double>?, exponent: Int
  ) -> SampleMoments {
    var result = SampleMoments()
    result.exponent = exponent
    let factorExponent = -exponent
    // One multiplication per value when 2^-e is a double; scalbn otherwise.
    let factor: Double? =
      (-1074...1023).contains(factorExponent)
      ? Double(sign: .plus, exponent: factorExponent, significand: 1) : nil
    let x = Array(values)
    let w = weights.map { Array($0) } ?? [Double](repeating: 1, count: x.count)
    let u: [Double]
    if let factor {
      u = x.map { $0 * factor }
    } else {
      u = x.map { scale($0, by: factorExponent) }
    }
    var total = 0.0
    var weighted = 0.0
    var count = 0
    var smallest = Double.infinity
    var largest = -Double.infinity
    for i in 0..<x.count where w[i] > 0 {
      count += 1
      total += w[i]
      weighted += w[i] * u[i]
      smallest = min(smallest, x[i])
      largest = max(largest, x[i])
    }
    guard count > 0 else { return SampleMoments() }
    result.minimum = smallest
    result.maximum = largest
    // The mean as high + low: a correction pass finds the low part, the
    // mean of the (mostly exact) differences from the high part.
    var correction = 0.0
    let first = weighted / total
    for i in 0..<x.count { correction += w[i] * (u[i] - first) }
    let (mean, low) = Self.fastTwoSum(first, correction / total)
    var s2 = 0.0
    var s3 = 0.0
    var s4 = 0.0
    for i in 0..<x.count {
      let d = (u[i] - mean) - low
      let d2 = w[i] * d * d
      s2 += d2
      s3 += d2 * d
      s4 += d2 * d * d
    }
    result.count = count
    result.totalWeight = total
    result.scaledMean = mean
    result.scaledMeanLow = low
    result.m2 = s2
    result.m3 = s3
    result.m4 = s4
    result.settleIfConstant()
    return result
  }

  /// Pébay's pairwise update (see the type's documentation).
  private static func merge(_ lhs: SampleMoments, _ rhs: SampleMoments, function: String)
    throws(StatisticsError) -> SampleMoments
  {
    if rhs.count == 0 { return lhs }
    if lhs.count == 0 { return rhs }
    let total = lhs.totalWeight + rhs.totalWeight
    guard total <= maximumTotalWeight else {
      throw .invalidTotalWeight(function: function, total: total)
    }
    let common = max(lhs.exponent, rhs.exponent)
    let a = lhs.rescaled(to: common)
    let b = rhs.rescaled(to: common)
    let ra = a.totalWeight / total
    let rb = b.totalWeight / total
    let delta = (b.scaledMean - a.scaledMean) + (b.scaledMeanLow - a.scaledMeanLow)
    let delta2 = delta * delta
    let cross = a.totalWeight * rb  // W_A W_B / W
    var result = SampleMoments()
    result.count = a.count + b.count
    result.totalWeight = total
    result.exponent = common
    result.minimum = min(a.minimum ?? 0, b.minimum ?? 0)
    result.maximum = max(a.maximum ?? 0, b.maximum ?? 0)
    // x̄ = x̄_A + δ W_B / W (or x̄_B − δ W_A / W, from the heavier side),
    // kept as high + low.
    let (base, baseLow, step) =
      ra >= rb
      ? (a.scaledMean, a.scaledMeanLow, delta * rb) : (b.scaledMean, b.scaledMeanLow, -delta * ra)
    let (sum, error) = Self.twoSum(base, step)
    (result.scaledMean, result.scaledMeanLow) = Self.twoSum(sum, error + baseLow)
    result.m2 = a.m2 + b.m2 + delta2 * cross
    result.m3 =
      a.m3 + b.m3 + delta2 * delta * cross * (ra - rb) + 3 * delta * (ra * b.m2 - rb * a.m2)
    result.m4 =
      a.m4 + b.m4 + delta2 * delta2 * cross * (ra * ra - ra * rb + rb * rb)
      + 6 * delta2 * (ra * ra * b.m2 + rb * rb * a.m2) + 4 * delta * (ra * b.m3 - rb * a.m3)
    result.settleIfConstant()
    return result
  }

  /// For a constant sample, the exact mean and zero central sums (rather
  /// than the roundings of a mean that is not quite the value).
  mutating func settleIfConstant() {
    guard let minimum, minimum == maximum else { return }
    scaledMean = Self.scale(minimum, by: -exponent)
    scaledMeanLow = 0
    m2 = 0
    m3 = 0
    m4 = 0
  }
}
