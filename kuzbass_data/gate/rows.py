"""Rules across the columns of one row of an observation table, vectorised per rule.

A rule only looks at cells that passed their own cell checks, so one mistake is
reported once, where it is.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..schema.grammar import units
from ..schema.tables import FIRST_YEAR, LAST_YEAR
from ..schema.vocabularies import MONTH_NAMES
from .intake import CheckedTable
from .problems import Problem, Text, row_problems

BOUNDED_BELOW = ("more_than", "at_least")
POINT_QUALIFIERS = ("exact", "approximate", "almost")
# The largest value of each unit that has one: from its record in schema/terms/units.csv.
UNIT_MAXIMUM = {term: u.maximum for term, u in units().items() if u.maximum is not None}


def check_observation_rows(tables: dict[str, CheckedTable]) -> list[Problem]:
    """All row rules of every data table."""
    return [p for t in tables.values() if t.table.kind == "data" for p in check_table_rows(t)]


def check_table_rows(t: CheckedTable) -> list[Problem]:
    """All row rules of one data table. Whether the excerpt states the number is the semantic checks' (validate/semantics.py)."""
    problems = _number_logic(t) + _units(t)
    if "period_start" in t.raw.table.field_names:
        problems += _periods(t)
    if "base_year" in t.raw.table.field_names:
        problems += _base_year(t)
    return problems


def _text_is(t: CheckedTable, column: str, *values: str) -> np.ndarray:
    if column not in t.arrow:
        return np.zeros(t.n, dtype=bool)
    result: np.ndarray = t.valid[column] & to_mask(pc.is_in(t.arrow[column], value_set=pa.array(values, type=pa.string())))
    return result


def to_mask(mask: object) -> np.ndarray:
    """A boolean numpy array from an Arrow boolean array; nulls count as False."""
    result: np.ndarray = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
    return result


def _worded(t: CheckedTable, column: str, template: str) -> Callable[[int], str]:
    """A message for row i: ``template`` with the cell's {text}, {number} and the row's {precision}."""

    def message(i: int) -> str:
        number = t.numbers[column][i] if column in t.numbers else float("nan")
        precision = t.arrow["period_precision"][i].as_py() if "period_precision" in t.arrow else ""
        return template.format(text=t.arrow[column][i].as_py(), number=number, precision=precision)

    return message


def _emit(t: CheckedTable, mask: np.ndarray, column: str | None, message: Text, hint: Text, code: str) -> list[Problem]:
    return list(row_problems(t.raw.file, t.raw.lines, mask, column, message, hint, code))


