// rng-benchmark: the per-draw cost of every `RandomSource.Algorithm` through
// ProbKit's public Swift API.
//
// For each algorithm and operation the benchmark times `reps` repetitions of
// `draws` draws (default 5 x 10 million) and reports the median and the best
// repetition in nanoseconds per draw. Every result is folded into a
// "blackhole" checksum that is printed at the end, so the optimiser cannot
// drop any draw. One warm-up run (a tenth of the draws) precedes each
// measurement; it also caps a repetition at about `--max-rep-seconds` (1 s),
// so the slow RANLUX generators run fewer draws (at least 1 million).
// Bulk fills draw whole 1e6-element buffers. Single-threaded.
//
// Usage:
//   rng-benchmark [--draws N] [--reps R] [--algorithms mt19937,taus2,...]
//                 [--operations next,uniform,...] [--max-rep-seconds S]
//                 [--json]
//
// Without --json it prints a Markdown table (algorithms x operations, median
// ns/draw); with --json it prints one JSON object for run-rng.sh to merge with
// numpy's numbers.

import Foundation
import ProbKit

// MARK: - Operations

/// What is measured.
///
/// The raw values are the keys run-rng.sh matches against numpy_rng.py's
/// output.
enum Operation: String, CaseIterable {
  case next = "next"
  case uniform = "uniform"
  case normal = "normal"
  case exponential = "exponential"
  case fillUniform = "fillUniform"
  case fillNormal = "fillNormal"
  case dieRoll = "intRandom0to6"

  /// How the operation is spelled in ProbKit's API.
  var swiftCall: String {
    switch self {
    case .next: "next() (64 bits)"
    case .uniform: "nextUniform()"
    case .normal: "nextStandardNormal()"
    case .exponential: "nextStandardExponential()"
    case .fillUniform: "fillUniform(_:) 1e6 buffer"
    case .fillNormal: "fillStandardNormal(_:) 1e6 buffer"
    case .dieRoll: "Int.random(in: 0..<6, using:)"
    }
  }
}

// MARK: - Timed loops
//
// Each loop is its own non-inlined function taking the source as an opaque
// argument, so the call sequence per draw is what user code compiled in
// another module gets. Results are XOR-folded by bit pattern: one cycle of
// latency, far less than any draw, and impossible to elide.

@inline(never)
func loopNext(_ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count { sink ^= source.next() }
  return sink
}

@inline(never)
func loopUniform(_ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count { sink ^= source.nextUniform().bitPattern }
  return sink
}

// The folds differ (xor, add, rotate-xor) only so that LLVM does not merge
// the three loops into one that calls the draw through a function pointer.

@inline(never)
func loopNormal(_ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count { sink &+= source.nextStandardNormal().bitPattern }
  return sink
}

@inline(never)
func loopExponential(_ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count {
    sink = (sink << 1 | sink >> 63) ^ source.nextStandardExponential().bitPattern
  }
  return sink
}

@inline(never)
func loopDieRoll(_ source: RandomSource, _ count: Int) -> UInt64 {
  var generator = source
  var sink: UInt64 = 0
  for _ in 0..<count {
    sink ^= UInt64(truncatingIfNeeded: Int.random(in: 0..<6, using: &generator))
    sink = sink &* 3  // keep every roll in the checksum, not just its parity
  }
  return sink
}

/// The bulk buffer, allocated once and reused: the fills measure generation,
/// not allocation.
let bulkSize = 1_000_000
nonisolated(unsafe) var bulkBuffer = [Double](repeating: 0, count: bulkSize)

/// Fills the buffer `count / bulkSize` times (at least once) and returns the
/// number of values drawn.
@inline(never)
func loopFill(_ source: RandomSource, _ count: Int, normal: Bool) -> (UInt64, Int) {
  let rounds = max(1, count / bulkSize)
  var sink: UInt64 = 0
  for _ in 0..<rounds {
    if normal {
      source.fillStandardNormal(&bulkBuffer)
    } else {
      source.fillUniform(&bulkBuffer)
    }
    sink ^=
      bulkBuffer[0].bitPattern ^ bulkBuffer[bulkSize / 2].bitPattern
      ^ bulkBuffer[bulkSize - 1].bitPattern
  }
  return (sink, rounds * bulkSize)
}

/// Runs `count` draws of `operation`; returns the checksum and the number of
/// draws actually made.
func run(_ operation: Operation, _ source: RandomSource, _ count: Int) -> (UInt64, Int) {
  switch operation {
  case .next: (loopNext(source, count), count)
  case .uniform: (loopUniform(source, count), count)
  case .normal: (loopNormal(source, count), count)
  case .exponential: (loopExponential(source, count), count)
  case .dieRoll: (loopDieRoll(source, count), count)
  case .fillUniform: loopFill(source, count, normal: false)
  case .fillNormal: loopFill(source, count, normal: true)
  }
}

// MARK: - Measurement

struct Measurement {
  var algorithm: RandomSource.Algorithm
  var operation: Operation
  var medianNanoseconds: Double
  var bestNanoseconds: Double
  var draws: Int
  var reps: Int
}

