"""Reference values for Bayesian linear regression (Normal-InverseGamma prior).

Model: y = X~ beta + e, e ~ N(0, sigma^2 / w) (frequency weights repeat rows),
prior sigma^2 ~ InverseGamma(a0, b0), beta | sigma^2 ~ N(m0, sigma^2 V0), with
X~ = [X 1] (the intercept last). Closed forms, evaluated with mpmath at 60
digits:

    Vn = (V0^-1 + X~' W X~)^-1,  mn = Vn (V0^-1 m0 + X~' W y),
    an = a0 + W/2,  bn = b0 + (y'Wy + m0'V0^-1 m0 - mn'Vn^-1 mn) / 2,
    log p(y) = -(W/2) log 2pi + (1/2) log(|Vn| / |V0|) + a0 log b0 - an log bn
               + log Gamma(an) - log Gamma(a0)    (W = sum of weights),
    predictive y* | x* ~ StudentT(2 an, x~*' mn, sqrt((bn/an)(1 + x~*' Vn x~*))),
    beta_j | y ~ StudentT(2 an, mn_j, sqrt((bn/an) Vn_jj)).

The log evidence is also checked against quadrature over sigma^2 of the
Gaussian marginal likelihood (one dimension), to 30 digits.

Writes Tests/ProbKitRegressionTests/Fixtures/linear_regression.json:
{"cases": [{"name", "features": [[str]], "response": [str], "weights": [str]|null,
  "priorMean": [str], "priorCovariance": [[str]], "priorShape": str, "priorScale": str,
  "posteriorMean": [str], "posteriorCovarianceDiagonal": [str], "posteriorShape": str,
  "posteriorScale": str, "logEvidence": str,
  "predictive": [{"x": [str], "y": str, "location": str, "scale": str, "logDensity": str}]}]}
Run: python3 Tests/Reference/generate_linear_regression.py
"""

import json
import os
import sys

import mpmath
from mpmath import mpf

sys.path.insert(0, os.path.dirname(__file__))
from reference_support import fmt, to_double  # noqa: E402

mpmath.mp.dps = 60


