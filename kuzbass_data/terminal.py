"""Plain-text layouts for the terminal: a record view (one field per line) and a narrow table.

Everything here works on text cells (dicts of str), so ``get`` and ``search`` never import
pandas. The width follows the terminal (``shutil.get_terminal_size``, which honours
``COLUMNS`` and falls back to 80 columns when output is piped). Output never contains
ANSI escape codes, so it reads the same in a pager, a file or a pipe: every value is passed
through ``escape.terminal`` first, so a control, bidirectional or invisible character in a cell
is shown as an escape (``\u202e``), never acted on, even if one got past the cell checks.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from .escape import terminal as _inert

# The narrowest layout we try to fit: below this, wrapping would make every value unreadable.
MIN_WIDTH = 40
# Gap between the columns of the table layout.
GAP = "  "


def terminal_width(override: int | None = None) -> int:
    """The width to lay out for: ``override``, else the terminal's (80 when piped), never below MIN_WIDTH."""
    width = override if override is not None else shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, width)


def record(cells: Mapping[str, str], width: int) -> list[str]:
    """One field per line, ``name  value``, long values (the excerpt) wrapped in full, never cut."""
    if not cells:
        return []
    # Line breaks stay (textwrap makes them spaces); everything else that is not printable is escaped.
    cells = {_inert(name): _inert(value, keep="\n") for name, value in cells.items()}
    name_width = min(max(len(name) for name in cells), width // 3)
    text_width = max(10, width - name_width - len(GAP))
    lines: list[str] = []
    for name, value in cells.items():
        wrapped = textwrap.wrap(value, text_width, break_long_words=True, break_on_hyphens=False) or [""]
        lines.append(f"{name:<{name_width}}{GAP}{wrapped[0]}".rstrip())
        lines += [f"{'':<{name_width}}{GAP}{more}" for more in wrapped[1:]]
    return lines


def records(rows: Iterable[Mapping[str, str]], width: int) -> list[str]:
    """Several records, separated by a rule line as wide as the layout."""
    lines: list[str] = []
    for number, row in enumerate(rows):
        if number:
            lines.append("-" * min(width, 40))
        lines += record(row, width)
    return lines


def table(rows: Sequence[Mapping[str, str]], columns: Sequence[str], width: int) -> list[str] | None:
    """A table of ``columns``, one line per row; None when it does not fit in ``width``."""
    columns = [_inert(c) for c in columns]
    rows = [{_inert(c): _inert(v, keep="\n") for c, v in r.items()} for r in rows]
    widths = [max([len(c), *(len(r[c]) for r in rows)]) for c in columns]
    if sum(widths) + len(GAP) * (len(columns) - 1) > width or any("\n" in r[c] for r in rows for c in columns):
        return None
    lines = [GAP.join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append(GAP.join("-" * w for w in widths))
    lines += [GAP.join(r[c].ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() for r in rows]
    return lines


def one_line(text: str, width: int) -> str:
    """``text`` on one line, shortened with an ellipsis to ``width`` characters (for lists of hits)."""
    text = _inert(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"
