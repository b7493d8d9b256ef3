"""Vocabulary terms, unit records and the phrase table are data of the checked tree: a pull request
adds a term together with the rows that use it, and the base's validator reads the term as data.

Two checkouts: this repository's installed validator (the base) judges a copy (the pull request)
that adds a place term and an INVENTED row using it, under an INVENTED open source.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, only, problems_in
from kuzbass_data.schema.vocabularies import PLACE

TEST_SOURCES = Path(__file__).resolve().parent / "sources"
TERM = "invented_valley"


def pull_request(scratch: Path, *, with_term: bool) -> Path:
    """The scratch checkout with its own term files, the invented source and a row placed in TERM."""
    terms = scratch / "kuzbass_data" / "schema" / "terms"
    shutil.copytree(REPO / "kuzbass_data" / "schema" / "terms", terms)
    if with_term:
        with (terms / "vocabularies.csv").open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(["place", TERM, "INVENTED TEST DATA: a valley of the invented source."])
    for table, fixture in (("sources", "invented-handbook-1938.csv"), ("workforce", "invented-row.csv")):
        row = next(csv.DictReader((TEST_SOURCES / fixture).read_text(encoding="utf-8").splitlines()))
        if table == "workforce":
            row["place"] = TERM
        path = scratch / "raw" / f"{table}.csv"
        header = next(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        with path.open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow([row.get(c, "") for c in header])
    (scratch / "sources").mkdir(exist_ok=True)
    shutil.copy(TEST_SOURCES / "invented-handbook-1938.txt", scratch / "sources" / "invented-handbook-1938.txt")
    return scratch


def test_a_term_travels_with_the_row_that_uses_it(scratch):
    root = pull_request(scratch, with_term=True)
    assert problems_in(root) == []
    assert TERM not in PLACE.terms  # the base's own vocabulary is untouched after the run


def test_without_the_term_the_row_is_one_problem(scratch):
    root = pull_request(scratch, with_term=False)
    only(problems_in(root), code="not-in-vocabulary", file="raw/workforce.csv", column="place")


def test_a_symlinked_term_folder_is_refused_and_the_package_terms_hold(scratch, tmp_path):
    outside = tmp_path / "outside"
    shutil.copytree(REPO / "kuzbass_data" / "schema" / "terms", outside)
    (scratch / "kuzbass_data" / "schema").mkdir(parents=True)
    (scratch / "kuzbass_data" / "schema" / "terms").symlink_to(outside)
    only(problems_in(scratch), code="terms-invalid", file="kuzbass_data/schema/terms")


# The base's validator, run from outside the pull request's checkout.
SCRIPT = "import sys; from pathlib import Path; from kuzbass_data.gate.validate import validate; print(validate(Path(sys.argv[1])).summary())"


def test_a_broken_phrase_table_is_one_problem_and_the_package_terms_hold(scratch):
    root = pull_request(scratch, with_term=False)
    (root / "kuzbass_data" / "schema" / "terms" / "phrases.csv").write_text("words,kind\nabout,qualifier\n", encoding="utf-8")
    problems = problems_in(root)
    assert [(p.code, p.file) for p in problems] == [("terms-invalid", "kuzbass_data/schema/terms"), ("not-in-vocabulary", "raw/workforce.csv")]


def test_an_edited_phrase_table_is_read_afresh(scratch):
    root = pull_request(scratch, with_term=True)
    assert problems_in(root) == []
    phrases = root / "kuzbass_data" / "schema" / "terms" / "phrases.csv"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace("\nabout,qualifier,approximate\n", "\n"), encoding="utf-8")
    # Without 'about' in the table, 'about 1,250 workers' (and every other 'about') reads as exact.
    assert any(p.code == "qualifier-mismatch" and "'about 1,250 workers'" in p.message for p in problems_in(root))


@pytest.mark.skipif(sys.platform == "win32", reason="the run uses a POSIX shell environment")
def test_the_base_validator_never_runs_the_pull_requests_code(scratch, tmp_path):
    root = pull_request(scratch, with_term=True)
    # The pull request also ships code that would fail loudly if it were imported.
    (root / "kuzbass_data" / "__init__.py").write_text("raise SystemExit('pull request code ran')\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "pull request code ran" not in run.stdout + run.stderr
    assert " 0 problems found" in run.stdout, run.stdout + run.stderr


def test_a_new_terms_words_travel_with_it_and_are_forgotten_after_the_run(scratch):
    """The words column of vocabularies.csv says how a term reads in the sentence; the checked tree's own are used."""
    from kuzbass_data.gate.terms import terms_of
    from kuzbass_data.sentence import term_words

    terms = scratch / "kuzbass_data" / "schema" / "terms"
    shutil.copytree(REPO / "kuzbass_data" / "schema" / "terms", terms)
    with (terms / "vocabularies.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(["place", TERM, "INVENTED TEST DATA: a valley.", "the Invented Valley"])
    assert term_words("place", TERM) == "Invented Valley"  # the package's terms: no words, so its spelling
    with terms_of(scratch) as problems:
        assert problems == [] and term_words("place", TERM) == "the Invented Valley"
    assert term_words("place", TERM) == "Invented Valley"
