#!/usr/bin/env python3
"""Exact posterior summaries of four example models, to test ProbKit's NUTS.

Every reference here is deterministic quadrature, not another sampler: each
posterior is low-dimensional once the conjugate parts are integrated out, so
its means and quantiles can be computed to many more digits than a Markov
chain can resolve. (No numpyro or PyMC run is needed; the regressions below
have three coefficients, few enough for a grid.) The Swift tests treat the
reference as exact up to `referenceError`, a bound on the quadrature error
taken as the largest change of any recorded number when the grid is halved
(or scipy.integrate.quad's tolerance; for the rat tumour quantiles, the
change as a probability: the fine grid's CDF at the coarse grid's quantile
minus the level), and allow 5 Monte Carlo standard errors of the sampler on
top.

Models (as `Tests/ProbKitMCMCTests/HMCSamplerExampleModelsTests.swift` writes
them with ProbKitMCMC):

1. Eight schools (Rubin 1981; BDA3 section 5.5), non-centred in the sampler:
   y_j ~ N(theta_j, sigma_j), theta_j = mu + tau eta_j, eta_j ~ N(0, 1),
   mu ~ N(0, 5^2), tau ~ half-Cauchy(0, 5). Integrating mu and theta out
   (BDA3 section 5.4): y | tau ~ N(0, diag(sigma^2 + tau^2) + 25 11'), so
   p(tau | y) is one-dimensional; given tau, mu | tau, y is normal with mean
   mu_hat(tau) = (sum y_j / (sigma_j^2 + tau^2)) / (1/25 + sum 1/(sigma_j^2 +
   tau^2)) and E[theta_j | tau, y] = (tau^2 y_j + sigma_j^2 mu_hat) /
   (sigma_j^2 + tau^2). E[mu], E[tau], E[theta_j] and quantiles of tau come
   from scipy.integrate.quad over tau in (0, inf) (relative tolerance 1e-11).

2. Rat tumours (BDA3 section 5.3, Table 5.1, the 71 experiments): y_j ~
   Binomial(n_j, theta_j), theta_j ~ Beta(alpha, beta), p(alpha, beta) propto
   (alpha + beta)^(-5/2). With theta integrated out, the posterior of
   u = logit(alpha / (alpha + beta)), v = log(alpha + beta) is
       p(u, v | y) propto alpha beta (alpha + beta)^(-5/2)
                          prod_j B(alpha + y_j, beta + n_j - y_j) / B(alpha, beta),
   evaluated on a 2-D grid (BDA's own method, finer and wider: u in [-4.5, 1],
   v in [-3, 70], trapezoid rule) and E[theta_j | y] = E[(alpha + y_j) /
   (alpha + beta + n_j)]. The ratio of Beta functions is computed as sums of
   logs, sum_{k<y} log(alpha + k) + sum_{k<n-y} log(beta + k) -
   sum_{k<n} log(alpha + beta + k), exact for integer counts.
   Note: the marginal of s = alpha + beta has a tail propto s^(-3/2) (the prior
   s^(-5/2) times the Jacobian s, the likelihood tending to a positive
   constant), so E[alpha] and E[beta] are infinite; the fixture records
   quantiles of alpha and beta instead, and the means of u, v,
   alpha / (alpha + beta) and theta_j, all finite.

3. Bayesian logistic regression: n = 100 seeded observations, an intercept and
   two covariates (x1 ~ N(0, 1), x2 ~ Bernoulli(0.4)), y_i ~ Bernoulli(
   logistic(b0 + b1 x1 + b2 x2)), b_k ~ N(0, 2.5^2) independently.

4. Poisson regression with an exposure: n = 40 seeded regions, exposure E_i ~
   Uniform(0.5, 5) (person-years), covariates x1 ~ N(0, 1), x2 ~ N(0, 1),
   y_i ~ Poisson(E_i exp(b0 + b1 x1 + b2 x2)) (offset log E_i), b_k ~ N(0, 2.5^2).

For the regressions, the posterior of the three coefficients is evaluated on an
axis-aligned 3-D grid of +-10 posterior standard deviations (of a Laplace fit)
around the mode, 161 points a side (trapezoid rule, spectrally accurate for a
smooth density that vanishes at the box's edges); means and standard
deviations are weighted sums, quantiles come from each coefficient's marginal
density, integrated by the trapezoid rule on a 16-times finer grid of a cubic
spline and inverted by root finding.

Writes Tests/ProbKitMCMCTests/Fixtures/mcmc_examples.json: numbers as repr
strings (counts as JSON integers):
{"numpy", "scipy",
 "eightSchools": {"y", "sigma", "muPriorScale", "tauPriorScale", "meanMu", "sdMu",
   "meanTau", "sdTau", "meanTheta": [8], "tauQuantiles": {"p": [...], "q": [...]},
   "referenceError"},
 "ratTumour": {"y": [71 int], "n": [71 int], "meanTheta": [71], "meanLogitMean",
   "meanLogConcentration", "meanMean", "alphaQuantiles", "betaQuantiles",
   "referenceError"},
 "logisticRegression" / "poissonRegression": {"x": [[x1, x2] per row], "y": [int],
   ("exposure": [...]), "priorScale", "mean": [3], "sd": [3],
   "quantiles": {"p": [...], "q": [[per probability] per coefficient]},
   "referenceError"}}
Run: python3 Tests/Reference/generate_mcmc_examples.py   (numpy, scipy; ~1 minute)
"""

