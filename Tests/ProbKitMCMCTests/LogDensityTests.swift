import Foundation
import ProbKitMCMC
import TestSupport
import Testing
import _Differentiation

/// The log-density adapters: values and gradients against closed forms and
/// finite differences, and the conventions for bad input.
@Suite struct LogDensityTests {
  /// log N(x | 1, 2²) + log N(y | −1, 0.5²) up to a constant, and its
  /// gradient, written out.
  static func normalPair(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    let a = (x[0] - 1) / 2
    let b = (x[1] + 1) / 0.5
    return (-0.5 * (a * a + b * b), [-a / 2, -b / 0.5])
  }

  static func handWritten() throws -> LogDensityFunction {
    try LogDensityFunction(dimension: 2) { x, gradient in
      let a = (x[0] - 1) / 2
      let b = (x[1] + 1) / 0.5
      gradient[0] = -a / 2
      gradient[1] = -b / 0.5
      return -0.5 * (a * a + b * b)
    }
  }

  @Test func handGradientIsPassedThrough() throws {
    let handWritten = try Self.handWritten()
    for point in [[0.0, 0.0], [1.5, -2.25], [-3, 4]] {
      let (value, gradient) = handWritten.logDensityAndGradient(point)
      let expected = Self.normalPair(point)
      #expect(value == expected.value)
      #expect(gradient == expected.gradient)
      #expect(handWritten.logDensity(point) == expected.value)
    }
  }

  @Test func autodiffGradientMatchesTheClosedForm() throws {
    let model = try DifferentiableLogDensity(dimension: 2) { x in
      let a = (x[0] - 1) / 2
      let b = (x[1] + 1) / 0.5
      return -0.5 * (a * a + b * b)
    }
    for point in [[0.0, 0.0], [1.5, -2.25], [-3, 4]] {
      let (value, gradient) = model.logDensityAndGradient(point)
      let expected = Self.normalPair(point)
      #expect(FiniteDifferences.close(value, expected.value, 1e-15))
      for i in 0..<2 { #expect(FiniteDifferences.close(gradient[i], expected.gradient[i], 1e-15)) }
    }
  }

  @Test func autodiffThroughALoopMatchesFiniteDifferences() throws {
    // Normal likelihood with mean θ₀ and log-scale θ₁.
    let data = [1.2, 0.7, 2.1, -0.4, 1.9]
    let model = try DifferentiableLogDensity(dimension: 2) { theta in
      var total = -Double(data.count) * theta[1]
      for i in withoutDerivative(at: data.indices) {
        let z = (data[i] - theta[0]) / exp(theta[1])
        total -= 0.5 * z * z
      }
      return total
    }
    let point = [0.8, -0.3]
    let numeric = FiniteDifferences.gradient(model.logDensity, at: point)
    let (_, gradient) = model.logDensityAndGradient(point)
    for i in 0..<2 { #expect(FiniteDifferences.close(gradient[i], numeric[i], 1e-8)) }
  }

  @Test func aConstantFunctionHasAZeroGradient() throws {
    let flat = try DifferentiableLogDensity(dimension: 3) { _ in 1.5 }
    let (value, gradient) = flat.logDensityAndGradient([1, 2, 3])
    #expect(value == 1.5 && gradient == [0, 0, 0])
  }

  @Test func dimensionsBelowOneAreTypedErrors() {
    #expect(throws: LogDensityError.invalidDimension(0)) {
      try LogDensityFunction(dimension: 0) { _, _ in 0 }
    }
    #expect(throws: LogDensityError.invalidDimension(-1)) {
      try DifferentiableLogDensity(dimension: -1) { _ in 0 }
    }
  }

  @Test func wrongCountsAreMinusInfinityWithAZeroGradient() throws {
    let autodiff = try DifferentiableLogDensity(dimension: 2) { x in x[0] + x[1] }
    let densities: [any LogDensity] = [try Self.handWritten(), autodiff]
    for density in densities {
      #expect(density.logDensity([1]) == -.infinity)
      #expect(density.logDensity([1, 2, 3]) == -.infinity)
      let (value, gradient) = density.logDensityAndGradient([1, 2, 3])
      #expect(value == -.infinity && gradient == [0, 0, 0])
      // A gradient buffer of the wrong count.
      var short = [7.0]
      let shortValue = [1.0, 2.0].withUnsafeBufferPointer { x in
        short.withUnsafeMutableBufferPointer { density.logDensityAndGradient(x, gradient: $0) }
      }
      #expect(shortValue == -.infinity && short == [0])
    }
  }

  @Test func nanFromTheModelIsMinusInfinity() throws {
    let hand = try LogDensityFunction(dimension: 1) { x, gradient in
      gradient[0] = .nan
      return log(x[0])
    }
    let autodiff = try DifferentiableLogDensity(dimension: 1) { x in log(x[0]) }
    let densities: [any LogDensity] = [hand, autodiff]
    for density in densities {
      #expect(density.logDensity([-1]) == -.infinity)
      let (value, gradient) = density.logDensityAndGradient([-1])
      #expect(value == -.infinity && gradient == [0])
      #expect(density.logDensity([.nan]) == -.infinity)
    }
  }
}
