#!/usr/bin/env python3
"""Generate the reference fixture for ProbKitDistributions.

Writes ``Tests/ProbKitDistributionsTests/Fixtures/distributions.json`` with three lists:

``univariate``
    One case per distribution and parameter setting:
    ``{"distribution", "parameters", "properties", "points", "quantiles",
    "scipyRelativeError", "scipyWorst"}``.  ``properties`` holds ``mean``,
    ``variance``, ``entropy`` (only for the distributions listed in ENTROPY) and
    ``mode`` (omitted where the mode is not unique).  Each point holds ``x``,
    ``logDensity``, ``cdf`` = P(X <= x) and ``survival`` = P(X > x); each quantile
    ``p`` and ``x``.  Discrete distributions (Bernoulli, Binomial, Poisson,
    Geometric, NegativeBinomial, BetaBinomial, Categorical) write integers as plain
    integer strings ("3"); their quantile is the smallest k with P(X <= k) >= p.
``multivariate``
    Dirichlet, Multinomial, DirichletMultinomial and MultivariateNormal cases:
    ``{"distribution", "parameters", "properties", "points", "scipyRelativeError",
    "scipyWorst"}`` with vector-valued ``x`` and ``logDensity`` only.
``kullbackLeibler``
    ``{"distribution", "p", "q", "value"}`` with value = KL(p || q) in nats.

It also writes ``Fixtures/large_parameters.json`` (issue 11): log-masses, log-densities
and tail probabilities at large parameters, each with its relative condition number
with respect to the parameters; see "Large parameters" below for the list and the
formulas.  ``--large-parameters-only`` writes (or with ``--check`` checks) just that
file, in a few minutes.

Every number is a string: doubles in Python ``repr`` form (shortest round-trip,
"0.1", "1e-300", "5e-324"), "inf" / "-inf" / "nan", integers as plain integers.
Parameter labels are the ProbKit argument labels.

How the expected values are obtained
    * Parameters and points are doubles (or Python ints) chosen here; mpmath
      evaluates at exactly those values (``mpf(double)`` is exact) and treats them
      as exact reals: probability vectors and simplex points are not renormalised
      (their double sums are 1 to within 2**-52, asserted below).
    * Every value is computed with mpmath at DPS = 40 significant digits (plus
      GUARD_DPS guard digits) and rounded exactly to the nearest double
      (``to_double``: correct rounding, subnormals, overflow to +-inf).
    * Every value is then recomputed at CHECK_DPS = 60 digits -- where there is a
      second algorithm, with that other algorithm -- and the script aborts unless
      both round to the same double:
        - Binomial cdf/survival: tail sums of the pmf (primary) vs the
          regularised incomplete beta I_{1-p}(n-k, k+1) (check);
        - Gamma, InverseGamma, ChiSquared, Exponential: the incomplete gamma
          function below (primary; Exponential: expm1 / exp) vs mpmath's
          ``gammainc`` (check; where that does not converge, the primary at 60
          digits);
        - Poisson: the incomplete gamma function Q(k+1, rate) (primary) vs tail
          sums of the pmf (check);
        - NegativeBinomial, Geometric: incomplete beta / closed form (primary)
          vs tail sums of the pmf for probability >= 0.01 (check; smaller
          probabilities have tails too long to sum: same formula, 60 digits);
        - Beta, StudentT, BetaBinomial, Categorical, all properties and the
          multivariate cases: the same formulas at 60 digits;
        - continuous quantiles: solved by safeguarded Newton on log cdf or log
          survival (primary); the check verifies that the cdf (survival) at the
          midpoints to the neighbouring doubles brackets p (1 - p), i.e. that
          the stored double is the correctly rounded quantile;
        - discrete quantiles: the check re-verifies P(X <= k) >= p > P(X <= k-1)
          with the check algorithm.  Values of p within 1e-12 (relative) of a cdf
          value are skipped: they would make the tests fragile;
        - KL divergences: quadrature / exact series (primary) vs the closed form
          (check), see below.
    * The regularised incomplete beta function is a continued fraction (modified
      Lentz, on the convergent side of (a+1)/(a+b+2), the other side by
      complement); mpmath's own ``betainc`` does not converge for parameters such
      as Beta(1e4, 2e4).  The regularised incomplete gamma function is its series
      (x < a + 1) or continued fraction, likewise (mpmath's ``gammainc`` fails in
      some tails of shape 1e4).  During development both were also compared with
      mpmath's betainc / gammainc and with a positive-term 2F1 series at all
      points where those converge: agreement to 1e-44 or better.
    * Closed forms are used for means, variances, modes and the differential
      entropies of the continuous families (Beta, Gamma, ... via digamma);
      discrete entropies are exact sums (Binomial with trials <= 1000, Poisson
      by its series, Categorical), closed forms for Bernoulli and Geometric.
    * KL(p || q) = E_p[log p(X) - log q(X)] is computed without the closed-form
      formula: finite sums (Bernoulli, Categorical), series (Poisson), tanh-sinh
      quadrature (Beta, Gamma, Normal, Exponential), E_p[log X_i] by quadrature
      over the Beta marginals (Dirichlet: log p - log q is linear in log x_i), and
      3-point-per-axis Gauss-Hermite cubature, exact for the quadratic integrand
      (MultivariateNormal).  The closed form is the independent check.
    * Conventions: StudentT mean is NaN for dof <= 1 and the variance NaN for
      dof <= 1, +inf for 1 < dof <= 2; InverseGamma and Lomax means are +inf for
      shape <= 1, variances +inf for shape <= 2.  Densities at a support edge take their limit
      (+inf, finite or 0 -> "-inf" log density); 0 * log 0 = 0 (xlogy).
    * Quantiles are listed only when the true quantile is a normal double strictly
      inside the support (p = 1e-300 is often not representable, Beta quantiles
      that round to 0 or 1 are dropped).

scipy comparison (informational)
    For each case the corresponding scipy.stats object is evaluated at the same
    doubles (Gamma and Exponential through ``scale = 1 / rate``, Geometric as
    ``nbinom(1, p)``, Categorical as ``rv_discrete``).  ``scipyRelativeError`` is
    the largest |scipy - expected| / |expected| over all values of the case
    (identical values, including inf/inf, count 0; a nonzero/zero or finite/inf
    mismatch counts as inf; values that are NaN by convention are skipped);
    ``scipyWorst`` names the value where it occurs.  Modes are not compared.

Points are deterministic: fixed lists, quantile-placed points (the 20-digit
quantile at tail levels 1e-300 ... 1 - 1e-300, printed to 15 significant digits),
and a fixed-seed SplitMix64 generator, so every run writes the same bytes.

Usage (from anywhere; Python >= 3.9 with mpmath 1.3.0, numpy and scipy 1.17.1):

    python3 Tests/Reference/generate_distributions.py            # (re)write the fixture
    python3 Tests/Reference/generate_distributions.py --check    # verify it is up to date
    python3 Tests/Reference/generate_distributions.py --jobs 4   # worker processes

The fixture is committed and the Swift test run never executes Python.  Regenerate
it only when cases are added or changed, and commit both files together.  (The
mpmath values do not depend on the scipy version; the informational scipy fields do.)
A run takes about a minute.
"""

import argparse
import json
import math
import multiprocessing
import os
import sys
import time
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
from mpmath import mp, mpf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_support import INF, NAN, SplitMix64, exact_sum, fmt, to_double  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "ProbKitDistributionsTests" / "Fixtures" / "distributions.json"
GENERATOR = "Tests/Reference/generate_distributions.py"

DPS = 40                 # significant digits of the stored reference values
CHECK_DPS = 60           # digits of the independent re-computation
GUARD_DPS = 20           # extra digits carried inside every evaluation
POINT_DPS = 20           # digits used only to place the points
MAX_SUM_TERMS = 60_000   # longer tail sums fall back to the incomplete beta
TIE_GAP = 1e-12          # discrete quantiles this close to a cdf value are skipped


CONTINUOUS_PS = [1e-300, 1e-10, 0.001, 0.1, 0.5, 0.9, 0.999, 1 - 1e-10]
DISCRETE_PS = [1e-10, 0.001, 0.1, 0.5, 0.9, 0.999, 1 - 1e-10]
LOWER_LEVELS = [1e-300, 1e-100, 1e-20, 1e-5, 0.1, 0.5, 0.9]    # cdf levels of points
UPPER_LEVELS = [1e-5, 1e-20, 1e-100, 1e-300]                    # survival levels
PMF_LEVELS = [1e-300, 1e-200, 1e-100, 1e-50, 1e-30, 1e-10, 1e-4]             # discrete tail points
MAX_POINTS = 20
FILL_UNIT = [1e-100, 1e-20, 1e-5, 0.01, 0.1, 0.3, 0.7, 0.9, 0.99, 0.99999, 0.9999999999]


class ReferenceError_(AssertionError):
    """The primary and the check computation disagree."""


# ---------------------------------------------------------------------------
# Doubles, strings and exact rounding
# ---------------------------------------------------------------------------


def is_normal(x):
    return math.isfinite(x) and abs(x) >= sys.float_info.min


def relative_error(expected, actual):
    """|actual - expected| / |expected| with the conventions of the docstring."""
    if expected == actual or (math.isnan(expected) and math.isnan(actual)):
        return 0.0
    if not (math.isfinite(expected) and math.isfinite(actual)) or expected == 0:
        return INF
    return abs(actual - expected) / abs(expected)


def pretty(x, digits=15):
    """x printed to `digits` significant digits and read back (readable points)."""
    return float(f"{x:.{digits}g}")


def simplex(*head):
    """head + [1 - sum(head)] (double arithmetic); asserts the exact sum is 1 +- 2**-52."""
    point = list(head) + [1.0 - math.fsum(head)]
    assert_near_simplex(point)
    return point


def assert_near_simplex(values):
    total = sum(Fraction(v) for v in values)
    if abs(total - 1) > Fraction(1, 2 ** 52):
        raise ValueError(f"{values} sums to {float(total)!r}, not 1")


# ---------------------------------------------------------------------------
# mpmath building blocks (all at the current working precision)
# ---------------------------------------------------------------------------

def one_minus(x):
    """1 - x, exactly."""
    return mpmath.fsub(1, x, exact=True)


def xlogy(c, y):
    """c * log(y) with 0 * log(0) = 0; c * log(0) = -inf * sign(c)."""
    if c == 0:
        return mpf(0)
    if y == 0:
        return mpf("-inf") if c > 0 else mpf("inf")
    return c * mpmath.log(y)


def log_beta(a, b):
    return mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)


def log_choose(n, k):
    return mpmath.loggamma(n + 1) - mpmath.loggamma(k + 1) - mpmath.loggamma(n - k + 1)


def _beta_continued_fraction(a, b, x, y):
    """I_x(a, b) by its continued fraction (modified Lentz); x < (a+1)/(a+b+2).

    Stops when a convergent changes by less than 256 ulp of the working precision
    (callers add 30 guard bits); a stricter test can sit forever on rounding noise."""
    eps = mpf(2) ** (-mp.prec + 8)
    tiny = mpf(2) ** (-4 * mp.prec)
    qab, qap, qam = a + b, a + 1, a - 1
    c = mpf(1)
    d = 1 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1 / d
    h = d
    m = 0
    while True:
        m += 1
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            if abs(d) < tiny:
                d = tiny
            c = 1 + aa / c
            if abs(c) < tiny:
                c = tiny
            d = 1 / d
            delta = d * c
            h *= delta
        if abs(delta - 1) < eps:
            break
        if m > 1_000_000:
            raise RuntimeError(f"incomplete beta continued fraction: a={a} b={b} x={x}")
    log_prefactor = a * mpmath.log(x) + b * mpmath.log(y) - mpmath.log(a) - log_beta(a, b)
    return mpmath.exp(log_prefactor) * h


def inc_beta(a, b, x, y):
    """(I_x(a, b), 1 - I_x(a, b)); x + y = 1 exactly, both passed so neither loses digits."""
    if x <= 0:
        return mpf(0), mpf(1)
    if y <= 0:
        return mpf(1), mpf(0)
    with mp.extraprec(30):
        if x * (a + b + 2) < a + 1:
            v = _beta_continued_fraction(a, b, x, y)
            return +v, +(1 - v)
        v = _beta_continued_fraction(b, a, y, x)
        return +(1 - v), +v


def reg_gamma(a, x):
    """(P(a, x), Q(a, x)), the regularised incomplete gamma functions: the series for P
    when x < a + 1, the continued fraction (modified Lentz) for Q otherwise, the other
    one by complement.  (mpmath's gammainc does not converge for a = 1e4 in the tails.)"""
    if x <= 0:
        return mpf(0), mpf(1)
    if mpmath.isinf(x):
        return mpf(1), mpf(0)
    with mp.extraprec(30):
        eps = mpf(2) ** (-mp.prec + 8)
        log_prefactor = a * mpmath.log(x) - x - mpmath.loggamma(a)
        if x < a + 1:
            term = total = 1 / mpf(a)   # a may be a Python int: 1 / a would be a float
            n = 0
            while abs(term) > eps * abs(total):
                n += 1
                term *= x / (a + n)
                total += term
                if n > 10_000_000:
                    raise RuntimeError(f"incomplete gamma series: a={a} x={x}")
            p = mpmath.exp(log_prefactor) * total
            return +p, +(1 - p)
        tiny = mpf(2) ** (-4 * mp.prec)
        b = x + 1 - a
        c = 1 / tiny
        d = 1 / b
        h = d
        i = 0
        while True:
            i += 1
            an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny:
                d = tiny
            c = b + an / c
            if abs(c) < tiny:
                c = tiny
            d = 1 / d
            delta = d * c
            h *= delta
            if abs(delta - 1) < eps:
                break
            if i > 10_000_000:
                raise RuntimeError(f"incomplete gamma continued fraction: a={a} x={x}")
        q = mpmath.exp(log_prefactor) * h
        return +(1 - q), +q


