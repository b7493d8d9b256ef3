"""Validate a data package with Frictionless in a second process; print the problems as JSON.

``start_frictionless`` launches this module; it needs only the standard library, so
the validator can start it before importing pandas and Arrow.

Run as ``python -m kuzbass_data.validate.frictionless_check DESCRIPTOR``: the
validator starts it in a second process, beside its own checks. It prints a JSON
list of problems (empty when valid) and exits 0; any other exit status means the
check itself failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HINT = "run `kuzbass-data build` and commit the result"
DESCRIPTOR = "datapackage.json"


def start_frictionless(root: Path) -> subprocess.Popen[str] | None:
    """Start Frictionless validation of datapackage.json in a second process.

    Importing frictionless and reading every resource takes seconds; in its own
    process it runs beside the other checks on a second core.
    """
    if not (root / DESCRIPTOR).is_file():
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "kuzbass_data.validate.frictionless_check", str(root / DESCRIPTOR)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def frictionless_problems(descriptor: Path) -> list[dict[str, Any]]:
    """Every Frictionless error of the package at ``descriptor``, as Problem fields."""
    import frictionless

    rel = descriptor.name
    try:
        report = frictionless.validate(str(descriptor))
    except Exception as err:  # frictionless raises on descriptors it cannot even load
        return [{"file": rel, "line": None, "column": None, "message": f"is not a valid data package: {err}", "hint": HINT}]
    problems: list[dict[str, Any]] = []
    for error in report.errors:
        problems.append({"file": rel, "line": None, "column": None, "message": f"Frictionless: {error.message}", "hint": HINT})
    base = descriptor.parent
    for task in report.tasks:
        place = Path(task.place) if task.place else None
        file = (place if place is None or not place.is_absolute() else place.relative_to(base)).as_posix() if place else rel
        for error in task.errors:
            line = getattr(error, "row_number", None)
            problems.append(
                {
                    "file": file,
                    "line": line if isinstance(line, int) and file.endswith(".csv") else None,
                    "column": getattr(error, "field_name", None),
                    "message": f"Frictionless {error.type}: {error.message}",
                    "hint": HINT,
                }
            )
    return problems


def main() -> int:
    """Entry point: validate the descriptor named on the command line."""
    print(json.dumps(frictionless_problems(Path(sys.argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
