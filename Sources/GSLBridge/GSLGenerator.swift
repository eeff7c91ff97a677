internal import CGSL

/// Owns one GSL random number generator (`gsl_rng`) and draws from it.
///
/// The generator's state is mutable and not thread-safe; the type is therefore
/// not `Sendable`, and the compiler keeps an instance inside one task. It is
/// allocated in `init` and freed exactly once, in `deinit`.
package final class GSLGenerator {
  private let rng: UnsafeMutablePointer<gsl_rng>

  /// The generator's state (`rng->state`), the argument of ``getRaw`` and
  /// ``getDouble``.
  package let state: UnsafeMutableRawPointer

  /// The `gsl_rng *` itself, opaque, for GSL's samplers.
  package let handle: OpaquePointer

  /// The algorithm's raw draw (`rng->type->get`), what `gsl_rng_get` calls.
  package let getRaw: @convention(c) (UnsafeMutableRawPointer?) -> UInt

  /// The algorithm's uniform draw in [0, 1) (`rng->type->get_double`), what
  /// `gsl_rng_uniform` calls.
  package let getDouble: @convention(c) (UnsafeMutableRawPointer?) -> Double

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
  package convenience init(algorithm: String, seed: UInt32) throws(GSLError) {
    GSLRuntime.prepare()
    guard let type = Self.type(named: algorithm) else {
      throw GSLError(status: .invalidArgument, function: "gsl_rng_types_setup")
    }
    guard let rng = gsl_rng_alloc(type) else {
      throw GSLError(status: .outOfMemory, function: "gsl_rng_alloc")
    }
    try self.init(owning: rng)
    gsl_rng_set(rng, UInt(seed))
  }

  /// Allocates an independent copy of `other`, in the same state.
  ///
  /// - Throws: `GSLError` with status `.outOfMemory` if GSL cannot allocate it.
  package convenience init(copying other: GSLGenerator) throws(GSLError) {
    guard let rng = gsl_rng_clone(other.rng) else {
      throw GSLError(status: .outOfMemory, function: "gsl_rng_clone")
    }
    try self.init(owning: rng)
  }

  /// Takes ownership of an allocated generator (freed in `deinit`).
  private init(owning rng: UnsafeMutablePointer<gsl_rng>) throws(GSLError) {
    guard let state = rng.pointee.state, let get = rng.pointee.type.pointee.get,
      let getDouble = rng.pointee.type.pointee.get_double
    else {
      gsl_rng_free(rng)
      throw GSLError(status: .failure, function: "gsl_rng_alloc")
    }
    self.rng = rng
    self.state = state
    self.handle = OpaquePointer(rng)
    self.getRaw = get
    self.getDouble = getDouble
    self.minimum = UInt64(gsl_rng_min(rng))
    self.maximum = UInt64(gsl_rng_max(rng))
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

  /// The next raw output, in `minimum...maximum` (as `gsl_rng_get`).
  @inline(__always)
  package func nextRaw() -> UInt64 {
    UInt64(getRaw(state))
  }

  /// Fills `buffer` with uniform doubles in [0, 1).
  package func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>) {
    for index in buffer.indices { buffer[index] = getDouble(state) }
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

/// GSL's variate generators as C function pointers over an opaque `gsl_rng *`.
///
/// Inlinable code in the modules above stores these (Swift types, no C type in
/// sight) and calls them directly, so that a single draw costs what the C call
/// costs instead of paying for two non-inlinable Swift calls on the way.
package enum GSLSamplers {
  /// A variate generator with one parameter: `double f(const gsl_rng *, double)`.
  package typealias OneParameter = @convention(c) (OpaquePointer?, Double) -> Double

  /// `gsl_ran_gaussian_ziggurat(r, sigma)`.
  package static let gaussianZiggurat: OneParameter = unsafeBitCast(
    gsl_ran_gaussian_ziggurat as @convention(c) (UnsafePointer<gsl_rng>?, Double) -> Double,
    to: OneParameter.self)

  /// A variate generator with two parameters: `double f(const gsl_rng *, double, double)`.
  package typealias TwoParameter = @convention(c) (OpaquePointer?, Double, Double) -> Double

  /// A discrete variate generator with one parameter:
  /// `unsigned int f(const gsl_rng *, double)`.
  package typealias DiscreteOneParameter = @convention(c) (OpaquePointer?, Double) -> UInt32

  /// `gsl_ran_gamma(r, a, b)`, with shape `a` and **scale** `b`.
  package static let gamma: TwoParameter = unsafeBitCast(
    gsl_ran_gamma as @convention(c) (UnsafePointer<gsl_rng>?, Double, Double) -> Double,
    to: TwoParameter.self)

  /// `gsl_ran_beta(r, a, b)`.
  package static let beta: TwoParameter = unsafeBitCast(
    gsl_ran_beta as @convention(c) (UnsafePointer<gsl_rng>?, Double, Double) -> Double,
    to: TwoParameter.self)

  /// `gsl_ran_poisson(r, mu)`.
  package static let poisson: DiscreteOneParameter = unsafeBitCast(
    gsl_ran_poisson as @convention(c) (UnsafePointer<gsl_rng>?, Double) -> UInt32,
    to: DiscreteOneParameter.self)

  /// `gsl_ran_bernoulli(r, p)`.
  package static let bernoulli: DiscreteOneParameter = unsafeBitCast(
    gsl_ran_bernoulli as @convention(c) (UnsafePointer<gsl_rng>?, Double) -> UInt32,
    to: DiscreteOneParameter.self)

  /// `unsigned int f(const gsl_rng *, double p, unsigned int n)`.
  package typealias Binomial = @convention(c) (OpaquePointer?, Double, UInt32) -> UInt32

  /// `gsl_ran_binomial(r, p, n)`.
  package static let binomial: Binomial = unsafeBitCast(
    gsl_ran_binomial as @convention(c) (UnsafePointer<gsl_rng>?, Double, UInt32) -> UInt32,
    to: Binomial.self)

  /// `void f(const gsl_rng *, size_t K, const double alpha[], double theta[])`.
  package typealias Dirichlet =
    @convention(c) (OpaquePointer?, Int, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?) ->
    Void

  /// `gsl_ran_dirichlet(r, K, alpha, theta)`: GSL switches to a log-space method
  /// when all alphas are tiny, so rows never come back NaN.
  package static let dirichlet: Dirichlet = unsafeBitCast(
    gsl_ran_dirichlet
      as @convention(c) (
        UnsafePointer<gsl_rng>?, Int, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?
      ) -> Void,
    to: Dirichlet.self)

  /// `gsl_ran_exponential(r, mu)`, with mean `mu`.
  package static let exponential: OneParameter = unsafeBitCast(
    gsl_ran_exponential as @convention(c) (UnsafePointer<gsl_rng>?, Double) -> Double,
    to: OneParameter.self)
}
