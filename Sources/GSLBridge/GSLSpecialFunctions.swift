internal import CGSL

/// The GSL special functions ProbKit uses, called through their `_e` forms so
/// that every status code is checked.
///
/// Only those GSL computes to ProbKit's accuracy bound on their whole range
/// of use; the rest (beta, log-beta, trigamma, polygamma, log-binomial) are
/// ProbKitCore's own, in extended precision.
///
/// These are raw: they do no validation beyond GSL's own and throw on any
/// non-success status. ProbKitCore wraps them with the documented domain policy
/// (validate first, then call), because GSL is silently wrong in places once its
/// handler is off (`gsl_sf_lngamma(-1)` returns 0).
package enum GSLSpecialFunctions {
  /// Γ(x) (`gsl_sf_gamma_e`).
  package static func gamma(_ x: Double) throws(GSLError) -> Double {
    try evaluate("gsl_sf_gamma_e") { gsl_sf_gamma_e(x, $0) }
  }

  /// log|Γ(x)| (`gsl_sf_lngamma_e`).
  package static func logGamma(_ x: Double) throws(GSLError) -> Double {
    try evaluate("gsl_sf_lngamma_e") { gsl_sf_lngamma_e(x, $0) }
  }

  /// ψ(x) = Γ′(x)/Γ(x) (`gsl_sf_psi_e`).
  package static func digamma(_ x: Double) throws(GSLError) -> Double {
    try evaluate("gsl_sf_psi_e") { gsl_sf_psi_e(x, $0) }
  }

  /// log(n!) (`gsl_sf_lnfact_e`).
  package static func logFactorial(_ n: UInt32) throws(GSLError) -> Double {
    try evaluate("gsl_sf_lnfact_e") { gsl_sf_lnfact_e(n, $0) }
  }

  /// Calls a GSL `_e` function with a result slot and checks its status.
  @inline(__always)
  private static func evaluate(
    _ function: StaticString,
    _ call: (UnsafeMutablePointer<gsl_sf_result>) -> CInt
  ) throws(GSLError) -> Double {
    GSLRuntime.prepare()
    var result = gsl_sf_result(val: 0, err: 0)
    try GSLError.check(call(&result), function)
    return result.val
  }
}
