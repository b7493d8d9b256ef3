"""The published files: staleness, integrity, descriptor and Frictionless validity."""

from __future__ import annotations

import json

from kuzbass_data.validate import validate


def _problems(root, file):
    return [p for p in validate(root).sorted_problems() if p.file == file]


def test_untouched_copy_is_valid(scratch):
    report = validate(scratch)
    assert report.ok, [str(p) for p in report.sorted_problems()]
    assert report.summary().startswith("checked 13 tables, ")


def test_stale_csv_names_file_and_first_differing_line(scratch):
    path = scratch / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1937,,17,", ",1937,,18,").replace("to 17 million", "to 18 million"), encoding="utf-8")
    problems = _problems(scratch, "kuzbass_data/data/coal_output.csv")
    stale = [p for p in problems if "is stale" in p.message]
    assert len(stale) == 1 and stale[0].line == 5
    parquet = [p for p in _problems(scratch, "kuzbass_data/data/coal_output.parquet") if "is stale" in p.message]
    assert len(parquet) == 1 and "row 4 (id 'kuzbass-1937-outcome')" in parquet[0].message


def test_tampered_published_file_fails_its_hash_and_bytes(scratch):
    path = scratch / "kuzbass_data" / "data" / "rations.csv"
    path.write_bytes(path.read_bytes().replace(b",750,", b",800,"))
    messages = [p.message for p in _problems(scratch, "kuzbass_data/data/rations.csv")]
    assert any("sha256" in m and "does not match datapackage.json" in m for m in messages)
    assert any("sha256" in m and "kuzbass_data/data/datapackage.json" in m for m in messages)


def test_tampered_parquet_fails_its_hash(scratch):
    # Frictionless does not check Parquet hashes; the validator does.
    path = scratch / "kuzbass_data" / "data" / "accidents.parquet"
    path.write_bytes(path.read_bytes() + b"\0")
    assert any("sha256" in p.message for p in _problems(scratch, "kuzbass_data/data/accidents.parquet"))


def test_byte_count_mismatch(scratch):
    path = scratch / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"][0]["bytes"] += 1
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    assert any("records" in p.message for p in _problems(scratch, "kuzbass_data/data/sources.csv"))


def test_invalid_json_descriptor(scratch):
    (scratch / "datapackage.json").write_text('{\n  "name": "kuzbass-data",\n  oops\n}\n', encoding="utf-8")
    problems = _problems(scratch, "datapackage.json")
    invalid = [p for p in problems if "is not valid JSON" in p.message]
    assert len(invalid) == 1 and invalid[0].line == 3
    assert "kuzbass-data build" in invalid[0].hint


def test_invalid_frictionless_descriptor(scratch):
    path = scratch / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"][2]["schema"]["fields"][0]["type"] = "nonsense"
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    assert any("Frictionless" in p.message for p in validate(scratch).problems)


def test_resource_path_outside_the_package_is_refused(scratch):
    path = scratch / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"][0]["path"] = "../secrets.csv"
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    assert any("leaves the package" in p.message for p in _problems(scratch, "datapackage.json"))


def test_validate_never_writes(scratch):
    path = scratch / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",kuzbass,1937", ",kuzbas,1937"), encoding="utf-8")
    before = {p: p.read_bytes() for p in scratch.rglob("*") if p.is_file()}
    validate(scratch)
    after = {p: p.read_bytes() for p in scratch.rglob("*") if p.is_file()}
    assert before == after


def test_frictionless_reports_bad_data_with_file_line_and_column(scratch):
    # A published file edited by hand, with its hash and size updated to match, still fails
    # Frictionless validation of its data.
    import hashlib

    path = scratch / "kuzbass_data" / "data" / "rations.csv"
    data = path.read_bytes().replace(b",750,", b",lots,")
    path.write_bytes(data)
    descriptor = scratch / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == "rations":
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            resource["bytes"] = len(data)
    descriptor.write_text(json.dumps(package, indent=2), encoding="utf-8")
    found = [p for p in validate(scratch).problems if p.message.startswith("Frictionless type-error")]
    assert [(p.file, p.line, p.column) for p in found] == [("kuzbass_data/data/rations.csv", 5, "value")]
