import Foundation  // hide
import NotebookSupport  // hide
import ProbKit
import ProbKitCharts

var notebook = Notebook(title: "Coins and dice: conjugate updating")  // hide

//: A coin with unknown bias θ and a die with unknown face probabilities are
//: the two examples every Bayesian course starts from, because their
//: posteriors have closed forms: a Beta prior on θ stays a Beta after coin
//: flips, a Dirichlet prior on the faces stays a Dirichlet after rolls. This
//: notebook updates both one observation at a time, reads off posterior
//: predictions and credible intervals, and compares priors by their evidence.
//:
//: Run it with `swift run notebook-coins-and-dice` from the repository root.
//:
//: ## A coin, one flip at a time
//:
//: The coin lands heads with probability 0.7 (the notebook knows; the analysis
//: does not). Start from the uniform prior Beta(1, 1). After h heads and t
//: tails the posterior is Beta(1 + h, 1 + t): ProbKit keeps the flips'
//: sufficient statistics and recomputes the posterior from the prior and the
//: merged statistics, so updating flip by flip gives exactly the batch answer.

let source = RandomSource(seed: 7)
let coin = try Bernoulli(probability: 0.7)
let flips = (0..<200).map { _ in coin.sample(using: source) }
let uniform = try Beta(alpha: 1, beta: 1)

var posterior = try Bernoulli.posterior(prior: uniform, statistics: Bernoulli.Statistics())
var counts: [Double] = [0]
var means = [posterior.distribution.mean]
var lower = [0.025]
var upper = [0.975]
for flip in flips {
  posterior = try posterior.updated(with: Bernoulli.Statistics([flip]))
  let interval = try posterior.distribution.equalTailedInterval(level: 0.95)
  counts.append(Double(counts.count))
  means.append(posterior.distribution.mean)
  lower.append(interval.lowerBound)
  upper.append(interval.upperBound)
}
let batch = try Bernoulli.posterior(prior: uniform, data: flips)
notebook.print("after \(flips.count) flips:", posterior.distribution)
notebook.print("one batch update:    ", batch.distribution)
notebook.print("identical:", posterior.distribution == batch.distribution)

try notebook.figure(
  Chart(
    title: "Posterior of θ, flip by flip", x: Axis("flips seen"),
    y: Axis("θ (probability of heads)", range: 0...1),
    series: [
      try .band("95% credible interval", x: counts, lower: lower, upper: upper),
      try .line("posterior mean", x: counts, y: means, color: Palette.color(0)),
      try .line("true θ = 0.7", x: [0, 200], y: [0.7, 0.7], color: "#444444", dashed: true),
    ]),
  name: "coin-sequential")

//: The interval narrows roughly like 1/√n. The whole posterior density tells
//: the same story: wide and flat at first, then a spike near 0.7.

var snapshots: [Series] = []
for n in [0, 1, 5, 20, 200] {
  let after = try Bernoulli.posterior(prior: uniform, data: Array(flips.prefix(n)))
  let density = after.distribution
  snapshots.append(
    try .function("after \(n)", over: 0.001...0.999, count: 300) { density.density($0) })
}
try notebook.figure(
  Chart(
    title: "Posterior densities of θ", x: Axis("θ", range: 0...1), y: Axis("density"),
    legend: .topLeft, series: snapshots),
  name: "coin-densities")

//: ## Predictions
//:
//: The posterior predictive averages the model over the posterior: the chance
//: that the next flip is heads is the posterior mean, and the number of heads
//: in the next 10 flips is Beta-Binomial. After only 5 flips, compare that
//: with the *plug-in* prediction, a Binomial at the MAP estimate: the plug-in
//: forgets that θ is uncertain and is too narrow.

let early = try Bernoulli.posterior(prior: uniform, data: Array(flips.prefix(5)))
let map = try early.mapEstimate()
notebook.print("first 5 flips:", flips.prefix(5).map(String.init).joined(separator: " "))
notebook.print("posterior:", early.distribution)
notebook.print(
  "P(next flip is heads) =", decimals(early.predictive.probability, 4),
  " MAP θ =", decimals(map.probability, 4))
