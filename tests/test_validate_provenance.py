"""Excerpts against the Landau text (skipped when the text is absent) and the one text normalisation."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import edit_line, errors_only, only, problems_in
from kuzbass_data.cli import main
from kuzbass_data.gate.provenance import PassageIndex
from kuzbass_data.source_text import SuppliedText, fingerprint, normalise


def test_excerpt_not_in_source_shows_the_closest_passage(minimal, source_text):
    edit_line(minimal, "coal_output", 3, "having already reached", "having reached")
    problem = only(problems_in(minimal, source_text), code="excerpt-not-in-source", line=3, column="excerpt")
    # The hint locates the passage and names the missing word; it does not quote the passage.
    assert "line " in problem.message and "'already' after 'having'" in problem.message
    assert "26 million tons in 1927" not in problem.message


def test_every_published_excerpt_is_in_the_source_and_proved(repo, source_text):
    from kuzbass_data.gate.validate import validate

    report = validate(repo, source_text)
    assert report.rows_checked > 0
    assert [str(p) for p in errors_only(report)] == []
    n = int(report.coverage[0].split()[3])
    # The supplied text is Landau's: its rows are verified by it and by their proofs; a contribution's other sources' rows
    # by their open text or by proof alone (counted from the data, not pinned).
    landau, opened = _rows_citing(repo, "landau-2015"), _rows_citing(repo, None)
    assert landau > 0 and n >= landau + opened
    assert report.coverage == [f"excerpts: {n} of {n} verified ({landau} by supplied text, {opened} by open text, {n - landau - opened} by proof alone; {landau} of those by a text also by proof)"]


def _rows_citing(root, source_id: str | None) -> int:
    """How many data rows cite ``source_id``, or (None) any source with an open licence."""
    import csv

    from kuzbass_data.schema.vocabularies import OPEN_LICENCES

    with (root / "raw" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        wanted = {source_id} if source_id else {row["id"] for row in csv.DictReader(handle) if row["licence"] in OPEN_LICENCES}
    count = 0
    for path in (root / "raw").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            count += sum(row.get("source_id") in wanted for row in csv.DictReader(handle) if "excerpt" in row)
    return count


def test_a_wrong_edition_of_the_landau_text_is_named(repo, source_text):
    from kuzbass_data.gate.validate import validate

    text = source_text.read_text(encoding="utf-8").replace("Kuzbass", "Kusbass", 1)
    report = validate(repo, [SuppliedText("landau-2015", "landau-2nd-edition.txt", text)])
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
    text = "the cat sat on the mat.\nwhile the dog slept in the sun all day long"
    index = PassageIndex(normalise(text), text)
    near = index.nearest("while the dog sleeps in the sun")
    assert near is not None and (near.line, near.word) == (2, 7)
    assert near.differences == ("the text has 'slept' for 'sleeps'",)
    assert index.nearest("nothing alike here") is None


def test_the_nearest_passage_names_differences_with_at_most_three_words_of_the_text() -> None:
    text = " ".join(f"word{i}" for i in range(100))
    excerpt = "word10 word11 x word13 word14 y word16 word17 z word19 word20 word21 word22 q r s t u v w word31"
    near = PassageIndex(text).nearest(excerpt)
    assert near is not None and near.more == 1 and len(near.differences) == 3, near
    assert near.differences[:2] == ("the text has 'word12' for 'x'", "the text has 'word15' for 'y'")
    # A long difference quotes three words of the text and no more.
    assert near.differences[2] == "the text has 'word18' for 'z'" and "'word23 word24 word25 ...'" in PassageIndex(text).nearest("word21 word22 a b c d e f g word31 word32 word33").describe()
    assert "and 1 more difference" in near.describe()


def test_the_nearest_passage_is_found_for_any_slack() -> None:
    text = "the cat sat on the mat while the dog slept in the sun all day long"
    index = PassageIndex(text)
    for slack in (3, 0, -5):
        found = index.nearest("the sun all day long", slack=slack)
        assert found is not None and found.word == 12 and found.differences == (), slack


def test_validate_and_audit_accept_both_forms_of_source_text(repo, source_text, capsys):
    for value in (str(source_text), f"landau-2015={source_text}"):
        assert main(["validate", str(repo), "--source-text", value]) == 0
        assert main(["audit", str(repo), "--source-text", value]) == 0
    assert capsys.readouterr().out.count("by supplied text") == 2


@pytest.mark.parametrize("how", ["text edited after its fingerprint", "fingerprint of another text"])
def test_an_open_source_whose_text_does_not_match_its_fingerprint_is_one_problem(scratch, how):
    # A contribution adds an open source (INVENTED TEST DATA, tests/contribution.py) and its row. When its text and its
    # recorded fingerprint disagree, that is the one cause: reported once, at the source's line of raw/sources.csv, and
    # not again as an unverifiable excerpt at each row citing it (those are listed in the coverage report).
    import csv

    from contribution import add_open_source

    from kuzbass_data.gate.validate import validate

    row_id = add_open_source(scratch)
    with (scratch / "raw" / "workforce.csv").open(encoding="utf-8", newline="") as handle:
        sid = next(row["source_id"] for row in csv.DictReader(handle) if row["id"] == row_id)
    assert errors_only(validate(scratch, [])) == []  # valid as added
    text = scratch / "sources" / f"{sid}.txt"
    if how == "text edited after its fingerprint":
        text.write_text(text.read_text(encoding="utf-8").replace("in an average month", "in an average month of the year"), encoding="utf-8")
    else:
        edit_line(scratch, "sources", _line_of(scratch, "sources", sid), fingerprint(normalise(text.read_text(encoding="utf-8"))), fingerprint(normalise("INVENTED: another text.")))
    report = validate(scratch, [])
    problem = only(errors_only(report), code="fingerprint-mismatch", file="raw/sources.csv", line=_line_of(scratch, "sources", sid), column="fingerprint")
    assert sid in problem.message and "cannot be verified" in problem.message
    # What to do: restore the text, or record the fingerprint of this one with prove --replace (prove refuses without it).
    assert f"kuzbass-data prove --replace --source-text {sid}=sources/{sid}.txt" in problem.hint
    assert any(row_id in line and "does not match the recorded fingerprint" in line for line in report.coverage)
    # The hint's command is the whole fix when the text in sources/ is the right one.
    assert main(["prove", str(scratch), "--replace", "--source-text", f"{sid}={text}"]) == 0
    assert errors_only(validate(scratch, [])) == []


def _line_of(root, table: str, row_id: str) -> int:
    """The physical line of ``row_id`` in raw/<table>.csv (found by its id: a contribution moves lines)."""
    lines = (root / "raw" / f"{table}.csv").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{row_id},"))
