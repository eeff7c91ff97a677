import Foundation
import ProbKit
import TestSupport
import Testing

@testable import probkit

/// `probkit fit --family F` and `probkit predict` with generalized linear
/// models, run as processes (issue 13): each family's fit, saved model and
/// predictions against the library's own fit of the same data.
@Suite struct GLMCommandTests {
  /// One family's case: a CSV, the options, and the library's fit of the
  /// same rows.
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let csv: String
    let options: [String]
    /// The library's fit: coefficients then intercept, standard errors,
    /// deviance, log-likelihood, dispersion, the means at the rows, and
    /// the loss `predict` should report on them.
    let library: @Sendable () throws -> Expected
    var testDescription: String { name }
  }

  struct Expected {
    let estimates: [Double]
    let standardErrors: [Double]
    let deviance: Double
    let nullDeviance: Double
    let pearsonChiSquare: Double
    let logLikelihood: Double
    let aic: Double
    let bic: Double
    let dispersion: Double
    let alpha: Double?
    let means: [Double]
    let loss: Double
  }

  /// What the library's fit gives, in the command line's order.
  static func expected<F: ResponseFamily>(
    _ fit: GeneralizedLinearFit<F>, features: [[Double]], offsets: [Double]? = nil,
    alpha: Double? = nil, loss: (GeneralizedLinearFit<F>) -> Double
  ) throws -> Expected {
    let model = fit.model
    let means = try features.enumerated().map { i, x in
      try model.mean(x, offset: offsets?[i] ?? 0)
    }
    return Expected(
      estimates: model.coefficients + (model.hasIntercept ? [model.intercept] : []),
      standardErrors: fit.standardErrors, deviance: fit.deviance,
      nullDeviance: fit.nullDeviance, pearsonChiSquare: fit.pearsonChiSquare,
      logLikelihood: fit.logLikelihood, aic: fit.aic, bic: fit.bic,
      dispersion: model.dispersion, alpha: alpha, means: means, loss: loss(fit))
  }

  static let x: [[Double]] = [[0], [1], [2], [3], [4], [5], [6], [7]]

  static let cases: [Case] = [
    Case(
      name: "poisson with an exposure",
      csv: "x,hours,y\n0,1,1\n1,1,3\n2,2,2\n3,2,6\n4,1,8\n5,2,12\n6,1,11\n7,3,30\n",
      options: ["--family", "poisson", "--exposure", "hours"],
      library: {
        let hours: [Double] = [1, 1, 2, 2, 1, 2, 1, 3]
        let offsets = hours.map { Foundation.log($0) }
        let fit = try GeneralizedLinearModel<Poisson>.fit(
          features: x, response: [1, 3, 2, 6, 8, 12, 11, 30], offsets: offsets)
        return try expected(fit, features: x, offsets: offsets) { $0.deviance / 8 }
      }),
    Case(
      name: "poisson with an offset, no intercept, identity link",
      csv: "x,o,y\n0,1,1\n1,1,3\n2,2,2\n3,2,6\n4,1,8\n5,2,12\n6,1,11\n7,3,30\n",
      options: ["--family", "poisson", "--offset", "o", "--no-intercept", "--link", "identity"],
      library: {
        let offsets: [Double] = [1, 1, 2, 2, 1, 2, 1, 3]
        let fit = try GeneralizedLinearModel<Poisson>.fit(
          features: x, response: [1, 3, 2, 6, 8, 12, 11, 30], offsets: offsets,
          intercept: false, link: .identity)
        return try expected(fit, features: x, offsets: offsets) { $0.deviance / 8 }
      }),
    Case(
      name: "gaussian",
      csv: "x,y\n0,1.2\n1,2.9\n2,5.3\n3,6.8\n4,9.4\n5,10.7\n6,13.1\n7,15.2\n",
      options: ["--family", "gaussian"],
      library: {
        let fit = try GeneralizedLinearModel<Normal>.fit(
          features: x, response: [1.2, 2.9, 5.3, 6.8, 9.4, 10.7, 13.1, 15.2])
        return try expected(fit, features: x) { $0.deviance / 8 }
      }),
    Case(
      name: "bernoulli by MAP",
      csv: "x,y\n0,0\n1,1\n2,0\n3,0\n4,1\n5,0\n6,1\n7,1\n",
      options: ["--family", "bernoulli", "--estimator", "map", "--prior-sd", "0.5"],
      library: {
        let fit = try GeneralizedLinearModel<Bernoulli>.fit(
          features: x, response: [0, 1, 0, 0, 1, 0, 1, 1],
          estimator: .map(GaussianPrior(standardDeviation: 0.5)))
        return try expected(fit, features: x) { $0.deviance / 16 }
      }),
    Case(
      name: "binomial with probit link",
      csv: "dose,n,dead\n1.69,59,6\n1.72,60,13\n1.75,62,18\n1.78,56,28\n1.81,63,52\n"
        + "1.84,59,53\n1.86,62,61\n1.88,60,60\n",
      options: ["--family", "binomial", "--trials", "n", "--link", "probit"],
      library: {
        let dose: [[Double]] = [[1.69], [1.72], [1.75], [1.78], [1.81], [1.84], [1.86], [1.88]]
        let fit = try GeneralizedLinearModel<Bernoulli>.fit(
          features: dose, response: [6, 13, 18, 28, 52, 53, 61, 60],
          trials: [59, 60, 62, 56, 63, 59, 62, 60], link: .probit)
        return try expected(fit, features: dose) { $0.deviance / 8 }
      }),
    Case(
      name: "gamma with log link",
      csv: "x,y\n0,2.1\n1,1.4\n2,3.9\n3,2.2\n4,6.5\n5,4.1\n6,9.8\n7,7.7\n",
      options: ["--family", "gamma", "--link", "log"],
      library: {
        let fit = try GeneralizedLinearModel<Gamma>.fit(
          features: x, response: [2.1, 1.4, 3.9, 2.2, 6.5, 4.1, 9.8, 7.7], link: .log)
        return try expected(fit, features: x) { $0.deviance / 8 }
      }),
    Case(
      name: "negative binomial",
      csv: "x,y\n0,0\n1,3\n2,1\n3,9\n4,2\n5,14\n6,4\n7,25\n",
      options: ["--family", "negative-binomial"],
      library: {
        let (fit, alpha) = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
          features: x, response: [0, 3, 1, 9, 2, 14, 4, 25])
        return try expected(fit, features: x, alpha: alpha) { $0.deviance / 8 }
      }),
    Case(
      name: "poisson with frequency weights",
      csv: "x,w,y\n0,1,1\n1,2,3\n2,0,2\n3,3,6\n4,1,8\n5,2,12\n6,1,11\n7,2,30\n",
      options: ["--family", "poisson", "--weights", "w"],
      library: {
        let y: [Double] = [1, 3, 2, 6, 8, 12, 11, 30]
        let fit = try GeneralizedLinearModel<Poisson>.fit(
          features: x, response: y, weights: [1, 2, 0, 3, 1, 2, 1, 2])
        // predict scores every row alike: the unweighted mean deviance.
        let residuals = try fit.model.residuals(features: x, response: y)
        let mean = residuals.deviance.reduce(0) { $0 + $1 * $1 } / 8
        return try expected(fit, features: x) { _ in mean }
      }),
    Case(
      name: "negative binomial by MAP",
      csv: "x,y\n0,0\n1,3\n2,1\n3,9\n4,2\n5,14\n6,4\n7,25\n",
      options: ["--family", "negative-binomial", "--estimator", "map", "--prior-sd", "0.2"],
      library: {
        let (fit, alpha) = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
          features: x, response: [0, 3, 1, 9, 2, 14, 4, 25],
          estimator: .map(GaussianPrior(standardDeviation: 0.2)))
        return try expected(fit, features: x, alpha: alpha) { $0.deviance / 8 }
      }),
  ]

  /// The `--json` report's fields the tests read.
  struct Report: Decodable {
    struct Term: Decodable {
      let name: String
      let estimate: Double
      let standardError: Double
      let z: Double
      let pValue: Double
    }
    let format: String
    let family: String
    let terms: [Term]
    let deviance: Double
    let nullDeviance: Double
    let pearsonChiSquare: Double
    let logLikelihood: Double
    let aic: Double
    let bic: Double
    let dispersion: Double
    let alpha: Double?
    let iterations: Int
    let converged: Bool
  }

  static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
  }

  @Test(arguments: cases)
  func fitSavePredictRoundTrips(_ example: Case) throws {
    let directory = try CLI.scratchDirectory("glm-\(example.name.hashValue)")
    let data = try CLI.file(directory, "data.csv", example.csv)
    let modelPath = directory.appendingPathComponent("model.json").path
    let target = String(example.csv.prefix { $0 != "\n" }.split(separator: ",").last ?? "")
    let fit = try CLI.run(
      ["fit", data, "--target", target, "--json", "--save", modelPath] + example.options)
    #expect(fit.status == 0, "\(fit.error)")
    let report = try JSONDecoder().decode(Report.self, from: Data(fit.output.utf8))
    let expected = try example.library()
    #expect(report.format == "probkit-glm-fit" && report.converged)
    #expect(report.terms.count == expected.estimates.count)
    for (term, (estimate, error)) in zip(
      report.terms, zip(expected.estimates, expected.standardErrors))
    {
      #expect(Self.close(term.estimate, estimate), "\(term.name): \(term.estimate) \(estimate)")
      #expect(Self.close(term.standardError, error), "\(term.name)")
      #expect(Self.close(term.z, estimate / error), "\(term.name)")
    }
    #expect(Self.close(report.deviance, expected.deviance))
    #expect(Self.close(report.nullDeviance, expected.nullDeviance))
    #expect(Self.close(report.pearsonChiSquare, expected.pearsonChiSquare))
    #expect(Self.close(report.logLikelihood, expected.logLikelihood))
    #expect(Self.close(report.aic, expected.aic) && Self.close(report.bic, expected.bic))
    #expect(Self.close(report.dispersion, expected.dispersion))
    #expect(report.alpha.map { Self.close($0, expected.alpha ?? .nan) } ?? (expected.alpha == nil))

    // The saved model predicts the library's means, and reports the loss.
    let predicted = try CLI.run(["predict", "--model", modelPath, data])
    #expect(predicted.status == 0, "\(predicted.error)")
    let lines = predicted.output.split(separator: "\n").map(String.init)
    #expect(lines.first == "mean")
    let means = lines.dropFirst().compactMap { Double($0) }
    #expect(means.count == expected.means.count)
    for (mean, reference) in zip(means, expected.means) {
      #expect(Self.close(mean, reference), "\(mean) \(reference)")
    }
    let loss = try #require(
      predicted.error.split(separator: ": ").last.flatMap { Double($0.dropLast()) },
      "\(predicted.error)")
    #expect(Self.close(loss, expected.loss), "\(predicted.error)")
    let lossName = example.options.contains("bernoulli") ? "log-loss" : "mean deviance"
    #expect(predicted.error.hasPrefix("\(lossName) of \"\(target)\" on 8 rows: "))

    // JSON predictions hold the same means; without the target, no loss.
    let features = CLI.parseCSV(example.csv).map { Array($0.dropLast()) }
    let noTarget = try CLI.file(
      directory, "new.csv", features.map { $0.joined(separator: ",") }.joined(separator: "\n"))
    let json = try CLI.run(["predict", "--model", modelPath, noTarget, "--json"])
    #expect(json.status == 0 && json.error.isEmpty, "\(json.error)")
    struct Row: Decodable { let mean: Double }
    let rows = try JSONDecoder().decode([Row].self, from: Data(json.output.utf8))
    #expect(rows.map(\.mean) == means)

    // The table prints the same statistics.
    let table = try CLI.run(["fit", data, "--target", target] + example.options)
    #expect(table.status == 0)
    for label in ["deviance: ", "null deviance: ", "Pearson chi2: ", "log-likelihood: ", "AIC: "] {
      #expect(table.output.contains("\n" + label), "\(label)")
    }
    #expect(table.output.contains("\(report.terms[0].name) "))
  }

  @Test func aSoftmaxModelReportsItsLogLossAndOldFilesStillLoad() throws {
    let directory = try CLI.scratchDirectory("glm-softmax")
    let data = try CLI.file(directory, "data.csv", FitPredictCommandTests.table + "\n")
    let modelPath = directory.appendingPathComponent("model.json").path
    let fit = try CLI.run(["fit", data, "--target", "label", "--save", modelPath])
    #expect(fit.status == 0, "\(fit.error)")
    let predicted = try CLI.run(["predict", "--model", modelPath, data])
    #expect(predicted.status == 0)
    #expect(predicted.error.hasPrefix("log-loss of \"label\" on 12 rows: "), "\(predicted.error)")
    // The library's log-loss of the same fit.
    let rows = CLI.parseCSV(FitPredictCommandTests.table).dropFirst()
    let x = rows.map { [Double($0[0]) ?? .nan, Double($0[1]) ?? .nan] }
    let labels = rows.map { ["a": 0, "b": 1, "c": 2][$0[2]] ?? -1 }
    let library = try SoftmaxRegression.fit(
      features: x, labels: labels, estimator: .map(GaussianPrior(standardDeviation: 1)))
    let p = try library.model.probabilities(x)
    let logLoss = -zip(p, labels).map { Foundation.log($0[$1]) }.reduce(0, +) / 12
    let reported = Double(predicted.error.split(separator: ": ").last?.dropLast() ?? "")
    #expect(reported.map { Self.close($0, logLoss, 1e-12) } == true, "\(predicted.error)")
    // A file written before `target` was recorded predicts, without a loss.
    var object = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: modelPath)))
        as? [String: Any])
    #expect(object["target"] as? String == "label")
    object["target"] = nil
    let old = try CLI.file(
      directory, "old.json", [UInt8](try JSONSerialization.data(withJSONObject: object)))
    let oldPrediction = try CLI.run(["predict", "--model", old, data])
    #expect(oldPrediction.status == 0 && oldPrediction.error.isEmpty)
    #expect(oldPrediction.output == predicted.output)
    // A label the model does not know is an error; an empty one is not scored.
    let unknown = try CLI.file(directory, "unknown.csv", "x1,x2,label\n0.2,1.1,d\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", modelPath, unknown]), 65,
      "row 2, column \"label\": \"d\" is not one of the model's classes (\"a\", \"b\", \"c\")")
    let blank = try CLI.file(directory, "blank.csv", "x1,x2,label\n0.2,1.1,a\n1.4,0.3,\n")
    let unscored = try CLI.run(["predict", "--model", modelPath, blank])
    #expect(unscored.status == 0, "\(unscored.error)")
    #expect(unscored.error == "no log-loss reported: column \"label\" is empty in row 3\n")
  }

  @Test func aNumericTargetNeedsAFamily() throws {
    let directory = try CLI.scratchDirectory("glm-default")
    let data = try CLI.file(directory, "data.csv", "x,y\n0,1\n1,0\n2,1\n3,1\n")
    BadInputTests.expectError(
      try CLI.run(["fit", data, "--target", "y"]), 64,
      "column \"y\" is numeric, so choose the model with --family: gaussian (R's and "
        + "statsmodels' default)")
    // Class codes, as before, with --family categorical.
    let codes = try CLI.run(["fit", data, "--target", "y", "--family", "categorical"])
    #expect(codes.status == 0 && codes.output.hasPrefix("softmax regression, MAP"))
    // A text target is categorical by default, as before.
    let text = try CLI.file(directory, "text.csv", "x,y\n0,a\n1,b\n2,a\n3,b\n")
    #expect(try CLI.run(["fit", text, "--target", "y"]).status == 0)
  }
}

