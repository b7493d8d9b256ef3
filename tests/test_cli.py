"""The command line: subcommands, exit codes and clean errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kuzbass_data.cli import main


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kuzbass_data.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_version(capsys):
    import kuzbass_data

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"kuzbass-data {kuzbass_data.__version__}"


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("list", "describe", "show", "export", "build", "validate", "cite"):
        assert command in result.stdout


def test_list(capsys):
    import kuzbass_data as kd

    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert f"{len(kd.load('coal_output'))} rows" in out and "coal_output" in out


@pytest.mark.parametrize("command", ["list", "cite", "describe coal_output"])
def test_fast_commands_do_not_import_pandas(command):
    code = f"import sys; from kuzbass_data.cli import main; main({command.split()!r}); print('PANDAS' if 'pandas' in sys.modules else 'NO-PANDAS')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("NO-PANDAS")


def test_describe_and_show(capsys):
    import re

    from kuzbass_data.loader import records

    assert main(["describe", "rations"]) == 0
    assert "nationality" in capsys.readouterr().out
    assert main(["show", "coal_output", "-n", "2", "--format", "parquet"]) == 0
    out = capsys.readouterr().out
    ids = [r["id"] for r in records("coal_output")]  # the table's first rows, whatever a contribution added
    assert len(ids) > 2 and re.findall(r"^id +(\S+)$", out, re.MULTILINE) == ids[:2]


def test_unknown_table_is_a_clean_error():
    result = run("show", "coal")
    assert result.returncode == 2
    assert result.stderr.startswith("kuzbass-data: unknown table 'coal'; valid names are:")
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2():
    result = run("export", "--format", "pdf", "--out", "x")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_validate_exit_codes(repo, minimal, source_text):
    ok = run("validate", str(repo), "--source-text", str(source_text))
    assert ok.returncode == 0, ok.stdout
    assert ": 0 problems found" in ok.stdout.strip().splitlines()[-1]  # the reviewer's warnings may follow
    path = minimal / "raw" / "coal_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",donbass,", ",Donbas,"), encoding="utf-8")
    bad = run("validate", str(minimal))
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert any(line.startswith("raw/coal_output.csv:3: basin: 'Donbas' is not an allowed basin") for line in lines)
    assert lines[-1].startswith("checked ")
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("command", [["validate", "."], ["build", "."], ["build", ".", "--check"]])
def test_contributor_commands_name_the_extra_when_pandera_is_missing(monkeypatch, capsys, repo, command):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pandera" else real(name, *a))
    monkeypatch.chdir(repo)
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "kuzbass-data[validate]" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_validate_output_is_sorted_by_file_and_line(scratch):
    for table, old, new in (("rations", ",japanese,", ",Japanese,"), ("accidents", ",kemerovo,central_mine,", ",Kemerovo,central_mine,"), ("accidents", "accidents-1931-reported,", "Accidents-1931,")):
        path = scratch / "raw" / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    lines = [line for line in run("validate", str(scratch)).stdout.splitlines() if line.startswith("raw/")]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys) and len(keys) >= 3


def test_missing_root_and_source_text_are_clean_errors(tmp_path):
    result = run("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "is not a folder" in result.stderr
    result = run("validate", ".", "--source-text", str(tmp_path / "none.txt"))
    assert result.returncode == 2 and "not found" in result.stderr


def test_validate_reports_a_missing_raw_folder(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "raw: folder is missing" in result.stdout


def test_internal_errors_are_one_line(monkeypatch, capsys):
    import kuzbass_data.cli as cli

    def boom(args):
        raise OSError("disk on fire")

    monkeypatch.setattr(cli, "cmd_list", boom)
    monkeypatch.delenv("KUZBASS_DATA_DEBUG", raising=False)
    assert cli.main(["list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kuzbass-data: internal error: OSError: disk on fire") and "Traceback" not in err


def test_export_csv_and_parquet(tmp_path, capsys):
    assert main(["export", "--format", "parquet", "--out", str(tmp_path / "pq"), "--table", "rations"]) == 0
    # rations refers to sources, so sources comes along: the folder is a package on its own.
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == ["datapackage.json", "rations.parquet", "sources.parquet"]
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "csv")]) == 0
    import kuzbass_data as kd

    assert len(list((tmp_path / "csv").glob("*.csv"))) == len(kd.tables())


def test_cite(capsys):
    assert main(["cite", "--style", "text"]) == 0
    assert "10.1017/S0020859015000462" in capsys.readouterr().out


def test_a_failure_of_the_validator_itself_exits_2(monkeypatch, capsys, repo):
    import kuzbass_data.gate.validate as validate_module

    def broken(root):
        raise MemoryError("out of memory")

    monkeypatch.setattr(validate_module, "check_raw", broken)
    monkeypatch.delenv("KUZBASS_DATA_DEBUG", raising=False)
    assert main(["validate", str(repo)]) == 2
    err = capsys.readouterr().err
    assert "internal error: MemoryError" in err and "Traceback" not in err


def test_source_text_that_is_not_utf8_is_a_clean_error(tmp_path, repo):
    bad = tmp_path / "source.txt"
    bad.write_bytes(b"\xff\xfe not text")
    result = run("validate", str(repo), "--source-text", str(bad))
    assert result.returncode == 2 and "is not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_validate_prints_no_raw_control_characters_from_the_files(scratch, capsys):
    # An id with an ESC sequence is reported; neither the problem nor the coverage report that
    # quotes the id may send the sequence to the terminal.
    path = scratch / "raw" / "coal_output.csv"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n")[1]
    path.write_text(text + first.replace(first.split(",")[0], "kuzbass-1941-outcome\x1b[2K", 1) + "\n", encoding="utf-8")
    assert main(["validate", str(scratch)]) == 1
    out = capsys.readouterr().out
    assert "kuzbass-1941-outcome" in out and "\x1b" not in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="address-space limits as on Linux CI runners")
def test_validate_and_build_work_under_a_memory_limit(scratch):
    """No read allocates more than its file needs: a 1 GiB buffer per file once made every run a MemoryError under `ulimit -v`."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    for command in (["build", str(scratch)], ["validate", str(scratch)]):
        done = subprocess.run([sys.executable, "-m", "kuzbass_data.cli", *command], capture_output=True, text=True, preexec_fn=limit, check=False)
        assert (command[0], done.returncode, "internal error" in done.stderr) == (command[0], 0, False), done.stderr


