"""Excerpts against the Landau text (skipped when the text is absent) and the one text normalisation."""

from __future__ import annotations

import json
import shutil

from conftest import edit_line, errors_only, only, problems_in
from kuzbass_data.cli import main
from kuzbass_data.source_text import normalise
from kuzbass_data.validate.provenance import PassageIndex, SuppliedText


def test_excerpt_not_in_source_shows_the_closest_passage(minimal, source_text):
    edit_line(minimal, "coal_output", 3, "having already reached", "having reached")
    problem = only(problems_in(minimal, source_text), code="excerpt-not-in-source", line=3, column="excerpt")
    assert "having already reached 26 million tons in 1927" in problem.message


def test_every_published_excerpt_is_in_the_source_and_proved(repo, source_text):
    from kuzbass_data.validate import validate

    report = validate(repo, source_text, published=False)
    assert report.rows_checked > 0
    assert [str(p) for p in errors_only(report)] == []
    n = int(report.coverage[0].split()[3])
    assert report.coverage == [f"excerpts: {n} of {n} verified ({n} by supplied text, 0 by open text, {n} by proof)"]


def test_a_wrong_edition_of_the_landau_text_is_named(repo, source_text):
    from kuzbass_data.validate import validate

    text = source_text.read_text(encoding="utf-8").replace("Kuzbass", "Kusbass", 1)
    report = validate(repo, [SuppliedText("landau-2015", "landau-2nd-edition.txt", text)], published=False)
    assert [(p.file, p.code) for p in errors_only(report)] == [("raw/sources.csv", "source-text-mismatch")]
    assert "by proof" in report.coverage[0] and "0 by supplied text" in report.coverage[0]  # the proofs still verify


def test_the_committed_proofs_are_what_prove_writes(scratch, repo, source_text, capsys):
    # Proving again from the text changes nothing: the committed proofs and root are current.
    shutil.copy(repo / "raw" / "sources.csv", scratch / "raw" / "sources.csv")
    before = (scratch / "proofs" / "landau-2015.json").read_bytes()
    (scratch / "proofs" / "landau-2015.json").unlink()
    assert main(["prove", str(scratch), "--source-text", str(source_text)]) == 0
    assert (scratch / "proofs" / "landau-2015.json").read_bytes() == before
    assert (scratch / "raw" / "sources.csv").read_bytes() == (repo / "raw" / "sources.csv").read_bytes()


def test_the_landau_proofs_reveal_at_most_the_rest_of_a_word_at_each_edge(repo):
    proofs = json.loads((repo / "proofs" / "landau-2015.json").read_text(encoding="utf-8"))["proofs"]
    assert proofs
    for proof in proofs.values():
        for edge in (proof["prefix"], proof["suffix"]):
            assert " " not in edge and len(edge) <= 3, edge  # today only punctuation: '.' or ','
        assert set(proof) == {"excerpt_sha256", "start", "prefix", "suffix", "salts", "siblings"}


def test_normalise_folds_typography_and_footnote_markers():
    assert normalise("Kemerovo’s  “Central\nMine” – 1920–1950") == 'Kemerovo\'s "Central Mine" - 1920-1950'
    assert normalise("20 metres.Footnote 1 The content") == "20 metres. The content"
    assert normalise("Cafe\u0301 \u00a0 so\u00adcial…") == "Café social..."


def test_the_nearest_passage_comes_from_word_ngrams():
    index = PassageIndex(normalise("the cat sat on the mat while the dog slept in the sun all day long"))
    assert "the dog slept" in index.nearest("while the dog sleeps in the sun")
    assert index.nearest("nothing alike here") == ""


def test_the_nearest_passage_is_at_most_limit_characters_before_its_ellipsis() -> None:
    # A passage longer than the limit (240 by default) is cut to at most that many characters, even a run without spaces.
    for text in ("a" * 300, " ".join(f"word{i}" for i in range(100))):
        for kwargs, limit in (({}, 240), ({"limit": 100}, 100)):
            found = PassageIndex(text).nearest(text, **kwargs)
            assert found.endswith(" ...") and 0 < len(found.removesuffix(" ...")) <= limit


def test_the_nearest_passage_is_a_stretch_of_the_text_for_any_slack() -> None:
    text = "the cat sat on the mat while the dog slept in the sun all day long"
    index = PassageIndex(text)
    for slack in (3, 0, -5):
        found = index.nearest("the sun all day long", slack=slack)
        assert found and found in text, slack


def test_validate_and_audit_accept_both_forms_of_source_text(repo, source_text, capsys):
    for value in (str(source_text), f"landau-2015={source_text}"):
        assert main(["validate", str(repo), "--source-text", value]) == 0
        assert main(["audit", str(repo), "--source-text", value]) == 0
    assert capsys.readouterr().out.count("by supplied text") == 2
