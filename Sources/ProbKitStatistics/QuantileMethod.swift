/// How a quantile is read off a sorted sample: the nine definitions of
/// Hyndman and Fan (1996, "Sample quantiles in statistical packages"),
/// named as numpy's `quantile(method=)` names them.
///
/// For n sorted values x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ (0-based) and a probability p, the
/// continuous types 4–9 take the virtual index h = np + α + p(1 − α − β) − 1
/// and interpolate linearly between x₍⌊h⌋₎ and x₍⌊h⌋₊₁₎, clamped to the
/// first and last values; types 1–3 pick an order statistic:
///
/// | Type | numpy `method=` | case | rule |
/// |---|---|---|---|
/// | 1 | `inverted_cdf` | ``invertedCDF`` | x₍⌈np⌉₋₁₎, the inverse of the ECDF |
/// | 2 | `averaged_inverted_cdf` | ``averagedInvertedCDF`` | type 1, averaging at discontinuities |
/// | 3 | `closest_observation` | ``closestObservation`` | the nearest order statistic to np − ½, the even one at ties |
/// | 4 | `interpolated_inverted_cdf` | ``interpolatedInvertedCDF`` | α = 0, β = 1 |
/// | 5 | `hazen` | ``hazen`` | α = β = ½ |
/// | 6 | `weibull` | ``weibull`` | α = β = 0 (SAS, Minitab) |
/// | 7 | `linear` | ``linear`` | α = β = 1: h = (n − 1)p (numpy's, R's and Excel's default) |
/// | 8 | `median_unbiased` | ``medianUnbiased`` | α = β = ⅓ (Hyndman and Fan's recommendation) |
/// | 9 | `normal_unbiased` | ``normalUnbiased`` | α = β = ⅜ |
///
/// ```swift
/// let sample = try SortedSample([1, 2, 3, 4])
/// try sample.quantile(0.5)                           // 2.5 (type 7)
/// try sample.quantile(0.5, method: .invertedCDF)     // 2
/// QuantileMethod(hyndmanFanType: 8) == .medianUnbiased  // true
/// ```
public enum QuantileMethod: Int, CaseIterable, Sendable, Hashable, Codable {
  /// Type 1, numpy's `inverted_cdf`.
  case invertedCDF = 1
  /// Type 2, numpy's `averaged_inverted_cdf`.
  case averagedInvertedCDF
  /// Type 3, numpy's `closest_observation`.
  case closestObservation
  /// Type 4, numpy's `interpolated_inverted_cdf`.
  case interpolatedInvertedCDF
  /// Type 5, numpy's `hazen`.
  case hazen
  /// Type 6, numpy's `weibull`.
  case weibull
  /// Type 7, numpy's `linear`: the default.
  case linear
  /// Type 8, numpy's `median_unbiased`.
  case medianUnbiased
  /// Type 9, numpy's `normal_unbiased`.
  case normalUnbiased

  /// The method of Hyndman and Fan's type `type` (1...9), or `nil`.
  public init?(hyndmanFanType type: Int) {
    self.init(rawValue: type)
  }

  /// Hyndman and Fan's number for the method, 1...9.
  public var hyndmanFanType: Int { rawValue }

  /// The name numpy's `quantile(method=)` gives the method.
  public var numpyName: String {
    switch self {
    case .invertedCDF: return "inverted_cdf"
    case .averagedInvertedCDF: return "averaged_inverted_cdf"
    case .closestObservation: return "closest_observation"
    case .interpolatedInvertedCDF: return "interpolated_inverted_cdf"
    case .hazen: return "hazen"
    case .weibull: return "weibull"
    case .linear: return "linear"
    case .medianUnbiased: return "median_unbiased"
    case .normalUnbiased: return "normal_unbiased"
    }
  }

  /// The plotting-position constants (α, β) of the continuous types 4–9.
  var plottingPosition: (alpha: Double, beta: Double)? {
    switch self {
    case .invertedCDF, .averagedInvertedCDF, .closestObservation: return nil
    case .interpolatedInvertedCDF: return (0, 1)
    case .hazen: return (0.5, 0.5)
    case .weibull: return (0, 0)
    case .linear: return (1, 1)
    case .medianUnbiased: return (1 / 3.0, 1 / 3.0)
    case .normalUnbiased: return (3 / 8.0, 3 / 8.0)
    }
  }
}
