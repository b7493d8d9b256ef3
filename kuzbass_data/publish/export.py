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

from ..errors import UsageError
from ..extras import require
from ..files import atomic_path
from ..loader import load, read_descriptor, verified_bytes
from ..paths import DESCRIPTOR
from ..schema import ALL_TABLES, MULTI_SEPARATOR, Field, Table, get_table
from ..schema.package import PACKAGE

ExportFormat = Literal["csv", "parquet", "sqlite", "xlsx", "zip"]
FOLDER_FORMATS = ("csv", "parquet")
FILE_FORMATS = ("sqlite", "xlsx", "zip")
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL"}
# Fixed zip timestamps keep the archive byte-identical from one export to the next.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Datasette reads this file beside the database: `datasette kuzbass.sqlite --metadata kuzbass.metadata.json`.
# It is named after the database, so two exports into one folder each keep their own.
DATASETTE_SUFFIX = ".metadata.json"
# SQLite's keywords (sqlite.org/lang_keywords.html): a column named like one must be quoted in every query.
SQL_KEYWORDS = frozenset(
    """ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY CASCADE CASE
    CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP
    DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE
    EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE
    IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED
    NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY
    QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS
    SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM
    VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT""".split()
)
# The widest column of a sheet, in characters: an excerpt or a note wider than this stays in its cell, cut off on screen.
XLSX_MAX_WIDTH = 60
# The README sheet's one column: wide enough to read its lines without scrolling sideways.
XLSX_README_WIDTH = 120
# The SQLite table that lists each conflict's members one per row, so conflicts can be joined to their rows.
CONFLICT_MEMBERS = "conflict_members"


def export(format: ExportFormat, out: Path, tables: Sequence[str] | None = None, *, force: bool = False) -> list[str]:
    """Write the tables in ``format`` to ``out``; return what was written.

    csv and parquet write one file per table, plus a datapackage.json describing
    them, into the folder ``out``; a table's referenced tables (``sources``) come along,
    so the folder is a valid Frictionless package on its own. sqlite, xlsx and zip write
    the single file ``out`` (sqlite also its Datasette metadata beside it, ``<name>.metadata.json``).
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
    targets = [out, datasette_metadata_path(out)] if format == "sqlite" else [out]
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


def datasette_metadata_path(database: Path) -> Path:
    """The Datasette metadata file of the SQLite export ``database``: ``kuzbass.sqlite`` -> ``kuzbass.metadata.json``."""
    return database.parent / f"{database.stem}{DATASETTE_SUFFIX}"


def sql_name(column: str) -> str:
    """The column's name in the SQLite export: a SQL keyword gets ``_name`` (``table`` -> ``table_name``, ``group`` -> ``group_name``), so no name needs quoting."""
    return f"{column}_name" if column.upper() in SQL_KEYWORDS else column


def sql_names(table: Table) -> dict[str, str]:
    """Each published column of ``table`` with its SQLite name; a clash with another column is a bug in the schema."""
    names = {f.name: sql_name(f.name) for f in table.fields}
    if len(set(names.values())) != len(names):
        raise RuntimeError(f"{table.name}: renaming SQL keywords would give two columns one name: {names}")
    return names


def create_table_sql(table: Table) -> str:
    """CREATE TABLE statement with types, NOT NULL, primary and foreign keys (columns named as ``sql_name`` renames them)."""
    name = sql_names(table)
    columns = [f"{name[f.name]} {SQL_TYPES[f.type]}{' NOT NULL' if f.required else ''}" for f in table.fields]
    columns.append("PRIMARY KEY (" + ", ".join(name[c] for c in table.primary_key) + ")")
    for fk in table.foreign_keys:
        columns.append(f"FOREIGN KEY ({name[fk.field]}) REFERENCES {fk.table} ({fk.reference})")
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(columns) + "\n)"


# The membership table: (conflict id, row id), each a foreign key; the row ids are those of observations (every data row).
CONFLICT_MEMBERS_SQL = (
    f"CREATE TABLE {CONFLICT_MEMBERS} (\n  conflict_id TEXT NOT NULL REFERENCES conflicts (id),\n  row_id TEXT NOT NULL REFERENCES observations (id),\n  PRIMARY KEY (conflict_id, row_id)\n)"
)
CONFLICT_MEMBERS_TITLE = "Conflict members"
CONFLICT_MEMBERS_DESCRIPTION = (
    "One row per member of a conflict: the conflicts table's members column, split, so a conflict joins to its rows (JOIN observations ON observations.id = conflict_members.row_id)."
)
CONFLICT_MEMBERS_COLUMNS = {
    "conflict_id": "The conflict's id (conflicts.id).",
    "row_id": "A member row's id (observations.id; the row is in the data table that observations.table_name names).",
}


def _column_description(f: Field) -> str:
    """A column's description with its unit and allowed terms, as Datasette and column_descriptions show it."""
    parts = [f.description]
    if f.unit:
        parts.append(f"Unit: {f.unit}.")
    if f.vocabulary is not None:
        parts.append(f"Allowed{' (several joined by ; )' if f.multiple else ''}: {', '.join(f.vocabulary.allowed)}.")
    if sql_name(f.name) != f.name:
        parts.append(f"Named {f.name} in the CSV and Parquet files; renamed here because {f.name.upper()} is an SQL keyword.")
    return " ".join(parts)


