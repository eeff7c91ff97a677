/// Reads a tokenised CSV's fields as numbers or text, row by row, finding
/// the missing values and the columns that are not numeric on the way.
struct FieldReader {
  let tokens: CSVTokens
  let bytes: UnsafeBufferPointer<UInt8>
  /// The missing-value markers' bytes.
  let markers: [[UInt8]]
  /// The first bytes of the markers: any other first byte is not one.
  let markerStarts: Set<UInt8>
  let rowCount: Int

  init(tokens: CSVTokens, bytes: UnsafeBufferPointer<UInt8>, markers: Set<String>, rowCount: Int) {
    self.tokens = tokens
    self.bytes = bytes
    self.markers = markers.map { Array($0.utf8) }
    markerStarts = Set(self.markers.compactMap(\.first))
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
    guard markerStarts.contains(first) else { return false }
    return markers.contains { $0.elementsEqual(field) }
  }

  /// Every field, once.
  func read(textColumns: [Bool]) -> Parsed {
    let width = tokens.width
    var numeric = textColumns.map { !$0 }
    var values = (0..<width).map { j in
      numeric[j] ? [Double](repeating: .nan, count: rowCount) : []
    }
    var missingRows = [Bool](repeating: false, count: rowCount)
    var firstMissing: (Int, Int)?
    for row in 0..<rowCount {
      for column in 0..<width {
        let text = field(row: row, column: column).bytes
        if isMissing(text) {
          missingRows[row] = true
          if firstMissing == nil { firstMissing = (row, column) }
          continue
        }
        guard numeric[column] else { continue }
        if let value = DecimalParser.parse(text) {
          values[column][row] = value
        } else {
          numeric[column] = false
          values[column] = []
        }
      }
    }
    return Parsed(
      numbers: (0..<width).map { numeric[$0] ? values[$0] : nil }, missingRows: missingRows,
      firstMissing: firstMissing)
  }

  /// Field (row, column) as text: "" where it is missing.
  func text(row: Int, column: Int) -> String {
    let (text, quoted) = field(row: row, column: column)
    if isMissing(text) { return "" }
    guard quoted else { return String(decoding: text, as: UTF8.self) }
    return tokens.text((row + 1) * tokens.width + column, in: bytes)
  }
}
