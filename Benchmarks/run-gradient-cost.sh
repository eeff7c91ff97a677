#!/usr/bin/env bash
# One softmax-regression gradient evaluation against the two matrix products it
# needs (see gradient_cost.c). Single-threaded OpenBLAS.
#
#   Benchmarks/run-gradient-cost.sh [ROWS]
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
CC=${CC:-clang}  # the compiler SwiftPM builds the C target with
mkdir -p "$BENCH/.build"
"$CC" -O2 -I "$ROOT/Sources/CKernels/include" "$BENCH/gradient_cost.c" \
  "$ROOT"/Sources/CKernels/*.c -lopenblas -lm -o "$BENCH/.build/gradient-cost"
OPENBLAS_NUM_THREADS=1 "$BENCH/.build/gradient-cost" "$@"
