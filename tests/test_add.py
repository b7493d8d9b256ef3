"""``kuzbass-data add``: a new row from its excerpt, readings pre-filled, never over an existing row.

The excerpts are from tests/sources/invented-readings-1939.txt, INVENTED TEST DATA.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import problems_in
from kuzbass_data.cli import main

TEST_SOURCES = Path(__file__).resolve().parent / "sources"
SOURCE = "invented-readings-1939"
EXCERPT = "In 1937-38, 5,000 workers left the mines."


def with_source(root: Path) -> Path:
    row = next(csv.DictReader((TEST_SOURCES / f"{SOURCE}.csv").read_text(encoding="utf-8").splitlines()))
    path = root / "raw" / "sources.csv"
    header = next(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row.get(c, "") for c in header])
    (root / "sources").mkdir(exist_ok=True)
    shutil.copy(TEST_SOURCES / f"{SOURCE}.txt", root / "sources" / f"{SOURCE}.txt")
    return root


def added(root: Path) -> dict[str, str]:
    rows = list(csv.DictReader((root / "raw" / "workforce.csv").read_text(encoding="utf-8").splitlines()))
    return rows[-1]


def test_add_prefills_the_readings_and_says_what_is_left(scratch, capsys):
    root = with_source(scratch)
    before = (root / "raw" / "workforce.csv").read_text(encoding="utf-8")
    assert main(["add", "workforce", "--source", SOURCE, "--excerpt", EXCERPT, "--root", str(root)]) == 0
    out = capsys.readouterr().out
    row = added(root)
    assert (root / "raw" / "workforce.csv").read_text(encoding="utf-8").startswith(before)  # appended, nothing rewritten
    assert {k: row[k] for k in ("value_text", "period_text", "value", "unit", "qualifier", "status", "period_start", "period_end")} == {
        "value_text": "5,000 workers",
        "period_text": "In 1937-38",
        "value": "5000",
        "unit": "people",
        "qualifier": "exact",
        "status": "outcome",
        "period_start": "1937",
        "period_end": "1938",
    }
    assert f"added {row['id']}" in out and "left to decide: measure; group; place" in out and "kuzbass-data validate" in out
    # What is left, decided by a person: then the row passes the gate.
    text = (root / "raw" / "workforce.csv").read_text(encoding="utf-8")
    line = text.splitlines()[-1]
    decided = line.replace(f"{row['id']},,,,,", f"{row['id']},workers_left,workers,kuzbass,,", 1)
    (root / "raw" / "workforce.csv").write_text(text.replace(line, decided), encoding="utf-8")
    assert problems_in(root) == []


def test_add_never_reuses_an_id(scratch, capsys):
    root = with_source(scratch)
    for _ in range(2):
        main(["add", "workforce", "--source", SOURCE, "--excerpt", EXCERPT, "--root", str(root)])
    ids = [r["id"] for r in csv.DictReader((root / "raw" / "workforce.csv").read_text(encoding="utf-8").splitlines())]
    assert len(ids) == len(set(ids)) and ids[-1] == ids[-2] + "-2"


def test_an_excerpt_without_a_number_adds_nothing(scratch, capsys):
    root = with_source(scratch)
    before = (root / "raw" / "workforce.csv").read_text(encoding="utf-8")
    assert main(["add", "workforce", "--source", SOURCE, "--excerpt", "The trust employed workers.", "--root", str(root)]) != 0
    assert "no number" in capsys.readouterr().err
    assert (root / "raw" / "workforce.csv").read_text(encoding="utf-8") == before
