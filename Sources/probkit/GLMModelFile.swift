import ArgumentParser
import Foundation
import ProbKit

/// The response families `probkit fit --family` offers.
enum FamilyName: String, ExpressibleByArgument, CaseIterable, Codable {
  case gaussian, poisson, bernoulli, binomial, gamma
  case negativeBinomial = "negative-binomial"
  case categorical

  /// The links `--link` accepts for the family, the default first (the
  /// canonical link, as R's `glm` and statsmodels' `GLM` choose; the
  /// negative binomial's is log, as theirs).
  var links: [LinkName] {
    switch self {
    case .gaussian: [.identity, .log]
    case .poisson: [.log, .identity]
    case .bernoulli, .binomial: [.logit, .probit, .cloglog]
    case .gamma: [.inverse, .log, .identity]
    case .negativeBinomial: [.log]
    case .categorical: []
    }
  }

  /// What a response of the family must be, for messages.
  var responseRequirement: String {
    switch self {
    case .gaussian: "a finite number"
    case .poisson, .negativeBinomial: "a count (a whole number >= 0)"
    case .bernoulli:
      "0 or 1 (for successes out of several trials, use --family binomial --trials COLUMN)"
    case .binomial: "a whole number of successes, from 0 to the row's trials"
    case .gamma: "a number > 0"
    case .categorical: "a class label"
    }
  }

  /// "poisson regression", for the table's title; with the canonical link,
  /// linear and logistic regression are named as such.
  func title(link: LinkName) -> String {
    switch self {
    case .gaussian where link == .identity: "gaussian (linear) regression"
    case .bernoulli where link == .logit: "bernoulli (logistic) regression"
    case .categorical: "softmax regression"
    default: "\(rawValue) regression"
    }
  }

  /// The loss `predict` reports for the family's predictions.
  var lossName: String {
    switch self {
    case .bernoulli, .categorical: "log-loss"
    default: "mean deviance"
    }
  }
}

/// The links `probkit fit --link` offers, by the names R's `glm` gives them.
enum LinkName: String, ExpressibleByArgument, CaseIterable {
  case identity, log, logit, probit, cloglog, inverse

  /// The library's link for `family`: its canonical link as `.canonical`.
  func link(for family: FamilyName) -> Link {
    if family.links.first == self, family != .negativeBinomial { return .canonical }
    switch self {
    case .identity: return .identity
    case .log: return .log
    case .logit: return .logit
    case .probit: return .probit
    case .cloglog: return .complementaryLogLog
    // Only the gamma family offers it, as its canonical link.
    case .inverse: return .canonical
    }
  }

  /// The name of a fitted model's link.
  init(_ link: Link, family: FamilyName) {
    switch link {
    case .canonical: self = family.links.first ?? .identity
    case .identity: self = .identity
    case .log: self = .log
    case .logit: self = .logit
    case .probit: self = .probit
    case .complementaryLogLog: self = .cloglog
    }
  }
}

/// A fitted generalized linear model of any family the command line
/// offers.
enum AnyGLM: Equatable {
  case gaussian(GeneralizedLinearModel<Normal>)
  case poisson(GeneralizedLinearModel<Poisson>)
  case bernoulli(GeneralizedLinearModel<Bernoulli>)
  case gamma(GeneralizedLinearModel<Gamma>)
  case negativeBinomial(GeneralizedLinearModel<NegativeBinomial>)

  /// Calls `visitor` with the model in its own type.
  func visit<V: GLMVisitor>(_ visitor: V) throws(CommandError) -> V.Result {
    switch self {
    case .gaussian(let model): try visitor.visit(model)
    case .poisson(let model): try visitor.visit(model)
    case .bernoulli(let model): try visitor.visit(model)
    case .gamma(let model): try visitor.visit(model)
    case .negativeBinomial(let model): try visitor.visit(model)
    }
  }

  /// The number of feature weights.
  var featureCount: Int {
    switch self {
    case .gaussian(let model): model.coefficients.count
    case .poisson(let model): model.coefficients.count
    case .bernoulli(let model): model.coefficients.count
    case .gamma(let model): model.coefficients.count
    case .negativeBinomial(let model): model.coefficients.count
    }
  }
}

/// Work on a generalized linear model whatever its family.
protocol GLMVisitor {
  associatedtype Result
  func visit<F: ResponseFamily & Codable>(_ model: GeneralizedLinearModel<F>)
    throws(CommandError) -> Result
}

/// The versioned JSON file `probkit fit --family F --save` writes for a
/// generalized linear model, and `probkit predict` reads: the model with the
/// columns it was fitted with.
///
/// ```json
/// {"format": "probkit-glm", "version": 1, "family": "poisson",
///  "target": "y", "featureNames": [...], "exposure": "hours",
///  "model": {"family": {...}, "coefficients": [...], "intercept": ...,
///            "hasIntercept": true, "link": "canonical", "dispersion": 1}}
/// ```
///
/// `offset`, `exposure` and `trials` name the columns `predict` reads for
/// them; each is present only when the fit used it.
struct GLMModelFile: Codable, Equatable {
  static let format = "probkit-glm"
  static let version = 1

