"""Rules across the columns of one row: number logic, qualifiers, units, periods, excerpts.

Each case is one named edit of a valid row of the minimal repository and must give
exactly one problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit_line, only, problems_in, raw_problems_in

COAL_ROW = ",26,,,million_tonnes,exact,"  # coal_output line 3: "26 million tons in 1927, rose to 83 million tons"
SEASON = ",1931,1931,season,summer,"  # accidents line 2
UP_TO = ",1,,1,months,up_to,"  # settler_conditions line 2: "up to one month"
ASH = ",10,,,percent,"  # mining_conditions line 2: "about 10 per cent"

# name: (table, line, old, new, code, column)
BROKEN = {
    "value_low above value": ("coal_output", 3, COAL_ROW, ",26,83,83,million_tonnes,range,", "bounds-out-of-order", "value_low"),
    "value_high below value": ("coal_output", 3, COAL_ROW, ",83,26,26,million_tonnes,range,", "bounds-out-of-order", "value_high"),
    "value_low above value_high": ("coal_output", 3, COAL_ROW, ",,83,26,million_tonnes,range,", "bounds-out-of-order", "value_low"),
    "value missing for a point": ("coal_output", 3, COAL_ROW, ",,,,million_tonnes,exact,", "value-missing", "value"),
    "range without value_low": ("coal_output", 3, COAL_ROW, ",,,83,million_tonnes,range,", "range-bound-missing", "value_low"),
    "range without value_high": ("coal_output", 3, COAL_ROW, ",,26,,million_tonnes,range,", "range-bound-missing", "value_high"),
    "more than without its bound": ("coal_output", 3, COAL_ROW, ",26,,,million_tonnes,more_than,", "lower-bound-missing", "value_low"),
    "at least with value_high": ("coal_output", 3, COAL_ROW, ",26,26,83,million_tonnes,at_least,", "lower-bound-with-upper", "value_high"),
    "more than with another bound": ("coal_output", 3, COAL_ROW, ",83,26,,million_tonnes,more_than,", "bound-differs-from-value", "value_low"),
    "up to without its bound": ("settler_conditions", 2, UP_TO, ",1,,,months,up_to,", "upper-bound-missing", "value_high"),
    "up to with value_low": ("settler_conditions", 2, UP_TO, ",1,1,1,months,up_to,", "upper-bound-with-lower", "value_low"),
    "up to with another bound": ("coal_output", 3, COAL_ROW, ",26,,83,million_tonnes,up_to,", "bound-differs-from-value", "value_high"),
    "exact with value_low": ("coal_output", 3, COAL_ROW, ",26,26,,million_tonnes,exact,", "point-qualifier-with-bounds", "qualifier"),
    "almost with value_high": ("coal_output", 3, COAL_ROW, ",26,,26,million_tonnes,almost,", "point-qualifier-with-bounds", "qualifier"),
    "percent above 100": ("mining_conditions", 2, ASH, ",1000,,,percent,", "above-unit-maximum", "value"),
    "fraction above 1": ("mining_conditions", 2, ASH, ",10,,,fraction,", "above-unit-maximum", "value"),
    "number not in the excerpt": ("coal_output", 3, COAL_ROW, ",27,,,million_tonnes,exact,", "value-mismatch", "value"),
    "dated row without precision": ("accidents", 2, SEASON, ",1931,1931,,,", "period-precision-missing", "period_precision"),
    "precision without a period": ("accidents", 2, SEASON, ",,,season,summer,", "period-precision-without-period", "period_precision"),
    "season precision without a season": ("accidents", 2, SEASON, ",1931,1931,season,,", "season-missing", "season"),
    "season with another precision": ("accidents", 2, SEASON, ",1931,1931,year,summer,", "season-without-season-precision", "season"),
    "start finer than its precision": ("accidents", 2, SEASON, ",1931-07,1931,season,summer,", "period-precision-mismatch", "period_start"),
    "mixed-precision period": ("accidents", 2, SEASON, ",1931,1931-07,season,summer,", "period-precision-mismatch", "period_end"),
    "period reversed": ("accidents", 2, SEASON, ",1931,1930,season,summer,", "period-reversed", "period_end"),
    "year before 1900": ("accidents", 2, SEASON, ",1891,1931,season,summer,", "date-out-of-range", "period_start"),
    "month 13": ("accidents", 2, SEASON, ",1931-12,1931-13,month,,", "date-out-of-range", "period_end"),
    "day 32": ("accidents", 2, SEASON, ",1931-07-01,1931-07-32,day,,", "date-out-of-range", "period_end"),
    "decade starting 1921": ("workforce", 2, ",1920,1929,decade,", ",1921,1930,decade,", "bad-decade", "period_end"),
    "decade of nine years": ("workforce", 2, ",1920,1929,decade,", ",1920,1928,decade,", "bad-decade", "period_end"),
    "base_year equal to year": ("coal_output", 2, ",1937,,,17,", ",1937,1937,,17,", "base-year-not-before-year", "base_year"),
    "base_year after year": ("coal_output", 2, ",1937,,,17,", ",1937,1940,,17,", "base-year-not-before-year", "base_year"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_broken_row_gives_its_one_problem(minimal, name):
    table, line, old, new, code, column = BROKEN[name]
    edit_line(minimal, table, line, old, new)
    only(problems_in(minimal), code=code, line=line, column=column, file=f"raw/{table}.csv")


@pytest.mark.parametrize(
    ("table", "line", "old", "new"),
    [
        ("coal_output", 3, COAL_ROW, ",26,26,83,million_tonnes,range,"),  # a range with its value
        ("coal_output", 3, COAL_ROW, ",,26,83,million_tonnes,range,"),  # a range without a value
        ("coal_output", 3, COAL_ROW, ",26,26,,million_tonnes,more_than,"),
        ("coal_output", 3, COAL_ROW, ",26,,26,million_tonnes,up_to,"),
        ("accidents", 2, SEASON, ",1931-07-31,1931-07-31,day,,"),
        ("workforce", 2, ",1920,1929,decade,", ",1930,1939,decade,"),
        ("coal_output", 2, ",1937,,,17,", ",1937,1936,,17,"),
    ],
)
def test_rules_accept_what_is_right(minimal, table, line, old, new):
    # The row rules' own verdict: these rows are well formed, though their excerpt says otherwise.
    edit_line(minimal, table, line, old, new)
    assert raw_problems_in(minimal) == []


def test_one_mistake_is_reported_once(minimal):
    # An invalid number is reported by its cell check, not again by the row rules that use it.
    edit_line(minimal, "coal_output", 3, COAL_ROW, ",-26,26,,million_tonnes,more_than,")
    only(problems_in(minimal), code="below-minimum", line=3, column="value")


@pytest.mark.parametrize(
    ("table", "written"),
    [("deportations", "23,630"), ("foreigners", "one-fifth"), ("coal_output", "tenfold"), ("rations", "one kilo"), ("settler_conditions", "8-12")],
)
def test_real_excerpts_state_their_numbers(repo, table, written):
    # The published rows pass, including numbers written with separators, in words or as ranges.
    text = (repo / "raw" / f"{table}.csv").read_text(encoding="utf-8")
    assert written in text
    assert [p for p in problems_in(repo) if p.file == f"raw/{table}.csv"] == []


@pytest.mark.parametrize(
    "new",
    [
        ",1931-07,1931-06,month,,",  # months of one year
        ",1931-07-02,1931-07-01,day,,",  # days of one month
    ],
)
def test_a_period_reversed_within_its_year_is_reported(minimal: Path, new: str) -> None:
    # The row rules' own verdict (the excerpt writes no month): the order counts the month and day, not only the year.
    edit_line(minimal, "accidents", 2, SEASON, new)
    only(raw_problems_in(minimal), code="period-reversed", line=2, column="period_end", file="raw/accidents.csv")
