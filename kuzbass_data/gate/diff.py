"""The data diff between two revisions, keyed by id, and its text, Markdown and JSON renderings.

For each hand-edited table: the rows added, the rows removed (marked retired when
raw/retired_ids.csv retires them), each changed row field by field (old -> new), and added or
removed columns and tables; and the change notes the head adds (the contributor's why).

A diff never hides a change:

- a changed cell is shown word by word (``word_diff``): the changed words marked, with a few
  words of context, the unchanged rest elided; a changed span is never cut, and a change that is
  invisible as text (a space, an invisible character) is shown escaped;
- every added or changed data row shows its rendered sentence (``sentence.sentence``) beside its
  excerpt, in every format, so that a reviewer compares what the row says with what the source says;
- the changes of meaning (``consequences``: retirements and removals, values, periods and
  statuses, dimensions such as place, nationality or a conflict's kind, sources' identity) come
  first, in full, never cut for size; only the detailed tables below them are capped
  (``MARKDOWN_LIMIT``), with a note of what was cut.

Cells come from a pull request and are treated as hostile: escaped for Markdown and HTML, never
able to break the table, link, strike through or mention anyone.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..schema import DATA_TABLES
from .problems import Problem, printable
from .revision import HAND_EDITED, Revision

# GitHub limits a comment to 65,536 characters and a step summary to 1 MiB; stay well below both.
MARKDOWN_LIMIT = 60_000
# The longest unchanged cell shown whole; longer ones are shortened (a changed cell is shown by its changed words).
CELL_LIMIT = 200
# Cells up to this length are shown old -> new as they are; longer ones with their changed words marked.
PLAIN_LIMIT = 60
# Words of unchanged context kept on each side of a changed span.
CONTEXT_WORDS = 6
# The longest change note shown in the job summary (the file holds the rest; the generated record is never cut).
NOTE_LIMIT = 4000
# What a change of each column means, for the summary's "changes of meaning": the kind, by column.
VALUE_COLUMNS = frozenset({"value", "value_low", "value_high", "unit", "qualifier"})
PERIOD_COLUMNS = frozenset({"status", "year", "base_year", "period_start", "period_end", "period_precision", "season", "period_relation"})
IDENTITY_COLUMNS = frozenset({"fingerprint", "text_root", "licence"})
# The dimensions of each data table (place, nationality, group, ...), measure and source included.
DIMENSIONS = {t.name: frozenset(t.dimensions) | {"source_id"} for t in DATA_TABLES}
# Which changes come first in the summary, in this order.
MEANING_ORDER = ("retired or removed", "value", "period or status", "dimension", "source identity", "conflict")


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
    # The row's cells in head, for its sentence.
    row: dict[str, str] = field(default_factory=dict)


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
    # The change notes head adds or edits (path -> text): the contributor's why.
    notes: dict[str, str] = field(default_factory=dict)
    # Each source's short name for the sentences ("Landau (2015)"), by source id, from head (else base).
    source_names: dict[str, str] = field(default_factory=dict)

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
    from ..sentence import source_name

    diff = DataDiff(base.label, head.label, base.version, head.version)
    diff.notes = {rel: text for rel, text in sorted(head.changes.items()) if base.changes.get(rel) != text}
    for revision in (base, head):
        sources = revision.tables.get("sources")
        for sid, row in (sources.rows if sources else {}).items():
            diff.source_names[sid] = source_name(row.get("authors", ""), row.get("year", ""))
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
                t.changed.append(RowChange(rid, new.lines[rid], changes, row))  # type: ignore[union-attr]
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


# -- what a change means ---------------------------------------------------------------------


@dataclass
class Consequence:
    """One change of meaning, for the top of the summary: what kind, which row, and what changed."""

    # One of MEANING_ORDER.
    kind: str
    table: str
    id: str
    # The changed columns -> (old, new); empty for a retirement or removal.
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)
    # For a removal: the retirement's reason, or "" when it is not retired.
    detail: str = ""


def consequences(diff: DataDiff) -> list[Consequence]:
    """Every change of meaning in ``diff``, most consequential kind first (MEANING_ORDER), none left out."""
    found: list[Consequence] = []
    for t in diff.tables:
        for r in t.removed:
            why = f"retired: {r.retirement.get('reason', '')}" if r.retirement is not None else "removed without retirement"
            found.append(Consequence("retired or removed", t.name, r.id, detail=why))
        for c in t.changed:
            for kind, columns in _meaning_columns(t.name).items():
                picked = {k: v for k, v in c.fields.items() if k in columns}
                if picked:
                    found.append(Consequence(kind, t.name, c.id, picked))
    return sorted(found, key=lambda c: MEANING_ORDER.index(c.kind))


def _meaning_columns(table: str) -> dict[str, frozenset[str]]:
    if table == "sources":
        return {"source identity": IDENTITY_COLUMNS | {"kind"}}
    if table == "conflicts":
        return {"conflict": frozenset({"kind", "members"})}
    if table not in DIMENSIONS:
        return {}
    return {"value": VALUE_COLUMNS, "period or status": PERIOD_COLUMNS, "dimension": DIMENSIONS[table] - PERIOD_COLUMNS}


# -- words that changed ----------------------------------------------------------------------

# A word and the spaces after it: joined again, the tokens give back the text exactly.
_TOKEN = re.compile(r"\S+\s*|\s+")


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS, limit: int = CELL_LIMIT) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``old`` and ``new`` as segments (kind, text), kind "same", "del" (old only), "ins" (new only) or
    "gap" (unchanged words left out). Changed words are never left out; unchanged runs keep
    ``context`` words on each side when a cell is longer than ``limit``. A change invisible as text
    (spaces, invisible characters) is shown escaped, so old and new never look the same."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    old_parts: list[tuple[str, str]] = []
    new_parts: list[tuple[str, str]] = []
    short = len(old) <= limit and len(new) <= limit
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for position, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            kept = _context(a[i1:i2], short or False, first=position == 0, last=position == len(opcodes) - 1, context=context)
            old_parts += kept
            new_parts += kept
            continue
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        if gone.strip() == came.strip() or printable(gone).split() == printable(came).split():
            gone, came = _visible(gone), _visible(came)  # a difference of spaces or invisible characters
        if gone:
            old_parts.append(("del", gone))
        if came:
            new_parts.append(("ins", came))
    return old_parts, new_parts


def _context(words: list[str], whole: bool, *, first: bool, last: bool, context: int) -> list[tuple[str, str]]:
    """An unchanged run of words: whole in a short cell, else ``context`` words next to each change."""
    if whole or len(words) <= 2 * context:
        return [("same", "".join(words))]
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    return [p for p in (("same", "".join(head)), ("gap", "…"), ("same", "".join(tail))) if p[1]]


def _visible(text: str) -> str:
    """Text whose every space and invisible character shows: as JSON would write it, without the quotes."""
    return json.dumps(text, ensure_ascii=True)[1:-1].replace(" ", "·")


def _row_sentence(diff: DataDiff, table: str, row: dict[str, str]) -> str:
    """The row's sentence (``sentence.sentence``) for a data table's row; "" for the reference tables."""
    if table not in DIMENSIONS:
        return ""
    from ..sentence import sentence

    try:
        return sentence({k: (v if v != "" else None) for k, v in row.items()}, diff.source_names.get(row.get("source_id", "")), table)
    except (KeyError, ValueError, TypeError, AttributeError):  # a row too broken to read: validate names its problem
        return ""


# -- text ----------------------------------------------------------------------------------


def render_text(diff: DataDiff, required: str = "", problems: list[Problem] | None = None) -> str:
    """The diff for a terminal: a summary line, the changes of meaning, then every added, removed or changed row."""
    lines = [summary(diff, required)]
    meaning = consequences(diff)
    if meaning:
        lines += ["", "Changes of meaning:"]
        lines += [
            f"  {c.kind}: {c.table} {c.id}" + (f" ({c.detail})" if c.detail else "") + "".join(f"; {k}: {_show(o)} -> {_show(n)}" for k, (o, n) in c.fields.items() if len(o) + len(n) < 120)
            for c in meaning
        ]
    for t in diff.tables:
        lines.append("")
        lines.append(f"{t.name} ({t.file})" + (f": table {t.table_change}" if t.table_change else ""))
        lines += [f"  column added: {c}" for c in t.columns_added] + [f"  column removed: {c}" for c in t.columns_removed]
        for r in t.added:
            lines.append(f"  + {r.id}")
            lines += _text_reading(diff, t.name, r.row)
        for r in t.removed:
            lines.append(f"  - {r.id}" + (f" (retired: {r.retirement.get('reason', '')})" if r.retirement is not None else " (removed, not retired)"))
        for c in t.changed:
            lines.append(f"  ~ {c.id}")
            for column, (old, new) in c.fields.items():
                if len(old) <= PLAIN_LIMIT and len(new) <= PLAIN_LIMIT and _plain_differs(old, new):
                    lines.append(f"      {column}: {_show(old)} -> {_show(new)}")
                else:
                    before, after = word_diff(old, new)
                    lines.append(f"      {column}: {_text_segments(before)} -> {_text_segments(after)}")
            lines += _text_reading(diff, t.name, _new_row(diff, t, c))
    if diff.notes:
        lines += ["", "Change notes (the contributor's why; compare with the record above):"]
        lines += [f"  {rel}:\n" + "\n".join(f"    {line}" for line in text.strip().splitlines()) for rel, text in diff.notes.items()]
    if problems:
        lines.append("")
        lines += [str(p) for p in problems]
    return printable("\n".join(lines), keep="\n")


def _plain_differs(old: str, new: str) -> bool:
    """True when a short cell's old and new, as printed, visibly differ."""
    return _show(old) != _show(new) and printable(old) != printable(new)


