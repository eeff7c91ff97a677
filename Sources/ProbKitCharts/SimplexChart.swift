import Foundation

/// The probability simplex {θ ∈ ℝ³ : θᵢ ≥ 0, Σθᵢ = 1} as an equilateral
/// triangle: a density shaded over it and/or points on it, the way Dirichlet
/// distributions are drawn.
///
/// A point θ sits at θ₁·A + θ₂·B + θ₃·C for the corners A (bottom left),
/// B (bottom right) and C (top), labelled with `cornerLabels`.
///
/// ```swift
/// let dirichlet = try Dirichlet(alphas: [2, 3, 4])  // from ProbKit
/// let source = RandomSource(seed: 1)
/// let chart = try SimplexChart(
///   title: "Dirichlet(2, 3, 4)", cornerLabels: ["a", "b", "c"],
///   points: (0..<200).map { _ in dirichlet.sample(using: source) }
/// ).shaded(label: "log density") { dirichlet.logDensity($0) }
/// try chart.write(to: URL(fileURLWithPath: "dirichlet.svg"))
/// ```
public struct SimplexChart: SVGDrawable {
  /// The title above the triangle.
  public var title: String
  /// The labels of the corners where θ₁, θ₂ and θ₃ equal 1.
  public var cornerLabels: [String]
  /// Shading: values on a triangular grid of `resolution` steps per side.
  var density: [(vertices: [[Double]], value: Double)]
  /// Points: each a probability vector of three entries.
  public var points: [[Double]]
  /// The points' colour.
  public var pointColor: String
  /// The shading's colour-bar label.
  public var colorLabel: String
  /// How many colour levels the shading is drawn in (odd, so that the middle
  /// of the scale is inside a level; see `HeatMap.levels`).
  ///
  /// Not an initialiser argument; set it on the chart:
  ///
  /// ```swift
  /// var chart = try SimplexChart().shaded { $0[0] }
  /// chart.levels       // 25
  /// chart.levels = 7   // seven bands
  /// ```
  public var levels = 25
  /// The values mapped to the ends of the colour scale (others clamped);
  /// `nil` fits the shading's values.
  public var colorRange: ClosedRange<Double>?
  /// The width in SVG user units.
  public var width: Double
  /// The height in SVG user units.
  public var height: Double

  /// A simplex chart; add shading with ``shaded(resolution:label:colorRange:_:)`` and
  /// points with `points`.
  ///
  /// ```swift
  /// let chart = try SimplexChart(points: [[0.2, 0.3, 0.5], [1, 0, 0]])
  /// try SimplexChart(points: [[0.5, 0.5]])
  /// // throws ChartError.lengthMismatch(what: "points[0]", expected: 3, got: 2)
  /// ```
  ///
  /// - Parameters:
  ///   - title: The title above the triangle; empty for none.
  ///   - cornerLabels: Three labels, for the corners θ₁ = 1, θ₂ = 1 and θ₃ = 1.
  ///   - points: Points to mark, each a vector of three entries (scaled to
  ///     sum to 1 when drawn).
  ///   - pointColor: The points' colour.
  ///   - width: The width in SVG user units.
  ///   - height: The height in SVG user units.
  /// - Throws: ``ChartError/lengthMismatch(what:expected:got:)`` unless there
  ///   are three corner labels and every point has three entries.
  public init(
    title: String = "", cornerLabels: [String] = ["θ₁", "θ₂", "θ₃"], points: [[Double]] = [],
    pointColor: String = "#e15759", width: Double = 360, height: Double = 340
  ) throws(ChartError) {
    guard cornerLabels.count == 3 else {
      throw .lengthMismatch(what: "cornerLabels", expected: 3, got: cornerLabels.count)
    }
    for (index, point) in points.enumerated() where point.count != 3 {
      throw .lengthMismatch(what: "points[\(index)]", expected: 3, got: point.count)
    }
    self.title = title
    self.cornerLabels = cornerLabels
    self.points = points
    self.pointColor = pointColor
    self.density = []
    self.colorLabel = ""
    self.width = width
    self.height = height
  }

