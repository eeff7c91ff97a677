import Foundation
import ProbKitMCMC
import TestSupport
import Testing

/// Constrained parameters: round trips, log-Jacobians against finite
/// differences and closed forms, densities that still integrate to 1 on the
/// unconstrained scale, gradients, and hostile input.
@Suite struct ParameterTransformTests {
  static func allKinds() throws -> ParameterTransform {
    try ParameterTransform([
      .init("mu"),
      .init("sigma", count: 2, .positive),
      .init("rho", .interval(lower: -1, upper: 3)),
      .init("weights", count: 4, .simplex),
    ])
  }

  /// Fixed unconstrained points, including large ones.
  static let points: [[Double]] = [
    [0, 0, 0, 0, 0, 0, 0],
    [0.3, -1.2, 2.5, 0.7, -0.4, 1.1, -2.0],
    [-4, 6, -8, -9, 5, -6, 7],
    [12, -15, 20, 30, -25, 18, -14],
  ]

  @Test func layoutAndNames() throws {
    let transform = try Self.allKinds()
    #expect(transform.unconstrainedDimension == 7)
    #expect(transform.constrainedDimension == 8)
    #expect(
      transform.constrainedNames == [
        "mu", "sigma[0]", "sigma[1]", "rho", "weights[0]", "weights[1]", "weights[2]",
        "weights[3]",
      ])
  }

  @Test func zeroMapsToTheCentre() throws {
    let x = try Self.allKinds().constrain([0, 0, 0, 0, 0, 0, 0])
    #expect(x[0] == 0 && x[1] == 1 && x[2] == 1 && x[3] == 1)
    for k in 4..<8 { #expect(abs(x[k] - 0.25) <= 1e-15) }
  }

  @Test(arguments: points)
  func roundTrips(_ u: [Double]) throws {
    let transform = try Self.allKinds()
    let x = try transform.constrain(u)
    let back = try transform.unconstrain(x)
    for i in 0..<u.count {
      // Far out, x keeps its digits but b − x does not: at u = 30,
      // b − x = 4σ(−30) ≈ 4e-13 carries only 3.
      let tolerance = i == 3 && abs(u[i]) > 10 ? 1e-3 : 1e-12
      #expect(FiniteDifferences.close(back[i], u[i], tolerance), "u[\(i)]: \(back[i]) vs \(u[i])")
    }
    let again = try transform.constrain(back)
    for i in 0..<x.count { #expect(FiniteDifferences.close(again[i], x[i], 1e-12)) }
  }

  @Test(arguments: points)
  func theSimplexSumsToOne(_ u: [Double]) throws {
    let x = try Self.allKinds().constrain(u)
    let simplex = Array(x[4..<8])
    #expect(simplex.allSatisfy { $0 >= 0 })
    #expect(abs(simplex.reduce(0, +) - 1) <= 4e-16)
  }

  @Test(arguments: points.prefix(3))
  func logJacobianMatchesAFiniteDifferenceDeterminant(_ u: [Double]) throws {
    let transform = try Self.allKinds()
    // The map to the constrained values but the simplex's last, which the
    // others determine: square, 7 × 7.
    let jacobian = FiniteDifferences.jacobian(
      { (try? transform.constrain($0)).map { Array($0.prefix(7)) } ?? [] }, at: u, outputs: 7,
      step: 1e-3)
    let expected = FiniteDifferences.logAbsDeterminant(jacobian)
    let actual = try transform.logAbsDeterminantJacobian(u)
    #expect(FiniteDifferences.close(actual, expected, 1e-8), "\(actual) vs \(expected)")
  }

  @Test func logJacobianClosedForms() throws {
    let positive = try ParameterTransform([.init("s", .positive)])
    let interval = try ParameterTransform([.init("p", .interval(lower: 2, upper: 7))])
    let simplex = try ParameterTransform([.init("w", count: 2, .simplex)])
    for u in [-30.0, -2.5, 0, 0.75, 4, 30] {
      #expect(try positive.logAbsDeterminantJacobian([u]) == u)
      // log 5 + log σ(u) + log(1 − σ(u)); at K = 2 the simplex is σ(u).
      // σ(u)(1 − σ(u)) = e^{−|u|}/(1 + e^{−|u|})², written so for |u| = 30.
      let logitJacobian = -abs(u) - 2 * log1p(exp(-abs(u)))
      #expect(
        FiniteDifferences.close(
          try interval.logAbsDeterminantJacobian([u]), log(5) + logitJacobian, 1e-12))
      #expect(
        FiniteDifferences.close(try simplex.logAbsDeterminantJacobian([u]), logitJacobian, 1e-12))
    }
  }

  /// ∫ exp(f(u)) du over [lower, upper] by the trapezoid rule on `n` intervals.
  static func integrate(_ f: (Double) -> Double, _ lower: Double, _ upper: Double, _ n: Int)
    -> Double
  {
    let h = (upper - lower) / Double(n)
    var total = 0.5 * (exp(f(lower)) + exp(f(upper)))
    for i in 1..<n { total += exp(f(lower + Double(i) * h)) }
    return total * h
  }

  @Test func densitiesStillIntegrateToOne() throws {
    // Gamma(shape 3, rate 2) on (0, ∞); Beta(2, 5) scaled onto (−1, 3);
    // Beta(2, 3) as a 2-simplex; each a normalised density of x.
    let gamma = try LogDensityFunction(dimension: 1) { x, gradient in
      gradient[0] = 2 / x[0] - 2
      return 3 * log(2.0) - log(2.0) + 2 * log(x[0]) - 2 * x[0]
    }
    let scaledBeta = try LogDensityFunction(dimension: 1) { x, gradient in
      let t = (x[0] + 1) / 4
      gradient[0] = (1 / t - 4 / (1 - t)) / 4
      return log(30.0) + log(t) + 4 * log1p(-t) - log(4.0)
    }
    let beta = try LogDensityFunction(dimension: 2) { x, gradient in
      gradient[0] = 1 / x[0]
      gradient[1] = 2 / x[1]
      return log(12.0) + log(x[0]) + 2 * log(x[1])
    }
    let interval = try ParameterConstraint.interval(lower: -1, upper: 3)
    let cases: [(any LogDensity, ParameterConstraint, Int)] = [
      (gamma, .positive, 1),
      (scaledBeta, interval, 1),
      (beta, .simplex, 2),
    ]
    for (base, constraint, count) in cases {
      let transform = try ParameterTransform([.init("x", count: count, constraint)])
      let density = try TransformedLogDensity(AnyDensity(base), transform: transform)
      let mass = Self.integrate({ density.logDensity([$0]) }, -40, 40, 40_000)
      #expect(abs(mass - 1) <= 1e-8, "\(constraint): \(mass)")
    }
  }

  @Test func aDirichletOnTheThreeSimplexIntegratesToOne() throws {
    // Dirichlet(2, 3, 4): Γ(9)/(Γ(2)Γ(3)Γ(4)) x₀ x₁² x₂³ = 3360 x₀ x₁² x₂³.
    let dirichlet = try LogDensityFunction(dimension: 3) { x, gradient in
      gradient[0] = 1 / x[0]
      gradient[1] = 2 / x[1]
      gradient[2] = 3 / x[2]
      return log(3360.0) + log(x[0]) + 2 * log(x[1]) + 3 * log(x[2])
    }
    let transform = try ParameterTransform([.init("w", count: 3, .simplex)])
    let density = try TransformedLogDensity(dirichlet, transform: transform)
    let n = 600
    let (lower, upper) = (-30.0, 30.0)
    let h = (upper - lower) / Double(n)
    var mass = 0.0
    for i in 0...n {
      for j in 0...n {
        let weight = (i == 0 || i == n ? 0.5 : 1) * (j == 0 || j == n ? 0.5 : 1)
        mass += weight * exp(density.logDensity([lower + Double(i) * h, lower + Double(j) * h]))
      }
    }
    mass *= h * h
    #expect(abs(mass - 1) <= 1e-6, "\(mass)")
  }

  /// A normalised density over all four kinds with a hand gradient: Normal
  /// on mu, Gamma(2, 1) on each sigma, the scaled Beta(2, 2) on rho, and
  /// Dirichlet(1.5, 2, 2.5, 3) on the weights.
  static func joint() throws -> LogDensityFunction {
    let alphas = [1.5, 2, 2.5, 3]
    return try LogDensityFunction(dimension: 8) { x, g in
      var total = -0.5 * x[0] * x[0]
      g[0] = -x[0]
      for i in 1...2 {
        total += log(x[i]) - x[i]
        g[i] = 1 / x[i] - 1
      }
      let t = (x[3] + 1) / 4
      total += log(t) + log1p(-t)
      g[3] = (1 / t - 1 / (1 - t)) / 4
      for k in 0..<4 {
        total += (alphas[k] - 1) * log(x[4 + k])
        g[4 + k] = (alphas[k] - 1) / x[4 + k]
      }
      return total
    }
  }

  @Test(arguments: points.prefix(3))
  func gradientsMatchFiniteDifferences(_ u: [Double]) throws {
    let density = try TransformedLogDensity(Self.joint(), transform: Self.allKinds())
    let (value, gradient) = density.logDensityAndGradient(u)
    #expect(FiniteDifferences.close(value, density.logDensity(u), 1e-14))
    let numeric = FiniteDifferences.gradient(density.logDensity, at: u, step: 1e-3)
    for i in 0..<u.count {
      #expect(
        FiniteDifferences.close(gradient[i], numeric[i], 1e-7),
        "∂/∂u[\(i)]: \(gradient[i]) vs \(numeric[i])")
    }
  }

  @Test func gradientsOfTheLogJacobianAloneStayFiniteFarOut() throws {
    // A flat base: the value is log|J| and the gradient ∇ log|J|.
    let flat = try LogDensityFunction(dimension: 8) { _, g in
      g.update(repeating: 0)
      return 0
    }
    let transform = try Self.allKinds()
    let density = try TransformedLogDensity(flat, transform: transform)
    for scale in [1.0, 50, 800, -800] {
      let u = (0..<7).map { Double($0 % 3 - 1) * scale + 0.1 }
      let (value, gradient) = density.logDensityAndGradient(u)
      #expect(value.isFinite && gradient.allSatisfy(\.isFinite), "\(scale): \(value) \(gradient)")
      #expect(FiniteDifferences.close(value, try transform.logAbsDeterminantJacobian(u), 1e-14))
      if abs(scale) <= 50 {
        let numeric = FiniteDifferences.gradient(density.logDensity, at: u, step: 1e-3)
        for i in 0..<7 { #expect(FiniteDifferences.close(gradient[i], numeric[i], 1e-7)) }
      }
    }
  }

  @Test func autodiffModelsComposeWithTransforms() throws {
    // Exponential(rate 2) on a positive σ, written for autodiff.
    let prior = try DifferentiableLogDensity(dimension: 1) { x in -2 * x[0] }
    let density = try TransformedLogDensity(
      prior, transform: ParameterTransform([.init("sigma", .positive)]))
    for u in [-1.0, 0, 0.5] {
      // log p(u) = −2eᵘ + u, so d/du = −2eᵘ + 1.
      let (value, gradient) = density.logDensityAndGradient([u])
      #expect(FiniteDifferences.close(value, -2 * exp(u) + u, 1e-15))
      #expect(FiniteDifferences.close(gradient[0], -2 * exp(u) + 1, 1e-15))
    }
  }

  @Test func aTenSimplexAndAVectorOfIntervals() throws {
    // Longer sticks and several values per interval, at a fixed irregular
    // point: log-Jacobian against the finite-difference determinant, the
    // gradient of a Dirichlet(1, 2, …, 10) against finite differences.
    let transform = try ParameterTransform([
      .init("p", count: 3, .interval(lower: 0.5, upper: 2)),
      .init("w", count: 10, .simplex),
    ])
    let u = (0..<12).map { sin(Double($0) * 1.7) * 3 }
    let jacobian = FiniteDifferences.jacobian(
      { (try? transform.constrain($0)).map { Array($0.prefix(12)) } ?? [] }, at: u, outputs: 12,
      step: 1e-3)
    let expected = FiniteDifferences.logAbsDeterminant(jacobian)
    #expect(FiniteDifferences.close(try transform.logAbsDeterminantJacobian(u), expected, 1e-8))
    let dirichlet = try LogDensityFunction(dimension: 13) { x, g in
      var total = 0.0
      for i in 0..<3 { g[i] = 0 }
      for k in 0..<10 {
        total += Double(k) * log(x[3 + k])
        g[3 + k] = Double(k) / x[3 + k]
      }
      return total
    }
    let density = try TransformedLogDensity(dirichlet, transform: transform)
    let (_, gradient) = density.logDensityAndGradient(u)
    let numeric = FiniteDifferences.gradient(density.logDensity, at: u, step: 1e-3)
    for i in 0..<12 {
      #expect(
        FiniteDifferences.close(gradient[i], numeric[i], 1e-7),
        "∂/∂u[\(i)]: \(gradient[i]) vs \(numeric[i])")
    }
    let x = try transform.constrain(u)
    #expect(abs(x[3...].reduce(0, +) - 1) <= 1e-15)
    let back = try transform.unconstrain(x)
    for i in 0..<12 { #expect(FiniteDifferences.close(back[i], u[i], 1e-12)) }
  }

  // MARK: - Hostile input

  static let badBounds: [(Double, Double)] = [
    (1, 1), (2, 1), (.nan, 1), (0, .nan), (0, .infinity), (-.infinity, 0), (-1e308, 1e308),
  ]

  @Test(arguments: badBounds)
  func invalidBoundsAreTypedErrors(_ lower: Double, _ upper: Double) {
    let error = #expect(throws: ParameterTransformError.self) {
      try ParameterConstraint.interval(lower: lower, upper: upper)
    }
    guard case .invalidBounds = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
  }

  @Test func invalidLayoutsAreTypedErrors() {
    #expect(throws: ParameterTransformError.noParameters) { try ParameterTransform([]) }
    #expect(throws: ParameterTransformError.invalidCount(parameter: "v", count: 0)) {
      try ParameterTransform([.init("v", count: 0)])
    }
    #expect(throws: ParameterTransformError.invalidCount(parameter: "w", count: 1)) {
      try ParameterTransform([.init("w", count: 1, .simplex)])
    }
    #expect(throws: ParameterTransformError.duplicateName("a")) {
      try ParameterTransform([.init("a"), .init("b", .positive), .init("a")])
    }
  }

  @Test func badUnconstrainedValuesAreTypedErrors() throws {
    let transform = try Self.allKinds()
    #expect(throws: ParameterTransformError.dimensionMismatch(expected: 7, count: 6)) {
      try transform.constrain([0, 0, 0, 0, 0, 0])
    }
    #expect(throws: ParameterTransformError.dimensionMismatch(expected: 7, count: 8)) {
      try transform.logAbsDeterminantJacobian([0, 0, 0, 0, 0, 0, 0, 0])
    }
    for bad in [Double.nan, .infinity, -.infinity] {
      let error = #expect(throws: ParameterTransformError.self) {
        try transform.constrain([0, 0, 0, 0, bad, 0, 0])
      }
      guard case .nonFiniteValue(let index, _) = error else {
        Issue.record("got \(String(describing: error))")
        continue
      }
      #expect(index == 4)
    }
  }

  @Test func constrainedValuesOutsideTheSupportAreTypedErrors() throws {
    let transform = try Self.allKinds()
    let good = [0.5, 1, 2, 0, 0.1, 0.2, 0.3, 0.4]
    _ = try transform.unconstrain(good)
    #expect(throws: ParameterTransformError.dimensionMismatch(expected: 8, count: 7)) {
      try transform.unconstrain(Array(good.prefix(7)))
    }
    let outside: [(index: Int, value: Double)] = [
      (0, .nan), (0, .infinity), (1, 0), (2, -1), (1, .infinity), (3, -1), (3, 3), (3, 5),
      (3, .nan), (4, 0), (5, -0.1), (6, .nan),
    ]
    for (index, value) in outside {
      var values = good
      values[index] = value
      let error = #expect(throws: ParameterTransformError.self) {
        try transform.unconstrain(values)
      }
      guard case .outsideSupport(_, let reported, _) = error else {
        Issue.record("\(index) = \(value): got \(String(describing: error))")
        continue
      }
      #expect(reported == index)
    }
    var unnormalised = good
    unnormalised[7] = 0.5
    let error = #expect(throws: ParameterTransformError.self) {
      try transform.unconstrain(unnormalised)
    }
    guard case .notASimplex(let name, let sum) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(name == "weights" && abs(sum - 1.1) <= 1e-15)
  }

  @Test func aBaseOfTheWrongDimensionIsATypedError() throws {
    let base = try LogDensityFunction(dimension: 7) { _, _ in 0 }
    #expect(throws: ParameterTransformError.dimensionMismatch(expected: 8, count: 7)) {
      try TransformedLogDensity(base, transform: Self.allKinds())
    }
  }

  @Test func hostilePointsAreMinusInfinityNeverNaN() throws {
    let density = try TransformedLogDensity(Self.joint(), transform: Self.allKinds())
    let hostile: [[Double]] = [
      [.nan, 0, 0, 0, 0, 0, 0], [0, .infinity, 0, 0, 0, 0, 0], [0, 0, 0, -.infinity, 0, 0, 0],
      [0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0],
      // σ = e⁸⁰⁰ overflows to +∞ and a simplex entry underflows to 0: the
      // joint density answers NaN or -∞ there.
      [0, 800, 0, 0, 0, 0, 0], [0, 0, 0, 0, -800, 0, 0],
    ]
    for u in hostile {
      #expect(density.logDensity(u) == -.infinity, "\(u)")
      let (value, gradient) = density.logDensityAndGradient(u)
      #expect(value == -.infinity && gradient.allSatisfy { $0 == 0 }, "\(u)")
    }
  }
}

/// A type-erased log density, for tables of densities in tests.
struct AnyDensity: LogDensity {
  let wrapped: any LogDensity
  init(_ wrapped: any LogDensity) { self.wrapped = wrapped }
  var dimension: Int { wrapped.dimension }
  func logDensity(_ x: [Double]) -> Double { wrapped.logDensity(x) }
  func logDensityAndGradient(
    _ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double { wrapped.logDensityAndGradient(x, gradient: gradient) }
}
