import Foundation

/// A CSV file read into named columns of numbers or text.
///
/// The first record is the header: non-empty, distinct names. A column
/// whose every present value is a decimal number (`[+-]d.dE±d`, `inf`,
/// `nan`) is numeric; any other column is text (class labels, names).
/// Unquoted fields lose the spaces and tabs around them; quoted fields are
/// kept as written. Missing values (empty fields and `missingMarkers`) are
/// handled by a ``MissingValuePolicy``. Numbers are correctly rounded
/// (Clinger's fast path, else `strtod`).
///
/// ```swift
/// let table = try CSVTable(text: "height,species\n5.1,setosa\n6.2,\"virginica\"\n")
/// try table.numbers("height")  // [5.1, 6.2]
/// try table.text("species")    // ["setosa", "virginica"]
/// ```
///
/// The file's format is RFC 4180 as `CSVTokens` reads it: commas, LF or
/// CRLF line ends, quotes doubled inside quoted fields, a UTF-8
/// byte-order mark skipped, blank lines skipped; text that is not UTF-8,
/// a NUL byte, broken quoting and ragged rows are errors naming the row.
public struct CSVTable: Sendable, Equatable {
  /// One column's values, one per row.
  public enum Column: Sendable, Equatable {
    /// A numeric column.
    case numbers([Double])
    /// A text column.
    case text([String])
  }

  /// The header's names, spaces and tabs around them removed.
  public let columnNames: [String]
  /// The columns, in the header's order.
  public let columns: [Column]
  /// The line of the file each row starts on (the header's being 1), for
  /// messages about a row.
  public let rows: [Int]
  /// How many rows ``MissingValuePolicy/dropRow`` left out.
  public let droppedRowCount: Int

  /// The number of rows (records after the header).
  public var rowCount: Int { rows.count }

  /// The fields read as missing besides empty ones, as pandas' defaults
  /// (a subset): `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`.
  public static let defaultMissingMarkers: Set<String> = [
    "NA", "N/A", "NaN", "nan", "null", "NULL",
  ]

  /// Reads the CSV file at `url`.
  ///
  /// - Parameters:
  ///   - url: A file URL.
  ///   - missing: What to do with missing values.
  ///   - missingMarkers: Fields (after trimming) that are missing values,
  ///     besides empty ones.
  ///   - textColumns: Columns read as text even when every value is a
  ///     number (class codes, identifiers).
  /// - Throws: `CSVError`: `.unreadable` for a file that cannot be read,
  ///   and as ``init(bytes:missing:missingMarkers:textColumns:)``.
  public init(
    contentsOf url: URL, missing: MissingValuePolicy = .error,
    missingMarkers: Set<String> = defaultMissingMarkers, textColumns: Set<String> = []
  ) throws(CSVError) {
    let data: Data
    do {
      data = try Data(contentsOf: url, options: [])
    } catch {
      throw CSVError(.unreadable, "cannot read \(url.path): \(error.localizedDescription)")
    }
    let result = data.withUnsafeBytes { raw in
      Result { () throws(CSVError) in
        try CSVTable(
          raw.bindMemory(to: UInt8.self), missing: missing, missingMarkers: missingMarkers,
          textColumns: textColumns)
      }
    }
    self = try result.get()
  }

  /// Reads CSV text.
  public init(
    text: String, missing: MissingValuePolicy = .error,
    missingMarkers: Set<String> = defaultMissingMarkers, textColumns: Set<String> = []
  ) throws(CSVError) {
    try self.init(
      bytes: Array(text.utf8), missing: missing, missingMarkers: missingMarkers,
      textColumns: textColumns)
  }

