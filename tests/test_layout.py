"""The layout shows the flow, and imports run one way (issue 17, item 8).

``schema/`` lies beneath everything; the reader's API (loader, lookup, citation and the words they
print) never reaches the gate or the build; ``gate/`` judges a contribution and never imports
``publish/``; ``publish/`` builds what readers get and may use the gate's reader of raw/; ``cli``
sits on top. The small shared modules at the top level (paths, files, errors, ...) import only each
other. The test reads every module's imports (top level and inside functions) from its source.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kuzbass_data

PACKAGE = Path(kuzbass_data.__file__).resolve().parent
# The small shared modules: every layer may import them, and they import only each other.
SHARED = frozenset({"__about__", "errors", "extras", "files", "paths", "escape", "urls", "source_text", "terminal"})
# The reader's API and the words it prints.
READER = frozenset({"__init__", "loader", "lookup", "citation", "aliases", "wording", "sentence"})
# What each layer may import, besides itself.
ALLOWED = {
    "shared": {"shared"},
    "schema": {"shared"},
    "reader": {"shared", "schema"},
    "gate": {"shared", "schema", "reader"},
    "publish": {"shared", "schema", "reader", "gate"},
    "cli": {"shared", "schema", "reader", "gate", "publish"},
}


def layer(module: str) -> str:
    """The layer of a module named relative to the package ("gate.rows", "loader")."""
    head = module.split(".")[0]
    if head in ("schema", "gate", "publish", "cli"):
        return head
    if head in SHARED:
        return "shared"
    if head in READER or head == "":
        return "reader"
    raise AssertionError(f"kuzbass_data/{module.replace('.', '/')}: a new top-level module: add it to SHARED or READER in this test, by what it is for")


def imports(path: Path) -> list[tuple[int, str]]:
    """Every package module ``path`` imports, relative to the package, with its line."""
    here = path.relative_to(PACKAGE).with_suffix("").parts
    package = here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "kuzbass_data":
                target = node.module.split(".")[1:]
            else:
                continue
            names = [a.name for a in node.names]
            # "from . import escape": the names are modules themselves
            modules = [[*target, n] for n in names if (PACKAGE.joinpath(*target, n).with_suffix(".py")).exists() or PACKAGE.joinpath(*target, n).is_dir()]
            for t in modules or [target]:
                found.append((node.lineno, ".".join(t)))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".", 1)[1]) for a in node.names if a.name.startswith("kuzbass_data.")]
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def violations() -> list[str]:
    """Every import that runs against the flow, as ``file:line: a -> b``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        mine = layer(module_name(path))
        for line, target in imports(path):
            theirs = layer(target)
            if theirs != mine and theirs not in ALLOWED[mine]:
                found.append(f"kuzbass_data/{path.relative_to(PACKAGE)}:{line}: {mine} imports {theirs} ({target})")
    return found


def test_imports_run_one_way():
    assert violations() == []


def test_the_layers_are_folders():
    """The gate and the build each have one folder; no module of either lies at the top level."""
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= SHARED | READER | {"cli"}, sorted(top - SHARED - READER - {"cli"})
    assert (PACKAGE / "gate" / "validate.py").is_file() and (PACKAGE / "publish" / "build.py").is_file()


def test_an_import_against_the_flow_is_found(tmp_path, monkeypatch):
    """The scan can fail: a gate module importing the build is reported with its file and line."""
    fake = tmp_path / "kuzbass_data"
    (fake / "gate").mkdir(parents=True)
    (fake / "publish").mkdir()
    (fake / "publish" / "build.py").write_text("", encoding="utf-8")
    (fake / "gate" / "rows.py").write_text("import csv\n\nfrom ..publish.build import check\n", encoding="utf-8")
    (fake / "loader.py").write_text("", encoding="utf-8")
    (fake / "schema.py").write_text("from kuzbass_data import loader\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert violations() == ["kuzbass_data/gate/rows.py:3: gate imports publish (publish.build)", "kuzbass_data/schema.py:1: schema imports reader (loader)"]


def test_prove_imports_no_check_of_the_gate():
    """``prove`` commits to a text and writes proofs; it needs neither the validator nor pandas."""
    import subprocess
    import sys

    checks = ("kuzbass_data.gate.validate", "kuzbass_data.gate.provenance", "kuzbass_data.gate.intake", "kuzbass_data.publish")
    code = f"import sys, kuzbass_data.gate.prove; print(sorted(m for m in sys.modules if m in {{'pandas', 'pandera'}} or m.startswith({checks!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
