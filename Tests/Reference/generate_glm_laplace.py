#!/usr/bin/env python3
"""Exact posteriors of small GLMs, to score ProbKit's Laplace approximation (issue 13).

Writes ``Tests/ProbKitRegressionTests/Fixtures/glm_laplace.json``.

For Poisson (log link) and logistic regression with one feature x and an
intercept b, the prior N(0, sigma^2) on the coefficient beta and a flat prior
(density 1) on b -- ProbKit's GaussianPrior convention -- the evidence

    Z = integral integral L(beta, b) N(beta; 0, sigma^2) dbeta db

and the posterior means and standard deviations of (beta, b) are computed by
two-dimensional adaptive quadrature (scipy.integrate.dblquad, relative and
absolute tolerance 1e-12 on the likelihood scaled by its maximum) over the
box of +-14 posterior standard deviations (of a first Gaussian fit) around
the mode, which holds all but a negligible tail.  Each case is run at two
sample sizes from the same design, so that the test can check that the
Laplace gap shrinks as n grows.

JSON: {"generator": {...}, "cases": [{"name", "family", "sigma", "x": [..],
"y": [..], "logEvidence", "mean": [beta, b], "sd": [beta, b]}]} with numbers as
strings (repr of doubles).
"""

import argparse
import datetime
import json
import math
import pathlib
import platform

import numpy as np
import scipy
from scipy import integrate, optimize, special

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests/ProbKitRegressionTests/Fixtures/glm_laplace.json"


def fmt(value):
    return repr(float(value))


def log_likelihood(family, x, y, beta, b):
    eta = b + beta * x
    if family == "poisson":
        return float(np.sum(y * eta - np.exp(eta) - special.gammaln(y + 1)))
    return float(np.sum(y * eta - np.logaddexp(0, eta)))


def log_prior(beta, sigma):
    return -0.5 * math.log(2 * math.pi * sigma**2) - beta**2 / (2 * sigma**2)


def exact(family, x, y, sigma):
    def negative(theta):
        return -(log_likelihood(family, x, y, theta[0], theta[1]) + log_prior(theta[0], sigma))

    mode = optimize.minimize(negative, np.zeros(2), method="BFGS", options={"gtol": 1e-12}).x
    # A numerical Hessian at the mode sets the box only.
    h = 1e-4
    hessian = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            e_i, e_j = np.eye(2)[i] * h, np.eye(2)[j] * h
            hessian[i, j] = (negative(mode + e_i + e_j) - negative(mode + e_i - e_j)
                             - negative(mode - e_i + e_j) + negative(mode - e_i - e_j)) / (4 * h * h)
    spread = np.sqrt(np.diag(np.linalg.inv(hessian)))
    peak = -negative(mode)
    lo, hi = mode - 14 * spread, mode + 14 * spread

    def density(b, beta, power_beta=0, power_b=0):
        value = math.exp(log_likelihood(family, x, y, beta, b) + log_prior(beta, sigma) - peak)
        return value * beta**power_beta * b**power_b

    def integral(power_beta=0, power_b=0):
        result, _ = integrate.dblquad(
            lambda b, beta: density(b, beta, power_beta, power_b), lo[0], hi[0], lo[1], hi[1],
            epsabs=1e-13, epsrel=1e-12)
        return result

    z = integral()
    mean = [integral(1, 0) / z, integral(0, 1) / z]
    second = [integral(2, 0) / z, integral(0, 2) / z]
    sd = [math.sqrt(second[k] - mean[k] ** 2) for k in range(2)]
    return math.log(z) + peak, mean, sd


def cases():
    rng = np.random.default_rng(2026)
    out = []
    for family, sigma, n in [("poisson", 1.0, 10), ("poisson", 1.0, 40),
                             ("bernoulli", 2.0, 12), ("bernoulli", 2.0, 48)]:
        x = np.round(rng.normal(size=n), 3)
        if family == "poisson":
            y = rng.poisson(np.exp(0.4 + 0.5 * x)).astype(float)
        else:
            y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(0.3 + 1.2 * x)))).astype(float)
        log_z, mean, sd = exact(family, x, y, sigma)
        out.append({"name": f"{family} n={n}", "family": family, "sigma": fmt(sigma),
                    "x": [fmt(v) for v in x], "y": [fmt(v) for v in y],
                    "logEvidence": fmt(log_z), "mean": [fmt(v) for v in mean],
                    "sd": [fmt(v) for v in sd]})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    document = {
        "generator": {"script": "Tests/Reference/generate_glm_laplace.py",
                      "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                      "python": platform.python_version(), "numpy": np.__version__,
                      "scipy": scipy.__version__},
        "cases": cases(),
    }
    OUTPUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(document['cases'])} cases")


if __name__ == "__main__":
    main()
