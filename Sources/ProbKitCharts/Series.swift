import Foundation

/// One data series of a ``Chart``: a line, points, bars, a shaded band, stems
/// or a reference line, with an optional legend label.
///
/// Points with a non-finite coordinate (or a non-positive one on a
/// logarithmic axis) are not drawn; lines break there.
///
/// Build series with the static factories, which check that the arrays
/// match and throw ``ChartError`` otherwise:
///
/// ```swift
/// let series: [Series] = [
///   try .line("fit", x: [0, 1, 2], y: [0.1, 0.5, 0.9]),
///   try .scatter("data", x: [0, 1, 2], y: [0, 0.6, 1], color: "#444444"),
///   .verticalLine("decision", at: 1),
/// ]
/// let chart = Chart(x: Axis("x"), y: Axis("p"), series: series)
/// ```
public struct Series: Sendable {
  enum Mark: Sendable {
    case line(dashed: Bool, width: Double)
    case scatter(radius: Double, opacity: Double)
    case bars(edges: [Double])
    case band(upper: [Double], opacity: Double)
    case stems
    case verticalLine(dashed: Bool)
  }

  let mark: Mark
  let x: [Double]
  let y: [Double]
  /// The legend label; unlabelled series are left out of the legend.
  ///
  /// ```swift
  /// var fit = try Series.line(x: [0, 1], y: [0, 1])
  /// fit.label          // nil: not in the legend
  /// fit.label = "fit"  // now it is
  /// ```
  public var label: String?
  /// The colour ("#rrggbb" or an SVG colour name); `nil` takes the next
  /// colour of ``Palette/categorical``.
  ///
  /// ```swift
  /// var data = try Series.scatter(x: [0, 1], y: [1, 0])
  /// data.color             // nil: Palette.color(i) for the i-th series of a chart
  /// data.color = "#444444"
  /// ```
  public var color: String?

  static func checked(_ x: [Double], _ y: [Double], _ what: String) throws(ChartError) {
    guard x.count == y.count else {
      throw .lengthMismatch(what: "\(what): y", expected: x.count, got: y.count)
    }
  }

  /// A line through (x[i], y[i]) in order.
  ///
  /// ```swift
  /// let path = try Series.line("σ path", x: [0.1, 1, 10], y: [0.2, 0.8, 1.1], dashed: true)
  /// try Series.line(x: [0, 1], y: [0])
  /// // throws ChartError.lengthMismatch(what: "line: y", expected: 2, got: 1)
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - x: The x coordinates.
  ///   - y: The y coordinates, as many as `x`.
  ///   - color: The colour; `nil` takes the next palette colour.
  ///   - dashed: Whether the line is dashed.
  ///   - width: The stroke width in SVG user units.
  /// - Returns: A line series.
  /// - Throws: ``ChartError/lengthMismatch(what:expected:got:)`` when `x` and
  ///   `y` differ in length.
  public static func line(
    _ label: String? = nil, x: [Double], y: [Double], color: String? = nil,
    dashed: Bool = false, width: Double = 1.75
  ) throws(ChartError) -> Series {
    try checked(x, y, "line")
    return Series(mark: .line(dashed: dashed, width: width), x: x, y: y, label: label, color: color)
  }

  /// The graph of `f` at `count` evenly spaced points of `range`.
  ///
  /// Where `f` is not finite (a density's pole) the line breaks.
  ///
  /// ```swift
  /// let curve = try Series.function("x²", over: -1...1, count: 101) { $0 * $0 }
  /// try Series.function(over: 0...1, count: 1) { $0 }
  /// // throws ChartError.invalidArgument(name: "count", reason: "must be at least 2, got 1")
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - range: The x interval; its ends are the first and last points.
  ///   - count: The number of points, at least 2.
  ///   - color: The colour; `nil` takes the next palette colour.
  ///   - dashed: Whether the line is dashed.
  ///   - f: The function to plot.
  /// - Returns: A line series through (x, f(x)).
  /// - Throws: ``ChartError/invalidArgument(name:reason:)`` when `count` < 2.
  public static func function(
    _ label: String? = nil, over range: ClosedRange<Double>, count: Int = 201,
    color: String? = nil, dashed: Bool = false, _ f: (Double) -> Double
  ) throws(ChartError) -> Series {
    guard count >= 2 else {
      throw .invalidArgument(name: "count", reason: "must be at least 2, got \(count)")
    }
    let step = (range.upperBound - range.lowerBound) / Double(count - 1)
    let x = (0..<count).map { range.lowerBound + Double($0) * step }
    return try line(label, x: x, y: x.map(f), color: color, dashed: dashed)
  }

