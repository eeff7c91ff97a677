import Foundation
import TestSupport
import Testing

@testable import ProbKitDistributions

/// Densities, CDFs, quantiles and moments against the mpmath reference.
///
/// Tolerance: relative 1e-12 (``relativeTolerance``) for every value; the
/// multivariate normal's ill-conditioned case and the KL divergences state
/// their own bounds where they are compared.
struct ReferenceFixtureTests {
  static let relativeTolerance = 1e-12

  /// A univariate distribution built from a fixture case.
  enum Built {
    case continuous(any ContinuousUnivariateDistribution)
    case discrete(any DiscreteUnivariateDistribution)
  }

  /// A fixture case's distribution, built by `DistributionParser` from the
  /// text of its name and parameters (the catalog's form); `nil` for a
  /// multivariate one.
  static func build(_ name: String, _ p: [String: DistributionReference.Parameter]) throws -> Built?
  {
    let arguments = p.keys.sorted().map { key -> String in
      switch p[key] {
      case .scalar(let text)?: "\(key): \(text)"
      case .vector(let texts)?: "\(key): [\(texts.joined(separator: ", "))]"
      default: "\(key): ?"
      }
    }
    let parsed = try DistributionParser.parse("\(name)(\(arguments.joined(separator: ", ")))")
    switch parsed {
    case let distribution as any ContinuousUnivariateDistribution: return .continuous(distribution)
    case let distribution as any DiscreteUnivariateDistribution: return .discrete(distribution)
    default: return nil
    }
  }

  static var univariateNames: [String] {
    let names = (try? DistributionReference.shared.get().univariate.map(\.distribution)) ?? []
    return Array(Set(names)).sorted()
  }

  /// The parameterised test below gets its arguments from the fixture; this
  /// one fails if the fixture is missing or lost distributions, which would
  /// otherwise leave that test with nothing to run.
  @Test func fixtureHoldsEveryUnivariateDistribution() throws {
    let names = Set(try DistributionReference.shared.get().univariate.map(\.distribution))
    let univariate = try DistributionCatalog.examples.filter {
      let parsed = try DistributionParser.parse($0)
      return parsed is any ContinuousUnivariateDistribution
        || parsed is any DiscreteUnivariateDistribution
    }
    #expect(names == Set(univariate.map { String($0.prefix { $0 != "(" }) }))
  }

