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

    // Every unrecognised argument, so that negative values (-1.5) are data,
    // not unknown options.
    @Argument(
      parsing: .allUnrecognized,
      help: "The observations: a file, inline values (1,0,1 or -1.5 2.5), or - for standard input."
    )
    var data: [String] = []

    /// DATA as one text: a file name, "-", or values joined by commas.
    private var observationText: String { data.joined(separator: ",") }

    @Flag(help: "For categorical: DATA holds a count per category instead of labels.")
    var counts = false

    @Option(parsing: .unconditional, help: "Trials per observation (binomial).")
    var trials: Int?

    @Option(parsing: .unconditional, help: "The known standard deviation (normal-known-sd).")
    var standardDeviation: Double?

    @Option(parsing: .unconditional, help: "The known mean (normal-known-mean).")
    var mean: Double?

    @Option(parsing: .unconditional, help: "The credible level, in (0, 1).")
    var level: Double = 0.95

    func validate() throws {
      guard !data.isEmpty else {
        throw ValidationError(
          "missing the observations: a file, values such as 1,0,1, or - for standard input")
      }
      for argument in data where argument.hasPrefix("-") && argument != "-" {
        guard Self.fields(argument).allSatisfy({ Double($0) != nil }) else {
          throw ValidationError("unknown option '\(argument)'")
        }
      }
      guard level > 0, level < 1 else {
        throw ValidationError("--level must be in (0, 1), got \(level)")
      }
      if let trials, trials < 0 {
        throw ValidationError("--trials must be >= 0, got \(trials)")
      }
      if let standardDeviation, !(standardDeviation.isFinite && standardDeviation > 0) {
        throw ValidationError(
          "--standard-deviation must be finite and > 0, got \(standardDeviation)")
      }
      if let mean, !mean.isFinite {
        throw ValidationError("--mean must be finite, got \(mean)")
      }
    }

    func run() throws {
      let priorDistribution: any Distribution
      do {
        priorDistribution = try DistributionParser.parse(prior)
      } catch {
        throw CommandError(error, about: "bad prior", .usage)
      }
      let values = try observations()
      let lines: [String]
      do {
        lines = try summary(priorDistribution, values)
      } catch let error as CommandError {
        throw error
      } catch {
        // The library names the model and the quantity (an overflow says which
        // statistic or parameter is beyond Double): its message is the error.
        throw CommandError("\(error)", .dataError)
      }
      for line in lines { try Console.print(line) }
    }

    /// Where DATA comes from, for messages.
    private var source: String { observationText == "-" ? "standard input" : observationText }

    /// The observations as finite numbers.
    ///
    /// DATA is standard input for "-", a file if one exists at that path,
    /// else inline values when it has several or its one value is a
    /// number; one word that is not a number is a missing file.
    private func observations() throws(CommandError) -> [Double] {
      let text: String
      var inline = false
      if observationText == "-" {
        text = try Self.text(InputFile.readStandardInput(), source)
      } else if FileManager.default.fileExists(atPath: observationText) {
        text = try Self.text(InputFile.read(observationText), observationText)
      } else {
        let fields = Self.fields(observationText)
        guard fields.count > 1 || fields.first.map({ Double($0) != nil }) == true else {
          throw CommandError("no such file: \(observationText)", .noInput)
        }
        // A file name among several arguments: DATA is one file or values.
        for argument in data where Double(argument) == nil && Self.looksLikePath(argument) {
          throw FileManager.default.fileExists(atPath: argument)
            ? CommandError(
              "DATA is one file or a list of values: give \(argument) alone", .usage)
            : CommandError("no such file: \(argument)", .noInput)
        }
        text = observationText
        inline = true
      }
      let fields = Self.fields(text)
      guard !fields.isEmpty else {
        throw CommandError("\(source) holds no \(counts ? "counts" : "observations")", .dataError)
      }
      let noun = counts ? "count" : "observation"
      let place = inline ? "" : " (in \(source))"
      return try fields.enumerated().map { (index, field) throws(CommandError) in
        guard let value = Double(field) else {
          throw CommandError(
            "\(noun) \(index) is not a number: \(quoted(field))"
              + (inline ? " (and there is no file \(quoted(observationText)))" : place),
            .dataError)
        }
        guard value.isFinite else {
          let spelled = field.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
          let outOfRange =
            !["inf", "infinity", "nan"].contains(spelled)
            && !spelled.hasPrefix("nan(")
          throw CommandError(
            outOfRange
              ? "\(noun) \(index) is out of the range of a Double (magnitude above "
                + "1.8e308): \(field)\(place)"
              : "\(noun) \(index) is not a finite number: \(field)\(place)", .dataError)
        }
        return value
      }
    }

    /// Whether an argument reads as a file name rather than a mistyped
    /// value: it has a path separator, or an extension of letters after a
    /// name that is not a number (data.txt, not 1.5x).
    private static func looksLikePath(_ argument: String) -> Bool {
      if argument.contains("/") { return true }
      guard let dot = argument.lastIndex(of: "."), dot != argument.startIndex else { return false }
      let suffix = argument[argument.index(after: dot)...]
      return !suffix.isEmpty && suffix.allSatisfy(\.isLetter) && Double(argument[..<dot]) == nil
    }

    /// The fields of `text`: separated by commas and white space.
    private static func fields(_ text: String) -> [Substring] {
      text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
    }

    /// `bytes` as UTF-8 text, or an error naming the source.
    private static func text(_ bytes: [UInt8], _ source: String) throws(CommandError) -> String {
      if let bad = UTF8Check.firstInvalidByte(bytes[...]) {
        throw CommandError(
          "\(source) is not UTF-8 text (byte \(bytes[bad]) at byte offset \(bad))", .dataError)
      }
      if let nul = bytes.firstIndex(of: 0) {
        throw CommandError("\(source) is not text (a NUL byte at byte offset \(nul))", .dataError)
      }
      return String(decoding: bytes, as: UTF8.self)
    }

    /// Integers from the observations, or a data error naming the first that is not one.
    private func integers(_ values: [Double]) throws(CommandError) -> [Int] {
      try values.enumerated().map { (index, value) throws(CommandError) in
        guard value.rounded() == value else {
          throw CommandError("observation \(index) is not a whole number: \(value)", .dataError)
        }
        guard let integer = Int(exactly: value) else {
          throw CommandError(
            "observation \(index) is out of the integer range "
              + "(\(Int.min)...\(Int.max)): \(value)", .dataError)
        }
        return integer
      }
    }

    /// The summary lines for the likelihood.
    private func summary(_ prior: any Distribution, _ values: [Double]) throws -> [String] {
      func typed<P: Distribution>(_ type: P.Type) throws -> P {
        guard let typed = prior as? P else {
          throw CommandError(
            "the \(likelihood.rawValue) likelihood needs a \(P.self) prior, got \(prior)", .usage)
        }
        return typed
      }
      switch likelihood {
      case .bernoulli:
        let posterior = try Bernoulli.posterior(prior: typed(Beta.self), data: integers(values))
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .binomial:
        guard let trials else { throw CommandError("binomial needs --trials", .usage) }
        let posterior = try Binomial.posterior(
          prior: typed(Beta.self), data: integers(values), trials: trials)
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .categorical:
        let dirichlet = try typed(Dirichlet.self)
        guard !counts || values.count == dirichlet.dimension else {
          throw CommandError(
            "--counts needs one count per category: \(values.count) counts for the "
              + "\(dirichlet.dimension) categories of \(dirichlet)", .dataError)
        }
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
          throw CommandError("normal-known-sd needs --standard-deviation", .usage)
        }
        let posterior = try NormalKnownStandardDeviation.posterior(
          prior: typed(ProbKit.Normal.self), data: values, standardDeviation: standardDeviation)
        return try lines(
          posterior, interval: posterior.distribution.equalTailedInterval(level: level))
      case .normalKnownMean:
        guard let mean else { throw CommandError("normal-known-mean needs --mean", .usage) }
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
      // Rounded for reading, unless rounding would say 0% or 100%.
      var percent = (level * 100).formatted()
      if percent == "0" || percent == "100" { percent = "\(level * 100)" }
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
