"""The charts of the data, defined once: the website draws them as inline SVG, ``kuzbass-data plot`` with matplotlib.

A chart is a ``ChartSpec``: which table, which rows (measures and one unit, so one axis), how
a point is named, and what colours its series. ``chart_points`` turns the table's rows (dicts of
text, as ``loader.records`` gives them) into ``ChartPoint``s; both renderers draw those points with
the same marks (``MARKS``), so the site and the command cannot drift apart.

The marks keep apart what the data keep apart: a plan, norm, announcement or claim is a hollow
square, never a circle like an outcome; a qualified number ("about", "almost") is an open
mark, an exact one filled; a bound ("more than 20,000") carries an arrow the way it is open; a
range is a bar from its low to its high end; a row in a conflict has a dashed ring and says so in
its label. The sources state few years, so no line ever joins two points.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Literal

from ..schema import MULTI_SEPARATOR
from ..sentence import period_words, term_words
from ..wording import number_text, worded_number

Row = Mapping[str, str]

# Statuses that are not outcomes: drawn as hollow squares, never like an outcome.
NOT_OUTCOME = frozenset({"plan", "announced", "norm", "claimed", "hypothetical"})
# Qualifiers of a number known only from one side, and which side stays open.
LOWER_BOUNDS = frozenset({"more_than", "at_least"})
UPPER_BOUNDS = frozenset({"up_to"})
# Colours of the series (colour is never the only cue: shapes and words say the same).
PALETTE = ("#1f4e79", "#8a4b08", "#2e6b30", "#6b2e69")
CONFLICT_COLOUR = "#b00020"


@dataclass(frozen=True)
class Mark:
    """How one kind of point is drawn, by both renderers."""

    # "circle" or "square" (matplotlib: "o" or "s").
    shape: Literal["circle", "square"]
    # Filled with the series colour (an exact number) or white (a qualified one).
    filled: bool
    # What the legend says of it.
    legend: str


MARKS = {
    ("outcome", True): Mark("circle", True, "outcome, exact"),
    ("outcome", False): Mark("circle", False, "outcome, qualified (about, almost, a bound)"),
    ("plan", True): Mark("square", True, "plan, norm or announcement: not an outcome"),
    ("plan", False): Mark("square", False, "plan, norm or announcement, qualified"),
}


@dataclass(frozen=True)
class ChartSpec:
    """One chart: which rows of which table, on which axis, named how."""

    # The chart's name; the website's ids and ``kuzbass-data plot``'s argument use it.
    name: str
    # The data table drawn.
    table: str
    # The chart's title (also its accessible name).
    title: str
    # The axis: what the numbers count, in the source's words.
    axis: str
    # The rows drawn: these measures (empty: every measure) in this one unit.
    unit: str
    measures: tuple[str, ...] = ()
    # "time": points by year on a time axis (dimension column ``year``); "rows": one line per row.
    layout: Literal["time", "rows"] = "rows"
    # The dimension columns that name a point, in order (their terms read as words).
    label_columns: tuple[str, ...] = ()
    # Name each point by its measure too (when the chart draws several measures).
    label_measure: bool = False
    # The column whose terms are the series (one colour each); empty: one series.
    series: str = ""
    # What the caption adds for this chart.
    note: str = ""


@dataclass(frozen=True)
class ChartPoint:
    """One row of a chart: where it is drawn and how it reads."""

    row_id: str
    # What the point is (the dimensions and the period in words).
    label: str
    # The number as the source words it.
    words: str
    # The number drawn: the value, or for a bound the bound, or for a range its middle.
    value: float
    # A range's ends (both set) or a bound's open side ("lower": more than value; "upper": up to value).
    low: float | None
    high: float | None
    bound: Literal["", "lower", "upper"]
    # "outcome" or "plan" (every status that is not an outcome) and whether the number is exact.
    kind: Literal["outcome", "plan"]
    exact: bool
    # The row's status and qualifier as the data give them.
    status: str
    qualifier: str
    # The series term (a colour) and the year on a time axis (0 on a "rows" chart).
    series: str
    year: int
    # The conflicts the row belongs to (their ids).
    conflicts: tuple[str, ...] = field(default=())

    @property
    def mark(self) -> Mark:
        """How the point is drawn."""
        return MARKS[(self.kind, self.exact)]


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "coal_output",
        "coal_output",
        "Coal output of the Kuzbass and the Donbass by year, plans and outcomes",
        "million tons (the source's word)",
        "million_tonnes",
        ("output",),
        layout="time",
        label_columns=("basin",),
        series="basin",
        note="Growth factors are not drawn: they are ratios, not tonnages.",
    ),
    ChartSpec(
        "rations",
        "rations",
        "Bread rations by profession and nationality (norms, not what was eaten)",
        "grams of bread per day",
        "grams_per_day",
        ("bread_ration",),
        label_columns=("profession", "nationality", "group", "place"),
        note="Every ration here is a norm: what was to be given, not what was received.",
    ),
    ChartSpec(
        "prisoners_of_war",
        "prisoners_of_war",
        "Prisoners of war and internees: shares, in the years the source states",
        "per cent",
        "percent",
        label_columns=("group", "place"),
        label_measure=True,
        note="Each share has its own base (the group and place in its label): the shares do not add up.",
    ),
    ChartSpec(
        "foreigners",
        "foreigners",
        "Foreigners in the Kuzbass over time",
        "people",
        "people",
        label_columns=("group", "place"),
        label_measure=True,
    ),
    ChartSpec(
        "deportations",
        "deportations",
        "Deportations and forced labour by group",
        "people",
        "people",
        label_columns=("group", "origin", "destination"),
        label_measure=True,
        note="Some groups overlap (see the conflicts): the bars must not be added.",
    ),
    ChartSpec(
        "accidents",
        "accidents",
        "Mine accidents reported in the Kuzbass",
        "accidents",
        "accidents",
        ("accidents_reported",),
        label_columns=("place",),
    ),
    ChartSpec(
        "workforce",
        "workforce",
        "The workforce in people",
        "people",
        "people",
        label_columns=("group", "place"),
        label_measure=True,
        note="A claim is not a count: the labour deficit is what an actor the source reports said.",
    ),
)


def chart_for(name: str) -> ChartSpec | None:
    """The chart named ``name`` (a table name today), or None."""
    return next((c for c in CHARTS if c.name == name), None)


def _number(text: str) -> float | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return float(number) if number.is_finite() else None


# How a dimension's words read in a point's label, where the bare words would be ambiguous.
LABEL_WORDS = {"origin": "from {}", "destination": "to {}", "nationality": "{} nationality"}


def _words(column: str, cell: str) -> str:
    terms = [t.strip() for t in cell.split(MULTI_SEPARATOR) if t.strip() and t.strip() != "not_specified"]
    return " and ".join(term_words(column, t).removeprefix("the ") for t in terms)


def point_label(spec: ChartSpec, row: Row) -> str:
    """What a point is, in words: its measure (if the chart has several), its dimensions, its period."""
    parts = []
    if spec.label_measure:
        measure = row.get("measure", "").replace("_", " ")
        parts.append(measure[:1].upper() + measure[1:])
    for column in spec.label_columns:
        words = _words(column, row.get(column, "") or "")
        words = LABEL_WORDS.get(column, "{}").format(words) if words else ""
        if words and not (spec.layout == "time" and column == spec.series and len(spec.label_columns) == 1 and parts):
            parts.append(words[:1].upper() + words[1:] if not parts else words)
    period = period_words(row)
    if period and spec.layout != "time":
        parts.append(period)
    return ", ".join(parts) or row.get("id", "")


def chart_points(spec: ChartSpec, rows: Sequence[Row], conflicts: Sequence[Row] = ()) -> list[ChartPoint]:
    """The points of ``spec`` from the rows of its table (``conflicts``: rows of the conflicts table).

    A row is drawn when its measure is one of the chart's and its unit is the chart's unit and it
    has a number (on a time chart, also a year). On a "rows" chart the points are ordered by the
    start of their period (undated rows last), then as the table lists them.
    """
    member_of: dict[str, list[str]] = {}
    for c in conflicts:
        for member in (c.get("members") or "").split(MULTI_SEPARATOR):
            member_of.setdefault(member.strip(), []).append(c.get("id", ""))
    points = []
    for row in rows:
        if (spec.measures and row.get("measure") not in spec.measures) or row.get("unit") != spec.unit:
            continue
        value, low, high = (_number(row.get(c, "") or "") for c in ("value", "value_low", "value_high"))
        qualifier, status = row.get("qualifier", ""), row.get("status", "")
        bound: Literal["", "lower", "upper"] = "lower" if qualifier in LOWER_BOUNDS else "upper" if qualifier in UPPER_BOUNDS else ""
        if low is not None and high is not None:
            drawn: float | None = (low + high) / 2
        else:
            drawn = value if value is not None else low if low is not None else high
            low = high = None
        year_text = row.get("year", "") or ""
        year = int(year_text) if year_text.isdigit() else 0
        if drawn is None or (spec.layout == "time" and not year):
            continue
        points.append(
            ChartPoint(
                row_id=row.get("id", ""),
                label=point_label(spec, row),
                words=worded_number(row),
                value=drawn,
                low=low,
                high=high,
                bound=bound,
                kind="plan" if status in NOT_OUTCOME else "outcome",
                exact=qualifier == "exact",
                status=status,
                qualifier=qualifier,
                series=(row.get(spec.series, "") or "") if spec.series else "",
                year=year,
                conflicts=tuple(member_of.get(row.get("id", ""), [])),
            )
        )
    if spec.layout == "rows":
        order = {p.row_id: i for i, p in enumerate(points)}
        points.sort(key=lambda p: (_start(rows, p.row_id), order[p.row_id]))
    return points


def _start(rows: Sequence[Row], row_id: str) -> str:
    row = next(r for r in rows if r.get("id") == row_id)
    # "~" sorts after every digit: undated rows come last.
    return (row.get("period_start") or row.get("period_end") or "~")[:4]


def series_colours(points: Sequence[ChartPoint]) -> dict[str, str]:
    """A colour per series term, in the order the points first use them."""
    colours: dict[str, str] = {}
    for p in points:
        colours.setdefault(p.series, PALETTE[len(colours) % len(PALETTE)])
    return colours


def nice_top(top: float) -> tuple[float, float]:
    """An axis end at or above ``top`` and its tick step (1, 2 or 5 times a power of ten, at most five steps)."""
    if top <= 0:
        return 1.0, 0.25
    step = 10.0 ** (len(str(int(top))) - 1) if top >= 1 else 0.1
    for factor in (0.1, 0.2, 0.5, 1, 2, 5):
        if top / (step * factor) <= 5:
            step *= factor
            break
    return step * math.ceil(top / step - 1e-9), step


def short_number(point: ChartPoint) -> str:
    """The number's words without its unit, for a label beside the mark ("almost 10", "plan: 10.5")."""
    words = point.words
    for unit_words in (" million tons", " per cent", " people", " grams per day", " accidents", " families"):
        words = words.replace(unit_words, "")
    return f"{point.status}: {words}" if point.kind == "plan" else words


