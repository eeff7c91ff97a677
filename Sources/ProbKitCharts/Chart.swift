import Foundation

/// A chart with x and y axes: lines, points, histograms, bands and stems on
/// shared axes, with tick marks, axis titles, a title and a legend.
///
/// Axes without a fixed range fit the data, series without a colour take
/// the next ``Palette/categorical`` colour, and only labelled series appear
/// in the legend.
///
/// ```swift
/// let beta = try Beta(alpha: 2, beta: 5)  // from ProbKit
/// let chart = Chart(
///   title: "Beta(2, 5)", x: Axis("θ", range: 0...1), y: Axis("density"),
///   series: [
///     try .function("pdf", over: 0...1) { beta.density($0) },
///     .verticalLine("mean", at: beta.mean),
///   ])
/// try chart.write(to: URL(fileURLWithPath: "beta.svg"))
/// ```
public struct Chart: SVGDrawable {
  /// Where the legend goes.
  ///
  /// ```swift
  /// Chart(legend: .topLeft, series: [.verticalLine("threshold", at: 0.5)])
  /// ```
  public enum LegendPlacement: Sendable {
    /// Inside the plot, top right.
    case topRight
    /// Inside the plot, top left.
    case topLeft
    /// No legend.
    case none
  }

  /// The title above the plot.
  public var title: String
  /// The horizontal axis.
  public var x: Axis
  /// The vertical axis.
  public var y: Axis
  /// The data, drawn in order (later series on top).
  public var series: [Series]
  /// Where the legend goes (only labelled series appear in it).
  public var legend: LegendPlacement
  /// The width in SVG user units.
  public var width: Double
  /// The height in SVG user units.
  public var height: Double

  /// A chart of `series` on axes `x` and `y`.
  ///
  /// ```swift
  /// let chart = Chart(
  ///   title: "Draws", x: Axis("draw"), y: Axis("value"), width: 320, height: 200,
  ///   series: [try .scatter(x: [1, 2, 3], y: [0.2, 0.9, 0.4])])
  /// chart.svg().hasPrefix("<svg")  // true
  /// ```
  ///
  /// - Parameters:
  ///   - title: The title above the plot; empty for none.
  ///   - x: The horizontal axis.
  ///   - y: The vertical axis.
  ///   - width: The width in SVG user units.
  ///   - height: The height in SVG user units.
  ///   - legend: Where the legend goes.
  ///   - series: The data, drawn in order (later series on top).
  public init(
    title: String = "", x: Axis = Axis(), y: Axis = Axis(), width: Double = 480,
    height: Double = 320, legend: LegendPlacement = .topRight, series: [Series]
  ) {
    self.title = title
    self.x = x
    self.y = y
    self.width = width
    self.height = height
    self.legend = legend
    self.series = series
  }

  static func extent(_ values: [Double], _ axis: Axis) -> ClosedRange<Double>? {
    let transformed = values.compactMap(axis.transformed)
    guard let low = transformed.min(), let high = transformed.max() else { return nil }
    return low...high
  }

  /// Draws the axes, grid, title, series (clipped to the plot) and legend.
  ///
  /// Called by ``SVGDrawable/svg()`` and by ``SVGCanvas/place(_:x:y:)``;
  /// call it directly only to compose drawings on your own canvas.
  ///
  /// ```swift
  /// let chart = Chart(title: "Line", series: [try .line("y = x", x: [0, 1], y: [0, 1])])
  /// var canvas = SVGCanvas()
  /// chart.draw(into: &canvas)
  /// canvas.body.contains(">y = x</text>")  // true: the legend entry
  /// ```
  ///
  /// - Parameter canvas: The canvas to append to, in the chart's own
  ///   coordinates.
  public func draw(into canvas: inout SVGCanvas) {
    let left = 64.0
    let right = 16.0
    let top = title.isEmpty ? 14.0 : 32.0
    let bottom = x.label.isEmpty ? 30.0 : 46.0
    let plotWidth = max(width - left - right, 1)
    let plotHeight = max(height - top - bottom, 1)
    let xRange = x.resolvedRange(dataExtent: Self.extent(series.flatMap(\.xValues), x))
    let yRange = y.resolvedRange(dataExtent: Self.extent(series.flatMap(\.yValues), y))
    let frame = PlotFrame(
      left: left, top: top, width: plotWidth, height: plotHeight, xRange: xRange,
      yRange: yRange, xAxis: x, yAxis: y)

    frame.drawGridAndAxes(into: &canvas)
    if !title.isEmpty {
      canvas.element(
        "text",
        [
          "x": SVGCanvas.number(left + plotWidth / 2), "y": "20", "text-anchor": "middle",
          "font-size": "14", "font-weight": "bold",
        ], text: title)
    }
    let clip = canvas.nextIdentifier("plot")
    canvas.raw(
      "<clipPath id=\"\(clip)\"><rect x=\"\(SVGCanvas.number(left))\" y=\"\(SVGCanvas.number(top))\" "
        + "width=\"\(SVGCanvas.number(plotWidth))\" height=\"\(SVGCanvas.number(plotHeight))\"/></clipPath>"
    )
    canvas.raw("<g clip-path=\"url(#\(clip))\">")
    for (index, item) in series.enumerated() {
      frame.draw(item, color: item.color ?? Palette.color(index), into: &canvas)
    }
    canvas.raw("</g>")
    drawLegend(into: &canvas, frame: frame)
  }

