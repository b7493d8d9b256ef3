"""The contributor's gate: check raw/ and everything a contribution carries, and report every problem.

``validate`` runs one check step after another, each a function returning problems:

1. read raw/ (``intake``): files, CSV hygiene, and each table's pandera schema;
2. rules across the columns of a row (``rows``);
3. rules across rows and tables (``keys``);
4. the id registry and, against a base, the contribution's change note (``review``), with
   the release level the change needs as a note;
5. what each number means against its excerpt, ids and conflicts (``semantics``,
   ``identity``, ``conflicts``), minus the reviewed acknowledgements of audit/acknowledgements.csv;
6. every excerpt against its own source: a supplied text, an open text in sources/, or the
   proofs in proofs/ (``provenance``), with the coverage report.

The built files (kuzbass_data/data/, datapackage.json) are not judged here: they are build
outputs that a pull request need not carry (docs/maintainers/built-files.md). Their integrity and
staleness are ``build --check``'s (``publish.build.check``), run on main and at release: the gate
never imports the build.

A row that an earlier step flagged is not judged again by a later one: one mistake is
reported once, by the engine that owns its rule.

Each checked table offers ``records()``: its rows as (physical line, raw cells by
column), the shape that the checks of steps 4 and 5 consume.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..extras import require
from ..paths import raw_file
from .intake import read_raw
from .problems import Problem, Report
from .rowdata import Row

if TYPE_CHECKING:
    from ..source_text import SuppliedText
    from .intake import CheckedTable
    from .semantics import SemanticResult

__all__ = ["CheckedTable", "Problem", "Report", "check_raw", "validate"]

# A table's rows as (physical CSV line, raw cells by column).
Records = list[Row]


def check_raw(root: Path) -> tuple[dict[str, CheckedTable], list[Problem]]:
    """Check every hand-edited table under ``root/raw``: files, cells, rows and keys."""
    checked, problems = read_raw(root)
    if not checked:  # nothing read (raw/ missing, or refused for its size): no rows, and no pandas
        return checked, problems
    from .keys import check_keys
    from .rows import check_observation_rows

    problems += check_observation_rows(checked)
    problems += check_keys(checked)
    return checked, problems


def validate(root: Path, source_text: Path | Sequence[SuppliedText] | None = None, *, base: str | None = None) -> Report:
    """Run every check on ``root``, with the vocabulary terms, unit records and phrase table of
    ``root``'s own term files, read as data (``gate.terms.terms_of``).

    ``source_text`` is one text (matched to its source by fingerprint) or several supplied
    texts; without one, excerpts are verified by open texts and proofs. ``base`` (a git ref,
    checkout or package; "" for the merge base with main) adds the change-note rule and the
    release level.
    """
    from .terms import terms_of

    with terms_of(root) as problems, fewer_collections():
        report = _validate(root, source_text, base=base)
    report.problems += problems
    return report


# Objects allocated between two young-generation collections while the gate runs (Python's default is 700).
YOUNG_GENERATION = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while the block runs; the collector's thresholds are restored after.

    The gate builds a row dict for each row and many short-lived tuples while reading them. At the
    default threshold the collector walks the young generation every 700 allocations, and that took
    a tenth of ``validate`` on 20,000 rows (``benchmarks/budgets.py``). Almost all of these objects are
    freed by reference counting before a larger threshold is reached, and the gate makes little
    cyclic garbage: peak memory is unchanged. Collection stays on, so a flood of cyclic garbage is still collected.
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], YOUNG_GENERATION), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _validate(root: Path, source_text: Path | Sequence[SuppliedText] | None, *, base: str | None) -> Report:
    require("pandera")
    from ..source_text import SuppliedText
    from .provenance import check_sources
    from .rowdata import cell

    linked = _linked_folders(root)
    if linked:  # nothing under a linked folder is read: the gate judges the checkout, not what a link points at
        return Report(linked)
    checked, problems = check_raw(root)
    if not checked:  # raw/ missing, or refused for its size: its problems are the only ones, said at once
        return Report(problems)
    # A raw/ file that could not be read whole (missing, linked, unparsable) hides rows and sources:
    # what the later steps would say about files as a whole waits until raw/ reads cleanly.
    # A record the csv module could not parse (a broken quote, a cell over its limit) hides rows too.
    unread = any((p.line is None or p.code == "malformed-csv") and p.file.startswith("raw") for p in problems)
    partial = "sources" not in checked or checked["sources"].n == 0 or unread
    rows = {name: t.records() for name, t in checked.items()}
    level = ""
    if not partial:  # ids of files not read whole cannot be compared; the reading problems come first
        # The review takes the rows as intake read them: each raw file is read once.
        found_review, level = _review(root, base, {name: (list(t.raw.columns), rows[name]) for name, t in checked.items()})
        problems += found_review
    if isinstance(source_text, Path):
        source_text = [SuppliedText(None, source_text.name, source_text.read_text(encoding="utf-8"))]
    found, coverage = check_sources({n: r for n, r in rows.items() if n != "sources"}, rows.get("sources", []), source_text or [], root)
    # What each number means against its excerpt; the footnote convention where a trusted text is at hand.
    # Rows already flagged are left out: their problems would be dropped below, and a flood of broken
    # rows then costs no meaning checks.
    # A row whose excerpt is not in its source is not read for its readings either: one mistake, one problem.
    flagged = {(p.file, p.line) for p in [*problems, *(f for f in found if f.code == "excerpt-not-in-source")] if p.line is not None and p.level != "warning"}
    unflagged = {name: [r for r in table_rows if (raw_file(name), r[0]) not in flagged] for name, table_rows in rows.items()} if flagged else rows
    # Their ids, read as check_semantics reads every row's, so that their reviewed exceptions are set aside.
    unchecked = {cell(row, "id") for name, table_rows in rows.items() for line, row in table_rows if (raw_file(name), line) in flagged}
    semantic = _semantics(root, unflagged, coverage.texts, unchecked)
    problems += _not_yet_reported(semantic.problems, problems, partial)
    # A proof is judged on rows that are otherwise right: a row renamed or rewritten has one mistake.
    problems += _not_yet_reported(found, problems, partial)
    report = Report(problems, tables_checked=len(checked), rows_checked=sum(t.n for t in checked.values()), coverage=coverage.lines())
    report.notes += [str(a) for a in semantic.applied]
    if level:
        report.notes.append(level)
    return report


def _linked_folders(root: Path) -> list[Problem]:
    """One problem per folder the gate reads that is a symbolic link (``paths.GATE_FOLDERS``)."""
    from ..files import linked_folders
    from ..paths import GATE_FOLDERS

    return [
        Problem(rel, None, None, "is a symbolic link (or lies under one): the gate reads no folder outside the checkout", "commit the folder itself in place of the link", code="folder-is-symlink")
        for rel in linked_folders(root, GATE_FOLDERS)
    ]


def _not_yet_reported(found: list[Problem], earlier: list[Problem], partial: bool) -> list[Problem]:
    """The problems of the meaning and source steps, less those a mistake already reported causes.

    A row the reading steps (hygiene, types, row rules, keys) already flagged is not judged again
    on its meaning or proof: one mistake is reported once, by the engine that owns its rule. Proofs
    left without a row (``proof-orphaned``) wait until nothing else is wrong, since a row that did not
    parse or was renamed is not a deleted row; with ``partial`` (a raw/ file not read whole), so does every
    file-level problem of these steps.
    """
    # A reviewer's warning is no mistake: the row is still judged on its proof.
    flagged = {(p.file, p.line) for p in earlier if p.line is not None and p.level != "warning"}
    kept = [p for p in found if (p.file, p.line) not in flagged and not (partial and p.line is None)]
    # An orphaned proof is the trace of a row renamed or removed: said only when nothing else is.
    if any(p.level != "warning" for p in earlier) or any(p.code != "proof-orphaned" and p.level != "warning" for p in kept):
        kept = [p for p in kept if p.code != "proof-orphaned"]
    return kept


def _semantics(root: Path, rows: dict[str, Records], texts: dict[str, str], unchecked: set[str]) -> SemanticResult:
    """The reading, date, identity and conflict checks, with the reviewed acknowledgements of
    audit/acknowledgements.csv (set aside for the ``unchecked`` rows, which an earlier step flagged)."""
    from .acknowledgements import read_acknowledgements
    from .semantics import check_semantics

    entries, problems = read_acknowledgements(root)
    result = check_semantics(rows, texts or None, entries, unchecked)
    result.problems += problems
    return result


def _review(root: Path, base: str | None, tables: dict[str, tuple[list[str], Records]]) -> tuple[list[Problem], str]:
    """The id registry rules and, with a base ("" for the merge base with main), the change-note rule
    and the line naming the release level the change needs."""
    from .review import review

    return review(root, base or None, against_base=base is not None, tables=tables)
