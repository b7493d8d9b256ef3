"""The mechanical checks of a row's marked readings against its excerpt and its cells.

Each marked text (``value_text``, ``period_text``, ``status_text``, ``partial_scope``) must:

- occur in the excerpt under the provenance normalisation (``reading-not-in-excerpt``), with ends
  that cut no word or number (``reading-cuts-word``: "38" is not a mark inside "1937-38");
- have no qualifier, unit, scale, caution or period phrase of the table standing right against it
  outside every mark (``phrase-outside-mark``);
- read, through the phrase table and the closed grammar of ``kuzbass_data.schema.grammar``, as exactly the
  row's cells (``value-text-unreadable``, ``unit-mismatch``, ``qualifier-mismatch``, ``value-mismatch``,
  ``caution-in-mark``, ``period-text-unreadable``, ``period-mismatch``, ``status-text-unreadable``,
  ``status-mismatch``, ``status-unmarked``).

Every status phrase of the excerpt is marked in ``status_text`` or acknowledged
(``status-phrase-unmarked``), and, in a table with ``partial_scope``, every scope phrase is marked
there or acknowledged (``scope-phrase-unmarked``): plain searches, with no guessing of which clause a
word governs. Warnings, for the reviewer: a caution phrase elsewhere in the excerpt (a scope phrase
in a table without partial_scope), and a period_text
farther from the number than another year of the excerpt (``period-farther-than-another-date``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from pathlib import Path

from ..schema.grammar import Phrase, ValueReading, find_phrases, read_period, read_status, read_value, stored, terms_folder, units_for
from ..schema.vocabularies import QUALIFIER
from ..source_text import normalise
from .problems import Problem
from .rowdata import NUMBER_COLUMNS, Tables, cell, data_tables, file_of, number_text, same_number

MARKS = ("value_text", "period_text", "status_text", "partial_scope")
# The phrase fields that must not stand against each mark from outside it: just before it, and just after it.
BEFORE = {"value_text": ("qualifier", "range", "caution"), "status_text": ("caution",), "period_text": ("relation", "season")}
AFTER = {"value_text": ("scale", "unit", "rate", "caution")}
PERIOD_COLUMNS = ("period_relation", "period_start", "period_end", "period_precision", "season")
READING_CODES = (
    "reading-not-in-excerpt",
    "reading-cuts-word",
    "phrase-outside-mark",
    "scope-phrase-unmarked",
    "value-text-unreadable",
    "caution-in-mark",
    "unit-mismatch",
    "qualifier-mismatch",
    "value-mismatch",
    "period-text-unreadable",
    "period-mismatch",
    "status-text-unreadable",
    "status-mismatch",
    "status-unmarked",
    "status-phrase-unmarked",
    "caution-in-excerpt",
    "scope-phrase-in-excerpt",
    "period-farther-than-another-date",
)
# Longer excerpts are the cell checks' to report; they are not read here.
MAX_EXCERPT = 400
_YEAR = re.compile(r"(?<![0-9,.])(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])")
Span = tuple[int, int]


def check_readings(tables: Tables, folder: Path | None = None) -> list[Problem]:
    """The reading problems of every row of every data table."""
    problems: list[Problem] = []
    for name in data_tables(tables):
        file = file_of(name)
        for line, row in tables[name]:
            problems += row_readings(file, line, row, folder)
    return problems


@functools.lru_cache(maxsize=4096)
def _excerpt_phrases(excerpt: str, folder: Path) -> tuple[Phrase, ...]:
    """The phrases of one normalised excerpt; rows often share an excerpt, so each is read once."""
    return tuple(find_phrases(excerpt, folder))


def row_readings(file: str, line: int, row: Mapping[str, str], folder: Path | None = None) -> list[Problem]:
    """The reading problems of one data row."""
    excerpt = normalise(cell(row, "excerpt"))
    folder = terms_folder(folder)
    # The marked texts, each read once.
    texts = {column: cell(row, column) for column in MARKS}
    if not excerpt or len(excerpt) > MAX_EXCERPT or not texts["value_text"]:
        return []  # the cell checks report a missing or overlong excerpt and a missing value_text
    problems: list[Problem] = []
    spans: dict[str, Span] = {}
    for column, text in texts.items():
        mark = normalise(text) if text else ""
        if mark:
            span, problem = _locate(file, line, column, mark, excerpt)
            if problem is not None:
                problems.append(problem)
            elif span is not None:
                spans[column] = span
    phrases = _excerpt_phrases(excerpt, folder)
    marks = list(spans.values())
    # The phrases outside every mark: the ones that may stand against a mark, or go unaccounted for.
    outside = [p for p in phrases if not _within(p.start, p.end, marks)]
    reading = read_value(texts["value_text"], folder) if "value_text" in spans else None
    # A count noun after a fraction or multiplier names its group, not its unit ("one in five prisoners").
    shares = isinstance(reading, ValueReading) and reading.form != "number"
    touched = set()
    for column, span in spans.items() if outside else ():
        for p in outside:
            if shares and column == "value_text" and p.field == "unit":
                continue
            if _touches(excerpt, p, span, BEFORE.get(column, ()), AFTER.get(column, ())):
                touched.add(column)
                problems.append(_touching(file, line, column, p, texts[column]))
                break
    value = None
    if reading is not None and "value_text" not in touched:
        if isinstance(reading, str):
            problems.append(Problem(file, line, "value_text", reading, "mark the words that state the number, as the excerpt writes them", code="value-text-unreadable"))
        else:
            value = reading
            problems += _value_problems(file, line, row, reading, folder)
    if "period_text" in spans and "period_text" not in touched:
        problems += _period_problems(file, line, row, folder)
    marked_status = "status_text" in spans or not texts["status_text"]
    status = _status_problems(file, line, row, value, folder) if "status_text" not in touched and marked_status else []
    problems += status
    status_span = spans.get("status_text", (0, 0))
    # Every status phrase is accounted for, once the status_text itself is a readable mark.
    for p in phrases if marked_status and not (status and any(s.column == "status_text" for s in status)) else ():
        if p.field == "status" and not (status_span[0] <= p.start and p.end <= status_span[1]):
            problems.append(
                Problem(
                    file,
                    line,
                    "status_text",
                    f"the excerpt says '{p.phrase}' ({p.term}), and status_text does not mark it",
                    f"mark the status words in status_text, choose an excerpt without them, or acknowledge '{p.phrase}' with the article's words ({_fingerprint_hint(row)})",
                    code="status-phrase-unmarked",
                )
            )
    problems += _unmarked(file, line, row, excerpt, outside, spans)
    return problems


def _within(start: int, end: int, spans: list[Span]) -> bool:
    """Whether start to end lies inside one of ``spans`` (a loop: the gate asks this for every phrase and year of every row)."""
    for s, e in spans:
        if s <= start and end <= e:
            return True
    return False


def _locate(file: str, line: int, column: str, mark: str, excerpt: str) -> tuple[Span | None, Problem | None]:
    """The first occurrence of ``mark`` in ``excerpt`` that cuts no word or number."""
    at = excerpt.find(mark)
    if at >= 0 and not _cuts(excerpt, at, at + len(mark)):
        return (at, at + len(mark)), None  # the first occurrence, as almost every mark is
    starts = []
    while at >= 0:
        starts.append(at)
        at = excerpt.find(mark, at + 1)
    if not starts:
        hint = "copy the words verbatim from the excerpt" + (" (the case differs)" if mark.lower() in excerpt.lower() else "")
        return None, Problem(file, line, column, f"'{mark}' is not in the excerpt", hint, code="reading-not-in-excerpt")
    for start in starts:
        if not _cuts(excerpt, start, start + len(mark)):
            return (start, start + len(mark)), None
    start = starts[0]
    whole = _widen(excerpt, start, start + len(mark))
    return None, Problem(file, line, column, f"'{mark}' cuts a word or number of the excerpt ('{whole}')", f"mark whole words and numbers: '{whole}'", code="reading-cuts-word")


def _cuts(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1 : start], text[end : end + 1]
    if before.isalnum() and text[start].isalnum() or after.isalnum() and text[end - 1].isalnum():
        return True
    # A number continues across a comma, point, dash or slash: "1937-38", "1,000".
    joined_before = before in ",.-/" and start >= 2 and text[start - 2].isdigit() and text[start].isdigit()
    joined_after = after in ",.-/" and text[end + 1 : end + 2].isdigit() and text[end - 1].isdigit()
    # A mark that ends (or starts) on the dash or slash of a number: "1931/" of "1931/32".
    dangling = (text[end - 1] in "-/" and after.isdigit()) or (text[start] in "-/" and before.isdigit())
    return joined_before or joined_after or dangling


def _widen(text: str, start: int, end: int) -> str:
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ",.-/" and start >= 2 and text[start - 2].isdigit()):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in ",.-/" and text[end + 1 : end + 2].isdigit()):
        end += 1
    return text[start:end]


def _touches(excerpt: str, p: Phrase, span: Span, before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> bool:
    """Whether phrase ``p`` stands right against ``span`` (only spaces between) or overlaps it in part."""
    if p.start < span[1] and p.end > span[0]:
        return p.field in before or p.field in after  # a mark that cuts a phrase
    return (p.field in before and p.end <= span[0] and not excerpt[p.end : span[0]].strip()) or (p.field in after and p.start >= span[1] and not excerpt[span[1] : p.start].strip())


def _touching(file: str, line: int, column: str, p: Phrase, mark: str) -> Problem:
    what = {"caution": "a number the source denies or that did not come true", "qualifier": "it governs the number", "relation": "it relates the number to its period"}.get(
        p.field, f"it is the number's {p.field}"
    )
    return Problem(
        file,
        line,
        column,
        f"'{p.phrase}' stands against {column} '{mark}' outside the mark: {what}",
        f"mark it ('{p.phrase}' belongs in {column}), or choose a shorter excerpt",
        code="phrase-outside-mark",
    )


def _value_problems(file: str, line: int, row: Mapping[str, str], reading: ValueReading, folder: Path) -> list[Problem]:
    text, unit, qualifier = cell(row, "value_text"), cell(row, "unit"), cell(row, "qualifier")
    if reading.cautions:
        phrase = reading.cautions[0]
        return [
            Problem(
                file,
                line,
                "value_text",
                f"value_text '{text}' says '{phrase}': a number the source denies or that did not come true",
                "publish only what the source says was, planned, announced, set or claimed",
                code="caution-in-mark",
            )
        ]
    if not unit:
        return []  # the cell checks report a missing unit
    values = stored(reading, unit, folder)
    if values is None:
        readings = [f"'{u}' ({', '.join(f'{v:g}' for v in stored(reading, u, folder) or ())})" for u in units_for(reading, folder)]
        said = f"is written in '{reading.unit_word}'" if reading.unit_word else "names no unit"
        hint = f"set unit to one of {', '.join(readings)}" if readings else f"mark the unit word of '{unit}' with the number"
        return [Problem(file, line, "unit", f"value_text '{text}' {said}, which the unit '{unit}' does not read", hint, code="unit-mismatch")]
    problems = []
    if qualifier and reading.qualifier != qualifier:
        known = reading.qualifier in QUALIFIER.terms
        hint = f"set qualifier to '{reading.qualifier}'" if known else f"ask for a qualifier term for '{reading.qualifier}' before adding the row"
        problems.append(Problem(file, line, "qualifier", f"value_text '{text}' reads as '{reading.qualifier}', but the row's qualifier is '{qualifier}'", hint, code="qualifier-mismatch"))
    written = [cell(row, c) for c in NUMBER_COLUMNS]
    if len(values) == 2:
        expected = [("value_low", values[0], written[1]), ("value_high", values[1], written[2])]
    else:
        expected = [(c, values[0], w) for c, w in zip(NUMBER_COLUMNS, written, strict=True) if w]
    for column, want, cell_text in expected:
        have = number_text(cell_text)
        if have is not None and not _same(have, want, cell_text, reading.form):
            problems.append(Problem(file, line, column, f"value_text '{text}' reads as {want:g} in '{unit}', but {column} is {cell_text}", f"set {column} to {want:g}", code="value-mismatch"))
            break
    return problems


def _same(have: float, want: float, written: str, form: str) -> bool:
    """Equal, or a fraction's share rounded to the decimals stored ("one-third" as 33.3)."""
    if same_number(have, want):
        return True
    decimals = len(written.partition(".")[2])
    return form == "fraction" and decimals > 0 and math.isclose(round(want, decimals), have)


