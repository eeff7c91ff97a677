import Foundation

/// A grid of values drawn as coloured cells (viridis), with axes and a colour
/// bar: a density over a plane, a confusion matrix, a probability surface.
///
/// Row 0 of `values` is drawn at the bottom (the low end of the y range).
/// Non-finite cells are left blank.
///
/// A confusion matrix, with class names for ticks and the counts written in
/// the cells (rows are listed bottom to top):
///
/// ```swift
/// let confusion = try HeatMap(
///   title: "Confusion", x: Axis("predicted"), y: Axis("true"),
///   values: [[5, 1], [2, 7]], xRange: 0...2, yRange: 0...2, colorLabel: "rows",
///   annotate: true, columnLabels: ["cat", "dog"], rowLabels: ["cat", "dog"])
/// try confusion.write(to: URL(fileURLWithPath: "confusion.svg"))
/// ```
///
/// A surface: `values[i][j]` = f(xⱼ, yᵢ) at the cell centres of a grid over
/// `xRange` × `yRange`:
///
/// ```swift
/// let n = 50
/// let centres = (0..<n).map { (Double($0) + 0.5) / Double(n) * 4 - 2 }  // over -2...2
/// let surface = centres.map { y in centres.map { x in exp(-(x * x + y * y) / 2) } }
/// let map = try HeatMap(
///   x: Axis("x₁"), y: Axis("x₂"), values: surface, xRange: -2...2, yRange: -2...2)
/// ```
public struct HeatMap: SVGDrawable {
  /// The title above the map.
  public var title: String
  /// The horizontal axis (its label; the range is `xRange`).
  public var x: Axis
  /// The vertical axis (its label; the range is `yRange`).
  public var y: Axis
  /// The values, `values[row][column]`; all rows the same length.
  public let values: [[Double]]
  /// The x range the columns span (cell edges).
  public let xRange: ClosedRange<Double>
  /// The y range the rows span (cell edges).
  public let yRange: ClosedRange<Double>
  /// The colour scale's label.
  public var colorLabel: String
  /// The values mapped to the ends of the colour scale; `nil` fits the data.
  public var colorRange: ClosedRange<Double>?
  /// Writes each cell's value in it (for small grids such as confusion matrices).
  public var annotate: Bool
  /// How many colour levels the cells are drawn in.
  ///
  /// Odd by default, so that the middle of the scale (0 on a symmetric range)
  /// falls inside a level rather than on the edge between two, where rounding
  /// noise would pick either. Not an initialiser argument; set it on the map:
  ///
  /// ```swift
  /// var map = try HeatMap(values: [[1, 2], [3, 4]], xRange: 0...2, yRange: 0...2)
  /// map.levels         // 31
  /// map.levels = 5     // coarse bands
  /// ```
  public var levels = 31
  /// Names for the columns, shown at their centres instead of numeric ticks
  /// (a confusion matrix's classes); `nil` for numeric ticks.
  public let columnLabels: [String]?
  /// Names for the rows, bottom to top, shown at their centres; `nil` for
  /// numeric ticks.
  public let rowLabels: [String]?
  /// The width in SVG user units.
  public var width: Double
  /// The height in SVG user units.
  public var height: Double

  /// A heat map of `values` over `xRange` × `yRange`.
  ///
  /// ```swift
  /// let map = try HeatMap(
  ///   title: "p(x, y)", values: [[0.1, 0.2], [0.3, 0.4]], xRange: 0...1, yRange: 0...1,
  ///   colorLabel: "density", colorRange: 0...0.5)
  /// (map.width, map.height)  // (480.0, 360.0), the defaults
  /// try HeatMap(values: [[1, 2], [3]], xRange: 0...2, yRange: 0...2)
  /// // throws ChartError.lengthMismatch(what: "values row 1", expected: 2, got: 1)
  /// ```
  ///
  /// - Parameters:
  ///   - title: The title above the map; empty for none.
  ///   - x: The horizontal axis (its label; its scale and range are ignored).
  ///   - y: The vertical axis (its label; its scale and range are ignored).
  ///   - values: The cells, `values[row][column]`, row 0 at the bottom; at
  ///     least one row and column, all rows the same length.
  ///   - xRange: The x interval the columns span, of positive width.
  ///   - yRange: The y interval the rows span, of positive width.
  ///   - colorLabel: The colour bar's label.
  ///   - colorRange: The values at the ends of the colour scale; `nil` for
  ///     the finite values' extent.
  ///   - annotate: Whether to write each cell's value in it.
  ///   - columnLabels: Names shown at the column centres, one per column, or
  ///     `nil` for numeric ticks.
  ///   - rowLabels: Names shown at the row centres, bottom to top, or `nil`.
  ///   - width: The width in SVG user units.
  ///   - height: The height in SVG user units.
  /// - Throws: ``ChartError/invalidArgument(name:reason:)`` for an empty grid
  ///   or a range of zero width, ``ChartError/lengthMismatch(what:expected:got:)``
  ///   for a ragged grid or labels of the wrong count.
  public init(
    title: String = "", x: Axis = Axis(), y: Axis = Axis(), values: [[Double]],
    xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, colorLabel: String = "",
    colorRange: ClosedRange<Double>? = nil, annotate: Bool = false,
    columnLabels: [String]? = nil, rowLabels: [String]? = nil, width: Double = 480,
    height: Double = 360
  ) throws(ChartError) {
    guard let columns = values.first?.count, columns > 0 else {
      throw .invalidArgument(name: "values", reason: "must have at least one row and column")
    }
    for (index, row) in values.enumerated() where row.count != columns {
      throw .lengthMismatch(what: "values row \(index)", expected: columns, got: row.count)
    }
    if let columnLabels, columnLabels.count != columns {
      throw .lengthMismatch(what: "columnLabels", expected: columns, got: columnLabels.count)
    }
    if let rowLabels, rowLabels.count != values.count {
      throw .lengthMismatch(what: "rowLabels", expected: values.count, got: rowLabels.count)
    }
    guard xRange.upperBound > xRange.lowerBound, yRange.upperBound > yRange.lowerBound else {
      throw .invalidArgument(name: "xRange, yRange", reason: "must have positive width")
    }
    self.title = title
    self.x = x
    self.y = y
    self.values = values
    self.xRange = xRange
    self.yRange = yRange
    self.colorLabel = colorLabel
    self.colorRange = colorRange
    self.annotate = annotate
    self.columnLabels = columnLabels
    self.rowLabels = rowLabels
    self.width = width
    self.height = height
  }

