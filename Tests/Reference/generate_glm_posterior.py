"""Exact posterior moments for ProbKit's sampled GLM posteriors, by quadrature.

Two small problems whose posteriors are integrated on dense grids
(trapezoid rule in each coordinate, grids wide enough that the mass outside
is below 1e-12), independent of ProbKit's code:

1. Poisson regression with an exposure: y_i ~ Poisson(t_i exp(b + beta x_i)),
   beta ~ N(0, 1), flat intercept b. Grid over (beta, b).
2. Binomial regression (logit) with trials and a hyperprior:
   y_i ~ Binomial(n_i, logistic(b + beta x_i)), beta ~ N(0, sigma^2),
   sigma ~ half-Cauchy(0, 1), b ~ N(0, 5^2). Grid over log sigma (with the
   Jacobian sigma), and for each value a (beta, b) grid scaled to the prior's
   width.

For each: posterior means and second moments of every reported parameter
(beta, intercept, and log sigma for the second: sigma's posterior has
an infinite variance under the half-Cauchy).

Writes Tests/ProbKitRegressionTests/Fixtures/glm_posterior.json:
{"numpy": version, "cases": [{"name", "features": [[str]], "response": [str],
  "trials" or "offsets": [str], "moments": {"beta[0]": [mean, E x^2], ...}}]}
Run: python3 Tests/Reference/generate_glm_posterior.py
"""

import json
import os

import numpy as np
from scipy.special import expit, gammaln


def fmt(value):
    return repr(float(value))


def moments(log_density, axes, names, transforms):
    """Means and second moments of transformed grid coordinates."""
    grids = np.meshgrid(*axes, indexing="ij")
    log_p = log_density(*grids)
    weights = np.exp(log_p - log_p.max())
    for axis, values in enumerate(axes):
        weights = np.trapezoid(weights, values, axis=0)
    total = weights
    out = {}
    for name, transform in zip(names, transforms):
        value = transform(*grids)
        w = np.exp(log_p - log_p.max())
        first = w * value
        second = w * value * value
        for values in axes:
            first = np.trapezoid(first, values, axis=0)
            second = np.trapezoid(second, values, axis=0)
        out[name] = [fmt(first / total), fmt(second / total)]
    return out


def poisson_case():
    rng = np.random.default_rng(20261203)
    x = rng.normal(size=12)
    exposure = rng.uniform(0.5, 3.0, size=12)
    y = rng.poisson(exposure * np.exp(0.3 + 0.6 * x)).astype(float)
    offsets = np.log(exposure)

    def log_density(beta, b):
        eta = b[..., None] + beta[..., None] * x + offsets
        loglik = np.sum(y * eta - np.exp(eta) - gammaln(y + 1), axis=-1)
        return loglik - 0.5 * beta * beta

    beta_axis = np.linspace(-2.5, 3.5, 601)
    b_axis = np.linspace(-3.0, 3.0, 601)
    result = moments(
        log_density,
        [beta_axis, b_axis],
        ["beta[0]", "intercept"],
        [lambda beta, b: beta, lambda beta, b: b],
    )
    return {
        "name": "poisson with exposure",
        "features": [[fmt(v)] for v in x],
        "response": [fmt(v) for v in y],
        "offsets": [fmt(v) for v in offsets],
        "moments": result,
    }


def binomial_case():
    rng = np.random.default_rng(20261204)
    x = rng.normal(size=10)
    trials = rng.integers(3, 12, size=10).astype(float)
    y = rng.binomial(trials.astype(int), expit(-0.4 + 0.8 * x)).astype(float)

    # For each log sigma on a grid, (beta, b) on a grid scaled to where the
    # prior N(0, sigma^2) and the likelihood both have mass: the integrand is
    # resolved at every sigma, however narrow the prior.
    b_axis = np.linspace(-4.0, 3.0, 351)
    u_axis = np.linspace(-16.0, 12.0, 561)
    evidence = np.empty_like(u_axis)
    sums = {name: np.empty_like(u_axis) for name in ["beta", "beta2", "b", "b2"]}
    for k, u in enumerate(u_axis):
        sigma = np.exp(u)
        beta_axis = np.linspace(max(-9 * sigma, -5.0), min(9 * sigma, 6.0), 601)
        beta, b = np.meshgrid(beta_axis, b_axis, indexing="ij")
        eta = b[..., None] + beta[..., None] * x
        loglik = np.sum(y * eta - trials * np.logaddexp(0, eta), axis=-1)
        log_p = (
            loglik
            - 0.5 * beta * beta / (sigma * sigma)
            - u
            - 0.5 * b * b / 25.0
            - np.log1p(sigma * sigma)
            + u
        )
        w = np.exp(log_p - 0.0)
        integrate = lambda values: np.trapezoid(np.trapezoid(values, b_axis, axis=1), beta_axis)
        evidence[k] = integrate(w)
        sums["beta"][k] = integrate(w * beta)
        sums["beta2"][k] = integrate(w * beta * beta)
        sums["b"][k] = integrate(w * b)
        sums["b2"][k] = integrate(w * b * b)
    total = np.trapezoid(evidence, u_axis)
    mean = lambda values: np.trapezoid(values, u_axis) / total
    result = {
        "beta[0]": [fmt(mean(sums["beta"])), fmt(mean(sums["beta2"]))],
        "intercept": [fmt(mean(sums["b"])), fmt(mean(sums["b2"]))],
        "log sigma": [fmt(mean(evidence * u_axis)), fmt(mean(evidence * u_axis * u_axis))],
    }
    return {
        "name": "binomial with a half-Cauchy hyperprior",
        "features": [[fmt(v)] for v in x],
        "response": [fmt(v) for v in y],
        "trials": [fmt(v) for v in trials],
        "moments": result,
    }


def main():
    cases = [poisson_case(), binomial_case()]
    path = os.path.join(
        os.path.dirname(__file__), "..", "ProbKitRegressionTests", "Fixtures", "glm_posterior.json"
    )
    with open(path, "w") as handle:
        json.dump({"numpy": np.__version__, "cases": cases}, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
