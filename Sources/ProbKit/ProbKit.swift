// The ProbKit umbrella module: `import ProbKit` gives a user the whole public
// API. Each layer is its own module (see Docs/Architecture.md); this file only
// re-exports them.

@_exported import ProbKitCore
@_exported import ProbKitData
@_exported import ProbKitDistributions
@_exported import ProbKitInference
@_exported import ProbKitMCMC
@_exported import ProbKitRegression
@_exported import ProbKitStatistics
