"""Find rows: look a cited id up (``kd.row``), search every row (``kd.search``), and a tidy series.

``row`` and ``search`` read the shipped CSV files with the standard library (through
``loader.records``), so ``kuzbass-data get`` and ``kuzbass-data search`` answer without
importing pandas. ``series`` returns a pandas DataFrame.

>>> import kuzbass_data as kd
>>> r = kd.row("kuzbass-1932-plan")          # any table: data, conflicts, sources
>>> r.cells["value"] * 2                      # 21.0: cells are typed as kd.load types them
>>> r.cells["excerpt"], r.source["citation"], [c["id"] for c in r.conflicts]
>>> [h.id for h in kd.search("Прокопьевск")]  # labels, excerpts, notes, terms; names in any spelling
>>> kd.series("coal_output", "output")       # year x basin x status, plans never merged with outcomes
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from . import aliases
from .aliases import fold, query_groups, words
from .loader import records
from .schema import DATA_TABLES, MULTI_SEPARATOR, Table, get_table, table_names
from .wording import worded_number

if TYPE_CHECKING:
    import pandas as pd

# The hand-edited tables whose rows have ids people cite; observations repeats the data rows.
LOOKUP_TABLES = ("sources", *(t.name for t in DATA_TABLES), "conflicts")
# The reference table of retired ids (added by the id registry); looked up only when published.
RETIRED_TABLE = "retired_ids"
# Columns of the retired-ids table that may name the id replacing a retired one, in order of preference.
SUCCESSOR_COLUMNS = ("successor", "successor_id", "replaced_by", "superseded_by")
# A cell as ``kd.load`` types it, without pandas: int (Int64), float (Float64), str (string or
# category), None for an empty cell (pandas' <NA>).
Cell = str | int | float | None
# Word endings that turn a country into its people: 'Japanese' finds 'Japan', 'Hungarian' 'Hungary'.
DEMONYM_ENDINGS = ("ese", "ian", "an", "n", "ish", "i", "y")


@dataclass(frozen=True)
class Row:
    """One published row with its provenance and the conflicts that name it."""

    # The table that holds the row.
    table: str
    # The row's permanent id.
    id: str
    # Every column of the row, in column order, typed as kd.load types it: int, float, str, None when empty.
    cells: dict[str, Cell]
    # What the number is, in words (from the observations table); '' for sources and conflicts.
    label: str = ""
    # The period in words (from the observations table); '' when undated or not a data row.
    period: str = ""
    # The sources row the row cites (citation, DOI, ...); None for rows without a source_id.
    source: dict[str, str] | None = None
    # The conflicts rows whose members include this row.
    conflicts: tuple[dict[str, str], ...] = ()
    # For search results: the columns the search text was found in ("member" for a conflict found through its rows).
    matched: tuple[str, ...] = field(default=())
    # Every column as the published CSV writes it ('' for an empty cell): for display and wording.
    text: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """The row in one line: its label, its number as qualified, its status and period."""
        if self.table == "sources":
            return self.text.get("citation", "")
        if self.table == "conflicts":
            return f"{self.text.get('kind', '')}: {self.text.get('explanation', '')}"
        when = f", {self.period}" if self.period else ""
        # The number as the source words it, by the one rule the website uses too.
        return f"{self.label}: {worded_number(self.text)} ({self.text['status']}{when})"

    def provenance(self) -> str:
        """Where the number comes from: the source's citation, the footnote or locator, and the verbatim excerpt."""
        if self.source is None:
            return ""
        where = [f"footnote {self.text['footnote']}" if self.text.get("footnote") else "", self.text.get("locator", "")]
        located = "; ".join(w for w in where if w) or "no footnote or locator"
        return f"{self.source.get('citation', self.text.get('source_id', ''))} ({located}): “{self.text.get('excerpt', '')}”"


