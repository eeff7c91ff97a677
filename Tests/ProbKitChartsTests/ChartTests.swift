import Foundation
import TestSupport
import Testing

@testable import ProbKitCharts

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Whether `svg` is well-formed XML.
func isWellFormed(_ svg: String) -> Bool {
  XMLParser(data: Data(svg.utf8)).parse()
}

func occurrences(of needle: String, in text: String) -> Int {
  text.components(separatedBy: needle).count - 1
}

@Suite struct AxisTests {
  @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    #expect(Axis.niceStep(for: 1, count: 5) == 0.2)
    #expect(Axis.niceStep(for: 7, count: 5) == 1)
    #expect(Axis.niceStep(for: 35, count: 5) == 5)
    #expect(Axis.niceStep(for: 0.03, count: 5) == 0.005)
    #expect(Axis.niceStep(for: 0, count: 5) == 1)
  }

  @Test func linearTicksCoverTheRangeWithLabelsAsPreciseAsTheStep() {
    let ticks = Axis().ticks(in: 0...1)
    #expect(ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(Axis().ticks(in: -10...40).map(\.label) == ["-10", "0", "10", "20", "30", "40"])
  }

  @Test func logarithmicTicksArePowersOfTen() {
    let axis = Axis(scale: .logarithmic)
    #expect(axis.ticks(in: -3...2).map(\.label) == ["10⁻³", "10⁻²", "10⁻¹", "1", "10", "10²"])
    #expect(axis.transformed(-1) == nil)
    #expect(axis.transformed(1000) == 3)
  }

  @Test func rangesArePaddedAndNeverEmpty() {
    #expect(Axis().resolvedRange(dataExtent: 0...10) == -0.4...10.4)
    let constant = Axis().resolvedRange(dataExtent: 3...3)
    #expect(constant.lowerBound < 3 && constant.upperBound > 3)
    #expect(Axis(range: 0...1).resolvedRange(dataExtent: 5...9) == 0...1)
    #expect(Axis().resolvedRange(dataExtent: nil) == 0...1)
  }
}

/// A user's own drawing: a chart with a marker on top.
struct MarkedChart: SVGDrawable {
  let chart: Chart
  var width: Double { chart.width }
  var height: Double { chart.height }
  func draw(into canvas: inout SVGCanvas) {
    canvas.place(chart, x: 0, y: 0)
    canvas.element("circle", ["cx": "240", "cy": "160", "r": "6", "fill": "red"])
    canvas.element("text", ["x": "250", "y": "156"], text: "a < b")
  }
}

@Suite struct SVGCanvasTests {
  @Test func drawingsOfOnesOwnAddElements() throws {
    let svg = MarkedChart(chart: Chart(series: [try .line(x: [0, 1], y: [0, 1])])).svg()
    #expect(isWellFormed(svg))
    #expect(svg.contains(#"<circle cx="240" cy="160" r="6" fill="red"/>"#))
    #expect(svg.contains(">a &lt; b</text>"))
  }

  @Test func numbersHaveAtMostTwoDecimals() {
    #expect(SVGCanvas.number(2.5) == "2.5")
    #expect(SVGCanvas.number(3) == "3")
    #expect(SVGCanvas.number(1.23456) == "1.23")
    #expect(SVGCanvas.number(-0.001) == "0")
    #expect(SVGCanvas.number(.nan) == "0")
  }

  @Test func textIsEscaped() {
    #expect(SVGCanvas.escape("a < b & \"c\"") == "a &lt; b &amp; &quot;c&quot;")
  }
}

@Suite struct ChartTests {
  @Test func everyKindOfSeriesDrawsAWellFormedDocument() throws {
    let x = [0.0, 1, 2, 3]
    let chart = Chart(
      title: "All <kinds>", x: Axis("x"), y: Axis("y"),
      series: [
        try .line("line", x: x, y: [0, 1, 4, 9]),
        try .scatter("points", x: x, y: [1, 2, 3, 4]),
        try .histogram("histogram", values: [0.5, 1, 1.5, 2, 2.5], bins: 3),
        try .band("band", x: x, lower: [0, 0, 1, 2], upper: [1, 2, 5, 10]),
        try .stems("stems", x: x, y: [0.1, 0.2, 0.3, 0.4]),
        .verticalLine("mark", at: 1.5),
      ])
    let svg = chart.svg()
    #expect(isWellFormed(svg))
    #expect(svg.contains("All &lt;kinds&gt;"))
    for label in ["line", "points", "histogram", "band", "stems", "mark"] {
      #expect(svg.contains(">\(label)</text>"), "legend entry \(label)")
    }
    #expect(svg == chart.svg())  // reproducible
  }

