"""`kuzbass-data diff`: the data diff keyed by id, its bases (git ref, checkout, package), its renderings and its errors."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from review_repo import ReviewRepo

from kuzbass_data.cli import main
from kuzbass_data.gate.annotations import annotation, github_annotations
from kuzbass_data.gate.diff import MARKDOWN_LIMIT, compare, render_markdown
from kuzbass_data.gate.problems import Problem
from kuzbass_data.gate.revision import RevisionError, open_base, read_package

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


def test_a_commit_is_read_in_one_call_of_git_for_its_files(repo, monkeypatch):
    # The base's hand-edited files come from one `git cat-file --batch`, and read the same as the
    # working tree they were committed from (a misparsed batch would fall back to, or read, other bytes).
    from kuzbass_data.gate import revision

    calls: list[tuple[str, ...]] = []
    original = revision._git_bytes

    def counting(root, *args, **kwargs):
        calls.append(args)
        return original(root, *args, **kwargs)

    monkeypatch.setattr(revision, "_git_bytes", counting)
    base = open_base(repo.root, "HEAD")
    assert [a for a in calls if a[:1] == ("cat-file",)] == [("cat-file", "--batch")]
    head = repo.head()
    assert {n: t.rows for n, t in base.tables.items()} == {n: t.rows for n, t in head.tables.items()}
    assert base.version == head.version == "0.1.0"


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
    assert "+ kuzbass-1941-outcome" in text and "value: 17 -> 18" in text and "release level needed: major" in text
    assert main(["diff", "main", "--root", str(repo.root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [table] = data["tables"]
    assert [r["id"] for r in table["added"]] == ["kuzbass-1941-outcome"]
    [changed] = table["changed"]
    assert (changed["id"], changed["line"], changed["fields"]) == ("kuzbass-1937-outcome", 3, {"value": {"old": "17", "new": "18"}})
    assert "18 million" in changed["sentence"] and changed["excerpt"] == "to 17 million tons in 1937 (invented)"
    assert [(c["kind"], c["id"]) for c in data["changes_of_meaning"]] == [("value", "kuzbass-1937-outcome")]
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
    assert "rows of the detailed diff were cut" in markdown and markdown.count("<details>") == markdown.count("</details>") == 1


def test_markdown_cells_are_inert(repo):
    repo.replace(
        "raw/coal_output.csv",
        "1937,17,million_tonnes,exact,outcome,to 17 million tons in 1937 (invented),",
        '1937,17,million_tonnes,exact,outcome,to 17 million tons in 1937 (invented),"</details><script>x</script> | @maintainer [link](https://example.invalid)"',
    )
    markdown = render_markdown(compare(repo.base(), repo.head()))
    assert markdown.count("</details>") == 1 and "<script>" not in markdown and "@maintainer" not in markdown and "](" not in markdown
    row = next(line for line in markdown.splitlines() if "&#60;script&#62;" in line and "<code>note</code>" in line)
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
    from kuzbass_data.gate.revision import read_worktree

    repo_root = Path(__file__).resolve().parent.parent
    out = tmp_path / "kuzbass-data-datapackage.zip"
    assert main(["export", "--format", "zip", "--out", str(out)]) == 0
    diff = compare(read_package(out), read_worktree(repo_root))
    assert all(not t.added and not t.removed and not t.changed for t in diff.tables)


def test_numbers_written_differently_are_not_a_change(repo):
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,17.0,")
    assert compare(repo.base(), repo.head()).empty


# -- a diff that never hides a change ----------------------------------------------------------

LONG_NOTE = ("Invented words that say nothing about any number and go on for a while. " * 21)[:1490] + " last words."


def _with_long_note(repo: ReviewRepo) -> None:
    repo.replace("raw/coal_output.csv", "to 17 million tons in 1937 (invented),\n", f'to 17 million tons in 1937 (invented),"{LONG_NOTE}"\n')
    repo.commit("a long note (invented)")


def test_a_change_to_the_last_words_of_a_long_note_is_visible_in_markdown(repo):
    _with_long_note(repo)
    assert len(LONG_NOTE) > 1500
    repo.replace("raw/coal_output.csv", " last words.", " final words.")
    markdown = render_markdown(compare(repo.base(), repo.head()))
    row = next(line for line in markdown.splitlines() if line.startswith("| <code>kuzbass-1937-outcome</code> | <code>note</code>"))
    _, _, old, new = row.strip("| ").split(" | ")
    assert "<del>last </del>" in old and "<ins>final </ins>" in new and old != new
    assert len(row) < 1000  # the unchanged 1,490 characters are elided, not repeated


def test_a_change_in_the_middle_of_a_long_note_keeps_context_on_both_sides(repo):
    from kuzbass_data.gate.diff import word_diff

    old = " ".join(f"w{n}" for n in range(400))
    new = old.replace(" w200 ", " CHANGED ")
    before, after = word_diff(old, new)
    assert [k for k, _ in before] == ["gap", "same", "del", "same", "gap"]
    assert "w199" in before[1][1] and "w201" in before[3][1] and ("ins", "CHANGED ") in after


def test_a_change_of_spaces_alone_is_shown_escaped(repo):
    from kuzbass_data.gate.diff import word_diff

    before, after = word_diff("A  note", "A note")
    assert before != after and any(k == "del" and "·" in t for k, t in before)
    repo.replace("raw/coal_output.csv", "to 17 million tons in 1937 (invented),", "to 17 million tons in 1937 (invented),A note")
    repo.commit("a note")
    repo.replace("raw/coal_output.csv", "(invented),A note", "(invented),A note\u200b")
    markdown = render_markdown(compare(repo.base(), repo.head()))
    row = next(line for line in markdown.splitlines() if "<code>note</code>" in line)
    assert "u200b" in row


def test_every_added_or_changed_row_shows_its_sentence_beside_its_excerpt_in_each_format(repo):
    from kuzbass_data.gate.diff import as_json, render_text

    repo.append("raw/coal_output.csv", NEW_ROW)
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    diff = compare(repo.base(), repo.head())
    markdown, text, data = render_markdown(diff), render_text(diff), as_json(diff)
    for said in ("coal output in 1941 as 20 million tons", "coal output in 1937 as 18 million tons"):
        assert said in text and said in markdown
    assert text.count("      excerpt: ") == 2
    for said, excerpt in (("1941 as 20 million tons.", "20 million tons in 1941 (invented)"), ("1937 as 18 million tons.", "to 17 million tons in 1937 (invented)")):
        assert f"{said}<br>excerpt: <code>{excerpt}</code>" in markdown
    [table] = data["tables"]
    assert "1941 as 20 million" in table["added"][0]["sentence"] and table["added"][0]["excerpt"] == "20 million tons in 1941 (invented)"


def test_changes_of_meaning_come_first_and_are_never_cut(repo):
    padding = "padding " * 40
    rows = [f"row-{n},output,1941,{n},million_tonnes,exact,outcome,{n} tons (invented),{padding}" for n in range(2000)]
    repo.append("raw/coal_output.csv", "\n".join(rows))
    repo.commit("many rows (invented)")
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    repo.replace("raw/coal_output.csv", "row-5,output,1941,5,", "row-5,output,1942,5,")
    repo.delete_line("raw/coal_output.csv", "row-7,")
    repo.append("raw/retired_ids.csv", "row-7,0.1.0,Invented: counted twice.,")
    flood = repo.read("raw/coal_output.csv")
    for n in range(100, 1500):  # a flood of note changes pushes the detail over the limit
        line = f"row-{n},output,1941,{n},million_tonnes,exact,outcome,{n} tons (invented),{padding}"
        flood = flood.replace(f"{line}\n", f"{line}more\n")
    repo.write("raw/coal_output.csv", flood)
    markdown = render_markdown(compare(repo.base(), repo.head()))
    meaning = markdown[: markdown.index("<details>")]
    assert meaning.index("Retired or removed (1)") < meaning.index("Value (1)") < meaning.index("Period or status (1)")
    assert "<code>row-7</code>" in meaning and "<code>kuzbass-1937-outcome</code>" in meaning and "<code>1941</code> → <code>1942</code>" in meaning
    assert "rows of the detailed diff were cut" in markdown and len(markdown.encode("utf-8")) < MARKDOWN_LIMIT


def test_a_dimension_change_is_a_change_of_meaning(repo):
    from kuzbass_data.gate.diff import consequences

    repo.write("raw/workforce.csv", "id,measure,place,value,unit,excerpt\nsettlers-1,count,kemerovo,5,people,5 settlers (invented)\n")
    repo.commit("a place (invented)")
    repo.replace("raw/workforce.csv", ",kemerovo,", ",prokopyevsk,")
    [c] = consequences(compare(repo.base(), repo.head()))
    assert (c.kind, c.id, c.fields) == ("dimension", "settlers-1", {"place": ("kemerovo", "prokopyevsk")})


def test_the_change_note_is_shown_beside_the_generated_record_with_hidden_text_visible(repo):
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    repo.write("changes/note.md", "- kuzbass-1937-outcome: a typo in the note. <!-- really the value -->\n")
    markdown = render_markdown(compare(repo.base(), repo.head()))
    assert markdown.index("Changes of meaning") < markdown.index("change note")
    # The hidden comment shows as text: its words are there, and no "<!--" opens a comment.
    assert "&#60;&#33;-- really the value --&#62;" in markdown and "<!--" not in markdown


def test_markdown_breaks_autolinks_and_strikethrough(repo):
    repo.replace("raw/coal_output.csv", "to 17 million tons in 1937 (invented),", "to 17 million tons in 1937 (invented),see www.example.invalid ~~gone~~ #12")
    markdown = render_markdown(compare(repo.base(), repo.head()))
    import re

    bare = re.sub(r"&#[0-9]+;", "", markdown)  # what is left for Markdown to read as markup, character references aside
    assert "see www" in bare and "www." not in bare and "~~" not in bare and "#12" not in bare


def test_a_change_in_a_cell_of_a_hundred_characters_is_marked_whole(repo):
    note = "An invented note of about a hundred characters, which a reviewer would otherwise compare by eye."
    repo.replace("raw/coal_output.csv", "to 17 million tons in 1937 (invented),", f'to 17 million tons in 1937 (invented),"{note}"')
    repo.commit("a note")
    repo.replace("raw/coal_output.csv", "compare by eye.", "compare by hand.")
    markdown = render_markdown(compare(repo.base(), repo.head()))
    row = next(line for line in markdown.splitlines() if "<code>note</code>" in line)
    assert "<del>eye.</del>" in row and "<ins>hand.</ins>" in row and "An invented note" in row  # whole, since it is short
