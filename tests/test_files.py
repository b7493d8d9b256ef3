"""Safe file access: integrity, symlinks, bounded JSON, atomic writes."""

from __future__ import annotations

import os
import stat

import pytest

from kuzbass_data.files import IntegrityError, UnsafeFileError, atomic_write, entry_kind, parse_json, read_regular, sha256, verify


def test_sha256():
    assert sha256(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_verify_accepts_the_recorded_hash_with_or_without_prefix():
    verify(b"abc", {"hash": "sha256:" + sha256(b"abc")}, "f", "d")
    verify(b"abc", {"hash": sha256(b"abc")}, "f", "d")


@pytest.mark.parametrize("resource", [{}, {"hash": ""}, {"hash": "sha256:"}, {"hash": 5}])
def test_verify_without_a_hash_raises(resource):
    with pytest.raises(IntegrityError, match="d records no sha256 for f"):
        verify(b"abc", resource, "f", "d")


def test_verify_mismatch_names_both_hashes():
    with pytest.raises(IntegrityError) as err:
        verify(b"abc", {"hash": "sha256:" + sha256(b"abd")}, "data/f.csv", "datapackage.json")
    message = str(err.value)
    assert message.startswith("data/f.csv does not match its sha256 in datapackage.json")
    assert sha256(b"abd")[:12] in message and sha256(b"abc")[:12] in message


def test_entry_kinds(tmp_path):
    (tmp_path / "f").write_text("x")
    (tmp_path / "d").mkdir()
    (tmp_path / "l").symlink_to(tmp_path / "f")
    assert [entry_kind(tmp_path / n) for n in ("f", "d", "l", "none")] == ["file", "folder", "symlink", "missing"]


def test_read_regular_refuses_symlinks_and_folders(tmp_path):
    (tmp_path / "f").write_bytes(b"data")
    (tmp_path / "l").symlink_to(tmp_path / "f")
    assert read_regular(tmp_path / "f") == b"data"
    with pytest.raises(UnsafeFileError, match="symlink"):
        read_regular(tmp_path / "l")
    with pytest.raises(UnsafeFileError, match="folder"):
        read_regular(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "none")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff{}", "is not UTF-8 (byte offset 0)"),
        (b'{\n "a": oops}', "is not valid JSON: Expecting value at line 2, column 7"),
        (b"[" * 100_000 + b"]" * 100_000, "is not a usable descriptor: its JSON is nested too deeply"),
        (b"9" * 100_000, "is not a usable descriptor: Exceeds the limit"),
    ],
)
def test_parse_json_refuses_cleanly(data, reason):
    with pytest.raises(ValueError) as err:
        parse_json(data)
    assert str(err.value).startswith(reason)
    assert "\n" not in str(err.value)


def test_parse_json():
    assert parse_json('{"a": [1, "é"]}'.encode()) == {"a": [1, "é"]}


def test_atomic_write_creates_folders_and_readable_files(tmp_path):
    target = tmp_path / "new" / "folder" / "file.csv"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(target.parent) == ["file.csv"]


def test_atomic_write_leaves_nothing_behind_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "file.csv"
    target.write_bytes(b"old")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file.csv"]


def test_other_kinds_of_entries(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    assert entry_kind(tmp_path / "pipe") == "other"
    with pytest.raises(UnsafeFileError, match="other"):
        read_regular(tmp_path / "pipe")


def test_a_symlink_swapped_in_after_the_check_is_not_followed(tmp_path, monkeypatch):
    import kuzbass_data.files as files

    (tmp_path / "secret").write_bytes(b"secret")
    (tmp_path / "link").symlink_to(tmp_path / "secret")
    monkeypatch.setattr(files, "entry_kind", lambda path: "file")  # the race: it looked like a file
    with pytest.raises(OSError):
        read_regular(tmp_path / "link")


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="none"):
        read_regular(tmp_path / "none")


def test_read_regular_refuses_a_file_over_its_limit_and_reads_one_at_it(tmp_path):
    from kuzbass_data.files import FileTooLargeError

    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 10)
    assert read_regular(path, 10) == b"x" * 10
    with pytest.raises(FileTooLargeError):
        read_regular(path, 9)
