"""No process-global state left changed: reading raw/ or a revision never changes ``csv.field_size_limit``
or the garbage collector's thresholds, which belong to the whole process (a user's notebook, another
library), and a cell over the csv module's limit is still one problem at its line, not a traceback."""

from __future__ import annotations

import csv
import gc

import pytest

import kuzbass_data.gate.validate as gate
from conftest import errors_only, only
from kuzbass_data.gate.revision import read_worktree
from kuzbass_data.gate.validate import YOUNG_GENERATION, fewer_collections, validate


def test_the_gate_leaves_the_field_size_limit_alone(scratch):
    before = csv.field_size_limit()
    validate(scratch)
    read_worktree(scratch)
    assert csv.field_size_limit() == before


def test_a_cell_over_the_csv_limit_is_one_problem_at_its_line(scratch):
    path = scratch / "raw" / "rations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("note")] = "x" * (csv.field_size_limit() + 1)
    out = [lines[0], ",".join(f'"{c}"' for c in cells), *lines[2:]]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    problem = only(errors_only(validate(scratch)), code="malformed-csv", line=2, file="raw/rations.csv")
    assert f"longer than {csv.field_size_limit()} characters" in problem.message


@pytest.fixture
def python_default_collector():
    """The collector at Python's default thresholds for the test (a gate that failed to restore them
    in an earlier test must not hide it), and as it was after."""
    original = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*original)


def test_the_gate_collects_less_often_only_while_it_runs(scratch, monkeypatch, python_default_collector):
    # The garbage collector belongs to the whole process too: the gate raises its young threshold
    # while it runs (fewer collections of its many short-lived rows), keeps it on, and restores it.
    during = []
    checked = gate._validate
    monkeypatch.setattr(gate, "_validate", lambda *a, **k: (during.append((gc.get_threshold(), gc.isenabled())), checked(*a, **k))[1])
    validate(scratch)
    assert during == [((YOUNG_GENERATION, 10, 10), True)]
    assert gc.get_threshold() == python_default_collector


def test_the_collector_is_restored_when_the_gate_fails(python_default_collector):
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a failure inside the gate")
    assert gc.get_threshold() == python_default_collector
