"""The audit accounts for every numeral and number word of the source."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from kuzbass_data.cli import main
from kuzbass_data.files import IntegrityError
from kuzbass_data.gate.audit import audit, render, scan


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
    assert report.unused == [(len(_allowlist().splitlines()) + 1, "seven", "seven dwarfs")]


# INVENTED text for the audit's messages: no numeral of it is published.
INVENTED_TEXT = "INVENTED TEXT for the tests. In the invented mine, 3 shafts were dug.\n"


def _left_out(root: Path, text: str) -> None:
    (root / "audit").mkdir(exist_ok=True)
    (root / "audit" / "left_out.csv").write_text(text, encoding="utf-8")


def test_an_unused_allowlist_entry_names_the_file_the_line_and_the_fix(scratch, capsys):
    _left_out(scratch, 'written,context,reason\n3,"3 shafts were dug",invented\nseven,"seven dwarfs",invented\n')
    report = audit(scratch, INVENTED_TEXT)
    assert report.unused == [(3, "seven", "seven dwarfs")]
    (line,) = [x for x in render(report).splitlines() if "matches nothing" in x]
    assert line.startswith("audit/left_out.csv:3: allowlist entry matches nothing: 'seven' in 'seven dwarfs' (")
    assert "or delete the line" in line


def test_unaccounted_numerals_say_how_to_account_for_them(scratch):
    _left_out(scratch, "written,context,reason\n")
    out = render(audit(scratch, INVENTED_TEXT)).splitlines()
    assert "1 numerals are unaccounted: publish each in a row of raw/, or list it in audit/left_out.csv" in out[-2]
    assert out[-1].endswith("1 unaccounted")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("numeral,where\n3,3 shafts\n", "audit/left_out.csv:1: the header must be written,context,reason"),
        ('written,context,reason\n3,"3 shafts were dug",fine\n3,,no context\n', "audit/left_out.csv:3: written and context must both be filled"),
    ],
)
def test_an_unusable_allowlist_is_one_line_naming_file_and_line(scratch, capsys, content, message):
    _left_out(scratch, content)
    text = scratch / "invented.txt"
    text.write_text(INVENTED_TEXT, encoding="utf-8")
    assert main(["audit", str(scratch), "--source-text", str(text)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


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
