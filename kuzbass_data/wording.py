"""A row's number in words, as the source words it ("almost 10 million tons").

Works on a row as a dict of text (``loader.records``), so it needs no pandas. The
qualifier decides which of value, value_low and value_high carry the number; the unit
reads as the source writes it ("million tons", "per cent").
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Decimal, InvalidOperation
from fractions import Fraction

from .schema.grammar import units

# How each unit reads after a number 1 and any other number: its record in schema/terms/units.csv
# (factor and fraction are worded apart).
UNIT_WORDS: dict[str, tuple[str, str]] = {term: (u.singular, u.plural) for term, u in units().items() if u.singular}

# Words before a single number, by qualifier.
SINGLE_PREFIX = {"exact": "", "approximate": "about ", "almost": "almost ", "more_than": "more than ", "at_least": "at least ", "up_to": "up to "}
# Words before a range, by qualifier.
RANGE_PREFIX = {"range": "", "up_to_range": "up to ", "approximate_range": "about "}
# Where a single-number qualifier keeps its number when `value` is empty.
BOUND_COLUMN = {"more_than": "value_low", "at_least": "value_low", "up_to": "value_high"}


# A binary float carries noise past this many significant digits (33.333333333333336 for 100/3,
# 0.30000000000000004 for 0.1 + 0.2); no number of the sources is written more precisely.
SIGNIFICANT_DIGITS = 15
# A number with more decimal places than this, once the noise is gone, is a fraction with no finite
# decimal (100/3): it is shown as the fraction, never as a run of digits.
MAX_DECIMALS = 6
# Fractions with a character of their own, by (numerator, denominator).
VULGAR_FRACTIONS = {(1, 3): "⅓", (2, 3): "⅔", (1, 6): "⅙", (5, 6): "⅚", (1, 7): "⅐", (1, 9): "⅑"}


def number_text(value: str) -> str:
    """A number as text with thousands separators and no float artefact; other text unchanged.

    "26000" -> "26,000", "2.40" -> "2.4", "33.33" -> "33.33", "0.30000000000000004" -> "0.3",
    "33.333333333333336" (100/3 as a float) -> "33⅓". The published data stores decimals as written,
    with at most two decimal places for a fraction that has none (one-third is 33.33); this function
    guarantees that no display path prints a binary float's noise, whatever it is handed.
    """
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    number = Context(prec=SIGNIFICANT_DIGITS).plus(number).normalize()
    if number == number.to_integral_value():
        return f"{int(number):,}"
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        fraction = Fraction(number).limit_denominator(100)
        if abs(Fraction(number) - fraction) < Fraction(1, 10**9):
            sign, fraction = "-" if fraction < 0 else "", abs(fraction)
            whole, rest = divmod(fraction.numerator, fraction.denominator)
            glyph = VULGAR_FRACTIONS.get((rest, fraction.denominator), f" {rest}/{fraction.denominator}")
            return sign + (f"{whole:,}" if whole else ("" if glyph[0] != " " else "0")) + glyph
    return f"{number:,f}"


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
