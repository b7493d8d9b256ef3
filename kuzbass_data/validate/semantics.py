"""Semantic checks: read each row's number in its own excerpt as a historian would.

For every data row, the number the row states is looked up among the quantities of its
excerpt (``kuzbass_data.numerals``, the one reader of numbers), and the row must say what the
excerpt says about it:

- ``number-not-in-excerpt``: no quantity of the excerpt is the row's number;
- ``value-not-a-quantity``: the row's number is a year, the day of a date, a footnote marker or a number inside a name;
- ``value-scale-mismatch``: the number is written in the excerpt, but stored at another scale (x10, x1000, ...);
- ``unit-mismatch``: the unit word next to the number (or its form: "one-fifth", "tenfold") names another unit;
- ``qualifier-mismatch``: the words governing the number ("about", "almost", "more than", "up to", "between ... and") disagree with ``qualifier``;
- ``status-mismatch``: plan, announcement, norm, claim or multiplier words around the number disagree with ``status``;
- ``excerpt-off-topic``: an accidents, coal or ration row whose excerpt has none of its table's words;
- ``period-mismatch``: the excerpt writes a date or year, and the row's period is not one it writes;
- ``period-relation-mismatch``: "After 1938", "By 1937", "before 1930" and ``period_relation`` disagree;
- ``impossible-date``: a period bound that is no day of the calendar (1936-09-31, 1937-02-29);
- ``footnote-mismatch`` / ``footnote-not-in-source``: with the source text, the footnote is not the
  marker the convention assigns, or no such marker exists (see ``check_footnotes``).

``check_semantics`` runs these, the identity checks and the conflict rules, and applies the
reviewed exceptions of ``audit/exceptions.csv``.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ..numerals import CUE_UNITS, MONTHS, SEASONS, Numeral, quantities, stored_value, tokenise, unit_agrees
from ..source_text import Occurrences, normalise
from .conflicts import CONFLICT_CODES, check_conflicts
from .exceptions import AppliedException, ExceptionEntry, apply_exceptions
from .identity import IDENTITY_CODES, check_identity
from .problems import Problem
from .rowdata import Tables, cell, data_tables, file_of, number, same_number

ROW_CODES = (
    "number-not-in-excerpt",
    "value-not-a-quantity",
    "value-scale-mismatch",
    "unit-mismatch",
    "qualifier-mismatch",
    "status-mismatch",
    "excerpt-off-topic",
    "period-mismatch",
    "period-relation-mismatch",
    "impossible-date",
)
FOOTNOTE_CODES = ("footnote-mismatch", "footnote-not-in-source")
# Checks that need the source's text: the footnote convention and the words just before the excerpt.
TEXT_CODES = (*FOOTNOTE_CODES, "excerpt-cuts-context")
# The readings that words just before an excerpt can change. The status only by its last few words
# ("spoke of 8,500"): a plan or norm word earlier in the sentence often governs another clause
# ("were to receive 300 grams ..., and one-third of them died").
CONTEXT_CODES = ("qualifier-mismatch", "period-mismatch", "period-relation-mismatch")
CONTEXT_STATUS_WORDS = 3
# How far before an excerpt its sentence is read for words that govern its number.
CONTEXT_REACH = 120
# Every code an exception may name.
ALL_CODES = (*ROW_CODES, *TEXT_CODES, *IDENTITY_CODES, *CONFLICT_CODES)
# Problems of the exceptions file itself (validate/exceptions.py); an exception cannot name them.
EXCEPTION_CODES = ("exception-unknown-id", "exception-unknown-check", "exception-repeated", "exception-unused", "exception-file-invalid")

# Longer excerpts are the cell checks' to report (at most 200 characters); they are not read here.
MAX_EXCERPT = 400
# Only the first numerals of an excerpt are read: a real excerpt states a handful; a flood of
# numbers costs time and fails closed (the row's number is then not found).
MAX_NUMERALS = 40
# At most this many readings of the row's number are judged per row.
MAX_CANDIDATES = 8

# Words that govern a number, tried in this order against the text just before it (longest first).
QUALIFIER_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("at_least", re.compile(r"\b(?:at\s+(?:the\s+)?(?:very\s+)?least|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of)\s+$")),
    ("up_to", re.compile(r"\b(?:up\s+to|at\s+(?:the\s+)?(?:very\s+)?most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of)\s+$")),
    ("less_than", re.compile(r"\b(?:less\s+than|fewer\s+than|under|below|not\s+even)\s+$")),
    ("more_than", re.compile(r"\b(?:more\s+than|over|above|upwards?\s+of|in\s+excess\s+of|exceed(?:ed|ing|s)?)\s+$")),
    ("almost", re.compile(r"\b(?:almost|nearly|just\s+under|not\s+quite)\s+$")),
    (
        "approximate",
        re.compile(
            r"(?:\b(?:about|around|approximately|roughly|some|circa|close\s+to|perhaps|probably|possibly|an\s+estimated(?:\s+total\s+of)?"
            r"|estimated\s+(?:[a-z]+\s+){0,4}at|estimates?\s+put\s+(?:[a-z]+\s+){0,5}at)"
            r"|\b(?:c|ca|approx)\.)\s+$"
        ),
    ),
)
# The vocabulary has no term for these readings: a row governed by them needs a new term first.
UNSUPPORTED_QUALIFIERS = ("less_than",)
_UP_TO_RANGE = re.compile(r"\bup\s+to\s+(?:between\s+|from\s+)?$")

# Words that make a number something other than an outcome, by status (see docs/maintainers/checks.md).
STATUS_WORDS: dict[str, re.Pattern[str]] = {
    "plan": re.compile(
        r"(?i)\b(?:plan|plans|planned|envisag\w*|targets?|quotas?|projected|scheduled|control\s+figures?|goals?|forecasts?|intended|stipulat\w*|"
        r"obligations?|demand(?:ed|s)?|ordered|expected\s+to|aim(?:ed|s)?\s+at|hoped|(?:(?:were|was)\s+(?:supposed\s+)?to)\s+(?:deliver|produce|supply|extract|mine|yield))\b"
    ),
    "announced": re.compile(r"(?i)\b(?:announce\w*|spoke\s+of|to\s+be\s+sent|promised|pledged|proclaimed|declared)\b"),
    "norm": re.compile(
        r"(?i)\b(?:rations?|would\s+receive|(?:were|was)\s+to\s+(?:receive|pay|get|work|be\s+paid)|norms?|allotted|allowed|allow|"
        r"deductions?|regulations?|entitled|punished\s+by|had\s+to\s+pay|required\s+to|supposed\s+to\s+(?:receive|get|work)|fixed\s+at|prescribed)\b"
    ),
    "claimed": re.compile(
        r"(?i)\b(?:argued|alleged(?:ly)?|claim(?:s|ed)?|reported\s+to|a\s+report|reports?\s+(?:that|of|put)|according\s+to|reportedly|supposedly|purportedly|"
        r"asserted|insisted|boasted|it\s+was\s+said|so\s+said|officially|wrote)\b"
    ),
    "derived": re.compile(r"(?i)(?:[a-z]-?fold\b|\b(?:quintupl|quadrupl|tripl|doubl)[a-z]*|\btwice\s+as\b|\btimes\s+as\b)"),
}
# Units of an amount per day, and the words of another rate ("1.5 kilos of bread per week").
PER_DAY_UNITS = ("grams_per_day",)
_OTHER_RATE = re.compile(r"(?i)\b(?:(?:per|a|an|each|every)\s+(?:week|month|year|fortnight)|weekly|monthly|yearly|annually)\b")
_PER_DAY = re.compile(r"(?i)\b(?:(?:per|a|each|every)\s+day|daily)\b")
# Words that make a number one that did not come true ("would have produced") or that is denied ("was not 26.5").
_UNREAL = re.compile(r"(?i)\b(?:would|could|might)\s+have\b")
_DENIED = re.compile(r"(?i)\bnot\s+$")
# A number's statement ends at these: a colon or semicolon, or a word that turns to a contrast.
# Each alternative starts with a test of one character, so that most characters fail at once.
# An abbreviation's point ("e.g.", "i.e.", "c.", "approx.") ends no sentence.
_SCOPE_BREAK = re.compile(
    r"[:;]|(?<![\w])(?=[abchitw])(?:actually|in\s+fact|but|while|whereas|however|although|contrary\s+to)\b"
    r"|[.!?](?<=[a-z)”\"][.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bcf\.)(?<!\bca\.)(?<!\bc\.)(?<!\bapprox\.)(?<!\bviz\.)(?<!\bvs\.)(?:\s+|$)",
    re.IGNORECASE,
)

# Tables whose excerpts must speak of their subject: a fabricated row backed by an unrelated sentence fails.
TABLE_WORDS: dict[str, re.Pattern[str]] = {
    "accidents": re.compile(r"(?i)\b(?:accidents?|explo\w*|fires?|death|deaths|died|dead|injur\w*|killed)\b"),
    # "tons" stays: an excerpt cut to its numbers ("from 2.4 million tons in 1928 ...") names no coal.
    # "grams" and "kilos" do not: "300 grams of meat" is no ration.
    "coal_output": re.compile(r"(?i)\b(?:coal|output|production|tons|tonnes|extracted|mined)\b"),
    "rations": re.compile(r"(?i)\b(?:bread|rations?|food)\b"),
}

_MONTHS, _SEASONS = "|".join(MONTHS), "|".join(SEASONS)  # the reader's months and seasons
_DAY_DATE = re.compile(rf"(?i)\b([0-9]{{1,2}})\s+({_MONTHS})\s+([0-9]{{4}})\b")
_MONTH_DATE = re.compile(rf"(?i)\b(?=[adfjmnos])({_MONTHS})\s+([0-9]{{4}})\b")
_SEASON_DATE = re.compile(rf"(?i)\b(?=[asw])({_SEASONS})\s+([0-9]{{4}})\b")
# Words that bound a period at a year, with the period_relation they give ("" for none the
# vocabulary has); a day and month or a season may stand between them and the year ("After March 1938").
_RELATION_WORDS = {"after": "after", "before": "before", "prior to": "before", "by": "by", "by the end of": "by", "since": "", "until": "", "till": "", "up to": ""}
_RELATION = re.compile(
    r"(?i)\b(after|before|prior\s+to|by(?:\s+the\s+end\s+of)?|since|until|till|up\s+to)\s+"
    rf"(?:(?:[0-9]{{1,2}}\s+)?(?:{_MONTHS})\s+|(?:the\s+)?(?:{_SEASONS})\s+(?:of\s+)?)?$"
)
# How far before a year its relation word may stand ("by the end of 22 September ").
_RELATION_REACH = 36
_FOOTNOTE = re.compile(r"Footnote ([0-9]+)")
# The end of a sentence: a full stop, question or exclamation mark, then a space.
_SENTENCE_END = re.compile(r"[.!?][\"')”’]? ")
# What a numeral that is no quantity is, in a message.
_KIND_NAMES = {"year": "a year", "day": "the day of a date", "footnote": "a footnote marker", "name": "a number inside a name", "vague": "an amount the text does not state"}
# Units a number may have been meant in, to name the right one when a row's unit is wrong.
OTHER_UNITS = tuple(dict.fromkeys(u for units in CUE_UNITS.values() for u in units))


@dataclass
class SemanticResult:
    """What the semantic checks found, after the reviewed exceptions."""

    # Problems left after the exceptions, including problems of the exceptions file itself.
    problems: list[Problem] = field(default_factory=list)
    # Every exception that silenced a problem, for ``validate`` to print.
    applied: list[AppliedException] = field(default_factory=list)


def check_semantics(tables: Tables, source_texts: Mapping[str, str] | None = None, exceptions: list[ExceptionEntry] | None = None, unchecked: Collection[str] = ()) -> SemanticResult:
    """Every semantic, identity and conflict check on ``tables``, then the reviewed ``exceptions``
    (those of the ``unchecked`` row ids, rows left out of ``tables``, are set aside).

    ``source_texts`` maps source ids to their texts; the footnote check runs only for the
    sources given (the copyrighted text is absent on a public runner).
    """
    problems = check_rows(tables) + check_identity(tables) + check_conflicts(tables)
    if source_texts:
        prepared = _prepare(source_texts)
        problems += _footnote_problems(tables, prepared) + _context_problems(tables, prepared)
    row_ids = {(file_of(name), line): cell(row, "id") for name, rows in tables.items() for line, row in rows if cell(row, "id")}
    not_run = () if source_texts else TEXT_CODES
    kept, applied = apply_exceptions(problems, exceptions or [], row_ids, ALL_CODES, not_run, unchecked)
    return SemanticResult(kept, applied)


def check_rows(tables: Tables) -> list[Problem]:
    """The per-row semantic checks of every data table."""
    problems: list[Problem] = []
    for name in data_tables(tables):
        for line, row in tables[name]:
            problems += row_problems(name, line, row)
    return problems


def row_problems(table: str, line: int, row: Mapping[str, str]) -> list[Problem]:
    """The semantic problems of one data row against its own excerpt."""
    excerpt = cell(row, "excerpt")
    if not excerpt or len(excerpt) > MAX_EXCERPT:
        return []  # the cell checks report a missing or overlong excerpt; reading a flood would only cost time
    numerals = _read_excerpt(excerpt)
    file = file_of(table)
    problems = _number_problems(file, line, row, excerpt, numerals)
    problems += _topic_problems(file, line, table, excerpt)
    problems += _period_problems(file, line, row, excerpt, numerals)
    return problems


@functools.lru_cache(maxsize=4096)
def _read_excerpt(excerpt: str) -> list[Numeral]:
    """The excerpt's numerals; rows often share an excerpt, so each is read once."""
    return tokenise(excerpt, MAX_NUMERALS)


