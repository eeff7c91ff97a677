import Foundation
import ProbKitInference

extension GeneralizedLinearModel: Codable where Family: Codable {
  private enum CodingKeys: String, CodingKey {
    case family, coefficients, intercept, hasIntercept, link, dispersion
  }

  /// Encodes the family (its fixed parameters), the coefficients, the
  /// intercept, whether the model has one, the link by name and the
  /// dispersion.
  ///
  /// A model round-trips exactly through JSON, so a saved model predicts
  /// bit-identical means:
  ///
  /// ```swift
  /// let fit = try GeneralizedLinearModel<Poisson>.fit(
  ///   features: [[0], [1], [2], [3], [4], [5]], response: [1, 3, 2, 6, 8, 12])
  /// let json = try JSONEncoder().encode(fit.model)
  /// try JSONDecoder().decode(GeneralizedLinearModel<Poisson>.self, from: json) == fit.model  // true
  /// ```
  ///
  /// - Parameter encoder: The encoder to write the fields to.
  /// - Throws: The encoder's errors.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(family, forKey: .family)
    try container.encode(coefficients, forKey: .coefficients)
    try container.encode(intercept, forKey: .intercept)
    try container.encode(hasIntercept, forKey: .hasIntercept)
    try container.encode(link.rawValue, forKey: .link)
    try container.encode(dispersion, forKey: .dispersion)
  }

  /// Decodes and validates a model written by ``encode(to:)``.
  ///
  /// The checks: at least one coefficient, every coefficient and the
  /// intercept finite, an intercept of 0 in a model without one, a link
  /// ``Link`` knows, and a dispersion that is finite and > 0 (and 1 for a
  /// family without one: Bernoulli, Poisson, the negative binomial).
  ///
  /// - Parameter decoder: The decoder to read the fields from.
  /// - Throws: The decoder's errors (a missing field, a wrong type, an
  ///   unknown link as `DecodingError.dataCorrupted`), or `FitError` for
  ///   values no fitted model has.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let family = try container.decode(Family.self, forKey: .family)
    let coefficients = try container.decode([Double].self, forKey: .coefficients)
    let intercept = try container.decode(Double.self, forKey: .intercept)
    let hasIntercept = try container.decode(Bool.self, forKey: .hasIntercept)
    let linkName = try container.decode(String.self, forKey: .link)
    let dispersion = try container.decode(Double.self, forKey: .dispersion)
    guard let link = Link(rawValue: linkName) else {
      throw DecodingError.dataCorruptedError(
        forKey: .link, in: container,
        debugDescription:
          "unknown link \(linkName.debugDescription) (known: "
          + Link.allCases.map(\.rawValue).joined(separator: ", ") + ")")
    }
    func invalid(_ argument: String, _ requirement: String, _ value: Double) -> FitError {
      .invalidArgument(
        model: "GeneralizedLinearModel", argument: argument, requirement: requirement,
        value: "\(value)")
    }
    guard !coefficients.isEmpty else {
      throw FitError.invalidArgument(
        model: "GeneralizedLinearModel", argument: "coefficients",
        requirement: "at least 1 coefficient", value: "[]")
    }
    for (j, beta) in coefficients.enumerated() where !beta.isFinite {
      throw invalid("coefficients[\(j)]", "finite", beta)
    }
    guard intercept.isFinite else { throw invalid("intercept", "finite", intercept) }
    guard hasIntercept || intercept == 0 else {
      throw invalid("intercept", "0 in a model without an intercept", intercept)
    }
    guard dispersion.isFinite, dispersion > 0 else {
      throw invalid("dispersion", "finite and > 0", dispersion)
    }
    guard family.hasDispersion || dispersion == 1 else {
      throw invalid("dispersion", "1 for the \(Family.self) family, which has none", dispersion)
    }
    self.init(
      family: family, coefficients: coefficients, intercept: intercept,
      hasIntercept: hasIntercept, link: link, dispersion: dispersion)
  }
}
