import Foundation

/// Reads the JSON reference fixtures a test bundle ships under `Fixtures/`
/// (written by the scripts in `Tests/Reference/`).
///
/// ```swift
/// let reference = try Fixture.load(SoftmaxReference.self, named: "softmax.json", in: .module)
/// ```
public enum Fixture {
  /// The decoded contents of `Fixtures/<name>` in `bundle` (a test target's
  /// `Bundle.module`).
  public static func load<T: Decodable>(_ type: T.Type, named name: String, in bundle: Bundle)
    throws -> T
  {
    guard let url = bundle.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
      throw FixtureError("Fixtures/\(name) is not in the test bundle")
    }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
  }

  /// A number as the fixture scripts write it: Python `repr` or `%.17g`
  /// text, or "inf", "-inf", "nan".
  public static func double(_ text: String) throws -> Double {
    guard let value = Double(text) else { throw FixtureError("\(text) is not a number") }
    return value
  }

  /// Numbers as ``double(_:)`` reads them.
  public static func doubles(_ texts: [String]) throws -> [Double] {
    try texts.map { try double($0) }
  }
}

/// A fixture that is missing or malformed.
public struct FixtureError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
