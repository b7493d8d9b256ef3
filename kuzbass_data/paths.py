"""Where things live in a checkout: the one place for the repository's paths.

Paths are strings relative to the repository root, with forward slashes, as problems
print them; join them to a root with ``root / rel``.
"""

from __future__ import annotations

# The hand-edited tables.
RAW_DIR = "raw"
# The published files, inside the package so that the installed loader finds them.
DATA_DIR = "kuzbass_data/data"
# The Frictionless descriptor's file name, at the root and inside DATA_DIR.
DESCRIPTOR = "datapackage.json"
# Both descriptors, relative to the root.
DESCRIPTORS = (DESCRIPTOR, f"{DATA_DIR}/{DESCRIPTOR}")
# Every folder the gate (validate, diff --check) reads, relative to the root: each must be a real
# folder of the checkout (or absent), never a symbolic link, which would make the gate read, and
# trust, files from outside the checkout (reviewed exceptions, published files, proofs).
GATE_FOLDERS = (RAW_DIR, "registry", "audit", "sources", "proofs", "changes", "kuzbass_data", DATA_DIR, "kuzbass_data/schema")
# The published formats of every table.
FORMATS = ("csv", "parquet")


def raw_file(name: str) -> str:
    """The hand-edited CSV file of table ``name``, relative to the root."""
    return f"{RAW_DIR}/{name}.csv"


def data_file(name: str, fmt: str) -> str:
    """The published ``fmt`` file of table ``name``, relative to the root."""
    return f"{DATA_DIR}/{name}.{fmt}"
