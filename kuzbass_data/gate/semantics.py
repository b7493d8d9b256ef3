"""The meaning checks of the gate: each row's marked readings, its dates, ids and conflicts, and footnotes.

- the readings (``validate.readings``): the marked value_text, period_text, status_text and
  partial_scope against the excerpt and the row's cells, through the reviewed phrase table;
- ``impossible-date``: a period bound that is no day of the calendar (1936-09-31);
- ``footnote-mismatch`` / ``footnote-not-in-source``: with the source text, the footnote is not the
  marker the convention assigns, or no such marker exists (see ``check_footnotes``);
- the identity and conflict rules.

``check_semantics`` runs them and applies the reviewed acknowledgements of
``audit/acknowledgements.csv`` (``validate.acknowledgements``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ..source_text import Occurrences, normalise
from .acknowledgements import Acknowledgement, apply_acknowledgements
from .conflicts import check_conflicts
from .identity import check_identity
from .problems import Problem
from .readings import MAX_EXCERPT, check_readings, fingerprint
from .rowdata import Tables, cell, data_tables, file_of

FOOTNOTE_CODES = ("footnote-mismatch", "footnote-not-in-source")
_FOOTNOTE = re.compile(r"Footnote ([0-9]+)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@dataclass
class SemanticResult:
    """What the meaning checks found, after the reviewed acknowledgements (applied ones are warnings)."""

    problems: list[Problem] = field(default_factory=list)
    # Kept for the report's notes; applied acknowledgements are warnings among the problems.
    applied: list[str] = field(default_factory=list)


def check_semantics(tables: Tables, source_texts: Mapping[str, str] | None = None, acknowledgements: list[Acknowledgement] | None = None, unchecked: Collection[str] = ()) -> SemanticResult:
    """Every reading, date, identity and conflict check on ``tables``, then the reviewed
    ``acknowledgements`` (those of the ``unchecked`` row ids, rows left out of ``tables``, are set aside).

    ``source_texts`` maps source ids to their texts; the footnote check runs only for the
    sources given (the copyrighted text is absent on a public runner).
    """
    problems = check_readings(tables) + check_dates(tables) + check_identity(tables) + check_conflicts(tables)
    if source_texts:
        problems += _footnote_problems(tables, _prepare(source_texts))
    # Only a row with a finding can be acknowledged: only those rows are fingerprinted.
    found = {(p.file, p.line) for p in problems}
    rows = {}
    for name, table_rows in tables.items():
        file = file_of(name)
        for line, row in table_rows:
            if (file, line) in found and cell(row, "id"):
                rows[(file, line)] = (cell(row, "id"), fingerprint(row))
    return SemanticResult(apply_acknowledgements(problems, acknowledgements or [], rows, unchecked))


def check_dates(tables: Tables) -> list[Problem]:
    """``impossible-date``: every period bound of a data row that is no day of the calendar."""
    problems = []
    for name in data_tables(tables):
        file = file_of(name)
        for line, row in tables[name]:
            start, end = cell(row, "period_start"), cell(row, "period_end")
            # A one-day period is one date: reported once, at period_start.
            for column, text in (("period_start", start),) if start == end else (("period_start", start), ("period_end", end)):
                problem = _impossible(file, line, column, text)
                if problem is not None:
                    problems.append(problem)
    return problems


def _impossible(file: str, line: int, column: str, text: str) -> Problem | None:
    """A well-formed YYYY-MM-DD that is no day of the calendar (malformed ones are the row checks')."""
    m = _DATE.fullmatch(text)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 31 or day <= 28 or day <= calendar.monthrange(year, month)[1]:
        return None
    return Problem(
        file, line, column, f"{text} is not a day of the calendar ({calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days)", "correct the date", code="impossible-date"
    )


# --- footnotes -------------------------------------------------------------------------------


def footnote_for(paragraph: str, excerpt_end: int) -> str:
    """The convention: the first 'Footnote N' after the end of the excerpt in its paragraph; '' if none."""
    m = _FOOTNOTE.search(paragraph, excerpt_end)
    return m.group(1) if m else ""


def check_footnotes(tables: Tables, source_texts: Mapping[str, str]) -> list[Problem]:
    """With the texts of sources (by source id), check every row's footnote against the convention.

    A row's footnote is the first "Footnote N" marker that follows the end of its excerpt in the
    same paragraph (one paragraph per line of the text); empty when none follows. A footnote with
    no marker in the source at all is ``footnote-not-in-source``. Rows whose excerpt is not in
    the text are skipped: the provenance check reports them.
    """
    return _footnote_problems(tables, _prepare(source_texts))


# Each source as one normalised text, its paragraphs joined by line breaks (None when it marks no
# footnote: no excerpt then has a marker after it), and its footnote markers.
Prepared = dict[str, tuple[Occurrences | None, set[str]]]


def _prepare(source_texts: Mapping[str, str]) -> Prepared:
    prepared: Prepared = {}
    for source_id, text in source_texts.items():
        markers = set(_FOOTNOTE.findall(text))
        joined = Occurrences("\n".join(_normalise_keeping_markers(p) for p in text.splitlines())) if markers else None
        prepared[source_id] = (joined, markers)
    return prepared


def _footnote_problems(tables: Tables, prepared: Prepared) -> list[Problem]:
    known: dict[tuple[str, str], set[str]] = {}  # rows often share an excerpt: find it once
    problems: list[Problem] = []
    for name in data_tables(tables):
        for line, row in tables[name]:
            source_id = cell(row, "source_id")
            source = prepared.get(source_id)
            excerpt = normalise(cell(row, "excerpt"))
            if source is None or not excerpt or len(excerpt) > MAX_EXCERPT or "footnote" not in row:
                continue
            joined, markers = source
            given = cell(row, "footnote")
            if given and given not in markers:
                problems.append(Problem(file_of(name), line, "footnote", f"the source has no Footnote {given}", "cite a footnote marker the source has", code="footnote-not-in-source"))
                continue
            if joined is None:
                continue  # a text without markers: the convention gives no footnote, and the row gives none
            if (source_id, excerpt) not in known:
                known[(source_id, excerpt)] = {_marker_after(joined.text, i + len(excerpt)) for i in joined.find_all(excerpt)}
            expected = known[(source_id, excerpt)]
            if expected and given not in expected:
                want = min(expected, key=lambda e: (e == "", len(e), e))
                message = f"the convention gives Footnote {want}" if want else "no footnote marker follows the excerpt in its paragraph"
                hint = f"set footnote to {want} (the first marker after the excerpt in its paragraph)" if want else "leave footnote empty"
                problems.append(Problem(file_of(name), line, "footnote", f"{message}, but the row says {given or 'none'}", hint, code="footnote-mismatch"))
    return problems


def _normalise_keeping_markers(paragraph: str) -> str:
    """A paragraph normalised as excerpts are (``source_text.normalise``), its footnote markers kept."""
    parts = _FOOTNOTE.split(paragraph)  # text, marker number, text, marker number, ..., text
    pieces = [normalise(part) if i % 2 == 0 else f"Footnote {part}" for i, part in enumerate(parts)]
    return " ".join(piece for piece in pieces if piece)


def _marker_after(joined: str, end: int) -> str:
    """footnote_for on the paragraph of ``joined`` (paragraphs joined by line breaks) that holds ``end``."""
    stop = joined.find("\n", end)
    m = _FOOTNOTE.search(joined, end, len(joined) if stop < 0 else stop)
    return m.group(1) if m else ""
