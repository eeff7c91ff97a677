import Foundation
import TestSupport

/// The reference fixture for fitting and conjugate updating.
///
/// Written by `Tests/Reference/generate_inference.py`; every number is a
/// string.
struct InferenceReference: Decodable, Sendable {
  /// One maximum-likelihood case.
  struct MLE: Decodable, Sendable {
    let model: String
    let context: [String: JSONValue]
    let data: JSONValue
    let weights: [String]?
    let parameters: [String: JSONValue]
    let logLikelihood: JSONValue
  }

  /// A distribution with parameters and log densities at some points.
  struct Evaluated: Decodable, Sendable {
    struct Point: Decodable, Sendable {
      let x: JSONValue
      let logDensity: JSONValue
    }
    let distribution: String
    let parameters: [String: JSONValue]
    let points: [Point]?
  }

  /// One conjugate-updating case.
  struct Conjugate: Decodable, Sendable {
    struct Prior: Decodable, Sendable {
      let distribution: String
      let parameters: [String: JSONValue]
    }
    let likelihood: String
    let context: [String: JSONValue]
    let prior: Prior
    let data: JSONValue
    let weights: [String]?
    let posterior: Evaluated
    let posteriorMean: [String: JSONValue]?
    let map: JSONValue?
    let credibleInterval: [String: JSONValue]?
    let highestDensityInterval: [String: JSONValue]?
    let logEvidence: JSONValue
    let predictive: Evaluated
  }

  let mle: [MLE]
  let conjugate: [Conjugate]

  static let shared = Result {
    try Fixture.load(InferenceReference.self, named: "inference.json", in: .module)
  }
}

/// Any JSON value; the fixture's numbers are strings.
enum JSONValue: Decodable, Sendable, CustomStringConvertible {
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
  case null

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let text = try? container.decode(String.self) {
      self = .string(text)
    } else if let array = try? container.decode([JSONValue].self) {
      self = .array(array)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  var description: String {
    switch self {
    case .string(let text): return text
    case .array(let values): return "[\(values.map(\.description).joined(separator: ", "))]"
    case .object(let fields): return "\(fields)"
    case .null: return "null"
    }
  }

  /// The value as one double.
  func number() throws -> Double {
    guard case .string(let text) = self, let value = Double(text) else {
      throw FixtureError("\(self) is not a number")
    }
    return value
  }

  /// The value as doubles: a number gives one, an array its entries, a matrix
  /// its entries row by row.
  func numbers() throws -> [Double] {
    switch self {
    case .string: return [try number()]
    case .array(let values): return try values.flatMap { try $0.numbers() }
    default: throw FixtureError("\(self) is not numeric")
    }
  }

  /// The value as an integer.
  func integer() throws -> Int {
    guard let value = Int(exactly: try number()) else {
      throw FixtureError("\(self) is not an integer")
    }
    return value
  }

  /// An array of doubles.
  func doubles() throws -> [Double] {
    guard case .array(let values) = self else { throw FixtureError("\(self) is not an array") }
    return try values.map { try $0.number() }
  }

  /// An array of integers.
  func integers() throws -> [Int] {
    guard case .array(let values) = self else { throw FixtureError("\(self) is not an array") }
    return try values.map { try $0.integer() }
  }

  /// An array of vectors of doubles.
  func vectors() throws -> [[Double]] {
    guard case .array(let values) = self else { throw FixtureError("\(self) is not an array") }
    return try values.map { try $0.doubles() }
  }

  /// An array of vectors of integers.
  func integerVectors() throws -> [[Int]] {
    guard case .array(let values) = self else { throw FixtureError("\(self) is not an array") }
    return try values.map { try $0.integers() }
  }

  /// The object's fields.
  func object() throws -> [String: JSONValue] {
    guard case .object(let fields) = self else { throw FixtureError("\(self) is not an object") }
    return fields
  }

  /// The value as a distribution's value type: Int, Double, [Int] or [Double].
  func decode<T>(_ type: T.Type) throws -> T {
    if let value = try? integer() as? T { return value }
    if let value = try? number() as? T { return value }
    if let value = try? integers() as? T { return value }
    if let value = try? doubles() as? T { return value }
    throw FixtureError("\(self) is not a \(T.self)")
  }
}

extension [String: JSONValue] {
  /// The field `name` as a double.
  func double(_ name: String) throws -> Double {
    guard let value = self[name] else { throw FixtureError("no field \(name)") }
    return try value.number()
  }

  /// The field `name` as an integer.
  func integer(_ name: String) throws -> Int {
    guard let value = self[name] else { throw FixtureError("no field \(name)") }
    return try value.integer()
  }

  /// The field `name` as a vector of doubles.
  func vector(_ name: String) throws -> [Double] {
    guard let value = self[name] else { throw FixtureError("no field \(name)") }
    return try value.doubles()
  }
}

/// Parses one number.
func number(_ value: JSONValue) throws -> Double { try value.number() }
