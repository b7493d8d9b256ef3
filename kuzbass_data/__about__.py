"""The package version: the one place it is defined.

pyproject.toml reads it (hatch's dynamic version), ``kd.__version__`` re-exports it,
``kuzbass-data --version`` prints it and the build writes it into datapackage.json.
"""

__version__ = "1.0.0"