  let family: FamilyName
  let target: String
  let featureNames: [String]
  let offset: String?
  let exposure: String?
  let trials: String?
  let model: AnyGLM

  init(
    family: FamilyName, target: String, featureNames: [String], offset: String?,
    exposure: String?, trials: String?, model: AnyGLM
  ) {
    self.family = family
    self.target = target
    self.featureNames = featureNames
    self.offset = offset
    self.exposure = exposure
    self.trials = trials
    self.model = model
  }

  private enum CodingKeys: String, CodingKey {
    case format, version, family, target, featureNames, offset, exposure, trials, model
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.format, forKey: .format)
    try container.encode(Self.version, forKey: .version)
    try container.encode(family.rawValue, forKey: .family)
    try container.encode(target, forKey: .target)
    try container.encode(featureNames, forKey: .featureNames)
    try container.encodeIfPresent(offset, forKey: .offset)
    try container.encodeIfPresent(exposure, forKey: .exposure)
    try container.encodeIfPresent(trials, forKey: .trials)
    switch model {
    case .gaussian(let model): try container.encode(model, forKey: .model)
    case .poisson(let model): try container.encode(model, forKey: .model)
    case .bernoulli(let model): try container.encode(model, forKey: .model)
    case .gamma(let model): try container.encode(model, forKey: .model)
    case .negativeBinomial(let model): try container.encode(model, forKey: .model)
    }
  }

  /// Decodes the fields (the format and version are checked before, by
  /// ``SavedModel/decode(_:path:)``); the model's own decoder validates
  /// its numbers.
  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let name = try container.decode(String.self, forKey: .family)
    guard let family = FamilyName(rawValue: name), family != .categorical else {
      throw DecodingError.dataCorruptedError(
        forKey: .family, in: container,
        debugDescription:
          "unknown family \(quoted(name)) (this probkit reads "
          + FamilyName.allCases.filter { $0 != .categorical }.map(\.rawValue).joined(
            separator: ", ") + ")")
    }
    self.family = family
    target = try container.decode(String.self, forKey: .target)
    featureNames = try container.decode([String].self, forKey: .featureNames)
    offset = try container.decodeIfPresent(String.self, forKey: .offset)
    exposure = try container.decodeIfPresent(String.self, forKey: .exposure)
    trials = try container.decodeIfPresent(String.self, forKey: .trials)
    switch family {
    case .gaussian:
      model = .gaussian(try container.decode(GeneralizedLinearModel<Normal>.self, forKey: .model))
    case .poisson:
      model = .poisson(try container.decode(GeneralizedLinearModel<Poisson>.self, forKey: .model))
    case .bernoulli, .binomial:
      model = .bernoulli(
        try container.decode(GeneralizedLinearModel<Bernoulli>.self, forKey: .model))
    case .gamma:
      model = .gamma(try container.decode(GeneralizedLinearModel<Gamma>.self, forKey: .model))
    case .negativeBinomial:
      model = .negativeBinomial(
        try container.decode(GeneralizedLinearModel<NegativeBinomial>.self, forKey: .model))
    case .categorical:
      preconditionFailure("refused above")
    }
  }

  /// The columns the model reads besides its features, with their roles.
  var extraColumns: [(role: String, column: String)] {
    [("offset", offset), ("exposure", exposure), ("trials", trials)].compactMap { role, column in
      column.map { (role, $0) }
    }
  }

  /// The consistency checks the decoder cannot make.
  func check(_ path: String) throws(CommandError) {
    func corrupted(_ problem: String) -> CommandError {
      CommandError("\(path) is corrupted: \(problem)", .dataError)
    }
    if let name = ModelFile.firstDuplicate(featureNames) {
      throw corrupted("the feature \(quoted(name)) appears twice in featureNames")
    }
    if featureNames.contains(where: \.isEmpty) { throw corrupted("a feature name is empty text") }
    guard featureNames.count == model.featureCount else {
      throw corrupted(
        "\(featureNames.count) feature names but the model has \(model.featureCount) coefficients")
    }
    let named = [("target", target)] + extraColumns.map { ($0.role, $0.column) }
    for (role, column) in named {
      guard !column.isEmpty else { throw corrupted("the \(role) column's name is empty text") }
      if featureNames.contains(column) {
        throw corrupted("the \(role) column \(quoted(column)) is also a feature")
      }
    }
    if let name = ModelFile.firstDuplicate(named.map(\.1)) {
      throw corrupted("the column \(quoted(name)) has two roles")
    }
    guard (family == .binomial) == (trials != nil) else {
      throw corrupted(
        family == .binomial
          ? "a binomial model needs its trials column"
          : "a \(family.rawValue) model has no trials column")
    }
  }
}
