import Foundation

/// How an axis maps data to position.
///
/// ```swift
/// let sigma = Axis("prior σ", scale: .logarithmic)  // ticks at powers of ten: 10⁻¹, 1, 10, …
/// ```
public enum AxisScale: Sendable, Equatable {
  /// Position proportional to the value.
  case linear
  /// Position proportional to log₁₀ of the value; non-positive values are not drawn.
  case logarithmic
}

/// One axis of a chart: its label, scale and (optionally fixed) range.
///
/// Without a range the axis fits the data: padded by 4% on a linear axis,
/// widened to whole powers of ten on a logarithmic one.
///
/// ```swift
/// let theta = Axis("θ", range: 0...1)       // fixed: a probability
/// let density = Axis("density")             // fitted to the series
/// let sigma = Axis("prior σ", scale: .logarithmic)
/// ```
public struct Axis: Sendable, Equatable {
  /// The axis title ("θ", "draws n").
  public var label: String
  /// Linear or logarithmic.
  public var scale: AxisScale
  /// The range shown; `nil` fits the data (padded by 4% on linear axes).
  public var range: ClosedRange<Double>?

  /// An axis titled `label`.
  ///
  /// ```swift
  /// let probability = Axis("p", range: 0...1)
  /// let sigma = Axis("σ", scale: .logarithmic, range: 0.1...100)  // ticks 10⁻¹, 1, 10, 10²
  /// Axis().range  // nil: fitted to the data
  /// ```
  ///
  /// - Parameters:
  ///   - label: The axis title; empty for none.
  ///   - scale: Linear (the default) or logarithmic.
  ///   - range: The range shown, or `nil` to fit the data.
  public init(_ label: String = "", scale: AxisScale = .linear, range: ClosedRange<Double>? = nil) {
    self.label = label
    self.scale = scale
    self.range = range
  }

  /// The value as the axis measures it (log₁₀ on logarithmic axes; `nil` when
  /// it cannot be drawn).
  func transformed(_ value: Double) -> Double? {
    guard value.isFinite else { return nil }
    switch scale {
    case .linear: return value
    case .logarithmic: return value > 0 ? log10(value) : nil
    }
  }

  /// The transformed range to draw for data spanning `extent` (transformed).
  func resolvedRange(dataExtent extent: ClosedRange<Double>?) -> ClosedRange<Double> {
    if let range, let low = transformed(range.lowerBound), let high = transformed(range.upperBound),
      low < high
    {
      return low...high
    }
    guard let extent else { return scale == .linear ? 0...1 : 0...1 }
    if extent.lowerBound == extent.upperBound {
      let centre = extent.lowerBound
      let half = scale == .linear ? max(abs(centre) * 0.1, 0.5) : 0.5
      return (centre - half)...(centre + half)
    }
    guard scale == .linear else {
      return floor(extent.lowerBound)...ceil(extent.upperBound)
    }
    let pad = (extent.upperBound - extent.lowerBound) * 0.04
    return (extent.lowerBound - pad)...(extent.upperBound + pad)
  }

  /// Tick positions (transformed) and their labels within `range`.
  func ticks(in range: ClosedRange<Double>) -> [(position: Double, label: String)] {
    switch scale {
    case .linear:
      let step = Self.niceStep(for: range.upperBound - range.lowerBound, count: 5)
      let first = (range.lowerBound / step).rounded(.up)
      let last = (range.upperBound / step).rounded(.down)
      guard first <= last else { return [] }
      return stride(from: first, through: last, by: 1).map { index in
        let value = index * step
        return (value, Self.label(value, step: step))
      }
    case .logarithmic:
      let first = range.lowerBound.rounded(.up)
      let last = range.upperBound.rounded(.down)
      guard first <= last else { return [] }
      let every = max(1, ((last - first) / 6).rounded(.up))
      return stride(from: first, through: last, by: every).map { exponent in
        (exponent, Self.powerOfTenLabel(Int(exponent)))
      }
    }
  }

  /// A step of 1, 2 or 5 × 10ᵏ giving about `count` intervals over `span`.
  static func niceStep(for span: Double, count: Int) -> Double {
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(count)
    let magnitude = pow(10, floor(log10(raw)))
    let fraction = raw / magnitude
    let nice: Double = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10
    return nice * magnitude
  }

  /// A tick label with as many decimals as the step needs.
  static func label(_ value: Double, step: Double) -> String {
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-4) {
      return String(format: "%.3g", value)
    }
    let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
    let text = String(format: "%.\(decimals)f", value)
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
  }

  /// "10^k" written with superscript digits (10⁻³, 10⁴).
  static func powerOfTenLabel(_ exponent: Int) -> String {
    if exponent == 0 { return "1" }
    if exponent == 1 { return "10" }
    let superscripts: [Character: Character] = [
      "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
      "9": "⁹", "-": "⁻",
    ]
    return "10" + String(String(exponent).compactMap { superscripts[$0] })
  }
}