def _period_problems(file: str, line: int, row: Mapping[str, str], folder: Path) -> list[Problem]:
    text = cell(row, "period_text")
    reading = read_period(text, folder)
    if isinstance(reading, str):
        return [Problem(file, line, "period_text", reading, "mark the words that date the number", code="period-text-unreadable")]
    if "period_start" in row:
        wanted = reading
        columns: tuple[str, ...] = PERIOD_COLUMNS
    else:  # a table with a year (and base_year): one year, or base_year to year
        two = reading["period_start"] != reading["period_end"] and reading["period_start"] and reading["period_end"]
        wanted = {"year": reading["period_end"] or reading["period_start"], "base_year": reading["period_start"] if two else ""}
        columns = ("year", "base_year") if "base_year" in row else ("year",)
    for column in columns:
        if cell(row, column) != wanted.get(column, ""):
            shown = wanted.get(column, "") or "empty"
            return [Problem(file, line, column, f"period_text '{text}' gives {column} {shown}, but the row says {cell(row, column) or 'empty'}", f"set {column} to {shown}", code="period-mismatch")]
    return []


def _status_problems(file: str, line: int, row: Mapping[str, str], value: ValueReading | None, folder: Path) -> list[Problem]:
    text, status = cell(row, "status_text"), cell(row, "status")
    if not status:
        return []
    if text:
        terms = read_status(text, folder)
        if len(terms) != 1:
            what = "no status phrase of the phrase table" if not terms else f"phrases of several statuses ({', '.join(sorted(terms))})"
            return [
                Problem(
                    file,
                    line,
                    "status_text",
                    f"status_text '{text}' has {what}",
                    "mark the words that make the number a plan, announcement, norm or claim; a new phrase goes in schema/terms/phrases.csv",
                    code="status-text-unreadable",
                )
            ]
        expected = terms.pop()
        if expected != status:
            return [Problem(file, line, "status", f"status_text '{text}' makes the number '{expected}', but the row's status is '{status}'", f"set status to '{expected}'", code="status-mismatch")]
        return []
    expected = "derived" if value is not None and value.form == "multiplier" else "outcome"
    if status == expected or value is None:
        return []
    if status in ("outcome", "derived"):
        return [
            Problem(file, line, "status", f"value_text '{cell(row, 'value_text')}' reads as '{expected}', but the row's status is '{status}'", f"set status to '{expected}'", code="status-mismatch")
        ]
    hint = f"mark the words of the excerpt that make it '{status}' in status_text, or acknowledge it with the article's words ({_fingerprint_hint(row)})"
    return [Problem(file, line, "status", f"status '{status}', but status_text is empty: no words of the excerpt make the number '{status}'", hint, code="status-unmarked")]


