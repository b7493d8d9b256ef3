"""Semantic checks of each row against its own excerpt: one valid row per rule, and one-line breaks of it.

Each broken case is a valid row with ONE edit; it must fail with exactly its code and nothing else.
"""

from __future__ import annotations

import re

import pytest

from kuzbass_data.numerals import CONVERSIONS
from kuzbass_data.validate.exceptions import ExceptionEntry, parse_exceptions
from kuzbass_data.validate.semantics import ALL_CODES, CONTEXT_REACH, EXCEPTION_CODES, check_footnotes, check_semantics, footnote_for

PERIOD = {"period_start": "", "period_end": "", "period_precision": "", "season": "", "period_relation": ""}
COMMON = {"value_low": "", "value_high": "", "qualifier": "exact", "status": "outcome", "source_id": "landau-2015", "footnote": "", "locator": "", "note": ""}


def row(**cells: str) -> dict[str, str]:
    base = {**COMMON, **({} if "year" in cells else PERIOD)}
    return {**base, **cells}


# Valid rows: (table, cells). Their excerpts are the article's (each <= 200 characters, as in raw/).
VALID = {
    "about": (
        "workforce",
        row(
            id="monthly-workforce-1932",
            measure="monthly_workforce",
            value="32000",
            unit="people",
            qualifier="approximate",
            excerpt="The overall total number of workers in any one month was about 32,000.",
        ),
    ),
    "almost": (
        "prisoners_of_war",
        row(
            id="pows-able-to-work-1948",
            measure="share_able_to_work",
            value="90",
            unit="percent",
            qualifier="almost",
            period_start="1948",
            period_end="1948",
            period_precision="year",
            excerpt="Now almost 90 per cent of prisoners were designated “able to work”.",
        ),
    ),
    "more-than": (
        "deportations",
        row(
            id="special-settlers",
            measure="sent",
            value="50000",
            value_low="50000",
            unit="people",
            qualifier="more_than",
            excerpt="At the same time, more than 50,000 special settlers were sent from the Moscow region and Bashkiria to the Kuzbass.",
        ),
    ),
    "plan": (
        "coal_output",
        row(
            id="kuzbass-1932-plan",
            measure="output",
            year="1932",
            base_year="",
            value="10.5",
            unit="million_tonnes",
            status="plan",
            excerpt="The First Five-Year Plan envisaged an enormous increase in annual coal production, from 2.4 million tons in 1928 to 10.5 million tons in 1932.",
        ),
    ),
    "announced": (
        "deportations",
        row(
            id="internees-announced",
            measure="sent",
            value="8500",
            unit="people",
            status="announced",
            excerpt=(
                "Contrary to official announcements, which spoke of 8,500 internees to be sent to the Kuzbass, actually only 5,332 were sent to the Kuzbass and the"
                " Karaganda basin in Kazakhstan in 1947."
            ),
        ),
    ),
    "sent": (
        "deportations",
        row(
            id="internees-sent",
            measure="sent",
            value="5332",
            unit="people",
            period_start="1947",
            period_end="1947",
            period_precision="year",
            excerpt=(
                "Contrary to official announcements, which spoke of 8,500 internees to be sent to the Kuzbass, actually only 5,332 were sent to the Kuzbass and the"
                " Karaganda basin in Kazakhstan in 1947."
            ),
        ),
    ),
    "output": (
        "coal_output",
        row(
            id="kuzbass-1937-outcome",
            measure="output",
            year="1937",
            base_year="",
            value="17",
            unit="million_tonnes",
            excerpt="Production figures continued to rise rapidly, to 17 million tons in 1937 and 21 million tons in 1940.",
        ),
    ),
    "claimed": (
        "workforce",
        row(
            id="labour-deficit-kuzbass",
            measure="labour_deficit",
            value="23000",
            unit="people",
            status="claimed",
            excerpt="The leading party officials in western Siberia argued that with a deficit of 23,000 workers in the Kuzbass",
        ),
    ),
    "footnote-only": (
        "prisoners_of_war",
        row(
            id="pows-assigned-to-mines",
            measure="share_assigned_to_mines",
            value="60",
            unit="percent",
            qualifier="approximate",
            excerpt="About 60 per cent of them were assigned to work in the mines.Footnote 52",
        ),
    ),
    "accidents": (
        "accidents",
        row(
            id="accidents-1931-reported",
            measure="accidents_reported",
            value="6000",
            unit="accidents",
            qualifier="almost",
            period_start="1931",
            period_end="1931",
            period_precision="year",
            excerpt="In 1931 almost 6,000 accidents were reported, in 1936 more than 20,000.",
        ),
    ),
    "ash": (
        "mining_conditions",
        row(
            id="coal-ash-content",
            measure="ash_content",
            value="10",
            unit="percent",
            qualifier="approximate",
            excerpt="The content of ash (about 10 per cent) and sulphur (between 0.4 and 0.7 per cent) was comparatively low.",
        ),
    ),
    "day": (
        "accidents",
        row(
            id="accident-1936-09-22-deaths",
            measure="deaths",
            value="10",
            unit="people",
            period_start="1936-09-22",
            period_end="1936-09-22",
            period_precision="day",
            excerpt="On 22 September 1936 a build up of methane gas exploded in Kemerovo’s Central Mine. Ten miners died and fifteen were severely injured.",
        ),
    ),
    "after": (
        "repression",
        row(
            id="leading-personnel",
            measure="share_arrested_or_executed",
            value="70",
            value_low="70",
            unit="percent",
            qualifier="more_than",
            period_start="1938",
            period_precision="year",
            period_relation="after",
            excerpt="After 1938, over 70 per cent of leading personnel were either arrested or executed.",
        ),
    ),
    "up-to-range": (
        "mining_conditions",
        row(
            id="coal-left-in-goaf",
            measure="share_of_coal_left_in_goaf",
            value="",
            value_low="40",
            value_high="60",
            unit="percent",
            qualifier="up_to_range",
            excerpt="leaving up to between 40 and 60 per cent of the coal in the goaf",
        ),
    ),
    "dash-range": (
        "settler_conditions",
        row(
            id="settler-child-mortality",
            measure="child_mortality",
            value="",
            value_low="8",
            value_high="12",
            unit="percent",
            qualifier="range",
            excerpt="Because of insufficient food, housing and medical support, 8-12 per cent of the children under three years of age died.",
        ),
    ),
    "one-half": (
        "prisoners_of_war",
        row(
            id="pows-able-to-work-1946",
            measure="share_able_to_work",
            value="50",
            unit="percent",
            period_start="1946",
            period_end="1946",
            period_precision="year",
            excerpt="Only one-half of the POWs were able to work in 1946.",
        ),
    ),
    "one-fifth": (
        "foreigners",
        row(
            id="foreign-specialists-stayed",
            measure="share_stayed",
            value="0.2",
            unit="fraction",
            excerpt="only one-fifth of the foreign specialists originally attracted to the Kuzbass could be convinced to stay",
        ),
    ),
    "kilo": (
        "rations",
        row(
            id="ration-hewer",
            measure="bread_ration",
            value="1000",
            unit="grams_per_day",
            status="norm",
            excerpt="Under the new regulations, a hewer would receive one kilo of bread per day, other underground miners only 900 grams.",
        ),
    ),
    "tenfold": (
        "coal_output",
        row(
            id="kuzbass-growth",
            measure="growth_factor",
            year="1940",
            base_year="1928",
            value="10",
            unit="factor",
            status="derived",
            excerpt="In summary, coal production increased tenfold between 1928 and 1940.",
        ),
    ),
    "norm-twice": (
        "settler_conditions",
        row(
            id="settler-work-norm",
            measure="work_norm_vs_free_workers",
            value="2",
            unit="factor",
            status="norm",
            excerpt="though the work norm was set in some places twice as high as for the free workers",
        ),
    ),
    "second-of-two": (
        "workforce",
        row(
            id="workers-left-1932",
            measure="workers_left",
            value="60000",
            unit="people",
            period_start="1932",
            period_end="1932",
            period_precision="year",
            excerpt="In 1932 about 60,000 new workers were registered by Kuzbasugol’, while at the same time 60,000 workers left the company.",
        ),
    ),
    "by": (
        "foreigners",
        row(
            id="foreigners-remaining",
            measure="remaining",
            value="43",
            unit="people",
            period_end="1937",
            period_precision="year",
            period_relation="by",
            excerpt="By 1937, only 43 of the 1,000 foreigners working in the Kuzbass in 1932 were left.",
        ),
    ),
    # The rows below quote INVENTED TEST DATA (sentences written for these tests, no source's words).
    "invented-hundreds": ("deportations", row(id="invented-hundreds", measure="sent", value="200", unit="people", excerpt="Two hundred settlers were brought to the pits.")),
    "invented-hundred-and": ("deportations", row(id="invented-hundred-and", measure="sent", value="120", unit="people", excerpt="One hundred and twenty settlers were brought.")),
    "invented-thousands": ("deportations", row(id="invented-thousands", measure="sent", value="2000", unit="families", excerpt="two thousand families were sent to the pits")),
    "invented-space-grouped": ("deportations", row(id="invented-space-grouped", measure="sent", value="23630", unit="families", excerpt="23 630 kulak families were sent to the pits")),
    "invented-range-scale": (
        "deportations",
        row(id="invented-range-scale", measure="sent", value="", value_low="3000", value_high="4000", unit="people", qualifier="range", excerpt="3-4 thousand settlers were sent."),
    ),
    "invented-mln": ("deportations", row(id="invented-mln", measure="sent", value="2700000", unit="people", excerpt="2.7 mln settlers were sent.")),
    "invented-maximum": ("deportations", row(id="invented-maximum", measure="sent", value="5000", unit="people", qualifier="up_to", excerpt="A maximum of 5,000 settlers were sent.")),
    "invented-circa": ("deportations", row(id="invented-circa", measure="sent", value="5000", unit="people", qualifier="approximate", excerpt="The trains brought c. 5,000 settlers.")),
    "invented-exceeded": ("deportations", row(id="invented-exceeded", measure="sent", value="5000", unit="people", qualifier="more_than", excerpt="The number of settlers sent exceeded 5,000.")),
    "invented-marker": (
        "deportations",
        row(id="invented-marker", measure="sent", value="20000", unit="people", qualifier="more_than", excerpt="They sent over Footnote 50 20,000 settlers."),
    ),
    "invented-reportedly": ("deportations", row(id="invented-reportedly", measure="sent", value="5000", unit="people", status="claimed", excerpt="Reportedly 5,000 settlers were sent.")),
    "invented-expected": (
        "coal_output",
        row(id="invented-expected", measure="output", year="1933", value="5.5", unit="million_tonnes", status="plan", excerpt="The trust was expected to produce 5.5 million tons of coal in 1933."),
    ),
    "invented-after-month": (
        "deportations",
        row(
            id="invented-after-month",
            measure="sent",
            value="3100",
            unit="people",
            qualifier="approximate",
            period_start="1938-03",
            period_end="1938-03",
            period_precision="month",
            period_relation="after",
            excerpt="After March 1938 about 3,100 settlers were sent.",
        ),
    ),
    "invented-since": (
        "deportations",
        row(id="invented-since", measure="sent", value="5000", unit="people", period_start="1935", period_end="1935", period_precision="year", excerpt="In 1935, 5,000 settlers were sent."),
    ),
    "invented-season": (
        "deportations",
        row(
            id="invented-season",
            measure="sent",
            value="900",
            unit="people",
            period_start="1931-06",
            period_end="1931-08",
            period_precision="season",
            season="summer",
            excerpt="In summer 1931, 900 settlers were sent.",
        ),
    ),
    "invented-change": (
        "deportations",
        row(id="invented-change", measure="sent", value="6000", unit="people", excerpt="The number of settlers sent grew from 2,000 to 6,000."),
    ),
    "invented-ration": ("rations", row(id="invented-ration", measure="bread_ration", value="300", unit="grams_per_day", status="norm", excerpt="Each worker was to receive 300 grams of bread a day.")),
}

