"""A seeded uniform random sample of mutmut's mutants of the gate, the build and the loader, and its score.

Mutating everything (about 7,900 mutants, each survivor rerunning every test that covers its function)
takes days on a two-core machine, so the mutation score is estimated from a sample. Run from the
repository root, after ``mutmut run`` has generated the mutants once:

    python tests/mutation/sample.py                  # the sample's names, one a line
    mutmut run --max-children 1 $(python tests/mutation/sample.py)   # the entry point, not python -m
    python tests/mutation/sample.py --score          # per-module counts and the score

The names come from ``python -m mutmut results --all true``; the population is every mutant of the
modules in ``SCOPE``, sorted by name, so that the same seed draws the same sample as long as the code
does not change. The score is (killed + timeout) / (sample - documented equivalents), the equivalents
being listed with a reason in ``equivalent.csv`` beside this file; "survived", "no tests", "not checked"
and anything else count as not killed.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

SEED = 20240611
# 100, not 200: on two shared cores a survivor of the gate reruns every test of its function (minutes
# each). The sample of n is the first n of one seeded permutation, so the sample of 40 is part of the
# samples of 60, 100 and 200 drawn with the same seed (--size). --seed draws an independent sample.
SIZE = 100
SCOPE = ("kuzbass_data.gate.validate", "kuzbass_data.gate.intake", "kuzbass_data.publish.build", "kuzbass_data.loader")
KILLED = ("killed", "timeout", "caught by type check")
EQUIVALENT = Path(__file__).resolve().parent / "equivalent.csv"
_LINE = re.compile(r"^\s*(?P<name>\S+): (?P<status>.+?)\s*$")
_MODULE = re.compile(r"^(?P<module>.+?)\.x[_ǁ]")


def module_of(name: str) -> str:
    """The dotted module of a mutant name such as ``kuzbass_data.publish.build.x_build__mutmut_3``."""
    match = _MODULE.match(name)
    if match is None:
        raise ValueError(f"not a mutant name: {name}")
    return match["module"]


def in_scope(name: str) -> bool:
    """Whether the mutant belongs to one of the modules (or packages) in ``SCOPE``."""
    module = module_of(name)
    return any(module == s or module.startswith(s + ".") for s in SCOPE)


def statuses() -> dict[str, str]:
    """Every mutant's name and status, as ``mutmut results --all true`` prints them."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        match = _LINE.match(line)
        if match and "__mutmut_" in match["name"]:
            found[match["name"]] = match["status"]
    if not found:
        raise SystemExit("mutmut lists no mutants: run `mutmut run` (its entry point, not python -m) once first, from the repository root")
    return found


def draw(names: list[str], size: int, seed: int) -> list[str]:
    """A uniform random sample of ``size`` of ``names`` (all of them if fewer), sorted."""
    population = sorted(n for n in names if in_scope(n))
    return sorted(random.Random(seed).sample(population, min(size, len(population))))


def equivalents() -> dict[str, str]:
    """The mutants documented as equivalent, with their reasons."""
    if not EQUIVALENT.is_file():
        return {}
    with EQUIVALENT.open(encoding="utf-8", newline="") as handle:
        return {row["mutant"]: row["reason"] for row in csv.DictReader(handle)}


def score(sample: list[str], status: dict[str, str], equivalent: dict[str, str], population: int, seed: int) -> str:
    """A table of counts per module and in total, with the score and its ~95% half-width."""
    groups: dict[str, Counter[str]] = {}
    for name in sample:
        state = "equivalent" if name in equivalent else status[name]
        groups.setdefault(_short(module_of(name)), Counter())[state] += 1
    total: Counter[str] = Counter()
    for counter in groups.values():
        total.update(counter)
    lines = [f"seed {seed}, sample {len(sample)} of {population} mutants in scope"]
    lines.append(f"{'module':<22} {'n':>4} {'killed':>6} {'timeout':>7} {'survived':>8} {'no tests':>8} {'unrun':>5} {'other':>5} {'equiv':>5}  score")
    for module, counter in sorted(groups.items()) + [("TOTAL", total)]:
        n = sum(counter.values())
        killed = sum(counter[s] for s in KILLED)
        other = n - killed - counter["survived"] - counter["no tests"] - counter["not checked"] - counter["equivalent"]
        counted = n - counter["equivalent"]
        p = killed / counted if counted else float("nan")
        half = 1.96 * math.sqrt(p * (1 - p) / counted) if counted else float("nan")
        counts = (n, counter["killed"], counter["timeout"], counter["survived"], counter["no tests"], counter["not checked"], other, counter["equivalent"])
        widths = (4, 6, 7, 8, 8, 5, 5, 5)
        lines.append(f"{module:<22} " + " ".join(f"{c:>{w}}" for c, w in zip(counts, widths, strict=True)) + f"  {p:6.1%} ± {half:.1%}")
    return "\n".join(lines)


def _short(module: str) -> str:
    return module.removeprefix("kuzbass_data.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--score", action="store_true", help="print per-module counts and the score instead of the names")
    parser.add_argument("--survivors", action="store_true", help="print the sampled mutants not killed (and not documented as equivalent)")
    args = parser.parse_args(argv)
    status = statuses()
    sample = draw(list(status), args.size, args.seed)
    equivalent = equivalents()
    unknown = sorted(set(equivalent) - set(status))
    if unknown:
        print(f"equivalent.csv names mutants mutmut does not know: {unknown}", file=sys.stderr)
    if args.score:
        print(score(sample, status, equivalent, sum(1 for n in status if in_scope(n)), args.seed))
    elif args.survivors:
        print("\n".join(n for n in sample if status[n] not in KILLED and n not in equivalent))
    else:
        print(f"seed {args.seed}, sample {len(sample)}", file=sys.stderr)
        print("\n".join(sample))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
