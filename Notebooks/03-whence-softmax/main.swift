import Foundation  // hide
import NotebookSupport  // hide
import ProbKit
import ProbKitCharts

let title = "Whence softmax: from the exponential family to softmax regression"  // hide
var notebook = Notebook(title: title)  // hide

//: Softmax regression is usually introduced as a recipe: take linear scores,
//: exponentiate, normalise. It is not arbitrary. It falls out of three
//: choices: model the label y given features x as a Categorical, which is an
//: exponential-family distribution; make its natural parameter linear in x;
//: predict with its mean. This notebook walks that derivation with ProbKit's
//: own types, ends at `SoftmaxRegression`, and shows why the log-sum-exp
//: trick is not optional.
//:
//: Run it with `swift run notebook-whence-softmax` from the repository root.
//:
//: ## The exponential family
//:
//: A family is exponential when its density can be written
//: p(y; η) = h(y) exp(ηᵀT(y) − A(η)): natural parameters η, a sufficient
//: statistic T(y), a log-partition A(η) that normalises, and a base measure
//: h(y). ProbKit's `ExponentialFamily` protocol exposes exactly these, and
//: `exponentialFamilyLogDensity` assembles the density from them. For each
//: distribution below it reproduces `logDensity`:

var familyRows: [[String]] = []
func row<D: ExponentialFamily>(_ name: String, _ d: D, at y: D.Value) -> [String] {
  let eta = d.naturalParameters.map { decimals($0, 4) }.joined(separator: ", ")
  let difference = abs(d.exponentialFamilyLogDensity(y) - d.logDensity(y))
  return [
    name, "(\(eta))", decimals(d.logPartition, 4), decimals(d.logDensity(y), 6),
    difference < 1e-14 ? "< 1e-14" : significant(difference, 2),
  ]
}
familyRows.append(row("Bernoulli(0.3), y = 1", try Bernoulli(probability: 0.3), at: 1))
familyRows.append(
  row("Binomial(10, 0.3), y = 4", try Binomial(trials: 10, probability: 0.3), at: 4))
familyRows.append(row("Poisson(2.5), y = 3", try Poisson(rate: 2.5), at: 3))
familyRows.append(row("Normal(1, 2), y = 0.5", try Normal(mean: 1, standardDeviation: 2), at: 0.5))
familyRows.append(row("Gamma(3, rate 2), y = 1.2", try Gamma(shape: 3, rate: 2), at: 1.2))
familyRows.append(
  row("Categorical(0.2, 0.3, 0.5), y = 1", try Categorical(probabilities: [0.2, 0.3, 0.5]), at: 1))
notebook.table(["distribution", "η", "A(η)", "log p(y)", "|ηᵀT + log h − A − log p|"], familyRows)

//: The log-partition does more than normalise: its gradient is the mean of the
//: sufficient statistic, ∇A(η) = E[T(y)]. Check it by finite differences for
//: the Categorical, whose T(y) is the one-hot vector of y without its last
//: entry, so E[T(y)] is the first K − 1 probabilities:

let categorical = try Categorical(probabilities: [0.2, 0.3, 0.5])
let eta = categorical.naturalParameters
var gradient: [Double] = []
for k in eta.indices {
  var up = eta
  var down = eta
  up[k] += 1e-6
  down[k] -= 1e-6
  gradient.append((categorical.logPartition(up) - categorical.logPartition(down)) / 2e-6)
}
notebook.print("η = (log(p₁/p₃), log(p₂/p₃)) =", vector(eta, 6))
notebook.print("∇A(η) by finite differences =", vector(gradient, 6))
notebook.print("E[T(y)] = (p₁, p₂)          =", vector(categorical.meanParameters, 6))

//: ## The Categorical's natural parameters and the softmax
//:
//: For K classes with probabilities p, the natural parameters are the log odds
//: against the last class, ηₖ = log(pₖ / p_K) for k < K, and
//: A(η) = log(1 + Σₖ exp ηₖ). Inverting, pₖ = exp(ηₖ) / Σⱼ exp(ηⱼ) with η_K = 0:
//: the map from natural parameters back to probabilities (the *response
//: function*) is the softmax. In ProbKit, building a Categorical from its
//: natural parameters and taking the softmax of (η, 0) are the same numbers:

let fromNatural = try categorical.withNaturalParameters(eta)
notebook.print("withNaturalParameters(η).probabilities =", vector(fromNatural.probabilities, 12))
notebook.print(
  "softmax(η₁, η₂, 0)                     =", vector(SpecialFunctions.softmax(eta + [0]), 12))

//: ## The GLM recipe
//:
//: A generalised linear model makes three choices: (1) y | x comes from an
//: exponential family (here Categorical); (2) the natural parameter is linear
//: in x, η = Wx + b; (3) the prediction is the mean, E[T(y) | x] = ∇A(η), which
//: for the Categorical is softmax(η). Put together, p(y = k | x) = softmax(Wx + b)ₖ:
//: softmax regression. Maximum likelihood then minimises the cross-entropy
//: −Σₙ log p(yₙ | xₙ), and a Gaussian prior on W turns it into MAP with an L2
//: penalty. With two classes the softmax of (z, 0) is the logistic sigmoid of
//: z, so logistic regression is the two-class case, not a separate model:

