"""One revision of the data: its hand-edited tables, id registry, version and changelog.

A revision is read from a working tree, from a git commit or from a released package (a
wheel, a zipped data package, or a folder holding ``datapackage.json``), with the csv module
only: no pandas, so ``diff`` answers at once. Every file is treated as hostile: symbolic links
are refused, every file is capped at ``MAX_FILE_BYTES``, git runs without a shell, with an
argument list and a timeout, and a package's resource paths must stay inside the package.
Any failure is a ``RevisionError`` with a one-line message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UsageError
from ..files import FileTooLargeError, UnsafeFileError, read_regular
from ..paths import ABOUT_FILE, BUILT_FILES, CHANGELOG_FILE, CHANGES_DIR, CHANGES_README, DESCRIPTOR, RAW_DIR, REGISTRY_FILE, raw_file
from ..schema import ALL_TABLES
from .rowdata import Row, read_rows

# The largest file a revision reads; anything bigger is refused, not read.
# A bound against runaway reads, not a size policy: raw tables of a million rows (about 250 MB) fit.
MAX_FILE_BYTES = 1024 * 1024 * 1024
# The most bytes of a revision's hand-edited files read in one call of git.
BATCH_BYTES = 64 * 1024 * 1024
# Seconds any one git command may take.
GIT_TIMEOUT = 30
# The hand-edited tables, in publication order: the ones a revision holds.
HAND_EDITED = tuple(t.name for t in ALL_TABLES if t.is_hand_edited)
VERSION_LINE = re.compile(r"""^__version__\s*=\s*["']([^"'\n]*)["']""", re.MULTILINE)

# Reads one file of a revision by its path relative to the root; None when it does not exist.
Reader = Callable[[str], bytes | None]


class RevisionError(UsageError):
    """A revision cannot be read: an unknown ref, a corrupt package, a refused file (a usage error: one line, exit 2)."""

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message)
        # The refused file, relative to the revision's root, when one file is the cause.
        self.file = file


@dataclass
class TableRows:
    """The rows of one hand-edited table, keyed by id."""

    # Where the table was read from, relative to the revision's root ("raw/coal_output.csv").
    file: str
    # The header, in file order.
    columns: list[str]
    # Each row's cells by column name, keyed by the row's id (the first row of a repeated id wins).
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    # The physical line (1-based) on which each row starts, keyed by id.
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Revision:
    """Everything the review checks need from one revision of the repository or package."""

    # How to name the revision in messages ("working tree", "main (1a2b3c4)", "kuzbass-data-0.1.0.zip").
    label: str
    # The hand-edited tables present in the revision, by table name.
    tables: dict[str, TableRows] = field(default_factory=dict)
    # The id registry (id -> table first published in); None when the revision has none (a package).
    registry: dict[str, str] | None = None
    # The line of each id in the registry file.
    registry_lines: dict[str, int] = field(default_factory=dict)
    # The package version, or None when it cannot be found.
    version: str | None = None
    # The version's line in kuzbass_data/__about__.py, when read from a source tree.
    version_line: int | None = None
    # The text of CHANGELOG.md; None for a released package.
    changelog: str | None = None
    # The change notes: path ("changes/x.md") -> text; empty for a released package.
    changes: dict[str, str] = field(default_factory=dict)
    # The built files (datapackage.json, kuzbass_data/data/*) -> their git blob id; None for a package.
    built: dict[str, str] | None = None

    def ids(self) -> dict[str, str]:
        """Every published id (data rows, conflicts, sources) -> its table; retirements excluded."""
        return {rid: name for name, t in self.tables.items() if name != "retired_ids" for rid in t.rows}

    def retired(self) -> dict[str, dict[str, str]]:
        """The retirements: retired id -> its row of retired_ids."""
        t = self.tables.get("retired_ids")
        return dict(t.rows) if t is not None else {}


def read_worktree(root: Path, label: str = "working tree", tables: Mapping[str, tuple[list[str], Sequence[Row]]] | None = None) -> Revision:
    """The revision in the folder ``root`` (a checkout: raw/, registry/, __about__.py, CHANGELOG.md).

    ``tables`` holds raw tables already read (by intake, in ``validate``), by name: (columns, rows).
    They are taken as they are, so that one run reads each raw file once."""
    if not (root / RAW_DIR).is_dir():
        raise RevisionError(f"{root} has no raw/ folder: pass the repository root")
    listed = [rel for folder in (CHANGES_DIR, *BUILT_FILES) for rel in _listing(root, folder)]
    return _source_tree(label, lambda rel: read_file(root, rel), listed, tables=tables)


def _listing(root: Path, rel: str) -> list[str]:
    """``rel`` itself when it is a file under ``root``, else the files directly in the folder ``rel``
    (never following a symbolic link: a linked entry is listed, and refused when read)."""
    path = root / rel
    if path.is_symlink() or path.is_file():
        return [rel]
    if not path.is_dir():
        return []
    return sorted(f"{rel}/{p.name}" for p in path.iterdir() if p.is_symlink() or p.is_file())


def about_version(root: Path, default: str) -> str:
    """The version written in ``root``'s kuzbass_data/__about__.py (a release rewrites it while this
    process runs, so the imported ``__version__`` may be older); ``default`` when there is none."""
    return _about(root).get("__version__", default)


def about_released(root: Path) -> str:
    """The release date written in ``root``'s kuzbass_data/__about__.py ("" when there is none)."""
    return _about(root).get("__released__", "")


