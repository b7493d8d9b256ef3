"""Shared fixtures: the repository root, the source text, and scratch copies of the repository."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE_TEXT = REPO.parent / "shared" / "seeds" / "000_70e563e479d74c0a.txt"


@pytest.fixture
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture
def source_text() -> Path:
    """The source article's text, which lives beside the repository, never in it."""
    if not SOURCE_TEXT.is_file():
        pytest.skip(f"the source text is not available at {SOURCE_TEXT} (it lives in ../shared beside the checkout)")
    return SOURCE_TEXT


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the repository's raw/, id registry and published files, safe to break."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "raw", root / "raw")
    shutil.copytree(REPO / "registry", root / "registry")
    shutil.copytree(REPO / "audit", root / "audit")  # the reviewed exceptions are part of the gate's input
    shutil.copytree(REPO / "kuzbass_data" / "data", root / "kuzbass_data" / "data")
    shutil.copy(REPO / "datapackage.json", root / "datapackage.json")
    shutil.copytree(REPO / "proofs", root / "proofs")  # the excerpt proofs, so excerpts verify without the text
    return root


@pytest.fixture
def with_fixture(scratch: Path) -> Callable[[str, str], Path]:
    """Put ``tests/fixtures/<fixture>`` in place of ``raw/<table>.csv`` in the scratch copy."""

    def put(fixture: str, table: str) -> Path:
        shutil.copy(FIXTURES / fixture, scratch / "raw" / f"{table}.csv")
        return scratch

    return put


def problems_in(root: Path, file: str, source_text: Path | None = None) -> list:
    """The problems ``validate`` finds in one file of ``root`` (raw checks only)."""
    from kuzbass_data.validate import validate

    report = validate(root, source_text, published=False)
    return [p for p in report.sorted_problems() if p.file == file]


def only(problems: list, *, line: int | None, column: str | None, contains: str):
    """The single problem at ``line`` and ``column`` whose message contains ``contains``."""
    matches = [p for p in problems if p.line == line and p.column == column and contains in p.message]
    assert len(matches) == 1, f"expected one problem at line {line}, column {column} with {contains!r}; got {[str(p) for p in problems]}"
    return matches[0]


def edit_raw(root: Path, table: str, old: str, new: str) -> None:
    """Replace the first ``old`` by ``new`` in ``raw/<table>.csv``; ``old`` must be there."""
    path = root / "raw" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