  func drawLegend(into canvas: inout SVGCanvas, frame: PlotFrame) {
    let entries = series.enumerated().compactMap { index, item in
      item.label.map { (label: $0, color: item.color ?? Palette.color(index), mark: item.mark) }
    }
    guard legend != .none, !entries.isEmpty else { return }
    let longest = entries.map(\.label.count).max() ?? 0
    let boxWidth = 34 + Double(longest) * 6.6
    let boxHeight = Double(entries.count) * 16 + 8
    let boxX = legend == .topRight ? frame.left + frame.width - boxWidth - 6 : frame.left + 6
    let boxY = frame.top + 6
    canvas.element(
      "rect",
      [
        "x": SVGCanvas.number(boxX), "y": SVGCanvas.number(boxY),
        "width": SVGCanvas.number(boxWidth), "height": SVGCanvas.number(boxHeight),
        "fill": "white", "fill-opacity": "0.85", "stroke": "#cccccc",
      ])
    for (row, entry) in entries.enumerated() {
      let lineY = boxY + 12 + Double(row) * 16
      switch entry.mark {
      case .scatter:
        canvas.element(
          "circle",
          [
            "cx": SVGCanvas.number(boxX + 15), "cy": SVGCanvas.number(lineY), "r": "3.5",
            "fill": entry.color,
          ])
      case .bars, .band:
        canvas.element(
          "rect",
          [
            "x": SVGCanvas.number(boxX + 8), "y": SVGCanvas.number(lineY - 5), "width": "14",
            "height": "10", "fill": entry.color, "fill-opacity": "0.6",
          ])
      default:
        var dashed = false
        if case .line(true, _) = entry.mark { dashed = true }
        if case .verticalLine(true) = entry.mark { dashed = true }
        canvas.element(
          "line",
          [
            "x1": SVGCanvas.number(boxX + 6), "y1": SVGCanvas.number(lineY),
            "x2": SVGCanvas.number(boxX + 24), "y2": SVGCanvas.number(lineY),
            "stroke": entry.color, "stroke-width": "2",
            "stroke-dasharray": dashed ? "5 3" : "none",
          ])
      }
      canvas.element(
        "text", ["x": SVGCanvas.number(boxX + 30), "y": SVGCanvas.number(lineY + 4)],
        text: entry.label)
    }
  }
}

/// The plot area of a ``Chart`` and its data-to-pixel mapping.
struct PlotFrame {
  let left: Double
  let top: Double
  let width: Double
  let height: Double
  let xRange: ClosedRange<Double>
  let yRange: ClosedRange<Double>
  let xAxis: Axis
  let yAxis: Axis

