"""Optional dependencies: the contributor's tools (pandera, frictionless) are an extra.

A plain ``pip install kuzbass-data`` loads every table with pandas and pyarrow alone;
``build``, ``validate`` and ``kd.package()`` need ``pip install 'kuzbass-data[validate]'``.
"""

from __future__ import annotations

import importlib.util

from .errors import UsageError

# The extra that provides each optional module.
EXTRA_OF = {"pandera": "validate", "frictionless": "validate", "matplotlib": "plot", "openpyxl": "xlsx"}


class MissingExtraError(UsageError, ImportError):
    """An optional dependency is not installed; the message names the extra that provides it.

    A usage error: the command line prints it as one line, exit 2.
    """


def require(module: str) -> None:
    """Raise MissingExtraError, naming the extra, unless ``module`` can be imported."""
    if importlib.util.find_spec(module) is None:
        extra = EXTRA_OF.get(module, module)
        raise MissingExtraError(f"this needs {module}, which the [{extra}] extra installs: pip install 'kuzbass-data[{extra}]'")
