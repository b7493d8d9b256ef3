"""The build: determinism, --check, refusal on bad input, observations."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kuzbass_data.cli import main
from kuzbass_data.files import sha256
from kuzbass_data.publish import build
from kuzbass_data.sentence import period_words


def _snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_repository_is_up_to_date(repo, capsys):
    assert main(["build", str(repo), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_rebuild_from_nothing_is_deterministic(scratch):
    import pyarrow.parquet as pq

    committed = _snapshot(scratch / "kuzbass_data" / "data")
    shutil.rmtree(scratch / "kuzbass_data" / "data")
    (scratch / "datapackage.json").unlink()
    written = build.write_outputs(scratch, build.build_outputs(scratch))
    # Everything but the id registry, which only grows and so was never deleted above.
    assert sorted(written) == sorted(f for f in build.build_outputs(scratch).files if f != "registry/published_ids.csv")
    first = _snapshot(scratch)
    shutil.rmtree(scratch / "kuzbass_data" / "data")
    (scratch / "datapackage.json").unlink()
    build.write_outputs(scratch, build.build_outputs(scratch))
    assert _snapshot(scratch) == first
    rebuilt = _snapshot(scratch / "kuzbass_data" / "data")
    for name, content in rebuilt.items():
        if name.endswith(".csv"):
            assert content == committed[name], name
        elif name.endswith(".parquet"):
            # Parquet bytes may differ between Arrow versions; the content may not.
            assert pq.read_table(scratch / "kuzbass_data" / "data" / name).equals(_read(committed[name]), check_metadata=True), name


def _read(data):
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(data))


def _change_first_note(root, table: str) -> None:
    import csv
    import io

    path = root / "raw" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("note")] = (rows[1][rows[0].index("note")] + " Changed.").strip()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_check_names_stale_files_and_writes_nothing(scratch, capsys):
    _change_first_note(scratch, "rations")
    before = _snapshot(scratch)
    assert main(["build", str(scratch), "--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    [problem] = [line for line in out if line.startswith("kuzbass_data/data:")]  # one cause, one problem
    assert "kuzbass_data/data/rations.csv (from line 2)" in problem and "kuzbass_data/data/observations.csv (from line" in problem
    assert "datapackage.json (from line" in problem and "run `kuzbass-data build`" in problem
    assert _snapshot(scratch) == before


def test_build_refuses_bad_input_and_writes_nothing(scratch, capsys):
    _change_first_note(scratch, "coal_output")
    path = scratch / "raw" / "coal_output.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",kuzbass,", ",Kuzbas,", 1).replace(",donbass,", ",Donbas,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    before = _snapshot(scratch)
    assert main(["build", str(scratch)]) == 1
    out = capsys.readouterr().out
    assert "raw/coal_output.csv:3: basin:" in out and "is not an allowed basin" in out
    assert "nothing was written" in out
    assert _snapshot(scratch) == before


def test_build_does_not_import_the_validator():
    code = "import sys; import kuzbass_data.publish.build; print(sorted(m for m in sys.modules if m.startswith('kuzbass_data.gate.validate')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_published_files_are_readable_by_everyone(scratch):
    import stat

    shutil.rmtree(scratch / "kuzbass_data" / "data")
    build.write_outputs(scratch, build.build_outputs(scratch))
    for path in (scratch / "kuzbass_data" / "data").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_build_writes_only_what_changed(scratch):
    _change_first_note(scratch, "mining_conditions")
    written = build.write_outputs(scratch, build.build_outputs(scratch))
    assert set(written) == {
        "kuzbass_data/data/mining_conditions.csv",
        "kuzbass_data/data/mining_conditions.parquet",
        "kuzbass_data/data/observations.csv",
        "kuzbass_data/data/observations.parquet",
        "datapackage.json",
        "kuzbass_data/data/datapackage.json",
    }


def test_observations_stack_every_row(scratch):
    result = build.build_outputs(scratch)
    from kuzbass_data.schema import DATA_TABLES

    obs = result.frames["observations"]
    assert len(obs) == sum(len(result.frames[t.name]) for t in DATA_TABLES)
    assert list(obs["id"]) == [i for t in DATA_TABLES for i in result.frames[t.name]["id"]]


def test_labels_and_periods_in_words():
    import pandas as pd

    from kuzbass_data.schema import get_table

    accidents = {
        "measure": "deaths",
        "place": "kemerovo; prokopyevsk",
        "mine": "central_mine",
        "kind": "methane_explosion",
        "period_start": "1931",
        "period_end": "1931",
        "period_precision": "season",
        "season": "summer",
    }
    assert build._label(get_table("accidents"), accidents) == "Mine accidents: deaths (kemerovo and prokopyevsk, central mine, methane explosion), summer 1931"
    assert build._label(get_table("accidents"), {**accidents, "status": "claimed"}).endswith(", summer 1931 [claimed]")
    assert period_words(accidents) == "summer 1931"
    assert period_words({"year": 1940, "base_year": 1928}) == "1928 to 1940"
    assert period_words({"year": 1940, "base_year": None}) == "1940"
    assert period_words({"period_start": "1920", "period_end": "1929", "period_precision": "decade", "season": None}) == "1920s"
    assert period_words({"period_start": "1947", "period_end": None, "period_precision": "year", "season": None}) == "from 1947"
    assert period_words({"period_start": None, "period_end": "1947", "period_precision": "year", "season": None}) == "until 1947"
    assert period_words({"period_start": "1930", "period_end": "1932", "period_precision": "year", "season": None}) == "1930 to 1932"
    assert period_words({"period_start": None, "period_end": None, "period_precision": None, "season": None}) == ""
    assert period_words({"period_start": "1938", "period_end": None, "period_precision": "year", "period_relation": "after"}) == "after 1938"
    assert period_words({"period_start": None, "period_end": "1937", "period_precision": "year", "period_relation": "by"}) == "by 1937"
    assert pd.isna(pd.NA)


def test_published_parquet_with_same_content_is_kept(scratch):
    # A Parquet file with the same table but other bytes (as another Arrow version writes it)
    # is kept: the build does not rewrite it, and the descriptors record its hash.
    import pyarrow.parquet as pq

    target = scratch / "kuzbass_data" / "data" / "coal_output.parquet"
    pq.write_table(pq.read_table(target), target, compression="snappy")
    result = build.build_outputs(scratch)
    assert result.files["kuzbass_data/data/coal_output.parquet"] == target.read_bytes()
    assert sha256(target.read_bytes()) in result.files["datapackage.json"].decode("utf-8")


def test_schema_gate_maps_pandera_failures_to_lines():
    # The pandera schema checks the built observations table; a failure is mapped to its line.
    import numpy as np

    import kuzbass_data as kd
    from kuzbass_data.gate.intake import schema_gate
    from kuzbass_data.schema import get_table

    frame = kd.load("coal_output").copy()
    frame.loc[1, "value"] = -1.0
    problems, failed = schema_gate(frame, get_table("coal_output"), "raw/coal_output.csv", np.arange(2, 2 + len(frame)))
    assert [(p.file, p.line, p.column, p.code) for p in problems] == [("raw/coal_output.csv", 3, "value", "below-minimum")]
    assert failed["value"].tolist() == [i == 1 for i in range(len(frame))]


def test_the_build_adds_a_new_rows_id_to_the_registry(scratch: Path) -> None:
    # The registry only grows: a row added to raw/ gets its id registered by the build, under its table.
    path = scratch / "raw" / "coal_output.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = lines[1]
    row_id = row.split(",", 1)[0]
    path.write_text("".join(lines) + row.replace(row_id + ",", "new-row-for-the-registry,", 1), encoding="utf-8")
    registry = build.build_outputs(scratch).files["registry/published_ids.csv"].decode("utf-8")
    assert "new-row-for-the-registry,coal_output" in registry.splitlines()
    assert any(line.startswith(row_id + ",") for line in registry.splitlines())  # nothing is removed
