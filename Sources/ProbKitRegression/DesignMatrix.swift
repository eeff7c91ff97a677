import GSLBridge
import ProbKitCore
import ProbKitInference

/// Validated features as a row-major N × D matrix for the BLAS products.
struct DesignMatrix {
  /// X, N × D.
  let matrix: Matrix

  /// N.
  var rowCount: Int { matrix.rows }
  /// D.
  var featureCount: Int { matrix.columns }

  /// Wraps an N × D matrix.
  init(_ matrix: Matrix) { self.matrix = matrix }

  /// Wraps validated features without copying them (copy-on-write).
  init(_ features: FeatureMatrix) {
    matrix = Matrix(rows: features.rowCount, columns: features.columnCount, values: features.values)
  }

  /// Checks and copies `rows`: each of `featureCount` finite values.
  ///
  /// - Throws: ``FitError`` naming the first bad row and column.
  init(_ rows: [[Double]], featureCount: Int, model: String) throws(FitError) {
    var values = [Double]()
    values.reserveCapacity(rows.count * featureCount)
    for (n, row) in rows.enumerated() {
      guard row.count == featureCount else {
        throw .invalidObservation(
          model: model, index: n, requirement: "\(featureCount) features",
          value: "\(row.count) features")
      }
      for (d, value) in row.enumerated() {
        guard value.isFinite else {
          throw .invalidObservation(
            model: model, index: n, requirement: "finite features", value: "column \(d) = \(value)")
        }
        values.append(value)
      }
    }
    matrix = Matrix(rows: rows.count, columns: featureCount, values: values)
  }

  /// The N × K logits X·Wᵀ + 1bᵀ for K × D weights (row-major) and K
  /// intercepts.
  func logits(weights: [Double], intercepts: [Double], classCount: Int) -> Matrix {
    var eta = Matrix(rows: rowCount, columns: classCount)
    for n in 0..<rowCount {
      for k in 0..<classCount { eta.values[n * classCount + k] = intercepts[k] }
    }
    Matrix.multiplyAdd(
      alpha: 1, matrix, Matrix(rows: classCount, columns: featureCount, values: weights),
      transposeB: .transposed, beta: 1, into: &eta)
    return eta
  }
}

/// The affine change of features x' = (x - μ)/s the optimiser works in,
/// applied to the weights rather than to a copy of the data.
///
/// Raw features on different scales (pixel counts 0…16 beside constant
/// columns) make the objective ill-conditioned, and L-BFGS then needs
/// thousands of iterations. In standardised coordinates the same objective is
/// far better conditioned; the fit is mapped back exactly:
/// W = W'/s (column-wise) and b = b' - Σ_d W_d μ_d, and the prior's precision
/// on W'_d is λ_d/s_d². Columns are centred only when the intercepts are
/// unpenalised (centring moves weight into the intercepts, which a penalty on
/// them would notice); constant columns keep s = 1.
struct Standardization {
  let means: [Double]
  let scales: [Double]
  /// Whether every column had a finite mean and a spread in [10⁻¹⁴⁰, ∞)
  /// from the one pass: none constant, none redone in other units.
  let isRegular: Bool

  /// The weighted means and standard deviations of `design`'s columns.
  init(_ design: DesignMatrix, weights: [Double], centre: Bool) {
    let n = design.rowCount
    let d = design.featureCount
    let values = design.matrix.values
    let total = weights.reduce(0, +)
    // One pass, row by row through the storage (a column walk strides N·8
    // bytes), by the C kernels' weighted Welford update.
    var (means, squares) = values.withUnsafeBufferPointer { x in
      weights.withUnsafeBufferPointer { w in
        DenseKernels.columnMoments(x: x, rows: n, columns: d, weights: w)
      }
    }
    var spreads = (0..<d).map { (squares[$0] / total).squareRoot() }
    isRegular = (0..<d).allSatisfy {
      means[$0].isFinite && spreads[$0].isFinite && spreads[$0] >= 1e-140
    }
    // Features near 1e308 overflow these sums, and spreads below 1e-140 may
    // have underflowed in them (a column of 1e-300s read as constant): such
    // a column is redone in units of its largest magnitude (the usual
    // columns keep their bits).
    for j in 0..<d where !(means[j].isFinite && spreads[j].isFinite && spreads[j] >= 1e-140) {
      var largest = 0.0
      for row in 0..<n { largest = max(largest, abs(values[row * d + j])) }
      guard largest > 0 else { continue }  // all zeros: mean 0, spread 0
      var mean = 0.0
      for row in 0..<n { mean += weights[row] * (values[row * d + j] / largest) }
      mean /= total
      var square = 0.0
      for row in 0..<n {
        let deviation = values[row * d + j] / largest - mean
        square += weights[row] * deviation * deviation
      }
      means[j] = mean * largest
      spreads[j] = (square / total).squareRoot() * largest
    }
    // A spread of subnormal features is raised to where 1/s is finite: any
    // scale near the spread serves.
    scales = spreads.map { $0 > 0 && $0.isFinite ? max($0, 0x1p-1020) : 1 }
    self.means = centre ? means : Array(repeating: 0, count: d)
  }

  /// No change of coordinates (μ = 0, s = 1).
  init(identityFor featureCount: Int) {
    means = Array(repeating: 0, count: featureCount)
    scales = Array(repeating: 1, count: featureCount)
    isRegular = true
  }

  /// The prior's precisions λ_d/s_d² on the standardised weights, divided
  /// one s at a time and capped at the largest finite double (a column of
  /// 1e-300s would make it 0/0 for maximum likelihood, ∞ for MAP).
  func standardisedPrecisions(_ featurePrecisions: [Double]) -> [Double] {
    zip(featurePrecisions, scales).map { min($0 / $1 / $1, .greatestFiniteMagnitude) }
  }

  /// Feature j of a raw value in standardised coordinates.
  @inline(__always)
  func standardised(_ value: Double, feature j: Int) -> Double {
    (value - means[j]) / scales[j]
  }

  /// A gradient (or Hessian-vector product) with respect to standardised
  /// weights, from the raw products G = Σ rₙxₙᵀ (K × D) and the row-weight
  /// sums Σ rₙ (K): G'ₖ_d = (Gₖ_d - (Σ rₙ)ₖ μ_d)/s_d.
  func standardisedProduct(_ raw: [Double], sums: [Double], classCount: Int) -> [Double] {
    let d = scales.count
    var result = raw
    for k in 0..<classCount {
      for j in 0..<d { result[k * d + j] = (raw[k * d + j] - sums[k] * means[j]) / scales[j] }
    }
    return result
  }

  /// Full weights and intercepts in original coordinates from standardised
  /// ones: W = W'/s, b = b' - Σ_d W_d μ_d.
  func original(weights: [Double], intercepts: [Double], classCount: Int) -> ([Double], [Double]) {
    let d = scales.count
    var w = weights
    var b = intercepts
    for k in 0..<classCount {
      for j in 0..<d {
        w[k * d + j] = weights[k * d + j] / scales[j]
        b[k] -= w[k * d + j] * means[j]
      }
    }
    return (w, b)
  }

  /// Standardised weights and intercepts from original ones: W' = W·s,
  /// b' = b + Σ_d W_d μ_d.
  func standardised(weights: [Double], intercepts: [Double], classCount: Int) -> (
    [Double], [Double]
  ) {
    let d = scales.count
    var w = weights
    var b = intercepts
    for k in 0..<classCount {
      for j in 0..<d {
        w[k * d + j] = weights[k * d + j] * scales[j]
        b[k] += weights[k * d + j] * means[j]
      }
    }
    return (w, b)
  }
}
