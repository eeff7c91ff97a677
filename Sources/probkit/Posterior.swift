import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit posterior`: a conjugate update from observations.
  struct Posterior: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Update a conjugate prior with observations and summarise the posterior.",
      discussion: """
        Prints the posterior (in the form `probkit sample` reads), its mean, the MAP \
        estimate, an equal-tailed credible interval, the posterior predictive and the log \
        evidence (log marginal likelihood, for Bayes factors).

        Likelihoods and their priors:
          bernoulli            Beta        observations 0/1
          binomial             Beta        successes out of --trials each
          categorical          Dirichlet   category labels 0..<K (or --counts per category)
          poisson              Gamma       counts
          exponential          Gamma       positive values (prior on the rate)
          normal               NormalGamma values (mean and precision unknown)
          normal-known-sd      Normal      values, with --standard-deviation (prior on the mean)
          normal-known-mean    InverseGamma values, with --mean (prior on the variance)

        DATA is a file with the observations (separated by commas, spaces or new \
        lines), or the observations themselves ("1,0,1,1"); "-" reads standard input.

        Examples:
          probkit posterior --prior "Beta(alpha: 1, beta: 1)" --likelihood bernoulli 1,0,1,1,1
          probkit posterior --prior "Dirichlet(alphas: [1, 1, 1])" --likelihood categorical \\
            --counts 12,7,3 --level 0.9
          probkit posterior --prior "Gamma(shape: 2, rate: 1)" --likelihood poisson counts.txt
        """
    )

    /// The likelihoods with a conjugate prior.
    enum Likelihood: String, ExpressibleByArgument, CaseIterable {
      case bernoulli, binomial, categorical, poisson, exponential, normal
      case normalKnownSD = "normal-known-sd"
      case normalKnownMean = "normal-known-mean"
    }

    @Option(help: "The prior, as ProbKit prints it, e.g. \"Beta(alpha: 1, beta: 1)\".")
    var prior: String

    @Option(help: "The likelihood: \(Likelihood.allCases.map(\.rawValue).joined(separator: ", ")).")
    var likelihood: Likelihood

    @Argument(help: "The observations: a file, inline values, or - for standard input.")
    var data: String

    @Flag(help: "For categorical: DATA holds a count per category instead of labels.")
    var counts = false

    @Option(help: "Trials per observation (binomial).")
    var trials: Int?

    @Option(help: "The known standard deviation (normal-known-sd).")
    var standardDeviation: Double?

    @Option(help: "The known mean (normal-known-mean).")
    var mean: Double?

    @Option(help: "The credible level, in (0, 1).")
    var level: Double = 0.95

    func validate() throws {
      guard level > 0, level < 1 else {
        throw ValidationError("--level must be in (0, 1), got \(level)")
      }
    }

    func run() throws {
      do {
        let priorDistribution: any Distribution
        do {
          priorDistribution = try DistributionParser.parse(prior)
        } catch {
          throw DataError(message: "bad prior: \(error)", code: 64)
        }
        for line in try summary(priorDistribution, observations()) { print(line) }
      } catch let error as DataError {
        throw fail(error.message, code: error.code)
      } catch let error as FitError {
        throw fail("\(error)", code: 65)
      }
    }

    /// The observations as numbers.
    private func observations() throws -> [Double] {
      let text: String
      if data == "-" {
        text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
      } else if FileManager.default.fileExists(atPath: data) {
        guard let contents = FileManager.default.contents(atPath: data) else {
          throw DataError(message: "cannot read \(data)", code: 66)
        }
        text = String(decoding: contents, as: UTF8.self)
      } else if data.contains(where: { $0.isNumber }) {
        text = data
      } else {
        throw DataError(message: "no such file: \(data)", code: 66)
      }
      let fields = text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
      return try fields.enumerated().map { index, field in
        guard let value = Double(field) else {
          throw DataError(message: "observation \(index) is not a number: \"\(field)\"", code: 65)
        }
        return value
      }
    }

    /// Integers from the observations, or a data error naming the first that is not one.
    private func integers(_ values: [Double]) throws -> [Int] {
      try values.enumerated().map { index, value in
        guard let integer = Int(exactly: value) else {
          throw DataError(message: "observation \(index) is not a whole number: \(value)", code: 65)
        }
        return integer
      }
    }

    /// The summary lines for the likelihood.
    private func summary(_ prior: any Distribution, _ values: [Double]) throws -> [String] {
      func typed<P: Distribution>(_ type: P.Type) throws -> P {
        guard let typed = prior as? P else {
          throw DataError(
            message: "the \(likelihood.rawValue) likelihood needs a \(P.self) prior", code: 64)
        }
        return typed
      }
      switch likelihood {
      case .bernoulli:
        let posterior = try Bernoulli.posterior(prior: typed(Beta.self), data: integers(values))
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .binomial:
        guard let trials else { throw DataError(message: "binomial needs --trials", code: 64) }
        let posterior = try Binomial.posterior(
          prior: typed(Beta.self), data: integers(values), trials: trials)
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .categorical:
        let dirichlet = try typed(Dirichlet.self)
        let statistics =
          counts
          ? try Categorical.Statistics(counts: values)
          : try Categorical.Statistics(integers(values), categoryCount: dirichlet.dimension)
        let posterior = try Categorical.posterior(prior: dirichlet, statistics: statistics)
        let intervals = try (0..<posterior.distribution.dimension).map {
          try posterior.distribution.marginal($0).equalTailedInterval(level: level)
        }
        return try lines(
          posterior,
          intervals: intervals.enumerated().map { ("category \($0.offset): ", $0.element) })
      case .poisson:
        let posterior = try Poisson.posterior(prior: typed(Gamma.self), data: integers(values))
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .exponential:
        let posterior = try Exponential.posterior(prior: typed(Gamma.self), data: values)
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .normal:
        let posterior = try ProbKit.Normal.posterior(prior: typed(NormalGamma.self), data: values)
        let meanInterval = try posterior.distribution.meanMarginal.equalTailedInterval(level: level)
        let precisionInterval = try posterior.distribution.precisionMarginal.equalTailedInterval(
          level: level)
        return try lines(
          posterior, intervals: [("mean ", meanInterval), ("precision ", precisionInterval)])
      case .normalKnownSD:
        guard let standardDeviation else {
          throw DataError(message: "normal-known-sd needs --standard-deviation", code: 64)
        }
        let posterior = try NormalKnownStandardDeviation.posterior(
          prior: typed(ProbKit.Normal.self), data: values, standardDeviation: standardDeviation)
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .normalKnownMean:
        guard let mean else { throw DataError(message: "normal-known-mean needs --mean", code: 64) }
        let posterior = try NormalKnownMean.posterior(
          prior: typed(InverseGamma.self), data: values, mean: mean)
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      }
    }

    private func lines<M: ConjugateModel>(
      _ posterior: ProbKit.Posterior<M>, interval: ClosedRange<Double>
    ) throws -> [String] {
      try lines(posterior, intervals: [("", interval)])
    }

    private func lines<M: ConjugateModel>(
      _ posterior: ProbKit.Posterior<M>, intervals: [(label: String, range: ClosedRange<Double>)]
    ) throws -> [String] {
      let map: String
      do {
        map = "\(try posterior.mapEstimate())"
      } catch {
        map = "none (\(error))"
      }
      let percent = (level * 100).formatted()
      let bounds = intervals.map { "\($0.label)[\($0.range.lowerBound), \($0.range.upperBound)]" }
        .joined(separator: ", ")
      return [
        "posterior: \(posterior.distribution)",
        "at the posterior mean: \(try posterior.meanEstimate())",
        "MAP: \(map)",
        "\(percent)% credible interval: \(bounds)",
        "predictive: \(posterior.predictive)",
        "log evidence: \(posterior.logEvidence)",
      ]
    }
  }
}

/// A problem with the input data: one line on standard error and the exit
/// code (65 bad data, 66 missing file).
struct DataError: Error, CustomStringConvertible {
  let message: String
  let code: Int32
  var description: String { message }
}