class RowNotFoundError(LookupError):
    """No published row has this id; the message suggests close matches."""

    def __init__(self, row_id: str, suggestions: list[str]) -> None:
        # The id asked for.
        self.row_id = row_id
        # Published ids that look like it, best first.
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "; `kuzbass-data search TEXT` finds rows by their words"
        super().__init__(f"no row has the id {row_id!r}{hint}")


class RetiredIdError(LookupError):
    """The id was published once and retired; ``successor`` names the row that replaces it ('' when none does)."""

    def __init__(self, row_id: str, successor: str, reason: str) -> None:
        # The retired id asked for.
        self.row_id = row_id
        # The id that replaces it, or '' when the row was withdrawn without a successor.
        self.successor = successor
        # Why it was retired, as the retired-ids table says.
        self.reason = reason
        then = f"; its successor is {successor!r}" if successor else "; no row replaces it"
        because = f" ({reason})" if reason else ""
        super().__init__(f"the id {row_id!r} was retired{because}{then}")


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, dict[str, str]]]:
    """Every citable row by id: its table and its cells."""
    return {r["id"]: (name, r) for name in LOOKUP_TABLES for r in records(name)}


@lru_cache(maxsize=1)
def _observations() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in records("observations")}


@lru_cache(maxsize=1)
def _conflicts_by_member() -> dict[str, tuple[dict[str, str], ...]]:
    found: dict[str, list[dict[str, str]]] = {}
    for conflict in records("conflicts"):
        for member in conflict["members"].split(MULTI_SEPARATOR):
            found.setdefault(member.strip(), []).append(conflict)
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def _sources() -> dict[str, dict[str, str]]:
    return {s["id"]: s for s in records("sources")}


def _retired() -> dict[str, tuple[str, str]]:
    """Retired ids: their successor and reason; empty while no retired-ids table is published."""
    if RETIRED_TABLE not in table_names():
        return {}
    retired = {}
    for r in records(RETIRED_TABLE):
        successor = next((r[c] for c in SUCCESSOR_COLUMNS if r.get(c)), "")
        retired[r["id"]] = (successor, r.get("reason", ""))
    return retired


def typed_cells(table: Table, cells: dict[str, str]) -> dict[str, Cell]:
    """The published text of a row typed as ``kd.load`` types its columns: int, float, str, None when empty."""
    types = {f.name: f.type for f in table.fields}
    typed: dict[str, Cell] = {}
    for name, text in cells.items():
        kind = types.get(name, "string")
        typed[name] = None if text == "" else int(text) if kind == "integer" else float(text) if kind == "number" else text
    return typed


def _make(row_id: str, matched: tuple[str, ...] = ()) -> Row:
    table, cells = _index()[row_id]
    observation = _observations().get(row_id, {})
    return Row(
        table=table,
        id=row_id,
        cells=typed_cells(get_table(table), cells),
        text=dict(cells),
        label=observation.get("label", ""),
        period=observation.get("period", ""),
        source=_sources().get(cells.get("source_id", "")),
        conflicts=_conflicts_by_member().get(row_id, ()),
        matched=matched,
    )


def row(row_id: str) -> Row:
    """The row with id ``row_id`` from any table (data tables, conflicts, sources), with its source and conflicts.

    Raises ``RetiredIdError`` (naming the successor) for a retired id, and ``RowNotFoundError``
    (suggesting close matches) for an id that was never published.
    """
    if row_id in _index():
        return _make(row_id)
    retired = _retired()
    if row_id in retired:
        successor, reason = retired[row_id]
        raise RetiredIdError(row_id, successor, reason)
    candidates = [*_index(), *retired]
    suggestions = difflib.get_close_matches(row_id, candidates, n=3, cutoff=0.6)
    suggestions += [c for c in candidates if row_id and row_id in c and c not in suggestions][: 3 - len(suggestions)]
    raise RowNotFoundError(row_id, suggestions)


def _related(a: str, b: str) -> bool:
    """True when one word is the other with a demonym ending: japan/japanese, hungary/hungarian, china/chinese."""
    for short, long in ((a, b), (b, a)):
        if len(short) < 4 or len(long) <= len(short):
            continue
        stems = {short, short[:-1]} if short[-1] in "ay" else {short}
        if any(long == stem + ending for stem in stems for ending in DEMONYM_ENDINGS):
            return True
    return False


