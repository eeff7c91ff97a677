import Foundation
import TestSupport
import Testing

/// `probkit sample`, run as a process: output, reproducibility, exit codes.
@Suite struct SampleCommandTests {
  /// The built `probkit` next to the test binary.
  static var executable: URL { CLI.executable }

  static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let result = try CLI.run(arguments)
    return (result.status, result.output, result.error)
  }

  @Test func theExecutableIsBuiltBesideTheTests() {
    #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path))
  }

  @Test func aSeedGivesTheSameDrawsAndCSVHasOneDrawPerLine() throws {
    let first = try Self.run(["sample", "Gamma(shape: 2, rate: 0.5)", "-n", "5", "--seed", "3"])
    let second = try Self.run(["sample", "Gamma(shape: 2, rate: 0.5)", "-n", "5", "--seed", "3"])
    #expect(first.status == 0 && first.output == second.output)
    let lines = first.output.split(separator: "\n")
    #expect(lines.count == 5 && lines.allSatisfy { Double($0).map { $0 > 0 } ?? false })
    let other = try Self.run(["sample", "Gamma(shape: 2, rate: 0.5)", "-n", "5", "--seed", "4"])
    #expect(other.output != first.output)
  }

  @Test func vectorsPrintAsRowsAndJSON() throws {
    let csv = try Self.run(["sample", "Dirichlet(alphas: [1, 2, 3])", "-n", "2"])
    let rows = csv.output.split(separator: "\n").map {
      $0.split(separator: ",").compactMap { Double($0) }
    }
    #expect(
      rows.count == 2
        && rows.allSatisfy { $0.count == 3 && isClose($0.reduce(0, +), 1, absolute: 1e-12) })
    let json = try Self.run(["sample", "Poisson(rate: 3.5)", "-n", "4", "--format", "json"])
    let decoded = try JSONDecoder().decode([Int].self, from: Data(json.output.utf8))
    #expect(decoded.count == 4)
  }

  @Test func aBadSpecificationIsAUsageError() throws {
    let result = try Self.run(["sample", "Beta(alpha: -1, beta: 3)"])
    #expect(result.status == 64)
    #expect(result.error.contains("Beta: alpha must be finite and > 0, got -1"))
    #expect(result.error.split(separator: "\n").count == 1)
    #expect(result.output.isEmpty)
  }
}

/// `probkit sample` draws from every family in the shared catalog.
@Suite struct SampleEveryFamilyTests {
  @Test(arguments: DistributionCatalog.examples)
  func everyFamilySamples(_ text: String) throws {
    let result = try SampleCommandTests.run(["sample", text, "-n", "3", "--seed", "1"])
    #expect(result.status == 0, "\(text): \(result.error)")
    #expect(result.output.split(separator: "\n").count == 3, "\(text)")
  }
}

/// `probkit demo` runs on the bundled data.
@Suite struct DemoCommandTests {
  @Test func theDemoRunsOnTheBundledIrisData() throws {
    let result = try SampleCommandTests.run(["demo", "--draws", "1000"])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("Softmax regression on Fisher's iris"))
    #expect(result.output.contains("105 training and 45 test rows"))
    #expect(result.output.contains("MAP, sigma = 1.0"))
    // The iris classes are separable (setosa), so the MLE is reported as not existing;
    // on versicolor against virginica MLE and MAP are fitted side by side.
    #expect(result.output.contains("MLE: SoftmaxRegression: the classes are"))
    #expect(result.output.contains("versicolor vs virginica"))
    #expect(result.output.contains("  MLE               | "))
  }
}
