#!/usr/bin/env python3
"""Generate the reference fixture for ProbKitInference.

Writes ``Tests/ProbKitInferenceTests/Fixtures/inference.json``:

    {"generator": "Tests/Reference/generate_inference.py", "reference": "<versions>",
     "mle": [...], "conjugate": [...]}

Every number is a string: doubles in Python ``repr`` form ("0.1", "1e-05"), computed
values correctly rounded from the high-precision result; integers as plain integer
strings ("3").  Labels are the ProbKit argument labels.  Keys are sorted within each
case, one case per line.  ``"weights"`` is ``null`` (every observation counts once) or a
list of positive doubles as long as the data: weight w raises the observation's
likelihood to the power w (its log-likelihood counts w times).

``mle`` -- maximum likelihood
    ``{"model", "context", "data", "weights", "parameters", "logLikelihood"}`` with
    logLikelihood = sum_i w_i log p(x_i | MLE), all constants included (binomial and
    multinomial coefficients, 1/k!, 2 pi), evaluated at the exact MLE.

    model               context           data                    parameters
    Bernoulli           {}                0 / 1                   probability
    Binomial            {trials}          0 ... trials            probability
    Categorical         {categoryCount}   0 ..< K                 probabilities
    Multinomial         {trials}          count vectors           probabilities
    Poisson             {}                k >= 0                  rate
    Geometric           {}                failures k >= 0         probability (pmf p (1-p)^k)
    Exponential         {}                x > 0                   rate
    Normal              {}                x                       mean, standardDeviation
    MultivariateNormal  {}                vectors (d = 2, 3)      mean, covariance
    Gamma               {}                x > 0                   shape, rate
    Beta                {}                0 < x < 1               alpha, beta
    Dirichlet           {}                probability vectors     alphas

    Closed forms (weighted means, W = sum of the weights): probability = sum w x / (n W),
    categorical / multinomial frequencies, rate = mean (Poisson) or 1 / mean
    (Exponential), Geometric p = 1 / (1 + mean), Normal and MultivariateNormal mean and
    covariance dividing by W (not W - 1).  A probability can be exactly 0 or 1 (the
    all-zeros / all-ones Bernoulli cases, unseen categories); log-likelihood terms
    0 * log 0 count 0.  Gamma: log(a) - digamma(a) = log(mean x) - mean(log x), solved for
    log(a) by a bracketed Illinois iteration and re-solved with mpmath.findroot (both
    must agree), rate = a / mean x.  Beta and Dirichlet: digamma(a_k) - digamma(sum a) =
    mean(log p_k) (Beta: p = (x, 1 - x), 1 - x exact), solved by Newton's method with
    backtracking on the concave log-likelihood from the method-of-moments estimate;
    residuals are asserted below 1e-42.  For the Bernoulli, Binomial, Poisson, Geometric,
    Exponential, Normal, Gamma and Beta MLEs (when interior) the numerical gradient
    (mpmath.diff) of the weighted log-likelihood is asserted to vanish; for
    MultivariateNormal the log-likelihood is checked against
    -W (d log 2 pi + log det S + d) / 2.  The
    unweighted Gamma fits must agree with ``scipy.stats.gamma.fit(data, floc=0)`` to 1e-4
    and the unweighted Beta fits with ``scipy.stats.beta.fit(data, floc=0, fscale=1)`` to
    1e-3 (relative), or the script aborts.

``conjugate`` -- conjugate Bayesian updating
    ``{"likelihood", "context", "prior": {"distribution", "parameters"}, "data",
    "weights", "posterior": {"distribution", "parameters", "points": [{"x",
    "logDensity"}]}, "posteriorMean", "map", "credibleInterval",
    "highestDensityInterval" (Beta and Gamma posteriors only), "logEvidence",
    "predictive": {"distribution", "parameters", "points": [{"x", "logDensity"}]}}``

    likelihood (context)                       prior / posterior              predictive
    Bernoulli {}                               Beta {alpha, beta}             Bernoulli {probability}
    Binomial {trials}                          Beta                           BetaBinomial {trials, alpha, beta}
    Categorical {categoryCount}                Dirichlet {alphas}             Categorical {probabilities}
    Multinomial {trials}                       Dirichlet                      DirichletMultinomial {trials, alphas}
    Poisson {}                                 Gamma {shape, rate}            NegativeBinomial {successes, probability}
    Exponential {}                             Gamma (on the rate)            Lomax {shape, scale}
    NormalKnownStandardDeviation {standardDeviation}
                                               Normal {mean, standardDeviation} (on the mean)
                                                                              Normal {mean, standardDeviation}
    Normal {}                                  NormalGamma {mean, precisionScale, shape, rate}
                                                                              StudentT {degreesOfFreedom, location, scale}
    NormalKnownMean {mean}                     InverseGamma {shape, scale} (on the variance)
                                                                              StudentT

    NegativeBinomial pmf C(k+r-1, k) p^r (1-p)^k (r = successes); Lomax pdf
    (shape/scale) (1 + x/scale)^-(shape+1); NormalGamma: precision tau ~ Gamma(shape,
    rate), mean | tau ~ Normal(mean, variance 1 / (precisionScale tau)); InverseGamma
    density scale^shape / Gamma(shape) v^-(shape+1) exp(-scale / v).

    * posterior parameters: the closed-form update with weighted sufficient statistics
      (W = total weight, sums weighted), e.g. Beta(a + S, b + n W - S); for NormalGamma
      k_n = k0 + W, m_n = (k0 m0 + W xbar) / k_n, a_n = a0 + W/2,
      b_n = b0 + sum w (x - xbar)^2 / 2 + k0 W (xbar - m0)^2 / (2 k_n).  Everything
      below is evaluated at the exact (unrounded) posterior parameters.
    * posterior points: log density at 3 points of the support: scalars near the 0.1,
      0.5, 0.9 quantiles, Dirichlet probability vectors near the mean (all coordinates
      but the last multiples of 2^-20, the last 1 - their sum: the double sum is exactly
      1), NormalGamma x = [mean, precision]; points are rounded to 6 significant digits.
    * posteriorMean / map: of the likelihood parameter in its own parameterisation,
      labelled Bernoulli/Binomial {probability}, Categorical/Multinomial
      {probabilities}, Poisson/Exponential {rate}, NormalKnownStandardDeviation {mean},
      Normal {mean, precision}, NormalKnownMean {variance}.  Modes are closed forms,
      cross-checked by Newton's method on the numerical gradient (mpmath.diff) of the
      posterior log density started from the posterior mean: Beta (a-1)/(a+b-2);
      Gamma (a-1)/b; InverseGamma b/(a+1); NormalGamma (m_n, (a_n - 1/2) / b_n).
      Boundary modes: Beta with a <= 1 < b -> 0 (b <= 1 < a -> 1), checked by the sign of
      the numerical derivative at three quantiles; Gamma with shape <= 1 -> rate "0.0"
      for Poisson (a valid rate) and ``null`` for Exponential (rate 0 is not a valid
      Exponential rate); Dirichlet: coordinates with a_k <= 1 are 0 and the others
      (a_k - 1) / sum_{a_j > 1} (a_j - 1) (the maximiser over the closed simplex; the
      face maximum is checked numerically).  ``null`` where no unique mode exists.
    * credibleInterval: equal-tailed, {"level": "0.95", "lower", "upper"}; the tails
      are (1 - 0.95) / 2 with 0.95 the double, taken as exact.  Dirichlet: per-coordinate
      Beta(a_k, sum a - a_k) marginal intervals as lists; NormalGamma: {"level",
      "mean": {lower, upper}} from the Student t marginal (2 a_n dof, location m_n,
      scale sqrt(b_n / (a_n k_n))) and "precision": {lower, upper} from Gamma(a_n, b_n).
      Quantiles solve cdf(x) = p by a bracketed Illinois iteration (bracket from the
      scipy ppf, widened until it brackets) on mpmath's betainc / gammainc; Normal
      quantiles are erfinv, checked through ncdf.
    * highestDensityInterval (Beta, Gamma): the shortest 95% interval, from Newton's
      method on cdf(hi) - cdf(lo) = 0.95, log pdf(lo) = log pdf(hi) starting from the
      equal-tailed interval (asserted to 1e-42, and no longer than it).  Monotone
      densities start at the boundary: [0, q(0.95)] for Beta with alpha <= 1 < beta and
      Gamma with shape <= 1, [q(0.05), 1] for Beta with beta <= 1 < alpha; ``null`` for a
      U-shaped or uniform Beta (not an interval / not unique; no case has one).
    * logEvidence: log of the integral of prod_i p(x_i | theta)^w_i prior(theta), every
      likelihood constant included (empty data: 0).  The stored value is the closed form;
      it is recomputed by quadrature of likelihood x prior (scaled by its value at the
      posterior mean) and the script aborts unless |log quad - log closed| <= 1e-10:
      1-D tanh-sinh (QUAD_DPS digits, split at the support ends and at multiples of the
      posterior spread around its centre) for the scalar parameters; 2-D over the simplex in stick-breaking
      coordinates for K = 3 Dirichlet priors (Gauss-Legendre, or tanh-sinh when the
      integrand is singular on an edge); for K > 3 the Dirichlet integral as a product of
      1-D quadratures over the stick-breaking Beta factors; 2-D Gauss-Legendre for
      NormalGamma over (z, u), tau = (a_n/b_n) exp(u / sqrt(a_n)),
      mu = m_n + z / sqrt(k_n tau), on a box whose edges are checked to be negligible.
      The likelihood inside the quadratures uses the sufficient statistics; at one
      parameter value it is checked against the direct sum over the data.
    * predictive: closed-form parameters and the log pmf / pdf at 2-4 points (Bernoulli:
      0 and 1; integers, category indices, count vectors or doubles), each recomputed as
      the quadrature of p(x | theta) against the posterior (same rules as logEvidence;
      Categorical / DirichletMultinomial via the stick-breaking product of 1-D
      quadratures) and required to agree to 1e-10 in the log.

Data
    Each case has a fixed SplitMix64 seed; uniforms u in (0, 1) go through inverse CDFs:
    scipy ``norm`` / ``gamma`` / ``beta`` ppf for continuous data, rounded to 12
    significant digits (so a last-ulp change in scipy does not change the data), the
    exponential by -log1p(-u)/rate; Bernoulli u < p, Poisson / Binomial by summing the
    pmf at 30 digits, Geometric ceil(log(1-u) / log(1-p)) - 1, Categorical from exact
    cumulative sums, Multinomial n categorical draws, MultivariateNormal mean + L z
    (L the Cholesky factor).  Gamma draws <= 1e-300 and Beta draws that round to 0 or 1
    are redrawn.  Dirichlet rows are gamma ppf draws normalised in double arithmetic
    (renormalised once more if needed); a row is skipped unless its exact sum is within
    1e-15 of 1 and every coordinate exceeds 1e-300.  Weights are drawn from
    {0.5, 2, 3.25, 1, 0.25, 1.5, 0.75, 4} (the Exponential edge case: 0.125 each, total
    0.625, so the posterior shape stays below 1; the million-observation
    NormalKnownStandardDeviation case: ten values with weight 1e5 each).  The data and
    weights are stored in the fixture and treated as exact reals (probability vectors are
    not renormalised).

Precision
    Values are computed with mpmath at DPS + GUARD_DPS = 50 digits and rounded once to
    the nearest double (``to_double``); quadrature cross-checks run at 30 (1-D) and 20
    (2-D) digits.  The script prints the worst quadrature / closed-form disagreement
    (about 5e-13 for the K = 3 Dirichlet evidence whose integrand is singular on an edge,
    below 1e-16 elsewhere).

Usage (from anywhere; Python >= 3.9 with mpmath 1.3.0 and scipy 1.17.1):

    python3 Tests/Reference/generate_inference.py            # (re)write the fixture
    python3 Tests/Reference/generate_inference.py --check    # verify it is up to date
    python3 Tests/Reference/generate_inference.py --jobs 4   # worker processes

The fixture is committed and the Swift test run never executes Python.  Regenerate it
only when cases are added or changed, and commit both files together.  A run takes
about a minute on two cores.
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
from reference_support import INF, NAN, SplitMix64, exact_sum, fmt, to_double  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "ProbKitInferenceTests" / "Fixtures" / "inference.json"
GENERATOR = "Tests/Reference/generate_inference.py"

DPS = 40                 # significant digits of the stored reference values
GUARD_DPS = 10           # extra digits carried in every evaluation
QUAD_DPS = 30            # working digits of the 1-D quadratures
QUAD2_DPS = 20           # working digits of the 2-D quadratures
AGREE = 1e-10            # |log(quadrature) - log(closed form)| allowed
LEVEL = 0.95             # credible / highest-density level (the double 0.95, taken as exact)
DATA_DIGITS = 12         # continuous data are rounded to this many significant digits
POINT_DIGITS = 6         # evaluation points are rounded to this many significant digits
WEIGHT_PALETTE = [0.5, 2.0, 3.25, 1.0, 0.25, 1.5, 0.75, 4.0]


class ReferenceError_(AssertionError):
    """Two independent computations disagree."""


def setup_precision():
    mp.dps = DPS + GUARD_DPS


# ---------------------------------------------------------------------------
# Numbers, strings and small helpers
# ---------------------------------------------------------------------------

def num(value):
    """JSON string of a high-precision value, correctly rounded to a double."""
    return fmt(to_double(value))


def nums(values):
    return [num(v) for v in values]


def encode(value):
    """Data / points as JSON strings: ints verbatim, doubles by repr, lists recursively."""
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers here")
    if isinstance(value, (int, float)):
        return fmt(value)
    return num(value)


def pretty(x, digits=DATA_DIGITS):
    """x printed to `digits` significant digits and read back."""
    return float(f"{x:.{digits}g}")


def relative_error(expected, actual):
    expected, actual = float(expected), float(actual)
    if expected == actual:
        return 0.0
    if expected == 0 or not (math.isfinite(expected) and math.isfinite(actual)):
        return INF
    return abs(actual - expected) / abs(expected)


def xlogy(c, y):
    """c * log(y) with 0 * log(anything) = 0."""
    if c == 0:
        return mpf(0)
    if y == 0:
        return mpf("-inf")
    return c * mpmath.log(y)


def one_minus(x):
    """1 - x, exactly."""
    return mpmath.fsub(1, x, exact=True)


def log_beta(a, b):
    return mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)


def log_choose(n, k):
    return mpmath.loggamma(n + 1) - mpmath.loggamma(k + 1) - mpmath.loggamma(n - k + 1)


def weight_values(weights, n):
    return [mpf(1)] * n if weights is None else [mpf(w) for w in weights]


def exact_weighted_sum(ws, xs):
    """sum_i w_i x_i of doubles / ints, exactly (no rounding at all)."""
    return exact_sum(mpmath.fmul(w, x, exact=True) for w, x in zip(ws, xs))


def weighted_sum(ws, values):
    """sum_i w_i v_i of high-precision values at the working precision."""
    return mpmath.fsum(w * v for w, v in zip(ws, values))


def check(condition, message):
    if not condition:
        raise ReferenceError_(message)


def check_close(what, expected, actual, tolerance):
    diff = abs(mpf(actual) - mpf(expected))
    check(diff <= tolerance, f"{what}: {mpmath.nstr(expected, 20)} vs "
                             f"{mpmath.nstr(actual, 20)} (difference {mpmath.nstr(diff, 3)})")
    return diff


# ---------------------------------------------------------------------------
# Root finding, quantiles, modes, quadrature
# ---------------------------------------------------------------------------

def solve_increasing(g, lo, hi):
    """Root of g (increasing, g(lo) < 0 < g(hi)): Illinois steps with a bisection guard.

    Stops when the bracket is narrower than 2**-(prec-24) relative to the root
    (about 1e-44 at the working precision)."""
    lo, hi = mpf(lo), mpf(hi)
    glo, ghi = g(lo), g(hi)
    check(glo < 0 < ghi, f"root not bracketed: g({lo}) = {glo}, g({hi}) = {ghi}")
    tol = mpf(2) ** (-(mp.prec - 24))
    side = 0
    width = hi - lo
    for iteration in range(1, 1000):
        if hi - lo <= tol * max(abs(lo), abs(hi)):
            return (lo + hi) / 2
        x = (lo * ghi - hi * glo) / (ghi - glo)
        if not lo < x < hi:
            x = (lo + hi) / 2
        if iteration % 4 == 0:                # guard: halve the bracket every 4 steps
            if hi - lo > width / 2:
                x = (lo + hi) / 2
            width = hi - lo
        gx = g(x)
        if gx == 0:
            return x
        if gx < 0:
            lo, glo = x, gx
            if side == -1:
                ghi /= 2
            side = -1
        else:
            hi, ghi = x, gx
            if side == 1:
                glo /= 2
            side = 1
    raise ReferenceError_("root finding did not converge")


def expand_increasing(g, lo, hi, lower=None, upper=None):
    """Widen [lo, hi] until g(lo) < 0 < g(hi): halve towards `lower`, move towards `upper`
    (or double when `upper` is None), for domains in (0, upper)."""
    for _ in range(3000):
        if g(lo) < 0:
            break
        lo = lo / 2 if lower is None else lower + (lo - lower) / 2
    for _ in range(3000):
        if g(hi) > 0:
            break
        hi = hi * 2 if upper is None else (hi + upper) / 2
    return lo, hi


def quantile(dist, p):
    """x with dist.cdf(x) = p, for a distribution on (0, upper)."""
    p = mpf(p)
    x0 = mpf(dist.guess(float(p)))
    if not (0 < x0 and (dist.upper is None or x0 < dist.upper)):
        x0 = dist.mean()
    lo, hi = x0 * (1 - mpf("1e-8")), x0 * (1 + mpf("1e-8"))
    if dist.upper is not None and hi >= dist.upper:
        hi = (x0 + dist.upper) / 2

    def g(x):
        return dist.cdf(x) - p
    lo, hi = expand_increasing(g, lo, hi, lower=mpf(0), upper=dist.upper)
    return solve_increasing(g, lo, hi)


def numeric_argmax(logf, x0, inside):
    """Maximiser of logf near x0 by Newton's method on the gradient, with the gradient
    and Hessian from mpmath.diff (numerical differentiation of logf itself)."""
    x = [mpf(v) for v in x0]
    n = len(x)

    def f(*v):
        return logf(list(v))

    def unit(*idx):
        order = [0] * n
        for i in idx:
            order[i] += 1
        return tuple(order)
    for _ in range(100):
        grad = mpmath.matrix([mpmath.diff(f, x, unit(i)) for i in range(n)])
        hess = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(i, n):
                hess[i, j] = hess[j, i] = mpmath.diff(f, x, unit(i, j))
        step = mpmath.lu_solve(hess, -grad)
        t = mpf(1)
        current = logf(x)
        while True:
            trial = [xi + t * si for xi, si in zip(x, step)]
            if inside(trial) and logf(trial) >= current - abs(current) * mpf(10) ** (-DPS):
                break
            t /= 2
            check(t > mpf(2) ** -200, "numeric_argmax: no ascent step")
        x = trial
        if max(abs(t * si) / max(1, abs(xi)) for si, xi in zip(step, x)) < mpf(10) ** -(DPS - 5):
            return x
    raise ReferenceError_("numeric_argmax did not converge")


def breakpoints(center, spread, lower, upper, multiples=(-8, -3, 0, 3, 8)):
    """Quadrature breakpoints: the support ends and center + k * spread inside them."""
    points = [lower]
    for k in multiples:
        x = center + k * spread
        if lower < x < upper and x > points[-1]:
            points.append(x)
    points.append(upper)
    return points


def log_quad(logf, points, method="tanh-sinh", maxdegree=10):
    """log of the integral of exp(logf) over the breakpoints `points` (1-D, QUAD_DPS).

    The integrand is scaled by its value at the innermost breakpoint."""
    scale_at = points[len(points) // 2] if len(points) > 2 else (points[0] + points[1]) / 2
    scale = logf(scale_at)

    def integrand(x):
        value = logf(x)
        if value == mpf("-inf"):
            return mpf(0)
        return mpmath.exp(value - scale)
    with mp.workdps(QUAD_DPS):
        value, error = mpmath.quad(integrand, points, error=True, method=method,
                                   maxdegree=maxdegree)
    check(value > 0 and error <= value * mpf("1e-14"),
          f"1-D quadrature inaccurate: value {value}, error {error}")
    return scale + mpmath.log(value)


def log_quad_simplex3(exponents, log_constant):
    """log of the integral over the 2-simplex of exp(log_constant + sum_k exponents[k] log p_k)
    dp_1 dp_2, a 2-D quadrature (QUAD2_DPS digits) in the stick-breaking coordinates
    p = (v1, (1-v1) v2, (1-v1)(1-v2)), Jacobian 1 - v1.  Gauss-Legendre split at the peak
    and +-6 standard deviations of the matching Beta factors when the integrand is
    bounded (all exponents >= 0); tanh-sinh split at the peak when it is singular on an
    edge (an exponent in (-1, 0))."""
    e1, e2, e3 = exponents
    b1 = BetaDist(e1 + 1, e2 + e3 + 2)          # the v1 and v2 factors of the integrand
    b2 = BetaDist(e2 + 1, e3 + 1)

    def logf(v1, v2):
        w1 = 1 - v1
        w2 = 1 - v2
        if v1 <= 0 or v2 <= 0 or w1 <= 0 or w2 <= 0:
            return mpf("-inf")
        lw1 = mpmath.log(w1)
        return (log_constant + e1 * mpmath.log(v1) + e2 * (lw1 + mpmath.log(v2))
                + e3 * (lw1 + mpmath.log(w2)) + lw1)
    scale = logf(b1.mean(), b2.mean())

    def integrand(v1, v2):
        value = logf(v1, v2)
        if value == mpf("-inf"):
            return mpf(0)
        return mpmath.exp(value - scale)
    with mp.workdps(QUAD2_DPS):
        if min(exponents) >= 0:
            value, error = mpmath.quad(
                integrand, breakpoints(b1.mean(), b1.sd(), mpf(0), mpf(1), (-6, 0, 6)),
                breakpoints(b2.mean(), b2.sd(), mpf(0), mpf(1), (-6, 0, 6)),
                error=True, method="gauss-legendre", maxdegree=6)
        else:
            value, error = mpmath.quad(integrand, [0, b1.mean(), 1], [0, b2.mean(), 1], error=True)
    check(value > 0 and error <= value * mpf("1e-14"),
          f"simplex quadrature inaccurate: value {value}, error {error}")
    return scale + mpmath.log(value)


def log_quad_normal_gamma(logf, mean, kappa, precision_center, shape):
    """log of the integral of exp(logf(mu, tau)) over mu in R, tau > 0: a 2-D
    Gauss-Legendre quadrature (QUAD2_DPS digits) in the standardised coordinates
    tau = precision_center exp(u / sqrt(shape)), mu = mean + z / sqrt(kappa tau)
    (Jacobian sqrt(tau / kappa) / sqrt(shape)), over z in [-14, 14], u in
    [-max(20, 75 / sqrt(shape)), 12], split at 0; the integrand is verified to be below
    e^-57 of its centre value on the whole edge of the box."""
    root_shape = mpmath.sqrt(shape)
    log_center = mpmath.log(precision_center)
    log_jacobian = -mpmath.log(kappa) / 2 - mpmath.log(root_shape)
    z_box = [mpf(-14), mpf(0), mpf(14)]
    u_box = [-max(mpf(20), 75 / root_shape), mpf(0), mpf(12)]

    def logg(z, u):
        log_tau = log_center + u / root_shape
        tau = mpmath.exp(log_tau)
        return logf(mean + z / mpmath.sqrt(kappa * tau), tau) + log_tau / 2 + log_jacobian
    scale = logg(mpf(0), mpf(0))
    for i in range(41):
        z = z_box[0] + (z_box[2] - z_box[0]) * i / 40
        u = u_box[0] + (u_box[2] - u_box[0]) * i / 40
        for zz, uu in ((z, u_box[0]), (z, u_box[2]), (z_box[0], u), (z_box[2], u)):
            check(logg(zz, uu) - scale < -57, "Normal-Gamma integrand not negligible on the box edge")

    def integrand(z, u):
        return mpmath.exp(logg(z, u) - scale)
    with mp.workdps(QUAD2_DPS):
        value, error = mpmath.quad(integrand, z_box, u_box, error=True, method="gauss-legendre",
                                   maxdegree=5)
    check(value > 0 and error <= value * mpf("1e-14"),
          f"Normal-Gamma quadrature inaccurate: value {value}, error {error}")
    return scale + mpmath.log(value)


# ---------------------------------------------------------------------------
# Posterior families (scalar)
# ---------------------------------------------------------------------------

class BetaDist:
    name = "Beta"
    upper = mpf(1)

    def __init__(self, a, b):
        self.a, self.b = mpf(a), mpf(b)
        self.log_norm = -log_beta(self.a, self.b)

    def parameters(self):
        return {"alpha": num(self.a), "beta": num(self.b)}

    def logpdf(self, x):
        x = mpf(x)
        return self.log_norm + (self.a - 1) * mpmath.log(x) + (self.b - 1) * mpmath.log(1 - x)

    def dlogpdf(self, x):
        x = mpf(x)
        return (self.a - 1) / x - (self.b - 1) / (1 - x)

    def cdf(self, x):
        x = mpf(x)
        return mpmath.betainc(self.a, self.b, 0, x, regularized=True)

    def mean(self):
        return self.a / (self.a + self.b)

    def sd(self):
        s = self.a + self.b
        return mpmath.sqrt(self.a * self.b / (s * s * (s + 1)))

    def guess(self, p):
        return stats().beta.ppf(p, float(self.a), float(self.b))

    def mode(self):
        """Closed-form mode (None when not unique)."""
        a, b = self.a, self.b
        if a > 1 and b > 1:
            return (a - 1) / (a + b - 2)
        if a <= 1 < b:
            return mpf(0)
        if b <= 1 < a:
            return mpf(1)
        return None

    def monotone(self):
        """'decreasing' / 'increasing' / None (unimodal) / 'neither'."""
        a, b = self.a, self.b
        if a <= 1 < b:
            return "decreasing"
        if b <= 1 < a:
            return "increasing"
        if a > 1 and b > 1:
            return None
        return "neither"

    def support_points(self):
        return breakpoints(self.mean(), self.sd(), mpf(0), mpf(1))

    def inside(self, x):
        return 0 < x < 1


class GammaDist:
    name = "Gamma"
    upper = None

    def __init__(self, shape, rate):
        self.a, self.b = mpf(shape), mpf(rate)
        self.log_norm = self.a * mpmath.log(self.b) - mpmath.loggamma(self.a)

    def parameters(self):
        return {"shape": num(self.a), "rate": num(self.b)}

    def logpdf(self, x):
        x = mpf(x)
        return self.log_norm + (self.a - 1) * mpmath.log(x) - self.b * x

    def dlogpdf(self, x):
        x = mpf(x)
        return (self.a - 1) / x - self.b

    def cdf(self, x):
        x = mpf(x)
        return mpmath.gammainc(self.a, 0, self.b * x, regularized=True)

    def mean(self):
        return self.a / self.b

    def sd(self):
        return mpmath.sqrt(self.a) / self.b

    def guess(self, p):
        return stats().gamma.ppf(p, float(self.a)) / float(self.b)

    def mode(self):
        return (self.a - 1) / self.b if self.a > 1 else mpf(0)

    def monotone(self):
        return "decreasing" if self.a <= 1 else None

    def support_points(self):
        return breakpoints(self.mean(), self.sd(), mpf(0), mpmath.inf, (-8, -3, 0, 3, 8, 20))

    def inside(self, x):
        return x > 0


class InverseGammaDist:
    name = "InverseGamma"
    upper = None

    def __init__(self, shape, scale):
        self.a, self.b = mpf(shape), mpf(scale)
        self.log_norm = self.a * mpmath.log(self.b) - mpmath.loggamma(self.a)

    def parameters(self):
        return {"shape": num(self.a), "scale": num(self.b)}

    def logpdf(self, v):
        v = mpf(v)
        return self.log_norm - (self.a + 1) * mpmath.log(v) - self.b / v

    def cdf(self, v):
        v = mpf(v)
        return mpmath.gammainc(self.a, self.b / v, mpmath.inf, regularized=True)

    def mean(self):
        return self.b / (self.a - 1)

    def spread(self):
        return self.b / (self.a - 1) / mpmath.sqrt(self.a)

    def guess(self, p):
        return stats().invgamma.ppf(p, float(self.a), scale=float(self.b))

    def mode(self):
        return self.b / (self.a + 1)

    def support_points(self):
        return breakpoints(self.mode(), self.spread(), mpf(0), mpmath.inf, (-0.9, -0.5, 0, 3, 8, 20))

    def inside(self, x):
        return x > 0


class NormalDist:
    name = "Normal"

    def __init__(self, mean, sd):
        self.m, self.s = mpf(mean), mpf(sd)

    def parameters(self):
        return {"mean": num(self.m), "standardDeviation": num(self.s)}

    def logpdf(self, x):
        x = mpf(x)
        z = (x - self.m) / self.s
        return -z * z / 2 - mpmath.log(self.s) - mpmath.log(2 * mpmath.pi) / 2

    def cdf(self, x):
        x = mpf(x)
        return mpmath.ncdf(x, self.m, self.s)

    def quantile(self, p):
        x = self.m + self.s * mpmath.sqrt(2) * mpmath.erfinv(2 * mpf(p) - 1)
        check_close("normal quantile", p, self.cdf(x), mpf(10) ** -(DPS + 2))
        return x

    def mean(self):
        return self.m

    def guess(self, p):
        return stats().norm.ppf(p, float(self.m), float(self.s))

    def support_points(self):
        return breakpoints(self.m, self.s, -mpmath.inf, mpmath.inf)

    def inside(self, x):
        return True


class StudentTStandard:
    """Standard Student t with nu degrees of freedom, on t > 0 (for the upper quantiles)."""
    upper = None

    def __init__(self, nu):
        self.nu = mpf(nu)

    def cdf(self, t):
        t = mpf(t)
        return 1 - mpmath.betainc(self.nu / 2, mpf(1) / 2, 0, self.nu / (self.nu + t * t),
                                  regularized=True) / 2

    def mean(self):
        return mpf(1)

    def guess(self, p):
        return stats().t.ppf(p, float(self.nu))


_STATS = None


def stats():
    """scipy.stats, imported lazily (placing data and points, fit cross-checks only)."""
    global _STATS
    if _STATS is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from scipy import stats as module
        _STATS = module
    return _STATS


def tails():
    lower = (1 - mpf(LEVEL)) / 2
    return lower, 1 - lower


def scalar_interval(dist):
    lower_p, upper_p = tails()
    if isinstance(dist, NormalDist):
        return dist.quantile(lower_p), dist.quantile(upper_p)
    return quantile(dist, lower_p), quantile(dist, upper_p)


def credible(dist):
    lo, hi = scalar_interval(dist)
    return {"level": fmt(LEVEL), "lower": num(lo), "upper": num(hi)}


def highest_density(dist):
    """Shortest interval of mass LEVEL for a Beta or Gamma posterior (None if the
    density is U-shaped / uniform, where it is not an interval / not unique)."""
    level = mpf(LEVEL)
    shape = dist.monotone()
    if shape == "neither":
        return None
    if shape == "decreasing":
        lo, hi = mpf(0), quantile(dist, level)
        check(dist.cdf(hi) - level < mpf(10) ** -(DPS + 2), "HDI mass")
    elif shape == "increasing":
        lo, hi = quantile(dist, 1 - level), mpf(1)
    else:
        mode = dist.mode()
        lo, hi = scalar_interval(dist)
        for _ in range(200):
            f1 = dist.cdf(hi) - dist.cdf(lo) - level
            f2 = dist.logpdf(lo) - dist.logpdf(hi)
            p_lo, p_hi = mpmath.exp(dist.logpdf(lo)), mpmath.exp(dist.logpdf(hi))
            d_lo, d_hi = dist.dlogpdf(lo), dist.dlogpdf(hi)
            # Jacobian [[-p_lo, p_hi], [d_lo, -d_hi]]; Newton step = -J^-1 F
            det = p_lo * d_hi - p_hi * d_lo
            step_lo = -(-d_hi * f1 - p_hi * f2) / det
            step_hi = -(-d_lo * f1 - p_lo * f2) / det
            t = mpf(1)
            while True:
                new_lo, new_hi = lo + t * step_lo, hi + t * step_hi
                if 0 < new_lo < mode < new_hi and (dist.upper is None or new_hi < dist.upper):
                    break
                t /= 2
            lo, hi = new_lo, new_hi
            if max(abs(t * step_lo) / lo, abs(t * step_hi) / hi) < mpf(10) ** -(DPS + 4):
                break
        else:
            raise ReferenceError_("HDI Newton did not converge")
        check(abs(dist.cdf(hi) - dist.cdf(lo) - level) < mpf(10) ** -(DPS + 2), "HDI mass")
        check(abs(dist.logpdf(lo) - dist.logpdf(hi)) < mpf(10) ** -(DPS + 2), "HDI density")
        # the interval must be shorter than the equal-tailed one
        e_lo, e_hi = scalar_interval(dist)
        check(hi - lo <= e_hi - e_lo, "HDI longer than the equal-tailed interval")
    return {"level": fmt(LEVEL), "lower": num(lo), "upper": num(hi)}


def check_scalar_mode(dist, mode):
    """Cross-check a closed-form mode numerically: Newton on the numerical derivative of
    the log density from the posterior mean (interior), or the sign of the numerical
    derivative across the support (boundary)."""
    if mode is None:
        return
    interior = dist.inside(mode) and not (isinstance(dist, BetaDist) and mode in (0, 1))
    if isinstance(dist, GammaDist) and mode == 0:
        interior = False
    if interior:
        found = numeric_argmax(lambda v: dist.logpdf(v[0]), [dist.mean()],
                               lambda v: dist.inside(v[0]))[0]
        check_close(f"{dist.name} mode", mode, found, abs(mode) * mpf(10) ** -(DPS - 8))
    else:
        for q in (mpf("0.001"), mpf("0.3"), mpf("0.9")):
            x = quantile(dist, q)
            slope = mpmath.diff(dist.logpdf, x)
            if mode == 0:
                check(slope < 0, f"{dist.name}: boundary mode 0 but the density rises at {x}")
            else:
                check(slope > 0, f"{dist.name}: boundary mode 1 but the density falls at {x}")


def scalar_points(dist, probabilities=(0.1, 0.5, 0.9)):
    """Posterior log densities at points placed near the given quantiles (rounded)."""
    points = []
    for p in probabilities:
        x = pretty(float(dist.guess(p)), POINT_DIGITS)
        check(dist.inside(mpf(x)) and x not in [pt[0] for pt in points], "bad point")
        points.append((x, dist.logpdf(mpf(x))))
    return [{"x": fmt(x), "logDensity": num(v)} for x, v in points]


# ---------------------------------------------------------------------------
# Dirichlet helpers
# ---------------------------------------------------------------------------

def dirichlet_logpdf(alphas, p):
    total = mpmath.fsum(alphas)
    return (mpmath.loggamma(total) - mpmath.fsum(mpmath.loggamma(a) for a in alphas)
            + mpmath.fsum((a - 1) * mpmath.log(x) for a, x in zip(alphas, p)))


def dirichlet_mode(alphas):
    """Maximiser of sum (a_k - 1) log p_k over the closed simplex; None when all a_k <= 1."""
    excess = [a - 1 if a > 1 else mpf(0) for a in alphas]
    total = mpmath.fsum(excess)
    if total == 0:
        return None
    return [e / total for e in excess]


def check_dirichlet_mode(alphas, mode):
    """Numerical cross-check: maximise sum_{k in face} (a_k - 1) log p_k over the face
    {p_k = 0 for a_k <= 1} by Newton on the numerical gradient from the (renormalised)
    posterior mean; and, for the coordinates set to 0, that the density grows without
    bound (a_k < 1) or does not depend on p_k (a_k = 1) as p_k -> 0."""
    face = [k for k, a in enumerate(alphas) if a > 1]
    total = mpmath.fsum(alphas[k] for k in face)
    start = [alphas[k] / total for k in face]
    if len(face) == 1:
        found = [mpf(1)]
    else:
        def logf(v):
            last = 1 - mpmath.fsum(v)
            coords = list(v) + [last]
            return mpmath.fsum((alphas[k] - 1) * mpmath.log(x) for k, x in zip(face, coords))

        def inside(v):
            return all(x > 0 for x in v) and mpmath.fsum(v) < 1
        free = numeric_argmax(logf, start[:-1], inside)
        found = free + [1 - mpmath.fsum(free)]
    for k, x in zip(face, found):
        check_close("Dirichlet mode", mode[k], x, mpf(10) ** -(DPS - 8))
    for k, a in enumerate(alphas):
        if k not in face:
            check(mode[k] == 0, "Dirichlet mode: coordinate with alpha <= 1 not at 0")


def simplex_point(weights):
    """A point of the simplex near `weights` (normalised): every coordinate but the last
    a multiple of 2**-20, the last 1 - (their sum); the double sum is exactly 1."""
    total = math.fsum(weights)
    head = [round(w / total * 2 ** 20) / 2 ** 20 for w in weights[:-1]]
    point = head + [1.0 - math.fsum(head)]
    check(all(x > 0 for x in point) and sum(Fraction(x) for x in point) == 1, "simplex point")
    return point


def log_dirichlet_moment_sticks(alphas, counts):
    """log E[prod_k p_k^counts_k] under Dirichlet(alphas) as a product of 1-D
    quadratures: with stick-breaking v_j ~ Beta(a_j, a_{j+1} + ... + a_K) the expectation
    factorises into prod_j integral v^c_j (1 - v)^(c_{j+1} + ... + c_K) Beta(v) dv."""
    total = mpf(0)
    for j in range(len(alphas) - 1):
        a, b = alphas[j], mpmath.fsum(alphas[j + 1:])
        c, d = counts[j], mpmath.fsum(counts[j + 1:])
        shape = BetaDist(a + c, b + d)
        log_norm = -log_beta(a, b)

        def logf(v, a=a, b=b, c=c, d=d, log_norm=log_norm):
            return log_norm + (a + c - 1) * mpmath.log(v) + (b + d - 1) * mpmath.log(1 - v)
        total += log_quad(logf, shape.support_points())
    return total


# ---------------------------------------------------------------------------
# Seeded data
# ---------------------------------------------------------------------------

class Draws:
    """Deterministic data: SplitMix64 uniforms through inverse CDFs.

    Continuous values are rounded to DATA_DIGITS significant digits (so a last-ulp
    change in a scipy ppf does not change the data); discrete inverse CDFs are
    exact sums at 30 digits."""

    def __init__(self, seed):
        self.rng = SplitMix64(seed)

    def u(self):
        while True:
            u = self.rng.uniform()
            if u > 0.0:
                return u

    def normal(self, mean, sd):
        return pretty(mean + sd * float(stats().norm.ppf(self.u())))

    def gamma(self, shape, rate):
        while True:
            x = pretty(float(stats().gamma.ppf(self.u(), shape)) / rate)
            if 1e-300 < x < INF:
                return x

    def beta(self, a, b):
        while True:
            x = pretty(float(stats().beta.ppf(self.u(), a, b)))
            if 0.0 < x < 1.0:
                return x

    def exponential(self, rate):
        return pretty(-math.log1p(-self.u()) / rate)

    def bernoulli(self, p):
        return 1 if self.u() < p else 0

    def _discrete(self, first_pmf, next_pmf):
        u = self.u()
        with mp.workdps(30):
            k, pmf = 0, first_pmf()
            cdf = pmf
            while cdf < u:
                pmf = next_pmf(k, pmf)
                k += 1
                cdf += pmf
        return k

    def poisson(self, rate):
        r = mpf(rate)
        return self._discrete(lambda: mpmath.exp(-r), lambda k, pmf: pmf * r / (k + 1))

    def binomial(self, n, p):
        q = mpf(p)
        return self._discrete(lambda: (1 - q) ** n,
                              lambda k, pmf: pmf * (n - k) / (k + 1) * q / (1 - q))

    def geometric(self, p):
        """Failures before the first success: smallest k with 1 - (1-p)^(k+1) >= u."""
        u = self.u()
        with mp.workdps(30):
            k = int(mpmath.ceil(mpmath.log(1 - mpf(u)) / mpmath.log(1 - mpf(p)))) - 1
        return max(k, 0)

    def categorical(self, probabilities):
        u = Fraction(self.u())
        cumulative = Fraction(0)
        last = max(k for k, p in enumerate(probabilities) if p > 0)
        for k, p in enumerate(probabilities):
            cumulative += Fraction(p)
            if p > 0 and u < cumulative:
                return k
        return last

    def multinomial(self, n, probabilities):
        counts = [0] * len(probabilities)
        for _ in range(n):
            counts[self.categorical(probabilities)] += 1
        return counts

    def multivariate_normal(self, mean, cholesky):
        z = [float(stats().norm.ppf(self.u())) for _ in mean]
        return [pretty(m + math.fsum(cholesky[i][j] * z[j] for j in range(i + 1)))
                for i, m in enumerate(mean)]

    def dirichlet_row(self, alphas):
        """Normalised gamma draws (inverse CDF); None if a coordinate is <= 1e-300 or the
        renormalised row's exact sum is not within 1e-15 of 1."""
        g = [float(stats().gamma.ppf(self.u(), a)) for a in alphas]
        if not all(1e-300 < x < INF for x in g):
            return None
        for _ in range(2):
            total = math.fsum(g)
            g = [x / total for x in g]
            if abs(sum(Fraction(x) for x in g) - 1) <= Fraction(1, 10 ** 15):
                break
        else:
            return None
        return g if all(x > 1e-300 for x in g) else None

    def dirichlet(self, alphas, n):
        rows = []
        while len(rows) < n:
            row = self.dirichlet_row(alphas)
            if row is not None:
                rows.append(row)
        return rows

    def weights(self, n):
        return [WEIGHT_PALETTE[self.rng.integer(0, len(WEIGHT_PALETTE) - 1)] for _ in range(n)]