import json
import os

import numpy as np
import scipy
from scipy import integrate, interpolate, optimize, special

PROBABILITIES = [0.05, 0.25, 0.5, 0.75, 0.95]


def fmt(value):
    return repr(float(value))


# MARK: - Eight schools


def eight_schools():
    y = np.array([28.0, 8, -3, 7, -1, 1, 18, 12])
    sigma = np.array([15.0, 10, 16, 11, 9, 11, 10, 18])
    mu_scale, tau_scale = 5.0, 5.0

    def log_marginal(tau):
        s2 = sigma**2 + tau**2
        cov = np.diag(s2) + mu_scale**2 * np.ones((8, 8))
        sign, logdet = np.linalg.slogdet(cov)
        quad = y @ np.linalg.solve(cov, y)
        log_prior = np.log(2 / (np.pi * tau_scale)) - np.log1p((tau / tau_scale) ** 2)
        return log_prior - 0.5 * logdet - 0.5 * quad

    peak = log_marginal(3.0)

    def density(tau):
        return np.exp(log_marginal(tau) - peak)

    def mu_hat(tau):
        w = 1 / (sigma**2 + tau**2)
        return (w @ y) / (1 / mu_scale**2 + w.sum())

    def expect(f):
        total = 0.0
        for lo, hi in [(0, 5), (5, 20), (20, 100), (100, np.inf)]:
            value, _ = integrate.quad(
                lambda t: f(t) * density(t), lo, hi, epsabs=0, epsrel=1e-12, limit=400
            )
            total += value
        return total

    z = expect(lambda t: 1.0)
    mean_tau = expect(lambda t: t) / z
    sd_tau = np.sqrt(expect(lambda t: (t - mean_tau) ** 2) / z)
    mean_mu = expect(mu_hat) / z

    def var_mu_given_tau(tau):
        return 1 / (1 / mu_scale**2 + (1 / (sigma**2 + tau**2)).sum())

    sd_mu = np.sqrt(expect(lambda t: var_mu_given_tau(t) + (mu_hat(t) - mean_mu) ** 2) / z)
    mean_theta = [
        expect(
            lambda t, j=j: (t**2 * y[j] + sigma[j] ** 2 * mu_hat(t)) / (sigma[j] ** 2 + t**2)
        )
        / z
        for j in range(8)
    ]

    def cdf(q):
        value, _ = integrate.quad(density, 0, q, epsabs=0, epsrel=1e-12, limit=400)
        return value / z

    quantiles = [
        optimize.brentq(lambda q, p=p: cdf(q) - p, 1e-9, 1e3, xtol=1e-13) for p in PROBABILITIES
    ]
    return {
        "y": [fmt(v) for v in y],
        "sigma": [fmt(v) for v in sigma],
        "muPriorScale": fmt(mu_scale),
        "tauPriorScale": fmt(tau_scale),
        "meanMu": fmt(mean_mu),
        "sdMu": fmt(sd_mu),
        "meanTau": fmt(mean_tau),
        "sdTau": fmt(sd_tau),
        "meanTheta": [fmt(v) for v in mean_theta],
        "tauQuantiles": {"p": [fmt(p) for p in PROBABILITIES], "q": [fmt(q) for q in quantiles]},
        "referenceError": fmt(1e-8),
    }


