#!/usr/bin/env python3
"""Generate the reference fixture for ProbKitCore's special functions.

Writes ``Tests/ProbKitCoreTests/Fixtures/special-functions.json``: for each function
(``gamma``, ``logGamma``, ``digamma``, ..., ``sigmoid``) a list of cases

    {"args": ["<str>", ...], "expected": ["<str>", ...], "atol": "<str>"}

where every number is a string: doubles in Python ``repr`` form (shortest round-trip,
e.g. "0.1", "1e+300", "5e-324"), "inf" / "-inf" / "nan", and integer arguments as
plain integers ("5"). ``expected`` is always an array (one element for scalar
functions, one per component for ``softmax`` / ``logSoftmax``). ``atol`` is present
only for points near a zero of the function (some expected component has magnitude
below 1e-2), where a relative comparison is meaningless; it is 1e-14 * S, S >= 1
being the magnitude of the largest term of the natural formula (the ``scale_*``
functions below).  The Swift tests accept a component when it is identical to the
expected value (NaN matches NaN, infinities by sign), within 1e-14 relative, or
within ``atol``.

How the expected values are obtained
    * Arguments are doubles (or Python ints) chosen here; mpmath evaluates at exactly
      those values (``mpf(double)`` is exact), never at a decimal string.
    * Each value is computed with mpmath at 60 significant digits.  Where the formula
      cancels (logBeta, logSumExp, logit, ...), the terms are recomputed with extra
      working precision until the sum is accurate to 60 digits (``cancelling_sum``).
    * Each value is recomputed at 100 digits; the script aborts if the two results
      do not round to the same double.
    * Rounding to double is done exactly (``to_double``), including overflow to
      +-inf and underflow to subnormals / +-0.0.  (``float(mpf)`` rounds twice for
      subnormal results, so it is not used.)
    * Domain edges (zeros, poles, infinities, NaN, empty vectors) follow the
      library's documented policy, written out explicitly in the case lists below
      (``expect=...``), rather than whatever mpmath would do.

Points are deterministic: fixed lists, log-spaced grids computed with mpmath and
rounded exactly, low-discrepancy (Weyl) sequences, and a fixed-seed SplitMix64
generator implemented here, so every run on every platform writes the same bytes.

Usage (from anywhere; needs Python >= 3.9 and mpmath, version 1.3.0 was used):

    python3 Tests/Reference/generate_special_functions.py          # (re)write the fixture
    python3 Tests/Reference/generate_special_functions.py --check  # verify it is up to date

The fixture is committed and the Swift test run never executes Python.  Regenerate
it only when cases are added or changed, and commit both files together.  A run
takes well under two minutes.
"""

import argparse
import json
import math
import sys
import time
from decimal import ROUND_CEILING, Context, Decimal
from pathlib import Path

import mpmath
from mpmath import mp, mpf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_support import INF, NAN, SplitMix64, exact_sum, fmt, to_double  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "ProbKitCoreTests" / "Fixtures" / "special-functions.json"
GENERATOR = "Tests/Reference/generate_special_functions.py"

DPS = 60                 # digits of the stored reference values
CHECK_DPS = 100          # digits of the independent re-computation
RTOL = 1e-14             # relative tolerance used by the Swift tests
NEAR_ZERO = 1e-2         # |expected| below this counts as "near a zero" (see build_cases)



# ---------------------------------------------------------------------------
# Doubles, strings and exact rounding
# ---------------------------------------------------------------------------


def decimal_power_of_ten(exponent):
    """The double nearest to 10**exponent (exponent: a double), computed with mpmath."""
    with mp.workdps(40):
        return to_double(mpmath.power(10, mpf(exponent)))


# ---------------------------------------------------------------------------
# Precision helpers
# ---------------------------------------------------------------------------


def cancelling_sum(make_terms):
    """Sum terms that may cancel, accurate to the current working precision.

    ``make_terms()`` is re-evaluated with more and more guard bits until the
    error bound of the sum (largest term times the working epsilon) is 20 bits
    below the magnitude of the result.  An exactly zero result is accepted only
    after 4000 guard bits.

    The computed terms are added exactly, not rounded to the working precision:
    an exact part such as x_i - max(x) can lie exactly halfway between two
    doubles, and a tiny correction term (say log1p(e^-200)) then decides the
    rounding direction.  Terms below the working precision are kept as "sticky"
    stand-ins of the same sign (like a sticky bit), so that e^-1e300 does not
    need a 1e300-bit mantissa.
    """
    target = mp.prec
    extra = 24
    while True:
        with mp.workprec(target + extra):
            terms = make_terms()
        if any(not mpmath.isfinite(t) for t in terms):
            return mpmath.fsum(terms)
        nonzero = [t for t in terms if t != 0]
        if not nonzero:
            return mpf(0)
        largest = max(mpmath.mag(t) for t in nonzero)
        total = sticky_exact_sum(nonzero, largest - (target + extra) - 64)
        if total == 0:
            if extra >= 4000:
                return mpf(0)
            extra *= 2
            continue
        lost = largest - mpmath.mag(total)
        if lost + 20 <= extra:
            return total
        extra = max(lost + 40, 2 * extra)


def sticky_exact_sum(terms, floor_mag):
    """Exact sum of terms, each term below 2**floor_mag replaced by +-2**(floor_mag-1)."""
    total = mpf(0)
    for t in terms:
        if mpmath.mag(t) < floor_mag:
            t = mpmath.ldexp(mpmath.sign(t), floor_mag - 1)
        total = mpmath.fadd(total, t, exact=True)
    return total


