extension RandomSource {
  // GSL's samplers, unchecked, for ProbKit's distribution types.
  //
  // These are public only so that the distributions' inlinable `sample(using:)`
  // methods, in another module, can reach GSL with one indirect call per draw;
  // the leading underscore marks them as not part of the supported API. They
  // validate nothing (GSL's samplers return garbage for invalid parameters):
  // use the distribution types, whose initializers validate.

  /// A gamma variate with the given shape and **scale** (`gsl_ran_gamma`);
  /// unchecked.
  @inlinable
  public func _unsafeGamma(shape: Double, scale: Double) -> Double {
    gammaVariate(handle, shape, scale)
  }

  /// A beta variate (`gsl_ran_beta`); unchecked.
  @inlinable
  public func _unsafeBeta(alpha: Double, beta: Double) -> Double {
    betaVariate(handle, alpha, beta)
  }

  /// A Poisson variate with the given mean (`gsl_ran_poisson`); unchecked.
  @inlinable
  public func _unsafePoisson(mean: Double) -> Int {
    Int(poissonVariate(handle, mean))
  }

  /// A Bernoulli variate, 1 with probability `probability`
  /// (`gsl_ran_bernoulli`); unchecked.
  @inlinable
  public func _unsafeBernoulli(probability: Double) -> Int {
    Int(bernoulliVariate(handle, probability))
  }

  /// An exponential variate with the given mean (`gsl_ran_exponential`);
  /// unchecked.
  @inlinable
  public func _unsafeExponential(mean: Double) -> Double {
    exponential(handle, mean)
  }

  /// A normal variate with mean 0 and the given standard deviation
  /// (`gsl_ran_gaussian_ziggurat`); unchecked.
  @inlinable
  public func _unsafeGaussian(standardDeviation: Double) -> Double {
    gaussianZiggurat(handle, standardDeviation)
  }

  /// A binomial variate: successes in `trials` trials with success probability
  /// `probability` (`gsl_ran_binomial`); unchecked.
  @inlinable
  public func _unsafeBinomial(probability: Double, trials: UInt32) -> Int {
    Int(binomialVariate(handle, probability, trials))
  }

  /// A Dirichlet variate with parameters `alphas`, written into `theta`
  /// (`gsl_ran_dirichlet`); unchecked: the buffers must have equal, non-zero
  /// lengths.
  @inlinable
  public func _unsafeDirichlet(
    alphas: UnsafeBufferPointer<Double>, into theta: UnsafeMutableBufferPointer<Double>
  ) {
    dirichletVariate(handle, alphas.count, alphas.baseAddress, theta.baseAddress)
  }
}
