"""Read a hand-edited CSV file into a frame of text cells, checking its hygiene.

The fast path parses with Arrow's vectorised CSV reader. A file with a structural
problem (ragged rows, blank lines, broken quotes) is re-read with the standard
``csv`` module, which knows the physical line of every record, so each problem can
be reported precisely; the well-formed rows are still checked.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..schema import Table
from .problems import Problem

BOM = b"\xef\xbb\xbf"
UTF8_HINT = "save the file as UTF-8: in Excel choose 'CSV UTF-8', in LibreOffice the character set 'Unicode (UTF-8)'"


@dataclass
class RawFrame:
    """A parsed CSV file: its text cells and where each row stands in the file."""

    # The table the file holds.
    table: Table
    # The file's path relative to the checked root, for messages.
    file: str
    # One Arrow string column per known column present in the header (empty cells are "").
    columns: dict[str, Any]
    # The physical line (1-based) on which each row starts.
    lines: np.ndarray


def read_raw_csv(path: Path, table: Table, file: str) -> tuple[RawFrame | None, list[Problem]]:
    """Parse ``path`` as a file of ``table``; None when nothing in it can be checked."""
    problems: list[Problem] = []
    expected = ",".join(table.field_names)
    if not path.is_file():
        return None, [Problem(file, None, None, "file is missing", f"create it with the header line {expected}")]
    data = path.read_bytes()
    if data.startswith(BOM):
        data = data[len(BOM) :]  # Excel's "CSV UTF-8" writes a byte-order mark: accepted.
    if re.fullmatch(rb"\s*", data):
        return None, [Problem(file, None, None, "file is empty", f"it needs at least the header line {expected}")]
    header, header_lines = _header(data)
    problems += _header_problems(header, table, file)
    if not any(name in table.field_names for name in header):
        return None, problems
    # Arrow checks the encoding as it parses; only a file that fails is decoded here.
    fast = _parse_fast(data, len(header), header_lines)
    bad_offsets: list[int] = []
    if fast is not None:
        cells, lines = fast
    else:
        text, bad_offsets = _decode(data)
        cells, lines, structure = _parse_slow(text, len(header), file)
        problems += structure
    cells, lines, empty_rows = _drop_empty_rows(cells, lines, file)
    problems += empty_rows
    raw = RawFrame(table, file, _known_columns(cells, header, table), lines)
    problems += _encoding_problems(raw, data, bad_offsets)
    return raw, problems


def _decode(data: bytes) -> tuple[str, list[int]]:
    """The text, with undecodable bytes replaced, and the offsets of those bytes."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    bad: list[int] = []
    pos = 0
    while True:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as err:
            bad.append(pos + err.start)
            pos += err.end
    return data.decode("utf-8", errors="replace"), bad


def _header(data: bytes) -> tuple[list[str], int]:
    # The header is the first record; a megabyte holds it, even with quoted line breaks.
    reader = csv.reader(io.StringIO(data[: 1 << 20].decode("utf-8", errors="replace")))
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        return [], 1
    return header, reader.line_num


def _header_problems(header: list[str], table: Table, file: str) -> list[Problem]:
    expected = table.field_names
    if len(header) == 1 and len(expected) > 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            if separator in header[0]:
                return [Problem(file, 1, None, f"the columns are separated by {name}, not commas", "save the file as comma-separated CSV (in Excel: 'CSV UTF-8 (Comma delimited)')")]
    problems = []
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in seen:
            problems.append(Problem(file, 1, name, f"column appears twice in the header (columns {seen[name]} and {position})", "delete the duplicate column"))
            continue
        seen[name] = position
        if name in expected:
            continue
        if name.strip() in expected:
            problems.append(Problem(file, 1, name.strip(), f"header cell {position} has spaces around the column name", f"write it as {name.strip()}"))
        elif not name:
            problems.append(Problem(file, 1, f"column {position}", "the header has an unnamed column", "delete the empty column or name it"))
        else:
            close = difflib.get_close_matches(name, [e for e in expected if e not in header], n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"remove it; the columns are {','.join(expected)}"
            problems.append(Problem(file, 1, name, "unknown column in the header", hint))
    names = [n.strip() for n in header]
    for name in expected:
        if name not in names:
            problems.append(Problem(file, 1, name, "column is missing from the header", f"add it; the header must be {','.join(expected)}"))
    present = [n for n in names if n in expected]
    if not problems and present != expected:
        problems.append(Problem(file, 1, None, "the columns are out of order", f"use the order {','.join(expected)}"))
    return problems


def _parse_fast(data: bytes, ncol: int, header_lines: int) -> tuple[list[Any], np.ndarray] | None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(ncol)]
    invalid: list[object] = []

    def on_invalid(row: object) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if invalid:
        return None
    n = table.num_rows
    start = header_lines + 1
    records_if_one_line_each = header_lines + n
    line_breaks = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if line_breaks == records_if_one_line_each:
        lines = np.arange(start, start + n, dtype=np.int64)
    else:
        # Some cells hold line breaks: each row starts after those of the rows before it.
        extra = np.zeros(n, dtype=np.int64)
        for column in table.columns:
            extra += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False).astype(np.int64)
        lines = start + np.arange(n, dtype=np.int64) + np.concatenate(([0], np.cumsum(extra)[:-1])) if n else np.zeros(0, np.int64)
    return [table.column(name) for name in names], lines