@lru_cache(maxsize=1024)
def _related_forms(word: str) -> frozenset[str]:
    """Every word ``w`` with ``_related(word, w)``: the word with a demonym ending, or the word it is formed from."""
    forms: set[str] = set()
    if len(word) >= 4:  # word is the country: its peoples
        stems = {word, word[:-1]} if word[-1] in "ay" else {word}
        forms.update(stem + ending for stem in stems for ending in DEMONYM_ENDINGS)
    for ending in DEMONYM_ENDINGS:  # word is the people: its country
        if word.endswith(ending):
            stem = word[: -len(ending)]
            forms.update(w for w in (stem, stem + "a", stem + "y") if len(w) >= 4 and len(word) > len(w) and (w == stem or w[-1] in "ay"))
    return frozenset(f for f in forms if _related(word, f))


def _matches(query: list[tuple[str, ...]], texts: dict[str, tuple[str, frozenset[str]]]) -> tuple[str, ...]:
    """The columns of ``texts`` (folded text and words) in which one alternative of every query group occurs (or a related word); () when a group is missing."""
    hits: set[str] = set()
    for alternatives in query:
        found = [
            column for column, (text, text_words) in texts.items() if any(a in text for a in alternatives) or any(not _related_forms(a).isdisjoint(text_words) for a in alternatives if " " not in a)
        ]
        if not found:
            return ()
        hits.update(found)
    return tuple(c for c in texts if c in hits)


def _searchable(row_id: str, table: str, cells: dict[str, str]) -> dict[str, str]:
    texts = {k: v for k, v in cells.items() if v}
    observation = _observations().get(row_id)
    if observation is not None:
        texts["label"] = observation["label"]
        if observation["period"]:
            texts["period"] = observation["period"]
    return texts


@lru_cache(maxsize=1)
def _folded() -> dict[str, dict[str, tuple[str, frozenset[str]]]]:
    """Every row's searchable columns, folded once: the text and its words."""
    return {row_id: {c: (fold(t), frozenset(words(t))) for c, t in _searchable(row_id, table, cells).items()} for row_id, (table, cells) in _index().items()}


class Hits(list[Row]):
    """The rows a search found, in publication order: a list, which when empty says what to try instead."""

    def __init__(self, rows: list[Row], text: str) -> None:
        super().__init__(rows)
        # The search text, for the message.
        self.text = text

    @property
    def message(self) -> str:
        """'' when rows were found; else that the data are in English, with a close spelling to try (``no_match_message``)."""
        return "" if self else no_match_message(self.text)

    def __repr__(self) -> str:
        # In a notebook or the REPL an empty result says why, as `kuzbass-data search` does.
        return super().__repr__() if self else f"[]  # {self.message}"


