#!/usr/bin/env python3
"""Softmax regression with scikit-learn, the peer of softmax-benchmark.

Writes the benchmark's data sets (so both sides fit exactly the same numbers)
and times scikit-learn's LogisticRegression on them:

- ``synthetic``: 200,000 x 100 standard-normal features, 10 classes drawn
  from a softmax model with random weights (numpy ``default_rng(2026)``),
- ``digits``: scikit-learn's bundled digits (1797 x 64, raw pixels 0..16).

Each data set is written as ``<name>.features`` (float64, row-major),
``<name>.labels`` (int64) and ``<name>.json`` (shape) into ``--data``.
For each, LogisticRegression(C=sigma^2=1, solver="lbfgs", tol=1e-6,
max_iter=10000) is fitted ``--reps`` times (single-threaded: the caller sets
OMP/OPENBLAS threads to 1); the median time, n_iter_ and the objective value
in ProbKit's scale, f = -sum log p(y|x) + ||W||^2 / (2 sigma^2), are printed
as JSON.
"""

import argparse
import json
import os
import statistics
import time
import warnings

import numpy as np
from scipy.special import logsumexp


def objective(model, x, y, sigma2):
    logits = x @ model.coef_.T + model.intercept_
    log_p = logits - logsumexp(logits, axis=1, keepdims=True)
    return float(-log_p[np.arange(len(y)), y].sum() + (model.coef_ ** 2).sum() / (2 * sigma2))


def synthetic(n=200_000, d=100, k=10):
    rng = np.random.default_rng(2026)
    x = rng.standard_normal((n, d))
    w = rng.standard_normal((k, d)) * 0.3
    logits = x @ w.T
    p = np.exp(logits - logsumexp(logits, axis=1, keepdims=True))
    u = rng.random(n)
    y = (p.cumsum(axis=1) < u[:, None]).sum(axis=1)
    return x, np.minimum(y, k - 1)


def write(directory, name, x, y):
    os.makedirs(directory, exist_ok=True)
    np.ascontiguousarray(x, dtype=np.float64).tofile(os.path.join(directory, f"{name}.features"))
    np.ascontiguousarray(y, dtype=np.int64).tofile(os.path.join(directory, f"{name}.labels"))
    with open(os.path.join(directory, f"{name}.json"), "w") as f:
        json.dump({"rows": int(x.shape[0]), "features": int(x.shape[1]),
                   "classes": int(y.max() + 1)}, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="directory for the data files")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--sets", default="digits,synthetic")
    args = parser.parse_args()
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    import sklearn

    results = []
    for name in args.sets.split(","):
        if name == "digits":
            digits = load_digits()
            x, y = digits.data.astype(np.float64), digits.target.astype(np.int64)
        else:
            x, y = synthetic()
        write(args.data, name, x, y)
        times, model = [], None
        for _ in range(args.reps):
            model = LogisticRegression(C=1.0, solver="lbfgs", tol=1e-6, max_iter=10_000)
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.fit(x, y)
            times.append(time.perf_counter() - start)
        results.append({"set": name, "seconds": statistics.median(times),
                        "iterations": int(np.max(model.n_iter_)),
                        "objective": objective(model, x, y, 1.0)})
    print(json.dumps({"sklearn": results, "version": sklearn.__version__}))


if __name__ == "__main__":
    main()
