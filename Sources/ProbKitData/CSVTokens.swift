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
  /// Byte offset of each field's first byte, with ``quotedFlag`` set for
  /// a quoted field; row-major, the header's fields first.
  private(set) var starts: [Int] = []
  /// Byte offset just past each field.
  private(set) var ends: [Int] = []
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
    starts.reserveCapacity(n / 8 + 16)
    ends.reserveCapacity(n / 8 + 16)
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    let lineFeed = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    while i < n {
      let recordLine = line
      let firstField = starts.count
      var blank = true
      while true {
        if i < n, bytes[i] == quote {
          blank = false
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
          starts.append(start | Self.quotedFlag)
          ends.append(i)
          i += 1
          if i < n, bytes[i] != comma, bytes[i] != lineFeed, bytes[i] != carriageReturn {
            throw CSVError(
              .malformed, row: line,
              "text after a closing quote (a quote inside a field is written \"\")")
          }
        } else {
          let start = i
          while i < n {
            let byte = bytes[i]
            if byte == comma || byte == lineFeed || byte == carriageReturn { break }
            if byte == quote {
              throw CSVError(
                .malformed, row: line,
                "a quote inside an unquoted field (quote the whole field and write the quote \"\")"
              )
            }
            if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { blank = false }
            i += 1
          }
          starts.append(start)
          ends.append(i)
        }
        guard i < n else { break }
        let delimiter = bytes[i]
        i += 1
        if delimiter == comma {
          blank = false
          continue
        }
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
      let count = starts.count - firstField
      if blank {
        starts.removeLast(count)
        ends.removeLast(count)
        continue
      }
      if lines.isEmpty {
        width = count
      } else if count != width {
        throw CSVError(
          .raggedRow, row: recordLine,
          "\(count == 1 ? "1 field" : "\(count) fields"), the header \(width)")
      }
      lines.append(recordLine)
    }
  }

  /// Field `index`'s bytes, and whether it was quoted.
  func range(_ index: Int) -> (range: Range<Int>, quoted: Bool) {
    let start = starts[index]
    let quoted = start & Self.quotedFlag != 0
    return ((quoted ? start ^ Self.quotedFlag : start)..<ends[index], quoted)
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