def _number_logic(t: CheckedTable) -> list[Problem]:
    if not {"value", "value_low", "value_high", "qualifier"} <= set(t.numbers) | set(t.arrow):
        return []
    v, lo, hi = (t.numbers[c] for c in ("value", "value_low", "value_high"))
    has_v, has_lo, has_hi = (t.present(c) for c in ("value", "value_low", "value_high"))
    problems: list[Problem] = []
    problems += _emit(t, has_lo & has_v & (lo > v), "value_low", lambda i: f"value_low {lo[i]:g} is greater than value {v[i]:g}", "value_low <= value <= value_high must hold", "bounds-out-of-order")
    problems += _emit(t, has_hi & has_v & (v > hi), "value_high", lambda i: f"value_high {hi[i]:g} is less than value {v[i]:g}", "value_low <= value <= value_high must hold", "bounds-out-of-order")
    problems += _emit(t, has_lo & has_hi & (lo > hi), "value_low", lambda i: f"value_low {lo[i]:g} is greater than value_high {hi[i]:g}", "swap them", "bounds-out-of-order")

    known = t.valid["qualifier"] & t.present("qualifier")
    is_range = known & _text_is(t, "qualifier", "range", "up_to_range", "approximate_range")
    below = known & _text_is(t, "qualifier", *BOUNDED_BELOW)
    above = known & _text_is(t, "qualifier", "up_to")
    point = known & _text_is(t, "qualifier", *POINT_QUALIFIERS)
    # Only cells that are empty, rather than invalid, count as missing.
    empty = {c: t.empty[c] for c in ("value", "value_low", "value_high")}

    def q(i: int) -> str:
        return str(t.arrow["qualifier"][i].as_py())

    problems += _emit(
        t,
        known & ~is_range & empty["value"],
        "value",
        lambda i: f"value is missing for qualifier '{q(i)}'",
        "value may be empty only when the source gives only a range (qualifier 'range')",
        "value-missing",
    )
    problems += _emit(t, is_range & empty["value_low"], "value_low", "a range needs value_low", "fill in the lower end of the range", "range-bound-missing")
    problems += _emit(t, is_range & empty["value_high"], "value_high", "a range needs value_high", "fill in the upper end of the range", "range-bound-missing")
    problems += _emit(t, below & empty["value_low"], "value_low", lambda i: f"qualifier '{q(i)}' needs its bound in value_low", "copy the stated number into value_low", "lower-bound-missing")
    problems += _emit(
        t, below & has_hi, "value_high", lambda i: f"qualifier '{q(i)}' is a lower bound, so value_high must be empty", "empty value_high, or use the qualifier 'range'", "lower-bound-with-upper"
    )
    problems += _emit(
        t,
        below & has_lo & has_v & (lo != v),
        "value_low",
        lambda i: f"the bound {lo[i]:g} differs from value {v[i]:g}",
        "for 'more than X' write X in both value and value_low",
        "bound-differs-from-value",
    )
    problems += _emit(t, above & empty["value_high"], "value_high", "qualifier 'up_to' needs its bound in value_high", "copy the stated number into value_high", "upper-bound-missing")
    problems += _emit(t, above & has_lo, "value_low", "qualifier 'up_to' is an upper bound, so value_low must be empty", "empty value_low, or use the qualifier 'range'", "upper-bound-with-lower")
    problems += _emit(
        t,
        above & has_hi & has_v & (hi != v),
        "value_high",
        lambda i: f"the bound {hi[i]:g} differs from value {v[i]:g}",
        "for 'up to X' write X in both value and value_high",
        "bound-differs-from-value",
    )
    problems += _emit(
        t,
        point & (has_lo | has_hi),
        "qualifier",
        lambda i: f"qualifier '{q(i)}' states one number, but value_low or value_high is filled",
        "empty them, or use 'range', 'more_than', 'at_least' or 'up_to'",
        "point-qualifier-with-bounds",
    )
    return problems


def _units(t: CheckedTable) -> list[Problem]:
    problems: list[Problem] = []
    for unit, maximum in UNIT_MAXIMUM.items():
        is_unit = _text_is(t, "unit", unit)
        for column in ("value", "value_low", "value_high"):
            if column in t.numbers:
                over = is_unit & t.present(column) & (t.numbers[column] > maximum)
                problems += _emit(
                    t,
                    over,
                    column,
                    _worded(t, column, "{number:g} is more than " + f"{maximum:g} {unit}"),
                    "check the unit: per cent go up to 100, fractions up to 1",
                    "above-unit-maximum",
                )
    return problems