def reg_gamma_mpmath(a, x):
    """(P, Q) from mpmath's gammainc, the independent check; reg_gamma where it fails."""
    if x <= 0 or mpmath.isinf(x):
        return reg_gamma(a, x)
    try:
        return (mpmath.gammainc(a, 0, x, regularized=True),
                mpmath.gammainc(a, x, mpmath.inf, regularized=True))
    except mpmath.libmp.NoConvergence:
        return reg_gamma(a, x)


def quad(f, points):
    return mpmath.quad(f, points)


# ---------------------------------------------------------------------------
# Continuous univariate distributions
# ---------------------------------------------------------------------------

class Univariate:
    name = ""
    labels = ()
    discrete = False

    def __init__(self, *values):
        self.values = values
        for label, value in zip(self.labels, values):
            setattr(self, "_" + label, value)

    def m(self, label):
        """The parameter as an (exact) mpf."""
        return mpf(getattr(self, "_" + label))

    def parameters(self):
        return {label: fmt(v) for label, v in zip(self.labels, self.values)}

    def describe(self):
        return f"{self.name}({', '.join(f'{k}={fmt(v)}' for k, v in zip(self.labels, self.values))})"

    # Defaults; distributions override.
    def entropy(self):
        return None

    def mode(self):
        return None

    def check_cdf_sf(self, x):
        return self.cdf_sf(x)


class Continuous(Univariate):
    lower = -INF           # support, as doubles
    upper = INF
    edges = ()             # extra points: support edges, outside points

    def pdf(self, x):
        return mpmath.exp(self.logpdf(x))

    def transform(self):
        """'real', 'positive' or 'unit': the variable the quantile bisection works in."""
        if self.lower == 0 and self.upper == 1:
            return "unit"
        if self.lower == 0:
            return "positive"
        return "real"

    def scale(self):
        return mpf(1)

    def centre(self):
        return mpf(0)


class Normal(Continuous):
    name = "Normal"
    labels = ("mean", "standardDeviation")

    def logpdf(self, x):
        m, s = self.m("mean"), self.m("standardDeviation")
        z = (x - m) / s
        return -z * z / 2 - mpmath.log(s) - mpmath.log(2 * mpmath.pi) / 2

    def cdf_sf(self, x):
        m, s = self.m("mean"), self.m("standardDeviation")
        z = (x - m) / (s * mpmath.sqrt(2))
        return mpmath.erfc(-z) / 2, mpmath.erfc(z) / 2

    def mean(self):
        return self.m("mean")

    def variance(self):
        return self.m("standardDeviation") ** 2

    def entropy(self):
        return (1 + mpmath.log(2 * mpmath.pi)) / 2 + mpmath.log(self.m("standardDeviation"))

    def mode(self):
        return self.m("mean")

    def scale(self):
        return self.m("standardDeviation")

    def centre(self):
        return self.m("mean")

    def extra_points(self):
        return [self._mean]

    def scipy(self, st):
        return st.norm(self._mean, self._standardDeviation)


class Beta(Continuous):
    name = "Beta"
    labels = ("alpha", "beta")
    lower, upper = 0.0, 1.0

    def logpdf(self, x):
        a, b = self.m("alpha"), self.m("beta")
        if x < 0 or x > 1:
            return mpf("-inf")
        return xlogy(a - 1, x) + xlogy(b - 1, one_minus(x)) - log_beta(a, b)

    def cdf_sf(self, x):
        if x <= 0:
            return mpf(0), mpf(1)
        if x >= 1:
            return mpf(1), mpf(0)
        return inc_beta(self.m("alpha"), self.m("beta"), x, one_minus(x))

    def mean(self):
        a, b = self.m("alpha"), self.m("beta")
        return a / (a + b)

    def variance(self):
        a, b = self.m("alpha"), self.m("beta")
        return a * b / ((a + b) ** 2 * (a + b + 1))

    def entropy(self):
        a, b = self.m("alpha"), self.m("beta")
        return (log_beta(a, b) - (a - 1) * mpmath.digamma(a) - (b - 1) * mpmath.digamma(b)
                + (a + b - 2) * mpmath.digamma(a + b))

    def mode(self):
        a, b = self.m("alpha"), self.m("beta")
        if a > 1 and b > 1:
            return (a - 1) / (a + b - 2)
        if a == 1 and b == 1:
            return None
        if a <= 1 and b >= 1:
            return mpf(0)
        if a >= 1 and b <= 1:
            return mpf(1)
        return None     # both < 1: bimodal

    def scale(self):
        return mpmath.sqrt(self.variance())

    def centre(self):
        return self.mean()

    def extra_points(self):
        return [-0.5, 0.0, 5e-324, 1e-300, 0.5, 1.0 - 2.0 ** -53, 1.0, 1.5]

    def scipy(self, st):
        return st.beta(self._alpha, self._beta)


class Gamma(Continuous):
    name = "Gamma"
    labels = ("shape", "rate")
    lower = 0.0

    def shape_rate(self):
        return self.m("shape"), self.m("rate")

    def logpdf(self, x):
        k, r = self.shape_rate()
        if x < 0:
            return mpf("-inf")
        return k * mpmath.log(r) + xlogy(k - 1, x) - r * x - mpmath.loggamma(k)

    def cdf_sf(self, x):
        k, r = self.shape_rate()
        return reg_gamma(k, r * x)

    def check_cdf_sf(self, x):
        k, r = self.shape_rate()
        return reg_gamma_mpmath(k, r * x)

    def mean(self):
        k, r = self.shape_rate()
        return k / r

    def variance(self):
        k, r = self.shape_rate()
        return k / r ** 2

    def entropy(self):
        k, r = self.shape_rate()
        return k - mpmath.log(r) + mpmath.loggamma(k) + (1 - k) * mpmath.digamma(k)

    def mode(self):
        k, r = self.shape_rate()
        return (k - 1) / r if k >= 1 else mpf(0)

    def scale(self):
        return mpmath.sqrt(self.variance())

    def centre(self):
        return self.mean()

    def extra_points(self):
        return [-1.0, 0.0, 5e-324, 1e-300, to_double(self.mean())]

    def scipy(self, st):
        return st.gamma(self._shape, scale=1.0 / self._rate)


class ChiSquared(Gamma):
    name = "ChiSquared"
    labels = ("degreesOfFreedom",)

    def shape_rate(self):
        return self.m("degreesOfFreedom") / 2, mpf(0.5)

    def scipy(self, st):
        return st.chi2(self._degreesOfFreedom)


class Exponential(Gamma):
    name = "Exponential"
    labels = ("rate",)

    def shape_rate(self):
        return mpf(1), self.m("rate")

    def logpdf(self, x):
        r = self.m("rate")
        return mpf("-inf") if x < 0 else mpmath.log(r) - r * x

    def cdf_sf(self, x):
        if x <= 0:
            return mpf(0), mpf(1)
        r = self.m("rate")
        return -mpmath.expm1(-r * x), mpmath.exp(-r * x)

    def check_cdf_sf(self, x):
        return reg_gamma_mpmath(mpf(1), self.m("rate") * x)

    def scipy(self, st):
        return st.expon(scale=1.0 / self._rate)


class Lomax(Continuous):
    name = "Lomax"
    labels = ("shape", "scale")
    lower = 0.0

    def _log_tail(self, x):
        """log P(X > x) = -a log1p(x/s)."""
        return -self.m("shape") * mpmath.log1p(x / self.m("scale"))

    def logpdf(self, x):
        a, s = self.m("shape"), self.m("scale")
        if x < 0:
            return mpf("-inf")
        return mpmath.log(a) - mpmath.log(s) - (a + 1) * mpmath.log1p(x / s)

    def cdf_sf(self, x):
        if x <= 0:
            return mpf(0), mpf(1)
        log_tail = self._log_tail(x)
        return -mpmath.expm1(log_tail), mpmath.exp(log_tail)

    def check_cdf_sf(self, x):
        # Independently: P(X > x) = (1 + z)^-a by mpmath's power, z = x/s, and
        # P(X <= x) = I_t(1, a), t = z/(1 + z), by mpmath's regularised
        # incomplete beta for t <= 1/2 (it fails next to t = 1), 1 - P(X > x)
        # above (where P(X > x) <= 2^-a keeps the difference from cancelling).
        if x <= 0:
            return mpf(0), mpf(1)
        z = x / self.m("scale")
        a = self.m("shape")
        sf = mpmath.power(1 + z, -a)
        t = z / (1 + z)
        return (mpmath.betainc(1, a, 0, t, regularized=True) if t <= 0.5 else 1 - sf), sf

    def mean(self):
        a, s = self.m("shape"), self.m("scale")
        return s / (a - 1) if a > 1 else mpf("inf")

    def variance(self):
        a, s = self.m("shape"), self.m("scale")
        if a > 2:
            return s * s * a / ((a - 1) ** 2 * (a - 2))
        return mpf("inf")  # a <= 2; for a <= 1 the mean is +inf too (as scipy says)

    def entropy(self):
        a, s = self.m("shape"), self.m("scale")
        return mpmath.log(s / a) + 1 / a + 1

    def mode(self):
        return mpf(0)

    def scale(self):
        return self.m("scale")

    def extra_points(self):
        return [self._scale]

    def scipy(self, st):
        return st.lomax(self._shape, scale=self._scale)


class InverseGamma(Continuous):
    name = "InverseGamma"
    labels = ("shape", "scale")
    lower = 0.0

    def logpdf(self, x):
        a, b = self.m("shape"), self.m("scale")
        if x <= 0:
            return mpf("-inf")
        return a * mpmath.log(b) - (a + 1) * mpmath.log(x) - b / x - mpmath.loggamma(a)

    def cdf_sf(self, x):
        if x <= 0:
            return mpf(0), mpf(1)
        p, q = reg_gamma(self.m("shape"), self.m("scale") / x)
        return q, p

    def check_cdf_sf(self, x):
        if x <= 0:
            return mpf(0), mpf(1)
        p, q = reg_gamma_mpmath(self.m("shape"), self.m("scale") / x)
        return q, p

    def mean(self):
        a, b = self.m("shape"), self.m("scale")
        return b / (a - 1) if a > 1 else mpf("inf")

    def variance(self):
        a, b = self.m("shape"), self.m("scale")
        return b ** 2 / ((a - 1) ** 2 * (a - 2)) if a > 2 else mpf("inf")

    def entropy(self):
        a, b = self.m("shape"), self.m("scale")
        return a + mpmath.log(b) + mpmath.loggamma(a) - (1 + a) * mpmath.digamma(a)

    def mode(self):
        return self.m("scale") / (self.m("shape") + 1)

    def scale(self):
        return self.mode()

    def centre(self):
        return self.mode()

    def extra_points(self):
        return [-1.0, 0.0, 1e-300, to_double(self.mode())]

    def scipy(self, st):
        return st.invgamma(self._shape, scale=self._scale)


class StudentT(Continuous):
    name = "StudentT"
    labels = ("degreesOfFreedom", "location", "scale")

    def logpdf(self, x):
        v, mu, s = self.m("degreesOfFreedom"), self.m("location"), self.m("scale")
        t = (x - mu) / s
        return (mpmath.loggamma((v + 1) / 2) - mpmath.loggamma(v / 2)
                - mpmath.log(v * mpmath.pi) / 2 - mpmath.log(s)
                - (v + 1) / 2 * mpmath.log1p(t * t / v))

    def cdf_sf(self, x):
        v, mu, s = self.m("degreesOfFreedom"), self.m("location"), self.m("scale")
        t = (x - mu) / s
        if t == 0:
            return mpf(0.5), mpf(0.5)
        u = t * t
        # two-sided tail P(|T| > |t|) = I_{v/(v+t^2)}(v/2, 1/2)
        tail, body = inc_beta(v / 2, mpf(0.5), v / (v + u), u / (v + u))
        small, large = tail / 2, (1 + body) / 2
        return (small, large) if t < 0 else (large, small)

    def mean(self):
        v = self.m("degreesOfFreedom")
        return self.m("location") if v > 1 else mpf("nan")

    def variance(self):
        v, s = self.m("degreesOfFreedom"), self.m("scale")
        if v > 2:
            return s * s * v / (v - 2)
        return mpf("inf") if v > 1 else mpf("nan")

    def entropy(self):
        v, s = self.m("degreesOfFreedom"), self.m("scale")
        return ((v + 1) / 2 * (mpmath.digamma((v + 1) / 2) - mpmath.digamma(v / 2))
                + mpmath.log(v) / 2 + log_beta(v / 2, mpf(0.5)) + mpmath.log(s))

    def mode(self):
        return self.m("location")

    def scale(self):
        return self.m("scale")

    def centre(self):
        return self.m("location")

    def extra_points(self):
        return [self._location]

    def scipy(self, st):
        return st.t(self._degreesOfFreedom, self._location, self._scale)


# --- quantiles of continuous distributions ----------------------------------

class OutOfRange(Exception):
    """The quantile is not a normal double inside the support."""


def _to_u(dist, x):
    kind = dist.transform()
    if kind == "unit":
        return mpmath.log(x) - mpmath.log(one_minus(x))
    if kind == "positive":
        return mpmath.log(x)
    return mpmath.asinh((x - dist.centre()) / dist.scale())


