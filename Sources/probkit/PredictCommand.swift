import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit predict`: class probabilities and labels, or a generalized
  /// linear model's means, from a saved model.
  struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "predict",
      abstract: "Predict with a model saved by `probkit fit`: class probabilities, or means.",
      discussion: """
        DATA.csv needs a header row with every feature column the model was fitted \
        with (in any order; other columns are ignored), and the model's --offset and \
        --exposure columns if it was fitted with them. Prints one row per \
        observation, as CSV (default) or JSON: for a categorical (softmax) model the \
        predicted label and each class's probability; for the other families the \
        predicted mean E[y | x] (for bernoulli and binomial, the probability of a \
        success).

        When DATA.csv also holds the model's target column, the family's own loss on \
        those rows is reported on standard error, so that standard output stays \
        data: the log-loss (mean -log p(y)) for categorical and bernoulli, the mean \
        deviance for the other families (the mean squared error for gaussian; for \
        binomial, per row, with the model's --trials column, which the file must \
        then hold). A target column with an empty field (rows whose target is not \
        known yet) is not scored, and a line on standard error says so.

        Examples:
          probkit fit iris.csv --target species --save model.json
          probkit predict --model model.json iris.csv
          probkit predict --model model.json new.csv --json
          probkit fit claims.csv --target claims --family poisson --save glm.json
          probkit predict --model glm.json claims.csv
        """
    )

    @Option(help: "The model file written by `probkit fit --save`.")
    var model: String

    @Argument(help: "The CSV file (with a header row).")
    var data: String

    @Flag(help: "Print JSON instead of CSV.")
    var json = false

    @Flag(help: "Print CSV (the default).")
    var csv = false

    func validate() throws {
      guard !(json && csv) else { throw ValidationError("choose one of --json and --csv") }
    }

    func run() throws {
      switch try SavedModel.read(model) {
      case .softmax(let file): try predict(file)
      case .glm(let file): try GLMPredict(file: file, path: data, json: json).run()
      }
    }

    private func predict(_ file: ModelFile) throws {
      let table = try LabelledTable(
        path: data, featureNames: file.featureNames, extra: [], target: file.target)
      let rows = table.features
      let probabilities: [[Double]]
      let labels: [String]
      do {
        probabilities = try file.model.probabilities(rows)
        labels = try file.model.predict(rows).map { file.classes[$0] }
      } catch {
        throw CommandError(error, about: data)
      }
      // The log-loss, when the file has the target column.
      var loss: Double?
      if let target = file.target, !table.targets.isEmpty,
        PredictionLoss.scorable(table, target: target, loss: FamilyName.categorical.lossName)
      {
        let index = Dictionary(uniqueKeysWithValues: file.classes.enumerated().map { ($1, $0) })
        var total = 0.0
        for (i, label) in table.targets.enumerated() {
          guard let k = index[label] else {
            throw CommandError(
              "\(data): row \(table.rows[i]), column \(quoted(target)): \(quoted(label)) is not "
                + "one of the model's classes ("
                + file.classes.map(quoted).joined(separator: ", ") + ")", .dataError)
          }
          total -= Foundation.log(probabilities[i][k])
        }
        loss = total / Double(rows.count)
      }
      if json {
        struct Row: Encodable {
          let label: String
          let probabilities: [String: Double]
        }
        // The model file's classes are distinct (ModelFile.read checks).
        let output = zip(labels, probabilities).map { label, p in
          Row(label: label, probabilities: Dictionary(uniqueKeysWithValues: zip(file.classes, p)))
        }
        try Console.print(JSONOutput.encode(output, pretty: false))
      } else {
        var text = CSVWriter.record(["label"] + file.classes.map { "p_\($0)" })
        for (label, p) in zip(labels, probabilities) {
          text += CSVWriter.record([label] + p.map(\.description))
          if text.utf8.count >= 1 << 16 {
            try Console.write(text)
            text = ""
          }
        }
        try Console.write(text)
      }
      if let loss, let target = file.target {
        PredictionLoss.report(
          FamilyName.categorical.lossName, target: target, rows: rows.count, value: loss)
      }
    }
  }
}

/// The loss line `predict` writes to standard error.
enum PredictionLoss {
  /// Whether `table`'s target column can be scored.
  ///
  /// It can when no field is empty (rows whose target is not known yet);
  /// otherwise this says on standard error why no loss is reported.
  static func scorable(_ table: LabelledTable, target: String, loss: String) -> Bool {
    guard let row = table.firstEmptyLabelRow else { return true }
    Console.writeError(
      "no \(loss) reported: column \(quoted(target)) is empty in row \(row)\n")
    return false
  }

  /// Writes "log-loss of "y" on 12 rows: 0.53" to standard error (a failed
  /// write makes the exit status 74).
  static func report(_ name: String, target: String, rows: Int, value: Double) {
    Console.writeError("\(name) of \(quoted(target)) on \(rows) rows: \(value)\n")
  }
}

/// Writing CSV per RFC 4180.
enum CSVWriter {
  /// `fields` as one record with its line ending.
  static func record(_ fields: [String]) -> String {
    // A lone empty field is written "" so that it is not a blank line.
    if fields == [""] { return "\"\"\n" }
    return fields.map(quote).joined(separator: ",") + "\n"
  }

  /// `field`, quoted if it holds a comma, a quote, a line break or leading
  /// or trailing spaces or tabs, with its quotes doubled.
  static func quote(_ field: String) -> String {
    let special: Set<Unicode.Scalar> = [",", "\"", "\n", "\r"]
    let needsQuotes =
      field.unicodeScalars.contains { special.contains($0) }
      || field.unicodeScalars.first.map { $0 == " " || $0 == "\t" } == true
      || field.unicodeScalars.last.map { $0 == " " || $0 == "\t" } == true
    guard needsQuotes else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
