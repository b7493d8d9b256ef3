"""The review gate: the id rules and, against a base, the contribution's change note, as one list of problems.

``validate`` runs ``check_root(root)`` always (the registry needs no base) and
``check_root(root, base)`` with a base (the CLI's default: the merge base with main);
``diff --check`` runs the same. Nothing here reads the built files' contents or depends on
the version or build code of the base: a pull request is judged on raw/ and its change note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .diff import compare
from .problems import Problem
from .registry import check_ids
from .revision import Revision, RevisionError, open_base, read_worktree
from .rowdata import Row
from .versioning import check_pull_request


def review_problems(head: Revision, base: Revision | None = None) -> list[Problem]:
    """Every problem of ``head`` with the permanence of ids and, given ``base``, with its change note."""
    problems = check_ids(head, base)
    if base is not None:
        problems += check_pull_request(compare(base, head), head, base)
    return problems


def read_head(root: Path, tables: Mapping[str, tuple[list[str], Sequence[Row]]] | None = None) -> tuple[Revision | None, list[Problem]]:
    """The working tree at ``root`` (with the raw ``tables`` already read, by name: columns and rows),
    or the problem that prevents reading it (a refused file)."""
    try:
        return read_worktree(root, tables=tables), []
    except RevisionError as err:
        return None, [Problem(err.file or "raw", None, None, str(err), "fix the file, then run the check again", code="revision-unreadable")]


def check_root(root: Path, base: str | None = None, *, against_base: bool = False) -> list[Problem]:
    """The review problems of the checkout at ``root``; with ``against_base``, compared with ``base``.

    ``base`` names a git ref, a checkout, a package folder, a wheel or a zip (None: the merge base
    with main). A base that cannot be read raises RevisionError: that is the caller's usage error.
    """
    return review(root, base, against_base=against_base)[0]


def review(root: Path, base: str | None = None, *, against_base: bool = False, tables: Mapping[str, tuple[list[str], Sequence[Row]]] | None = None) -> tuple[list[Problem], str]:
    """``check_root``'s problems and, with ``against_base``, one line naming the release level the
    change needs (for the report and the job summary; "" without a base). ``tables``: the raw tables
    already read (``read_head``)."""
    from .versioning import release_level_note

    head, problems = read_head(root, tables)
    if head is None:
        return problems, ""
    if not against_base:
        return review_problems(head), ""
    revision = open_base(root, base)
    return review_problems(head, revision), release_level_note(compare(revision, head))