# (case name, valid row it edits, the one edit, the one code it must raise)
BROKEN = [
    # The number reader: words with hundreds, scale words, digit groups, unstated amounts, names, years (INVENTED excerpts).
    ("'two hundred' stored as 2", "invented-hundreds", {"value": "2"}, "value-scale-mismatch"),
    ("the hundred of 'two hundred' stored as the value", "invented-hundreds", {"value": "100"}, "number-not-in-excerpt"),
    ("the twenty of 'one hundred and twenty' stored as the value", "invented-hundred-and", {"value": "20"}, "number-not-in-excerpt"),
    ("the thousand of 'two thousand' stored as the value", "invented-thousands", {"value": "1000"}, "number-not-in-excerpt"),
    ("the last group of '23 630' stored as the value", "invented-space-grouped", {"value": "630"}, "number-not-in-excerpt"),
    ("'3-4 thousand' stored as 3 to 4000", "invented-range-scale", {"value_low": "3"}, "value-scale-mismatch"),
    ("'2.7 mln' stored as 2.7 people", "invented-mln", {"value": "2.7"}, "value-scale-mismatch"),
    ("'several thousand' stored as 1000", "invented-thousands", {"value": "1000", "excerpt": "several thousand families were sent to the pits"}, "value-not-a-quantity"),
    ("'a few dozen' stored as 12", "invented-thousands", {"value": "12", "excerpt": "a few dozen families were sent to the pits"}, "value-not-a-quantity"),
    ("the number of an order stored as the value", "invented-hundreds", {"value": "447", "excerpt": "Under NKVD Order 447 settlers were brought to the pits."}, "value-not-a-quantity"),
    ("'late 1937' stored as 1937 people", "invented-hundreds", {"value": "1937", "excerpt": "In late 1937 settlers were brought to the pits."}, "value-not-a-quantity"),
    ("a range row with a midpoint the excerpt never writes", "dash-range", {"value": "10"}, "number-not-in-excerpt"),
    ("'8-12 per cent' stored as 8 to 15", "dash-range", {"value_high": "15"}, "number-not-in-excerpt"),
    ("'3-4 thousand' stored as 3000 to 5000", "invented-range-scale", {"value_high": "5000"}, "number-not-in-excerpt"),
    # The words that govern a number.
    ("'a maximum of 5,000' stored exact", "invented-maximum", {"qualifier": "exact"}, "qualifier-mismatch"),
    ("'c. 5,000' stored exact", "invented-circa", {"qualifier": "exact"}, "qualifier-mismatch"),
    ("'exceeded 5,000' stored exact", "invented-exceeded", {"qualifier": "exact", "value_low": ""}, "qualifier-mismatch"),
    ("'over' before a typed footnote marker stored exact", "invented-marker", {"qualifier": "exact"}, "qualifier-mismatch"),
    ("'reportedly' stored as outcome", "invented-reportedly", {"status": "outcome"}, "status-mismatch"),
    ("'expected to produce' stored as outcome", "invented-expected", {"status": "outcome"}, "status-mismatch"),
    ("'was to produce' stored as a norm", "invented-expected", {"status": "norm", "excerpt": "The trust was to produce 5.5 million tons of coal in 1933."}, "status-mismatch"),
    ("'After March 1938' stored without its relation", "invented-after-month", {"period_relation": ""}, "period-relation-mismatch"),
    ("'Since 1935' stored as the year 1935", "invented-since", {"excerpt": "Since 1935, 5,000 settlers were sent."}, "period-relation-mismatch"),
    ("'By the end of 1935' stored without its relation", "invented-since", {"excerpt": "By the end of 1935, 5,000 settlers were sent."}, "period-relation-mismatch"),
    ("1.5 kilos a week stored per day", "invented-ration", {"value": "1500", "excerpt": "Each worker was to receive 1.5 kilos of bread a week."}, "unit-mismatch"),
    ("'In summer 1931' stored as autumn", "invented-season", {"season": "autumn", "period_start": "1931-09", "period_end": "1931-11"}, "period-mismatch"),
    ("'grew from 2,000 to 6,000' stored as a range", "invented-change", {"value": "", "value_low": "2000", "value_high": "6000", "qualifier": "range"}, "qualifier-mismatch"),
    ("'5.000 settlers' stored as 5", "invented-hundreds", {"value": "5", "excerpt": "The trains brought 5.000 settlers to the pits."}, "number-not-in-excerpt"),
    ("'was supposed to deliver' stored as outcome", "invented-expected", {"status": "outcome", "excerpt": "The trust was supposed to deliver 5.5 million tons of coal in 1933."}, "status-mismatch"),
    ("'Reports put ... at' stored as outcome", "invented-reportedly", {"status": "outcome", "excerpt": "Reports put the number of settlers sent at 5,000."}, "status-mismatch"),
    ("'claims, e.g. 5,000' stored as outcome", "invented-reportedly", {"status": "outcome", "excerpt": "The NKVD claims, e.g. 5,000 settlers sent, were inflated."}, "status-mismatch"),
    ("'estimated the settlers at' stored exact", "invented-circa", {"qualifier": "exact", "excerpt": "Officials estimated the settlers sent at 5,000."}, "qualifier-mismatch"),
    ("'fixed at 300 grams' stored as outcome", "invented-ration", {"status": "outcome", "excerpt": "The daily bread issue was fixed at 300 grams per worker."}, "status-mismatch"),
    ("'would have produced' as an outcome", "invented-expected", {"status": "outcome", "excerpt": "With timber the trust would have produced 5.5 million tons of coal in 1933."}, "status-mismatch"),
    ("'was not 5.5 million tons' as an outcome", "invented-expected", {"status": "outcome", "excerpt": "Coal output in 1933 was not 5.5 million tons, but far less."}, "status-mismatch"),
    ("300 grams of meat as a bread ration", "invented-ration", {"excerpt": "Each worker was to receive 300 grams of meat a day."}, "excerpt-off-topic"),
    ("about 32,000 stored exact", "about", {"qualifier": "exact"}, "qualifier-mismatch"),
    ("almost 90 per cent stored exact", "almost", {"qualifier": "exact"}, "qualifier-mismatch"),
    ("more than 50,000 exact, value_low emptied", "more-than", {"qualifier": "exact", "value_low": ""}, "qualifier-mismatch"),
    ("up to between 40 and 60 stored as a plain range", "up-to-range", {"qualifier": "range"}, "qualifier-mismatch"),
    ("8-12 stored as the single value 8", "dash-range", {"qualifier": "exact", "value": "8", "value_low": "", "value_high": ""}, "qualifier-mismatch"),
    ("plan stored as outcome", "plan", {"status": "outcome"}, "status-mismatch"),
    ("'spoke of 8,500' stored as outcome", "announced", {"status": "outcome"}, "status-mismatch"),
    ("'argued ... 23,000' stored as outcome", "claimed", {"status": "outcome"}, "status-mismatch"),
    ("the 5,332 sent stored as announced", "sent", {"status": "announced"}, "status-mismatch"),
    ("'tenfold' stored as outcome", "tenfold", {"status": "outcome"}, "status-mismatch"),
    ("ration stored as outcome", "kilo", {"status": "outcome"}, "status-mismatch"),
    ("50,000 special settlers stored in families", "more-than", {"unit": "families"}, "unit-mismatch"),
    ("one-half stored as 0.5 percent", "one-half", {"value": "0.5"}, "unit-mismatch"),
    ("one-half stored as 5 percent", "one-half", {"value": "5"}, "value-scale-mismatch"),
    ("one-fifth stored as 0.2 percent", "one-fifth", {"unit": "percent"}, "unit-mismatch"),
    ("17 million tons stored as 17000 million_tonnes", "output", {"value": "17000"}, "value-scale-mismatch"),
    ("17 million tons stored as 17000000 million_tonnes", "output", {"value": "17000000"}, "value-scale-mismatch"),
    ("23,000 workers stored as 23,000,000", "claimed", {"value": "23000000"}, "value-scale-mismatch"),
    ("one kilo stored as 1 gram", "kilo", {"value": "1"}, "value-scale-mismatch"),
    ("about 32,000 stored as 320,000", "about", {"value": "320000"}, "value-scale-mismatch"),
    ("value replaced by the year of its excerpt", "output", {"value": "1937"}, "value-not-a-quantity"),
    ("a footnote marker as the only number", "footnote-only", {"value": "52", "qualifier": "exact"}, "value-not-a-quantity"),
    ("the day of a date as the value", "day", {"value": "22"}, "value-not-a-quantity"),
    ("a new row whose only number is a footnote marker", "footnote-only", {"value": "52", "qualifier": "exact", "excerpt": "mines.Footnote 52"}, "value-not-a-quantity"),
    ("a number inside a name as the value", "footnote-only", {"value": "525", "qualifier": "exact", "excerpt": "the internees in Camp No. 525 near Kemerovo"}, "value-not-a-quantity"),
    ("a number not in the excerpt", "about", {"value": "27"}, "number-not-in-excerpt"),
    ("period 1933 where the excerpt says 'In 1932'", "second-of-two", {"period_start": "1933", "period_end": "1933"}, "period-mismatch"),
    (
        "ash words as deaths, unit people",
        "day",
        {"value": "10", "qualifier": "approximate", "period_start": "", "period_end": "", "period_precision": "", "excerpt": "the explosion (about 10 per cent)"},
        "unit-mismatch",
    ),
    (
        "accidents row backed by the ash sentence, unit percent",
        "accidents",
        {"unit": "percent", "value": "10", "qualifier": "approximate", "period_start": "", "period_end": "", "period_precision": "", "excerpt": VALID["ash"][1]["excerpt"]},
        "excerpt-off-topic",
    ),
    ("period 1933 where the excerpt says 'In 1931'", "accidents", {"period_start": "1933", "period_end": "1933"}, "period-mismatch"),
    ("coal year 1938 where the excerpt says 1937", "output", {"year": "1938"}, "period-mismatch"),
    ("a day the excerpt does not write", "day", {"period_start": "1936-09-23", "period_end": "1936-09-23"}, "period-mismatch"),
    ("the impossible date 1936-09-31", "day", {"period_start": "1936-09-31", "period_end": "1936-09-31"}, "impossible-date"),
    ("'After 1938' stored as from 1938", "after", {"period_relation": ""}, "period-relation-mismatch"),
    ("'By 1937' stored as in 1937", "by", {"period_relation": "", "period_start": "1937"}, "period-relation-mismatch"),
    ("'after' where the excerpt says 'By 1937'", "by", {"period_relation": "after", "period_start": "1937", "period_end": ""}, "period-relation-mismatch"),
]


