"""The versioning rule and the change notes: what a change needs, said on every pull request, enforced at release.

A contribution never edits a version. It adds one change note, ``changes/<name>.md``, saying
what changed and why by row id; CI states which release level the change needs; a maintainer's
``kuzbass-data release X.Y.Z`` assembles CHANGELOG.md from the notes and checks that X.Y.Z is
at least that level above the previous release (``release.py``).

What a change needs (CHANGELOG.md, "Versioning rule"), the largest change deciding:

- **major**: an id, table or column removed (a retirement included); a row's number, unit,
  qualifier, status, measure, dimension, period or source changed (a corrected number
  included); a conflict's kind changed or a member taken out of it; a source's identity changed:
  its ``kind``, ``licence``, ``fingerprint`` or ``text_root``;
- **minor**: rows, tables or columns added; a member added to an existing conflict;
- **patch**: anything else in the data: a row's footnote, locator, excerpt or note, a source's
  citation details, a conflict's explanation, a retirement's reason or successor.

Problem codes of a pull request against its base: ``change-note-missing``,
``change-note-incomplete`` (errors); ``release-files-changed`` and ``built-files-changed``
(warnings: a reviewer's matter, never a reason to block an honest contribution).
"""

from __future__ import annotations

import re

from ..paths import ABOUT_FILE, CHANGELOG_FILE, CHANGES_DIR
from .diff import DataDiff, TableDiff
from .problems import Problem
from .registry import SOURCE_IDENTITY
from .revision import Revision

LEVELS = ("none", "patch", "minor", "major")
SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
# Columns of a data row that carry its provenance and commentary, not its meaning: a correction is a patch.
# The *_text columns quote the excerpt's words for the number, period and status (the readings), and
# footnote_basis is the curator's reasoning on the footnote: provenance too.
PATCH_COLUMNS = frozenset({"footnote", "locator", "excerpt", "note", "footnote_basis", "value_text", "period_text", "status_text"})
# Columns of the reference tables whose change alters meaning (every other column is metadata: patch). A source's
# identity (registry.SOURCE_IDENTITY) rewritten is breaking too, but written for the first time it is not: see below.
MEANING_COLUMNS = {"sources": frozenset(), "conflicts": frozenset({"kind"}), "retired_ids": frozenset()}
NOTE_HINT = f"add one file {CHANGES_DIR}/<short-name>.md saying what changed and why, naming each row id (CONTRIBUTING.md, 'The change note')"


def required_bump(diff: DataDiff) -> tuple[str, list[str]]:
    """The smallest release level ``diff`` needs ("none", "patch", "minor" or "major") and why, most serious first."""
    reasons: dict[str, list[str]] = {level: [] for level in LEVELS}
    for t in diff.tables:
        _table_reasons(t, reasons)
    for level in reversed(LEVELS[1:]):
        if reasons[level]:
            return level, reasons[level]
    return "none", []


def _table_reasons(t: TableDiff, reasons: dict[str, list[str]]) -> None:
    if t.table_change:
        reasons["major" if t.table_change == "removed" else "minor"].append(f"table {t.name} {t.table_change}")
        return
    reasons["major"] += [f"column {t.name}.{c} removed" for c in t.columns_removed]
    reasons["minor"] += [f"column {t.name}.{c} added" for c in t.columns_added]
    reasons["major"] += [f"{r.id} {'retired' if r.retirement is not None else 'removed'} from {t.name}" for r in t.removed]
    reasons["minor"] += [f"{r.id} added to {t.name}" for r in t.added]
    meaning = MEANING_COLUMNS.get(t.name)
    for c in t.changed:
        # A source's identity rewritten (not written for the first time) is a new text: breaking (registry.SOURCE_IDENTITY).
        rewritten = [f for f in c.fields if t.name == "sources" and f in SOURCE_IDENTITY and c.fields[f][0]]
        major = [f for f in c.fields if (f in meaning if meaning is not None else f not in PATCH_COLUMNS) or f in rewritten]
        if t.name == "conflicts" and "members" in c.fields:
            old, new = (set(filter(None, (m.strip() for m in v.split(";")))) for v in c.fields["members"])
            if old - new:
                major.append("members (one taken out)")
            elif new - old:
                reasons["minor"].append(f"members added to {c.id}")
        other = [f for f in c.fields if f != "members" or t.name != "conflicts"]
        if major:
            reasons["major"].append(f"{', '.join(major)} of {c.id} changed")
        elif other:
            reasons["patch"].append(f"{', '.join(other)} of {c.id} changed")


