/// Arrays of doubles filled in place through raw pointers, all at once: the
/// reader writes row by row into every numeric column without a copy.
enum ColumnBuffers {
  /// `width` arrays of up to `capacity` doubles, filled by `fill` through
  /// one pointer each; `fill` returns how many values each array holds.
  ///
  /// Up to 128 columns the arrays are created by nested
  /// `Array(unsafeUninitializedCapacity:)` calls, one level per column, and
  /// filled where they are; wider tables fill scratch buffers and copy.
  static func filled(
    width: Int, capacity: Int, _ fill: ([UnsafeMutablePointer<Double>]) -> Int
  ) -> [[Double]] {
    guard width > 0 else {
      _ = fill([])
      return []
    }
    if width > 128 {
      let scratch = (0..<width).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: capacity)
      }
      defer { for pointer in scratch { pointer.deallocate() } }
      let count = fill(scratch)
      return scratch.map { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }
    var columns: [[Double]] = []
    func level(_ pointers: [UnsafeMutablePointer<Double>]) -> Int {
      guard pointers.count < width else { return fill(pointers) }
      var count = 0
      let column = [Double](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, initialized in
        guard let base = buffer.baseAddress else { return }
        count = level(pointers + [base])
        initialized = count
      }
      columns.append(column)
      return count
    }
    _ = level([])
    return columns.reversed()
  }
}
