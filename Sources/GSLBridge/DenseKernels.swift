internal import CKernels

/// Dense products for skinny matrices (few columns on one side), from the
/// C kernels: AVX-512 or AVX2/FMA code where the CPU has it, chosen at run
/// time, and portable C otherwise.
///
/// Softmax regression's products X_b·Wᵀ and Sᵀ·X_b have only K ≤ 16 columns
/// on one side, where BLAS spends much of its time packing the large operand.
/// Row-major throughout; shapes are the caller's responsibility (checked in
/// debug builds).
package enum DenseKernels {
  /// z = x·wᵀ: x is rows × d, w is k × d, z is rows × k.
  package static func products(
    x: UnsafeBufferPointer<Double>, rows: Int, columns d: Int,
    weights w: UnsafeBufferPointer<Double>, classes k: Int,
    into z: UnsafeMutableBufferPointer<Double>
  ) {
    assert(x.count >= rows * d && w.count >= k * d && z.count >= rows * k)
    guard rows > 0, k > 0, let xBase = x.baseAddress, let wBase = w.baseAddress,
      let zBase = z.baseAddress
    else { return }
    ckernels_products(xBase, rows, d, wBase, k, zBase)
  }

  /// g += sᵀ·x: s is rows × k, x is rows × d, g is k × d.
  package static func accumulate(
    s: UnsafeBufferPointer<Double>, x: UnsafeBufferPointer<Double>, rows: Int, columns d: Int,
    classes k: Int, into g: UnsafeMutableBufferPointer<Double>
  ) {
    assert(s.count >= rows * k && x.count >= rows * d && g.count >= k * d)
    guard rows > 0, k > 0, d > 0, let sBase = s.baseAddress, let xBase = x.baseAddress,
      let gBase = g.baseAddress
    else { return }
    ckernels_accumulate(sBase, xBase, rows, d, k, gBase)
  }

  /// Weighted column means and sums of squared deviations of x (rows × d)
  /// in one pass (West's weighted Welford update; rows of weight 0 skipped).
  package static func columnMoments(
    x: UnsafeBufferPointer<Double>, rows: Int, columns d: Int, weights: UnsafeBufferPointer<Double>
  ) -> (means: [Double], squares: [Double]) {
    assert(x.count >= rows * d && weights.count >= rows)
    var means = [Double](repeating: 0, count: d)
    var squares = [Double](repeating: 0, count: d)
    guard rows > 0, d > 0, let xBase = x.baseAddress, let wBase = weights.baseAddress else {
      return (means, squares)
    }
    means.withUnsafeMutableBufferPointer { m in
      squares.withUnsafeMutableBufferPointer { q in
        if let mBase = m.baseAddress, let qBase = q.baseAddress {
          ckernels_column_moments(xBase, rows, d, wBase, mBase, qBase)
        }
      }
    }
    return (means, squares)
  }

  /// Standardised rows: out (rows × p) = (xₙⱼ - mⱼ)·rⱼ for x (rows × d), with
  /// a last column of ones when `intercept` (p = d + 1, else d).
  package static func standardise(
    x: UnsafeBufferPointer<Double>, rows: Int, columns d: Int, means: UnsafeBufferPointer<Double>,
    reciprocals: UnsafeBufferPointer<Double>, intercept: Bool,
    into out: UnsafeMutableBufferPointer<Double>
  ) {
    let p = d + (intercept ? 1 : 0)
    assert(x.count >= rows * d && means.count >= d && reciprocals.count >= d)
    assert(out.count >= rows * p)
    guard rows > 0, p > 0, let xBase = x.baseAddress, let outBase = out.baseAddress else { return }
    ckernels_standardise(
      xBase, rows, d, means.baseAddress ?? xBase, reciprocals.baseAddress ?? xBase,
      intercept ? 1 : 0, outBase)
  }

  /// A generalized linear model's block sums over x (rows × p).
  ///
  /// The upper triangle (diagonal included) of `gram` (p × p) += Σₙ fₙ xₙxₙᵀ,
  /// and g += Σₙ rₙ xₙ. Without `gram`, the gradient only; `gram`'s entries
  /// below the diagonal are left unspecified.
  ///
  /// `ahead`, when given, is what the caller reads next (the next block of
  /// raw rows): the kernel prefetches it into L2 while it computes the Gram
  /// matrix, so that its stream from memory overlaps the arithmetic. It
  /// changes no result.
  package static func weightedGram(
    x: UnsafeBufferPointer<Double>, rows: Int, columns p: Int,
    fisher f: UnsafeBufferPointer<Double>, residuals r: UnsafeBufferPointer<Double>,
    gram: UnsafeMutableBufferPointer<Double>?, gradient g: UnsafeMutableBufferPointer<Double>,
    ahead: UnsafeBufferPointer<Double>? = nil
  ) {
    assert(x.count >= rows * p && f.count >= rows && r.count >= rows && g.count >= p)
    assert(gram.map { $0.count >= p * p } ?? true)
    guard rows > 0, p > 0, let xBase = x.baseAddress, let fBase = f.baseAddress,
      let rBase = r.baseAddress, let gBase = g.baseAddress
    else { return }
    ckernels_weighted_gram_ahead(
      xBase, rows, p, fBase, rBase, gram?.baseAddress, gBase, ahead?.baseAddress,
      (ahead?.count ?? 0) * MemoryLayout<Double>.stride)
  }

  /// The softmax losses and residuals of a block of logits z (rows × k), in
  /// place: zₙ += b; loss += wₙ(log Σ_c exp zₙ_c - zₙ_yₙ) (compensated: `loss`
  /// and `compensation` carry a Neumaier sum); zₙ_c becomes
  /// wₙ(softmax(zₙ)_c - [c = yₙ]), added into `interceptGradient`.
  package static func softmaxResiduals(
    _ z: UnsafeMutableBufferPointer<Double>, rows: Int, classes k: Int,
    intercepts: UnsafeBufferPointer<Double>, labels: UnsafeBufferPointer<Int>,
    weights: UnsafeBufferPointer<Double>, loss: inout Double, compensation: inout Double,
    interceptGradient: UnsafeMutableBufferPointer<Double>
  ) {
    assert(z.count >= rows * k && labels.count >= rows && weights.count >= rows)
    guard rows > 0, let zBase = z.baseAddress, let bBase = intercepts.baseAddress,
      let yBase = labels.baseAddress, let wBase = weights.baseAddress,
      let gBase = interceptGradient.baseAddress
    else { return }
    ckernels_softmax_residuals(
      zBase, rows, k, bBase, yBase, wBase, &loss, &compensation, gBase)
  }

  /// The most classes ``softmaxPass(x:rows:columns:weights:classes:intercepts:labels:sampleWeights:loss:compensation:interceptGradient:gradient:)``
  /// takes.
  package static let passMaximumClasses = Int(CKERNELS_PASS_MAX_CLASSES)

  /// A whole softmax-regression evaluation over x (rows × d) in one call.
  ///
  /// Block by block, while each block is in cache: Z_b = X_b·Wᵀ, then the
  /// block's losses and residuals as in ``softmaxResiduals(_:rows:classes:intercepts:labels:weights:loss:compensation:interceptGradient:)``,
  /// then `gradient` += R_bᵀ·X_b when `gradient` is given. Needs
  /// 1 ≤ k ≤ ``passMaximumClasses`` and d ≥ 1.
  package static func softmaxPass(
    x: UnsafeBufferPointer<Double>, rows: Int, columns d: Int,
    weights w: UnsafeBufferPointer<Double>, classes k: Int,
    intercepts: UnsafeBufferPointer<Double>, labels: UnsafeBufferPointer<Int>,
    sampleWeights: UnsafeBufferPointer<Double>, loss: inout Double, compensation: inout Double,
    interceptGradient: UnsafeMutableBufferPointer<Double>,
    gradient: UnsafeMutableBufferPointer<Double>?
  ) {
    assert(
      x.count >= rows * d && w.count >= k * d && labels.count >= rows
        && sampleWeights.count >= rows && interceptGradient.count >= k
        && (gradient?.count ?? k * d) >= k * d)
    precondition(
      (1...passMaximumClasses).contains(k) && d > 0, "softmaxPass: 1...16 classes, d > 0")
    guard rows > 0, let xBase = x.baseAddress, let wBase = w.baseAddress,
      let bBase = intercepts.baseAddress, let yBase = labels.baseAddress,
      let sBase = sampleWeights.baseAddress, let iBase = interceptGradient.baseAddress
    else { return }
    _ = ckernels_softmax_pass(
      xBase, rows, d, wBase, k, bBase, yBase, sBase, &loss, &compensation, iBase,
      gradient?.baseAddress)
  }
}