func nanoseconds(_ duration: Duration) -> Double {
  let (seconds, attoseconds) = duration.components
  return Double(seconds) * 1e9 + Double(attoseconds) * 1e-9
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

nonisolated(unsafe) var blackhole: UInt64 = 0

func measure(
  _ operation: Operation, _ algorithm: RandomSource.Algorithm, draws: Int, reps: Int,
  maxSecondsPerRep: Double
) -> Measurement {
  let source = RandomSource(seed: 42, algorithm: algorithm)
  let clock = ContinuousClock()
  // Warm-up: page in the buffer and code, settle the clock frequency, and
  // estimate the cost so that slow generators (ranlxd2, ranlux389) run fewer
  // draws per repetition: at most `maxSecondsPerRep`, at least one 1e6 block.
  var warmUpCount = 0
  let warmUp = clock.measure {
    let (sink, count) = run(operation, source, max(1, draws / 10))
    blackhole ^= sink
    warmUpCount = count
  }
  let estimate = nanoseconds(warmUp) / Double(warmUpCount)
  var count = draws
  if estimate * Double(draws) > maxSecondsPerRep * 1e9 {
    let affordable = Int(maxSecondsPerRep * 1e9 / estimate)
    count = max(bulkSize, affordable / bulkSize * bulkSize)
  }
  var perDraw: [Double] = []
  var drawsPerRep = count
  for _ in 0..<reps {
    var made = 0
    let elapsed = clock.measure {
      let (sink, drawn) = run(operation, source, count)
      blackhole ^= sink
      made = drawn
    }
    drawsPerRep = made
    perDraw.append(nanoseconds(elapsed) / Double(made))
  }
  return Measurement(
    algorithm: algorithm, operation: operation, medianNanoseconds: median(perDraw),
    bestNanoseconds: perDraw.min() ?? .nan, draws: drawsPerRep, reps: reps)
}

// MARK: - Command line

struct Options {
  var draws = 10_000_000
  var reps = 5
  var maxSecondsPerRep = 1.0
  var algorithms = RandomSource.Algorithm.allCases
  var operations = Operation.allCases
  var json = false
}

func usage() -> Never {
  let message = """
    usage: rng-benchmark [--draws N] [--reps R] [--algorithms a,b,...] \
    [--operations op,...] [--max-rep-seconds S] [--json]
      algorithms: \(RandomSource.Algorithm.allCases.map(\.rawValue).joined(separator: ","))
      operations: \(Operation.allCases.map(\.rawValue).joined(separator: ","))

    """
  FileHandle.standardError.write(Data(message.utf8))
  exit(2)
}

func parseOptions() -> Options {
  var options = Options()
  var arguments = CommandLine.arguments.dropFirst()[...]
  func value() -> String {
    guard let value = arguments.popFirst() else { usage() }
    return value
  }
  while let argument = arguments.popFirst() {
    switch argument {
    case "--draws":
      guard let n = Int(value().replacingOccurrences(of: "_", with: "")), n > 0 else { usage() }
      options.draws = n
    case "--reps":
      guard let n = Int(value()), n > 0 else { usage() }
      options.reps = n
    case "--algorithms":
      let names = value().split(separator: ",").map(String.init)
      let chosen = names.compactMap(RandomSource.Algorithm.init(rawValue:))
      guard chosen.count == names.count, !chosen.isEmpty else { usage() }
      options.algorithms = chosen
    case "--operations":
      let names = value().split(separator: ",").map(String.init)
      let chosen = names.compactMap(Operation.init(rawValue:))
      guard chosen.count == names.count, !chosen.isEmpty else { usage() }
      options.operations = chosen
    case "--max-rep-seconds":
      guard let seconds = Double(value()), seconds > 0 else { usage() }
      options.maxSecondsPerRep = seconds
    case "--json":
      options.json = true
    default:
      usage()
    }
  }
  return options
}

// MARK: - Output

func formatted(_ value: Double) -> String {
  String(format: value < 10 ? "%.2f" : (value < 100 ? "%.1f" : "%.0f"), value)
}

func printMarkdown(_ results: [Measurement], options: Options) {
  print(
    "ProbKit RandomSource, median ns per draw of \(options.reps) repetitions of "
      + "\(options.draws) draws (single-threaded, release build)\n")
  let header = ["algorithm"] + options.operations.map(\.swiftCall)
  print("| " + header.joined(separator: " | ") + " |")
  print("|" + ([":--"] + options.operations.map { _ in "--:" }).joined(separator: "|") + "|")
  for algorithm in options.algorithms {
    let cells = options.operations.map { operation in
      results.first { $0.algorithm == algorithm && $0.operation == operation }
        .map { formatted($0.medianNanoseconds) } ?? "-"
    }
    print("| " + ([algorithm.rawValue] + cells).joined(separator: " | ") + " |")
  }
}

func jsonString(_ string: String) -> String {
  "\""
    + string.replacingOccurrences(of: "\\", with: "\\\\")
    .replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

func printJSON(_ results: [Measurement], options: Options) {
  let rows = results.map { result in
    """
        {"algorithm": \(jsonString(result.algorithm.rawValue)), \
    "operation": \(jsonString(result.operation.rawValue)), \
    "call": \(jsonString(result.operation.swiftCall)), \
    "median_ns": \(result.medianNanoseconds), "best_ns": \(result.bestNanoseconds), \
    "draws": \(result.draws), "reps": \(result.reps)}
    """
  }
  print("{\n  \"tool\": \"rng-benchmark\",\n  \"results\": [")
  print(rows.joined(separator: ",\n"))
  print("  ]\n}")
}

// MARK: - Main

let options = parseOptions()
var results: [Measurement] = []
for algorithm in options.algorithms {
  for operation in options.operations {
    let result = measure(
      operation, algorithm, draws: options.draws, reps: options.reps,
      maxSecondsPerRep: options.maxSecondsPerRep)
    results.append(result)
    FileHandle.standardError.write(
      Data(
        "  \(algorithm.rawValue) \(operation.rawValue): \(formatted(result.medianNanoseconds)) ns/draw\n"
          .utf8))
  }
}
if options.json {
  printJSON(results, options: options)
} else {
  printMarkdown(results, options: options)
}
FileHandle.standardError.write(Data("blackhole checksum: \(blackhole)\n".utf8))
