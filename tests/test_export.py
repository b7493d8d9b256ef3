"""Exports for other tools: SQLite, Excel, the zipped Frictionless package."""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile

import pandas as pd
import pytest

import kuzbass_data as kd
from kuzbass_data.cli import main
from kuzbass_data.publish.export import SQL_KEYWORDS, export, sql_name


def test_sqlite_round_trips_every_table(tmp_path):
    out = tmp_path / "kuzbass.sqlite"
    export("sqlite", out)
    with sqlite3.connect(out) as db:
        for name in kd.tables():
            frame = kd.load(name)
            back = pd.read_sql_query(f'SELECT * FROM "{name}"', db)
            assert list(back.columns) == [sql_name(c) for c in frame.columns]
            expected = frame.astype(object).where(frame.notna(), None).values.tolist()
            got = back.astype(object).where(back.notna(), None).values.tolist()
            assert got == expected, name
        keys = db.execute('PRAGMA foreign_key_list("accidents")').fetchall()
        assert [(k[2], k[3], k[4]) for k in keys] == [("sources", "source_id", "id")]
        primary = [row[1] for row in db.execute('PRAGMA table_info("coal_output")') if row[5]]
        assert primary == ["id"]
        described = db.execute("SELECT description FROM column_descriptions WHERE table_name = 'rations' AND column_name = 'nationality'").fetchone()
        assert "not_specified" in described[0]
        assert {r[0] for r in db.execute("SELECT table_name FROM table_descriptions")} == {*kd.tables(), "conflict_members"}


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
    export("zip", out, force=True)
    assert out.read_bytes() == first  # fixed timestamps: the same zip every time


def test_xlsx_has_a_readme_and_a_sheet_per_table(tmp_path):
    pytest.importorskip("openpyxl")
    out = tmp_path / "kuzbass.xlsx"
    export("xlsx", out)
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == ["README", *kd.tables(), "columns", "terms"]
    documented = sheets["columns"]
    for name in kd.tables():  # every column of every sheet is explained
        assert set(documented.loc[documented["sheet"] == name, "column"]) == set(kd.load(name).columns)
    assert {"almost", "more_than", "plan", "outcome"} <= set(sheets["terms"]["term"])
    assert "10.1017/S0020859015000462" in " ".join(sheets["README"]["README"].dropna().tolist())
    assert sheets["coal_output"]["id"].tolist() == kd.load("coal_output")["id"].tolist()


def test_table_selection_applies_to_file_exports_only(tmp_path):
    with pytest.raises(kd.UsageError, match="csv and parquet"):
        export("sqlite", tmp_path / "x.sqlite", tables=["rations"])
    with pytest.raises(kd.UnknownTableError):
        export("csv", tmp_path / "csv", tables=["nope"])


# --- exports are safe and self-contained -----------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("tables", [[], ["accidents"], ["rations", "coal_output"]])
def test_every_export_folder_is_a_valid_frictionless_package_on_its_own(tmp_path, fmt, tables):
    import frictionless

    out = tmp_path / "out"
    export(fmt, out, tables=tables or None)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        for key in resource.get("schema", {}).get("foreignKeys", []):
            assert key["reference"]["resource"] in names  # no key points outside the folder
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:3]


