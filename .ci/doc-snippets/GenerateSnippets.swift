// Turns the ```swift blocks of Markdown files into a SwiftPM package that
// compiles and runs each of them against ProbKit. Used by .ci/check-doc-snippets.
//
//   generate-snippets REPO_ROOT OUTPUT_PACKAGE FILE.md...
//
// Each block becomes its own file with its own function, so names declared in
// one block never clash with another's. `#sourceLocation` directives make the
// compiler report errors at the Markdown file and line. The fence's info
// string may add one word after `swift`:
//
//   ```swift continued    the block may use the names of the previous swift
//                         block of the same file: its function holds that
//                         block's code (and its chain's) before its own
//   ```swift no-compile   not checked; only for a block that cannot be Swift
//                         on its own, with the reason in the surrounding prose
//
// A block holding `@main` or an `extension` is compiled at file scope inside
// a namespace; an `@main` type's `main()` is then run.
//
// Warnings are suppressed: examples show values as bare expressions
// (`d.mean`), which Swift warns are unused. Every error still fails.

import Foundation

struct Block {
  var file: String
  /// The 1-based line of the block's first line of code.
  var line: Int
  var lines: [String]
}

struct Snippet {
  var name: String
  var location: String
  /// The blocks compiled into this snippet, earlier ones first (`continued`).
  var chain: [Block]
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("error: \(message)\n".utf8))
  exit(1)
}

/// The ```swift blocks of one Markdown file, with `continued` chains resolved.
func snippets(in file: String, root: String, startingAt index: Int) -> [Snippet] {
  guard let text = try? String(contentsOfFile: "\(root)/\(file)", encoding: .utf8) else {
    fail("cannot read \(file)")
  }
  let lines = text.components(separatedBy: "\n")
  var result: [Snippet] = []
  var previousChain: [Block]? = nil
  var number = 0
  while number < lines.count {
    let line = lines[number]
    number += 1
    let trimmed = line.drop { $0 == " " }
    let indent = line.count - trimmed.count
    guard trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~"), let fenceCharacter = trimmed.first
    else { continue }
    let fence = String(trimmed.prefix { $0 == fenceCharacter })
    let words = trimmed.dropFirst(fence.count).split(separator: " ").map(String.init)
    let openingLine = number
    var body: [String] = []
    while number < lines.count {
      let candidate = lines[number].drop { $0 == " " }
      number += 1
      if candidate.hasPrefix(fence) && candidate.dropFirst(fence.count).allSatisfy({ $0 == " " }) {
        break
      }
      let raw = lines[number - 1]
      body.append(String(raw.dropFirst(min(indent, raw.prefix { $0 == " " }.count))))
    }
    guard words.first == "swift" else { continue }
    let attributes = Set(words.dropFirst())
    for attribute in attributes where !["continued", "no-compile"].contains(attribute) {
      fail("\(file):\(openingLine): unknown attribute '\(attribute)' on a swift block")
    }
    if attributes.contains("no-compile") { continue }
    let block = Block(file: file, line: openingLine + 1, lines: body)
    var chain = [block]
    if attributes.contains("continued") {
      guard let previous = previousChain else {
        fail("\(file):\(openingLine): a 'continued' block needs a swift block before it")
      }
      chain = previous + [block]
    }
    previousChain = chain
    result.append(
      Snippet(
        name: String(format: "snippet%03d", index + result.count),
        location: "\(file):\(openingLine)", chain: chain))
  }
  return result
}