  /// This chart shaded by `f` evaluated at the centre of each small triangle
  /// of a grid with `resolution` steps per side (non-finite values blank),
  /// coloured over `colorRange` (the values' extent by default).
  ///
  /// `f` is called resolution² times, never on the boundary, so a density
  /// that is infinite at the edges (a Dirichlet with α < 1) stays finite.
  ///
  /// ```swift
  /// let chart = try SimplexChart(cornerLabels: ["rock", "paper", "scissors"])
  ///   .shaded(resolution: 20, label: "θ₃") { $0[2] }
  /// ```
  ///
  /// - Parameters:
  ///   - resolution: Grid steps per side, at least 1.
  ///   - label: The colour bar's label.
  ///   - colorRange: The values at the ends of the colour scale (others
  ///     clamped); `nil` for the finite values' extent.
  ///   - f: The function to shade, given a probability vector of three
  ///     entries.
  /// - Returns: A copy of this chart with the shading (replacing any before).
  /// - Throws: ``ChartError/invalidArgument(name:reason:)`` when `resolution`
  ///   < 1.
  public func shaded(
    resolution: Int = 40, label: String = "", colorRange: ClosedRange<Double>? = nil,
    _ f: ([Double]) -> Double
  ) throws(ChartError) -> SimplexChart {
    guard resolution >= 1 else {
      throw .invalidArgument(name: "resolution", reason: "must be at least 1, got \(resolution)")
    }
    var copy = self
    copy.colorLabel = label
    copy.colorRange = colorRange
    copy.density = []
    let r = Double(resolution)
    func vertex(_ i: Int, _ j: Int) -> [Double] {
      let theta2 = Double(i) / r
      let theta3 = Double(j) / r
      return [max(0, 1 - theta2 - theta3), theta2, theta3]
    }
    for i in 0..<resolution {
      for j in 0..<(resolution - i) {
        var triangles = [[vertex(i, j), vertex(i + 1, j), vertex(i, j + 1)]]
        if i + j + 1 < resolution {
          triangles.append([vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)])
        }
        for triangle in triangles {
          let centre = (0..<3).map { k in triangle.reduce(0) { $0 + $1[k] } / 3 }
          copy.density.append((triangle, f(centre)))
        }
      }
    }
    return copy
  }

  /// Draws the shading, the triangle, the points, the corner labels and the
  /// colour bar.
  ///
  /// ```swift
  /// let chart = try SimplexChart(points: [[0.2, 0.3, 0.5], [1, 0, 0]])
  /// var canvas = SVGCanvas()
  /// chart.draw(into: &canvas)
  /// canvas.body.components(separatedBy: "<circle").count - 1  // 2: one per point
  /// ```
  ///
  /// - Parameter canvas: The canvas to append to, in the chart's own
  ///   coordinates.
  public func draw(into canvas: inout SVGCanvas) {
    let n = SVGCanvas.number
    let top = (title.isEmpty ? 14.0 : 32.0) + 16  // room for the top corner's label
    let hasShading = !density.isEmpty
    let available = width - 40 - (hasShading ? 70 : 0)
    let side = min(available, (height - top - 34) / (3.0.squareRoot() / 2))
    let originX = 20 + (available - side) / 2
    let baseY = top + side * 3.0.squareRoot() / 2
    func pixel(_ theta: [Double]) -> (Double, Double) {
      let total = theta.reduce(0, +)
      let b = total > 0 ? theta[1] / total : 0
      let c = total > 0 ? theta[2] / total : 0
      return (originX + side * (b + c / 2), baseY - side * c * 3.0.squareRoot() / 2)
    }
    if !title.isEmpty {
      canvas.element(
        "text",
        [
          "x": n(width / 2), "y": "20", "text-anchor": "middle", "font-size": "14",
          "font-weight": "bold",
        ], text: title)
    }
    let finite = density.map(\.value).filter(\.isFinite)
    let scale = colorRange ?? ((finite.min() ?? 0)...(finite.max() ?? 1))
    // One path per colour level (the scale in `levels` steps): a few
    // elements instead of one per triangle, and the shading reads as bands.
    var paths = [String](repeating: "", count: levels)
    for cell in density where cell.value.isFinite {
      let t = min(max(ColorBar.fraction(cell.value, in: scale), 0), 1)
      let level = min(Int(t * Double(levels)), levels - 1)
      let corners = cell.vertices.map(pixel)
      paths[level] +=
        "M\(n(corners[0].0)) \(n(corners[0].1))L\(n(corners[1].0)) \(n(corners[1].1))"
        + "L\(n(corners[2].0)) \(n(corners[2].1))Z"
    }
    for (level, path) in paths.enumerated() where !path.isEmpty {
      let color = Palette.viridis((Double(level) + 0.5) / Double(levels))
      canvas.element(
        "path", ["d": path, "fill": color, "stroke": color, "stroke-width": "0.5"])
    }
    let corners = [[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]].map(pixel)
    canvas.element(
      "polygon",
      [
        "points": corners.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "),
        "fill": "none", "stroke": "#444444",
      ])
    if !points.isEmpty {
      canvas.raw("<g fill=\"\(pointColor)\" fill-opacity=\"0.55\">")
      for point in points {
        let (x, y) = pixel(point)
        guard x.isFinite, y.isFinite else { continue }
        canvas.element("circle", ["cx": n(x), "cy": n(y), "r": "1.6"])
      }
      canvas.raw("</g>")
    }
    let offsets = [(-8.0, 16.0, "end"), (8.0, 16.0, "start"), (0.0, -8.0, "middle")]
    for (index, corner) in corners.enumerated() {
      canvas.element(
        "text",
        [
          "x": n(corner.0 + offsets[index].0), "y": n(corner.1 + offsets[index].1),
          "text-anchor": offsets[index].2,
        ], text: cornerLabels[index])
    }
    if hasShading {
      ColorBar(x: width - 64, top: top + 14, height: side * 0.8, range: scale, label: colorLabel)
        .draw(into: &canvas)
    }
  }
}
