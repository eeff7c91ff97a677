"""The CSV benchmark's data and its Python peers.

  csv_peer.py generate --data DIR [--megabytes 100]
      writes DIR/short.csv (10 columns of '%.6f' normal draws, sd 10) and
      DIR/repr.csv (10 columns of repr(float): 17 significant digits), each
      about MEGABYTES, with a header row; numpy default_rng(2026).
  csv_peer.py run --file FILE [--reps 5]
      the fastest of REPS reads by pandas.read_csv(engine="c") and by
      numpy.loadtxt, as JSON: {"pandas": {...}, "numpy": {...}} with
      seconds, megabytesPerSecond, rows, columns, checksum.
"""

import argparse
import json
import os
import time

import numpy as np
import pandas as pd


def generate(data, megabytes):
    os.makedirs(data, exist_ok=True)
    rng = np.random.default_rng(2026)
    header = ",".join(f"x{j}" for j in range(10)) + "\n"
    for name, fmt in [("short", "%.6f"), ("repr", None)]:
        path = os.path.join(data, f"{name}.csv")
        if os.path.exists(path) and os.path.getsize(path) > megabytes * 0.9e6:
            continue
        with open(path, "w") as handle:
            handle.write(header)
            written = 0
            while written < megabytes * 1e6:
                block = rng.normal(0, 10, size=(20000, 10))
                if fmt:
                    lines = "\n".join(",".join(fmt % v for v in row) for row in block) + "\n"
                else:
                    lines = "\n".join(",".join(repr(float(v)) for v in row) for row in block) + "\n"
                handle.write(lines)
                written += len(lines)


def timed(read, path, reps):
    best = float("inf")
    values = None
    for _ in range(reps):
        start = time.perf_counter()
        values = read(path)
        best = min(best, time.perf_counter() - start)
    size = os.path.getsize(path)
    return {
        "seconds": best,
        "megabytesPerSecond": size / 1e6 / best,
        "rows": values.shape[0],
        "columns": values.shape[1],
        "checksum": float(np.sum(values)),
    }


def run(path, reps):
    result = {
        "pandas": timed(lambda p: pd.read_csv(p, engine="c").to_numpy(), path, reps),
        "numpy": timed(lambda p: np.loadtxt(p, delimiter=",", skiprows=1), path, reps),
    }
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["generate", "run"])
    parser.add_argument("--data")
    parser.add_argument("--file")
    parser.add_argument("--megabytes", type=float, default=100)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.data, args.megabytes)
    else:
        run(args.file, args.reps)


if __name__ == "__main__":
    main()
