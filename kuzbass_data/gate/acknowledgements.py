"""Reviewed acknowledgements: ``audit/acknowledgements.csv`` (columns id,code,phrase,reason,fingerprint).

An acknowledgement silences ONE finding (its code and phrase) for ONE row as its cells are now:
it names the row's fingerprint (``readings.fingerprint``), so any later edit of the row voids it and
the finding fires again. Every acknowledgement applied is printed as a warning. Only the reading
findings that a plain phrase search can raise wrongly may be acknowledged (``ACKNOWLEDGEABLE``);
a number not in its excerpt, an excerpt not in its source, proofs, ids and the registry never are.
An entry that silences nothing is itself a problem, so the list cannot rot.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..paths import ACKNOWLEDGEMENTS_FILE
from .problems import Problem

HEADER = ("id", "code", "phrase", "reason", "fingerprint")
# The findings a reviewed line may silence: phrase searches, never the number, source, proof or id checks.
ACKNOWLEDGEABLE = ("status-phrase-unmarked", "status-unmarked", "scope-phrase-unmarked")
ACKNOWLEDGEMENT_CODES = ("acknowledgement-applied", "acknowledgement-unused", "acknowledgement-invalid")
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Acknowledgement:
    """One reviewed line."""

    id: str
    code: str
    phrase: str
    reason: str
    fingerprint: str
    line: int


def read_acknowledgements(root: Path) -> tuple[list[Acknowledgement], list[Problem]]:
    """The entries of ``root/audit/acknowledgements.csv`` and the problems of the file itself (none when absent)."""
    path = root / ACKNOWLEDGEMENTS_FILE
    if path.is_symlink() or path.parent.is_symlink():
        return [], [_problem("is a symbolic link (or inside one); it is refused unread", "replace it with a regular file")]
    if not path.exists():
        return [], []
    if not path.is_file() or path.stat().st_size > MAX_BYTES:
        return [], [_problem(f"is not a regular file of at most {MAX_BYTES} bytes", "keep the reviewed list short")]
    try:
        return parse_acknowledgements(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], [_problem("is not UTF-8 text", "save it as UTF-8")]


def parse_acknowledgements(text: str) -> tuple[list[Acknowledgement], list[Problem]]:
    """Entries and problems of the text of an acknowledgements file."""
    if "\x00" in text:
        return [], [_problem("contains a NUL character", "save it as plain UTF-8 text")]
    reader = csv.reader(io.StringIO(text, newline=""))
    entries, problems = [], []
    try:
        header = next(reader, None)
        if header is None:
            return [], []
        if tuple(h.strip() for h in header) != HEADER:
            return [], [_problem(f"has the header {','.join(header)!r}", f"the header must be {','.join(HEADER)}", line=1)]
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(HEADER) or not all(c.strip() for c in cells):
                problems.append(_problem(f"has {len(cells)} cells, not {len(HEADER)} filled ones", f"write {','.join(HEADER)}; quote a reason that contains commas", line=reader.line_num))
                continue
            row_id, code, phrase, reason, print_ = (c.strip() for c in cells)
            if code not in ACKNOWLEDGEABLE:
                problems.append(_problem(f"acknowledges {code!r}, which can never be acknowledged", f"only these findings can: {', '.join(ACKNOWLEDGEABLE)}; fix the row", line=reader.line_num))
                continue
            entries.append(Acknowledgement(row_id, code, phrase, reason, print_, reader.line_num))
    except csv.Error as err:
        return [], [_problem(f"is not valid CSV ({err})", f"write {','.join(HEADER)} per line")]
    return entries, problems


def apply_acknowledgements(problems: Iterable[Problem], entries: Iterable[Acknowledgement], rows: Mapping[tuple[str, int], tuple[str, str]], unchecked: Collection[str] = ()) -> list[Problem]:
    """The problems left, each applied acknowledgement as a warning, and unused entries as errors.

    ``rows`` maps (file, line) to the row's (id, current fingerprint); ``unchecked`` are ids of rows an
    earlier step flagged, whose entries are set aside.
    """
    by_id: dict[str, list[Acknowledgement]] = {}
    for entry in entries:
        by_id.setdefault(entry.id, []).append(entry)
    kept: list[Problem] = []
    used: set[int] = set()
    for problem in problems:
        row_id, current = rows.get((problem.file, problem.line or 0), ("", ""))
        match = next((e for e in by_id.get(row_id, ()) if e.code == problem.code and f"'{e.phrase}'" in problem.message), None)
        if match is None:
            kept.append(problem)
        elif match.fingerprint != current:
            used.add(match.line)
            hint = f"{problem.hint}; the acknowledgement at {ACKNOWLEDGEMENTS_FILE}:{match.line} is void: the row changed since it was reviewed (its fingerprint is now {current})"
            kept.append(Problem(problem.file, problem.line, problem.column, problem.message, hint, code=problem.code, level=problem.level))
        else:
            used.add(match.line)
            message = f"acknowledged for {row_id}: {problem.code} '{match.phrase}' at {problem.file}:{problem.line}: {match.reason}"
            kept.append(Problem(ACKNOWLEDGEMENTS_FILE, match.line, None, message, code="acknowledgement-applied", level="warning"))
    for entry in (e for group in by_id.values() for e in group):
        if entry.line not in used and entry.id not in unchecked:
            kept.append(
                _problem(
                    f"the acknowledgement of {entry.id} {entry.code} '{entry.phrase}' silences nothing",
                    "remove the entry, or correct its id, code or phrase",
                    line=entry.line,
                    code="acknowledgement-unused",
                )
            )
    return kept


def _problem(message: str, hint: str, *, line: int | None = None, code: str = "acknowledgement-invalid") -> Problem:
    return Problem(ACKNOWLEDGEMENTS_FILE, line, None, message, hint, code=code)