  /// Points at (x[i], y[i]).
  ///
  /// ```swift
  /// let data = try Series.scatter("observed", x: [0.5, 1.5, 3.1], y: [1.2, 0.3, 2.2], radius: 3)
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - x: The x coordinates.
  ///   - y: The y coordinates, as many as `x`.
  ///   - color: The colour; `nil` takes the next palette colour.
  ///   - radius: The dots' radius in SVG user units.
  ///   - opacity: The dots' fill opacity, in [0, 1].
  /// - Returns: A scatter series.
  /// - Throws: ``ChartError/lengthMismatch(what:expected:got:)`` when `x` and
  ///   `y` differ in length.
  public static func scatter(
    _ label: String? = nil, x: [Double], y: [Double], color: String? = nil,
    radius: Double = 2.5, opacity: Double = 0.75
  ) throws(ChartError) -> Series {
    try checked(x, y, "scatter")
    return Series(
      mark: .scatter(radius: radius, opacity: opacity), x: x, y: y, label: label, color: color)
  }

  /// Bars over the intervals [edges[i], edges[i + 1]) with the given heights.
  ///
  /// ```swift
  /// let counts = try Series.bars("counts", edges: [0, 1, 2, 3], heights: [4, 7, 2])
  /// try Series.bars(edges: [0, 1], heights: [1, 2])
  /// // throws ChartError.lengthMismatch(what: "bars: edges", expected: 3, got: 2)
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - edges: The bars' edges, one more than `heights`.
  ///   - heights: The bars' heights, drawn from 0.
  ///   - color: The colour; `nil` takes the next palette colour.
  /// - Returns: A bar series.
  /// - Throws: ``ChartError/lengthMismatch(what:expected:got:)`` unless there
  ///   is one more edge than heights.
  public static func bars(
    _ label: String? = nil, edges: [Double], heights: [Double], color: String? = nil
  ) throws(ChartError) -> Series {
    guard edges.count == heights.count + 1 else {
      throw .lengthMismatch(what: "bars: edges", expected: heights.count + 1, got: edges.count)
    }
    return Series(
      mark: .bars(edges: edges), x: Array(edges.dropLast()), y: heights, label: label,
      color: color)
  }

  /// A histogram of `values` in `bins` equal bins over `range` (the finite
  /// values' extent by default), as densities or counts.
  ///
  /// Non-finite values are dropped, and so are values outside `range`.
  /// Densities are counts / (n · bin width) with n the number of finite
  /// values, so the bars' area is the fraction of them inside `range`: 1 when
  /// the range covers them all (as the default does).
  ///
  /// ```swift
  /// let draws = [0.1, 0.2, 0.6, 0.9]
  /// let density = try Series.histogram("draws", values: draws, bins: 2, range: 0...1)
  /// // heights [1.0, 1.0]: two values in each bin of width 0.5, area 1
  /// let counts = try Series.histogram(values: draws, bins: 2, range: 0...1, density: false)
  /// // heights [2.0, 2.0]
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - values: The data.
  ///   - bins: The number of equal bins, at least 1.
  ///   - range: The interval the bins cover; `nil` for the finite values'
  ///     minimum to maximum.
  ///   - density: Densities (`true`, the default) or counts.
  ///   - color: The colour; `nil` takes the next palette colour.
  /// - Returns: A bar series.
  /// - Throws: ``ChartError/invalidArgument(name:reason:)`` when `bins` < 1.
  public static func histogram(
    _ label: String? = nil, values: [Double], bins: Int = 30, range: ClosedRange<Double>? = nil,
    density: Bool = true, color: String? = nil
  ) throws(ChartError) -> Series {
    guard bins >= 1 else {
      throw .invalidArgument(name: "bins", reason: "must be at least 1, got \(bins)")
    }
    let finite = values.filter(\.isFinite)
    guard let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max()
    else { return try bars(label, edges: [0, 1], heights: [0], color: color) }
    let width = high > low ? (high - low) / Double(bins) : 1
    var counts = [Double](repeating: 0, count: bins)
    for value in finite where value >= low && value <= high {
      counts[min(Int((value - low) / width), bins - 1)] += 1
    }
    let edges = (0...bins).map { low + Double($0) * width }
    let scale = density && !finite.isEmpty ? 1 / (Double(finite.count) * width) : 1
    return try bars(label, edges: edges, heights: counts.map { $0 * scale }, color: color)
  }

