"""Check every cell against its field's definition, vectorised over whole columns.

Each check computes one boolean mask per column; Python only runs for the rows
that fail, to word their messages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..schema import MULTI_SEPARATOR, Field
from .csvfile import RawFrame
from .problems import Problem, row_problems
from .threads import map_threads

INTEGER = r"-?[0-9]+"
NUMBER = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
FORMULA_START = "=+-@"
TEXT = pd.StringDtype("pyarrow")


@dataclass
class CheckedTable:
    """A raw table after its cell checks, with the parsed values later checks need."""

    # The parsed file.
    raw: RawFrame
    # Text of every present column without surrounding whitespace, as Arrow string arrays.
    arrow: dict[str, Any] = field(default_factory=dict)
    # Integer and number columns as floats; NaN where empty or not a number.
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    # Per column: True where the cell passed every cell check.
    valid: dict[str, np.ndarray] = field(default_factory=dict)
    # Per column: True where the cell is empty (after stripping whitespace).
    empty: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of data rows."""
        return len(self.raw.lines)

    def present(self, column: str) -> np.ndarray:
        """True where ``column`` is filled and passed its cell checks; all False when the column is absent."""
        if column not in self.arrow:
            return np.zeros(self.n, dtype=bool)
        return self.valid[column] & ~self.empty[column]

    def text(self, column: str) -> pd.Series:
        """The stripped text of ``column`` as a pandas string Series."""
        return pd.Series(self.arrow[column].to_pandas(types_mapper=lambda _: TEXT), dtype=TEXT)


def check_cells(raw: RawFrame) -> tuple[CheckedTable, list[Problem]]:
    """Run the cell checks of every present column; return parsed values and problems."""
    checked = CheckedTable(raw)
    present = [fld for fld in raw.table.fields if fld.name in raw.columns]
    found = map_threads(lambda fld: _check_column(checked, fld), present)
    return checked, [p for column in found for p in column]


def _check_column(checked: CheckedTable, fld: Field) -> list[Problem]:
    import pyarrow as pa
    import pyarrow.compute as pc

    raw = checked.raw
    cells = raw.columns[fld.name]
    stripped = pc.utf8_trim_whitespace(cells)
    checked.arrow[fld.name] = stripped

    def matches(pattern: str) -> np.ndarray:
        return to_mask(pc.match_substring_regex(stripped, pattern))

    def value(i: int) -> str:
        return str(stripped[i].as_py())

    def emit(mask: np.ndarray, message: object, hint: object = "") -> list[Problem]:
        return list(row_problems(raw.file, raw.lines, mask, fld.name, message, hint))  # type: ignore[arg-type]

    problems: list[Problem] = []
    empty = checked.empty[fld.name] = to_mask(pc.equal(stripped, ""))
    padded = to_mask(pc.not_equal(cells, stripped))
    problems += emit(padded, lambda i: f"{cells[i].as_py()!r} has spaces at the start or end", "delete the spaces around the value")
    # Cells starting =, +, - or @ are formulas to a spreadsheet, unless they are numbers.
    starts_like_formula = to_mask(pc.is_in(pc.utf8_slice_codeunits(stripped, 0, 1), value_set=pa.array(list(FORMULA_START))))
    numeric = fld.type in ("integer", "number")
    is_number = matches(f"^{NUMBER}$") if numeric or starts_like_formula.any() else np.zeros(len(stripped), dtype=bool)
    formula = starts_like_formula & ~is_number
    problems += emit(
        formula,
        lambda i: f"{value(i)[:20]!r} starts with {value(i)[0]!r}, which a spreadsheet runs as a formula",
        "rephrase the cell so that it does not start with =, +, - or @",
    )
    bad = formula.copy()
    if fld.required:
        problems += emit(empty, "required value is missing", f"fill it in, e.g. {fld.example}" if fld.example else "fill it in")
    filled = ~empty & ~formula

    if numeric:
        syntax = matches(f"^{INTEGER}$") if fld.type == "integer" else is_number
        not_number = filled & ~syntax
        problems += emit(not_number, lambda i: f"{value(i)!r} is not {'a whole number' if fld.type == 'integer' else 'a number'}", lambda i: number_hint(value(i), fld))
        bad |= not_number
        parsable = pc.if_else(pa.array(filled & syntax), stripped, pa.scalar(None, pa.string()))
        numbers = pc.cast(parsable, pa.float64()).to_numpy(zero_copy_only=False)
        checked.numbers[fld.name] = numbers
        with np.errstate(invalid="ignore"):
            if fld.minimum is not None:
                low = numbers < fld.minimum
                problems += emit(low, lambda i: f"{value(i)} is below the minimum {_fmt(fld.minimum)}", _range_hint(fld))
                bad |= low
            if fld.maximum is not None:
                high = numbers > fld.maximum
                problems += emit(high, lambda i: f"{value(i)} is above the maximum {_fmt(fld.maximum)}", _range_hint(fld))
                bad |= high

    if fld.vocabulary is not None:
        if fld.multiple:
            wrong = filled & ~matches(f"^(?:{fld.full_pattern})$")
        else:
            wrong = filled & ~to_mask(pc.is_in(stripped, value_set=pa.array(fld.vocabulary.allowed)))
        problems += emit(wrong, lambda i: _vocabulary_message(value(i), fld), lambda i: _vocabulary_hint(value(i), fld))
        bad |= wrong
    elif fld.pattern is not None:
        wrong = filled & ~matches(f"^(?:{fld.pattern})$")
        what = fld.format_hint or f"the pattern {fld.pattern}"
        problems += emit(wrong, lambda i: f"{value(i)!r} is not in the required format", f"use {what}, e.g. {fld.example}" if fld.example else f"use {what}")
        bad |= wrong

    if fld.max_length is not None:
        lengths = pc.utf8_length(cells).to_numpy(zero_copy_only=False)
        long = lengths > fld.max_length
        problems += emit(
            long,
            lambda i: f"text is {int(lengths[i])} characters long, more than the {fld.max_length} allowed",
            "shorten the excerpt to the sentence or clause that contains the number" if fld.name == "excerpt" else "shorten it",
        )
        bad |= long

    if fld.unique:
        text = checked.text(fld.name)
        dup = filled & _mask(text.duplicated(keep=False))
        if dup.any():
            lines_of = _lines_by_value(text, raw.lines, dup)

            def other(i: int) -> int:
                return next(line for line in lines_of[value(i)] if line != raw.lines[i])

            problems += emit(
                dup,
                lambda i: f"duplicate value {value(i)!r} (also on line {other(i)})",
                "every id must be unique and is never reused: choose a new one",
            )
            bad |= dup

    checked.valid[fld.name] = ~bad & ~(empty & fld.required)
    return problems


def to_mask(mask: object) -> np.ndarray:
    """A boolean numpy array from an Arrow boolean array; nulls count as False."""
    import pyarrow.compute as pc

    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)  # type: ignore[arg-type]


def _mask(series: pd.Series) -> np.ndarray:
    """A boolean numpy mask from a boolean Series that may hold missing values."""
    return series.to_numpy(dtype=bool, na_value=False)


def _lines_by_value(text: pd.Series, lines: np.ndarray, dup: np.ndarray) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i in np.flatnonzero(dup):
        where.setdefault(text.iloc[i], []).append(int(lines[i]))
    return where


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
        return f"{value!r} does not separate its terms with {MULTI_SEPARATOR!r}"
    return f"{value!r} is not an allowed {vocab.name}"


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
