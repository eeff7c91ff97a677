"""Exact posterior moments of a three-class softmax regression, by importance sampling.

Model (as ProbKit's SoftmaxRegression.posteriorDensity with
GaussianPrior(standardDeviation: 1) and a flat intercept): 30 seeded rows of
2 features, labels in {0, 1, 2}; every class's weights W[k, j] ~ N(0, 1);
intercepts flat with b[0] fixed at 0 (shifting every intercept together
changes no probability). 8 parameters: W[0,0], W[0,1], W[1,0], W[1,1],
W[2,0], W[2,1], b[1], b[2].

The posterior is found independently of ProbKit: its mode by scipy's BFGS
on the log posterior written here, the Hessian there by central differences
of the analytic gradient, then importance sampling with a multivariate
Student-t proposal (5 degrees of freedom, scale 1.5 H^-1) centred at the
mode: 4,000,000 draws in chunks. Each moment's standard error comes from the
self-normalised estimator's delta-method variance; the importance sampling
ESS is recorded too.

Writes Tests/ProbKitRegressionTests/Fixtures/softmax_posterior.json:
{"numpy", "scipy", "features": [[str]], "labels": [int], "names": [str],
 "means": [str], "secondMoments": [str], "meanErrors": [str],
 "secondMomentErrors": [str], "importanceESS": str}
Run: python3 Tests/Reference/generate_softmax_posterior.py
"""

import json
import os

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import logsumexp

rng = np.random.default_rng(20261205)
N, D, K = 30, 2, 3
X = rng.normal(size=(N, D)) * np.array([1.5, 0.7]) + np.array([0.5, -1.0])
true_W = np.array([[0.0, 0.0], [1.2, -0.8], [-0.6, 1.5]])
logits = X @ true_W.T + np.array([0.0, 0.3, -0.2])
probabilities = np.exp(logits - logsumexp(logits, axis=1, keepdims=True))
y = np.array([rng.choice(K, p=p) for p in probabilities])
assert set(y) == {0, 1, 2}


def unpack(theta):
    theta = np.atleast_2d(theta)
    W = theta[:, : K * D].reshape(-1, K, D)
    b = np.concatenate([np.zeros((theta.shape[0], 1)), theta[:, K * D :]], axis=1)
    return W, b


def log_posterior(theta):
    W, b = unpack(theta)
    eta = np.einsum("nd,skd->snk", X, W) + b[:, None, :]
    loglik = (eta[:, np.arange(N), y] - logsumexp(eta, axis=2)).sum(axis=1)
    return loglik - 0.5 * (W**2).sum(axis=(1, 2))


def gradient(theta):
    W, b = unpack(theta)
    eta = X @ W[0].T + b[0]
    p = np.exp(eta - logsumexp(eta, axis=1, keepdims=True))
    onehot = np.eye(K)[y]
    residual = onehot - p
    gW = residual.T @ X - W[0]
    gb = residual.sum(axis=0)[1:]
    return np.concatenate([gW.ravel(), gb])


P = K * D + K - 1
result = minimize(
    lambda t: -log_posterior(t)[0], np.zeros(P), jac=lambda t: -gradient(t), method="BFGS",
    options={"gtol": 1e-12, "maxiter": 10000},
)
mode = result.x
h = 1e-5
hessian = np.empty((P, P))
for i in range(P):
    e = np.zeros(P)
    e[i] = h
    hessian[i] = -(gradient(mode + e) - gradient(mode - e)) / (2 * h)
hessian = 0.5 * (hessian + hessian.T)
scale = 1.5 * np.linalg.inv(hessian)
chol = np.linalg.cholesky(scale)
nu = 5.0


def log_t(z_quad):
    return -0.5 * (nu + P) * np.log1p(z_quad / nu)


total = 4_000_000
chunk = 200_000
log_weights = []
samples_first = []
samples_second = []
for _ in range(total // chunk):
    z = rng.normal(size=(chunk, P))
    g = rng.chisquare(nu, size=chunk)
    theta = mode + (z @ chol.T) / np.sqrt(g / nu)[:, None]
    quad = np.einsum("si,ij,sj->s", theta - mode, np.linalg.inv(scale), theta - mode)
    log_weights.append(log_posterior(theta) - log_t(quad))
    samples_first.append(theta)
log_w = np.concatenate(log_weights)
theta = np.concatenate(samples_first)
w = np.exp(log_w - log_w.max())
w /= w.sum()
ess = 1.0 / np.sum(w**2)
means = w @ theta
seconds = w @ (theta**2)


def error(values, estimate):
    # Delta-method standard error of a self-normalised importance estimate.
    return np.sqrt(np.sum(w**2 * (values - estimate) ** 2))


mean_errors = [error(theta[:, i], means[i]) for i in range(P)]
second_errors = [error(theta[:, i] ** 2, seconds[i]) for i in range(P)]
names = [f"W[{k},{j}]" for k in range(K) for j in range(D)] + ["b[1]", "b[2]"]


def fmt(v):
    return repr(float(v))


path = os.path.join(
    os.path.dirname(__file__), "..", "ProbKitRegressionTests", "Fixtures", "softmax_posterior.json"
)
with open(path, "w") as handle:
    json.dump(
        {
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "features": [[fmt(v) for v in row] for row in X],
            "labels": [int(v) for v in y],
            "names": names,
            "means": [fmt(v) for v in means],
            "secondMoments": [fmt(v) for v in seconds],
            "meanErrors": [fmt(v) for v in mean_errors],
            "secondMomentErrors": [fmt(v) for v in second_errors],
            "importanceESS": fmt(ess),
        },
        handle,
        indent=1,
    )
    handle.write("\n")
print("ESS", ess, "means", means, "errors", mean_errors)
