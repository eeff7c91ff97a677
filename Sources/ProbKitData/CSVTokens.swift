import Foundation

/// The fields of a CSV text as byte ranges: RFC 4180 with LF or CRLF line
/// ends, a UTF-8 byte-order mark skipped, blank lines skipped.
///
/// One pass over the bytes; no field is copied. A quoted field's range is
/// between its quotes, with its doubled quotes still doubled
/// (``text(_:)`` undoes them). Strict where RFC 4180 is: text after a
/// closing quote, a quote inside an unquoted field, a quote never closed and
/// a carriage return without a line feed are errors, as is a record with
/// another number of fields than the header.
struct CSVTokens {
  /// The fields' byte ranges, in storage that doubles when full.
  final class Ranges {
    /// Byte offset of each field's first byte, with ``quotedFlag`` set for
    /// a quoted field; row-major, the header's fields first.
    private(set) var starts: UnsafeMutablePointer<Int>
    /// Byte offset just past each field.
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
      self.capacity = max(capacity, 16)
      starts = .allocate(capacity: self.capacity)
      ends = .allocate(capacity: self.capacity)
    }

    /// Room for twice as many fields.
    func grow() {
      let larger = capacity * 2
      for pointer in [\Ranges.starts, \Ranges.ends] {
        let old = self[keyPath: pointer]
        let new = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        new.moveInitialize(from: old, count: capacity)
        old.deallocate()
        if pointer == \Ranges.starts { starts = new } else { ends = new }
      }
      capacity = larger
    }

    deinit {
      starts.deallocate()
      ends.deallocate()
    }
  }

  private let ranges: Ranges
  /// The line each record (the header first) starts on, from 1.
  private(set) var lines: [Int] = []
  /// Fields per record.
  private(set) var width = 0

  static let quotedFlag = 1 << 62

  var recordCount: Int { lines.count }

  /// Splits `bytes` (already checked to be UTF-8 without NUL bytes).
  init(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
    let n = bytes.count
    var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var line = 1
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    let lineFeed = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    // A guess at the fields (one per eight bytes), grown when it is short.
    let ranges = Ranges(capacity: n / 8)
    self.ranges = ranges
    var starts = ranges.starts
    var ends = ranges.ends
    var capacity = ranges.capacity
    var count = 0
    defer { ranges.count = count }
    func append(_ start: Int, _ end: Int) {
      if count == capacity {
        ranges.count = count
        ranges.grow()
        (starts, ends, capacity) = (ranges.starts, ranges.ends, ranges.capacity)
      }
      starts[count] = start
      ends[count] = end
      count += 1
    }
    while i < n {
      let recordLine = line
      let firstField = count
      var quotedAny = false
      while true {
        if i < n, bytes[i] == quote {
          quotedAny = true
          let openedOn = line
          i += 1
          let start = i
          while true {
            guard i < n else {
              throw CSVError(.malformed, row: openedOn, "a quote opened here is never closed")
            }
            let byte = bytes[i]
            if byte == quote {
              if i + 1 < n, bytes[i + 1] == quote {
                i += 2
                continue
              }
              break
            }
            if byte == lineFeed { line += 1 }
            i += 1
          }
          append(start | Self.quotedFlag, i)
          i += 1
          if i < n, bytes[i] != comma, bytes[i] != lineFeed, bytes[i] != carriageReturn {
            throw CSVError(
              .malformed, row: line,
              "text after a closing quote (a quote inside a field is written \"\")")
          }
        } else {
          let start = i
          i = Self.nextSpecialByte(bytes, from: i)
          if i < n, bytes[i] == quote {
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
        if delimiter == comma { continue }
        if delimiter == carriageReturn {
          guard i < n, bytes[i] == lineFeed else {
            throw CSVError(
              .malformed, row: line,
              "a carriage return without a line feed (lines must end in LF or CRLF)")
          }
          i += 1
        }
        line += 1
        break
      }
      // A blank line: one unquoted field of spaces and tabs at most.
      let blank =
        count - firstField == 1 && !quotedAny
        && (starts[firstField]..<ends[firstField]).allSatisfy {
          bytes[$0] == UInt8(ascii: " ") || bytes[$0] == UInt8(ascii: "\t")
        }
      let fields = count - firstField
      if blank {
        count = firstField
        continue
      }
      if lines.isEmpty {
        width = fields
      } else if fields != width {
        throw CSVError(
          .raggedRow, row: recordLine,
          "\(fields == 1 ? "1 field" : "\(fields) fields"), the header \(width)")
      }
      lines.append(recordLine)
    }
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

  /// Field `index`'s bytes, and whether it was quoted.
  func range(_ index: Int) -> (range: Range<Int>, quoted: Bool) {
    precondition(index >= 0 && index < ranges.count, "CSVTokens: field \(index) out of range")
    let start = ranges.starts[index]
    let quoted = start & Self.quotedFlag != 0
    return ((quoted ? start ^ Self.quotedFlag : start)..<ranges.ends[index], quoted)
  }

  /// Field `index` as text: a quoted field's doubled quotes undone, an
  /// unquoted field as it stands.
  func text(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
    let (range, quoted) = range(index)
    let slice = UnsafeBufferPointer(rebasing: bytes[range])
    guard quoted, slice.contains(UInt8(ascii: "\"")) else {
      return String(decoding: slice, as: UTF8.self)
    }
    var unescaped: [UInt8] = []
    unescaped.reserveCapacity(slice.count)
    var k = 0
    while k < slice.count {
      unescaped.append(slice[k])
      k += slice[k] == UInt8(ascii: "\"") ? 2 : 1
    }
    return String(decoding: unescaped, as: UTF8.self)
  }
}
