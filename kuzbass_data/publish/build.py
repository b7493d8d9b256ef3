"""Build the published files from raw/: load inputs, process, save outputs.

Inputs are the hand-edited CSV files in ``raw/``, read and typed by ``intake`` (CSV
hygiene, then each table's pandera schema); the build refuses what cannot be typed and
leaves every other check to ``kuzbass-data validate``, which calls ``check`` here and
is never imported by it. The build stacks the ``observations`` table, and renders each table as canonical CSV and
Parquet under ``kuzbass_data/data/``, then the Frictionless descriptor, once at
the repository root and once inside the package for the installed loader.

The output is deterministic. Parquet bytes depend on the Arrow version that writes
them, so a published Parquet file whose content already equals the new table is
kept as it is: a rebuild never rewrites it, and ``--check`` compares Parquet by content.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..extras import require
from ..files import atomic_write, entry_kind, read_regular, sha256
from ..gate.intake import CheckedTable, read_raw, schema_gate
from ..gate.problems import Problem
from ..gate.registry import updated_registry
from ..gate.revision import about_version
from ..paths import DATA_DIR, DESCRIPTOR, FORMATS, REGISTRY_FILE, data_file
from ..schema import ALL_TABLES, DATA_TABLES, Table, get_table
from ..schema.dtypes import apply_dtypes, arrow_schema
from ..schema.package import PACKAGE
from ..schema.table_schema import table_schema
from ..sentence import period_words
from ..urls import project_urls

if TYPE_CHECKING:
    import pyarrow as pa

REBUILD = "run `kuzbass-data build` (a maintainer's step after merging: contributions need not carry built files)"


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


# -- load inputs ---------------------------------------------------------------------------


def load_inputs(root: Path) -> dict[str, CheckedTable]:
    """The raw tables, parsed and typed; BuildError when any cannot be (run `validate` for every check)."""
    require("pandera")
    checked, problems = read_raw(root)
    if problems:
        raise BuildError(problems)
    return checked


# -- process -------------------------------------------------------------------------------


def typed_frame(t: CheckedTable) -> pd.DataFrame:
    """The checked table with the table's pandas dtypes, every column in order."""
    return apply_dtypes(t.typed, t.table)


def observations_frame(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every number of every data table in one long table, with a label and a period in words."""
    target = get_table("observations")
    parts = []
    for table in DATA_TABLES:
        frame = frames[table.name]
        # Only the columns a label or period reads, as plain Python values (None where missing).
        label_columns = ("measure", *table.dimensions, "year", "base_year", "period_start", "period_end", "period_precision", "season", "period_relation", "status", "partial_scope")
        used = [c for c in label_columns if c in frame.columns]
        values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in dict.fromkeys(used)]
        records: list[dict[str, Any]] = [dict(zip(dict.fromkeys(used), row, strict=True)) for row in zip(*values, strict=True)]
        part = pd.DataFrame(
            {
                "table": table.name,
                "id": frame["id"].astype(object),
                "label": [_label(table, r) for r in records],
                "period": [period_words(r) for r in records],
                **{c: frame[c] for c in ("value", "value_low", "value_high", "unit", "qualifier", "status", "source_id", "footnote", "excerpt", "partial_scope", "note", "footnote_basis")},
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
    # The source's words that limit the number to part of its place or group ("At several ... mines"), quoted.
    if row.get("partial_scope"):
        details.append(f"only “{row['partial_scope']}”")
    # The period and a status other than outcome make every label unique: a plan and the outcome
    # of the same year, or two years of one series, must not read alike.
    period, status = period_words(row), row.get("status")
    suffix = (f", {period}" if period else "") + (f" [{status}]" if status not in (None, "outcome") else "")
    return f"{table.title}: {measure}" + (f" ({', '.join(details)})" if details else "") + suffix


def render_csv(frame: pd.DataFrame, table: Table) -> bytes:
    """Canonical CSV: schema column order, UTF-8, LF line ends, numbers in shortest exact form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.field_names)
    # Each column is turned into text at once; the csv module then writes whole rows.
    columns = [_column_text(frame[f.name], f.type) for f in table.fields]
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue().encode("utf-8")


def _column_text(values: pd.Series, kind: str) -> list[str]:
    """The cells of one column as the published CSV writes them; empty where missing."""
    import numpy as np

    if kind != "number":
        text: list[str] = values.astype("string").fillna("").tolist()
        return text
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    present = ~np.isnan(numbers)
    whole = present & (np.floor(numbers) == numbers) & (np.abs(numbers) < 1e15)
    cells = np.full(len(numbers), "", dtype=object)
    cells[whole] = numbers[whole].astype(np.int64).astype(str)
    fractional = present & ~whole
    cells[fractional] = [repr(float(x)) for x in numbers[fractional]]  # shortest exact form
    result: list[str] = cells.tolist()
    return result


