"""A row's number in words: one named case per qualifier and unit rule."""

from __future__ import annotations

import pytest

from kuzbass_data.loader import records
from kuzbass_data.schema import DATA_TABLES
from kuzbass_data.schema.vocabularies import QUALIFIER, UNIT
from kuzbass_data.wording import UNIT_WORDS, number_text, worded_number


def row(value: str = "", low: str = "", high: str = "", unit: str = "people", qualifier: str = "exact") -> dict[str, str]:
    return {"value": value, "value_low": low, "value_high": high, "unit": unit, "qualifier": qualifier}


CASES = {
    "exact": (row("17", unit="million_tonnes"), "17 million tons"),
    "almost": (row("10", unit="million_tonnes", qualifier="almost"), "almost 10 million tons"),
    "approximate": (row("23630", unit="families", qualifier="approximate"), "about 23,630 families"),
    "more than, bound in value_low": (row("26000", low="26000", qualifier="more_than"), "more than 26,000 people"),
    "more than, value empty": (row(low="20000", unit="accidents", qualifier="more_than"), "more than 20,000 accidents"),
    "at least": (row(low="5", qualifier="at_least"), "at least 5 people"),
    "up to, singular unit": (row("1", high="1", unit="months", qualifier="up_to"), "up to 1 month"),
    "range": (row(low="1.5", high="20", unit="metres", qualifier="range"), "1.5–20 metres"),
    "up to a range": (row(low="40", high="60", unit="percent", qualifier="up_to_range"), "up to 40–60 per cent"),
    "factor": (row("10", unit="factor", qualifier="exact"), "10-fold"),
    "fraction": (row("0.2", unit="fraction"), "0.2 (as a fraction)"),
    "grams": (row("1000", unit="grams_per_day"), "1,000 grams per day"),
    "decimal kept": (row("0.40", unit="percent"), "0.4 per cent"),
    "no number": (row(), ""),
}


@pytest.mark.parametrize("case", CASES)
def test_worded_number(case: str) -> None:
    given, expected = CASES[case]
    assert worded_number(given) == expected


def test_every_unit_and_qualifier_has_words() -> None:
    """A new unit or qualifier must get its words here, not fall back to its code."""
    assert set(UNIT.allowed) - set(UNIT_WORDS) == {"factor", "fraction"}
    for qualifier in QUALIFIER.allowed:
        text = worded_number(row("5", low="5", high="6", qualifier=qualifier))
        assert "_" not in text and text, qualifier


def test_every_published_row_has_words() -> None:
    for table in DATA_TABLES:
        for r in records(table.name):
            assert worded_number(r), r["id"]


def test_number_text_leaves_non_numbers_alone() -> None:
    assert number_text("n/a") == "n/a"
    assert number_text("1234567.5") == "1,234,567.5"
