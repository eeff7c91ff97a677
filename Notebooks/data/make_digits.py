#!/usr/bin/env python3
"""Writes digits.csv (beside this script) from scikit-learn's bundled digits.

The data are the UCI "Optical Recognition of Handwritten Digits" test set
(E. Alpaydin and C. Kaynak, 1998), 1,797 images of 8 x 8 pixels with values
0..16, as shipped in scikit-learn (no download). Run once; the CSV is
committed, and the notebooks that read it need no Python:

    python3 Notebooks/data/make_digits.py
"""

import csv
from pathlib import Path

from sklearn.datasets import load_digits


def main() -> None:
    digits = load_digits()
    path = Path(__file__).resolve().parent / "digits.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([f"p{j}" for j in range(digits.data.shape[1])] + ["digit"])
        for row, target in zip(digits.data, digits.target):
            writer.writerow([int(value) for value in row] + [int(target)])
    print(f"wrote {path} ({digits.data.shape[0]} rows, {digits.data.shape[1]} pixels)")


if __name__ == "__main__":
    main()