def legend_marks(points: Sequence[ChartPoint]) -> list[Mark]:
    """The marks the points use, in the legend's order."""
    used = {(p.kind, p.exact) for p in points}
    return [m for key, m in MARKS.items() if key in used]


def description(spec: ChartSpec, points: Sequence[ChartPoint]) -> str:
    """The chart as text, for screen readers: every point's label, number and status."""
    items = []
    for p in points:
        status = "" if p.kind == "outcome" else f" ({p.status}, not an outcome)"
        conflict = "; in a conflict" if p.conflicts else ""
        when = f"{p.year} " if spec.layout == "time" else ""
        items.append(f"{p.label} {when}: {p.words}{status}{conflict}".replace(" :", ":"))
    return "; ".join(items) + "."


# ---------------------------------------------------------------- SVG, for the website

# The drawing's width in SVG units; it scales to its box (on a 390 px phone a unit is about 0.95 px).
WIDTH = 380
FONT = 13


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _svg_mark(mark: Mark, colour: str, cx: float, cy: float, r: float = 6) -> str:
    fill = colour if mark.filled else "#ffffff"
    if mark.shape == "square":
        return f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:.0f}" height="{2 * r:.0f}" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>'
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.0f}" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>'


def _svg_ring(cx: float, cy: float) -> str:
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="none" stroke="{CONFLICT_COLOUR}" stroke-width="1.5" stroke-dasharray="3 2"/>'


