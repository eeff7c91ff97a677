/// Several drawings in a grid of rows and columns under one title (small
/// multiples, such as the Beta family for a grid of parameters).
///
/// ```swift
/// let panels = try [1.0, 2, 5].map { a in
///   Chart(
///     title: "x^\(a)", width: 230, height: 170, legend: .none,
///     series: [try .function(over: 0...1) { pow($0, a) }])
/// }
/// let grid = try ChartGrid(title: "Powers", columns: 2, cells: panels)
/// (grid.width, grid.height)  // (460.0, 370.0): two columns, two rows, a title
/// ```
public struct ChartGrid: SVGDrawable {
  /// The title above the grid.
  public var title: String
  /// The drawings, row by row.
  public let cells: [any SVGDrawable]
  /// How many drawings per row.
  public let columns: Int

  /// A grid of `cells` with `columns` per row; every cell takes the size of
  /// the largest.
  ///
  /// ```swift
  /// let chart = Chart(series: [try .line(x: [0, 1], y: [0, 1])])
  /// let grid = try ChartGrid(title: "Twice", columns: 2, cells: [chart, chart])
  /// try grid.write(to: URL(fileURLWithPath: "twice.svg"))
  /// try ChartGrid(columns: 0, cells: [chart])
  /// // throws ChartError.invalidArgument(name: "columns", reason: "must be at least 1, got 0")
  /// ```
  ///
  /// - Parameters:
  ///   - title: The title above the grid; empty for none.
  ///   - columns: Drawings per row, at least 1.
  ///   - cells: The drawings, row by row; a grid can hold grids.
  /// - Throws: ``ChartError/invalidArgument(name:reason:)`` when `columns` < 1.
  public init(title: String = "", columns: Int, cells: [any SVGDrawable]) throws(ChartError) {
    guard columns >= 1 else {
      throw .invalidArgument(name: "columns", reason: "must be at least 1, got \(columns)")
    }
    self.title = title
    self.columns = columns
    self.cells = cells
  }

  var cellWidth: Double { cells.map(\.width).max() ?? 0 }
  var cellHeight: Double { cells.map(\.height).max() ?? 0 }
  var titleHeight: Double { title.isEmpty ? 0 : 30 }
  var rows: Int { (cells.count + columns - 1) / columns }

  /// The width: one cell per column, as wide as the widest drawing.
  ///
  /// Only as many columns as there are cells take room:
  ///
  /// ```swift
  /// let chart = Chart(series: [])  // 480 × 320
  /// try ChartGrid(columns: 3, cells: [chart, chart]).width  // 960.0: two columns used
  /// ```
  public var width: Double { cellWidth * Double(min(columns, max(cells.count, 1))) }
  /// The height: the title and one cell per row, as tall as the tallest drawing.
  ///
  /// ```swift
  /// let small = Chart(series: [])                        // 480 × 320
  /// let tall = Chart(width: 300, height: 500, series: [])
  /// try ChartGrid(title: "T", columns: 1, cells: [small, tall]).height  // 30 + 2 × 500 = 1030.0
  /// ```
  public var height: Double { titleHeight + cellHeight * Double(rows) }

  /// Draws the title and each drawing in its cell.
  ///
  /// Each cell is placed at its grid position (``SVGCanvas/place(_:x:y:)``):
  ///
  /// ```swift
  /// let chart = Chart(series: [try .line(x: [0, 1], y: [0, 1])])
  /// var canvas = SVGCanvas()
  /// try ChartGrid(columns: 2, cells: [chart, chart]).draw(into: &canvas)
  /// canvas.body.contains(#"<g transform="translate(480,0)">"#)  // true: the second cell
  /// ```
  ///
  /// - Parameter canvas: The canvas to append to, in the grid's own
  ///   coordinates.
  public func draw(into canvas: inout SVGCanvas) {
    if !title.isEmpty {
      canvas.element(
        "text",
        [
          "x": SVGCanvas.number(width / 2), "y": "21", "text-anchor": "middle",
          "font-size": "16", "font-weight": "bold",
        ], text: title)
    }
    for (index, cell) in cells.enumerated() {
      canvas.place(
        cell, x: Double(index % columns) * cellWidth,
        y: titleHeight + Double(index / columns) * cellHeight)
    }
  }
}
