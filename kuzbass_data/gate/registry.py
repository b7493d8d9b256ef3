"""Published ids are permanent: the registry of every id ever published, and the retirement rules.

``registry/published_ids.csv`` lists every id of a data row, conflict or source that ever
reached the repository, with the table it was first published in. ``kuzbass-data build``
writes it as the union of the registry it finds and the ids in raw/, so it only grows; a pull
request that deletes a line is caught by comparing with the base's registry and data.
``raw/retired_ids.csv`` (a published reference table) lists the ids that no longer name a row,
with the version, a reason and a successor. ``check_ids`` enforces, one problem per id:

- ``published-id-removed``: a published id is gone and not retired;
- ``published-id-renamed``: the same, where a new id holds the very same row;
- ``retired-id-reused``: a retired id names a row again;
- ``retirement-removed``: a retirement of the base is gone;
- ``registry-id-removed``: the registry lost an id the base had published;
- ``retired-id-never-published``: a retirement of an id nobody published;
- ``retired-successor-missing``: the successor is not an id of a row (or is the id itself);
- ``retired-version-mismatch``: a new retirement does not name the version being made;
- ``published-id-moved``: an id names a row of another table than the one it was published in
  (retire it and add the row under a new id instead);
- ``registry-line-changed``: a line of the base's registry was rewritten (its ``table``);
- ``source-identity-changed``: against a base, a published source's fingerprint, text_root,
  footnote count, licence or kind changed. Only a maintainer with the text gives a source a new
  identity (``kuzbass-data prove --reidentify``), and that is a breaking change.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..paths import REGISTRY_FILE, raw_file
from .problems import Problem
from .revision import Revision, RevisionError, TableRows, parse_table, read_file

RETIRED_FILE = raw_file("retired_ids")
RETIRE_HINT = f"restore the row with its id, or retire the id in {RETIRED_FILE} (id, retired_in_version, reason, successor)"


def render_registry(entries: dict[str, str]) -> bytes:
    """The registry file: a header, then one ``id,table`` line per id, sorted by id."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "table"])
    writer.writerows(sorted(entries.items()))
    return out.getvalue().encode("utf-8")


def updated_registry(root: Path, ids: dict[str, list[str]]) -> tuple[bytes | None, list[Problem]]:
    """The registry under ``root`` with every id of ``ids`` (table -> ids) added; never an id removed.

    Returns the problem instead (and None) when the existing registry cannot be read, so a
    build never overwrites a registry it could not read.
    """
    # Only the registry itself is read: the build has the ids of raw/ already.
    try:
        data = read_file(root, REGISTRY_FILE)
        rows = parse_table(REGISTRY_FILE, data).rows if data is not None else {}
    except RevisionError as err:
        return None, [Problem(REGISTRY_FILE, None, None, str(err), "restore the file from git (git checkout -- registry/)", code="registry-unreadable")]
    entries = {rid: row.get("table", "") for rid, row in rows.items()}
    for table, table_ids in ids.items():
        if table == "retired_ids":
            continue
        for rid in table_ids:
            entries.setdefault(rid, table)
    return render_registry(entries), []