def _svg_bound(p: ChartPoint, x: float, cy: float, colour: str) -> str:
    """An arrow from the mark the way a bound is open."""
    if not p.bound:
        return ""
    sign = 1 if p.bound == "lower" else -1
    tip = x + sign * 30
    return f'<line x1="{x + sign * 8:.1f}" x2="{tip:.1f}" y1="{cy:.1f}" y2="{cy:.1f}" stroke="{colour}" stroke-width="2"/><path d="M{tip:.1f} {cy:.1f} l{-sign * 7} -5 v10 z" fill="{colour}"/>'


def svg_chart(spec: ChartSpec, points: Sequence[ChartPoint], *, href: str = "") -> str:
    """The chart as an inline ``<svg role="img">`` with a title and a description; "" when it has no points.

    Each mark links to its row (``href`` is the table page, "" for the same page) and carries the
    row's words in a ``<title>``.
    """
    if not points:
        return ""
    if spec.layout == "time":
        body, height = _svg_time(spec, points, href)
    else:
        body, height = _svg_rows(spec, points, href)
    legend, legend_height = _svg_legend(spec, points, height)
    ident = f"kd_chart_{spec.name}"
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height + legend_height}" role="img" aria-labelledby="{ident}_title {ident}_desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">'
        f'<title id="{ident}_title">{escape(spec.title)}</title><desc id="{ident}_desc">{escape(description(spec, points))}</desc>' + body + legend + "</svg>"
    )


