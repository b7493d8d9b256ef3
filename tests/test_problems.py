"""Problems: printing, sorting, capping and counting floods."""

from __future__ import annotations

import numpy as np
import pytest

from kuzbass_data.gate.problems import PROBLEM_CAP, Collector, Problem, Report, capped, row_problems, total


def _p(line: int | None, code: str = "x", file: str = "raw/a.csv", **kw: object) -> Problem:
    return Problem(file, line, kw.get("column"), f"message {line}", "hint", code=code, hidden=int(kw.get("hidden", 0)))  # type: ignore[arg-type]


def test_problem_prints_file_line_column_message_hint_and_code():
    assert str(Problem("raw/a.csv", 3, "note", "bad", "fix it", code="c")) == "raw/a.csv:3: note: bad (fix it) [c]"
    assert str(Problem("raw/a.csv", None, None, "bad", code="c")) == "raw/a.csv: bad [c]"
    assert str(Problem("raw/a.csv", 2, None, "a\x1bb\u202e", code="c")) == "raw/a.csv:2: a\\x1bb\\u202e [c]"


def test_a_problem_renders_without_its_code_where_the_code_is_shown_apart():
    assert Problem("raw/a.csv", 3, "note", "bad", "fix it", code="c").render(code=False) == "raw/a.csv:3: note: bad (fix it)"


def test_code_is_required():
    with pytest.raises(TypeError):
        Problem("raw/a.csv", 1, None, "bad")  # type: ignore[call-arg]


def test_sort_puts_file_level_problems_first():
    problems = [_p(3), _p(None), _p(2, file="raw/0.csv")]
    assert [(p.file, p.line) for p in sorted(problems, key=Problem.sort_key)] == [("raw/0.csv", 2), ("raw/a.csv", None), ("raw/a.csv", 3)]


def test_capped_keeps_the_first_of_each_file_and_code_and_counts_the_rest():
    problems = [_p(i) for i in range(PROBLEM_CAP + 3)] + [_p(1, code="y"), _p(1, file="raw/b.csv")]
    shown = capped(problems)
    assert [p.line for p in shown if p.code == "x" and p.file == "raw/a.csv"] == list(range(PROBLEM_CAP))
    summary = [p for p in shown if p.code == "more-problems"]
    assert [(p.file, p.line, p.column, p.message) for p in summary] == [("raw/a.csv", None, None, "3 more problems of the kind x are not shown")]
    assert summary[0].hint
    assert [p for p in shown if p.code == "y"] == [_p(1, code="y")] and [p for p in shown if p.file == "raw/b.csv"] == [_p(1, file="raw/b.csv")]


def test_capped_at_exactly_the_cap_adds_no_summary():
    shown = capped([_p(i) for i in range(PROBLEM_CAP)])
    assert len(shown) == PROBLEM_CAP and all(p.code == "x" for p in shown)


def test_capped_counts_hidden_problems_and_removes_repeats():
    shown = capped([_p(1), _p(1), _p(2, hidden=10)], limit=1)
    assert [p.line for p in shown if p.code == "x"] == [1]
    assert [p.message for p in shown if p.code == "more-problems"] == ["11 more problems of the kind x are not shown"]


def test_total_counts_distinct_and_hidden():
    assert total([_p(1), _p(1), _p(2, hidden=5)]) == 7
    assert total([]) == 0


def test_report_summary_counts_everything():
    report = Report([_p(1), _p(2, hidden=3)], tables_checked=2, rows_checked=9)
    assert report.summary() == "checked 2 tables, 9 rows: 5 problems found"
    assert not report.ok
    one = Report([_p(1)], tables_checked=1, rows_checked=1)
    assert one.summary() == "checked 1 tables, 1 rows: 1 problem found"
    assert Report().ok and Report().summary().endswith("0 problems found")
    assert [p.line for p in Report([_p(2), _p(1)]).sorted_problems()] == [1, 2]