# --- which token is the number, and what governs it --------------------------------------


def _number_problems(file: str, line: int, row: Mapping[str, str], excerpt: str, numerals: list[Numeral]) -> list[Problem]:
    unit, qualifier = cell(row, "unit"), cell(row, "qualifier")
    value, low, high = number(row, "value"), number(row, "value_low"), number(row, "value_high")
    texts = {c: cell(row, c) for c in ("value", "value_low", "value_high")}
    if any(texts[c] and number(row, c) is None for c in texts) or not unit:
        return []  # an unreadable number or unit is the cell checks' to report
    target, column = (value, "value") if value is not None else ((low, "value_low") if low is not None else (high, "value_high"))
    if target is None:
        return []
    found = quantities(numerals)
    candidates: list[list[Problem]] = []
    # A range row is read from a written range whose two ends are its bounds.
    if qualifier in ("range", "up_to_range") and low is not None and high is not None:
        for n in numerals:
            if n.range_role == "low" and n.kind == "quantity":
                other = numerals[n.partner]
                if same_number(stored_value(n, unit), low) and same_number(stored_value(other, unit), high):
                    candidates.append(_judge(file, line, row, excerpt, n, _range_qualifier(excerpt, n), numerals))
        # Read as a single number, the lower end alone would pass: an upper end never written would not be seen.
        if not candidates and not any(same_number(stored_value(n, unit), high) for n in found):
            return [_why_not_found(file, line, "value_high", high, unit, numerals)]
    ranges = len(candidates)
    for n in found:
        if same_number(stored_value(n, unit), target):
            candidates.append(_judge(file, line, row, excerpt, n, _qualifier(excerpt, n, numerals), numerals))
        if len(candidates) >= MAX_CANDIDATES:
            break  # a real excerpt states its number once or twice; a flood of equal numbers is cut short
    # A range row read from its written range may leave value empty; a value it fills in is a number
    # the excerpt writes too, never a midpoint of the range.
    if candidates and len(candidates) == ranges and column == "value":
        return [_why_not_found(file, line, column, target, unit, numerals)]
    if candidates:
        return min(candidates, key=len)
    return [_why_not_found(file, line, column, target, unit, numerals)]