def search(text: str) -> Hits:
    """Every row whose words contain ``text``: labels, excerpts, notes, vocabulary terms and the other cells.

    Case-insensitive; every word of ``text`` must occur in the row. Names are found in any
    spelling of the reviewed alias table (``kuzbass_data/aliases.csv``): Прокопьевск, Prokop'evsk
    and Prokopevsk find Prokopyevsk, Eikhe finds the source's Ejche, японцы finds the Japanese.
    A people's name also finds its country ('Japanese' finds rows whose origin is 'japan'). A
    conflict is found when the text is in it or in one of its member rows (then ``matched``
    says "member"). Rows come in publication order: sources, the data tables, conflicts. An
    empty list when nothing matches; its ``message`` (and its repr) says that the data are in
    English and suggests a close spelling.
    """
    query = query_groups(text)
    if not query:
        raise ValueError("search text has no letters or digits")
    found: dict[str, tuple[str, ...]] = {}
    for row_id, texts in _folded().items():
        matched = _matches(query, texts)
        if matched:
            found[row_id] = matched
    for row_id, (table, cells) in _index().items():
        if table == "conflicts" and row_id not in found and any(m.strip() in found for m in cells["members"].split(MULTI_SEPARATOR)):
            found[row_id] = ("member",)
    return Hits([_make(row_id, matched) for row_id, matched in found.items()], text)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every folded word of every searchable row: the spellings a search can find."""
    return frozenset(w for texts in _folded().values() for _, text_words in texts.values() for w in text_words)


def no_match_message(text: str) -> str:
    """What to tell a reader whose search for ``text`` found nothing: the data are in English, and a close spelling to try."""
    return aliases.no_match_message(text, set(_vocabulary()))


def iter_rows() -> Iterator[Row]:
    """Every citable row (sources, data tables, conflicts), in publication order."""
    for row_id in _index():
        yield _make(row_id)


def series(table: str, measure: str | None = None, unit: str | None = None) -> pd.DataFrame:
    """A tidy time series of one measure: one row per published number, never aggregated.

    Columns: the time (``year`` for coal_output, else ``period_start``, ``period_end``,
    ``period_relation``, ``period_precision`` and ``season``), every dimension of the table
    but the measure that is filled in any of its rows (e.g. ``basin``; ``base_year`` for growth factors), ``status``, ``qualifier``, ``value``,
    ``value_low``, ``value_high``, ``unit`` and ``id``. Plans and outcomes stay separate rows
    (``status``) and every qualifier is kept, so ``pivot`` on (time, dimensions, status) never
    mixes a plan with an outcome. Different measures (tonnes, growth factors) never belong in
    one series, so a table with several measures asks for one: ``measure`` may be omitted only
    when the table has a single measure, and a ``ValueError`` lists the measures otherwise. For
    the same reason one series has one unit: when a measure is stated in several units (kulak
    *families* and *people*), pass ``unit`` to choose; a ``ValueError`` lists them otherwise.
    """
    from .loader import load

    definition = get_table(table)
    if definition not in DATA_TABLES:
        raise ValueError(f"{table!r} is not a data table; series exist for: {', '.join(t.name for t in DATA_TABLES)}")
    frame = load(table)
    measures = list(dict.fromkeys(frame["measure"].astype(str)))
    if measure is None and len(measures) != 1:
        raise ValueError(f"{table!r} has {len(measures)} measures, never mixed in one series: pass one of {', '.join(measures)} (e.g. kd.series({table!r}, {measures[0]!r}))")
    chosen = measure if measure is not None else measures[0]
    if chosen not in measures:
        raise ValueError(f"{table!r} has no measure {chosen!r}; it has: {', '.join(measures)}")
    rows = frame["measure"] == chosen
    units = list(dict.fromkeys(frame.loc[rows, "unit"].astype(str)))
    if unit is not None and unit not in units:
        raise ValueError(f"{table}.{chosen} has no unit {unit!r}; it has: {', '.join(units)}")
    if unit is None and len(units) > 1:
        raise ValueError(f"{table}.{chosen} is stated in several units ({', '.join(units)}), never converted into each other: pass unit=")
    if unit is not None:
        rows &= frame["unit"] == unit
    time = ["year"] if "year" in frame.columns else [c for c in ("period_start", "period_end", "period_relation", "period_precision", "season") if c in frame.columns]
    # Every dimension but the measure stays: a lost dimension (a base year, a nationality) would make two
    # numbers look like one. Only a dimension empty in every row of the series (base_year of tonnages) is left out.
    dimensions = [d for d in definition.dimensions if d not in ("measure", *time) and frame.loc[rows, d].notna().any()]
    columns = [*time, *dimensions, "status", "qualifier", "value", "value_low", "value_high", "unit", "id"]
    tidy = frame.loc[rows, list(dict.fromkeys(columns))]
    tidy = tidy.sort_values([*dimensions, *time, "status"], kind="stable", na_position="last").reset_index(drop=True)
    tidy.attrs.update(frame.attrs)
    tidy.attrs["measure"] = chosen
    return tidy
