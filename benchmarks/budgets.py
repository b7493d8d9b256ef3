"""Benchmark: every speed budget of the package, side by side in one run, with medians.

    python benchmarks/budgets.py [--runs N] [--skip-million]

1. ``kuzbass-data validate .`` <= 0.5 x ``frictionless validate datapackage.json`` (interleaved runs).
   Printed beside it, for scale: ``import pandera.pandas`` and reading raw/ alone (hygiene and the
   pandera gate), the floor of any gate that runs pandera.
2. The real ``kuzbass-data validate`` command, staleness included, on a copy of the repository whose
   accidents.csv holds 100,000 and 1,000,000 raw rows (built first, so the published files are up to
   date): <= 3 s and <= 20 s / 2 GiB; the growth ratio shows whether cost is linear. The added rows
   are a valid contribution from invented open sources (``synthetic.py``, INVENTED TEST DATA): they
   pass every check, the meaning checks included, so the whole gate is timed.
3. ``python -c "import kuzbass_data as kd; kd.load('coal_output')"`` <= 1.05 x ``python -c "import pandas"``.
4. ``kuzbass-data list`` <= 0.1 s.
5. Hostile inputs of 10 MB in raw/ (floods, binary, broken structure): each <= 10 s and <= 500 MB.

Every command runs in a fresh interpreter; peak memory is the child's maximum resident set
(GNU time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from synthetic import add_contribution

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
GNU_TIME = Path("/usr/bin/time")


def run(command: list[str], cwd: Path = REPO) -> tuple[float, int, int]:
    """Wall-clock seconds, peak memory in bytes (0 when unknown) and exit status of one run."""
    prefix = [str(GNU_TIME), "-f", "%M"] if GNU_TIME.exists() else []
    start = time.perf_counter()
    done = subprocess.run([*prefix, *command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) * 1024 if prefix and lines and lines[-1].isdigit() else 0
    return seconds, peak, done.returncode


def interleaved(a: list[str], b: list[str], runs: int) -> tuple[float, float]:
    """Medians of ``a`` and ``b``, run alternately so that a drifting load hits both alike."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run(a)[0])
        tb.append(run(b)[0])
    return statistics.median(ta), statistics.median(tb)


def cli() -> list[str]:
    """The installed ``kuzbass-data`` console script, or the module as a fallback."""
    script = shutil.which("kuzbass-data", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "kuzbass_data.cli"]


