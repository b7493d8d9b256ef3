"""Problems found by the validator, and how they are reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# A message or hint: one text for every row, or a function of the row's position.
Text = str | Callable[[int], str]


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
    code: str = ""

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


@dataclass
class Report:
    """Everything one validation run found, with what it checked."""

    # All problems, in any order; ``sorted_problems`` orders them for display.
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
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def sorted_problems(self) -> list[Problem]:
        """Problems sorted by file and line, without exact repeats."""
        return sorted(set(self.problems), key=Problem.sort_key)

    def summary(self) -> str:
        """The closing summary line."""
        n = len(self.sorted_problems())
        plural = "" if n == 1 else "s"
        return f"checked {self.tables_checked} tables, {self.rows_checked} rows: {n} problem{plural} found"


def row_problems(file: str, lines: np.ndarray, mask: np.ndarray, column: str | None, message: Text, hint: Text = "") -> Iterator[Problem]:
    """One problem for each row selected by the boolean ``mask``."""
    import numpy as np

    for i in np.flatnonzero(mask).tolist():
        yield Problem(
            file,
            int(lines[i]),
            column,
            message if isinstance(message, str) else message(i),
            hint if isinstance(hint, str) else hint(i),
        )
