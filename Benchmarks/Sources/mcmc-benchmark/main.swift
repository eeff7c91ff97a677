// Samples the posteriors of mcmc_peer.py with ProbKit's NUTS (HMCSampler's
// defaults: 1000 warmup, 1000 draws, target acceptance 0.8, diagonal
// metric), 4 chains one after the other (chain c: seed + c), with
// hand-written gradients; writes each model's draws (float64, chains × draws
// × parameters) next to the peers' and prints JSON (wall seconds, warmup
// included; names; divergences; leapfrog steps). mcmc_peer.py computes every
// side's ESS from the draws, the same way. run-mcmc.sh runs everything.
//
//   mcmc-benchmark --data DIR --out DIR [--models eight-schools,logistic,gaussian]
//                  [--seed S] [--kernels fused|fast|loop]
//   mcmc-benchmark --data DIR --gradient [--kernels fused|fast|loop|library]
//                  [--evaluations N] [--reps R]
//
// --kernels picks the data models' hand gradients: "fused" (the default:
// the logistic regression in one pass over X in row panels, see
// logisticPanels; the Gaussian's Px as a sum of P's columns, see
// gaussianColumns), "fast" (the logistic regression in two passes over a
// column-major X, see logisticColumns; the Gaussian's Px as one SIMD8 dot
// product per row, see gaussianSIMD) or "loop" (plain loops over the rows).
// Before sampling, and in --gradient mode, the kernel is checked against
// the loop (log p and gradient to 1e-12 relative, at three points). --gradient times one evaluation of the logistic-regression log
// density and its gradient (5,000 × 20) through
// LogDensity.logDensityAndGradient, the call the sampler makes (the fastest
// of R repetitions of N evaluations); "library" times ProbKit's own
// GeneralizedLinearModel<Bernoulli>.posteriorDensity of the same model
// instead (β ~ N(0, 1), no intercept). logistic_gradient.c times the same
// loops in C.

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
  /// "fused" (one pass over X), "fast" (two passes over a column-major
  /// X), "loop" (plain loops over rows); "library" with --gradient.
  var kernels = "fused"

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
      case "--kernels":
        kernels = iterator.next() ?? kernels
        guard ["fused", "fast", "loop", "library"].contains(kernels) else {
          FileHandle.standardError.write(Data("unknown kernels \(kernels)\n".utf8))
          exit(64)
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

/// Logistic regression, the fused path: one pass over X.
///
/// X is stored once as row panels (blocks of 8 rows, each block [column][8 lanes] contiguous, so
/// that the pass is one stream of 8·D doubles per block), taken 8 blocks
/// (64 rows, 10 KB for D = 20) at a time. For each group, while it is in
/// L1, three loops with independent iterations (so that the row terms'
/// long chains of dependent operations overlap across blocks): η of each
/// block's 8 rows as one SIMD8 sum of βⱼ X[block, j], four blocks at a time
/// sharing βⱼ's broadcasts; the row terms as in ``logisticColumns`` (one
/// exp(−|η|) per row, ``Vector/logisticTerms(_:_:)``; one log per 256
/// rows); then each column's SIMD8 accumulator += X[block, j] · r, four
/// blocks at a time with their residuals in registers. No horizontal sums
/// until the end. Multiply-adds are fused, so the results differ from the
/// loop's in the last bits (~1e-15 relative). A last block of fewer than 8
/// rows is padded with zeros, its padded lanes masked out.
func logisticPanels(x: [Double], y: [Double], rows n: Int, features d: Int) throws
  -> LogDensityFunction
{
  let blocks = (n + 7) / 8
  var panels = [Double](repeating: 0, count: blocks * d * 8)
  var paddedY = [Double](repeating: 0, count: blocks * 8)
  for i in 0..<n {
    paddedY[i] = y[i]
    for j in 0..<d { panels[(i / 8) * d * 8 + j * 8 + i % 8] = x[i * d + j] }
  }
  let panel = panels
  let response = paddedY
  let group = 8
  let stride = 8 * d
  // The lanes of the last block that hold rows.
  let lastLanes = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .< Int64(n - (blocks - 1) * 8)
  return try LogDensityFunction(dimension: d) { beta, g in
    withUnsafeTemporaryAllocation(of: SIMD8<Double>.self, capacity: d + group) { scratch in
      let acc = scratch.baseAddress!
      let r = acc + d
      acc.initialize(repeating: SIMD8<Double>(), count: d + group)
      let b = beta.baseAddress!
      return panel.withUnsafeBufferPointer { panel in
        response.withUnsafeBufferPointer { response in
          var lp = 0.0
          var linearLanes = SIMD8<Double>()
          var product = SIMD8<Double>(repeating: 1)
          var first = 0
          while first < blocks {
            let count = min(group, blocks - first)
            let p = panel.baseAddress! + first * d * 8
            // η of each block, four blocks at a time (sharing βⱼ's
            // broadcasts), then one at a time.
            var k = 0
            while k &+ 4 <= count {
              let q0 = p + k &* stride
              let q1 = q0 + stride
              let q2 = q1 + stride
              let q3 = q2 + stride
              var e0 = SIMD8<Double>()
              var e1 = SIMD8<Double>()
              var e2 = SIMD8<Double>()
              var e3 = SIMD8<Double>()
              for j in 0..<d {
                let c = SIMD8(repeating: b[j])
                let o = 8 &* j
                e0 = e0.addingProduct(Vector.load(q0 + o), c)
                e1 = e1.addingProduct(Vector.load(q1 + o), c)
                e2 = e2.addingProduct(Vector.load(q2 + o), c)
                e3 = e3.addingProduct(Vector.load(q3 + o), c)
              }
              r[k] = e0
              r[k &+ 1] = e1
              r[k &+ 2] = e2
              r[k &+ 3] = e3
              k &+= 4
            }
            while k < count {
              let q = p + k &* stride
              var e0 = SIMD8<Double>()
              var e1 = SIMD8<Double>()
              var j = 0
              while j &+ 2 <= d {
                e0 = e0.addingProduct(Vector.load(q + 8 &* j), SIMD8(repeating: b[j]))
                e1 = e1.addingProduct(Vector.load(q + (8 &* j &+ 8)), SIMD8(repeating: b[j &+ 1]))
                j &+= 2
              }
              if j < d { e0 = e0.addingProduct(Vector.load(q + 8 &* j), SIMD8(repeating: b[j])) }
              r[k] = e0 + e1
              k &+= 1
            }
            // The row terms; r[k] becomes the residuals y − σ(η).
            k = 0
            while k < count {
              let yi = Vector.load(response.baseAddress! + (first &+ k) &* 8)
              var (residual, factor, linear) = Vector.logisticTerms(r[k], yi)
              if first &+ k == blocks &- 1 {
                factor.replace(with: 1, where: .!lastLanes)
                linear.replace(with: 0, where: .!lastLanes)
                residual.replace(with: 0, where: .!lastLanes)
              }
              product *= factor
              linearLanes += linear
              r[k] = residual
              k &+= 1
            }
            // ∇ⱼ += Σ_k X[block k, j] · r[k], the group again from L1:
            // four blocks at a time (their residuals in registers), then
            // one at a time.
            k = 0
            while k &+ 4 <= count {
              let q0 = p + k &* stride
              let q1 = q0 + stride
              let q2 = q1 + stride
              let q3 = q2 + stride
              let r0 = r[k]
              let r1 = r[k &+ 1]
              let r2 = r[k &+ 2]
              let r3 = r[k &+ 3]
              for j in 0..<d {
                let o = 8 &* j
                acc[j] = acc[j].addingProduct(Vector.load(q0 + o), r0)
                  .addingProduct(Vector.load(q1 + o), r1)
                  .addingProduct(Vector.load(q2 + o), r2)
                  .addingProduct(Vector.load(q3 + o), r3)
              }
              k &+= 4
            }
            while k < count {
              let q = p + k &* stride
              let rk = r[k]
              for j in 0..<d { acc[j] = acc[j].addingProduct(Vector.load(q + 8 &* j), rk) }
              k &+= 1
            }
            first += count
            // Each lane's product of 1 + exp(−|η|) ∈ (1, 2] stays below
            // 2^32 over 32 blocks, the eight lanes' below 2^256.
            if first % 32 == 0 || first == blocks {
              lp -= Foundation.log(
                ((product[0] * product[1]) * (product[2] * product[3]))
                  * ((product[4] * product[5]) * (product[6] * product[7])))
              product = SIMD8(repeating: 1)
            }
          }
          lp += linearLanes.sum()
          for j in 0..<d {
            lp -= 0.5 * b[j] * b[j]
            g[j] = acc[j].sum() - b[j]
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

  /// exp(x) for x ≤ 0 in eight lanes, as ``expNegative(_:)`` but in fused
  /// multiply-adds and with a shorter polynomial: exp(r) = 1 + r + r²g(r),
  /// g of degree 9 the Chebyshev fit of (eʳ − 1 − r)/r² on |r| ≤ ln 2 / 2
  /// (relative error below 2e-17 before rounding), 11 multiply-adds in all.
  @inline(__always)
  static func expNegativeFused(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let x = x.replacing(with: -708, where: x .< -708)
    let shifter = SIMD8<Double>(repeating: 0x1.8p52)
    let shifted = shifter.addingProduct(x, SIMD8(repeating: 1.4426950408889634))
    let k = shifted - shifter
    let r = x.addingProduct(k, SIMD8(repeating: -6.93147180369123816490e-01)).addingProduct(
      k, SIMD8(repeating: -1.90821492927058770002e-10))
    var p = SIMD8<Double>(repeating: 2.510038549551032e-08)
    for c in [
      2.7620088445409746e-07, 2.7557268459997064e-06, 2.4801521295954376e-05,
      0.00019841269863053618, 0.0013888888917213717, 0.008333333333330062,
      0.04166666666662413, 0.16666666666666669, 0.5000000000000001, 1, 1,
    ] as [Double] {
      p = SIMD8(repeating: c).addingProduct(p, r)
    }
    let bits = unsafeBitCast(shifted, to: SIMD8<UInt64>.self)
    let scale = unsafeBitCast((bits &+ 1023) &<< 52, to: SIMD8<Double>.self)
    return p * scale
  }

  /// A logistic regression's row terms for eight rows with linear
  /// predictors η and responses y: the residuals y − σ(η), the factors
  /// 1 + exp(−|η|) (log p has −log of each) and y·η − max(η, 0) (the rest
  /// of log p), from one ``expNegativeFused(_:)``.
  @inline(__always)
  static func logisticTerms(_ eta: SIMD8<Double>, _ y: SIMD8<Double>) -> (
    residual: SIMD8<Double>, factor: SIMD8<Double>, linear: SIMD8<Double>
  ) {
    let t = expNegativeFused(eta.replacing(with: -eta, where: eta .> 0))
    let onePlusT = 1 + t
    let sigmoid = t.replacing(with: 1, where: eta .>= 0) / onePlusT
    return (y - sigmoid, onePlusT, y * eta - eta.replacing(with: 0, where: eta .< 0))
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

/// x ~ N(0, P⁻¹), the fused path: Px as Σⱼ xⱼ P[:, j] (P is symmetric, so
/// column j is row j, stored padded to a multiple of 8), 32 rows at a time
/// in four SIMD8 accumulators of fused multiply-adds: no horizontal sums
/// but the quadratic form's, at the end.
func gaussianColumns(precision: [Double], dimension n: Int) throws -> LogDensityFunction {
  let width = (n + 7) / 8 * 8
  var padded = [Double](repeating: 0, count: n * width)
  for j in 0..<n { for i in 0..<n { padded[j * width + i] = precision[j * n + i] } }
  let columns = padded
  return try LogDensityFunction(dimension: n) { x, g in
    withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { product in
      columns.withUnsafeBufferPointer { columns in
        let p = columns.baseAddress!
        let xp = x.baseAddress!
        let s = product.baseAddress!
        var row = 0
        while row &+ 32 <= width {
          var a0 = SIMD8<Double>()
          var a1 = SIMD8<Double>()
          var a2 = SIMD8<Double>()
          var a3 = SIMD8<Double>()
          for j in 0..<n {
            let c = SIMD8(repeating: xp[j])
            let q = p + (j &* width &+ row)
            a0 = a0.addingProduct(Vector.load(q), c)
            a1 = a1.addingProduct(Vector.load(q + 8), c)
            a2 = a2.addingProduct(Vector.load(q + 16), c)
            a3 = a3.addingProduct(Vector.load(q + 24), c)
          }
          Vector.store(a0, s + row)
          Vector.store(a1, s + (row &+ 8))
          Vector.store(a2, s + (row &+ 16))
          Vector.store(a3, s + (row &+ 24))
          row &+= 32
        }
        while row < width {
          var a0 = SIMD8<Double>()
          for j in 0..<n {
            a0 = a0.addingProduct(Vector.load(p + (j &* width &+ row)), SIMD8(repeating: xp[j]))
          }
          Vector.store(a0, s + row)
          row &+= 8
        }
        var quadratic = 0.0
        for i in 0..<n {
          g[i] = -s[i]
          quadratic += xp[i] * s[i]
        }
        return -0.5 * quadratic
      }
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
      let model = try logisticModel(options.kernels, x: x, y: y, rows: n, features: d)
      _ = try logisticDifference(model, x: x, y: y, rows: n, features: d)
      (result, draws) = try await sampleSequentially(chains: 4, seed: options.seed) {
        try await $0.sample(model, seed: $1, parameterNames: (0..<d).map { "beta[\($0)]" })
      }
    case "gaussian":
      let n = shape.gaussianDimension
      let precision = readDoubles(dataDirectory + "/gaussian.precision", count: n * n)
      let model =
        switch options.kernels {
        case "loop": try gaussian(precision: precision, dimension: n)
        case "fast": try gaussianSIMD(precision: precision, dimension: n)
        default: try gaussianColumns(precision: precision, dimension: n)
        }
      try checkGaussian(model, precision: precision, dimension: n)
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

// MARK: - Choosing and checking the logistic kernels

/// The logistic regression's hand gradient named by `--kernels`.
func logisticModel(_ kernels: String, x: [Double], y: [Double], rows n: Int, features d: Int)
  throws -> LogDensityFunction
{
  switch kernels {
  case "loop": return try logistic(x: x, y: y, rows: n, features: d)
  case "fast": return try logisticColumns(x: x, y: y, rows: n, features: d)
  case "fused": return try logisticPanels(x: x, y: y, rows: n, features: d)
  default:
    FileHandle.standardError.write(Data("--kernels \(kernels) samples no logistic model\n".utf8))
    exit(64)
  }
}

/// The largest relative difference between `model` and the loop kernel
/// (log p, and the gradient relative to its largest component) at three
/// points (|η| up to ~10); exits if it exceeds 1e-12.
func logisticDifference(
  _ model: LogDensityFunction, x: [Double], y: [Double], rows n: Int, features d: Int
) throws -> Double {
  let reference = try logistic(x: x, y: y, rows: n, features: d)
  var worst = 0.0
  for scale in [0.1, 1.0, 3.0] {
    let beta = (0..<d).map { scale * sin(Double($0) + 0.5) }
    var g = [Double](repeating: 0, count: d)
    var h = [Double](repeating: 0, count: d)
    let (a, b) = beta.withUnsafeBufferPointer { p in
      (
        g.withUnsafeMutableBufferPointer { model.logDensityAndGradient(p, gradient: $0) },
        h.withUnsafeMutableBufferPointer { reference.logDensityAndGradient(p, gradient: $0) }
      )
    }
    let norm = h.map(abs).max() ?? 1
    worst = max(worst, abs(a - b) / abs(b))
    for j in 0..<d { worst = max(worst, abs(g[j] - h[j]) / norm) }
  }
  if !(worst <= 1e-12) {
    FileHandle.standardError.write(
      Data("logistic kernel differs from the loop by \(worst) (relative)\n".utf8))
    exit(70)
  }
  return worst
}

/// Exits unless `model` agrees with the Gaussian's loop kernel to 1e-12
/// (log p relative, the gradient relative to its largest component) at
/// three points.
func checkGaussian(_ model: LogDensityFunction, precision: [Double], dimension n: Int) throws {
  let reference = try gaussian(precision: precision, dimension: n)
  var worst = 0.0
  for scale in [0.1, 1.0, 3.0] {
    let x = (0..<n).map { scale * sin(Double($0) + 0.5) }
    var g = [Double](repeating: 0, count: n)
    var h = [Double](repeating: 0, count: n)
    let (a, b) = x.withUnsafeBufferPointer { p in
      (
        g.withUnsafeMutableBufferPointer { model.logDensityAndGradient(p, gradient: $0) },
        h.withUnsafeMutableBufferPointer { reference.logDensityAndGradient(p, gradient: $0) }
      )
    }
    let norm = h.map(abs).max() ?? 1
    worst = max(worst, abs(a - b) / abs(b))
    for i in 0..<n { worst = max(worst, abs(g[i] - h[i]) / norm) }
  }
  if !(worst <= 1e-12) {
    FileHandle.standardError.write(
      Data("Gaussian kernel differs from the loop by \(worst) (relative)\n".utf8))
    exit(70)
  }
}

// MARK: - One gradient evaluation

func runGradient(_ options: Options) throws {
  let shape = decode(Shape.self, options.data + "/mcmc-data.json")
  let n = shape.rows
  let d = shape.features
  let x = readDoubles(options.data + "/logistic.X", count: n * d)
  let y = readDoubles(options.data + "/logistic.y", count: n)
  var beta = [Double](repeating: 0, count: d)
  for j in 0..<d { beta[j] = 0.1 * sin(Double(j)) }
  let model: any LogDensity
  var difference = 0.0
  if options.kernels == "library" {
    // The library's own posterior density of the same model (β ~ N(0, 1),
    // no intercept); it samples standardised coefficients, so it is
    // evaluated at the point that reports β, and compared by its value.
    let density = try GeneralizedLinearModel<Bernoulli>.posteriorDensity(
      features: FeatureMatrix(rows: n, columns: d, values: x), response: y, intercept: false,
      prior: GaussianPrior(standardDeviation: 1))
    let reference = try logistic(x: x, y: y, rows: n, features: d)
    let point = try density.sampledPoint(reporting: beta)
    var g = [Double](repeating: 0, count: d)
    let value = point.withUnsafeBufferPointer { p in
      g.withUnsafeMutableBufferPointer { density.logDensityAndGradient(p, gradient: $0) }
    }
    let expected = beta.withUnsafeBufferPointer { p in
      g.withUnsafeMutableBufferPointer { reference.logDensityAndGradient(p, gradient: $0) }
    }
    difference = abs(value - expected) / abs(expected)
    beta = point
    model = density
  } else {
    let kernel = try logisticModel(options.kernels, x: x, y: y, rows: n, features: d)
    difference = try logisticDifference(kernel, x: x, y: y, rows: n, features: d)
    model = kernel
  }
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
    "{\"side\": \"swift\", \"kernels\": \"\(options.kernels)\", \"rows\": \(n), \"features\": \(d), \"microsecondsPerEvaluation\": \(best * 1e6), \"relativeDifferenceFromLoop\": \(difference), \"checksum\": \(blackhole + gradient.reduce(0, +))}"
  )
}

let options = Options(CommandLine.arguments)
if options.gradient {
  try runGradient(options)
} else {
  try await runSampling(options)
}
