#!/usr/bin/env bash
# Benchmarks ProbKit's random sources against numpy's default_rng (PCG64) and
# prints one combined Markdown table: rows = operation x algorithm; columns =
# ProbKit ns/draw, numpy PCG64 ns/draw, ratio ProbKit / numpy.
#
#   Benchmarks/run-rng.sh            # from the repository root (or anywhere)
#
# Environment knobs (defaults in brackets):
#   DRAWS [10000000]    draws per repetition (Swift single draws and both bulk paths)
#   SCALAR_DRAWS [1000000]  numpy scalar calls per repetition
#   REPS [5]            repetitions per figure (see STAT)
#   ALGORITHMS [all]    comma-separated subset, e.g. mt19937,taus2
#   STAT [median]       median or best (minimum) of the repetitions, for both sides
#   PYTHON [python3]    interpreter with numpy 2.x
#
# Everything runs single-threaded, one benchmark after the other: the random
# generators never use threads, and no BLAS call is involved (the thread
# variables below are pinned to 1 only so that nothing else competes).
# Raw JSON results are kept in Benchmarks/.build/rng-results/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/Benchmarks"
SCRATCH="$BENCH/.build"
OUT="$SCRATCH/rng-results"
PYTHON=${PYTHON:-python3}
export DRAWS=${DRAWS:-10000000}
SCALAR_DRAWS=${SCALAR_DRAWS:-1000000}
REPS=${REPS:-5}
STAT=${STAT:-median}
case "$STAT" in median | best) ;; *) echo "STAT must be median or best" >&2; exit 2 ;; esac
export STAT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

mkdir -p "$OUT"

echo "== building rng-benchmark (release)" >&2
swift build -c release --package-path "$BENCH" --scratch-path "$SCRATCH" --product rng-benchmark >&2
BIN="$(swift build -c release --package-path "$BENCH" --scratch-path "$SCRATCH" --show-bin-path)/rng-benchmark"

swift_args=(--draws "$DRAWS" --reps "$REPS" --json)
if [[ -n "${ALGORITHMS:-}" ]]; then swift_args+=(--algorithms "$ALGORITHMS"); fi

echo "== ProbKit (Swift): $BIN ${swift_args[*]}" >&2
"$BIN" "${swift_args[@]}" >"$OUT/probkit.json"

echo "== numpy: $PYTHON $BENCH/numpy_rng.py" >&2
"$PYTHON" "$BENCH/numpy_rng.py" --draws "$DRAWS" --scalar-draws "$SCALAR_DRAWS" --reps "$REPS" --json \
  >"$OUT/numpy.json"

"$PYTHON" - "$OUT/probkit.json" "$OUT/numpy.json" <<'PY'
import datetime, json, os, sys

probkit = json.load(open(sys.argv[1]))
numpy = json.load(open(sys.argv[2]))
np_bulk = {r["operation"]: r for r in numpy["results"] if r["mode"] == "bulk"}
np_scalar = {r["operation"]: r for r in numpy["results"] if r["mode"] == "scalar"}

# ProbKit operation -> (row label, numpy bulk counterpart, numpy scalar counterpart)
operations = {
    "next": ("`next()` 64 bits", "next", "next"),
    "uniform": ("`nextUniform()`", "uniform", "uniform"),
    "normal": ("`nextStandardNormal()`", "normal", "normal"),
    "exponential": ("`nextStandardExponential()`", "exponential", "exponential"),
    "fillUniform": ("`fillUniform` (1e6 buffer)", "uniform", None),
    "fillNormal": ("`fillStandardNormal` (1e6 buffer)", "normal", None),
    "intRandom0to6": ("`Int.random(in: 0..<6, using:)`", "intRandom0to6", "intRandom0to6"),
}

def fmt(x):
    return f"{x:.2f}" if x < 10 else (f"{x:.1f}" if x < 100 else f"{x:.0f}")

reps = probkit["results"][0]["reps"]
stat = os.environ.get("STAT", "median")
field = f"{stat}_ns"
print(f"ProbKit `RandomSource` vs numpy {numpy['numpy']} `default_rng` (PCG64), "
      f"{stat} ns per draw of {reps} repetitions, single-threaded, "
      f"{datetime.date.today().isoformat()}, {os.cpu_count()} CPUs.")
print()
print("| operation | algorithm | ProbKit ns/draw | numpy PCG64 ns/draw | ratio ProbKit / numpy "
      "| numpy scalar ns/call | ratio ProbKit / numpy scalar |")
print("|:--|:--|--:|--:|--:|--:|--:|")
for key, (label, bulk_key, scalar_key) in operations.items():
    for r in (r for r in probkit["results"] if r["operation"] == key):
        pk = r[field]
        nb = np_bulk[bulk_key][field]
        cells = [label, r["algorithm"], fmt(pk), fmt(nb), f"{pk / nb:.2f}"]
        if scalar_key:
            ns = np_scalar[scalar_key][field]
            cells += [fmt(ns), f"{pk / ns:.3f}"]
        else:
            cells += ["–", "–"]
        print("| " + " | ".join(cells) + " |")
print()
print("numpy counterparts (bulk = one call per 1e6 values; scalar = one Python call per value):")
print()
for key, (label, bulk_key, scalar_key) in operations.items():
    if not any(r["operation"] == key for r in probkit["results"]):
        continue
    line = f"- {label}: bulk `rng.{np_bulk[bulk_key]['call']}`"
    if scalar_key:
        line += f"; scalar `rng.{np_scalar[scalar_key]['call']}`"
    print(line)
loop = np_scalar.get("emptyLoop")
if loop:
    print(f"- Python loop overhead alone (no draw): {fmt(loop[field])} ns per iteration")
capped = [r for r in probkit["results"] if r["draws"] < int(os.environ["DRAWS"])]
if capped:
    cases = ", ".join(f"{r['algorithm']} {r['operation']} ({r['draws']:,})" for r in capped)
    print(f"- ProbKit repetitions capped at about 1 s (draws per repetition): {cases}")
PY