let nextTen = try BetaBinomial(
  trials: 10, alpha: early.distribution.alpha, beta: early.distribution.beta)
let plugIn = try Binomial(trials: 10, probability: map.probability)
let heads = (0...10).map(Double.init)
try notebook.figure(
  Chart(
    title: "Heads in the next 10 flips, after 5", x: Axis("heads"),
    y: Axis("probability"), legend: .topLeft,
    series: [
      try .stems(
        "posterior predictive (Beta-Binomial)", x: heads, y: (0...10).map { nextTen.density($0) }),
      try .line(
        "plug-in at the MAP (Binomial)", x: heads, y: (0...10).map { plugIn.density($0) },
        dashed: true),
    ]),
  name: "coin-predictive")
notebook.table(
  ["prediction", "mean", "standard deviation"],
  [
    ["posterior predictive", decimals(nextTen.mean, 3), decimals(nextTen.standardDeviation, 3)],
    ["plug-in at the MAP", decimals(plugIn.mean, 3), decimals(plugIn.standardDeviation, 3)],
  ])

//: ## Credible intervals: equal-tailed or highest density
//:
//: An equal-tailed 95% interval cuts 2.5% from each tail; the highest-density
//: interval (HDI) is the shortest interval holding 95%. For a symmetric
//: posterior they agree; for a skewed one (three heads in three flips) the HDI
//: moves toward the mode and is shorter.

var intervalRows: [[String]] = []
for (heads, tails) in [(10, 10), (3, 0), (1, 9)] {
  let beta = try Beta(alpha: 1 + Double(heads), beta: 1 + Double(tails))
  let tailed = try beta.equalTailedInterval(level: 0.95)
  let shortest = try beta.highestDensityInterval(level: 0.95)
  intervalRows.append([
    "\(heads) heads, \(tails) tails", "Beta(\(Int(beta.alpha)), \(Int(beta.beta)))",
    "[\(decimals(tailed.lowerBound, 3)), \(decimals(tailed.upperBound, 3))]",
    decimals(tailed.upperBound - tailed.lowerBound, 3),
    "[\(decimals(shortest.lowerBound, 3)), \(decimals(shortest.upperBound, 3))]",
    decimals(shortest.upperBound - shortest.lowerBound, 3),
  ])
}
notebook.table(
  ["data", "posterior", "equal-tailed 95%", "width", "HDI 95%", "width"], intervalRows)

//: ## Comparing priors by their evidence
//:
//: The evidence p(data) = ∫ p(data | θ) p(θ) dθ is how well a prior predicted
//: the data before seeing it, and the ratio of two evidences is a Bayes
//: factor. Pit a skeptic, Beta(50, 50) ("the coin is nearly fair"), against the
//: uniform prior. Early on the skeptic does fine (the data cannot tell yet);
//: as heads pile up at a rate of 0.7, the uniform prior's evidence wins by a
//: growing margin.

let skeptic = try Beta(alpha: 50, beta: 50)
var logFactor: [Double] = []
var seen: [Double] = []
for n in stride(from: 5, through: 200, by: 5) {
  let data = Array(flips.prefix(n))
  let open = try Bernoulli.posterior(prior: uniform, data: data)
  let fair = try Bernoulli.posterior(prior: skeptic, data: data)
  seen.append(Double(n))
  logFactor.append(open.logEvidence - fair.logEvidence)
}
try notebook.figure(
  Chart(
    title: "log Bayes factor, uniform prior vs Beta(50, 50)", x: Axis("flips seen"),
    y: Axis("log BF (uniform : skeptic)"),
    series: [
      try .line("log BF", x: seen, y: logFactor),
      try .line("even", x: [0, 200], y: [0, 0], color: "#444444", dashed: true),
    ]),
  name: "coin-bayes-factor")
notebook.print(
  "after 200 flips: log BF =", decimals(logFactor.last ?? 0, 2), " BF =",
  significant(exp(logFactor.last ?? 0), 3))

//: ## A die, with a Dirichlet prior
//:
//: A six-sided die loaded toward six (probability 0.5; the other faces 0.1
//: each). The conjugate prior on its face probabilities is a Dirichlet; with
//: Dirichlet(1, …, 1) the posterior after counts c is Dirichlet(1 + c).
//: Maximum likelihood gives the raw frequencies, so after a handful of rolls
//: it says a face that has not come up is *impossible*; the MAP under
//: Dirichlet(2, …, 2) (add-one smoothing) and the posterior mean do not.

