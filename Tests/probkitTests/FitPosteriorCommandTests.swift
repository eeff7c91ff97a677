import Foundation
import ProbKit
import TestSupport
import Testing

/// `probkit fit --estimator posterior`, run as a process: the same draws as
/// the library's sampler with the same seed, the names, the CSV of draws,
/// and the mistakes a user can make.
@Suite struct FitPosteriorCommandTests {
  static let counts = """
    x,exposure,y
    0.1,1.0,1
    0.5,2.0,3
    -0.3,1.5,0
    1.2,0.5,2
    0.8,1.0,4
    -1.0,2.5,1
    0.0,1.0,1
    1.5,3.0,9

    """

  static let sampling = ["--chains", "2", "--warmup", "300", "--draws", "200", "--seed", "7"]

  /// The summary's rows, by name, from the `--json` report.
  static func rows(_ output: String) throws -> [String: [String: Any]] {
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    #expect(report["format"] as? String == "probkit-posterior")
    let parameters = try #require(report["parameters"] as? [[String: Any]])
    return Dictionary(uniqueKeysWithValues: parameters.map { ($0["name"] as? String ?? "", $0) })
  }

  @Test func poissonDrawsAreTheLibrarysForTheSameSeed() async throws {
    let path = try FitPredictCommandTests.scratch("posterior-counts.csv", Self.counts)
    let result = try CLI.run(
      [
        "fit", path, "--target", "y", "--family", "poisson", "--exposure", "exposure",
        "--estimator", "posterior", "--json",
      ] + Self.sampling)
    #expect(result.status == 0, "\(result.error)")
    let rows = try Self.rows(result.output)
    #expect(Set(rows.keys) == ["x", "(intercept)"])

    let x: [[Double]] = [[0.1], [0.5], [-0.3], [1.2], [0.8], [-1.0], [0.0], [1.5]]
    let exposure = [1.0, 2.0, 1.5, 0.5, 1.0, 2.5, 1.0, 3.0]
    let density = try GeneralizedLinearModel<Poisson>.posteriorDensity(
      features: FeatureMatrix(x), response: [1, 3, 0, 2, 4, 1, 1, 9],
      offsets: exposure.map { log($0) }, prior: GaussianPrior(standardDeviation: 1))
    let posterior = try await HMCSampler(warmup: 300, draws: 200, chains: 2).sample(
      density, seed: 7)
    let summary = try posterior.summary()
    // Equal draws; the JSON text's round trip through JSONSerialization may
    // move the last bit.
    for (name, library) in zip(["x", "(intercept)"], summary.parameters) {
      let row = try #require(rows[name])
      expectClose(try #require(row["mean"] as? Double), library.mean, relative: 1e-14, "\(name)")
      expectClose(
        try #require(row["quantile95"] as? Double), library.quantile95, relative: 1e-14, "\(name)")
    }
  }

  @Test func categoricalNamesAndTheDrawsFile() throws {
    let csv = """
      a,b,class
      0.1,1.0,red
      0.5,0.2,green
      -0.3,0.5,blue
      1.2,-0.5,red
      0.8,1.1,green
      -1.0,0.3,blue
      0.4,0.9,red

      """
    let path = try FitPredictCommandTests.scratch("posterior-classes.csv", csv)
    let draws = path + ".draws.csv"
    let result = try CLI.run(
      ["fit", path, "--target", "class", "--estimator", "posterior", "--save-draws", draws]
        + Self.sampling)
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("softmax regression of \"class\""))
    for name in ["blue:a", "green:b", "red:a", "green:(intercept)", "red:(intercept)"] {
      #expect(result.output.contains(name), "\(name)")
    }
    #expect(!result.output.contains("blue:(intercept)"))  // class 0's, fixed at 0
    let lines = try String(contentsOfFile: draws, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 1 + 2 * 200)
    #expect(lines[0].hasPrefix("chain,draw,lp__,accept_stat__"))
    #expect(lines[0].hasSuffix("green:(intercept),red:(intercept)"))
  }

  /// The negative binomial's α is sampled under √α ~ half-Cauchy(1), or
  /// the given scale, and reported as (dispersion).
  @Test func negativeBinomialSamplesAlpha() throws {
    let csv =
      "x,y\n0.1,0\n0.5,9\n-0.3,0\n1.2,2\n0.8,14\n-1.0,0\n0.0,5\n1.5,1\n0.3,0\n-0.5,6\n"
      + "0.7,20\n-0.2,1\n"
    let path = try FitPredictCommandTests.scratch("posterior-overdispersed.csv", csv)
    let result = try CLI.run(
      ["fit", path, "--target", "y", "--family", "negative-binomial", "--estimator", "posterior"]
        + Self.sampling)
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("√dispersion ~ half-Cauchy(1)"))
    #expect(result.output.contains("(intercept)"))
    #expect(result.output.contains("(dispersion)"))
    let scaled = try CLI.run(
      [
        "fit", path, "--target", "y", "--family", "negative-binomial", "--estimator", "posterior",
        "--dispersion-scale", "0.25", "--json",
      ] + Self.sampling)
    #expect(scaled.status == 0, "\(scaled.error)")
    #expect(scaled.output.contains(#""dispersionPriorScale" : 0.25"#))
  }

