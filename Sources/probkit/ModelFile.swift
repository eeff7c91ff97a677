import Foundation
import ProbKit

/// The versioned JSON file `probkit fit --save` writes and `probkit predict`
/// reads: the model with the feature names and class labels it was fitted
/// with.
///
/// ```json
/// {"format": "probkit-softmax-regression", "version": 1,
///  "featureNames": [...], "classes": [...], "target": "species",
///  "model": {"coefficients": [[...]], "intercepts": [...]}}
/// ```
///
/// `target`, the label column's name, was added without a new version:
/// files without it still load (`predict` then reports no log-loss), and
/// older readers ignore it. Generalized linear models have their own
/// format, ``GLMModelFile``.
struct ModelFile: Codable {
  static let format = "probkit-softmax-regression"
  static let version = 1

  let format: String
  let version: Int
  let featureNames: [String]
  let classes: [String]
  let target: String?
  let model: SoftmaxRegression

  init(featureNames: [String], classes: [String], target: String?, model: SoftmaxRegression) {
    format = Self.format
    version = Self.version
    self.featureNames = featureNames
    self.classes = classes
    self.target = target
    self.model = model
  }

  /// Reads and checks a softmax model file (see ``SavedModel/read(_:)``).
  ///
  /// - Throws: ``CommandError``: ``ExitStatus/noInput`` for a file that is
  ///   missing, a directory or unreadable; ``ExitStatus/dataError`` for one
  ///   that is empty, not JSON, another format or version, or inconsistent.
  static func read(_ path: String) throws(CommandError) -> ModelFile {
    try decode(InputFile.read(path), path: path)
  }

  /// Decodes and checks the contents of a softmax model file; `path` names
  /// it in errors.
  ///
  /// - Throws: ``CommandError`` with ``ExitStatus/dataError``, also for a
  ///   valid model file of another kind.
  static func decode(_ bytes: [UInt8], path: String) throws(CommandError) -> ModelFile {
    switch try SavedModel.decode(bytes, path: path) {
    case .softmax(let file): return file
    case .glm(let file):
      throw CommandError(
        "\(path) is a \(GLMModelFile.format) file (a \(file.family.rawValue) model), "
          + "not a \(Self.format) file", .dataError)
    }
  }

  /// Decodes the parts common to every model file: the bytes as a JSON
  /// object, its format (one of `formats`) and version.
  ///
  /// - Returns: The JSON and the format.
  /// - Throws: ``CommandError`` with ``ExitStatus/dataError``.
  static func header(_ bytes: [UInt8], path: String, formats: [String: Int])
    throws(CommandError) -> (data: Data, format: String)
  {
    guard !bytes.isEmpty else {
      throw CommandError("\(path) is empty, not a model file", .dataError)
    }
    let data = Data(bytes)
    do {
      _ = try JSONSerialization.jsonObject(with: data)
    } catch {
      let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey].map { "\($0)" }
      throw CommandError(
        "\(path) is not a model file (not valid JSON: \(reason ?? "\(error)"))", .dataError)
    }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: data)
    } catch {
      throw CommandError("\(path) is not a model file (not a JSON object)", .dataError)
    }
    guard let format = header.format, let expected = formats[format] else {
      throw CommandError(
        "\(path) is not a probkit model file (format: \(header.format.map(quoted) ?? "missing"); "
          + "this probkit reads " + formats.keys.sorted().joined(separator: " and ") + ")",
        .dataError)
    }
    guard let version = header.version else {
      throw CommandError("\(path) has no version number", .dataError)
    }
    guard version == Double(expected) else {
      let shown =
        version == version.rounded() && abs(version) < 1e15 ? "\(Int(version))" : "\(version)"
      throw CommandError(
        "\(path): unsupported model version \(shown) (this probkit reads version \(expected))",
        .dataError)
    }
    return (data, format)
  }

  /// Decodes `type` from `data`, a decoding failure being a corrupted file.
  static func decodeBody<T: Decodable>(_ type: T.Type, _ data: Data, path: String)
    throws(CommandError) -> T
  {
    do {
      return try JSONDecoder().decode(T.self, from: data)
    } catch let error as DecodingError {
      throw CommandError("\(path) is corrupted: \(describe(error))", .dataError)
    } catch {
      throw CommandError("\(path) is corrupted: \(LibraryErrors.message(error))", .dataError)
    }
  }

  /// The fields read before the rest: any version number, so that a
  /// future version (1.5, 2) is named as such, not as a decoding failure.
  private struct Header: Decodable {
    let format: String?
    let version: Double?

    enum CodingKeys: String, CodingKey {
      case format, version
    }

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      format = try? container.decode(String.self, forKey: .format)
      version = try? container.decode(Double.self, forKey: .version)
    }
  }

  /// The consistency checks the decoder cannot make.
  func check(_ path: String) throws(CommandError) {
    func corrupted(_ problem: String) -> CommandError {
      CommandError("\(path) is corrupted: \(problem)", .dataError)
    }
    if let name = Self.firstDuplicate(classes) {
      throw corrupted("the class \(quoted(name)) appears twice in classes")
    }
    if let name = Self.firstDuplicate(featureNames) {
      throw corrupted("the feature \(quoted(name)) appears twice in featureNames")
    }
    if classes.contains(where: \.isEmpty) { throw corrupted("a class is empty text") }
    if featureNames.contains(where: \.isEmpty) { throw corrupted("a feature name is empty text") }
    if let target {
      guard !target.isEmpty else { throw corrupted("the target column's name is empty text") }
      if featureNames.contains(target) {
        throw corrupted("the target column \(quoted(target)) is also a feature")
      }
    }
    guard classes.count == model.classCount else {
      throw corrupted(
        "\(classes.count) classes but the model has \(model.classCount) rows of coefficients")
    }
    guard featureNames.count == model.featureCount else {
      throw corrupted(
        "\(featureNames.count) feature names but the model has \(model.featureCount) weights per class"
      )
    }
  }

  static func firstDuplicate(_ names: [String]) -> String? {
    var seen = Set<String>()
    return names.first { !seen.insert($0).inserted }
  }

  /// A decoding error as one line: where, and what.
  static func describe(_ error: DecodingError) -> String {
    func place(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
      let keys = path + (key.map { [$0] } ?? [])
      let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "the field \(place(context.codingPath, key)) is missing"
    case .typeMismatch(let type, let context):
      return "\(place(context.codingPath)) is not \(type == String.self ? "text" : "a \(type)")"
    case .valueNotFound(_, let context):
      return "\(place(context.codingPath)) is null"
    case .dataCorrupted(let context):
      let underlying = context.underlyingError.map { " (\($0))" } ?? ""
      let at = place(context.codingPath)
      return (at.isEmpty ? "" : "\(at): ") + context.debugDescription + underlying
    @unknown default:
      return "\(error)"
    }
  }

  /// Writes the file as pretty-printed JSON with sorted keys, atomically
  /// (see ``AtomicFile``): a failed write leaves any previous file intact.
  ///
  /// - Throws: ``CommandError`` naming the path: ``ExitStatus/cannotCreate``
  ///   or ``ExitStatus/ioError``.
  func write(_ path: String) throws(CommandError) {
    try Self.write(self, to: path)
  }

  /// Writes `file` as pretty-printed JSON with sorted keys, atomically.
  ///
  /// - Throws: ``CommandError`` naming the path.
  static func write(_ file: some Encodable, to path: String) throws(CommandError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data: Data
    do {
      data = try encoder.encode(file)
    } catch {
      throw CommandError("cannot encode the model for \(path): \(error)", .software)
    }
    try AtomicFile.write([UInt8](data) + [UInt8(ascii: "\n")], to: path)
  }
}

