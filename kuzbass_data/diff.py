"""The data diff between two revisions, keyed by id, and its text, Markdown and JSON renderings.

For each hand-edited table: the rows added, the rows removed (marked retired when
raw/retired_ids.csv retires them), each changed row field by field (old -> new), and added or
removed columns and tables. The Markdown rendering is a summary line and one collapsed
``<details>`` section per table, capped below ``MARKDOWN_LIMIT`` bytes with a note of what was
cut, ready for a pull-request comment or ``$GITHUB_STEP_SUMMARY``. Cells come from a pull request
and are treated as hostile: HTML-escaped, shortened, never able to break the table or mention anyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, printable
from .revision import HAND_EDITED, Revision

# GitHub limits a comment to 65,536 characters and a step summary to 1 MiB; stay well below both.
MARKDOWN_LIMIT = 60_000
# The longest cell shown in Markdown; longer cells are shortened with an ellipsis.
CELL_LIMIT = 200


@dataclass
class RowRef:
    """One row added or removed."""

    # The row's id.
    id: str
    # The row's cells by column.
    row: dict[str, str]
    # Its physical line in the file of the revision it belongs to (head for added, base for removed).
    line: int
    # For a removed row: its line of raw/retired_ids.csv in head, or None when it is not retired.
    retirement: dict[str, str] | None = None


@dataclass
class RowChange:
    """One row present in both revisions whose cells differ."""

    # The row's id.
    id: str
    # Its physical line in head.
    line: int
    # Each changed column -> (old, new).
    fields: dict[str, tuple[str, str]]


@dataclass
class TableDiff:
    """What changed in one table."""

    # The table's name.
    name: str
    # Its file in head (or base, when the table was removed), e.g. "raw/coal_output.csv".
    file: str
    # "added" or "removed" when the whole table is new or gone; "" otherwise.
    table_change: str = ""
    # Columns in head's header only, and in base's only.
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    # Rows whose id is only in head, only in base, and in both but different.
    added: list[RowRef] = field(default_factory=list)
    removed: list[RowRef] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (self.table_change or self.columns_added or self.columns_removed or self.added or self.removed or self.changed)


@dataclass
class DataDiff:
    """The data diff of head against base."""

    # How each revision is named, and its version.
    base: str
    head: str
    base_version: str | None
    head_version: str | None
    # Only the tables that changed, in publication order.
    tables: list[TableDiff] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the data are the same."""
        return not self.tables

    def counts(self) -> dict[str, int]:
        """Rows added, retired, removed (not retired) and changed over all tables."""
        removed = [r for t in self.tables for r in t.removed]
        return {
            "added": sum(len(t.added) for t in self.tables),
            "retired": sum(r.retirement is not None for r in removed),
            "removed": sum(r.retirement is None for r in removed),
            "changed": sum(len(t.changed) for t in self.tables),
        }


def compare(base: Revision, head: Revision) -> DataDiff:
    """The data diff of ``head`` against ``base``, keyed by id."""
    diff = DataDiff(base.label, head.label, base.version, head.version)
    retired = head.retired()
    for name in HAND_EDITED:
        old, new = base.tables.get(name), head.tables.get(name)
        if old is None and new is None:
            continue
        t = TableDiff(name, (new or old).file)  # type: ignore[union-attr]
        if old is None or new is None:
            t.table_change = "added" if old is None else "removed"
        old_rows = old.rows if old else {}
        new_rows = new.rows if new else {}
        if old is not None and new is not None:
            t.columns_added = [c for c in new.columns if c not in old.columns]
            t.columns_removed = [c for c in old.columns if c not in new.columns]
        shared = [c for c in (new.columns if new else []) if old is not None and c in old.columns]
        for rid, row in new_rows.items():
            if rid not in old_rows:
                t.added.append(RowRef(rid, row, new.lines[rid]))  # type: ignore[union-attr]
                continue
            before = old_rows[rid]
            changes = {c: (before.get(c, ""), row.get(c, "")) for c in shared if not _same(before.get(c, ""), row.get(c, ""))}
            if changes:
                t.changed.append(RowChange(rid, new.lines[rid], changes))  # type: ignore[union-attr]
        for rid, row in old_rows.items():
            if rid not in new_rows:
                t.removed.append(RowRef(rid, row, old.lines[rid], retired.get(rid)))  # type: ignore[union-attr]
        if not t.empty:
            diff.tables.append(t)
    return diff