def parse_version(text: str | None) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a MAJOR.MINOR.PATCH version; None for anything else."""
    found = SEMVER.fullmatch(text or "")
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def successors(version: tuple[int, int, int]) -> dict[str, str]:
    """The next version at each level: {"patch": "0.1.1", "minor": "0.2.0", "major": "1.0.0"}."""
    major, minor, patch = version
    return {"patch": f"{major}.{minor}.{patch + 1}", "minor": f"{major}.{minor + 1}.0", "major": f"{major + 1}.0.0"}


def level_of(new: str, old: str) -> str | None:
    """The level at which ``new`` succeeds ``old`` ("patch", "minor", "major"), or None when it is no successor."""
    parsed = parse_version(old)
    if parsed is None:
        return None
    return next((level for level, version in successors(parsed).items() if version == new), None)


def without_comments(text: str) -> str:
    """Markdown as a reader sees it: HTML comments (hidden when rendered) removed, an unclosed one to the end."""
    return re.sub(r"<!--.*?(?:-->|\Z)", " ", text, flags=re.DOTALL)


def names(text: str, name: str) -> bool:
    """True when the visible ``text`` names ``name`` as a whole word (an id is not named inside a longer id)."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def unnamed(diff: DataDiff, notes: str) -> list[str]:
    """What the visible text of ``notes`` fails to name: every id changed, retired or removed, and every
    table that changed (by its name, or through an id of it that the notes name)."""
    visible = without_comments(notes)
    ids = [r.id for t in diff.tables for r in t.removed] + [c.id for t in diff.tables for c in t.changed]
    tables = [t.name for t in diff.tables if not names(visible, t.name) and not any(names(visible, i) for i in [*(r.id for r in t.added), *(r.id for r in t.removed), *(c.id for c in t.changed)])]
    return tables + [i for i in ids if not names(visible, i)]


def new_notes(head: Revision, base: Revision) -> dict[str, str]:
    """The change notes ``head`` adds or edits relative to ``base``."""
    return {rel: text for rel, text in head.changes.items() if base.changes.get(rel) != text}


def check_change_notes(diff: DataDiff, head: Revision, base: Revision) -> list[Problem]:
    """Problems of a contribution's change note: missing for a data change, or not naming what changed."""
    notes = new_notes(head, base)
    if diff.empty:
        return []
    level, _ = required_bump(diff)
    if not notes:
        n = diff.counts()
        what = ", ".join(f"{v} {k}" for k, v in n.items() if v) or "columns or tables changed"
        return [Problem(f"{CHANGES_DIR}/", None, None, f"the data changed ({what}: a {level} change) but no change note was added", NOTE_HINT, code="change-note-missing")]
    missing = unnamed(diff, "\n".join(notes.values()))
    if not missing:
        return []
    shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
    first = sorted(notes)[0]
    return [
        Problem(
            first,
            None,
            None,
            f"the change note does not name {shown}",
            "name every id changed or retired, and each table that changed (or an id of it), in visible text (not in an HTML comment)",
            code="change-note-incomplete",
        )
    ]


def check_pull_request(diff: DataDiff, head: Revision, base: Revision) -> list[Problem]:
    """A contribution against its base: its change note, and a warning for each kind of file a contributor
    need not touch (the version and CHANGELOG, which a release sets; the built files, which a maintainer rebuilds)."""
    problems = check_change_notes(diff, head, base)
    released = _released_entries(head.changelog) != _released_entries(base.changelog) and base.changelog is not None
    release = [f for f, changed in ((ABOUT_FILE, head.version != base.version), (CHANGELOG_FILE, released)) if changed]
    if release:
        problems.append(
            Problem(
                release[0],
                head.version_line if release[0] == ABOUT_FILE else None,
                None,
                f"this change edits {' and '.join(release)}" + (" (its released entries)" if CHANGELOG_FILE in release else "") + ", which only a release writes",
                f"leave {'it' if len(release) == 1 else 'them'} as in {base.label}: a maintainer's `kuzbass-data release` sets the version and assembles CHANGELOG.md from {CHANGES_DIR}/",
                code="release-files-changed",
                level="warning",
            )
        )
    if head.built is not None and base.built is not None and head.built != base.built:
        changed = sorted(rel for rel in set(head.built) | set(base.built) if head.built.get(rel) != base.built.get(rel))
        shown = ", ".join(changed[:4]) + (f" and {len(changed) - 4} more" if len(changed) > 4 else "")
        problems.append(
            Problem(
                changed[0],
                None,
                None,
                f"this change edits built files ({shown}); they are rebuilt from raw/ after merging, so these edits are not kept",
                "you may drop them from the pull request (git checkout BASE -- datapackage.json kuzbass_data/data); nothing else is needed",
                code="built-files-changed",
                level="warning",
            )
        )
    return problems


def _released_entries(changelog: str | None) -> str:
    """The released entries of CHANGELOG.md (from the first ``## [X.Y.Z]`` heading on), which only a release writes;
    the rule and the [Unreleased] notes above them are the maintainers' to edit in any pull request."""
    found = re.search(r"^## \[[0-9]", changelog or "", re.MULTILINE)
    return (changelog or "")[found.start() :] if found else ""


def release_level_note(diff: DataDiff) -> str:
    """One line for the contributor and the reviewer: the release level this change needs, and why."""
    level, reasons = required_bump(diff)
    if level == "none":
        return "Release level: no data change."
    why = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
    return f"Release level: this change needs a {level} release ({why}). A maintainer sets the version at release; do not edit it."
