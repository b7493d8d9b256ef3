"""Safe file access: integrity checks, atomic writes, refusing symlinks, bounded JSON.

Standard library only, so the loader can use it without importing pandas. Every
published file is read through ``verify`` (its SHA-256 against the descriptor) and
every file the package writes goes through ``atomic_write``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Written files are readable by everyone, as a package's files should be (never 0600).
FILE_MODE = 0o644


class IntegrityError(RuntimeError):
    """A shipped data file does not match the hash recorded in datapackage.json."""


class UnsafeFileError(OSError):
    """A path that must be a regular file is a symlink, a folder or something else."""


class FileTooLargeError(UnsafeFileError):
    """A regular file larger than its reader's limit: it is not read."""


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def verify(data: bytes, resource: dict[str, Any], shown: str, descriptor: str) -> None:
    """Raise IntegrityError unless ``data`` matches the sha256 that ``resource`` records.

    ``shown`` names the file and ``descriptor`` the descriptor, in the message.
    """
    recorded = resource.get("hash")
    if not isinstance(recorded, str) or not recorded.removeprefix("sha256:"):
        raise IntegrityError(f"{descriptor} records no sha256 for {shown}; run `kuzbass-data build` in a checkout, or reinstall kuzbass-data")
    expected = recorded.removeprefix("sha256:")
    actual = sha256(data)
    if actual != expected:
        raise IntegrityError(
            f"{shown} does not match its sha256 in {descriptor} (expected {expected[:12]}…, found {actual[:12]}…): "
            "the file was modified or corrupted; reinstall kuzbass-data, or run `kuzbass-data build` in a checkout"
        )


def entry_kind(path: Path) -> str:
    """'file', 'folder', 'symlink', 'missing' or 'other', without following a symlink."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "other"


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path``, which must be a regular file: a symlink is refused unread.

    FileNotFoundError when it is missing, UnsafeFileError when it is not a regular file,
    FileTooLargeError when it holds more than ``limit`` bytes (checked before reading).
    """
    kind = entry_kind(path)
    if kind == "missing":
        raise FileNotFoundError(str(path))
    if kind != "file":
        raise UnsafeFileError(f"{path} is a {kind}, not a regular file")
    # O_NOFOLLOW: a symlink swapped in after the check above is still not followed.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        if limit is not None and os.fstat(handle.fileno()).st_size > limit:
            raise FileTooLargeError(f"{path} is larger than {limit:,} bytes")
        # read() takes the size the file has; read(limit) would allocate ``limit`` bytes up front.
        data = handle.read()
    if limit is not None and len(data) > limit:  # grew after the check
        raise FileTooLargeError(f"{path} is larger than {limit:,} bytes")
    return data


def parse_json(data: bytes) -> Any:
    """``data`` parsed as UTF-8 JSON; ValueError with a one-line reason when it cannot be.

    Deep nesting and huge numbers are refused with a ValueError too, never a RecursionError.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"is not UTF-8 (byte offset {err.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except RecursionError:
        raise ValueError("is not a usable descriptor: its JSON is nested too deeply") from None
    except ValueError as err:  # Python's limit on the digits of an integer
        raise ValueError(f"is not a usable descriptor: {str(err).splitlines()[0]}") from None


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only when the block succeeds, so a
    reader never sees half a file (writers that need a path: SQLite, xlsx, zip)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file, so a reader never sees half a file."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def linked_folders(root: Path, folders: Iterable[str]) -> list[str]:
    """The folders of ``folders`` (relative to ``root``) that are symbolic links, or lie under one."""
    linked: list[str] = []
    for rel in folders:
        if any(Path(rel).is_relative_to(parent) for parent in linked):
            continue  # under a folder already reported: one link, one problem
        path = root
        for part in Path(rel).parts:
            path = path / part
            if entry_kind(path) == "symlink":
                linked.append(rel)
                break
    return linked
