import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit sample SPEC -n N`: draws from any distribution.
  struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw seeded samples from a distribution.",
      discussion: """
        SPEC is a distribution written the way ProbKit prints it, for example \
        "Beta(alpha: 2.0, beta: 3.0)", "Gamma(shape: 2, rate: 0.5)", \
        "Dirichlet(alphas: [1, 2, 3])" or \
        "MultivariateNormal(mean: [0, 0], covariance: [[1, 0.5], [0.5, 2]])", so the \
        posterior printed by `probkit posterior` can be pasted here. Every \
        distribution in ProbKit is accepted. The same seed prints the same draws.

        Output: one draw per line (vectors as comma-separated values) with \
        --format csv, or one JSON array with --format json.

        Examples:
          probkit sample "Beta(alpha: 2, beta: 3)" -n 5 --seed 7
          probkit sample "Poisson(rate: 3.5)" -n 1000 --format json
          probkit sample "Dirichlet(alphas: [0.5, 0.5, 0.5])" -n 3
        """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
      case csv, json
    }

    @Argument(help: "The distribution, as ProbKit prints it.")
    var specification: String

    @Option(
      name: [.customShort("n"), .long], parsing: .unconditional, help: "How many draws (>= 0).")
    var count: Int = 10

    @Option(parsing: .unconditional, help: "The seed of the random source (0...4294967295).")
    var seed: UInt32 = 42

    @Option(help: "The output format: csv (one draw per line) or json.")
    var format: Format = .csv

    func validate() throws {
      guard count >= 0 else { throw ValidationError("-n must be >= 0, got \(count)") }
    }

    /// How many draws are made and written at a time: the memory `sample`
    /// needs is this many draws, whatever -n is.
    static let chunk = 4096

    func run() throws {
      let distribution: any Distribution
      do {
        distribution = try DistributionParser.parse(specification)
      } catch {
        throw CommandError(error, about: "bad distribution", .usage)
      }
      try write(distribution, RandomSource(seed: seed))
    }

    /// Draws `count` values in chunks of ``chunk``, writing each in turn.
    ///
    /// Each chunk is written before the next is drawn. Bulk draws continue the source's stream, so
    /// the draws are those of one `sample(count:using:)` call for every
    /// distribution (the categorical's alias table takes one uniform per
    /// draw too): the same seed gives the same output however it is split.
    private func write<D: Distribution>(_ distribution: D, _ source: RandomSource) throws {
      var remaining = count
      var first = true
      // JSON prints a vector distribution's draws as arrays unless they have
      // one value; decided by the first draw, as all have its shape.
      var scalar = true
      if format == .json { try Console.write("[") }
      while remaining > 0 {
        let size = min(remaining, Self.chunk)
        remaining -= size
        let draws = distribution.sample(count: size, using: source)
        var text = ""
        for draw in draws {
          let values = Self.text(draw, json: format == .json)
          switch format {
          case .csv:
            text += values.joined(separator: ",")
            text += "\n"
          case .json:
            if first { scalar = values.count == 1 }
            if !first { text += ", " }
            text += scalar ? values[0] : "[" + values.joined(separator: ", ") + "]"
          }
          first = false
        }
        try Console.write(text)
      }
      if format == .json { try Console.write("]\n") }
    }

    /// A draw's values as text: numbers in Swift's shortest round-trip form.
    ///
    /// A draw past the range of `Double` is ±inf; JSON has no such number,
    /// so there it is the string "inf" or "-inf" (as in every probkit JSON
    /// output, see ``JSONOutput``).
    private static func text(_ value: Any, json: Bool) -> [String] {
      func number(_ x: Double) -> String {
        json && !x.isFinite ? "\"\(x)\"" : x.description
      }
      switch value {
      case let x as Double: return [number(x)]
      case let x as Int: return [x.description]
      case let vector as [Double]: return vector.map(number)
      case let vector as [Int]: return vector.map(\.description)
      default: return ["\(value)"]
      }
    }
  }
}
