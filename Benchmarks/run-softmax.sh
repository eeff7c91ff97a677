#!/usr/bin/env bash
# Softmax regression: ProbKit's SoftmaxRegression.fit vs scikit-learn's
# LogisticRegression(lbfgs, C = σ² = 1, tol = 1e-6) on the same data, one table.
#
#   Benchmarks/run-softmax.sh
#
# Knobs: REPS (3), SETS (digits,synthetic), OPTIMIZER (automatic|lbfgs|newton),
# PYTHON (python3, needs scikit-learn). Single-threaded: OpenBLAS and OpenMP
# are pinned to one thread on both sides.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPS=${REPS:-3}
SETS=${SETS:-digits,synthetic}
OPTIMIZER=${OPTIMIZER:-automatic}
PYTHON=${PYTHON:-python3}
DATA="$BENCH/.build/softmax-data"
OUT="$BENCH/.build/softmax-results"
mkdir -p "$DATA" "$OUT"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
swift build -c release --package-path "$BENCH" --scratch-path "$BENCH/.build" \
  --product softmax-benchmark >&2
"$PYTHON" "$BENCH/sklearn_softmax.py" --data "$DATA" --reps "$REPS" --sets "$SETS" >"$OUT/sklearn.json"
"$BENCH/.build/release/softmax-benchmark" --data "$DATA" --reps "$REPS" --sets "$SETS" \
  --optimizer "$OPTIMIZER" >"$OUT/probkit.json"
"$PYTHON" - "$OUT" <<'PY'
import json, os, sys, datetime
out = sys.argv[1]
ours = {r["set"]: r for r in json.load(open(os.path.join(out, "probkit.json")))["probkit"]}
peer = json.load(open(os.path.join(out, "sklearn.json")))
print(f"SoftmaxRegression.fit (MAP, σ² = 1, default options) vs scikit-learn {peer['version']} "
      f"LogisticRegression(lbfgs, C = 1, tol = 1e-6); median seconds, single-threaded, "
      f"{datetime.date.today().isoformat()}. Objective f = -Σ log p(y|x) + ‖W‖²/2 on both sides.")
print()
print("| data | ProbKit s | iterations | evaluations | scikit-learn s | iterations | speed-up | ProbKit f | scikit-learn f | f_sklearn - f_ProbKit (relative) |")
print("|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for row in peer["sklearn"]:
    mine = ours[row["set"]]
    gap = (row["objective"] - mine["objective"]) / abs(mine["objective"])
    print(f"| {row['set']} | {mine['seconds']:.3f} | {mine['iterations']} | {mine['evaluations']} | "
          f"{row['seconds']:.3f} | {row['iterations']} | {row['seconds'] / mine['seconds']:.2f}x | "
          f"{mine['objective']:.12g} | {row['objective']:.12g} | {gap:.2g} |")
PY
