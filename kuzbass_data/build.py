"""Build the published files from raw/: load inputs, process, save outputs.

Inputs are the hand-edited CSV files in ``raw/``. The build checks them (every
check of ``kuzbass-data validate``, then the pandera schema of each typed table),
builds the ``observations`` table, and renders each table as canonical CSV and
Parquet under ``kuzbass_data/data/``, then the Frictionless descriptor, once at
the repository root and once inside the package for the installed loader.

The output is deterministic. Parquet bytes depend on the Arrow version that writes
them, so a published Parquet file whose content already equals the new table is
kept as it is: a rebuild never rewrites it, and ``--check`` compares Parquet by content.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .registry import REGISTRY_FILE, updated_registry
from .schema import ALL_TABLES, DATA_TABLES, Table, get_table
from .schema.frictionless import table_schema
from .schema.package import PACKAGE
from .schema.types import apply_dtypes, arrow_schema
from .validate import Problem, check_raw
from .validate.cells import CheckedTable

if TYPE_CHECKING:
    import pyarrow as pa

DATA_DIR = "kuzbass_data/data"
DESCRIPTOR = "datapackage.json"
FORMATS = ("csv", "parquet")


class BuildError(Exception):
    """raw/ has problems, so nothing can be built; ``problems`` lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems in raw/")
        self.problems = problems


@dataclass
class BuildResult:
    """What raw/ builds: every published file's bytes, and the tables behind them."""

    # Path relative to the root (forward slashes) to the file's exact bytes.
    files: dict[str, bytes] = field(default_factory=dict)
    # Each table as ``kd.load`` returns it.
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    # Each table as its Parquet file holds it.
    arrow: dict[str, pa.Table] = field(default_factory=dict)


def data_file(name: str, fmt: str) -> str:
    """Path of a published data file relative to the repository root."""
    return f"{DATA_DIR}/{name}.{fmt}"


# -- load inputs ---------------------------------------------------------------------------


def load_inputs(root: Path) -> dict[str, CheckedTable]:
    """The checked raw tables; BuildError when any check fails."""
    checked, problems = check_raw(root)
    if problems:
        raise BuildError(problems)
    return checked


# -- process -------------------------------------------------------------------------------


def typed_frame(t: CheckedTable) -> pd.DataFrame:
    """The checked text cells of a raw table converted to the table's pandas dtypes."""
    table = t.raw.table
    columns = {}
    for fld in table.fields:
        if fld.type == "string":
            text = t.text(fld.name)
            columns[fld.name] = text.where(text != "", None)
        else:
            columns[fld.name] = pd.Series(t.numbers[fld.name])
    return apply_dtypes(pd.DataFrame(columns), table)


