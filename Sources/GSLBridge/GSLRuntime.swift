internal import CGSL

/// The one place that prepares GSL for use from Swift.
///
/// GSL's default error handler prints a message and calls `abort()`, killing
/// the whole program on the first domain error. The handler is a process-wide
/// global, so it is switched off exactly once, before the first GSL call, by a
/// lazily initialised global constant: Swift runs that initialiser once,
/// thread-safely, whichever thread gets there first. Every function in this
/// module that calls GSL calls ``prepare()`` first, so whichever public API a
/// program happens to call first, the handler is already off.
package enum GSLRuntime {
  /// Makes sure GSL's aborting error handler is off.
  ///
  /// Cheap after the first call.
  @inline(__always)
  package static func prepare() {
    _ = errorHandlerDisabled
  }
}

/// Switches GSL's aborting error handler off; evaluated once per process.
private let errorHandlerDisabled: Void = {
  _ = gsl_set_error_handler_off()
}()
