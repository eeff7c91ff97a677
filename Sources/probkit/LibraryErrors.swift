import Foundation
import ProbKit

/// How the command line words the library's errors: the one place that maps
/// a library error to a message and an exit status.
///
/// The library's messages speak to Swift code (`estimator: .map(...)`); where
/// a command-line user would act differently, the message says what to type
/// instead.
enum LibraryErrors {
  /// `error`'s message in the command line's terms.
  static func message(_ error: any Error) -> String {
    guard let error = error as? FitError else { return "\(error)" }
    switch error {
    case .separation(let model, let complete):
      return "\(model): the classes are \(complete ? "completely" : "quasi-completely") "
        + "separated, so the maximum-likelihood estimate does not exist (the weights grow "
        + "without bound); fit by MAP instead: --estimator map --prior-sd 1 (a smaller "
        + "--prior-sd shrinks the weights more)"
    case .estimateOutsideParameterSpace(let model, let reason):
      // The generalized linear model's reasons advise in Swift terms.
      let advice = [
        (
          "fit by MAP with a Gaussian prior instead (estimator: .map(...))",
          "fit by MAP instead: --estimator map --prior-sd 1"
        ),
        ("fit the Poisson model", "fit --family poisson instead"),
      ]
      var text = reason
      for (library, command) in advice {
        text = text.replacingOccurrences(of: library, with: command)
      }
      return FitError.estimateOutsideParameterSpace(model: model, reason: text).description
    case .collinearFeatures:
      return "\(error) (--estimator map)"
    default:
      return "\(error)"
    }
  }

  /// A table cell for a maximum-likelihood fit that failed on a training
  /// split, beside MAP rows that did not (`compare`, `demo`).
  static func cell(_ error: FitError) -> String {
    guard case .separation(_, let complete) = error else { return "failed: \(error)" }
    return "does not exist: this split separates the classes "
      + (complete ? "completely" : "quasi-completely")
      + " (the weights grow without bound); MAP still fits"
  }
}

extension CommandError {
  /// A library error about `subject` (a file, or what was being parsed):
  /// "subject: message", with `status` (bad data by default).
  init(_ error: any Error, about subject: String, _ status: ExitStatus = .dataError) {
    self.init("\(subject): \(LibraryErrors.message(error))", status)
  }
}
