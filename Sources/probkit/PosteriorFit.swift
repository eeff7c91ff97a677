import Foundation
import ProbKit

/// `probkit fit --estimator posterior`: samples the posterior of a
/// regression under the Gaussian prior N(0, σ²) (σ = --prior-sd) with NUTS,
/// then prints the summary and the sampler's warnings, and writes the draws
/// as CSV when asked.
struct PosteriorFit {
  let command: ProbKitCommand.FitCommand
  let family: FamilyName
  let table: LabelledTable

  private var path: String { command.data }

  func run() async throws {
    let prior = try GaussianPrior(standardDeviation: command.priorSd)
    let features = table.features
    let featureNames = table.featureNames
    switch family {
    case .categorical:
      try table.checkFittable(path: path, target: command.target)
      let classes = ClassLabels(sorting: table.targets)
      let density: SoftmaxPosteriorDensity
      do {
        density = try SoftmaxRegression.posteriorDensity(
          features: features, labels: classes.indices(of: table.targets),
          classCount: classes.count, prior: prior)
      } catch {
        throw CommandError(error, about: path)
      }
      // W[k,j] → "class:feature", b[k] → "class:(intercept)".
      let names = density.reportedNames.map { name -> String in
        let indices = name.dropFirst(2).dropLast().split(separator: ",").compactMap { Int($0) }
        let label = classes.classes[indices[0]]
        return name.hasPrefix("W") ? "\(label):\(featureNames[indices[1]])" : "\(label):(intercept)"
      }
      try await sampleAndReport(density, names: names, model: "softmax regression")
    case .poisson:
      try await glm(Poisson.standardFamily, prior: prior)
    case .bernoulli, .binomial:
      try await glm(Bernoulli.standardFamily, prior: prior)
    case .negativeBinomial:
      try await glm(NegativeBinomial.standardFamily, prior: prior)
    case .gaussian:
      try await glm(Normal.standardFamily, prior: prior)
    case .gamma:
      try await glm(Gamma.standardFamily, prior: prior)
    }
  }

  /// A GLM's posterior; with a dispersion (the negative binomial's α
  /// included) φ is sampled under √φ ~ half-Cauchy(--dispersion-scale).
  private func glm<Family: ResponseFamily>(_ responseFamily: Family, prior: GaussianPrior)
    async throws
  {
    let reader = GLMFit(command: command, family: family, table: table)
    let (response, offsets, trials, weights) = try reader.inputs()
    if trials == nil { try reader.checkResponse(Family.self, response) }
    let link = (command.link ?? family.links[0]).link(for: family)
    let density: GeneralizedLinearPosteriorDensity<Family>
    do {
      let sampled = responseFamily.hasDispersion || responseFamily is NegativeBinomial
      let scale = command.dispersionScale ?? (responseFamily is Normal ? nil : 1)
      density = try GeneralizedLinearModel<Family>.posteriorDensity(
        features: FeatureMatrix(table.features), response: response, family: responseFamily,
        trials: trials, weights: weights, offsets: offsets, intercept: !command.noIntercept,
        link: link, prior: prior,
        dispersionPrior: sampled ? try scale.map { try DispersionPrior.halfCauchy(scale: $0) } : nil
      )
    } catch {
      throw CommandError(error, about: path)
    }
    let names =
      table.featureNames + (command.noIntercept ? [] : ["(intercept)"])
      + (density.dispersionPrior == nil ? [] : ["(dispersion)"])
    let linkName = command.link ?? family.links[0]
    try await sampleAndReport(
      density, names: names, model: "\(family.title(link: linkName)), \(linkName.rawValue) link",
      dispersionPrior: density.dispersionPrior)
  }

  private func sampleAndReport<Density: ReparameterisedLogDensity>(
    _ density: Density, names: [String], model: String, dispersionPrior: DispersionPrior? = nil
  ) async throws {
    let sampler = HMCSampler(
      targetAcceptance: command.targetAcceptance, warmup: command.warmup, draws: command.draws,
      chains: command.chains)
    let posterior: PosteriorDraws
    let summary: PosteriorSummary
    do {
      posterior = try await sampler.sample(density, seed: command.seed).renaming(names)
      summary = try posterior.summary()
    } catch {
      throw CommandError("\(path): \(error)", .dataError)
    }
    if let file = command.saveDraws {
      do {
        try posterior.writeCSV(to: URL(fileURLWithPath: file))
      } catch {
        throw CommandError(
          "\(file): cannot write the draws (\(error.localizedDescription))", .cannotCreate)
      }
    }
    let diagnostics = posterior.diagnostics
    let warnings =
      summary.warnings.map { "\($0)" } + diagnostics.warnings.map { "\($0)" }
    if command.json {
      try Console.print(
        JSONOutput.encode(
          Report(
            format: "probkit-posterior", family: family.rawValue, target: command.target,
            priorSd: command.priorSd, chains: command.chains, warmup: command.warmup,
            draws: command.draws, seed: command.seed,
            dispersionPriorScale: dispersionPrior?.scale, parameters: summary.parameters,
            divergences: diagnostics.divergences, energyBFMI: diagnostics.energyBFMI,
            warnings: warnings)))
      return
    }
    try Console.print(
      "\(model) of \(quoted(command.target)): posterior under N(0, \(command.priorSd)²) on the "
        + "weights\(dispersionPrior.map { ", √dispersion ~ half-Cauchy(\(GLMFit.short($0.scale, 6)))" } ?? ""), NUTS, \(command.chains) chains x \(command.draws) draws after "
        + "\(command.warmup) warmup, seed \(command.seed)")
    for line in summary.description.split(separator: "\n", omittingEmptySubsequences: false) {
      if !line.hasPrefix("warning:") { try Console.print(String(line)) }
    }
    try Console.print(
      "divergences: \(diagnostics.divergences.reduce(0, +)), E-BFMI: "
        + diagnostics.energyBFMI.map { $0.map { String(format: "%.2f", $0) } ?? "-" }
        .joined(separator: " "))
    for warning in warnings { try Console.print("warning: \(warning)") }
  }

  /// The `--json` report; field names are stable.
  struct Report: Encodable {
    let format: String
    let family: String
    let target: String
    let priorSd: Double
    let chains: Int
    let warmup: Int
    let draws: Int
    let seed: UInt32
    /// The scale of √φ's half-Cauchy prior, when φ is sampled.
    let dispersionPriorScale: Double?
    let parameters: [ParameterSummary]
    let divergences: [Int]
    let energyBFMI: [Double?]
    let warnings: [String]
  }
}
