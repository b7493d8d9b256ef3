"""Export the published tables for other tools: CSV or Parquet folders, SQLite, Excel, a zip package.

Every export reads the shipped, hash-checked files, so it carries exactly what
``kd.load`` returns.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from .loader import load, read_descriptor, verified_bytes
from .paths import DESCRIPTOR
from .schema import ALL_TABLES, Table, get_table
from .schema.package import PACKAGE

ExportFormat = Literal["csv", "parquet", "sqlite", "xlsx", "zip"]
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL"}
# Fixed zip timestamps keep the archive byte-identical from one export to the next.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def export(format: ExportFormat, out: Path, tables: Sequence[str] | None = None) -> list[str]:
    """Write the tables in ``format`` to ``out``; return what was written.

    csv and parquet write one file per table, plus a datapackage.json describing
    them, into the folder ``out``; sqlite, xlsx and zip write the single file ``out``.
    """
    selected = [get_table(name) for name in tables] if tables else list(ALL_TABLES)
    if format in ("csv", "parquet"):
        return _files(format, out, selected)
    if tables:
        raise ValueError(f"--table applies to csv and parquet exports; {format} exports every table")
    writers = {"sqlite": export_sqlite, "xlsx": export_xlsx, "zip": export_zip}
    if format not in writers:
        raise ValueError(f"unknown export format {format!r}")
    writers[format](out)
    return [str(out)]


def _files(fmt: Literal["csv", "parquet"], out: Path, tables: list[Table]) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        target = out / f"{table.name}.{fmt}"
        target.write_bytes(verified_bytes(table.name, fmt))
        written.append(str(target))
    names = {t.name if fmt == "csv" else f"{t.name}-parquet" for t in tables}
    package = dict(read_descriptor())
    package["resources"] = [r for r in package["resources"] if r["name"] in names]
    (out / DESCRIPTOR).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(str(out / DESCRIPTOR))
    return written


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out`` that replaces it only when writing succeeded."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=out.suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _rows(table: Table) -> list[tuple[Any, ...]]:
    frame = load(table.name)
    return [tuple(None if _missing(v) else v for v in row) for row in frame.astype(object).itertuples(index=False, name=None)]


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def create_table_sql(table: Table) -> str:
    """CREATE TABLE statement with types, NOT NULL, primary and foreign keys."""
    columns = [f'"{f.name}" {SQL_TYPES[f.type]}{" NOT NULL" if f.required else ""}' for f in table.fields]
    columns.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in table.primary_key) + ")")
    for fk in table.foreign_keys:
        columns.append(f'FOREIGN KEY ("{fk.field}") REFERENCES "{fk.table}" ("{fk.reference}")')
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(columns) + "\n)"


def export_sqlite(out: Path) -> None:
    """One SQLite database: every table with its keys, plus table and column descriptions."""
    with _atomic(out) as tmp:
        with sqlite3.connect(tmp) as db:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute('CREATE TABLE "table_descriptions" ("table_name" TEXT PRIMARY KEY, "title" TEXT NOT NULL, "description" TEXT NOT NULL)')
            db.execute(
                'CREATE TABLE "column_descriptions" ("table_name" TEXT NOT NULL REFERENCES "table_descriptions" ("table_name"), '
                '"column_name" TEXT NOT NULL, "type" TEXT NOT NULL, "required" INTEGER NOT NULL, "allowed_values" TEXT, '
                '"description" TEXT NOT NULL, PRIMARY KEY ("table_name", "column_name"))'
            )
            for table in ALL_TABLES:
                db.execute(create_table_sql(table))
                placeholders = ", ".join("?" for _ in table.fields)
                db.executemany(f'INSERT INTO "{table.name}" VALUES ({placeholders})', _rows(table))
                db.execute('INSERT INTO "table_descriptions" VALUES (?, ?, ?)', (table.name, table.title, table.description))
                db.executemany(
                    'INSERT INTO "column_descriptions" VALUES (?, ?, ?, ?, ?, ?)',
                    [
                        (table.name, f.name, f.type, int(f.required), ", ".join(f.vocabulary.allowed) if f.vocabulary else None, f.description)
                        for f in table.fields
                    ],
                )
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed in the SQLite export: {problems[:3]}")
        db.close()


def export_xlsx(out: Path) -> None:
    """One Excel workbook: a README sheet, then one sheet per table (needs the [xlsx] extra)."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise RuntimeError("the xlsx export needs openpyxl: pip install 'kuzbass-data[xlsx]'") from None
    import pandas as pd

    from .loader import cite

    readme = [PACKAGE.title, f"Version {PACKAGE.version}", "", PACKAGE.description, "", PACKAGE.excerpt_notice, "", "How to cite:", *cite("text").splitlines(), "", "Sheets:"]
    readme += [f"{t.name}: {t.title}. {t.description}" for t in ALL_TABLES]
    with _atomic(out) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            pd.DataFrame({"README": readme}).to_excel(writer, sheet_name="README", index=False)
            for table in ALL_TABLES:
                load(table.name).to_excel(writer, sheet_name=table.name[:31], index=False)


def export_zip(out: Path) -> None:
    """The whole Frictionless package in one zip: datapackage.json with every CSV and Parquet file."""
    with _atomic(out) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            _add(archive, DESCRIPTOR, json.dumps(read_descriptor(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
            for table in ALL_TABLES:
                for fmt in ("csv", "parquet"):
                    _add(archive, f"{table.name}.{fmt}", verified_bytes(table.name, fmt))  # type: ignore[arg-type]


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
