"""Reference values for ProbKitStatistics: sample summaries as numpy, scipy,
statsmodels and ArviZ compute them.

- moments: mean, variance (ddof 0 and 1), standard deviation, skewness and
  excess kurtosis (biased and bias-corrected) of each sample, computed
  exactly (mpmath at 60 digits from the doubles given, rounded once to
  double) and checked here against numpy.var/std and scipy.stats.skew and
  kurtosis to 1e-9, so that the Swift tests hold ProbKit to the exact values
  under scipy's definitions. Weighted cases are frequency weights, checked
  against the repeated sample.
- quantiles: numpy.quantile for each of the nine Hyndman-Fan methods and
  numpy.median.
- ecdf: scipy.stats.ecdf (quantiles and probabilities) and F(x) at points.
- histograms: numpy.histogram with an integer count, 'fd', 'sturges' and
  given edges (edges and counts), and density=True.
- hdi: arviz.hdi of a 1-D sample.
- acf: statsmodels.tsa.stattools.acf(adjusted=False), fft=False for short
  lag sequences and fft=True for a long one.

Writes Tests/ProbKitStatisticsTests/Fixtures/statistics.json, every number
as the string of repr(float). Run: python3 Tests/Reference/generate_statistics.py
"""

import json
import os
import warnings

import arviz
import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.tsa.stattools import acf

import reference_support

mpmath.mp.dps = 60

METHODS = [
    "inverted_cdf", "averaged_inverted_cdf", "closest_observation",
    "interpolated_inverted_cdf", "hazen", "weibull", "linear",
    "median_unbiased", "normal_unbiased",
]
PROBABILITIES = [0.0, 0.01, 0.1, 0.125, 0.25, 1 / 3, 0.4, 0.5, 0.6, 2 / 3, 0.75, 0.9,
                 0.975, 0.99, 1.0]


def fmt(value):
    return repr(float(value))


def fmts(values):
    return [fmt(v) for v in values]


def exact_moments(values, weights=None):
    """Mean, ddof variances, sd, skew and kurtosis from exact sums."""
    if weights is None:
        weights = [1.0] * len(values)
    xs = [mpmath.mpf(v) for v in values]
    ws = [mpmath.mpf(w) for w in weights]
    total = mpmath.fsum(ws)
    mean = mpmath.fsum(w * x for w, x in zip(ws, xs)) / total
    m = {k: mpmath.fsum(w * (x - mean) ** k for w, x in zip(ws, xs)) for k in (2, 3, 4)}
    n = total
    out = {
        "mean": mean,
        "variance0": m[2] / n,
        "variance1": m[2] / (n - 1),
        "sd0": mpmath.sqrt(m[2] / n),
        "sd1": mpmath.sqrt(m[2] / (n - 1)),
    }
    if m[2] > 0:
        g1 = mpmath.sqrt(n) * m[3] / m[2] ** mpmath.mpf(1.5)
        ratio = n * m[4] / m[2] ** 2
        out["skewness"] = g1
        out["kurtosis"] = ratio - 3
        if n > 2:
            out["skewnessCorrected"] = mpmath.sqrt(n * (n - 1)) / (n - 2) * g1
        if n > 3:
            out["kurtosisCorrected"] = (
                ((n * n - 1) * ratio - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3)))
    return {k: fmt(reference_support.to_double(v)) for k, v in out.items()}


def check_against_scipy(name, reference, data, tolerance):
    """The exact values are scipy's and numpy's definitions, to rounding.

    For data with a large offset scipy's own results lose digits (its
    skewness of 1e9 + N(0, 1) is off by 2.5e-7), so the check there is
    looser; the fixture holds the exact values.
    """
    checks = {
        "mean": np.mean(data),
        "variance0": np.var(data),
        "variance1": np.var(data, ddof=1),
        "skewness": stats.skew(data),
        "kurtosis": stats.kurtosis(data),
        "skewnessCorrected": stats.skew(data, bias=False),
        "kurtosisCorrected": stats.kurtosis(data, bias=False),
    }
    for key, value in checks.items():
        if key not in reference:
            continue
        expected = float(reference[key])
        if not (np.isfinite(expected) and np.isfinite(value)) or expected == 0:
            continue
        scale = abs(expected) if key.startswith(("mean", "variance")) else 1.0
        assert abs(value - expected) <= tolerance * scale, (name, key, value, expected)


def moment_cases(rng):
    cases = []

    def add(name, values, weights=None, check=True, tolerance=1e-9):
        reference = exact_moments(values, weights)
        if check:
            data = values if weights is None else np.repeat(values, np.asarray(weights, int))
            check_against_scipy(name, reference, np.asarray(data), tolerance)
        case = {"name": name, "values": fmts(values), **reference}
        if weights is not None:
            case["weights"] = fmts(weights)
        cases.append(case)

    add("small", [2.0, 4, 4, 4, 5, 5, 7, 9])
    add("normal-1000", rng.normal(3, 2, size=1000).tolist())
    add("exponential-500", rng.exponential(1.5, size=500).tolist())
    add("offset-1e9", (1e9 + rng.normal(0, 1, size=1000)).tolist(), tolerance=1e-5)
    add("offset-1e12-uniform", (1e12 + rng.uniform(0, 100, size=300)).tolist(),
        tolerance=1e-5)
    add("two-values", [1.0, 3.0])
    add("four-values", [0.5, -1.25, 2.0, 10.0])
    add("weighted", rng.normal(0, 1, size=40).tolist(),
        rng.integers(0, 5, size=40).astype(float).tolist())
    # Beyond the range of float64 for numpy's squares: exact values only.
    add("huge-1e200", (1e200 * rng.normal(0, 1, size=50)).tolist(), check=False)
    add("tiny-1e-200", (1e-200 * rng.normal(0, 1, size=50)).tolist(), check=False)
    add("opposite-1e300", [1e300, -1e300], check=False)
    return cases


