"""A month named without its year ("did not return to work in February"): period_precision
month_of_year, the month in the season column, no period (issue 19, finding 5)."""

from __future__ import annotations

import pytest

from conftest import edit_line, only, raw_problems_in

SEASON = ",1931,1931,season,summer,"  # accidents line 2: "In summer 1931"


def test_a_month_without_its_year_is_well_formed(minimal):
    edit_line(minimal, "accidents", 2, SEASON, ",,,month_of_year,february,")
    assert raw_problems_in(minimal) == []


@pytest.mark.parametrize(
    ("new", "code", "column"),
    [
        (",,,month_of_year,,", "season-missing", "season"),
        (",,,month_of_year,summer,", "season-missing", "season"),
        (",1931,1931,season,february,", "season-without-season-precision", "season"),
        (",1931,,month_of_year,february,", "period-precision-mismatch", "period_start"),
    ],
)
def test_each_broken_month_of_year_gives_its_one_problem(minimal, new, code, column):
    edit_line(minimal, "accidents", 2, SEASON, new)
    only(raw_problems_in(minimal), code=code, line=2, column=column, file="raw/accidents.csv")


def test_a_month_without_its_year_reads_as_the_month_alone():
    from kuzbass_data.sentence import period_words as _period
    from kuzbass_data.sentence import sentence

    row = {"measure": "share_not_returning", "period_precision": "month_of_year", "season": "february", "value": "61", "unit": "percent", "qualifier": "exact", "status": "outcome"}
    assert _period(row) == "February (year not stated)"
    assert "in February (year not stated) as 61 per cent" in sentence(row, "S", "workforce")
    assert _period({**row, "period_precision": "season"}) == ""
