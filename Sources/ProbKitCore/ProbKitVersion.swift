/// The version of the ProbKit library.
///
/// ```swift
/// ProbKitVersion.current  // "0.1.0"
/// ```
public enum ProbKitVersion {
  /// The current version, in semantic-versioning form.
  public static let current = "0.1.0"
}
