import Foundation
import ProbKitCore
import _Differentiation

// The discrete families, in their natural parameters: the Poisson's log
// rate, the Bernoulli's and binomial's logit, the categorical's logits; and
// the Dirichlet.
extension LogDensities {
  /// `count`·`logValue`, with 0·(anything) = 0 (a count of zero contributes
  /// nothing, even where the log is -∞).
  @inlinable static func weighted(_ count: Int, _ logValue: Double) -> Double {
    count == 0 ? 0 : Double(count) * logValue
  }

  /// log Poisson(k | λ = e^η): kη - e^η - log k!.
  @inlinable
  public static func poisson(_ k: Int, logRate: Double) -> Double {
    poissonWithPartial(k, logRate).value
  }

  @inlinable
  static func poissonWithPartial(_ k: Int, _ logRate: Double) -> (value: Double, dLogRate: Double) {
    guard k >= 0, !logRate.isNaN, logRate < .infinity else { return (-.infinity, 0) }
    let rate = exp(logRate)
    let value = weighted(k, logRate) - rate - SpecialFunctions.logFactorial(k)
    guard value.isFinite else { return (-.infinity, 0) }
    return (value, Double(k) - rate)
  }

  @usableFromInline
  @derivative(of: poisson(_:logRate:))
  static func _vjpPoisson(_ k: Int, logRate: Double)
    -> (value: Double, pullback: (Double) -> Double)
  {
    let p = poissonWithPartial(k, logRate)
    return (p.value, { v in v * p.dLogRate })
  }

  /// log Bernoulli(y | p = σ(η)) for y ∈ {0, 1}: -log(1 + e^{-η}) for 1,
  /// -log(1 + e^η) for 0.
  @inlinable
  public static func bernoulli(_ y: Int, logit: Double) -> Double {
    bernoulliWithPartial(y, logit).value
  }

  @inlinable
  static func bernoulliWithPartial(_ y: Int, _ logit: Double) -> (value: Double, dLogit: Double) {
    guard y == 0 || y == 1, !logit.isNaN else { return (-.infinity, 0) }
    let value = -SpecialFunctions.log1pExp(y == 1 ? -logit : logit)
    guard value > -.infinity else { return (-.infinity, 0) }
    return (value, Double(y) - SpecialFunctions.sigmoid(logit))
  }

  @usableFromInline
  @derivative(of: bernoulli(_:logit:))
  static func _vjpBernoulli(_ y: Int, logit: Double)
    -> (value: Double, pullback: (Double) -> Double)
  {
    let p = bernoulliWithPartial(y, logit)
    return (p.value, { v in v * p.dLogit })
  }

  /// log Binomial(k | n, p = σ(η)) for 0 ≤ k ≤ n.
  @inlinable
  public static func binomial(_ k: Int, trials: Int, logit: Double) -> Double {
    binomialWithPartial(k, trials, logit).value
  }

  @inlinable
  static func binomialWithPartial(_ k: Int, _ trials: Int, _ logit: Double)
    -> (value: Double, dLogit: Double)
  {
    guard trials >= 0, k >= 0, k <= trials, !logit.isNaN else { return (-.infinity, 0) }
    let value =
      SpecialFunctions.logBinomialCoefficient(trials, k)
      - weighted(k, SpecialFunctions.log1pExp(-logit))
      - weighted(trials - k, SpecialFunctions.log1pExp(logit))
    guard value > -.infinity else { return (-.infinity, 0) }
    return (value, Double(k) - Double(trials) * SpecialFunctions.sigmoid(logit))
  }

  @usableFromInline
  @derivative(of: binomial(_:trials:logit:))
  static func _vjpBinomial(_ k: Int, trials: Int, logit: Double)
    -> (value: Double, pullback: (Double) -> Double)
  {
    let p = binomialWithPartial(k, trials, logit)
    return (p.value, { v in v * p.dLogit })
  }

  /// log Categorical(k | softmax(logits)) = logitsₖ - log Σⱼ e^{logitsⱼ}.
  ///
  /// For k in `logits.indices`. A logit of -∞ is a category of probability
  /// 0; a NaN or +∞ logit gives -∞.
  @inlinable
  public static func categorical(_ k: Int, logits: [Double]) -> Double {
    categoricalValue(k, logits)
  }

  @inlinable
  static func categoricalValue(_ k: Int, _ logits: [Double]) -> Double {
    guard logits.indices.contains(k), !logits.contains(where: { $0.isNaN || $0 == .infinity })
    else { return -.infinity }
    let value = logits[k] - SpecialFunctions.logSumExp(logits)
    return value.isNaN ? -.infinity : value
  }

  @usableFromInline
  @derivative(of: categorical(_:logits:))
  static func _vjpCategorical(_ k: Int, logits: [Double])
    -> (value: Double, pullback: (Double) -> [Double].TangentVector)
  {
    let value = categoricalValue(k, logits)
    var partials = [Double](repeating: 0, count: logits.count)
    if value > -.infinity {
      partials = SpecialFunctions.softmax(logits)
      for j in partials.indices { partials[j] = -partials[j] }
      partials[k] += 1
    }
    return (value, { v in .init(partials.map { v * $0 }) })
  }

  /// log Dirichlet(x | α) for x on the simplex.
  ///
  /// The simplex as ProbKitDistributions' `Dirichlet` checks it: non-negative
  /// coordinates summing to 1 within 1e-10; 0·log 0 = 0 on the boundary. The
  /// partials with respect to x are those
  /// of the density's formula (the simplex constraint belongs to the
  /// transform that produces x).
  @inlinable
  public static func dirichlet(_ x: [Double], concentrations: [Double]) -> Double {
    dirichletValue(x, concentrations)
  }

  @inlinable
  static func dirichletValue(_ x: [Double], _ alphas: [Double]) -> Double {
    guard x.count == alphas.count, !x.isEmpty, alphas.allSatisfy(validScale),
      x.allSatisfy({ $0 >= 0 }), abs(x.reduce(0, +) - 1) <= 1e-10
    else { return -.infinity }
    var value = -SpecialFunctions.logMultivariateBeta(alphas)
    for i in x.indices { value += SpecialFunctions.xlogy(alphas[i] - 1, x[i]) }
    return value.isNaN ? -.infinity : value
  }

  @usableFromInline
  @derivative(of: dirichlet(_:concentrations:))
  static func _vjpDirichlet(_ x: [Double], concentrations: [Double])
    -> (value: Double, pullback: (Double) -> ([Double].TangentVector, [Double].TangentVector))
  {
    let value = dirichletValue(x, concentrations)
    var dx = [Double](repeating: 0, count: x.count)
    var dAlpha = [Double](repeating: 0, count: concentrations.count)
    if value.isFinite, x.allSatisfy({ $0 > 0 }) {
      let total = SpecialFunctions.digamma(concentrations.reduce(0, +))
      for i in x.indices {
        dx[i] = (concentrations[i] - 1) / x[i]
        dAlpha[i] = total - SpecialFunctions.digamma(concentrations[i]) + log(x[i])
      }
    }
    return (value, { v in (.init(dx.map { v * $0 }), .init(dAlpha.map { v * $0 })) })
  }
}
