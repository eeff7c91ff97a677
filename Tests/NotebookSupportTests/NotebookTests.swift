import Foundation
import ProbKitCharts
import Testing

@testable import NotebookSupport

@Suite struct NotebookSourceTests {
  @Test func proseCodeAndHiddenLinesAreSeparated() {
    let source = """
      import A  // hide
      //: # Title
      //: Some *prose*.
      let x = 1

      print(x)
      //: More.
      let y = 2  // hide
      """
    let blocks = NotebookSource(source).blocks
    #expect(blocks.count == 5)
    guard case .code(let first, let hidden) = blocks[0], case .prose(let prose) = blocks[1],
      case .code(let range, let text) = blocks[2], case .code(_, let last) = blocks[4]
    else {
      Issue.record("unexpected blocks \(blocks)")
      return
    }
    #expect(first == 1...1 && hidden.isEmpty)
    #expect(prose == "# Title\nSome *prose*.")
    #expect(range == 4...6 && text == "let x = 1\n\nprint(x)")
    #expect(last.isEmpty)
  }
}

@Suite struct NotebookRenderingTests {
  func scratch() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("notebook-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func outputsFollowTheirBlocksAndStaleFiguresGo() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = folder.appendingPathComponent("main.swift")
    try """
    //: Intro.
    let a = 1
    //: Next.
    let b = 2
    """.write(to: script, atomically: true, encoding: .utf8)
    let figures = folder.appendingPathComponent("figures")
    try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
    try "old".write(
      to: figures.appendingPathComponent("stale.svg"), atomically: true, encoding: .utf8)

    var notebook = Notebook(title: "Test", file: script.path)
    notebook.print("a is", 1, line: 2)
    notebook.table(["k", "v|w"], [["1", "2"]], line: 4)
    try notebook.figure(
      Chart(series: [try .line(x: [0, 1], y: [0, 1])]), name: "line", caption: "A line",
      line: 4)
    try notebook.finish()

    let page = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(page.contains("# Test"))
    let order = [
      "Intro.", "let a = 1", "a is 1", "Next.", "let b = 2", "v\\|w", "![A line](figures/line.svg)",
    ]
    let positions = order.map { page.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil }, "missing pieces in \(page)")
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    let files = try FileManager.default.contentsOfDirectory(atPath: figures.path)
    #expect(files == ["line.svg"])
  }

  @Test func outputsOutOfOrderOrOutsideCodeAreErrors() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = folder.appendingPathComponent("main.swift")
    try "let a = 1\n//: prose\nlet b = 2\n".write(to: script, atomically: true, encoding: .utf8)
    var backwards = Notebook(title: "T", file: script.path)
    backwards.print("late", line: 3)
    backwards.print("early", line: 1)
    #expect(throws: NotebookError.self) { try backwards.finish() }
    var prose = Notebook(title: "T", file: script.path)
    prose.print("from prose", line: 2)
    #expect(throws: NotebookError.self) { try prose.finish() }
    var names = Notebook(title: "T", file: script.path)
    let chart = Chart(series: [])
    #expect(throws: NotebookError.self) { try names.figure(chart, name: "bad name") }
  }

  @Test func numbersAreFormattedStably() {
    #expect(decimals(0.30000000000000004, 4) == "0.3000")
    #expect(decimals(-0.00001, 2) == "0.00")
    #expect(decimals(2.2e-16, 2, scientific: true) == "2.2e-16")
    #expect(significant(1_234_567, 3) == "1.23e+06")
  }
}
