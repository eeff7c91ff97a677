import Foundation
import TestSupport
import Testing

@testable import ProbKitDistributions

/// Log-masses, densities and tail probabilities at large parameters against
/// mpmath (`Fixtures/large_parameters.json`, from
/// `Tests/Reference/generate_distributions.py`), each held to the error the
/// rounding of its parameters alone allows.
///
/// With κ the value's relative condition number with respect to its real
/// parameters (stored in the fixture) and u = 2⁻⁵³, the bound is
/// (``ulpAllowance`` + ``conditioningMultiple`` κ) u relative: a few
/// roundings of the result plus a small multiple of κu. Issue 11 measured
/// 7.6e-8 (κu 5e-9) for the multinomial at n = 10⁹ and 4.2e-11 (κu 1.8e-12)
/// for the binomial cdf before the saddle-point and prefactor rewrites.
struct LargeParameterAccuracyTests {
  static let ulpAllowance = 8.0
  static let conditioningMultiple = 4.0

  struct Case: Decodable {
    let distribution: String
    let parameters: [String: DistributionReference.Parameter]
    let function: String
    let x: Point
    let value: String
    let conditioning: String
  }

  /// A scalar point (a count, or a real for the continuous families) or a
  /// vector.
  enum Point: Decodable {
    case count(String)
    case vector([String])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let scalar = try? container.decode(String.self) {
        self = .count(scalar)
      } else {
        self = .vector(try container.decode([String].self))
      }
    }
  }

  struct Document: Decodable {
    let cases: [Case]
  }

  static let document = Result {
    try Fixture.load(Document.self, named: "large_parameters.json", in: .module)
  }

  /// The value the case names, computed by ProbKit.
  static func evaluate(_ entry: Case) throws -> Double {
    let p = entry.parameters
    switch (entry.distribution, entry.x) {
    case ("Multinomial", .vector(let x)):
      let model = try Multinomial(
        trials: p.integer("trials"), probabilities: p.vector("probabilities"))
      return model.logDensity(try counts(x))
    case ("DirichletMultinomial", .vector(let x)):
      let model = try DirichletMultinomial(trials: p.integer("trials"), alphas: p.vector("alphas"))
      return model.logDensity(try counts(x))
    case ("Dirichlet", .vector(let x)):
      return try Dirichlet(alphas: p.vector("alphas")).logDensity(try Fixture.doubles(x))
    case ("Gamma", .count(let text)), ("ChiSquared", .count(let text)),
      ("InverseGamma", .count(let text)), ("Beta", .count(let text)):
      guard let x = Double(text) else { throw FixtureError("\(text) is not a number") }
      let model: any ContinuousUnivariateDistribution =
        switch entry.distribution {
        case "Gamma": try Gamma(shape: p.double("shape"), rate: p.double("rate"))
        case "ChiSquared": try ChiSquared(degreesOfFreedom: p.double("degreesOfFreedom"))
        case "InverseGamma": try InverseGamma(shape: p.double("shape"), scale: p.double("scale"))
        default: try Beta(alpha: p.double("alpha"), beta: p.double("beta"))
        }
      guard entry.function == "logDensity" else {
        throw FixtureError("unexpected function \(entry.function)")
      }
      return model.logDensity(x)
    case (let name, .count(let text)):
      guard let k = Int(text) else { throw FixtureError("\(text) is not a count") }
      let model: any DiscreteUnivariateDistribution
      switch name {
      case "Binomial":
        model = try Binomial(trials: p.integer("trials"), probability: p.double("probability"))
      case "Poisson": model = try Poisson(rate: p.double("rate"))
      case "BetaBinomial":
        model = try BetaBinomial(
          trials: p.integer("trials"), alpha: p.double("alpha"), beta: p.double("beta"))
      case "NegativeBinomial":
        model = try NegativeBinomial(
          successes: p.double("successes"), probability: p.double("probability"))
      default: throw FixtureError("unknown distribution \(name)")
      }
      switch entry.function {
      case "logDensity": return model.logDensity(k)
      case "cdf": return model.cdf(k)
      case "survival": return model.survival(k)
      default: throw FixtureError("unknown function \(entry.function)")
      }
    default:
      throw FixtureError("\(entry.distribution): unexpected point")
    }
  }

  @Test func valuesWithinTheirConditioning() throws {
    let cases = try Self.document.get().cases
    #expect(cases.count >= 60)
    let u = 0x1p-53
    for entry in cases {
      let got = try Self.evaluate(entry)
      let expected = try #require(Double(entry.value))
      let kappa = try #require(Double(entry.conditioning))
      let relativeError = expected == 0 ? abs(got) : abs(got - expected) / abs(expected)
      let bound = (Self.ulpAllowance + Self.conditioningMultiple * kappa) * u
      #expect(
        relativeError <= bound,
        "\(entry.distribution) \(entry.function)(\(entry.x)): \(got) vs \(expected), relative \(relativeError) > \(bound)"
      )
    }
  }
}
