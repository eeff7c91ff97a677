/// UTF-8 validation that says where it fails: the first byte that does not
/// begin or continue a well-formed sequence (overlong forms, surrogates and
/// code points past U+10FFFF are ill-formed), or a NUL byte.
///
/// ASCII runs are checked eight bytes at a time.
enum UTF8Validation {
  /// The offset of the first invalid or NUL byte of `bytes`, or nil.
  static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = bytes.count
    guard let base = bytes.baseAddress else { return nil }
    var i = 0
    while i < n {
      // Eight ASCII bytes without a NUL: no high bit, and no zero byte.
      if i + 8 <= n {
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let zeroByte = (word &- 0x0101_0101_0101_0101) & ~word & highBits
        if word & highBits == 0, zeroByte == 0 {
          i += 8
          continue
        }
      }
      let b = bytes[i]
      if b == 0 { return i }
      if b < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch b {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return i
      }
      guard i + 1 < n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
      for k in 2..<length {
        guard i + k < n, bytes[i + k] & 0xC0 == 0x80 else { return i }
      }
      i += length
    }
    return nil
  }
}