def loggamma_real(x):
    """log|Gamma(x)| for real mpf x that is not a pole."""
    if x > 0:
        return mpmath.loggamma(x)
    # Reflection: log|Gamma(x)| = log(pi) - log|sin(pi x)| - log Gamma(1 - x).
    one_minus_x = mpmath.fsub(1, x, exact=True)
    return cancelling_sum(lambda: reflection_terms(x, one_minus_x))


def reflection_terms(x, one_minus_x):
    return [mpmath.log(mpmath.pi),
            -mpmath.log(abs(mpmath.sinpi(x))),
            -mpmath.loggamma(one_minus_x)]


def low_precision(f, *args):
    """f(*args) as a double, evaluated at 20 digits."""
    with mp.workdps(20):
        return to_double(f(*args))


# ---------------------------------------------------------------------------
# Deterministic point sets
# ---------------------------------------------------------------------------

GOLDEN = 0.6180339887498949          # Weyl sequence step (1 / golden ratio)
PLASTIC_1 = 0.7548776662466927       # R2 sequence steps (1 / plastic number, squared)
PLASTIC_2 = 0.5698402909980532


def weyl(i, step=GOLDEN):
    """i-th element of a low-discrepancy sequence in [0, 1) (pure IEEE arithmetic)."""
    return (0.5 + i * step) % 1.0


def logspace(lo_exp, hi_exp, n):
    """n doubles nearest to 10**e for e evenly spaced in [lo_exp, hi_exp]."""
    points = []
    for i in range(n):
        with mp.workdps(40):
            e = mpf(lo_exp) + (mpf(hi_exp) - mpf(lo_exp)) * i / (n - 1)
            points.append(to_double(mpmath.power(10, e)))
    return points


def spread(lo, hi, n, step=GOLDEN):
    """n non-round doubles in (lo, hi): one per sub-interval, jittered by a Weyl sequence."""
    return [lo + (hi - lo) * ((i + 0.05 + 0.9 * weyl(i, step)) / n) for i in range(n)]


def pairs_r2(lo_exp, hi_exp, n, offset=0):
    """n pairs (a, b), log-uniform in [10**lo_exp, 10**hi_exp]^2 (R2 sequence)."""
    out = []
    for i in range(offset, offset + n):
        ea = lo_exp + (hi_exp - lo_exp) * weyl(i, PLASTIC_1)
        eb = lo_exp + (hi_exp - lo_exp) * weyl(i, PLASTIC_2)
        out.append((decimal_power_of_ten(ea), decimal_power_of_ten(eb)))
    return out


def neighbours(x, deltas=(), ulps=1):
    """x, the doubles `ulps` steps either side of it, and x +- each delta."""
    points = [x]
    lo = hi = x
    for _ in range(ulps):
        lo, hi = math.nextafter(lo, -INF), math.nextafter(hi, INF)
        points += [lo, hi]
    for d in deltas:
        points += [x - d, x + d]
    return points


def negative_non_integers(max_magnitude, n, step=GOLDEN):
    """n negative non-integers -(k + f), k log-spread in [0, max_magnitude)."""
    out = []
    for i, m in enumerate(logspace(0, math.log10(max_magnitude), n)):
        x = -(math.floor(m) + 0.05 + 0.9 * weyl(i, step))
        if x != math.floor(x):
            out.append(x)
    return out


class LogUniformGenerator(SplitMix64):
    """The shared SplitMix64 with log-uniform draws over decades."""

    def log_uniform(self, lo_exp, hi_exp, signed=False):
        x = decimal_power_of_ten(self.uniform(lo_exp, hi_exp))
        return -x if signed and self.next_u64() & 1 else x


def bisect_root(f, lo, hi, iterations=160):
    """A root of f in [lo, hi] (f changes sign) as the nearest double; 40-digit bisection."""
    with mp.workdps(40):
        lo, hi = mpf(lo), mpf(hi)
        negative_at_lo = f(lo) < 0
        for _ in range(iterations):
            mid = (lo + hi) / 2
            if (f(mid) < 0) == negative_at_lo:
                lo = mid
            else:
                hi = mid
        return to_double((lo + hi) / 2)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def case(*args, expect=None):
    """One test case.  `expect` (a number, or a list for vector outputs) states a
    documented policy value; otherwise the value is computed with mpmath."""
    return (args, expect)


class Function:
    def __init__(self, name, reference, cases, atol_scale=None):
        self.name = name
        self.reference = reference      # mpf args -> mpf or list of mpf
        self.cases = cases
        self.atol_scale = atol_scale    # args -> S >= 1, or None: never attach atol


def as_mpf(value):
    return mpf(value)    # exact for doubles and for ints below 2**prec


# --- gamma family ----------------------------------------------------------

def ref_gamma(x):
    return mpmath.gamma(as_mpf(x))


def ref_log_gamma(x):
    return loggamma_real(as_mpf(x))


def ref_digamma(x):
    x = as_mpf(x)
    if x > 0:
        return mpmath.digamma(x)
    # Reflection: psi(x) = psi(1 - x) - pi cot(pi x).
    one_minus_x = mpmath.fsub(1, x, exact=True)
    return cancelling_sum(lambda: [
        mpmath.digamma(one_minus_x),
        -mpmath.pi * mpmath.cospi(x) / mpmath.sinpi(x)])


