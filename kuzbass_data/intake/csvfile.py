"""Read a hand-edited CSV file into text cells, checking its hygiene: the one CSV parser.

The standard ``csv`` module parses every file; it knows where each record starts, so
every problem names the physical line that git shows. Rows are gathered in batches
into Arrow string arrays, so memory stays close to the file's size. Nothing here
follows a symlink or reads outside raw/.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..files import UnsafeFileError, entry_kind, read_regular
from ..problems import PROBLEM_CAP, Problem
from ..schema import Table

BOM = b"\xef\xbb\xbf"
UTF8_HINT = "save the file as UTF-8: in Excel choose 'CSV UTF-8', in LibreOffice the character set 'Unicode (UTF-8)'"
QUOTE_HINT = 'close every quoted cell with ", and write a quote inside a quoted cell as ""'
# Rows are turned into Arrow arrays this many at a time: few Python strings live at once.
BATCH = 65_536
# A carriage return not followed by a line feed: git does not count it as a line break.
BARE_CR = re.compile(r"\r(?!\n)")
# Longest cell the parser accepts; longer cells are refused, whatever the column's limit.
FIELD_LIMIT = 1 << 20


@dataclass
class RawFile:
    """A parsed CSV file: its text cells and where each row stands in the file."""

    # The table the file holds.
    table: Table
    # The file's path relative to the checked root, for messages.
    file: str
    # One Arrow string array per known column present in the header, in schema order.
    columns: dict[str, Any]
    # The physical line (1-based, as git counts them) on which each row starts.
    lines: np.ndarray


def read_raw_csv(root: Path, table: Table, file: str) -> tuple[RawFile | None, list[Problem]]:
    """Parse ``root/file`` as a file of ``table``; None when nothing in it can be checked."""
    expected = ",".join(table.field_names)
    path = root / file
    kind = entry_kind(path)
    if kind == "missing":
        return None, [Problem(file, None, None, "file is missing", f"create it with the header line {expected}", code="file-missing")]
    try:
        data = read_regular(path)
    except UnsafeFileError:
        return None, [Problem(file, None, None, f"is a {kind}, not a regular file: it is not read", "replace it with the CSV file itself", code="not-a-regular-file")]
    if data.startswith(BOM):
        data = data[len(BOM) :]  # Excel's "CSV UTF-8" writes a byte-order mark: accepted.
    if not data.strip():
        return None, [Problem(file, None, None, "file is empty", f"it needs at least the header line {expected}", code="file-empty")]
    text, bad_offsets = _decode(data)
    problems = _bare_carriage_returns(text, file)
    if problems:
        text = BARE_CR.sub("", text)  # so that the parser counts lines as git does
    records = _records(text)
    header, header_end, error = next(records)
    if error:
        return None, [*problems, Problem(file, 1, None, f"the header cannot be read: {error}", QUOTE_HINT, code="malformed-csv")]
    found, positions = _header_problems(header, table, file)
    problems += found
    if not positions:
        return None, problems
    raw, found = _rows(records, table, file, len(header), positions, header_end)
    problems += found
    problems += _encoding_problems(raw, data, bad_offsets)
    return raw, problems


_BAD_BYTES: list[int] = []


def _record_bad_byte(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    _BAD_BYTES.append(err.start)
    return "\ufffd", err.start + 1


codecs.register_error("kuzbass-data-record", _record_bad_byte)


def _decode(data: bytes) -> tuple[str, list[int]]:
    """The text, with undecodable bytes replaced by U+FFFD, and the offsets of those bytes."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    _BAD_BYTES.clear()
    text = data.decode("utf-8", errors="kuzbass-data-record")
    bad = list(_BAD_BYTES)
    _BAD_BYTES.clear()
    return text, bad


def _bare_carriage_returns(text: str, file: str) -> list[Problem]:
    """A problem at each bare carriage return, on the line git shows (git counts line feeds only)."""
    problems = []
    line, last = 1, 0
    for match in BARE_CR.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        problems.append(Problem(file, line, None, "a bare carriage return (CR without LF) breaks this line", "save the file with LF or CRLF line ends", code="bare-carriage-return"))
    return problems


def _records(text: str) -> Iterator[tuple[list[str], int, str]]:
    """(cells, last line, error) for each record; after a broken quote, parsing resumes on the next line."""
    source = iter(io.StringIO(text, newline=""))
    consumed = 0
    csv.field_size_limit(FIELD_LIMIT)
    while True:
        reader = csv.reader(source, strict=True)
        try:
            for record in reader:
                yield record, consumed + reader.line_num, ""
        except csv.Error as err:
            if "end of data" in str(err):
                reason = "unterminated quote: a quoted cell that starts on this line never closes"
            elif "field larger" in str(err):
                reason = f"a cell is longer than {FIELD_LIMIT} characters"
            else:
                reason = f"malformed quoting ({err})"
            yield [], -(consumed + reader.line_num), reason
            consumed += reader.line_num
            continue
        return


