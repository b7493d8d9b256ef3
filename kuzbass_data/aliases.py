"""Names in any spelling: the reviewed alias table (``kuzbass_data/aliases.csv``) and the text folding search uses.

The data are in English and spell each name one way, as the source does (``prokopyevsk``,
``Ejche``, ``Japanese``). Readers type Прокопьевск, Prokop'evsk, Eikhe or японцы. The alias
table maps each such spelling (``alias``) to the spelling the data contain (``term``), with
the ``kind`` of name (place, person, group, organisation) and a ``note``. A spelling and its
term are one name: searching for either finds the rows that contain any spelling of it.

``kd.search``, ``kuzbass-data search`` and the website's search (``web/search.js``, which
gets ``search_script_data()``) read the same table and fold text the same way: case-folded,
apostrophes dropped (Prokop’evsk = Prokop'evsk = Prokopevsk), ё read as е, underscores as
spaces. Standard library only, so ``search`` never imports pandas.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .paths import ALIAS_FILE, in_package

# The alias table, inside the package.
ALIAS_COLUMNS = ("term", "alias", "kind", "note")
KINDS = ("place", "person", "group", "organisation")
# Characters dropped when folding: the apostrophes a transliteration puts for the soft sign.
APOSTROPHES = "'’ʼ`´ʹ"
# Russian letters in the usual English transliteration, to suggest a spelling for a Cyrillic word the table lacks.
TRANSLITERATION = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
        strict=True,
    )
)
# Said when a search finds nothing: the language of the data, and what to type instead.
LANGUAGE_HINT = "the data are in English, with names as the source spells them (Prokopyevsk, Kemerovo, Ejche, Japanese)"


class AliasTableError(ValueError):
    """The alias table is unusable: the message names the file, the line and the column."""


@dataclass(frozen=True)
class Alias:
    """One row of the alias table."""

    # The spelling the data contain (folded when compared).
    term: str
    # A spelling readers use for it.
    alias: str
    # place, person, group or organisation.
    kind: str
    # Why the spelling is here (what language or source writes it).
    note: str


def fold(text: str) -> str:
    """``text`` as search compares it: NFKC, case-folded, apostrophes dropped, ё as е, underscores and runs of spaces as one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate({ord(c): None for c in APOSTROPHES}).replace("ё", "е").replace("_", " ")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of ``text`` after folding: runs of letters and digits."""
    return re.findall(r"[^\W_]+", fold(text))


def read_aliases(text: str, name: str = ALIAS_FILE) -> tuple[Alias, ...]:
    """Parse an alias table; ``AliasTableError`` names the file, line and column of the first problem."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != ALIAS_COLUMNS:
        raise AliasTableError(f"{name}:1: the header must be {','.join(ALIAS_COLUMNS)}, not {','.join(reader.fieldnames or ())}")
    found: list[Alias] = []
    term_of: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        cells = {c: (row.get(c) or "").strip() for c in ALIAS_COLUMNS}
        for column in ("term", "alias", "kind"):
            if not cells[column]:
                raise AliasTableError(f"{name}:{line}: {column}: empty; every alias names its term, its spelling and its kind")
        if cells["kind"] not in KINDS:
            raise AliasTableError(f"{name}:{line}: kind: {cells['kind']!r} is not one of {', '.join(KINDS)}")
        key, term = fold(cells["alias"]), fold(cells["term"])
        if not words(cells["alias"]) or not words(cells["term"]):
            raise AliasTableError(f"{name}:{line}: alias: {cells['alias']!r} has no letters or digits")
        # One spelling names one thing: an alias of two terms would merge two names in every search.
        if term_of.get(key, term) != term:
            raise AliasTableError(f"{name}:{line}: alias: {cells['alias']!r} already names {term_of[key]!r}; a spelling may name one term only")
        term_of[key] = term
        found.append(Alias(**cells))
    return tuple(found)


@lru_cache(maxsize=1)
def aliases() -> tuple[Alias, ...]:
    """The package's alias table."""
    return read_aliases(in_package(ALIAS_FILE).read_text(encoding="utf-8"))


def spellings(table: tuple[Alias, ...]) -> dict[str, tuple[str, ...]]:
    """Every folded spelling (term or alias) with all folded spellings of its name, the term first."""
    names: dict[str, list[str]] = {}
    for a in table:
        group = names.setdefault(fold(a.term), [fold(a.term)])
        if fold(a.alias) not in group:
            group.append(fold(a.alias))
    return {spelling: tuple(group) for group in names.values() for spelling in group}


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    return spellings(aliases())


def query_groups(text: str, table: dict[str, tuple[str, ...]] | None = None) -> list[tuple[str, ...]]:
    """The query as groups of alternatives: a row matches when it contains one alternative of every group.

    A run of words that is a known spelling (the longest first: "Kuznetsk basin") becomes
    all spellings of its name; any other word stands for itself.
    """
    known = _spellings() if table is None else table
    longest = max((len(k.split()) for k in known), default=1)
    tokens = words(text)
    groups: list[tuple[str, ...]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + size])
            if phrase in known:
                groups.append(known[phrase])
                i += size
                break
        else:
            groups.append((tokens[i],))
            i += 1
    return groups


def transliterate(text: str) -> str:
    """Russian letters of ``text`` in the usual English transliteration (Кемерова -> kemerova); other characters unchanged."""
    return "".join(TRANSLITERATION.get(c, c) for c in fold(text))


def suggestion(text: str, vocabulary: set[str]) -> str:
    """A spelling to try instead of ``text``: each word with no match replaced by the closest word of ``vocabulary``; '' when none is close."""
    suggested, changed = [], False
    for word in words(text):
        latin = transliterate(word)
        if word in vocabulary:
            suggested.append(word)
            continue
        close = difflib.get_close_matches(latin, vocabulary, n=1, cutoff=0.75)
        if not close:
            return ""
        suggested.append(close[0])
        changed = True
    return " ".join(suggested) if changed else ""


def no_match_message(text: str, vocabulary: set[str]) -> str:
    """What to say when a search for ``text`` finds no row: the data's language, and a spelling to try when one is close."""
    close = suggestion(text, vocabulary)
    try_this = f"; try {close!r}" if close else "; try an English word or the source's spelling"
    return f"no row matches {text!r}: {LANGUAGE_HINT}{try_this}"


def search_script_data() -> dict[str, object]:
    """What the website's search needs, as JSON: every folded spelling with its name's spellings, the transliteration and the hint."""
    return {"spellings": {k: list(v) for k, v in _spellings().items()}, "transliteration": TRANSLITERATION, "apostrophes": APOSTROPHES, "hint": LANGUAGE_HINT}


# The placeholder in web/search.js that the site replaces with search_script_data().
SCRIPT_START, SCRIPT_END = "/*kd:names*/", "/*kd:end*/"


def with_search_data(script: str) -> str:
    """``web/search.js`` with the alias data put in its placeholder; a ValueError if the placeholder is gone."""
    import json

    start, end = script.find(SCRIPT_START), script.find(SCRIPT_END)
    if start < 0 or end < start:
        raise ValueError(f"search.js has no {SCRIPT_START}...{SCRIPT_END} placeholder for the alias data")
    return script[: start + len(SCRIPT_START)] + json.dumps(search_script_data(), ensure_ascii=False, sort_keys=True) + script[end:]
