"""``kuzbass-data plot``: the website's charts, drawn with matplotlib to a file.

Needs matplotlib (the ``[plot]`` extra). The format follows the file's extension (png, svg,
pdf). Every chart is defined once, in ``charts.CHARTS``, and its points and marks come from
``charts``: the site's SVG and this drawing show the same rows with the same shapes, colours and
words. The sources state few years, so no line ever joins two points.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..extras import require
from ..loader import records
from ..sentence import source_name
from .charts import CHARTS, CONFLICT_COLOUR, ChartPoint, ChartSpec, chart_for, chart_points, legend_marks, nice_top, series_colours, short_number
from .export import blocked_by_file

# Metadata keys that carry a date or tool version, cleared so that the same data draw the same file.
PLAIN_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
}
FORMATS = tuple(PLAIN_METADATA)
# matplotlib's names of the marks' shapes.
SHAPES = {"circle": "o", "square": "s"}


def chart_names() -> list[str]:
    """The names ``kuzbass-data plot`` accepts (one chart per table that forms a series)."""
    return [c.name for c in CHARTS]


def chart_format(out: Path) -> str:
    """The format named by ``out``'s extension; ``UsageError`` for one we do not draw."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"cannot draw {out.name!r}: name a file ending in {', '.join('.' + f for f in FORMATS)}")
    return fmt


def plot_chart(name: str, out: Path) -> Path:
    """Draw chart ``name`` to ``out`` (.png, .svg or .pdf, by its extension); return its path."""
    spec = chart_for(name)
    if spec is None:
        raise UsageError(f"no chart for {name!r}; charts exist for: {', '.join(chart_names())}")
    fmt = chart_format(out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: name a file, e.g. {out / (name + '.' + fmt)}")
    blocked_by_file(out)
    fig = chart_figure(spec)
    import matplotlib.pyplot as plt

    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=fmt, metadata=PLAIN_METADATA[fmt])
    plt.close(fig)
    return out


def plot_coal_output(out: Path) -> Path:
    """Draw coal output by year to ``out`` (the chart ``coal_output``); return its path."""
    return plot_chart("coal_output", out)


def coal_output_figure() -> Any:
    """The matplotlib Figure of coal output by year (the caller saves and closes it)."""
    spec = chart_for("coal_output")
    assert spec is not None  # defined in charts.CHARTS
    return chart_figure(spec)


def chart_figure(spec: ChartSpec) -> Any:
    """The matplotlib Figure of ``spec``, from the package's rows (the caller saves and closes it)."""
    require("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    matplotlib.rcParams["svg.hashsalt"] = "kuzbass-data"  # stable element ids in SVG
    rows = records(spec.table)
    points = chart_points(spec, rows, records("conflicts"))
    colours = series_colours(points)
    tall = spec.layout == "rows"
    fig, ax = plt.subplots(figsize=(8, 2.2 + 0.62 * len(points)) if tall else (8, 5.2), dpi=120)
    if tall:
        _draw_rows(ax, spec, points, colours)
    else:
        _draw_time(ax, spec, points, colours)
    handles = [Line2D([], [], color=c, linewidth=5, label=_series_label(spec, t)) for t, c in colours.items() if len(colours) > 1]
    for mark in legend_marks(points):
        handles.append(Line2D([], [], marker=SHAPES[mark.shape], color="#555555", markerfacecolor="#555555" if mark.filled else "white", markeredgewidth=1.8, linestyle="none", label=mark.legend))
    if any(p.conflicts for p in points):
        handles.append(Line2D([], [], marker="o", markersize=13, markerfacecolor="none", markeredgecolor=CONFLICT_COLOUR, linestyle="none", label="dashed ring: in a conflict"))
    if any(p.bound for p in points):
        handles.append(Line2D([], [], marker=">", color="#555555", linestyle="none", label="arrow: a bound (more than, up to)"))
    ax.legend(handles=handles, loc="lower right" if tall else "upper left", fontsize=8, framealpha=0.95)
    ax.set_title(spec.title, fontsize=11)
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(_source_line(spec, rows, points), 150)), fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def _series_label(spec: ChartSpec, term: str) -> str:
    from .charts import _words

    words = _words(spec.series, term) or "other"
    return words[:1].upper() + words[1:]


