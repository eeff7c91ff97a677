import Foundation
import ProbKit

/// `probkit fit --family F` for every family but categorical: reads the
/// response, offsets and trials, calls the library's generalized linear
/// model, prints its statistics and saves it.
struct GLMFit {
  let command: ProbKitCommand.FitCommand
  let family: FamilyName
  let table: LabelledTable

  private var path: String { command.data }
  private var target: String { command.target }

  /// The response, offsets, trials and weights columns, checked.
  func inputs() throws -> (
    response: [Double], offsets: [Double]?, trials: [Double]?, weights: [Double]?
  ) {
    guard !table.featureNames.isEmpty else {
      let others = [command.offset, command.exposure, command.trials, command.weights]
        .compactMap { $0 }
      throw CommandError(
        "\(path) has no feature columns besides "
          + ([target] + others).map(quoted).joined(separator: ", "), .dataError)
    }
    let response = try table.numericTargets(path: path, target: target)
    return (response, try readOffsets(), try readTrials(response), try readWeights())
  }

  func run() throws {
    let (response, offsets, trials, weights) = try inputs()
    switch family {
    case .gaussian:
      try fitAndReport(Normal.self, response, offsets, trials, weights, AnyGLM.gaussian)
    case .poisson:
      try fitAndReport(Poisson.self, response, offsets, trials, weights, AnyGLM.poisson)
    case .bernoulli, .binomial:
      try fitAndReport(Bernoulli.self, response, offsets, trials, weights, AnyGLM.bernoulli)
    case .gamma: try fitAndReport(Gamma.self, response, offsets, trials, weights, AnyGLM.gamma)
    case .negativeBinomial:
      try checkResponse(NegativeBinomial.self, response)
      let features = table.features
      let intercept = !command.noIntercept
      let priorSd = command.priorSd
      let estimator = command.estimator ?? .mle
      try report(AnyGLM.negativeBinomial) { () throws(FitError) in
        let (fit, alpha) = try GeneralizedLinearModel<NegativeBinomial>.fitEstimatingDispersion(
          features: FeatureMatrix(features), response: response, weights: weights,
          offsets: offsets, intercept: intercept,
          estimator: estimator == .mle ? .mle : .map(GaussianPrior(standardDeviation: priorSd)))
        return (fit, alpha)
      }
    case .categorical:
      preconditionFailure("FitCommand fits categorical models itself")
    }
  }

  /// The --offset column plus the log of the --exposure column, or `nil`.
  private func readOffsets() throws(CommandError) -> [Double]? {
    try Self.offsets(table, offset: command.offset, exposure: command.exposure, path: path)
  }

  /// `table`'s `offset` column plus the log of its `exposure` column (each
  /// exposure > 0), or `nil` without either; `path` names the file in
  /// errors.
  static func offsets(_ table: LabelledTable, offset: String?, exposure: String?, path: String)
    throws(CommandError) -> [Double]?
  {
    guard offset != nil || exposure != nil else { return nil }
    var offsets = offset.flatMap { table.extra[$0] } ?? table.rows.map { _ in 0 }
    if let name = exposure, let exposures = table.extra[name] {
      for (i, exposure) in exposures.enumerated() {
        guard exposure > 0 else {
          throw CommandError(
            "\(path): row \(table.rows[i]), column \(quoted(name)): the exposure must be > 0 "
              + "(its log is the offset), got \(number(exposure))", .dataError)
        }
        offsets[i] += Foundation.log(exposure)
      }
    }
    return offsets
  }

  /// The --weights column, each finite and >= 0, or `nil`.
  private func readWeights() throws(CommandError) -> [Double]? {
    guard let name = command.weights, let weights = table.extra[name] else { return nil }
    for (i, weight) in weights.enumerated() where !(weight.isFinite && weight >= 0) {
      throw CommandError(
        "\(path): row \(table.rows[i]), column \(quoted(name)): a weight must be a finite "
          + "number >= 0, got \(Self.number(weight))", .dataError)
    }
    guard weights.contains(where: { $0 > 0 }) else {
      throw CommandError("\(path): every weight in column \(quoted(name)) is 0", .dataError)
    }
    return weights
  }

