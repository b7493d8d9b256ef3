"""Benchmark: validate a synthetic 1,000,000-row table in the observation shape.

    python benchmarks/validate_million.py [--rows N] [--skip-frictionless]

Writes a scratch copy of raw/ whose accidents.csv holds N synthetic rows (every
column filled the way curators fill it, every excerpt stating its number), then
times ``kuzbass-data``'s raw checks in a child process and reports its peak
memory. For comparison it times ``frictionless`` validating the same CSV against
the same Table Schema. Budget: 10 s and 2 GiB for the raw checks.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 10.0
BUDGET_BYTES = 2 * 1024**3

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from kuzbass_data.validate import check_raw
checked, problems = check_raw(Path(sys.argv[1]))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "rows": sum(t.n for t in checked.values()), "problems": len(problems),
                  "first": [str(p) for p in problems[:3]],
                  "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def write_synthetic(path: Path, rows: int) -> None:
    """The real accidents.csv followed by synthetic valid rows, ``rows`` in all."""
    real = path.read_text(encoding="utf-8").splitlines()[1:]
    places = ["kuzbass", "kemerovo", "prokopyevsk", "kemerovo; prokopyevsk"]
    kinds = ["all_accidents", "gas_explosion", "methane_explosion", "gas_explosion; underground_fire"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "measure", "place", "mine", "kind", "period_start", "period_end", "period_precision", "season",
                         "value", "value_low", "value_high", "unit", "qualifier", "status", "source_id", "footnote", "excerpt", "note"])
        handle.write("".join(line + "\n" for line in real))
        for i in range(rows - len(real)):
            year = 1925 + i % 25
            value = 1000 + (i * 7919) % 90000
            more = i % 5 == 0
            writer.writerow([
                f"synthetic-accidents-{i}", "accidents_reported", places[i % 4], "central_mine" if i % 3 == 0 else "", kinds[i % 4],
                str(year), str(year), "year", "",
                str(value), str(value) if more else "", "", "accidents", "more_than" if more else "approximate", "outcome",
                "landau-2015", str(1 + i % 58),
                f"In {year} {'more than' if more else 'about'} {value:,} accidents were reported in register entry {i}.",
                "Synthetic row for the benchmark." if i % 2 else "",
            ])


def run_raw_checks(root: Path) -> dict:
    """Run the raw checks in a child process; its time, rows, problems and peak memory."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, check=True, cwd=REPO).stdout
    return json.loads(out)


def run_frictionless(root: Path) -> float:
    """Seconds frictionless takes to validate the same CSV against the same Table Schema."""
    import frictionless

    sys.path.insert(0, str(REPO))
    from kuzbass_data.schema import get_table
    from kuzbass_data.schema.frictionless import table_schema

    schema = table_schema(get_table("accidents"))
    schema.pop("foreignKeys")  # the resource is validated on its own, outside the package
    start = time.perf_counter()
    report = frictionless.Resource(path="accidents.csv", basepath=str(root / "raw"), schema=frictionless.Schema.from_descriptor(schema)).validate(limit_errors=10)
    elapsed = time.perf_counter() - start
    if not report.valid:
        print("  frictionless found errors:", report.flatten(["rowNumber", "fieldName", "type"])[:3])
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-frictionless", action="store_true")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="kuzbass-bench-"))
    try:
        shutil.copytree(REPO / "raw", scratch / "raw")
        start = time.perf_counter()
        write_synthetic(scratch / "raw" / "accidents.csv", args.rows)
        size = (scratch / "raw" / "accidents.csv").stat().st_size
        print(f"synthetic accidents.csv: {args.rows:,} rows, {size / 1024**2:.0f} MiB (written in {time.perf_counter() - start:.1f} s)")

        result = run_raw_checks(scratch)
        ok_time = result["seconds"] <= BUDGET_SECONDS
        ok_memory = result["peak_bytes"] <= BUDGET_BYTES
        print(f"kuzbass-data raw checks: {result['seconds']:.2f} s, peak {result['peak_bytes'] / 1024**3:.2f} GiB, "
              f"{result['rows']:,} rows checked, {result['problems']} problems")
        for line in result["first"]:
            print("  ", line)
        print(f"  budget {BUDGET_SECONDS:.0f} s: {'met' if ok_time else 'MISSED'}; budget 2 GiB: {'met' if ok_memory else 'MISSED'}")
        if not args.skip_frictionless:
            seconds = run_frictionless(scratch)
            print(f"frictionless validate (same CSV, same Table Schema): {seconds:.1f} s")
        return 0 if ok_time and ok_memory and result["problems"] == 0 else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
