"""Types, ranges, vocabularies and required values, one broken fixture each."""

from __future__ import annotations

import pytest

from conftest import only, problems_in

COAL = "raw/coal_output.csv"


@pytest.mark.parametrize(
    ("fixture", "column", "message", "hint"),
    [
        ("not_a_number.csv", "value", "'26,000' is not a number", "without thousands separators: 26000"),
        ("year_out_of_range.csv", "year", "1827 is below the minimum 1900", "between 1900 and 1960"),
        ("negative_value.csv", "value", "-26 is below the minimum 0", "cannot be negative"),
        ("footnote_zero.csv", "footnote", "0 is below the minimum 1", "numbered from 1"),
        ("vocabulary.csv", "basin", "'Donbas' is not an allowed basin", "did you mean 'donbass'? allowed: kuzbass, donbass"),
        ("required_missing.csv", "unit", "required value is missing", "e.g. million_tonnes"),
        ("bad_id.csv", "id", "'Donbass_1927' is not in the required format", "lowercase letters"),
    ],
)
def test_cell_problem_names_line_column_and_fix(with_fixture, fixture, column, message, hint):
    problem = only(problems_in(with_fixture(fixture, "coal_output"), COAL), line=3, column=column, contains=message)
    assert hint in problem.hint
    assert str(problem).startswith(f"raw/coal_output.csv:3: {column}: ")


def test_vocabulary_message_lists_every_allowed_term(scratch):
    path = scratch / "raw" / "accidents.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",methane_explosion,", ",firedamp,", 1), encoding="utf-8")
    problem = only(problems_in(scratch, "raw/accidents.csv"), line=7, column="kind", contains="'firedamp' is not an allowed accident_kind")
    for term in ("all_accidents", "gas_explosion", "methane_explosion", "underground_fire"):
        assert term in problem.hint


def test_several_terms_are_checked_one_by_one(scratch):
    path = scratch / "raw" / "accidents.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("kemerovo; prokopyevsk", "kemerovo; prokopevsk", 1), encoding="utf-8")
    problem = only(problems_in(scratch, "raw/accidents.csv"), line=5, column="place", contains="'prokopevsk' is not an allowed place")
    assert "did you mean 'prokopyevsk'?" in problem.hint


def test_duplicate_ids_name_each_other(with_fixture):
    problems = problems_in(with_fixture("duplicate_id.csv", "coal_output"), COAL)
    assert "also on line 3" in only(problems, line=2, column="id", contains="duplicate").message
    assert "also on line 2" in only(problems, line=3, column="id", contains="duplicate").message


@pytest.mark.parametrize(
    ("value", "hint"),
    [("1,5", "decimal separator: 1.5"), ("8-12", "value_low and value_high"), ("about 26", "qualifier column"), ("26 Mt", "unit column")],
)
def test_number_hints_guess_the_mistake(with_fixture, value, hint):
    root = with_fixture("valid_coal_output.csv", "coal_output")
    path = root / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1927,,26,", f',1927,,"{value}",'), encoding="utf-8")
    assert hint in only(problems_in(root, COAL), line=3, column="value", contains="is not a number").hint
