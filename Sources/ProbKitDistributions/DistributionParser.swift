/// Reads a distribution back from the form it prints itself in.
///
/// Every distribution's `description` is its initializer call, for example
/// `Beta(alpha: 2.0, beta: 3.0)`; ``parse(_:)`` turns that text into the
/// distribution again, so what one tool prints another can read (the
/// `probkit` command line's `posterior` output pasted into `sample`).
///
/// ```swift
/// let prior = try DistributionParser.parse("Beta(alpha: 2, beta: 3)")
/// prior.description         // "Beta(alpha: 2.0, beta: 3.0)"
/// prior as? Beta            // Optional(Beta(alpha: 2.0, beta: 3.0)): cast to use it
/// let same = try DistributionParser.parse(prior.description) as? Beta
/// same == prior as? Beta    // true: printing and parsing round-trip
/// ```
///
/// The grammar: `Name(label: value, ...)`, where a value is a number or a
/// bracketed list of values (`[1, 2, 3]`, `[[2, 0.3], [0.3, 1]]`), nested at
/// most ``maximumNesting`` deep; spaces anywhere between tokens. `Gamma` also
/// accepts `scale:` instead of `rate:`.
public enum DistributionParser {
  /// How deeply lists may nest: two, a matrix (no distribution takes more).
  ///
  /// Deeper text is refused with a ``DistributionParseError`` before it is
  /// read further, so hostile input cannot exhaust the stack.
  ///
  /// ```swift
  /// DistributionParser.maximumNesting  // 2
  /// ```
  public static let maximumNesting = 2

  /// The distribution `text` describes.
  ///
  /// The result is an existential; cast it (`as? Gamma`) to the type you
  /// expect, or use it through ``Distribution``'s requirements.
  ///
  /// ```swift
  /// let gamma = try DistributionParser.parse("Gamma(shape: 2, scale: 0.5)")
  /// gamma                   // Gamma(shape: 2.0, rate: 2.0)
  /// try DistributionParser.parse("Categorical(probabilities: [0.2, 0.8])")
  /// do {
  ///   _ = try DistributionParser.parse("Beta(alpha: 2)")
  /// } catch {
  ///   print(error)  // Beta: missing parameter beta
  /// }
  /// ```
  ///
  /// - Parameter text: A distribution's initializer call, as its
  ///   `description` prints it.
  /// - Returns: The distribution, validated by its initializer.
  /// - Throws: ``DistributionParseError`` for text that does not follow the
  ///   grammar, an unknown distribution, missing or unexpected parameters, or
  ///   parameters the distribution's initializer rejects.
  public static func parse(_ text: String) throws(DistributionParseError) -> any Distribution {
    var scanner = Scanner(Array(text.unicodeScalars))
    let name = try scanner.identifier()
    try scanner.expect("(")
    var arguments: [String: Value] = [:]
    var order: [String] = []
    if !scanner.consume(")") {
      repeat {
        let label = try scanner.identifier()
        try scanner.expect(":")
        guard arguments[label] == nil else {
          throw DistributionParseError("\(name): parameter \(label) given twice")
        }
        arguments[label] = try scanner.value(depth: 0)
        order.append(label)
      } while scanner.consume(",")
      try scanner.expect(")")
    }
    guard scanner.atEnd else {
      throw DistributionParseError("unexpected text after \(name)(...) at offset \(scanner.offset)")
    }
    return try build(name, Arguments(name: name, values: arguments, order: order))
  }

  /// A parsed value: a number or a list.
  enum Value {
    case number(Double)
    case list([Value])
  }

  /// The arguments of one call, consumed by label.
  struct Arguments {
    let name: String
    var values: [String: Value]
    let order: [String]

    mutating func take(_ label: String) throws(DistributionParseError) -> Value {
      guard let value = values.removeValue(forKey: label) else {
        throw DistributionParseError("\(name): missing parameter \(label)")
      }
      return value
    }

    mutating func number(_ label: String) throws(DistributionParseError) -> Double {
      guard case .number(let value) = try take(label) else {
        throw DistributionParseError("\(name): \(label) must be a number")
      }
      return value
    }

