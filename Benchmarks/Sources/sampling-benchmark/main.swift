// sampling-benchmark: the per-draw cost of ProbKit's distribution samplers,
// `d.sample(using: source)` and `d.sample(count:using:)`, through the public
// Swift API.
//
// Its twin, Benchmarks/gsl_sampling.c, makes the same draws by calling GSL
// from C, with the same generator, seed, draw counts and checksum folds, so
// run-sampling.sh can put the two side by side (and check that both drew the
// same numbers: the checksums agree for every case whose ProbKit sampler is
// the GSL call itself).
//
// For each case a fresh `RandomSource(seed: 42, algorithm:)` makes one warm-up
// run (a tenth of the draws) and then `reps` repetitions of `draws` draws
// (default 5 x 5 million); the report is the median and the best repetition in
// nanoseconds per draw, plus every repetition's figure (run-sampling.sh pools
// them over several alternating runs). Every result is folded into a
// per-case checksum, all of them into a "blackhole" printed at the end, so the
// optimiser cannot drop any draw. Bulk cases call `sample(count: 1_000_000,
// using:)` (a fresh array each call, as a user gets) until `draws` values are
// drawn. Single-threaded.
//
// Usage:
//   sampling-benchmark [--draws N] [--reps R] [--cases key,key/algorithm,...]
//                      [--json] [--list]
//
// Without --json it prints a Markdown table (median ns/draw); with --json one
// JSON object for run-sampling.sh to merge with the C and numpy numbers.

import Foundation
import ProbKit

// MARK: - Timed loops
//
// Each loop is its own non-inlined function taking the distribution and the
// source as opaque arguments, so the code per draw is what user code compiled
// in another module gets from the inlinable `sample(using:)`. The folds match
// gsl_sampling.c's one for one (so the checksums can be compared), and differ
// from loop to loop so that LLVM cannot merge two loops into one that calls
// the sampler through an extra function pointer.

@inline(never)
func loopNormal(_ d: Normal, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count { sink &+= d.sample(using: source).bitPattern }
  return sink
}

@inline(never)
func loopGamma(_ d: Gamma, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count { sink ^= d.sample(using: source).bitPattern }
  return sink
}

@inline(never)
func loopBeta(_ d: Beta, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count {
    sink = (sink << 1 | sink >> 63) ^ d.sample(using: source).bitPattern
  }
  return sink
}

@inline(never)
func loopExponential(_ d: Exponential, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count { sink = sink &* 3 &+ d.sample(using: source).bitPattern }
  return sink
}

@inline(never)
func loopPoisson(_ d: Poisson, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count {
    sink = sink &* 31 &+ UInt64(truncatingIfNeeded: d.sample(using: source))
  }
  return sink
}

@inline(never)
func loopBernoulli(_ d: Bernoulli, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count {
    sink = sink &* 5 &+ UInt64(truncatingIfNeeded: d.sample(using: source))
  }
  return sink
}

@inline(never)
func loopDirichlet(_ d: Dirichlet, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  for _ in 0..<count {
    let theta = d.sample(using: source)
    sink = sink &* 7 &+ (theta[0].bitPattern ^ theta[theta.count - 1].bitPattern)
  }
  return sink
}

/// Values per bulk call.
let bulkSize = 1_000_000

/// `sample(into: &theta, using:)`: each 3-vector written into one reused array.
@inline(never)
func loopDirichletInto(_ d: Dirichlet, _ source: RandomSource, _ count: Int) -> UInt64 {
  var sink: UInt64 = 0
  var theta: [Double] = []
  for _ in 0..<count {
    d.sample(into: &theta, using: source)
    sink = sink &* 7 &+ (theta[0].bitPattern ^ theta[theta.count - 1].bitPattern)
  }
  return sink
}

/// Folds three values of a bulk result (first, middle, last).
@inline(__always)
func fold(_ values: [Double]) -> UInt64 {
  values[0].bitPattern ^ values[bulkSize / 2].bitPattern ^ values[bulkSize - 1].bitPattern
}

/// Calls `sample(count: bulkSize, using:)` `count / bulkSize` times (at least
/// once); returns the checksum and the number of values drawn.
@inline(never)
func loopBulkNormal(_ d: Normal, _ source: RandomSource, _ count: Int) -> (UInt64, Int) {
  let rounds = max(1, count / bulkSize)
  var sink: UInt64 = 0
  for _ in 0..<rounds { sink ^= fold(d.sample(count: bulkSize, using: source)) }
  return (sink, rounds * bulkSize)
}

