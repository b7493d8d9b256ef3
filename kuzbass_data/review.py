"""The review gate: the id rules and, against a base, the versioning rule, as one list of problems.

``validate`` runs ``check_root(root)`` always (the registry needs no base) and
``check_root(root, base)`` with ``--base``; ``diff --check`` runs the same.
"""

from __future__ import annotations

from pathlib import Path

from .diff import compare
from .problems import Problem
from .registry import check_ids
from .revision import Revision, RevisionError, open_base, read_worktree
from .versioning import check_version


def review_problems(head: Revision, base: Revision | None = None) -> list[Problem]:
    """Every problem of ``head`` with the permanence of ids and, given ``base``, with its version bump."""
    problems = check_ids(head, base)
    if base is not None:
        problems += check_version(compare(base, head), head, base)
    return problems


def read_head(root: Path) -> tuple[Revision | None, list[Problem]]:
    """The working tree at ``root``, or the problem that prevents reading it (a refused file)."""
    try:
        return read_worktree(root), []
    except RevisionError as err:
        return None, [Problem(err.file or "raw", None, None, str(err), "fix the file, then run the check again", code="revision-unreadable")]


def check_root(root: Path, base: str | None = None, *, against_base: bool = False) -> list[Problem]:
    """The review problems of the checkout at ``root``; with ``against_base``, compared with ``base``.

    ``base`` names a git ref, a checkout, a package folder, a wheel or a zip (None: the merge base
    with main). A base that cannot be read raises RevisionError: that is the caller's usage error.
    """
    head, problems = read_head(root)
    if head is None:
        return problems
    return review_problems(head, open_base(root, base) if against_base else None)
