"""Reviewed exceptions to the semantic checks: ``audit/exceptions.csv`` (columns id,check,reason).

A legitimate row that a check misreads gets one entry: the row id, the problem code it
silences and a written reason. ``apply_exceptions`` removes the matching problems and returns
every exception applied, so ``validate`` can print them. The list cannot rot: an entry that
names an unknown id, an unknown check, or a check that no longer fires on its row is itself a
problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

EXCEPTIONS_FILE = "audit/exceptions.csv"
HEADER = ("id", "check", "reason")
# A reviewed list is short; a bigger file is refused unread rather than parsed.
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class ExceptionEntry:
    """One reviewed exception."""

    # The row id it applies to.
    id: str
    # The problem code it silences for that row.
    check: str
    # Why the row is right although the check fires.
    reason: str
    # Its line in audit/exceptions.csv.
    line: int


@dataclass(frozen=True)
class AppliedException:
    """An exception that silenced a problem in this run."""

    # The entry applied.
    entry: ExceptionEntry
    # The problem it silenced.
    problem: Problem

    def __str__(self) -> str:
        where = f"{self.problem.file}:{self.problem.line}" if self.problem.line is not None else self.problem.file
        return f"{EXCEPTIONS_FILE}:{self.entry.line}: exception applied: {self.entry.id} {self.entry.check} at {where}: {self.entry.reason}"


def read_exceptions(root: Path) -> tuple[list[ExceptionEntry], list[Problem]]:
    """The entries of ``root/audit/exceptions.csv`` and the problems of the file itself (none when absent)."""
    path = root / EXCEPTIONS_FILE
    if path.is_symlink():
        return [], [_file_problem("is a symbolic link; it is refused unread", "replace it with a regular file")]
    if not path.exists():
        return [], []
    if not path.is_file():
        return [], [_file_problem("is not a regular file", "replace it with a CSV file")]
    if path.stat().st_size > MAX_BYTES:
        return [], [_file_problem(f"is larger than {MAX_BYTES} bytes", "keep the reviewed list short")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_file_problem("is not UTF-8 text", "save it as UTF-8")]
    return parse_exceptions(text)


def parse_exceptions(text: str) -> tuple[list[ExceptionEntry], list[Problem]]:
    """Entries and problems of the text of an exceptions file."""
    if "\x00" in text:
        return [], [_file_problem("contains a NUL character", "save it as plain UTF-8 text")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return [], []
        if tuple(h.strip() for h in header) != HEADER:
            return [], [_file_problem(f"has the header {','.join(header)!r}", "the header must be id,check,reason", line=1)]
        entries, problems = [], []
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != 3:
                problems.append(_file_problem(f"has {len(cells)} cells, not 3", "write id,check,reason; quote a reason that contains commas", line=line))
                continue
            row_id, check, reason = (c.strip() for c in cells)
            if not reason:
                problems.append(_file_problem(f"the exception for {row_id} {check} has no reason", "write why the row is right although the check fires", line=line))
                continue
            entries.append(ExceptionEntry(row_id, check, reason, line))
    except csv.Error as err:
        return [], [_file_problem(f"is not valid CSV ({err})", "write id,check,reason per line")]
    return entries, problems


def apply_exceptions(
    problems: Iterable[Problem],
    entries: Iterable[ExceptionEntry],
    row_ids: Mapping[tuple[str, int], str],
    known_checks: Collection[str],
    not_run: Collection[str] = (),
    unchecked: Collection[str] = (),
) -> tuple[list[Problem], list[AppliedException]]:
    """Problems left after the exceptions, plus the exceptions applied and the stale ones as problems.

    ``row_ids`` maps (file, line) to the row id there; ``known_checks`` are the codes an exception
    may name; ``not_run`` are codes whose check did not run this time (a footnote check without
    the source text), whose exceptions are not stale merely because they did not fire; ``unchecked``
    are the ids of rows an earlier step already flagged and the checks did not read, whose
    exceptions are set aside (their row's one mistake is reported where it is).
    """
    by_key: dict[tuple[str, str], ExceptionEntry] = {}
    kept: list[Problem] = []
    applied: list[AppliedException] = []
    extra: list[Problem] = []
    known_ids = set(row_ids.values())
    for entry in entries:
        if entry.id in unchecked:
            continue
        if entry.id not in known_ids:
            extra.append(_file_problem(f"names the id {entry.id!r}, which no row has", "remove the entry, or correct the id", line=entry.line, code="exception-unknown-id"))
        elif entry.check not in known_checks:
            extra.append(_file_problem(f"names the check {entry.check!r}, which does not exist", f"use one of: {', '.join(sorted(known_checks))}", line=entry.line, code="exception-unknown-check"))
        elif (entry.id, entry.check) in by_key:
            extra.append(_file_problem(f"repeats the exception for {entry.id} {entry.check}", "keep one entry", line=entry.line, code="exception-repeated"))
        else:
            by_key[(entry.id, entry.check)] = entry
    used: set[tuple[str, str]] = set()
    for problem in problems:
        row_id = row_ids.get((problem.file, problem.line)) if problem.line is not None else None
        match = by_key.get((row_id, problem.code)) if row_id is not None else None
        if match is None:
            kept.append(problem)
            continue
        used.add((match.id, match.check))
        applied.append(AppliedException(match, problem))
    for key, entry in by_key.items():
        if key not in used and entry.check not in not_run:
            extra.append(
                _file_problem(
                    f"the exception for {entry.id} {entry.check} silences nothing: the check no longer fires on that row",
                    "remove the entry",
                    line=entry.line,
                    code="exception-unused",
                )
            )
    return kept + extra, applied


def _file_problem(message: str, hint: str, *, line: int | None = None, code: str = "exception-file-invalid") -> Problem:
    return Problem(EXCEPTIONS_FILE, line, None, message, hint, code=code)
