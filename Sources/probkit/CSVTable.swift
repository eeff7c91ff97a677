import ArgumentParser
import Foundation
import ProbKit
import SwiftCSV

/// A CSV file with a header row, split into numeric feature columns and a
/// target column (read with SwiftCSV).
struct LabelledTable {
  /// The feature columns' names, in file order.
  let featureNames: [String]
  /// The rows' features.
  let features: [[Double]]
  /// The rows' target values, as text.
  let targets: [String]

  /// Reads `url`, taking `target` as the label column and every other column
  /// as a number.
  ///
  /// - Throws: ``DataError`` with exit code 66 for a missing file, 64 for an
  ///   unknown target column, 65 for an empty file or a value that is not a
  ///   number (naming its row and column).
  init(url: URL, target: String) throws {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw DataError(message: "no such file: \(url.path)", code: 66)
    }
    let csv: EnumeratedCSV
    do {
      csv = try EnumeratedCSV(url: url, delimiter: .comma, loadColumns: false)
    } catch {
      throw DataError(message: "cannot read \(url.path) as CSV: \(error)", code: 65)
    }
    guard let targetIndex = csv.header.firstIndex(of: target) else {
      throw DataError(
        message: "no column \"\(target)\" in \(url.lastPathComponent) (columns: "
          + csv.header.joined(separator: ", ") + ")", code: 64)
    }
    guard !csv.rows.isEmpty else {
      throw DataError(message: "\(url.lastPathComponent) has no data rows", code: 65)
    }
    featureNames = csv.header.enumerated().filter { $0.offset != targetIndex }.map(\.element)
    var features: [[Double]] = []
    var targets: [String] = []
    for (row, fields) in csv.rows.enumerated() {
      // Row numbers as a spreadsheet shows them: the header is row 1.
      let line = row + 2
      guard fields.count == csv.header.count else {
        throw DataError(
          message: "row \(line) has \(fields.count) fields, the header \(csv.header.count)",
          code: 65)
      }
      var values: [Double] = []
      for (column, field) in fields.enumerated() where column != targetIndex {
        guard let value = Double(field.trimmingCharacters(in: .whitespaces)), value.isFinite else {
          throw DataError(
            message: "row \(line), column \"\(csv.header[column])\": \"\(field)\" is not a number",
            code: 65)
        }
        values.append(value)
      }
      features.append(values)
      targets.append(fields[targetIndex].trimmingCharacters(in: .whitespaces))
    }
    self.features = features
    self.targets = targets
  }
}

/// `--verbose` and `--quiet`: per-iteration progress of long fits on standard
/// error (iteration, objective, gradient norm), shown by default when
/// standard error is a terminal; standard output stays clean for pipes.
struct ProgressOptions: ParsableArguments {
  @Flag(help: "Show the fit's progress on standard error even when it is not a terminal.")
  var verbose = false

  @Flag(help: "Never show progress.")
  var quiet = false

  /// The progress callback to give the fit, or `nil`.
  var reporter: (@Sendable (SoftmaxRegression.Progress) -> Void)? {
    guard !quiet, verbose || isatty(STDERR_FILENO) != 0 else { return nil }
    return { step in
      let line = String(
        format: "iteration %5d  objective %.12g  gradient norm %.3g\n", step.iteration,
        step.objective, step.gradientNorm)
      FileHandle.standardError.write(Data(line.utf8))
    }
  }
}