def codes(table: str, cells: dict[str, str], texts: dict[str, str] | None = None) -> list[str]:
    result = check_semantics({table: [(2, cells)]}, texts)
    return [p.code for p in result.problems]


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_rows_pass(name):
    table, cells = VALID[name]
    assert codes(table, cells) == []


@pytest.mark.parametrize(("case", "base", "edit", "code"), BROKEN, ids=[c[0] for c in BROKEN])
def test_one_edit_fails_with_exactly_its_code(case, base, edit, code):
    table, cells = VALID[base]
    broken = {**cells, **edit}
    assert codes(table, broken) == [code]


def test_a_fabricated_accidents_row_backed_by_the_ash_sentence():
    # Two lies at once: the unit words ('per cent') and the subject (ash, not accidents).
    table, cells = VALID["accidents"]
    fabricated = {**cells, "value": "10", "qualifier": "approximate", "period_start": "", "period_end": "", "period_precision": "", "excerpt": VALID["ash"][1]["excerpt"]}
    assert sorted(codes(table, fabricated)) == ["excerpt-off-topic", "unit-mismatch"]


def test_problems_name_file_line_and_column():
    table, cells = VALID["about"]
    (problem,) = check_semantics({table: [(7, {**cells, "qualifier": "exact"})]}).problems
    assert (problem.file, problem.line, problem.column) == ("raw/workforce.csv", 7, "qualifier")
    assert "about" in str(problem) or "approximate" in str(problem)


