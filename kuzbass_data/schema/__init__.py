"""Table definitions: the single source of truth every schema, check and doc derives from."""

from __future__ import annotations

from .model import MULTI_SEPARATOR, Field, ForeignKey, Table, Vocabulary
from .tables import ALL_TABLES, DATA_TABLES, DEFAULT_SOURCE

__all__ = [
    "ALL_TABLES",
    "DATA_TABLES",
    "DEFAULT_SOURCE",
    "MULTI_SEPARATOR",
    "Field",
    "ForeignKey",
    "Table",
    "UnknownTableError",
    "Vocabulary",
    "get_table",
    "table_names",
]

_BY_NAME: dict[str, Table] = {t.name: t for t in ALL_TABLES}


class UnknownTableError(ValueError):
    """Raised for a table name that is not published; the message lists the valid names."""

    def __init__(self, name: object) -> None:
        valid = ", ".join(table_names())
        super().__init__(f"unknown table {name!r}; valid names are: {valid}")


def table_names() -> list[str]:
    """Names of all published tables, in publication order."""
    return list(_BY_NAME)


def get_table(name: str) -> Table:
    """The definition of table ``name``; ``UnknownTableError`` lists the valid names otherwise."""
    if not isinstance(name, str) or name not in _BY_NAME:
        raise UnknownTableError(name)
    return _BY_NAME[name]