func isImport(_ line: String) -> Bool {
  line.range(of: #"^\s*(@\w+\s+)?import\s+\w+"#, options: .regularExpression) != nil
}

/// The Swift source of one snippet.
func source(of snippet: Snippet) -> String {
  var imports: Set<String> = ["import ProbKit"]
  var body: [String] = []
  var mainType: String? = nil
  for block in snippet.chain {
    body.append("#sourceLocation(file: \"\(block.file)\", line: \(block.line))")
    var expectingMainType = false
    for line in block.lines {
      if isImport(line) {
        imports.insert(line.trimmingCharacters(in: .whitespaces))
        body.append("")  // keeps the line numbers
      } else if line.trimmingCharacters(in: .whitespaces) == "@main" {
        expectingMainType = true
        body.append("")
      } else {
        if expectingMainType,
          let match = line.range(of: #"(struct|enum|class)\s+\w+"#, options: .regularExpression)
        {
          mainType = line[match].split(separator: " ").last.map(String.init)
          expectingMainType = false
        }
        body.append(line)
      }
    }
    body.append("#sourceLocation()")
  }
  let atFileScope =
    mainType != nil
    || body.contains { $0.range(of: #"^extension\s"#, options: .regularExpression) != nil }
  let header = imports.sorted().joined(separator: "\n")
  if atFileScope {
    let run = mainType.map { "try await \(snippet.name)Scope.\($0).main()" } ?? ""
    return """
      \(header)

      enum \(snippet.name)Scope {
      \(body.joined(separator: "\n"))
      }

      func \(snippet.name)() async throws {
        \(run)
      }

      """
  }
  return """
    \(header)

    func \(snippet.name)() async throws {
    \(body.joined(separator: "\n"))
    }

    """
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
  fail("usage: generate-snippets REPO_ROOT OUTPUT_PACKAGE FILE.md...")
}
let root = arguments[1]
let output = arguments[2]
var all: [Snippet] = []
for file in arguments.dropFirst(3) {
  all += snippets(in: file, root: root, startingAt: all.count)
}

let sources = "\(output)/Sources/DocSnippets"
let manager = FileManager.default
try manager.createDirectory(atPath: sources, withIntermediateDirectories: true)
let generated = Set(all.map { "\($0.name).swift" } + ["main.swift"])
for stale in (try manager.contentsOfDirectory(atPath: sources)) where !generated.contains(stale) {
  try manager.removeItem(atPath: "\(sources)/\(stale)")
}

// `name:` on the path dependency: without it the package would be known by its
// folder's name, which is whatever the clone is called.
let manifest = """
  // swift-tools-version: 6.1
  // Generated by .ci/doc-snippets/GenerateSnippets.swift; do not edit.
  import PackageDescription

  let package = Package(
    name: "DocSnippets",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ProbKit", path: \(String(reflecting: root)))],
    targets: [
      .executableTarget(
        name: "DocSnippets", dependencies: [.product(name: "ProbKit", package: "ProbKit")],
        // Examples evaluate expressions for show (`d.mean`), which warns about
        // unused results; errors still fail.
        swiftSettings: [.unsafeFlags(["-suppress-warnings"])])
    ],
    swiftLanguageModes: [.v6]
  )

  """
func write(_ text: String, to path: String) throws {
  // Unchanged files keep their timestamps, so rebuilds are incremental.
  if (try? String(contentsOfFile: path, encoding: .utf8)) == text { return }
  try text.write(toFile: path, atomically: true, encoding: .utf8)
}
try write(manifest, to: "\(output)/Package.swift")
for snippet in all {
  try write(source(of: snippet), to: "\(sources)/\(snippet.name).swift")
}
let table = all.map { "  (\(String(reflecting: $0.location)), \($0.name))," }
try write(
  """
  // Runs every documentation example in order; a thrown error names the block.
  import Foundation

  func report(_ line: String) {
    FileHandle.standardError.write(Data((line + "\\n").utf8))
  }

  let snippets: [(String, () async throws -> Void)] = [
  \(table.joined(separator: "\n"))
  ]
  var failures = 0
  for (location, run) in snippets {
    report("running \\(location)")
    do {
      try await run()
    } catch {
      report("\\(location): error: the example threw \\(error)")
      failures += 1
    }
  }
  report("\\(snippets.count) examples ran, \\(failures) threw")
  exit(failures == 0 ? 0 : 1)

  """, to: "\(sources)/main.swift")
// The repository's pins, so the examples build against the versions its tests use.
if let pins = try? String(contentsOfFile: "\(root)/Package.resolved", encoding: .utf8) {
  try write(pins, to: "\(output)/Package.resolved")
}
print("\(all.count) swift blocks")
