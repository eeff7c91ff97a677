import ArgumentParser
import ProbKit

/// The `probkit` command-line tool.
@main
struct ProbKitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "probkit",
    abstract: "Probabilistic modelling on Linux, built on the GNU Scientific Library.",
    discussion: """
      Examples:
        probkit demo
        probkit fit iris.csv --target species --save model.json
        probkit predict --model model.json iris.csv
        probkit compare iris.csv --target species
        probkit posterior --prior "Beta(alpha: 1, beta: 1)" --likelihood bernoulli 1,0,1,1
        probkit sample "Gamma(shape: 2, rate: 0.5)" -n 5 --seed 7

      See 'probkit help <command>' for each command's options and examples.
      """,
    version: ProbKitVersion.current,
    subcommands: [
      Demo.self, FitCommand.self, PredictCommand.self, CompareCommand.self, Posterior.self,
      Sample.self,
    ],
    defaultSubcommand: Demo.self
  )
}
