import Foundation
import TestSupport
import Testing

@testable import ProbKitCore

/// The documented failure policy, seen from the public API.
struct SpecialFunctionPolicyTests {
  /// A domain error as the very first GSL-backed call of a fresh process comes
  /// back as the documented value, and the process survives (GSL's default
  /// handler would abort it).
  @Test func poleAsFirstCallOfAProcessReturnsInfinityAndTheProcessSurvives() async {
    await #expect(processExitsWith: .success) {
      let values = [
        SpecialFunctions.logGamma(0), SpecialFunctions.logGamma(-1), SpecialFunctions.gamma(-0.0),
      ]
      exit(values == [.infinity, .infinity, -.infinity] ? 0 : 1)
    }
  }

  @Test func gslsSilentWrongAnswersAreNotPassedOn() {
    // gsl_sf_lngamma(-1) returns 0 and gsl_sf_beta(1e-200, 1e-200) returns ∞
    // with a success status once the abort handler is off.
    #expect(SpecialFunctions.logGamma(-1) == .infinity)
    expectClose(SpecialFunctions.beta(1e-200, 1e-200), 2e200, relative: 1e-15)
    // gsl_sf_gamma_e reports overflow above 171 although Γ(171.5) is finite.
    #expect(SpecialFunctions.gamma(171.5).isFinite)
  }

  @Test func outsideTheDomainIsNaNNeverATrap() {
    #expect(SpecialFunctions.gamma(-2).isNaN)
    #expect(SpecialFunctions.logBeta(-1, 2).isNaN)
    #expect(SpecialFunctions.polygamma(3, -0.5).isNaN)
    #expect(SpecialFunctions.polygamma(-1, 1).isNaN)
    #expect(SpecialFunctions.polygamma(1001, 1).isNaN)
    #expect(SpecialFunctions.logFactorial(-1).isNaN)
    #expect(SpecialFunctions.logit(1.5).isNaN)
    #expect(SpecialFunctions.logMultivariateBeta([]).isNaN)
  }

  @Test func bufferVariantsEqualArrayVariants() {
    let logits: [Double] = [3, -1e300, 0.5, -.infinity, 2]
    var buffer = logits
    buffer.withUnsafeMutableBufferPointer { SpecialFunctions.softmaxInPlace($0) }
    #expect(buffer == SpecialFunctions.softmax(logits))
    buffer = logits
    buffer.withUnsafeMutableBufferPointer { SpecialFunctions.logSoftmaxInPlace($0) }
    #expect(buffer == SpecialFunctions.logSoftmax(logits))
    #expect(
      logits.withUnsafeBufferPointer(SpecialFunctions.logSumExp)
        == SpecialFunctions.logSumExp(logits))
  }

  @Test func softmaxOfAnyLogitsSumsToOne() {
    let source = RandomSource(seed: 3)
    for scale in [1.0, 1e3, 1e100, 1e300] {
      let logits = (0..<50).map { _ in scale * (2 * source.nextUniform() - 1) }
      let probabilities = SpecialFunctions.softmax(logits)
      #expect(probabilities.allSatisfy { $0 >= 0 && $0 <= 1 })
      expectClose(probabilities.reduce(0, +), 1, absolute: 1e-14)
    }
  }

  /// Every pair and triple from a grid of extreme logits (±max, ±1e308,
  /// subnormals, ±0, ±∞): softmax is never NaN unless every entry is -∞ and
  /// sums to 1; log-softmax is ≤ 0 and never NaN; logSumExp is never NaN.
  @Test func extremeLogitsNeverGiveNaN() {
    let grid: [Double] = [
      -.greatestFiniteMagnitude, -1e308, -1e300, -1, -.leastNonzeroMagnitude, -0.0, 0,
      .leastNonzeroMagnitude, 1, 1e300, 1e308,
      .greatestFiniteMagnitude, .infinity, -.infinity,
    ]
    var cases: [[Double]] = []
    for a in grid {
      for b in grid {
        cases.append([a, b])
        for c in grid { cases.append([a, b, c]) }
      }
    }
    for logits in cases where logits.contains(where: { $0 != -.infinity }) {
      let probabilities = SpecialFunctions.softmax(logits)
      #expect(
        probabilities.allSatisfy { $0 >= 0 && $0 <= 1 }
          && isClose(probabilities.reduce(0, +), 1, absolute: 1e-15), "softmax \(logits)")
      #expect(
        SpecialFunctions.logSoftmax(logits).allSatisfy { $0 <= 0 }, "logSoftmax \(logits)")
      #expect(!SpecialFunctions.logSumExp(logits).isNaN, "logSumExp \(logits)")
    }
    #expect(SpecialFunctions.softmax([1e308, -1e308]) == [1, 0])
    #expect(SpecialFunctions.logSoftmax([1e308, -1e308]) == [0, -.infinity])
  }
}