def test_less_than_has_no_vocabulary_term():
    # Invented test excerpt: the vocabulary cannot say 'less than'; the problem says so.
    cells = row(id="invented", measure="monthly_workforce", value="500", unit="people", excerpt="less than 500 workers stayed")
    (problem,) = check_semantics({"workforce": [(2, cells)]}).problems
    assert problem.code == "qualifier-mismatch" and "cannot say" in problem.message
    assert (problem.line, problem.column) == (2, "qualifier") and problem.hint


def test_unreadable_cells_are_left_to_the_cell_checks():
    table, cells = VALID["about"]
    assert codes(table, {**cells, "value": "abc"}) == []
    assert codes(table, {**cells, "excerpt": ""}) == []
    assert codes(table, {**cells, "period_start": "1936-13-01", "period_end": ""}) == []


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
    table, cells = VALID["day"]
    assert [p.code for p in check_footnotes({table: [(2, {**cells, "footnote": "42"})]}, {"landau-2015": text})] == []
    assert [p.code for p in check_footnotes({table: [(2, {**cells, "footnote": "59"})]}, {"landau-2015": text})] == ["footnote-not-in-source"]
    assert [p.code for p in check_footnotes({table: [(2, cells)]}, {"landau-2015": text})] == ["footnote-mismatch"]


