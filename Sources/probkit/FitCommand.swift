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
        `probkit predict`.

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

    @Option(help: "The prior's standard deviation σ for map (scikit-learn's C = σ²).")
    var priorSd: Double = 1

    @Option(help: "automatic, lbfgs, newton or trust (trust-region Newton).")
    var optimizer: OptimizerName = .automatic

    @Option(help: "Write the fitted model to this file.")
    var save: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
      guard priorSd.isFinite, priorSd > 0 else {
        throw ValidationError("--prior-sd must be finite and > 0, got \(priorSd)")
      }
    }

    func run() throws {
      do {
        let table = try LabelledTable(url: URL(fileURLWithPath: data), target: target)
        let classes = ClassLabels(sorting: table.targets)
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
        let fit = try SoftmaxRegression.fit(
          features: FeatureMatrix(table.features), labels: labels, classCount: classes.count,
          estimator: estimator == .mle ? .mle : .map(GaussianPrior(standardDeviation: priorSd)),
          options: options)
        let squares = fit.model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }
        let objective =
          -fit.logLikelihood + (estimator == .map ? squares / (2 * priorSd * priorSd) : 0)
        if let save {
          try ModelFile(
            featureNames: table.featureNames, classes: classes.classes, model: fit.model
          )
          .write(save)
        }
        if json {
          let report = Report(
            format: "probkit-fit", classes: classes.classes, featureNames: table.featureNames,
            coefficients: fit.model.coefficients, intercepts: fit.model.intercepts,
            logLikelihood: fit.logLikelihood, logPrior: fit.logPrior, objective: objective,
            iterations: fit.optimization?.iterations ?? 0,
            converged: fit.optimization?.converged ?? true)
          let encoder = JSONEncoder()
          encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
          print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
          printTable(fit, table.featureNames, classes.classes, objective)
        }
      } catch let error as DataError {
        throw fail(error.message, code: error.code)
      } catch let error as FitError {
        throw fail("\(error)", code: 65)
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
    ) {
      let width = max(9, (classes.map(\.count).max() ?? 0) + 2)
      print("softmax regression, \(estimator == .mle ? "MLE" : "MAP with σ = \(priorSd)")")
      print(
        "class".padding(toLength: width, withPad: " ", startingAt: 0)
          + (features + ["(intercept)"]).map {
            $0.padding(toLength: 14, withPad: " ", startingAt: 0)
          }
          .joined())
      for (k, name) in classes.enumerated() {
        let values = fit.model.coefficients[k] + [fit.model.intercepts[k]]
        print(
          name.padding(toLength: width, withPad: " ", startingAt: 0)
            + values.map { String(format: "%-14.6g", $0) }.joined())
      }
      print("log-likelihood: \(fit.logLikelihood)")
      if let logPrior = fit.logPrior { print("log-prior: \(logPrior)") }
      print("objective: \(objective)")
      print(
        "iterations: \(fit.optimization?.iterations ?? 0), converged: \(fit.optimization?.converged ?? true)"
      )
    }
  }
}

/// Writes one line to standard error and returns the exit code to throw.
func fail(_ message: String, code: Int32) -> ExitCode {
  FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
  return ExitCode(code)
}
