"""Controlled vocabularies: every term a vocabulary column may hold, spelled one way.

The terms of the vocabularies a contribution may extend (places, groups, nationalities, basins,
professions, accident kinds, mines, units and each table's measures) are data, in
``schema/terms/vocabularies.csv`` and ``units.csv``; the others steer the code and stay here.

The source spells some names two ways (Prokopyevsk and Prokop'evsk); the terms
here normalise them, while each row's excerpt keeps the source's spelling.
"""

from __future__ import annotations

import csv
import sys
from contextvars import ContextVar
from pathlib import Path

from ..paths import TERMS_DIR, in_package
from .model import Vocabulary

# The folder of the term files: the vocabularies whose terms are data, the unit records and the phrase table.
TERMS = in_package(TERMS_DIR)
# Every vocabulary whose terms are data (schema/terms/vocabularies.csv, units.csv), by name.
DATA_VOCABULARIES: dict[str, Vocabulary] = {}
# The key, in what ``read_terms`` returns, of the terms' words: how a term reads in a sentence where its
# spelling with spaces would not ("kuzbass" -> "the Kuzbass"), from the words column of vocabularies.csv.
WORDS = "words"
# Those words, by term, of the term files in use (the checked tree's own while it is validated).
TERM_WORDS: dict[str, str] = {}


