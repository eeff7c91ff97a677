// Checks that Docs/Architecture.md's module dependencies are the package's:
// every edge listed there is a dependency in Package.swift and the reverse,
// and every module a target's sources import is a dependency it declares.
//
//   check-module-graph ARCHITECTURE.md PACKAGE.json ROOT
//
// PACKAGE.json is `swift package dump-package`'s output. The edges are the
// lines "Target → Dependency, Dependency" (or "→ (none)") of the fenced block
// after the line "<!-- module-graph -->". Notebook executables (notebook-*)
// appear once, as "notebook-NAME".

import Foundation

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("error: \(message)\n".utf8))
  exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
  fail("usage: check-module-graph ARCHITECTURE.md PACKAGE.json ROOT")
}
let (documentPath, packagePath, root) = (arguments[1], arguments[2], arguments[3])

// The documented edges.
guard let document = try? String(contentsOfFile: documentPath, encoding: .utf8) else {
  fail("cannot read \(documentPath)")
}
let lines = document.components(separatedBy: "\n")
guard
  let marker = lines.firstIndex(where: {
    $0.trimmingCharacters(in: .whitespaces) == "<!-- module-graph -->"
  }),
  let open = lines[marker...].firstIndex(where: { $0.hasPrefix("```") }),
  let close = lines[(open + 1)...].firstIndex(where: { $0.hasPrefix("```") })
else { fail("\(documentPath): no fenced block after <!-- module-graph -->") }
var documented: [String: Set<String>] = [:]
for (offset, line) in lines[(open + 1)..<close].enumerated()
where !line.trimmingCharacters(in: .whitespaces).isEmpty {
  let parts = line.components(separatedBy: "→")
  guard parts.count == 2 else {
    fail("\(documentPath):\(open + 2 + offset): expected \"Target → Dependencies\"")
  }
  let target = parts[0].trimmingCharacters(in: .whitespaces)
  let list = parts[1].trimmingCharacters(in: .whitespaces)
  documented[target] =
    list == "(none)"
    ? [] : Set(list.components(separatedBy: ",").map { $0.trimmingCharacters(in: .whitespaces) })
}

// The declared dependencies.
guard let data = FileManager.default.contents(atPath: packagePath),
  let package = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
  let targets = package["targets"] as? [[String: Any]]
else { fail("cannot read \(packagePath)") }
var declared: [String: Set<String>] = [:]
var paths: [String: String] = [:]
var packageModules: Set<String> = []
for target in targets {
  guard let name = target["name"] as? String, let type = target["type"] as? String, type != "test"
  else { continue }
  var dependencies: Set<String> = []
  for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
    for key in ["byName", "target", "product"] {
      if let value = dependency[key] as? [Any], let first = value.first as? String {
        dependencies.insert(first)
      }
    }
  }
  let key = name.hasPrefix("notebook-") ? "notebook-NAME" : name
  if let earlier = declared[key], earlier != dependencies {
    fail("Package.swift: the notebooks' dependencies differ (\(name))")
  }
  declared[key] = dependencies
  packageModules.insert(name)
  paths[name] = target["path"] as? String ?? "Sources/\(name)"
}

var problems: [String] = []
for target in Set(declared.keys).union(documented.keys).sorted() {
  let inPackage = declared[target]
  let inDocument = documented[target]
  if inPackage == nil {
    problems.append("\(target) is in the module graph but not in Package.swift")
  }
  if inDocument == nil {
    problems.append("\(target) is in Package.swift but not in the module graph")
  }
  if let inPackage, let inDocument, inPackage != inDocument {
    let missing = inPackage.subtracting(inDocument).sorted()
    let extra = inDocument.subtracting(inPackage).sorted()
    problems.append(
      "\(target): the module graph lacks \(missing) and has \(extra) beyond Package.swift")
  }
}

// Every import of a package module is a declared dependency (SwiftPM would
// let a target import a module its dependencies bring in).
guard
  let importPattern = try? NSRegularExpression(
    pattern: #"^\s*(?:@\w+\s+)*(?:\w+\s+)?import\s+(\w+)"#, options: .anchorsMatchLines)
else { fail("the import pattern does not compile") }
for (name, path) in paths.sorted(by: { $0.key < $1.key }) {
  let directory = URL(fileURLWithPath: root).appendingPathComponent(path)
  guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
  else { continue }
  let own = declared[name.hasPrefix("notebook-") ? "notebook-NAME" : name] ?? []
  for case let file as URL in files where file.pathExtension == "swift" {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
    let range = NSRange(text.startIndex..., in: text)
    for match in importPattern.matches(in: text, range: range) {
      guard let moduleRange = Range(match.range(at: 1), in: text) else { continue }
      let module = String(text[moduleRange])
      if packageModules.contains(module), module != name, !own.contains(module) {
        problems.append(
          "\(file.path): imports \(module), which \(name) does not declare in Package.swift")
      }
    }
  }
}

if problems.isEmpty {
  print("module graph: \(declared.count) targets, matching Package.swift and the imports")
} else {
  for problem in problems { FileHandle.standardError.write(Data("error: \(problem)\n".utf8)) }
  exit(1)
}
