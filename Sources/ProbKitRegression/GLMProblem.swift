import Foundation
import GSLBridge
import ProbKitCore
import ProbKitDistributions
import ProbKitInference

/// One fit's data and its objective, gradient and Fisher information, in
/// the coordinates of standardised features x′ = (x - m)/s (m = 0 unless the
/// intercept is free): β′ = sβ and b′ = b + Σ mβ give the same η.
///
/// X itself is never copied: every evaluation is one pass over it, block by
/// block, each block standardised into [x′ 1] rows in a buffer that stays in
/// cache for η = X̃′β′, the per-row terms, then X̃′ᵀr and X̃′ᵀ diag(f) X̃′.
struct GLMProblem<Family: ResponseFamily>: FisherScoringObjective {
  /// The response family (a sampled posterior sets the negative binomial's
  /// r at each evaluation).
  var family: Family
  let response: [Double]
  let weights: [Double]
  let offsets: [Double]
  let intercept: Bool
  let link: Link
  /// λ for each coefficient in β′'s coordinates (λ/s²), the intercept's
  /// last.
  let precisions: [Double]
  /// m, per feature (``Standardization/means``).
  let centres: [Double]
  /// s, per feature (``Standardization/scales``: 1 for a constant column).
  let scales: [Double]
  /// 1/s, per feature.
  let reciprocals: [Double]
  /// The raw features, N × D (shared with the caller's storage).
  let design: DesignMatrix
  /// The standardised rows [x′ 1], N × P, when kept (a sampled posterior
  /// evaluates thousands of times; a fit standardises block by block).
  private(set) var standardisedRows: [Double]?

  /// D, the raw features per row.
  var featureCount: Int { design.featureCount }
  /// N.
  var rowCount: Int { design.rowCount }

  /// Rows per block of an evaluation (26 KB of X̃′ at P = 51: in L1/L2).
  static var blockRows: Int { 64 }

  /// The problem on `design`'s rows, standardised by `standardization` (a
  /// large fit's subsample's, ``Subsample/standardization``: any affine
  /// change of coordinates gives the same fit) or, without one, by the
  /// rows' own weighted means and spreads.
  init(
    family: Family, design: DesignMatrix, response: [Double], weights: [Double],
    offsets: [Double], intercept: Bool, link: Link, featurePrecisions: [Double],
    interceptPrecision: Double?, standardization given: Standardization? = nil
  ) {
    self.family = family
    self.response = response
    self.weights = weights
    self.offsets = offsets
    self.intercept = intercept
    self.link = link
    self.design = design
    // The softmax fit's change of coordinates: centred when the intercept is
    // free, scaled to unit spread.
    let standardization =
      given
      ?? Standardization(
        design, weights: weights, centre: Self.centred(intercept, interceptPrecision))
    centres = standardization.means
    scales = standardization.scales
    reciprocals = standardization.scales.map { 1 / $0 }
    precisions =
      standardization.standardisedPrecisions(featurePrecisions)
      + (interceptPrecision.map { [$0] } ?? [])
  }

  /// Keeps the standardised rows [x′ 1] (N × P values) for every later
  /// evaluation, when they take at most `limit` bytes.
  mutating func keepStandardisedRows(limit: Int = 256 << 20) {
    let p = width
    guard let count = AllocationLimit.product(rowCount, p), count <= limit / 8 else { return }
    var rows: [Double] = []
    rows.reserveCapacity(count)
    forEachBlock { _, _, block, _ in rows.append(contentsOf: block) }
    standardisedRows = rows
  }

  /// Whether the features are centred: when the intercept is free.
  static func centred(_ intercept: Bool, _ interceptPrecision: Double?) -> Bool {
    intercept && interceptPrecision == 0
  }