# MARK: - Rat tumours

RAT_Y = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 1, 5, 2, 5, 3, 2, 7, 7, 3, 3, 2, 9, 10, 4, 4, 4, 4, 4, 4, 4, 10, 4, 4, 4, 5, 11, 12,
    5, 5, 6, 5, 6, 6, 6, 6, 16, 15, 15, 9, 4,
]  # fmt: skip
RAT_N = [
    20, 20, 20, 20, 20, 20, 20, 19, 19, 19, 19, 18, 18, 17, 20, 20, 20, 20, 19, 19, 18, 18, 25,
    24, 23, 20, 20, 20, 20, 20, 20, 10, 49, 19, 46, 27, 17, 49, 47, 20, 20, 13, 48, 50, 20, 20,
    20, 20, 20, 20, 20, 48, 19, 19, 19, 22, 46, 49, 20, 20, 23, 19, 22, 20, 20, 20, 52, 46, 47,
    24, 14,
]  # fmt: skip


def rat_tumour_on_grid(du, dv, check=None):
    y = np.array(RAT_Y)
    n = np.array(RAT_N)
    assert len(y) == 71 and len(n) == 71 and np.all(y <= n)
    # sum_j log B(a + y_j, b + n_j - y_j) - log B(a, b) = sum_k A_k log(a + k)
    # + sum_k B_k log(b + k) - sum_k N_k log(a + b + k), with A_k = #{j: y_j > k}, ...
    count_a = np.array([(y > k).sum() for k in range(y.max())])
    count_b = np.array([((n - y) > k).sum() for k in range((n - y).max())])
    count_n = np.array([(n > k).sum() for k in range(n.max())])
    u = np.arange(-4.5, 1.0 + du / 2, du)
    v = np.arange(-3.0, 70.0 + dv / 2, dv)
    uu, vv = np.meshgrid(u, v, indexing="ij")
    m = special.expit(uu)
    s = np.exp(vv)
    a, b = s * m, s * (1 - m)
    log_post = np.log(a) + np.log(b) - 2.5 * vv
    for k, c in enumerate(count_a):
        log_post += c * np.log(a + k)
    for k, c in enumerate(count_b):
        log_post += c * np.log(b + k)
    for k, c in enumerate(count_n):
        log_post -= c * np.log(a + b + k)
    weight = np.exp(log_post - log_post.max())
    weight[0, :] *= 0.5
    weight[-1, :] *= 0.5
    weight[:, 0] *= 0.5
    weight[:, -1] *= 0.5
    total = weight.sum()
    # The grid must hold all the mass: the edges are negligible.
    edge = max(weight[0, :].sum(), weight[-1, :].sum(), weight[:, 0].sum(), weight[:, -1].sum())
    assert edge / total < 1e-12, edge / total
    w = weight / total
    out = {
        "meanTheta": [float((w * (a + y[j]) / (a + b + n[j])).sum()) for j in range(71)],
        "meanLogitMean": float((w * uu).sum()),
        "meanLogConcentration": float((w * vv).sum()),
        "meanMean": float((w * m).sum()),
    }
    # Quantiles of alpha and beta: P(log alpha < t) sums, over each u, the mass
    # of v < t - log m, by linear interpolation of the cumulative v-marginal
    # (trapezoid rule: the mass below v_i is the weights below it plus half
    # its own).
    cumulative = np.cumsum(w, axis=1) - 0.5 * w
    cumulative[:, 0] = 0.0

    def cdf(t, log_fraction):
        total = 0.0
        for i in range(len(u)):
            total += np.interp(
                t - log_fraction[i], v, cumulative[i], left=0.0, right=cumulative[i, -1]
            )
        return total

    fractions = [("alpha", np.log(special.expit(u))), ("beta", np.log(special.expit(-u)))]
    for name, log_fraction in fractions:
        out[name + "Quantiles"] = [
            float(
                np.exp(
                    optimize.brentq(
                        lambda t, p=p: cdf(t, log_fraction) - p, -10, 60, xtol=1e-12
                    )
                )
            )
            for p in PROBABILITIES
        ]
        if check is not None:
            # The probability this grid gives the other grid's quantiles.
            out[name + "Check"] = [cdf(np.log(q), log_fraction) for q in check[name + "Quantiles"]]
    return out


