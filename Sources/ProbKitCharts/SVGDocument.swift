import Foundation

/// Something that draws itself as SVG: a chart, a heat map, a simplex plot or
/// a grid of them.
public protocol SVGDrawable: Sendable {
  /// The width in SVG user units (pixels).
  var width: Double { get }
  /// The height in SVG user units (pixels).
  var height: Double { get }
  /// Appends the drawing's elements, in its own coordinates (origin top left).
  func draw(into canvas: inout SVGCanvas)
}

extension SVGDrawable {
  /// The drawing as a standalone SVG document.
  ///
  /// The output depends only on the drawing's contents (numbers are written
  /// with fixed precision), so a seeded notebook renders byte-identical files.
  public func svg() -> String {
    var canvas = SVGCanvas()
    draw(into: &canvas)
    let w = SVGCanvas.number(width)
    let h = SVGCanvas.number(height)
    return """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" \
      viewBox="0 0 \(w) \(h)" font-family="Helvetica, Arial, sans-serif" font-size="12">
      <rect width="\(w)" height="\(h)" fill="white"/>
      \(canvas.body)</svg>

      """
  }

  /// Writes ``svg()`` to `url`.
  public func write(to url: URL) throws {
    try Data(svg().utf8).write(to: url, options: .atomic)
  }
}

/// An SVG body under construction: elements appended in drawing order.
public struct SVGCanvas: Sendable {
  /// The elements so far, one per line.
  public private(set) var body = ""
  private var identifiers = 0

  /// An empty canvas.
  public init() {}

  /// Appends one element: `element("circle", ["cx": "1", "cy": "2", "r": "3"])`.
  mutating func element(
    _ name: String, _ attributes: KeyValuePairs<String, String>, text: String? = nil
  ) {
    var line = "<\(name)"
    for (key, value) in attributes { line += " \(key)=\"\(Self.escape(value))\"" }
    if let text {
      line += ">\(Self.escape(text))</\(name)>\n"
    } else {
      line += "/>\n"
    }
    body += line
  }

  /// A new document-unique element id (`prefix-1`, `prefix-2`, …), counted
  /// in drawing order so that output is reproducible.
  mutating func nextIdentifier(_ prefix: String) -> String {
    identifiers += 1
    return "\(prefix)-\(identifiers)"
  }

  /// Appends raw markup (an opening or closing group tag).
  mutating func raw(_ markup: String) { body += markup + "\n" }

  /// Draws `drawing` translated by (x, y).
  public mutating func place(_ drawing: some SVGDrawable, x: Double, y: Double) {
    raw("<g transform=\"translate(\(Self.number(x)),\(Self.number(y)))\">")
    drawing.draw(into: &self)
    raw("</g>")
  }

  /// A coordinate or length with at most two decimals and no trailing zeros.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    var text = String(format: "%.2f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text == "-0" ? "0" : text
  }

  /// Text escaped for XML content and attribute values.
  static func escape(_ text: String) -> String {
    var escaped = ""
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      default: escaped.append(character)
      }
    }
    return escaped
  }
}