def _about(root: Path) -> dict[str, str]:
    try:
        data = read_file(root, ABOUT_FILE)
    except RevisionError:
        return {}
    text = data.decode("utf-8", errors="replace") if data is not None else ""
    return dict(re.findall(r"""^(__version__|__released__)\s*=\s*["']([^"'\n]*)["']""", text, re.MULTILINE))


def read_commit(root: Path, ref: str) -> Revision:
    """The revision at git commit ``ref`` of the repository at ``root``, read with ``git``."""
    if not ref or ref.startswith("-") or any(ch in ref for ch in "\0\n\r") or len(ref) > 250:
        raise RevisionError(f"{ref!r} is not a git ref this command accepts")
    try:
        sha = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", what=f"git ref {ref!r}").strip()
    except RevisionError as err:
        if "not a git repository" in str(err) or "git is not installed" in str(err):
            raise
        raise RevisionError(f"{ref!r} is neither a file, a folder nor a commit of the repository at {root}") from None
    listing = git(root, "ls-tree", "-r", "-z", "--full-tree", "-l", sha, "--", RAW_DIR, "registry", ABOUT_FILE, CHANGELOG_FILE, CHANGES_DIR, *BUILT_FILES, what=f"the tree of {ref}")
    entries: dict[str, tuple[str, str, str]] = {}
    for entry in filter(None, listing.split("\0")):
        meta, _, path = entry.partition("\t")
        mode, _kind, obj, size = meta.split()
        entries[path] = (mode, obj, size)

    def read(rel: str) -> bytes | None:
        if rel not in entries:
            return None
        mode, obj, size = entries[rel]
        if mode == "120000":
            raise RevisionError(f"{rel} is a symbolic link in {ref}: refused")
        if not mode.startswith("100") or not size.isdigit() or int(size) > MAX_FILE_BYTES:
            raise RevisionError(f"{rel} in {ref} is not a regular file under {MAX_FILE_BYTES // 1048576} MB: refused")
        if not batch:  # the first read fetches the batch; an empty one (too large) is never fetched
            batch.append(_read_blobs(root, list(hand_edited)) if sum(hand_edited.values()) <= BATCH_BYTES else {})
        found = batch[0].get(obj)
        return found if found is not None else _git_bytes(root, "cat-file", "blob", obj)

    # The hand-edited files of the listing (built files are compared by their ids, unread) are read
    # in one call of git on the first read, rather than one call each, when they are not large.
    hand_edited = {o: int(z) for p, (m, o, z) in entries.items() if m.startswith("100") and z.isdigit() and not p.startswith(BUILT_FILES)}
    batch: list[dict[str, bytes]] = []
    listed = [p for p in entries if p.startswith((f"{CHANGES_DIR}/", *BUILT_FILES)) and p.count("/") <= 2]
    blobs = {path: obj for path, (mode, obj, _size) in entries.items() if mode.startswith("100")}
    return _source_tree(f"{ref} ({sha[:7]})", read, listed, blobs)


