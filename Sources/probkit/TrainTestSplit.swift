import ProbKit

/// A seeded split of N rows into training and test rows, the one `probkit
/// compare` and `probkit demo` share.
///
/// The row indices are shuffled by `RandomSource(seed:)`; the first
/// N - round(N·f) are the training rows and the rest the test rows, so the
/// same seed always gives the same split.
struct TrainTestSplit {
  /// Training row indices, in shuffled order.
  let train: [Int]
  /// Test row indices, in shuffled order.
  let test: [Int]

  /// Splits `rowCount` rows, holding out the fraction `testFraction` in (0, 1).
  ///
  /// - Throws: ``CommandError`` with ``ExitStatus/dataError`` when either
  ///   side would be empty.
  init(rowCount: Int, testFraction: Double, seed: UInt32) throws(CommandError) {
    var order = Array(0..<rowCount)
    var source = RandomSource(seed: seed)
    order.shuffle(using: &source)
    let testCount = max(1, Int((Double(rowCount) * testFraction).rounded()))
    guard testCount < rowCount else {
      throw CommandError(
        "too few rows (\(rowCount)) to hold \(testCount) out for testing", .dataError)
    }
    train = Array(order[..<(rowCount - testCount)])
    test = Array(order[(rowCount - testCount)...])
  }
}
