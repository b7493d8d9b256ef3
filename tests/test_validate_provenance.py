"""Excerpts against the source text."""

from __future__ import annotations

from conftest import only, problems_in

from kuzbass_data.validate.provenance import nearest_passage, normalise


def test_excerpt_not_in_source_shows_the_closest_passage(with_fixture, source_text):
    root = with_fixture("excerpt_not_in_source.csv", "coal_output")
    problem = only(problems_in(root, "raw/coal_output.csv", source_text), line=3, column="excerpt", contains="not found verbatim")
    assert "having already reached 26 million tons in 1927" in problem.message


def test_every_published_excerpt_is_in_the_source(repo, source_text):
    # One test for all tables: any excerpt that is not verbatim in the source fails it.
    from kuzbass_data.validate import validate

    report = validate(repo, source_text, published=False)
    assert report.rows_checked > 60
    assert [str(p) for p in report.sorted_problems()] == []


def test_normalise_quotes_and_whitespace():
    assert normalise("Kemerovo’s  “Central\nMine”") == "Kemerovo's \"Central Mine\""


def test_nearest_passage_cuts_at_words():
    text = "the cat sat on the mat while the dog slept"
    assert nearest_passage("the dog sleeps", text, slack=0).endswith("slept")
