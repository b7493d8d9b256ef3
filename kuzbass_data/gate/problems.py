"""Problems found in the repository's files, and how they are reported.

Used by the build (which refuses raw/ it cannot type) and by the validator (which
reports everything), so it lives below both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from .. import escape
from ..paths import PROBLEM_CATALOGUE, in_package

if TYPE_CHECKING:
    import numpy as np

# A message or hint: one text for every row, or a function of the row's position.
Text = str | Callable[[int], str]

# At most this many problems of one code are printed per file; one more problem counts the rest.
PROBLEM_CAP = 50


@dataclass(frozen=True)
class Problem:
    """One problem: where it is, what is wrong and how to fix it.

    Printed as ``raw/<file>.csv:<line>: <column>: <what is wrong> (<how to fix>) [<code>]``;
    file-level problems have no line, and problems of a whole row or file no column.
    """

    # Path relative to the checked root, with forward slashes, e.g. "raw/coal_output.csv".
    file: str
    # 1-based physical line in the file (the header is line 1); None for file-level problems.
    line: int | None
    # The column concerned, or None when the problem concerns a whole row or file.
    column: str | None
    # What is wrong.
    message: str
    # How to fix it.
    hint: str = ""
    # Stable, machine-readable kind of problem in kebab-case ("excerpt-not-in-source"), in the
    # manner of Frictionless' ``error.type``: tests and tools match on it, never on the wording.
    code: str = field(kw_only=True)
    # How many more problems of the same file and code this one stands for, not created at all:
    # a flood of one mistake is counted, never worded row by row.
    hidden: int = field(default=0, kw_only=True, compare=False)
    # "error" fails the gate; "warning" is for what only a person can judge: printed, shown to the
    # reviewer (a ``::warning`` annotation), never failing the gate and never silent.
    level: str = field(default="error", kw_only=True)

    def __str__(self) -> str:
        return self.render()

    def render(self, *, code: bool = True) -> str:
        """The plain line ``file:line: column: message (hint) [code]``; without the code where
        the code is shown apart (a Markdown list that puts it first)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" {self.column}:" if self.column else ""
        hint = f" ({self.hint})" if self.hint else ""
        kind = "warning: " if self.level == "warning" else ""
        # The code closes the line: the reference of checks (docs/problems.md) is organised by it.
        tag = f" [{self.code}]" if code and self.code else ""
        return printable(f"{where}:{column} {kind}{self.message}{hint}{tag}")

    def sort_key(self) -> tuple[str, int, str, str]:
        """Sort by file, then line (file-level problems first), then column."""
        return (self.file, -1 if self.line is None else self.line, self.column or "", self.message)


@dataclass(frozen=True)
class CodeEntry:
    """One code of the catalogue: what it means, whether it fails the gate, and the usual fix."""

    # The code, in kebab-case ("excerpt-not-in-source").
    code: str
    # What is wrong, in a few words.
    title: str
    # "error" fails the gate; "warning" is shown to the reviewer and never fails it.
    level: str
    # How it is usually fixed (each problem's own hint is more precise).
    hint: str


@cache
def catalogue() -> dict[str, CodeEntry]:
    """Every problem code the package can emit, from the catalogue (``paths.PROBLEM_CATALOGUE``), by code:
    in the manner of Frictionless' errors, data that the docs and the tests read too."""
    import csv
    import io

    text = in_package(PROBLEM_CATALOGUE).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {row["code"]: CodeEntry(row["code"], row["title"], row["level"], row["hint"]) for row in rows}


def printable(text: str, keep: str = "") -> str:
    """``text`` with control characters (a NUL byte, a line break in a cell, C1 controls, bidi and
    invisible format characters, U+2028) shown as escapes, except the characters in ``keep`` (a
    multi-line report keeps its line breaks): ``escape.terminal``."""
    return escape.terminal(text, keep)


