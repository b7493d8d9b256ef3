"""Check every cell: its hygiene here, its type and constraints through the table's pandera schema.

Hygiene (spaces around a value, spreadsheet formulas, control characters) is our code.
Types, vocabularies, patterns, bounds, lengths, required values and uniqueness are
the pandera schema derived from the table's one definition: pandera is the gate, and
its failure cases are mapped to ``file:line: column: message (hint)``. A cell that
fails is reported once and left out of every later check.
"""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

import numpy as np
import pandas as pd

from ...schema import MULTI_SEPARATOR, Field, Table
from ...schema.dtypes import apply_dtypes
from ..problems import Collector, Problem, row_problems
from .csvfile import RawFile

NUMBER = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
FORMULA_START = "=+-@"
TEXT = pd.StringDtype("pyarrow")


def _ranges(codes: list[int]) -> str:
    """The code points ``codes`` (ascending) as the ranges of a regular-expression character class."""
    parts: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            parts.append(chr(start) if start == previous else f"{chr(start)}-{chr(previous)}")
            start = code
        previous = code
    return "".join(parts)


# Characters refused in every cell: they act on whoever reads the cell instead of being read.
# - C0 controls (line feed excepted), DEL and the C1 controls U+0080-U+009F (8-bit CSI and OSC
#   start escape sequences in a terminal);
# - every format character (Unicode category Cf): the bidirectional marks, embeddings, overrides
#   and isolates that make a line show other than it is, the tag characters that hide text, and
#   the invisible ones (soft hyphen, zero-width space and joiners, word joiner, byte-order mark),
#   which split a number or a word for a reader while the source comparison ignores them;
# - the whole tag block U+E0000-U+E007F (unassigned ones included), and the line and paragraph
#   separators U+2028 and U+2029, which end a line for some readers and not others.
# Written as literal ranges, so that both pyarrow's RE2 and Python's re read the same class.
_REFUSED = sorted(
    {*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0xE0000, 0xE0080)}
    # Format characters are assigned in the first two planes and in plane 14 only: scanning those is enough.
    | {code for code in (*range(0x20000), *range(0xE0000, 0xE1000)) if unicodedata.category(chr(code)) == "Cf"}
)
CONTROL = f"[{_ranges(_REFUSED)}]"
# A line feed is allowed only in free text (no vocabulary, no pattern), e.g. a long note.
LINE_FEED = "\n"