  /// Reads CSV bytes.
  ///
  /// - Throws: `CSVError`: `.empty` without a header, `.notText` for bytes
  ///   that are not UTF-8 or a NUL byte, `.malformed` for broken quoting, a
  ///   lone carriage return; `.badHeader` for an empty or repeated name,
  ///   `.raggedRow` for a record with another number of fields than the
  ///   header, `.missingValue` under ``MissingValuePolicy/error``, and
  ///   `.badColumn` for a `textColumns` name not in the header.
  public init(
    bytes: [UInt8], missing: MissingValuePolicy = .error,
    missingMarkers: Set<String> = defaultMissingMarkers, textColumns: Set<String> = []
  ) throws(CSVError) {
    let result = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(CSVError) in
        try CSVTable(
          buffer, missing: missing, missingMarkers: missingMarkers, textColumns: textColumns)
      }
    }
    self = try result.get()
  }

  init(
    _ bytes: UnsafeBufferPointer<UInt8>, missing: MissingValuePolicy, missingMarkers: Set<String>,
    textColumns: Set<String>
  ) throws(CSVError) {
    if let bad = UTF8Validation.firstInvalidByte(bytes) {
      let line = 1 + bytes[..<bad].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
      throw CSVError(
        .notText, row: line,
        bytes[bad] == 0
          ? "a NUL byte at byte offset \(bad) (the file is not text)"
          : String(format: "byte 0x%02X at byte offset %d is not UTF-8", bytes[bad], bad)
            + " (convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8)")
    }
    var scanner = CSVScanner(bytes)
    guard try scanner.nextRecord() != nil else { throw CSVError(.empty, "no header row") }
    let width = scanner.fieldCount
    var names: [String] = []
    var seen: [String: Int] = [:]
    for j in 0..<width {
      let name = scanner.text(j)
      guard !name.isEmpty else {
        throw CSVError(.badHeader, row: 1, column: "\(j + 1)", "the header's name is empty")
      }
      if let earlier = seen[name] {
        throw CSVError(
          .badHeader, row: 1, column: name,
          "columns \(earlier + 1) and \(j + 1) have the same name")
      }
      seen[name] = j
      names.append(name)
    }
    if let unknown = textColumns.subtracting(names).sorted().first {
      throw CSVError(.badColumn, column: unknown, "is not in the header")
    }
    var reader = RowReader(
      scanner: scanner, names: names, markers: MissingMarkers(missingMarkers), policy: missing,
      numeric: names.map { !textColumns.contains($0) })
    // At most one row per line feed, and one more.
    let capacity = Self.lineFeeds(bytes) + 1
    let numbers = ColumnBuffers.filled(width: width, capacity: capacity) { pointers in
      reader.read(into: pointers, capacity: capacity)
    }
    if let error = reader.error { throw error }
    let kept = (0..<reader.lines.count).filter { missing != .dropRow || !reader.missingRows[$0] }
    let all = kept.count == reader.lines.count
    columnNames = names
    rows = all ? reader.lines : kept.map { reader.lines[$0] }
    droppedRowCount = reader.lines.count - kept.count
    columns = (0..<width).map { j in
      if let texts = reader.texts[j] { return .text(all ? texts : kept.map { texts[$0] }) }
      return .numbers(all ? numbers[j] : kept.map { numbers[j][$0] })
    }
  }

  /// The column named `name`, or nil.
  public subscript(name: String) -> Column? {
    columnNames.firstIndex(of: name).map { columns[$0] }
  }

  /// The numeric column named `name`.
  ///
  /// - Throws: `CSVError.Kind.badColumn` when there is no such column or
  ///   it holds text (naming the first value that is not a number).
  public func numbers(_ name: String) throws(CSVError) -> [Double] {
    switch try column(name) {
    case .numbers(let values): return values
    case .text(let values):
      let index = values.firstIndex { DecimalParser.parse(string: $0) == nil } ?? 0
      throw CSVError(
        .badColumn, row: rows.isEmpty ? nil : rows[index], column: name,
        "\"\(values.isEmpty ? "" : values[index])\" is not a number")
    }
  }

  /// The text column named `name`.
  ///
  /// - Throws: `CSVError.Kind.badColumn` when there is no such column or
  ///   it is numeric (read it with `textColumns` to keep it as text).
  public func text(_ name: String) throws(CSVError) -> [String] {
    switch try column(name) {
    case .text(let values): return values
    case .numbers:
      throw CSVError(
        .badColumn, column: name, "is numeric (pass it in textColumns to read it as text)")
    }
  }

  private func column(_ name: String) throws(CSVError) -> Column {
    guard let column = self[name] else {
      throw CSVError(
        .badColumn, column: name,
        "is not in the table (columns: \(columnNames.map { "\"\($0)\"" }.joined(separator: ", ")))")
    }
    return column
  }

  /// The number of line feeds in `bytes`, eight bytes at a time (a zero
  /// byte of word ^ 0x0A… is found exactly by (x & 0x7F…) + 0x7F…, whose
  /// high bit stays clear only for a zero byte).
  static func lineFeeds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let n = bytes.count
    var count = 0
    var i = 0
    if let base = bytes.baseAddress {
      let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
      while i + 8 <= n {
        let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
        count &+= (~(((x & lows) &+ lows) | x | lows)).nonzeroBitCount
        i &+= 8
      }
    }
    while i < n {
      if bytes[i] == 0x0A { count += 1 }
      i += 1
    }
    return count
  }

  /// `text` without the spaces and tabs around it.
  static func trimmed(_ text: String) -> Substring {
    let isBlank = { (c: Character) in c == " " || c == "\t" }
    guard let first = text.firstIndex(where: { !isBlank($0) }),
      let last = text.lastIndex(where: { !isBlank($0) })
    else { return text[text.endIndex...] }
    return text[first...last]
  }
}