def _from_u(dist, u):
    kind = dist.transform()
    if kind == "unit":
        return 1 / (1 + mpmath.exp(-u))
    if kind == "positive":
        return mpmath.exp(u)
    return dist.centre() + dist.scale() * mpmath.sinh(u)


def solve_tail(dist, lower, level, guess=None):
    """The x with cdf(x) = level (lower) or survival(x) = level (upper), as an mpf.

    Safeguarded Newton on g(x) = +-(log tail(x) - log level), increasing in x,
    with bisection in a transformed variable (logit, log or asinh) that spans
    the whole double range in a few steps.  Raises OutOfRange when the root is
    beyond the doubles or rounds to a support edge.
    """
    log_level = mpmath.log(level)
    evaluations = [0]

    def g(x):
        evaluations[0] += 1
        c, s = dist.cdf_sf(x)
        tail = c if lower else s
        if tail == 0:
            value = mpf("-inf") if lower else mpf("inf")
        else:
            value = mpmath.log(tail) - log_level
            if not lower:
                value = -value
        return value, tail

    def derivative(x, tail):
        if tail == 0:
            return mpf(0)
        return dist.pdf(x) / tail

    # Bracket in u.
    if guess is not None and dist.lower < guess < dist.upper and math.isfinite(guess):
        u0 = _to_u(dist, mpf(guess))
    else:
        u0 = _to_u(dist, dist.centre()) if dist.transform() != "unit" else mpf(0)
    x0 = _from_u(dist, u0)
    v0, _ = g(x0)
    if v0 == 0:
        return x0
    direction = -1 if v0 > 0 else 1
    step = mpf(1)
    u_near, u_far = u0, u0
    while True:
        u_far = u_near + direction * step
        x_far = _from_u(dist, u_far)
        if abs(x_far) > mpf(2) ** 1024 or (dist.transform() == "positive" and x_far < mpf(2) ** -1080):
            raise OutOfRange
        if dist.transform() == "unit" and (x_far < mpf(2) ** -1080 or one_minus(x_far) < mpf(2) ** -60):
            raise OutOfRange
        v_far, _ = g(x_far)
        if v_far == 0:
            return x_far
        if (v_far > 0) != (v0 > 0):
            break
        u_near = u_far
        step *= 2
        if step > 2 ** 14:
            raise OutOfRange
    u_lo, u_hi = (u_near, u_far) if direction > 0 else (u_far, u_near)
    x_lo, x_hi = _from_u(dist, u_lo), _from_u(dist, u_hi)

    tol = mpf(2) ** (-mp.prec + 24)
    x = _from_u(dist, (u_lo + u_hi) / 2)
    tried_zero = False
    for _ in range(400):
        value, tail = g(x)
        if value == 0:
            return x
        if value < 0:
            x_lo = x
        else:
            x_hi = x
        if x_lo < 0 < x_hi and not tried_zero:      # an exact 0 (symmetric median)
            tried_zero = True
            v_zero, _ = g(mpf(0))
            if v_zero == 0:
                return mpf(0)
            if v_zero < 0:
                x_lo = mpf(0)
            else:
                x_hi = mpf(0)
        d = derivative(x, tail)
        new = None
        if d > 0 and mpmath.isfinite(d):
            candidate = x - value / d
            if x_lo < candidate < x_hi:
                new = candidate
        if new is None:
            new = _from_u(dist, (_to_u_safe(dist, x_lo) + _to_u_safe(dist, x_hi)) / 2)
        if abs(new - x) <= tol * abs(new) or x_hi - x_lo <= tol * abs(new):
            return new
        x = new
    raise RuntimeError(f"quantile did not converge: {dist.describe()} level={level}")


def _to_u_safe(dist, x):
    """_to_u at a bracket end that may sit exactly on a support edge or at 0."""
    kind = dist.transform()
    if kind == "positive" and x <= 0:
        return mpf(-3000)
    if kind == "unit":
        if x <= 0:
            return mpf(-3000)
        if x >= 1:
            return mpf(3000)
    return _to_u(dist, x)


def continuous_quantile(dist, p, guess=None):
    """The quantile at the double p, as a double; raises OutOfRange."""
    p = mpf(p)
    lower = p <= 0.5
    x = solve_tail(dist, lower, p if lower else one_minus(p), guess)
    xd = to_double(x)
    if not is_normal(xd) and xd != 0.0:
        raise OutOfRange
    if xd == 0.0 and x != 0:
        raise OutOfRange
    if not (dist.lower < xd < dist.upper):
        raise OutOfRange
    return xd


def verify_continuous_quantile(dist, p, xd):
    """The cdf at the midpoints to the neighbouring doubles brackets p."""
    p = mpf(p)
    below = (mpf(xd) + mpf(math.nextafter(xd, -INF))) / 2
    above = (mpf(xd) + mpf(math.nextafter(xd, INF))) / 2
    if p <= 0.5:
        ok = dist.cdf_sf(below)[0] <= p <= dist.cdf_sf(above)[0]
    else:
        q = one_minus(p)
        ok = dist.cdf_sf(below)[1] >= q >= dist.cdf_sf(above)[1]
    if not ok:
        raise ReferenceError_(f"{dist.describe()}: quantile({p}) = {xd!r} is not correctly rounded")


def continuous_points(dist, st):
    """Points placed at cdf / survival levels (20-digit quantiles), plus fixed edges."""
    points = []
    frozen = dist.scipy(st)
    with mp.workdps(POINT_DPS):
        for lower, levels in ((True, LOWER_LEVELS), (False, UPPER_LEVELS)):
            for level in levels:
                guess = _scipy_call(lambda: frozen.ppf(level) if lower else frozen.isf(level))
                try:
                    x = to_double(solve_tail(dist, lower, mpf(level), guess))
                except OutOfRange:
                    continue
                if is_normal(x) and dist.lower < x < dist.upper:
                    x = pretty(x)
                    if dist.lower < x < dist.upper:
                        points.append(x)
    edges = [float(x) for x in dist.extra_points()]
    if len(set(points + edges)) < 12 and dist.transform() == "unit":
        points += FILL_UNIT       # most levels out of range (Beta with tiny parameters)
    return thin(points + edges, set(edges))


# ---------------------------------------------------------------------------
# Discrete univariate distributions
# ---------------------------------------------------------------------------

class SummationTooLong(Exception):
    pass


class Discrete(Univariate):
    discrete = True
    lo = 0
    log_concave = True
    ratio_sup = None        # bound on all pmf ratios (log-convex tails)

    @property
    def hi(self):
        return None

    def pmf(self, k):
        return mpmath.exp(self.logpmf(k))

    def logpdf(self, k):
        return self.logpmf(k)


def _tail_sum(dist, start, direction):
    """sum_{j >= start} pmf(j) (direction +1) or sum_{j <= start} pmf(j) (-1)."""
    eps = mpf(2) ** (-mp.prec)
    term = dist.pmf(start)
    total = term
    j = start
    count = 0
    hi = dist.hi
    while True:
        if direction > 0:
            if hi is not None and j >= hi:
                break
            r = dist.ratio(j)
        else:
            if j <= dist.lo:
                break
            r = 1 / dist.ratio(j - 1)
        if r < 1:
            bound = r if (dist.log_concave or direction < 0) else dist.ratio_sup
            if bound < 1 and term * bound / (1 - bound) <= eps * total:
                break
        term *= r
        j += direction
        total += term
        count += 1
        if count > MAX_SUM_TERMS:
            raise SummationTooLong
    return total


def summed_cdf_sf(dist, k):
    """(P(X <= k), P(X > k)) by summing the short tail; the other side by complement."""
    if k < dist.lo:
        return mpf(0), mpf(1)
    if dist.hi is not None and k >= dist.hi:
        return mpf(1), mpf(0)
    extra = 64
    while True:
        with mp.extraprec(extra):
            if k < dist.sum_mode():
                tail = _tail_sum(dist, k, -1)
                other = 1 - tail
                result = (tail, other)
            else:
                tail = _tail_sum(dist, k + 1, +1)
                other = 1 - tail
                result = (other, tail)
            loss = mpmath.mag(tail) - mpmath.mag(other) if other != 0 else mp.prec
        if loss + 40 <= extra:
            return +result[0], +result[1]
        extra = loss + 80


class Bernoulli(Discrete):
    name = "Bernoulli"
    labels = ("probability",)

    @property
    def hi(self):
        return 1

    def logpmf(self, k):
        p = self.m("probability")
        if k == 0:
            return xlogy(1, one_minus(p))
        if k == 1:
            return xlogy(1, p)
        return mpf("-inf")

    def cdf_sf(self, k):
        p = self.m("probability")
        if k < 0:
            return mpf(0), mpf(1)
        if k == 0:
            return one_minus(p), p
        return mpf(1), mpf(0)

    def mean(self):
        return self.m("probability")

    def variance(self):
        p = self.m("probability")
        return p * one_minus(p)

    def entropy(self):
        p = self.m("probability")
        return -(xlogy(p, p) + xlogy(one_minus(p), one_minus(p)))

    def mode(self):
        p = self.m("probability")
        return None if p == 0.5 else (0 if p < 0.5 else 1)

    def points(self, st):
        return [-1, 0, 1, 2]

    def scipy(self, st):
        return st.bernoulli(self._probability)


class Binomial(Discrete):
    name = "Binomial"
    labels = ("trials", "probability")

    @property
    def hi(self):
        return self._trials

    def logpmf(self, k):
        n, p = self._trials, self.m("probability")
        if k < 0 or k > n:
            return mpf("-inf")
        return log_choose(mpf(n), mpf(k)) + xlogy(k, p) + xlogy(n - k, one_minus(p))

    def ratio(self, k):
        n, p = self._trials, self.m("probability")
        return mpf(n - k) / (k + 1) * p / one_minus(p)

    def sum_mode(self):
        return min(self._trials, math.floor((self._trials + 1) * Fraction(self._probability)))

    def cdf_sf(self, k):
        return summed_cdf_sf(self, k)

    def check_cdf_sf(self, k):
        n, p = self._trials, self.m("probability")
        if k < 0:
            return mpf(0), mpf(1)
        if k >= n:
            return mpf(1), mpf(0)
        return inc_beta(mpf(n - k), mpf(k + 1), one_minus(p), p)

    def mean(self):
        return self._trials * self.m("probability")

    def variance(self):
        p = self.m("probability")
        return self._trials * p * one_minus(p)

    def entropy(self):
        if self._trials > 1000:
            return None
        total = mpf(0)
        for k in range(self._trials + 1):
            lp = self.logpmf(k)
            total -= mpmath.exp(lp) * lp
        return total

    def mode(self):
        t = (self._trials + 1) * Fraction(self._probability)
        if t.denominator == 1 and 0 < t <= self._trials:
            return None     # two modes, t - 1 and t
        return min(self._trials, math.floor(t))

    def scipy(self, st):
        return st.binom(self._trials, self._probability)


class Poisson(Discrete):
    name = "Poisson"
    labels = ("rate",)

    def logpmf(self, k):
        lam = self.m("rate")
        if k < 0:
            return mpf("-inf")
        return k * mpmath.log(lam) - lam - mpmath.loggamma(k + 1)

    def ratio(self, k):
        return self.m("rate") / (k + 1)

    def sum_mode(self):
        return math.floor(self._rate)

    def cdf_sf(self, k):
        if k < 0:
            return mpf(0), mpf(1)
        p, q = reg_gamma(mpf(k + 1), self.m("rate"))
        return q, p

    def check_cdf_sf(self, k):
        return summed_cdf_sf(self, k)

    def mean(self):
        return self.m("rate")

    def variance(self):
        return self.m("rate")

    def entropy(self):
        return series_entropy(self)

    def mode(self):
        lam = self._rate
        if lam >= 1 and lam == math.floor(lam):
            return None
        return math.floor(lam)

    def scipy(self, st):
        return st.poisson(self._rate)


class Geometric(Discrete):
    name = "Geometric"
    labels = ("probability",)
    log_concave = True

    def logpmf(self, k):
        p = self.m("probability")
        if k < 0:
            return mpf("-inf")
        return mpmath.log(p) + k * mpmath.log(one_minus(p))

    def ratio(self, k):
        return one_minus(self.m("probability"))

    def sum_mode(self):
        return 0

    def cdf_sf(self, k):
        if k < 0:
            return mpf(0), mpf(1)
        log_q = mpmath.log(one_minus(self.m("probability")))
        return -mpmath.expm1((k + 1) * log_q), mpmath.exp((k + 1) * log_q)

    def check_cdf_sf(self, k):
        if self._probability < 0.01:    # tails too long to sum: same formula, more digits
            return self.cdf_sf(k)
        return summed_cdf_sf(self, k)

    def mean(self):
        p = self.m("probability")
        return one_minus(p) / p

    def variance(self):
        p = self.m("probability")
        return one_minus(p) / p ** 2

    def entropy(self):
        p = self.m("probability")
        q = one_minus(p)
        return -(xlogy(q, q) + xlogy(p, p)) / p

    def mode(self):
        return 0

    def scipy(self, st):
        return st.nbinom(1, self._probability)


