internal import CGSL

/// GSL's alias table for sampling from a finite discrete distribution in
/// constant time per draw (`gsl_ran_discrete_t`, Walker's method).
///
/// Built once in `init` (O(K)), freed once in `deinit`. GSL only reads the
/// table while sampling, so one table can serve many generators.
package final class GSLAliasTable {
  private let table: OpaquePointer

  /// Builds the table for weights proportional to `weights` (non-negative,
  /// finite, not all zero: the caller validates).
  ///
  /// - Throws: `GSLError` if GSL cannot build the table.
  package init(weights: [Double]) throws(GSLError) {
    GSLRuntime.prepare()
    let built = weights.withUnsafeBufferPointer {
      gsl_ran_discrete_preproc($0.count, $0.baseAddress)
    }
    guard let built else {
      throw GSLError(status: .invalidArgument, function: "gsl_ran_discrete_preproc")
    }
    table = OpaquePointer(built)
  }

  deinit {
    gsl_ran_discrete_free(UnsafeMutablePointer<gsl_ran_discrete_t>(table))
  }

  /// Fills `buffer` with draws, using the generator behind `generator`.
  package func fill(_ buffer: UnsafeMutableBufferPointer<Int>, using generator: GSLGenerator) {
    let rng = UnsafePointer<gsl_rng>(generator.handle)
    let discrete = UnsafePointer<gsl_ran_discrete_t>(table)
    for index in buffer.indices { buffer[index] = gsl_ran_discrete(rng, discrete) }
  }
}