def _judge(file: str, line: int, row: Mapping[str, str], excerpt: str, n: Numeral, expected: str, numerals: list[Numeral]) -> list[Problem]:
    """The problems of reading the row's number as ``n``, whose qualifier reads as ``expected``."""
    unit, qualifier, status = cell(row, "unit"), cell(row, "qualifier"), cell(row, "status")
    scope = _scope(excerpt, n)  # the statement n belongs to, for its rate and its status words
    problems = []
    if not unit_agrees(n, unit):
        said = n.unit_cue or "no unit word"
        problems.append(Problem(file, line, "unit", f"the excerpt writes {n.written!r} with {said!r}, which is not the unit '{unit}'", _unit_hint(unit), code="unit-mismatch"))
    elif unit in PER_DAY_UNITS and (rate := _OTHER_RATE.search(scope)) and not _PER_DAY.search(scope):
        hint = "store an amount per day only when the excerpt says per day"
        problems.append(Problem(file, line, "unit", f"the excerpt gives {n.written!r} {rate.group(0)!r}, not per day", hint, code="unit-mismatch"))
    if qualifier and expected != qualifier:
        problems.append(_qualifier_problem(file, line, n, expected, qualifier))
    if status:
        problem = _status_problem(file, line, excerpt, n, status, scope)
        if problem is not None:
            problems.append(problem)
    return problems


