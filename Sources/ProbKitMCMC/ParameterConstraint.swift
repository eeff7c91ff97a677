import Foundation

/// The support of a parameter, and the map from unconstrained reals onto it
/// that a sampler works through, as Stan's reference manual ("Constraint
/// transforms") defines them.
///
/// | Constraint | Constrained x | From unconstrained u | log abs det Jacobian |
/// |---|---|---|---|
/// | ``real`` | ℝ | x = u | 0 |
/// | ``positive`` | (0, ∞) | x = exp(u) | u |
/// | ``interval(lower:upper:)`` | (a, b) | x = a + (b − a) σ(u) | log(b − a) + log σ(u) + log(1 − σ(u)) |
/// | ``simplex`` | K-simplex | stick-breaking, K − 1 values of u | see below |
///
/// σ is the logistic function. The simplex's stick-breaking: for
/// k = 1, …, K − 1, zₖ = σ(uₖ − log(K − k)) and xₖ = (1 − Σⱼ₍ⱼ<ₖ₎ xⱼ) zₖ;
/// x_K = 1 − Σₖ₍ₖ<K₎ xₖ. Its log-Jacobian is
/// Σₖ [log zₖ + log(1 − zₖ) + log(1 − Σⱼ₍ⱼ<ₖ₎ xⱼ)]; u = 0 maps to the centre
/// (1/K, …, 1/K).
public struct ParameterConstraint: Sendable, Hashable, CustomStringConvertible {
  enum Kind: Hashable {
    case real
    case positive
    case interval(lower: Double, upper: Double)
    case simplex
  }

  let kind: Kind

  /// Any real value: the identity.
  public static let real = ParameterConstraint(kind: .real)
  /// A value in (0, ∞), through x = exp(u).
  public static let positive = ParameterConstraint(kind: .positive)
  /// A probability vector (K ≥ 1 values, positive, summing to 1) through
  /// Stan's stick-breaking; K − 1 unconstrained values.
  public static let simplex = ParameterConstraint(kind: .simplex)

  /// A value in the open interval (lower, upper), through the scaled
  /// logistic function.
  ///
  /// - Throws: ``ParameterTransformError/invalidBounds(lower:upper:)`` when a
  ///   bound is NaN or ±∞, when lower ≥ upper, or when upper − lower
  ///   overflows.
  public static func interval(lower: Double, upper: Double) throws(ParameterTransformError)
    -> ParameterConstraint
  {
    guard lower.isFinite, upper.isFinite, lower < upper, (upper - lower).isFinite else {
      throw .invalidBounds(lower: lower, upper: upper)
    }
    return ParameterConstraint(kind: .interval(lower: lower, upper: upper))
  }

  /// The number of unconstrained values for `count` constrained ones.
  func unconstrainedCount(_ count: Int) -> Int {
    kind == .simplex ? count - 1 : count
  }

  public var description: String {
    switch kind {
    case .real: return "real"
    case .positive: return "positive"
    case .interval(let lower, let upper): return "interval(lower: \(lower), upper: \(upper))"
    case .simplex: return "simplex"
    }
  }
}

/// Stable pieces of the logistic function.
enum Logistic {
  /// log(1 + eᵘ) without overflow or loss for large |u|.
  @inline(__always)
  static func softplus(_ u: Double) -> Double {
    u > 0 ? u + log1p(exp(-u)) : log1p(exp(u))
  }

  /// σ(u) = 1/(1 + e⁻ᵘ).
  @inline(__always)
  static func sigmoid(_ u: Double) -> Double {
    u >= 0 ? 1 / (1 + exp(-u)) : exp(u) / (1 + exp(u))
  }

  /// log(p/(1 − p)).
  @inline(__always)
  static func logit(_ p: Double) -> Double { log(p) - log1p(-p) }
}
