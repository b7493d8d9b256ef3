"""Benchmark: where the time of ``kuzbass-data validate`` goes, step by step, on a large valid contribution.

    python benchmarks/gate_steps.py [--rows N]

Builds a copy of the repository whose accidents.csv holds N raw rows (default 20,000, the contribution of the budgets; the added
rows are a valid contribution from invented open sources, ``synthetic.py``, INVENTED TEST DATA),
then runs the steps of ``validate`` one after another in one process and prints the seconds of
each and its share. The steps are those of ``kuzbass_data.gate.validate``: reading raw/
(hygiene and pandera), the row and key rules, the registry, the excerpts against their sources,
the meaning checks of each row, the identity and conflict checks, the footnote convention, the
published files and staleness. Every step must find nothing: the contribution is valid.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from budgets import cli, scratch_copy
from synthetic import add_contribution

T = TypeVar("T")


def main() -> None:
    """Time each step of the gate on a synthetic contribution and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="raw rows of accidents.csv in all")
    args = parser.parse_args()
    root = scratch_copy()
    try:
        add_contribution(root, args.rows)
        subprocess.run([*cli(), "build", str(root)], check=True, stdout=subprocess.DEVNULL)
        times = steps(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    total = sum(times.values())
    for name, seconds in times.items():
        print(f"{name:<50} {seconds:7.2f} s {100 * seconds / total:5.1f}%")
    print(f"{'all steps, ' + format(args.rows, ',') + ' raw rows':<50} {total:7.2f} s")


def steps(root: Path) -> dict[str, float]:
    """Seconds of each step of ``validate`` on ``root``, in the order ``validate`` runs them."""
    times: dict[str, float] = {}

    def timed(name: str, step: Callable[[], T], *, strict: bool = True) -> T:
        start = time.perf_counter()
        found = step()
        times[name] = time.perf_counter() - start
        if strict and isinstance(found, list) and found:
            raise SystemExit(f"{name}: {len(found)} problems on a valid contribution, e.g. {found[0]}")
        return found

    start = time.perf_counter()
    from kuzbass_data.gate.conflicts import check_conflicts
    from kuzbass_data.gate.identity import check_identity
    from kuzbass_data.gate.provenance import check_sources
    from kuzbass_data.gate.published import check_published
    from kuzbass_data.gate.readings import check_readings
    from kuzbass_data.gate.review import check_root
    from kuzbass_data.gate.semantics import check_footnotes
    from kuzbass_data.gate.validate import check_raw
    from kuzbass_data.publish.build import check

    times["imports"] = time.perf_counter() - start
    checked, problems = check_raw(root)
    times["read raw/: hygiene, pandera, row and key rules"] = time.perf_counter() - start - times["imports"]
    if problems:
        raise SystemExit(f"raw/: {len(problems)} problems on a valid contribution, e.g. {problems[0]}")
    rows = timed("rows as records", lambda: {name: table.records() for name, table in checked.items()})
    timed("registry (no base)", lambda: check_root(root, None, against_base=False))
    data = {name: records for name, records in rows.items() if name != "sources"}
    found, coverage = timed("excerpts against their sources", lambda: check_sources(data, rows.get("sources", []), [], root))
    # The reading checks of each row find the few problems that audit/acknowledgements.csv silences.
    timed("marked readings of each row against its excerpt", lambda: check_readings(rows), strict=False)
    timed("identity (duplicates, look-alike ids, labels)", lambda: check_identity(rows))
    timed("conflicts", lambda: check_conflicts(rows))
    timed("footnote convention (open texts)", lambda: check_footnotes(rows, coverage.texts))
    timed("published files", lambda: check_published(root))
    timed("staleness (build --check)", lambda: check(root, checked))
    if found:
        raise SystemExit(f"sources: {len(found)} problems on a valid contribution, e.g. {found[0]}")
    return times


if __name__ == "__main__":
    main()