def read_package(path: Path) -> Revision:
    """The revision of a released package: a wheel, a zipped data package or a folder with datapackage.json."""
    if path.is_dir():
        if not (path / DESCRIPTOR).is_file():
            raise RevisionError(f"{path} holds neither raw/ nor {DESCRIPTOR}: pass a checkout, a package folder, a wheel or a zip")
        return _package(path.name, "", lambda rel: read_file(path, rel))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise RevisionError(f"{path} is not a readable wheel or zip file ({err})") from None
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        descriptors = sorted((n for n in members if PurePosixPath(n).name == DESCRIPTOR), key=lambda n: (n.count("/"), n))
        if not descriptors:
            raise RevisionError(f"{path} holds no {DESCRIPTOR}: it is not a kuzbass-data package")
        prefix = descriptors[0][: -len(DESCRIPTOR)]

        def read(rel: str) -> bytes | None:
            info = members.get(rel)
            if info is None:
                return None
            if stat.S_ISLNK(info.external_attr >> 16):
                raise RevisionError(f"{rel} in {path.name} is a symbolic link: refused")
            if info.file_size > MAX_FILE_BYTES:
                raise RevisionError(f"{rel} in {path.name} is larger than {MAX_FILE_BYTES // 1048576} MB: refused")
            try:
                with archive.open(info) as handle:
                    return handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as err:  # corrupt, encrypted, unknown compression
                raise RevisionError(f"{rel} in {path.name} cannot be read ({err})") from None

        return _package(path.name, prefix, read)


def default_base(root: Path) -> str:
    """The merge base of HEAD with main (or origin/main): the default revision to compare with."""
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", "HEAD", branch, what=f"the merge base with {branch}").strip()
        except RevisionError as err:
            last = err
    raise RevisionError(f"no merge base with main or origin/main ({last}); pass BASE explicitly")


def open_base(root: Path, spec: str | None) -> Revision:
    """The revision ``spec`` names: an existing path (checkout, package folder, wheel, zip), else a git ref."""
    if spec is None:
        sha = default_base(root)
        revision = read_commit(root, sha)
        revision.label = f"merge base with main ({sha[:7]})"
        return revision
    path = Path(spec)
    if not spec.startswith("-") and os.path.lexists(spec):
        if path.is_symlink():
            raise RevisionError(f"{spec} is a symbolic link: pass the folder or file itself")
        if path.is_dir() and (path / RAW_DIR).is_dir():
            return read_worktree(path, label=spec)
        return read_package(path)
    return read_commit(root, spec)


def _read_blobs(root: Path, objects: list[str]) -> dict[str, bytes]:
    """The contents of the git blobs ``objects`` (ids), from one ``git cat-file --batch``."""
    wanted = list(dict.fromkeys(objects))
    out = _git_bytes(root, "cat-file", "--batch", what="the files of the base", stdin="".join(f"{o}\n" for o in wanted).encode())
    blobs: dict[str, bytes] = {}
    at = 0
    for obj in wanted:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if end < 0 or len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
            at = end + 1 if end >= 0 else len(out)
            continue  # missing or not a blob: read on its own, which says why
        size = int(header[2])
        blobs[obj] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return blobs


def git(root: Path, *args: str, what: str) -> str:
    """The text output of ``git -C root ARGS``; RevisionError naming ``what`` when git fails."""
    return _git_bytes(root, *args, what=what).decode("utf-8", errors="replace")


def _git_bytes(root: Path, *args: str, what: str = "a git object", stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        # Without input, git reads nothing: stdin is closed, so no prompt can wait on the terminal.
        run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=GIT_TIMEOUT, env=env, check=False, input=stdin, stdin=subprocess.DEVNULL if stdin is None else None)
    except FileNotFoundError:
        raise RevisionError("git is not installed: pass a released package as BASE instead") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git took longer than {GIT_TIMEOUT} s to read {what}") from None
    if run.returncode != 0:
        detail = run.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit status {run.returncode}"
        if "not a git repository" in reason:
            raise RevisionError(f"{root} is not a git repository: pass a released package as BASE instead")
        raise RevisionError(f"cannot read {what}: {reason[:200]}")
    return run.stdout


def read_file(root: Path, rel: str) -> bytes | None:
    """The bytes of ``root/rel``, refusing symbolic links anywhere below ``root`` and big files."""
    path = root
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            raise RevisionError(f"{rel} is (or lies under) a symbolic link: refused; commit the file itself", rel)
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except FileTooLargeError:
        raise RevisionError(f"{rel} is larger than {MAX_FILE_BYTES // 1048576} MB: refused", rel) from None
    except UnsafeFileError:
        raise RevisionError(f"{rel} is not a regular file: refused", rel) from None
    except OSError as err:
        raise RevisionError(f"{rel} cannot be read: {err.strerror}", rel) from None


