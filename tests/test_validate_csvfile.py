"""CSV hygiene: encoding, byte-order mark, empty files, headers, ragged rows, quotes."""

from __future__ import annotations

import pytest

from conftest import only, problems_in

COAL = "raw/coal_output.csv"


@pytest.mark.parametrize("fixture", ["valid_coal_output.csv", "bom.csv", "crlf.csv"])
def test_clean_files_have_no_problems(with_fixture, fixture):
    # A byte-order mark (Excel's "CSV UTF-8") and Windows line ends are accepted.
    assert problems_in(with_fixture(fixture, "coal_output"), COAL) == []


def test_not_utf8_names_line_column_and_byte_offset(with_fixture):
    problems = problems_in(with_fixture("not_utf8.csv", "coal_output"), COAL)
    problem = only(problems, line=3, column="note", contains="not valid UTF-8")
    assert "byte 0xe9 at byte offset" in problem.message
    assert "UTF-8" in problem.hint
    assert str(problem).startswith("raw/coal_output.csv:3: note: not valid UTF-8")


def test_empty_file(with_fixture):
    problems = problems_in(with_fixture("empty.csv", "coal_output"), COAL)
    problem = only(problems, line=None, column=None, contains="file is empty")
    assert "id,measure,basin" in problem.hint


def test_missing_file(scratch):
    (scratch / "raw" / "rations.csv").unlink()
    problem = only(problems_in(scratch, "raw/rations.csv"), line=None, column=None, contains="file is missing")
    assert "id,measure,group" in problem.hint


def test_misspelled_header_suggests_the_nearest_name(with_fixture):
    problems = problems_in(with_fixture("header_misspelled.csv", "coal_output"), COAL)
    assert "did you mean 'qualifier'?" in only(problems, line=1, column="qualifer", contains="unknown column").hint
    only(problems, line=1, column="qualifier", contains="missing from the header")


def test_extra_header_column(with_fixture):
    problems = problems_in(with_fixture("header_extra.csv", "coal_output"), COAL)
    only(problems, line=1, column="comment", contains="unknown column")


def test_duplicated_header_column(with_fixture):
    problems = problems_in(with_fixture("header_duplicated.csv", "coal_output"), COAL)
    problem = only(problems, line=1, column="note", contains="appears twice")
    assert "columns 16 and 17" in problem.message


def test_missing_header_column_still_checks_the_other_columns(with_fixture, scratch):
    root = with_fixture("header_missing.csv", "coal_output")
    only(problems_in(root, COAL), line=1, column="footnote", contains="missing from the header")


def test_columns_out_of_order(scratch):
    path = scratch / "raw" / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    swapped = [[r[1], r[0], *r[2:]] for r in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(swapped)
    path.write_text(out.getvalue(), encoding="utf-8")
    only(problems_in(scratch, "raw/sources.csv"), line=1, column=None, contains="out of order")


@pytest.mark.parametrize(
    ("fixture", "cells", "hint"),
    [("ragged_long.csv", "18 cells", "double quotes"), ("ragged_short.csv", "4 cells", "missing cells")],
)
def test_ragged_rows(with_fixture, fixture, cells, hint):
    problems = problems_in(with_fixture(fixture, "coal_output"), COAL)
    problem = only(problems, line=3, column=None, contains=cells)
    assert hint in problem.hint
    assert "16" in problem.message


def test_ragged_row_does_not_hide_problems_in_other_rows(with_fixture, scratch):
    root = with_fixture("ragged_short.csv", "coal_output")
    path = root / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("kuzbass,1937", "kuzbas,1937"), encoding="utf-8")
    problems = problems_in(root, COAL)
    only(problems, line=3, column=None, contains="4 cells")
    only(problems, line=2, column="basin", contains="not an allowed basin")


def test_unterminated_quote(with_fixture):
    problems = problems_in(with_fixture("unterminated_quote.csv", "coal_output"), COAL)
    problem = only(problems, line=3, column=None, contains="unterminated quote")
    assert '""' in problem.hint


def test_blank_line(with_fixture):
    only(problems_in(with_fixture("blank_line.csv", "coal_output"), COAL), line=3, column=None, contains="empty row")


def test_cell_with_line_break_keeps_later_line_numbers_right(with_fixture):
    root = with_fixture("valid_coal_output.csv", "coal_output")
    path = root / "raw" / "coal_output.csv"
    text = path.read_text(encoding="utf-8").replace(",\n", ',"a note\nover two lines"\n', 1)
    text += text.splitlines()[-1].replace("donbass-1927-outcome", "donbass-1927-again").replace(",donbass,", ",Donbas,") + "\n"
    path.write_text(text, encoding="utf-8")
    # header 1, row 2 spans lines 2-3, row 3 is line 4, row 4 is line 5
    only(problems_in(root, COAL), line=5, column="basin", contains="not an allowed basin")


def test_whitespace_around_a_value(with_fixture):
    problem = only(problems_in(with_fixture("whitespace.csv", "coal_output"), COAL), line=3, column="basin", contains="spaces")
    assert "'donbass '" in problem.message


def test_formula_injection(with_fixture):
    problem = only(problems_in(with_fixture("formula.csv", "coal_output"), COAL), line=3, column="note", contains="formula")
    assert "'='" in problem.message


def test_unknown_file_in_raw(scratch):
    (scratch / "raw" / "wages.csv").write_text("id\n", encoding="utf-8")
    only(problems_in(scratch, "raw/wages.csv"), line=None, column=None, contains="not a table of this package")


def test_semicolon_separated_file(with_fixture):
    root = with_fixture("valid_coal_output.csv", "coal_output")
    path = root / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0].replace(",", ";") + "\n", encoding="utf-8")
    problem = only(problems_in(root, COAL), line=1, column=None, contains="separated by semicolons")
    assert "comma-separated" in problem.hint