let die = try Categorical(probabilities: [0.1, 0.1, 0.1, 0.1, 0.1, 0.5])
let rolls = die.sample(count: 500, using: source)
let flat = try Dirichlet(alphas: Array(repeating: 1, count: 6))
let smoothing = try Dirichlet(alphas: Array(repeating: 2, count: 6))
var dieRows: [[String]] = []
for n in [10, 50, 500] {
  let data = Array(rolls.prefix(n))
  let mle = try Categorical.fit(data, categoryCount: 6, estimator: .mle)
  let mapFit = try Categorical.fit(data, categoryCount: 6, estimator: .map(smoothing))
  let after = try Categorical.posterior(prior: flat, data: data)
  for (label, p) in [
    ("MLE", mle.model.probabilities), ("MAP, Dirichlet(2)", mapFit.model.probabilities),
    ("posterior mean", after.distribution.mean),
  ] {
    dieRows.append(["\(n)", label] + p.map { decimals($0, 3) })
  }
}
notebook.table(["rolls", "estimate", "1", "2", "3", "4", "5", "6"], dieRows)

//: The posterior also says how sure to be about each face: its marginals are
//: Betas, θₖ ~ Beta(αₖ, α₀ − αₖ), with credible intervals that shrink as rolls
//: accumulate.

var dieSeries: [Series] = []
for (index, n) in [10, 50, 500].enumerated() {
  let after = try Categorical.posterior(
    prior: flat, data: Array(rolls.prefix(n)))
  let shift = Double(index - 1) * 0.22
  let faces = (1...6).map { Double($0) + shift }
  var low: [Double] = []
  var high: [Double] = []
  for k in 0..<6 {
    let interval = try after.distribution.marginal(k).equalTailedInterval(level: 0.95)
    low.append(interval.lowerBound)
    high.append(interval.upperBound)
  }
  dieSeries.append(
    try .scatter(
      "\(n) rolls", x: faces, y: after.distribution.mean, color: Palette.color(index), radius: 4,
      opacity: 1))
  for k in 0..<6 {
    dieSeries.append(
      try .line(
        x: [faces[k], faces[k]], y: [low[k], high[k]], color: Palette.color(index), width: 2))
  }
}
dieSeries.append(
  try .line("true", x: [0.5, 5.5], y: [0.1, 0.1], color: "#444444", dashed: true))
dieSeries.append(try .line(x: [5.5, 6.5], y: [0.5, 0.5], color: "#444444", dashed: true))
try notebook.figure(
  Chart(
    title: "Posterior means and 95% intervals per face", x: Axis("face", range: 0.5...6.5),
    y: Axis("probability", range: 0...1), legend: .topLeft, series: dieSeries),
  name: "die-intervals")

//: ## A three-sided die on the simplex
//:
//: With three faces the whole posterior fits in a picture: the Dirichlet
//: density on the triangle of notebook 1, concentrating around the true
//: probabilities (0.2, 0.3, 0.5) as rolls arrive.

let threeSided = try Categorical(probabilities: [0.2, 0.3, 0.5])
let threeRolls = threeSided.sample(count: 200, using: source)
let threeFlat = try Dirichlet(alphas: [1, 1, 1])
var simplexPanels: [any SVGDrawable] = []
for n in [0, 5, 30, 200] {
  let after = try Categorical.posterior(
    prior: threeFlat, data: Array(threeRolls.prefix(n)))
  let density = after.distribution
  let peak = density.logDensity(density.mode ?? density.mean)
  simplexPanels.append(
    try SimplexChart(title: "after \(n) rolls", width: 300, height: 290)
      .shaded(resolution: 36, label: "log p", colorRange: (peak - 8)...peak) {
        density.logDensity($0)
      })
}
try notebook.figure(
  try ChartGrid(
    title: "Dirichlet posterior of a three-sided die", columns: 4, cells: simplexPanels),
  name: "die-simplex")

try notebook.finish()  // hide
