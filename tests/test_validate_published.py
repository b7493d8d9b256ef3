"""The built files: descriptors, integrity and staleness, judged by `build --check` (main and release), never by a
pull request's `validate`."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from conftest import errors_only, only
from kuzbass_data.gate.validate import validate
from kuzbass_data.publish.build import check


def _problems(root):
    return sorted(set(check(root)), key=lambda p: p.sort_key())


def _edit_descriptor(root, change, rel: str = "datapackage.json") -> None:
    path = root / rel
    package = json.loads(path.read_text(encoding="utf-8"))
    change(package)
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


def test_untouched_copy_is_valid(scratch):
    assert _problems(scratch) == []
    report = validate(scratch)
    assert report.ok, [str(p) for p in errors_only(report)]


def test_validate_does_not_judge_the_built_files(scratch):
    """A contribution changes raw/ and not the built files: `validate` passes it; `build --check` (main) names the rebuild."""
    path = scratch / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Target of the First Five-Year Plan.", "The target of the First Five-Year Plan."), encoding="utf-8")
    assert validate(scratch).errors == []
    problem = only(check(scratch), code="stale-file")
    assert "kuzbass-data build" in problem.hint


def test_stale_files_are_one_problem_naming_each_file_and_the_one_command(scratch):
    import csv
    import io

    path = scratch / "raw" / "coal_output.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("note")] = (rows[1][rows[0].index("note")] + " Changed.").strip()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    problem = only(_problems(scratch), code="stale-file", file="kuzbass_data/data")
    assert "kuzbass_data/data/coal_output.csv (from line 2)" in problem.message and "coal_output.parquet (row 1" in problem.message
    assert "kuzbass-data build" in problem.hint


def test_tampered_published_file_is_reported_once(scratch):
    path = scratch / "kuzbass_data" / "data" / "rations.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    problem = only(_problems(scratch), code="hash-mismatch", file="kuzbass_data/data/rations.csv")
    assert "datapackage.json" in problem.message


def test_tampered_parquet_fails_its_hash(scratch):
    path = scratch / "kuzbass_data" / "data" / "accidents.parquet"
    path.write_bytes(path.read_bytes() + b"\0")
    only(_problems(scratch), code="hash-mismatch", file="kuzbass_data/data/accidents.parquet")


def test_byte_count_mismatch(scratch):
    def change(package):
        package["resources"][0]["bytes"] += 1

    _edit_descriptor(scratch, change)
    only(_problems(scratch), code="byte-count-mismatch", file="kuzbass_data/data/sources.csv")


def test_invalid_json_descriptor(scratch):
    (scratch / "datapackage.json").write_text('{\n  "name": "kuzbass-data",\n  oops\n}\n', encoding="utf-8")
    problem = only(_problems(scratch), code="descriptor-invalid", file="datapackage.json", line=3)
    assert "kuzbass-data build" in problem.hint


@pytest.mark.parametrize(("name", "content"), [("deep", b"[" * 100_000 + b"]" * 100_000), ("long number", b'{"resources": [], "n": ' + b"9" * 100_000 + b"}")])
def test_hostile_json_gets_a_clean_problem(scratch, name, content):
    (scratch / "datapackage.json").write_bytes(content)
    problem = only(_problems(scratch), code="descriptor-invalid", file="datapackage.json")
    assert len(str(problem)) < 400


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("path", "https://example.org/data.csv"),
        ("path", "//example.org/data.csv"),
        ("path", "/etc/passwd"),
        ("path", "../secrets.csv"),
        ("path", "file:///etc/passwd"),
        ("schema", "http://example.org/schema.json"),
        ("dialect", "C:\\dialect.json"),
    ],
)
def test_unsafe_references_are_refused_unopened(scratch, key, value):
    def change(package):
        package["resources"][0][key] = value

    _edit_descriptor(scratch, change)
    problem = only(_problems(scratch), code="unsafe-reference", file="datapackage.json", column="resource 1")
    assert key in problem.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_published_file_is_refused_unread(scratch, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("TOP-SECRET\n", encoding="utf-8")
    target = scratch / "kuzbass_data" / "data" / "rations.csv"
    target.unlink()
    target.symlink_to(secret)
    problem = only(_problems(scratch), code="not-a-regular-file", file="kuzbass_data/data/rations.csv")
    assert "TOP-SECRET" not in str(problem)


def test_missing_hash_is_a_hash_problem(scratch):
    def change(package):
        del package["resources"][0]["hash"]

    _edit_descriptor(scratch, change)
    only(_problems(scratch), code="hash-mismatch", file="kuzbass_data/data/sources.csv")


def test_missing_descriptor(scratch):
    (scratch / "datapackage.json").unlink()
    only(_problems(scratch), code="descriptor-missing", file="datapackage.json")


def test_validate_never_writes(scratch):
    path = scratch / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",kuzbass,", ",kuzbas,", 1), encoding="utf-8")
    before = {p: p.read_bytes() for p in scratch.rglob("*") if p.is_file()}
    validate(scratch)
    after = {p: p.read_bytes() for p in scratch.rglob("*") if p.is_file()}
    assert before == after


def test_hand_edited_published_file_with_matching_hash_is_stale(scratch):
    # A published file edited by hand, with its hash and size updated to match, differs from
    # what raw/ builds: the build's check names it (Frictionless in CI checks its types too).
    path = scratch / "kuzbass_data" / "data" / "rations.csv"
    data = path.read_bytes().replace(b",750,", b",lots,")
    path.write_bytes(data)

    def change(package):
        for resource in package["resources"]:
            if resource["name"] == "rations":
                resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
                resource["bytes"] = len(data)

    _edit_descriptor(scratch, change)
    _edit_descriptor(scratch, change, "kuzbass_data/data/datapackage.json")
    problem = only(_problems(scratch), code="stale-file")
    for rel in ("kuzbass_data/data/rations.csv", "datapackage.json", "kuzbass_data/data/datapackage.json"):
        assert rel in problem.message


@pytest.mark.parametrize("content", [b"[]", b'{"name": "kuzbass-data"}', b'{"resources": {}}'])
def test_descriptor_without_a_list_of_resources_names_that_key(tmp_path, content):
    from kuzbass_data.gate.published import read_descriptor

    (tmp_path / "datapackage.json").write_bytes(content)
    value, problems = read_descriptor(tmp_path, "datapackage.json")
    assert value is None
    only(problems, code="descriptor-invalid", file="datapackage.json", line=None, column="resources")


@pytest.mark.parametrize("value", ["..\\secrets.csv", "\\etc\\passwd", "data\\..\\..\\secrets.csv"])
def test_backslashes_count_as_path_separators(value):
    # A descriptor written on Windows may use backslashes: they cannot smuggle a path out of the package.
    from kuzbass_data.gate.published import unsafe_reference

    assert unsafe_reference(value)
    assert unsafe_reference(value.replace("..\\", "").replace("\\etc", "etc")) == ""


def test_a_file_already_reported_does_not_stop_the_check_of_the_next_resources(scratch):
    # Both descriptors list every file; a file reported under the first is skipped under the
    # second, and the second's later resources are still checked.
    tampered = scratch / "kuzbass_data" / "data" / "sources.csv"
    tampered.write_bytes(tampered.read_bytes() + b"\n")
    last = {}

    def change(package):
        resource = [r for r in package["resources"] if r.get("format") == "csv"][-1]
        resource["bytes"] += 1
        last["file"] = "kuzbass_data/data/" + resource["path"]

    _edit_descriptor(scratch, change, "kuzbass_data/data/datapackage.json")
    problems = [(p.code, p.file) for p in _problems(scratch)]
    assert problems == sorted([("hash-mismatch", "kuzbass_data/data/sources.csv"), ("byte-count-mismatch", last["file"])], key=lambda c: c[1])
