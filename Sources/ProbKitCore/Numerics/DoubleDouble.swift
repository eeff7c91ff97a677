/// An unevaluated sum of two doubles, hi + lo with |lo| ≤ ulp(hi)/2: about
/// 106 bits of precision, for sums whose order must not matter.
///
/// Sufficient statistics accumulate in double-double so that statistics
/// merged from shards equal the one-pass statistics after rounding (the
/// rounding error of each addition is carried, not dropped), and so that a
/// variance from Σx and Σx² does not lose the digits a large mean would cost
/// in plain doubles. The algorithms are the classical error-free
/// transformations (Knuth's TwoSum, FMA-based TwoProduct) and Dekker's
/// double-double arithmetic.
package struct DoubleDouble: Sendable, Hashable, Codable {
  /// The leading double: the value rounded to double precision.
  package var hi: Double
  /// The trailing correction.
  package var lo: Double

  /// Zero.
  package static let zero = DoubleDouble(0)

  /// The exact value of `value`.
  package init(_ value: Double) {
    hi = value
    lo = 0
  }

  /// hi + lo, normalised (a non-finite sum keeps lo = 0).
  package init(hi: Double, lo: Double) {
    let (sum, error) = Self.twoSum(hi, lo)
    self.hi = sum
    self.lo = sum.isFinite ? error : 0
  }

  /// The value rounded to a double.
  package var value: Double { hi + lo }

  /// The value in extended precision (hi + lo rounded to 64 bits on x86).
  package var extended: Extended { Extended(hi) + Extended(lo) }

  /// The exact product a·b as a double-double (FMA).
  package static func product(_ a: Double, _ b: Double) -> DoubleDouble {
    let p = a * b
    return DoubleDouble(hi: p, lo: (-p).addingProduct(a, b))
  }

  /// a + b.
  package static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let (s, e) = twoSum(a.hi, b.hi)
    let (t, f) = twoSum(a.lo, b.lo)
    let (s1, e1) = fastTwoSum(s, e + t)
    return fastTwoSumNormalised(s1, e1 + f)
  }

  /// a + b for a double b.
  package static func + (a: DoubleDouble, b: Double) -> DoubleDouble {
    let (s, e) = twoSum(a.hi, b)
    return fastTwoSumNormalised(s, e + a.lo)
  }

  /// -a.
  package static prefix func - (a: DoubleDouble) -> DoubleDouble {
    DoubleDouble(hi: -a.hi, lo: -a.lo)
  }

  /// a - b.
  package static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + -b }

  /// a · b.
  package static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let p = product(a.hi, b.hi)
    return fastTwoSumNormalised(p.hi, p.lo + a.hi * b.lo + a.lo * b.hi)
  }

  /// a · b for a double b.
  package static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
    let p = product(a.hi, b)
    return fastTwoSumNormalised(p.hi, p.lo + a.lo * b)
  }

  /// a / b (one Newton correction of the double quotient).
  package static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let q1 = a.hi / b.hi
    let r = a - b * q1
    let q2 = r.hi / b.hi
    let r2 = r - b * q2
    let q3 = r2.hi / b.hi
    return DoubleDouble(hi: q1, lo: q2) + q3
  }

  /// a += b.
  package static func += (a: inout DoubleDouble, b: DoubleDouble) { a = a + b }

  /// a += b for a double b.
  package static func += (a: inout DoubleDouble, b: Double) { a = a + b }

  /// Knuth's TwoSum: a + b = sum + error exactly.
  @inline(__always)
  static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let sum = a + b
    let bVirtual = sum - a
    let aVirtual = sum - bVirtual
    return (sum, (a - aVirtual) + (b - bVirtual))
  }

  /// Dekker's FastTwoSum, exact when |a| ≥ |b| or a = 0.
  @inline(__always)
  static func fastTwoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let sum = a + b
    return (sum, b - (sum - a))
  }

  @inline(__always)
  static func fastTwoSumNormalised(_ a: Double, _ b: Double) -> DoubleDouble {
    guard a.isFinite else { return DoubleDouble(a) }
    let (s, e) = fastTwoSum(a, b)
    var result = DoubleDouble(s)
    result.lo = e
    return result
  }
}