def _unit_hint(unit: str) -> str:
    return f"store the number in the unit its excerpt writes next to it; '{unit}' needs its unit word in the excerpt" if unit else "fill in the unit"


def _lead(excerpt: str, n: Numeral, numerals: list[Numeral]) -> str:
    """The text just before ``n``, back to the previous numeral, lowercased with single spaces.

    A footnote marker is not read: "over Footnote 50 20,000" is "over 20,000", as the source check sees it.
    """
    start = max(0, n.start - 40)
    for other in numerals:
        if other.end <= n.start and other.kind != "footnote":
            start = max(start, other.end)
    return re.sub(r"\s+", " ", _FOOTNOTE.sub("", excerpt[start : n.start]).lower())


def _qualifier(excerpt: str, n: Numeral, numerals: list[Numeral]) -> str:
    """The qualifier the words before a single number give it ('exact' when none)."""
    if n.range_role:
        return _range_qualifier(excerpt, n if n.range_role == "low" else numerals[n.partner])
    lead = _lead(excerpt, n, numerals)
    if not lead.endswith(" ") and lead:
        lead += " "
    for term, pattern in QUALIFIER_WORDS:
        if pattern.search(lead):
            return term
    return "exact"


def _range_qualifier(excerpt: str, low: Numeral) -> str:
    lead = re.sub(r"\s+", " ", excerpt[max(0, low.start - 30) : low.start].lower())
    return "up_to_range" if _UP_TO_RANGE.search(lead) else "range"


