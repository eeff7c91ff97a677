// swift-tools-version: 6.1
//
// ProbKit: probabilistic modelling on Linux, built on the GNU Scientific
// Library. Docs/Architecture.md lists every target's dependencies (CI checks
// that list against this file and the imports: .ci/check-module-graph). Only
// GSLBridge imports CGSL; everything above it sees Swift types.

import PackageDescription

/// The notebooks: folder under Notebooks/ and the name of its executable
/// (`swift run notebook-NAME` renders it).
let notebooks = [
  ("01-priors", "priors"),
  ("02-coins-and-dice", "coins-and-dice"),
  ("03-whence-softmax", "whence-softmax"),
  ("04-mle-vs-map", "mle-vs-map"),
  ("05-sampling", "sampling"),
  ("06-glm-machine", "glm-machine"),
  ("07-laplace-vs-nuts", "laplace-vs-nuts"),
]

let package = Package(
  name: "ProbKit",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "ProbKit", targets: ["ProbKit"]),
    .executable(name: "probkit", targets: ["probkit"]),
    // SVG charts for the notebooks (and for users who want them), kept out of
    // the ProbKit product so that the library does not carry them.
    .library(name: "ProbKitCharts", targets: ["ProbKitCharts"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: - C layer

    // The GNU Scientific Library and OpenBLAS, as installed by Debian's
    // libgsl-dev and libopenblas-dev. No pkgConfig on purpose: pkg-config would
    // put GSL's slow reference CBLAS on the link line ahead of OpenBLAS.
    .systemLibrary(
      name: "CGSL",
      providers: [.apt(["libgsl-dev", "libopenblas-dev"])]
    ),

    // MARK: - Swift layers

    // Dense kernels in C for softmax regression's skinny products (AVX2/FMA
    // chosen at run time, portable C otherwise). Imported only by GSLBridge.
    .target(name: "CKernels"),

    // The only Swift module that imports CGSL (and CKernels). Everything it
    // offers is `package`-level (plus the public `GSLError`), in Swift types
    // only.
    .target(name: "GSLBridge", dependencies: ["CGSL", "CKernels"]),

    // Special functions, random sources, and the internal matrix type.
    .target(name: "ProbKitCore", dependencies: ["GSLBridge"]),

    // Probability distributions: densities, CDFs, moments, sampling,
    // exponential-family form.
    .target(name: "ProbKitDistributions", dependencies: ["ProbKitCore", "GSLBridge"]),

    // Fitting: the `Model.fit` API (maximum likelihood, MAP), sufficient
    // statistics, conjugate posteriors.
    .target(name: "ProbKitInference", dependencies: ["ProbKitCore", "ProbKitDistributions"]),

    // MCMC: the NUTS sampler, log densities and constraints, convergence
    // diagnostics (rank-normalised split-R̂, bulk- and tail-ESS, MCSE) and
    // the posterior summary, as Stan and ArviZ compute them.
    .target(name: "ProbKitMCMC", dependencies: ["ProbKitCore", "GSLBridge"]),

    // Sample summaries: one-pass mergeable moments, the nine quantile
    // types, the ECDF, histograms, highest-density intervals of draws and
    // autocorrelation, as numpy, scipy, statsmodels and ArviZ compute them.
    .target(name: "ProbKitStatistics", dependencies: ["ProbKitCore"]),

    // Regression models: the GLM machine (softmax regression its
    // multi-class member), their Laplace and sampled posteriors.
    .target(
      name: "ProbKitRegression",
      dependencies: [
        "ProbKitCore", "GSLBridge", "ProbKitDistributions", "ProbKitInference", "ProbKitMCMC",
        "ProbKitData",
      ]),

    // Data tables: a fast, strict CSV reader (numbers and text columns,
    // missing values by policy). Foundation only.
    .target(name: "ProbKitData"),

    // The umbrella module: `import ProbKit` gives a user everything.
    .target(
      name: "ProbKit",
      dependencies: [
        "ProbKitCore", "ProbKitDistributions", "ProbKitInference", "ProbKitRegression",
        "ProbKitMCMC", "ProbKitData", "ProbKitStatistics",
      ]),

    // The command-line tool; thin, all logic lives in the library.
    .executableTarget(
      name: "probkit",
      dependencies: [
        "ProbKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      resources: [.copy("Resources/iris.csv"), .copy("Resources/PROVENANCE.md")]
    ),

    // SVG charts: line, scatter, histogram, band, heat map, simplex, grids.
    // Foundation only; no ProbKit dependency.
    .target(name: "ProbKitCharts"),

    // MARK: - Notebooks (Notebooks/README.md): literate Swift scripts that
    // render themselves to Markdown with SVG figures.

    .target(
      name: "NotebookSupport", dependencies: ["ProbKitCharts"], path: "Notebooks/Support"),
  ]
    + notebooks.map { folder, name in
      .executableTarget(
        name: "notebook-\(name)", dependencies: ["ProbKit", "ProbKitCharts", "NotebookSupport"],
        path: "Notebooks/\(folder)", exclude: ["README.md", "figures"])
    } + [
      // MARK: - Tests

      // What every test bundle shares: fixture loading and comparisons with
      // readable failure messages.
      .target(name: "TestSupport", path: "Tests/TestSupport"),
      .testTarget(
        name: "GSLBridgeTests", dependencies: ["GSLBridge", "CGSL", "CKernels", "TestSupport"]),
      .testTarget(
        name: "ProbKitCoreTests",
        dependencies: ["ProbKitCore", "TestSupport"],
        resources: [.copy("Fixtures")]
      ),
      .testTarget(
        name: "ProbKitDistributionsTests",
        dependencies: ["ProbKitDistributions", "TestSupport"],
        resources: [.copy("Fixtures")]
      ),
      .testTarget(
        name: "ProbKitInferenceTests",
        dependencies: ["ProbKitInference", "TestSupport"],
        resources: [.copy("Fixtures")]
      ),
      // Golden/: whole help texts, read from the source tree by HelpTests.
      .testTarget(
        name: "probkitTests", dependencies: ["probkit", "ProbKit", "TestSupport"],
        exclude: ["Golden"]),
      .testTarget(
        name: "ProbKitMCMCTests",
        dependencies: ["ProbKitMCMC", "ProbKitDistributions", "TestSupport"],
        resources: [.copy("Fixtures")]
      ),
      .testTarget(
        name: "ProbKitStatisticsTests",
        dependencies: ["ProbKitStatistics", "TestSupport"],
        resources: [.copy("Fixtures")]
      ),
      .testTarget(name: "ProbKitChartsTests", dependencies: ["ProbKitCharts", "TestSupport"]),
      .testTarget(
        name: "ProbKitDataTests", dependencies: ["ProbKitData", "TestSupport"],
        resources: [.copy("Fixtures")]),
      .testTarget(name: "NotebookSupportTests", dependencies: ["NotebookSupport"]),
      .testTarget(
        name: "ProbKitRegressionTests",
        dependencies: [
          "ProbKitRegression", "ProbKitCore", "ProbKitMCMC", "ProbKitData", "TestSupport",
        ],
        resources: [.copy("Fixtures")]
      ),
    ],
  swiftLanguageModes: [.v6]
)