def _parse_slow(text: str, ncol: int, file: str) -> tuple[list[Any], np.ndarray, list[Problem]]:
    import pyarrow as pa

    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    for start, record, error in _records(text):
        if start == 1:
            continue  # the header, checked separately
        if error:
            problems.append(Problem(file, start, None, error, 'close every quoted cell with ", and write a quote inside a quoted cell as ""'))
        elif not record:
            problems.append(Problem(file, start, None, "empty row", "delete the line"))
        elif len(record) != ncol:
            if len(record) > ncol:
                hint = "a cell that contains a comma must be enclosed in double quotes"
            else:
                hint = "add the missing cells; an empty cell still needs its comma"
            problems.append(Problem(file, start, None, f"row has {len(record)} cells but the header has {ncol}", hint))
        else:
            rows.append(record)
            lines.append(start)
    columns = [pa.array([row[i] for row in rows], type=pa.string()) for i in range(ncol)]
    return columns, np.array(lines, dtype=np.int64), problems


def _drop_empty_rows(cells: list[Any], lines: np.ndarray, file: str) -> tuple[list[Any], np.ndarray, list[Problem]]:
    """Rows whose every cell is empty (blank lines included) are reported and left out."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not cells or len(lines) == 0:
        return cells, lines, []
    empty = np.ones(len(lines), dtype=bool)
    for column in cells:
        empty &= pc.equal(column, "").to_numpy(zero_copy_only=False)
    if not empty.any():
        return cells, lines, []
    problems = [Problem(file, int(line), None, "empty row", "delete the line") for line in lines[empty]]
    keep = pa.array(~empty)
    return [pc.filter(column, keep) for column in cells], lines[~empty], problems


def _records(text: str) -> Iterator[tuple[int, list[str], str]]:
    """(first line, cells, error) for each record; after a broken quote, parsing resumes on the next line."""
    source = iter(io.StringIO(text, newline=""))
    consumed = 0
    while True:
        reader = csv.reader(source, strict=True)
        start = consumed + 1
        try:
            for record in reader:
                yield start, record, ""
                start = consumed + reader.line_num + 1
        except csv.Error as err:
            reason = "unterminated quote: a quoted cell that starts on this line never closes" if "end of data" in str(err) else f"malformed quoting ({err})"
            yield start, [], reason
            consumed += reader.line_num
            continue
        return


def _known_columns(cells: list[Any], header: list[str], table: Table) -> dict[str, Any]:
    """The cells of the table's columns found in the header (first occurrence), in schema order."""
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        name = name.strip()
        if name in table.field_names and name not in positions:
            positions[name] = i
    return {name: cells[positions[name]] for name in table.field_names if name in positions}


def _encoding_problems(raw: RawFrame, data: bytes, bad_offsets: list[int]) -> list[Problem]:
    """Name the line, column and byte offset of every byte that is not UTF-8."""
    import pyarrow.compute as pc

    if not bad_offsets:
        return []
    problems = []
    offsets_by_line: dict[int, list[int]] = {}
    for offset in bad_offsets:
        offsets_by_line.setdefault(data.count(b"\n", 0, offset) + 1, []).append(offset)
    located: set[int] = set()
    for column, values in raw.columns.items():
        hit = pc.match_substring(values, "\ufffd").to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(hit):
            first = int(raw.lines[i])
            end = int(raw.lines[i + 1]) if i + 1 < len(raw.lines) else first + values[int(i)].as_py().count("\n") + 1
            offsets = [o for line, found in offsets_by_line.items() if first <= line < end for o in found]
            if offsets:
                located.update(offsets)
                problems.append(Problem(raw.file, first, column, f"not valid UTF-8: byte 0x{data[offsets[0]]:02x} at byte offset {offsets[0]}", UTF8_HINT))
    for line, offsets in sorted(offsets_by_line.items()):
        rest = [o for o in offsets if o not in located]
        if rest:
            problems.append(Problem(raw.file, line, "header" if line == 1 else None, f"not valid UTF-8: byte 0x{data[rest[0]]:02x} at byte offset {rest[0]}", UTF8_HINT))
    return problems
