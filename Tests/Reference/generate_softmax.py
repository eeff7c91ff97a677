#!/usr/bin/env python3
"""Generate the reference fixture for ProbKit's SoftmaxRegression.

Writes ``Tests/ProbKitRegressionTests/Fixtures/softmax.json``:

    {"generator": "Tests/Reference/generate_softmax.py", "reference": "<versions>",
     "datasets": [...], "cases": [...]}

Every number is a string: doubles in Python ``repr`` form ("0.1", "1e-05") -- computed
values correctly rounded from the high-precision result -- and integers (labels, class
counts, row indices, iteration counts, the digits pixels) as plain integer strings
("3").  Keys are sorted within each entry, one data set / case per line.

Model
    Classes k = 0 ..< K, features x in R^D, weights W (K x D), intercepts b (K),
    p(y = k | x) = softmax(W x + b)_k.  The objective (weights w_n, 1 when ``null``) is

        f(W, b) = - sum_n w_n log p(y_n | x_n) + (1 / (2 sigma^2)) sum_{k,d} W[k,d]^2

    with sigma^2 the exact square of the double sigma and no penalty on the intercepts.
    ``"estimator": "map"`` uses the penalty; ``"mle"`` has none (sigma = infinity,
    ``"sigma": null``).  Layouts of the stored ``coefficients`` / ``intercepts``:

    * map, ``"binary": false``: all K rows penalised (the problem scikit-learn's
      multinomial LogisticRegression solves).  W is unique; the intercepts are unique up
      to a common shift and are stored centred (their exact mean subtracted).
    * mle, ``"binary": false``: reference class 0 -- row 0 of W and b[0] are fixed at 0
      (stored as "0.0"), rows 1 ..< K are free and unpenalised.
    * ``"binary": true`` (K = 2 only): one weight vector w and intercept c with
      p(y = 1 | x) = sigmoid(w . x + c) (class 0 the reference with zero weights), penalty
      ||w||^2 / (2 sigma^2) for map; ``coefficients`` has ONE row and ``intercepts`` one
      value.  This is scikit-learn's binary LogisticRegression(C = sigma^2).
    * The "binary" data set also has a map case with ``"binary": false``: the symmetric
      two-row softmax with both rows penalised.  Its optimum is W = [-w/2, w/2],
      b = [-c/2, c/2] with (w, c) the binary optimum for C = 2 sigma^2 (that is how its
      scikit-learn entry is fitted).

Data sets (``datasets``: ``{"name", "description", "classCount", "featureCount",
"rowCount", "features": [[...] per row], "labels": [...]}``; features are stored
doubles, treated as exact)
    iris             sklearn.datasets.load_iris, 150 x 4, K = 3 (setosa is linearly
                     separable from the rest, so only map cases).
    digits           sklearn.datasets.load_digits, 1797 x 64, K = 10, raw pixels 0 ... 16
                     stored as integer strings.
    synthetic        400 x 6, K = 4.  Standard normals z = NormalDist().inv_cdf(u) with
                     u = (SplitMix64 top 53 bits + 1/2) 2^-53 (seed 0x50F7_0001); feature
                     d = offset_d + scale_d z (offsets 0, 1, -0.5, 2, 0, 0.5; scales
                     1, 2, 0.5, 3, 1, 0.25) rounded to 10 significant digits; labels drawn
                     (inverse CDF of one more uniform) from softmax(A z + a) with known
                     weights A (4 x 6, 0.6 z rounded to 10 digits) and a (0.3 z), drawn
                     first from the same stream -- overlapping, non-separable classes.
    binary           300 x 3, K = 2, the same way (seed 0x50F7_0002; scales 1, 1.5, 0.7,
                     no offsets); p(y = 1) = sigmoid(z . (1, -0.8, 0.5) + 0.3).
    separable        40 x 2, K = 2 (seed 0x50F7_0003): points 2 z rounded to 10 digits,
                     label 1 iff x1 + x2 > 0, kept only if |x1 + x2| >= 0.5 (20 per class):
                     complete separation.
    quasiSeparable   40 x 2, K = 2 (seed 0x50F7_0004): 16 + 16 points as above plus 4
                     points (a, -a) exactly on the line x1 + x2 = 0, each present twice,
                     once with each label (quasi-complete separation); the 40 rows are
                     shuffled by a SplitMix64 Fisher-Yates shuffle.
    weighted         the first 120 rows of synthetic, used with the weights
                     [0.5, 2, 3.25, 1, 0.25, 1.5] cycled (stored in the case).

Cases (``cases``: every case has every key below; ``null`` where it does not apply)
    {"dataset", "classCount", "estimator", "sigma", "binary", "weights", "objective",
     "coefficients", "intercepts", "weightNorm", "rows", "probabilities",
     "gradientNorm", "roundedGradientNorm", "expectSeparation", "objectiveInfimum",
     "sklearn", "statsmodels"}

    * objective: f at the optimum.  weightNorm: the Frobenius norm of the stored
      coefficients (all K rows for map, rows 1 ..< K for mle, the one row for binary).
    * rows / probabilities: 8 row indices (round(i (n - 1) / 7), i = 0 ... 7: first,
      last and 6 in between) and the K class probabilities of each at the optimum
      (binary: [1 - p, p]).
    * gradientNorm: Euclidean norm of the gradient of f with respect to the free
      parameters at the high-precision optimum (below 1e-30 max(1, |f|), asserted).
      roundedGradientNorm: the exact gradient norm at the stored (double) coefficients and
      intercepts, over every stored parameter -- what an exact evaluation at the fixture
      values would see.
    * expectSeparation ("complete" / "quasi") and objectiveInfimum: the mle cases of
      separable and quasiSeparable, where no optimum exists (objective, coefficients,
      ... are null).  The infimum of f is 0 for complete separation; for the
      quasi-separable set it is 8 log 2 (each on-line location, once with each label,
      contributes -log p - log(1 - p) >= 2 log 2; the bound is approached along
      t (1, 1), c = 0, t -> infinity, which the script checks).  Each of these two data
      sets also has a map sigma = 1 binary case, which does have an optimum.
    * sklearn: LogisticRegression(C = sigma^2 (2 sigma^2 for the symmetric K = 2 case,
      np.inf for mle), solver="lbfgs", tol=1e-6, max_iter=10000) with the case's
      sample_weight: {"objective": f evaluated exactly at its (double) parameters,
      "relativeObjectiveGap": (f_sklearn - f_opt) / |f_opt|, "iterations": n_iter_,
      "coefficients", "intercepts"} in the case's layout (converted in double arithmetic:
      centred, or row 0 subtracted for mle).  The script aborts unless
      0 <= gap <= 1e-4 (down to -1e-13 for rounding).  Informational only.
    * statsmodels (mle on synthetic and binary): {"logLikelihood"} of
      statsmodels MNLogit / Logit (Newton, constant column prepended); the script aborts
      unless it agrees with -f_opt to 1e-6 relative and its parameters with ours to 1e-6.

How the optimum is computed
    The objective is strictly convex in the free parameters (map: all of W and b[1 ...];
    mle / binary: rows 1 ..< K; b[0] fixed at 0 and the map intercepts centred at the
    end).  Damped Newton (exact Hessian, Cholesky, Armijo backtracking) in float64 from
    zero until the Newton decrement is below 1e-24 max(1, |f|); then Newton steps with
    the last float64 Hessian and an exact gradient: parameters held as integers times
    2^-200, features as integers times a common power of two, so W x + b is an exact
    integer; softmax / log-sum-exp with mpmath at 256 bits; residuals w_n (p_nk - [y_n =
    k]) rounded to multiples of 2^-256 and multiplied into the features exactly.  The
    steps stop when the gradient norm is below 1e-45 max(1, |f|) (at most 12 steps); the
    stored values are that optimum rounded once to doubles (``to_double``).  Integer
    sample weights are checked to act like repeated rows (a 60-row fit with weights
    1, 2, 3 cycled against the duplicated data, to 1e-9).

Usage (from anywhere; Python >= 3.9 with numpy, scipy, mpmath, scikit-learn and
statsmodels; the versions used are recorded under "reference"):

    python3 Tests/Reference/generate_softmax.py            # (re)write the fixture
    python3 Tests/Reference/generate_softmax.py --check    # verify it is up to date
    python3 Tests/Reference/generate_softmax.py --verbose  # also print a summary per case

About 15 s on 2 cores (the digits case dominates).
"""

