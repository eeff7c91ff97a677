import Foundation

/// Why a CSV file could not be read into a table, with where.
///
/// Rows are numbered as a text editor numbers lines, from 1 for the header;
/// a record's row is the line it starts on. Columns are named by their
/// header name where there is one.
///
/// ```swift
/// do {
///   _ = try CSVTable(text: "x,y\n1,2\n3\n")
/// } catch {
///   print(error)  // row 3 has 1 field, the header 2
/// }
/// ```
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: Sendable, Equatable {
    /// The file could not be read (missing, a directory, permissions).
    case unreadable
    /// No header row.
    case empty
    /// Not UTF-8, or a NUL byte: not text.
    case notText
    /// Broken quoting, a lone carriage return, a blank line before a record.
    case malformed
    /// A header name that is empty or repeated.
    case badHeader
    /// A record with more or fewer fields than the header.
    case raggedRow
    /// A missing value where the policy is ``MissingValuePolicy/error``.
    case missingValue
    /// A column that is not there, or not of the kind asked for.
    case badColumn
    /// More rows or fields than the platform can index.
    case tooLarge
  }

  /// What went wrong.
  public let kind: Kind
  /// The row (line) it went wrong on, if any.
  public let row: Int?
  /// The column it went wrong in, if any: its header name, or its number
  /// from 1 where it has none.
  public let column: String?
  /// The whole message.
  public let message: String

  init(_ kind: Kind, row: Int? = nil, column: String? = nil, _ problem: String) {
    self.kind = kind
    self.row = row
    self.column = column
    var place: [String] = []
    if let row { place.append("row \(row)") }
    if let column { place.append("column \"\(column)\"") }
    message = place.isEmpty ? problem : place.joined(separator: ", ") + ": " + problem
  }

  public var description: String { message }

  /// A value a finite number was needed for.
  package static func notFinite(row: Int, column: String, value: Double) -> CSVError {
    CSVError(
      .badColumn, row: row, column: column,
      value.isNaN
        ? "the value is missing or NaN (a finite number is needed)"
        : "the value is \(value) (a finite number is needed)")
  }
}
