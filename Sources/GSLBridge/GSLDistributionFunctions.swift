internal import CGSL

/// The GSL cumulative distribution functions and inverses ProbKit uses
/// (`gsl_cdf_*`).
///
/// Raw: callers validate parameters first (GSL's own checks return NaN once the
/// abort handler is off). `P` is the lower tail P(X ≤ x), `Q` the upper tail
/// P(X > x). The gamma, beta and t CDFs ProbKit computes itself in extended
/// precision (GSL's lose up to 2e-9 at large parameters); their inverses here
/// are only starting points, which the distributions check and refine.
package enum GSLDistributionFunctions {
  /// Φ(x), the standard normal's lower tail.
  package static func standardNormalP(_ x: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_ugaussian_P(x)
  }

  /// 1 - Φ(x), computed directly.
  package static func standardNormalQ(_ x: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_ugaussian_Q(x)
  }

  /// Φ⁻¹(p).
  package static func standardNormalPInverse(_ p: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_ugaussian_Pinv(p)
  }

  /// Φ⁻¹(1 - q), from the upper-tail probability q.
  package static func standardNormalQInverse(_ q: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_ugaussian_Qinv(q)
  }

  /// The gamma distribution's lower-tail quantile.
  package static func gammaPInverse(_ p: Double, shape: Double, scale: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_gamma_Pinv(p, shape, scale)
  }

  /// The gamma distribution's upper-tail quantile.
  package static func gammaQInverse(_ q: Double, shape: Double, scale: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_gamma_Qinv(q, shape, scale)
  }

  /// The beta distribution's lower-tail quantile.
  package static func betaPInverse(_ p: Double, alpha: Double, beta: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_beta_Pinv(p, alpha, beta)
  }

  /// The beta distribution's upper-tail quantile.
  package static func betaQInverse(_ q: Double, alpha: Double, beta: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_beta_Qinv(q, alpha, beta)
  }

  /// Student's t distribution's upper-tail quantile.
  package static func studentTQInverse(_ q: Double, degreesOfFreedom: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_tdist_Qinv(q, degreesOfFreedom)
  }
}