import os

# One BLAS thread: float64 results (the stored scikit-learn values) then do not depend
# on the core count.  Must be set before numpy is imported.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from fractions import Fraction  # noqa: E402
from pathlib import Path  # noqa: E402
from statistics import NormalDist  # noqa: E402

import mpmath  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
from mpmath import mp, mpf  # noqa: E402
from scipy.linalg import cho_factor, cho_solve  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_support import SplitMix64, fmt, to_double  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "ProbKitRegressionTests" / "Fixtures" / "softmax.json"
GENERATOR = "Tests/Reference/generate_softmax.py"

PREC = 256                 # mpmath working precision (bits) of the exact evaluation
PARAM_BITS = 200           # parameters are integers times 2^-PARAM_BITS
RESIDUAL_BITS = 256        # residuals are rounded to multiples of 2^-RESIDUAL_BITS
POLISH_TARGET = mpf(10) ** -45
GRADIENT_BOUND = mpf(10) ** -30
SKLEARN_GAP = 1e-4
STATSMODELS_TOL = 1e-6
WEIGHT_PALETTE = [0.5, 2.0, 3.25, 1.0, 0.25, 1.5]
IRIS_SIGMAS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0]


class ReferenceError_(Exception):
    pass


def check(condition, message):
    if not condition:
        raise ReferenceError_(message)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def round10(x):
    """x rounded to 10 significant digits."""
    return float(f"{x:.9e}")


