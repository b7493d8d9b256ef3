"""kuzbass-data: curated numbers on the Kuzbass coal region of western Siberia, 1920-1950.

>>> import kuzbass_data as kd
>>> kd.tables()                      # the table names
>>> df = kd.load("coal_output")      # a typed pandas DataFrame
>>> kd.describe("coal_output")       # what each column means
>>> print(kd.cite())                 # how to cite it, with the source's DOI
>>> kd.row("kuzbass-1932-plan")      # one row of any table by its id, with source and conflicts
>>> kd.search("Japanese")            # every row whose words match
>>> kd.series("coal_output")         # a tidy series: year x basin x status, plans apart from outcomes

Importing the package is cheap: pandas, pyarrow, pandera and frictionless are
imported only by the functions that need them.
"""

from .__about__ import __version__
from .errors import UsageError
from .loader import IntegrityError, cite, describe, load, package, path, tables
from .lookup import RetiredIdError, Row, RowNotFoundError, row, search, series
from .schema import UnknownTableError

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
