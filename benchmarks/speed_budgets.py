"""Benchmark: the three speed budgets, side by side in one run.

    python benchmarks/speed_budgets.py [--runs N]

- ``import kuzbass_data as kd; kd.load('coal_output')`` <= 1.15 x ``import pandas``
- ``kuzbass-data list`` <= 0.25 s (it must not import pandas)
- ``kuzbass-data validate .`` over the whole package <= 3 s

Each command runs in a fresh interpreter N times, interleaved with its baseline;
the best run counts, as is usual for start-up timings (noise only adds time).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def best(command: list[str], runs: int) -> float:
    """The fastest of ``runs`` wall-clock timings of ``command``, in seconds."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        timings.append(time.perf_counter() - start)
    return min(timings)


def cli() -> list[str]:
    """The installed ``kuzbass-data`` console script, or the module as a fallback."""
    script = shutil.which("kuzbass-data", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "kuzbass_data.cli"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable

    pandas_times, load_times = [], []
    for _ in range(args.runs):  # interleaved, so that drifting load hits both alike
        pandas_times.append(best([py, "-c", "import pandas"], 1))
        load_times.append(best([py, "-c", "import kuzbass_data as kd; kd.load('coal_output')"], 1))
    pandas_s, load_s = min(pandas_times), min(load_times)
    ratio = load_s / pandas_s
    list_s = best([*cli(), "list"], args.runs)
    validate_s = best([*cli(), "validate", "."], max(3, args.runs // 2))

    rows = [
        ("import + kd.load('coal_output')", f"{load_s:.3f} s = {ratio:.2f} x import pandas ({pandas_s:.3f} s)", "<= 1.15 x", ratio <= 1.15),
        ("kuzbass-data list", f"{list_s:.3f} s", "<= 0.25 s", list_s <= 0.25),
        ("kuzbass-data validate .", f"{validate_s:.3f} s", "<= 3 s", validate_s <= 3.0),
    ]
    width = max(len(r[0]) for r in rows)
    for name, measured, budget, met in rows:
        print(f"{name:<{width}}  {measured:<45} budget {budget:<10} {'met' if met else 'MISSED'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
