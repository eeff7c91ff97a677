#!/usr/bin/env python3
"""Generate the held-out scores of the GLM machine's lineage tests (issue 13).

Writes ``Tests/ProbKitRegressionTests/Fixtures/lineage.json``, read by
``ExponentialFamilyRegressionTests``: models fitted by statsmodels and
scikit-learn to small training sets, scored on held-out rows by
``sklearn.metrics.log_loss`` (classes) and ``scipy.stats.poisson.logpmf``
(counts). ProbKit fits the same models and scores them with the protocol's
``logLoss(features:responses:)`` / ``meanLogLikelihood(features:responses:)``.

JSON schema: every number is a string (Python ``repr`` of a double, integers
verbatim); one case per line.

    {
      "generator": {"script", "date", "python", "numpy", "scipy", "statsmodels",
                    "scikit-learn": String},
      "cases": [{
        "name": String,
        "model": "bernoulli" | "poisson" | "categorical",
        "estimator": "mle" | "map",
        "sigma": Double | null,        // MAP: N(0, sigma^2) on the weights,
                                       // scikit-learn's C = sigma^2, intercepts free
        "trainFeatures": [[Double]], "trainResponses": [Int],
        "testFeatures": [[Double]], "testResponses": [Int],
        "logLoss": Double,             // -(1/n) sum log p(y_i | x_i) on the test rows
        "reference": String            // who fitted and who scored
      }]
    }

The fits are run to tight tolerances (statsmodels' IRLS/Newton to 1e-14,
scikit-learn's newton-cg to tol 1e-14); the Swift tests allow 1e-8 relative.

Usage: python3 Tests/Reference/generate_lineage.py [--check]
"""

import datetime
import json
import os
import platform
import sys

import numpy as np
import scipy
import scipy.stats
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_support import fmt  # noqa: E402

GENERATOR = "Tests/Reference/generate_lineage.py"
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                      "ProbKitRegressionTests", "Fixtures", "lineage.json")

# The tests' training and held-out rows (ExponentialFamilyRegressionTests).
TRAIN_X = [
    [0.2, 1.1], [1.4, 0.3], [2.9, 2.2], [0.5, 0.4], [1.8, 1.9], [2.4, 0.2],
    [1.0, 1.0], [2.0, 0.5], [1.5, 1.6], [0.8, 0.6], [2.6, 1.2], [1.2, 2.4],
    [1.6, 2.0], [1.3, 1.8], [1.1, 0.5], [2.2, 0.9], [0.4, 2.1], [2.8, 0.6],
]
TRAIN_COIN = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1]
TRAIN_CLASS = [0, 1, 2, 0, 2, 1, 0, 1, 2, 1, 0, 2, 0, 1, 2, 2, 1, 0]
TRAIN_COUNT = [1, 3, 9, 0, 5, 2, 1, 3, 4, 1, 6, 4, 5, 3, 1, 4, 2, 5]
TEST_X = [[0.1, 0.2], [3.0, 3.0], [1.5, 0.9], [2.5, 1.5], [0.9, 2.0]]
TEST_COIN = [0, 1, 1, 0, 1]
TEST_CLASS = [0, 2, 1, 1, 2]
TEST_COUNT = [0, 12, 3, 4, 2]


def design(x):
    return sm.add_constant(np.array(x, dtype=float), has_constant="add")


def case(name, model, estimator, sigma, train_y, test_y, loss, reference):
    return {
        "name": name, "model": model, "estimator": estimator,
        "sigma": None if sigma is None else fmt(sigma),
        "trainFeatures": [[fmt(v) for v in row] for row in TRAIN_X],
        "trainResponses": [fmt(int(v)) for v in train_y],
        "testFeatures": [[fmt(v) for v in row] for row in TEST_X],
        "testResponses": [fmt(int(v)) for v in test_y],
        "logLoss": fmt(float(loss)), "reference": reference,
    }


