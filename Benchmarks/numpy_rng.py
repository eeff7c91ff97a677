#!/usr/bin/env python3
"""numpy's default generator (PCG64), timed like Benchmarks/rng-benchmark.

Measures ns per draw for numpy.random.default_rng(42) (PCG64):

  bulk   - one call fills a 1e6-element array, repeated until `--draws` values
           (default 10 million) are drawn; `out=` reuses one buffer where numpy
           allows it (random, standard_normal, standard_exponential), so no
           allocation is timed. integers() allocates its 1e6 result each call.
  scalar - one Python call per draw (`rng.random()` in a loop, ...), the
           counterpart of ProbKit's single-draw methods; this is dominated by
           the interpreter's call overhead, not by PCG64. `--scalar-draws`
           (default 1 million) calls per repetition.

Each figure is the median of `--reps` (default 5) repetitions, after one
warm-up. Single-threaded: numpy's generators never use threads (and do not
touch BLAS, so OPENBLAS_NUM_THREADS is irrelevant).

Usage: python3 Benchmarks/numpy_rng.py [--draws N] [--scalar-draws N]
                                        [--reps R] [--json]

Operation keys match rng-benchmark's: next, uniform, normal, exponential,
intRandom0to6 (numpy has no separate fill API: its bulk calls are the fill).
"""

import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np

BULK = 1_000_000


def timed(function, reps):
    """Runs `function` once to warm up, then `reps` times; returns (median, best) seconds."""
    function()
    times = []
    for _ in range(reps):
        start = time.perf_counter_ns()
        function()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times), min(times)


def bulk_cases(rng, rounds):
    buffer = np.empty(BULK, dtype=np.float64)
    sink = [0]

    def uint64():
        for _ in range(rounds):
            values = rng.integers(0, 2**64, size=BULK, dtype=np.uint64)
        sink[0] ^= int(values[-1])

    def uniform():
        for _ in range(rounds):
            rng.random(out=buffer)
        sink[0] ^= int(buffer[-1] * 2**52)

    def normal():
        for _ in range(rounds):
            rng.standard_normal(out=buffer)
        sink[0] ^= int(buffer[-1] * 2**40)

    def exponential():
        for _ in range(rounds):
            rng.standard_exponential(out=buffer)
        sink[0] ^= int(buffer[-1] * 2**40)

    def die():
        for _ in range(rounds):
            values = rng.integers(0, 6, size=BULK)
        sink[0] ^= int(values[-1])

    return [
        ("next", "integers(0, 2**64, size=1e6, dtype=uint64)", uint64),
        ("uniform", "random(out=1e6 buffer)", uniform),
        ("normal", "standard_normal(out=1e6 buffer)", normal),
        ("exponential", "standard_exponential(out=1e6 buffer)", exponential),
        ("intRandom0to6", "integers(0, 6, size=1e6)", die),
    ], sink


def scalar_cases(rng, count):
    # Bound methods hoisted out of the loop, as a careful Python user would.
    integers, random = rng.integers, rng.random
    standard_normal, standard_exponential = rng.standard_normal, rng.standard_exponential
    uint64 = np.uint64
    sink = [0.0]

    def next_():
        for _ in range(count):
            integers(0, 2**64, dtype=uint64)

    def uniform():
        s = 0.0
        for _ in range(count):
            s += random()
        sink[0] += s

    def normal():
        s = 0.0
        for _ in range(count):
            s += standard_normal()
        sink[0] += s

    def exponential():
        s = 0.0
        for _ in range(count):
            s += standard_exponential()
        sink[0] += s

    def die():
        for _ in range(count):
            integers(0, 6)

    def empty_loop():
        s = 0.0
        for _ in range(count):
            s += 0.5
        sink[0] += s

    return [
        ("next", "integers(0, 2**64, dtype=uint64)", next_),
        ("uniform", "random()", uniform),
        ("normal", "standard_normal()", normal),
        ("exponential", "standard_exponential()", exponential),
        ("intRandom0to6", "integers(0, 6)", die),
        ("emptyLoop", "loop of s += 0.5, no draw", empty_loop),
    ], sink


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000_000, help="bulk draws per repetition")
    parser.add_argument("--scalar-draws", type=int, default=1_000_000, help="scalar calls per repetition")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = parser.parse_args()

    rng = np.random.default_rng(42)
    assert type(rng.bit_generator).__name__ == "PCG64"
    rounds = max(1, args.draws // BULK)
    results = []
    cases, bulk_sink = bulk_cases(rng, rounds)
    for key, call, function in cases:
        median, best = timed(function, args.reps)
        n = rounds * BULK
        results.append(dict(mode="bulk", operation=key, call=call, median_ns=median / n, best_ns=best / n, draws=n))
        print(f"  numpy bulk {key}: {median / n:.2f} ns/draw", file=sys.stderr)
    cases, scalar_sink = scalar_cases(rng, args.scalar_draws)
    for key, call, function in cases:
        median, best = timed(function, args.reps)
        n = args.scalar_draws
        results.append(dict(mode="scalar", operation=key, call=call, median_ns=median / n, best_ns=best / n, draws=n))
        print(f"  numpy scalar {key}: {median / n:.1f} ns/call", file=sys.stderr)
    print(f"blackhole: {bulk_sink[0]} {scalar_sink[0]}", file=sys.stderr)

    if args.json:
        json.dump(
            dict(
                tool="numpy_rng.py",
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
    print(f"numpy {np.__version__} default_rng (PCG64), median ns per draw of {args.reps} repetitions\n")
    print("| mode | operation | numpy call | ns/draw |")
    print("|:--|:--|:--|--:|")
    for r in results:
        print(f"| {r['mode']} | {r['operation']} | `{r['call']}` | {r['median_ns']:.2f} |")


if __name__ == "__main__":
    main()
