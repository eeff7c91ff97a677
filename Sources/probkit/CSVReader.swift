import Foundation

/// A strict RFC 4180 reader over bytes: a header row, then records.
///
/// - Fields are separated by commas; records end with LF or CRLF (the last
///   may have no line ending). A UTF-8 byte-order mark at the start is
///   skipped.
/// - A quoted field (`"..."`) may hold commas, line breaks and quotes
///   written twice (`""`); text after its closing quote, a quote inside an
///   unquoted field and a quote never closed are errors, the last naming
///   the row where the quote opened.
/// - The text must be UTF-8 without NUL bytes: anything else is refused
///   with its row, column and byte offset (a Latin-1 file is not silently
///   misread).
/// - Every record has as many fields as the header, whose names are
///   non-empty and distinct (so that a column is found by its name
///   unambiguously).
/// - Blank lines at the end are ignored; a blank line before a record is an
///   error.
///
/// Rows are numbered as a text editor numbers lines, from 1 for the header:
/// a record's row is the line it starts on (a quoted field with line breaks
/// spans several lines). Every error is a ``CommandError`` with
/// ``ExitStatus/dataError`` whose message starts with the file's path.
///
/// Self-contained on purpose: a fast CSV reader is planned for the library.
struct CSVReader {
  /// One record: the row it starts on and its fields.
  struct Record {
    let row: Int
    let fields: [String]
  }

  /// The path, as given, for messages.
  let path: String
  /// The header's names, with surrounding spaces and tabs removed.
  let header: [String]
  /// The data records, in order.
  let records: [Record]

  /// Reads and checks the CSV file at `path`.
  ///
  /// - Throws: ``CommandError``: ``ExitStatus/noInput`` for a file that does
  ///   not exist or cannot be read, ``ExitStatus/dataError`` for an empty or
  ///   malformed one.
  init(path: String) throws(CommandError) {
    try self.init(bytes: InputFile.read(path), path: path)
  }

  /// Parses `bytes` as the contents of `path`.
  init(bytes: [UInt8], path: String) throws(CommandError) {
    self.path = path
    var parser = Parser(bytes: bytes, path: path)
    guard let first = try parser.nextRecord() else {
      throw CommandError("\(path) is empty (a header row is needed)", .dataError)
    }
    if first.isBlank {
      throw CommandError("\(path): row 1 (the header) is blank", .dataError)
    }
    var header: [String] = []
    var rowOfName: [String: Int] = [:]
    for (index, raw) in first.fields.enumerated() {
      let name = raw.trimmingCharacters(in: .init(charactersIn: " \t"))
      guard !name.isEmpty else {
        throw CommandError(
          "\(path): column \(index + 1) of the header row has no name", .dataError)
      }
      if let earlier = rowOfName[name] {
        throw CommandError(
          "\(path): columns \(earlier + 1) and \(index + 1) are both named \(quoted(name))",
          .dataError)
      }
      rowOfName[name] = index
      header.append(name)
    }
    parser.header = header
    var records: [Record] = []
    var blank: Int?
    while let record = try parser.nextRecord() {
      if record.isBlank {
        blank = blank ?? record.row
        continue
      }
      if let blank {
        throw CommandError("\(path): row \(blank) is blank", .dataError)
      }
      guard record.fields.count == header.count else {
        let fields = record.fields.count == 1 ? "1 field" : "\(record.fields.count) fields"
        throw CommandError(
          "\(path): row \(record.row) has \(fields), the header \(header.count)", .dataError)
      }
      records.append(Record(row: record.row, fields: record.fields))
    }
    self.header = header
    self.records = records
  }

  /// The byte-level state machine.
  private struct Parser {
    struct Raw {
      let row: Int
      let fields: [String]
      let isBlank: Bool
    }

    let bytes: [UInt8]
    let path: String
    var header: [String] = []
    var index = 0
    var line = 1

