"""THE one reader of numbers in text: every numeral of an excerpt or a source, as written, classified.

``tokenise(text)`` finds every number written in digits ("23,630", "2.4", "8-12"), in words
("nine", "sixteen", "twenty-three", "one-fifth", "one-half", "twice", "tenfold", "quintupled"),
with a scale word written out ("2.4 million"), and classifies each one:

- ``quantity``: a number that can be a row's value;
- ``year``: four digits 1800-2099 ("in 1932", "1920s", "1928−1932"); a row's marked value_text says when they are a count;
- ``day``: the day of a date ("22 September 1936");
- ``footnote``: a footnote marker ("Footnote 52");
- ``name``: a number inside a name ("Camp No. 525", "First Five-Year Plan", "Fifth Column", "Figure 2");
- ``ordinal`` and ``vague``: "first", "second"; "thousands", "hundreds" (never a value, but counted by the audit).

``stored_values`` gives the numbers a row may store for a numeral in a unit: the number as written
times its scale word, by the conversions of the unit's record (schema/terms/units.csv).

The audit (``audit``) reads the whole article with it; the grammar of marked readings
(``readings``) takes its number words from it.
Pure Python and the standard library: a regex pass per text, linear in its length.
"""

from __future__ import annotations

import re
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
# ("September 22").
_MONTH_AFTER = re.compile(rf"\s+({_MONTH_RE})\b(\s+[0-9]{{4}})?")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_RE})\s+$")
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
    # For a year: 1 for one year, 10 for a decade written "1920s".
    span: int = 1


def tokenise(text: str, limit: int | None = None) -> list[Numeral]:
    """Every numeral of ``text`` in order (the first ``limit`` only, if given), classified."""
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
        # Most numerals keep what _read gave them: a Numeral is only rebuilt when something changed.
        found.append(numeral if kind == numeral.kind else numeral._replace(kind=kind))
        if limit is not None and len(found) >= limit:
            break
    return found


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
        # Four digits in year range are a year: a marked value_text, not this reader, says when they count.
        return "year"
    return "quantity"


def stored_values(n: Numeral, unit: str) -> set[float]:
    """The numbers a row in ``unit`` may store for the written numeral ``n``: as written times its
    scale word, by each conversion of the unit's record (schema/terms/units.csv); none for a numeral
    that is no quantity or a count written with points between digit groups ("5.000 settlers")."""
    from .grammar import units  # the unit records read this module's number words

    record = units().get(unit)
    if n.kind != "quantity" or record is None or (not record.needs_word and _GROUPED_BY_POINT.fullmatch(n.written)):
        return set()
    written = n.value * SCALE_WORDS.get(n.scale, 1.0)
    form = {"fraction": "<fraction>", "multiplier": "<fold>"}.get(n.form, "")
    if form:
        factors = [record.written[form]] if form in record.written else []
    else:
        factors = [f for w, f in record.written.items() if not w.startswith("<")] or [1.0]
    return {written * f / record.per_stored for f in factors}
