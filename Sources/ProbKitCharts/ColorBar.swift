import Foundation

/// A vertical viridis colour bar with ticks, beside a heat map or simplex plot.
struct ColorBar {
  let x: Double
  let top: Double
  let height: Double
  let range: ClosedRange<Double>
  let label: String

  /// The position of `value` on the colour scale (0 and 1 at its ends),
  /// rounded to 1e-9 so that values a rounding error apart get the same
  /// colour: a weight that is 0 on one CPU and 1e-18 on another must not
  /// change a rendering.
  static func fraction(_ value: Double, in range: ClosedRange<Double>) -> Double {
    let span = range.upperBound - range.lowerBound
    let t = span > 0 ? (value - range.lowerBound) / span : 0.5
    return (t * 1e9).rounded() / 1e9
  }

  func draw(into canvas: inout SVGCanvas) {
    let n = SVGCanvas.number
    // A constant shading still gets a labelled scale around its value.
    let range =
      self.range.upperBound > self.range.lowerBound
      ? self.range : (self.range.lowerBound - 0.5)...(self.range.lowerBound + 0.5)
    let steps = 48
    for step in 0..<steps {
      let t = (Double(step) + 0.5) / Double(steps)
      canvas.element(
        "rect",
        [
          "x": n(x), "y": n(top + height * (1 - Double(step + 1) / Double(steps))),
          "width": "12", "height": n(height / Double(steps) + 0.5), "fill": Palette.viridis(t),
        ])
    }
    canvas.element(
      "rect",
      [
        "x": n(x), "y": n(top), "width": "12", "height": n(height), "fill": "none",
        "stroke": "#444444",
      ])
    let axis = Axis(label)
    for tick in axis.ticks(in: range) {
      let y = top + height * (1 - Self.fraction(tick.position, in: range))
      canvas.element(
        "line", ["x1": n(x + 12), "y1": n(y), "x2": n(x + 16), "y2": n(y), "stroke": "#444444"])
      canvas.element("text", ["x": n(x + 18), "y": n(y + 4)], text: tick.label)
    }
    if !label.isEmpty {
      canvas.element("text", ["x": n(x), "y": n(top - 6)], text: label)
    }
  }
}
