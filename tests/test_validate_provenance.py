"""Excerpts against the source text."""

from __future__ import annotations

from conftest import edit_line, only, problems_in

from kuzbass_data.validate.provenance import nearest_passage, normalise


def test_excerpt_not_in_source_shows_the_closest_passage(minimal, source_text):
    edit_line(minimal, "coal_output", 3, "having already reached", "having reached")
    problem = only(problems_in(minimal, source_text), code="excerpt-not-in-source", line=3, column="excerpt")
    assert "having already reached 26 million tons in 1927" in problem.message


def test_every_published_excerpt_is_in_the_source(repo, source_text):
    # One test for all tables: any excerpt that is not verbatim in the source fails it.
    from kuzbass_data.validate import validate

    report = validate(repo, source_text, published=False)
    assert report.rows_checked > 0
    assert [str(p) for p in report.sorted_problems()] == []


def test_normalise_quotes_and_whitespace():
    assert normalise("Kemerovo’s  “Central\nMine”") == "Kemerovo's \"Central Mine\""


def test_nearest_passage_cuts_at_words():
    text = "the cat sat on the mat while the dog slept"
    assert nearest_passage("the dog sleeps", text, slack=0).endswith("slept")
