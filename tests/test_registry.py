"""Published ids are permanent: each rule of kuzbass_data/gate/registry.py, one edit of a tiny git repository each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from review_repo import RETIRED, ReviewRepo

from kuzbass_data.gate.registry import check_ids, render_registry, updated_registry
from kuzbass_data.gate.revision import parse_table, read_worktree

REPO = Path(__file__).resolve().parent.parent
ROW_1937 = "kuzbass-1937-outcome,output,1937,17,million_tonnes,exact,outcome,to 17 million tons in 1937 (invented),"


@pytest.fixture
def repo(tmp_path: Path) -> ReviewRepo:
    return ReviewRepo(tmp_path / "repo")


def codes(problems: list) -> list[str]:
    return [p.code for p in problems]


def test_the_unchanged_base_has_no_problem(repo):
    assert check_ids(repo.head(), repo.base()) == []
    assert check_ids(repo.head()) == []


def test_the_published_data_pass():
    assert check_ids(read_worktree(REPO)) == []


def test_a_renamed_id_is_reported_at_the_new_id(repo):
    repo.replace("raw/coal_output.csv", "kuzbass-1937-outcome,", "kuzbass-1937-output,")
    repo.build_registry()
    [problem] = check_ids(repo.head(), repo.base())
    assert problem.code == "published-id-renamed"
    assert (problem.file, problem.line, problem.column) == ("raw/coal_output.csv", 3, "id")


def test_a_deleted_row_is_reported_where_it_stood(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.build_registry()
    [problem] = check_ids(repo.head(), repo.base())
    assert problem.code == "published-id-removed" and (problem.file, problem.line, problem.column) == ("raw/coal_output.csv", 3, "id")


def test_a_deleted_row_is_reported_from_the_registry_alone_without_a_base(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.build_registry()
    [problem] = check_ids(repo.head())
    assert problem.code == "published-id-removed" and (problem.file, problem.line) == ("registry/published_ids.csv", 5)


def test_a_deleted_row_whose_registry_line_is_deleted_too_is_caught_by_the_base(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.delete_line("registry/published_ids.csv", "kuzbass-1937-outcome,")
    assert codes(check_ids(repo.head(), repo.base())) == ["published-id-removed"]


def test_a_registry_line_deleted_alone_is_reported(repo):
    repo.delete_line("registry/published_ids.csv", "kuzbass-1937-outcome,")
    assert codes(check_ids(repo.head(), repo.base())) == ["registry-id-removed"]


def test_a_deleted_registry_file_is_reported_once(repo):
    (repo.root / "registry/published_ids.csv").unlink()
    assert codes(check_ids(repo.head(), repo.base())) == ["registry-id-removed"]


def test_a_retired_id_is_never_reused(repo):
    repo.append("raw/coal_output.csv", "kuzbass-1930-outcome,output,1930,5,million_tonnes,exact,outcome,5 million tons (invented),")
    [problem] = check_ids(repo.head(), repo.base())
    assert problem.code == "retired-id-reused" and (problem.line, problem.column) == (4, "id")


def test_a_retirement_needs_an_existing_successor(repo):
    repo.bump("1.0.0")
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.append("raw/retired_ids.csv", "kuzbass-1937-outcome,1.0.0,Invented: withdrawn.,kuzbass-1937-revised")
    [problem] = check_ids(repo.head(), repo.base())
    assert problem.code == "retired-successor-missing" and (problem.line, problem.column) == (3, "successor")


def test_an_id_cannot_succeed_itself(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.append("raw/retired_ids.csv", "kuzbass-1937-outcome,0.1.0,Invented.,kuzbass-1937-outcome")
    assert codes(check_ids(repo.head())) == ["retired-successor-missing"]


def test_retiring_an_id_never_published_is_a_problem(repo):
    repo.append("raw/retired_ids.csv", "kuzbass-1999-outcome,0.1.0,Invented: never existed.,")
    [problem] = check_ids(repo.head(), repo.base())
    assert problem.code == "retired-id-never-published" and problem.line == 3


def test_a_retirement_is_permanent(repo):
    repo.delete_line("raw/retired_ids.csv", "kuzbass-1930-outcome,")
    assert codes(check_ids(repo.head(), repo.base())) == ["retirement-removed"]


def test_a_new_retirement_names_the_version_being_made(repo):
    repo.bump("1.0.0")
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.append("raw/retired_ids.csv", "kuzbass-1937-outcome,0.1.0,Invented: withdrawn.,kuzbass-1932-outcome")
    assert codes(check_ids(repo.head(), repo.base())) == ["retired-version-mismatch"]


def test_a_proper_retirement_passes(repo):
    repo.bump("1.0.0")
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.append("raw/retired_ids.csv", "kuzbass-1937-outcome,1.0.0,Invented: withdrawn.,kuzbass-1932-outcome")
    repo.build_registry()
    assert check_ids(repo.head(), repo.base()) == []


def test_the_registry_only_grows(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.append("raw/coal_output.csv", "kuzbass-1941-outcome,output,1941,20,million_tonnes,exact,outcome,20 million tons (invented),")
    repo.build_registry()
    registry = parse_table("registry/published_ids.csv", (repo.root / "registry/published_ids.csv").read_bytes())
    assert {"kuzbass-1937-outcome", "kuzbass-1941-outcome"} <= set(registry.rows)
    assert registry.rows["kuzbass-1941-outcome"]["table"] == "coal_output"


def test_the_registry_renders_sorted_with_a_header():
    assert render_registry({"b-id": "sources", "a-id": "coal_output"}) == b"id,table\na-id,coal_output\nb-id,sources\n"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symlinked_registry_is_refused_not_read_or_overwritten(repo, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("id,table\nsecret,coal_output\n", encoding="utf-8")
    target = repo.root / "registry/published_ids.csv"
    target.unlink()
    target.symlink_to(secret)
    data, problems = updated_registry(repo.root, {"coal_output": ["kuzbass-1932-outcome"]})
    assert data is None and codes(problems) == ["registry-unreadable"]
    assert "secret" not in problems[0].message


def test_the_base_retirements_file_is_the_published_reference_table():
    from kuzbass_data.schema import get_table

    table = get_table("retired_ids")
    assert table.kind == "reference" and table.field_names == RETIRED.splitlines()[0].split(",")
    assert table.field("reason").required and not table.field("successor").required


def test_validate_reports_a_refused_file_as_a_problem_naming_it(repo, tmp_path):
    from kuzbass_data.gate.review import check_root

    secret = tmp_path / "secret.csv"
    secret.write_text("id\nsecret-row\n", encoding="utf-8")
    (repo.root / "raw/sources.csv").unlink()
    (repo.root / "raw/sources.csv").symlink_to(secret)
    [problem] = check_root(repo.root)
    assert (problem.code, problem.file) == ("revision-unreadable", "raw/sources.csv") and "secret-row" not in problem.message


# --- ids keep their meaning: an id stays in its table, and registry lines never change -----------------

ACCIDENTS = "id,measure,year,value,unit,qualifier,status,excerpt,note\n"


def test_an_id_moved_to_another_table_is_reported(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.write("raw/accidents.csv", ACCIDENTS + ROW_1937 + "\n")
    repo.build_registry()  # the build keeps the table the id was first published in
    for base in (repo.base(), None):
        [problem] = check_ids(repo.head(), base)
        assert problem.code == "published-id-moved" and (problem.file, problem.line, problem.column) == ("raw/accidents.csv", 2, "id")
        assert "coal_output" in problem.message and "retire" in problem.hint


def test_a_rewritten_registry_line_is_reported(repo):
    repo.replace("registry/published_ids.csv", "kuzbass-1937-outcome,coal_output", "kuzbass-1937-outcome,accidents")
    [problem] = check_ids(repo.head(), repo.base())
    assert problem.code == "registry-line-changed" and (problem.file, problem.line, problem.column) == ("registry/published_ids.csv", 5, "table")


def test_a_move_hidden_by_a_rewritten_registry_line_is_caught_by_the_base(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.write("raw/accidents.csv", ACCIDENTS + ROW_1937 + "\n")
    repo.replace("registry/published_ids.csv", "kuzbass-1937-outcome,coal_output", "kuzbass-1937-outcome,accidents")
    assert sorted(codes(check_ids(repo.head(), repo.base()))) == ["published-id-moved", "registry-line-changed"]


def test_a_retirement_and_a_new_id_in_the_other_table_passes(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.write("raw/accidents.csv", ACCIDENTS + ROW_1937.replace("kuzbass-1937-outcome", "kuzbass-1937-output-moved") + "\n")
    repo.append("raw/retired_ids.csv", "kuzbass-1937-outcome,0.2.0,Invented: the row belongs to another table.,kuzbass-1937-output-moved")
    repo.bump("0.2.0", "Retired kuzbass-1937-outcome (invented).")
    repo.build_registry()
    assert check_ids(repo.head(), repo.base()) == []


# --- a published source is an identity: its text, licence and kind never change in a pull request ------

FP, ROOT = "a" * 64, "b" * 64
IDENTIFIED = f"id,kind,citation,licence,fingerprint,text_root,footnotes\ninvented-2020,book,An invented source for tests.,copyrighted,{FP},{ROOT},12\n"


@pytest.fixture
def identified(repo: ReviewRepo) -> ReviewRepo:
    """The review repository whose base source records its identity (fingerprint, text_root, footnotes)."""
    repo.write("raw/sources.csv", IDENTIFIED)
    repo.commit("the source identified")
    return repo


@pytest.mark.parametrize(
    "old, new, column",
    [
        (f",{FP},", f",{'c' * 64},", "fingerprint"),  # prove --replace on a doctored copy
        (f",{ROOT},", f",{'c' * 64},", "text_root"),
        (",copyrighted,", ",cc0,", "licence"),  # the licence flipped to an open one
        (",book,", ",dataset,", "kind"),
        (",12\n", ",13\n", "footnotes"),  # one footnote more, to cite one the text lacks
        (f",{FP},{ROOT},", ",,,", "fingerprint"),  # erased, to be written again
    ],
)
def test_a_published_sources_identity_never_changes(identified, old, new, column):
    identified.replace("raw/sources.csv", old, new)
    [problem] = check_ids(identified.head(), identified.base())
    assert problem.code == "source-identity-changed" and (problem.file, problem.line, problem.column) == ("raw/sources.csv", 2, column)
    assert "--reidentify" in problem.hint
    assert check_ids(identified.head()) == []  # without a base there is nothing to compare with


def test_a_source_identified_for_the_first_time_passes(repo):
    # The base's source has no fingerprint yet (a new source proved later): writing it is no change of identity.
    repo.write("raw/sources.csv", IDENTIFIED.replace(f",{FP},{ROOT},12", ",,,"))
    repo.commit("a source not yet proved")
    repo.write("raw/sources.csv", IDENTIFIED)
    assert check_ids(repo.head(), repo.base()) == []
