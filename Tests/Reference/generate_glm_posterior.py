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

3. Normal linear regression with the residual scale sampled:
   y_i ~ N(b + beta x_i, s^2), beta ~ N(0, 1), b flat, s ~ half-Cauchy(0, 2).
   Given s the posterior of (beta, b) is Gaussian, so it is integrated in
   closed form and s on a grid in log s.
4. Gamma regression (log link) with the shape sampled: y_i ~ Gamma(shape nu,
   mean exp(b + beta x_i)), beta ~ N(0, 1), b flat, 1/sqrt(nu) ~
   half-Cauchy(0, 1). Grid over (beta, b) for each log sqrt(1/nu) on a grid;
   densities from scipy.stats.gamma.
5. Negative binomial regression (log link, an offset) with alpha sampled:
   y_i ~ NB2(mean t_i exp(b + beta x_i), alpha), beta ~ N(0, 1), b flat,
   sqrt(alpha) ~ half-Normal(0, 1). Grid as for the gamma, log sqrt(alpha)
   from -34 (where the prior's mass below is under 1e-14): the pmf in a
   form that holds for huge r = 1/alpha, checked against
   scipy.stats.nbinom where scipy is accurate.

For each: posterior means and second moments of every reported parameter
(beta, intercept, and log sigma for the second: sigma's posterior has
an infinite variance under the half-Cauchy; log dispersion for the last
three).

Writes Tests/ProbKitRegressionTests/Fixtures/glm_posterior.json:
{"numpy": version, "cases": [{"name", "features": [[str]], "response": [str],
  "trials" or "offsets": [str], "moments": {"beta[0]": [mean, E x^2], ...}}]}
Run: python3 Tests/Reference/generate_glm_posterior.py
"""

import json
import os

import numpy as np
from scipy import stats
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


def normal_dispersion_case():
    rng = np.random.default_rng(20261205)
    n = 12
    x = rng.normal(size=n)
    y = 1.5 + 0.8 * x + rng.normal(scale=0.7, size=n)
    design = np.column_stack([x, np.ones(n)])
    prior_precision = np.diag([1.0, 0.0])
    u_axis = np.linspace(-6.0, 6.0, 4801)
    log_p = np.empty_like(u_axis)
    first = np.empty((len(u_axis), 2))
    second = np.empty((len(u_axis), 2))
    for k, u in enumerate(u_axis):
        variance = np.exp(2 * u)
        precision = design.T @ design / variance + prior_precision
        covariance = np.linalg.inv(precision)
        mean = covariance @ design.T @ y / variance
        _, log_det = np.linalg.slogdet(precision)
        log_p[k] = (
            -n * u
            - 0.5 * (y @ y / variance - mean @ precision @ mean)
            - 0.5 * log_det
            + stats.halfcauchy.logpdf(np.exp(u), scale=2.0)
            + u
        )
        first[k] = mean
        second[k] = mean * mean + np.diag(covariance)
    assert log_p[0] - log_p.max() < -40 and log_p[-1] - log_p.max() < -30
    w = np.exp(log_p - log_p.max())
    total = np.trapezoid(w, u_axis)
    mean = lambda values: np.trapezoid(w * values, u_axis) / total
    log_dispersion = 2 * u_axis
    result = {
        "beta[0]": [fmt(mean(first[:, 0])), fmt(mean(second[:, 0]))],
        "intercept": [fmt(mean(first[:, 1])), fmt(mean(second[:, 1]))],
        "log dispersion": [fmt(mean(log_dispersion)), fmt(mean(log_dispersion**2))],
    }
    return {
        "name": "normal with the residual scale sampled",
        "family": "normal",
        "features": [[fmt(v)] for v in x],
        "response": [fmt(v) for v in y],
        "moments": result,
    }


def grid_moments(log_likelihood, log_prior_root, centre, widths, u_axis, points=161):
    """Moments of beta, b and 2u = log dispersion: for each u on u_axis, a
    (beta, b) grid around `centre` of half-widths 12 widths(u) (the
    conditional posterior's standard errors), trapezoid rule throughout."""
    sums = np.empty((len(u_axis), 5))
    evidence = np.empty(len(u_axis))
    peaks = np.empty(len(u_axis))
    edges = np.empty(len(u_axis))
    for k, u in enumerate(u_axis):
        half = 12 * np.asarray(widths(u))
        beta_axis = np.linspace(centre[0] - half[0], centre[0] + half[0], points)
        b_axis = np.linspace(centre[1] - half[1], centre[1] + half[1], points)
        beta, b = np.meshgrid(beta_axis, b_axis, indexing="ij")
        log_p = log_likelihood(beta, b, u) - 0.5 * beta * beta + log_prior_root(np.exp(u)) + u
        peaks[k] = log_p.max()
        edges[k] = max(log_p[0].max(), log_p[-1].max(), log_p[:, 0].max(), log_p[:, -1].max())
        w = np.exp(log_p)
        integrate = lambda values: np.trapezoid(np.trapezoid(values, b_axis, axis=1), beta_axis)
        evidence[k] = integrate(w)
        sums[k] = [integrate(w * beta), integrate(w * beta * beta), integrate(w * b),
                   integrate(w * b * b), 0]
    peak = peaks.max()
    assert edges.max() - peak < -28, edges.max() - peak
    assert peaks[0] - peak < -28 and peaks[-1] - peak < -28, (peaks[0] - peak, peaks[-1] - peak)
    total = np.trapezoid(evidence, u_axis)
    mean = lambda values: np.trapezoid(values, u_axis) / total
    return {
        "beta[0]": [fmt(mean(sums[:, 0])), fmt(mean(sums[:, 1]))],
        "intercept": [fmt(mean(sums[:, 2])), fmt(mean(sums[:, 3]))],
        "log dispersion": [
            fmt(mean(evidence * 2 * u_axis)),
            fmt(mean(evidence * 4 * u_axis * u_axis)),
        ],
    }


def gamma_dispersion_case():
    rng = np.random.default_rng(20261206)
    n = 15
    x = rng.normal(size=n)
    shape = 4.0
    y = rng.gamma(shape, np.exp(0.8 + 0.5 * x) / shape)
    design = np.column_stack([x, np.ones(n)])
    # The centre: least squares on log y (the grid is wide; any nearby centre does).
    centre = np.linalg.lstsq(design, np.log(y), rcond=None)[0]
    unit = np.sqrt(np.diag(np.linalg.inv(design.T @ design)))

    def log_likelihood(beta, b, u):
        nu = np.exp(-2 * u)
        mu = np.exp(b[..., None] + beta[..., None] * x)
        return np.sum(stats.gamma.logpdf(y, a=nu, scale=mu / nu), axis=-1)

    result = grid_moments(
        log_likelihood,
        lambda root: stats.halfcauchy.logpdf(root, scale=1.0),
        centre,
        lambda u: np.minimum(np.exp(u) * unit + 0.02, 0.7),
        np.linspace(-3.2, 2.0, 261),
    )
    return {
        "name": "gamma with the shape sampled",
        "family": "gamma",
        "features": [[fmt(v)] for v in x],
        "response": [fmt(v) for v in y],
        "moments": result,
    }


def negative_binomial_log_pmf(y, mu, r):
    """log NB2(y | mean mu, r) for any r > 0: sum over k < y of
    log1p((k - mu)/(r + mu)), + y log mu - log y! - r log1p(mu/r)."""
    total = y * np.log(mu) - gammaln(y + 1) - r * np.log1p(mu / r)
    for k in range(int(y.max())):
        total = total + np.where(k < y, np.log1p((k - mu) / (r + mu)), 0.0)
    return total


def negative_binomial_dispersion_case():
    rng = np.random.default_rng(20261207)
    n = 20
    x = rng.normal(size=n)
    exposure = rng.uniform(0.5, 2.0, size=n)
    alpha = 0.5
    mean = exposure * np.exp(1.0 + 0.5 * x)
    y = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mean)).astype(float)
    offsets = np.log(exposure)
    # The stable form against scipy where scipy is accurate.
    for r in [0.3, 2.0, 50.0]:
        check = negative_binomial_log_pmf(y, mean, r)
        reference = stats.nbinom.logpmf(y, r, r / (r + mean))
        assert np.allclose(check, reference, rtol=1e-12, atol=1e-12)

    def log_likelihood(beta, b, u):
        r = np.exp(-2 * u)
        mu = np.exp(b[..., None] + beta[..., None] * x + offsets)
        return np.sum(negative_binomial_log_pmf(y, mu, r), axis=-1)

    design = np.column_stack([x, np.ones(n)])
    centre = np.linalg.lstsq(design, np.log(y + 0.5) - offsets, rcond=None)[0]

    def widths(u):
        a = np.exp(2 * u)
        fitted = np.exp(design @ centre + offsets)
        information = design.T @ (design * (fitted / (1 + a * fitted))[:, None])
        return np.minimum(np.sqrt(np.diag(np.linalg.inv(information))) + 0.02, 0.7)

    result = grid_moments(
        log_likelihood,
        lambda root: stats.halfnorm.logpdf(root, scale=1.0),
        centre,
        widths,
        np.linspace(-34.0, 1.6, 357),
    )
    return {
        "name": "negative binomial with alpha sampled",
        "family": "negative binomial",
        "features": [[fmt(v)] for v in x],
        "response": [fmt(v) for v in y],
        "offsets": [fmt(v) for v in offsets],
        "moments": result,
    }


def main():
    cases = [
        poisson_case(),
        binomial_case(),
        normal_dispersion_case(),
        gamma_dispersion_case(),
        negative_binomial_dispersion_case(),
    ]
    path = os.path.join(
        os.path.dirname(__file__), "..", "ProbKitRegressionTests", "Fixtures", "glm_posterior.json"
    )
    with open(path, "w") as handle:
        json.dump({"numpy": np.__version__, "cases": cases}, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