def _qualifier_problem(file: str, line: int, n: Numeral, expected: str, qualifier: str) -> Problem:
    if expected in UNSUPPORTED_QUALIFIERS:
        message = f"the excerpt writes {n.written!r} as '{expected}', which the qualifier vocabulary cannot say; the row says '{qualifier}'"
        hint = f"ask for a qualifier term for '{expected}' (schema/vocabularies.py) before adding the row"
    else:
        written = "no qualifying word" if expected == "exact" else f"words meaning '{expected}'"
        message = f"the excerpt gives {n.written!r} with {written}, but the row's qualifier is '{qualifier}'"
        hint = f"set qualifier to '{expected}'" + (" and fill value_low and value_high with the range" if expected in ("range", "up_to_range") else "")
    return Problem(file, line, "qualifier", message, hint, code="qualifier-mismatch")


def _scope(excerpt: str, n: Numeral) -> str:
    """The statement the number belongs to: its sentence, cut at colons, semicolons and contrasts."""
    start, end = 0, len(excerpt)
    for m in _SCOPE_BREAK.finditer(excerpt):
        if m.end() <= n.start:
            start = m.start() if m.group(0)[0].isalpha() else m.end()
        elif m.start() >= n.end:
            end = m.start()
            break
    return excerpt[start:end]


@functools.lru_cache(maxsize=4096)
def _status_words(scope: str) -> tuple[tuple[str, str], ...]:
    """(status, word) for each status whose words the scope contains, in STATUS_WORDS order."""
    return tuple((kind, m.group(0)) for kind, pattern in STATUS_WORDS.items() if (m := pattern.search(scope)))


def _status_problem(file: str, line: int, excerpt: str, n: Numeral, status: str, scope: str) -> Problem | None:
    unreal = _UNREAL.search(scope) or _DENIED.search(excerpt, max(0, n.start - 8), n.start)
    if unreal:
        return Problem(
            file,
            line,
            "status",
            f"the excerpt says {unreal.group(0).strip()!r} about {n.written!r}: a number that did not come true or is denied, which no status publishes",
            "leave the number out: publish what the source says was, planned, announced, set or claimed",
            code="status-mismatch",
        )
    found = dict(_status_words(scope))
    if n.form == "multiplier":
        found.setdefault("derived", n.written)
    if status == "outcome" and found:
        kind, word = next(iter(found.items()))
        reading = {"plan": "a plan", "announced": "an announcement", "norm": "a norm", "claimed": "a claim"}.get(kind, "a derived figure or a norm")
        return Problem(file, line, "status", f"the excerpt says {word!r} about {n.written!r}: {reading}, not an outcome", f"set status to '{kind}'", code="status-mismatch")
    if status == "derived" and "derived" not in found:
        return Problem(file, line, "status", f"status 'derived', but the excerpt states {n.written!r} without a multiplier ('-fold', 'twice as')", _status_hint(found), code="status-mismatch")
    if status in ("plan", "announced", "norm", "claimed") and status not in found:
        return Problem(file, line, "status", f"status '{status}', but the excerpt has no {status} words around {n.written!r}", _status_hint(found), code="status-mismatch")
    return None


def _status_hint(found: Mapping[str, str]) -> str:
    if found:
        kind, word = next(iter(found.items()))
        return f"the excerpt says {word!r}: status '{kind}'?"
    return "the excerpt reads as an outcome; quote the words that make it a plan, announcement, norm, claim or derived figure"


