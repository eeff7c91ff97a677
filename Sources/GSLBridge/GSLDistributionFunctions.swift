internal import CGSL

/// GSL's cumulative distribution functions and their inverses (`gsl_cdf_*`).
///
/// Raw: callers validate parameters first (GSL's own checks return NaN once the
/// abort handler is off). `P` is the lower tail P(X ≤ x), `Q` the upper tail
/// P(X > x), computed directly rather than as 1 - P.
package enum GSLDistributionFunctions {
  /// Φ(x), Φ(x)'s complement and their inverses, for the standard normal.
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

  /// The gamma distribution's lower tail at x, with shape a and scale b.
  package static func gammaP(_ x: Double, shape: Double, scale: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_gamma_P(x, shape, scale)
  }

  /// The gamma distribution's upper tail at x, with shape a and scale b.
  package static func gammaQ(_ x: Double, shape: Double, scale: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_gamma_Q(x, shape, scale)
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

  /// The beta distribution's lower tail at x.
  package static func betaP(_ x: Double, alpha: Double, beta: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_beta_P(x, alpha, beta)
  }

  /// The beta distribution's upper tail at x.
  package static func betaQ(_ x: Double, alpha: Double, beta: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_beta_Q(x, alpha, beta)
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

  /// The Poisson distribution's lower tail P(K ≤ k), for k < 2³².
  package static func poissonP(_ k: UInt32, mean: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_poisson_P(k, mean)
  }

  /// The Poisson distribution's upper tail P(K > k), for k < 2³².
  package static func poissonQ(_ k: UInt32, mean: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_poisson_Q(k, mean)
  }

  /// Student's t distribution's lower tail at x, with ν degrees of freedom.
  package static func studentTP(_ x: Double, degreesOfFreedom: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_tdist_P(x, degreesOfFreedom)
  }

  /// Student's t distribution's upper tail at x.
  package static func studentTQ(_ x: Double, degreesOfFreedom: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_tdist_Q(x, degreesOfFreedom)
  }

  /// Student's t distribution's lower-tail quantile.
  package static func studentTPInverse(_ p: Double, degreesOfFreedom: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
  }

  /// Student's t distribution's upper-tail quantile.
  package static func studentTQInverse(_ q: Double, degreesOfFreedom: Double) -> Double {
    GSLRuntime.prepare()
    return gsl_cdf_tdist_Qinv(q, degreesOfFreedom)
  }
}
