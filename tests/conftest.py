"""Shared fixtures: the repository, the source text, scratch copies, and a minimal valid repository.

Problem tests start from ``minimal``: a tiny valid raw/ (header-only files, a few rows
copied from the published data, frozen here), so that each test's one edit is the only
thing wrong and ``only`` can assert that exactly one problem is reported.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kuzbass_data.gate.problems import Problem, Report

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
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
    _copy_contributable(root, ("sources", "changes"))
    return root


# What a contribution can add beside raw/ (an open source's text, change notes): copied whenever present,
# so that the tests stay green on any valid contribution (CONTRIBUTING.md; .ci/run proves it).
def _copy_contributable(root: Path, folders: tuple[str, ...]) -> None:
    for name in folders:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A minimal valid repository: raw/ only, every hand-edited table, few rows."""
    from kuzbass_data.schema import ALL_TABLES

    root = tmp_path / "minimal"
    (root / "raw").mkdir(parents=True)
    for table in ALL_TABLES:
        if not table.is_hand_edited:
            continue
        target = root / "raw" / f"{table.name}.csv"
        if table.name == "sources":
            shutil.copy(REPO / "raw" / "sources.csv", target)
        elif (MINIMAL / f"{table.name}.csv").is_file():
            shutil.copy(MINIMAL / f"{table.name}.csv", target)
        else:
            target.write_text(",".join(table.field_names) + "\n", encoding="utf-8")
    _proofs_of_rows_present(root)
    _copy_contributable(root, ("sources",))  # raw/sources.csv is copied whole: so are the open texts it names
    return root


def _proofs_of_rows_present(root: Path) -> None:
    """Every proofs/<source>.json cut to the rows of ``root``'s raw/, so their excerpts verify without the text."""
    import csv
    import json

    from kuzbass_data.gate.proof import ExcerptProof, _entry, render_file

    present = set()
    for path in (root / "raw").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            present |= {row["id"] for row in csv.DictReader(handle) if "excerpt" in row}
    (root / "proofs").mkdir()
    # The frozen rows' own proofs, for a row that a valid contribution retired from the repository's proofs.
    frozen = json.loads((FIXTURES / "minimal_proofs.json").read_text(encoding="utf-8"))
    for path in sorted((REPO / "proofs").glob("*.json")):
        proofs = json.loads(path.read_text(encoding="utf-8"))
        kept = {k: v for k, v in proofs["proofs"].items() if k in present}
        if path.stem == "landau-2015" and (proofs.get("fingerprint"), proofs.get("text_root")) == (frozen["fingerprint"], frozen["text_root"]):
            kept |= {k: v for k, v in frozen["proofs"].items() if k in present and k not in kept}
        entries = {k: _entry(v) for k, v in sorted(kept.items())}
        assert all(isinstance(e, ExcerptProof) for e in entries.values()), path
        # the one form a proofs file has (the strict schema refuses any other spacing or order)
        text = render_file(proofs["source_id"], proofs["fingerprint"], proofs["text_root"], proofs["words"], entries)  # type: ignore[arg-type]
        (root / "proofs" / path.name).write_text(text, encoding="utf-8")


def problems_in(root: Path, source_text: Path | None = None, *, warnings: bool = False) -> list[Problem]:
    """Every error ``validate`` finds in raw/ under ``root`` (published files not checked), uncapped;
    with ``warnings``, the reviewer's warnings too."""
    from kuzbass_data.gate.validate import validate

    found = validate(root, source_text).problems
    return sorted({p for p in found if warnings or p.level != "warning"}, key=Problem.sort_key)


def errors_only(report: Report) -> list[Problem]:
    """A report's errors, sorted: the reviewer's warnings (applied acknowledgements, caution phrases) never fail the gate."""
    return sorted((p for p in report.sorted_problems() if p.level != "warning"), key=Problem.sort_key)


def raw_problems_in(root: Path) -> list[Problem]:
    """The problems of the reading and row-rule steps only (``check_raw``): for tests of those engines
    whose edits are valid as rows but no longer say what their excerpt says."""
    from kuzbass_data.gate.validate import check_raw

    return sorted(set(check_raw(root)[1]), key=Problem.sort_key)


_ANY = object()


def only(problems: list[Problem], *, code: str, line: object = _ANY, column: object = _ANY, file: object = _ANY) -> Problem:
    """The one problem reported, which must have ``code`` (and ``line``, ``column``, ``file`` when given)."""
    shown = [f"{p} [{p.code}]" for p in problems]
    assert len(problems) == 1, f"expected exactly one problem ({code}); got {shown}"
    problem = problems[0]
    assert problem.code == code, shown
    # Every problem says what is wrong and how to fix it (the wording itself is not pinned).
    assert isinstance(problem.message, str) and problem.message, shown
    assert isinstance(problem.hint, str) and problem.hint, shown
    for name, expected in (("line", line), ("column", column), ("file", file)):
        if expected is not _ANY:
            assert getattr(problem, name) == expected, f"{name}: expected {expected!r}; got {shown}"
    return problem


def edit_line(root: Path, table: str, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on physical line ``line`` (1 = header) of ``raw/<table>.csv``."""
    path = root / "raw" / f"{table}.csv"
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_bytes("\n".join(lines).encode("utf-8"))


def append_line(root: Path, table: str, text: str) -> int:
    """Append one line to ``raw/<table>.csv``; return its line number."""
    path = root / "raw" / f"{table}.csv"
    data = path.read_text(encoding="utf-8")
    path.write_text(data + text + "\n", encoding="utf-8")
    return data.count("\n") + 1


def edit_raw(root: Path, table: str, old: str, new: str) -> None:
    """Replace the first ``old`` by ``new`` in ``raw/<table>.csv``; ``old`` must be there."""
    path = root / "raw" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


Edit = Callable[[bytes], bytes]


def on_line(line: int, old: str, new: str) -> Edit:
    """An edit of the valid file: ``old`` becomes ``new`` on physical line ``line``."""

    def apply(data: bytes) -> bytes:
        lines = data.split(b"\n")
        assert old.encode() in lines[line - 1], (old, lines[line - 1])
        lines[line - 1] = lines[line - 1].replace(old.encode(), new.encode(), 1)
        return b"\n".join(lines)

    return apply
