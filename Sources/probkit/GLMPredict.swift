import Foundation
import ProbKit

/// `probkit predict` with a generalized linear model: the mean per row and,
/// when the file holds the target column, the family's loss.
struct GLMPredict: GLMVisitor {
  let file: GLMModelFile
  let path: String
  let json: Bool

  func run() throws {
    let means = try file.model.visit(self)
    if json {
      struct Row: Encodable { let mean: Double }
      try Console.print(JSONOutput.encode(means.values.map(Row.init), pretty: false))
    } else {
      var text = CSVWriter.record(["mean"])
      for mean in means.values {
        text += CSVWriter.record([mean.description])
        if text.utf8.count >= 1 << 16 {
          try Console.write(text)
          text = ""
        }
      }
      try Console.write(text)
    }
    if let loss = means.loss {
      PredictionLoss.report(
        file.family.lossName, target: file.target, rows: means.values.count, value: loss)
    }
  }

  func visit<Family: ResponseFamily & Codable>(_ model: GeneralizedLinearModel<Family>)
    throws(CommandError) -> (values: [Double], loss: Double?)
  {
    let extra =
      [(role: "offset", column: file.offset), ("exposure", file.exposure)].compactMap {
        role, column in column.map { (role: role, column: $0, required: true) }
      } + (file.trials.map { [(role: "trials", column: $0, required: false)] } ?? [])
    let table = try LabelledTable(
      path: path, featureNames: file.featureNames, extra: extra, target: file.target)
    let n = table.features.count
    let offsets =
      try GLMFit.offsets(table, offset: file.offset, exposure: file.exposure, path: path)
      ?? Array(repeating: 0, count: n)
    var means: [Double] = []
    means.reserveCapacity(n)
    do {
      for (x, offset) in zip(table.features, offsets) {
        let eta = try model.linearPredictor(x, offset: offset)
        means.append(model.link.mean(eta, family: model.family))
      }
    } catch {
      throw CommandError(error, about: path)
    }
    guard !table.targets.isEmpty,
      PredictionLoss.scorable(table, target: file.target, loss: file.family.lossName)
    else { return (means, nil) }
    return (means, try loss(model, table, offsets))
  }

  /// The mean deviance of the target column (each row's unit deviance,
  /// times its trials for binomial), from the library's deviance
  /// residuals once every row is checked here in the file's terms; for
  /// bernoulli, half of it: the log-loss.
  private func loss<Family: ResponseFamily>(
    _ model: GeneralizedLinearModel<Family>, _ table: LabelledTable, _ offsets: [Double]
  ) throws(CommandError) -> Double {
    let response = try table.numericTargets(path: path, target: file.target)
    var trials: [Double]?
    if let name = file.trials {
      guard let column = table.extra[name] else {
        throw CommandError(
          "\(path) has the target column \(quoted(file.target)) but not the trials column "
            + "\(quoted(name)), which scoring a binomial model needs", .dataError)
      }
      trials = column
    }
    if let trials, let name = file.trials {
      try GLMFit.checkTrials(
        trials, column: name, successes: response, target: file.target, table: table, path: path)
    } else {
      for (i, y) in response.enumerated() where !model.family.isResponse(y) {
        throw CommandError(
          "\(path): row \(table.rows[i]), column \(quoted(file.target)): a "
            + "\(file.family.rawValue) model's target must be "
            + "\(file.family.responseRequirement), got \(GLMFit.number(y))", .dataError)
      }
    }
    let residuals: GeneralizedLinearModel<Family>.Residuals
    do {
      residuals = try model.residuals(
        features: table.features, response: response, trials: trials, offsets: offsets)
    } catch {
      throw CommandError(error, about: path)
    }
    let mean = residuals.deviance.reduce(0) { $0 + $1 * $1 } / Double(response.count)
    return file.family == .bernoulli ? mean / 2 : mean
  }
}
