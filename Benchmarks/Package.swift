// swift-tools-version: 6.1
//
// ProbKit's benchmarks: a separate package so that the library's own manifest
// stays free of benchmark targets. It depends on ProbKit by path, through the
// public "ProbKit" product only, so it measures exactly what a user gets.
//
// Run everything (Swift + numpy, combined table) from the repository root:
//
//   Benchmarks/run-rng.sh         # RandomSource vs numpy
//   Benchmarks/run-sampling.sh    # distributions vs GSL from C vs numpy
//   Benchmarks/run-statistics.sh  # categorical counting vs numpy bincount
//   Benchmarks/run-softmax.sh     # softmax regression vs scikit-learn
//   Benchmarks/run-glm.sh         # Poisson and normal GLMs vs statsmodels, sklearn, numpy
//   Benchmarks/run-mcmc.sh        # NUTS ESS/s vs NumPyro and PyMC
//   Benchmarks/run-csv.sh         # CSV tables vs pandas.read_csv and numpy.loadtxt
//
// See Benchmarks/README.md.

import PackageDescription

let package = Package(
  name: "ProbKitBenchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "ProbKit", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "csv-benchmark",
      dependencies: [.product(name: "ProbKit", package: "ProbKit")]
    ),
    .executableTarget(
      name: "rng-benchmark",
      dependencies: [.product(name: "ProbKit", package: "ProbKit")]
    ),
    // Distribution sampling; run-sampling.sh also builds gsl_sampling.c (the
    // same draws from C) with gcc, outside SwiftPM.
    .executableTarget(
      name: "sampling-benchmark",
      dependencies: [.product(name: "ProbKit", package: "ProbKit")]
    ),
    // Softmax regression vs scikit-learn's LogisticRegression.
    .executableTarget(
      name: "softmax-benchmark",
      dependencies: [.product(name: "ProbKit", package: "ProbKit")]
    ),
    // Generalized linear models (Poisson, normal) vs statsmodels, scikit-learn
    // and numpy; data from glm_peer.py.
    .executableTarget(
      name: "glm-benchmark",
      dependencies: [.product(name: "ProbKit", package: "ProbKit")]
    ),
    // NUTS (HMCSampler) on three posteriors vs NumPyro and PyMC; data from
    // mcmc_peer.py. run-mcmc.sh also builds logistic_gradient.c (one
    // hand-gradient evaluation in C) with clang, outside SwiftPM.
    // The models' hand gradients are compiled for AVX2 and FMA (Haswell and
    // later), as XLA compiles NumPyro's for the host CPU and as a user may
    // compile a model; ProbKit itself is built as usual.
    .executableTarget(
      name: "mcmc-benchmark",
      dependencies: [.product(name: "ProbKit", package: "ProbKit")],
      swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"])]
    ),
    // Building sufficient statistics (a categorical counting pass) vs numpy.
    .executableTarget(
      name: "statistics-benchmark",
      dependencies: [.product(name: "ProbKit", package: "ProbKit")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
