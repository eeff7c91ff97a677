import Foundation
import ProbKit

/// The versioned JSON file `probkit fit --save` writes and `probkit predict`
/// reads: the model with the feature names and class labels it was fitted
/// with.
///
/// ```json
/// {"format": "probkit-softmax-regression", "version": 1,
///  "featureNames": [...], "classes": [...],
///  "model": {"coefficients": [[...]], "intercepts": [...]}}
/// ```
struct ModelFile: Codable {
  static let format = "probkit-softmax-regression"
  static let version = 1

  let format: String
  let version: Int
  let featureNames: [String]
  let classes: [String]
  let model: SoftmaxRegression

  init(featureNames: [String], classes: [String], model: SoftmaxRegression) {
    format = Self.format
    version = Self.version
    self.featureNames = featureNames
    self.classes = classes
    self.model = model
  }

  /// Reads and checks a model file.
  ///
  /// - Throws: ``DataError`` (66 missing, 65 unreadable, another format or
  ///   version, or inconsistent shapes).
  static func read(_ path: String) throws -> ModelFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataError(message: "no such model file: \(path)", code: 66)
    }
    struct Header: Decodable {
      let format: String?
      let version: Int?
    }
    guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
      throw DataError(message: "\(path) is not a model file (truncated or not JSON)", code: 65)
    }
    guard header.format == Self.format else {
      throw DataError(
        message: "\(path) is not a \(Self.format) file (format \(header.format ?? "missing"))",
        code: 65)
    }
    guard header.version == Self.version else {
      throw DataError(
        message: "\(path) is format version \(header.version.map(String.init) ?? "missing"); "
          + "this probkit reads version \(Self.version)", code: 65)
    }
    let file: ModelFile
    do {
      file = try JSONDecoder().decode(ModelFile.self, from: data)
    } catch {
      throw DataError(message: "\(path) is corrupted: \(error)", code: 65)
    }
    guard file.featureNames.count == file.model.featureCount,
      file.classes.count == file.model.classCount
    else {
      throw DataError(
        message: "\(path) is corrupted: its names do not match the model's shape", code: 65)
    }
    return file
  }

  /// Writes the file as pretty-printed JSON with sorted keys.
  func write(_ path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    } catch {
      throw DataError(message: "cannot write \(path): \(error)", code: 73)
    }
  }
}
