import ProbKitCore
import Testing

@testable import ProbKitDistributions

/// Distributions read back from the text they print.
@Suite struct DistributionParserTests {
  static let distributions: [any Distribution] = {
    let made: [(any Distribution)?] = [
      try? Normal(mean: -1.5, standardDeviation: 0.25), try? Beta(alpha: 0.5, beta: 3),
      try? Gamma(shape: 2.5, rate: 0.1), try? InverseGamma(shape: 3, scale: 0.5),
      try? Exponential(rate: 1e-3), try? ChiSquared(degreesOfFreedom: 4),
      try? StudentT(degreesOfFreedom: 3, location: 1, scale: 2), try? Lomax(shape: 3, scale: 2),
      try? Bernoulli(probability: 0.1 + 0.2), try? Binomial(trials: 12, probability: 0.4),
      try? Categorical(probabilities: [0.2, 0.3, 0.5]), try? Poisson(rate: 3.5),
      try? Geometric(probability: 0.25), try? NegativeBinomial(successes: 2.5, probability: 0.3),
      try? BetaBinomial(trials: 10, alpha: 2, beta: 3),
      try? Multinomial(trials: 7, probabilities: [0.25, 0.75]),
      try? DirichletMultinomial(trials: 5, alphas: [0.5, 1, 2]),
      try? Dirichlet(alphas: [1e-300, 2, 3]),
      try? MultivariateNormal(mean: [1, -1], covariance: [[2, 0.3], [0.3, 1]]),
      try? NormalGamma(mean: 0, precisionScale: 2, shape: 3, rate: 4),
    ]
    return made.compactMap { $0 }
  }()

  @Test func everyDistributionReadsBackFromItsDescription() throws {
    #expect(Self.distributions.count == 20)
    for distribution in Self.distributions {
      let parsed = try DistributionParser.parse(distribution.description)
      #expect(parsed.description == distribution.description)
      #expect(isEqual(parsed, distribution), "\(distribution)")
    }
  }

  func isEqual(_ a: any Distribution, _ b: any Distribution) -> Bool {
    func open<D: Distribution>(_ a: D) -> Bool { (b as? D) == a }
    return open(a)
  }

  @Test func spacingIsFreeAndGammaTakesAScale() throws {
    let parsed = try DistributionParser.parse("  Gamma( shape:2 , scale : 4 )  ")
    #expect((parsed as? Gamma) == (try Gamma(shape: 2, scale: 4)))
    #expect(
      (try DistributionParser.parse("Dirichlet(alphas: [1,2])") as? Dirichlet)?.alphas == [1, 2])
  }

  @Test func badTextSaysWhatIsWrong() {
    func message(_ text: String) -> String {
      do {
        _ = try DistributionParser.parse(text)
        return "parsed"
      } catch {
        return error.description
      }
    }
    #expect(message("Beta(alpha: -1, beta: 2)") == "Beta: alpha must be finite and > 0, got -1")
    #expect(message("Wibble(x: 1)") == "unknown distribution Wibble")
    #expect(message("Beta(alpha: 1)") == "Beta: missing parameter beta")
    #expect(message("Beta(alpha: 1, beta: 2, gamma: 3)") == "Beta: unexpected parameter gamma")
    #expect(message("Beta(alpha: 1, alpha: 2)") == "Beta: parameter alpha given twice")
    #expect(message("Binomial(trials: 2.5, probability: 0.5)").contains("whole number"))
    #expect(message("Beta(alpha: x, beta: 2)").contains("expected a number"))
    #expect(message("Beta(alpha: 1, beta: 2) extra").contains("unexpected text"))
    #expect(message("Beta alpha").contains("expected \"(\""))
    #expect(message("Normal(mean: nan, standardDeviation: 1)").contains("must be finite"))
  }

  @Test func deepNestingIsRefusedNotRecursed() {
    let deep = "Dirichlet(alphas: " + String(repeating: "[", count: 100_000) + "1"
    #expect(throws: DistributionParseError("lists nest at most 2 deep, at offset 20")) {
      try DistributionParser.parse(deep)
    }
    #expect(throws: DistributionParseError.self) {
      try DistributionParser.parse("Dirichlet(alphas: [[[1]]])")
    }
  }

  /// Mutated descriptions (bytes dropped, repeated, swapped or replaced by
  /// grammar characters): the parser returns or throws, never traps, and
  /// whatever it accepts prints text it reads back to the same description.
  @Test func mutatedTextParsesOrThrows() throws {
    let alphabet = Array("[](),:.-+e0123456789 naifxyzAlphbt\u{0}\u{FFFD}")
    let generator = RandomSource(seed: 11)
    var accepted = 0
    for distribution in Self.distributions {
      let original = Array(distribution.description)
      for _ in 0..<300 {
        var text = original
        for _ in 0..<(1 + Int(generator.next() % 3)) where !text.isEmpty {
          let index = Int(generator.next() % UInt64(text.count))
          switch generator.next() % 4 {
          case 0: text.remove(at: index)
          case 1: text.insert(text[index], at: index)
          case 2: text.swapAt(index, Int(generator.next() % UInt64(text.count)))
          default: text[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
          }
        }
        guard let parsed = try? DistributionParser.parse(String(text)) else { continue }
        accepted += 1
        let again = try DistributionParser.parse(parsed.description)
        #expect(again.description == parsed.description, "\(String(text))")
      }
    }
    #expect(accepted > 0)
  }
}
