"""The meaning checks besides the readings: the footnote convention, impossible dates, and the
reviewed acknowledgements that silence one reading finding for one row as it is now.

The footnote paragraphs below are INVENTED TEST DATA, written for these tests.
"""

from __future__ import annotations

import pytest

from kuzbass_data.gate.acknowledgements import ACKNOWLEDGEABLE, parse_acknowledgements, read_acknowledgements
from kuzbass_data.gate.readings import fingerprint
from kuzbass_data.gate.semantics import check_footnotes, check_semantics, footnote_for

PERIOD = {"period_start": "", "period_end": "", "period_precision": "", "season": "", "period_relation": ""}
COMMON = {"value_low": "", "value_high": "", "qualifier": "exact", "status": "outcome", "source_id": "landau-2015", "footnote": "", "locator": "", "note": ""}


def row(**cells: str) -> dict[str, str]:
    return {**COMMON, **PERIOD, **cells}


DAY = (
    "accidents",
    row(
        id="accident-1936-09-22-deaths",
        measure="deaths",
        place="kemerovo",
        mine="central_mine",
        kind="methane_explosion",
        period_start="1936-09-22",
        period_end="1936-09-22",
        period_precision="day",
        value="10",
        unit="people",
        footnote="45",
        excerpt="On 22 September 1936 a build up of methane gas exploded in Kemerovo’s Central Mine. Ten miners died and fifteen were severely injured.",
        value_text="Ten miners",
        period_text="On 22 September 1936",
        status_text="",
    ),
)


@pytest.mark.parametrize("column", ["period_start", "period_end"])
def test_an_impossible_bound_of_a_longer_period_is_reported_at_its_column(column):
    table, cells = DAY
    period = {"period_start": "1936-09-01", "period_end": "1936-10-30", column: "1936-09-31", "period_text": ""}
    (problem,) = check_semantics({table: [(2, {**cells, **period})]}).problems
    assert (problem.code, problem.line, problem.column) == ("impossible-date", 2, column)


# --- footnotes: an invented source text, one paragraph per line -------------------------------

INVENTED = (
    "An invented paragraph for tests: about 100 mules worked there.Footnote 1 Later 7 carts arrived.Footnote 2\n"
    "A second invented paragraph with 12 horses and no marker.\n"
    "A third one: 30 goats.Footnote 3\n"
)


def mules(**edit: str) -> dict[str, str]:
    cells = row(id="invented-mules", measure="monthly_workforce", value="100", unit="people", qualifier="approximate", source_id="invented-2026", footnote="1", excerpt="about 100 mules worked there")
    return {**cells, **edit}


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ({}, []),
        ({"footnote": "2"}, ["footnote-mismatch"]),
        ({"footnote": ""}, ["footnote-mismatch"]),
        ({"footnote": "59"}, ["footnote-not-in-source"]),
        ({"value": "12", "qualifier": "exact", "excerpt": "with 12 horses", "footnote": ""}, []),
        ({"value": "12", "qualifier": "exact", "excerpt": "with 12 horses", "footnote": "3"}, ["footnote-mismatch"]),
        ({"value": "7", "qualifier": "exact", "excerpt": "Later 7 carts arrived.", "footnote": "2"}, []),
    ],
)
def test_footnote_convention(edit, expected):
    tables = {"workforce": [(2, mules(**edit))]}
    assert [p.code for p in check_footnotes(tables, {"invented-2026": INVENTED})] == expected


@pytest.mark.parametrize(
    ("edit", "expected"),
    [({"footnote": ""}, []), ({"footnote": "1"}, ["footnote-not-in-source"]), ({"excerpt": "no such words", "footnote": ""}, [])],
)
def test_a_text_without_markers_gives_no_footnote(edit, expected):
    # An invented text that marks no footnote: no row of it has one, and one that says it has is told so.
    text = INVENTED.replace("Footnote 1", "").replace("Footnote 2", "").replace("Footnote 3", "")
    assert [p.code for p in check_footnotes({"workforce": [(2, mules(**edit))]}, {"invented-2026": text})] == expected


