"""Checks across tables: ids unique across all tables, references to sources, conflicts."""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from ..schema import MULTI_SEPARATOR
from .cells import CheckedTable
from .problems import Problem, row_problems

CONFLICT_REFERENCE = re.compile(r"conflict-[a-z0-9]+(?:-[a-z0-9]+)*")


def check_keys(tables: dict[str, CheckedTable]) -> list[Problem]:
    """Foreign keys, global id uniqueness and the consistency of the conflicts table."""
    data = {name: t for name, t in tables.items() if t.raw.table.kind == "observations"}
    problems = _global_ids(data)
    problems += _foreign_keys(tables)
    if "conflicts" in tables:
        problems += _conflicts(tables["conflicts"], data)
    return problems


def _ids(data: dict[str, CheckedTable]) -> pd.DataFrame:
    """Every valid row id of the data tables with its file and line."""
    parts = []
    for t in data.values():
        if "id" in t.text:
            ok = t.valid["id"]
            parts.append(pd.DataFrame({"id": t.text["id"][ok].astype(object), "file": t.raw.file, "line": t.raw.lines[ok], "row": np.flatnonzero(ok)}))
    if not parts:
        return pd.DataFrame({"id": [], "file": [], "line": [], "row": []})
    return pd.concat(parts, ignore_index=True)


def _global_ids(data: dict[str, CheckedTable]) -> list[Problem]:
    ids = _ids(data)
    # Duplicates inside one file are reported by the cell checks; here only across files.
    across = ids.drop_duplicates(["id", "file"])
    dup = across[across.duplicated("id", keep=False)]
    problems = []
    for key, group in dup.groupby("id", sort=False):
        for _, row in group.iterrows():
            other = group[group["file"] != row["file"]].iloc[0]
            problems.append(Problem(row["file"], int(row["line"]), "id", f"id {key!r} is also used in {other['file']}:{int(other['line'])}", "ids are unique across all tables: choose a new one"))
    return problems


def _foreign_keys(tables: dict[str, CheckedTable]) -> list[Problem]:
    problems: list[Problem] = []
    for t in tables.values():
        for fk in t.raw.table.foreign_keys:
            target = tables.get(fk.table)
            if target is None or fk.reference not in target.text or fk.field not in t.text:
                continue
            known = target.text[fk.reference][target.valid[fk.reference]]
            values = t.text[fk.field]
            unknown = t.valid[fk.field] & (values != "").to_numpy(dtype=bool, na_value=False) & ~values.isin(known).to_numpy(dtype=bool, na_value=False)
            listed = ", ".join(known.astype(str).tolist()[:10])
            problems += row_problems(
                t.raw.file,
                t.raw.lines,
                unknown,
                fk.field,
                lambda i, v=values: f"{v.iloc[i]!r} is not an id in raw/{fk.table}.csv",
                f"use one of: {listed}, or add the {fk.table[:-1]} to raw/{fk.table}.csv first",
            )
    return problems


def _conflicts(conflicts: CheckedTable, data: dict[str, CheckedTable]) -> list[Problem]:
    ids = _ids(data).drop_duplicates("id").set_index("id")
    problems: list[Problem] = []
    member_of: dict[str, set[str]] = {}
    text = conflicts.text
    if not {"id", "members", "kind"} <= set(text):
        return problems
    for i in range(conflicts.n):
        if not (conflicts.valid["id"][i] and conflicts.valid["members"][i]):
            continue
        cid, line = text["id"].iloc[i], int(conflicts.raw.lines[i])
        members = text["members"].iloc[i].split(MULTI_SEPARATOR)
        seen: set[str] = set()
        for member in members:
            if member in seen:
                problems.append(Problem(conflicts.raw.file, line, "members", f"{member!r} is listed twice", "list each row once"))
            seen.add(member)
            if member not in ids.index:
                close = difflib.get_close_matches(member, ids.index.tolist(), n=1, cutoff=0.7)
                hint = f"did you mean {close[0]!r}?" if close else "list ids of rows in the data tables"
                problems.append(Problem(conflicts.raw.file, line, "members", f"{member!r} is not the id of any row", hint))
            else:
                member_of.setdefault(member, set()).add(cid)
        kind = text["kind"].iloc[i]
        if len(seen) < 2 and kind != "repeated_statement" and conflicts.valid["kind"][i]:
            problems.append(Problem(conflicts.raw.file, line, "members", f"a '{kind}' conflict needs at least two rows", "list every row concerned, joined by '; '"))
    conflict_ids = set(text["id"][conflicts.valid["id"]])
    for t in data.values():
        if "note" not in t.text or "id" not in t.text:
            continue
        notes, row_ids = t.text["note"], t.text["id"]
        # Only rows that name a conflict or belong to one need a closer look.
        involved = notes.str.contains("conflict-", regex=False) | row_ids.isin(list(member_of))
        for i in np.flatnonzero(involved.to_numpy(dtype=bool, na_value=False)):
            i = int(i)
            rid = row_ids.iloc[i]
            cited = set(CONFLICT_REFERENCE.findall(notes.iloc[i]))
            for cid in sorted(member_of.get(rid, set()) - cited):
                problems.append(Problem(t.raw.file, int(t.raw.lines[i]), "note", f"the row is a member of {cid} but its note does not name it", f"add 'See {cid}.' to the note"))
            for cid in sorted(cited - member_of.get(rid, set())):
                if cid not in conflict_ids:
                    problems.append(Problem(t.raw.file, int(t.raw.lines[i]), "note", f"names {cid}, which is not in raw/conflicts.csv", "correct the conflict id, or add the conflict"))
                else:
                    problems.append(Problem(t.raw.file, int(t.raw.lines[i]), "note", f"names {cid} but is not one of its members", f"add {rid} to the members of {cid}, or remove the reference"))
    return problems