def _same(old: str, new: str) -> bool:
    """Equal cells; numbers written differently ("2.40" in raw/, "2.4" published) are equal."""
    if old == new:
        return True
    try:
        return float(old) == float(new) and old.strip() == old and new.strip() == new
    except ValueError:
        return False


# -- text ----------------------------------------------------------------------------------


def render_text(diff: DataDiff, required: str = "", problems: list[Problem] | None = None) -> str:
    """The diff for a terminal: a summary line, then one line per added, removed or changed row."""
    lines = [summary(diff, required)]
    for t in diff.tables:
        lines.append("")
        lines.append(f"{t.name} ({t.file})" + (f": table {t.table_change}" if t.table_change else ""))
        lines += [f"  column added: {c}" for c in t.columns_added] + [f"  column removed: {c}" for c in t.columns_removed]
        lines += [f"  + {r.id}" for r in t.added]
        for r in t.removed:
            lines.append(f"  - {r.id}" + (f" (retired: {r.retirement.get('reason', '')})" if r.retirement is not None else " (removed, not retired)"))
        for c in t.changed:
            lines.append(f"  ~ {c.id}")
            lines += [f"      {column}: {_show(old)} -> {_show(new)}" for column, (old, new) in c.fields.items()]
    if problems:
        lines.append("")
        lines += [str(p) for p in problems]
    return printable("\n".join(lines), keep="\n")


def summary(diff: DataDiff, required: str = "") -> str:
    """One line: what changed, between which revisions and versions, and the bump it needs."""
    n = diff.counts()
    versions = f" (version {diff.base_version} -> {diff.head_version})" if diff.base_version != diff.head_version else f" (version {diff.head_version})"
    if diff.empty:
        what = "no data change"
    else:
        parts = [f"{n['added']} added", f"{n['retired']} retired", f"{n['removed']} removed without retirement", f"{n['changed']} changed"]
        columns = sum(len(t.columns_added) + len(t.columns_removed) for t in diff.tables)
        tables = [f"table {t.name} {t.table_change}" for t in diff.tables if t.table_change]
        what = ", ".join([*(p for p in parts if not p.startswith("0 ")), *([f"{columns} columns added or removed"] if columns else []), *tables]) or "no row change"
        what += f" in {len(diff.tables)} table{'s' if len(diff.tables) != 1 else ''}"
    needs = f"; version bump required: {required}" if required and required != "none" else ""
    return f"Data diff of {diff.head} against {diff.base}{versions}: {what}{needs}"


