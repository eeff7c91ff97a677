import Foundation

/// Central finite differences, for tests only: gradients of log densities
/// and Jacobians of transforms.
public enum FiniteDifferences {
  /// ∂f/∂xᵢ by a fourth-order central difference, step h·max(1, |xᵢ|).
  public static func gradient(_ f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-4)
    -> [Double]
  {
    (0..<x.count).map { i in
      let step = h * max(1, abs(x[i]))
      func at(_ offset: Double) -> Double {
        var moved = x
        moved[i] += offset * step
        return f(moved)
      }
      return (8 * (at(1) - at(-1)) - (at(2) - at(-2))) / (12 * step)
    }
  }

  /// The Jacobian ∂fⱼ/∂xᵢ of a map to `outputs` values (row j, column i).
  public static func jacobian(
    _ f: ([Double]) -> [Double], at x: [Double], outputs: Int, step h: Double = 1e-4
  ) -> [[Double]] {
    let columns = (0..<x.count).map { i -> [Double] in
      let step = h * max(1, abs(x[i]))
      func at(_ offset: Double) -> [Double] {
        var moved = x
        moved[i] += offset * step
        return f(moved)
      }
      let (p1, m1, p2, m2) = (at(1), at(-1), at(2), at(-2))
      return (0..<outputs).map { j in (8 * (p1[j] - m1[j]) - (p2[j] - m2[j])) / (12 * step) }
    }
    return (0..<outputs).map { j in columns.map { $0[j] } }
  }

  /// log |det A| of a square matrix, by Gaussian elimination with partial
  /// pivoting.
  public static func logAbsDeterminant(_ matrix: [[Double]]) -> Double {
    var a = matrix
    let n = a.count
    var total = 0.0
    for column in 0..<n {
      let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) } ?? column
      a.swapAt(column, pivot)
      let p = a[column][column]
      total += log(abs(p))
      for row in (column + 1)..<n {
        let factor = a[row][column] / p
        for k in column..<n { a[row][k] -= factor * a[column][k] }
      }
    }
    return total
  }

  /// Whether `actual` is within `tolerance`·max(1, |expected|) of `expected`.
  public static func close(_ actual: Double, _ expected: Double, _ tolerance: Double) -> Bool {
    abs(actual - expected) <= tolerance * max(1, abs(expected))
  }
}

/// SplitMix64: a seeded generator for tests' random sweeps, the same on
/// every run and platform.
///
/// ```swift
/// var generator = SplitMix64(seed: 7)
/// Int.random(in: 0..<10, using: &generator)
/// ```
public struct SplitMix64: RandomNumberGenerator {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
