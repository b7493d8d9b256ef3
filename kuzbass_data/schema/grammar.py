"""Marked readings: the reviewed phrase table, the unit records, and the one closed grammar that reads them.

A row's ``value_text``, ``period_text`` and ``status_text`` are words copied from its excerpt.
Nothing here guesses which words govern a number: the contributor marked them, and this module
reads only what was marked, through the data files in ``schema/terms/``:

- ``phrases.csv``: phrase -> field and term (``FIELDS``: qualifier, range, status, scale, period
  relation, season, rate, caution, scope);
- ``units.csv``: one record per unit (its term, the ways it is written with their conversions, how
  many written units one stored unit is, its maximum, its singular and plural).

The grammar is closed: digits, number words, fractions ("one-fifth", "a quarter", "one in five"),
"a"/"half a" before a scale, multipliers ("tenfold"), ranges ("8-12", "between 25 and 40", "some
2,100 or 2,200"), rates written as units ("per 1,000 workers"), and dates (days, months, seasons,
years, "1937-38", "1931/32", decades). A marked text it cannot read is reported, never guessed.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..source_text import normalise
from .numerals import CARDINAL_WORDS, FRACTION_WORDS, MONTHS, MULTIPLIER_WORDS
from .vocabularies import ACTIVE_TERMS

# The fields of the phrase table.
FIELDS = ("qualifier", "range", "status", "scale", "relation", "season", "rate", "caution", "scope")
# Fraction nouns read after "a" or "one": "a quarter", "one third".
_FRACTION_NOUNS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
# Words that join the two ends of a range, and the words that may open one.
_JOINS, _OPENERS = ("-", "to", "and", "or"), ("between", "from")
# One token of a marked text or excerpt: a decade, a number in digits, a word (with hyphens and
# apostrophes), or one other character.
_TOKEN = re.compile(r"[0-9]{4}s\b|[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|[a-z]+(?:['-][a-z]+)*|[^\sa-z0-9]")
# A number written in digits, as one token.
_DIGITS = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
# Digits grouped by points ("3.500"): a decimal point or a thousands separator, which no reading guesses.
_POINT_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


@dataclass(frozen=True)
class Unit:
    """One unit's record (a row of units.csv)."""

    term: str
    singular: str
    plural: str
    # Each way it is written after a number, with the factor the written number is multiplied by
    # ("kilo" -> 1000 for grams); "<fraction>" and "<fold>" stand for a fraction or multiplier word.
    written: Mapping[str, float]
    # How many written units one stored unit is (1,000,000 tons in one million_tonnes).
    per_stored: float
    # The largest value it allows, if any (100 per cent).
    maximum: float | None
    # Whether a number in this unit must be marked with its unit word.
    needs_word: bool
    description: str


class Phrase(NamedTuple):
    """One occurrence of a phrase of the table in a text (a named tuple: an excerpt of a large
    contribution has several, and a tuple is made in a fraction of a frozen dataclass's time)."""

    phrase: str
    field: str
    term: str
    start: int
    end: int


def terms_folder(folder: Path | None = None) -> Path:
    """``folder``, or the term folder of the tree being validated (the package's own by default)."""
    return folder or ACTIVE_TERMS.get()


def phrase_table(folder: Path | None = None) -> dict[tuple[str, ...], tuple[str, str]]:
    """The phrase table of ``folder``: the words of each phrase -> (field, term)."""
    return _phrase_table(terms_folder(folder))


@functools.cache
def _phrase_table(folder: Path) -> dict[tuple[str, ...], tuple[str, str]]:
    with (folder / "phrases.csv").open(encoding="utf-8", newline="") as handle:
        return {tuple(words(row["phrase"])): (row["field"], row["term"]) for row in csv.DictReader(handle)}


def units(folder: Path | None = None) -> dict[str, Unit]:
    """The unit records of ``folder``, by term."""
    return _units(terms_folder(folder))


