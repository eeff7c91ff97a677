#!/usr/bin/env python3
"""Time numpy's counting pass: the peer of Categorical.Statistics(labels, categoryCount:).

For each category count k, builds int64 labels in 0..<k (a SplitMix64 stream
modulo k, like statistics-benchmark) and times ``np.bincount(labels,
minlength=k)`` plus the range check a fair comparison needs
(``labels.min() >= 0 and labels.max() < k``, since ProbKit validates every
label). Prints observations per second, the median over repetitions, as JSON
with --json.
"""

import argparse
import json
import statistics
import time

import numpy as np


def splitmix_labels(count, k):
    """SplitMix64 outputs modulo k, vectorised (uint64 arithmetic wraps)."""
    golden = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        state = (np.arange(1, count + 1, dtype=np.uint64) * golden) + golden
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z % np.uint64(k)).astype(np.int64)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=100_000_000)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--categories", default="2,6,100,10000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for k in [int(x) for x in args.categories.split(",")]:
        labels = splitmix_labels(args.observations, k)
        times = []
        for _ in range(args.reps):
            start = time.perf_counter()
            if labels.min() < 0 or labels.max() >= k:
                raise SystemExit("label out of range")
            counts = np.bincount(labels, minlength=k)
            times.append(time.perf_counter() - start)
            assert counts.sum() == args.observations
        median = statistics.median(times)
        rows.append({"categories": k, "seconds": median,
                     "observationsPerSecond": args.observations / median})
    if args.json:
        print(json.dumps({"numpy": rows, "version": np.__version__}, sort_keys=True))
    else:
        for row in rows:
            print(f"k={row['categories']}: {row['observationsPerSecond']:.3g} observations/s")


if __name__ == "__main__":
    main()