def _link(p: ChartPoint, href: str, inner: str) -> str:
    status = "" if p.kind == "outcome" else f" ({p.status})"
    title = f"{p.label}{' ' + str(p.year) if p.year else ''}: {p.words}{status}, row {p.row_id}"
    return f'<a href="{escape(href)}#{escape(p.row_id)}"><title>{escape(title)}</title>{inner}</a>'


def _svg_rows(spec: ChartSpec, points: Sequence[ChartPoint], href: str) -> tuple[str, float]:
    """One block per point: its label (wrapped) with its number, then a bar from zero to the mark."""
    left, right = 10, WIDTH - 46  # room right of the axis for an arrow
    top_value = max(max(p.value, p.high or 0) for p in points)
    end, step = nice_top(top_value)

    def x(v: float) -> float:
        return left + v / end * (right - left)

    colours = series_colours(points)
    parts, y = [], 6.0
    for p in points:
        colour = colours[p.series]
        conflict = " · in a conflict" if p.conflicts else ""
        lines = _wrap(f"{p.label}: {p.words}{'' if p.kind == 'outcome' else ' (' + p.status + ')'}{conflict}", 48)
        for line in lines:
            y += FONT + 3
            parts.append(f'<text x="{left}" y="{y:.1f}">{escape(line)}</text>')
        cy = y + 14
        if p.low is not None and p.high is not None:
            parts.append(f'<line x1="{x(p.low):.1f}" x2="{x(p.high):.1f}" y1="{cy:.1f}" y2="{cy:.1f}" stroke="{colour}" stroke-width="8" stroke-opacity="0.45"/>')
        else:
            parts.append(f'<line x1="{x(0):.1f}" x2="{x(p.value):.1f}" y1="{cy:.1f}" y2="{cy:.1f}" stroke="{colour}" stroke-width="2" stroke-opacity="0.6"/>')
        mark = _svg_mark(p.mark, colour, x(p.value), cy)
        ring = _svg_ring(x(p.value), cy) if p.conflicts else ""
        parts.append(_link(p, href, _svg_bound(p, x(p.value), cy, colour) + ring + mark))
        y = cy + 12
    axis_y = y + 4
    parts.append(f'<line x1="{left}" x2="{right}" y1="{axis_y:.1f}" y2="{axis_y:.1f}" stroke="#333333"/>')
    tick = 0.0
    while tick <= end + step / 1000:
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{axis_y:.1f}" y2="{axis_y + 5:.1f}" stroke="#333333"/>')
        anchor = "start" if tick == 0 else "end" if tick >= end else "middle"
        parts.append(f'<text x="{x(tick):.1f}" y="{axis_y + 20:.1f}" text-anchor="{anchor}" font-size="12">{escape(number_text(f"{tick:g}"))}</text>')
        tick += step
    parts.append(f'<text x="{left}" y="{axis_y + 38:.1f}" font-size="12">{escape(spec.axis)}; the scale starts at zero</text>')
    return "".join(parts), axis_y + 46


