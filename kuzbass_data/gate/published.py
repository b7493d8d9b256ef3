"""Checks of the published files: the descriptors' safety and every file's integrity.

- Descriptor: valid JSON (however deep or long), a list of resources whose paths and
  schema references are relative paths inside the package: URLs and absolute paths
  are refused before anything could open them.
- Integrity: every resource in both descriptors is a regular file (never a symlink)
  matching its recorded sha256 (and byte count, for CSV); ``files.verify`` is the one
  integrity check, shared with the loader.

This check and staleness make ``build --check`` (``build.check``), which runs on main and at
release, never on a pull request; ``frictionless validate`` runs after it has refused any
descriptor that names a URL.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from ..files import IntegrityError, UnsafeFileError, entry_kind, parse_json, read_regular, verify
from ..paths import DESCRIPTORS
from .problems import Problem

REBUILD = "run `kuzbass-data build` (a maintainer's step after merging: contributions need not carry built files)"
# A scheme such as http:, https:, file: or s3: makes a path a URL.
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Keys of a resource that name a file Frictionless would open.
FILE_KEYS = ("path", "schema", "dialect")


def check_published(root: Path) -> list[Problem]:
    """Problems of both descriptors under ``root`` and of every file they list."""
    problems: list[Problem] = []
    reported: set[str] = set()  # a file listed in both descriptors is reported once
    for rel in DESCRIPTORS:
        descriptor, found = read_descriptor(root, rel)
        problems += found
        if descriptor is not None:
            problems += _integrity(root, rel, descriptor, reported)
    return problems


def read_descriptor(root: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The descriptor at ``root/rel`` parsed, or the problem that prevents it."""
    try:
        data = read_regular(root / rel)
    except FileNotFoundError:
        return None, [Problem(rel, None, None, "is missing", REBUILD, code="descriptor-missing")]
    except UnsafeFileError:
        return None, [Problem(rel, None, None, f"is a {entry_kind(root / rel)}, not a regular file: it is not read", REBUILD, code="not-a-regular-file")]
    try:
        value = parse_json(data)
    except ValueError as err:
        line = re.search(r"at line (\d+)", str(err))
        return None, [Problem(rel, int(line.group(1)) if line else None, None, str(err), REBUILD, code="descriptor-invalid")]
    if not isinstance(value, dict) or not isinstance(value.get("resources"), list):
        return None, [Problem(rel, None, "resources", "is not a data package descriptor with a list of resources", REBUILD, code="descriptor-invalid")]
    return value, []


def unsafe_reference(value: str) -> str:
    """Why ``value`` may not be a file reference in a descriptor; empty when it is a safe relative path."""
    if URL.match(value) or value.startswith("//"):
        return "is a URL: a descriptor names only files inside the package"
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or not value:
        return "is an absolute path: paths must be relative and inside the package"
    if ".." in path.parts:
        return "leaves the package: paths must be relative and inside the package"
    return ""


def _integrity(root: Path, rel: str, descriptor: dict[str, Any], reported: set[str]) -> list[Problem]:
    base = PurePosixPath(rel).parent
    problems = []
    for position, resource in enumerate(descriptor["resources"], start=1):
        where = f"resource {position}"
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            problems.append(Problem(rel, None, where, "has no path", REBUILD, code="resource-invalid"))
            continue
        unsafe = [(key, resource[key], unsafe_reference(resource[key])) for key in FILE_KEYS if isinstance(resource.get(key), str)]
        unsafe = [u for u in unsafe if u[2]]
        for key, value, reason in unsafe:
            problems.append(Problem(rel, None, where, f"{key} {value[:100]!r} {reason}", "resource paths and schemas must be relative files inside the package", code="unsafe-reference"))
        if unsafe:
            continue
        shown = (base / resource["path"]).as_posix()
        if shown in reported:
            continue
        before = len(problems)
        try:
            data = read_regular(root / shown)
        except FileNotFoundError:
            problems.append(Problem(shown, None, None, f"is missing (listed in {rel})", REBUILD, code="published-file-missing"))
            continue
        except UnsafeFileError:
            problems.append(Problem(shown, None, None, f"is a {entry_kind(root / shown)}, not a regular file: it is not read", REBUILD, code="not-a-regular-file"))
            continue
        try:
            verify(data, resource, shown, rel)
        except IntegrityError as err:
            problems.append(Problem(shown, None, None, str(err).split(": the file")[0].removeprefix(f"{shown} "), REBUILD, code="hash-mismatch"))
        else:
            if resource.get("format") == "csv" and resource.get("bytes") != len(data):
                problems.append(Problem(shown, None, None, f"has {len(data)} bytes but {rel} records {resource.get('bytes')}", REBUILD, code="byte-count-mismatch"))
        if len(problems) > before:
            reported.add(shown)
    return problems
