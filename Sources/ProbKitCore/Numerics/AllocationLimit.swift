import Foundation

/// The largest buffers ProbKit allocates from counts a caller supplies.
///
/// A count whose buffer would need more bytes than the machine's physical
/// memory is refused before anything is allocated, so that the caller can
/// throw a typed error instead of the process dying in `malloc`, on an
/// overflowing size multiplication, or at the out-of-memory killer.
///
/// ```swift
/// AllocationLimit.allows(10, of: Double.self)        // true
/// AllocationLimit.allows(.max, of: Double.self)      // false
/// AllocationLimit.product(1 << 40, 1 << 40)          // nil: overflows Int
/// ```
package enum AllocationLimit {
  /// The machine's physical memory in bytes.
  package static let bytes = Int(clamping: ProcessInfo.processInfo.physicalMemory)

  /// The most elements of `type` that fit in ``bytes``.
  package static func maximumCount<T>(of type: T.Type) -> Int {
    bytes / max(MemoryLayout<T>.stride, 1)
  }

  /// Whether `count` elements of `type` can be allocated: 0 ≤ count ≤
  /// ``maximumCount(of:)``.
  package static func allows<T>(_ count: Int, of type: T.Type) -> Bool {
    count >= 0 && count <= maximumCount(of: type)
  }

  /// a · b for non-negative sizes, or `nil` if it overflows `Int`.
  package static func product(_ a: Int, _ b: Int) -> Int? {
    let (result, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : result
  }
}
