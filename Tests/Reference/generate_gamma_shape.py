#!/usr/bin/env python3
"""Generate the reference fixture for the Gamma GLM's maximum-likelihood shape (issue 13).

Writes ``Tests/ProbKitRegressionTests/Fixtures/gamma_shape.json``, read by
``GammaShapeReferenceTests.swift``.

What is computed
================
For a Gamma GLM with shape nu (dispersion phi = 1/nu) the log-likelihood of row i is

    l_i = nu log(nu y_i / mu_i) - nu y_i / mu_i - log y_i - log Gamma(nu),

so d l / d beta is nu times the phi = 1 score: beta-hat does not depend on nu, and with
frequency weights w_i (W = sum w_i) the shape's score equation at beta-hat is

    sum_i w_i (log nu - digamma(nu)) = D / 2,   D = sum_i w_i d(y_i, mu_i),
    d(y, mu) = 2 [(y - mu)/mu - log(y/mu)]      (McCullagh & Nelder, 2nd ed., section 8.3)

(dl_i/dnu = log nu + 1 + log(y_i/mu_i) - y_i/mu_i - digamma(nu) = log nu - digamma(nu) - d_i/2).
log nu - digamma(nu) falls from +inf to 0, so the root is unique for D > 0; this script
finds it with mpmath at 50 digits (findroot on log nu, started inside the bracket
1/(2c) < nu < 1/c, c = D/(2W), which holds because 1/(2x) < log x - digamma(x) < 1/x).

Every case's beta-hat is this script's own: Newton's method in mpmath (50 digits) on
the full log-likelihood with its exact Hessian, started from statsmodels' GLM estimate
(real data) or from a float64 Newton solution (synthetic data), until the score is below
1e-35 relative.  Independent cross-checks, asserted before anything is written:

* statsmodels 0.15 GLM(family=Gamma) with the same link agrees with the exact beta to
  1e-9 standard errors, its deviance to 1e-10, and GLM.fit(scale=1/nu) reproduces the
  standard errors and log-likelihood stored here to 1e-9 (statsmodels has no ML scale
  for the Gamma family: its default is Pearson's chi^2/(n - p), recorded as
  "pearsonShape" = (n - p)/chi^2 for comparison; scale="dev" is D/(n - p)).
* scipy.optimize.minimize (trust-exact, analytic gradient and Hessian, then polished
  by scipy.optimize.root on the gradient) on the FULL
  negative log-likelihood in (beta, log nu) jointly, from statsmodels' estimate and the
  Pearson shape, reaches the same nu to 1e-7 relative ("scipyShape") - the joint MLE
  equals the profile root, as the algebra above says.

Links: "canonical" is ProbKit's canonical link eta = theta = -1/mu (statsmodels'
InversePower is eta = 1/mu, so its coefficients are the negatives of the ones stored
here); "log" is eta = log mu.

JSON schema (numbers are strings: Python repr of the double, the one rounding of the
mpmath value; keys sorted; one entry per line)
===========

    {
      "generator": {"script", "date", "python", "numpy", "scipy", "mpmath", "statsmodels"},
      "datasets": [{"name", "source", "description", "features": [[Double]],
                    "response": [Double]}],
      "fits": [{
          "name": String, "dataset": String, "link": "canonical" | "log",
          "hasIntercept": Bool, "weights": [Double] | null,   // frequency weights
          "coefficients": [Double], "intercept": Double | null,   // exact beta-hat
          "standardErrors": [Double],     // sqrt(diag(phi I^-1)) at phi = 1/nu; the
                                          // intercept's last (ProbKit's order)
          "deviance": Double,             // D
          "weightedObservations": Double, // W
          "shape": Double,                // nu-hat, the root
          "dispersion": Double,           // 1/nu-hat
          "logLikelihood": Double,        // sum_i w_i l_i at beta-hat and nu-hat
          "pearsonShape": Double | null,  // statsmodels' default 1/scale (real data)
          "scipyShape": Double | null,    // the joint scipy optimum's nu (real data)
          "statsmodelsInSE": Double | null}],  // max |sm - exact| / SE over beta
      "equation": [{"c": Double, "shape": Double}]   // root of log nu - psi(nu) = c
    }

Data sets: scotland (32 x 7, statsmodels.datasets.scotland: YES ~ the 7 exog columns),
engel (235 x 1: foodexp ~ log(income)), stackloss (21 x 3: STACKLOSS ~ AIRFLOW,
WATERTEMP, ACIDCONC), and synthetic ones from a fixed SplitMix64 stream (see
``synthetic``): a near-perfect fit (tiny D, nu ~ 1e11), responses spread over 1e-150 ..
1e150 (huge D, nu < 0.01), and one small set scaled by 1e-300 and by 1e300 (the shape
is scale-free: all three give the same nu up to the responses' rounding).

Usage:  python3 Tests/Reference/generate_gamma_shape.py [--check]
(Python >= 3.9, numpy, scipy, mpmath, statsmodels; a few seconds.)
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import mpmath  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
from mpmath import mp, mpf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_support import SplitMix64, fmt, to_double  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "ProbKitRegressionTests" / "Fixtures" / "gamma_shape.json"
GENERATOR = "Tests/Reference/generate_gamma_shape.py"
DPS = 50


class ReferenceError_(Exception):
    pass


def check(condition, message):
    if not condition:
        raise ReferenceError_(message)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def real_datasets():
    import statsmodels.api as sm
    sc = sm.datasets.scotland.load_pandas()
    en = sm.datasets.engel.load_pandas().data
    sl = sm.datasets.stackloss.load_pandas().data
    cols = ["AIRFLOW", "WATERTEMP", "ACIDCONC"]
    return [
        {"name": "scotland", "source": "statsmodels.datasets.scotland",
         "description": "Scottish parliament referendum 1997: YES (percent) ~ the 7 exog columns",
         "X": np.asarray(sc.exog.values, float), "y": np.asarray(sc.endog.values, float)},
        {"name": "engel", "source": "statsmodels.datasets.engel",
         "description": "Engel food expenditure: foodexp ~ log(income) (numpy float64)",
         "X": np.log(en["income"].values)[:, None], "y": np.asarray(en["foodexp"].values, float)},
        {"name": "stackloss", "source": "statsmodels.datasets.stackloss",
         "description": "Brownlee's stack loss: STACKLOSS ~ AIRFLOW, WATERTEMP, ACIDCONC",
         "X": np.asarray(sl[cols].values, float), "y": np.asarray(sl["STACKLOSS"].values, float)},
    ]


def synthetic():
    """Deterministic synthetic sets (SplitMix64 seeds 13, 14, 15)."""
    sets = []
    g = SplitMix64(13)
    x = [round(g.uniform(-2, 2), 6) for _ in range(40)]
    # y = exp(1 + 0.5 x) (1 + 1e-5 u), u uniform in (-1, 1): D ~ 1e-10.
    y = [math.exp(1 + 0.5 * v) * (1 + 1e-5 * g.uniform(-1, 1)) for v in x]
    sets.append({"name": "nearPerfect", "source": "synthetic (SplitMix64 seed 13)",
                 "description": "y = exp(1 + x/2)(1 + 1e-5 u), u ~ U(-1, 1): a near-perfect fit",
                 "X": np.array(x)[:, None], "y": np.array(y)})
    g = SplitMix64(14)
    x = [round(g.uniform(-1, 1), 6) for _ in range(30)]
    y = [10.0 ** g.integer(-150, 150) * g.uniform(0.5, 2) for _ in x]
    sets.append({"name": "wide", "source": "synthetic (SplitMix64 seed 14)",
                 "description": "x ~ U(-1, 1), y = 10^k v, k uniform in -150...150, v ~ U(0.5, 2)",
                 "X": np.array(x)[:, None], "y": np.array(y)})
    g = SplitMix64(15)
    x = [[round(g.uniform(0, 3), 6), round(g.uniform(-1, 1), 6)] for _ in range(25)]
    base = [math.exp(0.3 + 0.4 * a - 0.7 * b) * -math.log(g.uniform(1e-9, 1)) for a, b in x]
    for scale, label in ((1.0, "small"), (1e-300, "tiny"), (1e300, "huge")):
        sets.append({"name": label, "source": "synthetic (SplitMix64 seed 15)",
                     "description": f"y = exp(0.3 + 0.4 x1 - 0.7 x2) E, E ~ Exp(1), times {scale!r} "
                                    "(float64 product)",
                     "X": np.array(x), "y": np.array([scale * v for v in base])})
    return sets


# ---------------------------------------------------------------------------
# The exact fit (mpmath)
# ---------------------------------------------------------------------------

def design(X, intercept):
    return np.column_stack([X, np.ones(X.shape[0])]) if intercept else X.copy()


def mean(link, eta):
    return mpmath.exp(eta) if link == "log" else -1 / eta


def loglik_terms(link, y, eta):
    """Per-row l at phi = 1 up to terms free of beta: -y/mu - log mu."""
    mu = mean(link, eta)
    return -y / mu - mpmath.log(mu)


def exact_beta(X, y, w, link, start):
    """Newton on sum w (-y/mu - log mu) with the exact Hessian, in mpmath."""
    rows = [[mpf(float(v)) for v in row] for row in X]
    ys = [mpf(float(v)) for v in y]
    ws = [mpf(float(v)) for v in w]
    p = X.shape[1]
    beta = [mpf(float(v)) for v in start]
    scale = None
    for _ in range(100):
        grad = [mpf(0)] * p
        hess = mpmath.zeros(p, p)
        total = mpf(0)
        for row, yi, wi in zip(rows, ys, ws):
            eta = mpmath.fsum(a * b for a, b in zip(row, beta))
            if link == "log":
                # l = -y e^-eta - eta: l' = y e^-eta - 1, l'' = -y e^-eta
                r = yi * mpmath.exp(-eta)
                d1, d2 = r - 1, -r
            else:
                # mu = -1/eta (eta < 0): l = y eta + log(-eta): l' = y + 1/eta, l'' = -1/eta^2
                check(eta < 0, "canonical link left eta < 0")
                d1, d2 = yi + 1 / eta, -1 / eta ** 2
            total += wi * loglik_terms(link, yi, eta)
            for j in range(p):
                grad[j] += wi * d1 * row[j]
                for k in range(p):
                    hess[j, k] += wi * d2 * row[j] * row[k]
        if scale is None:
            scale = max(mpf(1), mpmath.fsum(abs(wi) for wi in ws))
        norm = mpmath.sqrt(mpmath.fsum(v * v for v in grad))
        if norm < mpf(10) ** -35 * scale:
            return beta
        step = mpmath.lu_solve(hess, mpmath.matrix(grad))
        beta = [b - s for b, s in zip(beta, step)]
    raise ReferenceError_(f"exact Newton did not converge: score norm {mpmath.nstr(norm, 3)}")


def float_newton(X, y, w, link, beta):
    """float64 Newton with step halving from `beta` (a start for the synthetic sets)."""
    beta = np.array(beta, float)

    def objective(b):
        eta = X @ b
        with np.errstate(all="ignore"):
            if link == "log":
                value = np.sum(w * (y * np.exp(-eta) + eta))
            else:
                value = np.sum(w * (-y * eta - np.log(-eta))) if np.all(eta < 0) else np.inf
        return value if np.isfinite(value) else np.inf
    for _ in range(500):
        eta = X @ beta
        if link == "log":
            r = y * np.exp(-eta)
            d1, d2 = r - 1, -r
        else:
            d1, d2 = y + 1 / eta, -1 / eta ** 2
        g = X.T @ (w * d1)
        H = X.T @ (X * (w * d2)[:, None])
        step = np.linalg.solve(H, g)
        t, current = 1.0, objective(beta)
        while objective(beta - t * step) > current and t > 1e-12:
            t /= 2
        beta = beta - t * step
        if np.max(np.abs(t * step)) < 1e-14 * max(1, np.max(np.abs(beta))):
            break
    return beta


def unit_deviance(y, mu):
    return 2 * ((y - mu) / mu - mpmath.log(y / mu))


def shape_root(c):
    """nu with log nu - digamma(nu) = c, by findroot on t = log nu inside the bracket.

    For tiny c, nu ~ 1/(2c) and log nu - digamma(nu) ~ c cancels |log10 c| digits:
    the working precision grows by that much.
    """
    c = mpf(c)
    with mpmath.workdps(DPS + max(0, int(-mpmath.log10(c))) + 10):
        lo, hi = -mpmath.log(2 * c) - mpf(1) / 8, -mpmath.log(c) + mpf(1) / 8  # widened

        def f(t):
            nu = mpmath.exp(t)
            return (mpmath.log(nu) - mpmath.digamma(nu)) / c - 1  # relative: c spans 1e-324 .. 1e308
        check(f(lo) > 0 > f(hi), f"bracket at c = {c}")
        t = mpmath.findroot(f, (lo, hi), solver="anderson")
        t = mpmath.findroot(f, t)  # polish (secant) to full precision
        nu = mpmath.exp(t)
        check(abs(f(t)) <= mpf(10) ** (-DPS + 8), f"root residual at c = {c}")
        return +nu


def log_likelihood(y, mus, w, nu):
    return mpmath.fsum(wi * (nu * mpmath.log(nu * yi / m) - nu * yi / m - mpmath.log(yi) - mpmath.loggamma(nu))
                       for yi, m, wi in zip(y, mus, w))


def standard_errors(X, mus, w, link, phi):
    """sqrt(diag(phi I^-1)), I = X' diag(w (dmu/deta)^2 / V) X: w for the log link,
    w mu^2 for the canonical one (dmu/deta = mu^2, V = mu^2)."""
    p = X.shape[1]
    info = mpmath.zeros(p, p)
    for row, m, wi in zip(X, mus, w):
        f = wi if link == "log" else wi * m * m
        for j in range(p):
            for k in range(p):
                info[j, k] += f * mpf(float(row[j])) * mpf(float(row[k]))
    inv = info ** -1
    return [mpmath.sqrt(phi * inv[j, j]) for j in range(p)]


# ---------------------------------------------------------------------------
# Independent checks (statsmodels, scipy)
# ---------------------------------------------------------------------------

def statsmodels_fit(d, link, intercept, weights, scale=None):
    import statsmodels.api as sm
    L = sm.families.links
    X = d["X"]
    exog = np.column_stack([np.ones(X.shape[0]), X]) if intercept else X
    family = sm.families.Gamma(link=L.Log() if link == "log" else L.InversePower())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DomainWarning: InversePower is not the Gamma's "domain"
        model = sm.GLM(d["y"], exog, family=family,
                       freq_weights=None if weights is None else np.asarray(weights, float))
        return model.fit(tol=1e-13, tol_criterion="params", maxiter=1000, scale=scale)


def to_probkit_order(values, intercept, link):
    """statsmodels' [const, x...] (eta = 1/mu for the inverse link) to ProbKit's
    [x..., const] (eta = -1/mu)."""
    values = list(values)
    if intercept:
        values = values[1:] + values[:1]
    sign = -1 if link == "canonical" else 1
    return [sign * v for v in values]


def scipy_joint(X, y, w, link, beta0, nu0):
    """The joint MLE of (beta, log nu) of the full Gamma log-likelihood, by scipy."""
    from scipy.optimize import minimize, root
    from scipy.special import gammaln, digamma, polygamma

    W = np.sum(w)

    def unpack(z):
        beta, nu = z[:-1], math.exp(z[-1])
        eta = X @ beta
        mu = np.exp(eta) if link == "log" else -1 / eta
        return beta, nu, eta, mu

    def nll(z):
        beta, nu, eta, mu = unpack(z)
        if link != "log" and np.any(eta >= 0):
            return np.inf
        return -np.sum(w * (nu * np.log(nu * y / mu) - nu * y / mu - np.log(y) - gammaln(nu)))

    def grad(z):
        beta, nu, eta, mu = unpack(z)
        # dl/deta / nu: (y - mu)/mu for the log link, y + 1/eta = y - mu for the canonical one
        d1 = (y - mu) / mu if link == "log" else y - mu
        gb = -nu * (X.T @ (w * d1))
        gnu = -np.sum(w * (np.log(nu) + 1 + np.log(y / mu) - y / mu - digamma(nu))) * nu
        return np.append(gb, gnu)

    def hess(z):
        beta, nu, eta, mu = unpack(z)
        if link == "log":
            d2, d1 = -(y / mu), (y - mu) / mu
        else:
            d2, d1 = -(mu * mu), y - mu
        p = X.shape[1]
        H = np.zeros((p + 1, p + 1))
        H[:p, :p] = -nu * (X.T @ (X * (w * d2)[:, None]))
        H[:p, p] = H[p, :p] = -nu * (X.T @ (w * d1))
        s = np.sum(w * (np.log(nu) + 1 + np.log(y / mu) - y / mu - digamma(nu)))
        H[p, p] = -(nu * s + nu * nu * (W / nu - W * float(polygamma(1, nu))))
        return H

    # In coordinates gamma = s beta with unit-scale columns X/s (scotland's columns span
    # 1 to 1e4), so that the optimiser's stopping rule means the same in every direction.
    s = np.append(np.max(np.abs(X), axis=0), 1.0)
    z0 = np.append(beta0, math.log(nu0)) * s
    try:
        start = minimize(lambda u: nll(u / s), z0, jac=lambda u: grad(u / s) / s,
                         hess=lambda u: hess(u / s) / np.outer(s, s), method="trust-exact",
                         options={"gtol": 1e-9, "maxiter": 1000, "initial_trust_radius": 0.01}).x
    except ValueError:
        # A trust step left the canonical link's domain (eta < 0) and the Hessian
        # there is NaN: the root finder below starts from statsmodels' point instead.
        start = z0
    # trust-exact stops with "A bad approximation ..." once rounding blocks further
    # progress: polish the stationary point by scipy's root finder on the gradient.
    polished = root(lambda u: grad(u / s) / s, start, jac=lambda u: hess(u / s) / np.outer(s, s),
                    method="hybr", options={"xtol": 1e-15})
    value = nll(polished.x / s)
    g = np.max(np.abs(grad(polished.x / s) / s))
    curvature = np.linalg.eigvalsh(hess(polished.x / s) / np.outer(s, s))
    check(np.isfinite(value) and value <= nll(z0 / s) and g < 1e-7 * max(1.0, abs(value)) and curvature.min() > 0,
          f"scipy joint fit: {polished.message}, gradient {g}, value {value}")
    return math.exp(polished.x[-1]), polished


# ---------------------------------------------------------------------------

def fit_case(d, name, link, intercept=True, weights=None, real=True):
    X = design(d["X"], intercept)
    y = d["y"]
    w = np.ones(len(y)) if weights is None else np.asarray(weights, float)
    sm_res = None
    if real:
        sm_res = statsmodels_fit(d, link, intercept, weights)
        check(sm_res.converged, f"{name}: statsmodels did not converge")
        start = to_probkit_order(sm_res.params, intercept, link)
    else:
        start = float_newton(X, y, w, link, np.append(np.zeros(X.shape[1] - 1),
                             math.log(np.average(y, weights=w)) if link == "log" else -1 / np.mean(y)))
    beta = exact_beta(X, y, w, link, start)
    rows = [[mpf(float(v)) for v in row] for row in X]
    mus = [mean(link, mpmath.fsum(a * b for a, b in zip(row, beta))) for row in rows]
    ys = [mpf(float(v)) for v in y]
    ws = [mpf(float(v)) for v in w]
    W = mpmath.fsum(ws)
    D = mpmath.fsum(wi * unit_deviance(yi, m) for yi, m, wi in zip(ys, mus, ws))
    nu = shape_root(D / (2 * W))
    llf = log_likelihood(ys, mus, ws, nu)
    ses = standard_errors(X, mus, ws, link, 1 / nu)
    exact = [to_double(b) for b in beta]
    ses_d = [to_double(s) for s in ses]
    pearson_shape = scipy_shape = in_se = None
    if real:
        sm_beta = to_probkit_order(sm_res.params, intercept, link)
        in_se = max(abs(a - b) / s for a, b, s in zip(sm_beta, exact, ses_d))
        check(in_se < 1e-9, f"{name}: statsmodels vs exact beta {in_se} SE")
        check(abs(sm_res.deviance - float(D)) <= 1e-10 * float(D), f"{name}: deviance")
        pearson_shape = 1 / float(sm_res.scale)
        at_nu = statsmodels_fit(d, link, intercept, weights, scale=float(1 / nu))
        sm_se = to_probkit_order(at_nu.bse, intercept, "log")
        gap = max(abs(a - b) / b for a, b in zip(sm_se, ses_d))
        check(gap < 1e-9, f"{name}: statsmodels SE at scale 1/nu differ by {gap}")
        check(abs(at_nu.llf - float(llf)) <= 1e-9 * abs(float(llf)), f"{name}: statsmodels llf at 1/nu")
        check(float(llf) >= sm_res.llf, f"{name}: the shape MLE must beat the Pearson shape's llf")
        with np.errstate(all="ignore"):
            scipy_shape, opt = scipy_joint(X, y, w, link, np.array(sm_beta), pearson_shape)
        rel = abs(scipy_shape - float(nu)) / float(nu)
        check(rel < 1e-7, f"{name}: scipy joint MLE nu {scipy_shape} vs root {float(nu)} ({rel})")
        print(f"{name}: nu {mpmath.nstr(nu, 17)}, Pearson {pearson_shape:.6g}, scipy rel {rel:.1e}, "
              f"statsmodels {in_se:.1e} SE", file=sys.stderr)
    else:
        print(f"{name}: D {mpmath.nstr(D, 6)}, nu {mpmath.nstr(nu, 17)}", file=sys.stderr)
    k = X.shape[1] - (1 if intercept else 0)
    return {
        "name": name, "dataset": d["name"], "link": link, "hasIntercept": intercept,
        "weights": None if weights is None else [fmt(float(v)) for v in w],
        "coefficients": [fmt(v) for v in exact[:k]], "intercept": fmt(exact[k]) if intercept else None,
        "standardErrors": [fmt(v) for v in ses_d],
        "deviance": fmt(to_double(D)), "weightedObservations": fmt(to_double(W)),
        "shape": fmt(to_double(nu)), "dispersion": fmt(to_double(1 / nu)),
        "logLikelihood": fmt(to_double(llf)),
        "pearsonShape": None if pearson_shape is None else fmt(pearson_shape),
        "scipyShape": None if scipy_shape is None else fmt(scipy_shape),
        "statsmodelsInSE": None if in_se is None else fmt(in_se),
    }


def equation_cases():
    cs = [5e-324, 1e-310, 1e-300, 1e-100, 1e-20, 1e-12, 1e-6, 1e-3, 0.01, 0.05, 0.0808, 0.1, 0.25, 0.5,
          0.75, 1.0, 2.0, 3.5, 10.0, 100.0, 1e3, 1e8, 1e20, 1e100, 1e300, 1.7e308]
    out = []
    for c in cs:
        nu = shape_root(mpf(c))
        out.append({"c": fmt(c), "shape": fmt(to_double(nu))})
    return out


def encode_dataset(d):
    return {"name": d["name"], "source": d["source"], "description": d["description"],
            "features": [[fmt(float(v)) for v in row] for row in d["X"]],
            "response": [fmt(float(v)) for v in d["y"]]}


def render(document):
    lines = ["{", f'  "generator": {json.dumps(document["generator"], sort_keys=True)},']
    keys = ["datasets", "fits", "equation"]
    for i, key in enumerate(keys):
        entries = document[key]
        lines.append(f"  {json.dumps(key)}: [")
        for j, entry in enumerate(entries):
            comma = "," if j < len(entries) - 1 else ""
            lines.append("    " + json.dumps(entry, sort_keys=True, ensure_ascii=False) + comma)
        lines.append("  ]" + ("," if i < len(keys) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the committed fixture differs (ignoring the generator date)")
    options = parser.parse_args()
    import statsmodels
    mp.dps = DPS
    real = {d["name"]: d for d in real_datasets()}
    fake = {d["name"]: d for d in synthetic()}
    engel_weights = [float((i % 4)) for i in range(235)]  # 0, 1, 2, 3, 0, ...: zero weights too
    fits = [
        fit_case(real["scotland"], "scotland-canonical", "canonical"),
        fit_case(real["scotland"], "scotland-log", "log"),
        fit_case(real["scotland"], "scotland-log-nointercept", "log", intercept=False),
        fit_case(real["engel"], "engel-log", "log"),
        fit_case(real["engel"], "engel-log-weighted", "log", weights=engel_weights),
        fit_case(real["stackloss"], "stackloss-log", "log"),
        fit_case(real["stackloss"], "stackloss-canonical", "canonical"),
    ]
    for name in ("nearPerfect", "wide", "small", "tiny", "huge"):
        fits.append(fit_case(fake[name], f"{name}-log", "log", real=False))
    document = {
        "generator": {"script": GENERATOR, "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                      "python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                      "mpmath": mpmath.__version__, "statsmodels": statsmodels.__version__},
        "datasets": [encode_dataset(d) for d in list(real.values()) + list(fake.values())],
        "fits": fits,
        "equation": equation_cases(),
    }
    text = render(document)
    json.loads(text)
    if options.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else ""
        strip = lambda t: [ln for ln in t.splitlines() if not ln.startswith('  "generator"')]  # noqa: E731
        if strip(current) != strip(text):
            print(f"{OUTPUT} is out of date; rerun {GENERATOR}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(fits)} fits, {len(document['equation'])} equation cases, "
          f"{len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ReferenceError_ as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
