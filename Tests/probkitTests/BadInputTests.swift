import Foundation
import ProbKit
import TestSupport
import Testing

/// The command line against hostile input, by category.
///
/// Files, encodings, quoting, sizes, write failures, extreme numbers. Each test checks the
/// exit status and the one-line error (or a stable part of it); none may
/// trap, hang or exit 0 having lost output.
@Suite struct BadInputTests {
  /// A small, overlapping three-class table (the MLE exists).
  static let table = FitPredictCommandTests.table + "\n"

  /// `result` failed with `status` and one line on standard error holding
  /// `message`, and wrote nothing to standard output.
  static func expectError(
    _ result: CLI.Result, _ status: Int32, _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(result.exited, "killed by a signal", sourceLocation: sourceLocation)
    #expect(result.status == status, "\(result.error)", sourceLocation: sourceLocation)
    #expect(
      result.error.hasPrefix("Error: ") && result.error.contains(message),
      "\(result.error)", sourceLocation: sourceLocation)
    #expect(
      result.error.split(separator: "\n").count == 1, "\(result.error)",
      sourceLocation: sourceLocation)
    #expect(result.output.isEmpty, sourceLocation: sourceLocation)
  }

  /// Fits `csv` (label column "label") and returns the result.
  static func fit(_ csv: String, _ extra: [String] = []) throws -> CLI.Result {
    try CLI.run(["fit", csv, "--target", "label"] + extra)
  }

  // MARK: - Files

  @Test func missingUnreadableDirectoryAndEmptyDataFiles() throws {
    let directory = try CLI.scratchDirectory("files")
    let data = try CLI.file(directory, "data.csv", Self.table)
    Self.expectError(try Self.fit(directory.path + "/none.csv"), 66, "no such file: ")
    Self.expectError(try Self.fit(directory.path), 66, "is a directory, not a file")
    // A path through a regular file cannot be opened (ENOTDIR): unreadable.
    Self.expectError(try Self.fit(data + "/x.csv"), 66, "cannot read \(data)/x.csv: ")
    Self.expectError(try Self.fit("/dev/null"), 65, "/dev/null is empty")
    let header = try CLI.file(directory, "header.csv", "x1,x2,label\n")
    Self.expectError(try Self.fit(header), 65, "header.csv has no data rows")
    Self.expectError(
      try CLI.run(["predict", "--model", "/dev/null", data]), 65, "/dev/null is empty")
    Self.expectError(
      try CLI.run(["predict", "--model", directory.path, data]), 66, "is a directory")
    Self.expectError(
      try CLI.run(["predict", "--model", directory.path + "/none.json", data]), 66,
      "no such file: ")
  }

  /// A saved model, as JSON to edit.
  static func savedModel(_ directory: URL) throws -> (data: String, model: [String: Any]) {
    let data = try CLI.file(directory, "data.csv", Self.table)
    let path = directory.appendingPathComponent("model.json").path
    let fit = try Self.fit(data, ["--save", path])
    #expect(fit.status == 0, "\(fit.error)")
    let object = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: path)))
    return (data, try #require(object as? [String: Any]))
  }

  @Test func modelFilesAreCheckedFully() throws {
    let directory = try CLI.scratchDirectory("models")
    let (data, model) = try Self.savedModel(directory)
    func predict(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> CLI.Result {
      var copy = model
      edit(&copy)
      let bytes = try JSONSerialization.data(withJSONObject: copy)
      let path = try CLI.file(directory, name, [UInt8](bytes))
      return try CLI.run(["predict", "--model", path, data])
    }
    Self.expectError(
      try predict("duplicate-classes.json") { $0["classes"] = ["a", "a", "b"] }, 65,
      "is corrupted: the class \"a\" appears twice in classes")
    Self.expectError(
      try predict("duplicate-features.json") { $0["featureNames"] = ["x1", "x1"] }, 65,
      "is corrupted: the feature \"x1\" appears twice in featureNames")
    Self.expectError(
      try predict("two-classes.json") { $0["classes"] = ["a", "b"] }, 65,
      "is corrupted: 2 classes but the model has 3 rows of coefficients")
    Self.expectError(
      try predict("three-features.json") { $0["featureNames"] = ["x1", "x2", "x3"] }, 65,
      "is corrupted: 3 feature names but the model has 2 weights per class")
    Self.expectError(
      try predict("ragged.json") {
        var inner = $0["model"] as! [String: Any]
        var rows = inner["coefficients"] as! [[Double]]
        rows[1].append(1)
        inner["coefficients"] = rows
        $0["model"] = inner
      }, 65, "is corrupted: SoftmaxRegression: coefficients[1]")
    Self.expectError(
      try predict("missing.json") {
        var inner = $0["model"] as! [String: Any]
        inner["intercepts"] = nil
        $0["model"] = inner
      }, 65, "is corrupted: the field model.intercepts is missing")
    Self.expectError(
      try predict("label-type.json") { $0["classes"] = ["a", 1, "c"] }, 65,
      "is corrupted: classes[1] is not text")
    Self.expectError(
      try predict("v1.5.json") { $0["version"] = 1.5 }, 65,
      "unsupported model version 1.5 (this probkit reads version 1)")
    Self.expectError(
      try predict("v2.json") { $0["version"] = 2 }, 65,
      "unsupported model version 2 (this probkit reads version 1)")
    Self.expectError(
      try predict("no-version.json") { $0["version"] = nil }, 65, "has no version number")
    Self.expectError(
      try predict("format.json") { $0["format"] = "other" }, 65,
      "is not a probkit model file (format: \"other\"; this probkit reads probkit-glm and "
        + "probkit-softmax-regression)")
    let huge = try CLI.file(
      directory, "huge.json",
      try String(
        contentsOfFile: directory.appendingPathComponent("model.json").path, encoding: .utf8
      )
      .replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 1e999"))
    Self.expectError(
      try CLI.run(["predict", "--model", huge, data]), 65,
      "not valid JSON: Number 1e999 is not representable")
    let array = try CLI.file(directory, "array.json", "[1, 2]")
    Self.expectError(
      try CLI.run(["predict", "--model", array, data]), 65,
      "is not a model file (not a JSON object)")
  }

  @Test func aFailedSaveLeavesThePreviousModelIntact() throws {
    let directory = try CLI.scratchDirectory("save")
    let data = try CLI.file(directory, "data.csv", Self.table)
    let path = directory.appendingPathComponent("model.json").path
    #expect(try Self.fit(data, ["--save", path]).status == 0)
    let good = try Data(contentsOf: URL(fileURLWithPath: path))
    // A file-size limit of 0 makes the write itself fail (EFBIG).
    let limited = try CLI.shell(
      "trap '' XFSZ; ulimit -f 0; exec \"$PROBKIT\" fit '\(data)' --target label "
        + "--estimator map --prior-sd 0.5 --save '\(path)'")
    Self.expectError(limited, 74, "cannot write \(path): File too large")
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
    // No temporary file is left behind.
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(names.sorted() == ["data.csv", "model.json"])
    Self.expectError(
      try Self.fit(data, ["--save", directory.path + "/none/model.json"]), 73,
      "cannot write \(directory.path)/none/model.json: No such file or directory")
    Self.expectError(
      try Self.fit(data, ["--save", directory.path]), 73,
      "cannot write \(directory.path): it is a directory")
    // A new save replaces the file whole and predicts.
    #expect(try Self.fit(data, ["--save", path, "--prior-sd", "0.5"]).status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != good)
    #expect(try CLI.run(["predict", "--model", path, data]).status == 0)
  }

  // MARK: - Encodings

  @Test func bytesThatAreNotUTF8TextAreRefusedWithRowAndColumn() throws {
    let directory = try CLI.scratchDirectory("encodings")
    let latin1 = try CLI.file(
      directory, "latin1.csv", Array("x1,x2,label\n0.2,1.1,a\n1.4,0.3,caf".utf8) + [0xE9, 0x0A])
    Self.expectError(
      try Self.fit(latin1), 65,
      "latin1.csv: row 3, column \"label\": byte 0xE9 at byte offset 33 is not UTF-8 "
        + "(the file is not UTF-8")
    let nul = try CLI.file(
      directory, "nul.csv", Array("x1,x2,label\n0.2,2".utf8) + [0] + Array("9,a\n1.4,0.3,b\n".utf8))
    Self.expectError(try Self.fit(nul), 65, "nul.csv: row 2, column \"x2\": a NUL byte")
    let header = try CLI.file(directory, "header.csv", [0x78, 0xFF] + Array(",label\n1,a\n".utf8))
    Self.expectError(try Self.fit(header), 65, "header.csv: row 1, column 1: byte 0xFF")
  }

  @Test func aByteOrderMarkAndCRLFReadAsThePlainFile() throws {
    let directory = try CLI.scratchDirectory("bom")
    let plain = try CLI.file(directory, "plain.csv", Self.table)
    let windows = try CLI.file(
      directory, "windows.csv",
      [0xEF, 0xBB, 0xBF] + Array(Self.table.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    let a = try Self.fit(plain, ["--json"])
    let b = try Self.fit(windows, ["--json"])
    #expect(a.status == 0 && b.status == 0, "\(b.error)")
    #expect(a.output == b.output)
  }

  // MARK: - Quoting and structure

  @Test func malformedCSVNamesTheRowAsAnEditorCountsLines() throws {
    let directory = try CLI.scratchDirectory("quoting")
    // The quote opened on row 3 is never closed: it would swallow the rest.
    var rows = (0..<30).map { "\($0 % 3).5,\($0 % 5).25,\(["a", "b", "c"][$0 % 3])" }
    rows[1] = "1.5,0.5,\"b"
    let unterminated = try CLI.file(
      directory, "unterminated.csv", "x1,x2,label\n" + rows.joined(separator: "\n") + "\n")
    Self.expectError(
      try Self.fit(unterminated), 65,
      "unterminated.csv: row 3, column \"label\": the quote opened here is never closed")
    let inside = try CLI.file(directory, "inside.csv", "x1,x2,label\n0.2,1\"1,a\n")
    Self.expectError(
      try Self.fit(inside), 65, "row 2, column \"x2\": a quote inside an unquoted field")
    let after = try CLI.file(directory, "after.csv", "x1,x2,label\n0.2,1.1,\"a\"b\n")
    Self.expectError(
      try Self.fit(after), 65, "row 2, column \"label\": text after the closing quote")
    // Row 7 is the long one, after a label spanning rows 3 and 4.
    let ragged = try CLI.file(
      directory, "ragged.csv",
      "x1,x2,label\n0.2,1.1,a\n1.4,0.3,\"b\nc\"\n2.9,2.2,c\n0.5,0.4,a\n1.8,1.9,c,9\n2.4,0.2,b\n")
    Self.expectError(try Self.fit(ragged), 65, "ragged.csv: row 7 has 4 fields, the header 3")
    let short = try CLI.file(directory, "short.csv", "x1,x2,label\n0.2,1.1,a\n1.4,b\n")
    Self.expectError(try Self.fit(short), 65, "short.csv: row 3 has 2 fields, the header 3")
    let blank = try CLI.file(directory, "blank.csv", "x1,x2,label\n0.2,1.1,a\n\n1.4,0.3,b\n")
    Self.expectError(try Self.fit(blank), 65, "blank.csv: row 3 is blank")
    let bareCR = try CLI.file(directory, "cr.csv", "x1,x2,label\r0.2,1.1,a\r")
    Self.expectError(try Self.fit(bareCR), 65, "a carriage return without a line feed")
  }

  @Test func valuesInErrorsAreEscapedOntoOneLine() throws {
    let directory = try CLI.scratchDirectory("escapes")
    let csv = try CLI.file(directory, "data.csv", "x1,x2,label\n0.2,\"1\n\u{1B}[31m\",a\n")
    Self.expectError(
      try Self.fit(csv), 65, #"data.csv: row 2, column "x2": "1\n\u{1B}[31m" is not a number"#)
  }

  @Test func trailingBlankLinesAreIgnored() throws {
    let directory = try CLI.scratchDirectory("trailing")
    let plain = try CLI.file(directory, "plain.csv", Self.table)
    let trailing = try CLI.file(directory, "trailing.csv", Self.table + "\n\n  \n")
    let a = try Self.fit(plain, ["--json"])
    let b = try Self.fit(trailing, ["--json"])
    #expect(a.status == 0 && b.status == 0, "\(b.error)")
    #expect(a.output == b.output)
  }

  @Test func labelsAndColumnNamesMustBeUsable() throws {
    let directory = try CLI.scratchDirectory("labels")
    let empty = try CLI.file(directory, "empty.csv", "x1,x2,label\n0.2,1.1,a\n1.4,0.3,\n")
    Self.expectError(
      try Self.fit(empty), 65, "empty.csv: row 3, column \"label\": the label is empty")
    let duplicate = try CLI.file(directory, "dup.csv", "x1,x2,x1,label\n0.2,1.1,3,a\n")
    Self.expectError(try Self.fit(duplicate), 65, "dup.csv: columns 1 and 3 are both named \"x1\"")
    let target = try CLI.file(directory, "target.csv", "x1,label,label\n0.2,a,b\n")
    Self.expectError(
      try Self.fit(target), 65, "target.csv: columns 2 and 3 are both named \"label\"")
    let unnamed = try CLI.file(directory, "unnamed.csv", ",x1,label\n0,0.2,a\n")
    Self.expectError(
      try Self.fit(unnamed), 65, "unnamed.csv: column 1 of the header row has no name")
    let onlyLabel = try CLI.file(directory, "only-label.csv", "label\na\nb\n")
    Self.expectError(
      try Self.fit(onlyLabel), 65, "only-label.csv has no feature columns besides \"label\"")
    let oneClass = try CLI.file(directory, "one-class.csv", "x1,label\n1,a\n2,a\n")
    Self.expectError(
      try CLI.run(["compare", oneClass, "--target", "label"]), 65,
      "one-class.csv: column \"label\" has one class, \"a\"; a fit needs two or more")
    Self.expectError(
      try Self.fit(oneClass, ["--save", ""]), 64, "--save needs a file name")
    // predict refuses an ambiguous column rather than using the first copy.
    let (_, _) = try Self.savedModel(directory)
    let model = directory.appendingPathComponent("model.json").path
    let twice = try CLI.file(directory, "twice.csv", "x1,x2,x2\n0.2,1.1,9\n")
    Self.expectError(
      try CLI.run(["predict", "--model", model, twice]), 65, "columns 2 and 3 are both named \"x2\""
    )
  }

  @Test func predictedLabelsAreQuotedAndParseBack() throws {
    let directory = try CLI.scratchDirectory("predict-quoting")
    let labels = ["a,1", "a\"b", "a\n1"]
    var text = "x1,x2,label\n"
    for (row, values) in [
      [0.2, 1.1], [1.4, 0.3], [2.9, 2.2], [0.5, 0.4], [1.8, 1.9], [2.4, 0.2], [1.0, 1.0],
      [2.0, 0.5], [1.5, 1.6],
    ].enumerated() {
      let label = labels[row % 3]
      text +=
        "\(values[0]),\(values[1]),\"" + label.replacingOccurrences(of: "\"", with: "\"\"") + "\"\n"
    }
    let data = try CLI.file(directory, "data.csv", text)
    let model = directory.appendingPathComponent("model.json").path
    #expect(try Self.fit(data, ["--save", model]).status == 0)
    let predicted = try CLI.run(["predict", "--model", model, data])
    #expect(predicted.status == 0, "\(predicted.error)")
    let records = CLI.parseCSV(predicted.output)
    #expect(records.first == ["label"] + labels.sorted().map { "p_\($0)" })
    #expect(records.count == 10)
    for record in records.dropFirst() {
      #expect(record.count == 4 && labels.contains(record[0]), "\(record)")
      #expect(record.dropFirst().allSatisfy { Double($0) != nil })
    }
  }

  // MARK: - Sizes

  @Test func hugeCountsStreamAndAClosedPipeEndsQuietly() throws {
    // Int.max draws: no allocation of the lot; the reader closing the pipe
    // ends the command with 141 and nothing on standard error.
    let result = try CLI.run(
      ["sample", "Beta(alpha: 2, beta: 3)", "-n", "9223372036854775807"], output: .closedPipe)
    #expect(result.exited && result.status == 141)
    #expect(result.error.isEmpty, "\(result.error)")
    let json = try CLI.run(
      ["sample", "Normal(mean: 0, standardDeviation: 1)", "-n", "1000000000", "--format", "json"],
      output: .closedPipe)
    #expect(json.exited && json.status == 141 && json.error.isEmpty)
    Self.expectError(
      try CLI.run(["sample", "Beta(alpha: 2, beta: 3)", "-n", "-3"]), 64, "-n must be >= 0, got -3")
    Self.expectError(
      try CLI.run(["demo", "--draws", "9223372036854775807"]), 64,
      "--draws must be in 1...1000000000, got 9223372036854775807")
    Self.expectError(
      try CLI.run(["demo", "--draws", "0"]), 64, "--draws must be in 1...1000000000, got 0")
  }

  @Test(arguments: [
    "Normal(mean: 1, standardDeviation: 2)", "Categorical(probabilities: [0.2, 0.3, 0.5])",
    "Dirichlet(alphas: [1, 2, 3])", "Poisson(rate: 3.5)",
  ])
  func streamedDrawsAreTheLibrarysDraws(specification: String) throws {
    // More than one chunk of 4096: the output is one sample(count:) call's.
    let count = 10_000
    let result = try CLI.run(["sample", specification, "-n", "\(count)", "--seed", "11"])
    #expect(result.status == 0)
    let distribution = try DistributionParser.parse(specification)
    func expected<D: Distribution>(_ d: D) -> [String] {
      d.sample(count: count, using: RandomSource(seed: 11)).map { draw in
        switch draw {
        case let vector as [Double]: vector.map(\.description).joined(separator: ",")
        default: "\(draw)"
        }
      }
    }
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(lines == expected(distribution) + [""])
    let json = try CLI.run(
      ["sample", specification, "-n", "\(count)", "--seed", "11", "--format", "json"])
    let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [Any]
    #expect(decoded?.count == count)
  }

  @Test func deeplyNestedDistributionTextIsAOneLineError() throws {
    let nested = "Dirichlet(alphas: " + String(repeating: "[", count: 100_000) + ")"
    let sample = try CLI.run(["sample", nested])
    Self.expectError(sample, 64, "bad distribution: ")
    let posterior = try CLI.run([
      "posterior", "--prior", nested, "--likelihood", "categorical", "1",
    ])
    Self.expectError(posterior, 64, "bad prior: ")
  }

  // MARK: - Write failures

  /// One run of every command that writes to standard output.
  static let commands: [[String]] = [
    ["demo", "--draws", "10"],
    ["fit", "@data", "--target", "label"],
    ["fit", "@data", "--target", "label", "--json"],
    ["predict", "--model", "@model", "@data"],
    ["predict", "--model", "@model", "@data", "--json"],
    ["compare", "@data", "--target", "label"],
    ["posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "1,0,1"],
    ["sample", "Gamma(shape: 2, rate: 1)", "-n", "5"],
    ["sample", "Gamma(shape: 2, rate: 1)", "-n", "5", "--format", "json"],
    ["--help"],
  ]

  /// `commands` with the scratch files in place.
  static func prepared(_ name: String) throws -> [[String]] {
    let directory = try CLI.scratchDirectory(name)
    let (data, _) = try savedModel(directory)
    let model = directory.appendingPathComponent("model.json").path
    return commands.map { $0.map { $0 == "@data" ? data : $0 == "@model" ? model : $0 } }
  }

  @Test func aFullStandardOutputIsAnError() throws {
    for arguments in try Self.prepared("full") {
      let result = try CLI.run(arguments, output: .full)
      Self.expectError(
        result, 74, "cannot write to standard output: No space left on device")
    }
  }

  @Test func aClosedStandardOutputIsAnErrorAndNeverReachesAFile() throws {
    for arguments in try Self.prepared("closed") {
      let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
      let result = try CLI.shell("exec \"$PROBKIT\" " + quoted.joined(separator: " ") + " >&-")
      Self.expectError(result, 74, "cannot write to standard output: Bad file descriptor")
    }
    // The descriptor of a closed standard output is not reused for the saved
    // model, which must come out whole.
    let directory = try CLI.scratchDirectory("closed-save")
    let data = try CLI.file(directory, "data.csv", Self.table)
    let model = directory.appendingPathComponent("model.json").path
    let result = try CLI.shell(
      "exec \"$PROBKIT\" fit '\(data)' --target label --save '\(model)' >&-")
    Self.expectError(result, 74, "Bad file descriptor")
    #expect(try CLI.run(["predict", "--model", model, data]).status == 0)
  }

  @Test func aClosedPipeEndsEveryCommandQuietly() throws {
    for arguments in try Self.prepared("pipe") {
      let result = try CLI.run(arguments, output: .closedPipe)
      #expect(result.exited && result.status == 141, "\(arguments): \(result.error)")
      #expect(result.error.isEmpty, "\(arguments): \(result.error)")
    }
  }

  @Test func aFailingStandardErrorStillFailsAndNeverTraps() throws {
    let usage = try CLI.run(["sample", "Beta(alpha: -1, beta: 3)"], errorToFull: true)
    #expect(usage.exited && usage.status == 64)
    let data = try CLI.run(["fit", "/nonexistent.csv", "--target", "label"], errorToFull: true)
    #expect(data.exited && data.status == 66)
    let parse = try CLI.run(["fit"], errorToFull: true)
    #expect(parse.exited && parse.status == 64)
    // Progress lost on standard error: the command does not claim success.
    let directory = try CLI.scratchDirectory("stderr")
    let csv = try CLI.file(directory, "data.csv", Self.table)
    let verbose = try CLI.run(["fit", csv, "--target", "label", "--verbose"], errorToFull: true)
    #expect(verbose.exited && verbose.status == 74)
    #expect(verbose.output.hasPrefix("softmax regression"))
  }

  // MARK: - Extreme numbers

  @Test(arguments: ["1e-300", "5e-324", "1e300", "nan", "inf", "-1", "0", "1e-9", "1.1e8"])
  func priorWidthsOutsideTheMeaningfulRangeAreRefused(width: String) throws {
    let directory = try CLI.scratchDirectory("prior-\(width)")
    let data = try CLI.file(directory, "data.csv", Self.table)
    let expected = "--prior-sd must be in [1e-08, 1e+08], got "
    Self.expectError(try Self.fit(data, ["--prior-sd", width, "--json"]), 64, expected)
    Self.expectError(
      try CLI.run(["compare", data, "--target", "label", "--prior-sd", width]), 64, expected)
  }

  @Test(arguments: ["1e-8", "1e8"])
  func theBoundsOfThePriorWidthGiveFiniteFits(width: String) throws {
    let directory = try CLI.scratchDirectory("prior-bound-\(width)")
    let data = try CLI.file(directory, "data.csv", Self.table)
    let result = try Self.fit(data, ["--prior-sd", width, "--json"])
    #expect(result.status == 0, "\(result.error)")
    struct Report: Decodable {
      let logLikelihood: Double
      let logPrior: Double
      let objective: Double
    }
    let report = try JSONDecoder().decode(Report.self, from: Data(result.output.utf8))
    #expect(report.logLikelihood.isFinite && report.logPrior.isFinite)
    #expect(report.objective.isFinite)
  }

  @Test func drawsPastTheRangeOfDoubleAreValidJSON() throws {
    let result = try CLI.run([
      "sample", "StudentT(degreesOfFreedom: 1e-300, location: 0, scale: 1)", "-n", "20",
      "--format", "json",
    ])
    #expect(result.status == 0, "\(result.error)")
    let values = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Any])
    #expect(values.count == 20)
    #expect(values.allSatisfy { ($0 as? String).map { ["inf", "-inf"].contains($0) } ?? true })
    #expect(values.contains { $0 is String })
  }

  @Test func featureValuesMustBeFiniteNumbers() throws {
    let directory = try CLI.scratchDirectory("values")
    for (value, message) in [
      ("1e400", "\"1e400\" is not a finite number"), ("nan", "\"nan\" is not a finite number"),
      ("-inf", "\"-inf\" is not a finite number"), ("1,5", "row 2 has 4 fields"),
      ("", "the field is empty (a number is needed)"), ("x", "\"x\" is not a number"),
    ] {
      let csv = try CLI.file(directory, "data.csv", "x1,x2,label\n0.2,\(value),a\n1.4,0.3,b\n")
      Self.expectError(try Self.fit(csv), 65, message)
    }
  }

  @Test func posteriorDataAndOverflowHaveClearErrors() throws {
    func posterior(_ prior: String, _ likelihood: String, _ rest: [String]) throws -> CLI.Result {
      try CLI.run(["posterior", "--prior", prior, "--likelihood", likelihood] + rest)
    }
    let gamma = "Gamma(shape: 1, rate: 1)"
    // Issue 11: the integer range, not "not a whole number".
    Self.expectError(
      try posterior(gamma, "poisson", ["1e19"]), 65,
      "observation 0 is out of the integer range (-9223372036854775808...9223372036854775807): 1e+19"
    )
    Self.expectError(
      try posterior(gamma, "poisson", ["-1e19"]), 65, "observation 0 is out of the integer range")
    Self.expectError(
      try posterior(gamma, "poisson", ["inf"]), 65, "observation 0 is not a finite number: inf")
    Self.expectError(
      try posterior(gamma, "poisson", ["1,nan"]), 65, "observation 1 is not a finite number: nan")
    Self.expectError(
      try posterior(gamma, "poisson", ["1,1e400"]), 65,
      "observation 1 is out of the range of a Double (magnitude above 1.8e308): 1e400")
    // A missing file is a missing file, alone or among other arguments.
    Self.expectError(try posterior(gamma, "poisson", ["data2.txt"]), 66, "no such file: data2.txt")
    Self.expectError(
      try posterior(gamma, "poisson", ["data2.txt", "data3.txt"]), 66, "no such file: data2.txt")
    Self.expectError(
      try posterior(gamma, "poisson", ["1", "missing/data.txt"]), 66,
      "no such file: missing/data.txt")
    Self.expectError(
      try posterior(gamma, "poisson", ["1", "1.5x"]), 65, "observation 1 is not a number: \"1.5x\"")
    Self.expectError(try posterior(gamma, "poisson", ["/dev/null"]), 65, "holds no observations")
    Self.expectError(try posterior(gamma, "poisson", ["/"]), 66, "/ is a directory")
    // Overflow names the quantity, never "got -nan".
    Self.expectError(
      try posterior(gamma, "exponential", ["1e308,1e308,1e308"]), 65,
      "Exponential: the posterior rate b + Σwᵢxᵢ is not finite: it overflows Double")
    Self.expectError(
      try posterior(
        "NormalGamma(mean: 0, precisionScale: 1, shape: 1, rate: 1)", "normal", ["1e200,-1e200"]),
      65, "Normal: the posterior rate b + Σwᵢ(xᵢ − x̄)²/2 + κ₀W(x̄ − m₀)²/(2κₙ) is not finite")
    Self.expectError(
      try posterior("Dirichlet(alphas: [1, 1, 1])", "categorical", ["--counts", "1e308,1e308,1"]),
      65, "Categorical: the total of the counts is not finite: it overflows Double")
    Self.expectError(
      try posterior("Beta(alpha: 1, beta: 1)", "binomial", ["--trials", "-1", "1"]), 64,
      "--trials must be >= 0, got -1")
    Self.expectError(
      try posterior(
        "InverseGamma(shape: 1, scale: 1)", "normal-known-mean", ["--mean", "nan", "1"]), 64,
      "--mean must be finite, got nan")
  }

  @Test func separationSuggestsTheCommandLineOptions() throws {
    // Issue 11: the CLI user is told the options, not `estimator: .map(...)`.
    let directory = try CLI.scratchDirectory("separated")
    let csv = try CLI.file(
      directory, "separated.csv", "x,label\n0.1,a\n0.4,a\n0.9,a\n2.1,b\n2.5,b\n3.0,b\n")
    let result = try Self.fit(csv, ["--estimator", "mle"])
    Self.expectError(
      result, 65,
      "the classes are completely separated, so the maximum-likelihood estimate does not exist")
    #expect(result.error.contains("--estimator map --prior-sd 1"), "\(result.error)")
    #expect(!result.error.contains("estimator: .map"), "\(result.error)")
    let map = try Self.fit(csv, ["--estimator", "map", "--prior-sd", "1"])
    #expect(map.status == 0, "\(map.error)")
  }

  @Test func aTinyKnownStandardDeviationIsRepresentable() throws {
    // Issue 11: σ = 1e-300 (a data precision of 1e600) has a representable
    // posterior: mean 1.5, standard deviation σ/√2.
    let result = try CLI.run([
      "posterior", "--prior", "Normal(mean: 0, standardDeviation: 1)", "--likelihood",
      "normal-known-sd", "--standard-deviation", "1e-300", "1,2",
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(
      result.output.hasPrefix("posterior: Normal(mean: 1.5, standardDeviation: 7.07106781186547"))
    #expect(!result.output.contains("nan"))
  }

  @Test func countsAreCalledCounts() throws {
    let dirichlet = "Dirichlet(alphas: [1, 1, 1])"
    func counts(_ values: String) throws -> CLI.Result {
      try CLI.run([
        "posterior", "--prior", dirichlet, "--likelihood", "categorical", "--counts", values,
      ])
    }
    Self.expectError(try counts("1,-2,3"), 65, "Categorical: count 1 must be finite and >= 0")
    Self.expectError(try counts("1,x,3"), 65, "count 1 is not a number: \"x\"")
    Self.expectError(try counts("1,inf,3"), 65, "count 1 is not a finite number: inf")
    Self.expectError(
      try counts("1,2"), 65,
      "--counts needs one count per category: 2 counts for the 3 categories of Dirichlet(")
  }

  @Test func betaBinomialTrialsSayTheLimitAndWhy() throws {
    Self.expectError(
      try CLI.run([
        "posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "binomial", "--trials",
        "5000000000", "1,2",
      ]), 65,
      "Binomial: trials must be in 0...4294967295 (at most 2³² − 1: the binomial distributions, "
        + "this model's predictive among them, count trials in 32 bits), got 5000000000")
  }

  @Test func negativeObservationsAreDataAndStandardInputIsRead() throws {
    let normal = try CLI.run([
      "posterior", "--prior", "Normal(mean: 0, standardDeviation: 1)", "--likelihood",
      "normal-known-sd", "--standard-deviation", "1", "-1.5", "2.5",
    ])
    #expect(normal.status == 0, "\(normal.error)")
    #expect(normal.output.hasPrefix("posterior: Normal(mean: 0.3333333333333333,"))
    Self.expectError(
      try CLI.run([
        "posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "--leve",
        "0.9", "1,0",
      ]), 64, "unknown option '--leve'")
    Self.expectError(
      try CLI.run(["posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli"]),
      64, "missing the observations")
    let piped = try CLI.run(
      ["posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "-"],
      input: Data("1 0\n1\n".utf8))
    #expect(piped.output.hasPrefix("posterior: Beta(alpha: 3.0, beta: 2.0)"), "\(piped.error)")
    Self.expectError(
      try CLI.run(
        ["posterior", "--prior", "Beta(alpha: 1, beta: 1)", "--likelihood", "bernoulli", "-"],
        input: Data([0x31, 0x20, 0xE9])), 65, "standard input is not UTF-8 text")
  }

  // MARK: - Exit statuses

  @Test func usageErrorsAreOneLineNamingTheCommandsHelp() throws {
    Self.expectError(
      try CLI.run(["fit", "data.csv"]), 64,
      "Missing expected argument '--target <target>' (see 'probkit help fit')")
    Self.expectError(try CLI.run(["sample"]), 64, "(see 'probkit help sample')")
  }
}

/// `probkit demo` for every seed: where a split makes the MLE not exist, it
/// says so and goes on.
@Suite struct DemoSeedTests {
  @Test func theDemoRunsForSeeds0Through40() throws {
    for seed in 0...40 {
      let result = try CLI.run(["demo", "--seed", "\(seed)", "--draws", "10"])
      #expect(result.status == 0, "seed \(seed): \(result.error)")
      #expect(result.output.contains("  MAP, sigma = 1.0  | "), "seed \(seed)")
    }
    // Seed 7 (the example in `demo --help`) splits versicolor and virginica
    // separably.
    let seven = try CLI.run(["demo", "--seed", "7", "--draws", "10"])
    #expect(
      seven.output.contains(
        "  MLE               | does not exist: this split separates the classes completely"))
  }
}
