import ArgumentParser
import ProbKit

/// The `probkit` command-line tool.
@main
struct ProbKitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "probkit",
    abstract: "Probabilistic modelling on Linux, built on the GNU Scientific Library.",
    version: ProbKitVersion.current,
    subcommands: [
      Demo.self, FitCommand.self, PredictCommand.self, CompareCommand.self, Posterior.self,
      Sample.self,
    ],
    defaultSubcommand: Demo.self
  )
}
