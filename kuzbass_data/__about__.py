"""The package version: the one place it is defined.

pyproject.toml reads it (hatch's dynamic version), ``kd.__version__`` re-exports it,
``kuzbass-data --version`` prints it and the build writes it into datapackage.json.
"""

__version__ = "2.0.0"
# The date of the release of __version__, written by `kuzbass-data release`.
__released__ = "2026-12-04"