def test_footnote_check_runs_only_with_the_text_of_the_rows_source():
    tables = {"workforce": [(2, mules(footnote="59"))]}
    assert check_footnotes(tables, {"another-source": INVENTED}) == []
    assert [p.code for p in check_semantics(tables).problems] == []
    assert [p.code for p in check_semantics(tables, {"invented-2026": INVENTED}).problems] == ["footnote-not-in-source"]


def test_footnote_for_takes_the_first_marker_after_the_end():
    paragraph = "a 1 b.Footnote 4 c 2 d.Footnote 5"
    assert footnote_for(paragraph, paragraph.index("c")) == "5"
    assert footnote_for(paragraph, len(paragraph)) == ""


def test_footnote_59_and_the_two_22_september_rows_against_the_article(source_text):
    text = source_text.read_text(encoding="utf-8")
    table, cells = DAY
    assert [p.code for p in check_footnotes({table: [(2, {**cells, "footnote": "42"})]}, {"landau-2015": text})] == []
    assert [p.code for p in check_footnotes({table: [(2, {**cells, "footnote": "59"})]}, {"landau-2015": text})] == ["footnote-not-in-source"]
    assert [p.code for p in check_footnotes({table: [(2, cells)]}, {"landau-2015": text})] == ["footnote-mismatch"]


@pytest.mark.parametrize("edit", [{"footnote": "2"}, {"footnote": ""}, {"footnote": "59"}, {"value": "12", "qualifier": "exact", "excerpt": "with 12 horses", "footnote": "3"}])
def test_footnote_problems_name_their_cell_and_say_how_to_fix_it(edit):
    (problem,) = check_footnotes({"workforce": [(5, mules(**edit))]}, {"invented-2026": INVENTED})
    assert (problem.file, problem.line, problem.column) == ("raw/workforce.csv", 5, "footnote")
    assert problem.message and problem.hint


# --- reviewed acknowledgements ------------------------------------------------------------------

# An outcome whose excerpt also states a plan: the one finding our kind of row may need acknowledged.
PAIR = (
    "coal_output",
    {
        **COMMON,
        "id": "invented-outcome",
        "measure": "output",
        "basin": "kuzbass",
        "year": "1933",
        "base_year": "",
        "value": "9",
        "unit": "million_tonnes",
        "excerpt": "The trust planned 12 million tons but produced 9 million tons in 1933.",
        "value_text": "9 million tons",
        "period_text": "in 1933",
        "status_text": "",
    },
)


def ack(cells: dict[str, str], code: str = "status-phrase-unmarked", phrase: str = "planned", print_: str | None = None) -> str:
    reason = "'planned 12 million tons' is the plan of another row; 'produced 9 million tons' is this outcome"
    return f'id,code,phrase,reason,fingerprint\n{cells["id"]},{code},{phrase},"{reason}",{print_ or fingerprint(cells)}\n'


def judge(cells: dict[str, str], text: str) -> list[tuple[str, str]]:
    entries, problems = parse_acknowledgements(text)
    assert problems == []
    return [(p.code, p.level) for p in check_semantics({PAIR[0]: [(2, cells)]}, None, entries).problems]


def test_without_an_acknowledgement_the_plan_phrase_is_one_error():
    assert judge(PAIR[1], "id,code,phrase,reason,fingerprint\n") == [("status-phrase-unmarked", "error")]


def test_an_acknowledgement_silences_its_finding_and_is_printed_as_a_warning():
    entries, _ = parse_acknowledgements(ack(PAIR[1]))
    (problem,) = check_semantics({PAIR[0]: [(2, PAIR[1])]}, None, entries).problems
    assert (problem.code, problem.level, problem.file, problem.line) == ("acknowledgement-applied", "warning", "audit/acknowledgements.csv", 2)
    assert "another row" in problem.message and "invented-outcome" in problem.message


@pytest.mark.parametrize("column", ["value", "year", "value_text", "note", "excerpt"])
def test_editing_any_cell_of_an_acknowledged_row_makes_its_finding_fire_again(column):
    edited = {**PAIR[1], column: PAIR[1][column] + "0" if column != "excerpt" else PAIR[1][column].replace("The trust", "Then the trust")}
    if column in ("value", "value_text"):  # keep the row right otherwise: a new number, marked
        edited = {**PAIR[1], "value": "90", "value_text": "90 million tons", "excerpt": PAIR[1]["excerpt"].replace("9 million", "90 million")}
    found = judge(edited, ack(PAIR[1]))
    assert ("status-phrase-unmarked", "error") in found
    assert ("acknowledgement-applied", "warning") not in found


