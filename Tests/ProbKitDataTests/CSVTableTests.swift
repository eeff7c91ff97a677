import Foundation
import TestSupport
import Testing

@testable import ProbKitData

/// Reading tables: types, quoting, line ends, missing values, and every
/// error naming its row and column.
@Suite struct CSVTableTests {
  @Test func readsNumbersAndText() throws {
    let table = try CSVTable(
      text: "\u{FEFF} height , species,code\r\n5.1,setosa,1\r\n6.2,\"virginica, big\",2\r\n")
    #expect(table.columnNames == ["height", "species", "code"])
    #expect(try table.numbers("height") == [5.1, 6.2])
    #expect(try table.text("species") == ["setosa", "virginica, big"])
    #expect(try table.numbers("code") == [1, 2])
    #expect(table.rows == [2, 3])
    let codes = try CSVTable(text: "code\n1\n2\n", textColumns: ["code"])
    #expect(try codes.text("code") == ["1", "2"])
  }

  @Test func quotedFieldsKeepLineBreaksQuotesAndSpaces() throws {
    let table = try CSVTable(text: "a,b\n\"x\ny\",\" he said \"\"hi\"\" \"\n2,3\n")
    #expect(try table.text("a") == ["x\ny", "2"])
    #expect(try table.text("b") == [" he said \"hi\" ", "3"])
    #expect(table.rows == [2, 4])
  }

  @Test func numbersAreCorrectlyRounded() throws {
    let texts = [
      "0", "-0", "1.5", ".5", "5.", "-1.25e-3", "1E22", "1e23", "0.1", "0.30000000000000004",
      "123456789012345678901234567890", "2.2250738585072014e-308", "4.9e-324", "1e-400",
      "1.7976931348623157e308", "1e309", "-inf", "Infinity", "+1", "00012", "9007199254740993",
    ]
    let table = try CSVTable(text: "x\n" + texts.joined(separator: "\n") + "\n")
    let values = try table.numbers("x")
    for (text, value) in zip(texts, values) {
      let expected = Double(text) ?? (text.lowercased().hasSuffix("inf") ? -.infinity : .infinity)
      #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) vs \(expected)")
    }
    for text in ["1e", "1e+", "e5", ".", "-", "1.2.3", "0x10", "1,5", "1 2", "--1"] {
      #expect(DecimalParser.parse(string: text) == nil, "\(text)")
    }
  }

  @Test func missingValuesFollowThePolicy() throws {
    let text = "x,label\n1,a\n,b\n3,NA\n4,d\n"
    #expect(throws: CSVError.self) { _ = try CSVTable(text: text) }
    do {
      _ = try CSVTable(text: text)
    } catch {
      #expect(error.kind == .missingValue && error.row == 3 && error.column == "x")
    }
    let nan = try CSVTable(text: text, missing: .nan)
    #expect(try nan.numbers("x").map(\.isNaN) == [false, true, false, false])
    #expect(try nan.text("label") == ["a", "b", "", "d"])
    let dropped = try CSVTable(text: text, missing: .dropRow)
    #expect(try dropped.numbers("x") == [1, 4])
    #expect(dropped.droppedRowCount == 2 && dropped.rows == [2, 5])
    let markers = try CSVTable(text: text, missing: .dropRow, missingMarkers: [])
    #expect(try markers.text("label") == ["a", "NA", "d"])
  }

  /// Each malformed input is a typed error at the right row.
  @Test(arguments: [
    ("x,y\n1,2\n3\n", CSVError.Kind.raggedRow, 3),
    ("x,y\n1,2,3\n", .raggedRow, 2),
    ("x\n\"abc\n", .malformed, 2),
    ("x\n\"a\"b\n", .malformed, 2),
    ("x\na\"b\n", .malformed, 2),
    ("x\n1\r2\n", .malformed, 2),
    ("x\n1\n\u{0}\n", .notText, 3),
    ("x,x\n1,2\n", .badHeader, 1),
    (",y\n1,2\n", .badHeader, 1),
  ])
  func malformedInputIsAnError(text: String, kind: CSVError.Kind, row: Int) {
    do {
      _ = try CSVTable(text: text)
      Issue.record("no error for \(text.debugDescription)")
    } catch {
      #expect(error.kind == kind && error.row == row, "\(text.debugDescription): \(error)")
    }
  }

