"""Problems found in the repository's files, and how they are reported.

Used by the build (which refuses raw/ it cannot type) and by the validator (which
reports everything), so it lives below both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# A message or hint: one text for every row, or a function of the row's position.
Text = str | Callable[[int], str]

# At most this many problems of one code are printed per file; one more problem counts the rest.
PROBLEM_CAP = 50


@dataclass(frozen=True)
class Problem:
    """One problem: where it is, what is wrong and how to fix it.

    Printed as ``raw/<file>.csv:<line>: <column>: <what is wrong> (<how to fix>)``;
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

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" {self.column}:" if self.column else ""
        hint = f" ({self.hint})" if self.hint else ""
        return _printable(f"{where}:{column} {self.message}{hint}")

    def sort_key(self) -> tuple[str, int, str, str]:
        """Sort by file, then line (file-level problems first), then column."""
        return (self.file, -1 if self.line is None else self.line, self.column or "", self.message)


def _printable(text: str) -> str:
    """``text`` with control characters (a NUL byte, a line break in a cell) shown as escapes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def capped(problems: Iterable[Problem], limit: int = PROBLEM_CAP) -> list[Problem]:
    """Problems sorted, without repeats, at most ``limit`` per file and code, plus a count of the rest."""
    kept: list[Problem] = []
    hidden: dict[tuple[str, str], int] = {}
    for problem in sorted(set(problems), key=Problem.sort_key):
        key = (problem.file, problem.code)
        seen = hidden.get(key, 0)
        hidden[key] = seen + 1
        if seen < limit:
            kept.append(problem)
    for (file, code), count in hidden.items():
        if count > limit:
            kept.append(Problem(file, None, None, f"{count - limit} more problems of the kind {code} are not shown", "fix the ones shown and run the check again", code="more-problems"))
    return sorted(kept, key=Problem.sort_key)


@dataclass
class Report:
    """Everything one validation run found, with what it checked."""

    # All problems, in any order; ``sorted_problems`` orders and caps them for display.
    problems: list[Problem] = field(default_factory=list)
    # Number of tables (CSV files) checked.
    tables_checked: int = 0
    # Number of data rows checked across all tables.
    rows_checked: int = 0

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def sorted_problems(self) -> list[Problem]:
        """Problems sorted by file and line, without exact repeats, capped per file and code."""
        return capped(self.problems)

    def summary(self) -> str:
        """The closing summary line."""
        n = len(set(self.problems))
        plural = "" if n == 1 else "s"
        return f"checked {self.tables_checked} tables, {self.rows_checked} rows: {n} problem{plural} found"


def row_problems(file: str, lines: np.ndarray, mask: np.ndarray, column: str | None, message: Text, hint: Text, code: str) -> Iterator[Problem]:
    """One problem for each row selected by the boolean ``mask``."""
    import numpy as np

    for i in np.flatnonzero(mask).tolist():
        yield Problem(
            file,
            int(lines[i]),
            column,
            message if isinstance(message, str) else message(i),
            hint if isinstance(hint, str) else hint(i),
            code=code,
        )