# --- reviewed exceptions -----------------------------------------------------------------------


def exceptions(text: str) -> list[ExceptionEntry]:
    entries, problems = parse_exceptions("id,check,reason\n" + text)
    assert problems == []
    return entries


def test_an_exception_silences_its_problem_and_is_reported():
    table, cells = VALID["about"]
    broken = {**cells, "qualifier": "exact"}
    result = check_semantics({table: [(2, broken)]}, None, exceptions("monthly-workforce-1932,qualifier-mismatch,a reviewed reason\n"))
    assert result.problems == []
    assert [(a.entry.id, a.problem.code) for a in result.applied] == [("monthly-workforce-1932", "qualifier-mismatch")]
    assert "exception applied" in str(result.applied[0]) and "a reviewed reason" in str(result.applied[0])


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("no-such-row,qualifier-mismatch,why\n", "exception-unknown-id"),
        ("monthly-workforce-1932,no-such-check,why\n", "exception-unknown-check"),
        ("monthly-workforce-1932,status-mismatch,the check does not fire on this row\n", "exception-unused"),
        ("monthly-workforce-1932,qualifier-mismatch,why\nmonthly-workforce-1932,qualifier-mismatch,again\n", "exception-repeated"),
    ],
)
def test_the_exceptions_list_cannot_rot(entry, code):
    table, cells = VALID["about"]
    result = check_semantics({table: [(2, cells)]}, None, exceptions(entry))
    assert code in [p.code for p in result.problems]
    assert all(p.file == "audit/exceptions.csv" for p in result.problems if p.code == code)


