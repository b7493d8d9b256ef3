"""Export the published tables for other tools: CSV or Parquet folders, SQLite, Excel, a zip package.

Every export reads the shipped, hash-checked files, so it carries exactly what
``kd.load`` returns.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from .errors import UsageError
from .extras import require
from .files import atomic_path
from .loader import load, read_descriptor, verified_bytes
from .paths import DESCRIPTOR
from .schema import ALL_TABLES, Field, Table, get_table
from .schema.package import PACKAGE

ExportFormat = Literal["csv", "parquet", "sqlite", "xlsx", "zip"]
FOLDER_FORMATS = ("csv", "parquet")
FILE_FORMATS = ("sqlite", "xlsx", "zip")
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL"}
# Fixed zip timestamps keep the archive byte-identical from one export to the next.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Datasette reads this file beside the database: `datasette kuzbass.sqlite --metadata metadata.json`.
DATASETTE_METADATA = "metadata.json"


def export(format: ExportFormat, out: Path, tables: Sequence[str] | None = None, *, force: bool = False) -> list[str]:
    """Write the tables in ``format`` to ``out``; return what was written.

    csv and parquet write one file per table, plus a datapackage.json describing
    them, into the folder ``out``; a table's referenced tables (``sources``) come along,
    so the folder is a valid Frictionless package on its own. sqlite, xlsx and zip write
    the single file ``out`` (sqlite also a Datasette ``metadata.json`` beside it).
    Nothing existing is overwritten unless ``force``: an existing file or a non-empty
    folder raises ``UsageError``, as does a target of the wrong kind or a missing extra.
    """
    if format not in (*FOLDER_FORMATS, *FILE_FORMATS):
        raise UsageError(f"unknown export format {format!r}; use one of {', '.join((*FOLDER_FORMATS, *FILE_FORMATS))}")
    if tables and format not in FOLDER_FORMATS:
        raise UsageError(f"--table applies to csv and parquet exports; a {format} export holds every table (drop --table)")
    selected = [get_table(name) for name in tables] if tables else list(ALL_TABLES)
    if format == "csv" or format == "parquet":
        _check_folder(out, format, force)
        return _files(format, out, selected)
    targets = [out, out.parent / DATASETTE_METADATA] if format == "sqlite" else [out]
    for target in targets:
        _check_file(target, format, force)
    if format == "xlsx":
        require("openpyxl")
    {"sqlite": export_sqlite, "xlsx": export_xlsx, "zip": export_zip}[format](out)
    return [str(t) for t in targets]


def _check_file(target: Path, fmt: str, force: bool) -> None:
    """Refuse a folder where a file goes, and an existing file unless ``force``."""
    if target.is_dir():
        raise UsageError(f"{target} is a folder; a {fmt} export writes one file: name a file, e.g. {target / ('kuzbass.' + fmt)}")
    blocked_by_file(target)
    if (target.exists() or target.is_symlink()) and not force:
        raise UsageError(f"{target} exists; pass --force to replace it")


def blocked_by_file(target: Path) -> None:
    """Refuse a path whose nearest existing parent is a file: its folders could not be made."""
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"{parent} is a file, not a folder: choose another --out")
            return


def _check_folder(out: Path, fmt: str, force: bool) -> None:
    """Refuse a file where a folder goes, and a non-empty folder unless ``force``."""
    if (out.exists() or out.is_symlink()) and not out.is_dir():
        raise UsageError(f"{out} is a file; a {fmt} export writes a folder: name a new or empty folder")
    blocked_by_file(out)
    if out.is_dir() and any(out.iterdir()) and not force:
        raise UsageError(f"{out} is not empty; pass --force to write into it (files of the same name are replaced, others kept)")


def with_references(tables: Sequence[Table]) -> list[Table]:
    """``tables`` and every table their foreign keys point to, in publication order."""
    names = {t.name for t in tables} | {fk.table for t in tables for fk in t.foreign_keys}
    return [t for t in ALL_TABLES if t.name in names]


def _files(fmt: Literal["csv", "parquet"], out: Path, tables: list[Table]) -> list[str]:
    tables = with_references(tables)
    written = []
    for table in tables:
        target = out / f"{table.name}.{fmt}"
        with atomic_path(target) as tmp:
            tmp.write_bytes(verified_bytes(table.name, fmt))
        written.append(str(target))
    suffix = "" if fmt == "csv" else "-parquet"
    names = {t.name + suffix for t in tables}
    package = dict(read_descriptor())
    package["resources"] = [_retarget(r, suffix) for r in package["resources"] if r["name"] in names]
    with atomic_path(out / DESCRIPTOR) as tmp:
        tmp.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(str(out / DESCRIPTOR))
    return written


def _retarget(resource: dict[str, Any], suffix: str) -> dict[str, Any]:
    """The resource with its foreign keys pointing at the resources of the same format (``sources-parquet``)."""
    resource = copy.deepcopy(resource)
    for key in resource.get("schema", {}).get("foreignKeys", []):
        if key["reference"].get("resource"):
            key["reference"]["resource"] += suffix
    return resource


def create_table_sql(table: Table) -> str:
    """CREATE TABLE statement with types, NOT NULL, primary and foreign keys."""
    columns = [f'"{f.name}" {SQL_TYPES[f.type]}{" NOT NULL" if f.required else ""}' for f in table.fields]
    columns.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in table.primary_key) + ")")
    for fk in table.foreign_keys:
        columns.append(f'FOREIGN KEY ("{fk.field}") REFERENCES "{fk.table}" ("{fk.reference}")')
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(columns) + "\n)"


def _column_description(f: Field) -> str:
    """A column's description with its unit and allowed terms, as Datasette and column_descriptions show it."""
    parts = [f.description]
    if f.unit:
        parts.append(f"Unit: {f.unit}.")
    if f.vocabulary is not None:
        parts.append(f"Allowed{' (several joined by ; )' if f.multiple else ''}: {', '.join(f.vocabulary.allowed)}.")
    return " ".join(parts)


