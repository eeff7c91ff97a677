import ProbKitCore

extension GLMProblem {
  /// Rows from which a fit first solves a subsample for its starting point.
  static var subsampleThreshold: Int { 100_000 }
  /// About how many rows the subsample keeps.
  static var subsampleRows: Int { 20_000 }

  /// A starting point from the same problem on a subsample of 20,000 rows,
  /// for fits of at least 100,000 rows.
  ///
  /// The subsample's estimate is within a few standard errors of the full
  /// one, so the full fit needs only Newton's last, quadratic steps from it:
  /// on 10⁶ × 50 Poisson data, 3 passes over X instead of 5. A MAP prior's
  /// precisions are scaled by the subsample's share of the rows, so that
  /// its mode is near the full data's. `nil` (the fit starts as usual)
  /// when the subsample's fit does not converge within `maximumIterations`
  /// (a separated subsample, say) or when N is below the threshold.
  func subsampleStart(from start: [Double], maximumIterations: Int) -> [Double]? {
    let n = rowCount
    let d = featureCount
    guard n >= Self.subsampleThreshold else { return nil }
    // One row drawn from each of m equal strata (a fixed seed: the same rows
    // every fit), so that no period in the data (weights cycling every few
    // rows) aliases with the sampling.
    let m = Self.subsampleRows
    let source = RandomSource(seed: 0x5eed)
    let rows = (0..<m).map { j in
      min(n - 1, Int((Double(j) + source.nextUniform()) * Double(n) / Double(m)))
    }
    var values = [Double]()
    values.reserveCapacity(m * d)
    design.matrix.values.withUnsafeBufferPointer { x in
      for i in rows { values.append(contentsOf: x[(i * d)..<((i + 1) * d)]) }
    }
    let share = Double(m) / Double(n)
    // λ in the raw coordinates (λ′s², this problem's standardised λ′ back).
    let rawPrecisions = (0..<d).map { precisions[$0] * scales[$0] * scales[$0] * share }
    let subproblem = GLMProblem(
      family: family, design: DesignMatrix(Matrix(rows: m, columns: d, values: values)),
      response: rows.map { response[$0] }, weights: rows.map { weights[$0] },
      offsets: rows.map { offsets[$0] }, intercept: intercept, link: link,
      featurePrecisions: rawPrecisions,
      interceptPrecision: intercept ? precisions[d] * share : nil)
    let (coefficients, b, _) = raw(start)
    let result = minimizeFisherScoring(
      subproblem, start: subproblem.standardised(coefficients, intercept: b),
      maximumIterations: maximumIterations, progress: nil)
    guard case .converged = result.outcome else { return nil }
    let (subCoefficients, subIntercept, _) = subproblem.raw(result.theta)
    let mapped = standardised(subCoefficients, intercept: subIntercept)
    return mapped.allSatisfy(\.isFinite) ? mapped : nil
  }
}
