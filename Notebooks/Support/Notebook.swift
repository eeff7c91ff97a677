import Foundation
public import ProbKitCharts

/// A literate notebook: a Swift script whose `//:` comment lines are prose,
/// whose other lines are code, and whose printed results, tables and figures
/// are recorded as it runs, then rendered beside it as Markdown with SVG
/// figures.
///
/// ```swift
/// import NotebookSupport  // hide
/// var notebook = Notebook(title: "Priors")  // hide
/// //: The Beta family on [0, 1]:
/// let prior = try Beta(alpha: 2, beta: 2)
/// notebook.print("mean", prior.mean)
/// try notebook.finish()  // hide
/// ```
///
/// Lines ending in `// hide` run but are not shown. Outputs appear after the
/// code block that holds the line they were emitted from, so emit them from
/// top-level code (a helper function should return what it wants shown);
/// ``finish()`` throws if outputs arrive out of order. `finish()` writes
/// `README.md` and `figures/*.svg` in the script's directory and deletes
/// figures the run did not produce, so a changed result shows up as a diff.
public struct Notebook {
  enum Output {
    case text(String)
    case markdown(String)
    case figure(path: String, caption: String)
  }

  let title: String
  let sourcePath: String
  let directory: URL
  var outputs: [(line: Int, output: Output)] = []
  var figureNames: Set<String> = []

  /// A notebook for the script at `file` (pass nothing: the caller's file).
  public init(title: String, file: String = #filePath) {
    self.title = title
    self.sourcePath = file
    self.directory = URL(fileURLWithPath: file).deletingLastPathComponent()
  }

  /// Prints `items` (also to standard output) as a result of the current block.
  public mutating func print(_ items: Any..., separator: String = " ", line: Int = #line) {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(text)
    outputs.append((line, .text(text)))
  }

  /// A Markdown table of results.
  public mutating func table(_ headers: [String], _ rows: [[String]], line: Int = #line) {
    func cells(_ row: [String]) -> String {
      "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ")
        + " |\n"
    }
    var markdown = cells(headers)
    markdown += "|" + String(repeating: "---|", count: headers.count) + "\n"
    for row in rows { markdown += cells(row) }
    Swift.print(markdown)
    outputs.append((line, .markdown(markdown)))
  }

  /// Writes `drawing` to `figures/<name>.svg` and shows it after the current block.
  public mutating func figure(
    _ drawing: some SVGDrawable, name: String, caption: String = "", line: Int = #line
  ) throws {
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
      !figureNames.contains(name)
    else { throw NotebookError.badFigureName(name) }
    figureNames.insert(name)
    let folder = directory.appendingPathComponent("figures")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try drawing.write(to: folder.appendingPathComponent("\(name).svg"))
    Swift.print("[figure \(name).svg]")
    outputs.append((line, .figure(path: "figures/\(name).svg", caption: caption)))
  }

  /// Renders the notebook: `README.md` beside the script, stale figures removed.
  public func finish() throws {
    let source = try String(contentsOfFile: sourcePath, encoding: .utf8)
    let blocks = NotebookSource(source).blocks
    var byBlock: [Int: [Output]] = [:]
    var lastBlock = -1
    for (line, output) in outputs {
      guard
        let index = blocks.firstIndex(where: {
          if case .code(let range, _) = $0 { return range.contains(line) }
          return false
        })
      else { throw NotebookError.outputOutsideCode(line: line) }
      guard index >= lastBlock else {
        throw NotebookError.outputOutOfOrder(line: line)
      }
      lastBlock = index
      byBlock[index, default: []].append(output)
    }
    let command =
      "swift run notebook-\(directory.lastPathComponent.drop { $0.isNumber || $0 == "-" }.lowercased())"
    var markdown =
      "<!-- Rendered from main.swift by `\(command)`; edit main.swift, not this file. -->\n\n"
    markdown += "# \(title)\n\n"
    for (index, block) in blocks.enumerated() {
      switch block {
      case .prose(let text):
        markdown += text + "\n\n"
      case .code(_, let text):
        if !text.isEmpty { markdown += "```swift\n\(text)\n```\n\n" }
      }
      var pendingText: [String] = []
      func flush() {
        guard !pendingText.isEmpty else { return }
        markdown += "```text\n" + pendingText.joined(separator: "\n") + "\n```\n\n"
        pendingText = []
      }
      for output in byBlock[index] ?? [] {
        switch output {
        case .text(let text): pendingText.append(text)
        case .markdown(let table):
          flush()
          markdown += table + "\n"
        case .figure(let path, let caption):
          flush()
          markdown += "![\(caption)](\(path))\n\n"
          if !caption.isEmpty { markdown += "*\(caption)*\n\n" }
        }
      }
      flush()
    }
    while markdown.hasSuffix("\n\n") { markdown.removeLast() }
    try Data(markdown.utf8).write(
      to: directory.appendingPathComponent("README.md"), options: .atomic)
    let folder = directory.appendingPathComponent("figures")
    let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for file in existing where file.hasSuffix(".svg") {
      if !figureNames.contains(String(file.dropLast(4))) {
        try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
      }
    }
  }
}

/// Why a notebook could not be rendered.
public enum NotebookError: Error, CustomStringConvertible {
  /// A figure name that is empty, repeated, or not letters, digits and hyphens.
  case badFigureName(String)
  /// An output emitted from a line that is not in a code block.
  case outputOutsideCode(line: Int)
  /// An output emitted from an earlier block than the previous output
  /// (emitted inside a helper function defined above).
  case outputOutOfOrder(line: Int)

  public var description: String {
    switch self {
    case .badFigureName(let name):
      "figure name \"\(name)\" must be new and made of letters, digits and hyphens"
    case .outputOutsideCode(let line): "output from line \(line), which is not code"
    case .outputOutOfOrder(let line):
      "output from line \(line) arrived after an output from a later block; emit outputs from top-level code"
    }
  }
}