def quantile_cases(rng):
    samples = {
        "one": [4.2],
        "two": [1.0, 3.0],
        "five": [3.1, 0.4, 2.2, 5.0, 1.7],
        "ten-ties": [1.0, 2, 2, 2, 3, 5, 5, 8, 9, 9],
        "normal-37": rng.normal(0, 1, size=37).tolist(),
        "offset-101": (1e9 + rng.normal(0, 1, size=101)).tolist(),
    }
    cases = []
    for name, values in samples.items():
        data = np.asarray(values)
        table = {m: fmts(np.quantile(data, PROBABILITIES, method=m)) for m in METHODS}
        cases.append({
            "name": name, "values": fmts(values), "quantiles": table,
            "median": fmt(np.median(data)),
        })
    return {"probabilities": fmts(PROBABILITIES), "methods": METHODS, "cases": cases}


def ecdf_cases(rng):
    cases = []
    for name, values in {
        "ties": [3.0, 1, 2, 2, 5, 5, 5, 0.5],
        "normal-30": rng.normal(0, 1, size=30).tolist(),
    }.items():
        result = stats.ecdf(np.asarray(values)).cdf
        points = sorted(set(values)) + [-10.0, 0.0, 0.75, 2.5, 10.0]
        cases.append({
            "name": name, "values": fmts(values),
            "stepValues": fmts(result.quantiles), "stepProbabilities": fmts(result.probabilities),
            "points": fmts(points), "cdf": fmts(result.evaluate(np.asarray(points))),
        })
    return cases


def histogram_cases(rng):
    samples = {
        "normal-200": rng.normal(5, 2, size=200).tolist(),
        "exponential-1000": rng.exponential(1, size=1000).tolist(),
        "small-ties": [1.0, 2, 2, 3, 3, 3, 4],
        "constant": [2.5, 2.5, 2.5],
        "offset": (1e9 + rng.uniform(0, 1, size=64)).tolist(),
    }
    cases = []
    for name, values in samples.items():
        data = np.asarray(values)
        binnings = []
        for bins in [10, 3, "fd", "sturges", "edges"]:
            if bins == "edges":
                lo, hi = data.min(), data.max()
                if lo == hi:
                    continue  # the edges below would not increase
                edges = [lo - 1, lo + (hi - lo) / 3, (lo + hi) / 2, hi]
                counts, out_edges = np.histogram(data, bins=edges)
                density, _ = np.histogram(data, bins=edges, density=True)
                spec = {"edges": fmts(edges)}
            else:
                counts, out_edges = np.histogram(data, bins=bins)
                density, _ = np.histogram(data, bins=bins, density=True)
                assert np.array_equal(out_edges, np.histogram_bin_edges(data, bins=bins))
                spec = {"count": str(bins)} if isinstance(bins, int) else {"rule": bins}
            binnings.append({
                "bins": spec, "expectedEdges": fmts(out_edges),
                "counts": [str(int(c)) for c in counts], "densities": fmts(density),
            })
        cases.append({"name": name, "values": fmts(values), "binnings": binnings})
    return cases


def hdi_cases(rng):
    samples = {
        "normal-1000": rng.normal(0, 1, size=1000).tolist(),
        "gamma-777": rng.gamma(2, 1, size=777).tolist(),
        "small": [0.1, 0.2, 0.25, 0.3, 0.9],
        "bimodal-400": np.concatenate(
            [rng.normal(-3, 0.5, size=200), rng.normal(3, 1, size=200)]).tolist(),
    }
    cases = []
    levels = [0.5, 0.8, 0.89, 0.94, 0.95, 0.99]
    for name, values in samples.items():
        intervals = []
        for level in levels:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                low, high = arviz.hdi(np.asarray(values), hdi_prob=level)
            intervals.append([fmt(low), fmt(high)])
        cases.append({
            "name": name, "values": fmts(values), "levels": fmts(levels), "intervals": intervals,
        })
    return cases


def acf_cases(rng):
    cases = []
    ar = [0.0]
    for _ in range(499):
        ar.append(0.7 * ar[-1] + rng.normal())
    samples = [
        ("short", [1.0, 3, 2, 5, 4, 6, 5, 8], 7, False),
        ("ar1-500", ar, 40, False),
        ("ar1-offset-1e9", (1e9 + np.asarray(ar)).tolist(), 10, False),
        ("ar1-500-fft", ar, 300, True),
        ("white-2000-fft", rng.normal(size=2000).tolist(), 150, True),
    ]
    for name, values, lags, fft in samples:
        result = acf(np.asarray(values), nlags=lags, adjusted=False, fft=fft)
        cases.append({
            "name": name, "values": fmts(values), "maxLag": str(lags), "fft": fft,
            "coefficients": fmts(result),
        })
    return cases


def main():
    rng = np.random.default_rng(20261203)
    fixture = {
        "versions": {
            "numpy": np.__version__, "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__, "arviz": arviz.__version__,
        },
        "moments": moment_cases(rng),
        "quantiles": quantile_cases(rng),
        "ecdf": ecdf_cases(rng),
        "histograms": histogram_cases(rng),
        "hdi": hdi_cases(rng),
        "acf": acf_cases(rng),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "ProbKitStatisticsTests", "Fixtures", "statistics.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
