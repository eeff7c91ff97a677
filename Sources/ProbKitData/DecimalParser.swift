import Foundation

/// Decimal numbers from bytes, correctly rounded.
///
/// The grammar is `[+-]digits[.digits][(e|E)[+-]digits]` (digits on at least
/// one side of the point), or `inf`, `infinity` and `nan` in any case with
/// an optional sign. A mantissa of at most 19 digits whose value is below
/// 2⁵³, with a power of ten in [-22, 22], is converted exactly by one
/// multiplication or division (Clinger's fast path: both operands are exact
/// doubles, so the one rounding is the correct one); anything else goes to
/// `strtod`, which rounds correctly.
///
/// ```swift
/// "-1.25e-3".utf8.withContiguousStorageIfAvailable { DecimalParser.parse($0) }  // -0.00125
/// ```
enum DecimalParser {
  /// 10ⁿ for n in 0...22, each exact in `Double`.
  @inline(__always)
  private static func power(_ n: Int) -> Double {
    // Products of exact powers of ten below 2⁵³·2ᵏ stay exact: 10ⁿ = 5ⁿ·2ⁿ
    // and 5ⁿ < 2⁵³ for n ≤ 22.
    switch n {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
  }

  /// The number `bytes` spell, or nil if they are not one.
  ///
  /// The common case first: `[-]digits[.digits]` with at most 19 digits in
  /// all (leading zeros counted) and no exponent, read by two tight loops;
  /// anything else by ``parseInGeneral(_:)``.
  @inline(__always)
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = bytes.count
    guard n > 0, n <= 21, let base = bytes.baseAddress else { return parseInGeneral(bytes) }
    var i = base[0] == 0x2D ? 1 : 0
    var mantissa: UInt64 = 0
    let integerStart = i
    while i < n {
      let digit = base[i] &- 0x30
      if digit >= 10 { break }
      mantissa = mantissa &* 10 &+ UInt64(digit)
      i &+= 1
    }
    var digits = i &- integerStart
    var fraction = 0
    if i < n, base[i] == 0x2E {
      i &+= 1
      let fractionStart = i
      while i < n {
        let digit = base[i] &- 0x30
        if digit >= 10 { break }
        mantissa = mantissa &* 10 &+ UInt64(digit)
        i &+= 1
      }
      fraction = i &- fractionStart
      digits &+= fraction
    }
    guard i == n, digits > 0, digits <= 19 else { return parseInGeneral(bytes) }
    let magnitude: Double
    if mantissa < 1 << 53 {
      magnitude = fraction == 0 ? Double(mantissa) : Double(mantissa) / power(fraction)
    } else if let value = doubleDouble(mantissa, exponent: -fraction) {
      magnitude = value
    } else {
      return parseInGeneral(bytes)
    }
    return base[0] == 0x2D ? -magnitude : magnitude
  }