def ref_trigamma(x):
    x = as_mpf(x)
    if x > 0:
        return mpmath.psi(1, x)
    # Reflection: psi'(x) = pi^2 / sin^2(pi x) - psi'(1 - x).  (mpmath's own psi
    # recurses linearly in |x| for negative x.)
    one_minus_x = mpmath.fsub(1, x, exact=True)
    return cancelling_sum(lambda: [(mpmath.pi / mpmath.sinpi(x)) ** 2,
                                   -mpmath.psi(1, one_minus_x)])


def ref_polygamma(n, x):
    return mpmath.psi(n, as_mpf(x))


def scale_log_gamma(x):
    # The positive zeros (1 and 2) are exact doubles: no atol there, relative
    # accuracy is required right up to them.
    if x > 0:
        return None
    with mp.workdps(20):
        x = mpf(x)
        terms = reflection_terms(x, mpmath.fsub(1, x, exact=True))
        return max([1.0] + [abs(to_double(t)) for t in terms])


def scale_digamma(x):
    if x > 0:
        return 1.0
    with mp.workdps(20):
        x = mpf(x)
        terms = [mpmath.digamma(mpmath.fsub(1, x, exact=True)),
                 mpmath.pi * mpmath.cospi(x) / mpmath.sinpi(x)]
        return max([1.0] + [abs(to_double(t)) for t in terms])


def log_gamma_negative_zeros(intervals):
    """Zeros of log|Gamma| on (-n-1, -n): |Gamma| has its minimum at the root of psi."""
    zeros = []
    for n in intervals:
        lo, hi = -n - 1 + 1e-12, -n - 1e-12
        x_min = bisect_root(mpmath.digamma, lo, hi)
        f = lambda x: loggamma_real(mpf(x))  # noqa: E731
        if low_precision(f, x_min) < 0:
            zeros += [bisect_root(f, lo, x_min), bisect_root(f, x_min, hi)]
    return zeros


def digamma_negative_roots(intervals):
    return [bisect_root(mpmath.digamma, -n - 1 + 1e-12, -n - 1e-12) for n in intervals]


def gamma_cases():
    overflow_x = bisect_root(lambda x: mpmath.loggamma(x) - mpmath.log(sys.float_info.max),
                             171, 172)
    positive = (logspace(-300, math.log10(0.5), 40)
                + spread(0.5, 171.0, 110)
                + [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0, 10.5, 20.0, 50.0, 100.0,
                   100.5, 170.0, 170.5, 171.0, 171.5, 171.6, 171.62]
                + neighbours(overflow_x)
                + [171.625, 171.7, 172.0, 200.0, 1e3, 1e10, 1e300, 1e-310])
    negative = ([-1e-300, -1e-100, -1e-10, -1e-3, -0.1]
                + [-(k + 0.5) for k in range(10)]
                + negative_non_integers(186, 45)
                + [-1 + 1e-10, -1 - 1e-10, -2 - 1e-12, -3 + 1e-6, -20.000001,
                   -100.3, -170.5, -171.5, -175.5, -177.7, -180.5, -183.2, -184.5,
                   -185.5, -1e-310])
    edges = [case(0.0, expect=INF), case(-0.0, expect=-INF),
             case(-1.0, expect=NAN), case(-2.0, expect=NAN), case(-10.0, expect=NAN),
             case(-100.0, expect=NAN), case(INF, expect=INF), case(-INF, expect=NAN),
             case(NAN, expect=NAN), case(5e-324, expect=INF)]
    return [case(x) for x in positive + negative] + edges


def log_gamma_cases():
    near_one_two = []
    for centre in (1.0, 2.0):
        near_one_two += neighbours(centre, deltas=(1e-12, 1e-8, 1e-5, 1e-3, 0.01, 0.03, 0.1, 0.3))
    # A point GSL's lngamma got 4.6e-14 wrong (issue 11), and a spread around both zeros.
    near_one_two += [1.063683646914194] + spread(0.5, 3.0, 60)
    zeros = log_gamma_negative_zeros([2, 3, 4, 5])
    near_zeros = [-2.457024738220800, -2.747682646727412]   # 16-digit approximations
    for z in zeros:
        near_zeros += neighbours(z, deltas=(1e-9, 1e-5))
    positive = (logspace(-300, 300, 120) + spread(0.5, 30.0, 30)
                + [0.5, 1.5, 2.5, 3.0, 10.0, 100.0, 171.7, 1e10, 1e15, 1e17, 1e100,
                   sys.float_info.max, 1e-310, 5e-324]
                + near_one_two)
    negative = ([-1e-300, -1e-100, -1e-10, -1e-3]
                + [-(k + 0.5) for k in range(10)]
                + negative_non_integers(1e6, 35)
                + [-1 + 1e-10, -2 - 1e-12, -123456.789, -1e6 + 0.5, -1e15 + 0.5,
                   -4.5e15 + 0.5, -170.5, -185.5, -1000.25]
                + near_zeros)
    edges = [case(0.0, expect=INF), case(-0.0, expect=INF), case(-1.0, expect=INF),
             case(-2.0, expect=INF), case(-1e10, expect=INF), case(-1e300, expect=INF),
             case(INF, expect=INF), case(-INF, expect=INF), case(NAN, expect=NAN)]
    return [case(x) for x in positive + negative] + edges


