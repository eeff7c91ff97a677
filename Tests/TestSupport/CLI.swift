import Foundation
import Testing

/// Runs the built `probkit` as a process, with its standard streams as a
/// test needs them (the executable is built beside the test binary).
public enum CLI {
  /// Where the process's standard output goes.
  public enum Output {
    /// A pipe the test reads to the end.
    case pipe
    /// `/dev/full`: every write fails with ENOSPC.
    case full
    /// A pipe whose read end is closed before the process starts: every
    /// write fails with EPIPE.
    case closedPipe
  }

  /// What a run gave.
  public struct Result {
    public let status: Int32
    /// `true` if the process exited (rather than being killed by a signal).
    public let exited: Bool
    public let output: String
    public let error: String
  }

  /// The built `probkit` next to the test binary.
  public static var executable: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("probkit")
  }

  /// Runs probkit with `arguments`.
  public static func run(
    _ arguments: [String], output: Output = .pipe, errorToFull: Bool = false, input: Data? = nil
  ) throws -> Result {
    try launch(executable, arguments, output: output, errorToFull: errorToFull, input: input)
  }

  /// Runs `script` with `sh -c`, `$PROBKIT` naming the executable (for
  /// closed descriptors and resource limits, which only a shell sets up).
  public static func shell(_ script: String) throws -> Result {
    try launch(
      URL(fileURLWithPath: "/bin/sh"), ["-c", script], output: .pipe, errorToFull: false,
      input: nil, environment: ["PROBKIT": executable.path])
  }

  private static func launch(
    _ program: URL, _ arguments: [String], output: Output, errorToFull: Bool, input: Data?,
    environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let outputPipe = Pipe()
    let errorPipe = Pipe()
    var handles: [FileHandle] = []
    switch output {
    case .pipe:
      process.standardOutput = outputPipe
    case .full:
      let handle = try #require(FileHandle(forWritingAtPath: "/dev/full"))
      handles.append(handle)
      process.standardOutput = handle
    case .closedPipe:
      try outputPipe.fileHandleForReading.close()
      process.standardOutput = outputPipe
    }
    if errorToFull {
      let handle = try #require(FileHandle(forWritingAtPath: "/dev/full"))
      handles.append(handle)
      process.standardError = handle
    } else {
      process.standardError = errorPipe
    }
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    if let input {
      try inputPipe.fileHandleForWriting.write(contentsOf: input)
      try inputPipe.fileHandleForWriting.close()
    }
    if output == .closedPipe { try outputPipe.fileHandleForWriting.close() }
    let out =
      output == .pipe ? outputPipe.fileHandleForReading.readDataToEndOfFile() : Data()
    let err = errorToFull ? Data() : errorPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    for handle in handles { try handle.close() }
    return Result(
      status: process.terminationStatus, exited: process.terminationReason == .exit,
      output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
  }

  /// A fresh scratch directory for one test.
  public static func scratchDirectory(_ name: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("probkit-bad-input-\(ProcessInfo.processInfo.processIdentifier)")
      .appendingPathComponent(name)
    try? FileManager.default.removeItem(at: directory)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  /// Writes `bytes` to `name` in `directory` and returns its path.
  @discardableResult
  public static func file(_ directory: URL, _ name: String, _ bytes: [UInt8]) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  /// Writes `text` (UTF-8) to `name` in `directory` and returns its path.
  @discardableResult
  public static func file(_ directory: URL, _ name: String, _ text: String) throws -> String {
    try file(directory, name, Array(text.utf8))
  }

  /// An independent RFC 4180 reader for checking output: records of fields.
  public static func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    while let c = scalars.popFirst() {
      if quoted {
        if c == "\"" {
          if scalars.first == "\"" {
            field.unicodeScalars.append("\"")
            scalars.removeFirst()
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        record.append(field)
        field = ""
      } else if c == "\n" {
        record.append(field)
        records.append(record)
        record = []
        field = ""
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !field.isEmpty || !record.isEmpty {
      record.append(field)
      records.append(record)
    }
    return records
  }
}
