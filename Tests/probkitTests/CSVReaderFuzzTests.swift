import Foundation
import ProbKit
import Testing

@testable import probkit

/// The CSV reader and writer in-process: a seeded, bounded fuzz run (no
/// input may trap; every error is a data error naming the file) and the
/// round trip of arbitrary fields through the writer.
@Suite struct CSVReaderFuzzTests {
  static let seedFile = Array(
    "x1,\"x 2\",label\r\n0.2,1.1,a\n\"1.4\",0.3,\"b,\"\"c\"\"\nd\"\n2.9,2.2,é\n\n".utf8)

  /// The bytes mutations draw from: the CSV's structural bytes, a NUL,
  /// UTF-8 lead and continuation bytes, a BOM byte.
  static let interesting: [UInt8] = [
    0x22, 0x2C, 0x0A, 0x0D, 0x00, 0x20, 0x61, 0x31, 0xC3, 0xA9, 0xE2, 0x82, 0xFF, 0xEF, 0xBB, 0xBF,
  ]

  @Test func mutatedFilesParseOrFailWithADataError() {
    var generator = RandomSource(seed: 20_261_203)
    for _ in 0..<3_000 {
      var bytes = Self.seedFile
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let position = Int.random(in: 0...bytes.count, using: &generator)
        let byte = Self.interesting.randomElement(using: &generator) ?? 0
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes.insert(byte, at: position)
        case 1: if position < bytes.count { bytes.remove(at: position) }
        default: if position < bytes.count { bytes[position] = byte }
        }
      }
      do {
        let csv = try CSVReader(bytes: bytes, path: "fuzz.csv")
        #expect(Set(csv.header).count == csv.header.count)
        #expect(csv.records.allSatisfy { $0.fields.count == csv.header.count })
        #expect(!bytes.contains(0))
      } catch {
        #expect(error.status == .dataError)
        #expect(error.message.hasPrefix("fuzz.csv"), "\(error.message)")
        // One line whatever the bytes: values are quoted with escapes.
        #expect(
          !error.message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" },
          "\(error.message)")
      }
    }
  }

  @Test func writtenRecordsReadBackExactly() throws {
    var generator = RandomSource(seed: 7)
    let alphabet: [Character] = ["a", "1", ",", "\"", "\n", "\r\n", " ", "\t", "é", "€", "-"]
    for _ in 0..<500 {
      let width = Int.random(in: 1...4, using: &generator)
      func field() -> String {
        String(
          (0..<Int.random(in: 1...6, using: &generator)).map { _ in
            alphabet.randomElement(using: &generator) ?? "a"
          })
      }
      let header = (0..<width).map { "c\($0)" }
      let rows = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
        (0..<width).map { _ in field() }
      }
      let text = ([header] + rows).map(CSVWriter.record).joined()
      let csv = try CSVReader(bytes: Array(text.utf8), path: "round-trip.csv")
      let read = csv.records.map(\.fields)
      // A record of one blank field reads as a blank line only if unquoted;
      // the writer quotes leading and trailing blanks, so none is lost.
      #expect(read == rows, "\(text.debugDescription)")
    }
  }
}

/// The model-file reader in-process: seeded mutations of a valid file are
/// read or refused with a data error, never a trap.
@Suite struct ModelFileFuzzTests {
  static let valid = Array(
    """
    {"classes":["a","b","c"],"featureNames":["x1","x2"],"format":"probkit-softmax-regression",
    "model":{"coefficients":[[0.5,-1],[0,2.5e-3],[1e2,-0.25]],"intercepts":[0.1,0,-0.1]},
    "version":1}
    """.utf8)

  static let interesting = Array(#"{}[],:"-0.5e9123abcnul1.5"#.utf8) + [0x00, 0xFF, 0x0A]

  @Test func mutatedModelFilesAreReadOrRefused() throws {
    let model = try ModelFile.decode(Self.valid, path: "model.json")
    #expect(model.classes == ["a", "b", "c"] && model.model.featureCount == 2)
    var generator = RandomSource(seed: 11)
    var accepted = 0
    for _ in 0..<2_000 {
      var bytes = Self.valid
      for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        let byte = Self.interesting.randomElement(using: &generator) ?? 0
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes.insert(byte, at: position)
        case 1: bytes.remove(at: position)
        default: bytes[position] = byte
        }
      }
      do {
        let file = try ModelFile.decode(bytes, path: "fuzz.json")
        accepted += 1
        #expect(Set(file.classes).count == file.classes.count)
        #expect(Set(file.featureNames).count == file.featureNames.count)
        #expect(file.classes.count == file.model.classCount)
        #expect(file.featureNames.count == file.model.featureCount)
      } catch {
        #expect(error.status == .dataError)
        #expect(error.message.hasPrefix("fuzz.json"), "\(error.message)")
      }
    }
    #expect(accepted > 0)
  }
}