def _header_problems(header: list[str], table: Table, file: str) -> tuple[list[Problem], dict[str, int]]:
    """Problems of the header, and the position of each known column found in it."""
    expected = table.field_names
    known = set(expected)
    if len(header) == 1 and len(expected) > 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            if separator in header[0]:
                hint = "save the file as comma-separated CSV (in Excel: 'CSV UTF-8 (Comma delimited)')"
                return [Problem(file, 1, None, f"the columns are separated by {name}, not commas", hint, code="wrong-separator")], {}
    problems = []
    positions: dict[str, int] = {}
    seen: dict[str, int] = {}
    stripped = [name.strip() for name in header]
    missing = [name for name in expected if name not in set(stripped)]
    suggested = 0
    for position, name in enumerate(header, start=1):
        if name in seen:
            problems.append(Problem(file, 1, name, f"column appears twice in the header (columns {seen[name]} and {position})", "delete the duplicate column", code="duplicate-column"))
            continue
        seen[name] = position
        if name in known:
            positions[name] = position - 1
        elif name.strip() in known:
            problems.append(Problem(file, 1, name.strip(), f"header cell {position} has spaces around the column name", f"write it as {name.strip()}", code="padded-column-name"))
            positions.setdefault(name.strip(), position - 1)
        elif not name:
            problems.append(Problem(file, 1, f"column {position}", "the header has an unnamed column", "delete the empty column or name it", code="unnamed-column"))
        else:
            # Suggestions cost a comparison with every missing name: only for the names shown.
            close = difflib.get_close_matches(name, missing, n=1, cutoff=0.6) if suggested < PROBLEM_CAP else []
            suggested += 1
            if close:
                # One mistake, one problem: the misspelling names the column it replaces.
                missing.remove(close[0])
                problems.append(Problem(file, 1, name, f"unknown column in the header, where '{close[0]}' is missing", f"did you mean '{close[0]}'?", code="misspelled-column"))
            else:
                problems.append(Problem(file, 1, name, "unknown column in the header", f"remove it; the columns are {','.join(expected)}", code="unknown-column"))
    for name in missing:
        problems.append(Problem(file, 1, name, "column is missing from the header", f"add it; the header must be {','.join(expected)}", code="missing-column"))
    present = [n for n in stripped if n in known]
    if not problems and present != expected:
        problems.append(Problem(file, 1, None, "the columns are out of order", f"use the order {','.join(expected)}", code="columns-out-of-order"))
    return problems, {name: positions[name] for name in expected if name in positions}


def _rows(records: Iterator[tuple[list[str], int, str]], table: Table, file: str, ncol: int, positions: dict[str, int], header_end: int) -> tuple[RawFile, list[Problem]]:
    """The well-formed rows as Arrow columns; a problem for each malformed or empty one."""
    import pyarrow as pa

    problems: list[Problem] = []
    chunks: dict[str, list[Any]] = {name: [] for name in positions}
    batch: list[list[str]] = []
    starts: list[int] = []
    previous_end = header_end

    def flush() -> None:
        columns = list(zip(*batch, strict=True)) if batch else []
        for name, position in positions.items():
            chunks[name].append(pa.array(columns[position] if columns else [], type=pa.string()))
        batch.clear()

    for record, end, error in records:
        start = previous_end + 1
        previous_end = abs(end)
        if error:
            problems.append(Problem(file, start, None, error, QUOTE_HINT, code="malformed-csv"))
        elif not any(record):
            problems.append(Problem(file, start, None, "empty row", "delete the line", code="empty-row"))
        elif len(record) != ncol:
            if len(record) > ncol:
                hint = "a cell that contains a comma must be enclosed in double quotes"
            else:
                hint = "add the missing cells; an empty cell still needs its comma"
            problems.append(Problem(file, start, None, f"row has {len(record)} cells but the header has {ncol}", hint, code="wrong-cell-count"))
        else:
            batch.append(record)
            starts.append(start)
            if len(batch) == BATCH:
                flush()
    flush()
    columns = {name: pa.concat_arrays(parts) for name, parts in chunks.items()}
    return RawFile(table, file, columns, np.asarray(starts, dtype=np.int64)), problems


def _encoding_problems(raw: RawFile, data: bytes, bad_offsets: list[int]) -> list[Problem]:
    """Name the line, column and byte offset of the first byte that is not UTF-8 on each line."""
    import pyarrow.compute as pc

    if not bad_offsets:
        return []
    first_on_line: dict[int, int] = {}
    line, last = 1, 0
    for offset in bad_offsets:  # in order, so counting line breaks stays linear
        line += data.count(b"\n", last, offset)
        last = offset
        first_on_line.setdefault(line, offset)
    column_at: dict[int, str] = {}
    for name, values in raw.columns.items():
        hit = pc.fill_null(pc.match_substring(values, "\ufffd"), False).to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(hit).tolist():
            column_at.setdefault(int(raw.lines[i]), name)
    problems = []
    for line, offset in first_on_line.items():
        row_start = int(raw.lines[max(0, int(np.searchsorted(raw.lines, line, side="right")) - 1)]) if len(raw.lines) else line
        column: str | None = "header" if line == 1 else column_at.get(row_start)
        where = row_start if column is not None and line != 1 else line
        problems.append(Problem(raw.file, where, column, f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset}", UTF8_HINT, code="not-utf8"))
    return problems
