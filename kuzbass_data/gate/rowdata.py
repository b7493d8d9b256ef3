"""The one row model of raw/: a row is (physical CSV line number, raw cell strings by column).

``records`` is the one reader of a raw table's CSV text (the csv module, strict, resuming after a
broken quote), and ``read_rows`` gives its header and rows in that shape. Intake (which adds the
hygiene and pandera checks), the row, reading, identity and conflict checks (``Tables``), the id
registry and versions (``revision``), ``prove`` and ``add`` all read raw/ through it. It depends on
nothing else of the validator, and imports nothing heavy.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Mapping, Sequence

from ..paths import raw_file

# One row: (the physical line on which it starts in the CSV file, its cells by column).
Row = tuple[int, dict[str, str]]
# For each table name, its rows as (physical line number in the CSV file, cells by column).
Tables = Mapping[str, Sequence[tuple[int, Mapping[str, str]]]]

# Tables that are not data tables: they have ids but no numbers.
REFERENCE_TABLES = ("sources", "conflicts")
NUMBER_COLUMNS = ("value", "value_low", "value_high")
MULTI_SEPARATOR = "; "


def file_of(table: str) -> str:
    """The file a table's problems point to."""
    return raw_file(table)


def cell(row: Mapping[str, str], column: str) -> str:
    """The cell's text without surrounding whitespace; "" when absent."""
    # The gate asks for a cell over a million times on a large contribution: no call but strip on the way.
    try:
        return row[column].strip()
    except (KeyError, AttributeError, TypeError):
        return ""


def number(row: Mapping[str, str], column: str) -> float | None:
    """The cell as a finite number, or None when empty or not a plain number (the cell checks report that)."""
    return number_text(cell(row, column))


def number_text(text: str) -> float | None:
    """``text`` (a cell's, stripped) as a finite number, or None when empty or not a plain number."""
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


def records(text: str) -> Iterator[tuple[list[str], int, str]]:
    """(cells, last line, error) for each record of CSV ``text``; after a broken quote, parsing resumes
    on the next line, and the record is ([], -line, reason).

    The csv module's field size limit is left as the process has it (it is global to the process):
    a cell over it is such a broken record, and no column allows a cell near that long.
    """
    source = iter(io.StringIO(text, newline=""))
    consumed = 0
    while True:
        reader = csv.reader(source, strict=True)
        try:
            for record in reader:
                yield record, consumed + reader.line_num, ""
        except csv.Error as err:
            if "end of data" in str(err):
                reason = "unterminated quote: a quoted cell that starts on this line never closes"
            elif "field larger" in str(err):
                reason = f"a cell is longer than {csv.field_size_limit()} characters"
            else:
                reason = f"malformed quoting ({err})"
            yield [], -(consumed + reader.line_num), reason
            consumed += reader.line_num
            continue
        return


def read_rows(text: str) -> tuple[list[str], list[Row], list[tuple[int, str]]]:
    """The header, every row (blank lines skipped; a short row padded with ""), and each record
    that could not be parsed, as (line, reason): the plain reading of one raw table."""
    header: list[str] | None = None
    rows: list[Row] = []
    broken: list[tuple[int, str]] = []
    previous = 0
    for cells, last, error in records(text):
        if error:
            broken.append((previous + 1, error))
            previous = -last
            continue
        start, previous = previous + 1, last
        if not cells or cells == [""]:
            continue
        if header is None:
            header = cells
            continue
        rows.append((start, {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header)}))
    return header or [], rows, broken