def digamma_cases():
    root = 1.4616321449683623
    near_root = neighbours(root, deltas=(1e-12, 1e-8, 1e-4))
    near_negative_roots = []
    for r in digamma_negative_roots([0, 1, 2, 9, 99]):
        near_negative_roots += neighbours(r, deltas=(1e-9,))
    positive = (logspace(-300, 300, 120) + spread(0.5, 50.0, 30)
                + [0.5, 1.0, 2.0, 3.0, 10.0, 1e15, sys.float_info.max, 1e-310]
                + near_root)
    negative = ([-1e-300, -1e-100, -1e-10, -1e-3]
                + [-(k + 0.5) for k in range(10)]
                + negative_non_integers(1e6, 30)
                + [-1 + 1e-10, -2 - 1e-12, -1e6 + 0.5, -1e15 + 0.5, -4.5e15 + 0.5,
                   -170.25]
                + near_negative_roots)
    edges = [case(0.0, expect=-INF), case(-0.0, expect=INF), case(-1.0, expect=NAN),
             case(-2.0, expect=NAN), case(-1e10, expect=NAN), case(INF, expect=INF),
             case(-INF, expect=NAN), case(NAN, expect=NAN), case(5e-324, expect=-INF)]
    return [case(x) for x in positive + negative] + edges


def trigamma_cases():
    positive = (logspace(-300, 300, 130) + spread(0.5, 50.0, 30)
                + [0.5, 1.0, 1.5, 2.0, 10.0, 1e-154, 1e-155, sys.float_info.max])
    negative = ([-1e-300, -1e-100, -1e-10, -1e-3]
                + [-(k + 0.5) for k in range(10)]
                + negative_non_integers(1e6, 30)
                + [-1 + 1e-10, -2 - 1e-12, -1e6 + 0.5, -1e15 + 0.5, -170.25])
    edges = [case(0.0, expect=INF), case(-0.0, expect=INF), case(-1.0, expect=INF),
             case(-2.0, expect=INF), case(-1e10, expect=INF), case(INF, expect=0.0),
             case(-INF, expect=NAN), case(NAN, expect=NAN)]
    return [case(x) for x in positive + negative] + edges


POLYGAMMA_ORDERS = (0, 1, 2, 3, 4, 6, 10)


def polygamma_cases():
    cases = []
    for n in POLYGAMMA_ORDERS:
        xs = logspace(-300, 300, 30) + [0.5, 1.0, 1.5, 2.5, 10.3, 1e-30, 1e30]
        cases += [case(n, x) for x in xs]
    for n in POLYGAMMA_ORDERS:
        cases.append(case(n, 0.0, expect=INF if n % 2 else -INF))
        cases.append(case(n, INF, expect=0.0 if n >= 1 else INF))
        if n >= 2:
            cases += [case(n, -0.5, expect=NAN), case(n, -2.0, expect=NAN)]
    cases += [case(-1, 1.0, expect=NAN), case(0, NAN, expect=NAN),
              case(1, NAN, expect=NAN), case(4, NAN, expect=NAN)]
    return cases


# --- beta family -----------------------------------------------------------

def log_beta_terms(a, b):
    ab = mpmath.fadd(a, b, exact=True)
    return [mpmath.loggamma(a), mpmath.loggamma(b), -mpmath.loggamma(ab)]


def ref_log_beta(a, b):
    a, b = as_mpf(a), as_mpf(b)
    return cancelling_sum(lambda: log_beta_terms(a, b))


def ref_beta(a, b):
    a, b = as_mpf(a), as_mpf(b)
    with mp.workdps(mp.dps + 5):
        log_b = cancelling_sum(lambda: log_beta_terms(a, b))
        return mpmath.exp(log_b)


def log_multivariate_beta_terms(alphas):
    total = exact_sum(alphas)
    return [mpmath.loggamma(a) for a in alphas] + [-mpmath.loggamma(total)]


def ref_log_multivariate_beta(*alphas):
    if len(alphas) == 1:
        return mpf(0)   # log(Gamma(a) / Gamma(a)), identically zero
    alphas = [as_mpf(a) for a in alphas]
    return cancelling_sum(lambda: log_multivariate_beta_terms(alphas))


def scale_log_multivariate_beta(*alphas):
    if len(alphas) == 1:
        return None     # identically zero; nothing cancels
    with mp.workdps(20):
        terms = log_multivariate_beta_terms([mpf(a) for a in alphas])
        return max([1.0] + [abs(to_double(t)) for t in terms])


def beta_grid():
    """Shared (a, b) grid for beta and logBeta."""
    return (pairs_r2(-300, 300, 60)
            + pairs_r2(-3, 3, 100, offset=1000)
            + [(0.5, 0.5), (1.0, 1.0), (2.0, 3.0), (0.1, 0.2), (3.7, 11.3), (100.0, 100.0),
               (530.0, 530.0), (520.0, 540.0), (600.0, 600.0), (1e-5, 1e5), (3.7, 1e10),
               (0.5, 1e300), (1e300, 0.5), (1.0, 1e300), (1e-300, 1e300), (1e300, 1e-300),
               (1e-200, 1e-200), (1e-300, 1e-300), (1e300, 1e300), (1e-300, 1.0),
               (1e-310, 1.0), (5e-324, 1.0), (1e-20, 1e-10), (1e20, 1e10)])


def beta_cases():
    edges = [case(0.0, 2.0, expect=INF), case(2.0, 0.0, expect=INF),
             case(-1.0, 2.0, expect=NAN), case(-0.5, 2.0, expect=NAN),
             case(INF, 2.0, expect=0.0), case(NAN, 2.0, expect=NAN),
             case(2.0, NAN, expect=NAN)]
    return [case(a, b) for a, b in beta_grid()] + edges