def test_a_footnote_exception_is_not_stale_without_the_source_text():
    tables = {"workforce": [(2, mules())]}
    result = check_semantics(tables, None, exceptions("invented-mules,footnote-mismatch,reviewed\n"))
    assert result.problems == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("id,check\nx,y\n", "exception-file-invalid"),
        ("id,check,reason\nx,qualifier-mismatch,\n", "exception-file-invalid"),
        ("id,check,reason\nx,y,z,w\n", "exception-file-invalid"),
        ("id,check,reason\n\x00\n", "exception-file-invalid"),
    ],
)
def test_a_malformed_exceptions_file_is_a_clean_problem(text, code):
    entries, problems = parse_exceptions(text)
    assert entries == [] and [p.code for p in problems] == [code]


def test_every_code_is_kebab_case_and_documented(repo):
    chapter = (repo / "docs" / "maintainers" / "checks.md").read_text(encoding="utf-8")
    for code in (*ALL_CODES, *EXCEPTION_CODES):
        assert code == code.lower() and " " not in code
        assert f"`{code}`" in chapter, code
    # The conversions table of the chapter is the one in code, row for row.
    for c in CONVERSIONS:
        assert f"| {c.written} | {c.unit} | {c.factor:.0f} | {c.example} |" in chapter, c


def test_validate_prints_the_exceptions_it_applied(scratch):
    from kuzbass_data.validate import validate

    (scratch / "audit" / "exceptions.csv").write_text("id,check,reason\npows-meeting-targets-before,status-mismatch,'work targets' names what is measured\n", encoding="utf-8")
    report = validate(scratch, published=False)
    assert any("exception applied: pows-meeting-targets-before status-mismatch" in note for note in report.notes)
    assert not any(p.code == "status-mismatch" and p.line == 4 and p.file == "raw/prisoners_of_war.csv" for p in report.problems)


def test_an_exception_of_a_row_an_earlier_step_flagged_is_set_aside(scratch):
    """One mistake, one problem: a row whose measure breaks its pattern is not read for its meaning,
    so its reviewed exception neither applies nor reports itself unknown or unused."""
    from kuzbass_data.validate import validate

    target = parse_exceptions((scratch / "audit" / "exceptions.csv").read_text(encoding="utf-8"))[0][0].id
    for path in sorted((scratch / "raw").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        found = [i for i, text in enumerate(lines) if text.startswith(f"{target},")]
        if found:
            lines[found[0]] = lines[found[0]].replace(f"{target},", f"{target},X", 1)  # the measure, second in every data table
            path.write_text("\n".join(lines), encoding="utf-8")
            break
    report = validate(scratch, published=False)
    assert [(p.file, p.line, p.column) for p in report.problems] == [(f"raw/{path.name}", found[0] + 1, "measure")]
    assert not any(target in note for note in report.notes)


def test_a_symlinked_exceptions_file_is_refused_unread(tmp_path):
    from kuzbass_data.validate.exceptions import read_exceptions

    (tmp_path / "audit").mkdir()
    (tmp_path / "secret").write_text("id,check,reason\nx,y,z\n", encoding="utf-8")
    (tmp_path / "audit" / "exceptions.csv").symlink_to(tmp_path / "secret")
    entries, problems = read_exceptions(tmp_path)
    assert entries == [] and [p.code for p in problems] == ["exception-file-invalid"]
    assert "x,y,z" not in str(problems[0])


def test_the_cli_prints_each_exception_applied(scratch, capsys):
    from kuzbass_data.cli import main

    # Any row and any of its problems will do: break one row, then allow it.
    path = scratch / "raw" / "workforce.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("monthly-workforce-1932,"))
    path.write_text(text.replace(row, row.replace(",approximate,", ",exact,", 1)), encoding="utf-8")
    (scratch / "audit" / "exceptions.csv").write_text("id,check,reason\nmonthly-workforce-1932,qualifier-mismatch,a reviewed reason\n", encoding="utf-8")
    main(["validate", str(scratch)])
    out = capsys.readouterr().out
    assert "audit/exceptions.csv:2: exception applied: monthly-workforce-1932 qualifier-mismatch" in out
    assert "but the row's qualifier is 'exact'" not in out  # the problem itself is silenced


@pytest.mark.parametrize(("case", "base", "edit", "code"), BROKEN, ids=[c[0] for c in BROKEN])
def test_each_problem_names_its_place_and_says_how_to_fix_it(case, base, edit, code):
    table, cells = VALID[base]
    broken = {**cells, **edit}
    (problem,) = check_semantics({table: [(7, broken)]}).problems
    assert (problem.file, problem.line) == (f"raw/{table}.csv", 7)
    assert problem.column in broken  # every semantic problem names the cell it is about
    assert problem.message and problem.hint


def test_a_zero_value_is_not_found_rather_than_a_crash():
    # 0 is no power of ten of any number in the excerpt: the row's number is simply not there.
    table, cells = VALID["about"]
    assert codes(table, {**cells, "value": "0"}) == ["number-not-in-excerpt"]


@pytest.mark.parametrize("edit", [{"footnote": "2"}, {"footnote": ""}, {"footnote": "59"}, {"value": "12", "qualifier": "exact", "excerpt": "with 12 horses", "footnote": "3"}])
def test_footnote_problems_name_their_cell_and_say_how_to_fix_it(edit):
    (problem,) = check_footnotes({"workforce": [(5, mules(**edit))]}, {"invented-2026": INVENTED})
    assert (problem.file, problem.line, problem.column) == ("raw/workforce.csv", 5, "footnote")
    assert problem.message and problem.hint


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id,check\nx,y\n", 1),
        ("id,check,reason\nx,qualifier-mismatch,\n", 2),
        ("id,check,reason\n\nx,qualifier-mismatch,   \n", 3),
        ("id,check,reason\nx,y,z,w\n", 2),
        ('id,check,reason\nx,y,"a reason\nover two lines"\nx,y\n', 4),
        ("id,check,reason\n\x00\n", None),
    ],
)
def test_a_malformed_exceptions_file_names_the_line(text, line):
    _, problems = parse_exceptions(text)
    (problem,) = problems
    assert (problem.file, problem.line, problem.code) == ("audit/exceptions.csv", line, "exception-file-invalid")
    assert problem.message and problem.hint


