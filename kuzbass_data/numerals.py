"""THE one reader of numbers in text: every numeral of an excerpt or a source, as written, classified.

``tokenise(text)`` finds every number written in digits ("23,630", "2.4", "8-12"), in words
("nine", "sixteen", "twenty-three", "one-fifth", "one-half", "twice", "tenfold", "quintupled"),
with a scale word written out ("2.4 million"), and classifies each one:

- ``quantity``: a number that can be a row's value;
- ``year``: four digits 1800-2099 in year position ("in 1932", "1920s", "1928−1932");
- ``day``: the day of a date ("22 September 1936");
- ``footnote``: a footnote marker ("Footnote 52");
- ``name``: a number inside a name ("Camp No. 525", "First Five-Year Plan", "Fifth Column", "Figure 2");
- ``ordinal`` and ``vague``: "first", "second"; "thousands", "hundreds" (never a value, but counted by the audit).

It also reads the unit word written next to a quantity ("families", "per cent", "tons", "kilo")
and links the two ends of a written range ("8-12", "between 25 and 40", "from 1.5 to 20").
``stored_value`` gives the number a row must store for a numeral in a unit: the number as written,
or one of the DECLARED conversions in ``CONVERSIONS`` (nothing else; no blanket x100 or x1000).

Both the semantic checks (``validate.semantics``) and the audit (``audit``) use this module.
Pure Python and the standard library: a regex pass per text, linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

# Cardinal number words and their values.
_CARDINALS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
CARDINAL_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_CARDINALS)}
CARDINAL_WORDS.update({w: float(v) for w, v in _TENS.items()})
CARDINAL_WORDS.update({"hundred": 100.0, "thousand": 1000.0, "dozen": 12.0})
CARDINAL_WORDS.update({f"{t}-{u}": float(v + i) for t, v in {"twenty": 20, **_TENS}.items() for i, u in enumerate(_CARDINALS[1:10], start=1)})

# Fractions written in words: a share, stored as a fraction or (declared conversion) as per cent.
FRACTION_WORDS: dict[str, float] = {
    "half": 0.5,
    "one-half": 0.5,
    "one-third": 1 / 3,
    "two-thirds": 2 / 3,
    "one-quarter": 0.25,
    "one-fourth": 0.25,
    "three-quarters": 0.75,
    "one-fifth": 0.2,
    "two-fifths": 0.4,
    "three-fifths": 0.6,
    "four-fifths": 0.8,
    "one-tenth": 0.1,
}

# Multipliers written in words: a factor ("tenfold" = 10).
MULTIPLIER_WORDS: dict[str, float] = {
    "twice": 2.0,
    "double": 2.0,
    "doubled": 2.0,
    "twofold": 2.0,
    "thrice": 3.0,
    "tripled": 3.0,
    "trebled": 3.0,
    "threefold": 3.0,
    "quadrupled": 4.0,
    "fourfold": 4.0,
    "quintupled": 5.0,
    "fivefold": 5.0,
    "sixfold": 6.0,
    "tenfold": 10.0,
    "hundredfold": 100.0,
}

# Every word that states a number, with its value (the audit's vocabulary of number words).
NUMBER_WORDS: dict[str, float] = {**CARDINAL_WORDS, **FRACTION_WORDS, **MULTIPLIER_WORDS}

ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "hundredth",
]
VAGUE = ("thousands", "hundreds", "millions", "dozens")
# Words that multiply the number before them when written out ("2.4 million").
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
SEASONS = ("spring", "summer", "autumn", "winter")

# The kinds a numeral can have; only "quantity" can be a row's value.
KINDS = ("quantity", "year", "day", "footnote", "name", "ordinal", "vague")

# Names that contain numbers: every numeral inside a match is of kind "name".
NAME_PATTERNS = re.compile(
    # One word boundary and one look at the first letter before the alternatives: the pattern is
    # tried at every character of every excerpt, and most characters start none of them.
    r"(?i)\b(?=[acdfilnoprstvw])(?:"
    r"(?:first|second|third|fourth|fifth)\s+five-year\s+plans?\b"
    r"|five-year\s+plans?\b"
    r"|fifth\s+column\b"
    r"|world\s+war\s+(?:one|two|i{1,2})\b"
    r"|two\s+world\s+wars\b"
    r"|(?:camp|no\.|nos\.|figure|fig\.|table|article|page|p\.|pp\.|vol\.|volume|issue|fond|f\.|opis|op\.|delo|d\.|l\.|order|prikaz|decree|resolution|shaft)\s*(?:no\.\s*)?[0-9]+)"
)
_MONTH_RE = "|".join(MONTHS)

# A node of a trie of words: the next characters, and "" where a word ends.
_Node = dict[str, "_Node"]


def _trie(words: set[str]) -> str:
    """A regex alternation of ``words`` written as a trie ("f(?:ive|our)" for "five|four").

    Python's ``re`` tries the alternatives of "five|four|..." one after another at every word start;
    as a trie, a word that begins with no number word fails after a character or two.
    """
    root: _Node = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branch(node: _Node) -> str:
        alternatives = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(root)


_TOKEN = re.compile(
    # The digits branch starts with the digit and looks behind it afterwards, so that a character that
    # is no digit fails at once; the look-behind "no letter, digit, point or comma before" is the same.
    r"(?P<digits>[0-9](?<![\w.,][0-9])(?:[0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])"
    r"|[0-9]{0,2}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9])"  # digit groups separated by a (thin or no-break) space: "23 630"
    r"|[0-9]*(?:\.[0-9]+)?(?![0-9])))(?P<suffix>s\b|st\b|nd\b|rd\b|th\b)?"
    # Only words that begin with a number word are matched, so that ordinary words cost no Python call.
    r"|(?P<word>(?<![\w-])(?i:(?=" + _trie({*NUMBER_WORDS, *ORDINALS, *VAGUE}) + r"(?:-|fold\b|\b)))[A-Za-z]+(?:-[A-Za-z]+)*)"
)
# Dates around a number, read by _date_kind: a month after the day ("22 September"), a month before it
# ("September 22"), and a month, season or preposition of time before a year ("in 1932").
_MONTH_AFTER = re.compile(rf"\s+({_MONTH_RE})\b(\s+[0-9]{{4}})?")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_RE})\s+$")
_TIME_BEFORE = re.compile(rf"\b(?:{_MONTH_RE}|{'|'.join(SEASONS)}|in|by|after|before|until|till|since|from|between|during|of|throughout|late|early|mid|mid-)\s*$")
_AGED = re.compile(r"(?i)\baged\s+$")
_SCALE = re.compile(r"\s*(thousand|million|billion|mln|mn|bn|bln)\b", re.IGNORECASE)
# Abbreviated scale words and what they stand for.
_SCALE_ABBREVIATIONS = {"mln": "million", "mn": "million", "bn": "billion", "bln": "billion"}
# Digits that may be grouped by a point, as in much of Europe ("5.000"): no count can be read from them.
_GROUPED_BY_POINT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
# The separators of digit groups: "23,630", "23 630" (also thin and no-break spaces).
_GROUPING = re.compile(r"[, \u00a0\u2009\u202f]")
# "hundred" after a number word ("two hundred"), and the tens and units after it ("and twenty").
_HUNDRED = re.compile(r"\s+hundred\b", re.IGNORECASE)
_AFTER_HUNDRED = re.compile(r"\s+(?:and\s+)?([A-Za-z]+(?:-[A-Za-z]+)?)\b")
# Words that make "hundred", "thousand" or "dozen" an unstated amount: "several thousand", "a few dozen".
_UNSTATED = re.compile(r"(?i)\b(?:several|a\s+few|few|many|some|hundreds\s+of|thousands\s+of)\s+$")
_DASH = re.compile(r"\s*[-–−]\s*")
# The words around the two ends of a range written out: "between 25 and 40", "from 1.5 to 20".
_BETWEEN, _AND = re.compile(r"\bbetween\s+$"), re.compile(r"(?i)\s*(?:per\s*cent\s*|%\s*)?and\s+")
_FROM, _TO = re.compile(r"\bfrom\s+$"), re.compile(r"(?i)\s*to\s+")
# A verb of change before "from X to Y" makes it two numbers, not a range: "grew from 2,000 to 6,000".
_CHANGE = re.compile(r"\b(?:grew|grown|rose|risen|fell|fallen|increased|decreased|dropped|declined|climbed|jumped|went\s+(?:up|down))\s+(?:\w+\s+)?from\s+$")

# Unit words written after a number (case ignored), in the order they are tried; each gives a unit cue.
UNIT_CUES: tuple[tuple[str, str], ...] = (
    ("percent", r"\s*(?:per\s*cent|percent|%)"),
    ("per_1000_workers", r"\s*per\s+1,?000\s+workers\b"),
    ("tons", r"\s*(?:metric\s+)?(?:tons|tonnes|ton|tonne)\b"),
    ("kilo", r"\s*(?:kilos?|kilograms?|kg)\b"),
    ("grams", r"\s*(?:grams?|g)\b"),
    ("metres", r"\s*(?:metres?|meters?|m)\b"),
    ("months", r"\s*months?\b"),
    ("years", r"\s*(?:years?|year-olds?)\b"),
)
# UNIT_CUES as one pattern: at one position, an alternation takes its first alternative that
# matches, as trying the cues in order would, with one call instead of eight.
_ANY_UNIT_CUE = re.compile("|".join(f"(?P<{cue}>{pattern})" for cue, pattern in UNIT_CUES), re.IGNORECASE)
# Nouns that count people or families or accidents; up to three words (adjectives) may stand
# between the number and the noun ("23,630 kulak families", "20,000 alleged conspirators").
COUNT_NOUNS: dict[str, str] = {
    **dict.fromkeys(("family", "families", "household", "households"), "families"),
    **dict.fromkeys(("accident", "accidents"), "accidents"),
    **dict.fromkeys(
        [
            "people",
            "persons",
            "person",
            "men",
            "women",
            "man",
            "woman",
            "workers",
            "worker",
            "miners",
            "miner",
            "specialists",
            "specialist",
            "foreigners",
            "foreigner",
            "settlers",
            "settler",
            "internees",
            "internee",
            "prisoners",
            "prisoner",
            "pows",
            "pow",
            "defendants",
            "defendant",
            "conspirators",
            "conspirator",
            "children",
            "child",
            "kulaks",
            "kulak",
            "deportees",
            "deportee",
            "detainees",
            "detainee",
            "hewers",
            "hewer",
            "engineers",
            "engineer",
            "inhabitants",
            "recruits",
            "peasants",
            "labourers",
            "employees",
            "members",
            "soldiers",
        ],
        "people",
    ),
}
_WORD = re.compile(r"[A-Za-z’']+")
_STOP = re.compile(r"[,.;:()\[\]!?0-9]")


class Numeral(NamedTuple):
    """One number written in a text (a named tuple: a text of 10 MB has hundreds of thousands)."""

    # Character offsets of the written token in the text (end exclusive).
    start: int
    end: int
    # The token as written ("23,630", "one-fifth", "2.4 million", "Ten").
    written: str
    # Its value as written, before any scale word: 23630, 0.2, 2.4, 10.
    value: float
    # One of KINDS.
    kind: str
    # How it is written: "digits", "word", "fraction" or "multiplier".
    form: str
    # The scale word written after it ("million", "thousand"), lowercase; "" if none.
    scale: str = ""
    # The unit cue written next to it: a key of UNIT_CUES, a value of COUNT_NOUNS, or "".
    unit_cue: str = ""
    # "low" or "high" when it is one end of a written range, else "".
    range_role: str = ""
    # How the range is written: "dash", "between" or "from"; "" when not in a range.
    range_form: str = ""
    # Index (in the tokenise result) of the other end of its range; -1 when not in a range.
    partner: int = -1
    # For a year: 1 for one year, 10 for a decade written "1920s".
    span: int = 1


@dataclass(frozen=True)
class Conversion:
    """A declared way a written number becomes a stored one."""

    # What is written: a form ("fraction", "multiplier") or a cue/scale word ("kilo", "million").
    written: str
    # The unit the row stores it in.
    unit: str
    # Stored value = written value times this.
    factor: float
    # An example for the documentation.
    example: str


COUNT_UNITS = ("people", "families", "accidents")
# THE table of declared conversions. A stored number equals the written one (factor 1) or one of these.
CONVERSIONS: tuple[Conversion, ...] = (
    Conversion("fraction", "fraction", 1.0, "'one-fifth' = 0.2 fraction"),
    Conversion("fraction", "percent", 100.0, "'one-fifth' = 20 percent; 'one-half' = 50 percent"),
    Conversion("kilo", "grams_per_day", 1000.0, "'one kilo' = 1000 grams_per_day"),
    Conversion("million", "million_tonnes", 1.0, "'2.4 million tons' = 2.4 million_tonnes"),
    *(Conversion("million", unit, 1e6, f"'2.4 million {unit}' = 2400000 {unit}") for unit in COUNT_UNITS),
    *(Conversion("thousand", unit, 1e3, f"'two thousand {unit}' = 2000 {unit}") for unit in COUNT_UNITS),
)

# Which units a unit cue or form allows: a row's unit must be one of them.
CUE_UNITS: dict[str, tuple[str, ...]] = {
    "percent": ("percent",),
    "per_1000_workers": ("deaths_per_1000_workers",),
    "tons": ("million_tonnes",),
    "kilo": ("grams_per_day",),
    "grams": ("grams_per_day",),
    "metres": ("metres",),
    "months": ("months",),
    "years": ("years",),
    "families": ("families",),
    "people": ("people",),
    "accidents": ("accidents",),
    "fraction": ("fraction", "percent"),
    "multiplier": ("factor",),
}
# Units whose number must carry its unit word (or form) in the excerpt: a measurement, not a count.
UNITS_NEEDING_A_CUE: dict[str, tuple[str, ...]] = {
    "percent": ("percent", "fraction"),
    "fraction": ("fraction",),
    "factor": ("multiplier",),
    "million_tonnes": ("tons",),
    "grams_per_day": ("kilo", "grams"),
    "metres": ("metres",),
    "deaths_per_1000_workers": ("per_1000_workers",),
    "months": ("months",),
    "years": ("years",),
}


def tokenise(text: str, limit: int | None = None) -> list[Numeral]:
    """Every numeral of ``text`` in order (the first ``limit`` only, if given), classified, with
    unit cues and ranges linked."""
    names = [(m.start(), m.end()) for m in NAME_PATTERNS.finditer(text)]
    found: list[Numeral] = []
    current = 0  # names and numerals both run in text order: one pass over each
    for match in _TOKEN.finditer(text):
        numeral = _read(text, match)
        if numeral is None or (found and numeral.start < found[-1].end):
            continue  # not a number, or a word the numeral before took in ("two thousand", "two hundred")
        while current < len(names) and names[current][1] <= numeral.start:
            current += 1
        kind = numeral.kind
        if text[max(0, numeral.start - 9) : numeral.start].lower() == "footnote ":
            kind = "footnote"
        elif current < len(names) and names[current][0] <= numeral.start:
            kind = "name"
        elif kind == "quantity" and numeral.form == "digits":
            kind = _date_kind(text, numeral)
        elif kind == "quantity" and numeral.written.lower().split()[0] in ("hundred", "thousand", "dozen") and _UNSTATED.search(text[max(0, numeral.start - 16) : numeral.start]):
            kind = "vague"  # "several thousand", "a few dozen": no number is stated
        cue = _unit_cue(text, numeral) if kind == "quantity" else ""
        # Most numerals keep what _read gave them: a Numeral is only rebuilt when something changed.
        found.append(numeral if kind == numeral.kind and cue == numeral.unit_cue else numeral._replace(kind=kind, unit_cue=cue))
        if limit is not None and len(found) >= limit:
            break
    return _link_ranges(text, found)


def _read(text: str, match: re.Match[str]) -> Numeral | None:
    if match.group("digits"):
        digits, suffix = match.group("digits"), (match.group("suffix") or "").lower()
        value = float(_GROUPING.sub("", digits))
        if suffix == "s":  # "1920s": a decade
            return Numeral(match.start(), match.end(), match.group(0), value, "year" if _yearlike(digits) else "vague", "digits", span=10)
        if suffix:  # "22nd", "3rd": an ordinal (a day when a month follows)
            return Numeral(match.start(), match.end(), match.group(0), value, "ordinal", "digits")
        return _with_scale(text, Numeral(match.start(), match.end(), digits, value, "quantity", "digits"))
    word = match.group("word")
    lower = word.lower()
    if lower in FRACTION_WORDS:
        return Numeral(match.start(), match.end(), word, FRACTION_WORDS[lower], "quantity", "fraction")
    if lower in MULTIPLIER_WORDS:
        return Numeral(match.start(), match.end(), word, MULTIPLIER_WORDS[lower], "quantity", "multiplier")
    if lower in CARDINAL_WORDS:
        return _with_scale(text, _with_hundreds(text, Numeral(match.start(), match.end(), word, CARDINAL_WORDS[lower], "quantity", "word")))
    if lower.endswith("fold") and lower[:-4].rstrip("-") in CARDINAL_WORDS:
        return Numeral(match.start(), match.end(), word, CARDINAL_WORDS[lower[:-4].rstrip("-")], "quantity", "multiplier")
    if lower in VAGUE:
        return Numeral(match.start(), match.end(), word, 0.0, "vague", "word")
    if lower in ORDINALS:
        return Numeral(match.start(), match.end(), word, float(ORDINALS.index(lower) + 1), "ordinal", "word")
    # A compound whose first part is a number word: "Five-Year", "first-hand".
    head = lower.split("-", 1)[0]
    if "-" in lower and (head in CARDINAL_WORDS or head in ORDINALS):
        end = match.start() + len(head)
        kind, value = ("quantity", CARDINAL_WORDS[head]) if head in CARDINAL_WORDS else ("ordinal", float(ORDINALS.index(head) + 1))
        return Numeral(match.start(), end, word[: len(head)], value, kind, "word")
    return None


def _with_hundreds(text: str, n: Numeral) -> Numeral:
    """Read a number written in words with its hundreds as one number: "two hundred" (200),
    "one hundred and twenty" (120), "a hundred and five" (105)."""
    value, end = n.value, n.end
    if n.written.lower() != "hundred":
        hundred = _HUNDRED.match(text, end) if 1 <= value <= 99 else None
        if hundred is None:
            return n
        value, end = value * 100, hundred.end()
    rest = _AFTER_HUNDRED.match(text, end)
    units = CARDINAL_WORDS.get(rest.group(1).lower(), 0.0) if rest else 0.0
    if rest is not None and 1 <= units <= 99:
        value, end = value + units, rest.end()
    return n if end == n.end else n._replace(end=end, written=text[n.start : end], value=value)


def _with_scale(text: str, n: Numeral) -> Numeral:
    """Take in a scale word written after the number: "2.4 million"."""
    scale = _SCALE.match(text, n.end)
    if scale is None:
        return n
    word = scale.group(1).lower()
    return n._replace(end=scale.end(), written=text[n.start : scale.end()], scale=_SCALE_ABBREVIATIONS.get(word, word))


def _yearlike(digits: str) -> bool:
    # isdigit first: "12.5" and "2,41" are four characters too, and never a year.
    return len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2099


def _date_kind(text: str, n: Numeral) -> str:
    """'year' or 'day' when the digits date something, else 'quantity'."""
    after = text[n.end : n.end + 20].lower()
    before = text[max(0, n.start - 12) : n.start].lower()
    if n.scale == "" and 1 <= n.value <= 31 and "," not in n.written and "." not in n.written:
        month_after = _MONTH_AFTER.match(after)
        # "may" is a month only with its year ("5 May 1936"), not in "20 may be".
        if (month_after and (month_after.group(1) != "may" or month_after.group(2))) or _MONTH_BEFORE.search(before):
            return "day"
    if n.scale == "" and _yearlike(n.written):
        # A four-digit number followed by a unit or a counted noun is a quantity ("1900 workers"),
        # unless a month, a season or a preposition of time stands before it ("December 1935").
        if _TIME_BEFORE.search(before):
            return "year"
        if _unit_cue(text, n):
            return "quantity"
        return "year"
    return "quantity"


def _unit_cue(text: str, n: Numeral) -> str:
    """The unit word written after the number (a key of CUE_UNITS), or ""."""
    if n.form == "fraction":
        return "fraction"
    if n.form == "multiplier":
        return "multiplier"
    written = _ANY_UNIT_CUE.match(text, n.end)
    if written is not None and written.lastgroup:
        return written.lastgroup
    # "aged sixteen": an age in years.
    if _AGED.search(text[max(0, n.start - 8) : n.start]):
        return "years"
    # A counted noun within the next few words, before any punctuation or other number.
    tail = text[n.end : n.end + 60]
    stop = _STOP.search(tail)
    tail = tail[: stop.start()] if stop else tail
    # The head of the noun phrase is its last noun: "kulak families" counts families.
    noun = ""
    for i, word in enumerate(_WORD.finditer(tail)):
        lower = word.group(0).lower()
        if lower in COUNT_NOUNS:
            noun = COUNT_NOUNS[lower]
            continue
        if noun or i >= 3 or lower in NUMBER_WORDS or lower in ("and", "or", "to", "than", "were", "was", "had", "of", "that", "which", "who", "whom", "whose"):
            break
    return noun


def _link_ranges(text: str, found: list[Numeral]) -> list[Numeral]:
    """Link the two ends of each written range: "8-12", "between 25 and 40", "from 1.5 to 20"."""
    result = list(found)
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.kind != b.kind or a.kind not in ("quantity", "year") or result[i].partner >= 0:
            continue
        between = text[a.end : b.start]
        lead = text[max(0, a.start - 12) : a.start].lower()
        form = ""
        if _DASH.fullmatch(between):
            form = "dash"
        elif _BETWEEN.search(lead) and _AND.fullmatch(between):
            form = "between"
        elif _FROM.search(lead) and _TO.fullmatch(between) and not _CHANGE.search(text[max(0, a.start - 40) : a.start].lower()):
            form = "from"
        if form:
            cue = b.unit_cue or a.unit_cue
            # "3-4 thousand", "between 2 and 3 million": the scale word written once is both ends'.
            scale = a.scale or (b.scale if a.kind == "quantity" and a.form == b.form else "")
            result[i] = result[i]._replace(range_role="low", range_form=form, partner=i + 1, unit_cue=cue if a.kind == "quantity" else "", scale=scale)
            result[i + 1] = result[i + 1]._replace(range_role="high", range_form=form, partner=i, unit_cue=cue if b.kind == "quantity" else "")
    return result


def stored_value(n: Numeral, unit: str) -> float | None:
    """The number a row in ``unit`` stores for the written numeral ``n``; None if no declared reading.

    As written (factor 1), unless a declared conversion in CONVERSIONS applies to how it is
    written (its form, its unit word or its scale word) and to ``unit``.
    """
    if n.kind != "quantity":
        return None
    if unit in COUNT_UNITS and _GROUPED_BY_POINT.fullmatch(n.written):
        return None  # "5.000 settlers": five, or five thousand written with a point between groups?
    for keyword in (n.form, n.unit_cue, n.scale):
        for c in CONVERSIONS:
            if c.written == keyword and c.unit == unit:
                return n.value * c.factor
    if n.scale and n.scale in SCALE_WORDS:
        return None  # "2.4 million" in a unit with no declared reading of the scale word
    return n.value


def unit_agrees(n: Numeral, unit: str) -> bool:
    """False when the unit word (or form) written with ``n`` names another unit than ``unit``,
    or when ``unit`` is a measurement that needs its unit word and none is written."""
    cue = n.unit_cue
    if cue and unit not in CUE_UNITS.get(cue, (unit,)):
        return False
    if unit == "million_tonnes" and n.scale != "million":
        return False  # "17 tons" is not 17 million tonnes
    needed = UNITS_NEEDING_A_CUE.get(unit)
    return needed is None or cue in needed


def quantities(numerals: list[Numeral]) -> list[Numeral]:
    """Only the numerals that can be a row's value."""
    return [n for n in numerals if n.kind == "quantity"]