  /// A gaussian response's σ² is sampled under √σ² ~ half-Cauchy(sd(y)).
  @Test func gaussianSamplesTheResidualVariance() throws {
    let csv = "x,y\n0.1,1.2\n0.5,2.1\n-0.3,0.2\n1.2,3.5\n0.8,2.2\n-1.0,-0.9\n0.0,1.1\n"
    let path = try FitPredictCommandTests.scratch("posterior-gaussian.csv", csv)
    let result = try CLI.run(
      ["fit", path, "--target", "y", "--family", "gaussian", "--estimator", "posterior"]
        + Self.sampling)
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("(dispersion)"))
    let exact = try FitPredictCommandTests.scratch(
      "posterior-exact.csv", "x,y\n0,1\n1,3\n2,5\n3,7\n")
    let improper = try CLI.run(
      ["fit", exact, "--target", "y", "--family", "gaussian", "--estimator", "posterior"])
    #expect(improper.status != 0 && improper.error.contains("fit exactly"), "\(improper.error)")
  }

  @Test func mistakesAreUsageErrors() throws {
    let path = try FitPredictCommandTests.scratch("posterior-mistakes.csv", Self.counts)
    let base = ["fit", path, "--target", "y", "--family", "poisson"]
    let mistakes: [([String], String)] = [
      (["--chains", "2"], "--chains is for --estimator posterior"),
      (["--estimator", "posterior", "--save", "m.json"], "--save-draws FILE"),
      (["--estimator", "posterior", "--draws", "3"], "--draws must be in 4...1000000"),
      (["--estimator", "posterior", "--chains", "0"], "--chains must be in 1...256"),
      (["--estimator", "posterior", "--target-acceptance", "1"], "--target-acceptance"),
      (["--estimator", "posterior", "--optimizer", "lbfgs"], "--optimizer"),
    ]
    for (extra, message) in mistakes {
      let result = try CLI.run(base + extra)
      #expect(result.status == 64, "\(extra)")
      #expect(result.error.contains(message), "\(extra): \(result.error)")
    }
    for extra in [["--dispersion-scale", "1"], ["--dispersion-scale=nan"]] {
      let scale = try CLI.run(base + ["--estimator", "posterior"] + extra)
      #expect(scale.status == 64 && scale.error.contains("--dispersion-scale"), "\(scale.error)")
    }
    let unwritable = try CLI.run(
      base + ["--estimator", "posterior", "--save-draws", "/nonexistent/dir/draws.csv"]
        + Self.sampling)
    #expect(unwritable.status == 73, "\(unwritable.error)")
  }
}
