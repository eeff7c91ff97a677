import ArgumentParser
import Foundation
import ProbKit
import SwiftCSV

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
      do {
        let file = try ModelFile.read(model)
        let rows = try features(for: file)
        let probabilities = try file.model.probabilities(rows)
        let labels = try file.model.predict(rows).map { file.classes[$0] }
        if json {
          struct Row: Encodable {
            let label: String
            let probabilities: [String: Double]
          }
          let output = zip(labels, probabilities).map { label, p in
            Row(label: label, probabilities: Dictionary(uniqueKeysWithValues: zip(file.classes, p)))
          }
          let encoder = JSONEncoder()
          encoder.outputFormatting = [.sortedKeys]
          print(String(decoding: try encoder.encode(output), as: UTF8.self))
        } else {
          print((["label"] + file.classes.map { "p_\($0)" }).joined(separator: ","))
          for (label, p) in zip(labels, probabilities) {
            print(([label] + p.map(\.description)).joined(separator: ","))
          }
        }
      } catch let error as DataError {
        throw fail(error.message, code: error.code)
      } catch let error as FitError {
        throw fail("\(error)", code: 65)
      }
    }

    /// The model's feature columns of DATA, by name.
    private func features(for file: ModelFile) throws -> [[Double]] {
      let url = URL(fileURLWithPath: data)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw DataError(message: "no such file: \(data)", code: 66)
      }
      let table: EnumeratedCSV
      do {
        table = try EnumeratedCSV(url: url, delimiter: .comma, loadColumns: false)
      } catch {
        throw DataError(message: "cannot read \(data) as CSV: \(error)", code: 65)
      }
      var columns: [Int] = []
      for name in file.featureNames {
        guard let index = table.header.firstIndex(of: name) else {
          throw DataError(
            message: "\(data) has no column \"\(name)\", which the model was fitted with", code: 65)
        }
        columns.append(index)
      }
      guard !table.rows.isEmpty else {
        throw DataError(message: "\(data) has no data rows", code: 65)
      }
      return try table.rows.enumerated().map { row, fields in
        guard fields.count == table.header.count else {
          throw DataError(
            message: "row \(row + 2) has \(fields.count) fields, the header \(table.header.count)",
            code: 65)
        }
        return try columns.map { column in
          guard let value = Double(fields[column].trimmingCharacters(in: .whitespaces)),
            value.isFinite
          else {
            throw DataError(
              message:
                "row \(row + 2), column \"\(table.header[column])\": \"\(fields[column])\" is not a number",
              code: 65)
          }
          return value
        }
      }
    }
  }
}
