"""Problems as GitHub Actions annotations: ``::error file=…,line=…,col=…,title=…::message``.

GitHub shows each on the pull request's changed file. The escaping follows the runner's
workflow-command rules: in the message ``%``, CR and LF are percent-encoded; in a property
value ``:`` and ``,`` are too, so a hostile file name or cell cannot end the command early or
inject another one; control and invisible characters are shown as escapes first. Plain lines
printed beside the annotations go through ``log_line``, so that no text of a cell starts a
workflow command. ``col`` is the 1-based position of the problem's column in the file's
header, when the file is a CSV file under the root and the column is in its header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from .. import escape
from .problems import Problem
from .revision import RevisionError, read_file


def escape_data(text: str) -> str:
    """A workflow command's message, escaped (``escape.github_message``)."""
    return escape.github_message(text)


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped (``escape.github_property``)."""
    return escape.github_property(text)


def log_line(text: str) -> str:
    """A plain line printed beside the annotations (a note, the coverage report): it can start no
    workflow command and hide none (``escape.github_line``)."""
    return escape.github_line(text)


def annotation(problem: Problem, col: int | None = None, level: str = "error") -> str:
    """One ``::error`` (or ``::warning``) command for ``problem``."""
    props = [f"file={escape_property(problem.file)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
        if col is not None:
            props.append(f"col={col}")
    props.append(f"title={escape_property(problem.code or 'problem')}")
    column = f"{problem.column}: " if problem.column else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"::{level} {','.join(props)}::{escape_data(column + problem.message + hint)}"


def github_annotations(problems: Iterable[Problem], root: Path) -> list[str]:
    """One annotation per problem, with the column's position read from each CSV file's header."""
    headers: dict[str, list[str]] = {}
    out = []
    for p in problems:
        if p.file not in headers:
            headers[p.file] = _header(root, p.file)
        header = headers[p.file]
        col = header.index(p.column) + 1 if p.column in header else None
        out.append(annotation(p, col, "warning" if p.level == "warning" else "error"))
    return out


def _header(root: Path, rel: str) -> list[str]:
    """The header of the CSV file ``root/rel``; empty when it is not a readable CSV file under the root."""
    if not rel.endswith(".csv") or rel.startswith("/") or ".." in rel.split("/"):
        return []
    try:
        data = read_file(root, rel)
    except RevisionError:
        return []
    if data is None:
        return []
    first = data[:65536].decode("utf-8", errors="replace").removeprefix("\ufeff").splitlines()
    try:
        return next(csv.reader(io.StringIO(first[0]))) if first else []
    except (csv.Error, StopIteration):
        return []
