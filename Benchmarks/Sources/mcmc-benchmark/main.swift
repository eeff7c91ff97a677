// Samples the posteriors of mcmc_peer.py with ProbKit's NUTS (HMCSampler's
// defaults: 1000 warmup, 1000 draws, target acceptance 0.8, diagonal
// metric), 4 chains one after the other (chain c: seed + c), with
// hand-written gradients; writes each model's draws (float64, chains × draws
// × parameters) next to the peers' and prints JSON (wall seconds, warmup
// included; names; divergences; leapfrog steps). mcmc_peer.py computes every
// side's ESS from the draws, the same way. run-mcmc.sh runs everything.
//
//   mcmc-benchmark --data DIR --out DIR [--models eight-schools,logistic,gaussian]
//                  [--seed S] [--kernels fast|loop]
//   mcmc-benchmark --data DIR --gradient [--kernels fast|loop] [--evaluations N] [--reps R]
//
// --kernels picks the data models' hand gradients: "fast" (SIMD8 lanes, see
// logisticColumns and gaussianSIMD) or "loop" (plain loops over the rows).
// --gradient times one evaluation of the logistic-regression log density and
// its gradient (5,000 × 20) through LogDensity.logDensityAndGradient, the
// call the sampler makes (the fastest of R repetitions of N evaluations);
// logistic_gradient.c times the same loops in C.

import Foundation
import ProbKit

struct Options {
  var data = ""
  var out = ""
  var models = ["eight-schools", "logistic", "gaussian"]
  var seed: UInt32 = 42
  var gradient = false
  var evaluations = 20_000
  var reps = 7
  /// "fast" (SIMD, one log per block) or "loop" (plain loops over rows).
  var kernels = "fast"

