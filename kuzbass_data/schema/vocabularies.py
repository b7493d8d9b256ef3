"""Controlled vocabularies: every term a vocabulary column may hold, spelled one way.

The source spells some names two ways (Prokopyevsk and Prokop'evsk); the terms
here normalise them, while each row's excerpt keeps the source's spelling.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .model import Vocabulary


def _unit_terms() -> dict[str, str]:
    """The unit terms and their descriptions, from the unit records (schema/terms/units.csv)."""
    with (Path(__file__).resolve().parent / "terms" / "units.csv").open(encoding="utf-8", newline="") as handle:
        return {row["term"]: row["description"] for row in csv.DictReader(handle)}


# Each unit is one record of schema/terms/units.csv: its term, how it is written, conversions, maximum, wording.
UNIT = Vocabulary("unit", "What the number counts or measures.", _unit_terms())

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

BASIN = Vocabulary(
    "basin",
    "Coal basin.",
    {
        "kuzbass": "The Kuznetsk basin in western Siberia.",
        "donbass": "The Donets basin (Ukraine and southern Russia), for comparison.",
    },
)

PLACE = Vocabulary(
    "place",
    "Places, regions and countries, normalised to one spelling.",
    {
        "kuzbass": "The Kuzbass (Kuznetsk basin) as a whole, or a place in it not named more precisely.",
        "kemerovo": "Kemerovo, a mining town in the Kuzbass.",
        "prokopyevsk": "Prokopyevsk, a mining town in the Kuzbass (the source also spells it Prokop'evsk).",
        "novosibirsk": "Novosibirsk, seat of the west Siberian authorities.",
        "karaganda": "The Karaganda coal basin in Kazakhstan.",
        "narym": "The Narymsk (Narym) region of northern Siberia.",
        "western_siberia": "Western Siberia outside the Kuzbass.",
        "moscow_region": "The Moscow region.",
        "bashkiria": "Bashkiria.",
        "volga_region": "The rural Volga region.",
        "soviet_union": "The Soviet Union as a whole (as for a state-level rule), or different or unnamed regions of it.",
        "soviet_zone_germany": "The Soviet occupation zone in Germany.",
        "germany": "Germany.",
        "japan": "Japan.",
        "austria": "Austria.",
        "hungary": "Hungary.",
        "romania": "Romania.",
    },
)

NATIONALITY = Vocabulary(
    "nationality",
    "Nationality the source names; never attached where the source names none.",
    {
        "not_specified": "All / not specified: the source states the figure without naming a nationality.",
        "german": "German.",
        "polish": "Polish.",
        "japanese": "Japanese.",
        "chinese": "Chinese.",
        "austrian": "Austrian.",
        "slovak": "Slovak (the source writes 'Slovakians').",
        "ukrainian": "Ukrainian.",
        "hungarian": "Hungarian.",
        "romanian": "Romanian.",
    },
)

GROUP = Vocabulary(
    "group",
    "The group of people a number is about.",
    {
        "workers": "Workers of the Kuzbass mines and companies, free or not specified.",
        "urban_population": "The urban population of the Kuzbass, workers or not.",
        "new_workers": "Newly recruited workers and miners.",
        "foreigners": "Foreigners in the Kuzbass, specialists and workers together.",
        "foreign_specialists": "Foreign specialists (engineers and skilled workers).",
        "foreign_workers": "Ordinary foreign workers, as opposed to specialists.",
        "kulaks": "Deported 'kulak' families and their members.",
        "special_settlers": "Special settlers (spetspereselentsy) deported to work in the mines.",
        "settler_children": "Children of special settlers.",
        "spetskontingent": "All forced labourers under the NKVD (Gulag prisoners, special settlers, deported nationalities, POWs and internees).",
        "pows_and_internees": "Prisoners of war and internees together.",
        "pows": "Prisoners of war.",
        "internees": "Civilian internees, e.g. from the Soviet special camps in Germany.",
        "leading_personnel": "Leading personnel (engineers, managers) of the mines.",
        "alleged_conspirators": "People arrested as alleged conspirators.",
        "defendants": "Defendants in a trial.",
    },
)

PROFESSION = Vocabulary(
    "profession",
    "Profession or ration category.",
    {
        "not_specified": "All / not specified.",
        "hewer": "Coal hewer.",
        "other_underground_miner": "Underground miner other than a hewer.",
        "non_working": "A 'non-working' person (the lowest ration category).",
    },
)

ACCIDENT_KIND = Vocabulary(
    "accident_kind",
    "Kind of accident.",
    {
        "all_accidents": "All accidents reported, of any kind.",
        "gas_explosion": "An explosion of gas.",
        "methane_explosion": "An explosion of methane gas.",
        "underground_fire": "An underground fire.",
    },
)

MINE = Vocabulary(
    "mine",
    "Mines named by the source.",
    {
        "central_mine": "The Central Mine in Kemerovo.",
    },
)

PERIOD_PRECISION = Vocabulary(
    "period_precision",
    "How precisely the source dates a number; nothing more precise is invented.",
    {
        "day": "A day (YYYY-MM-DD).",
        "month": "A month (YYYY-MM).",
        "season": "A season of a year; the season column names it.",
        "year": "One or more whole years (YYYY).",
        "decade": "A decade, e.g. 'the 1920s' (period_start 1920, period_end 1929).",
    },
)

SEASON = Vocabulary(
    "season",
    "Season of the year, when the source dates a number by season.",
    {
        "spring": "Spring.",
        "summer": "Summer.",
        "autumn": "Autumn.",
        "winter": "Winter.",
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
        "after": "After period_start, which is itself excluded ('After 1938'); no end stated.",
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
