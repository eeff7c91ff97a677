#!/usr/bin/env bash
# Benchmarks ProbKit's distribution samplers against the same GSL calls made
# from C and against numpy's default_rng (PCG64), and prints one Markdown
# table: distribution | ProbKit ns/draw | GSL C ns/draw | ratio ProbKit/GSL |
# numpy ns/draw | ratio ProbKit/numpy.
#
#   Benchmarks/run-sampling.sh       # from the repository root (or anywhere)
#
# Environment knobs (defaults in brackets):
#   ROUNDS [6]          alternating rounds (see below)
#   DRAWS [2000000]     draws per repetition (single draws, bulk and numpy alike)
#   REPS [5]            repetitions per case and program in each round
#   STAT [median]       median or best (minimum) of the pooled repetitions
#   CASES [all]         comma-separated subset: keys (normal, gamma2.5, ...) or
#                       key/algorithm (normal/mt19937); `sampling-benchmark --list`
#   PYTHON [python3]    interpreter with numpy 2.x
#   CC [gcc]            C compiler for gsl_sampling.c (built with -O2)
#   CPU [auto]          pin every benchmark process to this CPU with taskset;
#                       auto: before each round, the CPU on which a short C
#                       normal loop runs fastest; none: no pinning
#
# This shared VM drifts 10-30% over seconds to minutes, and its two vCPUs are
# often not equally fast: on 2026-11-23 the same loop ran about 1.6x slower on
# one vCPU than on the other for minutes at a time, with both idle in the
# guest, and which one was slow changed. An unpinned process lands on either.
# So each round pins every process to the CPU that is fast at its start, and
# the Swift and C figures are taken close together and alternately: in each
# round every case runs as its own process, C then Swift in odd rounds and
# Swift then C in even ones, then numpy's counterpart. Each figure is the
# median (STAT) of all ROUNDS x REPS repetitions; each ratio is the median over
# rounds of the ratio of that round's figures, taken back to back, which
# cancels most of the drift.
#
# Everything runs single-threaded, one benchmark after the other (no BLAS call
# is involved; the thread variables are pinned to 1 only so that nothing else
# competes). Raw JSON of the last run is kept in Benchmarks/.build/sampling-results/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/Benchmarks"
SCRATCH="$BENCH/.build"
OUT="$SCRATCH/sampling-results"
PYTHON=${PYTHON:-python3}
CC=${CC:-gcc}
ROUNDS=${ROUNDS:-6}
DRAWS=${DRAWS:-2000000}
REPS=${REPS:-5}
STAT=${STAT:-median}
case "$STAT" in median | best) ;; *) echo "STAT must be median or best" >&2; exit 2 ;; esac
export STAT ROUNDS DRAWS REPS
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

rm -rf "$OUT"
mkdir -p "$OUT"

echo "== building sampling-benchmark (release)" >&2
swift build -c release --package-path "$BENCH" --scratch-path "$SCRATCH" --product sampling-benchmark >&2
SWIFT_BIN="$(swift build -c release --package-path "$BENCH" --scratch-path "$SCRATCH" --show-bin-path)/sampling-benchmark"

echo "== building gsl-sampling: $CC -O2 gsl_sampling.c \$(pkg-config --cflags --libs gsl)" >&2
# shellcheck disable=SC2046  # pkg-config's flags are meant to be split
"$CC" -O2 -o "$SCRATCH/gsl-sampling" "$BENCH/gsl_sampling.c" $(pkg-config --cflags --libs gsl)
C_BIN="$SCRATCH/gsl-sampling"

