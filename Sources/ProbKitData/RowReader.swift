/// The missing-value markers, tested without hashing: a 256-bit set of
/// their first bytes, then the markers themselves.
struct MissingMarkers {
  let markers: [[UInt8]]
  let firstBytes: (UInt64, UInt64, UInt64, UInt64)

  init(_ markers: Set<String>) {
    self.markers = markers.map { Array($0.utf8) }
    var words: [UInt64] = [0, 0, 0, 0]
    for first in self.markers.compactMap(\.first) { words[Int(first >> 6)] |= 1 << (first & 63) }
    firstBytes = (words[0], words[1], words[2], words[3])
  }

  /// Whether `field` is empty or a marker.
  @inline(__always)
  func matches(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = field.first else { return true }
    let word: UInt64
    switch first >> 6 {
    case 0: word = firstBytes.0
    case 1: word = firstBytes.1
    case 2: word = firstBytes.2
    default: word = firstBytes.3
    }
    guard word >> (first & 63) & 1 != 0 else { return false }
    return markers.contains { $0.elementsEqual(field) }
  }
}

/// Reads a CSV's records after the header into numeric columns (through
/// pointers) and text columns, row by row: a column is numeric until a
/// present value is not a number, when its earlier rows are read again as
/// text.
struct RowReader {
  var scanner: CSVScanner
  let names: [String]
  let markers: MissingMarkers
  let policy: MissingValuePolicy
  /// Whether each column is still numeric.
  var numeric: [Bool]
  /// Each text column's values (nil while numeric).
  var texts: [[String]?]
  /// Each row's line and offset in the bytes.
  var lines: [Int] = []
  var offsets: [Int] = []
  var missingRows: [Bool] = []
  /// What stopped the reading, if anything.
  var error: CSVError?

  init(
    scanner: CSVScanner, names: [String], markers: MissingMarkers, policy: MissingValuePolicy,
    numeric: [Bool]
  ) {
    self.scanner = scanner
    self.names = names
    self.markers = markers
    self.policy = policy
    self.numeric = numeric
    texts = numeric.map { $0 ? nil : [] }
  }

  /// Reads every record, numbers into `columns[j]` for numeric column j
  /// (room for `capacity` rows each); returns the rows read (all of them,
  /// or none after an error).
  mutating func read(into columns: [UnsafeMutablePointer<Double>], capacity: Int) -> Int {
    do {
      return try readRows(into: columns, capacity: capacity)
    } catch {
      self.error = error
      return 0
    }
  }

  private mutating func readRows(into columns: [UnsafeMutablePointer<Double>], capacity: Int)
    throws(CSVError) -> Int
  {
    let width = names.count
    lines.reserveCapacity(capacity)
    offsets.reserveCapacity(capacity)
    missingRows.reserveCapacity(capacity)
    var row = 0
    while let record = try scanner.nextRecord() {
      // One record per line feed at most, and one more: the room is there.
      precondition(row < capacity, "RowReader: more records than line feeds allow")
      let count = scanner.fieldCount
      guard count == width else {
        throw CSVError(
          .raggedRow, row: record.line,
          "\(count == 1 ? "1 field" : "\(count) fields"), the header \(width)")
      }
      lines.append(record.line)
      offsets.append(record.offset)
      var rowMissing = false
      for j in 0..<width {
        let field = scanner.field(j).bytes
        if markers.matches(field) {
          guard policy != .error else {
            throw CSVError(
              .missingValue, row: record.line, column: names[j],
              "the value is missing (an empty field or a missing-value marker)")
          }
          rowMissing = true
          if numeric[j] { columns[j][row] = .nan } else { texts[j]?.append("") }
          continue
        }
        if numeric[j] {
          if let value = DecimalParser.parse(field) {
            columns[j][row] = value
            continue
          }
          numeric[j] = false
          texts[j] = try earlierText(column: j, rows: row)
        }
        texts[j]?.append(scanner.text(j))
      }
      missingRows.append(rowMissing)
      row += 1
    }
    return row
  }

  /// Column `j` of the first `rows` rows as text, read again ("" where
  /// missing).
  private func earlierText(column j: Int, rows: Int) throws(CSVError) -> [String] {
    var again = scanner
    var values: [String] = []
    values.reserveCapacity(rows)
    for row in 0..<rows {
      again.seek(to: offsets[row], line: lines[row])
      _ = try again.nextRecord()
      values.append(markers.matches(again.field(j).bytes) ? "" : again.text(j))
    }
    return values
  }
}