  /// Draws the cells, axes, title and colour bar.
  ///
  /// The cells go in one `<path>` per colour level in use:
  ///
  /// ```swift
  /// let map = try HeatMap(values: [[1, 2], [3, 4]], xRange: 0...2, yRange: 0...2)
  /// var canvas = SVGCanvas()
  /// map.draw(into: &canvas)
  /// canvas.body.components(separatedBy: "<path").count - 1  // 4: four distinct levels
  /// ```
  ///
  /// - Parameter canvas: The canvas to append to, in the map's own
  ///   coordinates.
  public func draw(into canvas: inout SVGCanvas) {
    let n = SVGCanvas.number
    let top = title.isEmpty ? 14.0 : 32.0
    let plotWidth = max(width - 64 - 80, 1)
    let plotHeight = max(height - top - (x.label.isEmpty ? 30 : 46), 1)
    var xAxis = x
    xAxis.scale = .linear
    var yAxis = y
    yAxis.scale = .linear
    let frame = PlotFrame(
      left: 64, top: top, width: plotWidth, height: plotHeight, xRange: xRange, yRange: yRange,
      xAxis: xAxis, yAxis: yAxis)
    let finite = values.joined().filter(\.isFinite)
    let scale = colorRange ?? ((finite.min() ?? 0)...(finite.max() ?? 1))
    let rows = values.count
    let columns = values[0].count
    let cellWidth = plotWidth / Double(columns)
    let cellHeight = plotHeight / Double(rows)
    // One path per colour level (the scale in `levels` steps) instead of one
    // element per cell; cell labels drawn after.
    var paths = [String](repeating: "", count: levels)
    var labels: [(x: Double, y: Double, t: Double, value: Double)] = []
    for (row, line) in values.enumerated() {
      for (column, value) in line.enumerated() where value.isFinite {
        let t = min(max(ColorBar.fraction(value, in: scale), 0), 1)
        let cellX = 64 + Double(column) * cellWidth
        let cellY = top + plotHeight - Double(row + 1) * cellHeight
        paths[min(Int(t * Double(levels)), levels - 1)] +=
          "M\(n(cellX)) \(n(cellY))h\(n(cellWidth + 0.3))v\(n(cellHeight + 0.3))"
          + "h\(n(-cellWidth - 0.3))Z"
        if annotate {
          labels.append((cellX + cellWidth / 2, cellY + cellHeight / 2 + 4, t, value))
        }
      }
    }
    for (level, path) in paths.enumerated() where !path.isEmpty {
      canvas.element(
        "path", ["d": path, "fill": Palette.viridis((Double(level) + 0.5) / Double(levels))])
    }
    for label in labels {
      canvas.element(
        "text",
        [
          "x": n(label.x), "y": n(label.y), "text-anchor": "middle",
          "fill": label.t > 0.6 ? "black" : "white",
        ], text: Self.cellLabel(label.value))
    }
    func centres(_ names: [String]?, _ range: ClosedRange<Double>) -> [(
      position: Double, label: String
    )]? {
      names.map { names in
        let step = (range.upperBound - range.lowerBound) / Double(names.count)
        return names.enumerated().map {
          (range.lowerBound + (Double($0.offset) + 0.5) * step, $0.element)
        }
      }
    }
    frame.drawGridAndAxes(
      into: &canvas, gridLines: false, xTicks: centres(columnLabels, xRange),
      yTicks: centres(rowLabels, yRange))
    if !title.isEmpty {
      canvas.element(
        "text",
        [
          "x": n(64 + plotWidth / 2), "y": "20", "text-anchor": "middle", "font-size": "14",
          "font-weight": "bold",
        ], text: title)
    }
    ColorBar(
      x: 64 + plotWidth + 14, top: top + 14, height: plotHeight - 14, range: scale,
      label: colorLabel
    )
    .draw(into: &canvas)
  }

  static func cellLabel(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e6
      ? String(Int(value)) : String(format: "%.2g", value)
  }
}
