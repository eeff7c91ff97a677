import ArgumentParser
import Foundation
import ProbKit

/// A CSV file with a header row, split into numeric features and labels.
///
/// Numeric feature columns and, optionally, a label column, read strictly
/// by ``CSVReader``. `fit`,
/// `compare`, `demo` and `predict` all read their data through here.
struct LabelledTable {
  /// The feature columns' names, in the order the features are stored.
  let featureNames: [String]
  /// The rows' features.
  let features: [[Double]]
  /// The rows' labels, as text (empty without a label column).
  let targets: [String]

  /// Reads `path`, taking `target` as the label column and every other
  /// column as a number.
  ///
  /// - Throws: ``CommandError``: ``ExitStatus/noInput`` for a file that does
  ///   not exist or cannot be read, ``ExitStatus/usage`` for an unknown
  ///   target column, ``ExitStatus/dataError`` for a malformed file, a file
  ///   without data rows, an empty label or a value that is not a finite
  ///   number (naming the file, row and column).
  init(path: String, target: String) throws(CommandError) {
    let csv = try CSVReader(path: path)
    guard let targetIndex = csv.header.firstIndex(of: target) else {
      throw CommandError(
        "no column \(quoted(target)) in \(path) (columns: "
          + csv.header.map(quoted).joined(separator: ", ") + ")", .usage)
    }
    let columns = csv.header.indices.filter { $0 != targetIndex }
    try self.init(csv, columns: columns, target: targetIndex)
  }

  /// Checks what every fit needs before the library sees the table: a
  /// feature column and two classes.
  ///
  /// - Throws: ``CommandError`` with ``ExitStatus/dataError``.
  func checkFittable(path: String, target: String) throws(CommandError) {
    guard !featureNames.isEmpty else {
      throw CommandError("\(path) has no feature columns besides \(quoted(target))", .dataError)
    }
    let classes = Set(targets)
    guard classes.count >= 2 else {
      throw CommandError(
        "\(path): column \(quoted(target)) has one class, \(quoted(targets[0])); a fit needs two or more",
        .dataError)
    }
  }

  /// Reads the columns named `featureNames` of `path`, in that order, as
  /// numbers; other columns are ignored.
  ///
  /// - Throws: ``CommandError`` as ``init(path:target:)``; a missing column
  ///   is ``ExitStatus/dataError``.
  init(path: String, featureNames: [String]) throws(CommandError) {
    let csv = try CSVReader(path: path)
    var columns: [Int] = []
    for name in featureNames {
      guard let index = csv.header.firstIndex(of: name) else {
        throw CommandError(
          "\(path) has no column \(quoted(name)), which the model was fitted with", .dataError)
      }
      columns.append(index)
    }
    try self.init(csv, columns: columns, target: nil)
  }

  private init(_ csv: CSVReader, columns: [Int], target: Int?) throws(CommandError) {
    guard !csv.records.isEmpty else {
      throw CommandError("\(csv.path) has no data rows", .dataError)
    }
    featureNames = columns.map { csv.header[$0] }
    var features: [[Double]] = []
    features.reserveCapacity(csv.records.count)
    var targets: [String] = []
    for record in csv.records {
      var values: [Double] = []
      values.reserveCapacity(columns.count)
      for column in columns {
        values.append(try Self.number(record.fields[column], csv, record.row, column))
      }
      features.append(values)
      if let target {
        let label = String(Self.trimmed(record.fields[target]))
        guard !label.isEmpty else {
          throw CommandError(
            "\(csv.path): row \(record.row), column \(quoted(csv.header[target])): the label is empty",
            .dataError)
        }
        targets.append(label)
      }
    }
    self.features = features
    self.targets = targets
  }

  /// `field` without the spaces and tabs around it, which surround a value
  /// without being part of it.
  static func trimmed(_ field: String) -> Substring {
    let bytes = field.utf8
    let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    guard let first = bytes.firstIndex(where: { !isBlank($0) }),
      let last = bytes.lastIndex(where: { !isBlank($0) })
    else { return field[field.endIndex...] }
    return field[first...last]
  }

  /// The field as a finite number, or an error naming the file, row and
  /// column.
  private static func number(_ field: String, _ csv: CSVReader, _ row: Int, _ column: Int)
    throws(CommandError) -> Double
  {
    let text = trimmed(field)
    if let value = Double(text), value.isFinite { return value }
    // Only now, on the error path, the message.
    let place = "\(csv.path): row \(row), column \(quoted(csv.header[column]))"
    guard let value = Double(text) else {
      throw CommandError(
        text.isEmpty
          ? "\(place): the field is empty (a number is needed)"
          : "\(place): \(quoted(field)) is not a number",
        .dataError)
    }
    guard value.isFinite else {
      throw CommandError("\(place): \(quoted(field)) is not a finite number", .dataError)
    }
    return value
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
      Console.writeError(line)
    }
  }
}
