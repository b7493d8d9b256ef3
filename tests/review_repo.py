"""A tiny git repository for the review tests: a base commit, then one named edit at a time.

The data are invented test data (not from any source). The base holds two coal_output rows,
one source, one retired id, the registry of every id published, version 0.1.0 and its
CHANGELOG entry. Each test edits the working tree in one or two readable lines, and compares it
with the base commit (``git show`` through ``open_base``), as ``validate --base`` does.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kuzbass_data.gate.registry import updated_registry
from kuzbass_data.gate.revision import Revision, open_base, read_worktree

COAL = """\
id,measure,year,value,unit,qualifier,status,excerpt,note
kuzbass-1932-outcome,output,1932,10,million_tonnes,almost,outcome,almost 10 million tons (invented),
kuzbass-1937-outcome,output,1937,17,million_tonnes,exact,outcome,to 17 million tons in 1937 (invented),
"""
SOURCES = "id,citation\ninvented-2020,An invented source for tests.\n"
RETIRED = "id,retired_in_version,reason,successor\nkuzbass-1930-outcome,0.1.0,Invented: the row counted 1930 twice.,kuzbass-1932-outcome\n"
REGISTRY = "id,table\ninvented-2020,sources\nkuzbass-1930-outcome,coal_output\nkuzbass-1932-outcome,coal_output\nkuzbass-1937-outcome,coal_output\n"
ABOUT = '"""Version."""\n\n__version__ = "0.1.0"\n'
CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-01-01\n\nFirst release (invented).\n"

BASE_FILES = {
    "raw/coal_output.csv": COAL,
    "raw/sources.csv": SOURCES,
    "raw/retired_ids.csv": RETIRED,
    "registry/published_ids.csv": REGISTRY,
    "kuzbass_data/__about__.py": ABOUT,
    "CHANGELOG.md": CHANGELOG,
}
# Isolated from the user's git configuration (commit signing, hooks, templates would change the commits).
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


class ReviewRepo:
    """A git repository whose first commit (branch main) is the base."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        for rel, text in BASE_FILES.items():
            self.write(rel, text)
        self.commit("base")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.root), *args], check=True, capture_output=True, text=True, env=ENV, timeout=30).stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in ``rel``."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        self.write(rel, text.replace(old, new))

    def append(self, rel: str, line: str) -> None:
        self.write(rel, self.read(rel) + line + "\n")

    def delete_line(self, rel: str, start: str) -> None:
        """Delete the one line of ``rel`` that starts with ``start``."""
        lines = self.read(rel).splitlines(keepends=True)
        hits = [line for line in lines if line.startswith(start)]
        assert len(hits) == 1, f"{len(hits)} lines of {rel} start with {start!r}"
        self.write(rel, "".join(line for line in lines if line is not hits[0]))

    def bump(self, version: str, entry: str | None = None) -> None:
        """Set the version and, with ``entry``, add its CHANGELOG section."""
        self.replace("kuzbass_data/__about__.py", '"0.1.0"', f'"{version}"')
        if entry is not None:
            self.replace("CHANGELOG.md", "## [0.1.0]", f"## [{version}] - 2026-02-01\n\n{entry}\n\n## [0.1.0]")

    def build_registry(self) -> None:
        """What `kuzbass-data build` does to the registry: add every id in raw/, remove none."""
        head = read_worktree(self.root)
        data, problems = updated_registry(self.root, {name: list(t.rows) for name, t in head.tables.items()})
        assert not problems and data is not None
        (self.root / "registry/published_ids.csv").write_bytes(data)

    def head(self) -> Revision:
        return read_worktree(self.root)

    def base(self) -> Revision:
        return open_base(self.root, "main")