def export_sqlite(out: Path) -> None:
    """One SQLite database (every table with its keys, plus table and column descriptions) and its Datasette metadata.json."""
    import pandas as pd

    with atomic_path(out) as tmp:
        with sqlite3.connect(tmp) as db:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute('CREATE TABLE "table_descriptions" ("table_name" TEXT PRIMARY KEY, "title" TEXT NOT NULL, "description" TEXT NOT NULL)')
            db.execute(
                'CREATE TABLE "column_descriptions" ("table_name" TEXT NOT NULL REFERENCES "table_descriptions" ("table_name"), '
                '"column_name" TEXT NOT NULL, "type" TEXT NOT NULL, "required" INTEGER NOT NULL, "allowed_values" TEXT, '
                '"description" TEXT NOT NULL, PRIMARY KEY ("table_name", "column_name"))'
            )
            tables = pd.DataFrame({"table_name": [t.name for t in ALL_TABLES], "title": [t.title for t in ALL_TABLES], "description": [t.description for t in ALL_TABLES]})
            tables.to_sql("table_descriptions", db, if_exists="append", index=False)
            columns = pd.DataFrame(
                [(t.name, f.name, f.type, int(f.required), ", ".join(f.vocabulary.allowed) if f.vocabulary else None, f.description) for t in ALL_TABLES for f in t.fields],
                columns=["table_name", "column_name", "type", "required", "allowed_values", "description"],
            )
            columns.to_sql("column_descriptions", db, if_exists="append", index=False)
            for table in ALL_TABLES:
                # Our CREATE TABLE carries the keys and NOT NULLs that to_sql would not write; to_sql fills it.
                db.execute(create_table_sql(table))
                load(table.name).to_sql(table.name, db, if_exists="append", index=False)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed in the SQLite export: {problems[:3]}")
        db.close()
    with atomic_path(out.parent / DATASETTE_METADATA) as tmp:
        tmp.write_text(json.dumps(datasette_metadata(out.stem), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for the SQLite export named ``database`` (its file name without .sqlite).

    Licence and source apply to every page; each table gets its title, description and
    column descriptions (with the fixed unit of a column, and the allowed terms). A
    number's unit varies from row to row, so it is in the ``unit`` column, not in
    Datasette's per-column ``units`` (which needs one Pint unit per column).
    """
    from .loader import records

    sources = records("sources")
    first = sources[0] if sources else {}
    return {
        "title": PACKAGE.title,
        "description": f"{PACKAGE.description} {PACKAGE.excerpt_notice}",
        "license": PACKAGE.data_licence.name,
        "license_url": PACKAGE.data_licence.path,
        "source": "; ".join(s["citation"] for s in sources),
        "source_url": f"https://doi.org/{first['doi']}" if first.get("doi") else first.get("url", ""),
        "databases": {database: {"tables": {t.name: {"title": t.title, "description": t.description, "columns": {f.name: _column_description(f) for f in t.fields}} for t in ALL_TABLES}}},
    }


def export_xlsx(out: Path) -> None:
    """One Excel workbook: a README sheet, a sheet per table, then every column and every term explained (needs [xlsx])."""
    require("openpyxl")
    import pandas as pd

    from .docs import vocabularies
    from .loader import cite

    readme = [PACKAGE.title, f"Version {PACKAGE.version}", "", PACKAGE.description, "", PACKAGE.excerpt_notice, "", "How to cite:", *cite("text").splitlines(), ""]
    readme += ["Sheets:", *[f"{t.name}: {t.title}. {t.description}" for t in ALL_TABLES]]
    readme += ["columns: what every column of every sheet means, its type and its allowed terms.", "terms: what every allowed term means (qualifier, status, unit, place, ...)."]
    columns = pd.DataFrame(
        [(t.name, f.name, f.type, "yes" if f.required else "", f.unit, ", ".join(f.vocabulary.allowed) if f.vocabulary else "", f.description) for t in ALL_TABLES for f in t.fields],
        columns=["sheet", "column", "type", "required", "unit", "allowed terms", "description"],
    )
    terms = pd.DataFrame([(v.name, term, meaning) for v in vocabularies() for term, meaning in v.terms.items()], columns=["vocabulary", "term", "meaning"])
    with atomic_path(out) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        pd.DataFrame({"README": readme}).to_excel(writer, sheet_name="README", index=False)
        for table in ALL_TABLES:
            load(table.name).to_excel(writer, sheet_name=table.name[:31], index=False)
        columns.to_excel(writer, sheet_name="columns", index=False)
        terms.to_excel(writer, sheet_name="terms", index=False)


def export_zip(out: Path) -> None:
    """The whole Frictionless package in one zip: datapackage.json with every CSV and Parquet file."""
    with atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, DESCRIPTOR, json.dumps(read_descriptor(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
        for table in ALL_TABLES:
            for fmt in ("csv", "parquet"):
                _add(archive, f"{table.name}.{fmt}", verified_bytes(table.name, fmt))


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
