import Foundation

/// Colours: a categorical cycle for series and a perceptually uniform scale
/// (viridis) for heat maps and densities.
///
/// ```swift
/// Palette.color(1)     // "#f28e2b", the second series' colour
/// Palette.viridis(0)   // "#440154", dark purple
/// Palette.viridis(1)   // "#fde725", yellow
/// ```
public enum Palette {
  /// Ten distinguishable series colours (the Tableau 10 set), used in order.
  ///
  /// ```swift
  /// Palette.categorical.count  // 10
  /// Palette.categorical[0]     // "#4e79a7", the first series' colour
  /// ```
  public static let categorical = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
  ]

  /// The series colour for index `i` (cycling).
  ///
  /// What a ``Series`` without a colour gets at position `i` of a chart; use
  /// it to match another drawing's colours to a chart's.
  ///
  /// ```swift
  /// Palette.color(0)   // "#4e79a7"
  /// Palette.color(10)  // "#4e79a7" again: ten colours cycle
  /// Palette.color(-1)  // "#bab0ac", the last
  /// ```
  ///
  /// - Parameter i: Any index; it is taken modulo 10.
  /// - Returns: A "#rrggbb" colour of ``categorical``.
  public static func color(_ i: Int) -> String {
    categorical[((i % categorical.count) + categorical.count) % categorical.count]
  }

  /// Viridis anchors at 0, 1/8, …, 1.
  static let viridis: [(Double, Double, Double)] = [
    (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141), (39, 173, 129),
    (92, 200, 99), (170, 220, 50), (253, 231, 37),
  ]

  /// The viridis colour at `t` in [0, 1] (clamped), as "#rrggbb".
  ///
  /// Interpolated linearly between nine anchors of the viridis map.
  ///
  /// ```swift
  /// Palette.viridis(0.5)   // "#21908d", teal
  /// Palette.viridis(2)     // "#fde725", clamped to 1
  /// Palette.viridis(.nan)  // "#440154", as 0
  /// ```
  ///
  /// - Parameter t: The position on the scale; values outside [0, 1] are
  ///   clamped and NaN is taken as 0.
  /// - Returns: A "#rrggbb" colour.
  public static func viridis(_ t: Double) -> String {
    let clamped = t.isFinite ? min(max(t, 0), 1) : 0
    let position = clamped * Double(viridis.count - 1)
    let index = min(Int(position), viridis.count - 2)
    let fraction = position - Double(index)
    let (r0, g0, b0) = viridis[index]
    let (r1, g1, b1) = viridis[index + 1]
    func channel(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * fraction).rounded()) }
    return String(
      format: "#%02x%02x%02x", channel(r0, r1), channel(g0, g1), channel(b0, b1))
  }
}
