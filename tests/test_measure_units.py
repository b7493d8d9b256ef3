"""A measure has one unit (issue 11), and an upper limit given as a range has no single value."""

from __future__ import annotations

from conftest import edit_raw, only, problems_in

# One named edit each: the 1946 share back in the fraction it was stored in before 1.0.0.
ONE_HALF_AS_FRACTION = (",1946,1946,year,,,,50,,,percent,", ",1946,1946,year,,,,0.5,,,fraction,")


def test_a_measure_in_two_units_is_reported_and_nothing_else(scratch):
    edit_raw(scratch, "prisoners_of_war", *ONE_HALF_AS_FRACTION)
    problem = only(problems_in(scratch), code="measure-units-differ", file="raw/prisoners_of_war.csv", column="unit")
    assert "share_able_to_work" in problem.message


def test_the_same_unit_in_another_table_is_no_concern(scratch):
    # 'percent' for share measures in several tables is fine; only one measure in two units is reported.
    assert problems_in(scratch) == []


def test_up_to_range_needs_no_single_value(scratch):
    edit_raw(scratch, "mining_conditions", ",,40,60,percent,up_to_range,", ",,40,,percent,up_to_range,")
    only(problems_in(scratch), code="range-bound-missing", file="raw/mining_conditions.csv", column="value_high")