    mutating func integer(_ label: String) throws(DistributionParseError) -> Int {
      let value = try number(label)
      guard let integer = Int(exactly: value) else {
        throw DistributionParseError("\(name): \(label) must be a whole number, got \(value)")
      }
      return integer
    }

    mutating func vector(_ label: String) throws(DistributionParseError) -> [Double] {
      guard case .list(let items) = try take(label) else {
        throw DistributionParseError("\(name): \(label) must be a list of numbers")
      }
      var result: [Double] = []
      for item in items {
        guard case .number(let value) = item else {
          throw DistributionParseError("\(name): \(label) must be a list of numbers")
        }
        result.append(value)
      }
      return result
    }

    mutating func matrix(_ label: String) throws(DistributionParseError) -> [[Double]] {
      guard case .list(let rows) = try take(label) else {
        throw DistributionParseError("\(name): \(label) must be a list of lists of numbers")
      }
      var result: [[Double]] = []
      for row in rows {
        guard case .list(let items) = row else {
          throw DistributionParseError("\(name): \(label) must be a list of lists of numbers")
        }
        var numbers: [Double] = []
        for item in items {
          guard case .number(let value) = item else {
            throw DistributionParseError("\(name): \(label) must be a list of lists of numbers")
          }
          numbers.append(value)
        }
        result.append(numbers)
      }
      return result
    }

    /// Fails if any argument was not consumed.
    func finish() throws(DistributionParseError) {
      if let extra = order.first(where: { values[$0] != nil }) {
        throw DistributionParseError("\(name): unexpected parameter \(extra)")
      }
    }
  }

  /// The distribution for `name`, built from `arguments` by its validating
  /// initializer.
  static func build(_ name: String, _ arguments: Arguments) throws(DistributionParseError)
    -> any Distribution
  {
    var a = arguments
    let result: any Distribution
    do {
      switch name {
      case "Normal":
        result = try Normal(
          mean: a.number("mean"), standardDeviation: a.number("standardDeviation"))
      case "Beta": result = try Beta(alpha: a.number("alpha"), beta: a.number("beta"))
      case "Gamma":
        let shape = try a.number("shape")
        if a.values["scale"] != nil {
          result = try Gamma(shape: shape, scale: a.number("scale"))
        } else {
          result = try Gamma(shape: shape, rate: a.number("rate"))
        }
      case "InverseGamma":
        result = try InverseGamma(shape: a.number("shape"), scale: a.number("scale"))
      case "Exponential": result = try Exponential(rate: a.number("rate"))
      case "ChiSquared": result = try ChiSquared(degreesOfFreedom: a.number("degreesOfFreedom"))
      case "StudentT":
        result = try StudentT(
          degreesOfFreedom: a.number("degreesOfFreedom"), location: a.number("location"),
          scale: a.number("scale"))
      case "Lomax": result = try Lomax(shape: a.number("shape"), scale: a.number("scale"))
      case "Bernoulli": result = try Bernoulli(probability: a.number("probability"))
      case "Binomial":
        result = try Binomial(trials: a.integer("trials"), probability: a.number("probability"))
      case "Categorical": result = try Categorical(probabilities: a.vector("probabilities"))
      case "Poisson": result = try Poisson(rate: a.number("rate"))
      case "Geometric": result = try Geometric(probability: a.number("probability"))
      case "NegativeBinomial":
        result = try NegativeBinomial(
          successes: a.number("successes"), probability: a.number("probability"))
      case "BetaBinomial":
        result = try BetaBinomial(
          trials: a.integer("trials"), alpha: a.number("alpha"), beta: a.number("beta"))
      case "Multinomial":
        result = try Multinomial(
          trials: a.integer("trials"), probabilities: a.vector("probabilities"))
      case "DirichletMultinomial":
        result = try DirichletMultinomial(trials: a.integer("trials"), alphas: a.vector("alphas"))
      case "Dirichlet": result = try Dirichlet(alphas: a.vector("alphas"))
      case "MultivariateNormal":
        result = try MultivariateNormal(mean: a.vector("mean"), covariance: a.matrix("covariance"))
      case "NormalGamma":
        result = try NormalGamma(
          mean: a.number("mean"), precisionScale: a.number("precisionScale"),
          shape: a.number("shape"), rate: a.number("rate"))
      default:
        throw DistributionParseError("unknown distribution \(name)")
      }
    } catch let error as DistributionParseError {
      throw error
    } catch let error as DistributionError {
      throw DistributionParseError(error.description)
    } catch {
      throw DistributionParseError("\(name): \(error)")
    }
    try a.finish()
    return result
  }