/// The generalized linear models' options and files against hostile input.
@Suite struct GLMBadInputTests {
  static let counts = "x,hours,y\n0,1,1\n1,1,3\n2,2,2\n3,2,6\n4,1,8\n5,2,12\n"

  /// (arguments after `fit DATA --target y`, the CSV, status, message).
  static let fitMistakes: [([String], String, Int32, String)] = [
    (
      ["--family", "tweedie"], counts, 64, "The value 'tweedie' is invalid for '--family <family>'"
    ),
    (
      ["--family", "poisson", "--link", "probit"], counts, 64,
      "--link probit is not offered for --family poisson (links: log, identity)"
    ),
    (
      ["--family", "poisson", "--trials", "hours"], counts, 64,
      "--trials is for --family binomial, not poisson"
    ),
    (["--family", "binomial"], counts, 64, "--family binomial needs --trials COLUMN"),
    (["--offset", "hours"], counts, 64, "--offset is for generalized linear models"),
    (["--weights", "hours"], counts, 64, "--weights is for generalized linear models"),
    (
      ["--family", "poisson", "--weights", "y"], counts, 64,
      "--weights \"y\" is the --target column"
    ),
    (
      ["--family", "poisson", "--weights", "w"], "x,w,y\n0,1,1\n1,-2,3\n2,1,2\n", 65,
      "row 3, column \"w\": a weight must be a finite number >= 0, got -2"
    ),
    (
      ["--family", "poisson", "--weights", "w"], "x,w,y\n0,0,1\n1,0,3\n2,0,2\n", 65,
      "every weight in column \"w\" is 0"
    ),
    (["--no-intercept"], counts, 64, "--no-intercept is for generalized linear models"),
    (
      ["--family", "categorical", "--link", "logit"], counts, 64,
      "--link is for generalized linear models"
    ),
    (
      ["--family", "poisson", "--offset", "y"], counts, 64,
      "--offset \"y\" is the --target column"
    ),
    (
      ["--family", "poisson", "--exposure", "y"], counts, 64,
      "--exposure \"y\" is the --target column"
    ),
    (
      ["--family", "poisson", "--offset", "hours", "--exposure", "hours"], counts, 64,
      "--offset and --exposure name the same column, \"hours\""
    ),
    (
      ["--family", "poisson", "--offset", "nosuch"], counts, 64,
      "no column \"nosuch\" (--offset) in "
    ),
    (["--family", "poisson", "--offset", ""], counts, 64, "--offset needs a column name"),
    (
      ["--family", "poisson", "--optimizer", "lbfgs"], counts, 64,
      "--optimizer is for --family categorical"
    ),
    (
      ["--family", "poisson"], "x,y\n0,1\n1,-2\n2,3\n", 65,
      "row 3, column \"y\": --family poisson needs a count (a whole number >= 0), got -2"
    ),
    (
      ["--family", "poisson"], "x,y\n0,1\n1,2.5\n2,3\n", 65,
      "row 3, column \"y\": --family poisson needs a count"
    ),
    (
      ["--family", "negative-binomial"], "x,y\n0,1\n1,-1\n2,3\n", 65,
      "--family negative-binomial needs a count"
    ),
    (
      ["--family", "poisson"], "x,y\n0,1\n1,many\n2,3\n", 65,
      "row 3, column \"y\": \"many\" is not a number (the response of a generalized linear "
        + "model is numeric; --family categorical takes text labels)"
    ),
    (
      ["--family", "gaussian"], "x,y\n0,1\n1,nan\n2,3\n", 65,
      "row 3, column \"y\": \"nan\" is not a finite number"
    ),
    (
      ["--family", "gaussian"], "x,y\n0,1\n1,-inf\n2,3\n", 65,
      "row 3, column \"y\": \"-inf\" is not a finite number"
    ),
    (
      ["--family", "gaussian"], "x,y\n0,1\ninf,2\n2,3\n", 65,
      "row 3, column \"x\": \"inf\" is not a finite number"
    ),
    (
      ["--family", "poisson", "--offset", "o"], "x,o,y\n0,1,1\n1,NaN,2\n2,0,3\n", 65,
      "row 3, column \"o\": \"NaN\" is not a finite number"
    ),
    (
      ["--family", "poisson", "--exposure", "e"], "x,e,y\n0,1,1\n1,0,2\n2,1,3\n", 65,
      "row 3, column \"e\": the exposure must be > 0 (its log is the offset), got 0"
    ),
    (
      ["--family", "gamma"], "x,y\n0,1\n1,0\n2,3\n", 65, "--family gamma needs a number > 0, got 0"
    ),
    (
      ["--family", "bernoulli"], "x,y\n0,1\n1,2\n2,0\n", 65,
      "--family bernoulli needs 0 or 1 (for successes out of several trials, use --family "
        + "binomial --trials COLUMN), got 2"
    ),
    (
      ["--family", "binomial", "--trials", "n"], "x,n,y\n0,3,1\n1,2,3\n2,4,0\n", 65,
      "row 3, column \"y\": the successes must be a whole number from 0 to the row's trials (2), "
        + "got 3"
    ),
    (
      ["--family", "binomial", "--trials", "n"], "x,n,y\n0,3,1\n1,0,0\n2,4,0\n", 65,
      "row 3, column \"n\": the trials must be a whole number >= 1, got 0"
    ),
    (
      ["--family", "binomial", "--trials", "n"], "x,n,y\n0,3,1\n1,2.5,0\n2,4,0\n", 65,
      "the trials must be a whole number >= 1, got 2.5"
    ),
    (
      ["--family", "poisson", "--offset", "o"], "o,y\n0,1\n1,2\n", 65,
      "has no feature columns besides \"y\", \"o\""
    ),
    (
      ["--family", "bernoulli"], "x,y\n0,0\n1,0\n2,1\n3,1\n", 65,
      "the classes are completely separated, so the maximum-likelihood estimate does not "
        + "exist (the weights grow without bound); fit by MAP instead: --estimator map"
    ),
    (
      ["--family", "poisson"], "x,g,y\n1,0,0\n2,0,0\n3,1,4\n4,1,5\n5,1,3\n", 65,
      "fit by MAP instead: --estimator map --prior-sd 1"
    ),
    (
      ["--family", "poisson"], "x,z,y\n1,2,0\n2,4,3\n3,6,4\n4,8,5\n5,10,3\n", 65,
      "the features are linearly dependent"
    ),
  ]

