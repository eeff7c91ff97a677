import ProbKitData
import ProbKitRegression
import Testing

/// Features from a CSV table: the numeric columns in the order asked, and
/// errors naming the row and column of a value that cannot be a feature.
@Suite struct FeatureMatrixCSVTableTests {
  @Test func numericColumnsBecomeRowMajorFeatures() throws {
    let table = try CSVTable(text: "x1,label,x2\n5.1,a,3.5\n6.2,b,2.9\n4.0,a,1.0\n")
    let x = try FeatureMatrix(table, columns: ["x2", "x1"])
    #expect(x.rowCount == 3 && x.columnCount == 2)
    #expect(x.values == [3.5, 5.1, 2.9, 6.2, 1.0, 4.0])
    let fit = try SoftmaxRegression.fit(
      features: x,
      labels: try ClassLabels(sorting: table.text("label")).indices(of: table.text("label")),
      estimator: .map(GaussianPrior(standardDeviation: 1)))
    #expect(fit.model.classCount == 2)
  }

  @Test func unusableColumnsAndValuesAreErrors() throws {
    let table = try CSVTable(text: "x,label,y\n1,a,inf\n,b,2\n", missing: .nan)
    for (columns, row, column) in [
      (["label"], nil as Int?, "label"), (["nope"], nil, "nope"), (["x"], 3, "x"), (["y"], 2, "y"),
    ] {
      do {
        _ = try FeatureMatrix(table, columns: columns)
        Issue.record("\(columns) accepted")
      } catch {
        #expect(error.kind == .badColumn && error.column == column, "\(error)")
        if let row { #expect(error.row == row, "\(error)") }
      }
    }
  }
}
