"""Differential fixtures for ProbKit's CSV reader: random well-formed CSV
texts written by Python's csv module and the records its reader returns.

Fields mix commas, quotes, CR, LF, CRLF, spaces, tabs, non-ASCII text
(accents, CJK, emoji), numbers and empty strings; each file is written with
QUOTE_MINIMAL or QUOTE_ALL and LF or CRLF line ends, sometimes without a
final line end. Rows whose only field is blank are left out (ProbKit skips
blank lines, as pandas does; csv returns them).

Writes Tests/ProbKitDataTests/Fixtures/csv_differential.json:
{"python": version, "cases": [{"text": str, "records": [[str]]}]}
Run: python3 Tests/Reference/generate_csv.py
"""

import csv
import io
import json
import os
import platform
import random

PIECES = [",", '"', "\n", "\r\n", "\r", " ", "\t", "é", "中文", "😀", "a", "bc", "1.5", "-2e3", ""]


def field(rng):
    kind = rng.random()
    if kind < 0.3:
        return repr(rng.gauss(0, 100))
    if kind < 0.4:
        return ""
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))


def case(rng):
    width = rng.randint(1, 5)
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    terminator = rng.choice(["\n", "\r\n"])
    # csv leaves a lone CR unquoted when the line end is LF: not RFC 4180
    # (ProbKit refuses it; csv reads it as a line end), so none is written.
    bare_cr = quoting == csv.QUOTE_MINIMAL and terminator == "\n"
    rows = [[f"c{j}" for j in range(width)]]
    for _ in range(rng.randint(0, 8)):
        row = [field(rng) for _ in range(width)]
        if bare_cr:
            row = [value.replace("\r", "") for value in row]
        if width == 1 and row[0].strip(" \t") == "" and row[0] != "":
            continue
        rows.append(row)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=quoting, lineterminator=terminator)
    writer.writerows(rows)
    text = buffer.getvalue()
    if rng.random() < 0.2 and text.endswith("\n"):
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    return {"text": text, "records": records}


def check_rfc4180(text):
    """Every CR outside quotes is followed by LF."""
    inside = False
    for k, ch in enumerate(text):
        if ch == '"':
            inside = not inside
        elif ch == "\r" and not inside:
            assert text[k + 1 : k + 2] == "\n", text


def main():
    rng = random.Random(20261203)
    cases = [case(rng) for _ in range(400)]
    for item in cases:
        check_rfc4180(item["text"])
    path = os.path.join(
        os.path.dirname(__file__), "..", "ProbKitDataTests", "Fixtures", "csv_differential.json"
    )
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"python": platform.python_version(), "cases": cases}, handle, ensure_ascii=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
