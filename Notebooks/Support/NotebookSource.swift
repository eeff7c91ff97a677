/// A notebook script split into prose (`//:` lines) and code blocks.
struct NotebookSource {
  enum Block {
    /// Markdown, from consecutive `//:` lines.
    case prose(String)
    /// Code shown as written: the 1-based source lines it spans (hidden lines
    /// included) and the text without the hidden lines.
    case code(ClosedRange<Int>, String)
  }

  let blocks: [Block]

  init(_ source: String) {
    var blocks: [Block] = []
    var prose: [String] = []
    var code: [String] = []
    var codeStart = 0
    var codeEnd = 0
    func flushProse() {
      if !prose.isEmpty { blocks.append(.prose(prose.joined(separator: "\n"))) }
      prose = []
    }
    func flushCode() {
      while code.first?.trimmingWhitespace().isEmpty == true { code.removeFirst() }
      while code.last?.trimmingWhitespace().isEmpty == true { code.removeLast() }
      if codeStart > 0 {
        blocks.append(.code(codeStart...max(codeStart, codeEnd), code.joined(separator: "\n")))
      }
      code = []
      codeStart = 0
    }
    for (offset, line) in source.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let number = offset + 1
      let trimmed = line.trimmingWhitespace()
      if trimmed.hasPrefix("//:") {
        flushCode()
        var text = trimmed.dropFirst(3)
        if text.first == " " { text = text.dropFirst() }
        prose.append(String(text))
        continue
      }
      flushProse()
      if codeStart == 0 { codeStart = number }
      codeEnd = number
      if !trimmed.hasSuffix("// hide") { code.append(String(line)) }
    }
    flushProse()
    flushCode()
    self.blocks = blocks
  }
}

extension StringProtocol {
  func trimmingWhitespace() -> Substring {
    let characters = self[...]
    let start = characters.firstIndex { !$0.isWhitespace } ?? characters.endIndex
    let end = characters.lastIndex { !$0.isWhitespace }.map { characters.index(after: $0) } ?? start
    return Substring(characters[start..<Swift.max(start, end)])
  }
}
