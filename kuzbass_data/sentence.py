"""A row read back as one English sentence, for the reviewer and the reader.

The gate checks mechanically that a row's cells agree with the words it marks in its excerpt;
whether the row as a whole says what the excerpt says only a person can judge. This module
renders the cells as a sentence ("Landau (2015) gives the planned coal output of the Kuzbass
in 1932 as 10.5 million tons (a plan, not an outcome).") so that a reviewer compares two
sentences: this one and the excerpt. ``get``, the site and ``diff`` show it.

It works on a row as a mapping of column to cell (text, a number, or None/NaN when empty),
so it needs no pandas, and reads only the cells: a wrong cell reads as a wrong sentence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .schema.vocabularies import TERM_WORDS
from .wording import number_text, worded_number

# A row as the loader, the raw reader or a typed frame hands it over.
Row = Mapping[str, object]

# How each dimension column reads after the measure; a column not named here reads in brackets.
DIMENSION_WORDS: dict[str, str] = {
    "basin": "of {}",
    "group": "among {}",
    "profession": "for {}",
    "place": "in {}",
    "mine": "at {}",
    "origin": "from {}",
    "destination": "to {}",
    "nationality": "(nationality: {})",
    "kind": "({})",
}
# Dimension columns whose terms are names of places: they read capitalised ("the Kuzbass").
PROPER_NAMES = frozenset({"basin", "place", "mine", "origin", "destination", "nationality"})
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
# Terms that say nothing and are left out of the sentence.
SILENT_TERMS = frozenset({"not_specified", "all_accidents"})
# The measure's words in a table where the measure alone would not say what is counted.
TABLE_NOUN = {"coal_output": "coal {}"}

# By status: how the sentence names the number's kind of statement (before the subject, after the
# number). Every status but outcome says plainly that the number is not an outcome.
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "outcome": ("", ""),
    "plan": ("the planned ", " (a plan, not an outcome)"),
    "announced": ("the announced ", " (an announcement, not an outcome)"),
    "norm": ("the norm for ", " (a norm, not an outcome)"),
    "claimed": ("the claimed ", " (a claim by an actor the source reports, not a measurement)"),
    "derived": ("", " (derived from other figures)"),
    "hypothetical": ("the hypothetical ", " (what would have been, not an outcome)"),
}


def cell_text(value: object) -> str:
    """A cell as text: "" for None, NaN or pandas' NA; a number without a float artefact."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else number_text(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return str(value).strip()


def term_words(column: str, term: str) -> str:
    """A vocabulary term as words: "soviet_zone_germany" -> "Soviet Zone Germany" for a place, "special settlers" for a group."""
    if term in TERM_WORDS:  # the term's own words, from the words column of vocabularies.csv
        return TERM_WORDS[term]
    words = term.replace("_", " ")
    return " ".join(w[:1].upper() + w[1:] for w in words.split()) if column in PROPER_NAMES else words


def period_words(row: Row) -> str:
    """The period of ``row`` in words: "1932", "1928 to 1940", "summer 1931", "after 1938", "by 1937", "1930s"; "" when undated."""
    text = {k: cell_text(v) for k, v in row.items()}
    if "year" in text and text["year"]:
        base = text.get("base_year", "")
        return f"{base} to {text['year']}" if base else text["year"]
    start, end = text.get("period_start", ""), text.get("period_end", "")
    precision, season, relation = text.get("period_precision", ""), text.get("season", ""), text.get("period_relation", "")
    if not start and not end:
        # A month named without its year ("in February"): the month alone, never a guessed year.
        return f"{season.capitalize()} (year not stated)" if precision == "month_of_year" and season else ""
    # An open bound quotes the source's word: "after 1938" excludes 1938, "by 1937" says nothing of when it began.
    if relation == "after" and start:
        return f"after {start}"
    if relation in ("before", "by") and end:
        return f"{relation} {end}"
    if precision == "season" and season:
        return f"{season} {start}" if start == end or not end else f"{season} {start} to {end}"
    if precision == "decade" and start.isdigit() and end.isdigit() and int(end) == int(start) + 9:
        return f"{start}s"
    if start == end:
        return start
    if not end:
        return f"from {start}"
    if not start:
        return f"until {end}"
    return f"{start} to {end}"


