"""``kuzbass-data add TABLE --source ID --excerpt "..."``: start a new row from its excerpt.

The row is appended to ``raw/<TABLE>.csv`` (never over an existing row) with its readings marked
through the phrase table, the cells they give (value, qualifier, unit where one unit reads the
words, period, status), an id proposed, and the footnote found where the source's open text allows.
What only a person can decide (the measure, the dimensions, an ambiguous unit) is printed, with the
command that checks the row.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..paths import RAW_DIR, TEXT_DIR, raw_file
from ..schema.grammar import ValueReading, find_phrases, read_period, read_status, read_value, stored, tokens, units_for
from ..source_text import normalise
from .readings import _cuts, row_readings
from .rowdata import read_rows

# Words that open a date and read better kept with it ("In 1931", "from 1930 to 1932").
_OPENERS = ("in", "on", "from", "between", "during", "the")


class AddError(Exception):
    """The row cannot be added (unknown table, no number in the excerpt)."""


def propose(table_header: list[str], source_id: str, excerpt: str) -> tuple[dict[str, str], list[str]]:
    """The cells of a new row of a table with ``table_header`` for ``excerpt``, and what is left to decide."""
    row = dict.fromkeys(table_header, "")
    row.update(source_id=source_id, excerpt=excerpt, status="outcome")
    norm = normalise(excerpt)
    shown = excerpt if len(norm) == len(excerpt) else norm
    value_span = _value_span(norm)
    if value_span is None:
        raise AddError("the excerpt states no number the grammar reads")
    row["value_text"] = shown[value_span[0] : value_span[1]]
    reading = read_value(row["value_text"])
    assert isinstance(reading, ValueReading)  # _value_span only returns spans the grammar reads
    left = [c for c in table_header if c not in row or not row[c]]
    row["qualifier"] = reading.qualifier
    choices = units_for(reading)
    if reading.form == "fraction" and "percent" in choices:
        choices = ["percent"]  # a share is stored in percent ('one-fifth' = 20)
    if len(choices) == 1:
        _set_number(row, reading, choices[0])
    if reading.form == "multiplier":
        row["status"] = "derived"
    period = _period_span(norm, value_span, row)
    if period is not None:
        row["period_text"] = shown[period[0] : period[1]]
    statuses = sorted((p for p in find_phrases(norm) if p.field == "status"), key=lambda p: abs(p.start - value_span[0]))
    if statuses:
        row["status_text"] = shown[statuses[0].start : statuses[0].end]
        row["status"] = next(iter(read_status(row["status_text"])))
    number = "value" if not (row.get("value_low") and row.get("value_high")) else ""
    left = [c for c in ("measure", *_dimensions(table_header), "unit", number) if c in row and not row[c]]
    if not row.get("unit") and choices:
        left[left.index("unit")] = f"unit (the words read as: {', '.join(f'{u} {_values(reading, u)}' for u in choices)})"
    return row, left


def _values(reading: ValueReading, unit: str) -> str:
    return "–".join(f"{v:.10g}" for v in stored(reading, unit) or ())


def _set_number(row: dict[str, str], reading: ValueReading, unit: str) -> None:
    values = stored(reading, unit) or ()
    row["unit"] = unit
    if len(values) == 2:
        row["value_low"], row["value_high"] = (f"{v:.10g}" for v in values)
    elif values:
        row["value"] = f"{values[0]:.10g}"
        column = {"more_than": "value_low", "at_least": "value_low", "up_to": "value_high"}.get(reading.qualifier)
        if column:
            row[column] = row["value"]


def _dimensions(header: list[str]) -> list[str]:
    start, end = header.index("measure") + 1, header.index("value")
    return [c for c in header[start:end] if not c.startswith("period") and c not in ("season", "year", "base_year")]


def _value_span(norm: str) -> tuple[int, int] | None:
    """The first number of the excerpt: from a number word or digits, as far as each further word still
    changes what the grammar reads (a scale, a unit, the other end of a range), with the qualifier
    and range words that touch it."""
    toks = tokens(norm)
    for i, (tok, start, _) in enumerate(toks):
        if tok not in ("a", "an", "half") and isinstance(read_value(tok), str):
            continue
        best: tuple[int, int] | None = None
        last: tuple[tuple[float, ...], str, str] | None = None
        for j in range(i, min(len(toks), i + 7)):
            reading = read_value(norm[start : toks[j][2]])
            said = (reading.numbers, reading.form, reading.unit_word) if isinstance(reading, ValueReading) else None
            if said is not None and said != last:  # a qualifier inside the span changes nothing here
                best, last = (start, toks[j][2]), said
        if best is None or _cuts(norm, *best):
            continue
        before = [p for p in find_phrases(norm) if p.field in ("qualifier", "range") and p.end <= best[0] and not norm[p.end : best[0]].strip()]
        span = (before[-1].start, best[1]) if before else best
        if re.fullmatch(r"1[89][0-9]{2}|20[0-9]{2}", tok) and not before:
            continue  # a year dates the number; a count in four digits needs its qualifier ("a total of 1932")
        if isinstance(read_value(norm[span[0] : span[1]]), ValueReading):
            return span
    return None


def _touches(norm: str, start: int, end: int, span: tuple[int, int]) -> bool:
    return (end <= span[0] and not norm[end : span[0]].strip()) or (start >= span[1] and not norm[span[1] : start].strip())


def _whole(norm: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start > 0 and not norm[start - 1].isspace():
        start -= 1
    while end < len(norm) and not norm[end].isspace() and norm[end] not in ".,;:":
        end += 1
    return start, end


def _period_span(norm: str, value: tuple[int, int], row: dict[str, str]) -> tuple[int, int] | None:
    """The shortest dating words nearest the number that the date grammar reads; the row's period cells are set from them."""
    spans = [(s, e) for _, s, e in tokens(norm)]
    best: tuple[tuple[int, int, int], tuple[int, int], dict[str, str]] | None = None
    for i in range(len(spans)):
        for j in range(i, min(len(spans), i + 8)):
            start, end = spans[i][0], spans[j][1]
            if start < value[1] and end > value[0]:
                break
            reading = read_period(norm[start:end])
            if isinstance(reading, str):
                continue
            trial = {**row, **_period_cells(reading, row), "period_text": norm[start:end]}
            if any(p.column in ("period_text", "period_relation", "period_start", "period_end", "year", "base_year") for p in row_readings("", 0, trial) if p.level == "error"):
                continue
            key = (j - i, max(value[0] - end, start - value[1], 0), start)
            if best is None or key < best[0]:
                best = (key, (start, end), _period_cells(reading, row))
    if best is None:
        return None
    (start, end), cells = best[1], best[2]
    for _ in range(2):  # keep the words that open the date with it
        before = [(s, e) for s, e in spans if e < start]
        if before and norm[before[-1][0] : before[-1][1]].lower() in _OPENERS and before[-1][1] + 1 == start:
            start = before[-1][0]
    row.update(cells)
    return start, end