  @Test func nonFinitePointsAreSkippedAndBreakLines() throws {
    let chart = Chart(
      series: [try .line(x: [0, 1, 2, 3, 4], y: [1, 2, .nan, 3, 4])])
    #expect(occurrences(of: "<polyline", in: chart.svg()) == 2)
    let log = Chart(
      y: Axis(scale: .logarithmic), series: [try .scatter(x: [0, 1, 2], y: [1, -1, 100])])
    #expect(occurrences(of: "<circle", in: log.svg()) == 2)
  }

  @Test func histogramDensitiesIntegrateToOne() throws {
    let values = (0..<1000).map { Double($0) / 999 }
    let series = try Series.histogram(values: values, bins: 7)
    guard case .bars(let edges) = series.mark else {
      Issue.record("a histogram is bars")
      return
    }
    let area = zip(series.y, zip(edges, edges.dropFirst())).reduce(0) {
      $0 + $1.0 * ($1.1.1 - $1.1.0)
    }
    expectClose(area, 1, absolute: 1e-12)
    let counts = try Series.histogram(values: values + [.nan], bins: 4, density: false)
    #expect(counts.y.reduce(0, +) == 1000)
  }

  @Test func mismatchedInputsThrowNamedErrors() {
    #expect(throws: ChartError.lengthMismatch(what: "line: y", expected: 3, got: 2)) {
      try Series.line(x: [1, 2, 3], y: [1, 2])
    }
    #expect(throws: ChartError.lengthMismatch(what: "bars: edges", expected: 3, got: 2)) {
      try Series.bars(edges: [0, 1], heights: [1, 2])
    }
    #expect(throws: ChartError.self) { try Series.histogram(values: [1], bins: 0) }
    #expect(throws: ChartError.self) { try Series.function(over: 0...1, count: 1) { $0 } }
  }
}

@Suite struct HeatMapAndSimplexTests {
  @Test func heatMapsDrawOneCellPerFiniteValueAndAnnotateOnRequest() throws {
    let map = try HeatMap(
      title: "confusion", values: [[5, 1], [0, .nan]], xRange: 0...2, yRange: 0...2,
      colorLabel: "count", annotate: true)
    let svg = map.svg()
    #expect(isWellFormed(svg))
    #expect(svg.contains(">5</text>") && svg.contains(">1</text>") && svg.contains(">0</text>"))
    #expect(throws: ChartError.self) {
      try HeatMap(values: [[1, 2], [3]], xRange: 0...1, yRange: 0...1)
    }
    #expect(throws: ChartError.self) { try HeatMap(values: [], xRange: 0...1, yRange: 0...1) }
  }

  @Test func heatMapsNameTheirRowsAndColumnsWhenAsked() throws {
    let named = try HeatMap(
      values: [[1, 2, 3], [4, 5, 6]], xRange: 0...3, yRange: 0...2,
      columnLabels: ["cat", "dog", "owl"], rowLabels: ["low", "high"])
    let svg = named.svg()
    for label in ["cat", "dog", "owl", "low", "high"] { #expect(svg.contains(">\(label)</text>")) }
    #expect(throws: ChartError.lengthMismatch(what: "rowLabels", expected: 2, got: 1)) {
      try HeatMap(values: [[1], [2]], xRange: 0...1, yRange: 0...1, rowLabels: ["one"])
    }
  }

  @Test func viridisRunsFromPurpleToYellow() {
    #expect(Palette.viridis(0) == "#440154")
    #expect(Palette.viridis(1) == "#fde725")
    #expect(Palette.viridis(.nan) == "#440154")
  }

  @Test func simplexChartsShadeInLevelsAndPlotPoints() throws {
    let chart = try SimplexChart(title: "simplex", points: [[1, 0, 0], [0.2, 0.3, 0.5]])
      .shaded(resolution: 10, label: "p") { $0[0] }
    #expect(chart.density.count == 100)  // resolution² small triangles
    let svg = chart.svg()
    #expect(isWellFormed(svg))
    #expect(occurrences(of: "<path", in: svg) <= chart.levels)
    #expect(occurrences(of: "<circle", in: svg) == 2)
    #expect(throws: ChartError.self) { try SimplexChart(points: [[0.5, 0.5]]) }
    #expect(throws: ChartError.self) { try SimplexChart().shaded(resolution: 0) { _ in 0 } }
  }

  @Test func gridsPlaceCellsAndKeepIdentifiersUnique() throws {
    let cell = Chart(series: [try .line(x: [0, 1], y: [0, 1])])
    let grid = try ChartGrid(title: "grid", columns: 2, cells: [cell, cell, cell])
    #expect(grid.width == 960 && grid.height == 30 + 640)
    let svg = grid.svg()
    #expect(isWellFormed(svg))
    #expect(svg.contains("id=\"plot-1\"") && svg.contains("id=\"plot-3\""))
    #expect(throws: ChartError.self) { try ChartGrid(columns: 0, cells: []) }
  }
}
