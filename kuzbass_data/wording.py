"""A row's number in words, as the source words it ("almost 10 million tons").

Works on a row as a dict of text (``loader.records``), so it needs no pandas. The
qualifier decides which of value, value_low and value_high carry the number; the unit
reads as the source writes it ("million tons", "per cent").
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from .readings import units

# How each unit reads after a number 1 and any other number: its record in schema/terms/units.csv
# (factor and fraction are worded apart).
UNIT_WORDS: dict[str, tuple[str, str]] = {term: (u.singular, u.plural) for term, u in units().items() if u.singular}

# Words before a single number, by qualifier.
SINGLE_PREFIX = {"exact": "", "approximate": "about ", "almost": "almost ", "more_than": "more than ", "at_least": "at least ", "up_to": "up to "}
# Words before a range, by qualifier.
RANGE_PREFIX = {"range": "", "up_to_range": "up to ", "approximate_range": "about "}
# Where a single-number qualifier keeps its number when `value` is empty.
BOUND_COLUMN = {"more_than": "value_low", "at_least": "value_low", "up_to": "value_high"}


def number_text(value: str) -> str:
    """A number as text with thousands separators: "26000" -> "26,000", "2.40" -> "2.4"; other text unchanged."""
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def _unit(unit: str, number: str) -> str:
    if unit == "fraction":
        return " (as a fraction)"
    one, many = UNIT_WORDS.get(unit, (unit.replace("_", " "), unit.replace("_", " ")))
    return " " + (one if number == "1" else many)


def _with_unit(number: str, unit: str) -> str:
    return f"{number}{_unit(unit, number)}" if unit != "factor" else f"{number}-fold"


def worded_number(row: Mapping[str, str | None]) -> str:
    """The number of ``row`` as the source words it: "almost 10 million tons", "1.5–20 metres", "up to 40–60 per cent".

    ``row`` holds the columns value, value_low, value_high, unit and qualifier as text
    (empty or None when missing).
    """

    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    unit, qualifier = cell("unit"), cell("qualifier")
    if qualifier in RANGE_PREFIX:
        low, high = number_text(cell("value_low")), number_text(cell("value_high"))
        prefix = RANGE_PREFIX[qualifier]
        if unit == "factor":
            return f"{prefix}{low}–{high}-fold"
        return f"{prefix}{low}–{_with_unit(high, unit)}"
    value = cell("value") or cell(BOUND_COLUMN.get(qualifier, "value"))
    if not value:
        return ""
    prefix = SINGLE_PREFIX.get(qualifier, f"{qualifier.replace('_', ' ')} ")
    return prefix + _with_unit(number_text(value), unit)
