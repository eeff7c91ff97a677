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
      try await negativeBinomial(prior: prior)
    case .gaussian, .gamma:
      throw CommandError(
        "--estimator posterior samples families without a dispersion (categorical, bernoulli, "
          + "binomial, poisson, negative-binomial); --family \(family.rawValue) is not one yet",
        .usage)
    }
  }

  /// The negative binomial's α by maximum likelihood (with the MAP
  /// coefficients, as `fit` estimates it), then the coefficients' posterior
  /// at that α.
  private func negativeBinomial(prior: GaussianPrior) async throws {
    let reader = GLMFit(command: command, family: family, table: table)
    let (response, offsets, _, weights) = try reader.inputs()
    try reader.checkResponse(NegativeBinomial.self, response)
    let estimate: (fit: GeneralizedLinearFit<NegativeBinomial>, alpha: Double)
    do {
      estimate = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
        features: FeatureMatrix(table.features), response: response, weights: weights,
        offsets: offsets, intercept: !command.noIntercept, estimator: .map(prior))
    } catch {
      throw CommandError(error, about: path)
    }
    try await glm(
      estimate.fit.model.family, prior: prior,
      note: ", α fixed at its estimate \(GLMFit.short(estimate.alpha, 6))")
  }

  private func glm<Family: ResponseFamily>(
    _ responseFamily: Family, prior: GaussianPrior, note: String = ""
  ) async throws {
    let reader = GLMFit(command: command, family: family, table: table)
    let (response, offsets, trials, weights) = try reader.inputs()
    if trials == nil { try reader.checkResponse(Family.self, response) }
    let link = (command.link ?? family.links[0]).link(for: family)
    let density: GeneralizedLinearPosteriorDensity<Family>
    do {
      density = try GeneralizedLinearModel<Family>.posteriorDensity(
        features: FeatureMatrix(table.features), response: response, family: responseFamily,
        trials: trials, weights: weights, offsets: offsets, intercept: !command.noIntercept,
        link: link, prior: prior)
    } catch {
      throw CommandError(error, about: path)
    }
    let names = table.featureNames + (command.noIntercept ? [] : ["(intercept)"])
    let linkName = command.link ?? family.links[0]
    try await sampleAndReport(
      density, names: names,
      model: "\(family.title(link: linkName)), \(linkName.rawValue) link\(note)")
  }

  private func sampleAndReport<Density: ReparameterisedLogDensity>(
    _ density: Density, names: [String], model: String
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
            draws: command.draws, seed: command.seed, parameters: summary.parameters,
            divergences: diagnostics.divergences, energyBFMI: diagnostics.energyBFMI,
            warnings: warnings)))
      return
    }
    try Console.print(
      "\(model) of \(quoted(command.target)): posterior under N(0, \(command.priorSd)²) on the "
        + "weights, NUTS, \(command.chains) chains x \(command.draws) draws after "
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
    let parameters: [ParameterSummary]
    let divergences: [Int]
    let energyBFMI: [Double?]
    let warnings: [String]
  }
}
