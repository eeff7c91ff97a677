/// The version of the ProbKit library.
public enum ProbKitVersion {
  /// The current version, in semantic-versioning form.
  public static let current = "0.1.0"
}