@dataclass
class CheckedTable:
    """A raw table after its cell checks, with the parsed values later checks need."""

    # The parsed file.
    raw: RawFile
    # Text of every present column without surrounding whitespace, as Arrow string arrays.
    arrow: dict[str, Any] = field(default_factory=dict)
    # Integer and number columns as floats; NaN where empty or not valid.
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    # Per column: True where the cell passed every cell check.
    valid: dict[str, np.ndarray] = field(default_factory=dict)
    # Per column: True where the cell is empty (after stripping whitespace).
    empty: dict[str, np.ndarray] = field(default_factory=dict)
    # The checked cells before typing: text, or numbers where pandera converted them; missing where a check failed.
    checked_cells: pd.DataFrame = field(default_factory=pd.DataFrame)

    @cached_property
    def typed(self) -> pd.DataFrame:
        """The table typed as ``kd.load`` types it; cells that failed a check are missing.

        Typed on first use: the build needs it, the gate reads only the numbers (``numbers``).
        """
        return apply_dtypes(self.checked_cells, self.table, columns=list(self.checked_cells.columns))

    @property
    def table(self) -> Table:
        """The table's definition."""
        return self.raw.table

    @property
    def file(self) -> str:
        """The file's path relative to the root, e.g. "raw/coal_output.csv"."""
        return self.raw.file

    @property
    def n(self) -> int:
        """Number of data rows."""
        return len(self.raw.lines)

    def present(self, column: str) -> np.ndarray:
        """True where ``column`` is filled and passed its cell checks; all False when the column is absent."""
        if column not in self.arrow:
            return np.zeros(self.n, dtype=bool)
        present: np.ndarray = self.valid[column] & ~self.empty[column]
        return present

    def text(self, column: str) -> pd.Series:
        """The stripped text of ``column`` as a pandas string Series."""
        return pd.Series(self.arrow[column].to_pandas(types_mapper=lambda _: TEXT), dtype=TEXT)

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Every row as (physical line of the row, raw cell text by column), in file order."""
        names = list(self.raw.columns)
        lines = self.raw.lines.tolist()
        if not names:
            return [(line, {}) for line in lines]
        # Each row is made from the cells as parsed, by one zip with the names: when the header holds
        # just the known columns in order (as it should), the parsed row as it is.
        positions = [self.raw.positions[name] for name in names]
        if positions == list(range(len(names))) and all(len(cells) == len(names) for cells in self.raw.cells[:1]):
            return [(line, dict(zip(names, cells, strict=True))) for line, cells in zip(lines, self.raw.cells, strict=True)]
        pick = operator.itemgetter(*positions)
        picked = (pick(cells) for cells in self.raw.cells) if len(positions) > 1 else ((pick(cells),) for cells in self.raw.cells)
        return [(line, dict(zip(names, cells, strict=True))) for line, cells in zip(lines, picked, strict=True)]


def check_cells(raw: RawFile) -> tuple[CheckedTable, list[Problem]]:
    """Hygiene of every present column, then the pandera gate; return parsed values and problems."""
    import pyarrow.compute as pc

    checked = CheckedTable(raw)
    fields = [fld for fld in raw.table.fields if fld.name in raw.columns]
    problems: list[Problem] = []
    failed: dict[str, np.ndarray] = {}
    for fld in fields:
        cells = raw.columns[fld.name]
        stripped = pc.utf8_trim_whitespace(cells)
        checked.arrow[fld.name] = stripped
        checked.empty[fld.name] = pc.equal(stripped, "").to_numpy(zero_copy_only=False)
        found, failed[fld.name] = _hygiene(raw, fld, cells, stripped)
        problems += found
    frame = _texts_or_missing(checked, fields, failed)
    # An optional column that is empty in every row can fail no check of the schema (each check
    # skips missing cells, and converting nothing cannot fail), so pandera is not asked about it:
    # about a fifth of the columns of the published tables, and pandera's cost is per column.
    judged = [f.name for f in fields if f.required or f.unique or f.name in raw.table.primary_key or not (checked.empty[f.name] | failed[f.name]).all()]
    found, gate_failed, coerced = _gate(frame[judged], raw.table, raw.file, raw.lines, coerce=True, known_bad=failed)
    problems += found
    for fld in fields:
        bad = failed[fld.name] | gate_failed.get(fld.name, np.zeros(checked.n, dtype=bool))
        checked.valid[fld.name] = ~bad
        if fld.name in gate_failed and gate_failed[fld.name].any():
            frame[fld.name] = frame[fld.name].mask(bad)
    # When pandera found nothing, its converted frame is the typed table (hygiene failures were
    # missing before it converted): the columns are not converted a second time.
    if coerced is not None:
        frame = frame.assign(**{name: coerced[name] for name in judged})
    checked.checked_cells = frame  # the fields' columns, in order
    # Only the number columns are typed here (each column is typed by itself, as ``typed`` types it).
    numeric = [fld.name for fld in fields if fld.type != "string"]
    typed_numbers = apply_dtypes(frame, raw.table, columns=numeric) if numeric else frame[[]]
    for name in numeric:
        checked.numbers[name] = typed_numbers[name].to_numpy(dtype=float, na_value=np.nan)
    return checked, problems


def _texts_or_missing(checked: CheckedTable, fields: list[Field], failed: dict[str, np.ndarray]) -> pd.DataFrame:
    """The stripped text of every column, missing where empty or where a hygiene check failed.

    Masked in Arrow and converted to pandas in one call: a conversion and a mask per column
    cost more than the cells on tables of a few rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not fields:
        return pd.DataFrame(index=pd.RangeIndex(checked.n))
    columns = [pc.if_else(pa.array(checked.empty[f.name] | failed[f.name]), pa.scalar(None, pa.string()), checked.arrow[f.name]) for f in fields]
    table = pa.Table.from_arrays([pc.cast(c, pa.string()) for c in columns], names=[f.name for f in fields])
    frame: pd.DataFrame = table.to_pandas(types_mapper=lambda _: TEXT)
    return frame.set_axis(pd.RangeIndex(checked.n), axis=0)


# The longest number cell read: 15 significant digits and a decimal point fit with room to spare.
NUMBER_LIMIT = 30


