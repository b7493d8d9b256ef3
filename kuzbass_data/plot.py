"""Chart coal output by year: Kuzbass and Donbass, plans apart from outcomes, qualifiers visible.

Needs matplotlib (the ``[plot]`` extra). The format follows the file's
extension (png, svg, pdf). Growth factors are not drawn: they are ratios, not tonnages.
The chart is honest about sparse data: the source states a few years only, so the
points are never joined by lines (a line would suggest a trend between them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .export import blocked_by_file
from .extras import require
from .loader import load

if TYPE_CHECKING:
    import pandas as pd

COLOURS = {"kuzbass": "#1b6ca8", "donbass": "#b5541b"}
# Metadata keys that carry a date or tool version, cleared so that the same data draw the same file.
PLAIN_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
}
FORMATS = tuple(PLAIN_METADATA)


def chart_format(out: Path) -> str:
    """The format named by ``out``'s extension; ``UsageError`` for one we do not draw."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"cannot draw {out.name!r}: name a file ending in {', '.join('.' + f for f in FORMATS)}")
    return fmt


def plot_coal_output(out: Path) -> Path:
    """Draw coal output by year to ``out`` (.png, .svg or .pdf, by its extension); return its path."""
    fmt = chart_format(out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: name a file, e.g. {out / ('coal_output.' + fmt)}")
    blocked_by_file(out)
    fig = coal_output_figure()
    import matplotlib.pyplot as plt

    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=fmt, metadata=PLAIN_METADATA[fmt])
    plt.close(fig)
    return out


def coal_output_figure() -> Any:
    """The matplotlib Figure of coal output by year (the caller saves and closes it)."""
    require("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    matplotlib.rcParams["svg.hashsalt"] = "kuzbass-data"  # stable element ids in SVG
    coal = load("coal_output")
    coal = coal[coal["measure"] == "output"].sort_values("year")
    years = coal["year"].astype(int)
    top = float(coal["value"].max()) if len(coal) else 1.0
    kuzbass = coal[coal["basin"] == "kuzbass"]
    kuzbass_top = float(kuzbass["value"].max()) if len(kuzbass) else top
    fig, (detail, both) = plt.subplots(1, 2, figsize=(11, 5.2), dpi=120)
    _draw(detail, kuzbass, labels=True)
    detail.set_title("Kuzbass: plan and outcomes")
    detail.set_ylim(0, kuzbass_top * 1.2)
    _draw(both, coal, labels=False)
    both.set_title("Kuzbass and Donbass (same data, wider scale)")
    both.set_ylim(0, top * 1.15)
    for ax in (detail, both):
        ax.set_xlabel("year (only the years the source states)")
        ax.set_ylabel("coal output, million 'tons' (the source's word)")
        if len(coal):
            ax.set_xlim(int(years.min()) - 1.5, int(years.max()) + 1.5)
        ax.grid(alpha=0.3)
    legend = [
        Line2D([], [], color=COLOURS["kuzbass"], marker="o", linestyle="none", label="Kuzbass, outcome"),
        Line2D([], [], color=COLOURS["donbass"], marker="o", linestyle="none", label="Donbass, outcome"),
        Line2D([], [], color="grey", marker="o", markerfacecolor="white", linestyle="none", label="open circle: qualified ('almost', 'about', ...)"),
        Line2D([], [], color="grey", marker="_", markersize=14, markeredgewidth=2.5, linestyle="none", label="dash: plan (a target, not output)"),
    ]
    both.legend(handles=legend, loc="upper left", fontsize=8)
    fig.suptitle("Coal output in the years the source states (Landau 2015); points are not joined: nothing is known in between")
    footnotes = sorted({int(f) for f in coal["footnote"].dropna()})
    cited = f", footnote{'s' if len(footnotes) > 1 else ''} {', '.join(map(str, footnotes))}" if footnotes else ""
    fig.text(
        0.01,
        0.01,
        f"Source: J. Landau, IRSH 60 (2015), doi:10.1017/S0020859015000462{cited}; kuzbass-data table coal_output (measure 'output').\n"
        "'Tons' is the source's word; the data store it as million_tonnes without converting.",
        fontsize=7,
        color="#555555",
    )
    fig.tight_layout(rect=(0, 0.05, 1, 0.97))
    return fig


def _draw(ax: Any, rows: pd.DataFrame, *, labels: bool) -> None:
    """Outcomes as circles (open when qualified), plans as dashes; no lines between years."""
    for basin, colour in COLOURS.items():
        for _, row in rows[rows["basin"] == basin].iterrows():
            year, value = int(row["year"]), float(row["value"])
            exact = row["qualifier"] == "exact"
            qualifier = "" if exact else str(row["qualifier"]).replace("_", " ") + " "
            if row["status"] == "plan":
                # A wide dash, not a filled shape: an outcome of the same year stays visible under it.
                ax.scatter([year], [value], marker="_", s=500, linewidths=2.5, color=colour, zorder=3)
                text, offset = f"plan: {qualifier}{value:g}", (8, 4)
            else:
                ax.scatter([year], [value], marker="o", s=55, facecolors=colour if exact else "white", edgecolors=colour, linewidths=1.8, zorder=2)
                text, offset = f"{qualifier}{value:g}", (8, -12)
            if labels or basin == "donbass":
                ax.annotate(text, (year, value), textcoords="offset points", xytext=offset, fontsize=8, color=colour)
