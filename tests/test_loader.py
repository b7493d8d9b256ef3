"""The loader API: tables, load, describe, path, package, cite, and its error paths."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pytest

import kuzbass_data as kd
from kuzbass_data import loader
from kuzbass_data.schema import get_table


def test_tables_lists_every_published_table():
    assert kd.tables() == [
        "sources", "coal_output", "accidents", "deportations", "rations", "workforce", "foreigners",
        "settler_conditions", "repression", "prisoners_of_war", "mining_conditions", "conflicts", "retired_ids", "observations",
    ]  # fmt: skip


@pytest.mark.parametrize("name", kd.tables())
def test_csv_and_parquet_load_to_identical_frames(name):
    csv, parquet = kd.load(name, "csv"), kd.load(name, "parquet")
    assert csv.equals(parquet)
    assert list(csv.dtypes) == list(parquet.dtypes)
    assert len(csv) > 0 or name == "retired_ids"  # no id has been retired yet


def test_dtypes_are_nullable_typed():
    df = kd.load("coal_output")
    assert str(df["year"].dtype) == "Int64"
    assert str(df["footnote"].dtype) == "Int64"
    assert str(df["value"].dtype) == "Float64"
    assert isinstance(df["basin"].dtype, pd.CategoricalDtype)
    assert list(df["basin"].cat.categories) == ["kuzbass", "donbass"]
    assert isinstance(df["excerpt"].dtype, pd.StringDtype)
    # Missing numbers are <NA>, never NaN floats, in either format.
    for fmt in ("csv", "parquet"):
        base = kd.load("coal_output", fmt)["base_year"]
        assert base.isna().any() and str(base.dtype) == "Int64"


def test_attrs_carry_title_description_and_citation():
    attrs = kd.load("rations").attrs
    assert attrs["title"] == "Bread rations"
    assert "nationality" in attrs["description"]
    assert "10.1017/S0020859015000462" in attrs["citation"]


def test_pyarrow_backend():
    table = kd.load("accidents", backend="pyarrow")
    assert isinstance(table, pa.Table)
    assert table.schema.field("footnote").type == pa.int64()
    assert table.equals(kd.load("accidents", "parquet", backend="pyarrow"))


def test_unknown_table_lists_the_valid_names():
    with pytest.raises(kd.UnknownTableError) as err:
        kd.load("coal")
    assert "coal_output" in str(err.value) and "observations" in str(err.value)


@pytest.mark.parametrize("name", ["../datapackage", "/etc/passwd", "coal_output.csv", "", None])
def test_a_name_is_never_used_as_a_path(name):
    with pytest.raises(kd.UnknownTableError):
        kd.path(name)  # type: ignore[arg-type]


def test_unknown_format_and_backend():
    with pytest.raises(ValueError, match="use 'csv' or 'parquet'"):
        kd.load("coal_output", "xlsx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="use 'pandas' or 'pyarrow'"):
        kd.load("coal_output", backend="polars")  # type: ignore[call-overload]


@pytest.fixture
def copied_data(tmp_path, monkeypatch, repo):
    folder = tmp_path / "data"
    shutil.copytree(repo / "kuzbass_data" / "data", folder)
    monkeypatch.setattr(loader, "data_dir", lambda: folder)
    loader.read_descriptor.cache_clear()
    yield folder
    loader.read_descriptor.cache_clear()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tampered_file_raises_integrity_error(copied_data, fmt):
    path = copied_data / f"coal_output.{fmt}"
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(kd.IntegrityError, match="does not match its sha256"):
        kd.load("coal_output", fmt)


def test_missing_file_raises_integrity_error(copied_data):
    (copied_data / "rations.parquet").unlink()
    with pytest.raises(kd.IntegrityError, match="is missing"):
        kd.load("rations", "parquet")


def test_descriptor_entry_without_hash_raises_integrity_error(copied_data):
    import json

    path = copied_data / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == "sources":
            del resource["hash"]
    path.write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(kd.IntegrityError, match="records no sha256"):
        kd.load("sources")
    with pytest.raises(kd.IntegrityError):
        loader.records("sources")


def test_records_checks_the_hash(copied_data):
    path = copied_data / "sources.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(kd.IntegrityError, match="does not match its sha256"):
        loader.records("sources")


@pytest.mark.parametrize("content", [b"[" * 100_000, b'{"resources": ' + b"1" * 100_000 + b"}", b"not json"])
def test_unusable_descriptor_raises_integrity_error(copied_data, content):
    (copied_data / "datapackage.json").write_bytes(content)
    with pytest.raises(kd.IntegrityError):
        kd.load("sources")


def test_symlinked_data_file_is_refused(copied_data, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("TOP-SECRET\n", encoding="utf-8")
    (copied_data / "rations.csv").unlink()
    (copied_data / "rations.csv").symlink_to(secret)
    with pytest.raises(kd.IntegrityError) as err:
        kd.load("rations")
    assert "TOP-SECRET" not in str(err.value)


def test_package_names_the_extra_when_frictionless_is_missing(monkeypatch):
    import importlib.util

    from kuzbass_data.extras import MissingExtraError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "frictionless" else real(name, *a))
    with pytest.raises(MissingExtraError, match=r"kuzbass-data\[validate\]"):
        kd.package()


def test_describe_documents_every_column():
    doc = kd.describe("deportations")
    assert list(doc["column"]) == [f.name for f in get_table("deportations").fields]
    unit = doc.set_index("column").loc["unit"]
    assert "families" in unit["allowed"] and unit["required"]
    # Every allowed term is listed whole, as it is written in a cell.
    vocabulary = get_table("deportations").field("unit").vocabulary
    assert vocabulary is not None
    for term in vocabulary.allowed:
        assert re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", str(unit["allowed"])), term


def test_path_points_into_the_package():
    assert kd.path("coal_output", "parquet").name == "coal_output.parquet"
    assert kd.path("coal_output").parent.name == "data"
    assert kd.path("coal_output").is_file()


def test_package_is_a_valid_frictionless_package():
    import frictionless

    package = kd.package()
    assert isinstance(package, frictionless.Package)
    assert package.get_resource("coal_output").read_rows()[0]["id"] == loader.records("coal_output")[0]["id"]


def test_cite_includes_the_doi_in_text_and_bibtex():
    text, bib = kd.cite("text"), kd.cite("bibtex")
    assert "https://doi.org/10.1017/S0020859015000462" in text
    assert "doi     = {10.1017/S0020859015000462}" in bib
    assert "pages   = {185--205}" in bib
    assert kd.cite() == text + "\n\nBibTeX:\n\n" + bib
    with pytest.raises(ValueError):
        kd.cite("apa")  # type: ignore[arg-type]


def test_version_is_one_string():
    import json

    assert kd.__version__ == json.loads((loader.data_dir() / "datapackage.json").read_text(encoding="utf-8"))["version"]


def test_import_is_light():
    code = "import sys, kuzbass_data; print(sorted(m for m in ('pandas', 'pandera', 'frictionless', 'pyarrow', 'kuzbass_data.lookup') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_lookup_names_are_imported_on_first_use():
    code = "import sys, kuzbass_data as kd; print('kuzbass_data.lookup' in sys.modules, kd.row.__module__, 'series' in dir(kd), hasattr(kd, 'nope'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "kuzbass_data.lookup", "True", "False"]


def test_load_does_not_import_pandera_or_frictionless():
    code = "import sys, kuzbass_data as kd; kd.load('coal_output'); kd.load('coal_output', 'parquet'); print(sorted(m for m in ('pandera', 'frictionless') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
