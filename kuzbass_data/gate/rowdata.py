"""The plain shape in which the semantic checks receive the tables, and small readers of its cells.

Every public semantic check takes ``Tables``: for each table name, its rows as (physical CSV
line number, raw cell strings by column). It depends on nothing else of the validator, so it
runs on whatever reads the CSV files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

# For each table name, its rows as (physical line number in the CSV file, cells by column).
Tables = Mapping[str, Sequence[tuple[int, Mapping[str, str]]]]

# Tables that are not data tables: they have ids but no numbers.
REFERENCE_TABLES = ("sources", "conflicts")
NUMBER_COLUMNS = ("value", "value_low", "value_high")
MULTI_SEPARATOR = "; "


def file_of(table: str) -> str:
    """The file a table's problems point to."""
    return f"raw/{table}.csv"


def cell(row: Mapping[str, str], column: str) -> str:
    """The cell's text without surrounding whitespace; "" when absent."""
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def number(row: Mapping[str, str], column: str) -> float | None:
    """The cell as a finite number, or None when empty or not a plain number (the cell checks report that)."""
    text = cell(row, column)
    if not text or len(text) > 40:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def data_tables(tables: Tables) -> list[str]:
    """Names of the tables whose rows state numbers (they have an excerpt and a value column)."""
    names = []
    for name, rows in tables.items():
        if name in REFERENCE_TABLES or not rows:
            continue
        first = rows[0][1]
        if "excerpt" in first and "value" in first:
            names.append(name)
    return names


def same_number(a: float | None, b: float | None) -> bool:
    """True when both are numbers and equal up to rounding (1/3 stored as 0.3333333333333333)."""
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
