"""kuzbass-data: curated numbers on the Kuzbass coal region of western Siberia, 1920-1950.

>>> import kuzbass_data as kd
>>> kd.tables()                      # the table names
>>> df = kd.load("coal_output")      # a typed pandas DataFrame
>>> kd.describe("coal_output")       # what each column means
>>> print(kd.cite())                 # how to cite it, with the source's DOI
>>> kd.row("kuzbass-1932-plan")      # one row of any table by its id, with source and conflicts
>>> kd.search("Japanese")            # every row whose words match
>>> kd.series("coal_output", "output")  # a tidy series: year x basin x status, plans apart from outcomes

Importing the package is cheap: pandas, pyarrow, pandera and frictionless are
imported only by the functions that need them.
"""

from typing import TYPE_CHECKING

from .__about__ import __version__
from .errors import UsageError
from .loader import IntegrityError, cite, describe, load, package, path, tables
from .schema import UnknownTableError

if TYPE_CHECKING:
    from .lookup import RetiredIdError, Row, RowNotFoundError, row, search, series

# Names of kuzbass_data.lookup, imported on first use: ``import kuzbass_data; kd.load(...)``
# then costs no more than it must (the load timing that benchmarks/budgets.py prints).
_LOOKUP = frozenset({"RetiredIdError", "Row", "RowNotFoundError", "row", "search", "series"})

__all__ = [
    "IntegrityError",
    "RetiredIdError",
    "Row",
    "RowNotFoundError",
    "UnknownTableError",
    "UsageError",
    "__version__",
    "cite",
    "describe",
    "load",
    "package",
    "path",
    "row",
    "search",
    "series",
    "tables",
]


def __getattr__(name: str) -> object:
    """The lookup names (``row``, ``search``, ``series`` and their errors), imported on first use."""
    if name in _LOOKUP:
        from . import lookup

        return getattr(lookup, name)
    raise AttributeError(f"module 'kuzbass_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    """Every public name, the lazily imported ones included."""
    return sorted(__all__)