def arrow_table(frame: pd.DataFrame, table: Table) -> pa.Table:
    """The table as its Parquet file stores it (vocabularies as plain strings)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    plain = frame.astype({f.name: "string" for f in table.fields if f.is_categorical})
    return pa.Table.from_pandas(plain, schema=schema, preserve_index=False).replace_schema_metadata(schema.metadata)


def render_parquet(table: pa.Table) -> bytes:
    """Parquet bytes of ``table``, written with fixed options."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", version="2.6", write_statistics=True)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def _published_parquet(path: Path, new: pa.Table) -> bytes:
    """The published file's bytes if it already holds ``new``, else freshly written bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if entry_kind(path) == "file":
        try:
            current = read_regular(path)
            if pq.read_table(pa.BufferReader(current)).equals(new, check_metadata=True):
                return current
        except Exception:  # an unreadable file is simply rewritten
            pass
    return render_parquet(new)


def make_descriptor(files: dict[str, bytes], sources: pd.DataFrame, prefix: str, homepage: str = "", version: str = PACKAGE.version) -> dict[str, Any]:
    """The Frictionless data package descriptor of ``version``; resource paths start with ``prefix``."""
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
        "version": version,
        "keywords": list(PACKAGE.keywords),
        # [project.urls] of the checkout; left out while the owners have not set it (never a made-up URL).
        **({"homepage": homepage} if homepage else {}),
        "licenses": [PACKAGE.data_licence.descriptor()],
        "contributors": [{"title": a, "role": "author"} for a in PACKAGE.authors],
        "sources": [{"title": str(s.citation), "path": str(s.url)} for s in sources.itertuples()],
        "resources": resources,
    }


def render_json(value: dict[str, Any]) -> bytes:
    """Stable JSON bytes: two-space indent, UTF-8, trailing newline."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_outputs(root: Path, checked: dict[str, CheckedTable] | None = None) -> BuildResult:
    """Everything raw/ under ``root`` builds, in memory; BuildError when raw/ cannot be typed.

    ``checked`` are the raw tables already read (the validator passes them); by default
    they are read here. The built observations table passes its pandera schema too.
    """
    checked = load_inputs(root) if checked is None else checked
    result = BuildResult()
    for name, t in checked.items():
        result.frames[name] = typed_frame(t)
    observations = get_table("observations")
    result.frames[observations.name] = frame = observations_frame(result.frames)
    problems, _ = schema_gate(frame, observations, data_file(observations.name, "csv"), _line_numbers(len(frame)))
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
    urls = project_urls(root)
    homepage = urls.site or urls.repository
    # The version of the tree being built (its __about__.py), which a release has just written.
    version = about_version(root, PACKAGE.version)
    result.files[DESCRIPTOR] = render_json(make_descriptor(result.files, sources, f"{DATA_DIR}/", homepage, version))
    result.files[f"{DATA_DIR}/{DESCRIPTOR}"] = render_json(make_descriptor(result.files, sources, "", homepage, version))
    return result


def _line_numbers(n: int) -> Any:
    import numpy as np

    return np.arange(2, n + 2, dtype=np.int64)  # one line per row after the header


# -- save outputs and check them -----------------------------------------------------------


def _current(root: Path, rel: str) -> bytes | None:
    """The bytes of a published file, or None when it is missing or not a regular file."""
    try:
        return read_regular(root / rel)
    except OSError:
        return None


def differing_files(root: Path, result: BuildResult) -> list[str]:
    """Published files under ``root`` whose bytes differ from what raw/ builds (or are missing)."""
    return [rel for rel, content in result.files.items() if _current(root, rel) != content]


def stale_files(root: Path, result: BuildResult) -> list[Problem]:
    """One problem naming every built file under ``root`` that differs from what raw/ builds, and where:
    one cause (raw/ changed since the last build), one command to fix it."""
    where = []
    for rel in differing_files(root, result):
        current = _current(root, rel)
        if current is None:
            where.append(f"{rel} (missing or not a regular file)")
        elif rel.endswith(".parquet"):
            where.append(f"{rel} ({_first_parquet_difference(current, result.arrow[PurePosixPath(rel).stem])})")
        else:
            where.append(f"{rel} (from line {_first_differing_line(current, result.files[rel])})")
    if not where:
        return []
    shown = "; ".join(where[:12]) + (f"; and {len(where) - 12} more" if len(where) > 12 else "")
    return [Problem(DATA_DIR, None, None, f"{len(where)} built file{'s' if len(where) != 1 else ''} differ from what raw/ builds: {shown}", REBUILD, code="stale-file")]


def check(root: Path, checked: dict[str, CheckedTable] | None = None) -> list[Problem]:
    """``build --check``: the problems that stop the build, the built files' integrity (descriptors,
    hashes), or else the one staleness problem."""
    from ..gate.published import check_published

    try:
        result = build_outputs(root, checked)
    except BuildError as err:
        return err.problems
    return check_published(root) or stale_files(root, result)


def _first_differing_line(current: bytes, expected: bytes) -> int:
    a, b = current.split(b"\n"), expected.split(b"\n")
    for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return number
    return min(len(a), len(b)) + 1


def _first_parquet_difference(data: bytes, expected: pa.Table) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        current = pq.read_table(pa.BufferReader(data))
    except Exception as err:  # an unreadable file is reported, not raised
        return f"it cannot be read as Parquet ({str(err).splitlines()[0][:200]})"
    if current.schema != expected.schema:
        return "its columns or types differ from what raw/ builds"
    if current.num_rows != expected.num_rows:
        return f"it has {current.num_rows} rows, raw/ builds {expected.num_rows}"
    for i, (x, y) in enumerate(zip(current.to_pylist(), expected.to_pylist(), strict=True), start=1):
        if x != y:
            return f"row {i} (id {y.get('id')!r}) differs from what raw/ builds"
    return "its metadata differs from what raw/ builds"


def write_outputs(root: Path, result: BuildResult) -> list[str]:
    """Write every differing file atomically; return the paths written."""
    written = differing_files(root, result)
    for rel in written:
        atomic_write(root / rel, result.files[rel])
    return written
