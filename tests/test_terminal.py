"""`show` fits the terminal: a record view with the full excerpt, or a table of chosen columns."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import kuzbass_data as kd
from kuzbass_data import terminal
from kuzbass_data.cli import main


def _show(capsys, *args: str) -> list[str]:
    assert main(["show", *args]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("width", [80, 60])
def test_show_fits_the_width_and_keeps_the_whole_excerpt(capsys, width):
    lines = _show(capsys, "coal_output", "--width", str(width))
    assert max(len(line) for line in lines) <= width
    joined = " ".join(" ".join(lines).split())
    for excerpt in kd.load("coal_output")["excerpt"]:
        assert " ".join(excerpt.split()) in joined  # never cut at 60 characters
    values = [line.split()[1] for line in lines if line.startswith("value ")]
    assert values  # `value` is shown, not hidden


def test_show_columns_prints_a_table_of_those_columns(capsys):
    lines = _show(capsys, "coal_output", "--columns", "id,year,value,qualifier,status", "--width", "80")
    assert lines[0].split() == ["id", "year", "value", "qualifier", "status"]
    assert len(lines) == 2 + len(kd.load("coal_output"))
    assert max(len(line) for line in lines) <= 80


def test_show_columns_too_wide_fall_back_to_records(capsys):
    lines = _show(capsys, "coal_output", "--columns", "id,excerpt", "--width", "60")
    assert any(line.startswith("excerpt ") for line in lines)
    assert max(len(line) for line in lines) <= 60


def test_show_unknown_column_is_a_usage_error(capsys):
    assert main(["show", "coal_output", "--columns", "id,nope"]) == 2
    err = capsys.readouterr().err
    assert "'nope'" in err and len(err.strip().splitlines()) == 1


def test_piped_output_is_plain_and_follows_columns_env():
    env = {**os.environ, "COLUMNS": "70"}
    result = subprocess.run([sys.executable, "-m", "kuzbass_data.cli", "show", "rations"], capture_output=True, text=True, env=env, check=True)
    assert "\x1b" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 70


def test_record_wraps_long_values_and_never_cuts():
    text = "word " * 50
    lines = terminal.record({"excerpt": text.strip(), "id": "x"}, 40)
    assert max(len(line) for line in lines) <= 40
    assert " ".join(" ".join(line.split()[1:] if i == 0 else line.split()) for i, line in enumerate(lines[:-1])) == text.strip()
