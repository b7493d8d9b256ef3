"""Exports for other tools: SQLite, Excel, the zipped Frictionless package."""

from __future__ import annotations

import sqlite3
import zipfile

import pandas as pd
import pytest

import kuzbass_data as kd
from kuzbass_data.export import export


def test_sqlite_round_trips_every_table(tmp_path):
    out = tmp_path / "kuzbass.sqlite"
    export("sqlite", out)
    with sqlite3.connect(out) as db:
        for name in kd.tables():
            frame = kd.load(name)
            back = pd.read_sql_query(f'SELECT * FROM "{name}"', db)
            assert list(back.columns) == list(frame.columns)
            expected = frame.astype(object).where(frame.notna(), None).values.tolist()
            got = back.astype(object).where(back.notna(), None).values.tolist()
            assert got == expected, name
        keys = db.execute('PRAGMA foreign_key_list("accidents")').fetchall()
        assert [(k[2], k[3], k[4]) for k in keys] == [("sources", "source_id", "id")]
        primary = [row[1] for row in db.execute('PRAGMA table_info("coal_output")') if row[5]]
        assert primary == ["id"]
        described = db.execute("SELECT description FROM column_descriptions WHERE table_name = 'rations' AND column_name = 'nationality'").fetchone()
        assert "not_specified" in described[0]
        assert db.execute("SELECT count(*) FROM table_descriptions").fetchone()[0] == len(kd.tables())


def test_zip_is_a_valid_frictionless_package(tmp_path):
    import frictionless

    out = tmp_path / "kuzbass.zip"
    export("zip", out)
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
    assert "datapackage.json" in names and "coal_output.parquet" in names and "observations.csv" in names
    report = frictionless.validate(str(out))
    assert report.valid, report.flatten(["type", "note"])[:3]
    first = out.read_bytes()
    export("zip", out)
    assert out.read_bytes() == first  # fixed timestamps: the same zip every time


def test_xlsx_has_a_readme_and_a_sheet_per_table(tmp_path):
    pytest.importorskip("openpyxl")
    out = tmp_path / "kuzbass.xlsx"
    export("xlsx", out)
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == ["README", *kd.tables()]
    assert "10.1017/S0020859015000462" in " ".join(sheets["README"]["README"].dropna().tolist())
    assert sheets["coal_output"]["id"].tolist() == kd.load("coal_output")["id"].tolist()


def test_table_selection_applies_to_file_exports_only(tmp_path):
    with pytest.raises(ValueError, match="csv and parquet"):
        export("sqlite", tmp_path / "x.sqlite", tables=["rations"])
    with pytest.raises(kd.UnknownTableError):
        export("csv", tmp_path / "csv", tables=["nope"])
