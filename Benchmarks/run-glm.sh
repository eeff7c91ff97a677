#!/usr/bin/env bash
# Generalized linear models: GeneralizedLinearModel<Poisson>.fit (MLE and MAP)
# vs statsmodels GLM (IRLS; fit_regularized for MAP) and scikit-learn
# PoissonRegressor(lbfgs), and GeneralizedLinearModel<Normal>.fit vs
# numpy.linalg.lstsq, on the same seeded data (glm_peer.py writes it once per
# size), one table per size.
#
#   Benchmarks/run-glm.sh
#
# Knobs: SIZES (rows, comma-separated; 200000,1000000), FEATURES (50), REPS (3,
# ProbKit, scikit-learn, numpy), SM_REPS (1, statsmodels), SIGMA (1, the
# prior's σ; scikit-learn's alpha = 1/(n σ²)), SK_TOL (1e-6), PYTHON (python3).
# Single-threaded: OpenBLAS, OpenMP and MKL are pinned to one thread on both
# sides. OPENBLAS_CORETYPE passes through (this machine's OpenBLAS may pick
# its Prescott kernels; see Docs/Performance.md).
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
SIZES=${SIZES:-200000,1000000}
FEATURES=${FEATURES:-50}
REPS=${REPS:-3}
SM_REPS=${SM_REPS:-1}
SIGMA=${SIGMA:-1}
SK_TOL=${SK_TOL:-1e-6}
PYTHON=${PYTHON:-python3}
DATA="$BENCH/.build/glm-data"
OUT="$BENCH/.build/glm-results"
mkdir -p "$DATA" "$OUT"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
swift build -c release --package-path "$BENCH" --scratch-path "$BENCH/.build" \
  --product glm-benchmark >&2
for ROWS in ${SIZES//,/ }; do
  "$PYTHON" "$BENCH/glm_peer.py" generate --data "$DATA" --rows "$ROWS" --features "$FEATURES"
  "$BENCH/.build/release/glm-benchmark" --data "$DATA" --rows "$ROWS" --reps "$REPS" \
    --sigma "$SIGMA" >"$OUT/probkit-$ROWS.json"
  "$PYTHON" "$BENCH/glm_peer.py" run --data "$DATA" --rows "$ROWS" --reps "$REPS" \
    --sm-reps "$SM_REPS" --sigma "$SIGMA" --tol "$SK_TOL" >"$OUT/peer-$ROWS.json"
  "$PYTHON" "$BENCH/glm_peer.py" table --data "$DATA" --rows "$ROWS" --sigma "$SIGMA" \
    "$OUT/probkit-$ROWS.json" "$OUT/peer-$ROWS.json"
  echo
done
