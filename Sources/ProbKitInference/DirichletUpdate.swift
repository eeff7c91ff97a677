import ProbKitDistributions

extension DataCheck {
  /// Dirichlet(α) updated by category counts c: Dirichlet(α + c), the
  /// conjugate step the categorical and multinomial models share.
  ///
  /// Throws ``FitError/overflow(model:quantity:)`` naming the total, a count,
  /// a posterior alpha or their sum when it is beyond `Double`.
  func dirichletPosterior(_ prior: Dirichlet, counts: [Double], total: Double)
    throws(FitError) -> Dirichlet
  {
    try finite(total, "the total of the counts")
    for (k, count) in counts.enumerated() { try finite(count, "the count of category \(k)") }
    let alphas = zip(prior.alphas, counts).map { $0 + $1 }
    for (k, alpha) in alphas.enumerated() {
      try finite(alpha, "the posterior alpha of category \(k) (prior alpha + count)")
    }
    let posterior = try build { () throws(DistributionError) in try Dirichlet(alphas: alphas) }
    try concentration(posterior)
    return posterior
  }

  /// Requires the sum of `belief`'s alphas to be finite: its mean, mode and
  /// evidence divide by it.
  func concentration(_ belief: Dirichlet) throws(FitError) {
    try finite(belief.totalConcentration, "the sum of the alphas of \(belief)")
  }
}
