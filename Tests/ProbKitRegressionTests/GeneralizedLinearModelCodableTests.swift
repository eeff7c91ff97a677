import Foundation
import ProbKitDistributions
import ProbKitInference
import Testing

@testable import ProbKitRegression

/// `GeneralizedLinearModel`'s Codable conformance (the `probkit-glm` model
/// file's core): exact round trips, and decoding refuses what no fit gives.
@Suite struct GeneralizedLinearModelCodableTests {
  static let x: [[Double]] = [[0, 1], [1, 0.5], [2, 2], [3, 1.5], [4, 3], [5, 2.5]]

  static func roundTrip<F: ResponseFamily & Codable>(_ model: GeneralizedLinearModel<F>) throws
    -> GeneralizedLinearModel<F>
  {
    try JSONDecoder().decode(
      GeneralizedLinearModel<F>.self, from: JSONEncoder().encode(model))
  }

  @Test func everyFamilyRoundTripsExactly() throws {
    let poisson = try GeneralizedLinearModel<Poisson>.fit(
      features: Self.x, response: [1, 3, 2, 6, 8, 12]
    ).model
    #expect(try Self.roundTrip(poisson) == poisson)
    let normal = try GeneralizedLinearModel<Normal>.fit(
      features: Self.x, response: [1, 3, 2, 6, 8, 12], intercept: false
    ).model
    #expect(try Self.roundTrip(normal) == normal)
    let gamma = try GeneralizedLinearModel<Gamma>.fit(
      features: Self.x, response: [1, 3, 2, 6, 8, 12], link: .log
    ).model
    #expect(try Self.roundTrip(gamma) == gamma)
    let bernoulli = try GeneralizedLinearModel<Bernoulli>.fit(
      features: Self.x, response: [0, 1, 0, 1, 1, 0], link: .probit
    ).model
    #expect(try Self.roundTrip(bernoulli) == bernoulli)
    let negativeBinomial = try GeneralizedLinearModel<NegativeBinomial>.fit(
      features: Self.x, response: [0, 3, 1, 9, 2, 14],
      family: NegativeBinomial(successes: 2.5, probability: 0.5), link: .log
    ).model
    let read = try Self.roundTrip(negativeBinomial)
    #expect(read == negativeBinomial && read.family.successes == 2.5)
    #expect(try read.mean([6, 1]) == negativeBinomial.mean([6, 1]))
  }

  /// A valid Poisson model's JSON with `field` replaced by `value`.
  static func decode(_ field: String, _ value: Any?) throws -> GeneralizedLinearModel<Poisson> {
    var object: [String: Any] = [
      "family": ["rate": 1], "coefficients": [0.5, -1], "intercept": 0.25,
      "hasIntercept": true, "link": "canonical", "dispersion": 1,
    ]
    object[field] = value
    return try JSONDecoder().decode(
      GeneralizedLinearModel<Poisson>.self,
      from: JSONSerialization.data(withJSONObject: object))
  }

  @Test func decodingRefusesWhatNoFitGives() throws {
    #expect(try Self.decode("link", "canonical").coefficients == [0.5, -1])
    #expect(try Self.decode("link", "complementaryLogLog").link == .complementaryLogLog)
    #expect(throws: DecodingError.self) { try Self.decode("link", "sqrt") }
    #expect(throws: DecodingError.self) { try Self.decode("link", nil) }
    #expect(throws: DecodingError.self) { try Self.decode("coefficients", ["a"]) }
    #expect(throws: DistributionError.self) { try Self.decode("family", ["rate": -1]) }
    #expect(throws: FitError.self) { try Self.decode("coefficients", [Double]()) }
    #expect(throws: FitError.self) { try Self.decode("dispersion", 0) }
    #expect(throws: FitError.self) { try Self.decode("dispersion", -1) }
    // Poisson has no dispersion to estimate: φ is 1.
    #expect(throws: FitError.self) { try Self.decode("dispersion", 2) }
    #expect(throws: FitError.self) { try Self.decode("hasIntercept", false) }
    // Non-finite numbers cannot come from JSON; from a lenient decoder they
    // are refused too.
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let text =
      #"{"family":{"rate":1},"coefficients":[0.5,"nan"],"intercept":0,"#
      + #""hasIntercept":true,"link":"log","dispersion":1}"#
    let json = Data(text.utf8)
    #expect(throws: FitError.self) {
      try decoder.decode(GeneralizedLinearModel<Poisson>.self, from: json)
    }
  }
}
