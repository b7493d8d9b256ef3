"""Keys across tables: sources, global ids and conflicts."""

from __future__ import annotations

from conftest import edit_raw, only, problems_in




def test_unknown_source(with_fixture):
    problem = only(problems_in(with_fixture("unknown_source.csv", "coal_output"), "raw/coal_output.csv"), line=3, column="source_id", contains="'landau-2016' is not an id in raw/sources.csv")
    assert "landau-2015" in problem.hint


def test_id_reused_in_another_table(scratch):
    edit_raw(scratch, "mining_conditions", "coal-ash-content,", "kuzbass-1932-plan,")
    problems = problems_in(scratch, "raw/mining_conditions.csv")
    assert "also used in raw/coal_output.csv:3" in only(problems, line=3, column="id", contains="also used").message


def test_conflict_member_must_exist(with_fixture):
    problem = only(problems_in(with_fixture("conflicts_unknown_member.csv", "conflicts"), "raw/conflicts.csv"), line=2, column="members", contains="'kuzbass-1932-plam' is not the id of any row")
    assert "did you mean 'kuzbass-1932-plan'?" in problem.hint


def test_member_note_must_name_its_conflict(scratch):
    edit_raw(scratch, "coal_output", "See conflict-kuzbass-1932-plan-vs-outcome.", "First plan.")
    only(problems_in(scratch, "raw/coal_output.csv"), line=3, column="note", contains="member of conflict-kuzbass-1932-plan-vs-outcome")


def test_note_naming_an_unknown_conflict(scratch):
    edit_raw(scratch, "coal_output", "Donbass, given for comparison.", "See conflict-donbass-typo.")
    only(problems_in(scratch, "raw/coal_output.csv"), line=8, column="note", contains="conflict-donbass-typo, which is not in raw/conflicts.csv")


def test_conflict_needs_two_members_unless_repeated(scratch):
    edit_raw(scratch, "conflicts", "kuzbass-1932-plan; kuzbass-1932-outcome", "kuzbass-1932-plan")
    only(problems_in(scratch, "raw/conflicts.csv"), line=2, column="members", contains="needs at least two rows")


def test_sources_without_rows(scratch):
    path = scratch / "raw" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    problem = only(problems_in(scratch, "raw/coal_output.csv"), line=2, column="source_id", contains="is not an id in raw/sources.csv")
    assert "has no rows yet" in problem.hint


def test_control_characters_are_shown_escaped(scratch):
    path = scratch / "raw" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("id,kind,citation", "id,kind,cita\x00tion", 1), encoding="utf-8")
    problems = problems_in(scratch, "raw/sources.csv")
    assert any(str(p).startswith("raw/sources.csv:1: cita\\x00tion: unknown column") for p in problems)
