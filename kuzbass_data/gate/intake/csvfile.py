"""Read a hand-edited CSV file into text cells, checking its hygiene: the one CSV parser.

The standard ``csv`` module parses every file; it knows where each record starts, so
every problem names the physical line that git shows. A file over the size cap
(``MAX_RAW_BYTES`` or ``MAX_RAW_ROWS``) is refused with one problem before it is parsed:
a hand-edited table of this package holds tens of rows, and a contribution of
thousands is many pull requests. Nothing here follows a symlink or reads outside raw/.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from ...files import FileTooLargeError, UnsafeFileError, entry_kind, read_regular
from ...schema import Table
from ..problems import PROBLEM_CAP, Collector, Problem
from ..rowdata import records as read_records

BOM = b"\xef\xbb\xbf"
UTF8_HINT = "save the file as UTF-8: in Excel choose 'CSV UTF-8', in LibreOffice the character set 'Unicode (UTF-8)'"
QUOTE_HINT = 'close every quoted cell with ", and write a quote inside a quoted cell as ""'
# The size cap of a raw file, checked before it is parsed (documented in docs/problems.md): the
# bytes before the file is read, the rows (counted as lines, since a row takes at least one) after.
MAX_RAW_BYTES = 20 * 1024 * 1024
MAX_RAW_ROWS = 50_000
CAP_HINT = "a raw table holds the rows of a few sources: split the contribution into several pull requests, or check that this is the right file"
# A carriage return not followed by a line feed: git does not count it as a line break.
BARE_CR = re.compile(r"\r(?!\n)")
# Reading a file stops after this many malformed or empty rows: it is not a table any more.
MALFORMED_LIMIT = 1000


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
    # Each row's cells as parsed, one for each column of the header (known or not), in file order.
    cells: list[list[str]] = field(default_factory=list)
    # The position in the header of each column of ``columns``.
    positions: dict[str, int] = field(default_factory=dict)


def read_raw_csv(root: Path, table: Table, file: str) -> tuple[RawFile | None, list[Problem]]:
    """Parse ``root/file`` as a file of ``table``; None when nothing in it can be checked."""
    expected = ",".join(table.field_names)
    path = root / file
    kind = entry_kind(path)
    if kind == "missing":
        return None, [Problem(file, None, None, "file is missing", f"create it with the header line {expected}", code="file-missing")]
    try:
        data = read_regular(path, MAX_RAW_BYTES)
    except FileTooLargeError:
        return None, [_over_the_byte_cap(file, path)]
    except UnsafeFileError:
        return None, [Problem(file, None, None, f"is a {kind}, not a regular file: it is not read", "replace it with the CSV file itself", code="not-a-regular-file")]
    if data.startswith(BOM):
        data = data[len(BOM) :]  # Excel's "CSV UTF-8" writes a byte-order mark: accepted.
    if not data.strip():
        return None, [Problem(file, None, None, "file is empty", f"it needs at least the header line {expected}", code="file-empty")]
    over = _over_the_row_cap(file, data)
    if over is not None:
        return None, [over]
    text, bad_offsets, more_bad_lines = _decode(data)
    problems = _bare_carriage_returns(text, file)
    if problems:
        text = BARE_CR.sub("", text)  # so that the parser counts lines as git does
    records = read_records(text)
    header, header_end, error = next(records)
    if error:
        return None, [*problems, Problem(file, 1, None, f"the header cannot be read: {error}", QUOTE_HINT, code="malformed-csv")]
    found, positions = _header_problems(header, table, file)
    problems += found
    if not positions:
        return None, problems
    raw, found = _rows(records, table, file, len(header), positions, header_end)
    problems += found
    found = _encoding_problems(raw, data, bad_offsets)
    if found and more_bad_lines:
        found[-1] = replace(found[-1], hidden=more_bad_lines)
    problems += found
    return raw, problems


def over_the_cap(root: Path, file: str) -> Problem | None:
    """The one problem of ``root/file`` when it is over the size cap, found without parsing it.

    None when it is under the cap, or cannot be read at all (``read_raw_csv`` says why).
    """
    path = root / file
    try:
        data = read_regular(path, MAX_RAW_BYTES)  # the size is checked before a byte is read
    except FileTooLargeError:
        return _over_the_byte_cap(file, path)
    except (OSError, UnsafeFileError):
        return None
    return _over_the_row_cap(file, data)


def _over_the_byte_cap(file: str, path: Path) -> Problem:
    size = path.stat().st_size
    return Problem(file, None, None, f"is {size / 1048576:.1f} MB, over the cap of {MAX_RAW_BYTES // 1048576} MB for a raw file: it is not read", CAP_HINT, code="file-too-large")


def _over_the_row_cap(file: str, data: bytes) -> Problem | None:
    lines = data.count(b"\n") + (not data.endswith(b"\n"))  # counted in C: a row takes at least one line
    if lines <= MAX_RAW_ROWS + 1:  # the header and the rows
        return None
    message = f"has {lines - 1:,} lines after the header, over the cap of {MAX_RAW_ROWS:,} rows for a raw file: it is not read"
    return Problem(file, None, None, message, CAP_HINT, code="file-too-large")


def _decode(data: bytes) -> tuple[str, list[int], int]:
    """The text (undecodable bytes replaced by U+FFFD), the first bad byte of the first lines
    that have one (at most PROBLEM_CAP + 1 lines), and how many more lines have one."""
    try:
        return data.decode("utf-8"), [], 0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    offsets: list[int] = []
    position = 0
    view = memoryview(data)  # slices without copies
    while len(offsets) <= PROBLEM_CAP:
        try:
            str(view[position:], "utf-8")
            break
        except UnicodeDecodeError as err:
            offsets.append(position + err.start)
        line_end = data.find(b"\n", offsets[-1])
        if line_end < 0:
            break
        position = line_end + 1  # one problem per line: go on from the next line
    bad_lines = sum(1 for line in text.split("\n") if "\ufffd" in line) if len(offsets) > PROBLEM_CAP else len(offsets)
    return text, offsets, max(0, bad_lines - len(offsets))


def _bare_carriage_returns(text: str, file: str) -> list[Problem]:
    """A problem for each line with a bare carriage return, numbered as git shows it (git counts line feeds only)."""
    if not BARE_CR.search(text):
        return []
    segments = text.split("\n")
    problems: list[Problem] = []
    found = 0
    for number, segment in enumerate(segments, start=1):
        body = segment[:-1] if number < len(segments) and segment.endswith("\r") else segment  # CRLF is fine
        if "\r" in body:
            found += 1
            if found <= PROBLEM_CAP + 1:
                problems.append(Problem(file, number, None, "a bare carriage return (CR without LF) breaks this line", "save the file with LF or CRLF line ends", code="bare-carriage-return"))
    if found > len(problems):
        problems[-1] = replace(problems[-1], hidden=found - len(problems))
    return problems


def _header_problems(header: list[str], table: Table, file: str) -> tuple[list[Problem], dict[str, int]]:
    """Problems of the header, and the position of each known column found in it."""
    expected = table.field_names
    known = set(expected)
    if len(header) == 1 and len(expected) > 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            if separator in header[0]:
                hint = "save the file as comma-separated CSV (in Excel: 'CSV UTF-8 (Comma delimited)')"
                return [Problem(file, 1, None, f"the columns are separated by {name}, not commas", hint, code="wrong-separator")], {}
    found = Collector()
    positions: dict[str, int] = {}
    seen: dict[str, int] = {}
    stripped = [name.strip() for name in header]
    names = set(stripped)
    remove_hint = f"remove it; the columns are {','.join(expected)}"
    missing = [name for name in expected if name not in names]
    suggested = 0
    for position, name in enumerate(header, start=1):
        if name in seen:
            first = seen[name]
            found.add("duplicate-column", partial(Problem, file, 1, name, f"column appears twice in the header (columns {first} and {position})", "delete the duplicate", code="duplicate-column"))
            continue
        seen[name] = position
        if name in known:
            positions[name] = position - 1
        elif name.strip() in known:
            found.add("padded-column-name", partial(Problem, file, 1, name.strip(), f"header cell {position} has spaces around the name", f"write it as {name.strip()}", code="padded-column-name"))
            positions.setdefault(name.strip(), position - 1)
        elif not name:
            found.add("unnamed-column", partial(Problem, file, 1, f"column {position}", "the header has an unnamed column", "delete the empty column or name it", code="unnamed-column"))
        else:
            # Suggestions cost a comparison with every missing name: only for the names shown.
            close = difflib.get_close_matches(name, missing, n=1, cutoff=0.6) if suggested < PROBLEM_CAP else []
            suggested += 1
            if close:
                # One mistake, one problem: the misspelling names the column it replaces.
                missing.remove(close[0])
                meant = close[0]
                found.add("misspelled-column", partial(Problem, file, 1, name, f"unknown column in the header, where '{meant}' is missing", f"did you mean '{meant}'?", code="misspelled-column"))
            else:
                found.add("unknown-column", partial(Problem, file, 1, name, "unknown column in the header", remove_hint, code="unknown-column"))
    problems = found.problems()
    for name in missing:
        problems.append(Problem(file, 1, name, "column is missing from the header", f"add it; the header must be {','.join(expected)}", code="missing-column"))
    present = [n for n in stripped if n in known]
    if not problems and present != expected:
        problems.append(Problem(file, 1, None, "the columns are out of order", f"use the order {','.join(expected)}", code="columns-out-of-order"))
    return problems, {name: positions[name] for name in expected if name in positions}


def _rows(records: Iterator[tuple[list[str], int, str]], table: Table, file: str, ncol: int, positions: dict[str, int], header_end: int) -> tuple[RawFile, list[Problem]]:
    """The well-formed rows as Arrow columns; a problem for each malformed or empty one."""
    import pyarrow as pa

    problems = Collector()
    batch: list[list[str]] = []
    starts: list[int] = []
    previous_end = header_end
    malformed = 0
    for record, end, error in records:
        start = previous_end + 1
        previous_end = abs(end)
        if error or len(record) != ncol:
            malformed += 1
            if malformed > MALFORMED_LIMIT:
                stop = f"reading stopped at line {start}: more than {MALFORMED_LIMIT} rows are malformed or empty"
                problems.add("too-many-malformed-rows", partial(Problem, file, start, None, stop, "repair the file's structure first (is it the right file?)", code="too-many-malformed-rows"))
                break
        if error:
            problems.add("malformed-csv", partial(Problem, file, start, None, error, QUOTE_HINT, code="malformed-csv"))
        elif not any(record):
            problems.add("empty-row", partial(Problem, file, start, None, "empty row", "delete the line", code="empty-row"))
        elif len(record) != ncol:
            problems.add("wrong-cell-count", partial(_wrong_cell_count, file, start, len(record), ncol))
        else:
            batch.append(record)
            starts.append(start)
    # Under the size cap, the rows fit in memory at once: one Arrow array per column.
    cells = list(zip(*batch, strict=True)) if batch else []
    columns = {name: pa.array(cells[position] if cells else [], type=pa.string()) for name, position in positions.items()}
    return RawFile(table, file, columns, np.asarray(starts, dtype=np.int64), batch, positions), problems.problems()


def _wrong_cell_count(file: str, line: int, cells: int, ncol: int) -> Problem:
    if cells > ncol:
        hint = "a cell that contains a comma must be enclosed in double quotes"
    else:
        hint = "add the missing cells; an empty cell still needs its comma"
    return Problem(file, line, None, f"row has {cells} cells but the header has {ncol}", hint, code="wrong-cell-count")


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
