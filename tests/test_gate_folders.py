"""Every folder the gate reads is refused when it is a symbolic link: one problem, and nothing under it is read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import only
from kuzbass_data.gate.validate import validate
from kuzbass_data.paths import GATE_FOLDERS

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


def _link(root: Path, rel: str, outside: Path) -> None:
    """Move ``root/rel`` (or an empty folder) outside the checkout and leave a symbolic link in its place."""
    target = outside / rel.replace("/", "_")
    if (root / rel).is_dir():
        shutil.move(root / rel, target)
    else:
        target.mkdir(parents=True)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).symlink_to(target, target_is_directory=True)


@pytest.mark.parametrize("rel", GATE_FOLDERS)
def test_a_linked_gate_folder_is_one_problem(scratch, tmp_path, rel):
    _link(scratch, rel, tmp_path / "outside")
    report = validate(scratch, [])
    problem = only(report.problems, code="folder-is-symlink", file=rel)
    assert problem.line is None and "symbolic link" in problem.message
    assert not report.ok


def test_a_linked_audit_folder_cannot_silence_a_finding(scratch, tmp_path):
    """The attack: audit/ pointing out of the checkout, at exceptions that would pass a wrong number."""
    _link(scratch, "audit", tmp_path / "outside")
    report = validate(scratch, [])
    assert [p.code for p in report.problems] == ["folder-is-symlink"] and report.notes == []


def test_real_folders_pass(scratch):
    assert validate(scratch, []).ok
