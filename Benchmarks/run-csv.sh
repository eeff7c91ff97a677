#!/usr/bin/env bash
# Reading a 100 MB numeric CSV file (10 columns) into a table: ProbKit's
# CSVTable against pandas.read_csv (C engine) and numpy.loadtxt, in one
# run, single thread (every process pinned to one core), fastest of REPS
# reads each; two files: '%.6f' values (short.csv) and repr(float) values
# with 17 significant digits (repr.csv). csv_peer.py writes the data once.
#
#   Benchmarks/run-csv.sh
#
# Knobs: MEGABYTES (100), REPS (5), CPU (the core to pin to; 0), PYTHON
# (python3, needs numpy and pandas).
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
MEGABYTES=${MEGABYTES:-100}
REPS=${REPS:-5}
CPU=${CPU:-0}
PYTHON=${PYTHON:-python3}
DATA="$BENCH/.build/csv-data"
PIN=(taskset -c "$CPU")
swift build -c release --package-path "$BENCH" --scratch-path "$BENCH/.build" \
  --product csv-benchmark >&2
"$PYTHON" "$BENCH/csv_peer.py" generate --data "$DATA" --megabytes "$MEGABYTES"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(getconf _NPROCESSORS_ONLN) cores; pinned to CPU $CPU"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$BENCH" rev-parse --short HEAD)"
echo
echo "| file | MB | ProbKit MB/s | pandas MB/s | numpy.loadtxt MB/s | ProbKit ÷ pandas | ProbKit ÷ numpy | checksums agree |"
echo "|:--|--:|--:|--:|--:|--:|--:|:--|"
for NAME in short repr; do
  FILE="$DATA/$NAME.csv"
  S=$("${PIN[@]}" "$BENCH/.build/release/csv-benchmark" --file "$FILE" --reps "$REPS")
  P=$("${PIN[@]}" "$PYTHON" "$BENCH/csv_peer.py" run --file "$FILE" --reps "$REPS")
  "$PYTHON" - "$NAME" "$FILE" "$S" "$P" <<'PY'
import json, os, sys
name, path = sys.argv[1], sys.argv[2]
s, p = json.loads(sys.argv[3]), json.loads(sys.argv[4])
a, b, c = s["megabytesPerSecond"], p["pandas"]["megabytesPerSecond"], p["numpy"]["megabytesPerSecond"]
agree = all(abs(s["checksum"] - p[k]["checksum"]) <= 1e-9 * max(1, abs(s["checksum"])) for k in ("pandas", "numpy"))
print(f"| {name}.csv | {os.path.getsize(path) / 1e6:.0f} | {a:.0f} | {b:.0f} | {c:.0f} | {a / b:.2f} | {a / c:.2f} | {'yes' if agree else 'NO'} |")
PY
done