def _why_not_found(file: str, line: int, column: str, target: float, unit: str, numerals: list[Numeral]) -> Problem:
    shown = f"{target:g}"
    for n in numerals:
        if n.kind != "quantity" and same_number(n.value, target):
            what = _KIND_NAMES.get(n.kind, f"an {n.kind}")
            return Problem(file, line, column, f"{shown} is {what} in the excerpt ({n.written!r}), never a row's value", "store the quantity the excerpt states", code="value-not-a-quantity")
    for n in quantities(numerals):
        for other in OTHER_UNITS:
            if other != unit and same_number(stored_value(n, other), target) and unit_agrees(n, other):
                return Problem(
                    file,
                    line,
                    "unit",
                    f"{shown} is {n.written!r} of the excerpt in '{other}', not in '{unit}'",
                    f"set unit to '{other}', or store {n.written!r} as '{unit}' by a declared conversion",
                    code="unit-mismatch",
                )
    for n in quantities(numerals):
        stored = stored_value(n, unit)
        if stored and _power_of_ten(target / stored):
            return Problem(
                file,
                line,
                column,
                f"{shown} is {n.written!r} of the excerpt at another scale; in '{unit}' it is {stored:g}",
                "store the number as written in its unit; only the declared conversions apply (docs/maintainers/checks.md)",
                code="value-scale-mismatch",
            )
    return Problem(
        file,
        line,
        column,
        f"{shown} does not appear in the excerpt",
        "the excerpt must contain the number as the text writes it, e.g. '23,630', '2.4 million', 'one-fifth', 'tenfold'",
        code="number-not-in-excerpt",
    )


def _power_of_ten(ratio: float) -> bool:
    if ratio <= 0 or not math.isfinite(ratio):
        return False
    exponent = math.log10(ratio)
    return abs(exponent - round(exponent)) < 1e-9 and round(exponent) != 0


def _topic_problems(file: str, line: int, table: str, excerpt: str) -> list[Problem]:
    pattern = TABLE_WORDS.get(table)
    if pattern is None or pattern.search(excerpt):
        return []
    return [Problem(file, line, "excerpt", f"the excerpt never speaks of what {table} records", "quote the sentence that states this number", code="excerpt-off-topic")]


# --- periods -------------------------------------------------------------------------------


