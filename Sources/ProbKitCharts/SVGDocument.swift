import Foundation

/// Something that draws itself as SVG: a chart, a heat map, a simplex plot or
/// a grid of them.
///
/// Conform to compose drawings in a layout of your own; the canvas places
/// whole drawings (its element-level methods are internal):
///
/// ```swift
/// struct SideBySide: SVGDrawable {
///   let left: Chart
///   let right: Chart
///   var width: Double { left.width + right.width }
///   var height: Double { max(left.height, right.height) }
///   func draw(into canvas: inout SVGCanvas) {
///     canvas.place(left, x: 0, y: 0)
///     canvas.place(right, x: left.width, y: 0)
///   }
/// }
/// ```
public protocol SVGDrawable: Sendable {
  /// The width in SVG user units (pixels).
  ///
  /// ```swift
  /// Chart(series: []).width             // 480.0, the default
  /// Chart(width: 320, series: []).width  // 320.0
  /// ```
  var width: Double { get }
  /// The height in SVG user units (pixels).
  ///
  /// ```swift
  /// Chart(series: []).height              // 320.0, the default
  /// Chart(height: 200, series: []).height  // 200.0
  /// ```
  var height: Double { get }
  /// Appends the drawing's elements, in its own coordinates (origin top left).
  ///
  /// ``svg()`` and ``SVGCanvas/place(_:x:y:)`` call it; a custom drawing calls
  /// it on the drawings it contains (or places them):
  ///
  /// ```swift
  /// let chart = Chart(series: [try .line(x: [0, 1], y: [0, 1])])
  /// var canvas = SVGCanvas()
  /// chart.draw(into: &canvas)
  /// canvas.body.contains("<polyline")  // true: the line, untranslated
  /// ```
  ///
  /// - Parameter canvas: The canvas to append to, in the drawing's own
  ///   coordinates.
  func draw(into canvas: inout SVGCanvas)
}

extension SVGDrawable {
  /// The drawing as a standalone SVG document.
  ///
  /// The output depends only on the drawing's contents (numbers are written
  /// with fixed precision), so a seeded notebook renders byte-identical files.
  ///
  /// ```swift
  /// let chart = Chart(series: [try .line(x: [0, 1], y: [0, 1])])
  /// chart.svg().hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" width="480""#)  // true
  /// chart.svg() == chart.svg()  // true: reproducible
  /// ```
  ///
  /// - Returns: The SVG document, with a white background, ending in a
  ///   newline.
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
  ///
  /// The file is written atomically, replacing any file there.
  ///
  /// ```swift
  /// try chart.write(to: URL(fileURLWithPath: "figures/posterior.svg"))
  /// ```
  ///
  /// - Parameter url: A file URL; its directory must exist.
  /// - Throws: The file system's error when the file cannot be written.
  public func write(to url: URL) throws {
    try Data(svg().utf8).write(to: url, options: .atomic)
  }
}

/// An SVG body under construction: elements appended in drawing order.
///
/// Drawings append to a canvas in their ``SVGDrawable/draw(into:)``: whole
/// drawings with ``place(_:x:y:)``, single SVG elements with
/// ``element(_:_:text:)``.
///
/// ```swift
/// let chart = Chart(series: [try .line(x: [0, 1], y: [0, 1])])
/// var canvas = SVGCanvas()
/// canvas.place(chart, x: 10, y: 20)
/// canvas.body.hasPrefix(#"<g transform="translate(10,20)">"#)  // true
/// ```
public struct SVGCanvas: Sendable {
  /// The elements so far, one per line.
  ///
  /// ```swift
  /// var canvas = SVGCanvas()
  /// canvas.body.isEmpty  // true
  /// canvas.place(Chart(series: []), x: 0, y: 0)
  /// canvas.body.hasPrefix(#"<g transform="translate(0,0)">"#)  // true
  /// ```
  public private(set) var body = ""
  private var identifiers = 0

  /// An empty canvas.
  ///
  /// ```swift
  /// var canvas = SVGCanvas()
  /// canvas.place(Chart(series: []), x: 10, y: 20)
  /// ```
  public init() {}

  /// Appends one SVG element with the given attributes (and text content),
  /// escaping both for XML.
  ///
  /// A drawing of one's own, a marker on top of a chart:
  ///
  /// ```swift
  /// struct Marked: SVGDrawable {
  ///   let chart: Chart
  ///   var width: Double { chart.width }
  ///   var height: Double { chart.height }
  ///   func draw(into canvas: inout SVGCanvas) {
  ///     canvas.place(chart, x: 0, y: 0)
  ///     canvas.element("circle", ["cx": "240", "cy": "160", "r": "6", "fill": "red"])
  ///     canvas.element("text", ["x": "250", "y": "156"], text: "here")
  ///   }
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - name: The element name (`circle`, `rect`, `path`, `text`, …).
  ///   - attributes: Attribute names and values, written in this order.
  ///   - text: Text content; `nil` writes an empty element (`<circle …/>`).
  public mutating func element(
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
  ///
  /// The drawing's elements go inside a `<g transform="translate(x,y)">`
  /// group, so any ``SVGDrawable`` can be placed at any offset:
  ///
  /// ```swift
  /// let chart = Chart(width: 240, series: [try .line(x: [0, 1], y: [1, 0])])
  /// var canvas = SVGCanvas()
  /// canvas.place(chart, x: 0, y: 0)
  /// canvas.place(chart, x: chart.width, y: 0)  // side by side
  /// canvas.body.contains(#"<g transform="translate(240,0)">"#)  // true
  /// ```
  ///
  /// - Parameters:
  ///   - drawing: The drawing, in its own coordinates.
  ///   - x: The horizontal offset of its top left corner.
  ///   - y: The vertical offset of its top left corner.
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
