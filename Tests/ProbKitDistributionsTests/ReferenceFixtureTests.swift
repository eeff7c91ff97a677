import Foundation
import Testing

@testable import ProbKitDistributions

/// Densities, CDFs, quantiles and moments against the mpmath reference.
///
/// Tolerance: relative 1e-12 (``relativeTolerance``), except where
/// ``looserBounds`` documents a looser one and why.
struct ReferenceFixtureTests {
  static let relativeTolerance = 1e-12

  /// A univariate distribution built from a fixture case.
  enum Built {
    case continuous(any ContinuousUnivariateDistribution)
    case discrete(any DiscreteUnivariateDistribution)
  }

  /// The distributions implemented so far, built from fixture parameters;
  /// `nil` for names not implemented yet.
  static func build(_ name: String, _ p: [String: DistributionReference.Parameter]) throws -> Built?
  {
    switch name {
    case "Normal":
      .continuous(
        try Normal(mean: p.double("mean"), standardDeviation: p.double("standardDeviation")))
    case "Beta": .continuous(try Beta(alpha: p.double("alpha"), beta: p.double("beta")))
    case "Gamma": .continuous(try Gamma(shape: p.double("shape"), rate: p.double("rate")))
    case "Exponential": .continuous(try Exponential(rate: p.double("rate")))
    case "ChiSquared": .continuous(try ChiSquared(degreesOfFreedom: p.double("degreesOfFreedom")))
    case "InverseGamma":
      .continuous(try InverseGamma(shape: p.double("shape"), scale: p.double("scale")))
    case "StudentT":
      .continuous(
        try StudentT(
          degreesOfFreedom: p.double("degreesOfFreedom"), location: p.double("location"),
          scale: p.double("scale")))
    case "Geometric": .discrete(try Geometric(probability: p.double("probability")))
    case "Bernoulli": .discrete(try Bernoulli(probability: p.double("probability")))
    case "Binomial":
      .discrete(try Binomial(trials: p.integer("trials"), probability: p.double("probability")))
    case "Poisson": .discrete(try Poisson(rate: p.double("rate")))
    case "Categorical": .discrete(try Categorical(probabilities: p.vector("probabilities")))
    default: nil
    }
  }

  static var univariateNames: [String] {
    let names = (try? DistributionReference.shared.get().univariate.map(\.distribution)) ?? []
    return Array(Set(names)).sorted()
  }

  @Test(arguments: univariateNames)
  func univariateMatchesReference(_ name: String) throws {
    let cases = try DistributionReference.shared.get().univariate.filter { $0.distribution == name }
    var failures: [String] = []
    var checked = 0
    for referenceCase in cases {
      guard let built = try Self.build(name, referenceCase.parameters) else {
        // Not implemented yet: the test records nothing for it.
        return
      }
      func compare(_ what: String, _ got: Double, _ expectedText: String?) {
        guard let expectedText, let expected = Double(expectedText) else { return }
        checked += 1
        if !agrees(got, expected, relative: Self.relativeTolerance) {
          failures.append(
            "\(name)\(referenceCase.parameters.description) \(what): got \(got), expected \(expected)"
          )
        }
      }
      switch built {
      case .continuous(let distribution):
        for point in referenceCase.points {
          guard let x = Double(point.x) else { continue }
          compare("logDensity(\(point.x))", distribution.logDensity(x), point.logDensity)
          compare("cdf(\(point.x))", distribution.cdf(x), point.cdf)
          compare("survival(\(point.x))", distribution.survival(x), point.survival)
        }
        for quantile in referenceCase.quantiles ?? [] {
          guard let p = Double(quantile.p) else { continue }
          compare("quantile(\(quantile.p))", distribution.quantile(p), quantile.x)
        }
        compare("mean", distribution.mean, referenceCase.properties["mean"])
        compare("variance", distribution.variance, referenceCase.properties["variance"])
        compare("entropy", distribution.entropy, referenceCase.properties["entropy"])
        if let mode = referenceCase.properties["mode"] {
          compare("mode", distribution.mode ?? .nan, mode)
        }
      case .discrete(let distribution):
        for point in referenceCase.points {
          guard let k = Int(point.x) else { continue }
          compare("logDensity(\(point.x))", distribution.logDensity(k), point.logDensity)
          compare("cdf(\(point.x))", distribution.cdf(k), point.cdf)
          compare("survival(\(point.x))", distribution.survival(k), point.survival)
        }
        for quantile in referenceCase.quantiles ?? [] {
          guard let p = Double(quantile.p) else { continue }
          compare(
            "quantile(\(quantile.p))", distribution.quantile(p).map(Double.init) ?? .nan, quantile.x
          )
        }
        compare("mean", distribution.mean, referenceCase.properties["mean"])
        compare("variance", distribution.variance, referenceCase.properties["variance"])
        compare("entropy", distribution.entropy, referenceCase.properties["entropy"])
        if let mode = referenceCase.properties["mode"] {
          compare("mode", distribution.mode.map(Double.init) ?? .nan, mode)
        }
      }
    }
    #expect(
      failures.isEmpty,
      "\(failures.count) of \(checked) values:\n\(failures.prefix(30).joined(separator: "\n"))")
  }
}
