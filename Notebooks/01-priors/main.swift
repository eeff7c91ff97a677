import Foundation  // hide
import NotebookSupport  // hide
import ProbKit
import ProbKitCharts

var notebook = Notebook(title: "Priors: the Beta and Dirichlet families")  // hide

//: A prior is a distribution over a parameter before any data arrive. For a
//: probability θ ∈ [0, 1] (a coin's bias) the conjugate family is the Beta; for
//: a probability vector θ on the simplex (a die's faces) it is the Dirichlet.
//: This notebook draws both families so that their parameters become
//: pictures: what α and β do to a Beta, what α does to a Dirichlet, and what
//: happens as the α's go to zero.
//:
//: Run it with `swift run notebook-priors` from the repository root; it
//: rewrites this page and its figures.
//:
//: ## The Beta family
//:
//: Beta(α, β) has density θ^(α−1) (1 − θ)^(β−1) / B(α, β) on [0, 1], mean
//: α/(α + β) and, when α, β > 1, mode (α − 1)/(α + β − 2). Think of α − 1 and
//: β − 1 as prior heads and tails. The grid below is the picture every
//: Bayesian text shows: α grows down the rows, β across the columns.

let shapes = [0.5, 1, 2, 5]
var panels: [any SVGDrawable] = []
for alpha in shapes {
  for beta in shapes {
    let prior = try Beta(alpha: alpha, beta: beta)
    let curve = try Series.function(over: 0.001...0.999, count: 300) { prior.density($0) }
    panels.append(
      Chart(
        title: "Beta(\(alpha), \(beta))", x: Axis("θ", range: 0...1),
        y: Axis("density", range: 0...4), width: 230, height: 170, legend: .none,
        series: [curve]))
  }
}
try notebook.figure(
  try ChartGrid(title: "Beta(α, β) densities: α down, β across", columns: 4, cells: panels),
  name: "beta-grid", caption: "The Beta family for α, β ∈ {0.5, 1, 2, 5}")

//: Below 1 a parameter pushes mass to its edge (Beta(0.5, 0.5) is U-shaped,
//: infinite at both ends); at 1 it is neutral (Beta(1, 1) is uniform); above 1
//: it pulls mass inwards. The mode, where it exists, is in the table, with
//: `nil` where the density has no interior maximum. ProbKit reports the
//: boundary mode when one exponent is below 1 and the other above (Beta(0.5, 2)
//: peaks at 0).

var rows: [[String]] = []
for (alpha, beta) in [(0.5, 0.5), (0.5, 2.0), (1.0, 1.0), (2.0, 2.0), (2.0, 5.0), (5.0, 1.0)] {
  let prior = try Beta(alpha: alpha, beta: beta)
  rows.append([
    "Beta(\(alpha), \(beta))", decimals(prior.mean, 4), decimals(prior.standardDeviation, 4),
    prior.mode.map { decimals($0, 4) } ?? "none",
  ])
}
notebook.table(["prior", "mean", "sd", "mode"], rows)

//: Priors with the same mean can say very different things. All three below
//: have mean 0.3; the larger α + β (the prior's *concentration*, its worth in
//: observations), the more confident the prior.

let sameMean = try [2.0, 10, 50].map { total in
  let prior = try Beta(alpha: 0.3 * total, beta: 0.7 * total)
  return try Series.function(
    "α + β = \(Int(total))", over: 0.001...0.999, count: 300
  ) { prior.density($0) }
}
try notebook.figure(
  Chart(
    title: "Beta priors with mean 0.3", x: Axis("θ", range: 0...1), y: Axis("density"),
    series: sameMean + [Series.verticalLine("mean", at: 0.3, color: "#666666")]),
  name: "beta-concentration")

//: ## The Dirichlet family on the 2-simplex
//:
//: Dirichlet(α₁, α₂, α₃) is a density over probability vectors θ = (θ₁, θ₂, θ₃)
//: with θᵢ ≥ 0 and θ₁ + θ₂ + θ₃ = 1, proportional to ∏ θᵢ^(αᵢ−1). Its marginals
//: are Betas: θᵢ ~ Beta(αᵢ, α₀ − αᵢ) with α₀ = Σ αᵢ. The simplex is a
//: triangle; each corner is a vector with all its mass on one face. Shading is
//: the log density, over the 8 units below its largest value (it falls to
//: −∞ at the edges when the α's exceed 1).

var simplexPanels: [any SVGDrawable] = []
for alphas in [[1.0, 1, 1], [5.0, 5, 5], [2.0, 5, 15], [0.8, 0.8, 0.8]] {
  let prior = try Dirichlet(alphas: alphas)
  let label = alphas.map { "\($0)" }.joined(separator: ", ")
  let top = prior.mode.map { prior.logDensity($0) } ?? prior.logDensity(prior.mean)
  let range = alphas.allSatisfy { $0 >= 1 } ? (top - 8)...top : nil
  simplexPanels.append(
    try SimplexChart(title: "Dirichlet(\(label))", width: 330, height: 310)
      .shaded(resolution: 36, label: "log p", colorRange: range) { prior.logDensity($0) })
}
try notebook.figure(
  try ChartGrid(title: "Dirichlet log densities", columns: 2, cells: simplexPanels),
  name: "dirichlet-densities")

//: Dirichlet(1, 1, 1) is uniform over the triangle (one flat colour). Equal
//: α's above 1 pull mass to the centre; unequal ones pull it toward the
//: corner of the largest α (the mean is α/α₀ = (0.09, 0.23, 0.68) for
//: (2, 5, 15)); equal α's below 1 push it to the edges and corners.
//:
//: ## Samples, down to tiny α
//:
//: Sampling shows the same shapes as points. ProbKit draws a Dirichlet vector
//: from Gamma variates, and stays correct as α shrinks toward zero, where the
//: Gammas underflow to 0 and a naive normalisation divides 0 by 0: numpy's
//: legacy sampler, Distributions.jl and statrs return NaN rows there. With a
//: seeded random source every figure here is reproducible.

let source = RandomSource(seed: 2026)
var samplePanels: [any SVGDrawable] = []
var summary: [[String]] = []
for alpha in [10.0, 1, 0.1, 1e-3] {
  let prior = try Dirichlet(alphas: [alpha, alpha, alpha])
  let draws = (0..<1000).map { _ in prior.sample(using: source) }
  samplePanels.append(
    try SimplexChart(
      title: "α = (\(alpha), \(alpha), \(alpha))", points: draws, width: 260, height: 250))
  let sums = draws.map { $0.reduce(0, +) }
  summary.append([
    "\(alpha)", "\(draws.count)", "\(draws.filter { $0.contains(where: \.isNaN) }.count)",
    decimals(sums.map { abs($0 - 1) }.max() ?? 0, 2, scientific: true),
    decimals(Double(draws.filter { ($0.max() ?? 0) > 0.999 }.count) / Double(draws.count), 3),
  ])
}
try notebook.figure(
  try ChartGrid(title: "1,000 Dirichlet draws each (seed 2026)", columns: 4, cells: samplePanels),
  name: "dirichlet-samples")
notebook.table(
  ["α (each)", "draws", "NaN rows", "max |Σθ − 1|", "share with max θᵢ > 0.999"], summary)

//: As α falls the draws leave the middle for the edges and then the corners:
//: at α = 0.001 nearly every draw puts all its mass on one face, and every row
//: is still a probability vector. That is the right answer: the prior says "one
//: face dominates, but I do not know which", and it is what a sparse prior over
//: many categories (topic models, for one) relies on.

try notebook.finish()  // hide
