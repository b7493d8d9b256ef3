"""CODEOWNERS covers every path that changes what is published or how it is checked.

The list of paths is derived from the code wherever it can be: the folders the gate reads
(``paths.GATE_FOLDERS``), every module that ``validate --format github`` (the trusted job's
command) actually imports, the files ``revision`` reads, the published files, and every
workflow. A path is covered when the last CODEOWNERS rule that matches it names an owner.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kuzbass_data.paths import ABOUT_FILE, CHANGELOG_FILE, DESCRIPTORS, GATE_FOLDERS, REGISTRY_FILE

REPO = Path(__file__).resolve().parent.parent
CODEOWNERS = REPO / ".github" / "CODEOWNERS"


def rules() -> list[tuple[str, list[str]]]:
    """The rules of CODEOWNERS, in order: (pattern, owners)."""
    found = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            found.append((pattern, owners))
    return found


def matches(pattern: str, path: str) -> bool:
    """Whether a CODEOWNERS pattern (the gitignore-style subset this file uses) matches ``path`` (relative, with /)."""
    anchored = pattern.startswith("/")
    body = pattern.strip("/")
    if pattern.endswith("/"):  # a folder: everything under it
        candidates = [path] if anchored else [path[i + 1 :] for i in range(-1, len(path)) if i == -1 or path[i] == "/"]
        return any(c.startswith(body + "/") for c in candidates)
    if anchored:
        return fnmatch.fnmatchcase(path, body)
    return fnmatch.fnmatchcase(path, body) or fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], body)


def owners_of(path: str) -> list[str]:
    """The owners of ``path``: those of the last matching rule (GitHub's rule), none when no rule matches."""
    found: list[str] = []
    for pattern, owners in rules():
        if matches(pattern, path):
            found = owners
    return found


def _modules_the_trusted_command_imports() -> list[str]:
    """Every kuzbass_data module (as a repository path) that `kuzbass-data validate . --format github` imports."""
    script = (
        "import json, sys\n"
        "from kuzbass_data.cli import main\n"
        f"main(['validate', {str(REPO)!r}, '--format', 'github'])\n"
        "files = sorted({m.__file__ for name, m in list(sys.modules.items()) if name.split('.')[0] == 'kuzbass_data' and getattr(m, '__file__', None)})\n"
        "sys.stderr.write(json.dumps(files))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    files = json.loads(run.stderr.strip().splitlines()[-1])
    return [Path(f).resolve().relative_to(REPO).as_posix() for f in files]


def required_paths() -> list[str]:
    """Paths whose change changes what is published or how it is checked."""
    paths = [f"{rel}/any-file" for rel in GATE_FOLDERS]  # a new file in any folder the gate reads
    paths += _modules_the_trusted_command_imports()
    paths += [ABOUT_FILE, CHANGELOG_FILE, REGISTRY_FILE, *DESCRIPTORS, "pyproject.toml", ".github/CODEOWNERS"]
    for folder in ("raw", "registry", "proofs", "audit", "sources", "changes", "kuzbass_data/data", "kuzbass_data/schema", ".github/workflows"):
        paths += [p.relative_to(REPO).as_posix() for p in sorted((REPO / folder).rglob("*")) if p.is_file()]
    return sorted(set(paths))


def test_the_validator_imports_were_found():
    modules = _modules_the_trusted_command_imports()
    # The command ran: the modules of every step of the gate are among its imports.
    for expected in (
        "kuzbass_data/cli.py",
        "kuzbass_data/gate/annotations.py",
        "kuzbass_data/gate/proof.py",
        "kuzbass_data/schema/numerals.py",
        "kuzbass_data/gate/intake/cells.py",
        "kuzbass_data/gate/provenance.py",
    ):
        assert expected in modules, expected


def test_every_path_that_decides_what_is_published_or_how_it_is_checked_has_a_code_owner():
    uncovered = [path for path in required_paths() if not owners_of(path)]
    assert uncovered == []


def test_every_rule_names_an_owner():
    assert rules()
    for pattern, owners in rules():
        assert owners and all(o.startswith("@") or "@" in o for o in owners), pattern


@pytest.mark.parametrize(
    "pattern, path, expected",
    [
        ("/raw/", "raw/coal_output.csv", True),
        ("/raw/", "docs/raw/x", False),
        ("/kuzbass_data/", "kuzbass_data/gate/provenance.py", True),
        ("/pyproject.toml", "pyproject.toml", True),
        ("/pyproject.toml", "sub/pyproject.toml", False),
        ("docs/", "a/docs/x.md", True),
    ],
)
def test_the_pattern_matcher(pattern, path, expected):
    assert matches(pattern, path) is expected
