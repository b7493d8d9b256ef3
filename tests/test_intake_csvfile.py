"""CSV hygiene: files, encoding, headers, rows, quotes and control characters.

Each case is one named edit of the valid file tests/fixtures/minimal/coal_output.csv
(header on line 1, rows on lines 2 and 3), and must give exactly one problem.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import Edit, append_line, edit_line, on_line, only, problems_in

COAL = "raw/coal_output.csv"
ROW2 = "donbass-1927-outcome,output,donbass,1927,,26,"


# name: (edit of the valid file, code, line, column)
BROKEN: dict[str, tuple[Edit, str, int | None, str | None]] = {
    "empty file": (lambda data: b"", "file-empty", None, None),
    "only spaces": (lambda data: b"  \n\n", "file-empty", None, None),
    "not UTF-8": (lambda d: d.replace(b"in 1927,,,\n", b"in 1927,,caf\xe9,\n"), "not-utf8", 3, "note"),
    "misspelled column": (on_line(1, "qualifier", "qualifer"), "misspelled-column", 1, "qualifer"),
    "unknown column": (
        lambda d: d.replace(b",footnote_basis\n", b",footnote_basis,comment\n", 1).replace(b"in 1937,,,\n", b"in 1937,,,,\n").replace(b"in 1927,,,\n", b"in 1927,,,,\n"),
        "unknown-column",
        1,
        "comment",
    ),
    "missing column": (lambda d: d.replace(b",footnote,", b",", 1).replace(b",10,,", b",,"), "missing-column", 1, "footnote"),
    "duplicated column": (
        lambda d: d.replace(b",footnote_basis\n", b",footnote_basis,note\n", 1).replace(b"in 1937,,,\n", b"in 1937,,,,\n").replace(b"in 1927,,,\n", b"in 1927,,,,\n"),
        "duplicate-column",
        1,
        "note",
    ),
    "unnamed column": (
        lambda d: d.replace(b",footnote_basis\n", b",footnote_basis,\n", 1).replace(b"in 1937,,,\n", b"in 1937,,,,\n").replace(b"in 1927,,,\n", b"in 1927,,,,\n"),
        "unnamed-column",
        1,
        "column 22",
    ),
    "column name with spaces": (on_line(1, ",note", ", note"), "padded-column-name", 1, "note"),
    "semicolons": (lambda d: d.split(b"\n")[0].replace(b",", b";") + b"\n", "wrong-separator", 1, None),
    "too many cells": (on_line(3, '"where overall coal output, having', "where overall coal output, having"), "wrong-cell-count", 3, None),
    "too few cells": (lambda d: d.split(b"\n")[0] + b"\n" + d.split(b"\n")[1] + b"\n" + ROW2.encode()[:-4] + b"\n", "wrong-cell-count", 3, None),
    "unterminated quote": (on_line(3, 'rose to 83 million tons in 1940",', "rose to 83 million tons in 1940,"), "malformed-csv", 3, None),
    "blank line": (on_line(3, "donbass-1927", "\ndonbass-1927"), "empty-row", 3, None),
    "row of empty cells": (lambda d: d + b"," * 15 + b"\n", "empty-row", 4, None),
    "spaces around a value": (on_line(3, ",donbass,", ",donbass ,"), "padded-value", 3, "basin"),
    "formula": (on_line(3, "in 1927,,", 'in 1927,,=HYPERLINK("http://example.org")'), "formula-start", 3, "note"),
    "NUL byte": (on_line(3, "in 1927,,", "in 1927,,a\x00b"), "control-character", 3, "note"),
    "escape sequence": (on_line(3, "in 1927,,", "in 1927,,\x1b[31mred"), "control-character", 3, "note"),
    "bidi override": (on_line(3, "in 1927,,", "in 1927,,abc\u202edef"), "control-character", 3, "note"),
    "bidi isolate": (on_line(3, "in 1927,,", "in 1927,,abc\u2066def"), "control-character", 3, "note"),
    "line break in a vocabulary cell": (on_line(3, ",donbass,", ',"don\nbass",'), "control-character", 3, "basin"),
    "tab": (on_line(3, "in 1927,,", "in 1927,,a\tb"), "control-character", 3, "note"),
    # Invisible characters split a number or a word for a reader, while the source check ignores them.
    "soft hyphen inside a number": (on_line(3, "rose to 83 million", "rose to 8\u00ad3 million"), "control-character", 3, "excerpt"),
    "zero-width space": (on_line(3, "already reached", "al\u200bready reached"), "control-character", 3, "excerpt"),
    "zero-width joiner": (on_line(3, "already reached", "already\u200d reached"), "control-character", 3, "excerpt"),
    "word joiner": (on_line(3, "already reached", "already\u2060reached"), "control-character", 3, "excerpt"),
    "byte-order mark inside a cell": (on_line(3, ",donbass,", ",don\ufeffbass,"), "control-character", 3, "basin"),
    "bare carriage return": (on_line(3, "in 1927,,", 'in 1927,,"a\rb"'), "bare-carriage-return", 3, None),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_broken_file_gives_its_one_problem(minimal, name):
    edit, code, line, column = BROKEN[name]
    path = minimal / "raw" / "coal_output.csv"
    data = path.read_bytes()
    edited = edit(data)
    assert edited != data
    path.write_bytes(edited)
    only(problems_in(minimal), code=code, line=line, column=column, file=COAL)


def test_valid_file_has_no_problems(minimal):
    assert problems_in(minimal) == []


@pytest.mark.parametrize(("name", "transform"), [("bom", lambda d: b"\xef\xbb\xbf" + d), ("crlf", lambda d: d.replace(b"\n", b"\r\n"))])
def test_excel_habits_are_accepted(minimal, name, transform):
    # A byte-order mark (Excel's "CSV UTF-8") and Windows line ends are accepted.
    path = minimal / "raw" / "coal_output.csv"
    path.write_bytes(transform(path.read_bytes()))
    assert problems_in(minimal) == []


def test_not_utf8_names_the_byte_and_offset(minimal):
    path = minimal / "raw" / "coal_output.csv"
    path.write_bytes(path.read_bytes().replace(b"in 1927,,,\n", b"in 1927,,caf\xe9,\n"))
    problem = only(problems_in(minimal), code="not-utf8", line=3, column="note")
    assert "0xe9" in problem.message and "UTF-8" in problem.hint


def test_missing_file(minimal):
    (minimal / "raw" / "rations.csv").unlink()
    problem = only(problems_in(minimal), code="file-missing", file="raw/rations.csv")
    assert "id,measure,group" in problem.hint


def test_misspelled_header_suggests_the_nearest_name(minimal):
    edit_line(minimal, "coal_output", 1, "qualifier", "qualifer")
    # One mistake, one problem: the misspelled name, naming the missing column.
    assert "did you mean 'qualifier'?" in only(problems_in(minimal), code="misspelled-column").hint


def test_missing_header_column_still_checks_the_other_columns(minimal):
    path = minimal / "raw" / "coal_output.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace(",footnote,", ",", 1)
    lines[1] = lines[1].replace(",10,,", ",,", 1)
    lines[2] = lines[2].replace(",10,,", ",,", 1).replace(",donbass,", ",Donbas,")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = problems_in(minimal)
    assert sorted((p.code, p.line, p.column) for p in problems) == [("missing-column", 1, "footnote"), ("not-in-vocabulary", 3, "basin")]


def test_columns_out_of_order(minimal):
    path = minimal / "raw" / "coal_output.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace("id,measure,", "measure,id,")
    lines[1:3] = [line.replace("kuzbass-1937-outcome,output,", "output,kuzbass-1937-outcome,").replace("donbass-1927-outcome,output,", "output,donbass-1927-outcome,") for line in lines[1:3]]
    path.write_text("\n".join(lines), encoding="utf-8")
    only(problems_in(minimal), code="columns-out-of-order", line=1, column=None)


def test_ragged_row_does_not_hide_problems_in_other_rows(minimal):
    edit_line(minimal, "coal_output", 2, ",kuzbass,", ",kuzbas,")
    append_line(minimal, "coal_output", "donbass-1928-outcome,output")
    problems = problems_in(minimal)
    assert sorted((p.code, p.line) for p in problems) == [("not-in-vocabulary", 2), ("wrong-cell-count", 4)]


def test_broken_quote_does_not_hide_later_rows(minimal):
    edit_line(minimal, "coal_output", 2, '1940.",', "1940.,")  # the quote opened before "Production" never closes on this line
    append_line(minimal, "coal_output", 'donbass-1928-outcome,output,Donbas,1928,,26,,,million_tonnes,exact,outcome,landau-2015,10,,"26 million",')
    codes = {p.code for p in problems_in(minimal)}
    assert "malformed-csv" in codes or "wrong-cell-count" in codes


def test_cell_with_line_break_keeps_later_line_numbers_right(minimal):
    edit_line(minimal, "coal_output", 2, "in 1937,,", 'in 1937,,"a note\nover two lines"')
    # header 1, row 2 spans lines 2-3, row 3 is now line 4
    edit_line(minimal, "coal_output", 4, ",donbass,", ",Donbas,")
    only(problems_in(minimal), code="not-in-vocabulary", line=4, column="basin")


def test_bare_carriage_return_is_reported_at_the_line_git_shows(minimal):
    edit_line(minimal, "coal_output", 2, "in 1937,,", 'in 1937,,"one\rtwo"')
    edit_line(minimal, "coal_output", 3, ",donbass,", ",Donbas,")
    problems = problems_in(minimal)
    assert sorted((p.code, p.line) for p in problems) == [("bare-carriage-return", 2), ("not-in-vocabulary", 3)]


def test_control_characters_are_shown_escaped(minimal):
    edit_line(minimal, "coal_output", 3, "in 1927,,", "in 1927,,\x1b[2J")
    problem = only(problems_in(minimal), code="control-character", line=3, column="note")
    assert "\x1b" not in str(problem) and "U+001B" in str(problem)


def test_line_break_is_allowed_in_free_text(minimal):
    edit_line(minimal, "coal_output", 3, "in 1927,,", 'in 1927,,"two\nlines"')
    assert problems_in(minimal) == []


@pytest.mark.parametrize("entry", ["wages.csv", "coal_output.csv~", ".coal_output.csv.swp", "notes.txt", "old"])
def test_unexpected_entries_in_raw(minimal, entry):
    target = minimal / "raw" / entry
    if entry == "old":
        target.mkdir()
    else:
        target.write_text("id\n", encoding="utf-8")
    only(problems_in(minimal), code="unexpected-file", file=f"raw/{entry}")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_table_is_refused_unread(minimal, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("id,measure\nTOP-SECRET,x\n", encoding="utf-8")
    target = minimal / "raw" / "rations.csv"
    target.unlink()
    target.symlink_to(secret)
    problem = only(problems_in(minimal), code="not-a-regular-file", file="raw/rations.csv")
    assert "TOP-SECRET" not in str(problem)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_to_proc_is_refused_unread(minimal, capsys):
    (minimal / "raw" / "extra.csv").symlink_to("/proc/self/environ")
    problem = only(problems_in(minimal), code="unexpected-file", file="raw/extra.csv")
    assert "symlink" in problem.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_raw_folder_is_refused(tmp_path, minimal):
    elsewhere = tmp_path / "elsewhere"
    (minimal / "raw").rename(elsewhere)
    (minimal / "raw").symlink_to(elsewhere)
    only(problems_in(minimal), code="folder-is-symlink", file="raw")


def test_header_of_many_unknown_names_is_capped(minimal):
    from kuzbass_data.gate.validate import validate

    path = minimal / "raw" / "coal_output.csv"
    header, *rest = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([header + "".join(f",x{i}" for i in range(20_000)), *rest]), encoding="utf-8")
    report = validate(minimal)
    shown = report.sorted_problems()
    unknown = [p for p in shown if p.code == "unknown-column"]
    assert len(unknown) == 50
    summary = [p for p in shown if p.code == "more-problems"]
    assert len(summary) == 1 and "19950 more" in summary[0].message


def test_problems_are_capped_per_file_and_code(minimal):
    from kuzbass_data.gate.problems import PROBLEM_CAP
    from kuzbass_data.gate.validate import validate

    path = minimal / "raw" / "coal_output.csv"
    row = path.read_text(encoding="utf-8").split("\n")[2]
    rows = [row.replace("donbass-1927-outcome", f"row-{i}").replace(",donbass,", ",Donbas,") for i in range(PROBLEM_CAP + 7)]
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    shown = validate(minimal).sorted_problems()
    assert [p.code for p in shown].count("not-in-vocabulary") == PROBLEM_CAP
    assert [p.message for p in shown if p.code == "more-problems"] == ["7 more problems of the kind not-in-vocabulary are not shown"]


def test_raw_folder_missing(tmp_path: Path):
    only(problems_in(tmp_path), code="raw-folder-missing", file="raw")


def test_reading_stops_after_too_many_malformed_rows(minimal):
    from kuzbass_data.gate.intake.csvfile import MALFORMED_LIMIT
    from kuzbass_data.gate.problems import total

    path = minimal / "raw" / "coal_output.csv"
    path.write_bytes(path.read_bytes() + b"\n" * (MALFORMED_LIMIT + 500))
    problems = problems_in(minimal)
    assert {p.code for p in problems} == {"empty-row", "too-many-malformed-rows"}
    assert total(problems) == MALFORMED_LIMIT + 1


def test_a_flood_is_counted_not_worded(minimal):
    from kuzbass_data.gate.problems import PROBLEM_CAP, total

    path = minimal / "raw" / "coal_output.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([*lines[:3], *(f"{lines[2]}\r" + "x" for _ in range(300))]) + "\n", encoding="utf-8")
    found = [p for p in problems_in(minimal) if p.code == "bare-carriage-return"]
    assert len(found) == PROBLEM_CAP + 1 and total(found) == 300


def test_not_utf8_lines_are_counted(minimal):
    from kuzbass_data.gate.problems import PROBLEM_CAP, total

    path = minimal / "raw" / "coal_output.csv"
    data = path.read_bytes()
    row = data.split(b"\n")[2]
    rows = [row.replace(b"donbass-1927-outcome", f"row-{i}".encode()) + b"caf\xe9" for i in range(200)]
    path.write_bytes(data + b"\n".join(rows) + b"\n")
    found = [p for p in problems_in(minimal) if p.code == "not-utf8"]
    assert len(found) == PROBLEM_CAP + 1 and total(found) == 200


def test_the_header_of_a_one_column_table_is_one_name_not_a_wrong_separator(tmp_path: Path) -> None:
    # A file of one column has no separator to get wrong: its one header cell is read as a column name.
    from kuzbass_data.gate.intake.csvfile import read_raw_csv
    from kuzbass_data.schema.model import Field, Table

    table = Table("notes", "Notes", "One column.", (Field("note", "string", "A note."),), kind="reference")
    (tmp_path / "notes.csv").write_text("note;x\nhello\n", encoding="utf-8")
    raw, problems = read_raw_csv(tmp_path, table, "notes.csv")
    assert [(p.code, p.line, p.column) for p in problems] == [("misspelled-column", 1, "note;x")]


def test_a_file_saved_by_excel_with_semicolons_is_one_problem_naming_the_delimiter(scratch):
    # Excel in a locale with a decimal comma saves ';'-separated CSV. The rows it hides are not
    # removed ids (no retirement advice) nor unknown conflict members: one cause, one problem.
    import csv

    from kuzbass_data.gate.validate import validate

    path = scratch / "raw" / "coal_output.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    problem = only(validate(scratch).errors, code="wrong-separator", line=1, file=COAL)
    assert "semicolons" in problem.message


def test_a_file_over_the_byte_cap_is_refused_unread_with_one_problem(minimal):
    from kuzbass_data.gate.intake.csvfile import MAX_RAW_BYTES

    path = minimal / "raw" / "coal_output.csv"
    with path.open("r+b") as handle:
        handle.truncate(MAX_RAW_BYTES + 1)  # sparse: the file is never read, so it costs no disk
    problem = only(problems_in(minimal), code="file-too-large", line=None, file=COAL)
    assert "20 MB" in problem.message


def test_a_file_over_the_row_cap_is_refused_before_it_is_parsed(minimal):
    from kuzbass_data.gate.intake.csvfile import MAX_RAW_ROWS

    path = minimal / "raw" / "coal_output.csv"
    path.write_bytes(path.read_bytes() + b"\n" * (MAX_RAW_ROWS - 1))  # header, 2 rows, then blank lines
    problem = only(problems_in(minimal), code="file-too-large", line=None, file=COAL)
    assert f"over the cap of {MAX_RAW_ROWS:,} rows" in problem.message


def test_a_file_at_the_row_cap_is_read(minimal):
    from kuzbass_data.gate.intake.csvfile import MAX_RAW_ROWS

    path = minimal / "raw" / "coal_output.csv"
    path.write_bytes(path.read_bytes() + b"\n" * (MAX_RAW_ROWS - 2))  # header and exactly MAX_RAW_ROWS lines
    assert "file-too-large" not in {p.code for p in problems_in(minimal)}


def test_a_file_over_the_cap_refuses_the_contribution_at_once_without_pandas(scratch):
    # The refusal comes before anything is parsed: one problem, and validate never imports pandas,
    # so it answers in well under a second (benchmarks/budgets.py times it).
    import subprocess
    import sys

    from kuzbass_data.gate.intake.csvfile import MAX_RAW_BYTES

    with (scratch / "raw" / "coal_output.csv").open("r+b") as handle:
        handle.truncate(MAX_RAW_BYTES + 1)
    code = (
        "import sys; from pathlib import Path; from kuzbass_data.gate.validate import validate; "
        f"r = validate(Path({str(scratch)!r})); print([p.code for p in r.problems]); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["['file-too-large']", "False"]


def test_ids_hidden_by_a_header_that_cannot_be_split_are_not_called_removed(scratch):
    # The review reads raw/ on its own (``diff --check`` too): a semicolon header hides the ids, it does
    # not remove them, so no retirement is advised; a file deleted outright still loses its ids.
    from kuzbass_data.gate.review import check_root

    path = scratch / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert check_root(scratch) == []
    path.unlink()
    assert {p.code for p in check_root(scratch)} == {"published-id-removed"}


def test_a_retirements_successor_in_a_hidden_or_deleted_table_is_not_called_missing(scratch):
    # One cause, one problem: a retirement whose successor stands in a table the semicolons hide is not told
    # its successor is missing, and once that table is deleted the successor is reported as removed, once.
    import csv

    from kuzbass_data import __version__
    from kuzbass_data.gate.review import check_root

    path = scratch / "raw" / "coal_output.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        gone, successor = (row["id"] for row in list(csv.DictReader(handle))[:2])
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith(f"{gone},")), encoding="utf-8")
    with (scratch / "raw" / "retired_ids.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{gone},{__version__},A test: the row is withdrawn.,{successor}\n")
    assert check_root(scratch) == []  # the retirement is valid as it stands
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert check_root(scratch) == []
    path.unlink()
    removed = check_root(scratch)
    assert {p.code for p in removed} == {"published-id-removed"}
    assert sum(successor in p.message for p in removed) == 1