class NegativeBinomial(Discrete):
    name = "NegativeBinomial"
    labels = ("successes", "probability")

    @property
    def log_concave(self):
        return self._successes >= 1

    @property
    def ratio_sup(self):
        return one_minus(self.m("probability"))

    def logpmf(self, k):
        r, p = self.m("successes"), self.m("probability")
        if k < 0:
            return mpf("-inf")
        return (mpmath.loggamma(k + r) - mpmath.loggamma(r) - mpmath.loggamma(k + 1)
                + r * mpmath.log(p) + xlogy(k, one_minus(p)))

    def ratio(self, k):
        r, p = self.m("successes"), self.m("probability")
        return (k + r) / (k + 1) * one_minus(p)

    def sum_mode(self):
        r, p = Fraction(self._successes), Fraction(self._probability)
        return max(0, math.floor((r - 1) * (1 - p) / p)) if r > 1 else 0

    def cdf_sf(self, k):
        if k < 0:
            return mpf(0), mpf(1)
        p = self.m("probability")
        return inc_beta(self.m("successes"), mpf(k + 1), p, one_minus(p))

    def check_cdf_sf(self, k):
        if self._probability < 0.01:    # tails too long to sum: same formula, more digits
            return self.cdf_sf(k)
        return summed_cdf_sf(self, k)

    def mean(self):
        r, p = self.m("successes"), self.m("probability")
        return r * one_minus(p) / p

    def variance(self):
        r, p = self.m("successes"), self.m("probability")
        return r * one_minus(p) / p ** 2

    def mode(self):
        r, p = Fraction(self._successes), Fraction(self._probability)
        if r <= 1:
            return 0
        t = (r - 1) * (1 - p) / p
        if t.denominator == 1 and t > 0:
            return None
        return math.floor(t)

    def scipy(self, st):
        return st.nbinom(self._successes, self._probability)


class TabulatedDiscrete(Discrete):
    """Finite support 0...hi; cdf and survival from exact prefix / suffix sums of the pmf."""

    log_concave = False

    def table(self):
        cache = self.__dict__.setdefault("_tables", {})
        if mp.prec not in cache:
            logs = [self.logpmf(k) for k in range(self.hi + 1)]
            pmfs = [mpmath.exp(v) for v in logs]
            prefix, running = [], mpf(0)
            for v in pmfs:
                running = running + v
                prefix.append(running)
            suffix, running = [mpf(0)] * (self.hi + 1), mpf(0)
            for k in range(self.hi, -1, -1):
                suffix[k] = running      # P(X > k)
                running = running + pmfs[k]
            cache[mp.prec] = (logs, pmfs, prefix, suffix)
        return cache[mp.prec]

    def cdf_sf(self, k):
        if k < 0:
            return mpf(0), mpf(1)
        if k >= self.hi:
            return mpf(1), mpf(0)
        _, _, prefix, suffix = self.table()
        return prefix[k], suffix[k]

    def mode(self):
        _, pmfs, _, _ = self.table()
        order = sorted(range(len(pmfs)), key=lambda k: pmfs[k], reverse=True)
        if len(order) > 1 and pmfs[order[1]] >= pmfs[order[0]] * (1 - mpf(2) ** (-mp.prec + 30)):
            return None
        return order[0]

    def table_points(self):
        """All of a small support, or edges, mode and quantile-placed points."""
        n = self.hi
        if n <= 12:
            return list(range(-1, n + 2))
        with mp.workdps(POINT_DPS):
            _, _, prefix, suffix = self.table()
            points = {-1, 0, 1, 2, n - 2, n - 1, n, n + 1}
            for level in (1e-300, 1e-100, 1e-20, 1e-5, 0.1, 0.5, 0.9):
                points.add(min(k for k in range(n + 1) if prefix[k] >= level))
            for level in (1e-5, 1e-20, 1e-100, 1e-300):
                points.add(min(k for k in range(n + 1) if suffix[k] <= level))
            mode = self.mode()
            if mode is not None:
                points.add(mode)
        return sorted(points)


class BetaBinomial(TabulatedDiscrete):
    name = "BetaBinomial"
    labels = ("trials", "alpha", "beta")

    @property
    def hi(self):
        return self._trials

    def logpmf(self, k):
        n, a, b = self._trials, self.m("alpha"), self.m("beta")
        if k < 0 or k > n:
            return mpf("-inf")
        return log_choose(mpf(n), mpf(k)) + log_beta(k + a, n - k + b) - log_beta(a, b)

    def mean(self):
        n, a, b = self._trials, self.m("alpha"), self.m("beta")
        return n * a / (a + b)

    def variance(self):
        n, a, b = self._trials, self.m("alpha"), self.m("beta")
        return n * a * b * (a + b + n) / ((a + b) ** 2 * (a + b + 1))

    def points(self, st):
        return self.table_points()

    def scipy(self, st):
        return st.betabinom(self._trials, self._alpha, self._beta)


class Categorical(TabulatedDiscrete):
    name = "Categorical"
    labels = ("probabilities",)

    def __init__(self, probabilities):
        assert_near_simplex(probabilities)
        super().__init__(list(probabilities))

    def parameters(self):
        return {"probabilities": [fmt(v) for v in self._probabilities]}

    def describe(self):
        return f"Categorical({[fmt(v) for v in self._probabilities]})"

    @property
    def hi(self):
        return len(self._probabilities) - 1

    def logpmf(self, k):
        if k < 0 or k > self.hi:
            return mpf("-inf")
        return xlogy(1, mpf(self._probabilities[k]))

    def cdf_sf(self, k):
        ps = [mpf(v) for v in self._probabilities]
        if k < 0:
            return mpf(0), exact_sum(ps)
        k = min(k, self.hi)
        return exact_sum(ps[:k + 1]), exact_sum(ps[k + 1:])

    def mean(self):
        return exact_sum([k * mpf(v) for k, v in enumerate(self._probabilities)])

    def variance(self):
        mean = self.mean()
        return mpmath.fsum((k - mean) ** 2 * mpf(v) for k, v in enumerate(self._probabilities))

    def entropy(self):
        return -mpmath.fsum(xlogy(mpf(v), mpf(v)) for v in self._probabilities)

    def points(self, st):
        return list(range(-1, self.hi + 2))

    def scipy(self, st):
        import numpy as np
        return st.rv_discrete(values=(np.arange(self.hi + 1), self._probabilities))


def series_entropy(dist):
    """-sum pmf log pmf from the mode outwards, until the terms are negligible."""
    eps = mpf(2) ** (-mp.prec - 20)
    m = dist.sum_mode()
    total = mpf(0)
    for direction in (+1, -1):
        k = m if direction > 0 else m - 1
        previous = None
        while k >= dist.lo and (dist.hi is None or k <= dist.hi):
            lp = dist.logpmf(k)
            term = -mpmath.exp(lp) * lp
            total += term
            decreasing = previous is not None and lp < previous
            if decreasing and abs(term) < eps * abs(total) and dist.ratio(k if direction > 0 else k - 1) ** direction < 0.9:
                break
            previous = lp
            k += direction
    return total


def thin(points, keep, limit=MAX_POINTS):
    """At most `limit` points: drop (never a kept one) the point closest to a neighbour."""
    points = sorted(set(points))
    while len(points) > limit:
        gaps = [(min(points[i] - points[i - 1] if i > 0 else INF,
                     points[i + 1] - points[i] if i + 1 < len(points) else INF), i)
                for i in range(len(points)) if points[i] not in keep]
        points.pop(min(gaps)[1])
    return points


def discrete_points(dist, st):
    """Mode, pmf-level crossings on each side, rough quantiles and edges."""
    if hasattr(dist, "points"):
        return dist.points(st)
    frozen = dist.scipy(st)
    points = set()
    with mp.workdps(POINT_DPS):
        m = dist.sum_mode()
        points.add(m)
        top = dist.logpmf(m)
        for level in PMF_LEVELS:
            target = math.log(level)
            if top < target:
                continue
            # right: the last k >= m with logpmf(k) >= target
            step, k = 1, m
            while (dist.hi is None or k + step <= dist.hi) and dist.logpmf(k + step) >= target:
                k += step
                step *= 2
            hi_k = k + step if dist.hi is None else min(k + step, dist.hi + 1)
            lo_k = k
            while hi_k - lo_k > 1:
                mid = (lo_k + hi_k) // 2
                if dist.logpmf(mid) >= target:
                    lo_k = mid
                else:
                    hi_k = mid
            points.add(lo_k)
            # left: the first k <= m with logpmf(k) >= target
            if dist.logpmf(dist.lo) < target:
                lo_k, hi_k = dist.lo, m
                while hi_k - lo_k > 1:
                    mid = (lo_k + hi_k) // 2
                    if dist.logpmf(mid) >= target:
                        hi_k = mid
                    else:
                        lo_k = mid
                points.add(hi_k)
        for p in (0.1, 0.5, 0.9):
            guess = _scipy_call(lambda: frozen.ppf(p))
            if math.isfinite(guess):
                points.add(int(guess))
        edges = {m, dist.lo - 1, dist.lo, dist.lo + 1}
        if dist.hi is not None:
            edges |= {dist.hi - 1, dist.hi, dist.hi + 1}
        else:
            edges.add(2 * max(points) + 10)     # pmf below the doubles, log pmf finite
        points |= edges
    return thin([p for p in points if p >= dist.lo - 1], edges)


def discrete_quantile(dist, p, guess):
    """Smallest k with P(X <= k) >= p (compared through the survival for p > 1/2);
    raises OutOfRange when p is within TIE_GAP of a cdf value."""
    p = mpf(p)
    q = one_minus(p)

    def holds(k):
        c, s = dist.cdf_sf(k)
        return c >= p if p <= 0.5 else s <= q

    k = guess if guess is not None else dist.lo
    k = max(dist.lo, k if dist.hi is None else min(k, dist.hi))
    if holds(k):
        step = 1
        while k > dist.lo and holds(k - 1):
            lo = max(dist.lo, k - step)
            if holds(lo):
                k = lo
                step *= 2
                if k == dist.lo:
                    break
            else:
                # answer in (lo, k]
                while k - lo > 1:
                    mid = (lo + k) // 2
                    if holds(mid):
                        k = mid
                    else:
                        lo = mid
                break
    else:
        step = 1
        lo = k
        while True:
            hi = lo + step if dist.hi is None else min(lo + step, dist.hi)
            if holds(hi):
                break
            lo = hi
            step *= 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if holds(mid):
                hi = mid
            else:
                lo = mid
        k = hi
    for j in (k, k - 1):
        if j < dist.lo:
            continue
        c, s = dist.cdf_sf(j)
        value, target = (c, p) if p <= 0.5 else (s, q)
        if target != 0 and abs(value - target) <= TIE_GAP * target:
            raise OutOfRange
    return k


def verify_discrete_quantile(dist, p, k):
    p = mpf(p)
    q = one_minus(p)

    def holds(j):
        c, s = dist.check_cdf_sf(j)
        return c >= p if p <= 0.5 else s <= q

    if not holds(k) or (k > dist.lo and holds(k - 1)):
        raise ReferenceError_(f"{dist.describe()}: quantile({p}) = {k} fails the check")


# ---------------------------------------------------------------------------
# Univariate cases
# ---------------------------------------------------------------------------

ENTROPY = {"Normal", "Beta", "Gamma", "InverseGamma", "Exponential", "Lomax", "ChiSquared", "StudentT",
           "Bernoulli", "Binomial", "Poisson", "Geometric", "Categorical"}