def _svg_time(spec: ChartSpec, points: Sequence[ChartPoint], href: str) -> tuple[str, float]:
    """Points by year, no lines between them; plan and outcome of one year side by side."""
    left, right, top, height = 40, WIDTH - 10, 14, 290
    bottom = height - 40
    years = [p.year for p in points]
    x0, x1 = min(years) - 1, max(years) + 1
    end, step = nice_top(max(p.value for p in points))

    def x(year: float) -> float:
        return left + (year - x0) / (x1 - x0) * (right - left)

    def y(v: float) -> float:
        return top + (1 - v / end) * (bottom - top)

    parts = []
    tick = 0.0
    while tick <= end + step / 1000:
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#d0d0d0"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12">{escape(number_text(f"{tick:g}"))}</text>')
        tick += step
    span = x1 - x0
    every = 2 if span <= 16 else 5
    for year in range(x0 + (-x0) % every, x1 + 1, every):
        parts.append(f'<line x1="{x(year):.1f}" x2="{x(year):.1f}" y1="{bottom}" y2="{bottom + 5}" stroke="#333333"/>')
        parts.append(f'<text x="{x(year):.1f}" y="{bottom + 19}" text-anchor="middle" font-size="12">{year}</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#333333"/>')
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#333333"/>')
    parts.append(f'<text x="0" y="{bottom + 36}" font-size="12">{escape(spec.axis)}; the scale starts at zero</text>')
    colours = series_colours(points)
    same_year: dict[tuple[str, int], int] = {}
    for p in points:
        same_year[(p.series, p.year)] = same_year.get((p.series, p.year), 0) + 1
    for p in sorted(points, key=lambda p: (p.series, p.year)):
        colour = colours[p.series]
        # A plan and an outcome of the same year sit side by side (plan left), not on top of each other.
        dodge = (-9 if p.kind == "plan" else 9) if same_year[(p.series, p.year)] > 1 else 0
        cx, cy = x(p.year) + dodge, y(p.value)
        ring = _svg_ring(cx, cy) if p.conflicts else ""
        parts.append(_link(p, href, ring + _svg_mark(p.mark, colour, cx, cy)))
        # Beside the mark, clear of a conflict ring (radius 11).
        label_x, anchor = (cx - 14, "end") if dodge < 0 else (cx + 14, "start")
        if cx > right - 50 and dodge >= 0:
            label_x, anchor = cx - 14, "end"
        parts.append(f'<text x="{label_x:.1f}" y="{cy + 4:.1f}" font-size="12" text-anchor="{anchor}" fill="{colour}">{escape(short_number(p))}</text>')
    return "".join(parts), float(height)


def _svg_legend(spec: ChartSpec, points: Sequence[ChartPoint], top: float) -> tuple[str, float]:
    """The legend under the chart, one entry a line: the series' colours, the marks used, the conflict ring."""
    entries: list[tuple[str, str]] = []
    colours = series_colours(points)
    grey = "#555555"
    if len(colours) > 1:
        for term, colour in colours.items():
            label = _words(spec.series, term) or "other"
            # A stroke, not a square: a square is the mark of a plan.
            entries.append((f'<line x1="0" x2="20" y1="0" y2="0" stroke="{colour}" stroke-width="6"/>', label[:1].upper() + label[1:]))
    for mark in legend_marks(points):
        entries.append((_svg_mark(mark, grey, 10, 0), mark.legend))
    if any(p.bound for p in points):
        entries.append((f'<line x1="0" x2="14" y1="0" y2="0" stroke="{grey}" stroke-width="2"/><path d="M20 0 l-7 -5 v10 z" fill="{grey}"/>', "arrow: a bound (more than, up to)"))
    if any(p.conflicts for p in points):
        entries.append((_svg_ring(10, 0), "dashed ring: in a conflict (see the row)"))
    parts = []
    for i, (drawn, text) in enumerate(entries):
        y = top + 10 + i * 20
        parts.append(f'<g transform="translate(10 {y:.0f})">{drawn}<text x="26" y="5" font-size="13">{escape(text)}</text></g>')
    return "".join(parts), 14 + 20 * len(entries)


__all__ = [
    "CHARTS",
    "MARKS",
    "ChartPoint",
    "ChartSpec",
    "Mark",
    "chart_for",
    "chart_points",
    "description",
    "legend_marks",
    "nice_top",
    "point_label",
    "series_colours",
    "short_number",
    "svg_chart",
]