def _hygiene(raw: RawFile, fld: Field, cells: Any, stripped: Any) -> tuple[list[Problem], np.ndarray]:
    """Spaces around a value, formulas and control characters: problems and the failed cells."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def mask(values: Any) -> np.ndarray:
        result: np.ndarray = pc.fill_null(values, False).to_numpy(zero_copy_only=False)
        return result

    problems: list[Problem] = []
    padded = mask(pc.not_equal(cells, stripped))
    problems += row_problems(
        raw.file, raw.lines, padded, fld.name, lambda i: f"{_shortened(cells[i].as_py(), 60)!r} has spaces at the start or end", "delete the spaces around the value", "padded-value"
    )
    # Cells starting =, +, - or @ are formulas to a spreadsheet, unless they are numbers.
    starts = mask(pc.is_in(pc.utf8_slice_codeunits(stripped, 0, 1), value_set=pa.array(list(FORMULA_START))))
    formula = starts & ~mask(pc.match_substring_regex(stripped, f"^{NUMBER}$")) if starts.any() else starts
    problems += row_problems(
        raw.file,
        raw.lines,
        formula,
        fld.name,
        lambda i: f"{str(stripped[i].as_py())[:20]!r} starts with {str(stripped[i].as_py())[0]!r}, which a spreadsheet runs as a formula",
        "rephrase the cell so that it does not start with =, +, - or @",
        "formula-start",
    )
    free_text = fld.type == "string" and fld.vocabulary is None and fld.pattern is None
    refused = CONTROL if free_text else CONTROL[:-1] + LINE_FEED + "]"
    control = mask(pc.match_substring_regex(cells, refused)) & ~formula
    problems += row_problems(
        raw.file,
        raw.lines,
        control,
        fld.name,
        lambda i: f"contains the {_describe(_first(refused, cells[i].as_py()))}, which a reader's screen would act on or hide",
        "delete it; text cells hold printable characters only" + ("" if free_text else ", on one line"),
        "control-character",
    )
    odd = np.zeros(len(control), dtype=bool)
    if fld.type in ("number", "integer"):
        # Plain digits only, and not many: an exponent, 'inf' or 'nan', or a hundred thousand digits
        # would overflow to infinity or flood the report; no number of the source needs them.
        long = mask(pc.greater(pc.utf8_length(stripped), NUMBER_LIMIT))
        odd = (long | mask(pc.match_substring_regex(stripped, r"^[-+]?(?:[0-9.]+[eE]|[iI][nN][fF]|[nN][aA][nN]$)"))) & ~formula & ~control
        problems += row_problems(
            raw.file,
            raw.lines,
            odd,
            fld.name,
            lambda i: f"{_shortened(str(stripped[i].as_py()))!r} is not a number written in plain digits (at most {NUMBER_LIMIT} characters)",
            "write the number in plain digits as the source states it, e.g. 23630 or 2.4",
            "number-form",
        )
    return problems, formula | control | odd


def _shortened(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(ch: str) -> str:
    """How a refused character is named in a problem: its code point, kind and name ("U+202E (format character RIGHT-TO-LEFT OVERRIDE)")."""
    kind = {"Cc": "control character", "Cf": "invisible format character", "Zl": "line separator", "Zp": "paragraph separator"}.get(unicodedata.category(ch), "invisible character")
    name = unicodedata.name(ch, "")
    return f"{kind} U+{ord(ch):04X}" + (f" ({name})" if name else "")


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    return found.group(0) if found else "?"


# -- the pandera gate ------------------------------------------------------------------------


def schema_gate(
    frame: pd.DataFrame, table: Table, file: str, lines: np.ndarray, *, coerce: bool = False, known_bad: dict[str, np.ndarray] | None = None
) -> tuple[list[Problem], dict[str, np.ndarray]]:
    """Problems the table's pandera schema finds in ``frame``, and the cells that failed.

    ``frame`` holds the table's columns (text when ``coerce``, else typed); row i is on
    ``lines[i]``. Cells in ``known_bad`` were reported already and are not reported again.
    """
    problems, failed, _ = _gate(frame, table, file, lines, coerce=coerce, known_bad=known_bad)
    return problems, failed


def _gate(
    frame: pd.DataFrame, table: Table, file: str, lines: np.ndarray, *, coerce: bool = False, known_bad: dict[str, np.ndarray] | None = None
) -> tuple[list[Problem], dict[str, np.ndarray], pd.DataFrame | None]:
    """``schema_gate``, with the frame pandera converted when it found no failure (else None)."""
    from ...schema.dataframe_schema import dataframe_schema

    # Only the frame's columns, in any order: the order of the header is checked by the parser.
    # Checks implied by another check of their column are left out: they could never be the one reported.
    schema = dataframe_schema(table, coerce=coerce, columns=list(frame.columns), implied=False)
    failed = {c: np.zeros(len(frame), dtype=bool) for c in frame.columns}
    for c, bad in (known_bad or {}).items():
        if c in failed:
            failed[c] |= bad
    cases, validated = _failure_cases(schema, frame)
    if coerce and any(check.startswith("coerce_dtype") for _, check, _, _ in cases):
        # A column that cannot be converted is not checked further by pandera: report the
        # cells that cannot be converted, leave them out, and check the rest again.
        unconvertible = {c: np.zeros(len(frame), dtype=bool) for c in frame.columns}
        for column, check, _, index in cases:
            if check.startswith("coerce_dtype") and index is not None:
                unconvertible[column][index] = True
        retry = frame.copy()
        for column, bad in unconvertible.items():
            if bad.any():
                retry[column] = retry[column].mask(bad)
        cases = [c for c in cases if c[1].startswith("coerce_dtype")] + [c for c in _failure_cases(schema, retry)[0] if not c[1].startswith(("coerce_dtype", "dtype("))]
    fields = {f.name: f for f in table.fields}
    problems = Collector()
    duplicates = _duplicate_lines(cases, lines)
    for column, check, value, index in cases:
        if check.startswith("dtype(") or column not in fields:
            continue
        if index is None:
            problems.add("schema-check-failed", partial(Problem, file, None, column, f"fails the schema check {check}", "correct the column", code="schema-check-failed"))
            continue
        if failed[column][index] and check != "field_uniqueness":
            continue
        if check == "field_uniqueness" and int(lines[index]) == min(duplicates.get((column, value), [0])):
            continue  # the first of repeated values stands: each repeat is reported once, naming it
        if check.startswith("coerce_dtype") and value is None:
            continue  # an empty cell converts to missing; whether it may be empty is not_nullable's
        failed[column][index] = True
        explain = partial(_explain, fields[column], check, value, duplicates.get((column, value), []), int(lines[index]))
        problems.add(_explain(fields[column], check, None, [], 0)[2], partial(_problem, file, int(lines[index]), column, explain))
    return problems.problems(), failed, validated


def _problem(file: str, line: int, column: str, explain: Callable[[], tuple[str, str, str]]) -> Problem:
    message, hint, code = explain()
    return Problem(file, line, column, message, hint, code=code)


def _failure_cases(schema: Any, frame: pd.DataFrame) -> tuple[list[tuple[str, str, str | None, int | None]], pd.DataFrame | None]:
    """(column, check, failing value, row position) of every failure, from one lazy validation,
    and the validated (converted) frame when there is none."""
    import warnings

    from pandera.errors import SchemaErrors

    try:
        with warnings.catch_warnings():
            # pandera joins its tables of failure cases with pandas.concat, which pandas 2.2 warns
            # about when one of them is all missing. The warning concerns the dtypes of pandera's
            # own table, whose cells are read here as text: nothing the contributor can act on.
            warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation with empty or all-NA entries", FutureWarning)
            validated: pd.DataFrame = schema.validate(frame, lazy=True)
    except SchemaErrors as err:
        cases = err.failure_cases
        result = []
        for column, check, value, index in zip(cases["column"], cases["check"], cases["failure_case"], cases["index"], strict=True):
            missing = value is None or (not isinstance(value, str) and bool(pd.isna(value)))
            position = None if index is None or (not isinstance(index, int) and bool(pd.isna(index))) else int(index)
            result.append((str(column), str(check), None if missing else str(value), position))
        return result, None
    return [], validated


def _duplicate_lines(cases: list[tuple[str, str, str | None, int | None]], lines: np.ndarray) -> dict[tuple[str, str | None], list[int]]:
    where: dict[tuple[str, str | None], list[int]] = {}
    for column, check, value, index in cases:
        if check == "field_uniqueness" and index is not None:
            where.setdefault((column, value), []).append(int(lines[index]))
    return where


def _explain(fld: Field, check: str, value: str | None, duplicate_lines: list[int], line: int) -> tuple[str, str, str]:
    """Message, hint and code of one pandera failure, in the contributor's terms."""
    shown = "" if value is None else value
    if check.startswith("coerce_dtype"):
        if fld.vocabulary is not None:
            return _vocabulary_message(shown, fld), _vocabulary_hint(shown, fld), "not-in-vocabulary"
        what = "a whole number" if fld.type == "integer" else "a number"
        return f"{_shortened(shown, 60)!r} is not {what}", number_hint(shown, fld), "not-a-number"
    if check == "not_nullable":
        return "required value is missing", f"fill it in, e.g. {fld.example}" if fld.example else "fill it in", "required-value-missing"
    if check == "field_uniqueness":
        other = min((n for n in duplicate_lines if n != line), default=line)
        return f"duplicate value {_shortened(shown, 60)!r} (also on line {other})", "every id must be unique and is never reused: choose a new one", "duplicate-value"
    if check.startswith("isin") or (check.startswith("str_matches") and fld.vocabulary is not None):
        return _vocabulary_message(shown, fld), _vocabulary_hint(shown, fld), "not-in-vocabulary"
    if check.startswith("str_matches"):
        what = fld.format_hint or f"the pattern {fld.pattern}"
        return f"{_shortened(shown, 60)!r} is not in the required format", f"use {what}, e.g. {fld.example}" if fld.example else f"use {what}", "bad-format"
    if check.startswith("greater_than_or_equal_to"):
        return f"{_number(shown)} is below the minimum {_fmt(fld.minimum)}", _range_hint(fld), "below-minimum"
    if check.startswith("less_than_or_equal_to"):
        return f"{_number(shown)} is above the maximum {_fmt(fld.maximum)}", _range_hint(fld), "above-maximum"
    if check.startswith("str_length"):
        hint = "shorten the excerpt to the sentence or clause that contains the number" if fld.name == "excerpt" else "shorten it"
        return f"text is {len(shown)} characters long, more than the {fld.length_limit} allowed", hint, "too-long"
    return f"fails the schema check {check} with {_shortened(shown, 60)!r}", "correct the value", "schema-check-failed"