def capped(problems: Iterable[Problem], limit: int = PROBLEM_CAP) -> list[Problem]:
    """Problems sorted, without repeats, at most ``limit`` per file and code, plus a count of the rest."""
    kept: list[Problem] = []
    shown: dict[tuple[str, str], int] = {}
    counts: dict[tuple[str, str], int] = {}
    for problem in sorted(set(problems), key=Problem.sort_key):
        key = (problem.file, problem.code)
        counts[key] = counts.get(key, 0) + 1 + problem.hidden
        if shown.get(key, 0) < limit:
            shown[key] = shown.get(key, 0) + 1
            kept.append(problem)
    for (file, code), count in counts.items():
        if count > limit:
            kept.append(Problem(file, None, None, f"{count - limit} more problems of the kind {code} are not shown", "fix the ones shown and run the check again", code="more-problems"))
    return sorted(kept, key=Problem.sort_key)


def total(problems: Iterable[Problem]) -> int:
    """How many problems ``problems`` stand for, counting those a flood left unworded."""
    distinct = set(problems)
    return len(distinct) + sum(p.hidden for p in distinct)


class Collector:
    """Problems of one file as they are found: at most PROBLEM_CAP + 1 per code are created.

    The last one created for a code carries the count of the rest (``Problem.hidden``), so
    a flood costs a counter, not a million messages.
    """

    def __init__(self) -> None:
        # The problems created, in the order found.
        self.found: list[Problem] = []
        # Per code: how many problems were found, created or not.
        self.counts: dict[str, int] = {}

    def add(self, code: str, make: Callable[[], Problem]) -> None:
        """Count a problem of ``code``; create it with ``make`` while under the cap."""
        seen = self.counts.get(code, 0)
        self.counts[code] = seen + 1
        if seen <= PROBLEM_CAP:
            self.found.append(make())

    def count(self, code: str) -> int:
        """How many problems of ``code`` were found."""
        return self.counts.get(code, 0)

    def problems(self) -> list[Problem]:
        """The problems created, the last of each code carrying the count of those not created."""
        last: dict[str, int] = {}
        for position, problem in enumerate(self.found):
            last[problem.code] = position
        result = list(self.found)
        for code, position in last.items():
            rest = self.counts[code] - (PROBLEM_CAP + 1)
            if rest > 0:
                result[position] = replace(result[position], hidden=rest)
        return result


@dataclass
class Report:
    """Everything one validation run found, with what it checked."""

    # All problems, in any order; ``sorted_problems`` orders and caps them for display.
    problems: list[Problem] = field(default_factory=list)
    # Number of tables (CSV files) checked.
    tables_checked: int = 0
    # Number of data rows checked across all tables.
    rows_checked: int = 0
    # Lines to print before the summary that are not problems: every reviewed exception applied.
    notes: list[str] = field(default_factory=list)
    # The excerpt coverage report (validate.provenance.Coverage.lines): printed before the summary.
    coverage: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail the gate (every level but "warning")."""
        return [p for p in self.problems if p.level != "warning"]

    @property
    def warnings(self) -> list[Problem]:
        """The findings for the reviewer: printed, never failing the gate."""
        return [p for p in self.problems if p.level == "warning"]

    @property
    def ok(self) -> bool:
        """True when no error was found (warnings do not fail the gate)."""
        return not self.errors

    def sorted_problems(self) -> list[Problem]:
        """Problems sorted by file and line, without exact repeats, capped per file and code."""
        return capped(self.problems)

    def summary(self) -> str:
        """The closing summary line."""
        n, w = total(self.errors), total(self.warnings)
        plural = "" if n == 1 else "s"
        warned = f", {w} warning{'' if w == 1 else 's'} for the reviewer" if w else ""
        return f"checked {self.tables_checked} tables, {self.rows_checked} rows: {n} problem{plural} found{warned}"


def row_problems(file: str, lines: np.ndarray, mask: np.ndarray, column: str | None, message: Text, hint: Text, code: str) -> Iterator[Problem]:
    """One problem for each row selected by the boolean ``mask``, created for the first PROBLEM_CAP + 1 rows only.

    The last one created carries the count of the rows after it (``Problem.hidden``).
    """
    import numpy as np

    selected = np.flatnonzero(mask)
    shown = selected[: PROBLEM_CAP + 1].tolist()
    for i in shown:
        yield Problem(
            file,
            int(lines[i]),
            column,
            message if isinstance(message, str) else message(i),
            hint if isinstance(hint, str) else hint(i),
            code=code,
            hidden=len(selected) - len(shown) if i == shown[-1] else 0,
        )