def check_ids(head: Revision, base: Revision | None = None) -> list[Problem]:
    """Problems with the permanence of ids in ``head``, compared with ``base`` when given."""
    present = head.ids()
    retired, base_retired = head.retired(), base.retired() if base is not None else {}
    registry = head.registry or {}
    published = dict(registry)
    base_published: dict[str, str] = {}
    if base is not None:
        base_published = {**(base.registry or {}), **base.ids(), **{rid: _retired_table(base, rid) for rid in base_retired}}
        for rid, table in base_published.items():
            published.setdefault(rid, table)
    retired_rows = head.tables.get("retired_ids", TableRows(RETIRED_FILE, []))
    problems: list[Problem] = []
    renames: dict[str, dict[tuple[tuple[str, str], ...], str]] = {}
    if base is not None and base.registry is not None and head.registry is None:
        problems.append(Problem(REGISTRY_FILE, None, None, f"is missing, but {base.label} has it", "restore it: it lists every id ever published", code="registry-id-removed"))
    problems += _moved(head, base, present, published)
    problems += _changed_registry_lines(head, base)
    problems += source_identity(head, base)
    for rid in sorted(set(published) | set(retired) | set(base_retired)):
        line: int | None
        table = present.get(rid) or published.get(rid) or ""
        where = raw_file(table)
        if rid in present and (rid in retired or rid in base_retired):
            line = head.tables[present[rid]].lines[rid]
            problems.append(Problem(where, line, "id", f"{rid!r} is a retired id; a retired id is never used again", "choose a new id for this row", code="retired-id-reused"))
        elif rid in base_retired and rid not in retired:
            line = base.tables["retired_ids"].lines.get(rid) if base is not None and "retired_ids" in base.tables else None
            label = base.label if base is not None else "the base"
            problems.append(
                Problem(RETIRED_FILE, line, "id", f"the retirement of {rid!r} (this line in {label}) was removed", "retirements are permanent: restore the line", code="retirement-removed")
            )
        elif rid in published and rid not in present and rid not in retired and _ids_readable(head, table):
            problems.append(_removed(rid, table, head, base, renames))
        elif rid in base_published and head.registry is not None and rid not in registry:
            line = base.registry_lines.get(rid) if base is not None else None
            label = base.label if base is not None else "the base"
            problems.append(
                Problem(REGISTRY_FILE, line, "id", f"lost {rid!r} (this line in {label})", "the registry only grows: restore the line (`kuzbass-data build` keeps it)", code="registry-id-removed")
            )
        if rid in retired:
            problems += _retirement(rid, retired[rid], retired_rows.lines.get(rid), published, present, retired, head, base_retired if base is not None else None)
    return problems


def _ids_readable(head: Revision, table: str) -> bool:
    """Whether an id missing from ``table`` in ``head`` is really gone: the file is absent (deleted) or its
    header has an id column. A file whose header cannot be split (semicolons) hides its ids, not removes them."""
    rows = head.tables.get(table)
    return rows is None or "id" in rows.columns