def case(name, X, y, weights, m0, V0, a0, b0, points):
    n = len(y)
    w = weights or [1] * n
    Xt = mpmath.matrix([[mpf(v) for v in row] + [1] for row in X])
    p = Xt.cols
    W = mpmath.diag([mpf(v) for v in w])
    Y = mpmath.matrix([mpf(v) for v in y])
    M0 = mpmath.matrix([mpf(v) for v in m0])
    V0m = mpmath.matrix([[mpf(v) for v in row] for row in V0])
    V0inv = V0m ** -1
    precision = V0inv + Xt.T * W * Xt
    Vn = precision ** -1
    mn = Vn * (V0inv * M0 + Xt.T * W * Y)
    total = sum(mpf(v) for v in w)
    an = mpf(a0) + total / 2
    quad = (Y.T * W * Y)[0] + (M0.T * V0inv * M0)[0] - (mn.T * precision * mn)[0]
    bn = mpf(b0) + quad / 2
    log_evidence = (
        -total / 2 * mpmath.log(2 * mpmath.pi)
        + (mpmath.log(mpmath.det(Vn)) - mpmath.log(mpmath.det(V0m))) / 2
        + mpf(a0) * mpmath.log(mpf(b0)) - an * mpmath.log(bn)
        + mpmath.loggamma(an) - mpmath.loggamma(mpf(a0)))

    # Quadrature check: integrate the Gaussian marginal over sigma^2.
    def integrand(s2):
        cov = s2 * (Xt * V0m * Xt.T + mpmath.diag([1 / mpf(v) for v in w]))
        r = Y - Xt * M0
        logn = (-n / mpf(2) * mpmath.log(2 * mpmath.pi) - mpmath.log(mpmath.det(cov)) / 2
                - (r.T * cov ** -1 * r)[0] / 2)
        logp = (mpf(a0) * mpmath.log(mpf(b0)) - mpmath.loggamma(mpf(a0))
                - (mpf(a0) + 1) * mpmath.log(s2) - mpf(b0) / s2)
        return mpmath.exp(logn + logp)
    if weights is None:
        mpmath.mp.dps = 40
        quadrature = mpmath.log(mpmath.quad(integrand, [0, bn / an, 10 * bn / an, mpmath.inf]))
        mpmath.mp.dps = 60
        assert abs(quadrature - log_evidence) < mpf(10) ** -25, (quadrature, log_evidence)

    predictive = []
    for x, yy in points:
        xt = mpmath.matrix([mpf(v) for v in x] + [1])
        loc = (xt.T * mn)[0]
        scale = mpmath.sqrt(bn / an * (1 + (xt.T * Vn * xt)[0]))
        nu = 2 * an
        z = (mpf(yy) - loc) / scale
        logpdf = (mpmath.loggamma((nu + 1) / 2) - mpmath.loggamma(nu / 2)
                  - mpmath.log(mpmath.sqrt(nu * mpmath.pi) * scale)
                  - (nu + 1) / 2 * mpmath.log1p(z * z / nu))
        predictive.append({"x": [fmt(v) for v in x], "y": fmt(yy),
                           "location": fmt(to_double(loc)), "scale": fmt(to_double(scale)),
                           "logDensity": fmt(to_double(logpdf))})
    return {
        "name": name,
        "features": [[fmt(v) for v in row] for row in X],
        "response": [fmt(v) for v in y],
        "weights": None if weights is None else [fmt(v) for v in weights],
        "priorMean": [fmt(v) for v in m0],
        "priorCovariance": [[fmt(v) for v in row] for row in V0],
        "priorShape": fmt(a0), "priorScale": fmt(b0),
        "posteriorMean": [fmt(to_double(mn[i])) for i in range(p)],
        "posteriorCovarianceDiagonal": [fmt(to_double(Vn[i, i])) for i in range(p)],
        "posteriorShape": fmt(to_double(an)), "posteriorScale": fmt(to_double(bn)),
        "logEvidence": fmt(to_double(log_evidence)),
        "predictive": predictive,
    }


def main():
    # A small fixed design (two features) and a stackloss-like one.
    X1 = [[0.5, 1.2], [1.5, 0.3], [3.1, 2.2], [0.2, 0.1], [2.4, 1.9], [1.1, 0.7], [2.9, 0.4]]
    y1 = [1.3, 2.9, 6.2, 0.4, 5.1, 2.2, 4.8]
    identity3 = [[4.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 100.0]]
    correlated = [[2.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 10.0]]
    cases = [
        case("small-wide-prior", X1, y1, None, [0, 0, 0], identity3, 2, 1,
             [([1.0, 1.0], 3.0), ([4.0, 0.0], 7.5)]),
        case("small-correlated-prior", X1, y1, None, [1, -0.5, 0.2], correlated, 3.5, 2.5,
             [([1.0, 1.0], 3.0), ([0.0, 3.0], -1.0)]),
        case("small-weighted", X1, y1, [1, 2, 1, 3, 1, 2, 1], [0, 0, 0], identity3, 2, 1,
             [([2.0, 1.0], 4.0)]),
        case("one-feature-informative-noise", [[v] for v in [0, 1, 2, 3, 4, 5, 6, 7]],
             [0.1, 1.2, 1.9, 3.2, 3.9, 5.1, 6.0, 6.8], None, [0, 0], [[1.0, 0.0], [0.0, 1.0]],
             10, 0.5, [([8.0], 8.0)]),
    ]
    path = os.path.join(os.path.dirname(__file__), "..", "ProbKitRegressionTests", "Fixtures",
                        "linear_regression.json")
    with open(path, "w") as f:
        json.dump({"cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
