"""The one reader of raw/ rows (``gate.rowdata``): lines as git counts them, a broken record said once and
skipped, and one read of each raw file per ``validate`` run."""

from __future__ import annotations

from collections import Counter

from kuzbass_data.gate import intake, revision
from kuzbass_data.gate.rowdata import read_rows
from kuzbass_data.gate.validate import validate


def test_rows_keep_their_physical_line_and_pad_short_rows():
    text = 'id,note,value\na,"two\nlines",1\n\nb,short\n'
    header, rows, broken = read_rows(text)
    assert header == ["id", "note", "value"] and broken == []
    assert rows == [(2, {"id": "a", "note": "two\nlines", "value": "1"}), (5, {"id": "b", "note": "short", "value": ""})]


def test_a_broken_quote_is_one_record_at_its_line_and_reading_resumes():
    text = 'id,note\na,"never closed\nb,fine\n'
    header, rows, broken = read_rows(text)
    assert header == ["id", "note"]
    assert [line for line, _ in broken] == [2] and "unterminated quote" in broken[0][1]
    assert rows == []  # the open quote swallows the rest of the file: nothing after it is guessed


def test_a_broken_revision_table_is_one_error_naming_its_line():
    import pytest

    with pytest.raises(revision.RevisionError, match=r"raw/x.csv:3: not readable as CSV"):
        revision.parse_table("raw/x.csv", b'id,note\na,ok\nb,"bad"x\n')


def test_validate_parses_each_raw_file_once(scratch, monkeypatch):
    """Intake parses each raw file; the review takes its rows, and parses none again (the size cap only counts bytes and lines)."""
    parsed: Counter[str] = Counter()
    original_intake, original_revision = intake.read_raw_csv, revision.parse_table

    def by_intake(root, table, file):
        parsed[file] += 1
        return original_intake(root, table, file)

    def by_revision(file, data):
        parsed[file] += 1
        return original_revision(file, data)

    monkeypatch.setattr(intake, "read_raw_csv", by_intake)
    monkeypatch.setattr(revision, "parse_table", by_revision)
    assert validate(scratch).errors == []
    raw = {rel: n for rel, n in parsed.items() if rel.startswith("raw/")}
    assert set(raw) == {f"raw/{name}" for name in intake.hand_edited_files()}
    assert set(raw.values()) == {1}, raw