@inline(never)
func loopBulkGamma(_ d: Gamma, _ source: RandomSource, _ count: Int) -> (UInt64, Int) {
  let rounds = max(1, count / bulkSize)
  var sink: UInt64 = 0
  for _ in 0..<rounds {
    sink = (sink << 1 | sink >> 63) ^ fold(d.sample(count: bulkSize, using: source))
  }
  return (sink, rounds * bulkSize)
}

// MARK: - Cases

/// A timed loop: given the source and the number of draws, returns the
/// checksum and the number of draws made.
typealias TimedLoop = (RandomSource, Int) -> (UInt64, Int)

/// One benchmarked call: a key shared with gsl_sampling.c and numpy_sampling.py,
/// the generator, and the timed loop.
struct Case {
  var key: String
  var algorithm: RandomSource.Algorithm
  var call: String
  var run: TimedLoop

  var id: String { "\(key)/\(algorithm.rawValue)" }
}

/// A single-draw loop as a ``TimedLoop`` (it always makes `count` draws).
func single(_ loop: @escaping (RandomSource, Int) -> UInt64) -> TimedLoop {
  { source, count in (loop(source, count), count) }
}

/// The cases, in table order.
///
/// The distributions are built here, outside the timed loops, and passed in
/// as arguments.
func allCases() throws -> [Case] {
  let normal = try Normal(mean: 0, standardDeviation: 1)
  let gamma25 = try Gamma(shape: 2.5, rate: 1)
  let gamma05 = try Gamma(shape: 0.5, rate: 1)
  let beta23 = try Beta(alpha: 2, beta: 3)
  let beta0505 = try Beta(alpha: 0.5, beta: 0.5)
  let exponential = try Exponential(rate: 1)
  let poisson35 = try Poisson(rate: 3.5)
  let poisson100 = try Poisson(rate: 100)
  let bernoulli = try Bernoulli(probability: 0.3)
  let dirichlet = try Dirichlet(alphas: [1, 2, 3])

  var cases: [Case] = []
  for algorithm in [RandomSource.Algorithm.taus2, .mt19937] {
    cases.append(
      Case(
        key: "normal", algorithm: algorithm, call: "Normal(0, 1).sample(using:)",
        run: single { loopNormal(normal, $0, $1) }))
    cases.append(
      Case(
        key: "gamma2.5", algorithm: algorithm, call: "Gamma(shape: 2.5, rate: 1).sample(using:)",
        run: single { loopGamma(gamma25, $0, $1) }))
  }
  let taus2 = RandomSource.Algorithm.taus2
  cases += [
    Case(
      key: "gamma0.5", algorithm: taus2, call: "Gamma(shape: 0.5, rate: 1).sample(using:)",
      run: single { loopGamma(gamma05, $0, $1) }),
    Case(
      key: "beta2-3", algorithm: taus2, call: "Beta(2, 3).sample(using:)",
      run: single { loopBeta(beta23, $0, $1) }),
    Case(
      key: "beta0.5-0.5", algorithm: taus2, call: "Beta(0.5, 0.5).sample(using:)",
      run: single { loopBeta(beta0505, $0, $1) }),
    Case(
      key: "exponential", algorithm: taus2, call: "Exponential(rate: 1).sample(using:)",
      run: single { loopExponential(exponential, $0, $1) }),
    Case(
      key: "poisson3.5", algorithm: taus2, call: "Poisson(rate: 3.5).sample(using:)",
      run: single { loopPoisson(poisson35, $0, $1) }),
    Case(
      key: "poisson100", algorithm: taus2, call: "Poisson(rate: 100).sample(using:)",
      run: single { loopPoisson(poisson100, $0, $1) }),
    Case(
      key: "bernoulli0.3", algorithm: taus2, call: "Bernoulli(probability: 0.3).sample(using:)",
      run: single { loopBernoulli(bernoulli, $0, $1) }),
    Case(
      key: "dirichlet1-2-3", algorithm: taus2, call: "Dirichlet(alphas: [1, 2, 3]).sample(using:)",
      run: single { loopDirichlet(dirichlet, $0, $1) }),
    Case(
      key: "dirichletInto1-2-3", algorithm: taus2,
      call: "Dirichlet(alphas: [1, 2, 3]).sample(into: &theta, using:)",
      run: single { loopDirichletInto(dirichlet, $0, $1) }),
  ]
  for algorithm in [RandomSource.Algorithm.taus2, .mt19937] {
    cases.append(
      Case(
        key: "bulkNormal", algorithm: algorithm, call: "Normal(0, 1).sample(count: 1e6, using:)",
        run: { loopBulkNormal(normal, $0, $1) }))
    cases.append(
      Case(
        key: "bulkGamma2.5", algorithm: algorithm,
        call: "Gamma(shape: 2.5, rate: 1).sample(count: 1e6, using:)",
        run: { loopBulkGamma(gamma25, $0, $1) }))
  }
  return cases
}

