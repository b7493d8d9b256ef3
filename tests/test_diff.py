"""`kuzbass-data diff`: the data diff keyed by id, its bases (git ref, checkout, package), its renderings and its errors."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from review_repo import ReviewRepo

from kuzbass_data.annotations import annotation, github_annotations
from kuzbass_data.cli import main
from kuzbass_data.diff import MARKDOWN_LIMIT, compare, render_markdown
from kuzbass_data.revision import RevisionError, open_base, read_package
from kuzbass_data.validate.problems import Problem

NEW_ROW = "kuzbass-1941-outcome,output,1941,20,million_tonnes,exact,outcome,20 million tons in 1941 (invented),"


@pytest.fixture
def repo(tmp_path: Path) -> ReviewRepo:
    return ReviewRepo(tmp_path / "repo")


def test_no_change_is_an_empty_diff(repo):
    diff = compare(repo.base(), repo.head())
    assert diff.empty and diff.counts() == {"added": 0, "retired": 0, "removed": 0, "changed": 0}


def test_an_added_row(repo):
    repo.append("raw/coal_output.csv", NEW_ROW)
    diff = compare(repo.base(), repo.head())
    [table] = diff.tables
    assert table.name == "coal_output" and [r.id for r in table.added] == ["kuzbass-1941-outcome"]
    assert table.added[0].line == 4 and table.added[0].row["value"] == "20"
    assert not (table.removed or table.changed or table.columns_added or table.table_change)


def test_a_changed_cell_field_by_field(repo):
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    [table] = compare(repo.base(), repo.head()).tables
    [change] = table.changed
    assert (change.id, change.line, change.fields) == ("kuzbass-1937-outcome", 3, {"value": ("17", "18")})
    assert not (table.added or table.removed)


def test_a_removed_row_is_marked_retired_when_retired(repo):
    repo.delete_line("raw/coal_output.csv", "kuzbass-1937-outcome,")
    repo.append("raw/retired_ids.csv", "kuzbass-1937-outcome,1.0.0,Invented: withdrawn.,kuzbass-1932-outcome")
    diff = compare(repo.base(), repo.head())
    coal = next(t for t in diff.tables if t.name == "coal_output")
    [removed] = coal.removed
    assert removed.id == "kuzbass-1937-outcome" and removed.retirement is not None and removed.retirement["successor"] == "kuzbass-1932-outcome"
    assert diff.counts() == {"added": 1, "retired": 1, "removed": 0, "changed": 0}  # the retirement is the added row


def test_a_removed_column_and_an_added_one(repo):
    repo.replace("raw/sources.csv", "id,citation\ninvented-2020,An invented source for tests.", "id,title\ninvented-2020,An invented source for tests.")
    [table] = compare(repo.base(), repo.head()).tables
    assert (table.columns_added, table.columns_removed, table.changed) == (["title"], ["citation"], [])


def test_the_base_can_be_a_git_ref_a_checkout_or_the_merge_base(repo, tmp_path):
    repo.git("checkout", "-q", "-b", "feature")
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    repo.commit("correct 1937")
    repo.replace("raw/coal_output.csv", "1932,10,", "1932,11,")
    from_ref = compare(open_base(repo.root, "HEAD"), repo.head())
    from_merge_base = compare(open_base(repo.root, None), repo.head())
    checkout = tmp_path / "checkout"
    repo.git("worktree", "add", "-q", str(checkout), "main")
    from_folder = compare(open_base(repo.root, str(checkout)), repo.head())
    assert [c.id for c in from_ref.tables[0].changed] == ["kuzbass-1932-outcome"]
    assert [c.id for c in from_merge_base.tables[0].changed] == [c.id for c in from_folder.tables[0].changed] == ["kuzbass-1932-outcome", "kuzbass-1937-outcome"]
    assert from_merge_base.base.startswith("merge base with main")


def _package_zip(repo: ReviewRepo, path: Path, descriptor: object | None = None) -> Path:
    """A released package as the export zip holds it: datapackage.json beside the CSV files."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("datapackage.json", json.dumps(descriptor or {"version": "0.1.0", "resources": [{"name": "coal_output", "path": "coal_output.csv", "format": "csv"}]}))
        z.writestr("coal_output.csv", repo.read("raw/coal_output.csv"))
    return path


def test_the_base_can_be_a_released_package(repo, tmp_path):
    package = _package_zip(repo, tmp_path / "kuzbass-data-0.1.0-datapackage.zip")
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    diff = compare(read_package(package), repo.head())
    coal = next(t for t in diff.tables if t.name == "coal_output")
    assert [c.fields for c in coal.changed] == [{"value": ("17", "18")}] and diff.base_version == "0.1.0"


@pytest.mark.parametrize(
    "descriptor",
    [
        {"resources": [{"name": "coal_output", "path": "../../etc/passwd", "format": "csv"}]},
        {"resources": [{"name": "coal_output", "path": "https://example.invalid/x.csv", "format": "csv"}]},
        {"resources": "not a list"},
    ],
    ids=["path-escape", "url", "no-resources"],
)
def test_a_hostile_package_is_refused(repo, tmp_path, descriptor):
    with pytest.raises(RevisionError):
        read_package(_package_zip(repo, tmp_path / "p.zip", descriptor))


def test_deeply_nested_json_and_a_corrupt_zip_are_refused(tmp_path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(RevisionError, match="not valid JSON"):
        read_package(folder)
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RevisionError, match="not a readable"):
        read_package(tmp_path / "bad.zip")


