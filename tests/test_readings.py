"""Marked readings: the ten phrasings a first contributor met pass from an INVENTED open source, and
each misreading is one error on the right cell.

The source is tests/sources/invented-readings-1939.txt: INVENTED TEST DATA, written for these tests.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from conftest import only, problems_in
from kuzbass_data.gate.semantics import check_semantics
from kuzbass_data.schema.grammar import find_phrases, read_period, read_value, words
from kuzbass_data.source_text import normalise

TEST_SOURCES = Path(__file__).resolve().parent / "sources"
SOURCE = "invented-readings-1939"
NO_PERIOD = {"period_start": "", "period_end": "", "period_precision": "", "season": "", "period_relation": ""}
COMMON = {
    "value": "",
    "value_low": "",
    "value_high": "",
    "qualifier": "exact",
    "status": "outcome",
    "source_id": SOURCE,
    "footnote": "",
    "locator": "p. 1",
    "period_text": "",
    "status_text": "",
    "note": "INVENTED TEST DATA.",
}


def row(table: str, **cells: str) -> tuple[str, dict[str, str]]:
    base = {**COMMON, **({} if table == "coal_output" else NO_PERIOD)}
    return table, {**base, **cells}


# The ten phrasings of issue 17, each encoded and marked as the invented source words it.
TEN = {
    "half a million": row(
        "workforce",
        id="invented-recruited-winter-1931-32",
        measure="workers_registered",
        group="new_workers",
        place="kuzbass",
        origin="",
        period_start="1931",
        period_end="1932",
        period_precision="season",
        season="winter",
        value="500000",
        unit="people",
        excerpt="Over the winter of 1931/32 the trust recruited half a million people from the villages.",
        value_text="half a million people",
        period_text="the winter of 1931/32",
    ),
    "3.5 deaths per 1,000 workers": row(
        "accidents",
        id="invented-death-rate-1935",
        measure="death_rate",
        place="kuzbass",
        mine="",
        kind="all_accidents",
        period_start="1935",
        period_end="1935",
        period_precision="year",
        value="3.5",
        unit="deaths_per_1000_workers",
        excerpt="In 1935 the death rate in the trust's pits reached 3.5 deaths per 1,000 workers.",
        value_text="3.5 deaths per 1,000 workers",
        period_text="In 1935",
    ),
    "In 1937-38": row(
        "workforce",
        id="invented-workers-left-1937-38",
        measure="workers_left",
        group="workers",
        place="kuzbass",
        origin="",
        period_start="1937",
        period_end="1938",
        period_precision="year",
        value="5000",
        unit="people",
        excerpt="In 1937-38, 5,000 workers left the mines.",
        value_text="5,000 workers",
        period_text="In 1937-38",
    ),
    "some 2,100 or 2,200": row(
        "foreigners",
        id="invented-foreign-specialists-1938",
        measure="present",
        group="foreign_specialists",
        place="kuzbass",
        period_start="1938",
        period_end="1938",
        period_precision="year",
        value_low="2100",
        value_high="2200",
        unit="people",
        qualifier="approximate_range",
        excerpt="In 1938 the trust employed some 2,100 or 2,200 foreign specialists.",
        value_text="some 2,100 or 2,200 foreign specialists",
        period_text="In 1938",
    ),
    "a total of 1932 settlers": row(
        "deportations",
        id="invented-settlers-red-star",
        measure="sent",
        group="special_settlers",
        origin="",
        destination="kuzbass",
        nationality="not_specified",
        value="1932",
        unit="people",
        excerpt="A total of 1932 settlers arrived at the Red Star mine.",
        value_text="A total of 1932 settlers",
    ),
    "a quarter": row(
        "workforce",
        id="invented-women-share",
        measure="share_of_workforce",
        group="new_workers",
        place="kuzbass",
        origin="",
        value="25",
        unit="percent",
        excerpt="A quarter of the new miners were women",
        value_text="A quarter",
    ),
    "about a third": row(
        "settler_conditions",
        id="invented-settlers-fit",
        measure="share_fit_to_work",
        group="special_settlers",
        place="kuzbass",
        value="33.3",
        unit="percent",
        qualifier="approximate",
        excerpt="about a third of the settlers were fit to work",
        value_text="about a third",
    ),
    "one in five": row(
        "prisoners_of_war",
        id="invented-prisoners-died",
        measure="share_died",
        group="pows",
        place="kuzbass",
        value="20",
        unit="percent",
        excerpt="In the camps one in five prisoners died.",
        value_text="one in five",
    ),
    "310,000 tons": row(
        "coal_output",
        id="invented-red-star-output-1936",
        measure="mine_output",
        basin="kuzbass",
        year="1936",
        base_year="",
        value="310000",
        unit="tonnes",
        excerpt="In 1936 the Red Star mine produced 310,000 tons of coal.",
        value_text="310,000 tons",
        period_text="In 1936",
    ),
}


def invented(root: Path) -> Path:
    """``root`` with the invented source, its text in sources/, and the ten rows appended to their tables."""
    _append(root / "raw" / "sources.csv", next(csv.DictReader((TEST_SOURCES / f"{SOURCE}.csv").read_text(encoding="utf-8").splitlines())))
    (root / "sources").mkdir(exist_ok=True)
    shutil.copy(TEST_SOURCES / f"{SOURCE}.txt", root / "sources" / f"{SOURCE}.txt")
    for table, cells in TEN.values():
        _append(root / "raw" / f"{table}.csv", cells)
    return root


def _append(path: Path, cells: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([cells.get(c, "") for c in header])


def errors(table: str, cells: dict[str, str]) -> list[str]:
    return [p.code for p in check_semantics({table: [(2, cells)]}).problems if p.level == "error"]


def one(table: str, cells: dict[str, str], code: str, column: str) -> str:
    problems = [p for p in check_semantics({table: [(2, cells)]}).problems if p.level == "error"]
    problem = only(problems, code=code, column=column, line=2)
    return f"{problem.message} ({problem.hint})"


def test_the_ten_phrasings_pass_from_an_invented_open_source_with_no_acknowledgement(scratch):
    root = invented(scratch)
    assert [str(p) for p in problems_in(root)] == []
    applied = [p for p in problems_in(root, warnings=True) if p.code == "acknowledgement-applied"]
    assert applied and not any("invented" in p.message for p in applied)  # ours apply; none of the ten needs one


@pytest.mark.parametrize("name", sorted(TEN))
def test_each_of_the_ten_reads_as_its_cells(name):
    table, cells = TEN[name]
    assert errors(table, cells) == []


@pytest.mark.parametrize(
    ("text", "numbers", "qualifier", "unit_word"),
    [
        ("half a million people", (500000.0,), "exact", "people"),
        ("a million", (1000000.0,), "exact", ""),
        ("3.5 deaths per 1,000 workers", (3.5,), "exact", "deaths per 1,000 workers"),
        ("some 2,100 or 2,200", (2100.0, 2200.0), "approximate_range", ""),
        ("A total of 1932 settlers", (1932.0,), "exact", "settlers"),
        ("about a third", (1 / 3,), "approximate", "<fraction>"),
        ("one in five", (0.2,), "exact", "<fraction>"),
        ("up to between 40 and 60 per cent", (40.0, 60.0), "up_to_range", "per cent"),
        ("3-4 thousand settlers", (3000.0, 4000.0), "range", "settlers"),
        ("One hundred and twenty settlers", (120.0,), "exact", "settlers"),
        ("about 23,630 kulak families", (23630.0,), "approximate", "families"),
        ("aged sixteen", (16.0,), "exact", "aged"),
        ("tenfold", (10.0,), "exact", "<fold>"),
    ],
)
def test_the_number_grammar(text, numbers, qualifier, unit_word):
    reading = read_value(text)
    assert not isinstance(reading, str), reading
    assert reading.numbers == pytest.approx(numbers) and (reading.qualifier, reading.unit_word) == (qualifier, unit_word)


@pytest.mark.parametrize(
    "text",
    [
        "In 1931 almost 6,000 accidents were reported, in 1936 more than 20,000.",
        "it was to produce up to8-12 per cent.of the coal, some 2,100 or 2,200 per 1,000 workers",
        "(about)tons;more than\u0130 half a million people--per cent",
        # A phrase word written twice, and inside a longer word before it: its place is walked, not searched.
        "about 10 tons, about 20 tons and more than 30 tons",
        "Stonsk mine: more than 5 tons, about 6 tons",
    ],
)
def test_each_phrase_found_spans_exactly_its_words(text):
    # Offsets are found from the tokens, not from a second pass of the tokeniser: each phrase's
    # span holds its own words and nothing more, wherever punctuation stands against them.
    found = find_phrases(normalise(text))
    assert found and all(" ".join(words(normalise(text)[p.start : p.end])) == p.phrase for p in found)
    assert [p.start for p in found] == sorted(p.start for p in found)


@pytest.mark.parametrize("text", ["settlers", "50 per cent to only 10 per cent", "1, 2 and 3", "about almost 5"])
def test_what_the_grammar_cannot_read_is_said_not_guessed(text):
    assert isinstance(read_value(text), str)


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("In 1937-38", ("1937", "1938", "year", "", "")),
        ("the winter of 1931/32", ("1931", "1932", "season", "winter", "")),
        ("After 1938", ("1938", "", "year", "", "after")),
        ("By 1937", ("", "1937", "year", "", "by")),
        ("by the end of 1935", ("", "1935", "year", "", "by")),
        ("On 22 September 1936", ("1936-09-22", "1936-09-22", "day", "", "")),
        ("In August 1931", ("1931-08", "1931-08", "month", "", "")),
        ("In the 1920s", ("1920", "1929", "decade", "", "")),
    ],
)
def test_the_date_grammar(text, cells):
    reading = read_period(text)
    assert not isinstance(reading, str), reading
    assert tuple(reading.values()) == cells


def test_a_relation_no_term_says_is_unreadable_not_dropped():
    assert "since" in str(read_period("Since 1935"))


# --- each misreading: ONE error on the right cell ------------------------------------------------

OUTPUT = row(
    "coal_output",
    id="invented-output",
    measure="output",
    basin="kuzbass",
    year="1933",
    base_year="",
    value="10",
    unit="million_tonnes",
    excerpt="In 1933 output reached almost 10 million tons.",
    value_text="almost 10 million tons",
    period_text="In 1933",
    qualifier="almost",
)
PLAN = row(
    "coal_output",
    id="invented-plan",
    measure="output",
    basin="kuzbass",
    year="1933",
    base_year="",
    value="12",
    unit="million_tonnes",
    status="plan",
    excerpt="The trust planned 12 million tons for 1933.",
    value_text="12 million tons",
    period_text="1933",
    status_text="planned",
)


def edit(base: tuple[str, dict[str, str]], **cells: str) -> tuple[str, dict[str, str]]:
    return base[0], {**base[1], **cells}


RATION = row(
    "rations",
    id="invented-ration",
    measure="bread_ration",
    group="workers",
    profession="hewer",
    nationality="not_specified",
    place="kuzbass",
    value="300",
    unit="grams_per_day",
    status="norm",
    excerpt="Each hewer was to receive 300 grams of bread a day.",
    value_text="300 grams of bread a day",
    status_text="was to receive",
)
SETTLERS = TEN["a total of 1932 settlers"]
FAILED = edit(OUTPUT, excerpt="In 1933 output failed to reach 25 million tons.", value="25", qualifier="exact")
NEVER = edit(OUTPUT, excerpt="In 1933 output was never anywhere near 10 million tons.", qualifier="approximate")
AFTER = edit(TEN["In 1937-38"], excerpt="After 1938, 5,000 workers left the mines.", period_start="1938", period_end="")


@pytest.mark.parametrize(
    ("case", "table_cells", "code", "column"),
    [
        ("value 38 marked inside 1937-38", edit(TEN["In 1937-38"], value="38", value_text="38", period_text=""), "reading-cuts-word", "value_text"),
        ("a mark that cuts a word", edit(TEN["In 1937-38"], value_text="5,000 work"), "reading-cuts-word", "value_text"),
        ("a marked text that is not in the excerpt", edit(TEN["In 1937-38"], value_text="6,000 workers", value="6000"), "reading-not-in-excerpt", "value_text"),
        ("'almost' left outside the mark", edit(OUTPUT, value_text="10 million tons"), "phrase-outside-mark", "value_text"),
        ("the scale left outside the mark", edit(TEN["half a million"], value_text="half a"), "phrase-outside-mark", "value_text"),
        (
            "'failed to reach' touching the number",
            edit(FAILED, value_text="25 million tons"),
            "phrase-outside-mark",
            "value_text",
        ),
        (
            # U+0130 is the one character whose lowercase is two characters. Sixteen of them would shift
            # 'failed to reach' exactly onto the marked number, where it would pass as marked.
            "'failed to reach' touching the number after dotted capital Is",
            edit(FAILED, excerpt="In 1933 " + "\u0130" * 16 + " output failed to reach 25 million tons.", value_text="25 million tons"),
            "phrase-outside-mark",
            "value_text",
        ),
        (
            "'failed to reach' marked as the number",
            edit(FAILED, value_text="failed to reach 25 million tons"),
            "caution-in-mark",
            "value_text",
        ),
        (
            "'never' touching the number",
            edit(NEVER, value_text="anywhere near 10 million tons"),
            "phrase-outside-mark",
            "value_text",
        ),
        ("'not' touching the number", edit(OUTPUT, excerpt="In 1933 output was not 10 million tons.", qualifier="exact", value_text="10 million tons"), "phrase-outside-mark", "value_text"),
        ("'would have' touching the number", edit(OUTPUT, excerpt="In 1933 output would have 10 million tons.", qualifier="exact", value_text="10 million tons"), "phrase-outside-mark", "value_text"),
        (
            "1.5 kilos a week stored per day",
            edit(RATION, excerpt="Each hewer was to receive 1.5 kilos of bread a week.", value="1500", value_text="1.5 kilos of bread a week"),
            "unit-mismatch",
            "unit",
        ),
        ("'a week' left outside the mark", edit(RATION, excerpt="Each hewer was to receive 300 grams a week.", value_text="300 grams"), "phrase-outside-mark", "value_text"),
        ("'5.000 settlers' read as a count", edit(SETTLERS, excerpt="The trains brought 5.000 settlers.", value="5000", value_text="5.000 settlers"), "value-text-unreadable", "value_text"),
        ("'several thousand' stored as 1000", edit(SETTLERS, excerpt="several thousand settlers arrived", value="1000", value_text="several thousand settlers"), "value-text-unreadable", "value_text"),
        ("the hundred of 'two hundred' stored as the value", edit(SETTLERS, excerpt="Two hundred settlers arrived.", value="100", value_text="Two hundred settlers"), "value-mismatch", "value"),
        (
            "'3-4 thousand' stored as 3 to 4000",
            edit(
                TEN["some 2,100 or 2,200"],
                excerpt="3-4 thousand foreign specialists",
                qualifier="range",
                value_low="3",
                value_high="4000",
                value_text="3-4 thousand foreign specialists",
                period_text="",
                period_start="",
                period_end="",
                period_precision="",
            ),
            "value-mismatch",
            "value_low",
        ),
        ("a unit the mark does not write", edit(TEN["In 1937-38"], unit="percent"), "unit-mismatch", "unit"),
        ("310,000 tons stored as 310,000 million tonnes", edit(TEN["310,000 tons"], unit="million_tonnes", measure="output"), "value-mismatch", "value"),
        ("half a million stored as 0.5", edit(TEN["half a million"], value="0.5"), "value-mismatch", "value"),
        ("a qualifier the mark does not say", edit(OUTPUT, qualifier="exact"), "qualifier-mismatch", "qualifier"),
        ("an approximate range stored as a plain range", edit(TEN["some 2,100 or 2,200"], qualifier="range"), "qualifier-mismatch", "qualifier"),
        ("1937-38 with its end changed to 1939", edit(TEN["In 1937-38"], period_end="1939"), "period-mismatch", "period_end"),
        (
            "'After 1938' stored without its relation",
            edit(AFTER, period_text="After 1938"),
            "period-mismatch",
            "period_relation",
        ),
        (
            "'After' left outside the period mark",
            edit(AFTER, period_text="1938", period_relation="after"),
            "phrase-outside-mark",
            "period_text",
        ),
        ("winter stored as autumn", edit(TEN["half a million"], season="autumn"), "period-mismatch", "season"),
        ("a coal year the mark does not give", edit(OUTPUT, year="1934"), "period-mismatch", "year"),
        ("a status the mark does not give", edit(PLAN, status="announced"), "status-mismatch", "status"),
        ("a plan stored as an outcome", edit(PLAN, status="outcome"), "status-mismatch", "status"),
        ("an unaccounted status phrase", edit(PLAN, status="outcome", status_text=""), "status-phrase-unmarked", "status_text"),
        ("a plan with no status words", edit(OUTPUT, status="plan"), "status-unmarked", "status"),
        ("a status_text with no status phrase", edit(PLAN, status_text="trust"), "status-text-unreadable", "status_text"),
        ("a multiplier stored as an outcome", edit(TEN["In 1937-38"], excerpt="Output grew tenfold.", value="10", unit="factor", value_text="tenfold", period_text=""), "status-mismatch", "status"),
    ],
    ids=lambda c: c if isinstance(c, str) else "",
)
def test_each_misreading_is_one_error_on_its_cell(case, table_cells, code, column):
    table, cells = table_cells
    one(table, cells, code, column)


def test_hints_never_propose_a_value_the_source_contradicts():
    table, cells = edit(TEN["310,000 tons"], unit="million_tonnes", measure="output")
    said = one(table, cells, "value-mismatch", "value")
    assert "0.31" in said and "310000 million" not in said.replace(",", "")
    table, cells = edit(TEN["half a million"], value="0.5")
    assert "500000" in one(table, cells, "value-mismatch", "value")
    table, cells = edit(TEN["In 1937-38"], unit="million_tonnes")
    assert "0.005" in one(table, cells, "unit-mismatch", "unit") or "people" in one(table, cells, "unit-mismatch", "unit")


def test_a_caution_phrase_elsewhere_is_a_warning_only():
    table, cells = edit(TEN["In 1937-38"], excerpt="In 1937-38, 5,000 workers left the mines, not the towns.")
    found = check_semantics({table: [(2, cells)]}).problems
    assert [(p.code, p.level, p.column) for p in found] == [("caution-in-excerpt", "warning", "excerpt")]


def test_a_scope_phrase_must_be_marked_when_the_table_has_partial_scope():
    base = edit(TEN["a quarter"], excerpt="At several mines a quarter of the new miners were women", value_text="a quarter", partial_scope="")
    table, cells = base
    assert errors(table, {k: v for k, v in cells.items() if k != "partial_scope"}) == []  # without the column: a warning
    one(table, cells, "scope-phrase-unmarked", "partial_scope")
    assert errors(table, {**cells, "partial_scope": "At several mines"}) == []
    one(table, {**cells, "partial_scope": "several mine"}, "reading-cuts-word", "partial_scope")


def test_a_number_paired_with_the_farther_date_is_a_warning():
    table, cells = edit(
        OUTPUT,
        excerpt="output rose to 17 million tons in 1937 and 21 million tons in 1940",
        value="21",
        qualifier="exact",
        value_text="21 million tons",
        period_text="in 1937",
        year="1937",
    )
    found = check_semantics({table: [(2, cells)]}).problems
    assert [(p.code, p.level) for p in found] == [("period-farther-than-another-date", "warning")]
    nearer = {**cells, "period_text": "in 1940", "year": "1940"}
    assert check_semantics({table: [(2, nearer)]}).problems == []


def test_an_amount_per_day_passes():
    table, cells = RATION
    assert errors(table, cells) == []


def test_every_reading_code_is_kebab_case_and_documented(repo):
    from kuzbass_data.gate.acknowledgements import ACKNOWLEDGEMENT_CODES
    from kuzbass_data.gate.readings import READING_CODES

    chapter = (repo / "docs" / "problems.md").read_text(encoding="utf-8")
    for code in (*READING_CODES, *ACKNOWLEDGEMENT_CODES, "impossible-date", "footnote-mismatch", "footnote-not-in-source"):
        assert code == code.lower() and " " not in code
        assert f"`{code}`" in chapter, code


def test_the_phrase_table_names_only_fields_and_terms_the_code_knows(repo):
    from kuzbass_data.schema.grammar import FIELDS, units
    from kuzbass_data.schema.vocabularies import PERIOD_RELATION, QUALIFIER, SEASON, STATUS

    known = {
        "qualifier": {*QUALIFIER.terms, "less_than"},  # 'less than' is read, and refused for want of a term
        "status": set(STATUS.terms),
        "relation": {*PERIOD_RELATION.terms, ""},  # "" marks a relation no term says ('since')
        "season": set(SEASON.terms),
        "range": {"range"},
        "rate": {"day", "week", "month", "year"},
    }
    rows = list(csv.DictReader((repo / "kuzbass_data" / "schema" / "terms" / "phrases.csv").read_text(encoding="utf-8").splitlines()))
    assert len({r["phrase"] for r in rows}) == len(rows)  # each phrase once
    for r in rows:
        assert r["field"] in FIELDS, r
        if r["field"] in known:
            assert r["term"] in known[r["field"]], r
        if r["field"] == "scale":
            assert float(r["term"]) > 1, r
    assert all(u.per_stored > 0 and (u.written or u.term == "fraction") for u in units().values())


@pytest.mark.parametrize(
    ("excerpt", "codes"),
    [
        # The first "38 workers" is the end of "1937-38 workers" and cuts the number; the second is a whole number.
        ("In 1937-38 workers left; 38 workers left the mines.", []),
        ("In 1937-38 workers left.", [("reading-cuts-word", "value_text")]),
    ],
)
def test_a_mark_stands_where_it_cuts_no_number(excerpt, codes):
    table, cells = edit(TEN["In 1937-38"], excerpt=excerpt, value="38", value_text="38 workers")
    assert [(p.code, p.column) for p in check_semantics({table: [(2, cells)]}).problems] == codes