def export_sqlite(out: Path) -> None:
    """One SQLite database (every table with its keys, conflict membership as a table, table and column descriptions) and its Datasette metadata.

    Columns named like an SQL keyword are renamed (``sql_name``), so no query needs quotes.
    """
    import pandas as pd

    with atomic_path(out) as tmp:
        with sqlite3.connect(tmp) as db:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("CREATE TABLE table_descriptions (table_name TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE column_descriptions (table_name TEXT NOT NULL REFERENCES table_descriptions (table_name), "
                "column_name TEXT NOT NULL, type TEXT NOT NULL, required INTEGER NOT NULL, allowed_values TEXT, "
                "description TEXT NOT NULL, PRIMARY KEY (table_name, column_name))"
            )
            described = [(t.name, t.title, t.description) for t in ALL_TABLES] + [(CONFLICT_MEMBERS, CONFLICT_MEMBERS_TITLE, CONFLICT_MEMBERS_DESCRIPTION)]
            pd.DataFrame(described, columns=["table_name", "title", "description"]).to_sql("table_descriptions", db, if_exists="append", index=False)
            columns = pd.DataFrame(
                [(t.name, sql_name(f.name), f.type, int(f.required), ", ".join(f.vocabulary.allowed) if f.vocabulary else None, _column_description(f)) for t in ALL_TABLES for f in t.fields]
                + [(CONFLICT_MEMBERS, c, "string", 1, None, d) for c, d in CONFLICT_MEMBERS_COLUMNS.items()],
                columns=["table_name", "column_name", "type", "required", "allowed_values", "description"],
            )
            columns.to_sql("column_descriptions", db, if_exists="append", index=False)
            for table in ALL_TABLES:
                # Our CREATE TABLE carries the keys and NOT NULLs that to_sql would not write; to_sql fills it.
                db.execute(create_table_sql(table))
                load(table.name).rename(columns=sql_names(table)).to_sql(table.name, db, if_exists="append", index=False)
            db.execute(CONFLICT_MEMBERS_SQL)
            members = [(c.id, m.strip()) for c in load("conflicts").itertuples() for m in str(c.members).split(MULTI_SEPARATOR)]
            db.executemany(f"INSERT INTO {CONFLICT_MEMBERS} (conflict_id, row_id) VALUES (?, ?)", members)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed in the SQLite export: {problems[:3]}")
        db.close()
    with atomic_path(datasette_metadata_path(out)) as tmp:
        tmp.write_text(json.dumps(datasette_metadata(out.stem), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for the SQLite export named ``database`` (its file name without .sqlite).

    Licence and source apply to every page; each table (and the conflict_members table) gets its title, description and
    column descriptions (with the fixed unit of a column, and the allowed terms). A
    number's unit varies from row to row, so it is in the ``unit`` column, not in
    Datasette's per-column ``units`` (which needs one Pint unit per column).
    """
    from ..loader import records

    sources = records("sources")
    first = sources[0] if sources else {}
    return {
        "title": PACKAGE.title,
        "description": f"{PACKAGE.description} {PACKAGE.excerpt_notice}",
        "license": PACKAGE.data_licence.name,
        "license_url": PACKAGE.data_licence.path,
        "source": "; ".join(s["citation"] for s in sources),
        "source_url": f"https://doi.org/{first['doi']}" if first.get("doi") else first.get("url", ""),
        "databases": {
            database: {
                "tables": {
                    **{t.name: {"title": t.title, "description": t.description, "columns": {sql_name(f.name): _column_description(f) for f in t.fields}} for t in ALL_TABLES},
                    CONFLICT_MEMBERS: {"title": CONFLICT_MEMBERS_TITLE, "description": CONFLICT_MEMBERS_DESCRIPTION, "columns": dict(CONFLICT_MEMBERS_COLUMNS)},
                }
            }
        },
    }


def export_xlsx(out: Path) -> None:
    """One Excel workbook: a README sheet, a sheet per table, then every column and every term explained (needs [xlsx])."""
    require("openpyxl")
    import pandas as pd

    from ..loader import cite
    from .docs import vocabularies

    readme = [PACKAGE.title, f"Version {PACKAGE.version}", "", PACKAGE.description, "", PACKAGE.excerpt_notice, "", "How to cite:", *cite("text").splitlines(), ""]
    readme += ["Sheets:", *[f"{t.name}: {t.title}. {t.description}" for t in ALL_TABLES]]
    readme += ["columns: what every column of every sheet means, its type and its allowed terms.", "terms: what every allowed term means (qualifier, status, unit, place, ...)."]
    columns = pd.DataFrame(
        [(t.name, f.name, f.type, "yes" if f.required else "", f.unit, ", ".join(f.vocabulary.allowed) if f.vocabulary else "", f.description) for t in ALL_TABLES for f in t.fields],
        columns=["sheet", "column", "type", "required", "unit", "allowed terms", "description"],
    )
    terms = pd.DataFrame([(v.name, term, meaning) for v in vocabularies() for term, meaning in v.terms.items()], columns=["vocabulary", "term", "meaning"])
    with atomic_path(out) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        sheets = {"README": pd.DataFrame({"README": readme}), **{t.name[:31]: load(t.name) for t in ALL_TABLES}, "columns": columns, "terms": terms}
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _lay_out(writer.sheets[name], frame, table=name != "README")


def _lay_out(sheet: Any, frame: Any, *, table: bool) -> None:
    """Column widths that fit the values (up to XLSX_MAX_WIDTH); for a table also a frozen header row and a filter on every column."""
    from openpyxl.utils import get_column_letter

    for number, column in enumerate(frame.columns, start=1):
        # Only the longest line counts: the README's cells are one line each.
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].dropna())])
        sheet.column_dimensions[get_column_letter(number)].width = min(longest + 2, XLSX_MAX_WIDTH if table else XLSX_README_WIDTH)
    if table:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(frame.columns)))}{len(frame) + 1}"


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
