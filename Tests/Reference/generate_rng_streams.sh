#!/usr/bin/env bash
# Compiles generate_rng_streams.c against GSL and writes the reference streams
# fixture. Needs gcc and libgsl-dev. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../ProbKitCoreTests/Fixtures/rng-streams.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -std=c11 -o "$work/generate" "$here/generate_rng_streams.c" $(pkg-config --cflags --libs gsl)
"$work/generate" > "$out"
echo "wrote $out"
