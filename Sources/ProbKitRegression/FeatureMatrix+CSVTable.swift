public import ProbKitData

extension FeatureMatrix {
  /// The numeric `columns` of `table`, in that order, as a row-major
  /// matrix: the features of a fit.
  ///
  /// ```swift
  /// let table = try CSVTable(text: "x1,x2,species\n5.1,3.5,setosa\n6.2,2.9,virginica\n")
  /// let x = try FeatureMatrix(table, columns: ["x1", "x2"])  // rows [5.1, 3.5], [6.2, 2.9]
  /// let labels = try table.text("species")
  /// ```
  ///
  /// - Throws: `CSVError` (`.badColumn`) for a column that is missing or
  ///   holds text, or for a value that is not finite (NaN left by
  ///   `MissingValuePolicy.nan`, or an `inf`), naming its row and column.
  public init(_ table: CSVTable, columns: [String]) throws(CSVError) {
    let data = try columns.map { name throws(CSVError) in try table.numbers(name) }
    let n = table.rowCount
    var values = [Double](repeating: 0, count: n * columns.count)
    for (j, column) in data.enumerated() {
      for i in 0..<n {
        let value = column[i]
        guard value.isFinite else {
          throw CSVError.notFinite(row: table.rows[i], column: columns[j], value: value)
        }
        values[i * columns.count + j] = value
      }
    }
    do {
      try self.init(rows: n, columns: columns.count, values: values)
    } catch {
      preconditionFailure("FeatureMatrix: finite values of the right count: \(error)")
    }
  }
}
