"""The contributor's gate: check raw/ and the published files, and report every problem.

``check_raw`` runs every check on the hand-edited CSV files; ``validate`` adds the
source-text check, the staleness and integrity of the published files and the
Frictionless validation of datapackage.json.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..schema import ALL_TABLES
from ..schema.tables import DEFAULT_SOURCE
from .frictionless_check import start_frictionless
from .problems import Problem, Report

if TYPE_CHECKING:
    from .cells import CheckedTable
    from .semantics import SemanticResult
    from .provenance import SuppliedText

__all__ = ["Problem", "Report", "check_raw", "raw_path", "validate"]

RAW_DIR = "raw"


def raw_path(root: Path, name: str) -> Path:
    """Where the hand-edited CSV file of table ``name`` lives under ``root``."""
    return root / RAW_DIR / f"{name}.csv"


def check_raw(root: Path) -> tuple[dict[str, CheckedTable], list[Problem]]:
    """Check every hand-edited table under ``root/raw``: hygiene, cells, rows and keys."""
    # Imported here: pandas and Arrow load only when checks run, after Frictionless has started.
    from .cells import check_cells
    from .csvfile import read_raw_csv
    from .keys import check_keys
    from .rows import check_observation_rows

    checked: dict[str, CheckedTable] = {}
    problems: list[Problem] = []
    for table in ALL_TABLES:
        if not table.is_hand_edited:
            continue
        raw, found = read_raw_csv(raw_path(root, table.name), table, f"{RAW_DIR}/{table.name}.csv")
        problems += found
        if raw is None:
            continue
        t, found = check_cells(raw)
        problems += found
        if table.kind == "observations":
            problems += check_observation_rows(t)
        checked[table.name] = t
    problems += check_keys(checked)
    problems += _unknown_files(root)
    return checked, problems


def _unknown_files(root: Path) -> list[Problem]:
    known = {f"{t.name}.csv" for t in ALL_TABLES if t.is_hand_edited}
    folder = root / RAW_DIR
    if not folder.is_dir():
        return [Problem(RAW_DIR, None, None, "folder is missing", "run the command from the repository root, or pass the root as an argument")]
    return [
        Problem(f"{RAW_DIR}/{p.name}", None, None, "file is not a table of this package", f"tables are: {', '.join(sorted(known))}; a new table needs its schema in kuzbass_data/schema/tables.py")
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() == ".csv" and p.name not in known
    ]


def validate(root: Path, source_text: Path | Sequence[SuppliedText] | None = None, *, published: bool = True) -> Report:
    """Run every check on ``root``, and every excerpt against its source: by the supplied texts
    (``source_text``: one text matched by fingerprint, or several), the open texts in sources/,
    or the proofs in proofs/."""
    # Frictionless takes longest: start it first, in its own process, so it runs beside the rest.
    frictionless_run = start_frictionless(root) if published else None
    try:
        from .provenance import SuppliedText, check_sources
        from .published import check_published

        checked, problems = check_raw(root)
        if published:
            problems += check_published(root, checked if not problems else None, frictionless_run)
        # Excerpts against their sources: after the published check, which a wrong excerpt does not affect.
        if isinstance(source_text, Path):
            source_text = [SuppliedText(None, source_text.name, source_text.read_text(encoding="utf-8"))]
        rows = {name: _rows(t) for name, t in checked.items()}
        found, coverage = check_sources({n: r for n, r in rows.items() if n != "sources"}, rows.get("sources", []), source_text or [], root)
        problems += found
        # What each number means against its excerpt; the footnote convention where a trusted text is at hand.
        semantic = _semantics(root, rows, coverage.texts)
        problems += semantic.problems
    finally:
        if frictionless_run is not None and frictionless_run.returncode is None:
            frictionless_run.kill()  # only when a check above failed: do not leave it running
            frictionless_run.communicate()
    report = Report(problems, tables_checked=len(checked), rows_checked=sum(t.n for t in checked.values()), coverage=coverage.lines())
    report.notes += [str(a) for a in semantic.applied]
    return report


def _semantics(root: Path, rows: dict[str, list[tuple[int, dict[str, str]]]], texts: dict[str, str]) -> SemanticResult:
    """The semantic, identity and conflict checks, with the reviewed exceptions of audit/exceptions.csv."""
    from .exceptions import read_exceptions
    from .semantics import check_semantics

    entries, problems = read_exceptions(root)
    result = check_semantics(rows, texts or None, entries)
    result.problems += problems
    return result


def _rows(t: CheckedTable) -> list[tuple[int, dict[str, str]]]:
    """A checked table's rows as (physical line, raw cells by column), for checks that work on raw cells."""
    columns = {name: values.to_pylist() for name, values in t.raw.columns.items()}
    return [(int(line), {name: values[i] or "" for name, values in columns.items()}) for i, line in enumerate(t.raw.lines.tolist())]