def _scipy_call(f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import numpy as np
            with np.errstate(all="ignore"):
                value = f()
        return float(value)
    except Exception:      # scipy refuses some inputs; treated as NaN
        return NAN


def _values(dist, points, quantile_xs, check):
    """All values of a case at the current precision, as doubles."""
    evaluate = dist.check_cdf_sf if check else dist.cdf_sf
    props = {"mean": to_double(dist.mean()), "variance": to_double(dist.variance())}
    if dist.name in ENTROPY:
        h = dist.entropy()
        if h is not None:
            props["entropy"] = to_double(h)
    mode = dist.mode()
    if mode is not None:
        props["mode"] = mode if isinstance(mode, int) else to_double(mode)
    rows = []
    for x in points:
        xm = mpf(x)
        c, s = evaluate(x if dist.discrete else xm)
        rows.append((to_double(dist.logpdf(x if dist.discrete else xm)), to_double(c), to_double(s)))
    return props, rows


def build_univariate(dist):
    import scipy.stats as st
    points = discrete_points(dist, st) if dist.discrete else continuous_points(dist, st)
    frozen = dist.scipy(st)
    ps = DISCRETE_PS if dist.discrete else CONTINUOUS_PS

    with mp.workdps(DPS + GUARD_DPS):
        props, rows = _values(dist, points, None, check=False)
        quantiles = []
        for p in ps:
            guess = _scipy_call(lambda: frozen.ppf(p))
            try:
                if dist.discrete:
                    g = int(guess) if math.isfinite(guess) else None
                    quantiles.append((p, discrete_quantile(dist, p, g)))
                else:
                    quantiles.append((p, continuous_quantile(dist, p, guess)))
            except OutOfRange:
                pass
    with mp.workdps(CHECK_DPS + GUARD_DPS):
        check_props, check_rows = _values(dist, points, None, check=True)
        for p, x in quantiles:
            if dist.discrete:
                verify_discrete_quantile(dist, p, x)
            else:
                verify_continuous_quantile(dist, p, x)
    if _strings(props) != _strings(check_props) or _strings(rows) != _strings(check_rows):
        raise ReferenceError_(f"{dist.describe()}: {DPS} and {CHECK_DPS} digits disagree:\n"
                              f"{props}\n{check_props}\n{rows}\n{check_rows}")

    # scipy
    worst, worst_label = 0.0, ""

    def compare(label, expected, actual):
        nonlocal worst, worst_label
        if isinstance(expected, float) and math.isnan(expected):
            return      # undefined by convention (StudentT mean for dof <= 1)
        e = relative_error(float(expected), actual)
        if e > worst:
            worst, worst_label = e, label

    for key, method in (("mean", frozen.mean), ("variance", frozen.var), ("entropy", frozen.entropy)):
        if key in props:
            compare(key, props[key], _scipy_call(method))
    for x, (lpdf, c, s) in zip(points, rows):
        tag = fmt(x)
        lp = _scipy_call(lambda: (frozen.logpmf if dist.discrete else frozen.logpdf)(x))
        compare(f"logDensity({tag})", lpdf, lp)
        compare(f"cdf({tag})", c, _scipy_call(lambda: frozen.cdf(x)))
        compare(f"survival({tag})", s, _scipy_call(lambda: frozen.sf(x)))
    for p, x in quantiles:
        compare(f"quantile({fmt(p)})", x, _scipy_call(lambda: frozen.ppf(p)))

    case = {
        "distribution": dist.name,
        "parameters": dist.parameters(),
        "properties": {k: fmt(v) for k, v in props.items()},
        "points": [{"x": fmt(x), "logDensity": fmt(r[0]), "cdf": fmt(r[1]), "survival": fmt(r[2])}
                   for x, r in zip(points, rows)],
        "quantiles": [{"p": fmt(p), "x": fmt(x)} for p, x in quantiles],
        "scipyRelativeError": fmt(worst),
    }
    if worst > 0:
        case["scipyWorst"] = worst_label
    return case


def _strings(value):
    return json.dumps(value, default=fmt, sort_keys=True, allow_nan=True)


def univariate_distributions():
    near_one = 1 - 1e-10
    return [
        Normal(0.0, 1.0), Normal(3.0, 1e-10), Normal(-2.5, 1e10), Normal(1.5, 0.25),
        Normal(100.0, 7.3),

        Beta(2.0, 3.0), Beta(1e-3, 1e-3), Beta(0.5, 3.0), Beta(1e4, 2e4), Beta(1.0, 1.0),
        Beta(2.5, 0.5), Beta(30.0, 1.0), Beta(0.5, 0.5), Beta(1.0, 3.0), Beta(1e-3, 30.0),

        Gamma(1e-3, 1.0), Gamma(0.5, 2.0), Gamma(1.0, 1.0), Gamma(2.5, 0.5), Gamma(30.0, 3.7),
        Gamma(1e4, 2.0),

        InverseGamma(1e-3, 1.0), InverseGamma(0.5, 2.0), InverseGamma(1.0, 1.0),
        InverseGamma(2.5, 0.5), InverseGamma(30.0, 3.7), InverseGamma(1e4, 1e4),

        Exponential(1.0), Exponential(0.5), Exponential(1e-3), Exponential(1e3), Exponential(3.7),

        Lomax(3.0, 2.0), Lomax(0.5, 1.0), Lomax(1e-3, 1.0), Lomax(1e3, 1e-2), Lomax(2.5, 1e5),

        ChiSquared(0.5), ChiSquared(1.0), ChiSquared(2.0), ChiSquared(3.0), ChiSquared(30.0),
        ChiSquared(1e4),

        StudentT(0.5, 0.0, 1.0), StudentT(1.0, 0.0, 1.0), StudentT(1.5, 0.0, 2.0),
        StudentT(3.0, 0.0, 1.0), StudentT(30.0, 2.0, 0.5), StudentT(1e6, -1.0, 3.0),

        Bernoulli(1e-10), Bernoulli(0.3), Bernoulli(0.5), Bernoulli(near_one),

        Binomial(1, 0.3), Binomial(10, 0.3), Binomial(10, 1e-10), Binomial(1000, 0.5),
        Binomial(1000, near_one), Binomial(1000000, 0.3), Binomial(1000000, 1e-10),

        Poisson(1e-3), Poisson(0.5), Poisson(2.0), Poisson(3.5), Poisson(1e4),

        Geometric(1e-10), Geometric(0.3), Geometric(0.5), Geometric(near_one),

        NegativeBinomial(1e-3, 0.3), NegativeBinomial(0.5, 0.5), NegativeBinomial(1.0, 0.3),
        NegativeBinomial(2.5, 1e-3), NegativeBinomial(30.0, 0.7), NegativeBinomial(1e4, 0.5),
        NegativeBinomial(2.5, 1e-10), NegativeBinomial(3.0, near_one),

        BetaBinomial(10, 2.0, 3.0), BetaBinomial(100, 0.5, 0.5), BetaBinomial(50, 1e-3, 1e-3),
        BetaBinomial(20, 1.0, 1.0), BetaBinomial(1000, 2.5, 30.0), BetaBinomial(1000, 1e4, 2e4),

        Categorical([0.2, 0.3, 0.5]), Categorical([0.25, 0.25, 0.25, 0.25]),
        Categorical([1e-10, 0.5, 0.4999999999]), Categorical([0.0, 0.7, 0.3]),
        Categorical([0.1] * 10),

        # Issue 11: the large- and small-parameter algorithms (Temme's expansion of
        # the incomplete gamma function for shape >= 1e6, the gamma limit of the
        # incomplete beta function for one shape far above the other, the
        # small-shape upper tail), and a subnormal Lomax scale.
        Gamma(2e6, 1.0), Gamma(1e-10, 1.0), ChiSquared(4e6), InverseGamma(2e6, 1.0),
        StudentT(1e20, 0.0, 1.0), Beta(1e10, 0.5), Lomax(2.0, 5e-324),
    ]


# ---------------------------------------------------------------------------
# Multivariate distributions
# ---------------------------------------------------------------------------

def mp_vector(values):
    return [mpf(v) for v in values]


def mp_matrix(rows):
    return mpmath.matrix([[mpf(v) for v in row] for row in rows])


def cholesky_solve(L, v):
    """L^-1 v for lower-triangular L (forward substitution)."""
    n = len(v)
    y = [mpf(0)] * n
    for i in range(n):
        y[i] = (v[i] - mpmath.fsum(L[i, j] * y[j] for j in range(i))) / L[i, i]
    return y


class Multivariate:
    name = ""
    properties_order = ()

    def describe(self):
        return f"{self.name}{self.parameters()}"


class Dirichlet(Multivariate):
    name = "Dirichlet"

    def __init__(self, alphas, points):
        self.alphas = alphas
        self.points = points

    def parameters(self):
        return {"alphas": [fmt(a) for a in self.alphas]}

    def log_density(self, x):
        alphas = mp_vector(self.alphas)
        xs = mp_vector(x)
        if any(v < 0 for v in xs):
            return mpf("-inf")
        return (mpmath.fsum(xlogy(a - 1, v) for a, v in zip(alphas, xs))
                - log_multivariate_beta(alphas))

    def properties(self):
        alphas = mp_vector(self.alphas)
        a0 = mpmath.fsum(alphas)
        k = len(alphas)
        entropy = (log_multivariate_beta(alphas) + (a0 - k) * mpmath.digamma(a0)
                   - mpmath.fsum((a - 1) * mpmath.digamma(a) for a in alphas))
        return {"mean": [a / a0 for a in alphas],
                "variance": [a * (a0 - a) / (a0 ** 2 * (a0 + 1)) for a in alphas],
                "entropy": entropy}

    def scipy(self, st):
        d = st.dirichlet(self.alphas)
        return {"mean": lambda: d.mean(), "variance": lambda: d.var(),
                "entropy": lambda: d.entropy(), "logDensity": lambda x: d.logpdf(x)}


def log_multivariate_beta(alphas):
    return mpmath.fsum(mpmath.loggamma(a) for a in alphas) - mpmath.loggamma(mpmath.fsum(alphas))


class Multinomial(Multivariate):
    name = "Multinomial"

    def __init__(self, trials, probabilities, points):
        assert_near_simplex(probabilities)
        self.trials, self.probabilities, self.points = trials, probabilities, points

    def parameters(self):
        return {"trials": fmt(self.trials), "probabilities": [fmt(p) for p in self.probabilities]}

    def log_density(self, x):
        if any(v < 0 for v in x) or sum(x) != self.trials:
            return mpf("-inf")
        ps = mp_vector(self.probabilities)
        return (mpmath.loggamma(self.trials + 1) - mpmath.fsum(mpmath.loggamma(v + 1) for v in x)
                + mpmath.fsum(xlogy(v, p) for v, p in zip(x, ps)))

    def properties(self):
        ps = mp_vector(self.probabilities)
        n = self.trials
        return {"mean": [n * p for p in ps], "variance": [n * p * one_minus(p) for p in ps]}

    def scipy(self, st):
        import numpy as np
        d = st.multinomial(self.trials, self.probabilities)
        return {"mean": lambda: d.mean(), "variance": lambda: np.diag(d.cov()),
                "logDensity": lambda x: d.logpmf(x)}


class DirichletMultinomial(Multivariate):
    name = "DirichletMultinomial"

    def __init__(self, trials, alphas, points):
        self.trials, self.alphas, self.points = trials, alphas, points

    def parameters(self):
        return {"trials": fmt(self.trials), "alphas": [fmt(a) for a in self.alphas]}

    def log_density(self, x):
        if any(v < 0 for v in x) or sum(x) != self.trials:
            return mpf("-inf")
        alphas = mp_vector(self.alphas)
        a0 = mpmath.fsum(alphas)
        n = self.trials
        return (mpmath.loggamma(n + 1) + mpmath.loggamma(a0) - mpmath.loggamma(n + a0)
                + mpmath.fsum(mpmath.loggamma(v + a) - mpmath.loggamma(v + 1) - mpmath.loggamma(a)
                              for v, a in zip(x, alphas)))

    def properties(self):
        alphas = mp_vector(self.alphas)
        a0 = mpmath.fsum(alphas)
        n = self.trials
        return {"mean": [n * a / a0 for a in alphas],
                "variance": [n * (a / a0) * (1 - a / a0) * (n + a0) / (1 + a0) for a in alphas]}

    def scipy(self, st):
        d = st.dirichlet_multinomial(self.alphas, self.trials)
        return {"mean": lambda: d.mean(), "variance": lambda: d.var(),
                "logDensity": lambda x: d.logpmf(x)}


class MultivariateNormal(Multivariate):
    name = "MultivariateNormal"

    def __init__(self, mean, covariance, points):
        self.mean, self.covariance, self.points = mean, covariance, points

    def parameters(self):
        return {"mean": [fmt(v) for v in self.mean],
                "covariance": [[fmt(v) for v in row] for row in self.covariance]}

    def factor(self):
        return mpmath.cholesky(mp_matrix(self.covariance))

    def log_density(self, x):
        L = self.factor()
        d = len(self.mean)
        y = cholesky_solve(L, [mpf(a) - mpf(b) for a, b in zip(x, self.mean)])
        log_det = 2 * mpmath.fsum(mpmath.log(L[i, i]) for i in range(d))
        return -(d * mpmath.log(2 * mpmath.pi) + log_det + mpmath.fsum(v * v for v in y)) / 2

    def properties(self):
        L = self.factor()
        d = len(self.mean)
        log_det = 2 * mpmath.fsum(mpmath.log(L[i, i]) for i in range(d))
        return {"entropy": (d * (1 + mpmath.log(2 * mpmath.pi)) + log_det) / 2}

    def scipy(self, st):
        d = st.multivariate_normal(self.mean, self.covariance)
        return {"entropy": lambda: d.entropy(), "logDensity": lambda x: d.logpdf(x)}


def _mv_values(dist):
    props = {}
    for key, value in dist.properties().items():
        props[key] = [to_double(v) for v in value] if isinstance(value, list) else to_double(value)
    rows = [to_double(dist.log_density(x)) for x in dist.points]
    return props, rows


def build_multivariate(dist):
    import numpy as np
    import scipy.stats as st
    with mp.workdps(DPS + GUARD_DPS):
        props, rows = _mv_values(dist)
    with mp.workdps(CHECK_DPS + GUARD_DPS):
        check = _mv_values(dist)
    if _strings((props, rows)) != _strings(check):
        raise ReferenceError_(f"{dist.describe()}: {DPS} and {CHECK_DPS} digits disagree")

    worst, worst_label = 0.0, ""
    sc = dist.scipy(st)

    def compare(label, expected, actual):
        nonlocal worst, worst_label
        e = relative_error(expected, actual)
        if e > worst:
            worst, worst_label = e, label

    for key, value in props.items():
        got = sc[key]()
        if isinstance(value, list):
            for i, v in enumerate(value):
                compare(f"{key}[{i}]", v, float(np.asarray(got)[i]))
        else:
            compare(key, value, float(got))
    for x, expected in zip(dist.points, rows):
        got = _scipy_call(lambda: sc["logDensity"](np.array(x, dtype=float)))
        if math.isnan(got):
            continue    # scipy refuses boundary points; not a disagreement in value
        compare(f"logDensity({[fmt(v) for v in x]})", expected, got)

    case = {
        "distribution": dist.name,
        "parameters": dist.parameters(),
        "properties": {k: ([fmt(v) for v in val] if isinstance(val, list) else fmt(val))
                       for k, val in props.items()},
        "points": [{"x": [fmt(v) for v in x], "logDensity": fmt(r)}
                   for x, r in zip(dist.points, rows)],
        "scipyRelativeError": fmt(worst),
    }
    if worst > 0:
        case["scipyWorst"] = worst_label
    return case


def mvn_points(mean, covariance, seed, count=8):
    """The mean, points mean + L z (z from SplitMix64, growing lengths), axis offsets."""
    rng = SplitMix64(seed)
    d = len(mean)
    with mp.workdps(30):
        L = mpmath.cholesky(mp_matrix(covariance))
        points = [list(mean)]
        for i in range(count):
            length = [0.3, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 0.05][i % 8]
            z = [rng.uniform(-1.0, 1.0) for _ in range(d)]
            norm = math.sqrt(sum(v * v for v in z)) or 1.0
            z = [length * v / norm for v in z]
            x = [to_double(mpf(mean[r]) + mpmath.fsum(L[r, c] * z[c] for c in range(r + 1)))
                 for r in range(d)]
            points.append([pretty(v, 12) for v in x])
        for axis in range(d):
            offset = 0.01 * math.sqrt(covariance[axis][axis])
            x = list(mean)
            x[axis] = pretty(x[axis] + offset, 12)
            points.append(x)
    return points


def kms(d, rho, scales):
    """Kac-Murdock-Szego covariance s_i s_j rho^|i-j|, printed to 12 digits (stays symmetric)."""
    return [[pretty(scales[i] * scales[j] * rho ** abs(i - j), 12) for j in range(d)]
            for i in range(d)]


def multivariate_distributions():
    cases = [
        Dirichlet([1.0, 2.0, 3.0], [
            simplex(0.2, 0.3), simplex(0.25, 0.25), simplex(0.01, 0.01), simplex(0.98, 0.01),
            simplex(1e-10, 0.4), simplex(0.6, 0.399999), simplex(1e-300, 0.5),
            [0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.25, 0.75, 0.0], [-0.1, 0.6, 0.5]]),
        Dirichlet([0.5, 0.5, 0.5], [
            simplex(0.2, 0.3), simplex(1e-10, 0.5), simplex(1e-300, 1e-300),
            simplex(0.999, 0.0005), [0.0, 0.5, 0.5], [0.0, 0.0, 1.0]]),
        Dirichlet([1.0, 1.0], [
            simplex(0.5), simplex(1e-300), simplex(0.999), [0.0, 1.0], [1.0, 0.0]]),
        Dirichlet([1e-3, 1e-3, 1e-3], [
            simplex(0.2, 0.3), simplex(1e-100, 0.5), simplex(1e-300, 1e-300), [0.0, 0.5, 0.5]]),
        Dirichlet([2.5, 0.5, 1.0, 30.0, 1e4], [
            simplex(0.001, 0.0001, 0.0002, 0.003), simplex(0.0002, 1e-9, 0.0001, 0.0029),
            simplex(0.01, 0.01, 0.01, 0.01), simplex(0.2, 0.2, 0.2, 0.2),
            [0.0002, 0.00005, 0.0, 0.003, 0.99675], [0.0002, 0.0, 0.0001, 0.003, 0.9967]]),
        Multinomial(10, [0.2, 0.3, 0.5], [
            [2, 3, 5], [0, 0, 10], [10, 0, 0], [1, 1, 8], [3, 3, 3], [-1, 6, 5], [4, 4, 2]]),
        Multinomial(1000, [0.1, 0.2, 0.3, 0.4], [
            [100, 200, 300, 400], [0, 0, 0, 1000], [1000, 0, 0, 0], [97, 211, 288, 404],
            [250, 250, 250, 250]]),
        Multinomial(5, [0.5, 0.5], [[0, 5], [2, 3], [5, 0]]),
        Multinomial(100, [1e-10, 0.25, 0.7499999999], [[0, 25, 75], [1, 24, 75], [0, 0, 100],
                                                       [3, 30, 67]]),
        Multinomial(20, [0.0, 0.25, 0.75], [[0, 5, 15], [1, 4, 15], [0, 20, 0]]),
        DirichletMultinomial(10, [1.0, 2.0, 3.0], [[2, 3, 5], [0, 0, 10], [10, 0, 0], [3, 3, 4],
                                                   [1, 1, 7]]),
        DirichletMultinomial(100, [0.5, 0.5, 0.5], [[0, 0, 100], [33, 33, 34], [1, 2, 97],
                                                    [50, 50, 0]]),
        DirichletMultinomial(1000, [1e-3, 1.0, 30.0], [[0, 30, 970], [1, 0, 999], [500, 250, 250],
                                                       [0, 0, 1000]]),
        DirichletMultinomial(50, [1e4, 1e4], [[25, 25], [0, 50], [10, 40]]),
    ]
    normals = [
        ([0.5], [[2.25]], 1),
        ([1.0, -2.0], [[2.0, 0.6], [0.6, 1.0]], 2),
        ([0.0, 0.0], [[1.0, 0.999998], [0.999998, 1.0]], 3),
        ([0.1, -0.2, 0.3], [[4.0, 1.2, -0.8], [1.2, 2.0, 0.5], [-0.8, 0.5, 1.0]], 4),
        ([10.0, 0.0, -10.0], kms(3, 0.9, [0.02, 1.0, 10.0]), 5),
        ([1.0, 2.0, 3.0, 4.0, 5.0], kms(5, 0.5, [1.0, 2.0, 0.5, 1.5, 3.0]), 6),
        ([0.0, 0.0, 0.0, 0.0, 0.0], [[1.0 / (i + j + 1) for j in range(5)] for i in range(5)], 7),
    ]
    for mean, cov, seed in normals:
        cases.append(MultivariateNormal(mean, cov, mvn_points(mean, cov, seed)))
    return cases


# ---------------------------------------------------------------------------
# Kullback-Leibler divergences
# ---------------------------------------------------------------------------

class KL:
    def __init__(self, name, p, q):
        self.name, self.p, self.q = name, p, q

    def json_params(self, values):
        return PARAMETER_JSON[self.name](values)

    def describe(self):
        return f"KL {self.name} {self.p} || {self.q}"


PARAMETER_JSON = {
    "Bernoulli": lambda v: {"probability": fmt(v[0])},
    "Categorical": lambda v: {"probabilities": [fmt(x) for x in v]},
    "Beta": lambda v: {"alpha": fmt(v[0]), "beta": fmt(v[1])},
    "Dirichlet": lambda v: {"alphas": [fmt(x) for x in v]},
    "Gamma": lambda v: {"shape": fmt(v[0]), "rate": fmt(v[1])},
    "Normal": lambda v: {"mean": fmt(v[0]), "standardDeviation": fmt(v[1])},
    "Exponential": lambda v: {"rate": fmt(v[0])},
    "Poisson": lambda v: {"rate": fmt(v[0])},
    "MultivariateNormal": lambda v: {"mean": [fmt(x) for x in v[0]],
                                     "covariance": [[fmt(x) for x in row] for row in v[1]]},
}


def kl_finite(ps, qs):
    total = mpf(0)
    for p, q in zip(ps, qs):
        if p == 0:
            continue
        if q == 0:
            return mpf("inf")
        total += p * (mpmath.log(p) - mpmath.log(q))
    return total


def kl_unit_interval(logp, logq):
    """int_0^1 p (log p - log q) dx for log-densities taking (x, 1 - x), split at 1/2."""
    def f_low(x):
        y = one_minus(x)
        lp = logp(x, y)
        return mpmath.exp(lp) * (lp - logq(x, y))

    def f_high(y):
        x = one_minus(y)
        lp = logp(x, y)
        return mpmath.exp(lp) * (lp - logq(x, y))

    return quad(f_low, [0, 0.25, 0.5]) + quad(f_high, [0, 0.25, 0.5])


def beta_log_density(a, b):
    lb = log_beta(a, b)
    return lambda x, y: xlogy(a - 1, x) + xlogy(b - 1, y) - lb


def expected_log_beta_marginal(a, b):
    """E[log X] for X ~ Beta(a, b), by quadrature (split at 1/2, 1 - x kept exact)."""
    lb = log_beta(a, b)

    def f_low(x):
        return mpmath.log(x) * mpmath.exp(xlogy(a - 1, x) + xlogy(b - 1, one_minus(x)) - lb)

    def f_high(y):
        x = one_minus(y)
        return mpmath.log(x) * mpmath.exp(xlogy(a - 1, x) + xlogy(b - 1, y) - lb)

    return quad(f_low, [0, 0.25, 0.5]) + quad(f_high, [0, 0.25, 0.5])


def gauss_hermite_expectation(mean, L, f):
    """E[f(mean + L z)], z ~ N(0, I), by the 3-point probabilists' Gauss-Hermite rule per axis
    (exact for polynomials of degree <= 5 in each coordinate)."""
    d = len(mean)
    nodes = [(-mpmath.sqrt(3), mpf(1) / 6), (mpf(0), mpf(2) / 3), (mpmath.sqrt(3), mpf(1) / 6)]
    total = mpf(0)

    def rec(axis, z, weight):
        nonlocal total
        if axis == d:
            x = [mean[r] + mpmath.fsum(L[r, c] * z[c] for c in range(r + 1)) for r in range(d)]
            total += weight * f(x)
            return
        for node, w in nodes:
            rec(axis + 1, z + [node], weight * w)

    rec(0, [], mpf(1))
    return total


def mvn_log_density(mean, cov):
    d = len(mean)
    L = mpmath.cholesky(mp_matrix(cov))
    log_det = 2 * mpmath.fsum(mpmath.log(L[i, i]) for i in range(d))
    mu = mp_vector(mean)

    def f(x):
        y = cholesky_solve(L, [a - b for a, b in zip(x, mu)])
        return -(d * mpmath.log(2 * mpmath.pi) + log_det + mpmath.fsum(v * v for v in y)) / 2

    return f, L


def kl_primary(name, p, q):
    """KL(p || q) = E_p[log p - log q] without the closed form."""
    if name == "Bernoulli":
        (a,), (b,) = p, q
        return kl_finite([mpf(a), one_minus(a)], [mpf(b), one_minus(b)])
    if name == "Categorical":
        return kl_finite(mp_vector(p), mp_vector(q))
    if name == "Beta":
        return kl_unit_interval(beta_log_density(*mp_vector(p)), beta_log_density(*mp_vector(q)))
    if name == "Dirichlet":
        a, b = mp_vector(p), mp_vector(q)
        if a == b:
            return mpf(0)
        a0 = mpmath.fsum(a)
        return (log_multivariate_beta(b) - log_multivariate_beta(a)
                + mpmath.fsum((ai - bi) * expected_log_beta_marginal(ai, a0 - ai)
                              for ai, bi in zip(a, b)))
    if name == "Gamma":
        (k1, r1), (k2, r2) = mp_vector(p), mp_vector(q)

        def lg(k, r, x):
            return k * mpmath.log(r) + xlogy(k - 1, x) - r * x - mpmath.loggamma(k)

        def f(z):       # z = r1 x: integrate against the standard Gamma(k1) density
            x = z / r1
            lp = lg(k1, r1, x)
            return mpmath.exp(lg(k1, mpf(1), z)) * (lp - lg(k2, r2, x))

        return quad(f, [0, k1 / 2, k1, k1 + 10 * mpmath.sqrt(k1), mpmath.inf])
    if name == "Normal":
        (m1, s1), (m2, s2) = mp_vector(p), mp_vector(q)

        def ln(m, s, x):
            return -((x - m) / s) ** 2 / 2 - mpmath.log(s) - mpmath.log(2 * mpmath.pi) / 2

        def f(z):
            x = m1 + s1 * z
            return mpmath.exp(-z * z / 2) / mpmath.sqrt(2 * mpmath.pi) * (ln(m1, s1, x) - ln(m2, s2, x))

        return quad(f, [-mpmath.inf, -5, 0, 5, mpmath.inf])
    if name == "Exponential":
        (l1,), (l2,) = mp_vector(p), mp_vector(q)

        def f(z):
            x = z / l1
            return mpmath.exp(-z) * ((mpmath.log(l1) - l1 * x) - (mpmath.log(l2) - l2 * x))

        return quad(f, [0, 1, 10, mpmath.inf])
    if name == "Poisson":
        (l1,), (l2,) = mp_vector(p), mp_vector(q)
        if l1 == l2:
            return mpf(0)
        eps = mpf(2) ** (-mp.prec - 20)
        m = int(math.floor(p[0]))
        total = mpf(0)
        log_ratio = mpmath.log(l1) - mpmath.log(l2)
        for direction in (+1, -1):
            k = m if direction > 0 else m - 1
            while k >= 0:
                lp = k * mpmath.log(l1) - l1 - mpmath.loggamma(k + 1)
                term = mpmath.exp(lp) * (k * log_ratio - l1 + l2)
                total += term
                far = (direction > 0 and k > l1 + 10) or (direction < 0 and k < l1 - 10)
                if far and abs(term) < eps * abs(total):
                    break
                k += direction
        return total
    if name == "MultivariateNormal":
        (mu1, c1), (mu2, c2) = p, q
        f1, L1 = mvn_log_density(mu1, c1)
        f2, _ = mvn_log_density(mu2, c2)
        return gauss_hermite_expectation(mp_vector(mu1), L1, lambda x: f1(x) - f2(x))
    raise KeyError(name)


def kl_closed_form(name, p, q):
    """The textbook closed forms: the independent check."""
    if name in ("Bernoulli", "Categorical"):
        return kl_primary(name, p, q)      # the finite sum is the definition
    if name == "Beta":
        (a1, b1), (a2, b2) = mp_vector(p), mp_vector(q)
        return (log_beta(a2, b2) - log_beta(a1, b1) + (a1 - a2) * mpmath.digamma(a1)
                + (b1 - b2) * mpmath.digamma(b1) + (a2 - a1 + b2 - b1) * mpmath.digamma(a1 + b1))
    if name == "Dirichlet":
        a, b = mp_vector(p), mp_vector(q)
        a0 = mpmath.fsum(a)
        return (log_multivariate_beta(b) - log_multivariate_beta(a)
                + mpmath.fsum((ai - bi) * (mpmath.digamma(ai) - mpmath.digamma(a0))
                              for ai, bi in zip(a, b)))
    if name == "Gamma":
        (k1, r1), (k2, r2) = mp_vector(p), mp_vector(q)
        return ((k1 - k2) * mpmath.digamma(k1) - mpmath.loggamma(k1) + mpmath.loggamma(k2)
                + k2 * (mpmath.log(r1) - mpmath.log(r2)) + k1 * (r2 - r1) / r1)
    if name == "Normal":
        (m1, s1), (m2, s2) = mp_vector(p), mp_vector(q)
        return mpmath.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - mpf(1) / 2
    if name == "Exponential":
        (l1,), (l2,) = mp_vector(p), mp_vector(q)
        return mpmath.log(l1 / l2) + l2 / l1 - 1
    if name == "Poisson":
        (l1,), (l2,) = mp_vector(p), mp_vector(q)
        return l1 * mpmath.log(l1 / l2) + l2 - l1
    if name == "MultivariateNormal":
        (mu1, c1), (mu2, c2) = p, q
        d = len(mu1)
        S1, S2 = mp_matrix(c1), mp_matrix(c2)
        S2inv = mpmath.inverse(S2)
        diff = mpmath.matrix(mp_vector(mu2)) - mpmath.matrix(mp_vector(mu1))
        trace = mpmath.fsum((S2inv * S1)[i, i] for i in range(d))
        quad_form = (diff.T * S2inv * diff)[0, 0]
        return (trace + quad_form - d + mpmath.log(mpmath.det(S2)) - mpmath.log(mpmath.det(S1))) / 2
    raise KeyError(name)


def build_kl(case):
    with mp.workdps(DPS + GUARD_DPS):
        value = to_double(kl_primary(case.name, case.p, case.q))
    with mp.workdps(CHECK_DPS + GUARD_DPS):
        if case.p == case.q:
            check = 0.0
        else:
            check = to_double(kl_closed_form(case.name, case.p, case.q))
    if fmt(value) != fmt(check):
        raise ReferenceError_(f"{case.describe()}: quadrature {value!r} vs closed form {check!r}")
    return {"distribution": case.name, "p": case.json_params(case.p),
            "q": case.json_params(case.q), "value": fmt(value)}


def kl_cases():
    mvn2 = ([1.0, -2.0], [[2.0, 0.6], [0.6, 1.0]])
    mvn2_ill = ([0.0, 0.0], [[1.0, 0.999998], [0.999998, 1.0]])
    mvn3 = ([0.1, -0.2, 0.3], [[4.0, 1.2, -0.8], [1.2, 2.0, 0.5], [-0.8, 0.5, 1.0]])
    mvn3_eye = ([0.0, 0.0, 0.0], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    mvn5 = ([1.0, 2.0, 3.0, 4.0, 5.0], kms(5, 0.5, [1.0, 2.0, 0.5, 1.5, 3.0]))
    mvn5_far = ([-20.0, 30.0, 0.0, 5.0, -5.0], kms(5, -0.3, [0.5, 1.0, 1.0, 2.0, 0.25]))
    pairs = {
        "Bernoulli": [((0.3,), (0.5,)), ((0.5,), (0.3,)), ((1e-10,), (0.5,)),
                      ((0.3,), (1 - 1e-10,)), ((0.3,), (0.3,)), ((0.0,), (0.3,)),
                      ((0.5,), (0.0,))],
        "Categorical": [([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]), ([0.5, 0.25, 0.25], [0.25, 0.25, 0.5]),
                        ([0.0, 0.5, 0.5], [0.25, 0.25, 0.5]), ([0.98, 0.01, 0.01], [0.01, 0.01, 0.98]),
                        ([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), ([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])],
        "Beta": [((2.0, 3.0), (1.0, 1.0)), ((0.5, 0.5), (2.0, 2.0)), ((1.0, 1.0), (3.0, 0.5)),
                 ((30.0, 2.0), (2.0, 30.0)), ((2.5, 2.5), (2.5, 2.5))],
        "Dirichlet": [([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]), ([0.5, 0.5, 0.5], [2.0, 2.0, 2.0]),
                      ([30.0, 1.0, 1.0], [1.0, 1.0, 30.0]), ([2.0, 3.0], [2.0, 3.0]),
                      ([2.5, 0.5, 1.0, 3.0, 10.0], [1.0, 1.0, 1.0, 1.0, 1.0])],
        "Gamma": [((2.0, 1.0), (1.0, 1.0)), ((0.5, 2.0), (3.0, 0.5)), ((30.0, 1.0), (1.0, 30.0)),
                  ((2.5, 4.0), (2.5, 4.0)), ((1e3, 1e3), (1.0, 1.0))],
        "Normal": [((0.0, 1.0), (1.0, 2.0)), ((0.0, 1.0), (0.0, 1.0)), ((5.0, 1e-3), (-5.0, 10.0)),
                   ((0.0, 1e-10), (0.0, 1e10)), ((1e10, 1.0), (0.0, 1.0))],
        "Exponential": [((1.0,), (2.0,)), ((2.0,), (1.0,)), ((1e-3,), (1e3,)), ((1.5,), (1.5,))],
        "Poisson": [((3.5,), (1.0,)), ((1.0,), (3.5,)), ((1e-3,), (3.5,)), ((1e4,), (100.0,)),
                    ((3.5,), (3.5,))],
        "MultivariateNormal": [(([0.5], [[2.25]]), ([-1.0], [[0.25]])), (mvn2, mvn2_ill),
                               (mvn2_ill, mvn2), (mvn3, mvn3_eye), (mvn5, mvn5_far),
                               (mvn3, mvn3)],
    }
    for name in ("Categorical",):
        for p, q in pairs[name]:
            assert_near_simplex(p)
            assert_near_simplex(q)
    return [KL(name, p, q) for name, items in pairs.items() for p, q in items]


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def run_job(job):
    kind, obj = job
    started = time.monotonic()
    if kind == "univariate":
        result = build_univariate(obj)
    elif kind == "multivariate":
        result = build_multivariate(obj)
    else:
        result = build_kl(obj)
    return kind, result, time.monotonic() - started


def jobs():
    return ([("univariate", d) for d in univariate_distributions()]
            + [("multivariate", d) for d in multivariate_distributions()]
            + [("kullbackLeibler", c) for c in kl_cases()])


def render(document):
    """JSON text with one case per line (stable, diff-friendly)."""
    lines = ["{",
             f'  "generator": {json.dumps(document["generator"])},',
             f'  "reference": {json.dumps(document["reference"])},']
    keys = ["univariate", "multivariate", "kullbackLeibler"]
    for i, key in enumerate(keys):
        cases = document[key]
        lines.append(f"  {json.dumps(key)}: [")
        for j, entry in enumerate(cases):
            comma = "," if j < len(cases) - 1 else ""
            lines.append("    " + json.dumps(entry) + comma)
        lines.append("  ]" + ("," if i < len(keys) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Large parameters: values with their conditioning (large_parameters.json)
# ---------------------------------------------------------------------------
#
# Issue 11: at large parameters the log-masses, densities and tail
# probabilities lost digits far beyond what the problem's conditioning
# allows.  Each entry here holds one value at 60 digits (checked at 80, by a
# second algorithm where there is one) and its relative condition number
# kappa with respect to the real parameters (probabilities, rates, shapes,
# concentrations) as doubles: |f(theta(1 + d)) - f(theta)| <= kappa |d| |f|
# to first order, summed over the parameters.  Counts and evaluation points
# are exact inputs (integers; Dirichlet points are the given doubles).
# kappa * 2^-53 is the error the rounding of the parameters alone causes;
# the Swift test holds each value to a small multiple of it (plus a few
# units in the last place).
#
#   Binomial log-mass:  |k - np| / (1 - p) / |f|
#   Binomial cdf, sf:   p n b(k; n - 1, p) / tail    (d cdf/dp = -n b(k; n-1, p))
#   Poisson log-mass:   |k - lambda| / |f|
#   Poisson cdf, sf:    lambda P(X = k) / tail       (d cdf/d lambda = -P(X = k))
#   Multinomial:        sum_i x_i / |f| = n / |f|   (each p_i perturbed alone)
#   NegativeBinomial:   (|r (psi(k + r) - psi(r) + log p)| + |r - k p/(1 - p)|) / |f|
#   Dirichlet:          sum_i |alpha_i (log x_i - psi(alpha_i) + psi(alpha_0))| / |f|
#   DirichletMultinomial: sum_i |a_i (psi(x_i + a_i) - psi(a_i) + psi(A) - psi(n + A))| / |f|
#   Gamma (shape k, rate l):   (|k (log(l x) - psi(k))| + |k - l x|) / |f|  (ChiSquared: k = nu/2)
#   InverseGamma (a, scale b): (|a (log(b/x) - psi(a))| + |a - b/x|) / |f|
#   Beta (a, b):        (|a (log x - psi(a) + psi(a+b))| + |b (log(1-x) - psi(b) + psi(a+b))|) / |f|

LARGE_OUTPUT = ROOT / "Tests" / "ProbKitDistributionsTests" / "Fixtures" / "large_parameters.json"
LARGE_DPS = 60
LARGE_CHECK_DPS = 80


def _binomial_logpmf(n, k, p):
    return log_choose(n, k) + xlogy(k, p) + xlogy(n - k, one_minus(p))


def _large_binomial(n, p, function, k):
    p = mpf(p)
    if function == "logDensity":
        value = _binomial_logpmf(n, k, p)
        return value, value, abs((k - n * p) / one_minus(p) / value)
    lower, upper = inc_beta(n - k, k + 1, one_minus(p), p)
    tail = lower if function == "cdf" else upper
    # The check: the same tail from the other side of the fraction's switch
    # point is not available, so the primary at 80 digits (done by the caller).
    slope = p * n * mpmath.exp(_binomial_logpmf(n - 1, k, p))
    return tail, tail, abs(slope / tail)


def _large_poisson(rate, function, k):
    lam = mpf(rate)
    logpmf = k * mpmath.log(lam) - lam - mpmath.loggamma(k + 1)
    if function == "logDensity":
        return logpmf, logpmf, abs((k - lam) / logpmf)
    p, q = reg_gamma(k + 1, lam)
    cp, cq = reg_gamma_mpmath(k + 1, lam)
    tail, check = (q, cq) if function == "cdf" else (p, cp)
    return tail, check, abs(lam * mpmath.exp(logpmf) / tail)


def _large_multinomial(n, probabilities, x):
    ps = mp_vector(probabilities)
    value = (mpmath.loggamma(n + 1) - mpmath.fsum(mpmath.loggamma(v + 1) for v in x)
             + mpmath.fsum(xlogy(v, p) for v, p in zip(x, ps)))
    # The check: small factorials through the gamma function itself.
    check = (mpmath.loggamma(n + 1) - mpmath.fsum(mpmath.log(mpmath.gamma(v + 1)) if v < 50
                                                   else mpmath.loggamma(v + 1) for v in x)
             + mpmath.fsum(v * mpmath.log(p) for v, p in zip(x, ps) if v > 0))
    return value, check, abs(mpf(n) / value)


def _large_negative_binomial(successes, probability, k):
    r, p = mpf(successes), mpf(probability)
    value = (mpmath.loggamma(k + r) - mpmath.loggamma(r) - mpmath.loggamma(k + 1)
             + r * mpmath.log(p) + xlogy(k, one_minus(p)))
    check = (-mpmath.log(k + r) - log_beta(r, k + 1)
             + r * mpmath.log(p) + xlogy(k, one_minus(p))) if k > 0 else value
    kappa = (abs(r * (mpmath.digamma(k + r) - mpmath.digamma(r) + mpmath.log(p)))
             + abs(r - k * p / one_minus(p))) / abs(value)
    return value, check, kappa


def _large_dirichlet(alphas, x):
    assert_near_simplex(x)
    a, xs = mp_vector(alphas), mp_vector(x)
    total = mpmath.fsum(a)
    log_b = mpmath.fsum(mpmath.loggamma(v) for v in a) - mpmath.loggamma(total)
    value = mpmath.fsum((ai - 1) * mpmath.log(xi) for ai, xi in zip(a, xs)) - log_b
    # The check: log B as a chain of two-argument log-betas.
    chain, partial = mpf(0), a[0]
    for ai in a[1:]:
        chain += log_beta(partial, ai)
        partial += ai
    check = mpmath.fsum((ai - 1) * mpmath.log(xi) for ai, xi in zip(a, xs)) - chain
    psi_total = mpmath.digamma(total)
    kappa = mpmath.fsum(abs(ai * (mpmath.log(xi) - mpmath.digamma(ai) + psi_total))
                        for ai, xi in zip(a, xs)) / abs(value)
    return value, check, kappa


LARGE_CASES = [
    # (distribution, parameters, function, points)
    ("Multinomial", {"trials": 10 ** 9, "probabilities": [0.31538, 0.53619, 0.14843]},
     "logDensity", [[315380000, 536190000, 148430000], [315400000, 536170000, 148430000],
                    [300000000, 550000000, 150000000]]),
    ("Multinomial", {"trials": 10 ** 6, "probabilities": [0.31538, 0.53619, 0.14843]},
     "logDensity", [[315380, 536190, 148430], [316000, 535600, 148400]]),
    ("Multinomial", {"trials": 4294967295, "probabilities": [0.25, 0.5, 0.25]},
     "logDensity", [[1073741824, 2147483647, 1073741824],
                    [1073700000, 2147500000, 1073767295]]),
    ("Multinomial", {"trials": 10 ** 9, "probabilities": [0.5, 0.5, 0.0]},
     "logDensity", [[500000000, 500000000, 0], [500030000, 499970000, 0]]),
    ("Multinomial", {"trials": 12, "probabilities": [0.2, 0.3, 0.5]},
     "logDensity", [[2, 4, 6], [12, 0, 0], [0, 1, 11]]),
    ("Binomial", {"trials": 10 ** 9, "probability": 0.3},
     "logDensity", [300000000, 300050000, 290000000, 0, 10 ** 9]),
    ("Binomial", {"trials": 10 ** 9, "probability": 0.3},
     "cdf", [300000000, 299900000, 300100000]),
    ("Binomial", {"trials": 10 ** 9, "probability": 0.3},
     "survival", [300000000, 299900000, 300100000]),
    ("Binomial", {"trials": 10 ** 6, "probability": 0.3},
     "logDensity", [300000, 299000]),
    ("Binomial", {"trials": 10 ** 6, "probability": 0.3},
     "cdf", [300000, 299000]),
    ("Binomial", {"trials": 10 ** 6, "probability": 0.3},
     "survival", [300000, 301000]),
    ("Binomial", {"trials": 4294967295, "probability": 0.5},
     "logDensity", [2147483647, 2147400000]),
    ("Binomial", {"trials": 4294967295, "probability": 0.5},
     "cdf", [2147483647, 2147400000]),
    ("Binomial", {"trials": 10 ** 9, "probability": 1e-9},
     "logDensity", [0, 1, 5]),
    ("Binomial", {"trials": 10 ** 9, "probability": 1e-9},
     "cdf", [0, 1, 5]),
    ("Poisson", {"rate": 1e7}, "logDensity", [10 ** 7, 9963769, 10005000]),
    ("Poisson", {"rate": 1e7}, "cdf", [9963769, 10 ** 7, 10020000]),
    ("Poisson", {"rate": 1e7}, "survival", [9963769, 10 ** 7, 10020000]),
    ("Poisson", {"rate": 1e6}, "cdf", [10 ** 6, 995000]),
    ("Poisson", {"rate": 1e6}, "survival", [10 ** 6, 1005000]),
    ("Poisson", {"rate": 3e5}, "cdf", [300000, 297500]),
    ("Poisson", {"rate": 3e5}, "survival", [300000, 302500]),
    ("Binomial", {"trials": 100000, "probability": 0.4}, "cdf", [40000, 39500]),
    ("Binomial", {"trials": 100000, "probability": 0.4}, "survival", [40000, 40500]),
    ("Poisson", {"rate": 1e9}, "logDensity", [10 ** 9]),
    ("Poisson", {"rate": 1e9}, "cdf", [10 ** 9, 999800000]),
    ("Poisson", {"rate": 1e9}, "survival", [10 ** 9, 1000200000]),
    ("Poisson", {"rate": 1e12}, "logDensity", [10 ** 12, 1000000100000]),
    ("NegativeBinomial", {"successes": 1e9, "probability": 0.3},
     "logDensity", [2333333333, 2300000000]),
    ("NegativeBinomial", {"successes": 1e6, "probability": 0.5},
     "logDensity", [10 ** 6, 999000]),
    ("NegativeBinomial", {"successes": 0.5, "probability": 1e-9},
     "logDensity", [500000000, 3]),
    ("Dirichlet", {"alphas": [1e5, 2e5, 3e5, 4e5]},
     "logDensity", [[0.1, 0.2, 0.3, 0.4], [0.1001, 0.2, 0.2999, 0.4]]),
    ("Dirichlet", {"alphas": [1e8, 1e8]}, "logDensity", [[0.5, 0.5], [0.50001, 0.49999]]),
    ("Dirichlet", {"alphas": [2.5, 1e7, 3e7]}, "logDensity", [[1e-7, 0.25, 0.7499999]]),
    ("DirichletMultinomial", {"trials": 10 ** 9, "alphas": [1e5, 2e5, 3e5]}, "logDensity",
     [[166666667, 333333333, 500000000], [166700000, 333300000, 500000000]]),
    ("DirichletMultinomial", {"trials": 10 ** 6, "alphas": [2.0, 3.0, 5.0]}, "logDensity",
     [[200000, 300000, 500000], [1000000, 0, 0]]),
    ("DirichletMultinomial", {"trials": 10, "alphas": [0.5, 1.0, 2.0]}, "logDensity",
     [[2, 3, 5], [10, 0, 0]]),
    ("BetaBinomial", {"trials": 10 ** 9, "alpha": 2e5, "beta": 3e5}, "logDensity",
     [400000000, 400100000, 0]),
    ("BetaBinomial", {"trials": 4294967295, "alpha": 0.5, "beta": 0.5}, "logDensity",
     [2147483647, 1]),
    ("BetaBinomial", {"trials": 10 ** 6, "alpha": 2.0, "beta": 3.0}, "logDensity",
     [400000, 10]),
    ("Gamma", {"shape": 1e9, "rate": 1.0}, "logDensity", [1e9, 1.0001e9, 9.9e8]),
    ("Gamma", {"shape": 1e5, "rate": 2.0}, "logDensity", [5e4, 5.05e4]),
    ("Gamma", {"shape": 1e15, "rate": 0.001}, "logDensity", [1e18]),
    ("ChiSquared", {"degreesOfFreedom": 2e9}, "logDensity", [2e9, 2.0001e9]),
    ("InverseGamma", {"shape": 1e9, "scale": 1e9}, "logDensity", [1.0, 1.0001, 0.99]),
    ("Beta", {"alpha": 1e9, "beta": 2e9}, "logDensity", [1 / 3, 0.33334, 0.3]),
    ("Beta", {"alpha": 1e5, "beta": 1e5}, "logDensity", [0.5, 0.501]),
    ("Beta", {"alpha": 1e12, "beta": 3e4}, "logDensity", [0.99999997]),
]


def _large_gamma(shape, rate, x):
    k, lam, x = mpf(shape), mpf(rate), mpf(x)
    value = k * mpmath.log(lam) + (k - 1) * mpmath.log(x) - lam * x - mpmath.loggamma(k)
    check = (k * mpmath.log(lam * x) - lam * x - mpmath.log(x)
             - (mpmath.log(mpmath.gamma(k)) if k < 100 else mpmath.loggamma(k)))
    kappa = (abs(k * (mpmath.log(lam * x) - mpmath.digamma(k))) + abs(k - lam * x)) / abs(value)
    return value, check, kappa


def _large_inverse_gamma(shape, scale, x):
    a, b, x = mpf(shape), mpf(scale), mpf(x)
    value = a * mpmath.log(b) - mpmath.loggamma(a) - (a + 1) * mpmath.log(x) - b / x
    check = a * mpmath.log(b / x) - b / x - mpmath.loggamma(a) - mpmath.log(x)
    kappa = (abs(a * (mpmath.log(b / x) - mpmath.digamma(a))) + abs(a - b / x)) / abs(value)
    return value, check, kappa


def _large_beta(alpha, beta, x):
    a, b, x = mpf(alpha), mpf(beta), mpf(x)
    y = one_minus(x)
    value = (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log(y) - log_beta(a, b)
    check = (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log(y) - mpmath.log(mpmath.beta(a, b))
    psi = mpmath.digamma(a + b)
    kappa = (abs(a * (mpmath.log(x) - mpmath.digamma(a) + psi))
             + abs(b * (mpmath.log(y) - mpmath.digamma(b) + psi))) / abs(value)
    return value, check, kappa


def _large_dirichlet_multinomial(n, alphas, x):
    al = mp_vector(alphas)
    a0 = mpmath.fsum(al)
    value = (mpmath.loggamma(n + 1) + mpmath.loggamma(a0) - mpmath.loggamma(n + a0)
             + mpmath.fsum(mpmath.loggamma(v + a) - mpmath.loggamma(v + 1) - mpmath.loggamma(a)
                           for v, a in zip(x, al)))
    # The check: log n + log B(a0, n) - sum over x_i > 0 of log x_i + log B(a_i, x_i).
    check = (mpmath.log(n) + log_beta(a0, n)
             - mpmath.fsum(mpmath.log(v) + log_beta(a, v) for v, a in zip(x, al) if v > 0))
    shift = mpmath.digamma(a0) - mpmath.digamma(n + a0)
    kappa = mpmath.fsum(abs(a * (mpmath.digamma(v + a) - mpmath.digamma(a) + shift))
                        for v, a in zip(x, al)) / abs(value)
    return value, check, kappa


def _large_value(distribution, parameters, function, x):
    if distribution == "BetaBinomial":
        # The Dirichlet-multinomial with K = 2.
        n = parameters["trials"]
        return _large_dirichlet_multinomial(
            n, [parameters["alpha"], parameters["beta"]], [x, n - x])
    if distribution == "DirichletMultinomial":
        return _large_dirichlet_multinomial(parameters["trials"], parameters["alphas"], x)
    if distribution == "Gamma":
        return _large_gamma(parameters["shape"], parameters["rate"], x)
    if distribution == "ChiSquared":
        # Gamma(nu/2, rate 1/2); nu/2 and 1/2 are exact.
        return _large_gamma(parameters["degreesOfFreedom"] / 2, 0.5, x)
    if distribution == "InverseGamma":
        return _large_inverse_gamma(parameters["shape"], parameters["scale"], x)
    if distribution == "Beta":
        return _large_beta(parameters["alpha"], parameters["beta"], x)
    if distribution == "Multinomial":
        return _large_multinomial(parameters["trials"], parameters["probabilities"], x)
    if distribution == "Binomial":
        return _large_binomial(parameters["trials"], parameters["probability"], function, x)
    if distribution == "Poisson":
        return _large_poisson(parameters["rate"], function, x)
    if distribution == "NegativeBinomial":
        return _large_negative_binomial(parameters["successes"], parameters["probability"], x)
    if distribution == "Dirichlet":
        return _large_dirichlet(parameters["alphas"], x)
    raise ValueError(distribution)


def large_parameter_document():
    entries = []
    for distribution, parameters, function, points in LARGE_CASES:
        for x in points:
            mp.dps = LARGE_DPS
            value, _, kappa = _large_value(distribution, parameters, function, x)
            expected = to_double(value)
            mp.dps = LARGE_CHECK_DPS
            _, check, _ = _large_value(distribution, parameters, function, x)
            if to_double(check) != expected:
                raise ReferenceError_(f"{distribution} {parameters} {function}({x}): "
                                      f"{expected!r} vs check {to_double(check)!r}")
            entries.append({
                "distribution": distribution,
                "parameters": {key: [fmt(v) for v in value] if isinstance(value, list)
                               else fmt(value) for key, value in parameters.items()},
                "function": function,
                "x": [fmt(v) for v in x] if isinstance(x, list) else fmt(x),
                "value": fmt(expected),
                "conditioning": fmt(float(mpmath.nstr(kappa, 3))),
            })
    mp.dps = DPS
    lines = ["{", f'  "generator": {json.dumps(GENERATOR)},',
             f'  "reference": "mpmath {mpmath.__version__} ({LARGE_DPS} digits, checked at '
             f'{LARGE_CHECK_DPS})",', '  "cases": [']
    for j, entry in enumerate(entries):
        lines.append("    " + json.dumps(entry) + ("," if j < len(entries) - 1 else ""))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed fixture differs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: all cores)")
    parser.add_argument("--large-parameters-only", action="store_true",
                        help="only large_parameters.json (a few seconds)")
    options = parser.parse_args()

    large_text = large_parameter_document()
    json.loads(large_text)
    if options.check:
        current = LARGE_OUTPUT.read_text() if LARGE_OUTPUT.exists() else None
        if current != large_text:
            print(f"{LARGE_OUTPUT} is out of date; rerun {GENERATOR}", file=sys.stderr)
            return 1
    else:
        LARGE_OUTPUT.write_text(large_text)
        print(f"wrote {LARGE_OUTPUT.relative_to(ROOT)}")
    if options.large_parameters_only:
        return 0

    import scipy
    started = time.monotonic()
    document = {
        "generator": GENERATOR,
        "reference": f"mpmath {mpmath.__version__} ({DPS} digits), "
                     f"cross-checked against scipy {scipy.__version__}",
        "univariate": [], "multivariate": [], "kullbackLeibler": [],
    }
    work = jobs()
    timings = []
    if options.jobs > 1:
        with multiprocessing.Pool(options.jobs) as pool:
            results = list(pool.imap(run_job, work, chunksize=1))
    else:
        results = [run_job(job) for job in work]
    for (kind, obj), (_, result, seconds) in zip(work, results):
        document[kind].append(result)
        timings.append((seconds, obj.describe()))
    text = render(document)
    json.loads(text)

    if options.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else None
        if current != text:
            print(f"{OUTPUT} is out of date; rerun {GENERATOR}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    counts = {}
    for key in ("univariate", "multivariate", "kullbackLeibler"):
        for case in document[key]:
            label = ("KL " if key == "kullbackLeibler" else "") + case["distribution"]
            counts[label] = counts.get(label, 0) + 1
    for label, n in counts.items():
        print(f"  {label:<28}{n:>4} cases")
    slowest = sorted(timings, reverse=True)[:3]
    print("  slowest: " + "; ".join(f"{d} {s:.1f} s" for s, d in slowest))
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(text.encode()):,} bytes "
          f"in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