  @Test(arguments: univariateNames)
  func univariateMatchesReference(_ name: String) throws {
    let cases = try DistributionReference.shared.get().univariate.filter { $0.distribution == name }
    var failures: [String] = []
    var checked = 0
    for referenceCase in cases {
      guard let built = try Self.build(name, referenceCase.parameters) else {
        Issue.record("the fixture has \(name), which the test cannot build")
        return
      }
      func compare(_ what: String, _ got: Double, _ expectedText: String?) {
        guard let expectedText, let expected = Double(expectedText) else { return }
        checked += 1
        if agrees(got, expected, relative: Self.relativeTolerance) { return }
        failures.append(
          "\(name)\(referenceCase.parameters) \(what): got \(got), expected \(expected)")
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

  @Test func multivariateMatchesReference() throws {
    var failures: [String] = []
    var checked = 0
    func compare(
      _ what: String, _ got: Double, _ expectedText: String,
      relative: Double = Self.relativeTolerance
    ) {
      guard let expected = Double(expectedText) else { return }
      checked += 1
      if !agrees(got, expected, relative: relative) {
        failures.append("\(what): got \(got), expected \(expected)")
      }
    }
    func compare(_ what: String, _ got: [Double], _ expected: DistributionReference.Property?) {
      guard case .vector(let texts)? = expected else { return }
      for (index, (value, text)) in zip(got, texts).enumerated() {
        compare("\(what)[\(index)]", value, text)
      }
    }
    for referenceCase in try DistributionReference.shared.get().multivariate {
      let p = referenceCase.parameters
      let label = "\(referenceCase.distribution)\(p)"
      switch referenceCase.distribution {
      case "Dirichlet":
        let dirichlet = try Dirichlet(alphas: p.vector("alphas"))
        for point in referenceCase.points {
          compare(
            "\(label) logDensity\(point.x)", dirichlet.logDensity(try Fixture.doubles(point.x)),
            point.logDensity)
        }
        compare("\(label) mean", dirichlet.mean, referenceCase.properties["mean"])
        compare("\(label) variance", dirichlet.variance, referenceCase.properties["variance"])
        if case .scalar(let entropy)? = referenceCase.properties["entropy"] {
          compare("\(label) entropy", dirichlet.entropy, entropy)
        }
      case "Multinomial":
        let multinomial = try Multinomial(
          trials: p.integer("trials"), probabilities: p.vector("probabilities"))
        for point in referenceCase.points {
          compare(
            "\(label) logDensity\(point.x)",
            multinomial.logDensity(try counts(point.x)),
            point.logDensity)
        }
        compare("\(label) mean", multinomial.mean, referenceCase.properties["mean"])
        compare("\(label) variance", multinomial.variance, referenceCase.properties["variance"])
      case "DirichletMultinomial":
        let predictive = try DirichletMultinomial(
          trials: p.integer("trials"), alphas: p.vector("alphas"))
        for point in referenceCase.points {
          compare(
            "\(label) logDensity\(point.x)",
            predictive.logDensity(try counts(point.x)),
            point.logDensity)
        }
        compare("\(label) mean", predictive.mean, referenceCase.properties["mean"])
        compare("\(label) variance", predictive.variance, referenceCase.properties["variance"])
      case "MultivariateNormal":
        guard case .matrix(let rows)? = p["covariance"] else {
          throw FixtureError("\(label): no covariance")
        }
        let mvn = try MultivariateNormal(
          mean: p.vector("mean"), covariance: try rows.map(Fixture.doubles))
        let diagonal = (0..<mvn.dimension).map { mvn.factor[$0, $0] }
        let conditioning = pow((diagonal.max() ?? 1) / (diagonal.min() ?? 1), 2)
        let relative = conditioning > 1e4 ? 1e-9 : Self.relativeTolerance
        for point in referenceCase.points {
          compare(
            "\(label) logDensity\(point.x)", mvn.logDensity(try Fixture.doubles(point.x)),
            point.logDensity, relative: relative)
        }
        if case .scalar(let entropy)? = referenceCase.properties["entropy"] {
          compare("\(label) entropy", mvn.entropy, entropy, relative: relative)
        }
      default:
        failures.append("unknown multivariate distribution \(referenceCase.distribution)")
      }
    }
    #expect(checked > 0)
    #expect(
      failures.isEmpty,
      "\(failures.count) of \(checked) values:\n\(failures.prefix(30).joined(separator: "\n"))")
  }

  @Test func kullbackLeiblerMatchesReference() throws {
    var failures: [String] = []
    var checked = 0
    for referenceCase in try DistributionReference.shared.get().kullbackLeibler {
      let (p, q) = (referenceCase.p, referenceCase.q)
      let got: Double
      switch referenceCase.distribution {
      case "Bernoulli":
        got = try Bernoulli(probability: p.double("probability"))
          .kullbackLeiblerDivergence(from: Bernoulli(probability: q.double("probability")))
      case "Categorical":
        got = try Categorical(probabilities: p.vector("probabilities"))
          .kullbackLeiblerDivergence(from: Categorical(probabilities: q.vector("probabilities")))
      case "Beta":
        got = try Beta(alpha: p.double("alpha"), beta: p.double("beta"))
          .kullbackLeiblerDivergence(from: Beta(alpha: q.double("alpha"), beta: q.double("beta")))
      case "Dirichlet":
        got = try Dirichlet(alphas: p.vector("alphas"))
          .kullbackLeiblerDivergence(from: Dirichlet(alphas: q.vector("alphas")))
      case "Gamma":
        got = try Gamma(shape: p.double("shape"), rate: p.double("rate"))
          .kullbackLeiblerDivergence(from: Gamma(shape: q.double("shape"), rate: q.double("rate")))
      case "Normal":
        got = try Normal(mean: p.double("mean"), standardDeviation: p.double("standardDeviation"))
          .kullbackLeiblerDivergence(
            from: Normal(mean: q.double("mean"), standardDeviation: q.double("standardDeviation")))
      case "Exponential":
        got = try Exponential(rate: p.double("rate")).kullbackLeiblerDivergence(
          from: Exponential(rate: q.double("rate")))
      case "Poisson":
        got = try Poisson(rate: p.double("rate")).kullbackLeiblerDivergence(
          from: Poisson(rate: q.double("rate")))
      case "MultivariateNormal":
        guard case .matrix(let pRows)? = p["covariance"], case .matrix(let qRows)? = q["covariance"]
        else {
          throw FixtureError("MultivariateNormal KL case without covariances")
        }
        got = try MultivariateNormal(
          mean: p.vector("mean"), covariance: try pRows.map(Fixture.doubles)
        )
        .kullbackLeiblerDivergence(
          from: MultivariateNormal(
            mean: q.vector("mean"), covariance: try qRows.map(Fixture.doubles)))
      default:
        failures.append("unknown KL family \(referenceCase.distribution)")
        continue
      }
      guard let expected = Double(referenceCase.value) else { continue }
      checked += 1
      // KL values are computed by quadrature in the reference; 1e-10 relative
      // (or 1e-14 absolute for divergences near 0) is what the quadrature holds.
      if !(agrees(got, expected, relative: 1e-10) || abs(got - expected) < 1e-14) {
        failures.append(
          "KL \(referenceCase.distribution) \(p) ‖ \(q): got \(got), expected \(expected)")
      }
    }
    #expect(checked > 0)
    #expect(
      failures.isEmpty, "\(failures.count) of \(checked):\n\(failures.joined(separator: "\n"))")
  }
}
