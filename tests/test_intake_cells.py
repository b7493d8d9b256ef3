"""Types, bounds, vocabularies, patterns, lengths and required values: the pandera gate.

Each case is one named edit of line 3 of the valid tests/fixtures/minimal/coal_output.csv
and must give exactly one problem, with our message and hint.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from conftest import append_line, edit_line, on_line, only, problems_in, raw_problems_in
from kuzbass_data.schema.model import MULTI_SEPARATOR

COAL = "raw/coal_output.csv"

# name: (old, new on line 3, code, column, words of the message, words of the hint)
BROKEN = {
    "thousands separator": (",26,,", ',"26,000",,', "not-a-number", "value", "'26,000' is not a number", "without thousands separators: 26000"),
    "decimal comma": (",26,,", ',"1,5",,', "not-a-number", "value", "'1,5' is not a number", "decimal separator: 1.5"),
    "range in one cell": (",26,,", ",8-12,,", "not-a-number", "value", "'8-12' is not a number", "value_low and value_high"),
    "word in a number": (",26,,", ",about 26,,", "not-a-number", "value", "'about 26' is not a number", "qualifier column"),
    "unit in a number": (",26,,", ",26 Mt,,", "not-a-number", "value", "'26 Mt' is not a number", "unit column"),
    "decimal year": (",1927,", ",1927.5,", "not-a-number", "year", "'1927.5' is not a whole number", "whole number"),
    "year below the minimum": (",1927,", ",1827,", "below-minimum", "year", "1827 is below the minimum 1900", "between 1900 and 1960"),
    "year above the maximum": (",1927,", ",1967,", "above-maximum", "year", "1967 is above the maximum 1960", "between 1900 and 1960"),
    "negative value": (",26,,", ",-26,,", "below-minimum", "value", "-26 is below the minimum 0", "cannot be negative"),
    "footnote zero": (",10,,", ",0,,", "below-minimum", "footnote", "0 is below the minimum 1", "numbered from 1"),
    "unknown vocabulary term": (",donbass,", ",Donbas,", "not-in-vocabulary", "basin", "'Donbas' is not an allowed basin", "did you mean 'donbass'? allowed: kuzbass, donbass"),
    "required value missing": (",million_tonnes,", ",,", "required-value-missing", "unit", "required value is missing", "e.g. million_tonnes"),
    "bad id": ("donbass-1927-outcome,", "Donbass_1927,", "bad-format", "id", "'Donbass_1927' is not in the required format", "lowercase letters"),
    "duplicate id": ("donbass-1927-outcome,", "kuzbass-1937-outcome,", "duplicate-value", "id", "also on line 2", "unique"),
    "excerpt too long": ('"where overall', '"' + "x" * 150 + " where overall", "too-long", "excerpt", "characters long, more than the 200 allowed", "shorten the excerpt"),
    "note too long": ("in 1927,,", "in 1927,," + "y" * 2001, "too-long", "note", "2001 characters long, more than the 2000 allowed", "shorten it"),
    "formula in a number column": (",26,,", ",=26,,", "formula-start", "value", "which a spreadsheet runs as a formula", "rephrase"),
    "a hundred thousand digits": (",26,,", ",3" + "2" * 99_999 + ",,", "number-form", "value", "'32222222222222222222…' is not a number written in plain digits", "plain digits"),
    "exponent overflowing a float": (",26,,", ",1e400,,", "number-form", "value", "'1e400' is not a number written in plain digits", "plain digits"),
    "infinity": (",26,,", ",inf,,", "number-form", "value", "'inf' is not a number written in plain digits", "plain digits"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_broken_cell_gives_its_one_problem(minimal, name):
    old, new, code, column, message, hint = BROKEN[name]
    edit_line(minimal, "coal_output", 3, old, new)
    problems = problems_in(minimal)
    problem = only(problems, code=code, line=3, column=column, file=COAL)
    assert message in problem.message and hint in problem.hint
    assert str(problem).startswith(f"{COAL}:3: {column}: ")


def test_a_duplicate_id_is_reported_at_the_repeat_naming_the_first(minimal):
    edit_line(minimal, "coal_output", 3, "donbass-1927-outcome,", "kuzbass-1937-outcome,")
    problem = only(problems_in(minimal), code="duplicate-value", line=3, column="id")
    assert "also on line 2" in problem.message


def test_vocabulary_message_lists_every_allowed_term(minimal):
    edit_line(minimal, "accidents", 2, "gas_explosion; underground_fire", "firedamp")
    problem = only(problems_in(minimal), code="not-in-vocabulary", line=2, column="kind")
    for term in ("all_accidents", "gas_explosion", "methane_explosion", "underground_fire"):
        assert term in problem.hint


def test_several_terms_are_checked_one_by_one(minimal):
    edit_line(minimal, "accidents", 2, "kemerovo; prokopyevsk", "kemerovo; prokopevsk")
    problem = only(problems_in(minimal), code="not-in-vocabulary", line=2, column="place")
    assert "'prokopevsk' is not an allowed place" in problem.message and "did you mean 'prokopyevsk'?" in problem.hint
    assert repr(MULTI_SEPARATOR) in problem.hint  # a field of several terms says how to join them


def test_a_field_of_one_term_does_not_offer_to_join_several(minimal):
    edit_line(minimal, "coal_output", 3, ",donbass,", ",Donbas,")
    problem = only(problems_in(minimal), code="not-in-vocabulary", line=3, column="basin")
    assert repr(MULTI_SEPARATOR) not in problem.hint


def test_a_field_of_one_term_reads_the_whole_cell_as_its_term(minimal: Path) -> None:
    # Two valid basins in a one-term field: the cell is the wrong term, and the nearest allowed term is offered.
    edit_line(minimal, "coal_output", 3, ",donbass,", ",kuzbass; donbass,")
    problem = only(problems_in(minimal), code="not-in-vocabulary", line=3, column="basin")
    assert "did you mean 'kuzbass'?" in problem.hint


def test_a_cell_that_is_not_a_number_does_not_hide_a_bound_in_the_same_column(minimal):
    edit_line(minimal, "coal_output", 2, ",17,,", ",seventeen,,")
    edit_line(minimal, "coal_output", 3, ",26,,", ",-26,,")
    problems = problems_in(minimal)
    assert sorted((p.code, p.line) for p in problems) == [("below-minimum", 3), ("not-a-number", 2)]


def test_records_give_physical_lines_and_raw_cells(minimal):
    from kuzbass_data.gate.intake import read_raw

    edit_line(minimal, "coal_output", 2, "in 1937,,", 'in 1937,," padded\nnote"')
    checked, _ = read_raw(minimal)
    records = checked["coal_output"].records()
    assert [line for line, _ in records] == [2, 4]
    assert records[0][1]["note"] == " padded\nnote" and records[1][1]["basin"] == "donbass"
    assert list(records[0][1]) == checked["coal_output"].table.field_names


def test_typed_values_leave_out_failed_cells(minimal):
    from kuzbass_data.gate.intake import read_raw

    edit_line(minimal, "coal_output", 3, ",26,,", ",-26,,")
    checked, _ = read_raw(minimal)
    t = checked["coal_output"]
    assert list(t.valid["value"]) == [True, False]
    assert str(t.typed["value"].dtype) == "Float64" and t.typed["value"].isna().tolist() == [False, True]


def test_new_valid_row_passes(minimal):
    line = append_line(
        minimal,
        "coal_output",
        'kuzbass-1940-outcome,output,kuzbass,1940,,,21,,,million_tonnes,exact,outcome,landau-2015,10,,"to 17 million tons in 1937 and 21 million tons in 1940",21 million tons,in 1940,,,',
    )
    assert line == 4
    assert raw_problems_in(minimal) == []  # the full gate also wants its proof: test_sources.py


def test_edit_helper_is_line_exact(minimal):
    with pytest.raises(AssertionError):
        on_line(2, "donbass", "x")((minimal / "raw" / "coal_output.csv").read_bytes())


@pytest.mark.parametrize("limit", [131_072, sys.maxsize], ids=["csv-default-limit", "limit-raised-by-another-library"])
def test_a_flood_cell_is_quoted_short(minimal, limit):
    # A million-character excerpt with a space at its end: the problem quotes its start, not all of it.
    # The csv module's field size limit belongs to the process: at its default the cell is one broken
    # record; raised (frictionless raises it on import) the cell is read and its spaces reported.
    edit_line(minimal, "coal_output", 3, '"where overall', '"' + "where overall " * 70_000 + "where overall")
    edit_line(minimal, "coal_output", 3, 'in 1940",', 'in 1940 ",')
    before = csv.field_size_limit(limit)
    try:
        problems = problems_in(minimal)
    finally:
        csv.field_size_limit(before)
    codes = [p.code for p in problems]
    if limit == sys.maxsize:
        assert set(codes) <= {"padded-value", "too-long"} and "padded-value" in codes
    else:
        assert codes == ["malformed-csv"] and problems[0].line == 3
    assert all(len(str(p)) < 400 for p in problems)


@pytest.mark.parametrize("written", ["1e3", "inf", "NaN", "1" * 400])
def test_a_whole_number_column_wants_plain_digits_too(minimal, written):
    # The year is an integer column: it gets the same plain-digit check as the numbers.
    edit_line(minimal, "coal_output", 3, ",1927,", f",{written},")
    only(problems_in(minimal), code="number-form", line=3, column="year", file=COAL)


def test_pandera_is_asked_only_about_columns_that_can_fail(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An optional column empty in every row can fail no check: pandera is not asked about it. The
    # same column with one filled cell is judged, and its bad cell reported once.
    from kuzbass_data.gate.intake import cells

    asked: list[list[str]] = []
    original = cells._failure_cases

    def recording(schema, frame):
        asked.append(list(frame.columns))
        return original(schema, frame)

    monkeypatch.setattr(cells, "_failure_cases", recording)
    assert raw_problems_in(minimal) == []
    coal = next(columns for columns in asked if "basin" in columns)
    assert "value" in coal and "id" in coal and "value_low" not in coal and "note" not in coal
    asked.clear()
    edit_line(minimal, "coal_output", 3, ",26,,,million_tonnes,", ",26,lots,,million_tonnes,")
    only(raw_problems_in(minimal), code="not-a-number", line=3, column="value_low", file=COAL)
    assert "value_low" in next(columns for columns in asked if "basin" in columns)


def test_a_schema_failure_without_a_row_is_reported_at_its_column(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every check the schema builds today fails per cell; a failure pandera reports for a whole
    # column (no row) must still be reported, at that column, not dropped or crashed on.
    import numpy as np
    import pandas as pd

    from kuzbass_data.gate.intake import cells
    from kuzbass_data.schema import get_table

    monkeypatch.setattr(cells, "_failure_cases", lambda schema, frame: ([("unit", "a_column_check", None, None)], None))
    frame = pd.DataFrame({"unit": ["million_tonnes"]})
    problems, _ = cells.schema_gate(frame, get_table("coal_output"), COAL, np.array([2]))
    only(problems, code="schema-check-failed", file=COAL, line=None, column="unit")


def test_an_overlong_term_of_a_one_term_vocabulary_is_one_vocabulary_problem(minimal: Path) -> None:
    # The gate leaves out the length check of such a column (its vocabulary bounds the length):
    # a value over the limit is still refused, once, as a term not in the vocabulary.
    edit_line(minimal, "coal_output", 3, ",donbass,", ",donbass" + "s" * 2100 + ",")
    only(problems_in(minimal), code="not-in-vocabulary", line=3, column="basin")


def test_the_gate_leaves_out_only_checks_its_column_implies() -> None:
    from kuzbass_data.schema import ALL_TABLES
    from kuzbass_data.schema.dataframe_schema import dataframe_schema

    left_out_anywhere = False
    for table in ALL_TABLES:
        full, gate = dataframe_schema(table, coerce=True), dataframe_schema(table, coerce=True, implied=False)
        for name, column in full.columns.items():
            fld = next(f for f in table.fields if f.name == name)
            left_out = {c.name for c in column.checks} - {c.name for c in gate.columns[name].checks}
            if left_out:  # only the length of a one-term vocabulary whose every term fits it
                assert left_out == {"str_length"}, (table.name, name)
                assert fld.is_categorical and fld.vocabulary is not None and fld.length_limit is not None
                assert max(len(t) for t in fld.vocabulary.terms) <= fld.length_limit
                assert "isin" in {c.name for c in gate.columns[name].checks}  # the terms are still checked
                left_out_anywhere = True
    assert left_out_anywhere  # the gate does run fewer checks than the full schema
