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
  /// Each row's number in the file, as an editor numbers lines (the
  /// header being row 1), for messages about a row.
  let rows: [Int]
  /// The numeric columns read apart from the features (offsets, exposures,
  /// trials), by name.
  let extra: [String: [Double]]

  /// Reads `path`, taking `target` as the label column and every other
  /// column as a number.
  ///
  /// - Throws: ``CommandError``: ``ExitStatus/noInput`` for a file that does
  ///   not exist or cannot be read, ``ExitStatus/usage`` for an unknown
  ///   target column, ``ExitStatus/dataError`` for a malformed file, a file
  ///   without data rows, an empty label or a value that is not a finite
  ///   number (naming the file, row and column).
  init(path: String, target: String) throws(CommandError) {
    try self.init(path: path, target: target, extra: [])
  }

  /// Reads `path`, taking `target` as the label column, the `extra` columns
  /// (an offset, an exposure, trials; named by `option`, such as
  /// "--offset") as numbers apart from the features, and every other column
  /// as a feature.
  ///
  /// - Throws: ``CommandError`` as ``init(path:target:)``; an unknown
  ///   `extra` column is ``ExitStatus/usage``.
  init(path: String, target: String, extra: [(option: String, column: String)])
    throws(CommandError)
  {
    let csv = try CSVReader(path: path)
    func index(_ name: String, _ what: String) throws(CommandError) -> Int {
      guard let index = csv.header.firstIndex(of: name) else {
        throw CommandError(
          "no column \(quoted(name))\(what) in \(path) (columns: "
            + csv.header.map(quoted).joined(separator: ", ") + ")", .usage)
      }
      return index
    }
    let targetIndex = try index(target, "")
    var extraIndices: [Int] = []
    for (option, column) in extra { extraIndices.append(try index(column, " (\(option))")) }
    let columns = csv.header.indices.filter { $0 != targetIndex && !extraIndices.contains($0) }
    try self.init(csv, columns: columns, target: targetIndex, extra: extraIndices)
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

  /// The file row of the first empty label, if any (`predict` then scores
  /// nothing).
  var firstEmptyLabelRow: Int? { targets.firstIndex(of: "").map { rows[$0] } }

  /// Whether every label reads as a number (then `fit` needs `--family`).
  var targetIsNumeric: Bool { targets.allSatisfy { Double($0) != nil } }

  /// The labels as finite numbers: a response for a generalized linear
  /// model.
  ///
  /// - Throws: ``CommandError`` with ``ExitStatus/dataError`` naming the
  ///   file, row and column of the first label that is not a finite number.
  func numericTargets(path: String, target: String) throws(CommandError) -> [Double] {
    var values: [Double] = []
    values.reserveCapacity(targets.count)
    for (row, label) in zip(rows, targets) {
      guard let value = Double(label), value.isFinite else {
        let place = "\(path): row \(row), column \(quoted(target))"
        throw CommandError(
          Double(label) == nil
            ? "\(place): \(quoted(label)) is not a number (the response of a "
              + "generalized linear model is numeric; --family categorical takes text labels)"
            : "\(place): \(quoted(label)) is not a finite number", .dataError)
      }
      values.append(value)
    }
    return values
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
    try self.init(csv, columns: columns, target: nil, extra: [])
  }

  /// Reads the columns named `featureNames` of `path` as numbers, the
  /// `extra` columns (those a saved model needs besides its features, such
  /// as an offset) as numbers apart from them, and `target`, if the file has
  /// that column, as text (empty labels kept: new rows whose target is not
  /// known yet); other columns are ignored.
  ///
  /// - Throws: ``CommandError`` as ``init(path:featureNames:)``; a missing
  ///   feature column or `required` `extra` column is
  ///   ``ExitStatus/dataError`` (other missing `extra` columns are left out
  ///   of ``extra``).
  init(
    path: String, featureNames: [String],
    extra: [(role: String, column: String, required: Bool)], target: String?
  ) throws(CommandError) {
    let csv = try CSVReader(path: path)
    var columns: [Int] = []
    for name in featureNames {
      guard let index = csv.header.firstIndex(of: name) else {
        throw CommandError(
          "\(path) has no column \(quoted(name)), which the model was fitted with", .dataError)
      }
      columns.append(index)
    }
    var extraIndices: [Int] = []
    for (role, name, required) in extra {
      guard let index = csv.header.firstIndex(of: name) else {
        guard required else { continue }
        throw CommandError(
          "\(path) has no column \(quoted(name)), the model's \(role)", .dataError)
      }
      extraIndices.append(index)
    }
    try self.init(
      csv, columns: columns, target: target.flatMap { csv.header.firstIndex(of: $0) },
      extra: extraIndices, emptyLabels: true)
  }

  private init(
    _ csv: CSVReader, columns: [Int], target: Int?, extra: [Int], emptyLabels: Bool = false
  ) throws(CommandError) {
    guard !csv.records.isEmpty else {
      throw CommandError("\(csv.path) has no data rows", .dataError)
    }
    featureNames = columns.map { csv.header[$0] }
    var features: [[Double]] = []
    features.reserveCapacity(csv.records.count)
    var targets: [String] = []
    var rows: [Int] = []
    rows.reserveCapacity(csv.records.count)
    var extraValues = [[Double]](repeating: [], count: extra.count)
    for record in csv.records {
      rows.append(record.row)
      for (k, column) in extra.enumerated() {
        extraValues[k].append(try Self.number(record.fields[column], csv, record.row, column))
      }
      var values: [Double] = []
      values.reserveCapacity(columns.count)
      for column in columns {
        values.append(try Self.number(record.fields[column], csv, record.row, column))
      }
      features.append(values)
      if let target {
        let label = String(Self.trimmed(record.fields[target]))
        guard !label.isEmpty || emptyLabels else {
          throw CommandError(
            "\(csv.path): row \(record.row), column \(quoted(csv.header[target])): the label is empty",
            .dataError)
        }
        targets.append(label)
      }
    }
    self.features = features
    self.targets = targets
    self.rows = rows
    self.extra = Dictionary(
      zip(extra.map { csv.header[$0] }, extraValues), uniquingKeysWith: { first, _ in first })
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
