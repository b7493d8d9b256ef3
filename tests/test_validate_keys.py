"""Rules across rows and tables: sources, ids unique across tables, conflicts and their notes."""

from __future__ import annotations

from conftest import append_line, edit_line, only, problems_in


def _conflict(root, members: str, kind: str = "contradiction") -> int:
    return append_line(root, "conflicts", f"conflict-test,{kind},{members},Invented for the test.")


def _name_in_notes(root, *lines: int) -> None:
    # The note is the last cell of a row, empty in the minimal repository.
    path = root / "raw" / "coal_output.csv"
    rows = path.read_text(encoding="utf-8").split("\n")
    for line in lines:
        rows[line - 1] += "See conflict-test."
    path.write_text("\n".join(rows), encoding="utf-8")


def test_unknown_source(minimal):
    edit_line(minimal, "coal_output", 3, ",landau-2015,", ",landau-2016,")
    problem = only(problems_in(minimal), code="unknown-reference", line=3, column="source_id")
    assert "'landau-2016' is not an id in raw/sources.csv" in problem.message and "landau-2015" in problem.hint


def test_sources_without_rows(minimal):
    path = minimal / "raw" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    problems = problems_in(minimal)
    assert {p.code for p in problems} == {"unknown-reference"} and all("has no rows yet" in p.hint for p in problems)


def test_id_reused_in_another_table(minimal):
    edit_line(minimal, "mining_conditions", 2, "coal-ash-content,", "kuzbass-1937-outcome,")
    # One mistake, one problem: at the second use (the later table), naming the first.
    problem = only(problems_in(minimal), code="duplicate-id", line=2, column="id", file="raw/mining_conditions.csv")
    assert "id 'kuzbass-1937-outcome' is also used in raw/coal_output.csv:2" in problem.message


def test_an_id_repeated_in_one_file_is_reported_once_at_the_second_line(minimal):
    path = minimal / "raw" / "coal_output.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")  # line 2 copied to line 4
    problem = only(problems_in(minimal), code="duplicate-value", line=4, column="id", file="raw/coal_output.csv")
    assert "also on line 2" in problem.message


def test_each_repeat_of_an_id_names_the_first_line(minimal):
    path = minimal / "raw" / "coal_output.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1], lines[1]]) + "\n", encoding="utf-8")  # line 2 copied to lines 4 and 5
    found = problems_in(minimal)
    assert [(p.code, p.line) for p in found] == [("duplicate-value", 4), ("duplicate-value", 5)]
    assert all("also on line 2" in p.message for p in found)


def test_members_of_a_table_that_could_not_be_read_are_not_called_unknown(minimal):
    # coal_output.csv saved with semicolons is one problem; the conflict naming its rows waits for it.
    _conflict(minimal, "kuzbass-1937-outcome; donbass-1927-outcome")
    _name_in_notes(minimal, 2, 3)
    path = minimal / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    only(problems_in(minimal), code="wrong-separator", line=1, file="raw/coal_output.csv")


def test_valid_conflict_passes(minimal):
    _conflict(minimal, "kuzbass-1937-outcome; donbass-1927-outcome")
    _name_in_notes(minimal, 2, 3)
    assert problems_in(minimal) == []


def test_conflict_member_must_exist(minimal):
    line = _conflict(minimal, "kuzbass-1937-outcom; donbass-1927-outcome")
    _name_in_notes(minimal, 3)
    problem = only(problems_in(minimal), code="unknown-member", line=line, column="members", file="raw/conflicts.csv")
    assert "did you mean 'kuzbass-1937-outcome'?" in problem.hint


def test_conflict_listing_a_row_twice(minimal):
    line = _conflict(minimal, "kuzbass-1937-outcome; donbass-1927-outcome; donbass-1927-outcome")
    _name_in_notes(minimal, 2, 3)
    only(problems_in(minimal), code="conflict-member-repeated", line=line, column="members")


def test_conflict_needs_two_members_unless_repeated(minimal):
    line = _conflict(minimal, "donbass-1927-outcome")
    _name_in_notes(minimal, 3)
    only(problems_in(minimal), code="too-few-members", line=line, column="members")


def test_repeated_statement_may_have_one_member(minimal):
    _conflict(minimal, "donbass-1927-outcome", kind="repeated_statement")
    _name_in_notes(minimal, 3)
    assert problems_in(minimal) == []


def test_member_note_must_name_its_conflict(minimal):
    _conflict(minimal, "kuzbass-1937-outcome; donbass-1927-outcome")
    _name_in_notes(minimal, 2)
    only(problems_in(minimal), code="note-missing-conflict", line=3, column="note", file="raw/coal_output.csv")


def test_note_naming_an_unknown_conflict(minimal):
    edit_line(minimal, "coal_output", 3, "in 1927,,", "in 1927,,See conflict-typo.")
    only(problems_in(minimal), code="note-names-unknown-conflict", line=3, column="note")


def test_note_naming_a_conflict_the_row_is_not_in(minimal):
    _conflict(minimal, "kuzbass-1937-outcome; donbass-1927-outcome")
    _name_in_notes(minimal, 2, 3)
    edit_line(minimal, "mining_conditions", 2, "No footnote cites this sentence.", "See conflict-test.")
    only(problems_in(minimal), code="note-names-foreign-conflict", line=2, column="note", file="raw/mining_conditions.csv")
