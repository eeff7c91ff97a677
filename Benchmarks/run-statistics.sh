#!/usr/bin/env bash
# Categorical sufficient statistics (a counting pass over [Int] labels):
# ProbKit's Categorical.Statistics vs numpy's bincount, one Markdown table.
#
#   Benchmarks/run-statistics.sh
#
# Knobs: OBSERVATIONS (default 100000000), REPS (7), CATEGORIES (2,6,100,10000),
# PYTHON (python3). Single-threaded; run on an otherwise idle machine.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
OBSERVATIONS=${OBSERVATIONS:-100000000}
REPS=${REPS:-7}
CATEGORIES=${CATEGORIES:-2,6,100,10000}
PYTHON=${PYTHON:-python3}
OUT="$BENCH/.build/statistics-results"
mkdir -p "$OUT"
swift build -c release --package-path "$BENCH" --scratch-path "$BENCH/.build" \
  --product statistics-benchmark >&2
args=(--observations "$OBSERVATIONS" --reps "$REPS" --categories "$CATEGORIES" --json)
"$BENCH/.build/release/statistics-benchmark" "${args[@]}" >"$OUT/probkit.json"
"$PYTHON" "$BENCH/numpy_statistics.py" "${args[@]}" >"$OUT/numpy.json"
"$PYTHON" - "$OUT" "$OBSERVATIONS" <<'PY'
import json, os, sys, datetime
out, n = sys.argv[1], int(sys.argv[2])
probkit = json.load(open(os.path.join(out, "probkit.json")))["probkit"]
numpy = json.load(open(os.path.join(out, "numpy.json")))
by_k = {row["categories"]: row for row in numpy["numpy"]}
print(f"`Categorical.Statistics(labels, categoryCount: k)` vs numpy {numpy['version']} "
      f"`bincount(labels, minlength=k)` with a range check; {n:,} int64 labels, median of "
      f"repetitions, single-threaded, {datetime.date.today().isoformat()}.")
print()
print("| categories k | ProbKit observations/s | numpy observations/s | ratio ProbKit/numpy (speed) | plain Swift sum of the array, values/s |")
print("|--:|--:|--:|--:|--:|")
for row in probkit:
    k = int(row["categories"])
    theirs = by_k[k]["observationsPerSecond"]
    ours = row["observationsPerSecond"]
    print(f"| {k:,} | {ours:.3g} | {theirs:.3g} | {ours / theirs:.2f} | {row['plainSumPerSecond']:.3g} |")
PY