def rat_tumour():
    coarse = rat_tumour_on_grid(0.02, 0.04)
    fine = rat_tumour_on_grid(0.01, 0.02, check=coarse)
    # Means converge spectrally; the quantiles use linear interpolation of a
    # cumulative sum (error O(h^2)), so their error is measured as a
    # probability: how far the fine grid's CDF at the coarse grid's quantile
    # is from the nominal level.
    errors = [np.max(np.abs(np.array(fine[k]) - np.array(coarse[k]))) for k in
              ["meanTheta", "meanLogitMean", "meanLogConcentration", "meanMean"]]
    errors += [
        np.max(np.abs(np.array(fine[k + "Check"]) - PROBABILITIES)) for k in ["alpha", "beta"]
    ]
    error = float(max(errors))
    return {
        "y": RAT_Y,
        "n": RAT_N,
        "meanTheta": [fmt(v) for v in fine["meanTheta"]],
        "meanLogitMean": fmt(fine["meanLogitMean"]),
        "meanLogConcentration": fmt(fine["meanLogConcentration"]),
        "meanMean": fmt(fine["meanMean"]),
        "alphaQuantiles": {
            "p": [fmt(p) for p in PROBABILITIES],
            "q": [fmt(q) for q in fine["alphaQuantiles"]],
        },
        "betaQuantiles": {
            "p": [fmt(p) for p in PROBABILITIES],
            "q": [fmt(q) for q in fine["betaQuantiles"]],
        },
        "referenceError": fmt(error),
    }


# MARK: - Regressions


def grid_posterior(log_likelihood, prior_scale, points):
    """Means, sds and marginal quantiles of a 3-coefficient posterior."""

    def negative_log_posterior(beta):
        return -(log_likelihood(beta[None, :])[0] - 0.5 * (beta @ beta) / prior_scale**2)

    mode = optimize.minimize(negative_log_posterior, np.zeros(3), method="BFGS", tol=1e-12).x
    hessian = np.zeros((3, 3))
    h = 1e-4
    for i in range(3):
        for j in range(3):
            e_i, e_j = np.eye(3)[i] * h, np.eye(3)[j] * h
            hessian[i, j] = (
                negative_log_posterior(mode + e_i + e_j)
                - negative_log_posterior(mode + e_i - e_j)
                - negative_log_posterior(mode - e_i + e_j)
                + negative_log_posterior(mode - e_i - e_j)
            ) / (4 * h * h)
    scale = np.sqrt(np.diag(np.linalg.inv(hessian)))
    z = np.linspace(-10, 10, points)
    axes = [mode[k] + scale[k] * z for k in range(3)]
    b0, b1, b2 = np.meshgrid(*axes, indexing="ij")
    beta = np.stack([b0.ravel(), b1.ravel(), b2.ravel()], axis=1)
    log_post = np.empty(len(beta))
    chunk = 200_000
    for start in range(0, len(beta), chunk):
        part = beta[start : start + chunk]
        log_prior = -0.5 * (part**2).sum(axis=1) / prior_scale**2
        log_post[start : start + chunk] = log_likelihood(part) + log_prior
    weight = np.exp(log_post - log_post.max()).reshape(points, points, points)
    for axis in range(3):
        index = [slice(None)] * 3
        for end in (0, -1):
            index[axis] = end
            weight[tuple(index)] *= 0.5
    weight /= weight.sum()
    assert weight[0].sum() + weight[-1].sum() < 1e-14
    means, sds, quantiles = [], [], []
    for k, grid in enumerate([b0, b1, b2]):
        mean = (weight * grid).sum()
        means.append(mean)
        sds.append(np.sqrt((weight * (grid - mean) ** 2).sum()))
        other = tuple(a for a in range(3) if a != k)
        marginal = weight.sum(axis=other) / (axes[k][1] - axes[k][0])
        spline = interpolate.CubicSpline(axes[k], marginal)
        fine = np.linspace(axes[k][0], axes[k][-1], 16 * (points - 1) + 1)
        cumulative = integrate.cumulative_trapezoid(spline(fine), fine, initial=0)
        cumulative /= cumulative[-1]
        cdf = interpolate.CubicSpline(fine, cumulative)
        quantiles.append(
            [
                optimize.brentq(lambda q, p=p: cdf(q) - p, fine[0], fine[-1], xtol=1e-13)
                for p in PROBABILITIES
            ]
        )
    return np.array(means), np.array(sds), np.array(quantiles)