var sigmoidGap = 0.0
for z in stride(from: -30.0, through: 30, by: 0.25) {
  sigmoidGap = max(
    sigmoidGap, abs(SpecialFunctions.softmax([z, 0])[0] - SpecialFunctions.sigmoid(z)))
}
notebook.print(
  "max |softmax(z, 0)₁ − σ(z)| over z ∈ [−30, 30]:",
  sigmoidGap < 1e-15 ? "< 1e-15" : significant(sigmoidGap, 2))
try notebook.figure(
  Chart(
    title: "Two classes: the softmax is the sigmoid", x: Axis("z = η₁ (log odds)"),
    y: Axis("probability", range: 0...1), legend: .topLeft,
    series: [
      try .function("softmax(z, 0)₁", over: -8...8) { SpecialFunctions.softmax([$0, 0])[0] },
      try .function("σ(z) = 1 / (1 + e⁻ᶻ)", over: -8...8, dashed: true) {
        SpecialFunctions.sigmoid($0)
      },
    ]),
  name: "sigmoid")

//: `SoftmaxRegression` is that model. Its `conditionalDistribution(x)` is the
//: Categorical p(y | x) itself, whose natural parameters are the linear
//: predictor's differences against the reference class. Fit one to a seeded
//: three-class problem in the plane:

let source = RandomSource(seed: 11)
let centres = [[-2.0, 0], [2.0, 0], [0, 2.5]]
var features: [[Double]] = []
var labels: [Int] = []
let noise = try Normal(mean: 0, standardDeviation: 1.1)
for n in 0..<300 {
  let k = n % 3
  features.append([
    centres[k][0] + noise.sample(using: source), centres[k][1] + noise.sample(using: source),
  ])
  labels.append(k)
}
let fit = try SoftmaxRegression.fit(
  features: features, labels: labels, estimator: .map(GaussianPrior(standardDeviation: 10)))
let model = fit.model
let x = [0.5, 1.0]
let conditional = try model.conditionalDistribution(x)
let logits = try model.logits(x)
notebook.print("W =", model.coefficients.map { vector($0, 3) }.joined(separator: ", "))
notebook.print("b =", vector(model.intercepts, 3))
notebook.print("at x = (0.5, 1.0): Wx + b =", vector(logits, 4))
notebook.print("p(y | x) = softmax(Wx + b) =", vector(conditional.probabilities, 4))
notebook.print("natural parameters of p(y | x) =", vector(conditional.naturalParameters, 4))
notebook.print(
  "(Wx + b)ₖ − (Wx + b)₃, k = 1, 2 =", vector([logits[0] - logits[2], logits[1] - logits[2]], 4))

//: The fitted model's probabilities over the plane, one panel per class. The
//: boundaries between classes are straight lines (where two rows of Wx + b are
//: equal), and each probability rises along its own direction in a sigmoid:

var panels: [any SVGDrawable] = []
let grid = (0..<40).map { -6.0 + 12.0 * (Double($0) + 0.5) / 40 }
for k in 0..<3 {
  var surface: [[Double]] = []
  for y in grid {
    surface.append(try grid.map { xValue in try model.probabilities([xValue, y])[k] })
  }
  panels.append(
    try HeatMap(
      title: "p(y = \(k + 1) | x)", x: Axis("x₁"), y: Axis("x₂"), values: surface,
      xRange: -6...6, yRange: -6...6, colorLabel: "p", colorRange: 0...1, width: 330,
      height: 300))
}
try notebook.figure(
  try ChartGrid(title: "Softmax regression on three classes", columns: 3, cells: panels),
  name: "probabilities")

//: ## Why log-sum-exp is not optional
//:
//: Computing softmax(z)ₖ = exp(zₖ) / Σⱼ exp(zⱼ) as written overflows as soon as
//: a logit passes ~709 (exp gives +∞, and ∞/∞ is NaN), and underflows to 0/0
//: when all logits are below ~−745. Both happen in practice: unscaled features,
//: large weights near separation, or a long training run. Subtracting the
//: largest logit first changes nothing mathematically and everything
//: numerically; ProbKit's `softmax` and `logSoftmax` (and every probability in
//: `SoftmaxRegression`) do that:

func naiveSoftmax(_ z: [Double]) -> [Double] {
  let e = z.map(exp)
  let total = e.reduce(0, +)
  return e.map { $0 / total }
}
var stabilityRows: [[String]] = []
for z in [[1.0, 2, 3], [1000.0, 999, 998], [-1000.0, -1001, -1002], [1e300, 0, -1e300]] {
  stabilityRows.append([
    "(" + z.map { significant($0, 4) }.joined(separator: ", ") + ")",
    naiveSoftmax(z).map { decimals($0, 4) }.joined(separator: ", "),
    SpecialFunctions.softmax(z).map { decimals($0, 4) }.joined(separator: ", "),
  ])
}
notebook.table(["logits z", "naive exp(z)/Σexp(z)", "ProbKit softmax"], stabilityRows)

//: Log-probabilities need the same care one step further: log(softmax(z)) of a
//: very unlikely class is log(0) = −∞ once its probability underflows, while
//: z − logsumexp(z), which `logSoftmax` computes, stays exact. The loss of a
//: confidently wrong prediction is then a large finite number, not infinity:

let confident = [0.0, 800]
notebook.print("z = (0, 800)")
notebook.print("log(softmax(z))₁ =", decimals(log(SpecialFunctions.softmax(confident)[0]), 4))
notebook.print("logSoftmax(z)₁   =", decimals(SpecialFunctions.logSoftmax(confident)[0], 4))

try notebook.finish()  // hide
