"""Checks of the published files: integrity, staleness and Frictionless validity.

- Integrity: every resource in both descriptors exists and matches its recorded
  sha256 (and byte count, for CSV). Frictionless does not check Parquet hashes,
  so this check is the one that does.
- Staleness: the files equal what raw/ builds now (Parquet compared by content).
- Frictionless: datapackage.json is valid JSON and a valid data package, data included.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

from .cells import CheckedTable
from .frictionless_check import DESCRIPTOR
from .problems import Problem

DATA_DIR = "kuzbass_data/data"
REBUILD = "run `kuzbass-data build` and commit the result; never edit published files by hand"


def check_published(root: Path, checked: dict[str, CheckedTable] | None, frictionless_run: subprocess.Popen[str] | None) -> list[Problem]:
    """Problems of the published files under ``root``; staleness only when raw/ passed (``checked``).

    ``frictionless_run`` is the Frictionless validation started by ``start_frictionless``.
    """
    problems: list[Problem] = []
    for rel in (DESCRIPTOR, f"{DATA_DIR}/{DESCRIPTOR}"):
        descriptor, found = read_descriptor(root, rel)
        problems += found
        if descriptor is not None:
            problems += _integrity(root, rel, descriptor)
    if checked is not None:
        problems += _staleness(root, checked)
    if frictionless_run is not None:
        problems += _frictionless_problems(frictionless_run)
    return problems


def read_descriptor(root: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The descriptor at ``root/rel`` parsed, or the problem that prevents it."""
    path = root / rel
    if not path.is_file():
        return None, [Problem(rel, None, None, "is missing", REBUILD)]
    try:
        value = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        return None, [Problem(rel, None, None, f"is not UTF-8 (byte offset {err.start})", REBUILD)]
    except json.JSONDecodeError as err:
        return None, [Problem(rel, err.lineno, None, f"is not valid JSON: {err.msg} at column {err.colno}", REBUILD)]
    if not isinstance(value, dict) or not isinstance(value.get("resources"), list):
        return None, [Problem(rel, None, "resources", "is not a data package descriptor with a list of resources", REBUILD)]
    return value, []


def _integrity(root: Path, rel: str, descriptor: dict[str, Any]) -> list[Problem]:
    base = (root / rel).parent
    problems = []
    for position, resource in enumerate(descriptor["resources"], start=1):
        where = f"resource {position}"
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            problems.append(Problem(rel, None, where, "has no path", REBUILD))
            continue
        path = PurePosixPath(resource["path"])
        if path.is_absolute() or ".." in path.parts:
            problems.append(Problem(rel, None, where, f"path {resource['path']!r} leaves the package", "resource paths must be relative and inside the package"))
            continue
        file = base / path
        shown = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
        if not file.is_file():
            problems.append(Problem(shown, None, None, f"is missing (listed in {rel})", REBUILD))
            continue
        data = file.read_bytes()
        recorded = str(resource.get("hash", ""))
        actual = hashlib.sha256(data).hexdigest()
        if recorded.removeprefix("sha256:") != actual:
            problems.append(Problem(shown, None, None, f"sha256 {actual[:12]}… does not match {rel} ({recorded.removeprefix('sha256:')[:12] or 'none'}…)", REBUILD))
        if resource.get("format") == "csv" and resource.get("bytes") != len(data):
            problems.append(Problem(shown, None, None, f"has {len(data)} bytes but {rel} records {resource.get('bytes')}", REBUILD))
    return problems


def _staleness(root: Path, checked: dict[str, CheckedTable]) -> list[Problem]:
    from ..build import BuildError, build_outputs

    try:
        result = build_outputs(root, checked, gate=False)
    except BuildError as err:
        return err.problems
    problems = []
    for rel, content in result.files.items():
        path = root / rel
        if not path.is_file():
            problems.append(Problem(rel, None, None, "is missing", REBUILD))
            continue
        current = path.read_bytes()
        if current == content:
            continue
        if rel.endswith(".parquet"):
            problems.append(Problem(rel, None, None, f"is stale: {_first_parquet_difference(path, result.arrow[PurePosixPath(rel).stem])}", REBUILD))
        else:
            line = _first_differing_line(current, content)
            problems.append(Problem(rel, line, None, "is stale: this line differs from what raw/ builds", REBUILD))
    return problems


def _first_differing_line(current: bytes, expected: bytes) -> int:
    a, b = current.split(b"\n"), expected.split(b"\n")
    for number, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return number
    return min(len(a), len(b)) + 1


def _first_parquet_difference(path: Path, expected: Any) -> str:
    import pyarrow.parquet as pq

    try:
        current = pq.read_table(path)
    except Exception as err:  # an unreadable file is reported, not raised
        return f"it cannot be read as Parquet ({err})"
    if current.schema != expected.schema:
        return "its columns or types differ from what raw/ builds"
    if current.num_rows != expected.num_rows:
        return f"it has {current.num_rows} rows, raw/ builds {expected.num_rows}"
    for i, (x, y) in enumerate(zip(current.to_pylist(), expected.to_pylist()), start=1):
        if x != y:
            return f"row {i} (id {y.get('id')!r}) differs from what raw/ builds"
    return "its metadata differs from what raw/ builds"


def _frictionless_problems(run: subprocess.Popen[str]) -> list[Problem]:
    out, err = run.communicate()
    try:
        found = json.loads(out) if run.returncode == 0 else None
    except json.JSONDecodeError:
        found = None
    if not isinstance(found, list):
        detail = err.strip().splitlines()[-1] if err.strip() else f"exit status {run.returncode}"
        raise RuntimeError(f"Frictionless validation could not run: {detail}")
    return [Problem(**item) for item in found]
