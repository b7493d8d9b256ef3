"""Checks across tables: ids unique across all tables, references to sources, conflicts."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..schema import ALL_TABLES, MULTI_SEPARATOR
from .intake import CheckedTable
from .problems import Problem, row_problems
from .rows import to_mask

CONFLICT_REFERENCE = re.compile(r"conflict-[a-z0-9]+(?:-[a-z0-9]+)*")


def check_keys(tables: dict[str, CheckedTable]) -> list[Problem]:
    """Foreign keys, global id uniqueness and the consistency of the conflicts table."""
    data = {name: t for name, t in tables.items() if t.table.kind == "data"}
    # Ids unique across all tables (sources and conflicts included): validate/identity.py.
    problems = _foreign_keys(tables)
    if "conflicts" in tables:
        # A data table that could not be read (its file refused) hides its ids: a member is then
        # not known to be missing, and the reading problem is the one cause to report.
        every_table_read = all(t.name in data for t in ALL_TABLES if t.kind == "data" and t.is_hand_edited)
        problems += _conflicts(tables["conflicts"], data, every_table_read)
    return problems


def _valid(t: CheckedTable, column: str) -> pa.Array:
    """The valid, filled values of ``column``."""
    return pc.filter(t.arrow[column], pa.array(t.present(column)))


def _chunks(values: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return values.chunks if isinstance(values, pa.ChunkedArray) else [values]


def _foreign_keys(tables: dict[str, CheckedTable]) -> list[Problem]:
    problems: list[Problem] = []
    for t in tables.values():
        for fk in t.raw.table.foreign_keys:
            target = tables.get(fk.table)
            if target is None or fk.reference not in target.arrow or fk.field not in t.arrow:
                continue
            if not target.valid[fk.reference].all():
                continue  # the referenced keys have problems of their own, reported there
            known = _valid(target, fk.reference)
            values = t.arrow[fk.field]
            unknown = t.present(fk.field) & ~to_mask(pc.is_in(values, value_set=known))
            listed = ", ".join(known.to_pylist()[:10])
            hint = f"use one of: {listed}, or add the {fk.table[:-1]} to raw/{fk.table}.csv first" if listed else f"raw/{fk.table}.csv has no rows yet: add the {fk.table[:-1]} there first"
            problems += row_problems(
                t.raw.file,
                t.raw.lines,
                unknown,
                fk.field,
                _unknown_key_message(values, fk.table),
                hint,
                "unknown-reference",
            )
    return problems


def _unknown_key_message(values: pa.ChunkedArray, table: str) -> Callable[[int], str]:
    return lambda i: f"{values[i].as_py()!r} is not an id in raw/{table}.csv"


def _conflicts(conflicts: CheckedTable, data: dict[str, CheckedTable], every_table_read: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    if not {"id", "members", "kind"} <= set(conflicts.arrow):
        return problems
    ids = pa.chunked_array([chunk for t in data.values() if "id" in t.arrow for chunk in _chunks(_valid(t, "id"))], type=pa.string())
    file = conflicts.raw.file
    usable = [i for i in range(conflicts.n) if conflicts.valid["id"][i] and conflicts.valid["members"][i]]
    listed = {i: conflicts.arrow["members"][i].as_py().split(MULTI_SEPARATOR) for i in usable}
    # One pass over all row ids, against the few ids the conflicts name.
    named = pa.array(sorted({m for members in listed.values() for m in members}), type=pa.string())
    existing = set(pc.filter(ids, pc.is_in(ids, value_set=named)).to_pylist())
    member_of: dict[str, set[str]] = {}
    for i in usable:
        cid, line = conflicts.arrow["id"][i].as_py(), int(conflicts.raw.lines[i])
        members = listed[i]
        seen: set[str] = set()
        for member in members:
            found = member in existing
            seen.add(member)  # a member listed twice: validate/conflicts.py
            if found:
                member_of.setdefault(member, set()).add(cid)
            elif every_table_read:
                close = difflib.get_close_matches(member, ids.to_pylist(), n=1, cutoff=0.7)
                hint = f"did you mean {close[0]!r}?" if close else "list ids of rows in the data tables"
                problems.append(Problem(file, line, "members", f"{member!r} is not the id of any row", hint, code="unknown-member"))
        kind = conflicts.arrow["kind"][i].as_py()
        if len(seen) < 2 and kind != "repeated_statement" and conflicts.valid["kind"][i]:
            problems.append(Problem(file, line, "members", f"a '{kind}' conflict needs at least two rows", "list every row concerned, joined by '; '", code="too-few-members"))
    conflict_ids = set(_valid(conflicts, "id").to_pylist())
    for t in data.values():
        if "note" in t.arrow and "id" in t.arrow:
            problems += _notes_name_their_conflicts(t, member_of, conflict_ids)
    return problems


def _notes_name_their_conflicts(t: CheckedTable, member_of: dict[str, set[str]], conflict_ids: set[str]) -> list[Problem]:
    notes, row_ids = t.arrow["note"], t.arrow["id"]
    # Only rows that name a conflict or belong to one need a closer look.
    involved = to_mask(pc.match_substring(notes, "conflict-")) | to_mask(pc.is_in(row_ids, value_set=pa.array(list(member_of), type=pa.string())))
    problems = []
    for i in np.flatnonzero(involved).tolist():
        rid, line = row_ids[i].as_py(), int(t.raw.lines[i])
        cited = set(CONFLICT_REFERENCE.findall(notes[i].as_py()))
        for cid in sorted(member_of.get(rid, set()) - cited):
            problems.append(Problem(t.raw.file, line, "note", f"the row is a member of {cid} but its note does not name it", f"add 'See {cid}.' to the note", code="note-missing-conflict"))
        for cid in sorted(cited - member_of.get(rid, set())):
            if cid not in conflict_ids:
                problems.append(
                    Problem(t.raw.file, line, "note", f"names {cid}, which is not in raw/conflicts.csv", "correct the conflict id, or add the conflict", code="note-names-unknown-conflict")
                )
            else:
                problems.append(
                    Problem(t.raw.file, line, "note", f"names {cid} but is not one of its members", f"add {rid} to the members of {cid}, or remove the reference", code="note-names-foreign-conflict")
                )
    return problems