# Pinning: before each round, time a short C loop on each CPU and pin that
# round's processes to the fastest (which CPU is slow changes over time).
CPU=${CPU:-auto}
pin=()
choose_cpu() {
  if [[ "$CPU" == none ]] || ! command -v taskset >/dev/null; then
    pin=()
    echo none >>"$OUT/cpu.txt"
    return
  fi
  local chosen=$CPU best="" cpu ns
  if [[ "$CPU" == auto ]]; then
    for ((cpu = 0; cpu < $(getconf _NPROCESSORS_ONLN); cpu++)); do
      ns=$(taskset -c "$cpu" "$C_BIN" --cases normal/taus2 --draws 1000000 --reps 5 --json 2>/dev/null |
        "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["results"][0]["median_ns"])')
      echo "   CPU $cpu: C normal loop $ns ns/draw" >&2
      if [[ -z "$best" ]] || "$PYTHON" -c "import sys; sys.exit(not $ns < $best)"; then
        best=$ns chosen=$cpu
      fi
    done
  fi
  pin=(taskset -c "$chosen")
  echo "$chosen" >>"$OUT/cpu.txt"
}

list_args=(--list)
if [[ -n "${CASES:-}" ]]; then list_args+=(--cases "$CASES"); fi
mapfile -t ids < <("$SWIFT_BIN" "${list_args[@]}")
if [[ ${#ids[@]} -eq 0 ]]; then echo "no case matches CASES=$CASES" >&2; exit 2; fi
printf '%s\n' "${ids[@]}" >"$OUT/cases.txt"

common=(--draws "$DRAWS" --reps "$REPS" --json)
run_c() { "${pin[@]}" "$C_BIN" "${common[@]}" --cases "$1" >"$2"; }
run_swift() { "${pin[@]}" "$SWIFT_BIN" "${common[@]}" --cases "$1" >"$2"; }

# numpy's counterpart of each case (its vectorised call serves the bulk rows too).
numpy_key() {
  local key=${1%%/*}
  case "$key" in
    bulkNormal) echo normal ;; bulkGamma2.5) echo gamma2.5 ;; dirichletInto1-2-3) echo dirichlet1-2-3 ;;
    *) echo "$key" ;;
  esac
}

for ((round = 1; round <= ROUNDS; round++)); do
  order=$([[ $((round % 2)) -eq 1 ]] && echo "C, Swift" || echo "Swift, C")
  choose_cpu
  echo "== round $round of $ROUNDS (each case: $order, then numpy; ${pin[*]:-not pinned})" >&2
  dir="$OUT/round$round"
  mkdir -p "$dir"
  declare -A numpy_done=()
  for id in "${ids[@]}"; do
    file=${id//\//_}
    if ((round % 2 == 1)); then
      run_c "$id" "$dir/c-$file.json"
      run_swift "$id" "$dir/swift-$file.json"
    else
      run_swift "$id" "$dir/swift-$file.json"
      run_c "$id" "$dir/c-$file.json"
    fi
    key=$(numpy_key "$id")
    if [[ -z "${numpy_done[$key]:-}" ]]; then
      "${pin[@]}" "$PYTHON" "$BENCH/numpy_sampling.py" --draws "$DRAWS" --reps "$REPS" --cases "$key" --json \
        >"$dir/numpy-$key.json"
      numpy_done[$key]=1
    fi
  done
  unset numpy_done
done

"$PYTHON" - "$OUT" <<'PY'
import datetime, glob, json, os, statistics, sys

out = sys.argv[1]
stat = os.environ["STAT"]
cpus = open(os.path.join(out, "cpu.txt")).read().split()
pinned = ("not pinned" if "none" in cpus else
          f"pinned to CPU {cpus[0]}" if os.environ.get("CPU", "auto") != "auto" else
          "each round pinned to the CPU where a short C loop ran fastest (" + ", ".join(cpus) + ")")
rounds = sorted(glob.glob(os.path.join(out, "round*")), key=lambda d: int(d.rsplit("round", 1)[1]))

def load(pattern):
    rows = []
    for d in rounds:
        for path in sorted(glob.glob(os.path.join(d, pattern))):
            document = json.load(open(path))
            for r in document["results"]:
                rows.append(dict(r, round=d, document=document))
    return rows

swift, c, numpy = load("swift-*.json"), load("c-*.json"), load("numpy-*.json")
np_version = numpy[0]["document"]["numpy"] if numpy else "?"
gsl_version = c[0]["document"].get("gsl", "?") if c else "?"

def ident(r):
    return (r["case"], r["algorithm"])

def pooled(rows):
    values = [v for r in rows for v in r["per_rep_ns"]]
    return statistics.median(values) if stat == "median" else min(values)

def per_round(r):
    return r[f"{stat}_ns"]

def fmt(x):
    return f"{x:.2f}" if x < 10 else (f"{x:.1f}" if x < 100 else f"{x:.0f}")

labels = {
    "normal": "Normal(0, 1)",
    "gamma2.5": "Gamma(shape 2.5, rate 1)",
    "gamma0.5": "Gamma(shape 0.5, rate 1)",
    "beta2-3": "Beta(2, 3)",
    "beta0.5-0.5": "Beta(0.5, 0.5) †",
    "exponential": "Exponential(1)",
    "poisson3.5": "Poisson(3.5)",
    "poisson100": "Poisson(100)",
    "bernoulli0.3": "Bernoulli(0.3)",
    "dirichlet1-2-3": "Dirichlet(1, 2, 3), per 3-vector",
    "dirichletInto1-2-3": "Dirichlet(1, 2, 3), per 3-vector, `sample(into:)`",
    "bulkNormal": "Normal(0, 1), `sample(count: 1e6)`",
    "bulkGamma2.5": "Gamma(2.5, 1), `sample(count: 1e6)`",
}
numpy_key = {"bulkNormal": "normal", "bulkGamma2.5": "gamma2.5", "dirichletInto1-2-3": "dirichlet1-2-3"}
numpy_call = {r["case"]: r["call"] for r in numpy}

# Table order: sampling-benchmark's case order (--list), single draws with
# taus2 first, then mt19937, then the bulk rows.
listed = [tuple(line.split("/")) for line in open(os.path.join(out, "cases.txt")).read().split()]
order = sorted(listed, key=lambda k: (k[0].startswith("bulk"), k[1] != "taus2", listed.index(k)))

print(f"ProbKit `d.sample(using:)` vs the same GSL call from C (gcc -O2, GSL {gsl_version}) "
      f"vs numpy {np_version} `default_rng(42)` (PCG64, vectorised, 1e6 per call); "
      f"{stat} ns per draw over {len(rounds)} alternating rounds x {swift[0]['reps']} repetitions "
      f"of {swift[0]['draws']:,} draws, single-threaded, {datetime.date.today().isoformat()}, "
      f"{os.cpu_count()} CPUs, {pinned}.")
print()
print("| distribution | ProbKit ns/draw | GSL C ns/draw | ratio ProbKit/GSL | numpy ns/draw | ratio ProbKit/numpy |")
print("|:--|--:|--:|--:|--:|--:|")
spreads, mismatches = [], []
for key, algorithm in order:
    s_rows = [r for r in swift if ident(r) == (key, algorithm)]
    c_rows = [r for r in c if ident(r) == (key, algorithm)]
    n_rows = [r for r in numpy if r["case"] == numpy_key.get(key, key)]
    pk, gc = pooled(s_rows), pooled(c_rows)
    # Paired ratio: each round's Swift and C runs were back to back.
    by_round = {r["round"]: r for r in c_rows}
    pairs = [per_round(r) / per_round(by_round[r["round"]]) for r in s_rows if r["round"] in by_round]
    ratio = statistics.median(pairs)
    spreads.append((key, algorithm, min(pairs), max(pairs)))
    for r in s_rows:
        if r["round"] in by_round and r["checksum"] != by_round[r["round"]]["checksum"]:
            mismatches.append((key, algorithm))
            break
    label = f"{labels.get(key, key)} · {algorithm}"
    cells = [label, fmt(pk), fmt(gc), f"{ratio:.2f}"]
    if n_rows:
        npv = pooled(n_rows)
        np_by_round = {r["round"]: r for r in n_rows}
        np_pairs = [per_round(r) / per_round(np_by_round[r["round"]]) for r in s_rows
                    if r["round"] in np_by_round]
        cells += [fmt(npv), f"{statistics.median(np_pairs):.2f}"]
    else:
        cells += ["–", "–"]
    print("| " + " | ".join(cells) + " |")
print()
print("Notes:")
print()
print("- ProbKit: `d.sample(using: source)` in a non-inlined loop (bulk rows: "
      "`d.sample(count: 1_000_000, using: source)`, a fresh array per call), "
      "`RandomSource(seed: 42, algorithm:)`. GSL C: the GSL sampler the ProbKit type calls, "
      "with `gsl_rng_set(r, 42)` on the same generator (bulk rows: malloc, fill, free). "
      "numpy's figure is the same vectorised call for single and bulk rows, with PCG64 "
      "for every generator row.")
numpy_order = list(dict.fromkeys(numpy_key.get(k, k) for k, _ in order if numpy_key.get(k, k) in numpy_call))
print("- numpy calls: " + "; ".join(f"{k} `rng.{numpy_call[k]}`" for k in numpy_order) + ".")
print("- Both ratios are medians over rounds of the ratio of the figures taken in that round "
      "(C and Swift back to back, numpy right after), which cancels most of the machine's drift; "
      "the ProbKit/GSL ratio's range over rounds: "
      + ", ".join(f"{k}/{a} {lo:.2f}–{hi:.2f}" for k, a, lo, hi in spreads) + ".")
same = [f"{k}/{a}" for k, a in order if (k, a) not in mismatches]
print(f"- Identical draws (checksums of ProbKit and C equal in every round): {', '.join(same) or 'none'}.")
if mismatches:
    print(f"- Checksums differ: {', '.join(f'{k}/{a}' for k, a in mismatches)}"
          " — UNEXPECTED: ProbKit and C did not draw the same numbers.")
print("- † ProbKit runs its own log-space Jöhnk algorithm only when min(α, β) < 0.05; "
      "at 0.5 both columns are `gsl_ran_beta` (Jöhnk with `pow`), so the draws are identical.")
PY
