import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit fit`: softmax (logistic) regression from a CSV file.
  struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fit",
      abstract: "Fit softmax (logistic) regression to a CSV file.",
      discussion: """
        DATA.csv has a header row; --target names the label column (any text: class \
        labels are sorted), every other column must be numeric. Prints the classes, \
        coefficients, intercepts, log-likelihood, log-prior, objective, iterations and \
        convergence, as a table or, with --json, as JSON with the fields format, \
        classes, featureNames, coefficients, intercepts, logLikelihood, logPrior, \
        objective, iterations, converged. --save writes a versioned model file for \
        `probkit predict`, atomically (a failed write leaves the old file intact). \
        --prior-sd must be in [1e-8, 1e8].

        CSV is read strictly: RFC 4180 (quoted fields, "" for a quote, LF or CRLF), \
        UTF-8 without NUL bytes, distinct non-empty column names, as many fields in \
        every row as in the header, no empty labels; blank lines at the end are \
        ignored. Errors name the file, the row (as an editor numbers lines, the \
        header being row 1) and the column.

        Examples:
          probkit fit iris.csv --target species --estimator map --prior-sd 1
          probkit fit data.csv --target y --estimator mle --save model.json --json
        """
    )

    /// The estimators.
    enum EstimatorName: String, ExpressibleByArgument, CaseIterable {
      case mle, map
    }

    /// The optimisers.
    enum OptimizerName: String, ExpressibleByArgument, CaseIterable {
      case automatic, lbfgs, newton, trust
    }

    @Argument(help: "The CSV file (with a header row).")
    var data: String

    @Option(help: "The label column.")
    var target: String

    @Option(help: "mle or map (Gaussian prior on the weights).")
    var estimator: EstimatorName = .map

    @Option(
      parsing: .unconditional,
      help: "The prior's standard deviation σ for map (scikit-learn's C = σ²).")
    var priorSd: Double = 1

    @Option(help: "automatic, lbfgs, newton or trust (trust-region Newton).")
    var optimizer: OptimizerName = .automatic

    @Option(help: "Write the fitted model to this file.")
    var save: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
      try PriorWidth.check(priorSd)
      if save?.isEmpty == true { throw ValidationError("--save needs a file name") }
    }

    func run() throws {
      let table = try LabelledTable(path: data, target: target)
      try table.checkFittable(path: data, target: target)
      let classes = ClassLabels(sorting: table.targets)
      let fit: ProbKit.Fit<SoftmaxRegression>
      do {
        let labels = try classes.indices(of: table.targets)
        let options = SoftmaxRegression.Options(
          optimizer: {
            switch optimizer {
            case .automatic: .automatic
            case .lbfgs: .lbfgs
            case .newton: .newton
            case .trust: .trustRegionNewton
            }
          }(), progress: progress.reporter)
        fit = try SoftmaxRegression.fit(
          features: FeatureMatrix(table.features), labels: labels, classCount: classes.count,
          estimator: estimator == .mle ? .mle : .map(GaussianPrior(standardDeviation: priorSd)),
          options: options)
      } catch {
        throw CommandError(error, about: data)
      }
      // The objective the fit minimised: -log L, plus the prior's penalty.
      let objective =
        -fit.logLikelihood
        + (estimator == .map
          ? try GaussianPrior(standardDeviation: priorSd).penalty(of: fit.model) : 0)
      // The bounds on σ keep these finite; a non-finite value would be a
      // library fault, never printed as a result.
      guard fit.logLikelihood.isFinite, fit.logPrior?.isFinite ?? true, objective.isFinite else {
        throw CommandError(
          "\(data): the fit gave a non-finite result (log-likelihood \(fit.logLikelihood), "
            + "log-prior \(fit.logPrior.map { "\($0)" } ?? "none"), objective \(objective))",
          .software)
      }
      if let save {
        try ModelFile(featureNames: table.featureNames, classes: classes.classes, model: fit.model)
          .write(save)
      }
      if json {
        let report = Report(
          format: "probkit-fit", classes: classes.classes, featureNames: table.featureNames,
          coefficients: fit.model.coefficients, intercepts: fit.model.intercepts,
          logLikelihood: fit.logLikelihood, logPrior: fit.logPrior, objective: objective,
          iterations: fit.optimization?.iterations ?? 0,
          converged: fit.optimization?.converged ?? true)
        try Console.print(JSONOutput.encode(report))
      } else {
        try printTable(fit, table.featureNames, classes.classes, objective)
      }
    }

    /// The `--json` report; field names are stable.
    struct Report: Encodable {
      let format: String
      let classes: [String]
      let featureNames: [String]
      let coefficients: [[Double]]
      let intercepts: [Double]
      let logLikelihood: Double
      let logPrior: Double?
      let objective: Double
      let iterations: Int
      let converged: Bool
    }

    private func printTable(
      _ fit: ProbKit.Fit<SoftmaxRegression>, _ features: [String], _ classes: [String],
      _ objective: Double
    ) throws {
      let width = max(9, (classes.map(\.count).max() ?? 0) + 2)
      try Console.print(
        "softmax regression, \(estimator == .mle ? "MLE" : "MAP with σ = \(priorSd)")")
      try Console.print(
        "class".padding(toLength: width, withPad: " ", startingAt: 0)
          + (features + ["(intercept)"]).map {
            $0.padding(toLength: 14, withPad: " ", startingAt: 0)
          }
          .joined())
      for (k, name) in classes.enumerated() {
        let values = fit.model.coefficients[k] + [fit.model.intercepts[k]]
        try Console.print(
          name.padding(toLength: width, withPad: " ", startingAt: 0)
            + values.map { String(format: "%-14.6g", $0) }.joined())
      }
      try Console.print("log-likelihood: \(fit.logLikelihood)")
      if let logPrior = fit.logPrior { try Console.print("log-prior: \(logPrior)") }
      try Console.print("objective: \(objective)")
      try Console.print(
        "iterations: \(fit.optimization?.iterations ?? 0), converged: \(fit.optimization?.converged ?? true)"
      )
    }
  }
}

/// The prior widths σ `fit` and `compare` accept.
enum PriorWidth {
  /// The widths accepted: [1e-8, 1e8].
  ///
  /// In this range the prior's precision 1/σ² is within
  /// about 1/ε = 4.5e15 of the unit curvature the standardised features give
  /// the log-likelihood, so neither term vanishes in rounding. Further out
  /// the fit is the prior alone (all weights 0) or the MLE alone, and at the
  /// extremes σ² underflows to 0 or overflows (a NaN log-likelihood, an
  /// infinite log-prior).
  static let range = 1e-8...1e8

  static func check(_ sigma: Double) throws {
    guard range.contains(sigma) else {
      throw ValidationError("--prior-sd must be in [1e-08, 1e+08], got \(sigma)")
    }
  }
}
