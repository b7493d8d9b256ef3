"""Where things live in a checkout: the one place for the repository's paths.

Paths are strings relative to the repository root, with forward slashes, as problems
print them; join them to a root with ``root / rel``.
"""

from __future__ import annotations

from pathlib import Path

# The package's own folder, relative to the root.
PACKAGE_DIR = "kuzbass_data"

# The hand-edited tables.
RAW_DIR = "raw"
# The published files, inside the package so that the installed loader finds them.
DATA_DIR = "kuzbass_data/data"
# The Frictionless descriptor's file name, at the root and inside DATA_DIR.
DESCRIPTOR = "datapackage.json"
# The open texts of sources (sources/<id>.txt) and the proofs of excerpts in copyrighted ones (proofs/<id>.json).
TEXT_DIR = "sources"
PROOF_DIR = "proofs"
# Both descriptors, relative to the root.
DESCRIPTORS = (DESCRIPTOR, f"{DATA_DIR}/{DESCRIPTOR}")
# Every folder the gate (validate, diff --check) reads, relative to the root: each must be a real
# folder of the checkout (or absent), never a symbolic link, which would make the gate read, and
# trust, files from outside the checkout (reviewed exceptions, published files, proofs).
GATE_FOLDERS = (RAW_DIR, "registry", "audit", "sources", "proofs", "changes", "kuzbass_data", DATA_DIR, "kuzbass_data/schema")
# The catalogue of problem codes (code, title, level, hint), data beside the gate's problems module.
PROBLEM_CATALOGUE = f"{PACKAGE_DIR}/gate/problem_codes.csv"
# The reviewed term files (vocabularies, unit records, phrase table), read from the checked tree as data.
TERMS_DIR = f"{PACKAGE_DIR}/schema/terms"
# The site's one stylesheet and one script, copied beside its pages.
WEB_DIR = f"{PACKAGE_DIR}/publish/web"
# The reviewed table of other spellings of names (Cyrillic, transliterations) that search understands.
ALIAS_FILE = f"{PACKAGE_DIR}/aliases.csv"
# The id registry: every id ever published.
REGISTRY_FILE = "registry/published_ids.csv"
# The version's one home, and the change log assembled from the change notes at release.
ABOUT_FILE = f"{PACKAGE_DIR}/__about__.py"
CHANGELOG_FILE = "CHANGELOG.md"
# The contributors' change notes: one Markdown file per contribution, assembled into CHANGELOG.md at release.
CHANGES_DIR = "changes"
# The folder's own explanation of the format: not a change note.
CHANGES_README = f"{CHANGES_DIR}/README.md"
# The build's outputs: a pull request need not carry them (a maintainer or the release rebuilds them).
BUILT_FILES = (DESCRIPTOR, DATA_DIR)
# The reviewed acknowledgements of reading findings, and the numerals of a source deliberately left out.
ACKNOWLEDGEMENTS_FILE = "audit/acknowledgements.csv"
LEFT_OUT_FILE = "audit/left_out.csv"
# The generated documents (``kuzbass-data docs``).
TABLES_PAGE = "docs/tables.md"
PHRASES_PAGE = "docs/phrases.md"
PROBLEMS_PAGE = "docs/problems.md"
# The published formats of every table.
FORMATS = ("csv", "parquet")


def raw_file(name: str) -> str:
    """The hand-edited CSV file of table ``name``, relative to the root."""
    return f"{RAW_DIR}/{name}.csv"


def data_file(name: str, fmt: str) -> str:
    """The published ``fmt`` file of table ``name``, relative to the root."""
    return f"{DATA_DIR}/{name}.{fmt}"


def in_package(rel: str) -> Path:
    """The installed file of ``rel`` (a path under PACKAGE_DIR, relative to the root), wherever the package is installed."""
    return Path(__file__).resolve().parent / rel.removeprefix(f"{PACKAGE_DIR}/")