  /// A cursor over the text's Unicode scalars.
  struct Scanner {
    let scalars: [Unicode.Scalar]
    var offset = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool {
      var probe = self
      probe.skipSpaces()
      return probe.offset == scalars.count
    }

    mutating func skipSpaces() {
      while offset < scalars.count, scalars[offset].properties.isWhitespace { offset += 1 }
    }

    mutating func consume(_ symbol: Unicode.Scalar) -> Bool {
      skipSpaces()
      guard offset < scalars.count, scalars[offset] == symbol else { return false }
      offset += 1
      return true
    }

    mutating func expect(_ symbol: Unicode.Scalar) throws(DistributionParseError) {
      guard consume(symbol) else {
        throw DistributionParseError("expected \"\(symbol)\" at offset \(offset)")
      }
    }

    mutating func identifier() throws(DistributionParseError) -> String {
      skipSpaces()
      let start = offset
      while offset < scalars.count,
        scalars[offset].properties.isAlphabetic || ("0"..."9").contains(scalars[offset])
      {
        offset += 1
      }
      guard offset > start else {
        throw DistributionParseError("expected a name at offset \(offset)")
      }
      return String(String.UnicodeScalarView(scalars[start..<offset]))
    }

    /// A number or a list, inside `depth` enclosing lists.
    mutating func value(depth: Int) throws(DistributionParseError) -> Value {
      if consume("[") {
        guard depth < DistributionParser.maximumNesting else {
          throw DistributionParseError(
            "lists nest at most \(DistributionParser.maximumNesting) deep, at offset \(offset - 1)")
        }
        var items: [Value] = []
        if consume("]") { return .list(items) }
        repeat { items.append(try value(depth: depth + 1)) } while consume(",")
        try expect("]")
        return .list(items)
      }
      skipSpaces()
      let start = offset
      while offset < scalars.count,
        "0123456789+-.eEinfatyINFATY".unicodeScalars.contains(scalars[offset])
      {
        offset += 1
      }
      let text = String(String.UnicodeScalarView(scalars[start..<offset]))
      guard !text.isEmpty, let number = Double(text) else {
        throw DistributionParseError("expected a number at offset \(start), got \"\(text)\"")
      }
      return .number(number)
    }
  }
}

/// Why a distribution's text could not be read: the message says what and
/// where.
///
/// Parameters that the distribution's initializer rejects are reported with
/// the ``DistributionError`` message.
///
/// ```swift
/// do {
///   _ = try DistributionParser.parse("Beta(alpha: -1, beta: 2)")
/// } catch {
///   print(error.message)  // Beta: alpha must be finite and > 0, got -1
/// }
/// do {
///   _ = try DistributionParser.parse("Weibull(shape: 2)")
/// } catch {
///   print(error)          // unknown distribution Weibull
/// }
/// ```
public struct DistributionParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A one-line description of the problem.
  ///
  /// ```swift
  /// do {
  ///   _ = try DistributionParser.parse("Poisson(rate: 2")
  /// } catch {
  ///   print(error.message)  // expected ")" at offset 15
  /// }
  /// ```
  public let message: String

  /// An error with the given message.
  ///
  /// ```swift
  /// let error = DistributionParseError("unknown distribution Weibull")
  /// error.message  // "unknown distribution Weibull"
  /// ```
  ///
  /// - Parameter message: What went wrong, and where.
  public init(_ message: String) { self.message = message }

  /// The message.
  ///
  /// ```swift
  /// let error = DistributionParseError("unknown distribution Weibull")
  /// error.description  // "unknown distribution Weibull": the message itself
  /// ```
  public var description: String { message }
}