  /// The horizontal pixel of a transformed x.
  func px(_ tx: Double) -> Double {
    left + (tx - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width
  }

  /// The vertical pixel of a transformed y.
  func py(_ ty: Double) -> Double {
    top + height - (ty - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * height
  }

  /// The pixel of a data point, or `nil` when it cannot be drawn.
  func point(_ x: Double, _ y: Double) -> (Double, Double)? {
    guard let tx = xAxis.transformed(x), let ty = yAxis.transformed(y) else { return nil }
    return (px(tx), py(ty))
  }

  /// The axes' ticks, labels and frame, with light grid lines at the ticks
  /// unless `gridLines` is off (over a heat map).
  func drawGridAndAxes(
    into canvas: inout SVGCanvas, gridLines: Bool = true,
    xTicks: [(position: Double, label: String)]? = nil,
    yTicks: [(position: Double, label: String)]? = nil
  ) {
    let n = SVGCanvas.number
    let gridColor = gridLines ? "#e6e6e6" : "none"
    for tick in xTicks ?? xAxis.ticks(in: xRange) {
      let x = px(tick.position)
      canvas.element(
        "line",
        [
          "x1": n(x), "y1": n(top + height), "x2": n(x),
          "y2": n(gridLines ? top : top + height + 4), "stroke": gridLines ? gridColor : "#444444",
        ])
      canvas.element(
        "text", ["x": n(x), "y": n(top + height + 15), "text-anchor": "middle"],
        text: tick.label)
    }
    for tick in yTicks ?? yAxis.ticks(in: yRange) {
      let y = py(tick.position)
      canvas.element(
        "line",
        [
          "x1": n(gridLines ? left + width : left - 4), "y1": n(y), "x2": n(left), "y2": n(y),
          "stroke": gridLines ? gridColor : "#444444",
        ])
      canvas.element(
        "text", ["x": n(left - 6), "y": n(y + 4), "text-anchor": "end"], text: tick.label)
    }
    canvas.element(
      "rect",
      [
        "x": n(left), "y": n(top), "width": n(width), "height": n(height), "fill": "none",
        "stroke": "#444444",
      ])
    if !xAxis.label.isEmpty {
      canvas.element(
        "text", ["x": n(left + width / 2), "y": n(top + height + 36), "text-anchor": "middle"],
        text: xAxis.label)
    }
    if !yAxis.label.isEmpty {
      let x = left - 46
      let y = top + height / 2
      canvas.element(
        "text",
        [
          "x": n(x), "y": n(y), "text-anchor": "middle",
          "transform": "rotate(-90 \(n(x)) \(n(y)))",
        ], text: yAxis.label)
    }
  }

  func draw(_ series: Series, color: String, into canvas: inout SVGCanvas) {
    let n = SVGCanvas.number
    switch series.mark {
    case .line(let dashed, let lineWidth):
      var runs: [[(Double, Double)]] = [[]]
      for (x, y) in zip(series.x, series.y) {
        if let p = point(x, y) {
          runs[runs.count - 1].append(p)
        } else if !runs[runs.count - 1].isEmpty {
          runs.append([])
        }
      }
      for run in runs where run.count >= 2 {
        let points = run.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        if dashed {
          canvas.element(
            "polyline",
            [
              "points": points, "fill": "none", "stroke": color, "stroke-width": n(lineWidth),
              "stroke-dasharray": "6 4",
            ])
        } else {
          canvas.element(
            "polyline",
            ["points": points, "fill": "none", "stroke": color, "stroke-width": n(lineWidth)])
        }
      }
    case .scatter(let radius, let opacity):
      canvas.raw("<g fill=\"\(SVGCanvas.escape(color))\" fill-opacity=\"\(n(opacity))\">")
      for (x, y) in zip(series.x, series.y) {
        guard let (cx, cy) = point(x, y) else { continue }
        canvas.element("circle", ["cx": n(cx), "cy": n(cy), "r": n(radius)])
      }
      canvas.raw("</g>")
    case .bars(let edges):
      let base = yAxis.transformed(0) ?? yRange.lowerBound
      for (index, height) in series.y.enumerated() {
        guard let x0 = xAxis.transformed(edges[index]),
          let x1 = xAxis.transformed(edges[index + 1]),
          let ty = yAxis.transformed(height)
        else { continue }
        let top = min(py(ty), py(base))
        canvas.element(
          "rect",
          [
            "x": n(px(x0)), "y": n(top), "width": n(max(px(x1) - px(x0), 0)),
            "height": n(abs(py(ty) - py(base))), "fill": color, "fill-opacity": "0.6",
            "stroke": color, "stroke-width": "0.5",
          ])
      }
    case .band(let upper, let opacity):
      var top: [(Double, Double)] = []
      var bottom: [(Double, Double)] = []
      for index in series.x.indices {
        guard let high = point(series.x[index], upper[index]),
          let low = point(series.x[index], series.y[index])
        else { continue }
        top.append(high)
        bottom.append(low)
      }
      guard top.count >= 2 else { return }
      let outline = (top + bottom.reversed()).map { "\(n($0.0)),\(n($0.1))" }
      canvas.element(
        "polygon",
        ["points": outline.joined(separator: " "), "fill": color, "fill-opacity": n(opacity)])
    case .stems:
      let base = py(yAxis.transformed(0) ?? yRange.lowerBound)
      for (x, y) in zip(series.x, series.y) {
        guard let (cx, cy) = point(x, y) else { continue }
        canvas.element(
          "line",
          [
            "x1": n(cx), "y1": n(base), "x2": n(cx), "y2": n(cy), "stroke": color,
            "stroke-width": "1.5",
          ])
        canvas.element("circle", ["cx": n(cx), "cy": n(cy), "r": "3", "fill": color])
      }
    case .verticalLine(let dashed):
      guard let value = series.x.first, let tx = xAxis.transformed(value) else { return }
      let x = px(tx)
      canvas.element(
        "line",
        [
          "x1": n(x), "y1": n(top), "x2": n(x), "y2": n(top + height), "stroke": color,
          "stroke-width": "1.5", "stroke-dasharray": dashed ? "5 4" : "none",
        ])
    }
  }
}