def _signature(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """A row's cells without its id, in a fixed order."""
    return tuple(sorted((k, v) for k, v in row.items() if k != "id"))


def _retired_table(base: Revision, rid: str) -> str:
    return (base.registry or {}).get(rid, "")


def _removed(rid: str, table: str, head: Revision, base: Revision | None, renames: dict[str, dict[tuple[tuple[str, str], ...], str]]) -> Problem:
    """A published id missing from ``head``: renamed when a new id holds exactly its base row.

    ``renames`` caches, per table, the new rows of head indexed by their cells without the id,
    so each removed id is one lookup (no scan of every row for every removed id).
    """
    where = raw_file(table) if table else RETIRED_FILE
    old = base.tables[table].rows.get(rid) if base is not None and table in base.tables else None
    new_rows = head.tables.get(table)
    if old is not None and new_rows is not None and base is not None:
        if table not in renames:
            known = base.ids() | (base.registry or {})
            renames[table] = {_signature(row): new_id for new_id, row in new_rows.rows.items() if new_id not in known}
        new_id = renames[table].get(_signature(old))
        if new_id is not None:
            return Problem(where, new_rows.lines[new_id], "id", f"{new_id!r} renames the published id {rid!r}; published ids are permanent", f"keep the id {rid!r}", code="published-id-renamed")
    if old is not None and base is not None:  # where the row stood in the base: the place of the deletion
        return Problem(where, base.tables[table].lines[rid], "id", f"the published id {rid!r} is gone (this was its line in {base.label})", RETIRE_HINT, code="published-id-removed")
    if rid in (head.registry or {}):  # without a base, the registry's line is the record of its publication
        return Problem(REGISTRY_FILE, head.registry_lines[rid], "id", f"the published id {rid!r} is gone from {where}", RETIRE_HINT, code="published-id-removed")
    return Problem(where, None, "id", f"the published id {rid!r} is gone", RETIRE_HINT, code="published-id-removed")


def _retirement(
    rid: str,
    row: dict[str, str],
    line: int | None,
    published: dict[str, str],
    present: dict[str, str],
    retired: dict[str, dict[str, str]],
    head: Revision,
    base_retired: dict[str, dict[str, str]] | None,
) -> list[Problem]:
    """Problems of one line of raw/retired_ids.csv."""
    if rid not in published:
        return [
            Problem(
                RETIRED_FILE, line, "id", f"{rid!r} was never published, so it cannot be retired", "remove the line; only ids of a published version are retired", code="retired-id-never-published"
            )
        ]
    problems = []
    successor = row.get("successor", "")
    # One problem per cause: a published successor that is gone is reported as removed, at its own line; one absent
    # from a table whose header cannot be split may stand hidden in it (that table's problem, not this line's).
    hidden = not all(_ids_readable(head, table) for table in head.tables)
    if successor and (successor == rid or (successor not in present and successor not in retired and successor not in published and not hidden)):
        problems.append(
            Problem(RETIRED_FILE, line, "successor", f"{successor!r} is not the id of a row", "name the id of the row that replaces it, or leave successor empty", code="retired-successor-missing")
        )
    version = row.get("retired_in_version", "")
    if base_retired is not None and rid not in base_retired and head.version and version != head.version:
        problems.append(
            Problem(
                RETIRED_FILE,
                line,
                "retired_in_version",
                f"is {version!r}, but this change makes version {head.version}",
                f"write {head.version}, the version in kuzbass_data/__about__.py",
                code="retired-version-mismatch",
            )
        )
    return problems


def _moved(head: Revision, base: Revision | None, present: dict[str, str], published: dict[str, str]) -> list[Problem]:
    """Ids that name a row of another table than the one they were published in: an id keeps its meaning."""
    problems = []
    base_ids = base.ids() if base is not None else {}
    for rid, table in sorted(present.items()):
        # The base's registry records where the id was first published (the head's could be rewritten);
        # a base without a registry (a package) still says where the id stood; without a base, the head's registry.
        first = (base.registry or {}).get(rid) if base is not None else None
        first = first or base_ids.get(rid) or published.get(rid) or ""
        if first and first != table:
            problems.append(
                Problem(
                    raw_file(table),
                    head.tables[table].lines[rid],
                    "id",
                    f"{rid!r} was published in {first}; an id never moves to another table ({table})",
                    f"keep the row in raw/{first}.csv, or retire {rid!r} there and add this row under a new id",
                    code="published-id-moved",
                )
            )
    return problems


def _changed_registry_lines(head: Revision, base: Revision | None) -> list[Problem]:
    """Lines of the base's registry whose table the head rewrote: registry lines never change."""
    if base is None or base.registry is None or head.registry is None:
        return []
    problems = []
    for rid, table in sorted(base.registry.items()):
        now = head.registry.get(rid)
        if now is not None and now != table:
            problems.append(
                Problem(
                    REGISTRY_FILE,
                    head.registry_lines.get(rid),
                    "table",
                    f"the line of {rid!r} says {now!r}, but {base.label} published it in {table!r}",
                    f"restore the line ({rid},{table}): registry lines never change",
                    code="registry-line-changed",
                )
            )
    return problems


SOURCES_FILE = raw_file("sources")
# What makes a source the text it is: never changed in a pull request (set once, when empty).
SOURCE_IDENTITY = ("fingerprint", "text_root", "footnotes", "licence", "kind")
REIDENTIFY_HINT = (
    "restore the base's value; a source's identity changes only by a maintainer holding the text "
    "(`kuzbass-data prove --reidentify`, see docs/maintainers/sources-and-proofs.md), as a breaking change merged over this check"
)


def source_identity(head: Revision, base: Revision | None) -> list[Problem]:
    """One problem per published source whose identity cells differ from the base's (a cell empty in the base may be filled)."""
    if base is None or "sources" not in base.tables or "sources" not in head.tables:
        return []
    before, after = base.tables["sources"], head.tables["sources"]
    problems = []
    for sid, old in sorted(before.rows.items()):
        new = after.rows.get(sid)
        if new is None:
            continue  # a removed source is the id rules' to report
        changed = [c for c in SOURCE_IDENTITY if old.get(c, "") and new.get(c, "") != old.get(c, "")]
        if changed:
            listed = ", ".join(f"{c} {_short(old.get(c, ''))} -> {_short(new.get(c, ''))}" for c in changed)
            problems.append(
                Problem(
                    SOURCES_FILE,
                    after.lines[sid],
                    changed[0],
                    f"source {sid} is a published identity, but this change rewrites it ({listed})",
                    REIDENTIFY_HINT,
                    code="source-identity-changed",
                )
            )
    return problems


def _short(value: str) -> str:
    return repr(value[:12] + "…" if len(value) > 12 else value)