  /// The --trials column, checked against the successes in `response`, or
  /// `nil`.
  private func readTrials(_ response: [Double]) throws(CommandError) -> [Double]? {
    guard let name = command.trials, let trials = table.extra[name] else { return nil }
    try Self.checkTrials(
      trials, column: name, successes: response, target: target, table: table, path: path)
    return trials
  }

  /// Requires each row's trials to be a whole number >= 1 and its
  /// successes (`table`'s target) a whole number in 0...trials, naming the
  /// first row that is not (`fit` and `predict` alike).
  static func checkTrials(
    _ trials: [Double], column name: String, successes response: [Double], target: String,
    table: LabelledTable, path: String
  ) throws(CommandError) {
    for (i, (successes, count)) in zip(response, trials).enumerated() {
      let place = "\(path): row \(table.rows[i])"
      guard count >= 1, count < 0x1p53, count == count.rounded() else {
        throw CommandError(
          "\(place), column \(quoted(name)): the trials must be a whole number >= 1, got \(number(count))",
          .dataError)
      }
      guard successes >= 0, successes <= count, successes == successes.rounded() else {
        throw CommandError(
          "\(place), column \(quoted(target)): the successes must be a whole number from 0 "
            + "to the row's trials (\(Int(count))), got \(number(successes))", .dataError)
      }
    }
  }

  /// Requires every response to be in `Family`'s support, naming the first
  /// row that is not.
  func checkResponse<Family: ResponseFamily>(_ type: Family.Type, _ response: [Double])
    throws(CommandError)
  {
    let support = Family.standardFamily
    for (i, y) in response.enumerated() where !support.isResponse(y) {
      throw CommandError(
        "\(path): row \(table.rows[i]), column \(quoted(target)): --family \(family.rawValue) "
          + "needs \(family.responseRequirement), got \(Self.number(y))", .dataError)
    }
  }

  private func fitAndReport<Family: ResponseFamily & Codable>(
    _ type: Family.Type, _ response: [Double], _ offsets: [Double]?, _ trials: [Double]?,
    _ weights: [Double]?, _ wrap: (GeneralizedLinearModel<Family>) -> AnyGLM
  ) throws {
    if trials == nil { try checkResponse(type, response) }
    let link = (command.link ?? family.links[0]).link(for: family)
    let features = table.features
    let intercept = !command.noIntercept
    let priorSd = command.priorSd
    let estimator = command.estimator ?? .mle
    let progress = command.progress.reporter
    try report(wrap) { () throws(FitError) in
      let fit = try GeneralizedLinearModel<Family>.fit(
        features: FeatureMatrix(features), response: response, trials: trials,
        weights: weights, offsets: offsets, intercept: intercept, link: link,
        estimator: estimator == .mle ? .mle : .map(GaussianPrior(standardDeviation: priorSd)),
        progress: progress)
      return (fit, nil)
    }
  }

