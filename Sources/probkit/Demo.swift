import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit demo`: a short tour of what the library does today.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Run a short, seeded tour of ProbKit's special functions, random sources, distributions and fits.",
      discussion: """
        Prints special-function values at awkward arguments, a seeded Monte Carlo \
        experiment, reproducible parallel streams, and a few distributions: quantiles, \
        the categorical's softmax link, samples checked against their means, a \
        Beta-Bernoulli update of a coin, a die fitted by MLE and by MAP, and softmax \
        regression on the bundled iris data (MLE against MAP for several prior widths, on a \
        seeded train/test split). The same seed prints the same numbers on every run.

        Examples:
          probkit demo
          probkit demo --seed 7 --draws 100000
        """
    )

    @Option(parsing: .unconditional, help: "The seed of the random source.")
    var seed: UInt32 = 42

    @Option(
      parsing: .unconditional,
      help: "How many draws the Monte Carlo experiment makes (1...1000000000).")
    var draws: Int = 1_000_000

    /// The most draws the demo makes: they are streamed in constant memory,
    /// but 10⁹ already take about a minute.
    static let maximumDraws = 1_000_000_000

    /// How many draws are made at a time.
    static let chunk = 4096

    func validate() throws {
      guard draws > 0, draws <= Self.maximumDraws else {
        throw ValidationError("--draws must be in 1...\(Self.maximumDraws), got \(draws)")
      }
    }

    func run() throws {
      try printSpecialFunctions()
      try printMonteCarlo()
      try printStreams()
      try printDistributions()
      try printBayesianUpdating()
      try printSoftmaxRegression()
    }

    private func printSpecialFunctions() throws {
      try Console.print("Special functions (GSL underneath, validated edges)")
      let rows: [(String, Double)] = [
        ("logGamma(0.5) = log √π", SpecialFunctions.logGamma(0.5)),
        ("logGamma(1e300)", SpecialFunctions.logGamma(1e300)),
        ("logGamma(-1)  (pole)", SpecialFunctions.logGamma(-1)),
        ("gamma(171.5)", SpecialFunctions.gamma(171.5)),
        ("logBeta(1e-200, 1e-200)", SpecialFunctions.logBeta(1e-200, 1e-200)),
        ("digamma(1) = -γ", SpecialFunctions.digamma(1)),
        ("trigamma(1) = π²/6", SpecialFunctions.trigamma(1)),
        (
          "logBinomialCoefficient(10^15, 3)",
          SpecialFunctions.logBinomialCoefficient(1_000_000_000_000_000, 3)
        ),
        ("logSumExp([1000, 1000])", SpecialFunctions.logSumExp([1000, 1000])),
      ]
      for (label, value) in rows {
        try Console.print("  \(label.padding(toLength: 36, withPad: " ", startingAt: 0)) \(value)")
      }
      try Console.print(
        "  softmax([1e300, 0, -inf])".padding(toLength: 38, withPad: " ", startingAt: 0)
          + "\(SpecialFunctions.softmax([1e300, 0, -.infinity]))")
      try Console.print()
    }

    private func printMonteCarlo() throws {
      // In chunks, in constant memory: the same stream and the same
      // left-to-right sums as one array of every draw.
      let source = RandomSource(seed: seed)
      var normals = [Double](repeating: 0, count: min(draws, Self.chunk))
      var sum = 0.0
      var sumOfSquares = 0.0
      var remaining = draws
      while remaining > 0 {
        let size = min(remaining, Self.chunk)
        remaining -= size
        normals.withUnsafeMutableBufferPointer {
          source.fillStandardNormal(UnsafeMutableBufferPointer(rebasing: $0[..<size]))
        }
        for value in normals[..<size] {
          sum += value
          sumOfSquares += value * value
        }
      }
      let mean = sum / Double(draws)
      let secondMoment = sumOfSquares / Double(draws)
      try Console.print("Monte Carlo with \(source), \(draws) standard normal draws")
      try Console.print(
        "  mean      \(format(mean))   (exact 0, standard error \(format(1 / Double(draws).squareRoot())))"
      )
      try Console.print(
        "  E[Z^2]    \(format(secondMoment))   (exact 1, standard error \(format((2 / Double(draws)).squareRoot())))"
      )
      var dice = [Int](repeating: 0, count: 6)
      var generator = RandomSource(seed: seed)
      for _ in 0..<60_000 { dice[Int.random(in: 0..<6, using: &generator)] += 1 }
      try Console.print("  60000 die rolls via Int.random(in:using:): \(dice)")
      try Console.print()
    }

    private func printStreams() throws {
      try Console.print("Independent child streams of seed \(seed) (first uniform of each)")
      for stream in UInt32(0)..<4 {
        let source = RandomSource(seed: seed, stream: stream)
        try Console.print(
          "  stream \(stream): seed \(source.seed), first draw \(format(source.nextUniform()))")
      }
    }

    private func printDistributions() throws {
      try Console.print()
      try Console.print(
        "Distributions (validated parameters, extended-precision CDFs, GSL samplers)")
      let prior = try Beta(alpha: 2, beta: 3)
      try Console.print(
        "  \(prior): mean \(format(prior.mean)), 95% interval [\(format(prior.quantile(0.025))), \(format(prior.quantile(0.975)))]"
      )
      let waiting = try Gamma(shape: 2.5, rate: 0.5)
      let gammaSource = RandomSource(seed: seed)
      var gammaSum = 0.0
      var remaining = draws
      while remaining > 0 {
        let size = min(remaining, Self.chunk)
        remaining -= size
        for value in waiting.sample(count: size, using: gammaSource) { gammaSum += value }
      }
      let sampleMean = gammaSum / Double(draws)
      try Console.print(
        "  \(waiting): mean \(format(waiting.mean)), sample mean of \(draws) draws \(format(sampleMean))"
      )
      let die = try Categorical(logits: [1, 2, 3])
      try Console.print(
        "  Categorical(logits: [1, 2, 3]) = softmax: \(formatList(die.probabilities))")
      try Console.print(
        "    natural parameters (K-1 log-odds): \(formatList(die.naturalParameters))")
      let sparse = try Dirichlet(alphas: [1e-300, 1e-300, 1e-300])
      let row = sparse.sample(using: RandomSource(seed: seed))
      try Console.print(
        "  Dirichlet(alphas: [1e-300 x 3]) draw: \(formatList(row)) (no NaN, sums to 1)")
      do {
        _ = try Beta(alpha: -1, beta: 2)
      } catch {
        try Console.print("  Beta(alpha: -1, beta: 2) throws: \(error)")
      }
    }

    private func printBayesianUpdating() throws {
      try Console.print()
      try Console.print("Bayesian updating (one Model.fit call shape; conjugate posteriors)")
      // A coin flipped 20 times from a seeded source.
      let source = RandomSource(seed: seed)
      let coin = try Bernoulli(probability: 0.7)
      let flips = coin.sample(count: 20, using: source)
      let prior = try Beta(alpha: 1, beta: 1)
      let posterior = try Bernoulli.posterior(prior: prior, data: flips)
      let interval = try posterior.distribution.highestDensityInterval(level: 0.95)
      try Console.print(
        "  coin: \(flips.reduce(0, +)) heads in \(flips.count) flips, prior \(prior)")
      try Console.print("    posterior \(posterior.distribution)")
      try Console.print(
        "    P(heads) mean \(format(posterior.distribution.mean)), 95% HDI [\(format(interval.lowerBound)), \(format(interval.upperBound))], log evidence \(format(posterior.logEvidence))"
      )
      // A loaded die rolled 30 times: MLE against MAP under Dirichlet(2, ..., 2).
      let die = try Categorical(probabilities: [0.1, 0.1, 0.1, 0.1, 0.1, 0.5])
      let rolls = die.sample(count: 30, using: source)
      let mle = try Categorical.fit(rolls, categoryCount: 6, estimator: .mle)
      let dirichlet = try Dirichlet(alphas: Array(repeating: 2, count: 6))
      let map = try Categorical.fit(rolls, categoryCount: 6, estimator: .map(dirichlet))
      try Console.print("  die: 30 rolls, true probabilities \(formatList(die.probabilities))")
      try Console.print(
        "    MLE \(formatList(mle.model.probabilities)), log-likelihood \(format(mle.logLikelihood))"
      )
      try Console.print(
        "    MAP under \(dirichlet): \(formatList(map.model.probabilities)), log-likelihood \(format(map.logLikelihood))"
      )
    }

    private func printSoftmaxRegression() throws {
      try Console.print()
      try Console.print(
        "Softmax regression on Fisher's iris (150 x 4, 3 species; bundled, see PROVENANCE.md)")
      guard let url = Bundle.module.url(forResource: "iris", withExtension: "csv") else {
        throw CommandError("the bundled iris.csv is missing", .noInput)
      }
      let table = try LabelledTable(path: url.path, target: "species")
      let classes = ClassLabels(sorting: table.targets)
      let labels = try classes.indices(of: table.targets)
      // A seeded 70/30 train/test split.
      let split = try TrainTestSplit(rowCount: table.features.count, testFraction: 0.3, seed: seed)
      let (train, test) = (split.train, split.test)
      let xTrain = train.map { table.features[$0] }
      let yTrain = train.map { labels[$0] }
      let xTest = test.map { table.features[$0] }
      let yTest = test.map { labels[$0] }
      try Console.print(
        "  \(train.count) training and \(test.count) test rows (seed \(seed)); classes \(classes.classes)"
      )
      do {
        _ = try SoftmaxRegression.fit(features: xTrain, labels: yTrain, estimator: .mle)
        try Console.print("  MLE: fitted")
      } catch {
        try Console.print("  MLE: \(error)")
      }
      try Console.print(
        "  estimator         | weight norm | train log-loss | test log-loss | test accuracy")
      for sigma in [10.0, 1.0, 0.1] {
        let fit = try SoftmaxRegression.fit(
          features: xTrain, labels: yTrain, estimator: .map(GaussianPrior(standardDeviation: sigma))
        )
        let model = fit.model
        let norm = model.weightNorm
        let name = "MAP, sigma = \(sigma)".padding(toLength: 17, withPad: " ", startingAt: 0)
        let row = [
          format(norm), try format(model.logLoss(features: xTrain, labels: yTrain)),
          try format(model.logLoss(features: xTest, labels: yTest)),
          try format(model.accuracy(features: xTest, labels: yTest)),
        ]
        try Console.print("  \(name) | " + row.joined(separator: " | "))
        if sigma == 1 {
          for (k, species) in classes.classes.enumerated() {
            let weights = formatList(model.coefficients[k])
            try Console.print(
              "    \(species.padding(toLength: 10, withPad: " ", startingAt: 0)) weights \(weights), intercept \(format(model.intercepts[k]))"
            )
          }
        }
      }
      // Versicolor against virginica overlap on most splits, so there the MLE
      // usually exists: MLE and MAP side by side (logistic regression, the
      // two-class case). Where a split separates them too, the MLE is
      // reported as not existing and MAP still fits.
      try Console.print("  versicolor vs virginica (they overlap on most splits), same split:")
      let pair = { (rows: [Int]) in rows.filter { labels[$0] != 0 } }
      let trainPair = pair(train)
      let testPair = pair(test)
      let xa = trainPair.map { table.features[$0] }
      let ya = trainPair.map { labels[$0] - 1 }
      let xb = testPair.map { table.features[$0] }
      let yb = testPair.map { labels[$0] - 1 }
      try Console.print(
        "  estimator         | weight norm | train log-loss | test log-loss | test accuracy | weights"
      )
      for (name, estimator) in [
        ("MLE", Estimator<GaussianPrior>.mle),
        ("MAP, sigma = 1.0", .map(try GaussianPrior(standardDeviation: 1))),
      ] {
        let fitted: SoftmaxRegression?
        var failure = ""
        do {
          fitted = try SoftmaxRegression.fit(features: xa, labels: ya, estimator: estimator).model
        } catch {
          fitted = nil
          failure = LibraryErrors.cell(error)
        }
        guard let model = fitted else {
          // On some splits these two species are separable too: then the MLE
          // does not exist, which is the point the demo makes; go on.
          try Console.print(
            "  \(name.padding(toLength: 17, withPad: " ", startingAt: 0)) | \(failure)")
          continue
        }
        let norm = model.weightNorm
        let row = [
          format(norm), try format(model.logLoss(features: xa, labels: ya)),
          try format(model.logLoss(features: xb, labels: yb)),
          try format(model.accuracy(features: xb, labels: yb)), formatList(model.coefficients[1]),
        ]
        try Console.print(
          "  \(name.padding(toLength: 17, withPad: " ", startingAt: 0)) | "
            + row.joined(separator: " | "))
      }
    }

    private func formatList(_ values: [Double]) -> String {
      "[" + values.map(format).joined(separator: ", ") + "]"
    }

    private func format(_ value: Double) -> String {
      String(format: "%.6f", value)
    }
  }
}
