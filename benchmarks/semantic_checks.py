"""Speed of the semantic, identity and conflict checks at scale (not a test: run it by hand).

    python benchmarks/semantic_checks.py [PATH-TO-SOURCE-TEXT]

Scales today's raw/ data up to about 20,000 rows (every row copied under new ids, so every copy
is also a duplicate fact), then 2,000 hostile rows whose excerpts are floods of numbers.
"""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

from kuzbass_data.gate.semantics import check_semantics

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print the time of each run."""
    tables = {}
    for path in sorted((ROOT / "raw").glob("*.csv")):
        rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        tables[path.stem] = [(i + 2, row) for i, row in enumerate(rows)]
    big = {}
    for name, rows in tables.items():
        if name in ("sources", "conflicts"):
            big[name] = rows
            continue
        big[name] = [(k * len(rows) + line, {**row, "id": f"{row['id']}-copy-{k}"}) for k in range(300) for line, row in rows]
    texts = {"landau-2015": Path(sys.argv[1]).read_text(encoding="utf-8")} if len(sys.argv) > 1 else None
    start = time.perf_counter()
    result = check_semantics(big, texts)
    print(f"{sum(len(v) for v in big.values())} rows: {time.perf_counter() - start:.2f} s, {len(result.problems)} problems")
    base = tables["workforce"][0][1]
    hostile = {"workforce": [(i + 2, {**base, "id": f"h-{i}", "value": "1", "excerpt": "1 " * 100 + str(i)}) for i in range(2000)]}
    start = time.perf_counter()
    result = check_semantics(hostile)
    print(f"2000 rows of 100 numbers each: {time.perf_counter() - start:.2f} s, {len(result.problems)} problems")


if __name__ == "__main__":
    main()
