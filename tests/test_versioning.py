"""The versioning rule: what release level a change needs, and the contribution's change note (never a version bump)."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_repo import ReviewRepo

from kuzbass_data.cli import main
from kuzbass_data.gate.diff import compare
from kuzbass_data.gate.review import review_problems
from kuzbass_data.gate.versioning import parse_version, required_bump, successors

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


# -- the rule table revisited ---------------------------------------------------------------

CONFLICTS = "id,kind,members,explanation\nconflict-1932,plan_vs_outcome,kuzbass-1932-outcome; kuzbass-1937-outcome,Invented.\n"


def with_conflict(repo: ReviewRepo) -> None:
    repo.write("raw/conflicts.csv", CONFLICTS)
    repo.commit("a conflict (invented)")


def test_a_member_added_to_a_conflict_is_minor_not_breaking(repo):
    with_conflict(repo)
    repo.append("raw/coal_output.csv", NEW_ROW)
    repo.replace("raw/conflicts.csv", "kuzbass-1937-outcome,", "kuzbass-1937-outcome; kuzbass-1941-outcome,")
    assert required_bump(compare(repo.base(), repo.head()))[0] == "minor"


def test_a_member_taken_out_of_a_conflict_is_major(repo):
    with_conflict(repo)
    repo.replace("raw/conflicts.csv", "kuzbass-1932-outcome; kuzbass-1937-outcome,", "kuzbass-1932-outcome,")
    level, reasons = required_bump(compare(repo.base(), repo.head()))
    assert level == "major" and "conflict-1932" in reasons[0]


@pytest.mark.parametrize("column", ["kind", "licence", "fingerprint", "text_root"])
def test_a_change_of_a_sources_identity_is_major(repo, column):
    repo.write("raw/sources.csv", f"id,citation,{column}\ninvented-2020,An invented source for tests.,one\n")
    repo.commit("the source's identity (invented)")
    repo.replace("raw/sources.csv", ",one\n", ",two\n")
    assert required_bump(compare(repo.base(), repo.head()))[0] == "major"


# -- the change note: one problem for each failing case --------------------------------------


def note(repo: ReviewRepo, text: str, name: str = "correct-1937.md") -> None:
    repo.write(f"changes/{name}", text)


def test_a_data_change_without_a_change_note(repo):
    correct_1937(repo)
    [problem] = review_problems(repo.head(), repo.base())
    assert problem.code == "change-note-missing" and problem.file == "changes/" and "major" in problem.message
    assert "changes/" in problem.hint and "__version__" not in problem.hint  # never asks for a version


def test_a_note_that_does_not_name_the_changed_id(repo):
    correct_1937(repo)
    note(repo, "One number corrected (invented).\n")
    [problem] = review_problems(repo.head(), repo.base())
    assert problem.code == "change-note-incomplete" and problem.file == "changes/correct-1937.md" and "kuzbass-1937-outcome" in problem.message


def test_an_id_named_only_inside_an_html_comment_is_not_named(repo):
    correct_1937(repo)
    note(repo, "Corrected the output of 1937 (invented). <!-- kuzbass-1937-outcome -->\n")
    assert version_codes(repo) == ["change-note-incomplete"]


def test_an_unclosed_html_comment_hides_the_rest(repo):
    correct_1937(repo)
    note(repo, "Corrected (invented). <!-- kuzbass-1937-outcome\n")
    assert version_codes(repo) == ["change-note-incomplete"]


def test_a_note_that_names_neither_a_new_row_nor_its_table(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    note(repo, "One more number (invented).\n")
    assert version_codes(repo) == ["change-note-incomplete"]


def test_a_table_is_named_through_the_ids_the_note_names(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    note(repo, "- kuzbass-1941-outcome: the 1941 output (invented).\n")
    assert version_codes(repo) == []


def test_a_note_of_the_base_does_not_count_for_a_new_change(repo):
    note(repo, "- kuzbass-1937-outcome: an earlier note (invented).\n")
    repo.commit("an earlier contribution")
    correct_1937(repo)
    assert version_codes(repo) == ["change-note-missing"]


def test_no_data_change_needs_no_note(repo):
    repo.write("README.md", "Invented.\n")
    assert version_codes(repo) == []


# -- what a contributor need not touch: warnings, never errors ---------------------------------


def test_a_version_bump_in_a_contribution_is_a_warning_not_an_error(repo):
    correct_1937(repo)
    note(repo, "- kuzbass-1937-outcome: 17 corrected to 18 (invented).\n")
    repo.bump("1.0.0", "- kuzbass-1937-outcome corrected.")
    [problem] = review_problems(repo.head(), repo.base())
    assert (problem.code, problem.level, problem.file) == ("release-files-changed", "warning", "kuzbass_data/__about__.py")


def test_edited_built_files_are_a_warning_that_they_will_be_rebuilt(repo):
    repo.write("datapackage.json", "{}\n")
    repo.write("kuzbass_data/data/coal_output.csv", "id\n")
    repo.commit("built files")
    repo.write("kuzbass_data/data/coal_output.csv", "id\nhand-edited\n")
    [problem] = review_problems(repo.head(), repo.base())
    assert (problem.code, problem.level, problem.file) == ("built-files-changed", "warning", "kuzbass_data/data/coal_output.csv")


def test_unchanged_built_files_say_nothing(repo):
    repo.write("datapackage.json", "{}\n")
    repo.commit("built files")
    assert version_codes(repo) == []


# -- the positive controls -----------------------------------------------------------------


def test_a_legitimate_correction_passes_with_its_note_and_names_its_release_level(repo, capsys):
    repo.git("checkout", "-q", "-b", "correct-1937")
    correct_1937(repo)
    note(repo, "- coal_output: kuzbass-1937-outcome corrected from 17 to 18 million tonnes (invented).\n")
    repo.commit("Correct the 1937 output (invented)")
    base, head = repo.base(), repo.head()
    assert review_problems(head, base) == []
    diff = compare(base, head)
    [table] = diff.tables
    assert [(c.id, c.fields) for c in table.changed] == [("kuzbass-1937-outcome", {"value": ("17", "18")})]
    assert main(["diff", "main", "--root", str(repo.root), "--check"]) == 0
    out = capsys.readouterr().out
    assert "value: 17 -> 18" in out and "release level needed: major" in out


def test_a_new_row_passes_with_its_note_and_no_registry_or_version_edit(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    note(repo, "- coal_output: kuzbass-1941-outcome added (invented).\n", "new-1941.md")
    assert review_problems(repo.head(), repo.base()) == []


def test_diff_check_fails_on_a_missing_note(repo, capsys):
    correct_1937(repo)
    assert main(["diff", "main", "--root", str(repo.root), "--check"]) == 1
    assert "changes/: the data changed" in capsys.readouterr().out


def test_the_changelog_states_the_rule_that_is_enforced():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    rule = text[text.index("## Versioning rule") : text.index("## [Unreleased]")]
    for words in ("Patch", "Minor", "Major", "corrected number", "footnote", "changes/", "kuzbass-data release", "fingerprint"):
        assert words in rule


def test_validate_names_the_release_level_and_the_missing_note_against_the_merge_base(repo, capsys):
    """`validate` with no --base compares with the merge base with main: the contributor's one command says it all."""
    repo.git("checkout", "-q", "-b", "contribution")
    correct_1937(repo)
    from kuzbass_data.gate.review import review

    problems, level = review(repo.root, None, against_base=True)
    assert [p.code for p in problems] == ["change-note-missing"]
    assert level.startswith("Release level: this change needs a major release") and "kuzbass-1937-outcome" in level


def test_diff_check_shows_a_warning_but_does_not_fail_on_it(repo, capsys):
    correct_1937(repo)
    note(repo, "- kuzbass-1937-outcome: 17 corrected to 18 (invented).\n")
    repo.bump("1.0.0")
    assert main(["diff", "main", "--root", str(repo.root), "--check"]) == 0
    assert "warning: this change edits kuzbass_data/__about__.py" in capsys.readouterr().out


def test_a_changelog_edit_is_a_warning_only_in_the_released_entries(repo):
    repo.replace("CHANGELOG.md", "## [Unreleased]\n", "## [Unreleased]\n\n- A maintainer's note on code (invented).\n")
    assert version_codes(repo) == []
    repo.replace("CHANGELOG.md", "First release (invented).", "First release (invented), rewritten.")
    [problem] = review_problems(repo.head(), repo.base())
    assert (problem.code, problem.level, problem.file) == ("release-files-changed", "warning", "CHANGELOG.md")