def test_frictionless_cli_validates_an_exported_folder(tmp_path):
    import subprocess

    export("parquet", tmp_path / "pq", tables=["deportations"])
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "datapackage.json"], cwd=tmp_path / "pq", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize(("fmt", "name"), [("sqlite", "k.sqlite"), ("zip", "k.zip"), ("xlsx", "k.xlsx")])
def test_export_refuses_an_existing_file_unless_forced(tmp_path, capsys, fmt, name):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    target = tmp_path / name
    target.write_text("my thesis", encoding="utf-8")
    assert main(["export", "--format", fmt, "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "exists; pass --force" in err and len(err.strip().splitlines()) == 1 and "internal error" not in err
    assert target.read_text(encoding="utf-8") == "my thesis"
    assert main(["export", "--format", fmt, "--out", str(target), "--force"]) == 0
    assert target.read_bytes() != b"my thesis"


def test_export_refuses_a_non_empty_folder_unless_forced_and_keeps_other_files(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["export", "--format", "csv", "--out", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert main(["export", "--format", "csv", "--out", str(out), "--force"]) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me" and (out / "coal_output.csv").is_file()


def test_forced_export_replaces_a_symlink_instead_of_writing_through_it(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "coal_output.csv").symlink_to(victim)
    export("csv", out, tables=["coal_output"], force=True)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / "coal_output.csv").is_symlink()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "sqlite", "--table", "rations"], "--table applies to csv and parquet"),
        (["--format", "zip", "--table", "rations"], "--table applies to csv and parquet"),
        (["--format", "sqlite", "--out-is-folder"], "is a folder"),
        (["--format", "csv", "--out-is-file"], "is a file"),
        (["--format", "zip", "--out-under-file"], "is a file, not a folder"),
        (["--format", "parquet", "--out-under-file"], "is a file, not a folder"),
    ],
)
def test_user_mistakes_are_one_line_usage_errors(tmp_path, capsys, args, says):
    folder, file = tmp_path / "folder", tmp_path / "file.txt"
    folder.mkdir()
    file.write_text("x", encoding="utf-8")
    out = {"--out-is-folder": folder, "--out-is-file": file, "--out-under-file": file / "sub" / "k.zip"}.get(args[-1], tmp_path / "new")
    argv = ["export", *[a for a in args if not a.startswith("--out-")], "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1 and "internal error" not in err


def test_a_missing_extra_is_a_usage_error_not_an_internal_error(tmp_path, capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name, *a))
    assert main(["export", "--format", "xlsx", "--out", str(tmp_path / "k.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "[xlsx] extra" in err and "internal error" not in err
    assert not (tmp_path / "k.xlsx").exists()


def test_sqlite_export_writes_datasette_metadata_beside_it(tmp_path):
    out = tmp_path / "kuzbass.sqlite"
    written = export("sqlite", out)
    assert str(tmp_path / "kuzbass.metadata.json") in written
    meta = json.loads((tmp_path / "kuzbass.metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC-BY-4.0" and meta["license_url"].startswith("https://creativecommons.org/")
    from kuzbass_data.loader import records

    # Every source is cited; the one address Datasette takes is the first source's (Landau's DOI while it is first).
    sources = records("sources")
    assert "10.1017/S0020859015000462" in meta["source"] and all(s["citation"] in meta["source"] for s in sources)
    assert meta["source_url"] == (f"https://doi.org/{sources[0]['doi']}" if sources[0]["doi"] else sources[0]["url"])
    tables = meta["databases"]["kuzbass"]["tables"]
    assert set(tables) == {*kd.tables(), "conflict_members"}
    with sqlite3.connect(out) as db:
        for name in tables:  # Datasette describes each column under the name it has in the database
            assert set(tables[name]["columns"]) == {row[1] for row in db.execute(f"PRAGMA table_info({name})")}, name
            assert tables[name]["description"]
    assert "Unit: ISO 8601" in tables["accidents"]["columns"]["period_start"]
    assert "million_tonnes" in tables["coal_output"]["columns"]["unit"]


def test_a_second_sqlite_export_beside_the_first_keeps_its_own_metadata(tmp_path, capsys):
    """The metadata is named after the database: a second database in the folder is no clash, and neither metadata is lost."""
    assert main(["export", "--format", "sqlite", "--out", str(tmp_path / "one.sqlite")]) == 0
    assert main(["export", "--format", "sqlite", "--out", str(tmp_path / "two.sqlite")]) == 0
    capsys.readouterr()
    for name in ("one", "two"):
        meta = json.loads((tmp_path / f"{name}.metadata.json").read_text(encoding="utf-8"))
        assert list(meta["databases"]) == [name]
    assert not (tmp_path / "metadata.json").exists()


def test_sqlite_conflict_membership_is_a_joinable_table_with_foreign_keys(tmp_path):
    out = tmp_path / "kuzbass.sqlite"
    export("sqlite", out)
    expected = {(c["id"], m) for c in kd.load("conflicts").to_dict("records") for m in c["members"].split("; ")}
    with sqlite3.connect(out) as db:
        assert set(db.execute("SELECT conflict_id, row_id FROM conflict_members")) == expected
        keys = {(k[2], k[3], k[4]) for k in db.execute("PRAGMA foreign_key_list(conflict_members)")}
        assert keys == {("conflicts", "conflict_id", "id"), ("observations", "row_id", "id")}
        joined = db.execute("SELECT count(*) FROM conflict_members m JOIN observations o ON o.id = m.row_id JOIN conflicts c ON c.id = m.conflict_id").fetchone()[0]
        assert joined == len(expected)  # every member is a published row
        db.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO conflict_members VALUES (?, ?)", (next(iter(expected))[0], "no-such-row"))


def test_no_sqlite_column_needs_quoting(tmp_path):
    """Every table and column of the database is an identifier SQLite reads bare; `table` and `group` are renamed, and say so."""
    out = tmp_path / "kuzbass.sqlite"
    export("sqlite", out)
    with sqlite3.connect(out) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            assert table.upper() not in SQL_KEYWORDS
            for column in [row[1] for row in db.execute(f"PRAGMA table_info({table})")]:
                assert column.upper() not in SQL_KEYWORDS, (table, column)
                db.execute(f"SELECT {column} FROM {table} LIMIT 1")  # bare, unquoted: a keyword would be a syntax error
        assert db.execute("SELECT count(*) FROM observations WHERE table_name = 'coal_output'").fetchone()[0] == len(kd.load("coal_output"))
        said = db.execute("SELECT description FROM column_descriptions WHERE table_name = 'observations' AND column_name = 'table_name'").fetchone()[0]
        assert "Named table in the CSV and Parquet files" in said


def test_xlsx_sheets_have_widths_a_frozen_header_and_a_filter(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.utils import get_column_letter

    out = tmp_path / "kuzbass.xlsx"
    export("xlsx", out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "README" and book.sheetnames[1 : 1 + len(kd.tables())] == kd.tables()
    for name in book.sheetnames[1:]:
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        assert sheet.freeze_panes == "A2", name  # the header stays when scrolling
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{sheet.max_row}", name  # a filter on every column and row
        for number, column in enumerate(header, start=1):
            width = sheet.column_dimensions[get_column_letter(number)].width
            assert len(column) < width <= 60, (name, column, width)  # the header fits; no column wider than a screen's half
            values = [len(str(c.value)) for c in sheet[get_column_letter(number)][1:] if c.value is not None]
            assert width >= min(60, max([len(column), *values])), (name, column)  # the values fit, up to the cap
    assert book["README"].column_dimensions["A"].width >= 80
