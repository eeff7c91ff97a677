import Foundation

/// One data series of a ``Chart``: a line, points, bars, a shaded band, stems
/// or a reference line, with an optional legend label.
///
/// Points with a non-finite coordinate (or a non-positive one on a
/// logarithmic axis) are not drawn; lines break there.
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
  public var label: String?
  /// The colour ("#rrggbb" or an SVG colour name); `nil` takes the next
  /// colour of ``Palette/categorical``.
  public var color: String?

  static func checked(_ x: [Double], _ y: [Double], _ what: String) throws(ChartError) {
    guard x.count == y.count else {
      throw .lengthMismatch(what: "\(what): y", expected: x.count, got: y.count)
    }
  }

  /// A line through (x[i], y[i]) in order.
  public static func line(
    _ label: String? = nil, x: [Double], y: [Double], color: String? = nil,
    dashed: Bool = false, width: Double = 1.75
  ) throws(ChartError) -> Series {
    try checked(x, y, "line")
    return Series(mark: .line(dashed: dashed, width: width), x: x, y: y, label: label, color: color)
  }

  /// The graph of `f` at `count` evenly spaced points of `range`.
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
  public static func scatter(
    _ label: String? = nil, x: [Double], y: [Double], color: String? = nil,
    radius: Double = 2.5, opacity: Double = 0.75
  ) throws(ChartError) -> Series {
    try checked(x, y, "scatter")
    return Series(
      mark: .scatter(radius: radius, opacity: opacity), x: x, y: y, label: label, color: color)
  }

  /// Bars over the intervals [edges[i], edges[i + 1]) with the given heights.
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
  /// values' extent by default), as densities (area 1) or counts.
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
  public static func stems(
    _ label: String? = nil, x: [Double], y: [Double], color: String? = nil
  ) throws(ChartError) -> Series {
    try checked(x, y, "stems")
    return Series(mark: .stems, x: x, y: y, label: label, color: color)
  }

  /// A vertical reference line at `x`, across the whole plot.
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
