"""Pre-fill a row's marked readings from its excerpt and cells, through the phrase table.

``prefill(row)`` proposes value_text, period_text and status_text for one row: the shortest words of
the excerpt that the readings check accepts for the row's cells (the nearest to the number when
several do). It only proposes; a person reads each proposal against the source.

Run as a maintainer script, it fills the EMPTY reading cells of every data table of a checkout and
never overwrites one (re-runnable, deterministic)::

    python -m kuzbass_data.gate.prefill ROOT
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Mapping
from pathlib import Path

from ..schema.grammar import find_phrases, terms_folder, tokens
from ..source_text import normalise
from .readings import row_readings

READINGS = ("value_text", "period_text", "status_text")
# Words that open a date and read better kept with it ("In 1931", "from 1930 to 1932").
_DATE_OPENERS = ("in", "on", "from", "between", "during", "the")
# At most this many words in a proposed reading.
MAX_WORDS = 12
_VALUE_CODES = {"reading-cuts-word", "phrase-outside-mark", "value-text-unreadable", "caution-in-mark", "unit-mismatch", "qualifier-mismatch", "value-mismatch"}
_COLUMNS = {
    "value_text": ("value_text", "unit", "qualifier", "value", "value_low", "value_high"),
    "period_text": ("period_text", "period_start", "period_end", "period_precision", "season", "period_relation", "year", "base_year"),
}
_PERIOD_CODES = {"reading-cuts-word", "phrase-outside-mark", "period-text-unreadable", "period-mismatch"}


def prefill(row: Mapping[str, str], folder: Path | None = None) -> dict[str, str]:
    """Proposed readings for the empty reading cells of ``row`` (only those found)."""
    folder = terms_folder(folder)
    excerpt = (row.get("excerpt") or "").strip()
    norm = normalise(excerpt)
    # Offsets of the normalised excerpt are the raw excerpt's when normalising only folded characters.
    shown = excerpt if len(norm) == len(excerpt) else norm
    spans = [(s, e) for _, s, e in tokens(norm)]
    proposed: dict[str, str] = {}
    value_at: tuple[int, int] | None = None
    if not (row.get("value_text") or "").strip():
        found = _shortest(row, norm, shown, spans, "value_text", _VALUE_CODES, None, folder)
        if found:
            proposed["value_text"], value_at = found
    else:
        at = norm.find(normalise(row["value_text"]))
        value_at = (at, at + len(normalise(row["value_text"]))) if at >= 0 else None
    dated = any((row.get(c) or "").strip() for c in ("period_start", "period_end", "year"))
    if dated and value_at is not None and not (row.get("period_text") or "").strip():
        found = _shortest({**row, **proposed}, norm, shown, spans, "period_text", _PERIOD_CODES, value_at, folder)
        if found:
            text, (start, end) = found
            # Keep the words that open the date with it: "In 1931", "In the 1920s", "from 1930 to 1932".
            for _ in range(2):
                before = [(s, e) for s, e in spans if e < start]
                if not before or norm[before[-1][0] : before[-1][1]].lower() not in _DATE_OPENERS or before[-1][1] + 1 != start:
                    break
                start = before[-1][0]
            proposed["period_text"] = shown[start:end]
    status = (row.get("status") or "").strip()
    if not (row.get("status_text") or "").strip() and status not in ("outcome", "derived", ""):
        candidates = [p for p in find_phrases(norm, folder) if p.field == "status" and p.term == status]
        if candidates:
            near = min(candidates, key=lambda p: (_gap((p.start, p.end), value_at) if value_at else 0, p.start))
            proposed["status_text"] = shown[near.start : near.end]
    return proposed


def _shortest(
    row: Mapping[str, str], norm: str, shown: str, spans: list[tuple[int, int]], column: str, codes: set[str], near: tuple[int, int] | None, folder: Path
) -> tuple[str, tuple[int, int]] | None:
    columns = _COLUMNS[column]
    """The shortest span of whole tokens whose text the check accepts in ``column`` (nearest ``near`` first)."""
    best: tuple[tuple[int, int, int], str, tuple[int, int]] | None = None
    for i in range(len(spans)):
        for j in range(i, min(len(spans), i + MAX_WORDS)):
            start, end = spans[i][0], spans[j][1]
            key = (j - i, _gap((start, end), near) if near else 0, start)
            if best is not None and key >= best[0]:
                break
            text = norm[start:end]
            found = row_readings("", 0, {**row, column: text}, folder)
            if not any(p.code in codes and p.column in columns and p.level == "error" for p in found):
                best = (key, shown[start:end], (start, end))
    return (best[1], best[2]) if best else None


def _gap(a: tuple[int, int], b: tuple[int, int] | None) -> int:
    return 0 if b is None else max(b[0] - a[1], a[0] - b[1], 0)


def _insert_readings(header: list[str], table: str) -> None:
    """Add the missing reading columns to ``header`` where the table's schema puts them (each after the
    schema field before it that the header has; after excerpt for a table the schema does not know)."""
    from ..schema.tables import DATA_TABLES

    order = next((t.field_names for t in DATA_TABLES if t.name == table), ["excerpt", *READINGS])
    for column in READINGS:
        if column in header:
            continue
        earlier = [c for c in order[: order.index(column)] if c in header]
        header.insert(header.index(earlier[-1]) + 1 if earlier else len(header), column)


def prefill_file(path: Path, folder: Path | None = None) -> int:
    """Add the missing reading columns (after excerpt) to one raw CSV file and fill its empty reading
    cells; returns how many cells were filled. Cells already filled are never changed."""
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = list(reader.fieldnames or [])
    if "excerpt" not in header or "value" not in header:
        return 0
    rows = list(reader)
    _insert_readings(header, path.stem)
    filled = 0
    for row in rows:
        for column, value in prefill({**{c: "" for c in READINGS}, **row}, folder).items():
            row[column] = value
            filled += 1
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: row.get(c) or "" for c in header} for row in rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return filled


def main(argv: list[str] | None = None) -> int:
    """Fill the empty reading cells of ROOT/raw/*.csv (or of the CSV files of a folder given)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m kuzbass_data.gate.prefill ROOT", file=sys.stderr)
        return 2
    root = Path(args[0])
    folder = root / "raw" if (root / "raw").is_dir() else root
    for path in sorted(folder.glob("*.csv")):
        filled = prefill_file(path)
        if filled:
            print(f"{path}: {filled} reading cells filled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
