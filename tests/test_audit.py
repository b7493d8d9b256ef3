"""The audit accounts for every numeral and number word of the source."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from kuzbass_data.audit import audit, render, scan
from kuzbass_data.cli import main
from kuzbass_data.files import IntegrityError


def test_every_numeral_is_published_or_left_out_with_a_reason(repo, source_text):
    report = audit(repo, source_text.read_text(encoding="utf-8"))
    unaccounted = [f"line {o.line}: {o.written}" for o in report.occurrences if o.status == "unaccounted"]
    assert unaccounted == [] and report.unused == []
    counts = report.counts()
    assert counts["published"] >= 65 and counts["footnote"] == 58
    assert all(o.detail for o in report.occurrences)


def test_the_cli_prints_the_account(repo, source_text, capsys):
    assert main(["audit", str(repo), "--source-text", str(source_text)]) == 0
    out = capsys.readouterr().out
    assert "23,630       published   kulak-families-1930-1932" in out
    assert out.strip().splitlines()[-1].endswith("0 unaccounted")


def test_a_number_nobody_published_is_unaccounted(scratch, source_text):
    observations = scratch / "kuzbass_data" / "data" / "observations.csv"
    rows = list(csv.DictReader(io.StringIO(observations.read_text(encoding="utf-8"))))
    kept = [r for r in rows if r["id"] != "foreigners-1937-remaining"]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    _publish(scratch, observations, out.getvalue().encode("utf-8"))
    (scratch / "audit").mkdir(exist_ok=True)
    (scratch / "audit" / "left_out.csv").write_text(_allowlist(), encoding="utf-8")
    report = audit(scratch, source_text.read_text(encoding="utf-8"))
    assert [(o.line, o.written) for o in report.occurrences if o.status == "unaccounted"] == [(22, "126")]
    assert not report.ok
    assert "1 unaccounted" in render(report)


def _publish(root: Path, path: Path, data: bytes) -> None:
    """Write ``data`` to the published file ``path`` and record its sha256 and size, as a build would."""
    path.write_bytes(data)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    rel = path.relative_to(root).as_posix()
    (resource,) = [r for r in descriptor["resources"] if r["path"] == rel]
    resource.update(hash=f"sha256:{hashlib.sha256(data).hexdigest()}", bytes=len(data))
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_published_observations_that_do_not_match_their_hash_are_refused(scratch, source_text, capsys):
    observations = scratch / "kuzbass_data" / "data" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace(",6000,", ",6001,", 1), encoding="utf-8")
    with pytest.raises(IntegrityError, match="observations.csv"):
        audit(scratch, source_text.read_text(encoding="utf-8"))
    assert main(["audit", str(scratch), "--source-text", str(source_text)]) == 2
    err = capsys.readouterr().err
    assert "kuzbass_data/data/observations.csv does not match its sha256" in err and "Traceback" not in err


def test_an_allowlist_entry_that_matches_nothing_is_reported(scratch, source_text):
    (scratch / "audit").mkdir(exist_ok=True)
    (scratch / "audit" / "left_out.csv").write_text(_allowlist() + 'seven,"seven dwarfs",invented\n', encoding="utf-8")
    report = audit(scratch, source_text.read_text(encoding="utf-8"))
    assert report.unused == [("seven", "seven dwarfs")]


def test_scan_classifies_markers_years_and_words():
    found = scan("In 1931 almost 6,000 accidents.Footnote 39 Only one-fifth stayed; tenfold.")
    assert [(o.written, o.status) for o in found] == [
        ("1931", "year"), ("6,000", "unaccounted"), ("39", "footnote"), ("one-fifth", "unaccounted"), ("tenfold", "unaccounted"),
    ]  # fmt: skip


def _allowlist() -> str:
    from conftest import REPO

    return (REPO / "audit" / "left_out.csv").read_text(encoding="utf-8")


def test_scan_classifies_days_and_names_with_the_one_reader():
    found = scan("On 22 September 1936, in Camp No. 525 of the First Five-Year Plan, 2.4 million tons.")
    assert [(o.written, o.status) for o in found] == [
        ("22", "day"), ("1936", "year"), ("525", "name"), ("First", "name"), ("Five", "name"), ("2.4 million", "unaccounted"),
    ]  # fmt: skip