class Draws:
    def __init__(self, seed):
        self.rng = SplitMix64(seed)
        self.normal_dist = NormalDist()

    def uniform(self):
        """Uniform in (0, 1): the top 53 bits plus one half, times 2^-53."""
        return ((self.rng.next_u64() >> 11) + 0.5) * 2.0 ** -53

    def normal(self):
        return self.normal_dist.inv_cdf(self.uniform())

    def category(self, probabilities):
        u = self.uniform()
        total = 0.0
        for k, p in enumerate(probabilities):
            total += p
            if u < total:
                return k
        return len(probabilities) - 1


def softmax_list(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def dataset(name, description, features, labels, class_count, integer=False):
    return {"name": name, "description": description, "features": [list(map(float, row)) for row in features],
            "labels": [int(v) for v in labels], "classCount": class_count, "integer": integer}


def make_iris():
    from sklearn.datasets import load_iris
    data = load_iris()
    return dataset("iris", "sklearn.datasets.load_iris (Fisher's iris, 150 x 4, 3 classes)",
                   data.data.tolist(), data.target.tolist(), 3)


def make_digits():
    from sklearn.datasets import load_digits
    data = load_digits()
    check(np.all(data.data == np.round(data.data)), "digits pixels are integers")
    return dataset("digits", "sklearn.datasets.load_digits (1797 x 64 raw pixels 0...16, 10 classes)",
                   data.data.tolist(), data.target.tolist(), 10, integer=True)


def make_synthetic():
    draws = Draws(0x50F7_0001)
    K, D, n = 4, 6, 400
    offsets = [0.0, 1.0, -0.5, 2.0, 0.0, 0.5]
    scales = [1.0, 2.0, 0.5, 3.0, 1.0, 0.25]
    A = [[round10(0.6 * draws.normal()) for _ in range(D)] for _ in range(K)]
    a = [round10(0.3 * draws.normal()) for _ in range(K)]
    features, labels = [], []
    for _ in range(n):
        z = [draws.normal() for _ in range(D)]
        features.append([round10(offsets[d] + scales[d] * z[d]) for d in range(D)])
        logits = [sum(A[k][d] * z[d] for d in range(D)) + a[k] for k in range(K)]
        labels.append(draws.category(softmax_list(logits)))
    counts = [labels.count(k) for k in range(K)]
    check(min(counts) >= 40, f"synthetic class counts {counts}")
    return dataset("synthetic", "SplitMix64 seed 0x50F70001: 400 x 6 (offset + scale * normal, 10 digits), "
                   "labels from a softmax model with random weights, 4 overlapping classes",
                   features, labels, K)


def make_binary():
    draws = Draws(0x50F7_0002)
    n = 300
    scales = [1.0, 1.5, 0.7]
    w, c = [1.0, -0.8, 0.5], 0.3
    features, labels = [], []
    for _ in range(n):
        z = [draws.normal() for _ in range(3)]
        features.append([round10(s * v) for s, v in zip(scales, z)])
        p = 1.0 / (1.0 + math.exp(-(sum(a * b for a, b in zip(w, z)) + c)))
        labels.append(1 if draws.uniform() < p else 0)
    counts = [labels.count(k) for k in range(2)]
    check(min(counts) >= 100, f"binary class counts {counts}")
    return dataset("binary", "SplitMix64 seed 0x50F70002: 300 x 3 normals (scales 1, 1.5, 0.7, 10 digits), "
                   "labels Bernoulli(sigmoid(z . (1, -0.8, 0.5) + 0.3)), overlapping classes",
                   features, labels, 2)


def separated_points(draws, per_class):
    points = {0: [], 1: []}
    while min(len(v) for v in points.values()) < per_class:
        x = [round10(2.0 * draws.normal()), round10(2.0 * draws.normal())]
        s = Fraction(x[0]) + Fraction(x[1])
        if abs(s) < Fraction(1, 2):
            continue
        label = 1 if s > 0 else 0
        if len(points[label]) < per_class:
            points[label].append((x, label))
    return points


def interleave(points):
    rows = []
    for a, b in zip(points[0], points[1]):
        rows += [a, b]
    return rows


def shuffle(draws, rows):
    rows = list(rows)
    for i in range(len(rows) - 1, 0, -1):
        j = draws.rng.integer(0, i)
        rows[i], rows[j] = rows[j], rows[i]
    return rows


def make_separable():
    draws = Draws(0x50F7_0003)
    rows = shuffle(draws, interleave(separated_points(draws, 20)))
    return dataset("separable", "SplitMix64 seed 0x50F70003: 40 x 2, label 1 iff x1 + x2 > 0, "
                   "|x1 + x2| >= 0.5 (complete separation)",
                   [r[0] for r in rows], [r[1] for r in rows], 2)


def make_quasi_separable():
    draws = Draws(0x50F7_0004)
    rows = interleave(separated_points(draws, 16))
    for _ in range(4):
        a = round10(draws.normal())
        rows += [([a, -a], 0), ([a, -a], 1)]
    rows = shuffle(draws, rows)
    return dataset("quasiSeparable", "SplitMix64 seed 0x50F70004: 32 points with label 1 iff x1 + x2 > 0, "
                   "|x1 + x2| >= 0.5, plus 4 points (a, -a) on the line with both labels (quasi-complete "
                   "separation)", [r[0] for r in rows], [r[1] for r in rows], 2)


def make_weighted(synthetic):
    return dataset("weighted", "the first 120 rows of synthetic (used with the weights "
                   "0.5, 2, 3.25, 1, 0.25, 1.5 cycled)",
                   synthetic["features"][:120], synthetic["labels"][:120], synthetic["classCount"])


def make_datasets():
    synthetic = make_synthetic()
    sets = [make_iris(), make_digits(), synthetic, make_binary(), make_separable(),
            make_quasi_separable(), make_weighted(synthetic)]
    return {d["name"]: d for d in sets}


def palette_weights(n):
    return [WEIGHT_PALETTE[i % len(WEIGHT_PALETTE)] for i in range(n)]


# ---------------------------------------------------------------------------
# The objective in float64 (Newton phase)
# ---------------------------------------------------------------------------

class Problem:
    """f on the free parameters; ``layout`` "symmetric" (all W rows, b[1...]) or
    "reference" (W rows 1..., b[1...])."""

    def __init__(self, features, labels, K, weights, sigma, layout):
        X = np.asarray(features, dtype=float)
        n, D = X.shape
        self.n, self.D, self.K = n, D, K
        self.X = X
        self.Xa = np.hstack([X, np.ones((n, 1))])
        self.y = np.asarray(labels, dtype=int)
        self.Y = np.zeros((n, K))
        self.Y[np.arange(n), self.y] = 1.0
        self.weights = None if weights is None else [float(v) for v in weights]
        self.w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
        self.sigma = sigma
        self.lam = 0.0 if sigma is None else 1.0 / (sigma * sigma)
        mask = np.zeros((K, D + 1), dtype=bool)
        if layout == "symmetric":
            mask[:, :D] = True
        else:
            mask[1:, :D] = True
        mask[1:, D] = True
        self.layout = layout
        self.mask = mask
        self.free = np.flatnonzero(mask.ravel())

    def matrix(self, v):
        theta = np.zeros(self.K * (self.D + 1))
        theta[self.free] = v
        return theta.reshape(self.K, self.D + 1)

    def value_grad(self, v):
        T = self.matrix(v)
        Z = self.Xa @ T.T
        m = Z.max(axis=1, keepdims=True)
        E = np.exp(Z - m)
        s = E.sum(axis=1)
        lse = m[:, 0] + np.log(s)
        f = -np.dot(self.w, Z[np.arange(self.n), self.y] - lse) + 0.5 * self.lam * np.sum(T[:, :self.D] ** 2)
        P = E / s[:, None]
        G = (self.w[:, None] * (P - self.Y)).T @ self.Xa
        G[:, :self.D] += self.lam * T[:, :self.D]
        return f, G.ravel()[self.free], P

    def hessian(self, P):
        K, D1 = self.K, self.D + 1
        H = np.zeros((K * D1, K * D1))
        for k in range(K):
            for l in range(k, K):
                c = self.w * ((P[:, k] if k == l else 0.0) - P[:, k] * P[:, l])
                B = (self.Xa * c[:, None]).T @ self.Xa
                H[k * D1:(k + 1) * D1, l * D1:(l + 1) * D1] = B
                H[l * D1:(l + 1) * D1, k * D1:(k + 1) * D1] = B.T
        for k in range(K):
            for d in range(self.D):
                H[k * D1 + d, k * D1 + d] += self.lam
        return H[np.ix_(self.free, self.free)]


def newton(problem):
    """Damped Newton from zero in float64; returns the iterate and the Hessian there."""
    v = np.zeros(len(problem.free))
    f, g, P = problem.value_grad(v)
    for _ in range(500):
        H = problem.hessian(P)
        factor = cho_factor(H)
        step = cho_solve(factor, -g)
        decrement = -float(g @ step)
        scale = max(1.0, abs(f))
        if decrement <= 1e-24 * scale:
            return v, H
        t = 1.0
        while True:
            fn, gn, Pn = problem.value_grad(v + t * step)
            if fn <= f - 1e-4 * t * decrement or (t == 1.0 and decrement < 1e-12 * scale):
                break
            t /= 2
            check(t > 1e-12, "Newton line search failed")
        v = v + t * step
        f, g, P = fn, gn, Pn
    raise ReferenceError_("Newton did not converge")


# ---------------------------------------------------------------------------
# The objective evaluated exactly (high-precision phase)
# ---------------------------------------------------------------------------

def to_fixed(value, bits):
    """round(value * 2^bits) as an int, exactly (value a double or mpf)."""
    if isinstance(value, float):
        return round(Fraction(value) * (1 << bits))
    return int(mpmath.nint(mpmath.ldexp(value, bits)))


def from_fixed(integer, bits):
    return mpmath.ldexp(mpf(integer), -bits)


class Exact:
    """f and its gradient with an exact linear part and 256-bit softmax."""

    def __init__(self, problem):
        self.p = problem
        ratios = [v.as_integer_ratio() for v in problem.X.ravel().tolist()]
        denominator = max(d for _, d in ratios)
        check(denominator & (denominator - 1) == 0, "feature denominators are powers of two")
        self.shift = denominator.bit_length() - 1          # X = Xint * 2^-shift
        self.Xint = np.array([num * (denominator // den) for num, den in ratios],
                             dtype=object).reshape(problem.n, problem.D)
        self.w = [mpf(v) for v in problem.w.tolist()]
        self.lam = mpf(0) if problem.sigma is None else 1 / mpf(problem.sigma) ** 2

    def evaluate(self, Tint):
        """Tint: K x (D + 1) object array of ints (value * 2^PARAM_BITS).

        Returns f, the gradient (K x (D + 1) nested list of mpf) and the probabilities."""
        p = self.p
        D, K = p.D, p.K
        Wint = Tint[:, :D]
        bshift = np.array([int(b) << self.shift for b in Tint[:, D]], dtype=object)
        Zint = self.Xint.dot(Wint.T) + bshift             # (W x + b) * 2^(PARAM_BITS + shift)
        zbits = PARAM_BITS + self.shift
        terms = []
        probabilities = []
        Rint = np.empty((p.n, K), dtype=object)
        for i in range(p.n):
            z = [from_fixed(int(v), zbits) for v in Zint[i]]
            m = max(z)
            e = [mpmath.exp(v - m) for v in z]
            s = mpmath.fsum(e)
            terms.append(self.w[i] * (z[p.y[i]] - m - mpmath.log(s)))
            probs = [v / s for v in e]
            probabilities.append(probs)
            for k in range(K):
                r = self.w[i] * (probs[k] - (1 if k == p.y[i] else 0))
                Rint[i, k] = to_fixed(r, RESIDUAL_BITS)
        squares = sum(int(v) * int(v) for v in Wint.ravel().tolist())
        f = -mpmath.fsum(terms) + self.lam / 2 * mpmath.ldexp(mpf(squares), -2 * PARAM_BITS)
        Gint = Rint.T.dot(self.Xint)                       # gradient * 2^(RESIDUAL_BITS + shift)
        gradient = []
        for k in range(K):
            row = [from_fixed(int(Gint[k, d]), RESIDUAL_BITS + self.shift)
                   + self.lam * from_fixed(int(Wint[k, d]), PARAM_BITS) for d in range(D)]
            row.append(from_fixed(sum(int(v) for v in Rint[:, k]), RESIDUAL_BITS))
            gradient.append(row)
        return f, gradient, probabilities


def fixed_matrix(K, D, values):
    """values: dict (k, j) -> double or mpf."""
    Tint = np.zeros((K, D + 1), dtype=object)
    for k in range(K):
        for j in range(D + 1):
            Tint[k, j] = 0
    for (k, j), value in values.items():
        Tint[k, j] = to_fixed(value, PARAM_BITS)
        if isinstance(value, float):
            check(Fraction(value) * (1 << PARAM_BITS) == Tint[k, j], "double parameter exact in fixed point")
    return Tint


def norm(values):
    return mpmath.sqrt(mpmath.fsum(v * v for v in values))


def polish(problem, v, H):
    """Newton steps with the float64 Hessian H and the exact gradient."""
    exact = Exact(problem)
    K, D1 = problem.K, problem.D + 1
    positions = [divmod(int(i), D1) for i in problem.free]
    Tint = fixed_matrix(K, problem.D, {pos: float(x) for pos, x in zip(positions, v)})
    factor = cho_factor(H)
    history = []
    for _ in range(12):
        f, G, P = exact.evaluate(Tint)
        g = [G[k][j] for k, j in positions]
        gnorm = norm(g)
        history.append(gnorm)
        scale = max(mpf(1), abs(f))
        if gnorm <= POLISH_TARGET * scale:
            break
        step = cho_solve(factor, -np.array([float(x) for x in g]))
        for (k, j), dv in zip(positions, step.tolist()):
            Tint[k, j] += to_fixed(float(dv), PARAM_BITS)
    check(gnorm <= GRADIENT_BOUND * scale, f"polish did not converge: {[mpmath.nstr(h, 3) for h in history]}")
    return exact, Tint, f, gnorm, P, history


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def probability_rows(n):
    return sorted(set(round(i * (n - 1) / 7) for i in range(8)))


def num(value):
    return fmt(to_double(value))


def encode_rows(rows):
    return [[fmt(float(v)) for v in row] for row in rows]


def stored_layout(spec, K, D, W, b):
    """Coefficient rows / intercepts (any numbers) in the case's layout."""
    if spec["binary"]:
        return [list(W[1])], [b[1]]
    return [list(row) for row in W], list(b)


def sklearn_fit(spec, data, problem, exact):
    from sklearn.linear_model import LogisticRegression
    K, D = problem.K, problem.D
    sigma = spec["sigma"]
    symmetric_two = K == 2 and not spec["binary"]
    if sigma is None:
        C = np.inf
    else:
        C = (2 if symmetric_two else 1) * sigma * sigma
    model = LogisticRegression(C=C, solver="lbfgs", tol=1e-6, max_iter=10000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(problem.X, problem.y, sample_weight=None if spec["weights"] is None else problem.w)
    coef = model.coef_.astype(float)
    intercept = model.intercept_.astype(float)
    if K == 2:
        w, c = coef[0], float(intercept[0])
        if symmetric_two:
            W = np.vstack([-w / 2, w / 2])
            b = np.array([-c / 2, c / 2])
        else:
            W = np.vstack([np.zeros(D), w])
            b = np.array([0.0, c])
    else:
        W, b = coef, intercept
    values = {}
    for k in range(K):
        for d in range(D):
            values[(k, d)] = float(W[k, d])
        values[(k, D)] = float(b[k])
    f_sklearn, _, _ = exact.evaluate(fixed_matrix(K, D, values))
    if spec["estimator"] == "mle" and not spec["binary"]:
        W_out, b_out = W - W[0], b - b[0]
    elif spec["estimator"] == "map" and not spec["binary"]:
        W_out, b_out = W, b - b.mean()
    else:
        W_out, b_out = W, b
    rows, intercepts = stored_layout(spec, K, D, W_out.tolist(), b_out.tolist())
    return f_sklearn, int(model.n_iter_[0]), rows, intercepts


def statsmodels_fit(problem, spec):
    import statsmodels.api as sm
    exog = sm.add_constant(problem.X, prepend=True, has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if spec["binary"]:
            result = sm.Logit(problem.y, exog).fit(method="newton", maxiter=200, disp=False)
            params = np.asarray(result.params).reshape(-1, 1)
        else:
            result = sm.MNLogit(problem.y, exog).fit(method="newton", maxiter=200, disp=False)
            params = np.asarray(result.params)
    # params: (D + 1) x (K - 1), first row the constant
    return float(result.llf), params[1:].T, params[0]


def separation_case(spec, data, exact_problem):
    """MLE on (quasi-)separated data: no optimum; the infimum of f and a check of it."""
    K, D = 2, 2
    problem = exact_problem
    exact = Exact(problem)
    if spec["expectSeparation"] == "complete":
        infimum = mpf(0)
        for row, label in zip(data["features"], data["labels"]):
            s = Fraction(row[0]) + Fraction(row[1])
            check(abs(s) >= Fraction(1, 2) and (s > 0) == (label == 1), "complete separation")
    else:
        on_line = {}
        for row, label in zip(data["features"], data["labels"]):
            s = Fraction(row[0]) + Fraction(row[1])
            if s == 0:
                on_line.setdefault(tuple(row), []).append(label)
            else:
                check(abs(s) >= Fraction(1, 2) and (s > 0) == (label == 1), "quasi separation off the line")
        check(len(on_line) == 4 and all(sorted(v) == [0, 1] for v in on_line.values()),
              "quasi separation on the line")
        infimum = 8 * mpmath.log(2)
    previous = None
    for t in (1.0, 10.0, 100.0, 1000.0):
        f, _, _ = exact.evaluate(fixed_matrix(K, D, {(1, 0): t, (1, 1): t, (1, 2): 0.0}))
        check(f >= infimum and (previous is None or f < previous or t == 1000.0),
              "objective decreases along t (1, 1) towards its infimum")
        previous = f
    check(previous - infimum < mpf(10) ** -60, "objective approaches its infimum")
    return infimum


def run_case(job):
    spec, data = job
    mp.prec = PREC
    started = time.monotonic()
    K = data["classCount"]
    layout = "symmetric" if spec["estimator"] == "map" and not spec["binary"] else "reference"
    problem = Problem(data["features"], data["labels"], K, spec["weights"], spec["sigma"], layout)
    D = problem.D
    case = {
        "dataset": spec["dataset"], "classCount": fmt(K), "estimator": spec["estimator"],
        "sigma": None if spec["sigma"] is None else fmt(float(spec["sigma"])), "binary": spec["binary"],
        "weights": None if spec["weights"] is None else [fmt(float(v)) for v in spec["weights"]],
        "objective": None, "coefficients": None, "intercepts": None, "weightNorm": None,
        "rows": None, "probabilities": None, "gradientNorm": None, "roundedGradientNorm": None,
        "expectSeparation": spec.get("expectSeparation"), "objectiveInfimum": None,
        "sklearn": None, "statsmodels": None,
    }
    summary = {"case": describe(spec)}
    if spec.get("expectSeparation"):
        case["objectiveInfimum"] = num(separation_case(spec, data, problem))
        summary["seconds"] = time.monotonic() - started
        return case, summary

    v, H = newton(problem)
    exact, Tint, f, gnorm, P, history = polish(problem, v, H)
    W = [[from_fixed(int(Tint[k, d]), PARAM_BITS) for d in range(D)] for k in range(K)]
    b = [from_fixed(int(Tint[k, D]), PARAM_BITS) for k in range(K)]
    if layout == "symmetric":
        mean = mpmath.fsum(b) / K
        b = [v - mean for v in b]
    rows, intercepts = stored_layout(spec, K, D, W, b)
    stored_rows = [[to_double(v) for v in row] for row in rows]
    stored_intercepts = [to_double(v) for v in intercepts]
    weight_norm = norm([v for row in rows for v in row])

    # exact gradient at the stored doubles, over every stored parameter
    values = {}
    for k in range(K):
        for d in range(D):
            values[(k, d)] = 0.0
        values[(k, D)] = 0.0
    first = 1 if spec["binary"] else 0
    for r, row in enumerate(stored_rows):
        for d, value in enumerate(row):
            values[(first + r, d)] = value
        values[(first + r, D)] = stored_intercepts[r]
    if layout == "reference" and not spec["binary"]:
        check(all(x == 0.0 for x in stored_rows[0]) and stored_intercepts[0] == 0.0, "reference row is zero")
    f_rounded, G_rounded, _ = exact.evaluate(fixed_matrix(K, D, values))
    if spec["binary"]:
        rounded_gradient = G_rounded[1]
    elif layout == "reference":
        rounded_gradient = [x for row in G_rounded[1:] for x in row]
    else:
        rounded_gradient = [x for row in G_rounded for x in row]
    rounded_norm = norm(rounded_gradient)
    check(abs(f_rounded - f) <= mpf(10) ** -12 * max(1, abs(f)), "objective at the stored values")

    row_indices = probability_rows(problem.n)
    case.update({
        "objective": num(f),
        "coefficients": [[fmt(x) for x in row] for row in stored_rows],
        "intercepts": [fmt(x) for x in stored_intercepts],
        "weightNorm": num(weight_norm),
        "rows": [fmt(i) for i in row_indices],
        "probabilities": [[num(x) for x in P[i]] for i in row_indices],
        "gradientNorm": num(gnorm),
        "roundedGradientNorm": num(rounded_norm),
    })

    f_sklearn, iterations, sk_rows, sk_intercepts = sklearn_fit(spec, data, problem, exact)
    gap = (f_sklearn - f) / abs(f)
    check(-1e-13 <= gap <= SKLEARN_GAP, f"{describe(spec)}: sklearn objective gap {mpmath.nstr(gap, 5)}")
    case["sklearn"] = {"objective": num(f_sklearn), "relativeObjectiveGap": num(gap),
                       "iterations": fmt(iterations),
                       "coefficients": encode_rows(sk_rows), "intercepts": [fmt(float(x)) for x in sk_intercepts]}

    if spec["estimator"] == "mle":
        llf, sm_W, sm_b = statsmodels_fit(problem, spec)
        check(abs(llf + float(f)) <= STATSMODELS_TOL * abs(float(f)),
              f"statsmodels log-likelihood {llf!r} vs {-float(f)!r}")
        ours_W = np.array([[float(x) for x in row] for row in (stored_rows if spec["binary"] else stored_rows[1:])])
        ours_b = np.array(stored_intercepts if spec["binary"] else stored_intercepts[1:])
        scale = 1 + max(np.abs(ours_W).max(), np.abs(ours_b).max())
        difference = max(np.abs(sm_W - ours_W).max(), np.abs(sm_b - ours_b).max())
        check(difference <= STATSMODELS_TOL * scale, f"statsmodels parameters differ by {difference}")
        case["statsmodels"] = {"logLikelihood": fmt(llf)}
        summary["statsmodels"] = abs(llf + float(f)) / abs(float(f))

    summary.update({"seconds": time.monotonic() - started, "gradientNorm": float(gnorm),
                    "roundedGradientNorm": float(rounded_norm), "objective": float(f),
                    "sklearnGap": float(gap), "sklearnIterations": iterations,
                    "polishSteps": len(history) - 1, "weightNorm": float(weight_norm)})
    return case, summary


def describe(spec):
    parts = [spec["dataset"], spec["estimator"]]
    if spec["sigma"] is not None:
        parts.append(f"sigma={spec['sigma']}")
    if spec["binary"]:
        parts.append("binary")
    if spec.get("expectSeparation"):
        parts.append(spec["expectSeparation"])
    return " ".join(parts)


def case_specs(datasets):
    def spec(dataset, estimator, sigma=None, binary=False, weights=None, separation=None):
        result = {"dataset": dataset, "estimator": estimator, "sigma": sigma, "binary": binary,
                  "weights": weights}
        if separation:
            result["expectSeparation"] = separation
        return result
    specs = [spec("iris", "map", s) for s in IRIS_SIGMAS]
    specs += [
        spec("digits", "map", 1.0),
        spec("synthetic", "map", 1.0),
        spec("synthetic", "mle"),
        spec("binary", "map", 1.0, binary=True),
        spec("binary", "mle", binary=True),
        spec("binary", "map", 1.0),
        spec("weighted", "map", 1.0, weights=palette_weights(len(datasets["weighted"]["labels"]))),
        spec("separable", "mle", binary=True, separation="complete"),
        spec("separable", "map", 1.0, binary=True),
        spec("quasiSeparable", "mle", binary=True, separation="quasi"),
        spec("quasiSeparable", "map", 1.0, binary=True),
    ]
    return specs


def check_integer_weights(synthetic):
    """Integer weights act like repeated rows (float64 Newton fits, 60 rows)."""
    X, y = synthetic["features"][:60], synthetic["labels"][:60]
    weights = [float(1 + i % 3) for i in range(60)]
    repeated_X = [row for row, w in zip(X, weights) for _ in range(int(w))]
    repeated_y = [label for label, w in zip(y, weights) for _ in range(int(w))]
    a = newton(Problem(X, y, 4, weights, 1.0, "symmetric"))[0]
    b = newton(Problem(repeated_X, repeated_y, 4, None, 1.0, "symmetric"))[0]
    difference = float(np.abs(a - b).max())
    check(difference <= 1e-9, f"integer weights vs repeated rows: {difference}")
    return difference


def encode_dataset(data):
    if data["integer"]:
        features = [[str(int(v)) for v in row] for row in data["features"]]
    else:
        features = encode_rows(data["features"])
    return {"name": data["name"], "description": data["description"], "classCount": fmt(data["classCount"]),
            "featureCount": fmt(len(data["features"][0])), "rowCount": fmt(len(data["labels"])),
            "features": features, "labels": [fmt(v) for v in data["labels"]]}


def render(document):
    """JSON text with one data set / case per line (stable, diff-friendly); keys sorted."""
    lines = ["{",
             f'  "generator": {json.dumps(document["generator"])},',
             f'  "reference": {json.dumps(document["reference"])},']
    keys = ["datasets", "cases"]
    for i, key in enumerate(keys):
        entries = document[key]
        lines.append(f"  {json.dumps(key)}: [")
        for j, entry in enumerate(entries):
            comma = "," if j < len(entries) - 1 else ""
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
    parser.add_argument("--verbose", action="store_true", help="print a line per case")
    options = parser.parse_args()

    import sklearn
    import statsmodels
    started = time.monotonic()
    mp.prec = PREC
    datasets = make_datasets()
    duplicate_difference = check_integer_weights(datasets["synthetic"])
    specs = case_specs(datasets)
    # The slowest case (digits) is started first; results are put back in spec order.
    schedule = sorted(range(len(specs)), key=lambda i: specs[i]["dataset"] != "digits")
    work = [(specs[i], datasets[specs[i]["dataset"]]) for i in schedule]
    if options.jobs > 1:
        with multiprocessing.Pool(options.jobs) as pool:
            finished = list(pool.imap(run_job_safe, work, chunksize=1))
    else:
        finished = [run_job_safe(job) for job in work]
    for result in finished:
        if isinstance(result, str):
            print(f"error: {result}", file=sys.stderr)
            return 2
    results = [None] * len(specs)
    for i, result in zip(schedule, finished):
        results[i] = result
    cases = [case for case, _ in results]
    document = {
        "generator": GENERATOR,
        "reference": f"own damped Newton (float64) polished with exact-gradient Newton steps "
                     f"(mpmath {mpmath.__version__}, {PREC}-bit softmax); data: scikit-learn "
                     f"{sklearn.__version__} (iris, digits) and SplitMix64 through "
                     f"statistics.NormalDist; cross-checks: scikit-learn {sklearn.__version__} "
                     f"LogisticRegression (lbfgs), statsmodels {statsmodels.__version__}, "
                     f"numpy {np.__version__}, scipy {scipy.__version__}",
        "datasets": [encode_dataset(datasets[name]) for name in
                     ["iris", "digits", "synthetic", "binary", "separable", "quasiSeparable", "weighted"]],
        "cases": cases,
    }
    text = render(document)
    json.loads(text)

    if options.verbose:
        for _, summary in results:
            print(json.dumps(summary))
        print(f"integer weights vs repeated rows: max difference {duplicate_difference:.1e}")

    if options.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else None
        if current != text:
            print(f"{OUTPUT} is out of date; rerun {GENERATOR}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    summaries = [s for _, s in results]
    slowest = max(summaries, key=lambda s: s["seconds"])
    worst_gradient = max(s.get("gradientNorm", 0.0) for s in summaries)
    worst_gap = max(s.get("sklearnGap", 0.0) for s in summaries)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(cases)} cases, {len(text.encode()):,} bytes in "
          f"{time.monotonic() - started:.1f} s (slowest: {slowest['case']} {slowest['seconds']:.1f} s; "
          f"worst gradient norm {worst_gradient:.1e}; worst sklearn relative objective gap {worst_gap:.1e})")
    return 0


def run_job_safe(job):
    try:
        return run_case(job)
    except ReferenceError_ as error:
        return f"{describe(job[0])}: {error}"


if __name__ == "__main__":
    sys.exit(main())
