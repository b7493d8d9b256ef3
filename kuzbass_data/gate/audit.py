"""Account for every numeral and number word of the source: published, or left out with a reason.

Every occurrence in the source text (as ``kuzbass_data.schema.numerals`` reads it, the same reader the
semantic checks use) is one of:

- published: a row's excerpt covers it and the row's number is it (as written, or by a declared conversion);
- a footnote marker, a year, the day of a date or a number inside a name, which cite, date or name things;
- left out on purpose: listed in ``audit/left_out.csv`` with the reason;
- unaccounted: a number the package may be missing. The audit fails on any.

An allowlist entry that matches nothing is reported too, so the list stays honest.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..files import IntegrityError, parse_json, read_regular, verify
from ..paths import DESCRIPTOR, LEFT_OUT_FILE, data_file
from ..schema.numerals import Numeral, stored_values, tokenise

ALLOWLIST = LEFT_OUT_FILE
OBSERVATIONS = data_file("observations", "csv")
# Numerals the reader classifies as not quantities, and what accounts for them.
CLASSIFIED = {
    "footnote": "a footnote marker",
    "year": "a year: it dates a statement",
    "day": "the day of a date",
    "name": "a number inside a name",
}


@dataclass
class Occurrence:
    """One numeral or number word in the source."""

    # Paragraph (line) of the source text, from 1.
    line: int
    # Character offset in the source text.
    offset: int
    # The token as written ("23,630", "one-fifth", "Ten").
    written: str
    # What accounts for it: "published", "footnote", "year", "day", "name", "left out" or "unaccounted".
    status: str = "unaccounted"
    # The row ids that publish it, or the reason it is left out.
    detail: str = ""
    # How the reader reads it, with its unit word and scale.
    numeral: Numeral | None = None


@dataclass
class AuditReport:
    """Every occurrence with its status, and allowlist entries that matched nothing."""

    # All occurrences in text order.
    occurrences: list[Occurrence]
    # Allowlist entries (line in audit/left_out.csv, written, context) that match no occurrence.
    unused: list[tuple[int, str, str]]

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


def scan(text: str) -> list[Occurrence]:
    """Every numeral and number word of ``text``, with footnote markers, years, days and names classified."""
    found = []
    line, last = 1, 0
    for numeral in tokenise(text):
        line += text.count("\n", last, numeral.start)
        last = numeral.start
        occurrence = Occurrence(line, numeral.start, numeral.written, numeral=numeral)
        if numeral.kind in CLASSIFIED:
            occurrence.status, occurrence.detail = numeral.kind, CLASSIFIED[numeral.kind]
        found.append(occurrence)
    return found


def _rows(root: Path) -> list[dict[str, str]]:
    """The published observations of the checkout, after checking them against the sha256 of datapackage.json.

    IntegrityError when the file or descriptor is missing, unsafe or does not match: the audit
    accounts for the published numbers, so it never reads numbers the build did not write.
    """
    try:
        descriptor = parse_json(read_regular(root / DESCRIPTOR))
        data = read_regular(root / OBSERVATIONS)
    except (OSError, ValueError) as err:
        raise IntegrityError(f"{OBSERVATIONS} or {DESCRIPTOR} cannot be read ({err}); run `kuzbass-data build`") from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    resource = next((r for r in resources or [] if isinstance(r, dict) and r.get("path") == OBSERVATIONS), None)
    verify(data, resource or {}, OBSERVATIONS, DESCRIPTOR)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _published(occurrences: list[Occurrence], text: str, rows: list[dict[str, str]]) -> None:
    by_offset = {o.offset: o for o in occurrences}
    for row in rows:
        numbers = [float(row[c]) for c in ("value", "value_low", "value_high") if row[c]]
        start = text.find(row["excerpt"])
        while start >= 0:
            for offset in range(start, start + len(row["excerpt"])):
                o = by_offset.get(offset)
                stored = stored_values(o.numeral, row["unit"]) if o is not None and o.numeral is not None else set()
                # A fraction with no finite decimal ("one-third") is stored to two decimal places (33.33).
                if o is not None and any(math.isclose(s, n, rel_tol=1e-9) or round(s, 2) == n for s in stored for n in numbers):
                    o.status = "published"
                    o.detail = ", ".join(sorted(set(filter(None, [*o.detail.split(", "), row["id"]])))) if o.detail else row["id"]
            start = text.find(row["excerpt"], start + 1)


ALLOWLIST_COLUMNS = ("written", "context", "reason")
UNUSED_HINT = "the source has no such numeral inside that context: copy written and context from the source's text, or delete the line"
UNACCOUNTED_HINT = f"publish each in a row of raw/, or list it in {ALLOWLIST} ({','.join(ALLOWLIST_COLUMNS)}) with the reason it is left out"


def read_allowlist(root: Path) -> list[tuple[int, dict[str, str]]]:
    """The hand-kept list of occurrences left out on purpose (written, context, reason), each with its line.

    UsageError, naming the file, the line and the fix, when the list cannot be used.
    """
    path = root / ALLOWLIST
    if not path.is_file():
        return []
    try:
        text = read_regular(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{ALLOWLIST} is not UTF-8: save it as UTF-8") from None
    except OSError as err:
        raise UsageError(f"{ALLOWLIST} cannot be read ({err.strerror or err}): commit it as a regular file") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or any(c not in reader.fieldnames for c in ALLOWLIST_COLUMNS):
        raise UsageError(f"{ALLOWLIST}:1: the header must be {','.join(ALLOWLIST_COLUMNS)}")
    entries = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if not (row.get("written") or "").strip() or not (row.get("context") or "").strip():
                raise UsageError(f"{ALLOWLIST}:{start}: written and context must both be filled: copy them from the source's text")
            entries.append((start, {c: row.get(c) or "" for c in ALLOWLIST_COLUMNS}))
            start = reader.line_num + 1
    except csv.Error as err:
        raise UsageError(f"{ALLOWLIST}:{reader.line_num}: not readable as CSV ({err}): close every quoted cell") from None
    return entries


def audit(root: Path, source: str) -> AuditReport:
    """Account for every numeral and number word of ``source`` against the package at ``root``."""
    occurrences = scan(source)
    _published(occurrences, source, _rows(root))
    unused = []
    for line, entry in read_allowlist(root):
        used = False
        start = source.find(entry["context"])
        while start >= 0:
            for o in occurrences:
                inside = start <= o.offset < start + len(entry["context"])
                # An entry may also give the reason for a numeral the reader classifies (a day, a name).
                if inside and o.written == entry["written"] and o.status in ("unaccounted", "left out", *CLASSIFIED):
                    # A classified numeral keeps its class; the entry's reason explains it better.
                    o.status, o.detail, used = o.status if o.status in CLASSIFIED else "left out", entry["reason"], True
            start = source.find(entry["context"], start + 1)
        if not used:
            unused.append((line, entry["written"], entry["context"]))
    return AuditReport(occurrences, unused)


def render(report: AuditReport) -> str:
    """The report as text: one line per occurrence that is not a footnote marker or a year, then a summary."""
    lines = [f"{'line':>4}  {'written':<12} {'status':<11} detail"]
    for o in report.occurrences:
        if o.status not in ("footnote", "year"):
            lines.append(f"{o.line:>4}  {o.written:<12} {o.status:<11} {o.detail}")
    lines += [f"{ALLOWLIST}:{n}: allowlist entry matches nothing: {w!r} in {c!r} ({UNUSED_HINT})" for n, w, c in report.unused]
    counts = report.counts()
    if counts.get("unaccounted"):
        lines.append(f"{counts['unaccounted']} numerals are unaccounted: {UNACCOUNTED_HINT}")
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("published", "left out", "year", "day", "name", "footnote", "unaccounted"))
    lines.append(f"{len(report.occurrences)} numerals and number words: {summary}")
    return "\n".join(lines)
