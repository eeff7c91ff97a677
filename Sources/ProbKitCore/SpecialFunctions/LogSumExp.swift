import Foundation

extension SpecialFunctions {
  /// The log of a sum of exponentials, log Σᵢ exp(xᵢ), without overflow or
  /// underflow: computed as m + log Σᵢ exp(xᵢ - m) with m = maxᵢ xᵢ.
  ///
  /// Edges: -∞ for an empty array (the log of an empty sum) and when every
  /// entry is -∞; +∞ if any entry is +∞; NaN if any entry is NaN.
  ///
  /// - Complexity: O(n), two passes.
  ///
  /// ```swift
  /// SpecialFunctions.logSumExp([1000, 1000])  // 1000 + log 2 = 1000.6931471805599
  /// SpecialFunctions.logSumExp([0, log(3)])   // log 4 ≈ 1.3862943611198908
  /// SpecialFunctions.logSumExp([])            // -∞
  /// ```
  ///
  /// - Parameter values: The exponents xᵢ.
  /// - Returns: log Σᵢ exp(xᵢ); see the edges above.
  public static func logSumExp(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { logSumExp($0) }
  }

  /// The log of a sum of exponentials over a buffer; see ``logSumExp(_:)-([Double])``.
  ///
  /// For callers that hold the values in contiguous storage already (a row of
  /// a larger array), without copying them into an array:
  ///
  /// ```swift
  /// let logits: [Double] = [0, log(3), 5]
  /// logits.withUnsafeBufferPointer {
  ///   SpecialFunctions.logSumExp(UnsafeBufferPointer(rebasing: $0[0..<2]))
  /// }  // log 4 ≈ 1.3862943611198908
  /// ```
  ///
  /// - Parameter values: The exponents xᵢ.
  /// - Returns: log Σᵢ exp(xᵢ), with the edges of ``logSumExp(_:)-([Double])``.
  public static func logSumExp(_ values: UnsafeBufferPointer<Double>) -> Double {
    var maximum = -Double.infinity
    for value in values {
      if value.isNaN { return .nan }
      if value > maximum { maximum = value }
    }
    if maximum.isInfinite { return maximum }
    // Σ exp(xᵢ - m) ≥ 1 (the maximum contributes exactly 1), so the log is
    // accurate; log1p of the rest keeps accuracy when one term dominates.
    var rest = 0.0
    var maximumSeen = false
    for value in values {
      if value == maximum && !maximumSeen {
        maximumSeen = true
      } else {
        rest += exp(value - maximum)
      }
    }
    return maximum + log1p(rest)
  }

  /// The log of the sum of two exponentials, log(eᵃ + eᵇ), computed as
  /// max(a, b) + log1p(exp(-|a - b|)).
  ///
  /// Edges: as ``logSumExp(_:)-([Double])``: +∞ if either is +∞, -∞ if both
  /// are -∞, NaN if either is NaN.
  ///
  /// ```swift
  /// SpecialFunctions.logSumExp(0, 0)                     // log 2 = 0.6931471805599453
  /// SpecialFunctions.logSumExp(-.infinity, -.infinity)  // -∞
  /// ```
  ///
  /// - Parameters:
  ///   - a: The first exponent.
  ///   - b: The second exponent.
  /// - Returns: log(eᵃ + eᵇ).
  public static func logSumExp(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    let maximum = Swift.max(a, b)
    if maximum.isInfinite { return maximum }
    return maximum + log1p(exp(Swift.min(a, b) - maximum))
  }

  /// The softmax of a vector of logits, pᵢ = exp(xᵢ)/Σⱼ exp(xⱼ), computed as
  /// exp(xᵢ - m)/Σⱼ exp(xⱼ - m) with m = maxⱼ xⱼ, so that logits of any
  /// magnitude give finite probabilities that sum to 1.
  ///
  /// This is the response function of the categorical distribution: it maps
  /// natural parameters (logits) to mean parameters (probabilities).
  ///
  /// Edges: entries of -∞ get probability exactly 0; if some entries are +∞,
  /// they share the mass equally (the limit) and the rest get 0; if every entry
  /// is -∞ or any is NaN, every output is NaN; an empty input gives an empty
  /// output.
  ///
  /// ```swift
  /// SpecialFunctions.softmax([0, log(3)])                   // [0.25, 0.75]
  /// SpecialFunctions.softmax([1e300, -1e300])               // [1.0, 0.0]
  /// SpecialFunctions.softmax([1e308, -1e308])               // [1.0, 0.0]
  /// SpecialFunctions.softmax([.infinity, .infinity, 0])    // [0.5, 0.5, 0.0]
  /// SpecialFunctions.softmax([-.infinity, -.infinity])     // [NaN, NaN]
  /// ```
  ///
  /// - Parameter logits: The logits xᵢ (natural parameters).
  /// - Returns: The probabilities pᵢ, in the order of `logits`.
  public static func softmax(_ logits: [Double]) -> [Double] {
    var result = logits
    result.withUnsafeMutableBufferPointer { softmaxInPlace($0) }
    return result
  }