def written_dates(excerpt: str, numerals: list[Numeral]) -> set[str]:
    """The dates the excerpt writes, at every precision: '1936-09-22', '1936-09', '1936', '1920s', 'summer 1931'."""
    dates: set[str] = set()
    for n in numerals:
        if n.kind == "year":
            year = int(n.value)
            dates.add(f"{year}s" if n.span == 10 else str(year))
    for m in _DAY_DATE.finditer(excerpt):
        month = MONTHS.index(m.group(2).lower()) + 1
        dates.update({f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}", f"{m.group(3)}-{month:02d}"})
    for m in _MONTH_DATE.finditer(excerpt):
        dates.add(f"{m.group(2)}-{MONTHS.index(m.group(1).lower()) + 1:02d}")
    for m in _SEASON_DATE.finditer(excerpt):
        dates.add(f"{m.group(1).lower()} {m.group(2)}")
    return dates


def _period_problems(file: str, line: int, row: Mapping[str, str], excerpt: str, numerals: list[Numeral]) -> list[Problem]:
    if "year" in row and "period_start" not in row:
        return _year_problems(file, line, row, excerpt, numerals)
    start, end = cell(row, "period_start"), cell(row, "period_end")
    # A one-day, one-month or one-year period is one date: report it once, at period_start.
    columns = ("period_start",) if start == end else ("period_start", "period_end")
    impossible = [_impossible(file, line, c, cell(row, c)) for c in columns]
    problems = [p for p in impossible if p is not None]
    if problems or not (start or end):
        return problems
    dates = written_dates(excerpt, numerals)
    if not any(d[:1].isdigit() for d in dates):
        return []  # the excerpt dates nothing; the period comes from the context the note gives
    precision, season = cell(row, "period_precision"), cell(row, "season")
    said: set[str] = set()  # a season or decade both bounds name is one date: reported once
    for column, bound in (("period_start", start), ("period_end", end)):
        if not bound or (column == "period_end" and end == start):
            continue
        wanted = {"decade": f"{bound[:3]}0s", "season": f"{season} {bound[:4]}" if season else bound[:4]}.get(precision, bound)
        if wanted in said:
            continue
        said.add(wanted)
        # A season row may rest on its year alone, unless the excerpt writes a season of that year.
        bare_year = precision == "season" and bound[:4] in dates and not any(d.endswith(f" {bound[:4]}") for d in dates)
        if wanted not in dates and not bare_year:
            shown = ", ".join(sorted(d for d in dates if d[:1].isdigit()))
            problems.append(Problem(file, line, column, f"{bound} is not a date the excerpt writes ({shown})", "the period is the one the excerpt states", code="period-mismatch"))
    problems += _relation_problems(file, line, cell(row, "period_relation"), start, end, excerpt, numerals)
    return problems


def _year_problems(file: str, line: int, row: Mapping[str, str], excerpt: str, numerals: list[Numeral]) -> list[Problem]:
    dates = written_dates(excerpt, numerals)
    if not any(d.isdigit() for d in dates):
        return []
    problems = []
    for column in ("year", "base_year"):
        text = cell(row, column)
        if text and text not in dates:
            shown = ", ".join(sorted(d for d in dates if d.isdigit()))
            problems.append(Problem(file, line, column, f"{text} is not a year the excerpt writes ({shown})", "the year is the one the excerpt states", code="period-mismatch"))
    return problems


def _relation_problems(file: str, line: int, relation: str, start: str, end: str, excerpt: str, numerals: list[Numeral]) -> list[Problem]:
    written: dict[str, tuple[str, str]] = {}  # year -> (the relation its words give, the words)
    for n in numerals:
        if n.kind == "year" and n.span == 1:
            m = _RELATION.search(excerpt[max(0, n.start - _RELATION_REACH) : n.start])
            if m:
                words = " ".join(m.group(1).lower().split())
                written[str(int(n.value))] = (_RELATION_WORDS[words], words)
    bound = (start or end)[:4] if relation in ("", "after") else (end or start)[:4]
    said, words = written.get(bound, ("", ""))
    if words and not said:
        message = f"the excerpt says '{words} {bound}', which no period_relation term says; the period is not {bound} itself"
        hint = f"ask for a period_relation term for '{words}' (schema/vocabularies.py) before adding the row"
    elif said == relation:
        return []
    elif said:
        message = f"the excerpt says '{words} {bound}', but period_relation is {relation or 'empty'}"
        hint = f"set period_relation to '{said}'" + (" ('after' excludes the year itself)" if said == "after" else "")
    else:
        message = f"period_relation is '{relation}', but the excerpt does not say '{relation} {bound}'"
        hint = "empty period_relation, or quote the words that bound the period"
    return [Problem(file, line, "period_relation", message, hint, code="period-relation-mismatch")]


def _impossible(file: str, line: int, column: str, text: str) -> Problem | None:
    """A well-formed YYYY-MM-DD that is no day of the calendar (malformed ones are the row checks')."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 31 or day <= calendar.monthrange(year, month)[1]:
        return None
    return Problem(
        file, line, column, f"{text} is not a day of the calendar ({calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days)", "correct the date", code="impossible-date"
    )


# --- footnotes -------------------------------------------------------------------------------


def footnote_for(paragraph: str, excerpt_end: int) -> str:
    """The convention: the first 'Footnote N' after the end of the excerpt in its paragraph; '' if none."""
    m = _FOOTNOTE.search(paragraph, excerpt_end)
    return m.group(1) if m else ""


def check_footnotes(tables: Tables, source_texts: Mapping[str, str]) -> list[Problem]:
    """With the texts of sources (by source id), check every row's footnote against the convention.

    A row's footnote is the first "Footnote N" marker that follows the end of its excerpt in the
    same paragraph (one paragraph per line of the text); empty when none follows. A footnote with
    no marker in the source at all is ``footnote-not-in-source``. Rows whose excerpt is not in
    the text are skipped: the provenance check reports them.
    """
    return _footnote_problems(tables, _prepare(source_texts))


# Each source as one normalised text, its paragraphs joined by line breaks, and its footnote markers.
Prepared = dict[str, tuple[Occurrences, set[str]]]


def _prepare(source_texts: Mapping[str, str]) -> Prepared:
    return {source_id: (Occurrences("\n".join(_normalise_keeping_markers(p) for p in text.splitlines())), set(_FOOTNOTE.findall(text))) for source_id, text in source_texts.items()}


def _footnote_problems(tables: Tables, prepared: Prepared) -> list[Problem]:
    known: dict[tuple[str, str], set[str]] = {}  # rows often share an excerpt: find it once
    problems: list[Problem] = []
    for name in data_tables(tables):
        for line, row in tables[name]:
            source_id = cell(row, "source_id")
            source = prepared.get(source_id)
            excerpt = normalise(cell(row, "excerpt"))
            if source is None or not excerpt or len(excerpt) > MAX_EXCERPT or "footnote" not in row:
                continue
            joined, markers = source
            given = cell(row, "footnote")
            if given and given not in markers:
                problems.append(Problem(file_of(name), line, "footnote", f"the source has no Footnote {given}", "cite a footnote marker the source has", code="footnote-not-in-source"))
                continue
            if (source_id, excerpt) not in known:
                known[(source_id, excerpt)] = {_marker_after(joined.text, i + len(excerpt)) for i in joined.find_all(excerpt)}
            expected = known[(source_id, excerpt)]
            if expected and given not in expected:
                want = min(expected, key=lambda e: (e == "", len(e), e))
                message = f"the convention gives Footnote {want}" if want else "no footnote marker follows the excerpt in its paragraph"
                hint = f"set footnote to {want} (the first marker after the excerpt in its paragraph)" if want else "leave footnote empty"
                problems.append(Problem(file_of(name), line, "footnote", f"{message}, but the row says {given or 'none'}", hint, code="footnote-mismatch"))
    return problems


def check_context(tables: Tables, source_texts: Mapping[str, str]) -> list[Problem]:
    """With the texts of sources (by source id), every ``excerpt-cuts-context`` problem (see ``_context_problems``)."""
    return _context_problems(tables, _prepare(source_texts))


def _context_problems(tables: Tables, prepared: Prepared) -> list[Problem]:
    """``excerpt-cuts-context``: the excerpt starts after words of its sentence that change how its
    number reads ("almost", "After 1938, over", "In 1931"), and the row follows the cut.

    The row is read again with its sentence from its start (at most CONTEXT_REACH characters) up to
    the excerpt, and with the last CONTEXT_STATUS_WORDS words before it for its status, by the same
    per-row checks; a qualifier, period or status problem that only the
    longer reading has is the excerpt's cut. An excerpt found more than once is reported only when
    every place it occurs cuts such words.
    """
    problems: list[Problem] = []
    for name in data_tables(tables):
        for line, row in tables[name]:
            source = prepared.get(cell(row, "source_id"))
            excerpt = normalise(cell(row, "excerpt"))
            if source is None or not excerpt:
                continue  # an excerpt too long to read is skipped by row_problems, with or without its context
            cut = _cut_context(name, line, row, excerpt, source[0])
            if cut is not None:
                before, problem = cut
                problems.append(
                    Problem(
                        file_of(name),
                        line,
                        "excerpt",
                        f"the source says {_FOOTNOTE.sub('', before).strip()!r} just before the excerpt, and read with it, {problem.message}",
                        "start the excerpt with the words that govern its number, and encode what they say",
                        code="excerpt-cuts-context",
                    )
                )
    return problems


def _cut_context(table: str, line: int, row: Mapping[str, str], excerpt: str, text: Occurrences) -> tuple[str, Problem] | None:
    """(the words before, the first problem they add) when every place of ``excerpt`` in ``text``
    cuts words that change how the row reads; None otherwise."""
    own: set[str] | None = None  # the codes of the excerpt read alone, computed only when needed
    first: tuple[str, Problem] | None = None
    for start in text.find_all(excerpt):
        before = _sentence_before(text.text, start)
        near = " ".join(before.split(" ")[-CONTEXT_STATUS_WORDS - 1 :])
        added: list[Problem] = []
        for words, codes in ((before, CONTEXT_CODES), (near, ("status-mismatch",))):
            found = [p for p in row_problems(table, line, {**row, "excerpt": words + excerpt}) if p.code in codes] if words.strip() else []
            if found and own is None:
                own = {p.code for p in row_problems(table, line, {**row, "excerpt": excerpt})}
            added = [p for p in found if own is not None and p.code not in own]
            if added:
                break
        if not added:
            return None
        first = first or (before, added[0])
    return first


def _sentence_before(text: str, start: int) -> str:
    """The words of the sentence (and paragraph) before position ``start``, at most CONTEXT_REACH characters."""
    window = text[max(0, start - CONTEXT_REACH) : start]
    cut = max([window.rfind("\n"), *(m.end() - 1 for m in _SENTENCE_END.finditer(window))])
    if cut < 0 and start > CONTEXT_REACH and not text[start - CONTEXT_REACH - 1].isspace():
        cut = window.find(" ")  # a long sentence cut inside a word: from its first whole word in reach
    return window[cut + 1 :]


def _normalise_keeping_markers(paragraph: str) -> str:
    """A paragraph normalised as excerpts are (``source_text.normalise``), its footnote markers kept."""
    parts = _FOOTNOTE.split(paragraph)  # text, marker number, text, marker number, ..., text
    pieces = [normalise(part) if i % 2 == 0 else f"Footnote {part}" for i, part in enumerate(parts)]
    return " ".join(piece for piece in pieces if piece)


def _marker_after(joined: str, end: int) -> str:
    """footnote_for on the paragraph of ``joined`` (paragraphs joined by line breaks) that holds ``end``."""
    stop = joined.find("\n", end)
    m = _FOOTNOTE.search(joined, end, len(joined) if stop < 0 else stop)
    return m.group(1) if m else ""
