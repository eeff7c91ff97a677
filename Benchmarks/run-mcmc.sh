#!/usr/bin/env bash
# Posterior sampling: effective samples per second of ProbKit's NUTS
# (HMCSampler) against NumPyro's NUTS (JAX on CPU, float64; compile time
# reported apart) and PyMC's NUTS, on the same posteriors (eight schools
# non-centred, logistic regression on 5,000 × 20, a 100-dimensional
# correlated Gaussian; mcmc_peer.py writes the data once) with the same
# settings (4 chains one after the other, 1000 warmup, 1000 draws, target
# acceptance 0.8, diagonal metric), in one run; then one hand-gradient
# evaluation of the logistic regression in Swift against the same loop in C
# (logistic_gradient.c, compiled for Haswell as the Swift models are).
#
#   Benchmarks/run-mcmc.sh
#
# Knobs: MODELS (eight-schools,logistic,gaussian), SIDES (numpyro,pymc),
# KERNELS (fused, fast or loop: the Swift models' hand gradients), PARTS (sampling,
# gradient: either or both), SEED (42), CPU (the
# one core every side is pinned to with taskset; 0), EVALUATIONS (20000, per
# repetition of the gradient timing), PYTHON (python3, needs numpyro, pymc,
# arviz). Single-threaded: every process is pinned to one core; XLA, OpenMP,
# OpenBLAS and MKL are told to use one thread. ESS: ArviZ's bulk ESS of every
# side's draws, computed the same way by mcmc_peer.py table.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
MODELS=${MODELS:-eight-schools,logistic,gaussian}
SIDES=${SIDES:-numpyro,pymc}
KERNELS=${KERNELS:-fused}
SEED=${SEED:-42}
CPU=${CPU:-0}
EVALUATIONS=${EVALUATIONS:-20000}
PYTHON=${PYTHON:-python3}
PARTS=${PARTS:-sampling,gradient}
CC=${CC:-clang}  # the compiler SwiftPM builds C with
DATA="$BENCH/.build/mcmc-data"
OUT="$BENCH/.build/mcmc-results"
mkdir -p "$DATA" "$OUT"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
PIN=(taskset -c "$CPU")
swift build -c release --package-path "$BENCH" --scratch-path "$BENCH/.build" \
  --product mcmc-benchmark >&2
"$CC" -O2 -march=haswell -Wno-psabi "$BENCH/logistic_gradient.c" -lm -o "$BENCH/.build/logistic-gradient"
"$PYTHON" "$BENCH/mcmc_peer.py" generate --data "$DATA"

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(getconf _NPROCESSORS_ONLN) cores; pinned to CPU $CPU"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$BENCH" rev-parse --short HEAD)"
if [[ ,$PARTS, == *,sampling,* ]]; then
rm -f "$OUT"/*.json "$OUT"/*.draws
echo
"${PIN[@]}" "$BENCH/.build/release/mcmc-benchmark" --data "$DATA" --out "$OUT" \
  --models "$MODELS" --seed "$SEED" --kernels "$KERNELS" >"$OUT/probkit.json"
for SIDE in ${SIDES//,/ }; do
  "${PIN[@]}" "$PYTHON" "$BENCH/mcmc_peer.py" run --data "$DATA" --results "$OUT" \
    --side "$SIDE" --models "$MODELS" --seed "$SEED" >"$OUT/$SIDE.json"
done
"$PYTHON" "$BENCH/mcmc_peer.py" table --data "$DATA" --results "$OUT"
fi
[[ ,$PARTS, == *,gradient,* ]] || exit 0

echo
echo "One evaluation of the logistic-regression log density and gradient (5,000 x 20):"
echo
echo "| kernels | Swift µs | C µs | Swift ÷ C |"
echo "|:--|--:|--:|--:|"
for K in loop fast fused library; do
  S=$("${PIN[@]}" "$BENCH/.build/release/mcmc-benchmark" --data "$DATA" --gradient \
    --kernels "$K" --evaluations "$EVALUATIONS")
  C='{"microsecondsPerEvaluation": null}'
  [[ $K == library ]] || C=$("${PIN[@]}" "$BENCH/.build/logistic-gradient" "$DATA" "$K" "$EVALUATIONS")
  "$PYTHON" - "$K" "$S" "$C" <<'PY'
import json, sys
s, c = json.loads(sys.argv[2]), json.loads(sys.argv[3])
a, b = s["microsecondsPerEvaluation"], c["microsecondsPerEvaluation"]
name = "library (GeneralizedLinearModel<Bernoulli>.posteriorDensity)" if sys.argv[1] == "library" else sys.argv[1]
print(f"| {name} | {a:.1f} | " + ("– | – |" if b is None else f"{b:.1f} | {a / b:.2f} |"))
PY
done