  /// Replaces logits by their softmax probabilities in place; see
  /// ``softmax(_:)``.
  ///
  /// The allocation-free form, for rows of a larger buffer:
  ///
  /// ```swift
  /// var row: [Double] = [0, log(3)]
  /// row.withUnsafeMutableBufferPointer { SpecialFunctions.softmaxInPlace($0) }
  /// row  // [0.25, 0.75]
  /// ```
  ///
  /// - Parameter values: The logits on entry, the probabilities on return
  ///   (with the edges of ``softmax(_:)``).
  public static func softmaxInPlace(_ values: UnsafeMutableBufferPointer<Double>) {
    guard let maximum = maximum(of: values) else { return }
    if maximum == .infinity {
      let count = Double(values.count(where: { $0 == .infinity }))
      for index in values.indices {
        values[index] = values[index] == .infinity ? 1 / count : 0
      }
      return
    }
    var total = 0.0
    for index in values.indices {
      // xᵢ - m rounds when the two differ in sign; exp(d + e) ≈ exp(d)(1 + e)
      // with the exact rounding error e of the difference keeps the relative
      // error of exp at an ulp instead of |xᵢ - m| ulps.
      guard values[index] != -.infinity else {
        values[index] = 0
        continue
      }
      // A difference past -Double.greatestFiniteMagnitude rounds to -∞, whose
      // "error" is NaN; its exp is 0 either way.
      let (difference, error) = twoSum(values[index], -maximum)
      let e = exp(difference)
      let value = difference.isFinite ? e + e * error : 0
      values[index] = value
      total += value
    }
    // total ≥ 1: the maximum's own term is exp(0) = 1.
    let scale = 1 / total
    for index in values.indices { values[index] *= scale }
  }

  /// The log-softmax of a vector of logits, log pᵢ = xᵢ - log Σⱼ exp(xⱼ),
  /// computed directly as (xᵢ - m) - log Σⱼ exp(xⱼ - m) with m = maxⱼ xⱼ, never
  /// as the log of ``softmax(_:)`` (which would give -∞ for underflowed
  /// probabilities).
  ///
  /// Edges: -∞ for entries of -∞; if some entries are +∞ they get -log(count)
  /// and the rest -∞; all NaN if every entry is -∞ or any is NaN; empty in,
  /// empty out.
  ///
  /// ```swift
  /// SpecialFunctions.logSoftmax([0, log(3)])      // [log ¼, log ¾] ≈ [-1.386, -0.288]
  /// SpecialFunctions.logSoftmax([1e300, -1e300])  // [0.0, -2e300]
  /// ```
  ///
  /// - Parameter logits: The logits xᵢ.
  /// - Returns: The log-probabilities log pᵢ, in the order of `logits`.
  public static func logSoftmax(_ logits: [Double]) -> [Double] {
    var result = logits
    result.withUnsafeMutableBufferPointer { logSoftmaxInPlace($0) }
    return result
  }

  /// Replaces logits by their log-softmax in place; see ``logSoftmax(_:)``.
  ///
  /// ```swift
  /// var row: [Double] = [0, 0]
  /// row.withUnsafeMutableBufferPointer { SpecialFunctions.logSoftmaxInPlace($0) }
  /// row  // [-log 2, -log 2] = [-0.6931471805599453, -0.6931471805599453]
  /// ```
  ///
  /// - Parameter values: The logits on entry, the log-probabilities on
  ///   return (with the edges of ``logSoftmax(_:)``).
  public static func logSoftmaxInPlace(_ values: UnsafeMutableBufferPointer<Double>) {
    guard let maximum = maximum(of: values) else { return }
    if maximum == .infinity {
      let logCount = log(Double(values.count(where: { $0 == .infinity })))
      for index in values.indices {
        values[index] = values[index] == .infinity ? -logCount : -.infinity
      }
      return
    }
    for index in values.indices { values[index] -= maximum }
    // After the shift the maximum is exactly 0; sum the other terms so that
    // log1p keeps accuracy when one logit dominates.
    var rest = 0.0
    var maximumSeen = false
    for value in values {
      if value == 0 && !maximumSeen {
        maximumSeen = true
      } else {
        rest += exp(value)
      }
    }
    let logTotal = log1p(rest)
    for index in values.indices { values[index] -= logTotal }
  }

  /// The largest entry of `values`.
  ///
  /// Returns `nil` after filling `values` with NaN when softmax is undefined
  /// (any NaN, or every entry -∞), and for an empty buffer.
  private static func maximum(of values: UnsafeMutableBufferPointer<Double>) -> Double? {
    guard !values.isEmpty else { return nil }
    var maximum = -Double.infinity
    for value in values {
      if value.isNaN {
        values.update(repeating: .nan)
        return nil
      }
      if value > maximum { maximum = value }
    }
    if maximum == -.infinity {
      values.update(repeating: .nan)
      return nil
    }
    return maximum
  }

  /// The rounded sum a + b and its exact rounding error (Knuth's TwoSum):
  /// a + b = sum + error exactly.
  @inline(__always)
  private static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
    let sum = a + b
    let bVirtual = sum - a
    let aVirtual = sum - bVirtual
    return (sum, (a - aVirtual) + (b - bVirtual))
  }
}