def _mark(ax: Any, p: ChartPoint, x: float, y: float, colour: str) -> None:
    """The point's mark, and a dashed ring when it is in a conflict: the same marks as the site's."""
    ax.scatter([x], [y], marker=SHAPES[p.mark.shape], s=60, facecolors=colour if p.mark.filled else "white", edgecolors=colour, linewidths=1.8, zorder=3)
    if p.conflicts:
        ax.scatter([x], [y], marker="o", s=260, facecolors="none", edgecolors=CONFLICT_COLOUR, linewidths=1.1, linestyle="--", zorder=2)


def _draw_time(ax: Any, spec: ChartSpec, points: list[ChartPoint], colours: dict[str, str]) -> None:
    """Points by year, no lines between them; plan and outcome of one year side by side, each labelled."""
    same_year: dict[tuple[str, int], int] = {}
    for p in points:
        same_year[(p.series, p.year)] = same_year.get((p.series, p.year), 0) + 1
    for p in points:
        colour = colours[p.series]
        dodge = (-0.25 if p.kind == "plan" else 0.25) if same_year[(p.series, p.year)] > 1 else 0
        _mark(ax, p, p.year + dodge, p.value, colour)
        offset, align = (-10, "right") if dodge < 0 else (10, "left")
        ax.annotate(short_number(p), (p.year + dodge, p.value), textcoords="offset points", xytext=(offset, -3), fontsize=8, color=colour, ha=align)
    end, _ = nice_top(max(p.value for p in points)) if points else (1.0, 1.0)
    ax.set_ylim(0, end)
    if points:
        years = [p.year for p in points]
        ax.set_xlim(min(years) - 1.5, max(years) + 1.5)
    ax.set_xlabel("year (only the years the source states)")
    ax.set_ylabel(spec.axis)
    ax.grid(alpha=0.3)


def _draw_rows(ax: Any, spec: ChartSpec, points: list[ChartPoint], colours: dict[str, str]) -> None:
    """One line per row, top to bottom: a bar from zero to the mark (a range: from its low to its high end)."""
    end, _ = nice_top(max(max(p.value, p.high or 0) for p in points)) if points else (1.0, 1.0)
    for i, p in enumerate(points):
        y, colour = -i, colours[p.series]
        if p.low is not None and p.high is not None:
            ax.hlines(y, p.low, p.high, colors=colour, linewidth=7, alpha=0.45)
        else:
            ax.hlines(y, 0, p.value, colors=colour, linewidth=1.5, alpha=0.6)
        _mark(ax, p, p.value, y, colour)
        if p.bound:
            sign = 1 if p.bound == "lower" else -1
            ax.annotate("", xy=(p.value + sign * end * 0.07, y), xytext=(p.value, y), arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5})
        ax.annotate(short_number(p), (p.value, y), textcoords="offset points", xytext=(0, 11), fontsize=8, color=colour, ha="center")
    ax.set_yticks([-i for i in range(len(points))], ["\n".join(textwrap.wrap(p.label, 42)) for p in points], fontsize=8)
    ax.set_xlim(0, end)
    ax.set_ylim(-len(points) + 0.4, 0.8)
    ax.set_xlabel(f"{spec.axis}; the scale starts at zero")
    ax.grid(axis="x", alpha=0.3)


def _source_line(spec: ChartSpec, rows: list[dict[str, str]], points: list[ChartPoint]) -> str:
    drawn = {p.row_id for p in points}
    used = [r for r in rows if r.get("id") in drawn]
    sources = {s["id"]: s for s in records("sources")}
    names = sorted({source_name(sources[r["source_id"]]["authors"], sources[r["source_id"]]["year"]) for r in used if r.get("source_id") in sources})
    footnotes = sorted({int(r["footnote"]) for r in used if (r.get("footnote") or "").isdigit()})
    cited = f", footnote{'s' if len(footnotes) > 1 else ''} {', '.join(map(str, footnotes))}" if footnotes else ""
    return f"Source: {', '.join(names) or 'the package'}{cited}; kuzbass-data table {spec.table}, {len(points)} of its {len(rows)} rows. {spec.note}"