  /// Calls `body` with consecutive blocks of at most ``blockRows``
  /// standardised rows [x′ 1] (row-major, rows × P, in a reused buffer),
  /// and the raw rows of the next block (empty after the last), for the
  /// body to prefetch.
  func forEachBlock(
    _ body:
      (
        _ start: Int, _ rows: Int, _ block: UnsafeBufferPointer<Double>,
        _ next: UnsafeBufferPointer<Double>
      ) -> Void
  ) {
    let n = rowCount
    let d = featureCount
    let p = width
    let size = Self.blockRows
    if let standardisedRows {
      standardisedRows.withUnsafeBufferPointer { x in
        var start = 0
        while start < n {
          let end = min(start + size, n)
          let following = min(end + size, n)
          body(
            start, end - start, UnsafeBufferPointer(rebasing: x[(start * p)..<(end * p)]),
            UnsafeBufferPointer(rebasing: x[(end * p)..<(following * p)]))
          start = end
        }
      }
      return
    }
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: size * p)
    defer { buffer.deallocate() }
    design.matrix.values.withUnsafeBufferPointer { x in
      centres.withUnsafeBufferPointer { m in
        reciprocals.withUnsafeBufferPointer { r in
          var start = 0
          while start < n {
            let count = min(size, n - start)
            DenseKernels.standardise(
              x: UnsafeBufferPointer(rebasing: x[(start * d)..<((start + count) * d)]),
              rows: count, columns: d, means: m, reciprocals: r, intercept: intercept,
              into: buffer)
            let end = start + count
            let following = min(size, n - end)
            body(
              start, count, UnsafeBufferPointer(rebasing: buffer[0..<(count * p)]),
              UnsafeBufferPointer(rebasing: x[(end * d)..<((end + following) * d)]))
            start = end
          }
        }
      }
    }
  }

  struct State: FisherScoringState {
    let value: Double
    let gradient: [Double]
    let information: Matrix
    let means: [Double]
    /// θᵢ, from which the means are computed.
    let thetas: [Double]
  }

  /// P, the coefficients and the intercept.
  var width: Int { featureCount + (intercept ? 1 : 0) }

  /// Whether the Fisher information is the same at every β (the normal
  /// family with its identity link): then it is computed once.
  var hasConstantInformation: Bool { Family.self == Normal.self && link == .canonical }

  /// The objective f, its gradient and the Fisher information at β′.
  ///
  /// ∇f = -X̃′ᵀr + Λβ′ with rᵢ = wᵢ(yᵢ - μᵢ)(dμ/dη)/V, and
  /// I = X̃′ᵀ diag(fᵢ) X̃′ + Λ, fᵢ = wᵢ(dμ/dη)²/V: computed when
  /// `information` is true, taken from `known` when given (a constant
  /// information), and otherwise left zero. One pass over X in blocks of
  /// ``blockRows``, each standardised: η by the C kernels' products, the
  /// rows' terms, then X̃′ᵀr and X̃′ᵀ diag(f) X̃′ together while the block is
  /// in cache.
  func evaluate(_ beta: [Double], information wanted: Bool = true, known: Matrix? = nil) -> State {
    let n = rowCount
    let p = width
    let block = Self.blockRows
    let accumulate = wanted && known == nil
    var value = 0.0
    var gradient = [Double](repeating: 0, count: p)
    var information = known ?? Matrix(rows: p, columns: p)
    // Scratch for one block: η, the residuals rᵢ and the weights fᵢ.
    let eta = UnsafeMutableBufferPointer<Double>.allocate(capacity: block)
    let residuals = UnsafeMutableBufferPointer<Double>.allocate(capacity: block)
    let fisher = UnsafeMutableBufferPointer<Double>.allocate(capacity: block)
    defer {
      eta.deallocate()
      residuals.deallocate()
      fisher.deallocate()
    }
    // The pass writes every row's μ and θ: the arrays are created by it,
    // without a fill of zeros first (16 MB per pass at 10⁶ rows).
    var thetas: [Double] = []
    let means = [Double](unsafeUninitializedCapacity: n) { mu, meansCount in
      thetas = [Double](unsafeUninitializedCapacity: n) { theta, thetasCount in
        gradient.withUnsafeMutableBufferPointer { g in
          information.values.withUnsafeMutableBufferPointer { gram in
            forEachBlock { start, count, xb, next in
              beta.withUnsafeBufferPointer { b in
                DenseKernels.products(
                  x: xb, rows: count, columns: p, weights: b, classes: 1, into: eta)
              }
              value += rowTerms(
                rows: start..<(start + count), eta: UnsafeBufferPointer(eta),
                means: UnsafeMutableBufferPointer(rebasing: mu[start..<(start + count)]),
                thetas: UnsafeMutableBufferPointer(rebasing: theta[start..<(start + count)]),
                residuals: residuals, fisher: accumulate ? fisher : nil)
              DenseKernels.weightedGram(
                x: xb, rows: count, columns: p, fisher: UnsafeBufferPointer(fisher),
                residuals: UnsafeBufferPointer(residuals), gram: accumulate ? gram : nil,
                gradient: g, ahead: next)
            }
          }
        }
        thetasCount = n
      }
      meansCount = n
    }
    for j in 0..<p {
      value += precisions[j] * beta[j] * beta[j] / 2
      gradient[j] += precisions[j] * beta[j]
    }
    if accumulate {
      for i in 0..<p {
        for j in 0..<i { information[i, j] = information[j, i] }
        information[i, i] += precisions[i]
      }
    }
    return State(
      value: value, gradient: gradient, information: information, means: means, thetas: thetas)
  }

  /// The per-row terms of rows `rows` from their linear predictors η (an
  /// offset not yet added): writes μᵢ, θᵢ, rᵢ and, when asked, fᵢ; returns
  /// Σ wᵢ d(yᵢ, μᵢ)/2.
  ///
  /// Dispatches on the family's concrete type once per block, so that each
  /// ProbKit family runs code specialised for it (a generic caller in
  /// another module would otherwise reach every A′, A″ and d through the
  /// protocol's witness table, row by row).
  func rowTerms(
    rows: Range<Int>, eta: UnsafeBufferPointer<Double>,
    means: UnsafeMutableBufferPointer<Double>, thetas: UnsafeMutableBufferPointer<Double>,
    residuals: UnsafeMutableBufferPointer<Double>, fisher: UnsafeMutableBufferPointer<Double>?
  ) -> Double {
    func terms<F: ResponseFamily>(_ family: F) -> Double {
      Self.rowTerms(
        family: family, link: link, response: response, weights: weights, offsets: offsets,
        rows: rows, eta: eta, means: means, thetas: thetas, residuals: residuals, fisher: fisher)
    }
    switch family {
    case is Poisson where link == .canonical:
      return Self.poissonRowTerms(
        response: response, weights: weights, offsets: offsets, rows: rows, eta: eta,
        means: means, thetas: thetas, residuals: residuals, fisher: fisher)
    case let family as Poisson: return terms(family)
    case is Bernoulli where link == .canonical:
      return Self.logisticRowTerms(
        response: response, weights: weights, offsets: offsets, rows: rows, eta: eta,
        means: means, thetas: thetas, residuals: residuals, fisher: fisher)
    case let family as Bernoulli: return terms(family)
    case let family as Normal: return terms(family)
    case let family as Gamma: return terms(family)
    case let family as NegativeBinomial: return terms(family)
    default: return terms(family)
    }
  }

  /// ``rowTerms(rows:eta:means:thetas:residuals:fisher:)`` for one family.
  private static func rowTerms<F: ResponseFamily>(
    family: F, link: Link, response: [Double], weights: [Double], offsets: [Double],
    rows: Range<Int>, eta: UnsafeBufferPointer<Double>,
    means: UnsafeMutableBufferPointer<Double>, thetas: UnsafeMutableBufferPointer<Double>,
    residuals: UnsafeMutableBufferPointer<Double>, fisher: UnsafeMutableBufferPointer<Double>?
  ) -> Double {
    var value = 0.0
    for (row, i) in rows.enumerated() {
      let linear = eta[row] + offsets[i]
      let theta = link.naturalParameter(linear, family: family)
      let mu = family.meanOfNaturalParameter(theta)
      means[row] = mu
      thetas[row] = theta
      let variance = family.varianceOfNaturalParameter(theta)
      // dμ/dη is A″(θ) = V for the canonical link.
      let slope = link == .canonical ? variance : link.meanDerivative(linear, family: family)
      let y = response[i]
      let w = weights[i]
      // -ℓ up to a constant, as half the unit deviance: finite where
      // A(θ) - yθ would be ∞ - ∞.
      value += w * family.unitDeviance(y, naturalParameter: theta) / 2
      residuals[row] = -w * (y - mu) * slope / variance
      fisher?[row] = w * slope * slope / variance
    }
    return value
  }

  /// ``rowTerms(rows:eta:means:thetas:residuals:fisher:)`` for Poisson
  /// counts with the canonical log link: θ = η, μ = V = dμ/dη = e^η, so one
  /// exp per row; rᵢ = -wᵢ(yᵢ - μᵢ), fᵢ = wᵢμᵢ, and the half unit deviance
  /// y(log y - θ) - y + μ as ``Poisson``'s `unitDeviance` computes it, with
  /// log y from a table for counts below 1,024.
  private static func poissonRowTerms(
    response: [Double], weights: [Double], offsets: [Double], rows: Range<Int>,
    eta: UnsafeBufferPointer<Double>, means: UnsafeMutableBufferPointer<Double>,
    thetas: UnsafeMutableBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
    fisher: UnsafeMutableBufferPointer<Double>?
  ) -> Double {
    var value = 0.0
    response.withUnsafeBufferPointer { y in
      weights.withUnsafeBufferPointer { w in
        offsets.withUnsafeBufferPointer { o in
          countLogarithms.withUnsafeBufferPointer { table in
            let first = rows.lowerBound
            for row in 0..<rows.count {
              let i = first + row
              let theta = eta[row] + o[i]
              let mu = exp(theta)
              means[row] = mu
              thetas[row] = theta
              let count = y[i]
              let logCount =
                count < Double(table.count) ? table[Int(count)] : log(count)
              let half = (count > 0 ? count * (logCount - theta) : 0) - count + mu
              value += w[i] * half
              residuals[row] = -w[i] * (count - mu)
              fisher?[row] = w[i] * mu
            }
          }
        }
      }
    }
    return value
  }

  /// ``rowTerms(rows:eta:means:thetas:residuals:fisher:)`` for Bernoulli
  /// (and binomial proportions) with the canonical logit link: θ = η + o,
  /// and with e = exp(−|θ|) alone μ = 1/(1 + e) or e/(1 + e),
  /// μ(1 − μ) = e/(1 + e)², and the half unit deviance
  /// y·A(−θ) + (1 − y)·A(θ) + y log y + (1 − y) log(1 − y), where
  /// A(±θ) = max(±θ, 0) + log1p(e): one `exp`, one `log` and one division
  /// per row, as ``Bernoulli``'s `unitDeviance` computes it.
  private static func logisticRowTerms(
    response: [Double], weights: [Double], offsets: [Double], rows: Range<Int>,
    eta: UnsafeBufferPointer<Double>, means: UnsafeMutableBufferPointer<Double>,
    thetas: UnsafeMutableBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
    fisher: UnsafeMutableBufferPointer<Double>?
  ) -> Double {
    func xLogX(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
    var value = 0.0
    response.withUnsafeBufferPointer { y in
      weights.withUnsafeBufferPointer { w in
        offsets.withUnsafeBufferPointer { o in
          let first = rows.lowerBound
          for row in 0..<rows.count {
            let i = first + row
            let theta = eta[row] + o[i]
            let e = exp(-abs(theta))
            let u = 1 + e
            let share = 1 / u
            let mu = theta >= 0 ? share : e * share
            means[row] = mu
            thetas[row] = theta
            // log1p(e) = log(u) + δ/u to first order in u = 1 + e's rounding
            // error δ = e − (u − 1) (|δ| ≤ 2⁻⁵³: the next term is below
            // 2⁻¹⁰⁶); libm's log is much cheaper than its log1p, and 1/u is
            // at hand.
            let softplus = log(u) + (e - (u - 1)) * share
            let up = max(theta, 0) + softplus  // A(θ) = −log(1 − μ)
            let down = max(-theta, 0) + softplus  // A(−θ) = −log μ
            let target = y[i]
            var half = target == 1 ? down : target == 0 ? up : target * down + (1 - target) * up
            if target > 0 && target < 1 { half += xLogX(target) + xLogX(1 - target) }
            value += w[i] * half
            residuals[row] = -w[i] * (target - mu)
            fisher?[row] = w[i] * e * share * share
          }
        }
      }
    }
    return value
  }

  /// β′ = sβ and b′ = b + Σ mβ: raw coefficients in the standardised
  /// coordinates (a warm start).
  func standardised(_ coefficients: [Double], intercept b: Double) -> [Double] {
    var beta = zip(coefficients, scales).map { $0 * $1 }
    if self.intercept {
      beta.append(b + zip(centres, coefficients).reduce(0) { $0 + $1.0 * $1.1 })
    }
    return beta
  }

  /// β and b in the raw features' coordinates, and the map J from β′ to
  /// them (β = J β′), for the covariance.
  func raw(_ beta: [Double]) -> (coefficients: [Double], intercept: Double, jacobian: Matrix) {
    let d = featureCount
    let p = width
    let coefficients = (0..<d).map { beta[$0] / scales[$0] }
    var jacobian = Matrix(rows: p, columns: p)
    for j in 0..<d { jacobian[j, j] = 1 / scales[j] }
    guard intercept else { return (coefficients, 0, jacobian) }
    var b = beta[d]
    for j in 0..<d {
      b -= centres[j] * coefficients[j]
      jacobian[d, j] = -centres[j] / scales[j]
    }
    jacobian[d, d] = 1
    return (coefficients, b, jacobian)
  }

  /// g(ȳ), or g of ȳ pulled inside (0.001, 0.999) where g(ȳ) is not finite
  /// (all-zero counts, one class only), or 0.
  func startingLinearPredictor(_ mean: Double) -> Double {
    let direct = link.linearPredictor(mean, family: family)
    if direct.isFinite { return direct }
    let inside = link.linearPredictor(min(max(mean, 1e-3), 1 - 1e-3), family: family)
    return inside.isFinite ? inside : 0
  }

  /// The error for a maximum-likelihood estimate that does not exist.
  ///
  /// A failure is blamed on a missing estimate only where a fitted mean is at
  /// the edge of the support; otherwise it is a failure to converge.
  func nonExistence(_ state: State, iterations: Int = 0) -> FitError {
    guard onEdge(state) else {
      return .didNotConverge(
        model: "GeneralizedLinearModel", iterations: iterations,
        gradientNorm: state.gradient.reduce(0) { max($0, abs($1)) })
    }
    if Family.self == Bernoulli.self {
      let certain = zip(state.means, response).allSatisfy { abs($0 - $1) < 1e-8 }
      return .separation(model: "GeneralizedLinearModel", complete: certain)
    }
    return .estimateOutsideParameterSpace(
      model: "GeneralizedLinearModel",
      reason:
        "some fitted means go to the edge of the support (e.g. a group of rows with all-zero "
        + "counts), so the likelihood has no maximum; fit by MAP with a Gaussian prior instead "
        + "(estimator: .map(...))")
  }

  /// Whether a fitted mean sits on the edge of the support where the data
  /// do: μ = y = 0, or μ = y = 1 for Bernoulli (within 10⁻⁸).
  func onEdge(_ state: State) -> Bool {
    zip(state.means, response).contains { mu, y in
      (y == 0 && mu < 1e-8) || (Family.self == Bernoulli.self && y == 1 && mu > 1 - 1e-8)
    }
  }

  /// M = X̃′ᵀ diag(w) X̃′: the curvature the rows alone give, in the
  /// standardised coordinates.
  func referenceCurvature() -> Matrix {
    let p = width
    var reference = Matrix(rows: p, columns: p)
    var unused = [Double](repeating: 0, count: p)
    let zeros = [Double](repeating: 0, count: Self.blockRows)
    reference.values.withUnsafeMutableBufferPointer { gram in
      unused.withUnsafeMutableBufferPointer { g in
        weights.withUnsafeBufferPointer { w in
          zeros.withUnsafeBufferPointer { r in
            forEachBlock { start, count, xb, next in
              DenseKernels.weightedGram(
                x: xb, rows: count, columns: p,
                fisher: UnsafeBufferPointer(rebasing: w[start..<(start + count)]),
                residuals: r, gram: gram, gradient: g, ahead: next)
            }
          }
        }
      }
    }
    for i in 0..<p {
      for j in 0..<i { reference[i, j] = reference[j, i] }
    }
    return reference
  }

  /// Throws when the estimate is at infinity: some fitted means sit on the
  /// edge of the support (μ = y = 0, or μ = y = 1 for Bernoulli) and the
  /// Fisher information, whitened by M = X̃ᵀ diag(w) X̃ (the curvature the
  /// rows alone give), has a direction of curvature below 10⁻⁸: the
  /// likelihood flattens along a direction the data do constrain, which
  /// only a separating direction does. (A mean near the edge at a finite
  /// optimum, as cloglog fits have, keeps its curvature.)
  func checkExistence(_ state: State) throws(FitError) {
    guard Family.self != Normal.self, onEdge(state) else { return }
    let p = width
    let reference = referenceCurvature()
    guard let factor = reference.choleskyFactor() else {
      throw .collinearFeatures(model: "GeneralizedLinearModel")
    }
    // L⁻¹ I L⁻ᵀ, column by column (I symmetric).
    var information = state.information
    for j in 0..<p { information[j, j] -= precisions[j] }
    let half = (0..<p).map { j in factor.solveLowerTriangular((0..<p).map { information[$0, j] }) }
    var whitened = Matrix(rows: p, columns: p)
    for i in 0..<p {
      let column = factor.solveLowerTriangular((0..<p).map { half[$0][i] })
      for j in 0..<p { whitened[j, i] = column[j] }
    }
    guard let whiteFactor = whitened.choleskyFactor(),
      (0..<p).allSatisfy({ whiteFactor[$0, $0] * whiteFactor[$0, $0] >= 1e-8 })
    else { throw nonExistence(state) }
  }

  /// The fitted model and its statistics; `observationCount` is Σ of the
  /// frequency weights (the rows, for binomial trials) and `logCombinations`
  /// Σ wᵢ log C(nᵢ, yᵢ) for binomial responses.
  func summary(
    _ beta: [Double], _ state: State, iterations: Int, observationCount: Double,
    logCombinations: Double
  ) throws(FitError) -> GeneralizedLinearFit<Family> {
    let total = weights.reduce(0, +)
    let poisson = Family.self == Poisson.self && link == .canonical
    var deviance = 0.0
    var pearson = 0.0
    var poissonLikelihood = 0.0
    if poisson {
      (deviance, pearson, poissonLikelihood) = poissonStatistics(state)
    } else {
      for i in 0..<rowCount {
        let mu = state.means[i]
        let theta = state.thetas[i]
        deviance += weights[i] * family.unitDeviance(response[i], naturalParameter: theta)
        let residual = response[i] - mu
        pearson += weights[i] * residual * residual / family.varianceOfNaturalParameter(theta)
      }
    }
    // φ: Pearson χ² / (n - p) for a dispersion family (statsmodels' default).
    let dispersion = family.hasDispersion ? pearson / (total - Double(width)) : 1
    guard let factor = state.information.choleskyFactor() else {
      throw .collinearFeatures(model: "GeneralizedLinearModel")
    }
    // Cov = φ J I⁻¹ Jᵀ in the raw coordinates.
    let (coefficients, rawIntercept, jacobian) = raw(beta)
    guard coefficients.allSatisfy(\.isFinite), rawIntercept.isFinite else {
      throw .overflow(
        model: "GeneralizedLinearModel",
        quantity: "the coefficients in the features' own units (rescale the features)")
    }
    let standardisedInverse = factor.inverseFromCholeskyFactor()
    var covariance = Matrix.product(
      Matrix.product(jacobian, standardisedInverse), jacobian, transposeB: .transposed)
    // A coefficient's SE is √(φ I′⁻¹ⱼⱼ)/sⱼ: the root taken before the
    // division, so that a feature near 1e300 (variance near 1e-600) keeps a
    // representable SE.
    let standardErrors = (0..<width).map { j in
      j < featureCount
        ? (dispersion * standardisedInverse[j, j]).squareRoot() / scales[j]
        : (dispersion * covariance[j, j]).squareRoot()
    }
    let phi = family.likelihoodDispersion(
      deviance: deviance, pearsonChiSquare: pearson, observations: total, parameters: width)
    var logLikelihood = logCombinations
    if poisson {
      logLikelihood += poissonLikelihood
    } else if family.hasDispersion && phi == 0 {
      // A fit exact to Double's resolution (the deviance underflows): the
      // likelihood at φ = 0 is unbounded (a sum of +∞ and -∞ row terms
      // where a residual's square underflowed but not the residual).
      logLikelihood = .infinity
    } else {
      for i in 0..<rowCount {
        let theta = state.thetas[i]
        let y = response[i]
        logLikelihood +=
          weights[i] * family.logDensity(y, naturalParameter: theta, dispersion: phi)
      }
    }
    let model = GeneralizedLinearModel<Family>(
      family: family, coefficients: coefficients, intercept: rawIntercept,
      hasIntercept: intercept, link: link, dispersion: dispersion)
    covariance.symmetrise()
    return GeneralizedLinearFit(
      model: model, standardErrors: standardErrors, deviance: deviance,
      nullDeviance: nullDeviance(total), pearsonChiSquare: pearson,
      logLikelihood: logLikelihood, observationCount: observationCount, iterations: iterations,
      inverseInformation: covariance)
  }

  /// Σ wᵢd(yᵢ, μᵢ), Pearson's Σ wᵢ(yᵢ - μᵢ)²/μᵢ and Σ wᵢ log p(yᵢ | θᵢ) for
  /// Poisson counts with the canonical link, as ``Poisson``'s `unitDeviance`,
  /// `varianceOfNaturalParameter` and `logDensity` compute them, from the
  /// state's μᵢ = e^θᵢ (no exp per row) and log y and log y! from tables
  /// for counts below 1,024.
  private func poissonStatistics(
    _ state: State
  ) -> (deviance: Double, pearson: Double, logLikelihood: Double) {
    var deviance = 0.0
    var pearson = 0.0
    var logLikelihood = 0.0
    countLogarithms.withUnsafeBufferPointer { logs in
      countLogFactorials.withUnsafeBufferPointer { logFactorials in
        for i in 0..<rowCount {
          let mu = state.means[i]
          let theta = state.thetas[i]
          let y = response[i]
          let w = weights[i]
          let small = y < Double(logs.count)
          let logCount = small ? logs[Int(y)] : log(y)
          deviance += w * (2 * ((y > 0 ? y * (logCount - theta) : 0) - y + mu))
          let residual = y - mu
          pearson += w * residual * residual / mu
          let logFactorial = small ? logFactorials[Int(y)] : SpecialFunctions.logGamma(y + 1)
          logLikelihood += w * ((y == 0 ? 0 : y * theta) - mu - logFactorial)
        }
      }
    }
    return (deviance, pearson, logLikelihood)
  }

  /// The deviance of the intercept-only model with the same offsets
  /// (statsmodels' `null_deviance`, also for a model without an intercept;
  /// R's glm uses η = offset for a model without one).
  ///
  /// Without offsets its mean is ȳ, whatever the link (the score
  /// Σ wᵢ(yᵢ - μ)(dμ/dη)/V vanishes there); with them, Fisher scoring on its
  /// one parameter.
  func nullDeviance(_ total: Double) -> Double {
    let mean = zip(weights, response).reduce(0) { $0 + $1.0 * $1.1 } / total
    var b = startingLinearPredictor(mean)
    let exact = offsets.allSatisfy { $0 == 0 } && b == link.linearPredictor(mean, family: family)
    for _ in 0..<(exact ? 0 : 100) {
      var gradient = 0.0
      var information = 0.0
      for i in 0..<rowCount {
        let eta = b + offsets[i]
        let theta = link.naturalParameter(eta, family: family)
        let mu = family.meanOfNaturalParameter(theta)
        let variance = family.varianceOfNaturalParameter(theta)
        let slope = link.meanDerivative(eta, family: family)
        gradient += weights[i] * (response[i] - mu) * slope / variance
        information += weights[i] * slope * slope / variance
      }
      let step = gradient / information
      guard step.isFinite else { break }
      b += step
      if abs(step) <= 1e-15 * max(1, abs(b)) { break }
    }
    var deviance = 0.0
    let theta = link.naturalParameter(b, family: family)
    if Family.self == Poisson.self && link == .canonical && exact {
      // One μ = e^θ for every row, log y by table: Poisson's unitDeviance
      // with its exp hoisted.
      let mu = exp(theta)
      countLogarithms.withUnsafeBufferPointer { logs in
        for i in 0..<rowCount {
          let y = response[i]
          let logCount = y < Double(logs.count) ? logs[Int(y)] : log(y)
          deviance += weights[i] * (2 * ((y > 0 ? y * (logCount - theta) : 0) - y + mu))
        }
      }
      return deviance
    }
    for i in 0..<rowCount {
      let rowTheta = offsets[i] == 0 ? theta : link.naturalParameter(b + offsets[i], family: family)
      deviance += weights[i] * family.unitDeviance(response[i], naturalParameter: rowTheta)
    }
    return deviance
  }
}

/// log k for k in 0..<1,024 (log 0 = -∞, unused): the Poisson rows' log y
/// by table, the same values `log` gives.
private let countLogarithms: [Double] = (0..<1024).map { log(Double($0)) }

/// log k! = log Γ(k + 1) for k in 0..<1,024, as `SpecialFunctions.logGamma`
/// gives it: the Poisson log density's base measure by table.
private let countLogFactorials: [Double] = (0..<1024).map {
  SpecialFunctions.logGamma(Double($0) + 1)
}