def cholesky(matrix):
    with mp.workdps(30):
        factor = mpmath.cholesky(mpmath.matrix(matrix))
        return [[float(factor[i, j]) for j in range(len(matrix))] for i in range(len(matrix))]


# ---------------------------------------------------------------------------
# Maximum likelihood
# ---------------------------------------------------------------------------

def check_stationary(loglik, theta, what):
    """The numerical gradient of the log-likelihood vanishes at an interior MLE."""
    n = len(theta)
    for i in range(n):
        order = tuple(1 if j == i else 0 for j in range(n))
        slope = mpmath.diff(lambda *v: loglik(list(v)), theta, order)
        size = abs(loglik(theta)) + 1
        check(abs(slope) * max(abs(theta[i]), mpf(1)) < size * mpf(10) ** -(DPS - 10),
              f"{what}: MLE gradient {slope} is not 0")


def dirichlet_mle(mean_logs, start):
    """alpha maximising sum_k (a_k - 1) m_k + log Gamma(sum a) - sum log Gamma(a_k), i.e.
    digamma(a_k) - digamma(sum a) = m_k: Newton's method with backtracking (the objective
    is concave), from `start`."""
    a = [mpf(x) for x in start]
    k = len(a)

    def objective(a):
        return (mpmath.loggamma(mpmath.fsum(a)) - mpmath.fsum(mpmath.loggamma(x) for x in a)
                + mpmath.fsum((x - 1) * m for x, m in zip(a, mean_logs)))
    for _ in range(500):
        total = mpmath.fsum(a)
        grad = mpmath.matrix([mpmath.digamma(total) - mpmath.digamma(x) + m
                              for x, m in zip(a, mean_logs)])
        hess = mpmath.matrix(k, k)
        for i in range(k):
            for j in range(k):
                hess[i, j] = mpmath.psi(1, total) - (mpmath.psi(1, a[i]) if i == j else 0)
        step = mpmath.lu_solve(hess, -grad)
        current = objective(a)
        t = mpf(1)
        while True:
            trial = [x + t * s for x, s in zip(a, step)]
            if all(x > 0 for x in trial) and objective(trial) >= current - abs(current) * mpf(10) ** -(DPS + 5):
                break
            t /= 2
            check(t > mpf(2) ** -200, "Dirichlet MLE: no ascent step")
        a = trial
        if max(abs(t * s) / x for s, x in zip(step, a)) < mpf(10) ** -(DPS + 3):
            break
    else:
        raise ReferenceError_("Dirichlet MLE did not converge")
    total = mpmath.fsum(a)
    for x, m in zip(a, mean_logs):
        residual = mpmath.digamma(x) - mpmath.digamma(total) - m
        check(abs(residual) < mpf(10) ** -(DPS + 2) * (1 + abs(m)),
              f"Dirichlet MLE residual {residual}")
    return a