  @Test func fitOptionsAndDataAreChecked() throws {
    let directory = try CLI.scratchDirectory("glm-fit-mistakes")
    for (i, (options, csv, status, message)) in Self.fitMistakes.enumerated() {
      let data = try CLI.file(directory, "data\(i).csv", csv)
      let result = try CLI.run(["fit", data, "--target", "y"] + options)
      BadInputTests.expectError(result, status, message)
      // No model file is written by a failed fit.
      let save = directory.appendingPathComponent("model\(i).json").path
      _ = try CLI.run(["fit", data, "--target", "y", "--save", save] + options)
      #expect(!FileManager.default.fileExists(atPath: save), "\(options)")
    }
  }

  @Test func anExactFitPrintsButIsNotSaved() throws {
    let directory = try CLI.scratchDirectory("glm-exact")
    let data = try CLI.file(directory, "data.csv", "x,y\n1,2\n2,4\n3,6\n")
    let table = try CLI.run(["fit", data, "--target", "y", "--family", "gaussian"])
    #expect(table.status == 0 && table.output.contains("dispersion: 0.0 (σ²)"))
    // The library's log-likelihood at σ² = 0 is NaN; printed as the JSON writes it.
    #expect(!table.output.contains("-nan"), "\(table.output)")
    let model = directory.appendingPathComponent("model.json").path
    BadInputTests.expectError(
      try CLI.run(["fit", data, "--target", "y", "--family", "gaussian", "--save", model]), 65,
      "the fitted dispersion is 0.0 (the model leaves no residual to estimate it from")
    #expect(!FileManager.default.fileExists(atPath: model))
  }