def test_bad_bases_are_one_line_errors_with_exit_2(repo, tmp_path, capsys):
    not_git = tmp_path / "plain"
    shutil.copytree(repo.root / "raw", not_git / "raw")
    cases = [(["diff", "no-such-ref", "--root", str(repo.root)], "neither a file"), (["diff", "--root", str(not_git)], "not a git repository")]
    cases.append((["diff", "--root", str(repo.root), "--", "--output=/tmp/x"], "not a git ref"))
    for argv, message in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_symlinked_raw_file_is_refused(repo, tmp_path, capsys):
    secret = tmp_path / "secret.csv"
    secret.write_text("id\nsecret-value\n", encoding="utf-8")
    (repo.root / "raw/sources.csv").unlink()
    (repo.root / "raw/sources.csv").symlink_to(secret)
    assert main(["diff", "main", "--root", str(repo.root)]) == 2
    captured = capsys.readouterr()
    assert "symbolic link" in captured.err and "secret-value" not in captured.out + captured.err


def test_cli_text_json_and_markdown(repo, capsys):
    repo.append("raw/coal_output.csv", NEW_ROW)
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    assert main(["diff", "main", "--root", str(repo.root)]) == 0
    text = capsys.readouterr().out
    assert "+ kuzbass-1941-outcome" in text and "value: 17 -> 18" in text and "version bump required: major" in text
    assert main(["diff", "main", "--root", str(repo.root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [table] = data["tables"]
    assert [r["id"] for r in table["added"]] == ["kuzbass-1941-outcome"]
    assert table["changed"] == [{"id": "kuzbass-1937-outcome", "line": 3, "fields": {"value": {"old": "17", "new": "18"}}}]
    assert data["required_bump"] == "major" and data["problems"] == []
    assert main(["diff", "main", "--root", str(repo.root), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("### Data diff") and "<details><summary><b>coal&#95;output</b>" in markdown and markdown.count("</details>") == 1


def test_markdown_is_capped_with_a_note_of_what_was_cut(repo):
    long_note = "invented note " * 20
    rows = [f"row-{n},output,1941,{n},million_tonnes,exact,outcome,{n} tons (invented),{long_note}" for n in range(3000)]
    repo.append("raw/coal_output.csv", "\n".join(rows))
    markdown = render_markdown(compare(repo.base(), repo.head()))
    assert len(markdown.encode("utf-8")) < MARKDOWN_LIMIT
    assert "rows of the diff were cut" in markdown and markdown.count("<details>") == markdown.count("</details>") == 1


def test_markdown_cells_are_inert(repo):
    repo.replace(
        "raw/coal_output.csv",
        "1937,17,million_tonnes,exact,outcome,to 17 million tons in 1937 (invented),",
        '1937,17,million_tonnes,exact,outcome,to 17 million tons in 1937 (invented),"</details><script>x</script> | @maintainer [link](https://example.invalid)"',
    )
    markdown = render_markdown(compare(repo.base(), repo.head()))
    assert markdown.count("</details>") == 1 and "<script>" not in markdown and "@maintainer" not in markdown and "](" not in markdown
    row = next(line for line in markdown.splitlines() if "&lt;script&gt;" in line)
    assert row.count(" | ") == 3  # the pipe in the cell did not add a column


def test_github_annotations_escape_and_locate():
    problem = Problem("raw/a,b:c.csv", 3, "value", "50% off\r\nline two", "fix it", code="x-y")
    assert annotation(problem, 4) == "::error file=raw/a%2Cb%3Ac.csv,line=3,col=4,title=x-y::value: 50%25 off%0D%0Aline two (fix it)"


def test_github_annotations_take_the_column_position_from_the_header(repo):
    problem = Problem("raw/coal_output.csv", 3, "value", "is wrong", code="x")
    [line] = github_annotations([problem], repo.root)
    assert line.startswith("::error file=raw/coal_output.csv,line=3,col=4,title=x::")
    [no_col] = github_annotations([Problem("raw/coal_output.csv", 3, "nonesuch", "m", code="x")], repo.root)
    assert ",col=" not in no_col


def test_a_symlinked_raw_folder_is_refused(repo, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(repo.root / "raw"), elsewhere)
    (repo.root / "raw").symlink_to(elsewhere, target_is_directory=True)
    assert main(["diff", "main", "--root", str(repo.root)]) == 2
    assert "symbolic link" in capsys.readouterr().err


def test_a_symlink_committed_in_the_base_is_refused(repo):
    (repo.root / "raw/sources.csv").unlink()
    (repo.root / "raw/sources.csv").symlink_to("/etc/passwd")
    repo.commit("a hostile base")
    with pytest.raises(RevisionError, match="symbolic link"):
        open_base(repo.root, "HEAD")


def test_a_package_folder_cannot_point_outside_itself(repo, tmp_path):
    (tmp_path / "outside.csv").write_text("id\nsecret-row\n", encoding="utf-8")
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps({"resources": [{"name": "coal_output", "path": "../outside.csv", "format": "csv"}]}), encoding="utf-8")
    with pytest.raises(RevisionError, match="outside the package"):
        read_package(folder)


def test_the_base_can_be_the_exported_zip_of_the_real_package(tmp_path):
    from kuzbass_data.revision import read_worktree

    repo_root = Path(__file__).resolve().parent.parent
    out = tmp_path / "kuzbass-data-datapackage.zip"
    assert main(["export", "--format", "zip", "--out", str(out)]) == 0
    diff = compare(read_package(out), read_worktree(repo_root))
    assert all(not t.added and not t.removed and not t.changed for t in diff.tables)


def test_numbers_written_differently_are_not_a_change(repo):
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,17.0,")
    assert compare(repo.base(), repo.head()).empty
