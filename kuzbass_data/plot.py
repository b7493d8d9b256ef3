"""Chart coal output by year: Kuzbass and Donbass, plans apart from outcomes, qualifiers visible.

Needs matplotlib (``pip install 'kuzbass-data[plot]'``). Growth factors are not
drawn: they are ratios, not tonnages.
"""

from __future__ import annotations

from pathlib import Path

from .loader import load

COLOURS = {"kuzbass": "#1b6ca8", "donbass": "#b5541b"}


def plot_coal_output(out: Path) -> Path:
    """Draw coal output by year to the PNG ``out``; return its path."""
    try:
        import matplotlib
    except ImportError:
        raise RuntimeError("plotting needs matplotlib: pip install 'kuzbass-data[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    coal = load("coal_output")
    coal = coal[coal["measure"] == "output"].sort_values("year")
    fig, (detail, both) = plt.subplots(1, 2, figsize=(11, 5), dpi=120, gridspec_kw={"width_ratios": [1, 1]})
    _draw(detail, coal[coal["basin"] == "kuzbass"], labels=True)
    detail.set_title("Kuzbass: plan and outcomes")
    detail.set_ylim(0, 25)
    _draw(both, coal, labels=False)
    both.set_title("Kuzbass and Donbass")
    both.set_ylim(0, 90)
    for ax in (detail, both):
        ax.set_xlabel("year")
        ax.set_ylabel("coal output, million tons")
        ax.set_xlim(1925.5, 1941.5)
        ax.grid(alpha=0.3)
    legend = [
        Line2D([], [], color=COLOURS["kuzbass"], marker="o", linestyle=":", label="Kuzbass, outcome"),
        Line2D([], [], color=COLOURS["donbass"], marker="o", linestyle=":", label="Donbass, outcome"),
        Line2D([], [], color="grey", marker="o", markerfacecolor="white", linestyle="none", label="open circle: 'almost'"),
        Line2D([], [], color="grey", marker="_", markersize=14, markeredgewidth=2.5, linestyle="none", label="bar: plan (First Five-Year Plan)"),
    ]
    both.legend(handles=legend, loc="upper left", fontsize=8)
    fig.suptitle("Coal output by year, as stated by Landau (2015)")
    fig.text(
        0.01,
        0.01,
        "Source: J. Landau, IRSH 60 (2015), doi:10.1017/S0020859015000462, footnote 10; kuzbass-data table coal_output. "
        "Dotted lines only join the years the source states.",
        fontsize=7,
        color="#555555",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", metadata={"Software": None})
    plt.close(fig)
    return out


def _draw(ax, rows, *, labels: bool) -> None:  # type: ignore[no-untyped-def]
    """Outcomes as circles (open for 'almost') joined by dotted lines; plans as bars."""
    for basin, colour in COLOURS.items():
        basin_rows = rows[rows["basin"] == basin]
        outcome = basin_rows[basin_rows["status"] == "outcome"]
        ax.plot(outcome["year"].astype(int), outcome["value"].astype(float), color=colour, linewidth=1, linestyle=":", zorder=1)
        for _, row in basin_rows.iterrows():
            year, value = int(row["year"]), float(row["value"])
            if row["status"] == "plan":
                ax.scatter([year], [value], marker="_", s=400, linewidths=2.5, color=colour, zorder=3)
                text = f"plan {value:g}"
            else:
                exact = row["qualifier"] == "exact"
                ax.scatter([year], [value], marker="o", s=55, facecolors=colour if exact else "white", edgecolors=colour, linewidths=1.8, zorder=2)
                text = f"{'' if exact else row['qualifier'] + ' '}{value:g}"
            if labels or basin == "donbass":
                ax.annotate(text, (year, value), textcoords="offset points", xytext=(9, 4 if row["status"] == "plan" else -12), fontsize=8, color=colour)
