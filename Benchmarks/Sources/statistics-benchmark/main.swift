// Times building categorical sufficient statistics (a counting pass) from
// [Int] labels, the way a user does it:
//
//   let statistics = try Categorical.Statistics(labels, categoryCount: k)
//
// Prints one JSON object (--json) or a table: observations per second for
// each category count, the median over repetitions, beside a plain sum of the
// same array (the rate at which this machine can read it at all: the memory
// bandwidth bound). numpy_statistics.py times numpy's bincount on the same
// labels; run-statistics.sh runs both.

import Foundation
import ProbKit

struct Options {
  var observations = 100_000_000
  var reps = 7
  var categoryCounts = [2, 6, 100, 10_000]
  var json = false

  init(_ arguments: [String]) {
    var iterator = arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
      switch argument {
      case "--observations": observations = Int(iterator.next() ?? "") ?? observations
      case "--reps": reps = Int(iterator.next() ?? "") ?? reps
      case "--categories":
        categoryCounts = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
      case "--json": json = true
      default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(64)
      }
    }
  }
}

/// The same labels numpy_statistics.py builds: a SplitMix64 stream reduced
/// modulo k (the values need not match numpy's; the counting cost does not
/// depend on them beyond their spread).
func labels(count: Int, categories: Int) -> [Int] {
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  return (0..<count).map { _ in
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Int(z % UInt64(categories))
  }
}

/// The wrapping sum of the labels: one read of the array, no counting.
@inline(never)
func plainSum(_ data: [Int]) -> Int {
  var sum = 0
  for label in data { sum &+= label }
  return sum
}

func nanoseconds(_ duration: Duration) -> Double {
  let (seconds, attoseconds) = duration.components
  return Double(seconds) * 1e9 + Double(attoseconds) * 1e-9
}

let options = Options(CommandLine.arguments)
var results: [[String: Double]] = []
nonisolated(unsafe) var blackhole = 0.0
for k in options.categoryCounts {
  let data = labels(count: options.observations, categories: k)
  var times: [Double] = []
  for _ in 0..<options.reps {
    let clock = ContinuousClock()
    var statistics: Categorical.Statistics?
    let elapsed = clock.measure {
      statistics = try? Categorical.Statistics(data, categoryCount: k)
    }
    guard let statistics else {
      FileHandle.standardError.write(Data("counting failed\n".utf8))
      exit(1)
    }
    blackhole += statistics.totalWeight
    times.append(nanoseconds(elapsed))
  }
  var sumTimes: [Double] = []
  for _ in 0..<options.reps {
    let clock = ContinuousClock()
    var sum = 0
    let elapsed = clock.measure { sum = plainSum(data) }
    blackhole += Double(sum & 1)
    sumTimes.append(nanoseconds(elapsed))
  }
  let median = times.sorted()[times.count / 2]
  let sumMedian = sumTimes.sorted()[sumTimes.count / 2]
  results.append([
    "categories": Double(k), "seconds": median / 1e9,
    "observationsPerSecond": Double(options.observations) / (median / 1e9),
    "plainSumPerSecond": Double(options.observations) / (sumMedian / 1e9),
  ])
}
if options.json {
  let data = try JSONSerialization.data(
    withJSONObject: ["probkit": results], options: [.sortedKeys])
  print(String(decoding: data, as: UTF8.self))
} else {
  print("| categories | ProbKit observations/s | plain sum values/s |")
  print("|--:|--:|--:|")
  for row in results {
    let counted = String(format: "%.3g", row["observationsPerSecond"] ?? 0)
    let summed = String(format: "%.3g", row["plainSumPerSecond"] ?? 0)
    print("| \(Int(row["categories"] ?? 0)) | \(counted) | \(summed) |")
  }
}
FileHandle.standardError.write(Data("blackhole \(blackhole)\n".utf8))
