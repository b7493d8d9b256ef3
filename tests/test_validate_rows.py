"""Number logic, qualifiers, periods and numbers in excerpts."""

from __future__ import annotations

import pytest

from conftest import edit_raw, only, problems_in

COAL = "raw/coal_output.csv"


@pytest.mark.parametrize(
    ("fixture", "column", "message"),
    [
        ("low_above_value.csv", "value_low", "value_low 83 is greater than value 26"),
        ("range_without_high.csv", "value_high", "a range needs value_high"),
        ("more_than_without_low.csv", "value_low", "qualifier 'more_than' needs its bound in value_low"),
        ("number_not_in_excerpt.csv", "value", "27 does not appear in the excerpt"),
        ("excerpt_too_long.csv", "excerpt", "248 characters long, more than the 200 allowed"),
    ],
)
def test_number_logic(with_fixture, fixture, column, message):
    only(problems_in(with_fixture(fixture, "coal_output"), COAL), line=3, column=column, contains=message)




def test_point_qualifier_with_a_bound_is_inconsistent(scratch):
    edit_raw(scratch, "coal_output", "1932,,10,,,million_tonnes,almost", "1932,,10,,10,million_tonnes,almost")
    only(problems_in(scratch, COAL), line=4, column="qualifier", contains="states one number")


def test_up_to_bound_must_equal_value(scratch):
    edit_raw(scratch, "settler_conditions", ",1,,1,months,up_to,", ",1,,2,months,up_to,")
    only(problems_in(scratch, "raw/settler_conditions.csv"), line=4, column="value_high", contains="the bound 2 differs from value 1")


def test_value_may_be_empty_only_for_a_range(scratch):
    edit_raw(scratch, "coal_output", "1937,,17,,,million_tonnes", "1937,,,,,million_tonnes")
    only(problems_in(scratch, COAL), line=5, column="value", contains="value is missing for qualifier 'exact'")


def test_percent_above_100(scratch):
    edit_raw(scratch, "mining_conditions", ",40,,,percent,exact,", ",400,,,percent,exact,")
    problems = problems_in(scratch, "raw/mining_conditions.csv")
    only(problems, line=5, column="value", contains="400 is more than 100 percent")


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (",1931,1931,season,summer,", ",1931,1931,year,summer,", "season", "not 'season'"),
        (",1931,1931,season,summer,", ",1931,1931,season,,", "season", "no season is given"),
        (",1931,1931,season,summer,", ",1931-07,1931,season,summer,", "period_start", "does not match period_precision"),
        (",1931,1931,season,summer,", ",1931,1930,season,summer,", "period_end", "is before period_start"),
        (",1931,1931,season,summer,", ",1931,1931,,,", "period_precision", "needs period_precision"),
        (",1931,1931,season,summer,", ",1891,1891,season,summer,", "period_start", "not a date between 1900 and 1960"),
    ],
)
def test_period_rules(scratch, old, new, column, message):
    edit_raw(scratch, "accidents", old, new)
    only(problems_in(scratch, "raw/accidents.csv"), line=5, column=column, contains=message)


def test_decade_must_span_ten_years(scratch):
    edit_raw(scratch, "workforce", ",1920,1929,decade,", ",1920,1928,decade,")
    only(problems_in(scratch, "raw/workforce.csv"), line=2, column="period_end", contains="a decade runs")


def test_base_year_before_year(scratch):
    edit_raw(scratch, "coal_output", ",1940,1928,10,", ",1940,1941,10,")
    problems = problems_in(scratch, COAL)
    only(problems, line=7, column="base_year", contains="is not before year")


@pytest.mark.parametrize(
    ("table", "written"),
    [("deportations", "23,630"), ("foreigners", "one-fifth"), ("coal_output", "tenfold"), ("rations", "one kilo"), ("settler_conditions", "8-12")],
)
def test_real_excerpts_state_their_numbers(scratch, table, written):
    # The real rows pass, including numbers written with separators, in words or as ranges.
    text = (scratch / "raw" / f"{table}.csv").read_text(encoding="utf-8")
    assert written in text
    assert problems_in(scratch, f"raw/{table}.csv") == []
