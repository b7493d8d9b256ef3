"""No process-global csv state: reading raw/ or a revision never changes ``csv.field_size_limit``,
which belongs to the whole process (a user's notebook, another library), and a cell over the csv
module's limit is still one problem at its line, not a traceback."""

from __future__ import annotations

import csv

from conftest import errors_only, only
from kuzbass_data.gate.revision import read_worktree
from kuzbass_data.gate.validate import validate


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
