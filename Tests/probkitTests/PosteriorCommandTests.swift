import Foundation
import ProbKit
import Testing

/// `probkit posterior`, run as a process, against the library's own
/// conjugate results; and its exit codes.
@Suite struct PosteriorCommandTests {
  static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    try SampleCommandTests.run(arguments)
  }

  @Test func aCoinMatchesTheLibrary() throws {
    let result = try Self.run([
      "posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "1,0,1,1,1",
    ])
    #expect(result.status == 0)
    let posterior = try Bernoulli.posterior(prior: Beta(alpha: 1, beta: 1), data: [1, 0, 1, 1, 1])
    let lines = result.output.split(separator: "\n").map(String.init)
    #expect(lines.first == "posterior: \(posterior.distribution)")
    #expect(lines.contains("MAP: \(try posterior.mapEstimate())"))
    #expect(lines.contains("log evidence: \(posterior.logEvidence)"))
    let interval = try posterior.distribution.equalTailedInterval(level: 0.95)
    #expect(
      lines.contains("95% credible interval: [\(interval.lowerBound), \(interval.upperBound)]"))
  }

  @Test func thePrintedPosteriorCanBeSampled() throws {
    let posterior = try Self.run([
      "posterior", "--prior", "Gamma(shape: 2, rate: 1)", "--likelihood", "poisson", "3 5 2",
    ])
    let first = try #require(posterior.output.split(separator: "\n").first)
    let specification = String(first.dropFirst("posterior: ".count))
    let draws = try Self.run(["sample", specification, "-n", "3"])
    #expect(draws.status == 0 && draws.output.split(separator: "\n").count == 3)
  }

  @Test func countsAndALevel() throws {
    let result = try Self.run([
      "posterior", "--prior", "Dirichlet(alphas: [1, 1, 1])", "--likelihood", "categorical",
      "--counts", "12,7,3", "--level", "0.9",
    ])
    #expect(result.output.hasPrefix("posterior: Dirichlet(alphas: [13.0, 8.0, 4.0])"))
    #expect(result.output.contains("90% credible interval: category 0: ["))
  }

  @Test func badInputHasConventionalExitCodes() throws {
    let notANumber = try Self.run([
      "posterior", "--prior", "Gamma(shape: 2, rate: 1)", "--likelihood", "poisson", "1,2,x",
    ])
    #expect(notANumber.status == 65 && notANumber.error.contains("observation 2 is not a number"))
    let missing = try Self.run([
      "posterior", "--prior", "Gamma(shape: 2, rate: 1)", "--likelihood", "poisson", "none.txt",
    ])
    #expect(missing.status == 66 && missing.error.contains("no such file: none.txt"))
    let wrongPrior = try Self.run([
      "posterior", "--prior", "Gamma(shape: 2, rate: 1)", "--likelihood", "bernoulli", "1,0",
    ])
    #expect(wrongPrior.status == 64 && wrongPrior.error.contains("needs a Beta prior"))
    let badLabel = try Self.run([
      "posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "1,2",
    ])
    #expect(badLabel.status == 65 && badLabel.error.contains("observation 1 must be 0 or 1"))
  }
}
