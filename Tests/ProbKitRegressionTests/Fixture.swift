import Foundation
import TestSupport

/// The scikit-learn / statsmodels reference fixture for softmax regression.
///
/// Written by `Tests/Reference/generate_softmax.py`; every number is a
/// string. Optima are the script's own high-precision Newton solutions
/// (scikit-learn's fits are recorded beside them, with how far they stopped).
struct SoftmaxReference: Decodable, Sendable {
  struct Dataset: Decodable, Sendable {
    let name: String
    let classCount: String
    let featureCount: String
    let features: [[String]]
    let labels: [String]
  }

  struct ExternalFit: Decodable, Sendable {
    let objective: String?
    let iterations: String?
    let relativeObjectiveGap: String?
  }

  struct StatsmodelsFit: Decodable, Sendable {
    let logLikelihood: String
  }

  struct Case: Decodable, Sendable {
    let dataset: String
    let classCount: String
    let estimator: String
    let sigma: String?
    let binary: Bool
    let weights: [String]?
    let objective: String?
    let coefficients: [[String]]?
    let intercepts: [String]?
    let probabilities: [[String]]?
    let rows: [String]?
    let weightNorm: String?
    let expectSeparation: String?
    let sklearn: ExternalFit?
    let statsmodels: StatsmodelsFit?
  }

  let datasets: [Dataset]
  let cases: [Case]

  static let shared = Result {
    try Fixture.load(SoftmaxReference.self, named: "softmax.json", in: .module)
  }
}