def gamma_mle(ws, xs):
    """(shape, rate): log(a) - digamma(a) = log(mean x) - mean(log x), rate = a / mean x."""
    total = exact_sum(ws)
    mean = exact_weighted_sum(ws, xs) / total
    mean_log = weighted_sum(ws, [mpmath.log(x) for x in xs]) / total
    s = mpmath.log(mean) - mean_log
    check(s > 0, "Gamma MLE needs non-constant data")

    def g(t):            # increasing in t = log(shape)
        a = mpmath.exp(t)
        return s - (t - mpmath.digamma(a))
    lo, hi = expand_increasing(g, mpmath.log(mpf("0.1") / s), mpmath.log(2 / s))
    t = solve_increasing(g, lo, hi)
    # findroot polish on the original equation, as an independent solver
    shape = mpmath.findroot(lambda a: mpmath.log(a) - mpmath.digamma(a) - s, mpmath.exp(t))
    check_close("Gamma MLE shape (Illinois vs findroot)", mpmath.exp(t), shape,
                shape * mpf(10) ** -(DPS + 2))
    return shape, shape / mean


def scipy_check(what, expected, actual, tolerance):
    error = relative_error(to_double(expected), actual)
    check(error <= tolerance, f"{what}: scipy {actual!r} vs {float(expected)!r} "
                              f"(relative error {error:.2e})")


