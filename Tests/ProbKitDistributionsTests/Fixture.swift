import Foundation
import TestSupport

/// The reference fixture for the distributions
/// (`Tests/Reference/generate_distributions.py`: mpmath, cross-checked
/// against scipy).
struct DistributionReference: Decodable {
  /// One parameter setting of a univariate distribution.
  struct Univariate: Decodable {
    struct Point: Decodable {
      let x: String
      let logDensity: String?
      let cdf: String?
      let survival: String?
    }
    struct Quantile: Decodable {
      let p: String
      let x: String
    }
    let distribution: String
    let parameters: [String: Parameter]
    let properties: [String: String]
    let points: [Point]
    let quantiles: [Quantile]?
  }

  /// One parameter setting of a multivariate distribution.
  struct Multivariate: Decodable {
    struct Point: Decodable {
      let x: [String]
      let logDensity: String
    }
    let distribution: String
    let parameters: [String: Parameter]
    let properties: [String: Property]
    let points: [Point]
  }

  /// One Kullback–Leibler case.
  struct KullbackLeibler: Decodable {
    let distribution: String
    let p: [String: Parameter]
    let q: [String: Parameter]
    let value: String
  }

  /// A parameter: a number, a vector or a matrix, all as strings.
  enum Parameter: Decodable {
    case scalar(String)
    case vector([String])
    case matrix([[String]])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let scalar = try? container.decode(String.self) {
        self = .scalar(scalar)
      } else if let vector = try? container.decode([String].self) {
        self = .vector(vector)
      } else {
        self = .matrix(try container.decode([[String]].self))
      }
    }
  }

  /// A property: a number or a vector.
  enum Property: Decodable {
    case scalar(String)
    case vector([String])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let scalar = try? container.decode(String.self) {
        self = .scalar(scalar)
      } else {
        self = .vector(try container.decode([String].self))
      }
    }
  }

  let univariate: [Univariate]
  let multivariate: [Multivariate]
  let kullbackLeibler: [KullbackLeibler]

  static let shared = Result {
    try Fixture.load(DistributionReference.self, named: "distributions.json", in: .module)
  }
}

extension [String: DistributionReference.Parameter] {
  /// The scalar parameter `name` as a double.
  func double(_ name: String) throws -> Double {
    guard case .scalar(let text)? = self[name], let value = Double(text) else {
      throw FixtureError("parameter \(name) is missing or not a number")
    }
    return value
  }

  /// The scalar parameter `name` as an integer.
  func integer(_ name: String) throws -> Int {
    guard case .scalar(let text)? = self[name] else {
      throw FixtureError("parameter \(name) is missing")
    }
    if let value = Int(text) { return value }
    if let value = Double(text), value == value.rounded() { return Int(value) }
    throw FixtureError("parameter \(name) = \(text) is not an integer")
  }

  /// The vector parameter `name`.
  func vector(_ name: String) throws -> [Double] {
    guard case .vector(let texts)? = self[name] else {
      throw FixtureError("parameter \(name) is missing")
    }
    return try Fixture.doubles(texts)
  }
}

/// Parses a fixture vector of counts ("3" or "3.0"), failing on any entry that
/// is not a whole number.
func counts(_ texts: [String]) throws -> [Int] {
  try Fixture.doubles(texts).map {
    guard let count = Int(exactly: $0) else { throw FixtureError("\($0) is not a count") }
    return count
  }
}

/// Whether `got` agrees with `expected` to `relative` (or exactly, for
/// infinities, NaN and zero), or within one unit of the smallest subnormal
/// (where a result's own precision is coarser than any relative bound).
func agrees(_ got: Double, _ expected: Double, relative: Double) -> Bool {
  isClose(got, expected, relative: relative, absolute: .leastNonzeroMagnitude)
}
