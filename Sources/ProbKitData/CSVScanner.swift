/// The records of a CSV text, one at a time, as byte ranges: RFC 4180 with
/// LF or CRLF line ends, a UTF-8 byte-order mark skipped, blank lines
/// skipped.
///
/// No field is copied. A quoted field's range is between its quotes, with
/// its doubled quotes still doubled (``text(_:)`` undoes them). Strict
/// where RFC 4180 is: text after a closing quote, a quote inside an
/// unquoted field, a quote never closed and a carriage return without a
/// line feed are errors naming the row (the line a record starts on, from
/// 1).
struct CSVScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  /// Where the next record starts.
  private(set) var position: Int
  /// The line ``position`` is on.
  private(set) var line = 1
  /// The current record's fields: start (with ``quotedFlag`` for a quoted
  /// field) and end offsets, in ``fieldCount`` pairs.
  private(set) var starts: [Int] = []
  private(set) var ends: [Int] = []
  private(set) var fieldCount = 0

  static let quotedFlag = 1 << 62

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
  }

  /// Moves to `offset`, the start of a record on `line`, to read it again.
  mutating func seek(to offset: Int, line: Int) {
    position = offset
    self.line = line
  }

  /// Reads the next record that is not blank into ``starts``, ``ends`` and
  /// ``fieldCount``; returns the line and offset it starts at, or nil at
  /// the end.
  mutating func nextRecord() throws(CSVError) -> (line: Int, offset: Int)? {
    let n = bytes.count
    while position < n {
      let record = (line: line, offset: position)
      fieldCount = 0
      var quotedAny = false
      var i = position
      while true {
        if i < n, bytes[i] == 0x22 {
          quotedAny = true
          let openedOn = line
          i += 1
          let start = i
          while true {
            guard i < n else {
              throw CSVError(.malformed, row: openedOn, "a quote opened here is never closed")
            }
            let byte = bytes[i]
            if byte == 0x22 {
              if i + 1 < n, bytes[i + 1] == 0x22 {
                i += 2
                continue
              }
              break
            }
            if byte == 0x0A { line += 1 }
            i += 1
          }
          append(start | Self.quotedFlag, i)
          i += 1
          if i < n, bytes[i] != 0x2C, bytes[i] != 0x0A, bytes[i] != 0x0D {
            throw CSVError(
              .malformed, row: line,
              "text after a closing quote (a quote inside a field is written \"\")")
          }
        } else {
          let start = i
          i = Self.nextSpecialByte(bytes, from: i)
          if i < n, bytes[i] == 0x22 {
            throw CSVError(
              .malformed, row: line,
              "a quote inside an unquoted field (quote the whole field and write the quote \"\")"
            )
          }
          append(start, i)
        }
        guard i < n else { break }
        let delimiter = bytes[i]
        i += 1
        if delimiter == 0x2C { continue }
        if delimiter == 0x0D {
          guard i < n, bytes[i] == 0x0A else {
            throw CSVError(
              .malformed, row: line,
              "a carriage return without a line feed (lines must end in LF or CRLF)")
          }
          i += 1
        }
        line += 1
        break
      }
      position = i
      // A blank line: one unquoted field of spaces and tabs at most.
      let blank =
        fieldCount == 1 && !quotedAny
        && (starts[0]..<ends[0]).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
      if !blank { return record }
    }
    return nil
  }

  @inline(__always)
  private mutating func append(_ start: Int, _ end: Int) {
    if fieldCount < starts.count {
      starts[fieldCount] = start
      ends[fieldCount] = end
    } else {
      starts.append(start)
      ends.append(end)
    }
    fieldCount += 1
  }

  /// The offset of the first comma, line feed, carriage return or quote at
  /// or after `start` (`bytes.count` if none): eight bytes at a time, each
  /// word tested for the four bytes with the zero-byte trick (the lowest
  /// match is exact, so the first set bit is the first special byte).
  @inline(__always)
  static func nextSpecialByte(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    let n = bytes.count
    var i = start
    if let base = bytes.baseAddress {
      let ones: UInt64 = 0x0101_0101_0101_0101
      let highs: UInt64 = 0x8080_8080_8080_8080
      while i + 8 <= n {
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        let comma = word ^ (0x2C &* ones)
        let lineFeed = word ^ (0x0A &* ones)
        let carriageReturn = word ^ (0x0D &* ones)
        let quote = word ^ (0x22 &* ones)
        let found =
          ((comma &- ones) & ~comma | (lineFeed &- ones) & ~lineFeed
            | (carriageReturn &- ones) & ~carriageReturn | (quote &- ones) & ~quote) & highs
        if found != 0 { return i + found.trailingZeroBitCount / 8 }
        i += 8
      }
    }
    while i < n {
      let byte = bytes[i]
      if byte == 0x2C || byte == 0x0A || byte == 0x0D || byte == 0x22 { return i }
      i += 1
    }
    return n
  }

  /// Field `k` of the current record: its bytes (an unquoted field without
  /// the spaces and tabs around it when `trimmed`), and whether it was
  /// quoted.
  @inline(__always)
  func field(_ k: Int, trimmed: Bool = true) -> (bytes: UnsafeBufferPointer<UInt8>, quoted: Bool) {
    let start = starts[k]
    let quoted = start & Self.quotedFlag != 0
    var lower = quoted ? start ^ Self.quotedFlag : start
    var upper = ends[k]
    if !quoted && trimmed {
      while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
      while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
    }
    return (UnsafeBufferPointer(rebasing: bytes[lower..<upper]), quoted)
  }

  /// Field `k` as text: a quoted field's doubled quotes undone, an unquoted
  /// one as it stands (or trimmed).
  func text(_ k: Int, trimmed: Bool = true) -> String {
    let (slice, quoted) = field(k, trimmed: trimmed)
    guard quoted, slice.contains(0x22) else { return String(decoding: slice, as: UTF8.self) }
    var unescaped: [UInt8] = []
    unescaped.reserveCapacity(slice.count)
    var k = 0
    while k < slice.count {
      unescaped.append(slice[k])
      k += slice[k] == 0x22 ? 2 : 1
    }
    return String(decoding: unescaped, as: UTF8.self)
  }
}