def mle_bernoulli(spec, draws):
    if spec.get("constant") is not None:
        data = [spec["constant"]] * spec["n"]
    else:
        data = [draws.bernoulli(spec["p"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    p = exact_weighted_sum(ws, data) / exact_sum(ws)

    def loglik(theta):
        q = theta[0]
        return weighted_sum(ws, [xlogy(x, q) + xlogy(1 - x, 1 - q) for x in data])
    if 0 < p < 1:
        check_stationary(loglik, [p], "Bernoulli")
    return {}, data, weights, {"probability": num(p)}, loglik([p])


def mle_binomial(spec, draws):
    n = spec["trials"]
    data = [draws.binomial(n, spec["p"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    p = exact_weighted_sum(ws, data) / (n * exact_sum(ws))

    def loglik(theta):
        q = theta[0]
        return weighted_sum(ws, [log_choose(n, x) + xlogy(x, q) + xlogy(n - x, 1 - q)
                                 for x in data])
    if 0 < p < 1:
        check_stationary(loglik, [p], "Binomial")
    return {"trials": fmt(n)}, data, weights, {"probability": num(p)}, loglik([p])


def mle_categorical(spec, draws):
    probabilities = spec["probabilities"]
    k = len(probabilities)
    data = [draws.categorical(probabilities) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    estimate = [exact_sum(w for w, x in zip(ws, data) if x == j) / total for j in range(k)]
    check(any(e == 0 for e in estimate) == spec.get("unseen", False), "unseen category")
    loglik = weighted_sum(ws, [mpmath.log(estimate[x]) for x in data])
    return {"categoryCount": fmt(k)}, data, weights, {"probabilities": nums(estimate)}, loglik


def mle_multinomial(spec, draws):
    n, probabilities = spec["trials"], spec["probabilities"]
    k = len(probabilities)
    data = [draws.multinomial(n, probabilities) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    estimate = [exact_weighted_sum(ws, [x[j] for x in data]) / (n * total) for j in range(k)]
    loglik = weighted_sum(ws, [mpmath.loggamma(n + 1)
                               - mpmath.fsum(mpmath.loggamma(c + 1) for c in x)
                               + mpmath.fsum(xlogy(c, q) for c, q in zip(x, estimate))
                               for x in data])
    return {"trials": fmt(n)}, data, weights, {"probabilities": nums(estimate)}, loglik


def mle_poisson(spec, draws):
    data = [draws.poisson(spec["rate"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    rate = exact_weighted_sum(ws, data) / exact_sum(ws)

    def loglik(theta):
        return weighted_sum(ws, [xlogy(x, theta[0]) - theta[0] - mpmath.loggamma(x + 1)
                                 for x in data])
    if rate > 0:
        check_stationary(loglik, [rate], "Poisson")
    return {}, data, weights, {"rate": num(rate)}, loglik([rate])


def mle_geometric(spec, draws):
    data = [draws.geometric(spec["p"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    p = total / (total + exact_weighted_sum(ws, data))

    def loglik(theta):
        q = theta[0]
        return weighted_sum(ws, [mpmath.log(q) + xlogy(x, 1 - q) for x in data])
    if p < 1:
        check_stationary(loglik, [p], "Geometric")
    return {}, data, weights, {"probability": num(p)}, loglik([p])


def mle_exponential(spec, draws):
    data = [draws.exponential(spec["rate"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    rate = exact_sum(ws) / exact_weighted_sum(ws, data)

    def loglik(theta):
        return weighted_sum(ws, [mpmath.log(theta[0]) - theta[0] * x for x in data])
    check_stationary(loglik, [rate], "Exponential")
    return {}, data, weights, {"rate": num(rate)}, loglik([rate])


def mle_normal(spec, draws):
    data = [draws.normal(spec["mean"], spec["sd"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    mean = exact_weighted_sum(ws, data) / total
    sd = mpmath.sqrt(weighted_sum(ws, [(x - mean) ** 2 for x in data]) / total)

    def loglik(theta):
        m, s = theta
        return weighted_sum(ws, [NormalDist(m, s).logpdf(x) for x in data])
    check_stationary(loglik, [mean, sd], "Normal")
    return {}, data, weights, {"mean": num(mean), "standardDeviation": num(sd)}, loglik([mean, sd])


def mle_multivariate_normal(spec, draws):
    factor = cholesky(spec["covariance"])
    data = [draws.multivariate_normal(spec["mean"], factor) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    d = len(spec["mean"])
    mean = [exact_weighted_sum(ws, [x[i] for x in data]) / total for i in range(d)]
    cov = mpmath.matrix(d, d)
    for i in range(d):
        for j in range(d):
            cov[i, j] = weighted_sum(ws, [(x[i] - mean[i]) * (x[j] - mean[j]) for x in data]) / total
    inverse = mpmath.inverse(cov)
    log_det = mpmath.log(mpmath.det(cov))

    def logpdf(x):
        r = mpmath.matrix([x[i] - mean[i] for i in range(d)])
        q = (r.T * inverse * r)[0, 0]
        return -(d * mpmath.log(2 * mpmath.pi) + log_det + q) / 2
    loglik = weighted_sum(ws, [logpdf(x) for x in data])
    # at the MLE the quadratic forms average to d: an independent identity
    check_close("MultivariateNormal log-likelihood", -total * (d * mpmath.log(2 * mpmath.pi)
                                                               + log_det + d) / 2,
                loglik, abs(loglik) * mpf(10) ** -(DPS + 2))
    parameters = {"mean": nums(mean),
                  "covariance": [[num(cov[i, j]) for j in range(d)] for i in range(d)]}
    return {}, data, weights, parameters, loglik


def mle_gamma(spec, draws):
    data = [draws.gamma(spec["shape"], spec["rate"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    shape, rate = gamma_mle(ws, data)

    def loglik(theta):
        return weighted_sum(ws, [GammaDist(theta[0], theta[1]).logpdf(x) for x in data])
    check_stationary(loglik, [shape, rate], "Gamma")
    if weights is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a, _, scale = stats().gamma.fit(data, floc=0)
        scipy_check("Gamma shape", shape, a, 1e-4)
        scipy_check("Gamma rate", rate, 1 / scale, 1e-4)
    return {}, data, weights, {"shape": num(shape), "rate": num(rate)}, loglik([shape, rate])


def mle_beta(spec, draws):
    data = [draws.beta(spec["alpha"], spec["beta"]) for _ in range(spec["n"])]
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    mean_logs = [weighted_sum(ws, [mpmath.log(x) for x in data]) / total,
                 weighted_sum(ws, [mpmath.log(one_minus(x)) for x in data]) / total]
    a, b = dirichlet_mle(mean_logs, moment_start(ws, [[x, one_minus(x)] for x in data]))

    def loglik(theta):
        return weighted_sum(ws, [BetaDist(theta[0], theta[1]).logpdf(x) for x in data])
    check_stationary(loglik, [a, b], "Beta")
    if weights is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fa, fb, _, _ = stats().beta.fit(data, floc=0, fscale=1)
        scipy_check("Beta alpha", a, fa, 1e-3)
        scipy_check("Beta beta", b, fb, 1e-3)
    return {}, data, weights, {"alpha": num(a), "beta": num(b)}, loglik([a, b])


def moment_start(ws, rows):
    """Method-of-moments Dirichlet parameters (the Newton starting point)."""
    total = exact_sum(ws)
    k = len(rows[0])
    mean = [weighted_sum(ws, [r[j] for r in rows]) / total for j in range(k)]
    second = weighted_sum(ws, [r[0] ** 2 for r in rows]) / total
    concentration = (mean[0] - second) / (second - mean[0] ** 2)
    if not concentration > 0:
        concentration = mpf(1)
    return [m * concentration for m in mean]


def mle_dirichlet(spec, draws):
    # "rows": fixed vectors (an edge case); otherwise drawn from Dirichlet(alphas).
    data = ([[mpf(x) for x in row] for row in spec["rows"]] if "rows" in spec
            else draws.dirichlet(spec["alphas"], spec["n"]))
    weights = draws.weights(len(data)) if spec.get("weighted") else None
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    k = len(data[0])
    mean_logs = [weighted_sum(ws, [mpmath.log(r[j]) for r in data]) / total for j in range(k)]
    alphas = dirichlet_mle(mean_logs, moment_start(ws, data))
    loglik = weighted_sum(ws, [dirichlet_logpdf(alphas, r) for r in data])
    return {}, data, weights, {"alphas": nums(alphas)}, loglik


MLE_BUILDERS = {
    "Bernoulli": mle_bernoulli, "Binomial": mle_binomial, "Categorical": mle_categorical,
    "Multinomial": mle_multinomial, "Poisson": mle_poisson, "Geometric": mle_geometric,
    "Exponential": mle_exponential, "Normal": mle_normal,
    "MultivariateNormal": mle_multivariate_normal, "Gamma": mle_gamma, "Beta": mle_beta,
    "Dirichlet": mle_dirichlet,
}


def build_mle(spec):
    setup_precision()
    draws = Draws(spec["seed"])
    context, data, weights, parameters, loglik = MLE_BUILDERS[spec["model"]](spec, draws)
    n = len(data)
    check(5 <= n <= 200, "data size")
    return {"model": spec["model"], "context": context, "data": encode(data),
            "weights": None if weights is None else encode(weights),
            "parameters": parameters, "logLikelihood": num(loglik)}


def mle_specs():
    mvn2 = [[4.0, 1.2], [1.2, 1.0]]
    mvn3 = [[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, 0.5]]
    mvn3w = [[9.0, -1.0, 0.5], [-1.0, 4.0, 1.5], [0.5, 1.5, 2.25]]
    return [
        {"model": "Bernoulli", "seed": 101, "p": 0.3, "n": 50},
        {"model": "Bernoulli", "seed": 102, "p": 0.65, "n": 20, "weighted": True},
        {"model": "Bernoulli", "seed": 103, "constant": 0, "n": 10},
        {"model": "Bernoulli", "seed": 104, "constant": 1, "n": 6, "weighted": True},
        {"model": "Binomial", "seed": 111, "trials": 10, "p": 0.35, "n": 40},
        {"model": "Binomial", "seed": 112, "trials": 200, "p": 0.02, "n": 25},
        {"model": "Binomial", "seed": 113, "trials": 5, "p": 0.6, "n": 25, "weighted": True},
        {"model": "Categorical", "seed": 121, "probabilities": [0.1, 0.2, 0.3, 0.4], "n": 100},
        {"model": "Categorical", "seed": 122, "probabilities": [0.3, 0.0, 0.5, 0.0, 0.2], "n": 30,
         "unseen": True},
        {"model": "Categorical", "seed": 123, "probabilities": [0.5, 0.3, 0.2], "n": 40,
         "weighted": True},
        {"model": "Multinomial", "seed": 131, "trials": 12, "probabilities": [0.2, 0.5, 0.3], "n": 30},
        {"model": "Multinomial", "seed": 132, "trials": 5, "probabilities": [0.1, 0.4, 0.0, 0.5],
         "n": 20, "weighted": True},
        {"model": "Poisson", "seed": 141, "rate": 3.5, "n": 60},
        {"model": "Poisson", "seed": 142, "rate": 0.2, "n": 30},
        {"model": "Poisson", "seed": 143, "rate": 150.0, "n": 12, "weighted": True},
        {"model": "Geometric", "seed": 151, "p": 0.3, "n": 50},
        {"model": "Geometric", "seed": 152, "p": 0.05, "n": 30, "weighted": True},
        {"model": "Geometric", "seed": 153, "p": 0.9, "n": 15},
        {"model": "Exponential", "seed": 161, "rate": 2.0, "n": 80},
        {"model": "Exponential", "seed": 162, "rate": 0.01, "n": 25, "weighted": True},
        {"model": "Exponential", "seed": 163, "rate": 1000.0, "n": 5},
        {"model": "Normal", "seed": 171, "mean": 10.0, "sd": 2.0, "n": 100},
        {"model": "Normal", "seed": 172, "mean": -3.0, "sd": 0.001, "n": 12},
        {"model": "Normal", "seed": 173, "mean": 0.0, "sd": 1.0, "n": 30, "weighted": True},
        {"model": "Normal", "seed": 174, "mean": 1e6, "sd": 50.0, "n": 5},
        {"model": "MultivariateNormal", "seed": 181, "mean": [1.0, -2.0], "covariance": mvn2, "n": 50},
        {"model": "MultivariateNormal", "seed": 182, "mean": [0.5, 0.0, -1.0], "covariance": mvn3,
         "n": 80},
        {"model": "MultivariateNormal", "seed": 183, "mean": [10.0, 20.0, 30.0], "covariance": mvn3w,
         "n": 20, "weighted": True},
        {"model": "Gamma", "seed": 191, "shape": 0.05, "rate": 1.0, "n": 100},
        {"model": "Gamma", "seed": 192, "shape": 0.7, "rate": 2.0, "n": 150},
        {"model": "Gamma", "seed": 193, "shape": 3.0, "rate": 0.5, "n": 60},
        {"model": "Gamma", "seed": 194, "shape": 400.0, "rate": 20.0, "n": 40},
        {"model": "Gamma", "seed": 195, "shape": 2.5, "rate": 4.0, "n": 30, "weighted": True},
        {"model": "Beta", "seed": 201, "alpha": 0.1, "beta": 0.3, "n": 150},
        {"model": "Beta", "seed": 202, "alpha": 2.0, "beta": 5.0, "n": 80},
        {"model": "Beta", "seed": 203, "alpha": 50.0, "beta": 20.0, "n": 50},
        {"model": "Beta", "seed": 204, "alpha": 1.5, "beta": 0.8, "n": 30, "weighted": True},
        {"model": "Dirichlet", "seed": 211, "alphas": [0.05, 0.1, 0.2], "n": 100},
        {"model": "Dirichlet", "seed": 212, "alphas": [1.0, 2.0, 3.0], "n": 60},
        {"model": "Dirichlet", "seed": 213, "alphas": [30.0, 50.0, 80.0, 10.0, 5.0], "n": 40},
        {"model": "Dirichlet", "seed": 214, "alphas": [2.0, 1.0, 0.5], "n": 30, "weighted": True},
        # A coordinate of 1e-300 puts the alphas orders of magnitude apart (issue 11: Newton
        # from Minka's start stalled; the fit then hung in digamma of a negative alpha).
        {"model": "Dirichlet", "seed": 215,
         "rows": [[1e-300, 1 - 1e-300], [0.5, 0.5], [0.3, 0.7], [0.6, 0.4], [0.2, 0.8]]},
    ]


# ---------------------------------------------------------------------------
# Conjugate updating
# ---------------------------------------------------------------------------

class Agreement:
    """Largest |log(quadrature) - log(closed form)| seen (evidence / predictive)."""

    def __init__(self):
        self.worst = {"logEvidence": mpf(0), "predictive": mpf(0)}

    def compare(self, kind, what, closed, quadrature):
        diff = check_close(f"{what} {kind} (closed form vs quadrature)", closed, quadrature, AGREE)
        self.worst[kind] = max(self.worst[kind], diff)


def prior_block(name, parameters):
    return {"distribution": name, "parameters": parameters}


def predictive_block(name, parameters, points):
    return {"distribution": name, "parameters": parameters,
            "points": [{"x": encode(x), "logDensity": num(v)} for x, v in points]}


def scalar_posterior_block(dist):
    return {"distribution": dist.name, "parameters": dist.parameters(),
            "points": scalar_points(dist)}


def weights_for(spec, draws, n):
    if spec.get("weights") is not None:
        return list(spec["weights"])
    return draws.weights(n) if spec.get("weighted") else None


def predictive_points_1d(agree, what, points, closed_logpmf, integrand_log, support_points):
    """Closed-form predictive log density at each point, cross-checked by quadrature of
    p(x | theta) times the posterior density."""
    out = []
    for x in points:
        closed = closed_logpmf(x)
        numeric = log_quad(lambda t, x=x: integrand_log(x, t), support_points)
        agree.compare("predictive", f"{what} x={x}", closed, numeric)
        out.append((x, closed))
    return out


def beta_conjugate(spec, agree, likelihood):
    """Bernoulli or Binomial likelihood, Beta prior on the probability."""
    draws = Draws(spec["seed"])
    a0, b0 = spec["prior"]
    n = spec.get("trials", 1)
    if "data" in spec:
        data = list(spec["data"])
    elif likelihood == "Bernoulli":
        data = [draws.bernoulli(spec["p"]) for _ in range(spec["n"])]
    else:
        data = [draws.binomial(n, spec["p"]) for _ in range(spec["n"])]
    weights = weights_for(spec, draws, len(data))
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    successes = exact_weighted_sum(ws, data)
    failures = n * total - successes
    prior = BetaDist(a0, b0)
    post = BetaDist(prior.a + successes, prior.b + failures)
    constant = weighted_sum(ws, [log_choose(n, x) for x in data])

    def loglik(p):
        return constant + xlogy(successes, p) + xlogy(failures, 1 - p)
    direct = weighted_sum(ws, [log_choose(n, x) + xlogy(x, post.mean()) + xlogy(n - x, 1 - post.mean())
                               for x in data])
    check_close("sufficient statistics", direct, loglik(post.mean()), mpf(10) ** -(DPS - 2))
    closed = constant + log_beta(post.a, post.b) - log_beta(prior.a, prior.b)
    numeric = log_quad(lambda p: loglik(p) + prior.logpdf(p), post.support_points())
    agree.compare("logEvidence", likelihood, closed, numeric)
    mode = post.mode()
    check_scalar_mode(post, mode)
    if likelihood == "Bernoulli":
        probability = post.mean()
        points = predictive_points_1d(
            agree, likelihood, [0, 1],
            lambda x: mpmath.log(probability if x else 1 - probability),
            lambda x, p: mpmath.log(p if x else 1 - p) + post.logpdf(p), post.support_points())
        predictive = predictive_block("Bernoulli", {"probability": num(probability)}, points)
        context = {}
    else:
        ks = sorted({0, 1, int(mpmath.nint(n * post.mean())), n})
        points = predictive_points_1d(
            agree, likelihood, ks,
            lambda k: log_choose(n, k) + log_beta(k + post.a, n - k + post.b) - log_beta(post.a, post.b),
            lambda k, p: log_choose(n, k) + xlogy(k, p) + xlogy(n - k, 1 - p) + post.logpdf(p),
            post.support_points())
        predictive = predictive_block("BetaBinomial", {"trials": fmt(n), "alpha": num(post.a),
                                                       "beta": num(post.b)}, points)
        context = {"trials": fmt(n)}
    return {"likelihood": likelihood, "context": context,
            "prior": prior_block("Beta", prior.parameters()), "data": encode(data),
            "weights": None if weights is None else encode(weights),
            "posterior": scalar_posterior_block(post),
            "posteriorMean": {"probability": num(post.mean())},
            "map": None if mode is None else {"probability": num(mode)},
            "credibleInterval": credible(post), "highestDensityInterval": highest_density(post),
            "logEvidence": num(closed), "predictive": predictive}


def conj_bernoulli(spec, agree):
    return beta_conjugate(spec, agree, "Bernoulli")


def conj_binomial(spec, agree):
    return beta_conjugate(spec, agree, "Binomial")


def dirichlet_conjugate(spec, agree, likelihood):
    """Categorical or Multinomial likelihood, Dirichlet prior on the probabilities."""
    draws = Draws(spec["seed"])
    alphas0 = [mpf(a) for a in spec["prior"]]
    k = len(alphas0)
    if likelihood == "Categorical":
        n = 1
        data = [] if spec["n"] == 0 else [draws.categorical(spec["p"]) for _ in range(spec["n"])]
        vectors = [[1 if j == x else 0 for j in range(k)] for x in data]
        context = {"categoryCount": fmt(k)}
    else:
        n = spec["trials"]
        data = [draws.multinomial(n, spec["p"]) for _ in range(spec["n"])]
        vectors = data
        context = {"trials": fmt(n)}
    weights = weights_for(spec, draws, len(data))
    ws = weight_values(weights, len(data))
    counts = [exact_weighted_sum(ws, [v[j] for v in vectors]) for j in range(k)]
    alphas = [a + c for a, c in zip(alphas0, counts)]
    total0, total = mpmath.fsum(alphas0), mpmath.fsum(alphas)
    constant = weighted_sum(ws, [mpmath.loggamma(n + 1) - mpmath.fsum(mpmath.loggamma(c + 1) for c in v)
                                 for v in vectors])

    def loglik(p):
        return constant + mpmath.fsum(xlogy(c, x) for c, x in zip(counts, p))
    mean = [a / total for a in alphas]
    direct = weighted_sum(ws, [mpmath.loggamma(n + 1) + mpmath.fsum(xlogy(c, x) - mpmath.loggamma(c + 1)
                                                                    for c, x in zip(v, mean))
                               for v in vectors])
    check_close("sufficient statistics", direct, loglik(mean), mpf(10) ** -(DPS - 2))
    closed = (constant + mpmath.loggamma(total0) - mpmath.loggamma(total)
              + mpmath.fsum(mpmath.loggamma(a) - mpmath.loggamma(a0) for a, a0 in zip(alphas, alphas0)))
    if k == 3:
        log_norm0 = mpmath.loggamma(total0) - mpmath.fsum(mpmath.loggamma(a) for a in alphas0)
        numeric = log_quad_simplex3([a - 1 for a in alphas], constant + log_norm0)
    else:
        numeric = constant + log_dirichlet_moment_sticks(alphas0, counts)
    agree.compare("logEvidence", likelihood, closed, numeric)

    mode = dirichlet_mode(alphas)
    if mode is not None:
        check_dirichlet_mode(alphas, mode)
    lower_p, upper_p = tails()
    lower, upper = [], []
    for a in alphas:
        marginal = BetaDist(a, total - a)
        lower.append(num(quantile(marginal, lower_p)))
        upper.append(num(quantile(marginal, upper_p)))
    floats = [float(m) for m in mean]
    patterns = [[1.0] * k, [1.3 if j % 2 == 0 else 0.7 for j in range(k)],
                [0.6 + 0.2 * j for j in range(k)]]
    posterior_points = []
    for pattern in patterns:
        x = simplex_point([m * c for m, c in zip(floats, pattern)])
        posterior_points.append({"x": encode(x), "logDensity": num(dirichlet_logpdf(alphas, x))})

    if likelihood == "Categorical":
        def closed_pmf(j):
            return mpmath.log(alphas[j] / total)

        def numeric_pmf(j):
            return log_dirichlet_moment_sticks(alphas, [1 if i == j else 0 for i in range(k)])
        xs = list(range(k))
        predictive_name = "Categorical"
        predictive_parameters = {"probabilities": nums(mean)}
    else:
        def closed_pmf(c):
            return (mpmath.loggamma(n + 1) - mpmath.fsum(mpmath.loggamma(x + 1) for x in c)
                    + mpmath.loggamma(total) - mpmath.loggamma(total + n)
                    + mpmath.fsum(mpmath.loggamma(a + x) - mpmath.loggamma(a) for a, x in zip(alphas, c)))

        def numeric_pmf(c):
            return (mpmath.loggamma(n + 1) - mpmath.fsum(mpmath.loggamma(x + 1) for x in c)
                    + log_dirichlet_moment_sticks(alphas, c))
        # n * mean rounded by largest remainders, and two extreme count vectors
        typical = [int(mpmath.floor(n * m)) for m in mean]
        by_remainder = sorted(range(k), key=lambda j: (-(n * mean[j] - typical[j]), j))
        for j in by_remainder[:n - sum(typical)]:
            typical[j] += 1
        xs = []
        for x in (typical, [n] + [0] * (k - 1), [0] * (k - 2) + [n // 2, n - n // 2]):
            if x not in xs:
                xs.append(x)
        predictive_name = "DirichletMultinomial"
        predictive_parameters = {"trials": fmt(n), "alphas": nums(alphas)}
    points = []
    for x in xs:
        closed_value = closed_pmf(x)
        agree.compare("predictive", f"{likelihood} x={x}", closed_value, numeric_pmf(x))
        points.append((x, closed_value))
    return {"likelihood": likelihood, "context": context,
            "prior": prior_block("Dirichlet", {"alphas": nums(alphas0)}), "data": encode(data),
            "weights": None if weights is None else encode(weights),
            "posterior": {"distribution": "Dirichlet", "parameters": {"alphas": nums(alphas)},
                          "points": posterior_points},
            "posteriorMean": {"probabilities": nums(mean)},
            "map": None if mode is None else {"probabilities": nums(mode)},
            "credibleInterval": {"level": fmt(LEVEL), "lower": lower, "upper": upper},
            "logEvidence": num(closed),
            "predictive": predictive_block(predictive_name, predictive_parameters, points)}


def conj_categorical(spec, agree):
    return dirichlet_conjugate(spec, agree, "Categorical")


def conj_multinomial(spec, agree):
    return dirichlet_conjugate(spec, agree, "Multinomial")


def gamma_conjugate(spec, agree, likelihood):
    """Poisson or Exponential likelihood, Gamma prior on the rate."""
    draws = Draws(spec["seed"])
    shape0, rate0 = spec["prior"]
    if "data" in spec:
        data = list(spec["data"])
    elif likelihood == "Poisson":
        data = [draws.poisson(spec["rate"]) for _ in range(spec["n"])]
    else:
        data = [draws.exponential(spec["rate"]) for _ in range(spec["n"])]
    weights = weights_for(spec, draws, len(data))
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    s = exact_weighted_sum(ws, data)
    prior = GammaDist(shape0, rate0)
    if likelihood == "Poisson":
        post = GammaDist(prior.a + s, prior.b + total)
        constant = -weighted_sum(ws, [mpmath.loggamma(x + 1) for x in data])

        def loglik(r):
            return constant + xlogy(s, r) - total * r

        def direct(r):
            return weighted_sum(ws, [xlogy(x, r) - r - mpmath.loggamma(x + 1) for x in data])
        closed = (constant + prior.a * mpmath.log(prior.b) - mpmath.loggamma(prior.a)
                  + mpmath.loggamma(post.a) - post.a * mpmath.log(post.b))
    else:
        post = GammaDist(prior.a + total, prior.b + s)

        def loglik(r):
            return total * mpmath.log(r) - s * r

        def direct(r):
            return weighted_sum(ws, [mpmath.log(r) - r * x for x in data])
        closed = (prior.a * mpmath.log(prior.b) - mpmath.loggamma(prior.a)
                  + mpmath.loggamma(post.a) - post.a * mpmath.log(post.b))
    check_close("sufficient statistics", direct(post.mean()), loglik(post.mean()), mpf(10) ** -(DPS - 2))
    numeric = log_quad(lambda r: loglik(r) + prior.logpdf(r), post.support_points())
    agree.compare("logEvidence", likelihood, closed, numeric)
    mode = post.mode()
    check_scalar_mode(post, mode)
    if likelihood == "Poisson":
        map_block = {"rate": num(mode)}
        r, q = post.a, post.b / (post.b + 1)
        m = post.mean()
        ks = sorted({0, 1, int(mpmath.nint(m)), int(mpmath.nint(m + 2 * mpmath.sqrt(m + 1)))})
        points = predictive_points_1d(
            agree, likelihood, ks,
            lambda k: (mpmath.loggamma(k + r) - mpmath.loggamma(k + 1) - mpmath.loggamma(r)
                       + r * mpmath.log(q) + k * mpmath.log(1 - q)),
            lambda k, lam: xlogy(k, lam) - lam - mpmath.loggamma(k + 1) + post.logpdf(lam),
            post.support_points())
        predictive = predictive_block("NegativeBinomial", {"successes": num(r), "probability": num(q)},
                                      points)
    else:
        map_block = {"rate": num(mode)} if post.a > 1 else None
        typical = float(post.b / post.a)
        xs = [pretty(typical * c, POINT_DIGITS) for c in (0.1, 1.0, 4.0)]
        points = predictive_points_1d(
            agree, likelihood, xs,
            lambda x: mpmath.log(post.a / post.b) - (post.a + 1) * mpmath.log1p(mpf(x) / post.b),
            lambda x, lam: mpmath.log(lam) - lam * mpf(x) + post.logpdf(lam),
            post.support_points())
        predictive = predictive_block("Lomax", {"shape": num(post.a), "scale": num(post.b)}, points)
    return {"likelihood": likelihood, "context": {},
            "prior": prior_block("Gamma", prior.parameters()), "data": encode(data),
            "weights": None if weights is None else encode(weights),
            "posterior": scalar_posterior_block(post),
            "posteriorMean": {"rate": num(post.mean())},
            "map": map_block,
            "credibleInterval": credible(post), "highestDensityInterval": highest_density(post),
            "logEvidence": num(closed), "predictive": predictive}


def conj_poisson(spec, agree):
    return gamma_conjugate(spec, agree, "Poisson")


def conj_exponential(spec, agree):
    return gamma_conjugate(spec, agree, "Exponential")


def normal_points(m, s, multiples=(-2.0, 0.0, 0.5, 3.0)):
    return [pretty(float(m + c * s), POINT_DIGITS) for c in multiples]


def student_t_logpdf(nu, location, scale, x):
    z = (mpf(x) - location) / scale
    return (mpmath.loggamma((nu + 1) / 2) - mpmath.loggamma(nu / 2)
            - mpmath.log(nu * mpmath.pi) / 2 - mpmath.log(scale)
            - (nu + 1) / 2 * mpmath.log1p(z * z / nu))


def conj_normal_known_sd(spec, agree):
    draws = Draws(spec["seed"])
    sd = mpf(spec["sd"])
    data = [draws.normal(spec["mean"], spec["sd"]) for _ in range(spec["n"])]
    weights = weights_for(spec, draws, len(data))
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    xbar = exact_weighted_sum(ws, data) / total
    ss = weighted_sum(ws, [(x - xbar) ** 2 for x in data])
    prior = NormalDist(*spec["prior"])
    precision = 1 / prior.s ** 2 + total / sd ** 2
    post = NormalDist((prior.m / prior.s ** 2 + total * xbar / sd ** 2) / precision,
                      1 / mpmath.sqrt(precision))

    def loglik(mu):
        return -total * mpmath.log(2 * mpmath.pi * sd ** 2) / 2 - (ss + total * (xbar - mu) ** 2) / (2 * sd ** 2)
    direct = weighted_sum(ws, [NormalDist(post.m, sd).logpdf(x) for x in data])
    check_close("sufficient statistics", direct, loglik(post.m), mpf(10) ** -(DPS - 2))
    closed = (-total * mpmath.log(2 * mpmath.pi * sd ** 2) / 2 - ss / (2 * sd ** 2)
              + mpmath.log(2 * mpmath.pi * sd ** 2 / total) / 2
              + NormalDist(prior.m, mpmath.sqrt(prior.s ** 2 + sd ** 2 / total)).logpdf(xbar))
    numeric = log_quad(lambda mu: loglik(mu) + prior.logpdf(mu), post.support_points())
    agree.compare("logEvidence", "NormalKnownStandardDeviation", closed, numeric)
    found = numeric_argmax(lambda v: post.logpdf(v[0]), [post.m + post.s], lambda v: True)[0]
    check_close("Normal mode", post.m, found, abs(post.s) * mpf(10) ** -(DPS - 8))
    predictive_sd = mpmath.sqrt(post.s ** 2 + sd ** 2)
    predictive = NormalDist(post.m, predictive_sd)
    points = predictive_points_1d(
        agree, "NormalKnownStandardDeviation", normal_points(post.m, predictive_sd),
        predictive.logpdf, lambda x, mu: NormalDist(mu, sd).logpdf(x) + post.logpdf(mu),
        post.support_points())
    return {"likelihood": "NormalKnownStandardDeviation", "context": {"standardDeviation": fmt(spec["sd"])},
            "prior": prior_block("Normal", prior.parameters()), "data": encode(data),
            "weights": None if weights is None else encode(weights),
            "posterior": scalar_posterior_block(post),
            "posteriorMean": {"mean": num(post.m)}, "map": {"mean": num(post.m)},
            "credibleInterval": credible(post), "logEvidence": num(closed),
            "predictive": predictive_block("Normal", predictive.parameters(), points)}


class NormalGammaDist:
    def __init__(self, mean, kappa, shape, rate):
        self.m, self.k, self.a, self.b = mpf(mean), mpf(kappa), mpf(shape), mpf(rate)
        self.log_norm = (self.a * mpmath.log(self.b) - mpmath.loggamma(self.a)
                         + mpmath.log(self.k / (2 * mpmath.pi)) / 2)

    def parameters(self):
        return {"mean": num(self.m), "precisionScale": num(self.k), "shape": num(self.a),
                "rate": num(self.b)}

    def logpdf(self, mu, tau):
        return (self.log_norm + (self.a - mpf(1) / 2) * mpmath.log(tau) - self.b * tau
                - self.k * tau * (mu - self.m) ** 2 / 2)

    def mean_scale(self):
        return mpmath.sqrt(self.b / (self.a * self.k))


def conj_normal(spec, agree):
    draws = Draws(spec["seed"])
    data = [draws.normal(spec["mean"], spec["sd"]) for _ in range(spec["n"])]
    weights = weights_for(spec, draws, len(data))
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    xbar = exact_weighted_sum(ws, data) / total
    ss = weighted_sum(ws, [(x - xbar) ** 2 for x in data])
    prior = NormalGammaDist(*spec["prior"])
    k_n = prior.k + total
    post = NormalGammaDist((prior.k * prior.m + total * xbar) / k_n, k_n, prior.a + total / 2,
                           prior.b + ss / 2 + prior.k * total * (xbar - prior.m) ** 2 / (2 * k_n))

    def loglik(mu, tau):
        return (total * (mpmath.log(tau) - mpmath.log(2 * mpmath.pi)) / 2
                - tau * (ss + total * (xbar - mu) ** 2) / 2)
    tau_mean = post.a / post.b
    direct = weighted_sum(ws, [NormalDist(post.m, 1 / mpmath.sqrt(tau_mean)).logpdf(x) for x in data])
    check_close("sufficient statistics", direct, loglik(post.m, tau_mean), mpf(10) ** -(DPS - 2))
    closed = (-total * mpmath.log(2 * mpmath.pi) / 2 + mpmath.loggamma(post.a) - mpmath.loggamma(prior.a)
              + prior.a * mpmath.log(prior.b) - post.a * mpmath.log(post.b)
              + mpmath.log(prior.k / post.k) / 2)
    numeric = log_quad_normal_gamma(lambda mu, tau: loglik(mu, tau) + prior.logpdf(mu, tau),
                                    post.m, post.k, tau_mean, post.a)
    agree.compare("logEvidence", "Normal", closed, numeric)
    mode_mu, mode_tau = post.m, (post.a - mpf(1) / 2) / post.b
    found = numeric_argmax(lambda v: post.logpdf(v[0], v[1]), [post.m + post.mean_scale(), tau_mean],
                           lambda v: v[1] > 0)
    check_close("Normal-Gamma mode (mean)", mode_mu, found[0], post.mean_scale() * mpf(10) ** -(DPS - 8))
    check_close("Normal-Gamma mode (precision)", mode_tau, found[1], mode_tau * mpf(10) ** -(DPS - 8))
    precision_marginal = GammaDist(post.a, post.b)
    lower_p, upper_p = tails()
    nu = 2 * post.a
    t_upper = quantile(StudentTStandard(nu), upper_p)
    credible_block = {
        "level": fmt(LEVEL),
        "mean": {"lower": num(post.m - post.mean_scale() * t_upper),
                 "upper": num(post.m + post.mean_scale() * t_upper)},
        "precision": {"lower": num(quantile(precision_marginal, lower_p)),
                      "upper": num(quantile(precision_marginal, upper_p))}}
    tau_points = [pretty(float(precision_marginal.guess(p)), POINT_DIGITS) for p in (0.5, 0.2, 0.85)]
    mu_points = normal_points(post.m, post.mean_scale(), (0.0, -1.0, 0.7))
    posterior_points = [{"x": encode([mu, tau]), "logDensity": num(post.logpdf(mpf(mu), mpf(tau)))}
                        for mu, tau in zip(mu_points, tau_points)]
    scale = mpmath.sqrt(post.b * (post.k + 1) / (post.a * post.k))
    log_root_two_pi = mpmath.log(2 * mpmath.pi) / 2
    points = []
    for x in normal_points(post.m, scale, (-2.0, 0.0, 3.0)):
        closed_value = student_t_logpdf(nu, post.m, scale, x)
        numeric_value = log_quad_normal_gamma(
            lambda mu, tau, x=mpf(x): (mpmath.log(tau) / 2 - log_root_two_pi - tau * (x - mu) ** 2 / 2
                                       + post.logpdf(mu, tau)),
            post.m, post.k, tau_mean, post.a)
        agree.compare("predictive", f"Normal x={x}", closed_value, numeric_value)
        points.append((x, closed_value))
    return {"likelihood": "Normal", "context": {},
            "prior": prior_block("NormalGamma", prior.parameters()), "data": encode(data),
            "weights": None if weights is None else encode(weights),
            "posterior": {"distribution": "NormalGamma", "parameters": post.parameters(),
                          "points": posterior_points},
            "posteriorMean": {"mean": num(post.m), "precision": num(tau_mean)},
            "map": {"mean": num(mode_mu), "precision": num(mode_tau)},
            "credibleInterval": credible_block, "logEvidence": num(closed),
            "predictive": predictive_block("StudentT", {"degreesOfFreedom": num(nu), "location": num(post.m),
                                                        "scale": num(scale)}, points)}


def conj_normal_known_mean(spec, agree):
    draws = Draws(spec["seed"])
    mean = mpf(spec["mean"])
    data = [draws.normal(spec["mean"], spec["sd"]) for _ in range(spec["n"])]
    weights = weights_for(spec, draws, len(data))
    ws = weight_values(weights, len(data))
    total = exact_sum(ws)
    q = weighted_sum(ws, [(x - mean) ** 2 for x in data])
    prior = InverseGammaDist(*spec["prior"])
    post = InverseGammaDist(prior.a + total / 2, prior.b + q / 2)

    def loglik(v):
        return -total * mpmath.log(2 * mpmath.pi * v) / 2 - q / (2 * v)
    v0 = post.mode()
    direct = weighted_sum(ws, [NormalDist(mean, mpmath.sqrt(v0)).logpdf(x) for x in data])
    check_close("sufficient statistics", direct, loglik(v0), mpf(10) ** -(DPS - 2))
    closed = (-total * mpmath.log(2 * mpmath.pi) / 2 + prior.a * mpmath.log(prior.b) - mpmath.loggamma(prior.a)
              + mpmath.loggamma(post.a) - post.a * mpmath.log(post.b))
    numeric = log_quad(lambda v: loglik(v) + prior.logpdf(v), post.support_points())
    agree.compare("logEvidence", "NormalKnownMean", closed, numeric)
    mode = post.mode()
    found = numeric_argmax(lambda v: post.logpdf(v[0]), [post.mean()], lambda v: v[0] > 0)[0]
    check_close("InverseGamma mode", mode, found, mode * mpf(10) ** -(DPS - 8))
    nu = 2 * post.a
    scale = mpmath.sqrt(post.b / post.a)
    points = predictive_points_1d(
        agree, "NormalKnownMean", normal_points(mean, scale, (-2.0, 0.0, 0.5, 3.0)),
        lambda x: student_t_logpdf(nu, mean, scale, x),
        lambda x, v: NormalDist(mean, mpmath.sqrt(v)).logpdf(x) + post.logpdf(v),
        post.support_points())
    return {"likelihood": "NormalKnownMean", "context": {"mean": fmt(spec["mean"])},
            "prior": prior_block("InverseGamma", prior.parameters()), "data": encode(data),
            "weights": None if weights is None else encode(weights),
            "posterior": scalar_posterior_block(post),
            "posteriorMean": {"variance": num(post.mean())} if post.a > 1 else None,
            "map": {"variance": num(mode)},
            "credibleInterval": credible(post), "logEvidence": num(closed),
            "predictive": predictive_block("StudentT", {"degreesOfFreedom": num(nu), "location": num(mean),
                                                        "scale": num(scale)}, points)}


CONJUGATE_BUILDERS = {
    "Bernoulli": conj_bernoulli, "Binomial": conj_binomial, "Categorical": conj_categorical,
    "Multinomial": conj_multinomial, "Poisson": conj_poisson, "Exponential": conj_exponential,
    "NormalKnownStandardDeviation": conj_normal_known_sd, "Normal": conj_normal,
    "NormalKnownMean": conj_normal_known_mean,
}


def build_conjugate(spec):
    setup_precision()
    agree = Agreement()
    case = CONJUGATE_BUILDERS[spec["likelihood"]](spec, agree)
    n = len(case["data"])
    check(n == 0 or 5 <= n <= 200, "data size")
    return case, agree.worst


def conjugate_specs():
    return [
        {"likelihood": "Bernoulli", "seed": 301, "prior": (1.0, 1.0), "p": 0.3, "n": 30},
        {"likelihood": "Bernoulli", "seed": 302, "prior": (20.0, 5.0), "p": 0.4, "n": 15},
        {"likelihood": "Bernoulli", "seed": 303, "prior": (0.5, 0.5), "p": 0.7, "n": 20, "weighted": True},
        {"likelihood": "Bernoulli", "seed": 304, "prior": (2.0, 3.0), "data": []},
        {"likelihood": "Bernoulli", "seed": 305, "prior": (1.0, 2.0), "data": [0] * 8},
        {"likelihood": "Binomial", "seed": 311, "prior": (1.0, 1.0), "trials": 10, "p": 0.35, "n": 20},
        {"likelihood": "Binomial", "seed": 312, "prior": (30.0, 70.0), "trials": 5, "p": 0.5, "n": 12},
        {"likelihood": "Binomial", "seed": 313, "prior": (2.0, 2.0), "trials": 20, "p": 0.1, "n": 15,
         "weighted": True},
        {"likelihood": "Categorical", "seed": 321, "prior": [1.0, 1.0, 1.0], "p": [0.2, 0.5, 0.3], "n": 40},
        {"likelihood": "Categorical", "seed": 322, "prior": [10.0, 20.0, 5.0, 15.0],
         "p": [0.25, 0.25, 0.25, 0.25], "n": 25},
        {"likelihood": "Categorical", "seed": 323, "prior": [2.0, 1.5, 3.0], "p": [0.1, 0.6, 0.3], "n": 30,
         "weighted": True},
        {"likelihood": "Categorical", "seed": 324, "prior": [2.0, 3.0, 4.0], "p": [1.0], "n": 0},
        {"likelihood": "Categorical", "seed": 325, "prior": [0.5, 1.0, 2.0], "p": [0.0, 0.3, 0.7], "n": 12},
        {"likelihood": "Categorical", "seed": 326, "prior": [0.5, 1.0, 2.0, 1.5], "p": [0.0, 0.0, 0.6, 0.4],
         "n": 10},
        {"likelihood": "Multinomial", "seed": 331, "prior": [1.0, 1.0, 1.0], "trials": 10,
         "p": [0.3, 0.3, 0.4], "n": 20},
        {"likelihood": "Multinomial", "seed": 332, "prior": [50.0, 30.0, 20.0, 10.0], "trials": 4,
         "p": [0.4, 0.3, 0.2, 0.1], "n": 10},
        {"likelihood": "Multinomial", "seed": 333, "prior": [2.0, 3.0, 1.5], "trials": 6,
         "p": [0.2, 0.5, 0.3], "n": 15, "weighted": True},
        {"likelihood": "Poisson", "seed": 341, "prior": (0.01, 0.01), "rate": 3.5, "n": 40},
        {"likelihood": "Poisson", "seed": 342, "prior": (50.0, 10.0), "rate": 6.0, "n": 10},
        {"likelihood": "Poisson", "seed": 343, "prior": (2.0, 1.0), "rate": 1.2, "n": 20, "weighted": True},
        {"likelihood": "Poisson", "seed": 344, "prior": (0.5, 2.0), "data": [0] * 6},
        {"likelihood": "Exponential", "seed": 351, "prior": (1.0, 0.001), "rate": 2.0, "n": 30},
        {"likelihood": "Exponential", "seed": 352, "prior": (20.0, 10.0), "rate": 1.5, "n": 8},
        {"likelihood": "Exponential", "seed": 353, "prior": (0.5, 0.5), "rate": 0.3, "n": 25, "weighted": True},
        {"likelihood": "Exponential", "seed": 354, "prior": (0.25, 1.0), "rate": 1.0, "n": 5,
         "weights": [0.125] * 5},
        {"likelihood": "NormalKnownStandardDeviation", "seed": 361, "prior": (0.0, 100.0), "sd": 2.0,
         "mean": 5.0, "n": 30},
        {"likelihood": "NormalKnownStandardDeviation", "seed": 362, "prior": (5.0, 0.1), "sd": 1.0,
         "mean": 6.0, "n": 10},
        {"likelihood": "NormalKnownStandardDeviation", "seed": 363, "prior": (-1.0, 3.0), "sd": 0.5,
         "mean": 0.3, "n": 25, "weighted": True},
        # Issue 11: a million observations (ten values, each with weight 1e5).  The
        # precision-weighted quotient (tau0 m0 + sum x / sigma^2) / tau_n lands one ulp from
        # the posterior mean here; the predictive log density inherits it.
        {"likelihood": "NormalKnownStandardDeviation", "seed": 366, "prior": (59.0, 3.0), "sd": 0.5,
         "mean": 60.0, "n": 10, "weights": [100000.0] * 10},
        {"likelihood": "Normal", "seed": 371, "prior": (0.0, 0.01, 0.01, 0.01), "mean": 3.0, "sd": 1.5,
         "n": 30},
        {"likelihood": "Normal", "seed": 372, "prior": (10.0, 5.0, 10.0, 20.0), "mean": 9.0, "sd": 1.2,
         "n": 12},
        {"likelihood": "Normal", "seed": 373, "prior": (0.0, 1.0, 2.0, 2.0), "mean": -0.5, "sd": 0.8,
         "n": 20, "weighted": True},
        {"likelihood": "NormalKnownMean", "seed": 381, "prior": (0.01, 0.01), "mean": 0.0, "sd": 2.0,
         "n": 40},
        {"likelihood": "NormalKnownMean", "seed": 382, "prior": (20.0, 40.0), "mean": 1.0, "sd": 1.5,
         "n": 10},
        {"likelihood": "NormalKnownMean", "seed": 383, "prior": (3.0, 2.0), "mean": -2.0, "sd": 0.7,
         "n": 25, "weighted": True},
    ]


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def describe(kind, spec):
    name = spec["model"] if kind == "mle" else spec["likelihood"]
    return f"{kind} {name} (seed {spec['seed']})"


def run_job(job):
    kind, spec = job
    started = time.monotonic()
    if kind == "mle":
        result, worst = build_mle(spec), {}
    else:
        result, worst = build_conjugate(spec)
    return result, {k: float(v) for k, v in worst.items()}, time.monotonic() - started


def jobs():
    return ([("mle", spec) for spec in mle_specs()]
            + [("conjugate", spec) for spec in conjugate_specs()])


def render(document):
    """JSON text with one case per line (stable, diff-friendly); keys sorted in each case."""
    lines = ["{",
             f'  "generator": {json.dumps(document["generator"])},',
             f'  "reference": {json.dumps(document["reference"])},']
    keys = ["mle", "conjugate"]
    for i, key in enumerate(keys):
        cases = document[key]
        lines.append(f"  {json.dumps(key)}: [")
        for j, entry in enumerate(cases):
            comma = "," if j < len(cases) - 1 else ""
            lines.append("    " + json.dumps(entry, sort_keys=True) + comma)
        lines.append("  ]" + ("," if i < len(keys) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed fixture differs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: all cores)")
    options = parser.parse_args()

    import scipy
    started = time.monotonic()
    document = {
        "generator": GENERATOR,
        "reference": f"mpmath {mpmath.__version__} ({DPS} digits; quadrature checks at "
                     f"{QUAD_DPS} (1-D) / {QUAD2_DPS} (2-D) digits); data from SplitMix64 "
                     f"through scipy {scipy.__version__} inverse CDFs; MLE cross-checked "
                     f"against scipy.stats gamma.fit / beta.fit",
        "mle": [], "conjugate": [],
    }
    work = jobs()
    if options.jobs > 1:
        with multiprocessing.Pool(options.jobs) as pool:
            results = list(pool.imap(run_job, work, chunksize=1))
    else:
        results = [run_job(job) for job in work]
    worst = {"logEvidence": 0.0, "predictive": 0.0}
    timings = []
    for (kind, spec), (result, agreement, seconds) in zip(work, results):
        document[kind].append(result)
        for key, value in agreement.items():
            worst[key] = max(worst[key], value)
        timings.append((seconds, describe(kind, spec)))
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
    slowest = max(timings)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(document['mle'])} mle + "
          f"{len(document['conjugate'])} conjugate cases, {len(text.encode()):,} bytes in "
          f"{time.monotonic() - started:.1f} s (slowest: {slowest[1]} {slowest[0]:.1f} s; "
          f"worst |log quadrature - log closed form|: evidence {worst['logEvidence']:.1e}, "
          f"predictive {worst['predictive']:.1e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