def test_collector_creates_at_most_cap_plus_one_and_counts():
    collector = Collector()
    made = []
    for i in range(PROBLEM_CAP + 10):
        collector.add("x", lambda i=i: made.append(i) or _p(i))  # type: ignore[func-returns-value]
    collector.add("y", lambda: _p(0, code="y"))
    assert len(made) == PROBLEM_CAP + 1
    assert collector.count("x") == PROBLEM_CAP + 10 and collector.count("y") == 1 and collector.count("z") == 0
    problems = collector.problems()
    assert [p.hidden for p in problems if p.code == "x"][-1] == 9
    assert sum(p.hidden for p in problems) == 9
    assert total(problems) == PROBLEM_CAP + 11


def test_collector_under_the_cap_hides_nothing():
    collector = Collector()
    for i in range(PROBLEM_CAP + 1):
        collector.add("x", lambda i=i: _p(i))
    assert [p.hidden for p in collector.problems()] == [0] * (PROBLEM_CAP + 1)


def test_row_problems_word_only_the_first_rows():
    lines = np.arange(2, 2 + PROBLEM_CAP + 5)
    mask = np.ones(len(lines), dtype=bool)
    mask[0] = False
    found = list(row_problems("raw/a.csv", lines, mask, "value", lambda i: f"row {i}", lambda i: f"hint {i}", "code"))
    assert len(found) == PROBLEM_CAP + 1
    assert (found[0].line, found[0].column, found[0].message, found[0].hint, found[0].code) == (3, "value", "row 1", "hint 1", "code")
    assert [p.hidden for p in found] == [0] * PROBLEM_CAP + [3]
    assert list(row_problems("f", lines, np.zeros(len(lines), dtype=bool), None, "m", "h", "c")) == []
    small = list(row_problems("f", np.array([5, 6]), np.array([False, True]), None, "m", "h", "c"))
    assert [(p.line, p.message, p.hint, p.hidden) for p in small] == [(6, "m", "h", 0)]


def test_sort_puts_file_level_problems_before_line_one():
    assert [p.line for p in sorted([_p(1), _p(None), _p(0)], key=Problem.sort_key)] == [None, 0, 1]
    assert [p.column for p in sorted([_p(1, column="b"), _p(1, column=None), _p(1, column="a")], key=Problem.sort_key)] == [None, "a", "b"]


def test_printable_text_is_left_alone():
    assert str(Problem("raw/a.csv", 1, "c", "Ünïcode – fine", code="x")) == "raw/a.csv:1: c: Ünïcode – fine [x]"


def test_row_problems_name_their_file():
    found = list(row_problems("raw/b.csv", np.array([7]), np.array([True]), "id", "m", "h", "c"))
    assert [(p.file, p.line, p.column) for p in found] == [("raw/b.csv", 7, "id")]


def test_a_warning_is_printed_and_counted_but_does_not_fail_the_report():
    warning = Problem("raw/a.csv", 3, "value_text", "a caution word", "read it", code="c", level="warning")
    report = Report([warning], tables_checked=1, rows_checked=1)
    assert report.ok and report.warnings == [warning] and report.errors == []
    assert "warning: a caution word" in str(warning)
    assert report.summary().endswith("0 problems found, 1 warning for the reviewer")
    report.problems.append(Problem("raw/a.csv", 4, None, "bad", code="d"))
    assert not report.ok


def test_the_coverage_categories_add_up_to_the_verified_excerpts():
    # 66 excerpts verified by the supplied text, each also by its proof, were once printed as
    # "66 by supplied text, 0 by open text, 66 by proof": 132 of 66. The categories now partition.
    from kuzbass_data.gate.provenance import Coverage

    coverage = Coverage(excerpts=5, by_means={"supplied text": 3, "open text": 0, "proof": 4}, verified=4)
    line = coverage.lines()[0]
    assert line == "excerpts: 4 of 5 verified (3 by supplied text, 0 by open text, 1 by proof alone; 3 of those by a text also by proof)"
    counts = [int(part.split()[0]) for part in line.split("(")[1].split(";")[0].split(", ")]
    assert sum(counts) == 4
