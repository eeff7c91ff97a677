// Times GeneralizedLinearModel.fit on the data glm_peer.py writes (Poisson
// MLE, Poisson MAP with GaussianPrior(σ), Normal MLE) and prints JSON: median
// seconds, iterations, the coefficients (glm_peer.py computes every side's
// objective from them, the same way) and the peak RSS of the fits alone
// (VmHWM, reset through /proc/self/clear_refs after loading). run-glm.sh runs
// both sides and prints the table.
//
//   glm-benchmark --data DIR --rows N [--reps R] [--sigma S] [--cases poisson-mle,poisson-map,normal-mle]

import Foundation
import ProbKit

struct Options {
  var data = ""
  var rows = 200_000
  var reps = 3
  var sigma = 1.0
  var cases = ["poisson-mle", "poisson-map", "normal-mle"]

  init(_ arguments: [String]) {
    var iterator = arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
      switch argument {
      case "--data": data = iterator.next() ?? ""
      case "--rows": rows = Int(iterator.next() ?? "") ?? rows
      case "--reps": reps = Int(iterator.next() ?? "") ?? reps
      case "--sigma": sigma = Double(iterator.next() ?? "") ?? sigma
      case "--cases": cases = (iterator.next() ?? "").split(separator: ",").map(String.init)
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
}

func readDoubles(_ path: String) throws -> [Double] {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
}

/// Peak resident set size of this process in kB (VmHWM).
func peakKilobytes() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return -1
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
  }
  return -1
}

func currentKilobytes() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return -1
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
  }
  return -1
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0).
func resetPeak() {
  try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

func seconds(_ duration: Duration) -> Double {
  let (whole, attoseconds) = duration.components
  return Double(whole) + Double(attoseconds) * 1e-18
}

let options = Options(CommandLine.arguments)
var results: [[String: Any]] = []
do {
  let prefix = "\(options.data)/glm-\(options.rows)"
  let shape = try JSONDecoder().decode(
    Shape.self, from: Data(contentsOf: URL(fileURLWithPath: "\(prefix).json")))
  // One row-major matrix, as numpy's arrays are for the peers (the fit
  // standardises its own copy).
  let features = try FeatureMatrix(
    rows: shape.rows, columns: shape.features, values: readDoubles("\(prefix).X"))
  let counts = try readDoubles("\(prefix).counts")
  let gaussian = try readDoubles("\(prefix).gaussian")
  let prior = try GaussianPrior(standardDeviation: options.sigma)
  for name in options.cases {
    var times: [Double] = []
    var coefficients: [Double] = []
    var intercept = 0.0
    var iterations = 0
    resetPeak()
    let baseline = currentKilobytes()
    for _ in 0..<options.reps {
      let clock = ContinuousClock()
      var elapsed = Duration.zero
      switch name {
      case "poisson-mle", "poisson-map":
        var fit: GeneralizedLinearFit<Poisson>?
        elapsed = try clock.measure {
          fit = try GeneralizedLinearModel<Poisson>.fit(
            features: features, response: counts,
            estimator: name == "poisson-mle" ? .mle : .map(prior))
        }
        coefficients = fit!.model.coefficients
        intercept = fit!.model.intercept
        iterations = fit!.iterations
      case "normal-mle":
        var fit: GeneralizedLinearFit<Normal>?
        elapsed = try clock.measure {
          fit = try GeneralizedLinearModel<Normal>.fit(features: features, response: gaussian)
        }
        coefficients = fit!.model.coefficients
        intercept = fit!.model.intercept
        iterations = fit!.iterations
      default:
        FileHandle.standardError.write(Data("unknown case \(name)\n".utf8))
        exit(64)
      }
      times.append(seconds(elapsed))
    }
    let peak = peakKilobytes()
    results.append([
      "case": name, "seconds": times.sorted()[times.count / 2], "times": times,
      "iterations": iterations, "coefficients": coefficients, "intercept": intercept,
      "baselineKB": baseline, "peakKB": peak, "extraMB": Double(peak - baseline) / 1024,
    ])
  }
  let json = try JSONSerialization.data(
    withJSONObject: ["probkit": results, "rows": shape.rows, "features": shape.features],
    options: [.sortedKeys])
  print(String(decoding: json, as: UTF8.self))
} catch {
  FileHandle.standardError.write(Data("glm-benchmark: \(error)\n".utf8))
  exit(1)
}