  @Test func notUTF8AndEmptyAndUnreadable() throws {
    do {
      _ = try CSVTable(bytes: Array("x\nab".utf8) + [0xE9] + Array("\n".utf8))
      Issue.record("Latin-1 accepted")
    } catch {
      #expect(error.kind == .notText && error.row == 2)
    }
    #expect(throws: CSVError(.empty, "no header row")) { _ = try CSVTable(text: "") }
    #expect(throws: CSVError(.empty, "no header row")) { _ = try CSVTable(text: "\n \n\n") }
    let noRows = try CSVTable(text: "x,y\n")
    #expect(noRows.rowCount == 0 && noRows.columns == [.numbers([]), .numbers([])])
    do {
      _ = try CSVTable(contentsOf: URL(fileURLWithPath: "/nonexistent/file.csv"))
      Issue.record("missing file read")
    } catch {
      #expect(error.kind == .unreadable)
    }
    let table = try CSVTable(text: "x,s\n1,a\n")
    #expect(throws: CSVError.self) { _ = try table.numbers("s") }
    #expect(throws: CSVError.self) { _ = try table.text("x") }
    #expect(throws: CSVError.self) { _ = try table.numbers("nope") }
    #expect(throws: CSVError.self) { _ = try CSVTable(text: "x\n1\n", textColumns: ["y"]) }
  }
}

extension CSVTableTests {
  /// The line-feed count that sizes the columns equals a plain count on
  /// seeded random bytes of every length up to 40 (the word loop and its
  /// tail), dense in line feeds and in bytes next to them.
  @Test func lineFeedCountIsExact() {
    var generator = SplitMix64(seed: 7)
    let alphabet: [UInt8] = [0x0A, 0x0B, 0x09, 0x8A, 0xFF, 0x00, 0x0D, 0x2C, 0x30]
    for length in 0...40 {
      for _ in 0..<200 {
        let bytes = (0..<length).map { _ in
          alphabet.randomElement(using: &generator) ?? 0
        }
        let count = bytes.withUnsafeBufferPointer { CSVTable.lineFeeds($0) }
        #expect(count == bytes.filter { $0 == 0x0A }.count)
      }
    }
  }
}

extension CSVTableTests {
  /// Numbers of 16 to 19 digits (the double-double path) and near-halfway
  /// cases between neighbouring doubles equal Swift's correctly rounded
  /// `Double(String)`, bit for bit, on 200,000 seeded cases.
  @Test func longMantissasAreCorrectlyRounded() {
    var generator = SplitMix64(seed: 11)
    for round in 0..<200_000 {
      let text: String
      switch round % 3 {
      case 0:
        let digits = Int.random(in: 16...19, using: &generator)
        let mantissa = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }
          .joined()
        let point = Int.random(in: 0...digits, using: &generator)
        let exponent = Int.random(in: -10...10, using: &generator)
        text =
          "\(mantissa.prefix(point)).\(mantissa.dropFirst(point))e\(exponent)"
      case 1:
        let value = Double.random(in: -1e6...1e6, using: &generator)
        text = "\(value)"
      default:
        // 19 significant digits of a point near the midpoint of two doubles.
        let value = Double.random(in: 1e-5...1e5, using: &generator)
        let midpoint = value + value.ulp / 2
        text = String(format: "%.18e", midpoint)
      }
      let expected = Double(text)
      let parsed = DecimalParser.parse(string: text)
      #expect(parsed?.bitPattern == expected?.bitPattern, "\(text)")
      if parsed?.bitPattern != expected?.bitPattern { break }
    }
  }
}

extension CSVTableTests {
  /// Past 128 columns the numbers go through scratch buffers: the same
  /// table either way, with text columns among them.
  @Test(arguments: [3, 128, 129, 300])
  func wideTablesReadTheSame(width: Int) throws {
    let header = (0..<width).map { "c\($0)" }.joined(separator: ",")
    let rows = (0..<5).map { row in
      (0..<width).map { column in column % 7 == 3 ? "t\(row)" : "\(row * width + column)" }
        .joined(separator: ",")
    }
    let table = try CSVTable(text: ([header] + rows).joined(separator: "\n"))
    #expect(table.rowCount == 5)
    for column in 0..<width {
      if column % 7 == 3 {
        #expect(try table.text("c\(column)") == (0..<5).map { "t\($0)" })
      } else {
        #expect(try table.numbers("c\(column)") == (0..<5).map { Double($0 * width + column) })
      }
    }
  }
}