  /// ``parse(_:)`` for every form: signs, exponents, more than 19 digits,
  /// `inf` and `nan`.
  static func parseInGeneral(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = bytes.count
    guard n > 0 else { return nil }
    var i = 0
    var negative = false
    if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
      negative = bytes[0] == UInt8(ascii: "-")
      i = 1
    }
    var mantissa: UInt64 = 0
    var digits = 0  // significant digits kept in the mantissa
    var dropped = false  // a nonzero digit beyond the 19th
    var exponent = 0
    var sawDigit = false
    while i < n, bytes[i] &- 48 < 10 {
      sawDigit = true
      let digit = UInt64(bytes[i] &- 48)
      if digits < 19 {
        if mantissa != 0 || digit != 0 {
          mantissa = mantissa &* 10 &+ digit
          digits &+= 1
        }
      } else {
        exponent &+= 1
        if digit != 0 { dropped = true }
      }
      i &+= 1
    }
    if i < n, bytes[i] == UInt8(ascii: ".") {
      i += 1
      while i < n, bytes[i] &- 48 < 10 {
        sawDigit = true
        let digit = UInt64(bytes[i] &- 48)
        if digits < 19 {
          if mantissa != 0 || digit != 0 {
            mantissa = mantissa &* 10 &+ digit
            digits &+= 1
          }
          exponent &-= 1
        } else if digit != 0 {
          dropped = true
        }
        i &+= 1
      }
    }
    guard sawDigit else { return word(bytes, from: i, negative: negative) }
    if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      var exponentNegative = false
      if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
        exponentNegative = bytes[i] == UInt8(ascii: "-")
        i += 1
      }
      let first = i
      var written = 0
      while i < n, bytes[i] &- 48 < 10 {
        // Past 10⁹ the value is 0 or ∞ whatever else is written.
        if written < 1_000_000_000 { written = written * 10 + Int(bytes[i] &- 48) }
        i += 1
      }
      guard i > first else { return nil }
      exponent += exponentNegative ? -written : written
    }
    guard i == n else { return nil }
    if !dropped, mantissa < 1 << 53, exponent >= -22, exponent <= 22 {
      let value = Double(mantissa)
      let magnitude = exponent >= 0 ? value * power(exponent) : value / power(-exponent)
      return negative ? -magnitude : magnitude
    }
    if mantissa == 0 { return negative ? -0.0 : 0 }
    if !dropped, exponent >= -22, exponent <= 22,
      let magnitude = doubleDouble(mantissa, exponent: exponent)
    {
      return negative ? -magnitude : magnitude
    }
    return slow(bytes)
  }

  /// m·10ᵉ for a mantissa m ≥ 2⁵³ (up to 19 digits) and |e| ≤ 22, correctly
  /// rounded, or nil when this cannot be sure.
  ///
  /// m = hi + lo exactly (lo = m − hi below 2¹¹), the product or quotient
  /// by the exact 10^|e| formed as head + tail with an FMA (the remainder
  /// of a division is exact), within 2⁻⁹⁴ of the true value relative. The
  /// rounded sum r is then the correctly rounded value unless the
  /// residual head + tail − r lies within that error of half the gap to
  /// r's neighbour: a tie or near-tie (about one value in 2³⁷) goes to
  /// `strtod`.
  @inline(__always)
  private static func doubleDouble(_ m: UInt64, exponent e: Int) -> Double? {
    let hi = Double(m)
    let lo = Double(Int64(bitPattern: m &- UInt64(hi)))
    let p = power(abs(e))
    let head: Double
    let tail: Double
    if e >= 0 {
      head = hi * p
      tail = (-head).addingProduct(hi, p) + lo * p
    } else {
      head = hi / p
      tail = (hi.addingProduct(-head, p) + lo) / p
    }
    let r = head + tail
    guard r.isFinite else { return nil }
    let residual = tail - (r - head)
    // The gap below a power of two is half the gap above.
    let gap = residual < 0 && r.significandBitPattern == 0 ? r.ulp / 2 : r.ulp
    guard abs(residual) < gap / 2 - r * 0x1p-90 else { return nil }
    return r
  }

  /// `inf`, `infinity` or `nan` (any case) from `start`, after a sign.
  private static func word(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, negative: Bool)
    -> Double?
  {
    guard bytes.count - start <= 8 else { return nil }
    var text = ""
    for k in start..<bytes.count { text.unicodeScalars.append(Unicode.Scalar(bytes[k] | 0x20)) }
    switch text {
    case "inf", "infinity": return negative ? -.infinity : .infinity
    case "nan": return .nan
    default: return nil
    }
  }

  /// `strtod` on a NUL-terminated copy (the syntax is already checked).
  private static func slow(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
      for k in 0..<bytes.count { buffer[k] = CChar(bitPattern: bytes[k]) }
      buffer[bytes.count] = 0
      guard let start = buffer.baseAddress else { return nil }
      return strtod(start, nil)
    }
  }
}

extension DecimalParser {
  /// The number `text` spells, or nil.
  static func parse(string text: String) -> Double? {
    var text = text
    return text.withUTF8 { parse($0) }
  }
}
