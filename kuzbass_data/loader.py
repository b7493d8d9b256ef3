"""Load the published tables shipped inside the package.

Files are found beside the installed package (``paths.in_package``); table names are looked up in the
schema registry, never used as paths. Before a file is read, its SHA-256 is checked
against the shipped datapackage.json. pandas, pyarrow and frictionless are imported
only by the functions that need them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from .citation import Style, citation
from .extras import require
from .files import IntegrityError, parse_json, read_regular, verify
from .paths import DATA_DIR, DESCRIPTOR, in_package
from .schema import Table, get_table, table_names
from .schema.package import PACKAGE

if TYPE_CHECKING:
    import frictionless
    import pandas as pd
    import pyarrow as pa

__all__ = ["IntegrityError", "cite", "data_dir", "describe", "load", "package", "path", "read_descriptor", "records", "tables", "verified_bytes"]

Format = Literal["csv", "parquet"]
REINSTALL = "reinstall kuzbass-data, or run `kuzbass-data build` in a checkout"


def data_dir() -> Path:
    """The folder of the shipped data files and their descriptor."""
    return in_package(DATA_DIR)


@lru_cache(maxsize=1)
def read_descriptor() -> dict[str, Any]:
    """The shipped Frictionless descriptor, read once, as a dict; IntegrityError when unusable."""
    file = data_dir() / DESCRIPTOR
    try:
        value = parse_json(read_regular(file))
    except (OSError, ValueError) as err:
        raise IntegrityError(f"{file} cannot be read ({err}); {REINSTALL}") from None
    if not isinstance(value, dict) or not isinstance(value.get("resources"), list):
        raise IntegrityError(f"{file} lists no resources; {REINSTALL}")
    return value


def tables() -> list[str]:
    """Names of all published tables, in publication order."""
    return table_names()


def path(name: str, format: Format = "csv") -> Path:
    """Path of the shipped ``format`` file of table ``name``."""
    table = get_table(name)
    if format not in ("csv", "parquet"):
        raise ValueError(f"unknown format {format!r}; use 'csv' or 'parquet'")
    return data_dir() / f"{table.name}.{format}"


def _resource(name: str, format: Format) -> dict[str, Any]:
    resource_name = name if format == "csv" else f"{name}-parquet"
    for resource in read_descriptor()["resources"]:
        if isinstance(resource, dict) and resource.get("name") == resource_name:
            return resource
    raise IntegrityError(f"{DESCRIPTOR} has no resource {resource_name!r}; reinstall kuzbass-data")


def verified_bytes(name: str, format: Format = "csv") -> bytes:
    """The bytes of a shipped file, after checking them against datapackage.json."""
    file = path(name, format)
    try:
        data = read_regular(file)
    except FileNotFoundError:
        raise IntegrityError(f"{file} is missing; {REINSTALL}") from None
    except OSError as err:
        raise IntegrityError(f"{file} cannot be read ({err}); {REINSTALL}") from None
    verify(data, _resource(name, format), str(file), DESCRIPTOR)
    return data


def records(name: str) -> list[dict[str, str]]:
    """The rows of table ``name`` as dicts of text, read with the standard library (no pandas)."""
    import csv
    import io

    return list(csv.DictReader(io.StringIO(verified_bytes(name).decode("utf-8"))))


@overload
def load(name: str, format: Format = "csv", *, backend: Literal["pandas"] = "pandas") -> pd.DataFrame: ...


@overload
def load(name: str, format: Format = "csv", *, backend: Literal["pyarrow"]) -> pa.Table: ...


def load(name: str, format: Format = "csv", *, backend: Literal["pandas", "pyarrow"] = "pandas") -> pd.DataFrame | pa.Table:
    """Load table ``name`` from its shipped ``format`` file ("csv" or "parquet").

    With the pandas backend, the frame has nullable ``Int64``/``Float64`` numbers,
    ``category`` vocabularies and ``string`` text, whichever format it is read from;
    ``df.attrs`` holds the table's title, description, citation and licence. With
    ``backend="pyarrow"`` it is a ``pyarrow.Table``. The file's SHA-256 is checked
    first; ``IntegrityError`` is raised when it does not match.
    """
    import io

    table = get_table(name)
    if backend not in ("pandas", "pyarrow"):
        raise ValueError(f"unknown backend {backend!r}; use 'pandas' or 'pyarrow'")
    data = verified_bytes(name, format)
    if backend == "pyarrow":
        return _arrow(data, format, table)
    import pandas as pd

    from .schema.dtypes import apply_dtypes, pandas_dtypes

    if format == "csv":
        # Every dtype is declared, so pandas 2.2 and 3 read the same frame.
        frame = pd.read_csv(io.BytesIO(data), dtype=pandas_dtypes(table), keep_default_na=False, na_values=[""])
    else:
        frame = _arrow(data, format, table).to_pandas()
    frame = apply_dtypes(frame, table)
    frame.attrs.update(
        {
            "name": table.name,
            "title": table.title,
            "description": table.description,
            "citation": citation(records("sources"), "text"),
            "license": PACKAGE.data_licence.name,
            "version": PACKAGE.version,
        }
    )
    return frame


def _arrow(data: bytes, format: Format, table: Table) -> pa.Table:
    import pyarrow as pa

    from .schema.dtypes import arrow_schema

    schema = arrow_schema(table)
    if format == "csv":
        import pyarrow.csv as pacsv

        read = pacsv.read_csv(
            pa.BufferReader(data),
            convert_options=pacsv.ConvertOptions(column_types={f.name: f.type for f in schema}, strings_can_be_null=True),
        )
        return read.cast(schema)
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(data))


def describe(name: str) -> pd.DataFrame:
    """The column documentation of table ``name``: type, requirement, unit, vocabulary, description."""
    import pandas as pd

    table = get_table(name)
    rows = []
    for f in table.fields:
        rows.append(
            {
                "column": f.name,
                "type": f.type,
                "required": f.required,
                "unique": f.unique,
                "unit": f.unit,
                "allowed": ", ".join(f.vocabulary.allowed) if f.vocabulary else "",
                "description": f.description,
            }
        )
    frame = pd.DataFrame(rows).astype({"column": "string", "type": "string", "unit": "string", "allowed": "string", "description": "string"})
    frame.attrs.update({"name": table.name, "title": table.title, "description": table.description})
    return frame


def package() -> frictionless.Package:
    """The shipped data package as a ``frictionless.Package`` (paths resolve inside the package).

    Needs the [validate] extra (frictionless); MissingExtraError names it otherwise.
    """
    require("frictionless")
    import frictionless

    folder = data_dir()
    return frictionless.Package(str(folder / DESCRIPTOR), basepath=str(folder))


def cite(style: Style = "both") -> str:
    """How to cite the package and its sources: "text", "bibtex" or "both"; includes each source's DOI."""
    return citation(records("sources"), style)