@functools.cache
def _units(folder: Path) -> dict[str, Unit]:
    records = {}
    with (folder / "units.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            written = {}
            for item in row["written"].split("|"):
                phrase, _, factor = item.partition("=")
                written[" ".join(words(phrase)) if not phrase.startswith("<") else phrase] = float(factor or 1)
            maximum = float(row["maximum"]) if row["maximum"] else None
            records[row["term"]] = Unit(row["term"], row["singular"], row["plural"], written, float(row["per_stored"]), maximum, row["needs_word"] == "yes", row["description"])
    return records


def lower(text: str) -> str:
    """``text`` lowercased character for character, so that an offset into it is an offset into
    ``text``. The one character whose lowercase is two (the dotted capital I, U+0130) is kept as it is:
    a token of its own, as any character that is no letter a-z."""
    return text.lower() if "\u0130" not in text else "\u0130".join(part.lower() for part in text.split("\u0130"))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` (already normalised), lowercased, with their offsets."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(lower(text))]


def words(text: str) -> list[str]:
    """The tokens of a phrase, normalised as excerpts are."""
    return _TOKEN.findall(lower(normalise(text)))


# A phrase or unit word of the lexicon: its words, those words joined by spaces, its field and term.
_Entry = tuple[tuple[str, ...], str, str, str]
# One phrase found in a text: (its first token's index, its number of tokens, its entry).
_Found = tuple[int, int, _Entry]


def _lexicon(folder: Path) -> dict[str, list[_Entry]]:
    """Phrases and unit words by their first word, longest first."""
    entries = [(w, field, term) for w, (field, term) in phrase_table(folder).items()]
    entries += [(tuple(words(p)), "unit", p) for u in units(folder).values() for p in u.written if not p.startswith("<")]
    lexicon: dict[str, list[_Entry]] = {}
    for phrase, field, term in sorted(set(entries), key=lambda e: (-len(e[0]), e)):
        lexicon.setdefault(phrase[0], []).append((phrase, " ".join(phrase), field, term))
    return lexicon


_LEXICON: dict[Path, dict[str, list[_Entry]]] = {}


def _scan(low: str, folder: Path) -> tuple[list[str], list[_Found]]:
    """The tokens of ``low`` (normalised and lowercased) and the phrases among them, longest first
    at each token; phrases do not overlap. The one tokenising pass of every reading."""
    lexicon = _LEXICON.get(folder)
    if lexicon is None:
        lexicon = _LEXICON[folder] = _lexicon(folder)
    toks = _TOKEN.findall(low)
    found: list[_Found] = []
    following = 0  # the first token after the last phrase found
    # Only the tokens that start a phrase are tried (a few of an excerpt's dozens).
    for i in [i for i, token in enumerate(toks) if token in lexicon]:
        if i < following:
            continue
        for entry in lexicon[toks[i]]:
            size = len(entry[0])
            if size == 1 or tuple(toks[i : i + size]) == entry[0]:
                found.append((i, size, entry))
                following = i + size
                break
    return toks, found


def find_phrases(text: str, folder: Path | None = None) -> list[Phrase]:
    """Every phrase of the table (and unit word) in ``text`` (normalised), longest first at each word."""
    low = lower(text)
    toks, found = _scan(low, terms_folder(folder))
    if not found:
        return []
    # Every character that is not white space belongs to a token, so each token is the first
    # occurrence of its text after the one before it. A phrase whose first token occurs once in the
    # text starts there; otherwise the tokens are walked from the start, once, as far as the last phrase.
    starts: list[int] = []
    phrases = []
    for i, size, entry in found:
        first = toks[i]
        if not starts and low.count(first) == 1:
            start = low.find(first)
        else:
            starts = starts or _token_starts(low, toks[: found[-1][0] + 1])
            start = starts[i]
        end = start + len(first)
        for token in toks[i + 1 : i + size]:
            end = low.find(token, end) + len(token)
        phrases.append(Phrase(entry[1], entry[2], entry[3], start, end))
    return phrases


def _token_starts(low: str, toks: list[str]) -> list[int]:
    """Where each of ``toks``, the first tokens of ``low``, starts."""
    starts, at = [], 0
    for token in toks:
        at = low.find(token, at)
        starts.append(at)
        at += len(token)
    return starts


class ValueReading(NamedTuple):
    """What a value_text says: its numbers, qualifier, form and unit words (a named tuple: one is made per distinct value_text)."""

    # One number, or the two ends of a range, as written times any scale ("2.4 million" = 2,400,000).
    numbers: tuple[float, ...]
    qualifier: str
    # "number", "fraction" or "multiplier".
    form: str
    # The unit word the number is written with ("tons", "per cent"), "<fraction>", "<fold>" or "".
    unit_word: str
    # Caution and status phrases inside the marked text.
    cautions: tuple[str, ...] = ()


def read_value(text: str, folder: Path | None = None) -> ValueReading | str:
    """The reading of a value_text, or why the grammar cannot read it (each distinct text is parsed once)."""
    return _read_value(text, terms_folder(folder))


@functools.lru_cache(maxsize=8192)
def _read_value(text: str, folder: Path) -> ValueReading | str:
    toks, found = _scan(lower(normalise(text)), folder)
    # (kind, word, number, term) with kinds num/frac/fold/scale/unit/qualifier/caution/join/open/word;
    # a phrase's term ("" for the rest).
    items: list[tuple[str, str, float, str]] = []
    phrases = {i: (size, entry) for i, size, entry in found}
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if i in phrases and phrases[i][1][2] != "relation" and not (tok in _JOINS and phrases[i][1][1] == tok):
            size, (_, phrase, field, term) = phrases[i]
            kind = "unit" if field == "unit" else field
            items.append((kind, phrase if kind != "scale" else term, float(term) if kind == "scale" else 0.0, term))
            i += size
            continue
        if tok in ("a", "an", "one") and nxt in _FRACTION_NOUNS:
            items.append(("frac", f"{tok} {nxt}", _FRACTION_NOUNS[nxt], ""))
            i += 2
            continue
        if tok == "half" and nxt in ("a", "an"):
            items.append(("num", "half a", 0.5, ""))
            i += 2
            continue
        if tok in ("a", "an") and i + 1 in phrases and phrases[i + 1][1][2] == "scale":
            items.append(("num", tok, 1.0, ""))
        elif _DIGITS.fullmatch(tok):
            items.append(("num", tok, float(tok.replace(",", "")), ""))
        elif tok in FRACTION_WORDS:
            items.append(("frac", tok, FRACTION_WORDS[tok], ""))
        elif tok in MULTIPLIER_WORDS or (tok.endswith("fold") and tok[:-4].rstrip("-") in CARDINAL_WORDS):
            items.append(("fold", tok, MULTIPLIER_WORDS.get(tok) or CARDINAL_WORDS[tok[:-4].rstrip("-")], ""))
        elif tok in CARDINAL_WORDS:
            items.append(("num", tok, CARDINAL_WORDS[tok], ""))
            if nxt == "hundred":  # "two hundred" is one number, its word kept for "and twenty"
                items[-1] = ("num", f"{tok} hundred", CARDINAL_WORDS[tok] * 100, "")
                i += 1
        elif tok in _JOINS or tok in ("in",):
            items.append(("join", tok, 0.0, ""))
        elif tok in _OPENERS:
            items.append(("open", tok, 0.0, ""))
        else:
            items.append(("word", tok, 0.0, ""))
        i += 1
    return _interpret(items, text)


@dataclass(slots=True)
class _Item:
    """One recognised piece of a marked text: a number (with the scale applied), a phrase or a word."""

    kind: str
    word: str
    value: float = 0.0
    # The term of a phrase of the table (a qualifier's, a rate's); "" for the rest.
    term: str = ""
    # The scale word's factor applied to a number ("2.4 million": 1,000,000); 1 when none.
    scale: float = 1.0


def _interpret(items: list[tuple[str, str, float, str]], text: str) -> ValueReading | str:
    """Numbers with their scales, fractions "one in five", ranges, then qualifier and unit."""
    merged: list[_Item] = []
    for kind, word, value, term in items:
        last = merged[-1] if merged else None
        if kind == "scale" and last is not None and last.kind == "num":
            last.value, last.scale = last.value * value, value
        elif kind == "num" and value < 100 and len(merged) >= 2 and merged[-1].word == "and" and merged[-2].word.endswith("hundred"):
            merged.pop()
            merged[-1].value += value  # "one hundred and twenty"
        elif kind == "num" and len(merged) >= 2 and merged[-1].word == "in" and merged[-2].kind == "num" and value:
            merged.pop()
            one = merged.pop()
            merged.append(_Item("frac", f"{one.word} in {word}", one.value / value))
        else:
            merged.append(_Item(kind, word, value, term))
    # Where the numbers stand among the pieces (two numbers may be written alike), and the numbers.
    at = [i for i, m in enumerate(merged) if m.kind in ("num", "frac", "fold")]
    numbers = [merged[i] for i in at]
    grouped = [m.word for m in numbers if _POINT_GROUPED.fullmatch(m.word)]
    if grouped:
        return f"'{grouped[0]}' may be a number with a decimal point or with digit groups separated by points; no count is read from it"
    if not numbers:
        return f"'{text}' states no number the grammar reads (digits, number words, fractions, '-fold')"
    if len(numbers) > 2:
        return f"'{text}' states {len(numbers)} numbers; mark one number or one range"
    qualifiers = [m for m in merged if m.kind == "qualifier"]
    if len(qualifiers) > 1:
        return f"'{text}' has {len(qualifiers)} qualifying phrases ({', '.join(m.word for m in qualifiers)}); mark the one that governs the number"
    qualifier = qualifiers[0].term if qualifiers else "exact"
    form = {"num": "number", "frac": "fraction", "fold": "multiplier"}[numbers[0].kind]
    values = [n.value for n in numbers]
    if len(numbers) == 2:
        low, high = numbers
        between = merged[at[0] + 1 : at[1]]
        if [m.kind for m in between] != ["join"] or between[0].word == "in":
            return f"'{text}' states two numbers that are not a range ('8-12', 'between 25 and 40', 'some 2,100 or 2,200')"
        if low.scale == 1 and high.scale != 1:
            values[0] = low.value * high.scale  # "3-4 thousand": the scale word is both ends'
        qualifier = {"exact": "range", "up_to": "up_to_range", "approximate": "approximate_range"}.get(qualifier, qualifier + "_range")
    # The unit is the first unit word after the number, or the noun it qualifies ("kulak families");
    # else the last one before it ("aged sixteen").
    rest = merged[at[-1] + 1 :]
    first = None
    for i, m in enumerate(rest):
        if m.kind == "unit":
            first = i
            break
    while first is not None and first + 1 < len(rest) and rest[first + 1].kind == "unit":
        first += 1
    before = [m for m in merged[: at[0]] if m.kind == "unit"]
    # A fraction or multiplier is its own unit word; a noun after it names its group ("one in five prisoners").
    marker = {"fraction": "<fraction>", "multiplier": "<fold>"}.get(form, "")
    unit_word = marker or (rest[first].word if first is not None else before[-1].word if before else "")
    # An amount per week, month or year is no unit per day ("1.5 kilos of bread a week").
    other_rate = [m.word for m in merged if m.kind == "rate" and m.term != "day"]
    unit_word = other_rate[0] if other_rate else unit_word
    return ValueReading(tuple(values), qualifier, form, unit_word, tuple([m.word for m in merged if m.kind == "caution"]))


def stored(reading: ValueReading, unit: str, folder: Path | None = None) -> tuple[float, ...] | None:
    """The numbers a row in ``unit`` stores for ``reading``; None when the unit's record does not
    list the marked unit word (or the unit needs a word and none is marked)."""
    record = units(folder).get(unit)
    if record is None:
        return None
    word = reading.unit_word
    if not word:
        return None if record.needs_word else reading.numbers
    if word not in record.written:
        return None
    factor = record.written[word] / record.per_stored
    # A factor of 1 leaves every number as it is (x * 1.0 is x): the reading's own tuple is returned.
    return reading.numbers if factor == 1 else tuple([n * factor for n in reading.numbers])


def units_for(reading: ValueReading, folder: Path | None = None) -> list[str]:
    """The unit terms whose records read ``reading``'s unit word (for a hint)."""
    return [term for term in units(folder) if stored(reading, term, folder) is not None]


# --- periods -------------------------------------------------------------------------------------


def read_period(text: str, folder: Path | None = None) -> dict[str, str] | str:
    """The period cells a period_text states (period_start, period_end, period_precision, season,
    period_relation), or why the grammar cannot read it (each distinct text is parsed once)."""
    reading = _read_period(text, terms_folder(folder))
    return dict(reading) if isinstance(reading, dict) else reading


@functools.lru_cache(maxsize=8192)
def _read_period(text: str, folder: Path) -> dict[str, str] | str:
    norm = lower(normalise(text))
    relation, season = "", ""
    atoms: list[tuple[str, str]] = []  # (date, precision)
    day = month = ""
    toks, found = _scan(norm, folder)
    for _, _, (_, phrase, field, term) in found:
        if field == "relation":
            if not term:
                return f"'{phrase}' is a period relation no period_relation term says; the period is not the year itself"
            relation = term
        elif field == "season":
            season = term
    for tok in toks:
        if tok in MONTHS:
            month = f"{MONTHS.index(tok) + 1:02d}"
        elif re.fullmatch(r"[0-9]{4}s", tok):
            atoms.append((tok[:4], "decade"))
        elif re.fullmatch(r"[0-9]{4}", tok):
            date, precision = (f"{tok}-{month}-{day}", "day") if day and month else (f"{tok}-{month}", "month") if month else (tok, "year")
            atoms.append((date, precision))
            day = month = ""
        elif re.fullmatch(r"[0-9]{1,2}", tok) and atoms and atoms[-1][1] == "year":
            atoms.append((atoms[-1][0][:4][: 4 - len(tok)] + tok, "year"))  # "1937-38", "1931/32"
        elif re.fullmatch(r"[0-9]{1,2}", tok):
            day = f"{int(tok):02d}"
    if not atoms or len(atoms) > 2:
        return f"'{text}' states {'no year' if not atoms else 'more than two dates'}; mark one date or one period"
    start, end = atoms[0][0], atoms[-1][0]
    precision = "season" if season else atoms[0][1]
    if precision == "decade":
        end = str(int(atoms[-1][0][:4]) + 9)
    if relation == "after":
        end = ""
    elif relation in ("by", "before"):
        start = ""
    return {"period_start": start, "period_end": end, "period_precision": precision, "season": season, "period_relation": relation}


def read_status(text: str, folder: Path | None = None) -> set[str]:
    """The status terms of the status phrases in a status_text."""
    return {p.term for p in find_phrases(normalise(text), folder) if p.field == "status"}
