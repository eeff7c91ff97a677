/// What reading a table does with a missing value: an empty field, or one
/// of the table's missing-value markers (`NA`, `NaN`, …).
///
/// ```swift
/// let table = try CSVTable(text: "x,y\n1,2\n,3\n4,5\n", missing: .dropRow)
/// table.rowCount         // 2
/// table.droppedRowCount  // 1
/// ```
public enum MissingValuePolicy: Sendable, Hashable {
  /// A `CSVError` naming the row and column of the first one (the default).
  case error
  /// NaN in a numeric column, the empty string in a text column.
  case nan
  /// Every row with a missing value left out, counted in
  /// `CSVTable.droppedRowCount`.
  case dropRow
}
