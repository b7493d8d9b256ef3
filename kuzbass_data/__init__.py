"""kuzbass-data: curated numbers on the Kuzbass coal region of western Siberia, 1920-1950.

>>> import kuzbass_data as kd
>>> kd.tables()                      # the table names
>>> df = kd.load("coal_output")      # a typed pandas DataFrame
>>> kd.describe("coal_output")       # what each column means
>>> print(kd.cite())                 # how to cite it, with the source's DOI

Importing the package is cheap: pandas, pyarrow, pandera and frictionless are
imported only by the functions that need them.
"""

from .__about__ import __version__
from .loader import IntegrityError, cite, describe, load, package, path, tables
from .schema import UnknownTableError

__all__ = [
    "IntegrityError",
    "UnknownTableError",
    "__version__",
    "cite",
    "describe",
    "load",
    "package",
    "path",
    "tables",
]
