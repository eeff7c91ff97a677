package import GSLBridge

/// A seeded source of random numbers, backed by one of the GNU Scientific
/// Library's generators.
///
/// A `RandomSource` is a Swift `RandomNumberGenerator`, so the standard
/// library's random APIs accept it, and it is what ProbKit's samplers draw
/// from:
///
/// ```swift
/// var source = RandomSource(seed: 42)
/// let die = Int.random(in: 1...6, using: &source)
/// let order = [1, 2, 3, 4].shuffled(using: &source)
/// let z = source.nextStandardNormal()
/// ```
///
/// **Reproducibility.** The same seed and algorithm give the same stream on
/// every run and machine; the stream is the one GSL's C API gives for
/// `gsl_rng_set(r, seed)`, so results can be checked against C programs.
/// GSL's generators take 32-bit seeds, hence `UInt32`. (GSL maps seed 0 to each
/// algorithm's default seed: for the default `taus2` seeds 0 and 1 give the same
/// stream, for `mt19937` seeds 0 and 4357.)
///
/// **Parallel work.** A source is not thread-safe, so it is not `Sendable`:
/// give each task its own. ``init(seed:stream:algorithm:)`` derives any number
/// of distinct child streams from one seed, so a `TaskGroup` is reproducible
/// however its tasks are scheduled:
///
/// ```swift
/// let sums = await withTaskGroup(of: (Int, Double).self) { group in
///   for stream in 0..<8 {
///     group.addTask {
///       let source = RandomSource(seed: 42, stream: UInt32(stream))
///       return (stream, (0..<1000).reduce(0) { sum, _ in sum + source.nextUniform() })
///     }
///   }
///   var sums: [Int: Double] = [:]
///   for await (stream, sum) in group { sums[stream] = sum }
///   return sums
/// }
/// ```
///
/// The GSL state is allocated when the source is created and freed exactly
/// once, when the last reference to it goes away.
public final class RandomSource: RandomNumberGenerator {
  /// The generator algorithms ProbKit offers, named as GSL names them.
  ///
  /// Per-draw costs below were measured here (see `Docs/Performance.md`).
  /// The raw value is GSL's name, so an algorithm read from a command line
  /// or a file round-trips:
  ///
  /// ```swift
  /// RandomSource.Algorithm.default                // .taus2
  /// RandomSource.Algorithm(rawValue: "mt19937")   // .mt19937
  /// RandomSource(seed: 42, algorithm: .mt19937).nextUniform()  // 0.37454011430963874
  /// ```
  public enum Algorithm: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998): period
    /// 2¹⁹⁹³⁷ - 1, 623-dimensionally equidistributed, 32 bits per draw; about
    /// half as fast as `taus2`. GSL's own default.
    case mt19937
    /// L'Ecuyer's maximally equidistributed combined Tausworthe generator
    /// (1996): period 2⁸⁸, 32 bits per draw, 24 bytes of state. The default:
    /// the fastest of GSL's well-tested generators (a uniform in about 3 ns,
    /// a ziggurat normal in 6 ns, against 8 and 13 ns for `mt19937`).
    case taus2
    /// Ziff's four-tap lagged-Fibonacci generator: period 2⁹⁶⁸⁹, 32 bits per
    /// draw; fast.
    case gfsr4
    /// Lüscher's RANLUX at the highest luxury level, double-precision output
    /// (`ranlxd2`): proven decorrelation, slow.
    case ranlxd2
    /// RANLUX at luxury level 389 (24 bits per draw): proven decorrelation,
    /// slow.
    case ranlux389
    /// L'Ecuyer, Blouin and Couture's fifth-order multiple recursive generator
    /// (1993): period about 10⁴⁶, outputs in 0..<2³¹ - 1.
    case mrg
    /// L'Ecuyer's combined multiple recursive generator (1996): period about
    /// 2¹⁸⁵, outputs in 0..<2³¹ - 1.
    case cmrg

    /// The algorithm a source uses unless told otherwise: ``taus2``.
    ///
    /// Chosen for speed among generators that pass the standard statistical
    /// batteries apart from the linear-complexity tests every F₂-linear
    /// generator (`mt19937` included) fails; its period, 2⁸⁸, leaves seeded
    /// parallel streams far apart. Pass ``mt19937`` for the stream of GSL's own
    /// default.
    ///
    /// ```swift
    /// RandomSource.Algorithm.default                 // taus2
    /// RandomSource(seed: 42).algorithm == .default   // true
    /// ```
    public static let `default` = Algorithm.taus2

    /// The name GSL gives the algorithm.
    ///
    /// ```swift
    /// RandomSource.Algorithm.mt19937.description  // "mt19937", the raw value
    /// ```
    public var description: String { rawValue }
  }

  /// The seed this source was created with (after stream derivation).
  ///
  /// Log it to replay a run seeded from the system:
  ///
  /// ```swift
  /// RandomSource(seed: 42).seed             // 42
  /// RandomSource(seed: 42, stream: 3).seed  // 2350751508, the child stream's own seed
  /// ```
  public let seed: UInt32

  /// The generator algorithm.
  ///
  /// ```swift
  /// RandomSource(seed: 42).algorithm                      // taus2, the default
  /// RandomSource(seed: 42, algorithm: .mt19937).algorithm  // mt19937
  /// ```
  public let algorithm: Algorithm

  /// The GSL generator, for ProbKit's samplers; it owns the GSL state.
  package let generator: GSLGenerator

  // The draw path, as Swift-typed pointers into GSL, so that the single-draw
  // methods are inlinable into user code and cost what the C calls cost.

  /// The generator's state.
  @usableFromInline let state: UnsafeMutableRawPointer
  /// The `gsl_rng *`, opaque.
  @usableFromInline let handle: OpaquePointer
  /// The algorithm's raw draw (what `gsl_rng_get` calls).
  @usableFromInline let getRaw: @convention(c) (UnsafeMutableRawPointer?) -> UInt
  /// The algorithm's uniform draw (what `gsl_rng_uniform` calls).
  @usableFromInline let getDouble: @convention(c) (UnsafeMutableRawPointer?) -> Double
  /// `gsl_ran_gaussian_ziggurat`.
  @usableFromInline let gaussianZiggurat: @convention(c) (OpaquePointer?, Double) -> Double
  /// `gsl_ran_exponential`.
  @usableFromInline let exponential: @convention(c) (OpaquePointer?, Double) -> Double
  /// `gsl_ran_gamma` (shape, scale).
  @usableFromInline let gammaVariate: @convention(c) (OpaquePointer?, Double, Double) -> Double
  /// `gsl_ran_beta`.
  @usableFromInline let betaVariate: @convention(c) (OpaquePointer?, Double, Double) -> Double
  /// `gsl_ran_poisson`.
  @usableFromInline let poissonVariate: @convention(c) (OpaquePointer?, Double) -> UInt32
  /// `gsl_ran_bernoulli`.
  @usableFromInline let bernoulliVariate: @convention(c) (OpaquePointer?, Double) -> UInt32
  /// `gsl_ran_binomial`.
  @usableFromInline let binomialVariate: @convention(c) (OpaquePointer?, Double, UInt32) -> UInt32
  /// `gsl_ran_dirichlet`.
  @usableFromInline let dirichletVariate:
    @convention(c) (OpaquePointer?, Int, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?) ->
      Void
  /// The smallest raw draw (`gsl_rng_min`).
  @usableFromInline let minimumRaw: UInt64

  /// How many random bits one accepted raw draw contributes to ``next()``.
  @usableFromInline let bitsPerDraw: Int
  /// Raw draws at or above `minimum + acceptedRange` (a multiple of
  /// 2^bitsPerDraw) are rejected, so that the low `bitsPerDraw` bits of each
  /// accepted one are uniform.
  @usableFromInline let acceptedRange: UInt64

  /// Creates a source from a seed, with the default or a chosen algorithm.
  ///
  /// ```swift
  /// let source = RandomSource(seed: 42)
  /// source.nextUniform()  // 0.7951071311254054, on every run and machine
  /// RandomSource(seed: 42, algorithm: .mt19937).nextUniform()  // 0.37454011430963874
  /// ```
  ///
  /// - Parameters:
  ///   - seed: The seed passed to GSL's `gsl_rng_set`.
  ///   - algorithm: The generator algorithm; ``Algorithm/default`` unless
  ///     given.
  public convenience init(seed: UInt32, algorithm: Algorithm = .default) {
    let generator: GSLGenerator
    do {
      generator = try GSLGenerator(algorithm: algorithm.rawValue, seed: seed)
    } catch {
      // Every `Algorithm` exists in GSL (a test checks it), so only a failed
      // allocation of a few kilobytes can land here.
      fatalError("RandomSource: cannot create a GSL \(algorithm) generator: \(error)")
    }
    self.init(seed: seed, algorithm: algorithm, generator: generator)
  }

  /// Wraps `generator`, caching its draw path.
  private init(seed: UInt32, algorithm: Algorithm, generator: GSLGenerator) {
    self.seed = seed
    self.algorithm = algorithm
    self.generator = generator
    state = generator.state
    handle = generator.handle
    getRaw = generator.getRaw
    getDouble = generator.getDouble
    gaussianZiggurat = GSLSamplers.gaussianZiggurat
    exponential = GSLSamplers.exponential
    gammaVariate = GSLSamplers.gamma
    betaVariate = GSLSamplers.beta
    poissonVariate = GSLSamplers.poisson
    bernoulliVariate = GSLSamplers.bernoulli
    binomialVariate = GSLSamplers.binomial
    dirichletVariate = GSLSamplers.dirichlet
    minimumRaw = generator.minimum
    (bitsPerDraw, acceptedRange) = Self.rawDrawLayout(
      minimum: generator.minimum, maximum: generator.maximum)
  }

  /// Creates the source for child stream `stream` of `seed`: the one whose
  /// seed is ``streamSeed(_:stream:)``.
  ///
  /// Children of one seed are distinct streams for all 2³² stream indices, and
  /// none is the parent's own stream `RandomSource(seed: seed)` except by a
  /// 2⁻³² coincidence. Give each parallel task its stream index, not a
  /// source shared between tasks:
  ///
  /// ```swift
  /// let child = RandomSource(seed: 42, stream: 3)
  /// child.seed  // 2350751508, that is RandomSource.streamSeed(42, stream: 3)
  /// child.description  // "RandomSource(seed: 2350751508, algorithm: taus2)"
  /// ```
  ///
  /// - Parameters:
  ///   - seed: The parent seed, shared by all the streams of one computation.
  ///   - stream: The child stream's index (a task or shard number).
  ///   - algorithm: The generator algorithm; ``Algorithm/default`` unless
  ///     given.
  public convenience init(seed: UInt32, stream: UInt32, algorithm: Algorithm = .default) {
    self.init(seed: Self.streamSeed(seed, stream: stream), algorithm: algorithm)
  }

  /// Creates a source seeded from the system's random number generator; read
  /// ``seed`` to reproduce its stream later.
  ///
  /// ```swift
  /// let source = RandomSource()
  /// print("seed:", source.seed)  // log it; RandomSource(seed:) replays the run
  /// ```
  ///
  /// - Parameter algorithm: The generator algorithm; ``Algorithm/default``
  ///   unless given.
  public convenience init(algorithm: Algorithm = .default) {
    var system = SystemRandomNumberGenerator()
    self.init(seed: UInt32.random(in: .min ... .max, using: &system), algorithm: algorithm)
  }

  /// An independent copy of this source, in its current state: both produce
  /// the same stream from here on.
  ///
  /// `RandomSource` is a class, so assigning it shares one generator; copy it
  /// to replay draws:
  ///
  /// ```swift
  /// let source = RandomSource(seed: 7)
  /// let replay = source.copy()
  /// source.nextUniform() == replay.nextUniform()  // true
  /// ```
  public func copy() -> RandomSource {
    do {
      let generator = try GSLGenerator(copying: self.generator)
      return RandomSource(seed: seed, algorithm: algorithm, generator: generator)
    } catch {
      fatalError("RandomSource: cannot copy a GSL \(algorithm) generator: \(error)")
    }
  }

  // MARK: - Streams

  /// The seed of child stream `stream` of `seed`.
  ///
  /// SplitMix-style: the parent seed is scrambled, the stream index is added
  /// as a multiple of the golden-ratio constant, and the sum is scrambled
  /// again. Both scramblers and the odd multiplier are bijections of the
  /// 32-bit integers, so different stream indices of one seed always give
  /// different child seeds.
  ///
  /// ```swift
  /// RandomSource.streamSeed(42, stream: 3)  // 2350751508
  /// ```
  ///
  /// - Parameters:
  ///   - seed: The parent seed.
  ///   - stream: The child stream's index.
  /// - Returns: The seed that ``init(seed:stream:algorithm:)`` passes to GSL.
  public static func streamSeed(_ seed: UInt32, stream: UInt32) -> UInt32 {
    mix(mix(seed) &+ (stream &+ 1) &* 0x9E37_79B9)
  }

  /// The seeds of child streams `0..<count` of `seed`; see
  /// ``streamSeed(_:stream:)``.
  ///
  /// ```swift
  /// RandomSource.streamSeeds(from: 42, count: 4)
  /// // [2496218441, 2569337798, 590318904, 2350751508]
  /// ```
  ///
  /// - Parameters:
  ///   - seed: The parent seed.
  ///   - count: How many streams; a negative count gives none.
  /// - Returns: `count` distinct seeds, stream 0 first.
  public static func streamSeeds(from seed: UInt32, count: Int) -> [UInt32] {
    (0..<max(0, count)).map { streamSeed(seed, stream: UInt32(truncatingIfNeeded: $0)) }
  }

  /// A bijective 32-bit integer hash: "lowbias32" by Chris Wellons.
  private static func mix(_ value: UInt32) -> UInt32 {
    var x = value
    x ^= x >> 16
    x &*= 0x7FEB_352D
    x ^= x >> 15
    x &*= 0x846C_A68B
    x ^= x >> 16
    return x
  }

  // MARK: - Raw bits

  /// Returns 64 uniformly random bits.
  ///
  /// GSL's generators yield at most 32 bits per draw, so this combines draws:
  /// two for the 32-bit algorithms and three for `ranlux389` (24 bits). For
  /// `mrg` and `cmrg`, whose outputs span 2³¹ - 1 values, each draw gives 22
  /// bits (its value modulo 2²²), after rejecting the 0.2% of draws at or
  /// above 511·2²² that would make those bits non-uniform.
  ///
  /// The standard library's random APIs call this:
  ///
  /// ```swift
  /// var source = RandomSource(seed: 42)
  /// Int.random(in: 1...6, using: &source)  // a die roll, reproducible from the seed
  /// ```
  @inlinable
  public func next() -> UInt64 {
    if bitsPerDraw == 32 && acceptedRange == 1 << 32 {
      let high = UInt64(getRaw(state)) &- minimumRaw
      let low = UInt64(getRaw(state)) &- minimumRaw
      return high << 32 | low
    }
    return nextCombiningDraws()
  }

  /// ``next()`` for generators whose draws are not 32 bits wide.
  @usableFromInline
  func nextCombiningDraws() -> UInt64 {
    let minimum = minimumRaw
    let mask: UInt64 = bitsPerDraw == 64 ? .max : (1 << UInt64(bitsPerDraw)) - 1
    var result: UInt64 = 0
    var filled = 0
    while filled < 64 {
      let draw = UInt64(getRaw(state)) &- minimum
      guard draw < acceptedRange else { continue }
      result = result &<< UInt64(bitsPerDraw) | draw & mask
      filled += bitsPerDraw
    }
    return result
  }

  /// How to turn raw draws into uniform bits: take `bits` bits (the value
  /// modulo 2^bits) from each draw below `range`, a multiple of 2^bits, and
  /// reject the rest.
  ///
  /// Chooses the number of bits that needs the fewest raw draws per 64-bit
  /// value, counting rejections: 32 for a generator with 2³² values, 22 for
  /// the 2³¹ - 1 values of `mrg` (three draws, 0.2% rejected, where 30 bits
  /// would reject half).
  private static func rawDrawLayout(
    minimum: UInt64, maximum: UInt64
  ) -> (bits: Int, range: UInt64) {
    let span = maximum &- minimum
    if span == .max { return (64, .max) }
    let valueCount = span + 1
    let maximumBits = (UInt64.bitWidth - 1) - valueCount.leadingZeroBitCount
    var best = (bits: maximumBits, range: UInt64(1) << UInt64(maximumBits), cost: Double.infinity)
    for bits in 1...maximumBits {
      let block = UInt64(1) << UInt64(bits)
      let range = valueCount / block * block
      let drawsPerValue = (64 + bits - 1) / bits
      let cost = Double(drawsPerValue) * Double(valueCount) / Double(range)
      if cost < best.cost { best = (bits, range, cost) }
    }
    return (best.bits, best.range)
  }

  // MARK: - Variates

  /// A uniform draw from [0, 1) (`gsl_rng_uniform`; 32 bits of resolution for
  /// the 32-bit algorithms).
  ///
  /// ```swift
  /// let source = RandomSource(seed: 42)
  /// source.nextUniform()  // 0.7951071311254054
  /// source.nextUniform()  // 0.6193279074504972
  /// ```
  @inlinable
  public func nextUniform() -> Double {
    getDouble(state)
  }

  /// A uniform draw from the open interval (0, 1), never 0
  /// (`gsl_rng_uniform_pos`): safe to take the logarithm of.
  ///
  /// The same stream as ``nextUniform()``, with any 0 skipped:
  ///
  /// ```swift
  /// let source = RandomSource(seed: 42)
  /// let u = source.nextUniformPositive()  // 0.7951071311254054
  /// -log(u)                               // a rate-1 exponential draw, never infinite
  /// ```
  @inlinable
  public func nextUniformPositive() -> Double {
    var value: Double
    repeat { value = getDouble(state) } while value == 0
    return value
  }

  /// A standard normal draw, N(0, 1), by Marsaglia and Tsang's ziggurat
  /// method (`gsl_ran_gaussian_ziggurat`).
  ///
  /// Scale and shift it for N(μ, σ²):
  ///
  /// ```swift
  /// let source = RandomSource(seed: 42)
  /// let z = source.nextStandardNormal()  // -0.7407477763065652
  /// let height = 170 + 10 * z             // a draw from N(170, 10²)
  /// ```
  @inlinable
  public func nextStandardNormal() -> Double {
    gaussianZiggurat(handle, 1.0)
  }

  /// A draw from the exponential distribution with rate 1 (mean 1),
  /// -log(1 - u) (`gsl_ran_exponential`).
  ///
  /// Divide by λ for rate λ:
  ///
  /// ```swift
  /// let source = RandomSource(seed: 42)
  /// let wait = source.nextStandardExponential() / 0.5  // rate 0.5, mean 2
  /// ```
  @inlinable
  public func nextStandardExponential() -> Double {
    exponential(handle, 1.0)
  }

  /// Fills `values` with uniform draws from [0, 1).
  ///
  /// The same stream as repeated ``nextUniform()`` calls, faster:
  ///
  /// ```swift
  /// var u = [Double](repeating: 0, count: 3)
  /// RandomSource(seed: 42).fillUniform(&u)
  /// u  // [0.7951071311254054, 0.6193279074504972, 0.7438409423921257]
  /// ```
  ///
  /// - Parameter values: The array to overwrite, every element.
  public func fillUniform(_ values: inout [Double]) {
    values.withUnsafeMutableBufferPointer { generator.fillUniform($0) }
  }

  /// Fills `values` with standard normal draws (ziggurat).
  ///
  /// ```swift
  /// var z = [Double](repeating: 0, count: 1_000)
  /// RandomSource(seed: 42).fillStandardNormal(&z)
  /// z[0]  // -0.7407477763065652, as RandomSource(seed: 42).nextStandardNormal()
  /// ```
  ///
  /// - Parameter values: The array to overwrite, every element.
  public func fillStandardNormal(_ values: inout [Double]) {
    values.withUnsafeMutableBufferPointer { generator.fillStandardNormal($0) }
  }

  /// Fills `values` with draws from the exponential distribution with rate 1.
  ///
  /// The same stream as repeated ``nextStandardExponential()`` calls:
  ///
  /// ```swift
  /// var waits = [Double](repeating: 0, count: 3)
  /// RandomSource(seed: 42).fillStandardExponential(&waits)
  /// waits  // [1.5852680272975583, 0.9658169239032037, 1.3619567086604158]
  /// ```
  ///
  /// - Parameter values: The array to overwrite, every element.
  public func fillStandardExponential(_ values: inout [Double]) {
    values.withUnsafeMutableBufferPointer { generator.fillStandardExponential($0) }
  }

  /// Fills a buffer with uniform draws from [0, 1).
  ///
  /// For memory you manage yourself; the same stream as ``nextUniform()``:
  ///
  /// ```swift
  /// var u = [Double](repeating: 0, count: 4)
  /// u.withUnsafeMutableBufferPointer { RandomSource(seed: 42).fillUniform($0) }
  /// u[0]  // 0.7951071311254054
  /// ```
  ///
  /// - Parameter buffer: The buffer to overwrite.
  public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>) {
    generator.fillUniform(buffer)
  }

  /// Fills a buffer with standard normal draws (ziggurat).
  ///
  /// ```swift
  /// var z = [Double](repeating: 0, count: 4)
  /// z.withUnsafeMutableBufferPointer { RandomSource(seed: 42).fillStandardNormal($0) }
  /// z[0]  // -0.7407477763065652
  /// ```
  ///
  /// - Parameter buffer: The buffer to overwrite.
  public func fillStandardNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
    generator.fillStandardNormal(buffer)
  }

  /// Fills a buffer with draws from the exponential distribution with rate 1.
  ///
  /// ```swift
  /// var waits = [Double](repeating: 0, count: 4)
  /// waits.withUnsafeMutableBufferPointer { RandomSource(seed: 42).fillStandardExponential($0) }
  /// waits[0]  // 1.5852680272975583
  /// ```
  ///
  /// - Parameter buffer: The buffer to overwrite.
  public func fillStandardExponential(_ buffer: UnsafeMutableBufferPointer<Double>) {
    generator.fillStandardExponential(buffer)
  }
}

extension RandomSource: CustomStringConvertible {
  /// The algorithm and seed, for example `RandomSource(seed: 42, algorithm: taus2)`.
  ///
  /// ```swift
  /// RandomSource(seed: 42).description  // "RandomSource(seed: 42, algorithm: taus2)"
  /// ```
  public var description: String {
    "RandomSource(seed: \(seed), algorithm: \(algorithm))"
  }
}