def _periods(t: CheckedTable) -> list[Problem]:
    start_ok, end_ok = t.present("period_start"), t.present("period_end")
    has_precision = t.present("period_precision")
    problems: list[Problem] = []
    dated = start_ok | end_ok
    # A month named without its year ("in February") has a precision and a month but no period.
    month_of_year = _text_is(t, "period_precision", "month_of_year")
    if "period_precision" in t.arrow:
        no_precision = dated & t.empty["period_precision"]
        problems += _emit(t, no_precision, "period_precision", "a dated row needs period_precision", "use day, month, season, year or decade", "period-precision-missing")
        problems += _emit(
            t,
            ~dated & has_precision & ~month_of_year,
            "period_precision",
            "period_precision is filled but the period is empty",
            "fill in period_start, or empty period_precision",
            "period-precision-without-period",
        )
    if "season" in t.arrow:
        is_season = _text_is(t, "period_precision", "season")
        has_season = t.present("season")
        problems += _emit(t, is_season & ~has_season, "season", "period_precision is 'season' but no season is given", "fill in spring, summer, autumn or winter", "season-missing")
        is_month = _text_is(t, "season", *(m.lower() for m in MONTH_NAMES))
        problems += _emit(t, month_of_year & ~is_month, "season", "period_precision is 'month_of_year' but no month is given", "fill in the month the source names, e.g. february", "season-missing")
        problems += _emit(
            t, is_season & is_month, "season", "a month is given but period_precision is 'season'", "set period_precision to month_of_year, or give a season", "season-without-season-precision"
        )
        problems += _emit(
            t,
            has_season & ~is_season & ~month_of_year & has_precision,
            "season",
            "a season is given but period_precision is not 'season'",
            "set period_precision to season, or empty the season",
            "season-without-season-precision",
        )

    expected = np.zeros(t.n, dtype=np.int64)
    for precision, length in (("day", 10), ("month", 7), ("season", 4), ("year", 4), ("decade", 4)):
        expected[_text_is(t, "period_precision", precision)] = length
    bounds: dict[str, np.ndarray] = {}
    for column, ok in (("period_start", start_ok), ("period_end", end_ok)):
        values = t.arrow[column]
        size = pc.utf8_length(values).to_numpy(zero_copy_only=False)
        problems += _emit(
            t,
            ok & has_precision & (size != expected),
            column,
            _worded(t, column, "{text!r} does not match period_precision '{precision}'"),
            "write YYYY for a year, season or decade, YYYY-MM for a month, YYYY-MM-DD for a day",
            "period-precision-mismatch",
        )
        year, month, day = (_int_slice(values, ok, a, b) for a, b in ((0, 4), (5, 7), (8, 10)))
        with np.errstate(invalid="ignore"):
            out = ok & ((year < FIRST_YEAR) | (year > LAST_YEAR) | (month < 1) | (month > 12) | (day < 1) | (day > 31))
        problems += _emit(t, out, column, _worded(t, column, "{text!r} is not a date between " + f"{FIRST_YEAR} and {LAST_YEAR}"), "check the year, month and day", "date-out-of-range")
        # Compare periods of any precision as ordinal days: a start is its first day, an end its last.
        first = column == "period_start"
        month = np.where(np.isnan(month), 1 if first else 12, month)
        day = np.where(np.isnan(day), 1 if first else 31, day)
        bounds[column] = year * 10000 + month * 100 + day
        bounds[column + "_year"] = year
    both = start_ok & end_ok
    with np.errstate(invalid="ignore"):
        reversed_ = both & (bounds["period_start"] > bounds["period_end"])
    problems += _emit(
        t, reversed_, "period_end", lambda i: f"period_end {t.arrow['period_end'][i].as_py()} is before period_start {t.arrow['period_start'][i].as_py()}", "swap them", "period-reversed"
    )
    decade = _text_is(t, "period_precision", "decade") & both
    first_year, last_year = bounds["period_start_year"], bounds["period_end_year"]
    with np.errstate(invalid="ignore"):
        bad_decade = decade & ((first_year % 10 != 0) | (last_year != first_year + 9))
    problems += _emit(t, bad_decade, "period_end", "a decade runs from a year ending in 0 to nine years later", "e.g. period_start 1920 and period_end 1929", "bad-decade")
    return problems


def _int_slice(values: object, ok: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Characters start:stop of each valid cell as a number; NaN where absent."""
    part = pc.utf8_slice_codeunits(values, start, stop)
    digits = pa.array(ok) if isinstance(ok, np.ndarray) else ok
    usable = pc.and_(digits, pc.match_substring_regex(part, r"^[0-9]+$"))
    numbers: np.ndarray = pc.cast(pc.if_else(usable, part, pa.scalar(None, pa.string())), pa.float64()).to_numpy(zero_copy_only=False)
    return numbers


def _base_year(t: CheckedTable) -> list[Problem]:
    base, year = t.numbers.get("base_year"), t.numbers.get("year")
    if base is None or year is None:
        return []
    wrong = t.present("base_year") & t.present("year") & (base >= year)
    return _emit(t, wrong, "base_year", lambda i: f"base_year {base[i]:g} is not before year {year[i]:g}", "a growth factor runs from base_year to a later year", "base-year-not-before-year")