  init(_ arguments: [String]) {
    var iterator = arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
      switch argument {
      case "--data": data = iterator.next() ?? ""
      case "--out": out = iterator.next() ?? ""
      case "--models": models = (iterator.next() ?? "").split(separator: ",").map(String.init)
      case "--seed": seed = UInt32(iterator.next() ?? "") ?? seed
      case "--gradient": gradient = true
      case "--evaluations": evaluations = Int(iterator.next() ?? "") ?? evaluations
      case "--reps": reps = Int(iterator.next() ?? "") ?? reps
      case "--kernels": kernels = iterator.next() ?? kernels
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
  let gaussianDimension: Int
}

struct Schools: Decodable {
  let y: [Double]
  let sigma: [Double]
}

func readDoubles(_ path: String, count: Int) -> [Double] {
  guard let data = FileManager.default.contents(atPath: path), data.count == count * 8 else {
    FileHandle.standardError.write(Data("cannot read \(count) doubles from \(path)\n".utf8))
    exit(66)
  }
  return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
}

func decode<T: Decodable>(_ type: T.Type, _ path: String) -> T {
  guard let data = FileManager.default.contents(atPath: path),
    let value = try? JSONDecoder().decode(type, from: data)
  else {
    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
    exit(66)
  }
  return value
}

// MARK: - The models, with hand-written gradients

/// Eight schools, non-centred, on the constrained scale (mu, tau,
/// theta_tilde[8]); TransformedLogDensity samples log tau and adds the
/// log-Jacobian.
func eightSchools(_ schools: Schools) throws -> TransformedLogDensity<LogDensityFunction> {
  let y = schools.y
  let precision = schools.sigma.map { 1 / ($0 * $0) }
  let base = try LogDensityFunction(dimension: 10) { x, g in
    let mu = x[0]
    let tau = x[1]
    let u = tau / 5
    var lp = -mu * mu / 50 - Foundation.log1p(u * u)
    var gMu = -mu / 25
    var gTau = -2 * u / (5 * (1 + u * u))
    for j in 0..<8 {
      let theta = x[2 + j]
      let r = y[j] - mu - tau * theta
      let w = r * precision[j]
      lp -= 0.5 * (theta * theta + r * w)
      gMu += w
      gTau += w * theta
      g[2 + j] = -theta + w * tau
    }
    g[0] = gMu
    g[1] = gTau
    return lp
  }
  return try TransformedLogDensity(
    base,
    transform: ParameterTransform([
      .init("mu"), .init("tau", .positive), .init("theta_tilde", count: 8),
    ]))
}

/// Logistic regression, beta ~ N(0, 1): one pass over the rows (row-major
/// X), log p and the gradient together.
func logistic(x: [Double], y: [Double], rows n: Int, features d: Int) throws
  -> LogDensityFunction
{
  try LogDensityFunction(dimension: d) { beta, g in
    x.withUnsafeBufferPointer { x in
      y.withUnsafeBufferPointer { y in
        var lp = 0.0
        for j in 0..<d {
          lp -= 0.5 * beta[j] * beta[j]
          g[j] = -beta[j]
        }
        for i in 0..<n {
          let row = x.baseAddress! + i * d
          var eta = 0.0
          for j in 0..<d { eta += row[j] * beta[j] }
          // log σ(η) and σ(η) from one exp(−|η|).
          let e = Foundation.exp(-abs(eta))
          let softplus = max(eta, 0) + Foundation.log1p(e)
          let sigmoid = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
          lp += y[i] * eta - softplus
          let r = y[i] - sigmoid
          for j in 0..<d { g[j] += r * row[j] }
        }
        return lp
      }
    }
  }
}

/// Logistic regression, the fast path: X column-major (transposed once), so
/// that η = Xβ is a sum of columns and ∇ = X'r − β is one dot product per
/// column, both in SIMD8 lanes; the per-row terms in SIMD8 lanes too: one
/// exp(−|η|) (``Vector/expNegative(_:)``) gives σ(η), and the
/// log(1 + exp(−|η|)) terms of log p are summed as the log of their product
/// over blocks of 256 rows (each factor is in (1, 2], so no block
/// overflows), one log per block instead of one log1p per row.
func logisticColumns(x: [Double], y: [Double], rows n: Int, features d: Int) throws
  -> LogDensityFunction
{
  var columns = [Double](repeating: 0, count: n * d)
  for i in 0..<n { for j in 0..<d { columns[j * n + i] = x[i * d + j] } }
  let xT = columns
  return try LogDensityFunction(dimension: d) { beta, g in
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { scratch in
      let eta = scratch.baseAddress!
      let residual = eta + n
      return xT.withUnsafeBufferPointer { xT in
        y.withUnsafeBufferPointer { y in
          let x = xT.baseAddress!
          // η = Σⱼ βⱼ X[:, j]
          let b0 = beta[0]
          for i in 0..<n { eta[i] = b0 * x[i] }
          for j in 1..<d { Vector.axpy(beta[j], x + j * n, eta, count: n) }
          var lp = 0.0
          var linearLanes = SIMD8<Double>()
          var i = 0
          while i + 8 <= n {
            // 32 vectors (256 rows) per block; each lane's product of
            // 1 + exp(−|η|) stays below 2^32, the block's below 2^256.
            let end = min(i + 256, n) & ~7
            var product = SIMD8<Double>(repeating: 1)
            while i < end {
              let e = Vector.load(eta + i)
              let yi = Vector.load(y.baseAddress! + i)
              let t = Vector.expNegative(e.replacing(with: -e, where: e .> 0))
              let onePlusT = 1 + t
              product *= onePlusT
              let sigmoid = t.replacing(with: 1, where: e .>= 0) / onePlusT
              linearLanes += yi * e - e.replacing(with: 0, where: e .< 0)
              Vector.store(yi - sigmoid, residual + i)
              i += 8
            }
            lp -= Foundation.log(
              ((product[0] * product[1]) * (product[2] * product[3]))
                * ((product[4] * product[5]) * (product[6] * product[7])))
          }
          var linear = linearLanes.sum()
          while i < n {
            let e = eta[i]
            let t = Foundation.exp(-abs(e))
            lp -= Foundation.log1p(t)
            linear += y[i] * e - max(e, 0)
            residual[i] = y[i] - (e >= 0 ? 1 / (1 + t) : t / (1 + t))
            i += 1
          }
          lp += linear
          for j in 0..<d {
            lp -= 0.5 * beta[j] * beta[j]
            g[j] = Vector.dot(residual, x + j * n, count: n) - beta[j]
          }
          return lp
        }
      }
    }
  }
}

/// Dense kernels in SIMD8 lanes for the fast paths.
enum Vector {
  @inline(__always)
  static func load(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
  }

  /// Σ a[i] b[i], in two SIMD8 accumulators.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count n: Int) -> Double {
    var s0 = SIMD8<Double>()
    var s1 = SIMD8<Double>()
    var i = 0
    while i + 16 <= n {
      s0 += load(a + i) * load(b + i)
      s1 += load(a + i + 8) * load(b + i + 8)
      i += 16
    }
    if i + 8 <= n {
      s0 += load(a + i) * load(b + i)
      i += 8
    }
    var sum = (s0 + s1).sum()
    while i < n {
      sum += a[i] * b[i]
      i += 1
    }
    return sum
  }

  @inline(__always)
  static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
  }