def test_a_void_acknowledgement_says_the_row_changed_and_gives_the_new_fingerprint():
    edited = {**PAIR[1], "year": "1934", "period_text": "", "excerpt": PAIR[1]["excerpt"]}
    entries, _ = parse_acknowledgements(ack(PAIR[1]))
    problems = check_semantics({PAIR[0]: [(2, edited)]}, None, entries).problems
    (fired,) = [p for p in problems if p.code == "status-phrase-unmarked"]
    assert "void" in fired.hint and fingerprint(edited) in fired.hint


def test_an_acknowledgement_names_one_phrase_not_the_whole_check():
    assert judge(PAIR[1], ack(PAIR[1], phrase="spoke of")) == [("status-phrase-unmarked", "error"), ("acknowledgement-unused", "error")]


def test_an_acknowledgement_that_silences_nothing_is_an_error():
    cells = {**PAIR[1], "excerpt": "The trust produced 9 million tons in 1933."}
    assert judge(cells, ack(cells)) == [("acknowledgement-unused", "error")]


@pytest.mark.parametrize("code", ["value-mismatch", "reading-not-in-excerpt", "excerpt-not-in-source", "proof-mismatch", "id-renamed", "registry-line-changed", "qualifier-mismatch"])
def test_some_findings_can_never_be_acknowledged(code):
    entries, problems = parse_acknowledgements(ack(PAIR[1], code=code))
    assert entries == [] and [(p.code, p.line) for p in problems] == [("acknowledgement-invalid", 2)]
    assert code not in ACKNOWLEDGEABLE


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id,code,reason\nx,y,z\n", 1),
        ("id,code,phrase,reason,fingerprint\nx,status-unmarked,norm,,abc\n", 2),
        ("id,code,phrase,reason,fingerprint\nx,y,z,w\n", 2),
        ("id,code,phrase,reason,fingerprint\n\x00\n", None),
    ],
)
def test_a_malformed_acknowledgements_file_is_one_clean_problem_at_its_line(text, line):
    entries, problems = parse_acknowledgements(text)
    (problem,) = problems
    assert entries == [] and (problem.file, problem.line, problem.code) == ("audit/acknowledgements.csv", line, "acknowledgement-invalid")
    assert problem.message and problem.hint


def test_a_symlinked_acknowledgements_file_is_refused_unread(tmp_path):
    (tmp_path / "audit").mkdir()
    (tmp_path / "secret").write_text("id,code,phrase,reason,fingerprint\nx,status-unmarked,norm,a secret line,abc\n", encoding="utf-8")
    (tmp_path / "audit" / "acknowledgements.csv").symlink_to(tmp_path / "secret")
    entries, problems = read_acknowledgements(tmp_path)
    assert entries == [] and [p.code for p in problems] == ["acknowledgement-invalid"]
    assert "a secret line" not in str(problems[0])


def test_the_published_rows_need_only_their_reviewed_acknowledgements(repo):
    entries, problems = read_acknowledgements(repo)
    assert problems == [] and len(entries) <= 3
    assert all(e.reason.count("'") >= 2 for e in entries)  # each quotes the article's words


def test_an_acknowledgement_of_a_row_an_earlier_step_flagged_is_set_aside(scratch):
    """One mistake, one problem: a row whose measure breaks its pattern is not read for its meaning,
    so its acknowledgement neither applies nor reports itself unused."""
    from kuzbass_data.gate.validate import validate

    target = read_acknowledgements(scratch)[0][0].id
    for path in sorted((scratch / "raw").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        found = [i for i, text in enumerate(lines) if text.startswith(f"{target},")]
        if found:
            lines[found[0]] = lines[found[0]].replace(f"{target},", f"{target},X", 1)  # the measure, second in every data table
            path.write_text("\n".join(lines), encoding="utf-8")
            break
    report = validate(scratch)
    assert [(p.file, p.line, p.column) for p in report.errors] == [(f"raw/{path.name}", found[0] + 1, "measure")]
    assert not any(target in p.message for p in report.problems if p.file.startswith("audit"))