def _unmarked(file: str, line: int, row: Mapping[str, str], excerpt: str, outside_marks: list[Phrase], spans: dict[str, Span]) -> list[Problem]:
    """Caution and scope phrases outside every mark (``outside_marks``, the excerpt's phrases that no
    mark holds), and a period_text farther than another year."""
    problems: list[Problem] = []
    value = spans.get("value_text")
    if outside_marks:
        problems += _unmarked_phrases(file, line, row, excerpt, outside_marks, spans)
    period = spans.get("period_text")
    if value and period:
        distance = _gap(value, period)
        marks = list(spans.values())
        for m in _YEAR.finditer(excerpt):
            if _gap(value, m.span()) < distance and not _within(m.start(), m.end(), marks):
                message = f"'{m.group(0)}' stands nearer to value_text than period_text '{cell(row, 'period_text')}' does"
                problems.append(Problem(file, line, "period_text", message, "check that the number belongs to the date the row gives it", code="period-farther-than-another-date", level="warning"))
                break
    return problems


def _unmarked_phrases(file: str, line: int, row: Mapping[str, str], excerpt: str, outside_marks: list[Phrase], spans: dict[str, Span]) -> list[Problem]:
    """``_unmarked``'s caution and scope phrases: a warning for a caution phrase, and a scope phrase marked, acknowledged or warned of."""
    problems = []
    value = spans.get("value_text")
    outside = [p for p in outside_marks if not (value and _touches(excerpt, p, value, BEFORE["value_text"]))]
    caution = [p.phrase for p in outside if p.field == "caution"]
    if caution:
        problems.append(
            Problem(
                file,
                line,
                "excerpt",
                f"the excerpt says '{caution[0]}', which may deny the number or say it did not come true",
                "read the row's sentence against the excerpt",
                code="caution-in-excerpt",
                level="warning",
            )
        )
    for phrase in dict.fromkeys([p.phrase for p in outside if p.field == "scope"]):
        if cell(row, "partial_scope") and "partial_scope" not in spans:
            break  # the mark itself is wrong: reported where it is
        if "partial_scope" in row:  # a plain search, as for status phrases: marked, or acknowledged
            hint = f"copy the source's words that limit the number into partial_scope, or acknowledge '{phrase}' with the article's words ({_fingerprint_hint(row)})"
            problems.append(Problem(file, line, "partial_scope", f"the excerpt says '{phrase}', and partial_scope does not mark it", hint, code="scope-phrase-unmarked"))
        else:
            what = f"the excerpt says '{phrase}', which may limit the number to part of its place or group"
            problems.append(Problem(file, line, "excerpt", what, "read the row's sentence against the excerpt", code="scope-phrase-in-excerpt", level="warning"))
            break
    return problems


def _gap(a: Span, b: Span) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def fingerprint(row: Mapping[str, str]) -> str:
    """A fingerprint of a row's cells: any edit of a filled cell changes it (empty cells are left out,
    so a new empty column does not)."""
    import hashlib

    content = "\x1f".join(f"{k}\x1e{v.strip()}" for k, v in sorted(row.items()) if isinstance(v, str) and v.strip())
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


def _fingerprint_hint(row: Mapping[str, str]) -> str:
    return f"audit/acknowledgements.csv: {cell(row, 'id')},<code>,<phrase>,<reason>,{fingerprint(row)}"
