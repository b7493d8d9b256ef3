"""The validator's problems: defined in ``kuzbass_data.problems`` (the build reports them too)."""

from __future__ import annotations

from ..problems import PROBLEM_CAP, Collector, Problem, Report, capped, row_problems, total

__all__ = ["PROBLEM_CAP", "Collector", "Problem", "Report", "capped", "row_problems", "total"]