def regression(log_likelihood, prior_scale):
    fine = grid_posterior(log_likelihood, prior_scale, 161)
    coarse = grid_posterior(log_likelihood, prior_scale, 81)
    error = max(float(np.max(np.abs(f - c))) for f, c in zip(fine, coarse))
    means, sds, quantiles = fine
    return {
        "priorScale": fmt(prior_scale),
        "mean": [fmt(v) for v in means],
        "sd": [fmt(v) for v in sds],
        "quantiles": {
            "p": [fmt(p) for p in PROBABILITIES],
            "q": [[fmt(v) for v in row] for row in quantiles],
        },
        "referenceError": fmt(max(error, 1e-10)),
    }


def logistic_regression():
    rng = np.random.default_rng(20261203)
    n = 100
    x1 = rng.normal(size=n)
    x2 = (rng.uniform(size=n) < 0.4).astype(float)
    truth = np.array([-0.5, 1.2, -0.8])
    design = np.column_stack([np.ones(n), x1, x2])
    y = (rng.uniform(size=n) < special.expit(design @ truth)).astype(int)

    def log_likelihood(beta):
        eta = beta @ design.T
        return (y * eta - np.logaddexp(0, eta)).sum(axis=1)

    out = {"x": [[fmt(a), fmt(b)] for a, b in zip(x1, x2)], "y": [int(v) for v in y]}
    out.update(regression(log_likelihood, 2.5))
    return out


def poisson_regression():
    rng = np.random.default_rng(20261204)
    n = 40
    exposure = rng.uniform(0.5, 5.0, size=n)
    x1 = rng.normal(size=n)
    x2 = rng.normal(size=n)
    truth = np.array([0.3, 0.5, -0.25])
    design = np.column_stack([np.ones(n), x1, x2])
    y = rng.poisson(exposure * np.exp(design @ truth))
    offset = np.log(exposure)

    def log_likelihood(beta):
        eta = beta @ design.T + offset
        return (y * eta - np.exp(eta) - special.gammaln(y + 1)).sum(axis=1)

    out = {
        "x": [[fmt(a), fmt(b)] for a, b in zip(x1, x2)],
        "exposure": [fmt(v) for v in exposure],
        "y": [int(v) for v in y],
    }
    out.update(regression(log_likelihood, 2.5))
    return out


def main():
    document = {
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "eightSchools": eight_schools(),
        "ratTumour": rat_tumour(),
        "logisticRegression": logistic_regression(),
        "poissonRegression": poisson_regression(),
    }
    path = os.path.join(
        os.path.dirname(__file__), "..", "ProbKitMCMCTests", "Fixtures", "mcmc_examples.json"
    )
    with open(path, "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