// MARK: - Measurement

struct Measurement {
  var testCase: Case
  var perRepNanoseconds: [Double]
  var draws: Int
  var checksum: UInt64

  var medianNanoseconds: Double { median(perRepNanoseconds) }
  var bestNanoseconds: Double { perRepNanoseconds.min() ?? .nan }
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

func measure(_ testCase: Case, draws: Int, reps: Int) -> Measurement {
  // A fresh source per case, so that gsl_sampling.c draws the same numbers.
  let source = RandomSource(seed: 42, algorithm: testCase.algorithm)
  let clock = ContinuousClock()
  // Warm-up: page in code and buffers, settle the clock frequency.
  var (checksum, _) = testCase.run(source, max(1, draws / 10))
  var perDraw: [Double] = []
  var made = 0
  for _ in 0..<reps {
    var sink: UInt64 = 0
    let elapsed = clock.measure { (sink, made) = testCase.run(source, draws) }
    checksum ^= sink
    perDraw.append(nanoseconds(elapsed) / Double(made))
  }
  blackhole ^= checksum
  return Measurement(
    testCase: testCase, perRepNanoseconds: perDraw, draws: made, checksum: checksum)
}

// MARK: - Command line

struct Options {
  var draws = 5_000_000
  var reps = 5
  var selection: [String] = []
  var json = false
  var list = false
}

func usage() -> Never {
  let message = """
    usage: sampling-benchmark [--draws N] [--reps R] [--cases key,key/algorithm,...] \
    [--json] [--list]

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
    case "--cases":
      options.selection = value().split(separator: ",").map(String.init)
    case "--json":
      options.json = true
    case "--list":
      options.list = true
    default:
      usage()
    }
  }
  return options
}

/// A case is selected by its key (all algorithms) or by key/algorithm.
func selected(_ testCase: Case, _ selection: [String]) -> Bool {
  selection.isEmpty || selection.contains(testCase.key) || selection.contains(testCase.id)
}

// MARK: - Output

func formatted(_ value: Double) -> String {
  String(format: value < 10 ? "%.2f" : (value < 100 ? "%.1f" : "%.0f"), value)
}

func jsonString(_ string: String) -> String {
  "\""
    + string.replacingOccurrences(of: "\\", with: "\\\\")
    .replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

func printJSON(_ results: [Measurement], options: Options) {
  let rows = results.map { result in
    """
        {"case": \(jsonString(result.testCase.key)), \
    "algorithm": \(jsonString(result.testCase.algorithm.rawValue)), \
    "call": \(jsonString(result.testCase.call)), \
    "median_ns": \(result.medianNanoseconds), "best_ns": \(result.bestNanoseconds), \
    "per_rep_ns": [\(result.perRepNanoseconds.map { "\($0)" }.joined(separator: ", "))], \
    "draws": \(result.draws), "reps": \(options.reps), "checksum": "\(result.checksum)"}
    """
  }
  print("{\n  \"tool\": \"sampling-benchmark\",\n  \"results\": [")
  print(rows.joined(separator: ",\n"))
  print("  ]\n}")
}

func printMarkdown(_ results: [Measurement], options: Options) {
  print(
    "ProbKit sampling, median ns per draw of \(options.reps) repetitions of "
      + "\(options.draws) draws (single-threaded, release build)\n")
  print("| case | algorithm | call | ns/draw |")
  print("|:--|:--|:--|--:|")
  for result in results {
    print(
      "| \(result.testCase.key) | \(result.testCase.algorithm.rawValue) | `\(result.testCase.call)` "
        + "| \(formatted(result.medianNanoseconds)) |")
  }
}

// MARK: - Main

let options = parseOptions()
let cases: [Case]
do {
  cases = try allCases().filter { selected($0, options.selection) }
} catch {
  FileHandle.standardError.write(Data("sampling-benchmark: \(error)\n".utf8))
  exit(1)
}
if options.list {
  for testCase in cases { print(testCase.id) }
  exit(0)
}
guard !cases.isEmpty else { usage() }
var results: [Measurement] = []
for testCase in cases {
  let result = measure(testCase, draws: options.draws, reps: options.reps)
  results.append(result)
  FileHandle.standardError.write(
    Data("  ProbKit \(testCase.id): \(formatted(result.medianNanoseconds)) ns/draw\n".utf8))
}
if options.json {
  printJSON(results, options: options)
} else {
  printMarkdown(results, options: options)
}
FileHandle.standardError.write(Data("blackhole checksum: \(blackhole)\n".utf8))
