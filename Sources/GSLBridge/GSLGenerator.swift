internal import CGSL

/// Owns one GSL random number generator (`gsl_rng`) and draws from it.
///
/// The generator's state is mutable and not thread-safe; the type is therefore
/// not `Sendable`, and the compiler keeps an instance inside one task. It is
/// allocated in `init` and freed exactly once, in `deinit`.
package final class GSLGenerator {
  private let rng: UnsafeMutablePointer<gsl_rng>

  /// The smallest value ``nextRaw()`` returns (`gsl_rng_min`).
  package let minimum: UInt64

  /// The largest value ``nextRaw()`` returns (`gsl_rng_max`).
  package let maximum: UInt64

  /// Allocates a generator of the GSL algorithm named `algorithm` (as
  /// `gsl_rng_name` spells it, for example `"mt19937"`) and seeds it with
  /// `gsl_rng_set`.
  ///
  /// - Throws: `GSLError` with status `.invalidArgument` for an unknown name,
  ///   `.outOfMemory` if GSL cannot allocate the state.
  package init(algorithm: String, seed: UInt32) throws(GSLError) {
    GSLRuntime.prepare()
    guard let type = Self.type(named: algorithm) else {
      throw GSLError(status: .invalidArgument, function: "gsl_rng_types_setup")
    }
    guard let rng = gsl_rng_alloc(type) else {
      throw GSLError(status: .outOfMemory, function: "gsl_rng_alloc")
    }
    self.rng = rng
    self.minimum = UInt64(gsl_rng_min(rng))
    self.maximum = UInt64(gsl_rng_max(rng))
    gsl_rng_set(rng, UInt(seed))
  }

  /// Allocates an independent copy of `other`, in the same state.
  ///
  /// - Throws: `GSLError` with status `.outOfMemory` if GSL cannot allocate it.
  package init(copying other: GSLGenerator) throws(GSLError) {
    guard let rng = gsl_rng_clone(other.rng) else {
      throw GSLError(status: .outOfMemory, function: "gsl_rng_clone")
    }
    self.rng = rng
    self.minimum = other.minimum
    self.maximum = other.maximum
  }

  deinit {
    gsl_rng_free(rng)
  }

  /// The names of all generator algorithms this GSL build provides.
  package static var algorithmNames: [String] {
    GSLRuntime.prepare()
    var names: [String] = []
    var cursor = gsl_rng_types_setup()
    while let type = cursor?.pointee {
      names.append(String(cString: type.pointee.name))
      cursor = cursor?.successor()
    }
    return names
  }

  private static func type(named name: String) -> UnsafePointer<gsl_rng_type>? {
    var cursor = gsl_rng_types_setup()
    while let type = cursor?.pointee {
      if String(cString: type.pointee.name) == name { return type }
      cursor = cursor?.successor()
    }
    return nil
  }

  /// The algorithm's name as GSL reports it (`gsl_rng_name`).
  package var algorithmName: String {
    String(cString: gsl_rng_name(rng))
  }

  /// Reseeds the generator (`gsl_rng_set`).
  package func reseed(_ seed: UInt32) {
    gsl_rng_set(rng, UInt(seed))
  }

  /// The next raw output, in `minimum...maximum` (`gsl_rng_get`).
  @inline(__always)
  package func nextRaw() -> UInt64 {
    UInt64(gsl_rng_get(rng))
  }

  /// A uniform double in [0, 1) (`gsl_rng_uniform`).
  @inline(__always)
  package func uniform() -> Double {
    gsl_rng_uniform(rng)
  }

  /// A uniform double in (0, 1) (`gsl_rng_uniform_pos`).
  @inline(__always)
  package func uniformPositive() -> Double {
    gsl_rng_uniform_pos(rng)
  }

  /// A standard normal draw by the ziggurat method (`gsl_ran_gaussian_ziggurat`).
  @inline(__always)
  package func standardNormal() -> Double {
    gsl_ran_gaussian_ziggurat(rng, 1.0)
  }

  /// A draw from the exponential distribution with mean 1 (`gsl_ran_exponential`).
  @inline(__always)
  package func standardExponential() -> Double {
    gsl_ran_exponential(rng, 1.0)
  }

  /// Fills `buffer` with uniform doubles in [0, 1).
  package func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>) {
    for index in buffer.indices { buffer[index] = gsl_rng_uniform(rng) }
  }

  /// Fills `buffer` with standard normal draws (ziggurat).
  package func fillStandardNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
    for index in buffer.indices { buffer[index] = gsl_ran_gaussian_ziggurat(rng, 1.0) }
  }

  /// Fills `buffer` with draws from the exponential distribution with mean 1.
  package func fillStandardExponential(_ buffer: UnsafeMutableBufferPointer<Double>) {
    for index in buffer.indices { buffer[index] = gsl_ran_exponential(rng, 1.0) }
  }
}