/// A model file of any kind `probkit fit --save` writes.
enum SavedModel {
  /// Softmax regression (`--family categorical`).
  case softmax(ModelFile)
  /// A generalized linear model (every other family).
  case glm(GLMModelFile)

  /// The formats and the version of each this probkit reads.
  static let formats = [
    ModelFile.format: ModelFile.version, GLMModelFile.format: GLMModelFile.version,
  ]

  /// Reads and checks a model file: its format and version, then every
  /// field (the models' own decoders check their numbers; here, that names
  /// are distinct, non-empty and match the model's shape).
  ///
  /// - Throws: ``CommandError``: ``ExitStatus/noInput`` for a file that is
  ///   missing, a directory or unreadable; ``ExitStatus/dataError`` for one
  ///   that is empty, not JSON, another format or version, or inconsistent.
  static func read(_ path: String) throws(CommandError) -> SavedModel {
    try decode(InputFile.read(path), path: path)
  }

  /// Decodes and checks the contents of a model file; `path` names it in
  /// errors.
  ///
  /// - Throws: ``CommandError`` with ``ExitStatus/dataError``.
  static func decode(_ bytes: [UInt8], path: String) throws(CommandError) -> SavedModel {
    let (data, format) = try ModelFile.header(bytes, path: path, formats: formats)
    if format == GLMModelFile.format {
      let file = try ModelFile.decodeBody(GLMModelFile.self, data, path: path)
      try file.check(path)
      return .glm(file)
    }
    let file = try ModelFile.decodeBody(ModelFile.self, data, path: path)
    try file.check(path)
    return .softmax(file)
  }
}

/// Writing a file so that readers see the old contents or the new, never a
/// mixture: a temporary file in the same directory, written, flushed to
/// disk, then renamed over the target.
enum AtomicFile {
  /// Writes `bytes` to `path` atomically.
  ///
  /// The new file's permissions are
  /// 0666 less the umask, as for any new file; the temporary file is removed
  /// if anything fails.
  ///
  /// - Throws: ``CommandError`` naming `path`: ``ExitStatus/cannotCreate``
  ///   if the temporary file cannot be created or renamed into place,
  ///   ``ExitStatus/ioError`` if writing it fails.
  static func write(_ bytes: [UInt8], to path: String) throws(CommandError) {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      throw CommandError("cannot write \(path): it is a directory", .cannotCreate)
    }
    let directory = url.deletingLastPathComponent().path
    var template = Array((directory + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard descriptor >= 0 else {
      throw CommandError(
        "cannot write \(path): \(InputFile.describe(errno)) (creating a file in \(directory))",
        .cannotCreate)
    }
    let temporary = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var isOpen = true
    defer {
      if isOpen { close(descriptor) }
    }
    func abandon(_ message: String, _ status: ExitStatus) -> CommandError {
      if isOpen {
        close(descriptor)
        isOpen = false
      }
      unlink(temporary)
      return CommandError("cannot write \(path): \(message)", status)
    }
    let mask = umask(0)
    umask(mask)
    guard fchmod(descriptor, 0o666 & ~mask) == 0 else {
      throw abandon(InputFile.describe(errno), .cannotCreate)
    }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Foundation.write(descriptor, $0.baseAddress, $0.count)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw abandon(InputFile.describe(errno), .ioError)
      }
      offset += written
    }
    guard fsync(descriptor) == 0 else { throw abandon(InputFile.describe(errno), .ioError) }
    isOpen = false
    guard close(descriptor) == 0 else { throw abandon(InputFile.describe(errno), .ioError) }
    guard rename(temporary, path) == 0 else {
      throw abandon(InputFile.describe(errno), .cannotCreate)
    }
  }
}
