"""The read-back sentence: each cell that changes a row's meaning changes its sentence."""

from __future__ import annotations

import math

import pytest

from kuzbass_data.sentence import cell_text, period_words, sentence, source_name

PLAN = {
    "id": "kuzbass-1932-plan",
    "measure": "output",
    "basin": "kuzbass",
    "year": "1932",
    "value": "10.5",
    "unit": "million_tonnes",
    "qualifier": "exact",
    "status": "plan",
    "source_id": "landau-2015",
}


def test_a_plan_reads_as_a_plan_with_its_number_place_and_year():
    assert sentence(PLAN, "Landau (2015)", "coal_output") == "Landau (2015) gives the planned coal output of the Kuzbass in 1932 as 10.5 million tons (a plan, not an outcome)."


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": "outcome"}, "gives coal output of the Kuzbass in 1932 as 10.5 million tons."),
        ({"qualifier": "almost", "status": "outcome"}, "as almost 10.5 million tons."),
        ({"basin": "donbass"}, "of the Donbass"),
        ({"year": "1933"}, "in 1933"),
        ({"value": "12.5"}, "as 12.5 million tons"),
        ({"status": "claimed"}, "the claimed coal output"),
        ({"status": "norm"}, "(a norm, not an outcome)"),
    ],
)
def test_every_cell_of_meaning_shows_in_the_sentence(change, words):
    assert words in sentence({**PLAN, **change}, "Landau (2015)", "coal_output")


def test_periods_read_as_words():
    row = {"period_start": "1938", "period_end": "", "period_relation": "after", "period_precision": "year"}
    assert period_words(row) == "after 1938"
    assert "in 22 September" not in sentence({**row, "period_start": "1936-09-22", "period_end": "1936-09-22", "period_relation": ""})
    assert "on 22 September 1936" in sentence({**row, "period_start": "1936-09-22", "period_end": "1936-09-22", "period_relation": ""})
    assert "in summer 1931" in sentence({"period_start": "1931", "period_end": "1931", "period_precision": "season", "season": "summer"})
    assert "from 1930 to 1932" in sentence({"period_start": "1930", "period_end": "1932", "period_precision": "year"})
    assert "in the 1920s" in sentence({"period_start": "1920", "period_end": "1929", "period_precision": "decade"})


def test_the_source_words_that_limit_a_number_are_quoted():
    row = {
        "measure": "share_of_workforce",
        "group": "spetskontingent",
        "partial_scope": "At several Kuzbasugol' mines",
        "value_low": "25",
        "value_high": "40",
        "unit": "percent",
        "qualifier": "range",
        "status": "outcome",
    }
    assert "(only “At several Kuzbasugol' mines”)" in sentence(row, "Landau (2015)", "workforce")


def test_cells_of_any_type_read_without_artefacts():
    assert cell_text(None) == cell_text(math.nan) == ""
    assert cell_text(10.5) == "10.5" and cell_text(2.0) == "2" and cell_text(1932) == "1932"
    assert "as 10.5 million tons" in sentence({**PLAN, "value": 10.5, "year": 1932}, table="coal_output")


def test_a_source_is_named_by_its_authors_and_year():
    assert source_name("Landau, Julia", 2015) == "Landau (2015)"
    assert source_name("A, B; C, D", "1990") == "A and C (1990)"
    assert source_name("A, B; C, D; E, F", "1990") == "A et al. (1990)"
    assert sentence(PLAN).startswith("landau-2015 gives")


def test_every_published_row_reads_as_one_sentence():
    import kuzbass_data as kd

    for table in kd.tables():
        frame = kd.load(table)
        if "measure" not in frame.columns or table == "observations":
            continue
        for row in frame.to_dict("records"):
            text = sentence(row, "S", table)
            assert text.startswith("S gives ") and text.endswith(".") and "  " not in text and " the the " not in text, text
            assert "nan" not in text.split() and "None" not in text, text


def test_a_terms_words_come_from_the_vocabulary_file_and_otherwise_its_spelling():
    import csv

    from kuzbass_data.paths import TERMS_DIR, in_package
    from kuzbass_data.sentence import term_words

    with (in_package(TERMS_DIR) / "vocabularies.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    worded = [r for r in rows if r["words"]]
    assert worded, "some terms need their own words (kuzbass: the Kuzbass)"
    for r in worded:
        assert term_words(r["vocabulary"], r["term"]) == r["words"]
    plain = next(r for r in rows if not r["words"] and r["vocabulary"] == "group")
    assert term_words("group", plain["term"]) == plain["term"].replace("_", " ")