  /// exp(x) for x ≤ 0 in eight lanes, to double precision.
  ///
  /// x = k ln 2 + r (Cody–Waite, |r| ≤ ln 2 / 2), exp(r) by its Taylor
  /// polynomial of degree 13 (truncation below 1e-17), times 2^k from the
  /// exponent bits. x below −708 is taken as −708 (exp ≈ 3e-308 instead of
  /// less).
  @inline(__always)
  static func expNegative(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let x = x.replacing(with: -708, where: x .< -708)
    // k = round(x / ln 2) through the 1.5·2^52 shift: its low bits are k.
    let shifter = SIMD8<Double>(repeating: 0x1.8p52)
    let shifted = x * 1.4426950408889634 + shifter
    let k = shifted - shifter
    let r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
    var p = SIMD8<Double>(repeating: 1.0 / 6_227_020_800)
    p = p * r + 1.0 / 479_001_600
    p = p * r + 1.0 / 39_916_800
    p = p * r + 1.0 / 3_628_800
    p = p * r + 1.0 / 362_880
    p = p * r + 1.0 / 40_320
    p = p * r + 1.0 / 5_040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let bits = unsafeBitCast(shifted, to: SIMD8<UInt64>.self)
    let scale = unsafeBitCast((bits &+ 1023) &<< 52, to: SIMD8<Double>.self)
    return p * scale
  }

  /// y += a x.
  @inline(__always)
  static func axpy(
    _ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int
  ) {
    let av = SIMD8<Double>(repeating: a)
    var i = 0
    while i + 8 <= n {
      UnsafeMutableRawPointer(y + i).storeBytes(
        of: load(y + i) + av * load(x + i), as: SIMD8<Double>.self)
      i += 8
    }
    while i < n {
      y[i] += a * x[i]
      i += 1
    }
  }
}

/// x ~ N(0, P⁻¹), the fast path: each row of Px as one SIMD8 dot product.
func gaussianSIMD(precision: [Double], dimension n: Int) throws -> LogDensityFunction {
  try LogDensityFunction(dimension: n) { x, g in
    precision.withUnsafeBufferPointer { p in
      let xp = x.baseAddress!
      var quadratic = 0.0
      for i in 0..<n {
        let s = Vector.dot(p.baseAddress! + i * n, xp, count: n)
        g[i] = -s
        quadratic += x[i] * s
      }
      return -0.5 * quadratic
    }
  }
}

/// x ~ N(0, P⁻¹): log p = −x'Px/2, ∇ = −Px.
func gaussian(precision: [Double], dimension n: Int) throws -> LogDensityFunction {
  try LogDensityFunction(dimension: n) { x, g in
    precision.withUnsafeBufferPointer { p in
      var quadratic = 0.0
      for i in 0..<n {
        let row = p.baseAddress! + i * n
        var s = 0.0
        for j in 0..<n { s += row[j] * x[j] }
        g[i] = -s
        quadratic += x[i] * s
      }
      return -0.5 * quadratic
    }
  }
}

// MARK: - Running

struct ModelResult: Encodable {
  let seconds: Double
  /// CPU time of the process over the same span (wall time on an idle core).
  let cpuSeconds: Double
  let chainSeconds: [Double]
  let parameters: [String]
  let chains: Int
  let draws: Int
  let divergences: Int
  let leapfrogSteps: Int
  let stepSizes: [Double]
  /// ProbKit's own minimum bulk ESS, to cross-check ArviZ's.
  let probkitMinimumBulkESS: Double
}

struct Output: Encodable {
  let side = "probkit"
  let versions: [String: String]
  let models: [String: ModelResult]
}

