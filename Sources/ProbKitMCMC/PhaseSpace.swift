import Foundation

/// One point of phase space in a chain's workspace: position q, momentum p,
/// the gradient g = ∇ log p(q) and the log density, laid out as
/// [q | p | g | log p] in 3n + 1 doubles the workspace owns.
struct PhasePoint {
  let base: UnsafeMutablePointer<Double>
  let dimension: Int

  static func size(dimension n: Int) -> Int { 3 * n + 1 }

  var position: UnsafeMutablePointer<Double> { base }
  var momentum: UnsafeMutablePointer<Double> { base + dimension }
  var gradient: UnsafeMutablePointer<Double> { base + 2 * dimension }
  var logDensity: Double {
    get { base[3 * dimension] }
    nonmutating set { base[3 * dimension] = newValue }
  }

  /// Copies every field of `other` into this point.
  func assign(_ other: PhasePoint) {
    base.update(from: other.base, count: Self.size(dimension: dimension))
  }
}

/// The buffers of one chain, allocated once: no leapfrog step or tree
/// allocates.
final class PhaseSpaceWorkspace {
  private let storage: UnsafeMutablePointer<Double>
  private var used = 0
  let dimension: Int

  init(dimension: Int, points: Int, vectors: Int) {
    self.dimension = dimension
    let count = points * PhasePoint.size(dimension: dimension) + vectors * dimension
    storage = .allocate(capacity: count)
    storage.initialize(repeating: 0, count: count)
  }

  deinit { storage.deallocate() }

  /// The next unused point.
  func point() -> PhasePoint {
    let base = storage + used
    used += PhasePoint.size(dimension: dimension)
    return PhasePoint(base: base, dimension: dimension)
  }

  /// The next unused vector of `dimension` doubles.
  func vector() -> UnsafeMutablePointer<Double> {
    let base = storage + used
    used += dimension
    return base
  }
}
