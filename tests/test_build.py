"""The build: determinism, --check, refusal on bad input, observations."""

from __future__ import annotations

import shutil


from kuzbass_data import build
from kuzbass_data.cli import main


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
    assert len(build.write_outputs(scratch, build.build_outputs(scratch))) == 30
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


def test_check_names_stale_files_and_writes_nothing(scratch, capsys):
    path = scratch / "raw" / "rations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("'other underground miners' than hewers.", "other underground miners."), encoding="utf-8")
    before = _snapshot(scratch)
    assert main(["build", str(scratch), "--check"]) == 1
    out = capsys.readouterr().out
    assert "kuzbass_data/data/rations.csv: differs" in out
    assert "kuzbass_data/data/observations.csv: differs" in out
    assert "datapackage.json: differs" in out
    assert _snapshot(scratch) == before


def test_build_refuses_bad_input_and_writes_nothing(with_fixture, capsys):
    root = with_fixture("vocabulary.csv", "coal_output")
    before = _snapshot(root)
    assert main(["build", str(root)]) == 1
    out = capsys.readouterr().out
    assert "raw/coal_output.csv:3: basin: 'Donbas' is not an allowed basin" in out
    assert "nothing was written" in out
    assert _snapshot(root) == before


def test_build_writes_only_what_changed(scratch):
    path = scratch / "raw" / "mining_conditions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("(Footnote 1 precedes it)", "(Footnote 1 is before it)"), encoding="utf-8")
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

    assert len(result.frames["observations"]) == sum(len(result.frames[t.name]) for t in DATA_TABLES)
    obs = result.frames["observations"].set_index("id")
    assert obs.loc["accident-1931-summer-deaths", "period"] == "summer 1931"
    assert obs.loc["kuzbass-1928-1940-growth", "period"] == "1928 to 1940"
    assert obs.loc["urban-population-growth-1920s", "period"] == "1920s"
    assert obs.loc["ration-hewer-after-1947", "period"] == "after 1947"
    assert obs.loc["accident-1936-09-22-deaths", "label"] == "Mine accidents: deaths (kemerovo, central mine, methane explosion), 1936-09-22"
    assert obs.loc["internees-1947-sent", "label"] == "Deportations and forced transfers of labour: sent (internees, from soviet zone germany, to kuzbass and karaganda), 1947"


def test_published_parquet_with_same_content_is_kept(scratch):
    # A Parquet file with the same table but other bytes (as another Arrow version writes it)
    # is kept: the build does not rewrite it, and the descriptors record its hash.
    import pyarrow.parquet as pq

    target = scratch / "kuzbass_data" / "data" / "coal_output.parquet"
    pq.write_table(pq.read_table(target), target, compression="snappy")
    result = build.build_outputs(scratch)
    assert result.files["kuzbass_data/data/coal_output.parquet"] == target.read_bytes()
    assert build.sha256(target.read_bytes()) in result.files["datapackage.json"].decode("utf-8")


def test_schema_gate_maps_pandera_failures_to_lines():
    # The pandera schema is the build's last gate; a frame that slipped past the raw checks is caught.
    import numpy as np

    import kuzbass_data as kd
    from kuzbass_data.schema import get_table

    frame = kd.load("coal_output").copy()
    frame.loc[2, "value"] = -1.0
    problems = build.schema_gate(frame, get_table("coal_output"), "raw/coal_output.csv", np.arange(2, 2 + len(frame)))
    assert [(p.file, p.line, p.column) for p in problems] == [("raw/coal_output.csv", 4, "value")]
    assert "greater_than_or_equal_to(0" in problems[0].message