  /// Fits by `fit`, then saves and prints the result.
  private func report<Family: ResponseFamily & Codable>(
    _ wrap: (GeneralizedLinearModel<Family>) -> AnyGLM,
    fit: () throws(FitError) -> (GeneralizedLinearFit<Family>, alpha: Double?)
  ) throws {
    let result: GeneralizedLinearFit<Family>
    let alpha: Double?
    do {
      (result, alpha) = try fit()
    } catch {
      throw CommandError(error, about: path)
    }
    let model = result.model
    if let save = command.save {
      guard model.dispersion.isFinite, model.dispersion > 0 else {
        throw CommandError(
          "\(path): the fitted dispersion is \(Self.full(model.dispersion)) (the model leaves no "
            + "residual to estimate it from: as many coefficients as rows, or an exact fit), "
            + "so it cannot be saved for predictions", .dataError)
      }
      try ModelFile.write(
        GLMModelFile(
          family: family, target: target, featureNames: table.featureNames,
          offset: command.offset, exposure: command.exposure, trials: command.trials,
          model: wrap(model)), to: save)
    }
    let names = table.featureNames + (model.hasIntercept ? ["(intercept)"] : [])
    let estimates = model.coefficients + (model.hasIntercept ? [model.intercept] : [])
    let z = result.zStatistics
    let p = result.pValues
    let terms = names.indices.map {
      Term(
        name: names[$0], estimate: estimates[$0], standardError: result.standardErrors[$0],
        z: z[$0], pValue: p[$0])
    }
    let estimator = command.estimator ?? .mle
    let linkName = LinkName(model.link, family: family).rawValue
    if command.json {
      try Console.print(
        JSONOutput.encode(
          Report(
            format: "probkit-glm-fit", family: family.rawValue, link: linkName,
            estimator: estimator.rawValue, priorSd: estimator == .map ? command.priorSd : nil,
            target: target, observations: result.observationCount, terms: terms,
            deviance: result.deviance, nullDeviance: result.nullDeviance,
            pearsonChiSquare: result.pearsonChiSquare, logLikelihood: result.logLikelihood,
            aic: result.aic, bic: result.bic, dispersion: model.dispersion, alpha: alpha,
            iterations: result.iterations, converged: true)))
      return
    }
    var lines: [String] = []
    let how = estimator == .mle ? "MLE" : "MAP with σ = \(command.priorSd)"
    let trialsNote = command.trials.map { ", trials from \(quoted($0))" } ?? ""
    lines.append(
      "\(family.title(link: LinkName(model.link, family: family))) of \(quoted(target)), \(linkName) link, \(how)\(trialsNote); "
        + "\(Self.number(result.observationCount)) observations")
    let width = max(13, (names.map(\.count).max() ?? 0) + 2)
    func cell(_ text: String) -> String { text.padding(toLength: 14, withPad: " ", startingAt: 0) }
    lines.append(
      "term".padding(toLength: width, withPad: " ", startingAt: 0) + cell("estimate")
        + cell("std err") + cell("z") + "P>|z|")
    for term in terms {
      lines.append(
        term.name.padding(toLength: max(width, term.name.count + 1), withPad: " ", startingAt: 0)
          + [term.estimate, term.standardError, term.z].map { cell(Self.short($0, 6)) }
          .joined() + Self.short(term.pValue, 4))
    }
    lines.append("deviance: \(Self.full(result.deviance))")
    lines.append("null deviance: \(Self.full(result.nullDeviance))")
    lines.append("Pearson chi2: \(Self.full(result.pearsonChiSquare))")
    lines.append("log-likelihood: \(Self.full(result.logLikelihood))")
    lines.append("AIC: \(Self.full(result.aic))")
    lines.append("BIC: \(Self.full(result.bic))")
    lines.append(
      "dispersion: \(Self.full(model.dispersion))"
        + (family == .gaussian
          ? " (σ²)" : family == .gamma ? " (1/shape)" : " (fixed)"))
    if let alpha { lines.append("alpha: \(Self.full(alpha)) (Var = μ + αμ²)") }
    lines.append("iterations: \(result.iterations), converged: true")
    for line in lines { try Console.print(line) }
  }

  /// `value` to `digits` significant digits; NaN as "nan" (never "-nan"),
  /// as the JSON writes it.
  static func short(_ value: Double, _ digits: Int) -> String {
    value.isNaN ? "nan" : String(format: "%.\(digits)g", value)
  }

  /// `value` in full; NaN as "nan".
  static func full(_ value: Double) -> String { value.isNaN ? "nan" : "\(value)" }

  /// A whole count as an integer, any other number as is.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
  }

  /// One coefficient's row of the `--json` report.
  struct Term: Encodable {
    let name: String
    let estimate: Double
    let standardError: Double
    let z: Double
    let pValue: Double
  }

  /// The `--json` report; field names are stable.
  struct Report: Encodable {
    let format: String
    let family: String
    let link: String
    let estimator: String
    let priorSd: Double?
    let target: String
    let observations: Double
    let terms: [Term]
    let deviance: Double
    let nullDeviance: Double
    let pearsonChiSquare: Double
    let logLikelihood: Double
    let aic: Double
    let bic: Double
    let dispersion: Double
    let alpha: Double?
    let iterations: Int
    let converged: Bool
  }
}
