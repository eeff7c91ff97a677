import Foundation
import TestSupport
import Testing

@testable import ProbKitDistributions

/// The shared catalog of distribution texts: every entry parses, prints as
/// text that parses back to the same distribution, and is a row of the
/// docs' family table (and every row is an entry).
@Suite struct DistributionCatalogTests {
  @Test(arguments: DistributionCatalog.examples)
  func everyExampleParsesAndRoundTrips(_ text: String) throws {
    let parsed = try DistributionParser.parse(text)
    let printed = "\(parsed)"
    #expect(printed.hasPrefix(String(text.prefix { $0 != "(" }) + "("))
    let again = try DistributionParser.parse(printed)
    #expect("\(again)" == printed)
  }

  @Test func theDocsFamilyTableIsTheCatalog() throws {
    let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Docs/Distributions.md")
    let text = try String(contentsOf: guide, encoding: .utf8)
    // Rows "| Name | `Name(...)` | support |" of the first table.
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("`") }
      .map { $0.dropFirst(2).prefix { $0 != " " } }.map(String.init)
    #expect(rows == DistributionCatalog.names)
  }

  @Test func anUnknownFamilyIsRefused() {
    #expect(throws: DistributionParseError.self) {
      try DistributionParser.parse("Uniform(a: 0, b: 1)")
    }
  }
}