    init(bytes: [UInt8], path: String) {
      self.bytes = bytes
      self.path = path
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// The column's description for messages: its name, or in the header
    /// and past its end, its number.
    func column(_ field: Int) -> String {
      field < header.count ? "column \(quoted(header[field]))" : "column \(field + 1)"
    }

    func failure(_ row: Int, _ field: Int, _ problem: String) -> CommandError {
      CommandError("\(path): row \(row), \(column(field)): \(problem)", .dataError)
    }

    mutating func nextRecord() throws(CommandError) -> Raw? {
      guard index < bytes.count else { return nil }
      let row = line
      var fields: [String] = []
      var quotedAny = false
      var field: [UInt8] = []
      while true {
        field.removeAll(keepingCapacity: true)
        let fieldIndex = fields.count
        let start = index
        let startLine = line
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
          quotedAny = true
          let openedOn = line
          index += 1
          while true {
            guard index < bytes.count else {
              throw failure(
                openedOn, fieldIndex, "the quote opened here is never closed")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
              if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                field.append(byte)
                index += 2
                continue
              }
              index += 1
              break
            }
            try check(byte, row: line, field: fieldIndex)
            if byte == UInt8(ascii: "\n") { line += 1 }
            field.append(byte)
            index += 1
          }
          if index < bytes.count, !isDelimiter(bytes[index]) {
            throw failure(
              line, fieldIndex,
              "text after the closing quote (a quote inside a field is written \"\")")
          }
        } else {
          while index < bytes.count, !isDelimiter(bytes[index]) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
              throw failure(
                line, fieldIndex,
                "a quote inside an unquoted field (quote the whole field and write the quote \"\")")
            }
            try check(byte, row: line, field: fieldIndex)
            index += 1
          }
        }
        try checkUTF8(from: start, line: startLine, field: fieldIndex)
        // An unquoted field is its bytes as they stand: no copy.
        fields.append(
          quotedAny && start < bytes.count && bytes[start] == UInt8(ascii: "\"")
            ? String(decoding: field, as: UTF8.self)
            : String(decoding: bytes[start..<index], as: UTF8.self))
        guard index < bytes.count else { break }
        let delimiter = bytes[index]
        index += 1
        if delimiter == UInt8(ascii: ",") { continue }
        if delimiter == UInt8(ascii: "\r") {
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\n") else {
            throw failure(
              line, fieldIndex,
              "a carriage return without a line feed (lines must end in LF or CRLF)")
          }
          index += 1
        }
        line += 1
        break
      }
      let isBlank =
        !quotedAny && fields.count == 1 && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
      return Raw(row: row, fields: fields, isBlank: isBlank)
    }

    private func isDelimiter(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private func check(_ byte: UInt8, row: Int, field: Int) throws(CommandError) {
      if byte == 0 {
        throw failure(row, field, "a NUL byte at byte offset \(index) (the file is not text)")
      }
    }

    /// Checks that the field's bytes, from `start` to the current index,
    /// are UTF-8 (its quotes are ASCII, so they change nothing).
    private func checkUTF8(from start: Int, line startLine: Int, field: Int) throws(CommandError) {
      guard let bad = UTF8Check.firstInvalidByte(bytes[start..<index]) else { return }
      let lineOfByte =
        startLine + bytes[start..<bad].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
      throw failure(
        lineOfByte, field,
        String(format: "byte 0x%02X at byte offset %d is not UTF-8", bytes[bad], bad)
          + " (the file is not UTF-8; convert it, e.g. iconv -f latin1 -t utf-8)")
    }
  }
}

/// UTF-8 validation that says where it fails.
enum UTF8Check {
  /// The index of the first byte of `bytes` that does not begin or continue
  /// a well-formed UTF-8 sequence (overlong forms, surrogates and code
  /// points past U+10FFFF are ill-formed), or `nil`.
  static func firstInvalidByte(_ bytes: ArraySlice<UInt8>) -> Int? {
    var i = bytes.startIndex
    let n = bytes.endIndex
    while i < n {
      let b = bytes[i]
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

/// Reading a whole input file, with errors that say what is wrong with it.
enum InputFile {
  /// The bytes of the file at `path`.
  ///
  /// - Throws: ``CommandError`` with ``ExitStatus/noInput``: no such file,
  ///   a directory, permission denied, or a read error (named by `strerror`).
  static func read(_ path: String) throws(CommandError) -> [UInt8] {
    var status = stat()
    guard stat(path, &status) == 0 else {
      let code = errno
      throw CommandError(
        code == ENOENT ? "no such file: \(path)" : "cannot read \(path): \(describe(code))",
        .noInput)
    }
    if status.st_mode & S_IFMT == S_IFDIR {
      throw CommandError("\(path) is a directory, not a file", .noInput)
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw CommandError("cannot read \(path): \(describe(errno))", .noInput)
    }
    defer { close(descriptor) }
    let size = status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : 0
    return try readToEnd(descriptor, name: path, expectedSize: size)
  }

  /// The bytes of standard input, to its end.
  static func readStandardInput() throws(CommandError) -> [UInt8] {
    try readToEnd(STDIN_FILENO, name: "standard input", expectedSize: 0)
  }

  /// Every byte `descriptor` yields until end of file, read in 64 KiB
  /// chunks (retried on EINTR); `name` is what an error calls the input.
  private static func readToEnd(
    _ descriptor: Int32, name: String, expectedSize: Int
  ) throws(CommandError) -> [UInt8] {
    var bytes: [UInt8] = []
    if expectedSize > 0 { bytes.reserveCapacity(expectedSize) }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes {
        Foundation.read(descriptor, $0.baseAddress, $0.count)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw CommandError("cannot read \(name): \(describe(errno))", .noInput)
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<count])
    }
  }

  /// `strerror`'s text for `code`.
  static func describe(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}
