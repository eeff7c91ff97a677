import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit predict`: class probabilities and labels from a saved model.
  struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "predict",
      abstract: "Predict class probabilities and labels with a model saved by `probkit fit`.",
      discussion: """
        DATA.csv needs a header row with every feature column the model was fitted \
        with (in any order; other columns, such as the label, are ignored). Prints one \
        row per observation: the predicted label and each class's probability, as CSV \
        (default) or JSON.

        Examples:
          probkit fit iris.csv --target species --save model.json
          probkit predict --model model.json iris.csv
          probkit predict --model model.json new.csv --json
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
      let file = try ModelFile.read(model)
      let rows = try LabelledTable(path: data, featureNames: file.featureNames).features
      let probabilities: [[Double]]
      let labels: [String]
      do {
        probabilities = try file.model.probabilities(rows)
        labels = try file.model.predict(rows).map { file.classes[$0] }
      } catch {
        throw CommandError(error, about: data)
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
    }
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