/// Four chains one after the other (chain c: `seed + c`); their draws in one
/// chains × draws × parameters buffer.
func sampleSequentially(
  chains: Int, seed: UInt32, _ sample: (HMCSampler, UInt32) async throws -> PosteriorDraws
) async throws -> (ModelResult, [Double]) {
  let sampler = HMCSampler(chains: 1)
  var all: [Double] = []
  var chainSeconds: [Double] = []
  var divergences = 0
  var steps = 0
  var stepSizes: [Double] = []
  var names: [String] = []
  var perParameter: [[[Double]]] = []
  let clock = ContinuousClock()
  let cpuStart = cpuTime()
  for c in 0..<chains {
    let start = clock.now
    let posterior = try await sample(sampler, seed &+ UInt32(c))
    let elapsed = clock.now - start
    chainSeconds.append(
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    let chain = posterior.chains[0]
    all += chain.values
    divergences += chain.statistics.filter(\.divergent).count
    steps += chain.statistics.reduce(0) { $0 + $1.leapfrogSteps }
    stepSizes.append(chain.stepSize)
    names = posterior.parameterNames
    if perParameter.isEmpty { perParameter = Array(repeating: [], count: names.count) }
    for j in names.indices { perParameter[j].append(posterior.values(parameter: j)[0]) }
  }
  let cpuSeconds = cpuTime() - cpuStart
  let ess = try perParameter.map { try ChainDraws($0).bulkEffectiveSampleSize }.min() ?? 0
  return (
    ModelResult(
      seconds: chainSeconds.reduce(0, +), cpuSeconds: cpuSeconds, chainSeconds: chainSeconds,
      parameters: names,
      chains: chains, draws: sampler.draws, divergences: divergences, leapfrogSteps: steps,
      stepSizes: stepSizes, probkitMinimumBulkESS: ess),
    all
  )
}

func cpuTime() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func runSampling(_ options: Options) async throws {
  let dataDirectory = options.data
  let shape = decode(Shape.self, dataDirectory + "/mcmc-data.json")
  var results: [String: ModelResult] = [:]
  for name in options.models {
    let (result, draws): (ModelResult, [Double])
    switch name {
    case "eight-schools":
      let model = try eightSchools(decode(Schools.self, dataDirectory + "/eight-schools.json"))
      (result, draws) = try await sampleSequentially(chains: 4, seed: options.seed) {
        try await $0.sample(model, seed: $1)
      }
    case "logistic":
      let n = shape.rows
      let d = shape.features
      let x = readDoubles(dataDirectory + "/logistic.X", count: n * d)
      let y = readDoubles(dataDirectory + "/logistic.y", count: n)
      let model =
        options.kernels == "loop"
        ? try logistic(x: x, y: y, rows: n, features: d)
        : try logisticColumns(x: x, y: y, rows: n, features: d)
      (result, draws) = try await sampleSequentially(chains: 4, seed: options.seed) {
        try await $0.sample(model, seed: $1, parameterNames: (0..<d).map { "beta[\($0)]" })
      }
    case "gaussian":
      let n = shape.gaussianDimension
      let precision = readDoubles(dataDirectory + "/gaussian.precision", count: n * n)
      let model =
        options.kernels == "loop"
        ? try gaussian(precision: precision, dimension: n)
        : try gaussianSIMD(precision: precision, dimension: n)
      (result, draws) = try await sampleSequentially(chains: 4, seed: options.seed) {
        try await $0.sample(model, seed: $1, parameterNames: (0..<n).map { "x[\($0)]" })
      }
    default:
      FileHandle.standardError.write(Data("unknown model \(name)\n".utf8))
      exit(64)
    }
    try draws.withUnsafeBytes { Data($0) }.write(
      to: URL(fileURLWithPath: options.out + "/probkit-\(name).draws"))
    results[name] = result
    FileHandle.standardError.write(
      Data(
        "probkit \(name): \(String(format: "%.2f", result.seconds)) s, min bulk ESS \(Int(result.probkitMinimumBulkESS))\n"
          .utf8))
  }
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  let versions = ["swift": swiftVersion(), "kernels": options.kernels]
  print(
    String(decoding: try encoder.encode(Output(versions: versions, models: results)), as: UTF8.self)
  )
}

func swiftVersion() -> String {
  #if compiler(>=6.3)
    return "6.3+"
  #else
    return "< 6.3"
  #endif
}

// MARK: - One gradient evaluation

func runGradient(_ options: Options) throws {
  let shape = decode(Shape.self, options.data + "/mcmc-data.json")
  let n = shape.rows
  let d = shape.features
  let x = readDoubles(options.data + "/logistic.X", count: n * d)
  let y = readDoubles(options.data + "/logistic.y", count: n)
  let model =
    options.kernels == "loop"
    ? try logistic(x: x, y: y, rows: n, features: d)
    : try logisticColumns(x: x, y: y, rows: n, features: d)
  var beta = [Double](repeating: 0, count: d)
  for j in 0..<d { beta[j] = 0.1 * sin(Double(j)) }
  var gradient = [Double](repeating: 0, count: d)
  var blackhole = 0.0
  var times: [Double] = []
  let clock = ContinuousClock()
  for rep in 0...options.reps {
    let start = clock.now
    beta.withUnsafeBufferPointer { b in
      gradient.withUnsafeMutableBufferPointer { g in
        for _ in 0..<options.evaluations {
          blackhole += model.logDensityAndGradient(b, gradient: g)
        }
      }
    }
    let elapsed = clock.now - start
    if rep > 0 {  // the first repetition is a warm-up
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      times.append(seconds / Double(options.evaluations))
    }
  }
  // The fastest repetition: on a shared machine the others only add
  // other processes' time.
  let best = times.min() ?? .nan
  print(
    "{\"side\": \"swift\", \"kernels\": \"\(options.kernels)\", \"rows\": \(n), \"features\": \(d), \"microsecondsPerEvaluation\": \(best * 1e6), \"checksum\": \(blackhole + gradient.reduce(0, +))}"
  )
}

let options = Options(CommandLine.arguments)
if options.gradient {
  try runGradient(options)
} else {
  try await runSampling(options)
}
