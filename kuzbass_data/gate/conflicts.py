"""The rule of each conflict kind, checked against the rows a conflict lists.

Each kind has one function in ``KIND_RULES``; it gets the member rows and returns what is wrong
with them for that kind (or nothing). A member listed twice is ``conflict-member-repeated``;
a kind's rule broken is ``conflict-kind-mismatch`` (for example a 'contradiction' whose members
state equal numbers in one unit). Unknown members are the key checks' to report; they are
left out here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from .problems import Problem
from .rowdata import MULTI_SEPARATOR, NUMBER_COLUMNS, Tables, cell, data_tables, file_of, number

CONFLICT_CODES = ("conflict-member-repeated", "conflict-kind-mismatch")
CONFLICTS_TABLE = "conflicts"

# One member row: its table and its cells.
Member = tuple[str, Mapping[str, str]]
# A kind's rule: the members -> what breaks the rule ("" when it holds).
Rule = Callable[[Sequence[Member]], str]

# A shared unit in which fractions and per cent compare (the declared conversion: 0.5 = 50 per cent).
_AS_PERCENT = {"fraction": 100.0}


def _numbers(member: Member) -> tuple[str, tuple[float | None, ...]]:
    """The member's unit and numbers, fractions stated as per cent so that equal shares compare equal."""
    row = member[1]
    unit = cell(row, "unit")
    factor = _AS_PERCENT.get(unit, 1.0)
    values = tuple(None if (v := number(row, c)) is None else round(v * factor, 9) for c in NUMBER_COLUMNS)
    return ("percent" if unit in _AS_PERCENT else unit), values


def _measure(member: Member) -> tuple[str, str]:
    return member[0], cell(member[1], "measure")


def _period(member: Member) -> tuple[str, ...]:
    row = member[1]
    return tuple(cell(row, c) for c in ("period_start", "period_end", "period_relation", "season", "year", "base_year"))


def contradiction(members: Sequence[Member]) -> str:
    """Two figures for the same quantity: same measure and unit, different numbers."""
    if len({_measure(m) for m in members}) > 1:
        return "its members are different measures: not one quantity (use 'different_scope' or 'possible_overlap')"
    numbers = [_numbers(m) for m in members]
    if len({unit for unit, _ in numbers}) > 1:
        return "its members are in different units (use 'different_scope')"
    if len({values for _, values in numbers}) < len(numbers):
        return "two of its members state equal numbers in one unit: no contradiction (use 'repeated_statement')"
    return ""


def plan_vs_outcome(members: Sequence[Member]) -> str:
    """A plan or announcement (or claim) and what happened: at least one of each."""
    statuses = {cell(m[1], "status") for m in members}
    if not statuses & {"plan", "announced", "claimed"}:
        return "none of its members is a plan, an announcement or a claim"
    if "outcome" not in statuses:
        return "none of its members is an outcome"
    return ""


def repeated_statement(members: Sequence[Member]) -> str:
    """The text states one figure more than once: every member states the same numbers."""
    if len({_numbers(m) for m in members}) > 1:
        return "its members state different numbers: not one statement repeated"
    return ""


def change_over_time(members: Sequence[Member]) -> str:
    """One measure at different dates: same measure and unit, different periods."""
    if len({_measure(m) for m in members}) > 1 or len({_numbers(m)[0] for m in members}) > 1:
        return "its members are not one measure in one unit"
    if len({_period(m) for m in members}) < len(members):
        return "two of its members have the same period: not a change over time"
    return ""


def inconsistent_derivation(members: Sequence[Member]) -> str:
    """A stated aggregate or factor that does not follow from stated figures: a derived member."""
    if not any(cell(m[1], "status") == "derived" for m in members):
        return "none of its members is derived (status 'derived')"
    return ""


def at_least_two(members: Sequence[Member]) -> str:
    """Figures that must not be read together: at least two of them."""
    return "" if len(members) >= 2 else "it needs at least two members"


# THE table of conflict kinds and their rules, one function per kind.
KIND_RULES: dict[str, Rule] = {
    "contradiction": contradiction,
    "plan_vs_outcome": plan_vs_outcome,
    "repeated_statement": repeated_statement,
    "change_over_time": change_over_time,
    "inconsistent_derivation": inconsistent_derivation,
    "different_scope": at_least_two,
    "possible_overlap": at_least_two,
}


def check_conflicts(tables: Tables) -> list[Problem]:
    """Repeated members, and each conflict's kind rule against its member rows."""
    rows = tables.get(CONFLICTS_TABLE)
    if not rows:
        return []
    by_id: dict[str, Member] = {}
    for name in data_tables(tables):
        for _, row in tables[name]:
            by_id.setdefault(cell(row, "id"), (name, row))
    file = file_of(CONFLICTS_TABLE)
    problems = []
    for line, row in rows:
        listed = [m.strip() for m in cell(row, "members").split(MULTI_SEPARATOR.strip()) if m.strip()]
        repeated = sorted(m for m, n in Counter(listed).items() if n > 1)
        for member in repeated:
            problems.append(Problem(file, line, "members", f"{member!r} is listed twice", "list each row once", code="conflict-member-repeated"))
        kind = cell(row, "kind")
        rule = KIND_RULES.get(kind)
        members = [by_id[m] for m in dict.fromkeys(listed) if m in by_id]
        if rule is None or len(members) < len(dict.fromkeys(listed)):
            continue  # an unknown kind or member is reported by the vocabulary and key checks
        broken = rule(members)
        if broken:
            problems.append(Problem(file, line, "kind", f"a '{kind}' conflict, but {broken}", f"rule for '{kind}': {(rule.__doc__ or '').strip()}", code="conflict-kind-mismatch"))
    return problems