def read_terms(folder: Path) -> dict[str, dict[str, str]]:
    """The terms of the data vocabularies in ``folder``: vocabulary name -> {term: description}
    (the units from their records in units.csv), and under ``WORDS`` the words of every term that has them."""
    terms: dict[str, dict[str, str]] = {WORDS: {}}
    with (folder / "vocabularies.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            terms.setdefault(row["vocabulary"], {})[row["term"]] = row["description"]
            if row.get("words"):
                terms[WORDS][row["term"]] = row["words"]
    with (folder / "units.csv").open(encoding="utf-8", newline="") as handle:
        terms["unit"] = {row["term"]: row["description"] for row in csv.DictReader(handle)}
    return terms


PACKAGE_TERMS = read_terms(TERMS)
TERM_WORDS.update(PACKAGE_TERMS[WORDS])


def data_vocabulary(name: str, description: str) -> Vocabulary:
    """A vocabulary whose terms are data: read from the term files, and from the checked tree's own
    copy while it is validated (``gate.terms.terms_of``)."""
    vocabulary = Vocabulary(name, description, dict(PACKAGE_TERMS.get(name, {})))
    DATA_VOCABULARIES[name] = vocabulary
    return vocabulary


def use_terms(terms: dict[str, dict[str, str]]) -> None:
    """Give every data vocabulary the ``terms`` (and the terms their words), and forget the column
    types derived from the old ones."""
    for name, vocabulary in DATA_VOCABULARIES.items():
        vocabulary.terms.clear()
        vocabulary.terms.update(terms.get(name, {}))
    TERM_WORDS.clear()
    TERM_WORDS.update(terms.get(WORDS, {}))
    dtypes = sys.modules.get("kuzbass_data.schema.dtypes")  # its categories are the vocabularies' terms
    if dtypes is not None:
        dtypes._DTYPES.clear()


# The term folder of the tree being validated (the package's own outside ``gate.terms.terms_of``).
ACTIVE_TERMS: ContextVar[Path] = ContextVar("ACTIVE_TERMS", default=TERMS)

# Each unit is one record of schema/terms/units.csv: its term, how it is written, conversions, maximum, wording.
UNIT = data_vocabulary("unit", "What the number counts or measures.")

QUALIFIER = Vocabulary(
    "qualifier",
    "How exactly the source states the number.",
    {
        "exact": "Stated without qualification ('126 foreigners', 'as many as 61 per cent').",
        "approximate": "Stated as approximate ('about', 'around').",
        "almost": "Stated as just under the value ('almost', 'nearly').",
        "more_than": "A lower bound ('more than', 'over'); value_low holds the bound.",
        "at_least": "An inclusive lower bound ('at least'); value_low holds the bound.",
        "up_to": "An upper bound ('up to'); value_high holds the bound.",
        "range": "A range ('8-12 per cent', 'between 25 and 40'); value_low and value_high hold it.",
        "up_to_range": "An upper limit given as a range ('up to between 40 and 60 per cent'); value_low and value_high hold the range.",
        "approximate_range": "An approximate range ('some 2,100 or 2,200', 'about 8-12'); value_low and value_high hold it.",
    },
)

STATUS = Vocabulary(
    "status",
    "What kind of statement the number is; plans and outcomes are never merged.",
    {
        "outcome": "What happened or was measured.",
        "plan": "A planned target.",
        "announced": "An official announcement of what would happen.",
        "norm": "A rule, quota or entitlement (a work norm, a ration, a deduction).",
        "derived": "A figure computed from others, such as a growth factor.",
        "claimed": "An assertion by an actor the source reports (an official's argument, a report to superiors), not a measurement.",
    },
)

BASIN = data_vocabulary("basin", "Coal basin.")

PLACE = data_vocabulary("place", "Places, regions and countries, normalised to one spelling.")

NATIONALITY = data_vocabulary("nationality", "Nationality the source names; never attached where the source names none.")

GROUP = data_vocabulary("group", "The group of people a number is about.")

PROFESSION = data_vocabulary("profession", "Profession or ration category.")

ACCIDENT_KIND = data_vocabulary("accident_kind", "Kind of accident.")

MINE = data_vocabulary("mine", "Mines named by the source.")

PERIOD_PRECISION = Vocabulary(
    "period_precision",
    "How precisely the source dates a number; nothing more precise is invented.",
    {
        "day": "A day (YYYY-MM-DD).",
        "month": "A month (YYYY-MM).",
        "season": "A season of a year; the season column names it.",
        "month_of_year": "A month of a year the source does not state ('in February'): period_start and period_end stay empty, the season column names the month.",
        "year": "One or more whole years (YYYY).",
        "decade": "A decade, e.g. 'the 1920s' (period_start 1920, period_end 1929).",
    },
)

# The months, for a month the source names without its year (period_precision month_of_year).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

SEASON = Vocabulary(
    "season",
    "Season of the year, when the source dates a number by season; or the month, when it names a month without its year (period_precision month_of_year).",
    {
        "spring": "Spring.",
        "summer": "Summer.",
        "autumn": "Autumn.",
        "winter": "Winter.",
        **{m.lower(): f"{m}, of a year the source does not state." for m in MONTH_NAMES},
    },
)

CONFLICT_KIND = Vocabulary(
    "conflict_kind",
    "Why rows must not be read naively together.",
    {
        "contradiction": "Two figures for the same quantity.",
        "plan_vs_outcome": "A plan or announcement and what actually happened.",
        "different_scope": "Similar words or numbers, but another place, group, period or measure.",
        "repeated_statement": "The text states the same figure more than once; one row records it.",
        "inconsistent_derivation": "A stated aggregate or factor that does not follow from the stated figures.",
        "change_over_time": "The same measure at different dates: a series, not a disagreement.",
        "possible_overlap": "Figures that may count some of the same people or things; the source does not say, so do not add them.",
    },
)


PERIOD_RELATION = Vocabulary(
    "period_relation",
    "How the number relates to its period, when the source does not simply date it within the period.",
    {
        "after": "After period_start, which is itself excluded ('After 1947'); no end stated.",
        "before": "Before period_end, which is itself excluded ('before 1930'); no start stated.",
        "by": "At the latest by period_end ('By 1937'); when it first held is not stated.",
    },
)


SOURCE_KIND = Vocabulary(
    "source_kind",
    "What kind of work a source is; it decides which bibliographic columns a source row needs.",
    {
        "journal_article": "An article in a journal (journal, volume, issue, pages).",
        "book": "A monograph or edited volume.",
        "book_chapter": "A chapter of a book (pages give its range).",
        "archival_document": "A document in an archive: archive, fond, opis and delo are required, folios where known.",
        "statistical_handbook": "A printed statistical compilation; rows cite its tables or pages in `locator`.",
        "web_page": "A page on the web (url required); cite the version consulted.",
        "dataset": "A published dataset (url required).",
    },
)

LICENCE = Vocabulary(
    "licence",
    "Under what terms the source's text may be reused. Every term but 'copyrighted' is open: the source's "
    "text is kept in the repository (sources/<id>.txt) and its excerpts are checked verbatim in every run.",
    {
        "copyrighted": "All rights reserved: the text is never committed; excerpts are proved against its text_root (proofs/<id>.json).",
        "public_domain": "No copyright (expired, or an official document outside copyright).",
        "cc0": "Creative Commons CC0 1.0: no rights reserved.",
        "cc_by_4_0": "Creative Commons Attribution 4.0.",
        "cc_by_sa_4_0": "Creative Commons Attribution-ShareAlike 4.0 (the text file keeps its own licence).",
        "odc_by": "Open Data Commons Attribution licence (datasets).",
    },
)

# Licences under which a source's text may be kept in the repository.
OPEN_LICENCES = frozenset(LICENCE.terms) - {"copyrighted"}