def observations_frame(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every number of every data table in one long table, with a label and a period in words."""
    target = get_table("observations")
    parts = []
    for table in DATA_TABLES:
        frame = frames[table.name]
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        part = pd.DataFrame(
            {
                "table": table.name,
                "id": frame["id"].astype(object),
                "label": [_label(table, r) for r in records],
                "period": [_period(r) for r in records],
                **{c: frame[c] for c in ("value", "value_low", "value_high", "unit", "qualifier", "status", "source_id", "footnote", "excerpt", "note")},
            }
        )
        parts.append(part.astype({c: object for c in ("unit", "qualifier", "status")}))
    stacked = pd.concat(parts, ignore_index=True)
    stacked["period"] = stacked["period"].where(stacked["period"] != "", None)
    return apply_dtypes(stacked, target)


# How a dimension reads in a label; the others show their value alone.
LABEL_PREFIX = {"origin": "from ", "destination": "to ", "nationality": "nationality "}


def _label(table: Table, row: dict[str, Any]) -> str:
    measure = str(row["measure"]).replace("_", " ")
    details = [
        LABEL_PREFIX.get(d, "") + str(row[d]).replace("_", " ").replace("; ", " and ")
        for d in table.dimensions[1:]
        if row.get(d) is not None and d not in ("year", "base_year") and row[d] != "not_specified"
    ]
    # The period and a status other than outcome make every label unique: a plan and the outcome
    # of the same year, or two years of one series, must not read alike.
    period, status = _period(row), row.get("status")
    suffix = (f", {period}" if period else "") + (f" [{status}]" if status not in (None, "outcome") else "")
    return f"{table.title}: {measure}" + (f" ({', '.join(details)})" if details else "") + suffix


def _period(row: dict[str, Any]) -> str:
    if "year" in row:
        year, base = row["year"], row.get("base_year")
        return f"{base} to {year}" if base is not None else str(year)
    start, end = row.get("period_start"), row.get("period_end")
    precision, season = row.get("period_precision"), row.get("season")
    if start is None and end is None:
        return ""
    # An open bound quotes the source's word: "after 1938" excludes 1938, "by 1937" says nothing of when it began.
    relation = row.get("period_relation")
    if relation == "after" and start is not None:
        return f"after {start}"
    if relation in ("before", "by") and end is not None:
        return f"{relation} {end}"
    if precision == "season" and season:
        return f"{season} {start}" if start == end or end is None else f"{season} {start} to {end}"
    if precision == "decade" and start and end and int(end) == int(start) + 9:
        return f"{start}s"
    if start == end:
        return str(start)
    if end is None:
        return f"from {start}"
    if start is None:
        return f"until {end}"
    return f"{start} to {end}"


def schema_gate(frame: pd.DataFrame, table: Table, file: str, lines: Any = None) -> list[Problem]:
    """Problems the table's pandera schema finds in a typed frame (none when raw/ passed its checks)."""
    from pandera.errors import SchemaError, SchemaErrors

    from .schema.pandera import pandera_schema

    try:
        pandera_schema(table).validate(frame, lazy=True)
    except SchemaErrors as err:
        cases = err.failure_cases
        problems = []
        for case in cases.itertuples(index=False):
            index = getattr(case, "index", None)
            line = None if index is None or index != index else (int(lines[int(index)]) if lines is not None else int(index) + 2)
            problems.append(Problem(file, line, case.column, f"fails the schema check {case.check} with {case.failure_case!r}", "correct the value"))
        return problems
    except SchemaError as err:
        return [Problem(file, None, None, f"fails its schema: {err}", "correct the table")]
    return []


def render_csv(frame: pd.DataFrame, table: Table) -> bytes:
    """Canonical CSV: schema column order, UTF-8, LF line ends, numbers in shortest exact form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.field_names)
    kinds = [f.type for f in table.fields]
    for row in frame[table.field_names].itertuples(index=False, name=None):
        writer.writerow([_cell(value, kind) for value, kind in zip(row, kinds)])
    return out.getvalue().encode("utf-8")


def _cell(value: Any, kind: str) -> str:
    if value is None or pd.isna(value):
        return ""
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return str(value)


def arrow_table(frame: pd.DataFrame, table: Table) -> pa.Table:
    """The table as its Parquet file stores it (vocabularies as plain strings)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    arrays = []
    for fld in schema:
        column = frame[fld.name]
        values = [None if pd.isna(v) else v for v in column.astype(object).tolist()]
        arrays.append(pa.array(values, type=fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def render_parquet(table: pa.Table) -> bytes:
    """Parquet bytes of ``table``, written with fixed options."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", version="2.6", write_statistics=True)
    return sink.getvalue().to_pybytes()


def _published_parquet(path: Path, new: pa.Table) -> bytes:
    """The published file's bytes if it already holds ``new``, else freshly written bytes."""
    import pyarrow.parquet as pq

    if path.is_file():
        try:
            if pq.read_table(path).equals(new, check_metadata=True):
                return path.read_bytes()
        except Exception:  # an unreadable file is simply rewritten
            pass
    return render_parquet(new)


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def descriptor(files: dict[str, bytes], sources: pd.DataFrame, prefix: str) -> dict[str, Any]:
    """The Frictionless data package descriptor; resource paths start with ``prefix``."""
    resources = []
    for table in ALL_TABLES:
        for fmt in FORMATS:
            content = files[data_file(table.name, fmt)]
            resource: dict[str, Any] = {
                "name": table.name if fmt == "csv" else f"{table.name}-parquet",
                "path": f"{prefix}{table.name}.{fmt}",
                "format": fmt,
                "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
                "title": table.title if fmt == "csv" else f"{table.title} (Parquet)",
                "description": table.description,
                "licenses": [PACKAGE.data_licence.descriptor()],
                "hash": f"sha256:{sha256(content)}",
            }
            if fmt == "csv":
                resource["encoding"] = "utf-8"
                resource["bytes"] = len(content)
            resource["schema"] = table_schema(table)
            resources.append(resource)
    return {
        "name": PACKAGE.name,
        "title": PACKAGE.title,
        "description": PACKAGE.description + " " + PACKAGE.excerpt_notice,
        "version": PACKAGE.version,
        "keywords": list(PACKAGE.keywords),
        "licenses": [PACKAGE.data_licence.descriptor()],
        "contributors": [{"title": a, "role": "author"} for a in PACKAGE.authors],
        "sources": [{"title": str(s.citation), "path": str(s.url)} for s in sources.itertuples()],
        "resources": resources,
    }


def render_json(value: dict[str, Any]) -> bytes:
    """Stable JSON bytes: two-space indent, UTF-8, trailing newline."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_outputs(root: Path, checked: dict[str, CheckedTable] | None = None, *, gate: bool = True) -> BuildResult:
    """Everything raw/ under ``root`` builds, in memory; BuildError when raw/ has problems.

    With ``gate`` (the default), every typed table must also pass its pandera schema
    before anything is rendered. ``validate`` turns it off: it has just run the same
    constraints, derived from the same definitions, on raw/.
    """
    checked = load_inputs(root) if checked is None else checked
    result = BuildResult()
    problems: list[Problem] = []
    for name, t in checked.items():
        result.frames[name] = typed_frame(t)
        if gate:
            problems += schema_gate(result.frames[name], t.raw.table, t.raw.file, t.raw.lines)
    result.frames["observations"] = observations_frame(result.frames)
    if gate:
        problems += schema_gate(result.frames["observations"], get_table("observations"), data_file("observations", "csv"))
    # The id registry only grows: the ids it lists plus every id in raw/ (see registry.py).
    registry, found = updated_registry(root, {name: [i for i in t.arrow["id"].to_pylist() if i] for name, t in checked.items() if "id" in t.arrow})
    problems += found
    if problems:
        raise BuildError(problems)
    if registry is not None:
        result.files[REGISTRY_FILE] = registry
    for table in ALL_TABLES:
        frame = result.frames[table.name]
        result.files[data_file(table.name, "csv")] = render_csv(frame, table)
        result.arrow[table.name] = arrow_table(frame, table)
        result.files[data_file(table.name, "parquet")] = _published_parquet(root / data_file(table.name, "parquet"), result.arrow[table.name])
    sources = result.frames["sources"]
    result.files[DESCRIPTOR] = render_json(descriptor(result.files, sources, f"{DATA_DIR}/"))
    result.files[f"{DATA_DIR}/{DESCRIPTOR}"] = render_json(descriptor(result.files, sources, ""))
    return result


# -- save outputs --------------------------------------------------------------------------


def differing_files(root: Path, result: BuildResult) -> list[str]:
    """Published files under ``root`` whose bytes differ from what raw/ builds (or are missing)."""
    return [rel for rel, content in result.files.items() if not (root / rel).is_file() or (root / rel).read_bytes() != content]


def write_outputs(root: Path, result: BuildResult) -> list[str]:
    """Write every differing file atomically; return the paths written."""
    written = []
    for rel in differing_files(root, result):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(result.files[rel])
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(rel)
    return written
