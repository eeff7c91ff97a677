/// Reads a tokenised CSV's fields as numbers or text, row by row, finding
/// the missing values and the columns that are not numeric on the way.
struct FieldReader {
  let tokens: CSVTokens
  let bytes: UnsafeBufferPointer<UInt8>
  /// The missing-value markers' bytes.
  let markers: [[UInt8]]
  /// The first bytes of the markers, as a 256-bit set: any other first
  /// byte is not one.
  let markerStarts: (UInt64, UInt64, UInt64, UInt64)
  let rowCount: Int

  init(tokens: CSVTokens, bytes: UnsafeBufferPointer<UInt8>, markers: Set<String>, rowCount: Int) {
    self.tokens = tokens
    self.bytes = bytes
    self.markers = markers.map { Array($0.utf8) }
    var starts: [UInt64] = [0, 0, 0, 0]
    for first in self.markers.compactMap(\.first) { starts[Int(first >> 6)] |= 1 << (first & 63) }
    markerStarts = (starts[0], starts[1], starts[2], starts[3])
    self.rowCount = rowCount
  }

  struct Parsed {
    /// Each column's numbers (NaN where missing), nil for a text column.
    var numbers: [[Double]?]
    var missingRows: [Bool]
    /// The first missing value's row (from 0) and column.
    var firstMissing: (Int, Int)?
  }

  /// Field (row, column)'s bytes: an unquoted field without the spaces
  /// and tabs around it.
  func field(row: Int, column: Int) -> (bytes: UnsafeBufferPointer<UInt8>, quoted: Bool) {
    let (range, quoted) = tokens.range((row + 1) * tokens.width + column)
    var lower = range.lowerBound
    var upper = range.upperBound
    if !quoted {
      while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
      while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
    }
    return (UnsafeBufferPointer(rebasing: bytes[lower..<upper]), quoted)
  }

  func isMissing(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = field.first else { return true }
    let word: UInt64
    switch first >> 6 {
    case 0: word = markerStarts.0
    case 1: word = markerStarts.1
    case 2: word = markerStarts.2
    default: word = markerStarts.3
    }
    guard word >> (first & 63) & 1 != 0 else { return false }
    return markers.contains { $0.elementsEqual(field) }
  }

  /// Every field, once.
  func read(textColumns: [Bool]) -> Parsed {
    let width = tokens.width
    let rows = rowCount
    var numeric = textColumns.map { !$0 }
    var missingRows = [Bool](repeating: false, count: rows)
    var firstMissing: (Int, Int)?
    // Column j's numbers at j·rows ..< (j + 1)·rows.
    var flat = [Double](repeating: .nan, count: width * rows)
    flat.withUnsafeMutableBufferPointer { values in
      missingRows.withUnsafeMutableBufferPointer { missing in
        numeric.withUnsafeMutableBufferPointer { numeric in
          for row in 0..<rows {
            for column in 0..<width {
              let text = field(row: row, column: column).bytes
              if text.isEmpty || isMissing(text) {
                missing[row] = true
                if firstMissing == nil { firstMissing = (row, column) }
                continue
              }
              guard numeric[column] else { continue }
              if let value = DecimalParser.parse(text) {
                values[column * rows + row] = value
              } else {
                numeric[column] = false
              }
            }
          }
        }
      }
    }
    return Parsed(
      numbers: (0..<width).map { j in
        numeric[j] ? Array(flat[(j * rows)..<((j + 1) * rows)]) : nil
      }, missingRows: missingRows, firstMissing: firstMissing)
  }

  /// Field (row, column) as text: "" where it is missing.
  func text(row: Int, column: Int) -> String {
    let (text, quoted) = field(row: row, column: column)
    if isMissing(text) { return "" }
    guard quoted else { return String(decoding: text, as: UTF8.self) }
    return tokens.text((row + 1) * tokens.width + column, in: bytes)
  }
}