def scratch_copy() -> Path:
    """A copy of what ``validate`` reads (raw/, registry, proofs, exceptions, published files) in a temporary folder."""
    root = Path(tempfile.mkdtemp(prefix="kuzbass-bench-"))
    for folder in ("raw", "registry", "proofs", "audit"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copytree(REPO / "kuzbass_data" / "data", root / "kuzbass_data" / "data")
    shutil.copy(REPO / "datapackage.json", root / "datapackage.json")
    return root


def _rows(valid: bytes, change: Callable[[bytes, int], bytes]) -> bytes:
    """About 10 MB of rows made from the first data row of ``valid``."""
    header, row = valid.split(b"\n")[:2]
    body = b"\n".join(change(row, i) for i in range(10 * MB // (len(row) + 1)))
    return header + b"\n" + body + b"\n"


def _renamed(row: bytes, new_id: str) -> bytes:
    return new_id.encode() + row[row.index(b",") :]


HOSTILE: dict[str, Callable[[bytes], bytes]] = {
    "10 MB of valid rows": lambda v: _rows(v, lambda r, i: _renamed(r, f"row-{i}")),
    "10 MB of rows failing 2 checks each": lambda v: _rows(v, lambda r, i: _renamed(r, f"Row_{i}").replace(b",output,", b",Output,")),
    "10 MB of escapes in notes": lambda v: _rows(v, lambda r, i: _renamed(r, f"row-{i}") + b"\x1b[2J"),
    "one 10 MB unterminated cell": lambda v: v.split(b"\n")[0] + b'\na,"' + b"x" * (10 * MB),
    "10 MB of random bytes": lambda v: v.split(b"\n")[0] + b"\n" + os.urandom(10 * MB),
    "10 MB of empty lines": lambda v: v.split(b"\n")[0] + b"\n" + b"\n" * (10 * MB),
    "10 MB of bare CRs": lambda v: v.split(b"\n")[0] + b"\n" + b"\r" * (10 * MB),
    "10 MB of ragged rows": lambda v: v.split(b"\n")[0] + b"\n" + b"a,b\n" * (10 * MB // 4),
    "a 10 MB header of unknown names": lambda v: b",".join(f"x{i}".encode() for i in range(10 * MB // 8)) + b"\n",
}


def report(name: str, measured: str, budget: str, met: bool) -> bool:
    """Print one budget line; return whether it was met."""
    print(f"{name:<55} {measured:<50} budget {budget:<16} {'met' if met else 'MISSED'}", flush=True)
    return met


def main() -> int:
    """Run every benchmark; exit 0 when every budget is met."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (medians)")
    parser.add_argument("--skip-million", action="store_true", help="skip the 1,000,000-row run")
    args = parser.parse_args()
    py, kd = sys.executable, cli()
    results: list[bool] = []

    # 1. The gate against Frictionless, on the whole package.
    ours, theirs = interleaved([*kd, "validate", "."], [py, "-m", "frictionless", "validate", "datapackage.json"], args.runs)
    results.append(report("kuzbass-data validate . vs frictionless validate", f"{ours:.2f} s vs {theirs:.2f} s = {ours / theirs:.2f} x", "<= 0.5 x", ours <= 0.5 * theirs))
    for name, code in (
        ("import pandera.pandas", "import pandera.pandas"),
        ("reading raw/ alone (hygiene + pandera)", "from pathlib import Path; from kuzbass_data.intake import read_raw; read_raw(Path('.'))"),
    ):
        part = statistics.median(run([py, "-c", code])[0] for _ in range(args.runs))
        print(f"{'  for scale: ' + name:<55} {part:.2f} s = {part / theirs:.2f} x frictionless validate", flush=True)

    # 2. The real command on large raw tables, staleness included.
    timings: dict[int, float] = {}
    for rows in (100_000,) if args.skip_million else (100_000, 1_000_000):
        root = scratch_copy()
        try:
            add_contribution(root, rows)
            subprocess.run([*kd, "build", str(root)], check=True, stdout=subprocess.DEVNULL)
            seconds, peak, status = run([*kd, "validate", str(root)])
            timings[rows] = seconds
            budget = 3.0 if rows == 100_000 else 20.0
            met = status == 0 and seconds <= budget and (rows == 100_000 or peak <= 2 * 1024**3)
            results.append(
                report(f"kuzbass-data validate, {rows:,} raw rows", f"{seconds:.1f} s, peak {peak / 1024**3:.2f} GiB, exit {status}", f"<= {budget:g} s" + ("" if rows == 100_000 else ", 2 GiB"), met)
            )
        finally:
            shutil.rmtree(root, ignore_errors=True)
    if len(timings) == 2:
        print(f"{'growth from 100,000 to 1,000,000 raw rows':<55} {timings[1_000_000] / timings[100_000]:.1f} x the time for 10 x the rows (linear: about 10)")

    # 3. Loading against importing pandas.
    load, pandas = interleaved([py, "-c", "import kuzbass_data as kd; kd.load('coal_output')"], [py, "-c", "import pandas"], max(args.runs, 7))
    results.append(report("import kuzbass_data + kd.load('coal_output')", f"{load:.3f} s vs import pandas {pandas:.3f} s = {load / pandas:.3f} x", "<= 1.05 x", load <= 1.05 * pandas))

    # 4. The fast command.
    listing = statistics.median(run([*kd, "list"])[0] for _ in range(max(args.runs, 7)))
    results.append(report("kuzbass-data list", f"{listing:.3f} s", "<= 0.1 s", listing <= 0.1))

    # 5. Hostile inputs.
    for name, make in HOSTILE.items():
        root = scratch_copy()
        try:
            path = root / "raw" / "coal_output.csv"
            path.write_bytes(make(path.read_bytes()))
            seconds, peak, status = run([*kd, "validate", str(root)])
            results.append(report(f"hostile input: {name}", f"{seconds:.1f} s, peak {peak / MB:.0f} MB, exit {status}", "<= 10 s, 500 MB", status == 1 and seconds <= 10 and peak <= 500 * MB))
        finally:
            shutil.rmtree(root, ignore_errors=True)

    print(f"{sum(results)} of {len(results)} budgets met")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