def blob_id(data: bytes) -> str:
    """The id git gives a file's bytes (``git hash-object``): a commit's built files are compared by it without being read."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _source_tree(label: str, read: Reader, listed: list[str] | None = None, blobs: dict[str, str] | None = None, *, tables: Mapping[str, tuple[list[str], Sequence[Row]]] | None = None) -> Revision:
    built: dict[str, str] = {}
    revision = Revision(label, built=built)
    for rel in listed or []:
        if blobs is not None and rel in blobs and not rel.startswith(f"{CHANGES_DIR}/"):
            built[rel] = blobs[rel]
            continue
        data = read(rel)
        if data is None:
            continue
        if rel.startswith(f"{CHANGES_DIR}/"):
            if rel.endswith(".md") and rel != CHANGES_README:
                revision.changes[rel] = data.decode("utf-8", errors="replace")
        else:
            built[rel] = blob_id(data)
    for name in HAND_EDITED:
        rel = raw_file(name)
        if tables is not None and name in tables:
            revision.tables[name] = keyed(rel, *tables[name])
            continue
        data = read(rel)
        if data is not None:
            revision.tables[name] = parse_table(rel, data)
    registry = read(REGISTRY_FILE)
    if registry is not None:
        rows = parse_table(REGISTRY_FILE, registry)
        revision.registry = {rid: row.get("table", "") for rid, row in rows.rows.items()}
        revision.registry_lines = rows.lines
    about = read(ABOUT_FILE)
    if about is not None:
        text = about.decode("utf-8", errors="replace")
        found = VERSION_LINE.search(text)
        if found:
            revision.version = found.group(1)
            revision.version_line = text.count("\n", 0, found.start()) + 1
    changelog = read(CHANGELOG_FILE)
    if changelog is not None:
        revision.changelog = changelog.decode("utf-8", errors="replace")
    return revision


def _package(label: str, prefix: str, read: Reader) -> Revision:
    raw = read(prefix + DESCRIPTOR)
    if raw is None:
        raise RevisionError(f"{label} holds no {DESCRIPTOR}")
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise RevisionError(f"{DESCRIPTOR} in {label} is not valid JSON ({str(err)[:120]})") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise RevisionError(f"{DESCRIPTOR} in {label} is not a data package descriptor with a list of resources")
    version = descriptor.get("version")
    revision = Revision(label, version=version if isinstance(version, str) else None)
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or resource.get("name") not in HAND_EDITED or resource.get("format", "csv") != "csv":
            continue
        rel = resource.get("path")
        if not isinstance(rel, str) or "://" in rel or rel.startswith("/") or "\\" in rel or ".." in PurePosixPath(rel).parts:
            raise RevisionError(f"{DESCRIPTOR} in {label}: resource {resource['name']!r} has a path outside the package ({str(rel)[:80]!r})")
        data = read(prefix + rel)
        if data is None:
            raise RevisionError(f"{label} lacks {rel}, which its {DESCRIPTOR} lists")
        revision.tables[str(resource["name"])] = parse_table(f"{RAW_DIR}/{resource['name']}.csv", data)
    if not revision.tables:
        raise RevisionError(f"{label} has no kuzbass-data tables in its {DESCRIPTOR}")
    return revision


def parse_table(file: str, data: bytes) -> TableRows:
    """The rows of one CSV file keyed by their ``id`` column, read by ``rowdata.read_rows`` (the one
    reader of raw tables); rows without an id are skipped, and a record that cannot be parsed is a
    ``RevisionError`` naming its line."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    header, rows, broken = read_rows(text)
    if broken:
        line, reason = broken[0]
        raise RevisionError(f"{file}:{line}: not readable as CSV ({reason})", file)
    return keyed(file, header, rows)


def keyed(file: str, columns: list[str], rows: Sequence[Row]) -> TableRows:
    """The ``rows`` of one table keyed by their ``id``; rows without an id are skipped, and the first of a repeated id wins."""
    table = TableRows(file, list(columns))
    for line, row in rows:
        rid = row.get("id", "")
        if rid and rid not in table.rows:
            table.rows[rid] = row
            table.lines[rid] = line
    return table