def _period_phrase(period: str) -> str:
    """The period as it follows the subject: "in 1932", "from 1928 to 1940", "after 1938", "in the 1930s"."""
    if not period:
        return ""
    first = period.split()[0]
    if first in ("after", "before", "by", "from", "until"):
        return " ".join(_date(w) for w in period.split())
    if period.endswith("s") and period[:-1].isdigit():
        return f"in the {period}"
    if " to " in period and period.split()[0][:1].isdigit():
        return "from " + " ".join(_date(w) for w in period.split())
    return f"on {_date(period)}" if period.count("-") == 2 else f"in {_date(period)}"


def _date(text: str) -> str:
    """A date of reduced precision in words: "1931-08" -> "August 1931", "1936-09-22" -> "22 September 1936"; other text unchanged."""
    parts = text.split("-")
    if len(parts) < 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return text
    month = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {month}" if len(parts) == 3 else month


def subject(row: Row, table: str = "") -> str:
    """What the number is about, in words: the measure, its dimensions, the source's own scope words, its period.

    ``table`` is the row's table (a name in the schema); without it the row's ``table`` cell, if
    any, and the dimension columns of DIMENSION_WORDS that the row has stand in.
    """
    from .schema.tables import DATA_TABLES

    text = {k: cell_text(v) for k, v in row.items()}
    table = table or text.get("table", "")
    known = {t.name: t.dimensions[1:] for t in DATA_TABLES}
    measure = text.get("measure", "").replace("_", " ") or "the number"
    parts = [TABLE_NOUN.get(table, "{}").format(measure)]
    # A year is the period, said once at the end.
    for column in [c for c in known.get(table) or DIMENSION_WORDS if c in text and c not in ("year", "base_year")]:
        terms = [t for t in text.get(column, "").split("; ") if t and t not in SILENT_TERMS]
        if terms:
            words = " and ".join(term_words(column, t) for t in terms)
            parts.append(DIMENSION_WORDS.get(column, "({})").format(words))
    if text.get("partial_scope"):
        # The source's own words that limit the number to part of its place or group, quoted.
        parts.append(f"(only “{text['partial_scope']}”)")
    period = _period_phrase(period_words(row))
    if period:
        parts.append(period)
    return " ".join(parts)


def source_name(authors: str, year: object) -> str:
    """A short name of a source for the sentence: "Landau, Julia" and 2015 -> "Landau (2015)"; several authors -> "A and B", "A et al."."""
    families = [a.split(",")[0].strip() for a in authors.split(";") if a.strip()]
    name = families[0] if len(families) == 1 else " and ".join(families) if len(families) == 2 else f"{families[0]} et al." if families else "The source"
    when = cell_text(year)
    return f"{name} ({when})" if when else name


def sentence(row: Row, source: str | None = None, table: str = "") -> str:
    """``row`` read back as one English sentence.

    ``source`` is the source's short name ("Landau (2015)", see ``source_name``); without it the
    row's source_id stands in; ``table`` as for ``subject``. Example: "Landau (2015) gives the planned coal output of the
    Kuzbass in 1932 as 10.5 million tons (a plan, not an outcome)."
    """
    text = {k: cell_text(v) for k, v in row.items()}
    who = source or text.get("source_id") or "The source"
    status = text.get("status", "")
    before, after = STATUS_WORDS.get(status, ("", f" ({status.replace('_', ' ')})" if status else ""))
    number = worded_number(text) or "no number"
    return f"{who} gives {before}{subject(row, table)} as {number}{after}."