def _text_segments(parts: list[tuple[str, str]]) -> str:
    return "".join({"del": "[-{}-]", "ins": "{{+{}+}}", "gap": " {} ", "same": "{}"}[kind].format(text) for kind, text in parts).strip() or '""'


def _text_reading(diff: DataDiff, table: str, row: dict[str, str]) -> list[str]:
    said = _row_sentence(diff, table, row)
    return [f"      reads: {said}", f"      excerpt: {row.get('excerpt', '')}"] if said else []


def _new_row(diff: DataDiff, t: TableDiff, c: RowChange) -> dict[str, str]:
    """The changed row as head has it (its cells are not kept whole in the change; rebuilt from the fields)."""
    return c.row or {k: new for k, (_old, new) in c.fields.items()}


def summary(diff: DataDiff, required: str = "") -> str:
    """One line: what changed, between which revisions and versions, and the release level it needs."""
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
    needs = f"; release level needed: {required} (set by a maintainer at release)" if required and required != "none" else ""
    return f"Data diff of {diff.head} against {diff.base}{versions}: {what}{needs}"


def _show(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if value == "" or value != value.strip() or "\n" in value else value


# -- Markdown ------------------------------------------------------------------------------


def render_markdown(diff: DataDiff, required: str = "", problems: list[Problem] | None = None, limit: int = MARKDOWN_LIMIT) -> str:
    """The diff for a pull-request comment or the job summary.

    First the summary, the problems and the changes of meaning (whole, whatever their size), then
    the contributor's change notes beside them, then one collapsed section per table, cut to stay
    under ``limit`` bytes with a note of what was cut.
    """
    head = [f"### {_md(summary(diff, required))}", ""]
    if problems:
        head += [f"**{len(problems)} problem{'s' if len(problems) != 1 else ''}:**", ""]
        head += [f"- <code>{_md(p.code or 'problem')}</code> {_md(p.render(code=False))}" for p in problems[:50]]
        if len(problems) > 50:
            head.append(f"- … and {len(problems) - 50} more (run `kuzbass-data diff --check` for all)")
        head.append("")
    head += _meaning_lines(diff)
    head += _note_lines(diff)
    out = "\n".join(head) + "\n"
    budget = max(limit - 400, len(out.encode("utf-8")))  # room for the closing note; the lines above are never cut
    size = len(out.encode("utf-8"))
    cut, full = 0, False
    for t in diff.tables:
        section = _table_lines(diff, t)
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
        out += f"*{cut} rows of the detailed diff were cut to keep this under {limit // 1000} KB (the changes of meaning above are complete); run `kuzbass-data diff --format json` for all of it.*\n"
    return out


def _meaning_lines(diff: DataDiff) -> list[str]:
    """The changes of meaning, grouped by kind in MEANING_ORDER: every one, short enough to read."""
    found = consequences(diff)
    if not found:
        return ["No change of meaning: no row retired or removed, and no value, period, status, dimension, conflict or source identity changed.", ""] if not diff.empty else []
    lines = [f"#### Changes of meaning ({len(found)})", ""]
    for kind in MEANING_ORDER:
        group = [c for c in found if c.kind == kind]
        if not group:
            continue
        lines.append(f"**{_md(kind.capitalize())} ({len(group)})**")
        lines.append("")
        for c in group:
            what = f" ({_md(c.detail)})" if c.detail else ""
            what += "".join(f"; {_md(k)}: {_change(o, n)}" for k, (o, n) in c.fields.items())
            lines.append(f"- {_md(c.table)} {_cell(c.id)}{what}")
        lines.append("")
    return lines


def _change(old: str, new: str) -> str:
    """old → new, word by word when long; never two cells that look the same."""
    if len(old) <= 80 and len(new) <= 80 and printable(old) != printable(new) and old.strip() == old and new.strip() == new:
        return f"{_cell(old)} → {_cell(new)}"
    before, after = word_diff(old, new, limit=80)
    return f"{_segments(before)} → {_segments(after)}"


def _note_lines(diff: DataDiff) -> list[str]:
    """The contributor's change notes, shown as written (escaped: a hidden comment shows as text)."""
    if not diff.notes:
        return ["*No change note added.*", ""] if not diff.empty else []
    lines = ["#### The contributor's change note (the why; compare it with the generated record)", ""]
    for rel, text in diff.notes.items():
        shown = text if len(text) <= NOTE_LIMIT else text[:NOTE_LIMIT] + f" … ({len(text) - NOTE_LIMIT} more characters: read {rel})"
        lines.append(f"<b>{_md(rel)}</b>")
        lines.append("")
        lines += [f"> {_md(line)}" if line.strip() else ">" for line in shown.strip().splitlines()]
        lines.append("")
    return lines


def _table_counts(t: TableDiff) -> str:
    parts = [f"table {t.table_change}"] if t.table_change else []
    retired = sum(r.retirement is not None for r in t.removed)
    parts += [f"{len(t.added)} added", f"{retired} retired", f"{len(t.removed) - retired} removed", f"{len(t.changed)} changed"]
    if t.columns_added or t.columns_removed:
        parts.append(f"columns +{len(t.columns_added)} −{len(t.columns_removed)}")
    return ", ".join(p for p in parts if not p.startswith("0 "))


def _table_lines(diff: DataDiff, t: TableDiff) -> list[str]:
    lines: list[str] = []
    if t.columns_added or t.columns_removed:
        lines += [f"Columns added: {_codes(t.columns_added) or 'none'}; removed: {_codes(t.columns_removed) or 'none'}", ""]
    if t.added:
        lines += ["**Added**", "", "| id | line | reads | cells |", "| --- | --- | --- | --- |"]
        lines += [f"| {_cell(r.id)} | {r.line} | {_reading(diff, t.name, r.row)} | {_cells(r.row)} |" for r in t.added]
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
                if len(old) <= PLAIN_LIMIT and len(new) <= PLAIN_LIMIT and _plain_differs(old, new):
                    lines.append(f"| {_cell(c.id)} | {_cell(column)} | {_cell(old)} | {_cell(new)} |")
                else:
                    before, after = word_diff(old, new)
                    lines.append(f"| {_cell(c.id)} | {_cell(column)} | {_segments(before)} | {_segments(after)} |")
            reading = _reading(diff, t.name, _new_row(diff, t, c))
            if reading != "":
                lines.append(f"| {_cell(c.id)} | <i>reads now</i> | | {reading} |")
        lines.append("")
    return lines or ["No rows yet.", ""]


def _reading(diff: DataDiff, table: str, row: dict[str, str]) -> str:
    """The row's sentence beside its excerpt, for a Markdown cell ("" for a reference table)."""
    said = _row_sentence(diff, table, row)
    return f"{_md(said)}<br>excerpt: {_cell(row.get('excerpt', ''))}" if said else ""


def _segments(parts: list[tuple[str, str]]) -> str:
    """Word-diff segments as inert Markdown: removed words struck, added words underlined, gaps as an ellipsis."""
    shown = "".join({"del": "<del>{}</del>", "ins": "<ins>{}</ins>", "gap": " {} ", "same": "{}"}[kind].format(_md(text) if kind != "gap" else "…") for kind, text in parts)
    return shown or "<i>empty</i>"


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
    from ..escape import markdown  # one escaping for every Markdown surface (escape.py)

    return markdown(text)


# -- JSON ----------------------------------------------------------------------------------


def as_json(diff: DataDiff, required: str = "", problems: list[Problem] | None = None) -> dict[str, Any]:
    """The diff as plain JSON-ready data: every row, each added or changed data row with its sentence."""
    return {
        "base": {"label": diff.base, "version": diff.base_version},
        "head": {"label": diff.head, "version": diff.head_version},
        "summary": {**diff.counts(), "tables": len(diff.tables)},
        "required_bump": required or None,
        "changes_of_meaning": [{"kind": c.kind, "table": c.table, "id": c.id, "detail": c.detail, "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()}} for c in consequences(diff)],
        "notes": diff.notes,
        "tables": [
            {
                "name": t.name,
                "file": t.file,
                "table_change": t.table_change or None,
                "columns_added": t.columns_added,
                "columns_removed": t.columns_removed,
                "added": [{"id": r.id, "line": r.line, "row": r.row, **_json_reading(diff, t.name, r.row)} for r in t.added],
                "removed": [{"id": r.id, "line": r.line, "row": r.row, "retirement": r.retirement} for r in t.removed],
                "changed": [
                    {
                        "id": c.id,
                        "line": c.line,
                        "fields": {k: {"old": o, "new": n, **({"words": _json_words(o, n)} if len(o) > CELL_LIMIT or len(n) > CELL_LIMIT else {})} for k, (o, n) in c.fields.items()},
                        **_json_reading(diff, t.name, _new_row(diff, t, c)),
                    }
                    for c in t.changed
                ],
            }
            for t in diff.tables
        ],
        "problems": [{"code": p.code, "file": p.file, "line": p.line, "column": p.column, "message": p.message, "hint": p.hint} for p in problems or []],
    }


def _json_reading(diff: DataDiff, table: str, row: dict[str, str]) -> dict[str, str]:
    said = _row_sentence(diff, table, row)
    return {"sentence": said, "excerpt": row.get("excerpt", "")} if said else {}


def _json_words(old: str, new: str) -> dict[str, list[dict[str, str]]]:
    before, after = word_diff(old, new)
    return {"old": [{"kind": k, "text": t} for k, t in before], "new": [{"kind": k, "text": t} for k, t in after]}


def render_json(diff: DataDiff, required: str = "", problems: list[Problem] | None = None) -> str:
    """The diff as indented JSON text."""
    return json.dumps(as_json(diff, required, problems), indent=2, ensure_ascii=False)
