"""Numbers display as the source words them: no binary float artefact in any display (issue 19).

"one-third" was stored as 100/3 and shown as "33.333333333333336 per cent" on the site, in
`get` and in `show`. The data now stores it as 33.33 (docs/curation.md), and
``number_text`` never prints a float's noise whatever it is handed. The tests below go over every
published row in every display: `get`, `show`, the site's HTML and the CSV, SQLite and Excel exports.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile

import pytest

import kuzbass_data as kd
from kuzbass_data.cli import main
from kuzbass_data.loader import records
from kuzbass_data.publish.export import export
from kuzbass_data.wording import number_text, worded_number

# A decimal with seven or more places: no number of the sources is written so, a float's noise is.
ARTEFACT = re.compile(r"[0-9]+\.[0-9]{7,}")


def artefacts(text: str) -> list[str]:
    """The float artefacts in ``text``."""
    return ARTEFACT.findall(text)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("26000", "26,000"),
        ("2.40", "2.4"),
        ("33.33", "33.33"),
        ("0.4", "0.4"),
        ("1234567.5", "1,234,567.5"),
        ("0.0000001", "0.0000001"),
        # A float's noise past 15 significant digits is dropped.
        ("0.30000000000000004", "0.3"),
        # A fraction with no finite decimal reads as the fraction.
        ("33.333333333333336", "33⅓"),
        ("66.66666666666667", "66⅔"),
        ("0.3333333333333333", "⅓"),
        ("14.285714285714286", "14 2/7"),
        ("not a number", "not a number"),
    ],
)
def test_number_text_prints_no_float_artefact(value, shown):
    assert number_text(value) == shown


def test_the_artefact_pattern_finds_the_old_display():
    assert artefacts("33.333333333333336 per cent") == ["33.333333333333336"]
    assert artefacts("33.33 per cent, 0.4 per cent, 2.5 per 1,000 workers") == []


def test_every_row_worded_without_artefact():
    for name in kd.tables():
        for row in records(name):
            if "unit" in row:
                assert not artefacts(worded_number(row)), (name, row["id"])


def test_every_published_cell_is_free_of_artefacts():
    for name in kd.tables():
        for row in records(name):
            for column in ("value", "value_low", "value_high"):
                assert not artefacts(row.get(column) or ""), (name, row["id"], column)


def test_get_prints_every_row_without_artefact(capsys):
    for row_id in [r["id"] for r in records("observations")]:
        assert main(["get", row_id]) == 0
        out = capsys.readouterr().out
        assert row_id in out and not artefacts(out), row_id


def test_show_prints_every_table_without_artefact(capsys):
    for name in kd.tables():
        assert main(["show", name]) == 0
        out = capsys.readouterr().out
        assert (out or not records(name)) and not artefacts(out), name


def test_the_site_prints_no_artefact(tmp_path):
    from kuzbass_data.publish.website import build_site

    build_site(tmp_path / "site", downloads=False)
    pages = sorted((tmp_path / "site").glob("*.html"))
    assert pages
    for page in pages:
        assert not artefacts(page.read_text(encoding="utf-8")), page.name
    assert "33.33 per cent" in (tmp_path / "site" / "prisoners_of_war.html").read_text(encoding="utf-8")


def test_the_exports_print_no_artefact(tmp_path):
    export("csv", tmp_path / "csv")
    for path in sorted((tmp_path / "csv").glob("*.csv")):
        assert not artefacts(path.read_text(encoding="utf-8")), path.name
    export("sqlite", tmp_path / "kuzbass.sqlite")
    with sqlite3.connect(tmp_path / "kuzbass.sqlite") as db:
        for name in kd.tables():
            for cells in db.execute(f'SELECT * FROM "{name}"'):
                assert not artefacts(" ".join(str(c) for c in cells if c is not None)), name
    pytest.importorskip("openpyxl")
    export("xlsx", tmp_path / "kuzbass.xlsx")
    with zipfile.ZipFile(tmp_path / "kuzbass.xlsx") as book:
        for member in book.namelist():
            if member.endswith(".xml"):
                assert not artefacts(book.read(member).decode("utf-8")), member
