// Times SoftmaxRegression.fit (MAP, σ² = 1, default options; the features as a
// FeatureMatrix, the way to pass large data) on the data sets
// sklearn_softmax.py writes, and prints JSON: median seconds, iterations and
// the objective f = -Σ log p(y|x) + ‖W‖²/(2σ²) (the scale sklearn_softmax.py
// reports scikit-learn's in). run-softmax.sh runs both and prints the table.
//
//   softmax-benchmark --data DIR [--reps R] [--sets digits,synthetic]
//                     [--optimizer automatic|lbfgs|newton|trust] [--tolerance G]

import Foundation
import ProbKit

struct Options {
  var data = ""
  var reps = 3
  var sets = ["digits", "synthetic"]
  var optimizer = SoftmaxRegression.Optimizer.automatic
  var gradientTolerance = SoftmaxRegression.Options().gradientTolerance

  init(_ arguments: [String]) {
    var iterator = arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
      switch argument {
      case "--data": data = iterator.next() ?? ""
      case "--reps": reps = Int(iterator.next() ?? "") ?? reps
      case "--sets": sets = (iterator.next() ?? "").split(separator: ",").map(String.init)
      case "--tolerance": gradientTolerance = Double(iterator.next() ?? "") ?? gradientTolerance
      case "--optimizer":
        switch iterator.next() {
        case "lbfgs": optimizer = .lbfgs
        case "newton": optimizer = .newton
        case "trust": optimizer = .trustRegionNewton
        default: optimizer = .automatic
        }
      default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(64)
      }
    }
  }
}

struct Shape: Decodable {
  let rows: Int
  let features: Int
  let classes: Int
}

/// The data set as a FeatureMatrix (the fit uses its storage without a copy).
func load(_ directory: String, _ name: String) throws -> (FeatureMatrix, [Int], Shape) {
  let shape = try JSONDecoder().decode(
    Shape.self, from: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).json")))
  let featureData = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).features"))
  let labelData = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).labels"))
  let flat = featureData.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
  let labels = labelData.withUnsafeBytes { $0.bindMemory(to: Int64.self).map { Int($0) } }
  return (try FeatureMatrix(rows: shape.rows, columns: shape.features, values: flat), labels, shape)
}

func seconds(_ duration: Duration) -> Double {
  let (whole, attoseconds) = duration.components
  return Double(whole) + Double(attoseconds) * 1e-18
}

let options = Options(CommandLine.arguments)
var results: [[String: Any]] = []
do {
  for name in options.sets {
    let (features, labels, _) = try load(options.data, name)
    let prior = try GaussianPrior(standardDeviation: 1)
    var times: [Double] = []
    var last: Fit<SoftmaxRegression>?
    for _ in 0..<options.reps {
      let clock = ContinuousClock()
      var fit: Fit<SoftmaxRegression>?
      let elapsed = try clock.measure {
        fit = try SoftmaxRegression.fit(
          features: features, labels: labels, estimator: .map(prior),
          options: .init(
            optimizer: options.optimizer, gradientTolerance: options.gradientTolerance))
      }
      times.append(seconds(elapsed))
      last = fit
    }
    guard let fit = last else { continue }
    let squares = fit.model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }
    let objective = -fit.logLikelihood + squares / 2
    results.append([
      "set": name, "seconds": times.sorted()[times.count / 2],
      "iterations": fit.optimization?.iterations ?? 0, "objective": objective,
      "evaluations": fit.optimization?.functionEvaluations ?? 0,
      "gradientEvaluations": fit.optimization?.gradientEvaluations ?? 0,
    ])
  }
  let json = try JSONSerialization.data(
    withJSONObject: ["probkit": results], options: [.sortedKeys])
  print(String(decoding: json, as: UTF8.self))
} catch {
  FileHandle.standardError.write(Data("softmax-benchmark: \(error)\n".utf8))
  exit(1)
}
