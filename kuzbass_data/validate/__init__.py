"""The contributor's gate: check raw/ and the published files, and report every problem.

``validate`` runs one check step after another, each a function returning problems:

1. read raw/ (``intake``): files, CSV hygiene, and each table's pandera schema;
2. rules across the columns of a row (``rows``);
3. rules across rows and tables (``keys``);
4. with a source text, the excerpts against it (``provenance``);
5. the published files: descriptors and integrity (``published``), then staleness
   (``build.check``), only when everything before passed.

Each checked table offers ``records()``: its rows as (physical line, raw cells by
column), the shape that further checks consume.
"""

from __future__ import annotations

from pathlib import Path

from ..extras import require
from ..intake import CheckedTable, read_raw
from ..problems import Problem, Report

__all__ = ["CheckedTable", "Problem", "Report", "check_raw", "validate"]


def check_raw(root: Path) -> tuple[dict[str, CheckedTable], list[Problem]]:
    """Check every hand-edited table under ``root/raw``: files, cells, rows and keys."""
    from .keys import check_keys
    from .rows import check_observation_rows

    checked, problems = read_raw(root)
    problems += check_observation_rows(checked)
    problems += check_keys(checked)
    return checked, problems


def validate(root: Path, source_text: Path | None = None, *, published: bool = True) -> Report:
    """Run every check on ``root``; with ``source_text``, also check the excerpts against it."""
    require("pandera")
    checked, problems = check_raw(root)
    if source_text is not None:
        from .provenance import check_excerpts, read_source_text

        problems += check_excerpts(checked, read_source_text(source_text), source_text.name)
    if published:
        from ..build import check
        from .published import check_published

        problems += check_published(root)
        if not problems:
            problems += check(root, checked)
    return Report(problems, tables_checked=len(checked), rows_checked=sum(t.n for t in checked.values()))