@pytest.mark.parametrize("how", ["--width", "COLUMNS"])
def test_describe_wraps_at_the_terminal_width(capsys, monkeypatch, how):
    """Every line fits: descriptions and allowed terms wrap at the width, and nothing is cut off."""
    from kuzbass_data.schema import get_table

    width = 50
    if how == "COLUMNS":
        monkeypatch.setenv("COLUMNS", str(width))  # what shutil.get_terminal_size reads first
        argv = ["describe", "deportations"]
    else:
        argv = ["describe", "deportations", "--width", str(width)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= width
    words = " ".join(out.split())
    table = get_table("deportations")
    for text in (table.description, *(f.description for f in table.fields), *(", ".join(f.vocabulary.allowed) for f in table.fields if f.vocabulary)):
        assert " ".join(text.split()) in words  # wrapped, never shortened


def test_site_counts_the_files_it_wrote(tmp_path, capsys, monkeypatch):
    """Without openpyxl the workbook is listed as missing on the home page, and not counted as a file written."""
    import importlib.util
    import re

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name, *a))
    out = tmp_path / "site"
    assert main(["site", "--out", str(out)]) == 0
    said = int(re.search(r"wrote (\d+) files", capsys.readouterr().out).group(1))
    assert said == sum(1 for p in out.rglob("*") if p.is_file())


def test_get_and_show_print_numbers_as_the_wording_does(capsys):
    """A number cell is shown by wording.number_text (the one rule for displays), never as a float's repr."""
    from kuzbass_data.loader import records
    from kuzbass_data.wording import number_text

    row = next(r for r in records("observations") if r["value"] and float(r["value"]) >= 1000)
    assert main(["get", row["id"], "--width", "200"]) == 0
    printed = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines() if line.startswith(("value ", "value_low ", "value_high ")) and len(line.split()) > 1)
    assert printed["value"] == number_text(row["value"]) != row["value"]
    assert main(["show", row["table"], "--columns", "id,value", "--width", "200"]) == 0
    shown = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines()[2:] if len(line.split()) == 2}
    assert shown[row["id"]] == number_text(row["value"])
