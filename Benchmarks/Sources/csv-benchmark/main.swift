// Reading a numeric CSV file into a table with ProbKit's CSVTable: the
// fastest of REPS reads of FILE, as JSON (seconds, MB/s, rows, columns, a
// checksum of the values for comparison with the peers). csv_peer.py times
// pandas.read_csv (C engine) and numpy.loadtxt on the same file.
//
//   csv-benchmark --file FILE [--reps 5]
import Foundation
import ProbKit

var file = ""
var reps = 5
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
  switch argument {
  case "--file": file = arguments.next() ?? ""
  case "--reps": reps = Int(arguments.next() ?? "") ?? reps
  default:
    FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
    exit(64)
  }
}
guard !file.isEmpty, reps > 0 else {
  FileHandle.standardError.write(Data("usage: csv-benchmark --file FILE [--reps N]\n".utf8))
  exit(64)
}
let url = URL(fileURLWithPath: file)
let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
var best = Double.infinity
var table: CSVTable?
for _ in 0..<reps {
  let start = DispatchTime.now().uptimeNanoseconds
  table = try CSVTable(contentsOf: url)
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  best = min(best, seconds)
}
guard let table else { exit(1) }
var checksum = 0.0
for column in table.columns {
  if case .numbers(let values) = column { checksum += values.reduce(0, +) }
}
let result: [String: Double] = [
  "seconds": best, "megabytesPerSecond": Double(size) / 1e6 / best,
  "rows": Double(table.rowCount), "columns": Double(table.columnNames.count), "checksum": checksum,
]
let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
