#!/usr/bin/env python3
"""numpy's default_rng (PCG64) distribution samplers, timed like sampling-benchmark.

Measures ns per value for numpy.random.default_rng(42), vectorised: each call
draws 1e6 values into a fresh array (as ProbKit's `sample(count:using:)`
returns a fresh [Double]; gamma, beta, poisson and binomial have no `out=`
anyway), repeated until `--draws` values (default 5 million) are drawn. Each
figure is the median of `--reps` (default 5) repetitions after one warm-up;
every repetition's figure is in the JSON (`per_rep_ns`) so that
run-sampling.sh can pool several runs. Single-threaded: numpy's generators
never use threads and do not touch BLAS.

Usage: python3 Benchmarks/numpy_sampling.py [--draws N] [--reps R]
                                             [--cases key,...] [--json]

Case keys match sampling-benchmark's and gsl_sampling.c's: normal, gamma2.5,
gamma0.5, beta2-3, beta0.5-0.5, exponential, poisson3.5, poisson100,
bernoulli0.3, dirichlet1-2-3 (ns per 3-vector). numpy's vectorised call is the
counterpart of both ProbKit's single draws and its bulk rows.
"""

import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np

BULK = 1_000_000


def cases(rng):
    """(key, numpy call, function drawing BULK values) in table order."""
    return [
        ("normal", "standard_normal(size=1e6)", lambda: rng.standard_normal(size=BULK)),
        ("gamma2.5", "gamma(2.5, 1.0, size=1e6)", lambda: rng.gamma(2.5, 1.0, size=BULK)),
        ("gamma0.5", "gamma(0.5, 1.0, size=1e6)", lambda: rng.gamma(0.5, 1.0, size=BULK)),
        ("beta2-3", "beta(2, 3, size=1e6)", lambda: rng.beta(2.0, 3.0, size=BULK)),
        ("beta0.5-0.5", "beta(0.5, 0.5, size=1e6)", lambda: rng.beta(0.5, 0.5, size=BULK)),
        ("exponential", "standard_exponential(size=1e6)", lambda: rng.standard_exponential(size=BULK)),
        ("poisson3.5", "poisson(3.5, size=1e6)", lambda: rng.poisson(3.5, size=BULK)),
        ("poisson100", "poisson(100, size=1e6)", lambda: rng.poisson(100.0, size=BULK)),
        ("bernoulli0.3", "binomial(1, 0.3, size=1e6)", lambda: rng.binomial(1, 0.3, size=BULK)),
        ("dirichlet1-2-3", "dirichlet([1, 2, 3], size=1e6)", lambda: rng.dirichlet([1.0, 2.0, 3.0], size=BULK)),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=5_000_000, help="values per repetition")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--cases", help="comma-separated subset of the keys")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = parser.parse_args()
    selection = set(args.cases.split(",")) if args.cases else None

    rng = np.random.default_rng(42)
    assert type(rng.bit_generator).__name__ == "PCG64"
    rounds = max(1, args.draws // BULK)
    n = rounds * BULK
    sink = [0.0]
    results = []
    for key, call, draw in cases(rng):
        if selection is not None and key not in selection:
            continue

        def run():
            for _ in range(rounds):
                values = draw()
            sink[0] += float(values.flat[0]) + float(values.flat[-1])

        run()  # warm-up
        per_rep = []
        for _ in range(args.reps):
            start = time.perf_counter_ns()
            run()
            per_rep.append((time.perf_counter_ns() - start) / n)
        median = statistics.median(per_rep)
        results.append(dict(case=key, call=call, median_ns=median, best_ns=min(per_rep), per_rep_ns=per_rep, draws=n))
        print(f"  numpy {key}: {median:.2f} ns/draw", file=sys.stderr)
    print(f"blackhole: {sink[0]}", file=sys.stderr)

    if args.json:
        json.dump(
            dict(
                tool="numpy_sampling.py",
                numpy=np.__version__,
                python=platform.python_version(),
                bit_generator="PCG64",
                reps=args.reps,
                results=results,
            ),
            sys.stdout,
            indent=2,
        )
        print()
        return
    print(f"numpy {np.__version__} default_rng (PCG64), median ns per value of {args.reps} repetitions\n")
    print("| case | numpy call | ns/draw |")
    print("|:--|:--|--:|")
    for r in results:
        print(f"| {r['case']} | `rng.{r['call']}` | {r['median_ns']:.2f} |")


if __name__ == "__main__":
    main()