def log_beta_unit_curve():
    """Points on/next to the curve B(a, b) = 1, where logBeta vanishes."""
    points = [(1.0, 1.0)]
    for a, lo, hi in ((2.0, 0.3, 1.0), (0.5, 1.0, 10.0), (3.0, 0.05, 1.0), (10.0, 1e-3, 1.0)):
        b = bisect_root(lambda t: ref_log_beta(a, t), lo, hi)
        points += [(a, x) for x in neighbours(b, deltas=(1e-10,))]
    for d in (1e-9, 2.0 ** -52, 1e-6):
        points += [(1.0, 1.0 + d), (1.0 + d, 1.0), (1.0, 1.0 - d)]
    return points


def log_beta_cases():
    edges = [case(0.0, 2.0, expect=INF), case(-1.0, 2.0, expect=NAN),
             case(INF, 2.0, expect=-INF), case(NAN, 2.0, expect=NAN)]
    grid = beta_grid() + pairs_r2(-300, 300, 20, offset=5000)
    return [case(a, b) for a, b in grid + log_beta_unit_curve()] + edges


def log_multivariate_beta_cases(rng):
    cases = [case(a) for a in (1e-300, 0.5, 1.0, 7.3, 1e300)]
    cases += [case(a, b) for a, b in pairs_r2(-300, 300, 8, offset=300)
              + pairs_r2(-2, 3, 7, offset=400)]
    for k, count in ((3, 25), (5, 20), (10, 20), (50, 10)):
        for _ in range(count):
            cases.append(case(*[rng.log_uniform(-300, 300) for _ in range(k)]))
    for k, count in ((3, 5), (10, 5)):        # moderate alphas
        for _ in range(count):
            cases.append(case(*[rng.log_uniform(-2, 3) for _ in range(k)]))
    cases += [case(*[0.5] * 10), case(*[1.0] * 50), case(*[1e-300] * 3), case(*[1e300] * 5),
              case(*[2.5] * 5), case(*[1e-5] * 50)]
    cases += [case(1e-300, 1e300, 1.0), case(1e-300, 1e-300, 1e300),
              case(1e-100, 1e100, 1e-10, 1e10, 1.0), case(1e300, 1e300, 1e-300),
              case(0.5, 1e-200, 3.0, 1e200), case(*([1e-300] * 10 + [1e300] * 10))]
    # Near zeros: logB(1, 1) = 0; the golden-ratio point of logBeta(2, b); [a, a, a].
    third = bisect_root(lambda t: ref_log_multivariate_beta(t, t, t), 0.3, 1.0)
    cases += [case(1.0, 1.0), case(2.0, 0.6180339887498949)]
    cases += [case(t, t, t) for t in neighbours(third, deltas=(1e-10,))]
    cases += [case(1.0, 0.0, 2.0, expect=INF), case(1.0, -1.0, 2.0, expect=NAN),
              case(expect=NAN), case(1.0, NAN, expect=NAN)]
    return cases


# --- combinatorics ---------------------------------------------------------

def ref_log_factorial(n):
    if n <= 1000:
        return mpmath.log(mpf(math.factorial(n)))
    return mpmath.loggamma(mpf(n + 1))


def ref_log_binomial(n, k):
    if min(k, n - k) <= 2000:
        return mpmath.log(mpf(math.comb(n, k)))
    return cancelling_sum(lambda: [mpmath.loggamma(mpf(n + 1)),
                                   -mpmath.loggamma(mpf(k + 1)),
                                   -mpmath.loggamma(mpf(n - k + 1))])


def log_factorial_cases():
    large = sorted({int(round(x)) for x in logspace(math.log10(250), math.log10(9e18), 50)})
    ns = list(range(201)) + large + [2 ** 53 + 1, 2 ** 62, 9 * 10 ** 18]
    return [case(n) for n in ns] + [case(-1, expect=NAN)]