  /// A shaded band between `lower` and `upper` over `x` (a credible band).
  ///
  /// ```swift
  /// let x = [0.0, 1, 2, 3]
  /// let band = try Series.band(
  ///   "95% interval", x: x, lower: [0.1, 0.3, 0.4, 0.6], upper: [0.5, 0.7, 0.9, 1.0])
  /// let mean = try Series.line("mean", x: x, y: [0.3, 0.5, 0.65, 0.8])
  /// let chart = Chart(series: [band, mean])  // the line over the band
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - x: The x coordinates.
  ///   - lower: The band's lower edge at each x.
  ///   - upper: The band's upper edge at each x.
  ///   - color: The colour; `nil` takes the next palette colour.
  ///   - opacity: The fill opacity, in [0, 1].
  /// - Returns: A band series.
  /// - Throws: ``ChartError/lengthMismatch(what:expected:got:)`` when `lower`
  ///   or `upper` differs in length from `x`.
  public static func band(
    _ label: String? = nil, x: [Double], lower: [Double], upper: [Double], color: String? = nil,
    opacity: Double = 0.25
  ) throws(ChartError) -> Series {
    try checked(x, lower, "band lower")
    try checked(x, upper, "band upper")
    return Series(
      mark: .band(upper: upper, opacity: opacity), x: x, y: lower, label: label, color: color)
  }

  /// Vertical stems from 0 to y[i] with a dot on top (a probability mass function).
  ///
  /// ```swift
  /// let pmf = try Series.stems("Binomial(2, ½)", x: [0, 1, 2], y: [0.25, 0.5, 0.25])
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - x: The stems' positions.
  ///   - y: The stems' heights, as many as `x`.
  ///   - color: The colour; `nil` takes the next palette colour.
  /// - Returns: A stem series.
  /// - Throws: ``ChartError/lengthMismatch(what:expected:got:)`` when `x` and
  ///   `y` differ in length.
  public static func stems(
    _ label: String? = nil, x: [Double], y: [Double], color: String? = nil
  ) throws(ChartError) -> Series {
    try checked(x, y, "stems")
    return Series(mark: .stems, x: x, y: y, label: label, color: color)
  }

  /// A vertical reference line at `x`, across the whole plot.
  ///
  /// An x axis without a fixed range widens to include `x`; the y axis is
  /// left to the other series.
  ///
  /// ```swift
  /// let mean = Series.verticalLine("mean", at: 0.3, color: "#666666")
  /// ```
  ///
  /// - Parameters:
  ///   - label: The legend label; `nil` leaves the series out of the legend.
  ///   - x: The line's position on the x axis.
  ///   - color: The colour; `nil` takes the next palette colour.
  ///   - dashed: Whether the line is dashed (the default).
  /// - Returns: A reference-line series.
  public static func verticalLine(
    _ label: String? = nil, at x: Double, color: String? = nil, dashed: Bool = true
  ) -> Series {
    Series(mark: .verticalLine(dashed: dashed), x: [x], y: [], label: label, color: color)
  }

  /// The values this series needs the y axis to show (bars and stems start at 0).
  var yValues: [Double] {
    switch mark {
    case .bars, .stems: y + [0]
    case .band(let upper, _): y + upper
    case .verticalLine: []
    default: y
    }
  }

  /// The values this series needs the x axis to show.
  var xValues: [Double] {
    switch mark {
    case .bars(let edges): edges
    default: x
    }
  }
}
