"""The versioning rule of CHANGELOG.md: a data change needs its version bump and CHANGELOG entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_repo import ReviewRepo

from kuzbass_data.cli import main
from kuzbass_data.diff import compare
from kuzbass_data.review import review_problems
from kuzbass_data.versioning import parse_version, required_bump, successors

REPO = Path(__file__).resolve().parent.parent
NEW_ROW = "kuzbass-1941-outcome,output,1941,20,million_tonnes,exact,outcome,20 million tons in 1941 (invented),"


@pytest.fixture
def repo(tmp_path: Path) -> ReviewRepo:
    return ReviewRepo(tmp_path / "repo")


def version_codes(repo: ReviewRepo) -> list[str]:
    """The codes of every review problem (ids and versioning) of the working tree against main."""
    return [p.code for p in review_problems(repo.head(), repo.base())]


def correct_1937(repo: ReviewRepo) -> None:
    """The correction every case below makes: the 1937 output is 18, not 17 (invented)."""
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")


# -- what each change requires -------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "level"),
    [
        (lambda r: r.replace("raw/coal_output.csv", "almost 10 million tons (invented),", "almost 10 million tons (invented),A note."), "patch"),
        (lambda r: r.replace("raw/coal_output.csv", "almost 10 million tons (invented)", "almost 10 million tons (Invented)"), "patch"),
        (lambda r: r.replace("raw/sources.csv", "An invented source for tests.", "An invented source for the tests."), "patch"),
        (lambda r: r.append("raw/coal_output.csv", NEW_ROW), "minor"),
        (lambda r: r.append("raw/sources.csv", "invented-2021,A second invented source."), "minor"),
        (correct_1937, "major"),
        (lambda r: r.replace("raw/coal_output.csv", "1932,10,million_tonnes,almost", "1932,10,million_tonnes,exact"), "major"),
        (lambda r: r.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,"), "major"),
    ],
    ids=["note", "excerpt", "citation", "new-row", "new-source", "corrected-number", "qualifier", "removed-row"],
)
def test_what_each_change_requires(repo, edit, level):
    edit(repo)
    assert required_bump(compare(repo.base(), repo.head()))[0] == level


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        (",copyrighted,", ",cc0,", "major"),  # the licence flipped: a new identity
        (",book,", ",dataset,", "major"),
        (",12\n", ",13\n", "major"),  # the footnote count
        (",aaaa,", ",cccc,", "major"),  # the fingerprint rewritten (prove --reidentify)
    ],
)
def test_a_sources_new_identity_is_a_breaking_change(repo, old, new, level):
    repo.write("raw/sources.csv", "id,kind,citation,licence,fingerprint,text_root,footnotes\ninvented-2020,book,An invented source for tests.,copyrighted,aaaa,bbbb,12\n")
    repo.commit("the source identified")
    repo.replace("raw/sources.csv", old, new)
    assert required_bump(compare(repo.base(), repo.head()))[0] == level


def test_a_source_identified_for_the_first_time_is_a_patch(repo):
    repo.write("raw/sources.csv", "id,kind,citation,licence,fingerprint,text_root,footnotes\ninvented-2020,book,An invented source for tests.,copyrighted,,,\n")
    repo.commit("a source not yet proved")
    repo.replace("raw/sources.csv", ",copyrighted,,,", ",copyrighted,aaaa,bbbb,12")
    assert required_bump(compare(repo.base(), repo.head()))[0] == "patch"


def test_no_change_requires_nothing(repo):
    assert required_bump(compare(repo.base(), repo.head())) == ("none", [])
    assert version_codes(repo) == []


def test_versions():
    assert parse_version("1.2.3") == (1, 2, 3) and parse_version("1.2") is None and parse_version("01.2.3") is None
    assert successors((0, 1, 0)) == {"patch": "0.1.1", "minor": "0.2.0", "major": "1.0.0"}


# -- each failing case: exactly one problem ----------------------------------------------------


def test_a_data_change_without_a_version_bump(repo):
    correct_1937(repo)
    [problem] = review_problems(repo.head(), repo.base())
    assert problem.code == "version-not-bumped" and (problem.file, problem.line) == ("kuzbass_data/__about__.py", 3)
    assert "1.0.0" in problem.hint


def test_a_bump_without_a_changelog_entry(repo):
    correct_1937(repo)
    repo.bump("1.0.0")
    [problem] = review_problems(repo.head(), repo.base())
    assert problem.code == "changelog-entry-missing" and problem.file == "CHANGELOG.md"


def test_a_bump_too_small_for_a_corrected_number(repo):
    correct_1937(repo)
    repo.bump("0.2.0", "- coal_output: kuzbass-1937-outcome corrected from 17 to 18 (invented).")
    assert version_codes(repo) == ["version-bump-too-small"]


def test_a_version_that_does_not_follow_the_base(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    repo.bump("0.3.0", "- coal_output: kuzbass-1941-outcome added (invented).")
    assert version_codes(repo) == ["version-not-successor"]


def test_an_unreadable_version(repo):
    repo.replace("kuzbass_data/__about__.py", '"0.1.0"', '"0.1"')
    assert version_codes(repo) == ["version-unreadable"]


def test_an_entry_that_does_not_name_the_changed_id(repo):
    correct_1937(repo)
    repo.bump("1.0.0", "- coal_output: one number corrected.")
    [problem] = review_problems(repo.head(), repo.base())
    assert problem.code == "changelog-entry-incomplete" and "kuzbass-1937-outcome" in problem.message


def test_an_entry_that_names_neither_a_new_row_nor_its_table(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    repo.bump("0.2.0", "- One more number (invented).")
    repo.build_registry()
    assert version_codes(repo) == ["changelog-entry-incomplete"]


def test_a_table_is_named_through_the_ids_the_entry_names(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    repo.bump("0.2.0", "- kuzbass-1941-outcome: the 1941 output (invented).")
    repo.build_registry()
    assert version_codes(repo) == []


def test_a_bump_without_data_change_still_needs_its_entry(repo):
    repo.bump("0.1.1")
    assert version_codes(repo) == ["changelog-entry-missing"]


# -- the positive controls -----------------------------------------------------------------


def test_a_legitimate_correction_passes_with_its_diff_bump_and_entry(repo, capsys):
    repo.git("checkout", "-q", "-b", "correct-1937")
    correct_1937(repo)
    repo.bump("1.0.0", "### Changed\n\n- coal_output: kuzbass-1937-outcome corrected from 17 to 18 million tonnes (invented).")
    repo.commit("Correct the 1937 output (invented)")
    base, head = repo.base(), repo.head()
    assert review_problems(head, base) == []
    diff = compare(base, head)
    [table] = diff.tables
    assert table.name == "coal_output" and not (table.added or table.removed or table.columns_added or table.columns_removed)
    assert [(c.id, c.fields) for c in table.changed] == [("kuzbass-1937-outcome", {"value": ("17", "18")})]
    assert main(["diff", "main", "--root", str(repo.root), "--check"]) == 0
    out = capsys.readouterr().out
    assert "value: 17 -> 18" in out and "version 0.1.0 -> 1.0.0" in out


def test_a_new_row_with_a_minor_bump_passes(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    repo.bump("0.2.0", "- coal_output: kuzbass-1941-outcome added (invented).")
    repo.build_registry()
    assert review_problems(repo.head(), repo.base()) == []


def test_a_larger_bump_than_needed_passes(repo):
    repo.replace("raw/coal_output.csv", "almost 10 million tons (invented),", "almost 10 million tons (invented),A note.")
    repo.bump("0.2.0", "- coal_output: a note on kuzbass-1932-outcome (invented).")
    assert review_problems(repo.head(), repo.base()) == []


def test_diff_check_and_validate_base_fail_on_a_missing_bump(repo, capsys):
    correct_1937(repo)
    assert main(["diff", "main", "--root", str(repo.root), "--check"]) == 1
    assert "kuzbass_data/__about__.py:3: __version__: the data changed" in capsys.readouterr().out


def test_the_changelog_states_the_rule_that_is_enforced():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    rule = text[text.index("## Versioning rule") : text.index("## [Unreleased]")]
    for words in ("Patch", "Minor", "Major", "corrected number", "footnote", "kuzbass-data diff --check"):
        assert words in rule


def test_validate_base_end_to_end_on_a_copy_of_the_repository(scratch, capsys):
    """`validate --base` with the repository as the base folder: a note changed without a bump is annotated."""
    import shutil

    (scratch / "kuzbass_data" / "__about__.py").write_bytes((REPO / "kuzbass_data" / "__about__.py").read_bytes())
    shutil.copy(REPO / "CHANGELOG.md", scratch / "CHANGELOG.md")
    assert main(["validate", str(scratch), "--base", str(REPO)]) == 0
    capsys.readouterr()
    path = scratch / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Target of the First Five-Year Plan.", "The target of the First Five-Year Plan."), encoding="utf-8")
    assert main(["build", str(scratch)]) == 0
    capsys.readouterr()
    assert main(["validate", str(scratch), "--base", str(REPO), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    [annotation] = [line for line in lines if line.startswith("::error")]  # besides: coverage, the reviewer's warnings, summary
    summary = lines[-1]
    assert annotation.startswith("::error file=kuzbass_data/__about__.py,line=") and ",title=version-not-bumped::" in annotation
    assert "this is a patch change" in annotation and " 1 problem found" in summary
