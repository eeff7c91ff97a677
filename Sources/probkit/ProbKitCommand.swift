import ArgumentParser
import Foundation
import ProbKit

/// The `probkit` command-line tool.
@main
struct ProbKitCommand: AsyncParsableCommand {
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

      Exit status: 0 success, 64 usage (a bad option or distribution), 65 bad \
      data, 66 an input file missing or unreadable, 70 an internal error, 73 an \
      output file that cannot be created, 74 a failed write. When standard output \
      is a pipe that closes early (`probkit sample ... | head -1`), probkit stops \
      quietly with status 141, as a command SIGPIPE ends would. Errors are one \
      line on standard error.

      See 'probkit help <command>' for each command's options and examples.
      """,
    version: ProbKitVersion.current,
    subcommands: [
      Demo.self, FitCommand.self, PredictCommand.self, CompareCommand.self, Posterior.self,
      Sample.self,
    ],
    defaultSubcommand: Demo.self
  )

  /// Parses the arguments, runs the command and exits with its
  /// ``ExitStatus``; every write is checked (see ``Console``).
  static func main() async {
    Console.prepare()
    let status = Console.exitStatus(await run(Array(CommandLine.arguments.dropFirst())))
    Foundation.exit(status.rawValue)
  }

  private static func run(_ arguments: [String]) async -> ExitStatus {
    do {
      var command = try parseAsRoot(arguments)
      if var asynchronous = command as? AsyncParsableCommand {
        try await asynchronous.run()
      } else {
        try command.run()
      }
      return .success
    } catch let error as CommandError {
      Console.error(error.message)
      return error.status
    } catch let failure as OutputFailure {
      return Console.report(failure)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        // --help, --version: the text is the output.
        do {
          try Console.print(fullMessage(for: error))
        } catch {
          return Console.report(error)
        }
        return .success
      }
      if code.rawValue == ExitStatus.usage.rawValue {
        // One line: the problem, and where the usage is.
        let names = configuration.subcommands.map { $0._commandName }
        let command = arguments.first { names.contains($0) }.map { "probkit help \($0)" }
        var message = message(for: error)
        // Argument-parser lists many allowed values one per line; one line
        // reads better, and errors are one line.
        let list = "Please provide one of the following:\n"
        if let start = message.range(of: list) {
          let values = message[start.upperBound...].split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "")
          }
          message =
            String(message[..<start.lowerBound]) + "Please provide one of: "
            + values.joined(separator: ", ") + "."
        }
        Console.error(
          (message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message)
            + " (see '\(command ?? "probkit help")')")
      } else {
        let text = fullMessage(for: error)
        if !text.isEmpty { Console.writeError(text + "\n") }
      }
      return ExitStatus(rawValue: code.rawValue) ?? .failure
    }
  }
}