@pytest.mark.parametrize(
    ("entry", "code", "line"),
    [
        ("no-such-row,qualifier-mismatch,why\n", "exception-unknown-id", 2),
        ("monthly-workforce-1932,no-such-check,why\n", "exception-unknown-check", 2),
        ("monthly-workforce-1932,status-mismatch,the check does not fire on this row\n", "exception-unused", 2),
        ("monthly-workforce-1932,qualifier-mismatch,why\nmonthly-workforce-1932,qualifier-mismatch,again\n", "exception-repeated", 3),
    ],
)
def test_a_rotten_exception_is_the_one_problem_at_its_line(entry, code, line):
    table, cells = VALID["about"]
    broken = {**cells, "qualifier": "exact"} if code == "exception-repeated" else cells  # the repeated entry's first one applies
    result = check_semantics({table: [(2, broken)]}, None, exceptions(entry))
    (problem,) = result.problems
    assert (problem.file, problem.line, problem.column, problem.code) == ("audit/exceptions.csv", line, None, code)
    assert problem.message and problem.hint


def test_an_unknown_check_is_answered_with_every_check_it_may_name() -> None:
    # The hint lists the checks an exception may name, each as a whole name that can be copied.
    table, cells = VALID["about"]
    result = check_semantics({table: [(2, cells)]}, None, exceptions("monthly-workforce-1932,no-such-check,why\n"))
    (problem,) = result.problems
    assert problem.code == "exception-unknown-check"
    for code in ALL_CODES:
        assert re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", problem.hint), code


def test_a_season_in_a_year_the_excerpt_writes_is_that_year() -> None:
    # The excerpt writes the year but not the season: a season of that year is a period it states.
    table, cells = VALID["accidents"]
    summer = {**cells, "period_precision": "season", "season": "summer"}
    assert codes(table, summer) == []
    assert codes(table, {**summer, "period_start": "1932", "period_end": "1932"}) == ["period-mismatch"]


def test_a_qualifier_hint_names_the_range_columns_only_for_a_range() -> None:
    table, cells = VALID["about"]
    (problem,) = check_semantics({table: [(2, {**cells, "qualifier": "exact"})]}).problems
    assert problem.code == "qualifier-mismatch" and "value_low" not in problem.hint and "value_high" not in problem.hint
    table, cells = VALID["dash-range"]
    (problem,) = check_semantics({table: [(2, {**cells, "qualifier": "exact", "value": "8", "value_low": "", "value_high": ""})]}).problems
    assert problem.code == "qualifier-mismatch" and "value_low" in problem.hint and "value_high" in problem.hint


def test_a_status_word_that_opens_the_excerpt_counts():
    # Invented excerpt: the plan word is the excerpt's very first word.
    table, cells = VALID["about"]
    planned = {**cells, "status": "plan", "excerpt": "Plans put the workforce of any one month at about 32,000."}
    assert codes(table, planned) == []
    assert codes(table, {**planned, "status": "outcome"}) == ["status-mismatch"]


def test_an_excerpt_with_a_short_decimal_is_judged_not_a_crash():
    table, cells = VALID["almost"]
    assert codes(table, {**cells, "value": "52.4", "qualifier": "exact", "excerpt": "Now 52.4 per cent of prisoners were designated “able to work”."}) == []