def _show(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if value == "" or value != value.strip() or "\n" in value else value


# -- Markdown ------------------------------------------------------------------------------


def render_markdown(diff: DataDiff, required: str = "", problems: list[Problem] | None = None, limit: int = MARKDOWN_LIMIT) -> str:
    """The diff for a pull-request comment or the job summary: under ``limit`` bytes, with a note of what was cut."""
    head = [f"### {_md(summary(diff, required))}", ""]
    if problems:
        head += [f"**{len(problems)} problem{'s' if len(problems) != 1 else ''}:**", ""]
        head += [f"- <code>{_md(p.code or 'problem')}</code> {_md(p.render(code=False))}" for p in problems[:50]]
        if len(problems) > 50:
            head.append(f"- … and {len(problems) - 50} more (run `kuzbass-data diff --check` for all)")
        head.append("")
    budget = limit - 400  # room for the closing note
    out = "\n".join(head) + "\n"
    size = len(out.encode("utf-8"))
    cut, full = 0, False
    for t in diff.tables:
        section = _table_lines(t)
        opening = f"<details><summary><b>{_md(t.name)}</b>: {_table_counts(t)}</summary>\n\n"
        closing = "\n</details>\n\n"
        full = full or size + len((opening + closing).encode("utf-8")) > budget
        opened = not full
        if opened:
            out += opening
            size += len((opening + closing).encode("utf-8"))
        for line in section:
            cost = len(line.encode("utf-8")) + 1
            full = full or size + cost > budget
            if full:
                cut += line.startswith("| ") and not line.startswith(("| id ", "| ---"))
                continue
            out += line + "\n"
            size += cost
        if opened:
            out += closing
    if cut:
        out += f"*{cut} rows of the diff were cut to keep this under {limit // 1000} KB; run `kuzbass-data diff --format json` for all of it.*\n"
    return out


def _table_counts(t: TableDiff) -> str:
    parts = [f"table {t.table_change}"] if t.table_change else []
    retired = sum(r.retirement is not None for r in t.removed)
    parts += [f"{len(t.added)} added", f"{retired} retired", f"{len(t.removed) - retired} removed", f"{len(t.changed)} changed"]
    if t.columns_added or t.columns_removed:
        parts.append(f"columns +{len(t.columns_added)} −{len(t.columns_removed)}")
    return ", ".join(p for p in parts if not p.startswith("0 "))


def _table_lines(t: TableDiff) -> list[str]:
    lines: list[str] = []
    if t.columns_added or t.columns_removed:
        lines += [f"Columns added: {_codes(t.columns_added) or 'none'}; removed: {_codes(t.columns_removed) or 'none'}", ""]
    if t.added:
        lines += ["**Added**", "", "| id | line | cells |", "| --- | --- | --- |"]
        lines += [f"| {_cell(r.id)} | {r.line} | {_cells(r.row)} |" for r in t.added]
        lines.append("")
    if t.removed:
        lines += ["**Removed**", "", "| id | retired | reason | successor |", "| --- | --- | --- | --- |"]
        for r in t.removed:
            ret = r.retirement
            if ret is None:
                lines.append(f"| {_cell(r.id)} | **no** | | |")
            else:
                lines.append(f"| {_cell(r.id)} | {_cell(ret.get('retired_in_version', ''))} | {_cell(ret.get('reason', ''))} | {_cell(ret.get('successor', ''))} |")
        lines.append("")
    if t.changed:
        lines += ["**Changed**", "", "| id | field | old | new |", "| --- | --- | --- | --- |"]
        for c in t.changed:
            for column, (old, new) in c.fields.items():
                lines.append(f"| {_cell(c.id)} | {_cell(column)} | {_cell(old)} | {_cell(new)} |")
        lines.append("")
    return lines or ["No rows yet.", ""]


def _codes(names: list[str]) -> str:
    return ", ".join(_cell(n) for n in names)


def _cells(row: dict[str, str]) -> str:
    return "<br>".join(f"{_md(k)}: {_cell(v)}" for k, v in row.items() if v and k != "id")


def _cell(value: str) -> str:
    """A hostile cell as inert Markdown: shortened, HTML-escaped, in <code>, no pipes or line breaks."""
    if value == "":
        return "<i>empty</i>"
    short = value if len(value) <= CELL_LIMIT else value[: CELL_LIMIT - 1] + "…"
    return f"<code>{_md(short)}</code>"


def _md(text: str) -> str:
    """Text that Markdown and HTML show as written: no tags, pipes, mentions, links or line breaks."""
    from .escape import markdown  # one escaping for every Markdown surface (escape.py)

    return markdown(text)


# -- JSON ----------------------------------------------------------------------------------


def as_json(diff: DataDiff, required: str = "", problems: list[Problem] | None = None) -> dict[str, Any]:
    """The diff as plain JSON-ready data."""
    return {
        "base": {"label": diff.base, "version": diff.base_version},
        "head": {"label": diff.head, "version": diff.head_version},
        "summary": {**diff.counts(), "tables": len(diff.tables)},
        "required_bump": required or None,
        "tables": [
            {
                "name": t.name,
                "file": t.file,
                "table_change": t.table_change or None,
                "columns_added": t.columns_added,
                "columns_removed": t.columns_removed,
                "added": [{"id": r.id, "line": r.line, "row": r.row} for r in t.added],
                "removed": [{"id": r.id, "line": r.line, "row": r.row, "retirement": r.retirement} for r in t.removed],
                "changed": [{"id": c.id, "line": c.line, "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()}} for c in t.changed],
            }
            for t in diff.tables
        ],
        "problems": [{"code": p.code, "file": p.file, "line": p.line, "column": p.column, "message": p.message, "hint": p.hint} for p in problems or []],
    }


def render_json(diff: DataDiff, required: str = "", problems: list[Problem] | None = None) -> str:
    """The diff as indented JSON text."""
    return json.dumps(as_json(diff, required, problems), indent=2, ensure_ascii=False)
