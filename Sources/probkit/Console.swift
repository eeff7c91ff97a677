import ArgumentParser
import Foundation
import Synchronization

/// The exit statuses `probkit` uses, after BSD's `sysexits.h`: one place,
/// so that every command means the same thing by the same number.
enum ExitStatus: Int32, Sendable {
  /// Success.
  case success = 0
  /// A general failure (what `ExitCode.failure` means).
  case failure = 1
  /// The command was used wrongly: a bad option, argument or distribution.
  case usage = 64
  /// The input data were wrong: a malformed CSV, model file or observation.
  case dataError = 65
  /// An input file does not exist or cannot be read.
  case noInput = 66
  /// An internal error: a result the library should never give.
  case software = 70
  /// An output file cannot be created.
  case cannotCreate = 73
  /// Writing failed (a full disk, a closed standard output).
  case ioError = 74
  /// Standard output is a pipe whose reader has gone (`probkit sample ... | head -1`):
  /// 128 + SIGPIPE, what the shell reports for a command a closed pipe
  /// killed, but reached quietly by an ordinary exit.
  case closedPipe = 141
}

/// An error a command reports as one line on standard error, with its exit
/// status.
struct CommandError: Error, CustomStringConvertible {
  let message: String
  let status: ExitStatus

  init(_ message: String, _ status: ExitStatus) {
    self.message = message
    self.status = status
  }

  var description: String { message }
}

/// A failed write to standard output.
enum OutputFailure: Error {
  /// The reader of the pipe has gone (EPIPE).
  case closedPipe
  /// Any other write error, with its `errno`.
  case failed(Int32)
}

/// Every byte `probkit` writes to standard output and standard error goes
/// through here, unbuffered (`write(2)`), with every write checked.
///
/// - A failed write to standard output throws ``OutputFailure``: the command
///   stops, and ``ProbKitCommand/main()`` exits with ``ExitStatus/ioError``
///   (74) after one line on standard error, or quietly with
///   ``ExitStatus/closedPipe`` (141) when the reader of a pipe has gone
///   (`| head -1`). SIGPIPE is ignored so that a closed pipe is an error the
///   writer sees, not a signal: the command ends through its ordinary path.
/// - A failed write to standard error cannot be reported anywhere; it is
///   remembered, and a command that otherwise succeeded exits with
///   ``ExitStatus/ioError``. A command that failed exits with its own
///   (non-zero) status either way.
/// - Nothing is ever lost silently: no command exits 0 unless everything it
///   wrote was written.
enum Console {
  /// Set when a write to standard error failed.
  private static let standardErrorFailed = Atomic<Bool>(false)

  /// Makes the standard streams safe to use; call first thing.
  ///
  /// A closed descriptor 0, 1 or 2 (`probkit ... >&-`) would otherwise be
  /// reused by the next file opened, and the command's output would go into
  /// its input or its model file. Each closed one is taken by `/dev/null`
  /// opened for the other direction, so that using it fails (EBADF) and
  /// the failure is reported.
  static func prepare() {
    signal(SIGPIPE, SIG_IGN)
    // A file-size limit (ulimit -f) then fails the write (EFBIG), which is
    // reported, instead of killing the process mid-file.
    signal(SIGXFSZ, SIG_IGN)
    for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
      // open returns the lowest free descriptor: this one.
      _ = open("/dev/null", descriptor == 0 ? O_WRONLY : O_RDONLY)
    }
  }

  /// Writes `text` to standard output.
  ///
  /// - Throws: ``OutputFailure`` if the write fails.
  static func write(_ text: String) throws(OutputFailure) {
    var text = text
    let result = text.withUTF8 { writeAll(STDOUT_FILENO, $0) }
    if result == 0 { return }
    throw result == EPIPE ? .closedPipe : .failed(result)
  }

  /// Writes `line` and a new line to standard output.
  ///
  /// - Throws: ``OutputFailure`` if the write fails.
  static func print(_ line: String = "") throws(OutputFailure) {
    try write(line + "\n")
  }

  /// Writes `text` to standard error; a failure is remembered (see
  /// ``exitStatus(_:)``).
  static func writeError(_ text: String) {
    var text = text
    if text.withUTF8({ writeAll(STDERR_FILENO, $0) }) != 0 {
      standardErrorFailed.store(true, ordering: .relaxed)
    }
  }

  /// Writes "Error: `message`" as one line to standard error.
  ///
  /// Line breaks and other control characters in the message (from a
  /// value or a library's text) are escaped as in a Swift string literal,
  /// so the error stays one line and cannot drive the terminal.
  static func error(_ message: String) {
    var line = ""
    for scalar in message.unicodeScalars {
      if scalar.properties.generalCategory == .control && scalar != "\t" {
        line += scalar.escaped(asASCII: false)
      } else {
        line.unicodeScalars.append(scalar)
      }
    }
    writeError("Error: \(line)\n")
  }

  /// The status to exit with for a command that ended with `status`:
  /// ``ExitStatus/ioError`` instead of success if a write to standard error
  /// failed.
  static func exitStatus(_ status: ExitStatus) -> ExitStatus {
    status == .success && standardErrorFailed.load(ordering: .relaxed) ? .ioError : status
  }

  /// Reports a failed write to standard output and returns the status to
  /// exit with.
  static func report(_ failure: OutputFailure) -> ExitStatus {
    switch failure {
    case .closedPipe:
      return .closedPipe
    case .failed(let code):
      error("cannot write to standard output: \(String(cString: strerror(code)))")
      return .ioError
    }
  }

  /// Writes every byte of `bytes` to `descriptor`; 0 or the `errno` of the
  /// failure.
  private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    guard var pointer = bytes.baseAddress else { return 0 }
    var remaining = bytes.count
    while remaining > 0 {
      let written = Foundation.write(descriptor, pointer, remaining)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      if written == 0 { return EIO }
      pointer += written
      remaining -= written
    }
    return 0
  }
}

/// JSON output: one encoder for every command, so that values JSON cannot
/// hold are written the same way everywhere: ±∞ and NaN as the strings
/// "inf", "-inf" and "nan" (how the tables print them), never an
/// `EncodingError`.
enum JSONOutput {
  static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
      throw CommandError("cannot encode the result as JSON: \(error)", .software)
    }
  }
}

/// `text` quoted for a one-line message, as Swift writes a string literal:
/// quotes, backslashes, line breaks and other control characters escaped
/// (`"a\nb"`), so a hostile value cannot break the line or the terminal.
func quoted(_ text: some StringProtocol) -> String {
  String(text).debugDescription
}