@pytest.mark.parametrize("column", ["period_start", "period_end"])
def test_an_impossible_bound_of_a_longer_period_is_reported_at_its_column(column):
    table, cells = VALID["day"]
    period = {"period_start": "1936-09-01", "period_end": "1936-10-30", column: "1936-09-31"}
    (problem,) = check_semantics({table: [(2, {**cells, **period})]}).problems
    assert (problem.code, problem.line, problem.column) == ("impossible-date", 2, column)


# The words just before an excerpt, with a text of its source at hand (INVENTED TEST DATA: the
# sentences below are written for these tests).
CONTEXT_TEXT = (
    "In 1931 almost 6,000 accidents were reported in the pits. The plan was almost done. 4,000 accidents were reported later.\n"
    "After 1938, over 70 per cent of the engineers were arrested.\n"
    "Later 6,000 accidents were reported in the pits.\n"
    "The newspapers spoke of 8,500 settlers sent to the pits.\n"
    "The settlers were to receive 300 grams of bread a day, and 2,000 of them died in the pits."
)
SENT = row(id="invented-sent", measure="sent", value="8500", unit="people", excerpt="8,500 settlers sent to the pits.")
ACCIDENTS = row(id="invented-accidents", measure="reported", value="6000", unit="accidents", excerpt="6,000 accidents were reported in the pits.")
ARRESTED = row(
    id="invented-arrested",
    measure="share_arrested",
    value="70",
    unit="percent",
    period_start="1938",
    period_end="1938",
    period_precision="year",
    excerpt="70 per cent of the engineers were arrested.",
)


@pytest.mark.parametrize(
    ("table", "cells", "text", "expected"),
    [
        ("accidents", ACCIDENTS, CONTEXT_TEXT.split("\n")[0], ["excerpt-cuts-context"]),  # "almost" cut off
        ("accidents", {**ACCIDENTS, "excerpt": "almost 6,000 accidents were reported in the pits.", "qualifier": "almost"}, CONTEXT_TEXT, []),
        ("accidents", {**ACCIDENTS, "value": "4000", "excerpt": "4,000 accidents were reported later."}, CONTEXT_TEXT, []),  # "almost" is another sentence's
        ("accidents", ACCIDENTS, CONTEXT_TEXT, []),  # also written with nothing before it ("Later")
        ("workforce", ARRESTED, CONTEXT_TEXT, ["excerpt-cuts-context"]),  # "After 1938, over" cut off: reported once
        ("workforce", {**ARRESTED, "excerpt": "over 70 per cent of the engineers were arrested.", "qualifier": "more_than", "value_low": "70"}, CONTEXT_TEXT, ["excerpt-cuts-context"]),
        ("deportations", SENT, CONTEXT_TEXT, ["excerpt-cuts-context"]),  # "spoke of" just before: an announcement
        ("deportations", {**SENT, "status": "announced"}, CONTEXT_TEXT, ["status-mismatch"]),  # the excerpt alone reads as an outcome
        ("deportations", {**SENT, "value": "2000", "excerpt": "2,000 of them died in the pits."}, CONTEXT_TEXT, []),  # "were to receive" governs another clause
        ("accidents", ACCIDENTS, None, []),  # no text at hand: not checked
    ],
)
def test_an_excerpt_that_cuts_off_the_words_governing_its_number(table, cells, text, expected):
    assert codes(table, cells, {"landau-2015": text} if text else None) == expected


def test_a_wrong_upper_end_of_a_range_is_reported_at_value_high():
    table, cells = VALID["dash-range"]
    result = check_semantics({table: [(2, {**cells, "value_high": "15"})]})
    assert [(p.code, p.column) for p in result.problems] == [("number-not-in-excerpt", "value_high")]


def test_a_word_cut_by_the_reach_of_the_context_is_not_read():
    """The context is read from its first whole word: a number cut by the reach ('11931' cut to
    '1931') is no year the source writes (INVENTED TEST DATA)."""
    cells = {**ACCIDENTS, "period_start": "1932", "period_end": "1932", "period_precision": "year"}
    reach = "1931 " + "word " * 23
    assert len(reach) == CONTEXT_REACH
    text = "Counts 1" + reach + cells["excerpt"]  # the reach begins inside "11931"
    assert codes("accidents", cells, {"landau-2015": text}) == []
    # The same words with "1931" written whole do date the number: then the cut is reported.
    assert codes("accidents", cells, {"landau-2015": "Counts " + reach + cells["excerpt"]}) == ["excerpt-cuts-context"]


def test_an_excerpt_that_cuts_its_context_is_reported_at_its_row_and_excerpt():
    result = check_semantics({"accidents": [(7, ACCIDENTS)]}, {"landau-2015": CONTEXT_TEXT.split("\n")[0]})
    assert [(p.code, p.file, p.line, p.column) for p in result.problems] == [("excerpt-cuts-context", "raw/accidents.csv", 7, "excerpt")]


def test_status_words_after_the_statement_of_a_number_do_not_govern_it():
    """A number's statement ends at its sentence: a plan word in the next sentence is another's (INVENTED TEST DATA)."""
    cells = {**VALID["invented-reportedly"][1], "status": "outcome", "excerpt": "The trains brought 5,000 settlers. The plan had been 7,000."}
    assert codes("deportations", cells) == []
