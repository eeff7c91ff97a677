extension SampleMoments {
  private enum CodingKeys: String, CodingKey {
    case count, totalWeight, minimum, maximum
    case scaleExponent, scaledMean, scaledMeanLow, scaledM2, scaledM3, scaledM4
  }

  /// Decodes a summary written by ``encode(to:)``, checking that it is one
  /// that data could have produced, so that a corrupted or hand-edited file
  /// cannot yield NaN or nonsense when merged.
  ///
  /// The format is the summary's own: the count, total weight, extremes,
  /// and the mean and central sums of the values scaled by 2^-scaleExponent
  /// (the exponent is fixed by the largest |x|), which keeps every number
  /// finite whatever the data's magnitude.
  ///
  /// ```swift
  /// let moments = try SampleMoments([1, 2, 4])
  /// let data = try JSONEncoder().encode(moments)
  /// let restored = try JSONDecoder().decode(SampleMoments.self, from: data)
  /// restored == moments  // true
  /// ```
  ///
  /// - Throws: `DecodingError.dataCorrupted` naming the inconsistency.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let count = try container.decode(Int.self, forKey: .count)
    func corrupted(_ reason: String) -> DecodingError {
      .dataCorrupted(
        DecodingError.Context(
          codingPath: container.codingPath, debugDescription: "SampleMoments: \(reason)"))
    }
    guard count >= 0 else { throw corrupted("count must be >= 0, got \(count)") }
    guard count > 0 else {
      self.init()
      return
    }
    let totalWeight = try container.decode(Double.self, forKey: .totalWeight)
    let minimum = try container.decode(Double.self, forKey: .minimum)
    let maximum = try container.decode(Double.self, forKey: .maximum)
    let exponent = try container.decode(Int.self, forKey: .scaleExponent)
    let mean = try container.decode(Double.self, forKey: .scaledMean)
    let low = try container.decode(Double.self, forKey: .scaledMeanLow)
    let m2 = try container.decode(Double.self, forKey: .scaledM2)
    let m3 = try container.decode(Double.self, forKey: .scaledM3)
    let m4 = try container.decode(Double.self, forKey: .scaledM4)
    guard totalWeight > 0 && totalWeight <= Self.maximumTotalWeight else {
      throw corrupted("totalWeight must be in (0, 2^1000], got \(totalWeight)")
    }
    guard minimum.isFinite && maximum.isFinite && minimum <= maximum else {
      throw corrupted("minimum and maximum must be finite and ordered, got \(minimum), \(maximum)")
    }
    let largest = max(abs(minimum), abs(maximum))
    let expected = largest == 0 ? Self.noScale : Int(largest.exponent) + 1
    guard exponent == expected else {
      throw corrupted("scaleExponent must be \(expected) for these extremes, got \(exponent)")
    }
    // Every scaled |x| < 1, so |x̄| ≤ 1, |x − x̄| ≤ 2 and Mₖ ≤ 2ᵏ W.
    guard abs(mean) <= 1 && abs(low) <= 1 else {
      throw corrupted("the scaled mean must be in [-1, 1], got \(mean) + \(low)")
    }
    guard m2 >= 0 && m2 <= 4 * totalWeight, m4 >= 0 && m4 <= 16 * totalWeight,
      abs(m3) <= 8 * totalWeight
    else {
      throw corrupted("central sums out of range: \(m2), \(m3), \(m4) for weight \(totalWeight)")
    }
    self.init()
    self.count = count
    self.totalWeight = totalWeight
    self.minimum = minimum
    self.maximum = maximum
    self.exponent = exponent
    self.scaledMean = mean
    self.scaledMeanLow = low
    self.m2 = m2
    self.m3 = m3
    self.m4 = m4
    settleIfConstant()
  }

  /// Encodes the summary in the form ``init(from:)`` reads; an empty
  /// summary is just its count, 0.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(count, forKey: .count)
    guard count > 0, let minimum, let maximum else { return }
    try container.encode(totalWeight, forKey: .totalWeight)
    try container.encode(minimum, forKey: .minimum)
    try container.encode(maximum, forKey: .maximum)
    try container.encode(exponent, forKey: .scaleExponent)
    try container.encode(scaledMean, forKey: .scaledMean)
    try container.encode(scaledMeanLow, forKey: .scaledMeanLow)
    try container.encode(m2, forKey: .scaledM2)
    try container.encode(m3, forKey: .scaledM3)
    try container.encode(m4, forKey: .scaledM4)
  }
}