def _period_cells(reading: dict[str, str], row: dict[str, str]) -> dict[str, str]:
    if "period_start" in row:
        return reading
    two = reading["period_start"] and reading["period_end"] and reading["period_start"] != reading["period_end"]
    return {"year": reading["period_end"] or reading["period_start"], "base_year": reading["period_start"] if two else ""}


def add_row(root: Path, table: str, source_id: str, excerpt: str) -> tuple[str, int, list[str]]:
    """Append the proposed row to ``root/raw/<table>.csv``: (its id, its line, what is left to decide)."""
    path = root / raw_file(table)
    if not path.is_file() or path.is_symlink():
        raise AddError(f"{raw_file(table)} is not a data table of this checkout")
    text = path.read_text(encoding="utf-8")
    header = read_rows(text)[0]
    if "value_text" not in header:
        raise AddError(f"{raw_file(table)} has no value_text column: it is no data table")
    row, left = propose(header, source_id, excerpt)
    row["footnote"] = _footnote(root, source_id, excerpt)
    # Every id of every raw table (a retired id too): a proposed id never reuses one.
    taken = {row.get("id", "") for p in (root / RAW_DIR).glob("*.csv") if not p.is_symlink() for _, row in read_rows(p.read_text(encoding="utf-8", errors="replace"))[1]}
    base = re.sub(r"[^a-z0-9]+", "-", f"{source_id} {row['value_text']}".lower()).strip("-")[:70].strip("-")
    row["id"] = next(c for c in (base, *(f"{base}-{n}" for n in range(2, 1000))) if c not in taken)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row.get(c, "") for c in header])
    ending = "" if text.endswith("\n") or not text else "\n"
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(ending + out.getvalue())
    return row["id"], len(text.splitlines()) + 1, left


def _footnote(root: Path, source_id: str, excerpt: str) -> str:
    """The footnote the convention gives, when the source's text is open in sources/<id>.txt."""
    from .semantics import _normalise_keeping_markers, footnote_for

    path = root / TEXT_DIR / f"{source_id}.txt"
    if not path.is_file() or path.is_symlink():
        return ""
    wanted = normalise(excerpt)
    for paragraph in path.read_text(encoding="utf-8").splitlines():
        joined = _normalise_keeping_markers(paragraph)
        at = normalise(joined).find(wanted)
        if at >= 0:
            return footnote_for(joined, joined.find(wanted) + len(wanted)) if wanted in joined else ""
    return ""


def main(root: Path, table: str, source_id: str, excerpt: str) -> list[str]:
    """Add the row and return the lines to print: where it went, its readings, what is left, the check."""
    row_id, line, left = add_row(root, table, source_id, excerpt)
    lines = [f"{raw_file(table)}:{line}: added {row_id} (its readings and the cells they give are pre-filled; read them against the source)"]
    if left:
        lines.append(f"left to decide: {'; '.join(left)}")
    lines.append(f"then check it: kuzbass-data validate {root}")
    return lines
