"""Helpers shared by the reference-fixture generators in this folder.

Exact rounding of mpmath values to doubles, the JSON number encoding the Swift
tests read, exact summation, and a platform-independent seeded generator. Not
run on its own; imported by ``generate_special_functions.py`` and
``generate_distributions.py`` (run from anywhere: each adds this folder to the
import path).
"""

import math

import mpmath
from mpmath import mpf

INF = math.inf
NAN = math.nan


def fmt(value):
    """JSON string for a number: Python ints verbatim, doubles by repr."""
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers here")
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


def to_double(value):
    """Round a number to the nearest double (ties to even), exactly.

    Handles subnormal results, overflow to +-inf and underflow to +-0.0
    (``float(mpf)`` rounds twice for subnormal results, so it is not used).
    """
    if not isinstance(value, mpmath.mpf):
        # Only non-mpf inputs are converted: mpf(an mpf) would round an exact
        # sum to the working precision before the single rounding below.
        value = mpf(value)
    if mpmath.isnan(value):
        return NAN
    if mpmath.isinf(value):
        return INF if value > 0 else -INF
    sign, man, exp, bc = value._mpf_
    if man == 0:
        return 0.0
    if exp + bc > 1025:              # |value| >= 2**1024: overflows
        magnitude = INF
    elif exp + bc < -1080:           # |value| < 2**-1080: below half the least subnormal
        magnitude = 0.0
    else:
        man = int(man)
        try:
            # int -> float and int / int are correctly rounded in CPython,
            # including subnormal results; both raise OverflowError on overflow.
            magnitude = float(man << exp) if exp >= 0 else man / (1 << -exp)
        except OverflowError:
            magnitude = INF
    return -magnitude if sign else magnitude


def exact_sum(values):
    """Exact sum of mpf values (no rounding at all)."""
    total = mpf(0)
    for v in values:
        total = mpmath.fadd(total, v, exact=True)
    return total


class SplitMix64:
    """Tiny fixed-seed PRNG (Steele, Lea & Flood 2014); identical on every platform."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def uniform(self, lo=0.0, hi=1.0):
        return lo + (hi - lo) * ((self.next_u64() >> 11) * 2.0 ** -53)

    def integer(self, lo, hi):
        return lo + self.next_u64() % (hi - lo + 1)