  @Test func predictNeedsTheColumnsTheModelUsed() throws {
    let directory = try CLI.scratchDirectory("glm-predict")
    let data = try CLI.file(directory, "data.csv", Self.counts)
    let model = directory.appendingPathComponent("model.json").path
    let fit = try CLI.run(
      ["fit", data, "--target", "y", "--family", "poisson", "--exposure", "hours", "--save", model])
    #expect(fit.status == 0, "\(fit.error)")
    let noExposure = try CLI.file(directory, "no-exposure.csv", "x,y\n1,3\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", model, noExposure]), 65,
      "no-exposure.csv has no column \"hours\", the model's exposure")
    let badExposure = try CLI.file(directory, "bad-exposure.csv", "x,hours\n1,-1\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", model, badExposure]), 65,
      "row 2, column \"hours\": the exposure must be > 0 (its log is the offset), got -1")
    let negative = try CLI.file(directory, "negative.csv", "x,hours,y\n1,1,-3\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", model, negative]), 65,
      "row 2, column \"y\": a poisson model's target must be a count (a whole number >= 0), "
        + "got -3")
    let text = try CLI.file(directory, "text.csv", "x,hours,y\n1,1,many\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", model, text]), 65, "\"many\" is not a number")
    let nan = try CLI.file(directory, "nan.csv", "x,hours\nnan,1\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", model, nan]), 65, "\"nan\" is not a finite number")

    // Binomial: trials are needed to score, not to predict.
    let beetles = try CLI.file(
      directory, "beetles.csv", "dose,n,y\n1.7,59,6\n1.8,60,40\n1.9,60,59\n")
    let binomial = directory.appendingPathComponent("binomial.json").path
    let binomialFit = try CLI.run(
      [
        "fit", beetles, "--target", "y", "--family", "binomial", "--trials", "n", "--save",
        binomial,
      ])
    #expect(binomialFit.status == 0, "\(binomialFit.error)")
    let doses = try CLI.file(directory, "doses.csv", "dose\n1.75\n")
    let predicted = try CLI.run(["predict", "--model", binomial, doses])
    #expect(predicted.status == 0 && predicted.error.isEmpty, "\(predicted.error)")
    let withTarget = try CLI.file(directory, "with-target.csv", "dose,y\n1.75,3\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", binomial, withTarget]), 65,
      "has the target column \"y\" but not the trials column \"n\"")
    // New rows whose target is not known yet are predicted, not scored.
    let unknown = try CLI.file(directory, "unknown.csv", "dose,n,y\n1.75,3,1\n1.8,4,\n")
    let unscored = try CLI.run(["predict", "--model", binomial, unknown])
    #expect(unscored.status == 0 && unscored.output.split(separator: "\n").count == 3)
    #expect(unscored.error == "no mean deviance reported: column \"y\" is empty in row 3\n")
    let tooMany = try CLI.file(directory, "too-many.csv", "dose,n,y\n1.75,3,4\n")
    BadInputTests.expectError(
      try CLI.run(["predict", "--model", binomial, tooMany]), 65,
      "the successes must be a whole number from 0 to the row's trials (3), got 4")
  }

  /// A saved Poisson model with an exposure, as JSON to edit.
  static func savedModel(_ directory: URL) throws -> (data: String, model: [String: Any]) {
    let data = try CLI.file(directory, "data.csv", counts)
    let path = directory.appendingPathComponent("model.json").path
    let fit = try CLI.run(
      ["fit", data, "--target", "y", "--family", "poisson", "--exposure", "hours", "--save", path])
    #expect(fit.status == 0, "\(fit.error)")
    let object = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: path)))
    return (data, try #require(object as? [String: Any]))
  }

  @Test func glmModelFilesAreCheckedFully() throws {
    let directory = try CLI.scratchDirectory("glm-models")
    let (data, model) = try Self.savedModel(directory)
    #expect(model["format"] as? String == "probkit-glm" && model["version"] as? Int == 1)
    func predict(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> CLI.Result {
      var copy = model
      edit(&copy)
      let bytes = try JSONSerialization.data(withJSONObject: copy)
      let path = try CLI.file(directory, name, [UInt8](bytes))
      return try CLI.run(["predict", "--model", path, data])
    }
    func inner(_ edit: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
      { file in
        var inner = file["model"] as? [String: Any] ?? [:]
        edit(&inner)
        file["model"] = inner
      }
    }
    Self.expectCorrupted(
      try predict("v2.json") { $0["version"] = 2 },
      "unsupported model version 2 (this probkit reads version 1)")
    Self.expectCorrupted(
      try predict("v1.5.json") { $0["version"] = 1.5 }, "unsupported model version 1.5")
    Self.expectCorrupted(
      try predict("no-version.json") { $0["version"] = nil }, "has no version number")
    Self.expectCorrupted(
      try predict("family.json") { $0["family"] = "tweedie" },
      "is corrupted: family: unknown family \"tweedie\"")
    Self.expectCorrupted(
      try predict("categorical.json") { $0["family"] = "categorical" },
      "unknown family \"categorical\"")
    Self.expectCorrupted(
      try predict("binomial.json") { $0["family"] = "binomial" }, "is corrupted: ")
    Self.expectCorrupted(
      try predict("link.json", inner { $0["link"] = "sqrt" }),
      "is corrupted: model.link: unknown link \"sqrt\"")
    Self.expectCorrupted(
      try predict("dispersion.json", inner { $0["dispersion"] = 0 }),
      "is corrupted: GeneralizedLinearModel: dispersion must be finite and > 0, got 0.0")
    Self.expectCorrupted(
      try predict("dispersion2.json", inner { $0["dispersion"] = 2 }),
      "dispersion must be 1 for the Poisson family, which has none, got 2.0")
    Self.expectCorrupted(
      try predict("intercept.json", inner { $0["hasIntercept"] = false }),
      "intercept must be 0 in a model without an intercept")
    Self.expectCorrupted(
      try predict("empty.json", inner { $0["coefficients"] = [Double]() }),
      "coefficients must be at least 1 coefficient")
    Self.expectCorrupted(
      try predict("two.json", inner { $0["coefficients"] = [1.0, 2.0] }),
      "is corrupted: 1 feature names but the model has 2 coefficients")
    Self.expectCorrupted(
      try predict("rate.json", inner { $0["family"] = ["rate": -1] }),
      "is corrupted: Poisson: rate must be finite and > 0, got -1")
    Self.expectCorrupted(
      try predict("missing.json", inner { $0["intercept"] = nil }),
      "is corrupted: the field model.intercept is missing")
    Self.expectCorrupted(
      try predict("type.json", inner { $0["coefficients"] = ["a"] }),
      "is corrupted: model.coefficients[0] is not a Double")
    Self.expectCorrupted(
      try predict("exposure.json") { $0["exposure"] = "x" },
      "is corrupted: the exposure column \"x\" is also a feature")
    Self.expectCorrupted(
      try predict("target.json") { $0["target"] = "hours" },
      "is corrupted: the column \"hours\" has two roles")
    Self.expectCorrupted(
      try predict("trials.json") { $0["trials"] = "n" }, "a poisson model has no trials column")
    let huge = try CLI.file(
      directory, "huge.json",
      String(decoding: try JSONSerialization.data(withJSONObject: model), as: UTF8.self)
        .replacingOccurrences(of: "\"dispersion\":1", with: "\"dispersion\":1e999"))
    Self.expectCorrupted(try CLI.run(["predict", "--model", huge, data]), "huge.json is ")
  }

  static func expectCorrupted(
    _ result: CLI.Result, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    BadInputTests.expectError(result, 65, message, sourceLocation: sourceLocation)
  }

  @Test func glmModelFilesRoundTripInProcess() throws {
    let x: [[Double]] = [[0, 1], [1, 0.5], [2, 2], [3, 1.5], [4, 3], [5, 2.5]]
    let y: [Double] = [1, 3, 2, 6, 8, 12]
    let models: [AnyGLM] = [
      .poisson(try GeneralizedLinearModel<Poisson>.fit(features: x, response: y).model),
      .gaussian(
        try GeneralizedLinearModel<Normal>.fit(features: x, response: y, intercept: false).model),
      .gamma(try GeneralizedLinearModel<Gamma>.fit(features: x, response: y, link: .log).model),
      .bernoulli(
        try GeneralizedLinearModel<Bernoulli>.fit(
          features: x, response: [0, 1, 0, 1, 1, 0], link: .complementaryLogLog
        ).model),
      // (Eight rows: on `x` and `y`, and with an alternating second column,
      // the library's profile fit of α stops with "did not converge".)
      .negativeBinomial(
        try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
          features: zip(0..<8, [1, 0.5, 2, 1.5, 3, 2.5, 1, 0.5]).map { [Double($0), $1] },
          response: [0, 3, 1, 9, 2, 14, 4, 25]
        ).fit.model),
    ]
    let families: [FamilyName] = [.poisson, .gaussian, .gamma, .bernoulli, .negativeBinomial]
    for (family, model) in zip(families, models) {
      let file = GLMModelFile(
        family: family, target: "y", featureNames: ["a", "b"], offset: "o", exposure: nil,
        trials: nil, model: model)
      let bytes = [UInt8](try JSONEncoder().encode(file))
      guard case .glm(let read) = try SavedModel.decode(bytes, path: "m.json") else {
        Issue.record("not read as a GLM file")
        continue
      }
      #expect(read == file, "\(family)")
    }
  }

  /// Seeded mutations of a valid GLM file are read or refused with a data
  /// error, never a trap.
  @Test func mutatedGLMFilesAreReadOrRefused() throws {
    let valid = Array(
      """
      {"exposure":"hours","family":"negative-binomial","featureNames":["x"],"format":"probkit-glm",
      "model":{"coefficients":[0.367],"dispersion":1,"family":{"successes":2.5,"probability":0.5},
      "hasIntercept":true,"intercept":0.08,"link":"log"},"target":"y","version":1}
      """.utf8)
    guard case .glm = try SavedModel.decode(valid, path: "model.json") else {
      Issue.record("the valid file is not read")
      return
    }
    let interesting = Array(#"{}[],:"-0.5e9123abcnul1.5"#.utf8) + [0x00, 0xFF, 0x0A]
    var generator = RandomSource(seed: 13)
    var accepted = 0
    for _ in 0..<2_000 {
      var bytes = valid
      for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        let byte = interesting.randomElement(using: &generator) ?? 0
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes.insert(byte, at: position)
        case 1: bytes.remove(at: position)
        default: bytes[position] = byte
        }
      }
      do {
        guard case .glm(let file) = try SavedModel.decode(bytes, path: "fuzz.json") else {
          continue
        }
        accepted += 1
        #expect(file.featureNames.count == file.model.featureCount)
      } catch {
        #expect(error.status == .dataError)
        #expect(error.message.hasPrefix("fuzz.json"), "\(error.message)")
      }
    }
    #expect(accepted > 0)
  }
}