def cases():
    out = []
    # Logistic regression by maximum likelihood: statsmodels' GLM (IRLS).
    fit = sm.GLM(np.array(TRAIN_COIN, float), design(TRAIN_X),
                 family=sm.families.Binomial()).fit(tol=1e-14, maxiter=200)
    p = fit.predict(design(TEST_X))
    out.append(case("logistic-mle", "bernoulli", "mle", None, TRAIN_COIN, TEST_COIN,
                    log_loss(TEST_COIN, p, labels=[0, 1]),
                    "statsmodels GLM Binomial; sklearn.metrics.log_loss"))
    # Logistic regression by MAP, sigma = 1: scikit-learn's C = 1.
    lr = LogisticRegression(C=1.0, solver="newton-cg", tol=1e-14, max_iter=10_000)
    lr.fit(np.array(TRAIN_X), TRAIN_COIN)
    out.append(case("logistic-map", "bernoulli", "map", 1.0, TRAIN_COIN, TEST_COIN,
                    log_loss(TEST_COIN, lr.predict_proba(np.array(TEST_X)), labels=[0, 1]),
                    "sklearn LogisticRegression(C=1, newton-cg); sklearn.metrics.log_loss"))
    # Three classes by MAP, sigma = 1: scikit-learn's multinomial model
    # penalises all K rows, as SoftmaxRegression's MAP with K > 2 does.
    lr = LogisticRegression(C=1.0, solver="newton-cg", tol=1e-14, max_iter=10_000)
    lr.fit(np.array(TRAIN_X), TRAIN_CLASS)
    out.append(case("softmax-map", "categorical", "map", 1.0, TRAIN_CLASS, TEST_CLASS,
                    log_loss(TEST_CLASS, lr.predict_proba(np.array(TEST_X)), labels=[0, 1, 2]),
                    "sklearn LogisticRegression(C=1, newton-cg, multinomial); "
                    "sklearn.metrics.log_loss"))
    # Three classes by maximum likelihood: statsmodels' MNLogit (class 0 the
    # reference, as SoftmaxRegression's MLE).
    mn = sm.MNLogit(np.array(TRAIN_CLASS), design(TRAIN_X)).fit(
        method="newton", tol=1e-14, maxiter=200, disp=False)
    out.append(case("softmax-mle", "categorical", "mle", None, TRAIN_CLASS, TEST_CLASS,
                    log_loss(TEST_CLASS, mn.predict(design(TEST_X)), labels=[0, 1, 2]),
                    "statsmodels MNLogit; sklearn.metrics.log_loss"))
    # Poisson regression by maximum likelihood: statsmodels' GLM, scored by
    # scipy's log pmf.
    fit = sm.GLM(np.array(TRAIN_COUNT, float), design(TRAIN_X),
                 family=sm.families.Poisson()).fit(tol=1e-14, maxiter=200)
    rate = fit.predict(design(TEST_X))
    loss = -np.mean(scipy.stats.poisson.logpmf(TEST_COUNT, rate))
    out.append(case("poisson-mle", "poisson", "mle", None, TRAIN_COUNT, TEST_COUNT, loss,
                    "statsmodels GLM Poisson; scipy.stats.poisson.logpmf"))
    return out


def render(document):
    lines = ["{", f'  "generator": {json.dumps(document["generator"], sort_keys=True)},',
             '  "cases": [']
    for i, entry in enumerate(document["cases"]):
        comma = "," if i + 1 < len(document["cases"]) else ""
        lines.append("    " + json.dumps(entry, sort_keys=True, ensure_ascii=False) + comma)
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def main():
    document = {
        "generator": {
            "script": GENERATOR,
            "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
            "python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "statsmodels": statsmodels.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "cases": cases(),
    }
    text = render(document)
    if "--check" in sys.argv[1:]:
        def strip(t):
            return [ln for ln in t.splitlines() if not ln.startswith('  "generator"')]
        with open(OUTPUT) as handle:
            same = strip(handle.read()) == strip(text)
        print("lineage.json is up to date" if same else "lineage.json differs")
        sys.exit(0 if same else 1)
    with open(OUTPUT, "w") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