def log_binomial_cases():
    small_n = [0, 1, 2, 3, 4, 5, 7, 10, 13, 17, 20, 25, 30, 37, 40, 50, 60]
    large_n = [100, 1000, 12345, 10 ** 6, 10 ** 9 + 7, 2 ** 40, 10 ** 12, 10 ** 15,
               2 ** 53 + 1, 10 ** 18, 9 * 10 ** 18]
    cases = []
    for n in small_n:
        for k in sorted({0, 1, 2, n // 3, n // 2, n - 2, n - 1, n}):
            if 0 <= k <= n:
                cases.append(case(n, k))
    for n in large_n:
        for k in sorted({0, 1, 2, 5, 17, 100, n // 3, n // 2 - 1, n // 2, n - 1, n}):
            if 0 <= k <= n:
                cases.append(case(n, k))
    cases += [case(10, -1, expect=-INF), case(10, 11, expect=-INF),
              case(0, -1, expect=-INF), case(0, 1, expect=-INF), case(-1, 0, expect=NAN)]
    return cases


# --- log-sum-exp family ----------------------------------------------------

def lse_parts(xs):
    """(m, d, t) with m = max finite x, d_i = x_i - m (exact), t = sum_{i != argmax} e^d_i."""
    m = max(x for x in xs if x != -INF)
    top = xs.index(m)
    d = [mpmath.fsub(x, m, exact=True) if x != -INF else mpf("-inf") for x in xs]
    t = mpmath.fsum(mpmath.exp(di) for i, di in enumerate(d) if i != top)
    return mpf(m), d, t


def ref_log_sum_exp(*xs):
    m, _, _ = lse_parts(xs)
    return cancelling_sum(lambda: [m, mpmath.log1p(lse_parts(xs)[2])])


def ref_softmax(*xs):
    _, d, t = lse_parts(xs)
    return [mpmath.exp(di) / (1 + t) for di in d]


def ref_log_softmax(*xs):
    _, d, _ = lse_parts(xs)
    return [di if mpmath.isinf(di) else
            cancelling_sum(lambda di=di: [di, -mpmath.log1p(lse_parts(xs)[2])])
            for di in d]


def scale_lse(*xs):
    """max(1, |x_i|) over the finite inputs that contribute a term to the sum.

    Inputs with x_i - max(x) < -750 have e^(x_i - max) = 0 in double precision and
    take no part in m + log(sum e^(x_i - m)), so e.g. logSumExp2(0, -1e300) = 0
    gets atol 1e-14 rather than 1e286.
    """
    finite = [x for x in xs if math.isfinite(x)]
    if not finite:
        return None
    top = max(finite)
    return max([1.0] + [abs(x) for x in finite if x - top >= -750.0])


def random_vector(rng, length, scale):
    return [rng.uniform(-scale, scale) for _ in range(length)]


def log_sum_exp_vectors(rng):
    """Finite-valued (and -inf-containing) test vectors for logSumExp."""
    vectors = []
    scales = [1e-300, 1e-10, 1.0, 10.0, 100.0, 750.0, 1e5, 1e20, 1e300]
    for i in range(45):
        vectors.append(random_vector(rng, rng.integer(1, 100), scales[i % len(scales)]))
    for _ in range(15):   # mixed magnitudes, 1e-300 ... 1e300, both signs
        vectors.append([rng.log_uniform(-300, 300, signed=True)
                        for _ in range(rng.integer(2, 40))])
    for length in (1, 2, 3, 5, 10, 50, 100):
        vectors.append(random_vector(rng, length, 30.0))
    vectors += [[3.3] * 100, [-1e300] * 7, [1e300] * 3, [0.0] * 50, [-745.1] * 10,
                [700.0] * 64, [708.0] * 4, [1e-300] * 2]
    for i in range(8):    # one dominant term
        vectors.append([rng.uniform(900.0, 1000.0)] + random_vector(rng, 5 + 3 * i, 10.0))
    vectors += [[1e300, -1e300], [-1e300, 5.0], [40.0, 0.0], [1e300, 1e300],
                [-1e300, -1e300], [-1e300, 1e-300]]
    vectors += near_zero_lse_vectors()
    vectors += [[-INF, 2.0, -INF, 3.5], [-INF, -1e300], [-INF, 0.0, -750.0],
                [-INF] * 3 + [1e-300]]
    return vectors


def near_zero_lse_vectors():
    """Vectors whose log-sum-exp is (close to) zero."""
    with mp.workdps(40):
        log_half = to_double(mpmath.log(0.5))
        log_third = to_double(mpmath.log(mpf(1) / 3))
        log_quarter = to_double(mpmath.log(0.25))
        complements = [(x, to_double(mpmath.log(-mpmath.expm1(x))))
                       for x in (-0.5, -1.0, -3.0, -10.0, -30.0)]
    return ([[log_half, log_half], [log_third] * 3, [log_quarter] * 4, [-1e-20], [1e-300],
             [0.0], [-5e-324], [-36.0, -1e-16], [-50.0, -1e-30]]
            + [[x, y] for x, y in complements])


def log_sum_exp_cases(rng):
    cases = [case(*v) for v in log_sum_exp_vectors(rng)]
    cases += [case(expect=-INF), case(-INF, -INF, expect=-INF), case(1.0, INF, expect=INF),
              case(1.0, NAN, expect=NAN), case(-INF, 1.0, expect=1.0),
              case(INF, -INF, expect=INF)]
    return cases


def log_sum_exp2_cases(rng):
    pairs = [(x, x) for x in (-1e300, -745.0, -1.0, 0.0, 1e-300, 3.7, 700.0, 1e300)]
    pairs += [(x, math.nextafter(x, INF)) for x in (1.0, -20.0, 1e5, 1e300)]
    pairs += [(1.0, 1.0 + 1e-15), (0.0, -1e-300), (-700.0, -700.0 + 1e-12), (5.0, 5.0 + 1e-9)]
    pairs += [(1e300, -1e300), (0.0, -1e300), (-1e300, 1e-300), (40.0, 0.0), (0.0, 37.0),
              (36.0, 0.0), (709.0, 0.0), (1e300, 1e300), (-1e300, -1e300), (-745.0, 0.0),
              (1e20, 1.0), (-1e20, -1e20 + 1e5)]
    pairs += [tuple(v) for v in near_zero_lse_vectors() if len(v) == 2]
    pairs += [(-1e-20, -1e-20 - 50.0), (-1e-300, -1e300)]
    for _ in range(55):
        pairs.append((rng.log_uniform(-300, 300, signed=True),
                      rng.log_uniform(-300, 300, signed=True)))
    for _ in range(30):
        pairs.append((rng.uniform(-50.0, 50.0), rng.uniform(-50.0, 50.0)))
    cases = [case(a, b) for a, b in pairs]
    cases += [case(-INF, -INF, expect=-INF), case(INF, -INF, expect=INF),
              case(INF, INF, expect=INF), case(NAN, 1.0, expect=NAN),
              case(1.0, NAN, expect=NAN), case(-INF, 1.0), case(1.0, -INF)]
    return cases


def softmax_vectors(rng):
    vectors = []
    scales = [1e-300, 1e-5, 1.0, 5.0, 30.0, 300.0, 1e4, 1e300]
    for i in range(40):
        vectors.append(random_vector(rng, rng.integer(1, 50), scales[i % len(scales)]))
    for _ in range(10):
        vectors.append([rng.log_uniform(-300, 300, signed=True)
                        for _ in range(rng.integer(2, 20))])
    vectors += [[2.0] * 7, [0.5], [-1e300], [1e300, 1e300, -1e300], [1e300, 0.0, -1e300],
                [-1e300, -1e300, 0.0]]
    vectors += [[0.0, -700.0, -745.0, -746.0, -800.0, -1e5],
                [1000.0, 0.0, 250.0, 300.0], [0.0, -40.0], [10.0, -30.0], [0.0, -36.9],
                [-1e-16, 1e-16, 0.0], [0.0, -1e-300]]
    vectors += [[-INF, 1.0, 2.0], [3.0, -INF], [-INF, -INF, 0.5, -INF],
                [-INF, -1e300, 1e300], [-INF] + random_vector(rng, 20, 10.0),
                [-INF, 0.0]]
    return vectors


def softmax_cases(rng, log):
    cases = [case(*v) for v in softmax_vectors(rng)]
    with mp.workdps(40):
        minus_log_two = to_double(-mpmath.log(2))
    if log:
        cases += [case(INF, 1.0, INF, expect=[minus_log_two, -INF, minus_log_two]),
                  case(1e300, -1e300, expect=[0.0, -2e300])]
    else:
        cases += [case(INF, 1.0, INF, expect=[0.5, 0.0, 0.5]),
                  case(1e300, -1e300, expect=[1.0, 0.0])]
    cases += [case(expect=[]), case(-INF, -INF, expect=[NAN, NAN]),
              case(-INF, -INF, -INF, expect=[NAN] * 3),
              case(1.0, NAN, 2.0, expect=[NAN] * 3), case(NAN, expect=[NAN])]
    return cases


# --- elementwise ------------------------------------------------------------

def ref_log1p_exp(x):
    x = as_mpf(x)
    if x > 0:
        return x + mpmath.log1p(mpmath.exp(-x))
    return mpmath.log1p(mpmath.exp(x))


def ref_sigmoid(x):
    x = as_mpf(x)
    if x >= 0:
        return 1 / (1 + mpmath.exp(-x))
    e = mpmath.exp(x)
    return e / (1 + e)


def ref_logit(p):
    p = as_mpf(p)
    q = mpmath.fsub(1, p, exact=True)
    return cancelling_sum(lambda: [mpmath.log(p), -mpmath.log(q)])


def ref_xlogy(x, y):
    x, y = as_mpf(x), as_mpf(y)
    if 0.5 < y < 2:
        return x * mpmath.log1p(mpmath.fsub(y, 1, exact=True))
    return x * mpmath.log(y)


def scale_xlogy(x, y):
    return max(1.0, abs(x)) if abs(y - 1.0) <= 1e-2 else None


def log1p_exp_cases():
    xs = (spread(-40.0, 40.0, 100)
          + logspace(-300, 300, 50) + [-x for x in logspace(-300, 300, 50)]
          + [-745.0, -744.0, -709.0, 0.0, 1e-20, 18.0, 33.3, 36.7, 37.0, 709.0, 710.0, 800.0,
             -800.0])
    edges = [case(-INF, expect=0.0), case(INF, expect=INF), case(NAN, expect=NAN)]
    return [case(x) for x in xs] + edges


def xlogy_cases(rng):
    pairs = []
    for _ in range(50):
        pairs.append((rng.log_uniform(-300, 300, signed=True), rng.log_uniform(-300, 300)))
    for x in (1.0, -3.5, 100.0, 0.25):
        for y in (1.0 + 1e-10, 1.0 - 1e-10, 1.0 + 2.0 ** -52, 1.0 - 2.0 ** -53, 1.001, 0.999):
            pairs.append((x, y))
    pairs += [(1e300, 1.0 + 1e-10), (1e-300, 1e-300), (1e300, 1e300), (1e300, 1e-300),
              (-1e300, 1e300), (1e306, 1e300), (-1e306, 1e300), (5e-324, 2.0),
              (5e-324, 1e-300), (1e-300, 5e-324), (2.0, 5e-324), (5.0, 1.0), (0.0, 0.5),
              (0.0, 2.0), (1.0, sys.float_info.max), (3.0, 1e-310), (0.5, 0.5), (2.5, 10.0),
              (-7.0, 0.125), (1.0, 2.0)]
    cases = [case(x, y) for x, y in pairs]
    cases += [case(0.0, 0.0, expect=0.0), case(0.0, INF, expect=0.0),
              case(0.0, -1.0, expect=0.0), case(0.0, NAN, expect=NAN),
              case(1.0, 0.0, expect=-INF), case(1.0, -1.0, expect=NAN),
              case(NAN, 1.0, expect=NAN)]
    return cases


def logit_cases():
    low = logspace(-300, math.log10(0.5), 70) + [5e-324, 1e-310, 2.2250738585072014e-308]
    high = [1.0 - q for q in logspace(-16, math.log10(0.5), 30)]
    high += [1.0 - 2.0 ** -53, 1.0 - 2.0 ** -52, 0.999, 0.99]
    middle = spread(0.01, 0.99, 60)
    near_half = neighbours(0.5, deltas=(2.0 ** -40, 1e-10, 1e-5, 1e-3), ulps=2)
    ps = low + high + middle + near_half
    edges = [case(0.0, expect=-INF), case(1.0, expect=INF), case(-0.1, expect=NAN),
             case(1.5, expect=NAN), case(NAN, expect=NAN)]
    return [case(p) for p in ps] + edges


def sigmoid_cases():
    xs = (spread(-750.0, 40.0, 150)
          + logspace(-300, 300, 25) + [-x for x in logspace(-300, 300, 25)]
          + [-745.2, -745.1, -744.4, -709.8, -708.4, 0.0, 36.04, 36.05, 37.0, 38.0, 40.0])
    edges = [case(INF, expect=1.0), case(-INF, expect=0.0), case(NAN, expect=NAN)]
    return [case(x) for x in xs] + edges


# ---------------------------------------------------------------------------
# Evaluation and output
# ---------------------------------------------------------------------------

def functions():
    rng = LogUniformGenerator(0x5EED_2024)
    return [
        Function("gamma", ref_gamma, gamma_cases()),
        Function("logGamma", ref_log_gamma, log_gamma_cases(), scale_log_gamma),
        Function("digamma", ref_digamma, digamma_cases(), scale_digamma),
        Function("trigamma", ref_trigamma, trigamma_cases()),
        Function("polygamma", ref_polygamma, polygamma_cases(),
                 lambda n, x: 1.0 if n == 0 and x > 0 else None),
        Function("beta", ref_beta, beta_cases()),
        Function("logBeta", ref_log_beta, log_beta_cases(),
                 lambda a, b: scale_log_multivariate_beta(a, b)),
        Function("logFactorial", ref_log_factorial, log_factorial_cases()),
        Function("logBinomialCoefficient", ref_log_binomial, log_binomial_cases()),
        Function("logMultivariateBeta", ref_log_multivariate_beta,
                 log_multivariate_beta_cases(rng), scale_log_multivariate_beta),
        Function("logSumExp", ref_log_sum_exp, log_sum_exp_cases(rng), scale_lse),
        Function("logSumExp2", ref_log_sum_exp, log_sum_exp2_cases(rng), scale_lse),
        Function("softmax", ref_softmax, softmax_cases(rng, log=False)),
        Function("logSoftmax", ref_log_softmax, softmax_cases(rng, log=True), scale_lse),
        Function("log1pExp", ref_log1p_exp, log1p_exp_cases()),
        Function("xlogy", ref_xlogy, xlogy_cases(rng), scale_xlogy),
        Function("logit", ref_logit, logit_cases(), lambda p: 1.0),
        Function("sigmoid", ref_sigmoid, sigmoid_cases()),
    ]


def reference_doubles(function, args, dps):
    with mp.workdps(dps):
        value = function.reference(*args)
        values = value if isinstance(value, list) else [value]
        return [to_double(v) for v in values]


def atol_for(scale):
    """RTOL * S (= 1e-14 * S), rounded up to three significant digits."""
    exact = Decimal(scale) * Decimal(repr(RTOL))
    return float(Context(prec=3, rounding=ROUND_CEILING).plus(exact))


def build_cases(function):
    entries, seen = [], set()
    for args, expect in function.cases:
        key = tuple(fmt(a) for a in args)
        if key in seen:
            continue
        seen.add(key)
        entry = {"args": list(key)}
        if expect is not None:
            expected = expect if isinstance(expect, list) else [expect]
            entry["expected"] = [fmt(v) for v in expected]
        else:
            expected = reference_doubles(function, args, DPS)
            check = reference_doubles(function, args, CHECK_DPS)
            if [fmt(v) for v in expected] != [fmt(v) for v in check]:
                raise AssertionError(
                    f"{function.name}{key}: {DPS} digits give {expected}, "
                    f"{CHECK_DPS} digits give {check}")
            entry["expected"] = [fmt(v) for v in expected]
            # atol only near a zero of the function: some component below NEAR_ZERO
            # in absolute value.  (Not "below NEAR_ZERO * S": with S up to 1e303
            # that would also catch values such as logBeta(1, 1e300) = -690.8 and
            # give them atol ~ 1e288, i.e. no test at all.)
            scale = function.atol_scale(*args) if function.atol_scale else None
            near_zero = any(math.isfinite(v) and abs(v) < NEAR_ZERO for v in expected)
            if scale is not None and near_zero:
                entry["atol"] = fmt(atol_for(scale))
        entries.append(entry)
    return entries


def render(document):
    """JSON text with one case per line (stable, diff-friendly)."""
    lines = ["{",
             f'  "generator": {json.dumps(document["generator"])},',
             f'  "reference": {json.dumps(document["reference"])},',
             '  "functions": {']
    names = list(document["functions"])
    for i, name in enumerate(names):
        cases = document["functions"][name]
        lines.append(f"    {json.dumps(name)}: [")
        for j, entry in enumerate(cases):
            comma = "," if j < len(cases) - 1 else ""
            lines.append("      " + json.dumps(entry) + comma)
        lines.append("    ]" + ("," if i < len(names) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed fixture differs")
    options = parser.parse_args()

    started = time.monotonic()
    document = {
        "generator": GENERATOR,
        "reference": f"mpmath {mpmath.__version__} at {DPS} significant digits",
        "functions": {},
    }
    for function in functions():
        document["functions"][function.name] = build_cases(function)
    text = render(document)
    json.loads(text)   # sanity: the output parses

    if options.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else None
        if current != text:
            print(f"{OUTPUT} is out of date; rerun {GENERATOR}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    total = 0
    for name, cases in document["functions"].items():
        with_atol = sum("atol" in c for c in cases)
        total += len(cases)
        print(f"  {name:<24}{len(cases):>5} cases  ({with_atol} with atol)")
    print(f"  {'total':<24}{total:>5} cases")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(text.encode()):,} bytes "
          f"in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
