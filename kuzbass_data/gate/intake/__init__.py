"""Read the hand-edited tables in raw/: the files, their CSV hygiene and the pandera gate.

Both the build and the validator start here, so it lives below both: the build
refuses raw/ that this reports problems in, and the validator adds its row, key and
source checks on the tables it returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...files import entry_kind
from ...paths import RAW_DIR, raw_file
from ...schema import ALL_TABLES
from ..problems import Problem
from .csvfile import RawFile, over_the_cap, read_raw_csv

if TYPE_CHECKING:
    from .cells import CheckedTable, check_cells, schema_gate

__all__ = ["CheckedTable", "RawFile", "check_cells", "hand_edited_files", "read_raw", "schema_gate"]


def __getattr__(name: str) -> Any:
    """The cell checks (``CheckedTable``, ``check_cells``, ``schema_gate``), imported on first use:
    they need pandas, which a raw/ refused for its size never reaches."""
    if name in ("CheckedTable", "check_cells", "schema_gate"):
        from . import cells

        return getattr(cells, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def hand_edited_files() -> dict[str, str]:
    """File name in raw/ to table name, for every hand-edited table of ALL_TABLES."""
    return {f"{t.name}.csv": t.name for t in ALL_TABLES if t.is_hand_edited}


def read_raw(root: Path) -> tuple[dict[str, CheckedTable], list[Problem]]:
    """Every hand-edited table under ``root/raw`` that could be parsed, and every problem found."""
    kind = entry_kind(root / RAW_DIR)
    if kind != "folder":
        what = "is missing" if kind == "missing" else f"is a {kind}, not a folder: it is not read"
        return {}, [Problem(RAW_DIR, None, None, f"folder {what}", "run the command from the repository root, or pass the root as an argument", code="raw-folder-missing")]
    checked: dict[str, CheckedTable] = {}
    problems = unexpected_entries(root)
    # A file over the size cap refuses the contribution before anything is parsed: one problem each,
    # at once and in little memory, whatever the file holds.
    refused = [p for p in (over_the_cap(root, raw_file(t.name)) for t in ALL_TABLES if t.is_hand_edited) if p is not None]
    if refused:
        return checked, problems + refused
    from .cells import check_cells

    for table in ALL_TABLES:
        if not table.is_hand_edited:
            continue
        raw, found = read_raw_csv(root, table, raw_file(table.name))
        problems += found
        if raw is None:
            continue
        t, found = check_cells(raw)
        problems += found
        checked[table.name] = t
    return checked, problems


def unexpected_entries(root: Path) -> list[Problem]:
    """A problem for every entry of raw/ that is not a hand-edited table's CSV file."""
    known = hand_edited_files()
    problems = []
    for entry in sorted((root / RAW_DIR).iterdir()):
        if entry.name in known:
            continue  # a symlink or folder under a table's name is refused when the table is read
        kind = entry_kind(entry)
        what = "file" if kind == "file" else kind
        problems.append(
            Problem(
                f"{RAW_DIR}/{entry.name}",
                None,
                None,
                f"unexpected {what} in raw/: it is not a table of this package and is not read",
                f"delete it; raw/ holds only {', '.join(sorted(known))} (a new table needs its schema in kuzbass_data/schema/tables.py)",
                code="unexpected-file",
            )
        )
    return problems
