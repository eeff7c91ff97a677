import Foundation
import ProbKitCore

/// Stan's windowed warmup schedule: a fast initial buffer (step size only),
/// slow windows that double in length and each end with a new metric
/// estimated from their draws, and a fast terminal buffer.
///
/// With the defaults (75/25/50) and 1000 warmup iterations the windows end
/// at iterations 99, 149, 249, 449 and 949 (0-based). Warmups too short for
/// the three stages use 15% / 75% / 10% of them, as Stan does.
struct AdaptationSchedule: Sendable, Equatable {
  let warmup: Int
  let initialBuffer: Int
  let terminalBuffer: Int
  let baseWindow: Int

  init(warmup: Int, initialBuffer: Int = 75, terminalBuffer: Int = 50, baseWindow: Int = 25) {
    self.warmup = warmup
    if initialBuffer + baseWindow + terminalBuffer > warmup {
      let initial = Int(0.15 * Double(warmup))
      let terminal = Int(0.1 * Double(warmup))
      self.initialBuffer = initial
      self.terminalBuffer = terminal
      self.baseWindow = warmup - (initial + terminal)
    } else {
      self.initialBuffer = initialBuffer
      self.terminalBuffer = terminalBuffer
      self.baseWindow = baseWindow
    }
  }

  /// The 0-based warmup iterations at which a slow window ends and the
  /// metric is re-estimated; empty when warmup is under 20 iterations (Stan
  /// adapts only the step size then).
  var windowEnds: [Int] {
    guard warmup >= 20, baseWindow > 0 else { return [] }
    let last = warmup - terminalBuffer - 1
    var ends: [Int] = []
    var size = baseWindow
    var end = initialBuffer + baseWindow - 1
    while end <= last {
      ends.append(end)
      if end == last { break }
      size *= 2
      var next = end + size
      // A window that would leave less than twice its size before the
      // terminal buffer is stretched to the buffer instead.
      if next + 2 * size > last { next = last }
      end = next
    }
    return ends
  }

  /// Whether warmup iteration `i` (0-based) feeds the metric estimate.
  func collects(_ i: Int) -> Bool {
    warmup >= 20 && i >= initialBuffer && i < warmup - terminalBuffer
  }
}

/// Running mean and (co)variance of the draws of one slow window, by
/// Welford's updates, and the regularised estimate Stan turns them into:
/// Σ̂ₙ = n/(n + 5) Σ + 10⁻³ · 5/(n + 5) I.
struct MetricEstimator {
  let kind: MetricKind
  let dimension: Int
  private var count = 0
  private var mean: [Double]
  /// Σ(x − x̄)² per coordinate, or the full co-moment matrix (dense).
  private var moments: [Double]

  init(kind: MetricKind, dimension: Int) {
    self.kind = kind
    self.dimension = dimension
    mean = [Double](repeating: 0, count: dimension)
    moments = [Double](repeating: 0, count: kind == .dense ? dimension * dimension : dimension)
  }

  mutating func add(_ x: UnsafePointer<Double>) {
    count += 1
    let n = dimension
    let weight = 1 / Double(count)
    if kind == .dense {
      var delta = [Double](repeating: 0, count: n)
      for i in 0..<n {
        delta[i] = x[i] - mean[i]
        mean[i] += delta[i] * weight
      }
      for i in 0..<n {
        let after = x[i] - mean[i]
        for j in 0..<n { moments[i * n + j] += after * delta[j] }
      }
    } else {
      for i in 0..<n {
        let delta = x[i] - mean[i]
        mean[i] += delta * weight
        moments[i] += delta * (x[i] - mean[i])
      }
    }
  }

  /// Writes the regularised estimate into `metric` and restarts; keeps the
  /// metric when the window had fewer than 3 draws or the estimate is not
  /// finite and positive definite.
  mutating func update(_ metric: inout Metric) {
    defer { self = MetricEstimator(kind: kind, dimension: dimension) }
    guard count >= 3 else { return }
    let n = Double(count)
    let shrink = n / (n + 5)
    let ridge = 1e-3 * 5 / (n + 5)
    if kind == .dense {
      var covariance = Matrix(rows: dimension, columns: dimension)
      for i in 0..<dimension {
        for j in 0..<dimension {
          let symmetric = 0.5 * (moments[i * dimension + j] + moments[j * dimension + i])
          covariance[i, j] = shrink * symmetric / (n - 1) + (i == j ? ridge : 0)
        }
      }
      guard covariance.values.allSatisfy(\.isFinite) else { return }
      _ = metric.setInverse(dense: covariance)
    } else {
      let variances = moments.map { shrink * $0 / (n - 1) + ridge }
      guard variances.allSatisfy({ $0.isFinite && $0 > 0 }) else { return }
      metric.setInverse(diagonal: variances)
    }
  }
}
