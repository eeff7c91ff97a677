import TestSupport
import Testing

@testable import ProbKitCore

/// Reference values from mpmath (Tests/Reference/generate_special_functions.py).
private struct SpecialFunctionReference: Decodable {
  struct Case: Decodable {
    let args: [String]
    let expected: [String]
    let atol: String?
  }
  let functions: [String: [Case]]

  static let shared = Result {
    try Fixture.load(SpecialFunctionReference.self, named: "special-functions.json", in: .module)
  }
}

/// The accuracy bound of issue #2: relative error at most 1e-14 against mpmath,
/// or absolute error at most the case's `atol` near a zero of the function.
private let relativeTolerance = 1e-14

/// Every function under test, by its fixture name, evaluated on parsed arguments.
private let functionsUnderTest: [String: @Sendable ([String]) throws -> [Double]] = [
  "gamma": { [SpecialFunctions.gamma(try double($0[0]))] },
  "logGamma": { [SpecialFunctions.logGamma(try double($0[0]))] },
  "digamma": { [SpecialFunctions.digamma(try double($0[0]))] },
  "trigamma": { [SpecialFunctions.trigamma(try double($0[0]))] },
  "polygamma": { [SpecialFunctions.polygamma(try integer($0[0]), try double($0[1]))] },
  "beta": { [SpecialFunctions.beta(try double($0[0]), try double($0[1]))] },
  "logBeta": { [SpecialFunctions.logBeta(try double($0[0]), try double($0[1]))] },
  "logFactorial": { [SpecialFunctions.logFactorial(try integer($0[0]))] },
  "logBinomialCoefficient": {
    [SpecialFunctions.logBinomialCoefficient(try integer($0[0]), try integer($0[1]))]
  },
  "logMultivariateBeta": { [SpecialFunctions.logMultivariateBeta(try $0.map(double))] },
  "logSumExp": { [SpecialFunctions.logSumExp(try $0.map(double))] },
  "logSumExp2": { [SpecialFunctions.logSumExp(try double($0[0]), try double($0[1]))] },
  "softmax": { SpecialFunctions.softmax(try $0.map(double)) },
  "logSoftmax": { SpecialFunctions.logSoftmax(try $0.map(double)) },
  "log1pExp": { [SpecialFunctions.log1pExp(try double($0[0]))] },
  "xlogy": { [SpecialFunctions.xlogy(try double($0[0]), try double($0[1]))] },
  "logit": { [SpecialFunctions.logit(try double($0[0]))] },
  "sigmoid": { [SpecialFunctions.sigmoid(try double($0[0]))] },
]

private func double(_ text: String) throws -> Double { try Fixture.double(text) }

private func integer(_ text: String) throws -> Int {
  guard let value = Int(text) else { throw FixtureError("\(text) is not an integer") }
  return value
}

struct SpecialFunctionFixtureTests {
  @Test(arguments: functionsUnderTest.keys.sorted())
  func matchesMpmath(_ name: String) throws {
    let cases = try #require(try SpecialFunctionReference.shared.get().functions[name])
    let function = try #require(functionsUnderTest[name])
    #expect(cases.count >= 20, "too few reference points for \(name)")
    var failures: [String] = []
    for referenceCase in cases {
      let got = try function(referenceCase.args)
      let expected = try referenceCase.expected.map(double)
      let absoluteTolerance = try referenceCase.atol.map(double) ?? 0
      guard got.count == expected.count else {
        failures.append(
          "\(name)\(referenceCase.args): \(got.count) values, expected \(expected.count)")
        continue
      }
      for (value, reference) in zip(got, expected) {
        if value == reference || (value.isNaN && reference.isNaN) { continue }
        let error = abs(value - reference)
        let relativeError = error / abs(reference)
        if relativeError <= relativeTolerance || error <= absoluteTolerance { continue }
        failures.append(
          "\(name)(\(referenceCase.args.joined(separator: ", "))) = \(value), "
            + "expected \(reference) (relative error \(relativeError))")
      }
    }
    #expect(
      failures.isEmpty,
      "\(failures.count) of \(cases.count) cases:\n\(failures.prefix(40).joined(separator: "\n"))")
  }

  @Test func everyFixtureFunctionIsTested() throws {
    let names = try SpecialFunctionReference.shared.get().functions.keys
    #expect(Set(names) == Set(functionsUnderTest.keys))
  }
}
