"""Account for every numeral and number word of the source: published, or left out with a reason.

Every occurrence in the source text is one of:

- published: a row's excerpt covers it and the row's number matches it;
- a footnote marker or a year (four digits, 1900-1999), which date or cite statements;
- left out on purpose: listed in ``audit/left_out.csv`` with the reason;
- unaccounted: a number the package may be missing. The audit fails on any.

An allowlist entry that matches nothing is reported too, so the list stays honest.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .validate.numbers import NUMBER_WORDS, SCALES

ALLOWLIST = "audit/left_out.csv"
OBSERVATIONS = "kuzbass_data/data/observations.csv"
ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth hundredth"
).split()
VAGUE = ("thousands", "hundreds", "millions", "dozens")
_WORDS = sorted([*NUMBER_WORDS, *ORDINALS, *VAGUE], key=len, reverse=True)
TOKEN = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(map(re.escape, _WORDS)) + r")(?=-?[A-Za-z]*\b)(?![\w])|(?<![\w-])(?:" + "|".join(map(re.escape, _WORDS)) + r")(?=-)|[0-9][0-9,]*(?:\.[0-9]+)?")


@dataclass
class Occurrence:
    """One numeral or number word in the source."""

    # Paragraph (line) of the source text, from 1.
    line: int
    # Character offset in the source text.
    offset: int
    # The token as written ("23,630", "one-fifth", "Ten").
    written: str
    # What accounts for it: "published", "footnote", "year", "left out" or "unaccounted".
    status: str = "unaccounted"
    # The row ids that publish it, or the reason it is left out.
    detail: str = ""


@dataclass
class AuditReport:
    """Every occurrence with its status, and allowlist entries that matched nothing."""

    # All occurrences in text order.
    occurrences: list[Occurrence]
    # Allowlist entries (written, context) that match no occurrence.
    unused: list[tuple[str, str]]

    @property
    def ok(self) -> bool:
        """True when every occurrence is accounted for and every allowlist entry is used."""
        return not self.unused and all(o.status != "unaccounted" for o in self.occurrences)

    def counts(self) -> dict[str, int]:
        """Number of occurrences per status."""
        counts: dict[str, int] = {}
        for o in self.occurrences:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts


def _value(written: str) -> float | None:
    word = written.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if re.fullmatch(r"[0-9][0-9,]*(\.[0-9]+)?", written):
        return float(written.replace(",", ""))
    return None


def scan(text: str) -> list[Occurrence]:
    """Every numeral and number word of ``text``, with footnote markers and years classified."""
    found = []
    for match in TOKEN.finditer(text):
        written = match.group(0).rstrip(",")
        occurrence = Occurrence(text.count("\n", 0, match.start()) + 1, match.start(), written)
        if text[max(0, match.start() - 9) : match.start()] == "Footnote ":
            occurrence.status, occurrence.detail = "footnote", "a footnote marker"
        elif re.fullmatch(r"19[0-9]{2}", written):
            occurrence.status, occurrence.detail = "year", "a year: it dates a statement"
        found.append(occurrence)
    return found


def _rows(root: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((root / OBSERVATIONS).read_text(encoding="utf-8"))))


def _published(occurrences: list[Occurrence], text: str, rows: list[dict[str, str]]) -> None:
    by_offset = {o.offset: o for o in occurrences}
    for row in rows:
        numbers = [float(row[c]) for c in ("value", "value_low", "value_high") if row[c]]
        start = text.find(row["excerpt"])
        while start >= 0:
            for offset in range(start, start + len(row["excerpt"])):
                o = by_offset.get(offset)
                value = _value(o.written) if o else None
                if o is not None and value is not None and any(np.isclose(value * s, n, rtol=1e-9) for s in SCALES for n in numbers):
                    o.status = "published"
                    o.detail = ", ".join(sorted(set(filter(None, [*o.detail.split(", "), row["id"]])))) if o.detail else row["id"]
            start = text.find(row["excerpt"], start + 1)


def read_allowlist(root: Path) -> list[dict[str, str]]:
    """The hand-kept list of occurrences left out on purpose: written, context, reason."""
    path = root / ALLOWLIST
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))) if path.is_file() else []


def audit(root: Path, source: str) -> AuditReport:
    """Account for every numeral and number word of ``source`` against the package at ``root``."""
    occurrences = scan(source)
    _published(occurrences, source, _rows(root))
    unused = []
    for entry in read_allowlist(root):
        used = False
        start = source.find(entry["context"])
        while start >= 0:
            for o in occurrences:
                inside = start <= o.offset < start + len(entry["context"])
                if inside and o.written == entry["written"] and o.status in ("unaccounted", "left out"):
                    o.status, o.detail, used = "left out", entry["reason"], True
            start = source.find(entry["context"], start + 1)
        if not used:
            unused.append((entry["written"], entry["context"]))
    return AuditReport(occurrences, unused)


def render(report: AuditReport) -> str:
    """The report as text: one line per occurrence that is not a footnote marker or a year, then a summary."""
    lines = [f"{'line':>4}  {'written':<12} {'status':<11} detail"]
    for o in report.occurrences:
        if o.status not in ("footnote", "year"):
            lines.append(f"{o.line:>4}  {o.written:<12} {o.status:<11} {o.detail}")
    lines += [f"allowlist entry matches nothing: {w!r} in {c!r}" for w, c in report.unused]
    counts = report.counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("published", "left out", "year", "footnote", "unaccounted"))
    lines.append(f"{len(report.occurrences)} numerals and number words: {summary}")
    return "\n".join(lines)