def _number(text: str) -> str:
    try:
        return _fmt(float(text))
    except ValueError:
        return text


def _fmt(bound: float | None) -> str:
    return "" if bound is None else (str(int(bound)) if float(bound).is_integer() else str(bound))


def _range_hint(fld: Field) -> str:
    if fld.name == "footnote":
        return "footnotes are numbered from 1; leave the cell empty when no footnote applies"
    if fld.minimum is not None and fld.maximum is not None:
        return f"it must lie between {_fmt(fld.minimum)} and {_fmt(fld.maximum)}"
    if fld.minimum is not None:
        return "counts and measures cannot be negative" if fld.minimum == 0 else f"it must be at least {_fmt(fld.minimum)}"
    return f"it must be at most {_fmt(fld.maximum)}"


def number_hint(value: str, fld: Field) -> str:
    """How to write ``value`` as a number, guessing the usual spreadsheet mistakes."""
    v = value.strip()
    if re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", v):
        return f"write it without thousands separators: {v.replace(',', '')}"
    if re.fullmatch(r"-?[0-9]+,[0-9]+", v):
        return f"use a point as the decimal separator: {v.replace(',', '.')}"
    if fld.type == "integer" and re.fullmatch(NUMBER, v):
        return "write a whole number without decimals"
    if re.fullmatch(r"[0-9.]+\s*[-–]\s*[0-9.]+", v):
        return "a range goes in value_low and value_high, with the qualifier 'range'"
    if re.match(r"(?i)(about|approx|ca\.?|c\.|~|almost|nearly|over|more than|up to)", v):
        return "write only the number; words such as 'about' go in the qualifier column"
    if re.search(r"[0-9]", v) and re.search(r"[A-Za-z%]", v):
        return "write only the number; the unit goes in the unit column"
    return "write digits with a point for decimals, e.g. 10.5"


def _vocabulary_message(value: str, fld: Field) -> str:
    vocab = fld.vocabulary
    assert vocab is not None
    if fld.multiple:
        wrong = [t for t in _terms(value) if t not in vocab]
        if wrong:
            return f"{wrong[0]!r} is not an allowed {vocab.name}"
        return f"{_shortened(value, 60)!r} does not separate its terms with {MULTI_SEPARATOR!r}"
    return f"{_shortened(value, 60)!r} is not an allowed {vocab.name}"


def _vocabulary_hint(value: str, fld: Field) -> str:
    vocab = fld.vocabulary
    assert vocab is not None
    wrong = [t for t in _terms(value) if t not in vocab] if fld.multiple else [value]
    close = difflib.get_close_matches(wrong[0].lower(), vocab.allowed, n=1, cutoff=0.6) if wrong else []
    guess = f"did you mean {close[0]!r}? " if close else ""
    several = f"; join several with {MULTI_SEPARATOR!r}" if fld.multiple else ""
    return f"{guess}allowed: {', '.join(vocab.allowed)}{several}"


def _terms(value: str) -> list[str]:
    return [t.strip() for t in value.split(";")]
