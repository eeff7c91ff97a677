import Foundation
import TestSupport
import Testing

@testable import ProbKitData

/// Written by `Tests/Reference/generate_csv.py` (Python's csv module).
struct CSVDifferentialReference: Decodable {
  struct Case: Decodable {
    let text: String
    let records: [[String]]
  }
  let cases: [Case]
}

/// The reader against Python's csv module on generated files, and against
/// hostile bytes: never a crash, always a table or a typed error.
@Suite struct CSVDifferentialTests {
  static func fields(_ text: String) throws -> [[String]] {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(buffer)
      var records: [[String]] = []
      while try scanner.nextRecord() != nil {
        records.append((0..<scanner.fieldCount).map { scanner.text($0, trimmed: false) })
      }
      return records
    }
  }

  @Test func recordsEqualPythonsCSVModule() throws {
    let reference = try Fixture.load(
      CSVDifferentialReference.self, named: "csv_differential.json", in: .module)
    #expect(reference.cases.count == 400)
    for (index, item) in reference.cases.enumerated() {
      let records = try Self.fields(item.text)
      #expect(records == item.records, "case \(index): \(item.text.debugDescription)")
      // The table reads the same file (text columns keep quoted fields as
      // written; numbers are checked above).
      _ = try CSVTable(text: item.text, missing: .nan)
    }
  }

  /// Seeded mutations of valid files (bytes replaced, inserted, deleted:
  /// quotes, CR, LF, commas, NUL, invalid UTF-8, anything), truncations and
  /// huge fields: each read ends in a table with one value per row in every
  /// column, or in a `CSVError`.
  @Test func hostileBytesGiveATableOrATypedError() throws {
    var generator = SplitMix64(seed: 20_261_203)
    let specials: [UInt8] = [0x22, 0x0D, 0x0A, 0x2C, 0x00, 0xFF, 0xC3, 0xE2, 0x20, 0x31]
    let seeds = [
      "x,y\n1,2\n3,4\n", "a,b,c\r\n\"q\"\"\",2,\"x\ny\"\r\n", "n\n1\n2\n\n", "\u{FEFF}é,中\n1,2\n",
    ]
    var outcomes = (tables: 0, errors: 0)
    for round in 0..<3000 {
      var bytes = Array(seeds[round % seeds.count].utf8)
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let position = Int.random(in: 0...bytes.count, using: &generator)
        let byte =
          Bool.random(using: &generator)
          ? specials.randomElement(using: &generator) ?? 0
          : UInt8.random(in: 0...255, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0 where position < bytes.count: bytes[position] = byte
        case 1 where position < bytes.count: bytes.remove(at: position)
        case 2: bytes = Array(bytes[..<position])
        default: bytes.insert(byte, at: position)
        }
      }
      do {
        let table = try CSVTable(bytes: bytes, missing: .nan)
        for column in table.columns {
          switch column {
          case .numbers(let values): #expect(values.count == table.rowCount)
          case .text(let values): #expect(values.count == table.rowCount)
          }
        }
        outcomes.tables += 1
      } catch {
        #expect(!error.message.isEmpty)
        outcomes.errors += 1
      }
    }
    #expect(outcomes.tables > 300 && outcomes.errors > 300, "\(outcomes)")
    // A 16 MB field, quoted and not.
    let huge = String(repeating: "x", count: 1 << 24)
    let table = try CSVTable(text: "a,b\n\(huge),\"\(huge)\"\n")
    #expect(try table.text("a")[0].utf8.count == 1 << 24)
    #expect(try table.text("b")[0].utf8.count == 1 << 24)
  }
}
