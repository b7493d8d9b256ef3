"""The versioning rule of CHANGELOG.md, enforced: every data change comes with its version bump and entry.

What a change needs (CHANGELOG.md, "Versioning rule"):

- **major**: an id, table or column removed; a row's number, unit, qualifier, status, measure,
  dimension, period or source changed (a corrected number included); a conflict's kind or members changed;
- **minor**: rows, tables or columns added;
- **patch**: anything else in the data: a row's footnote, locator, excerpt or note, a source's
  citation details, a conflict's explanation, a retirement's reason or successor.

The version in kuzbass_data/__about__.py must be a successor of the base's version at that level
or above, and CHANGELOG.md must have a ``## [X.Y.Z]`` entry for it that names every id changed or
retired, and every table that changed (by its name, or through an id of it that the entry names). Problem codes: ``version-not-bumped``,
``version-bump-too-small``, ``version-not-successor``, ``version-unreadable``,
``changelog-entry-missing``, ``changelog-entry-incomplete``.
"""

from __future__ import annotations

import re

from .diff import DataDiff, TableDiff
from .problems import Problem
from .registry import SOURCE_IDENTITY
from .revision import ABOUT_FILE, CHANGELOG_FILE, Revision

LEVELS = ("none", "patch", "minor", "major")
SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
# Columns of a data row that carry its provenance and commentary, not its meaning: a correction is a patch.
PATCH_COLUMNS = frozenset({"footnote", "locator", "excerpt", "note", "footnote_basis"})
# Columns of the reference tables whose change alters meaning (every other column is metadata: patch).
MEANING_COLUMNS = {"sources": frozenset(), "conflicts": frozenset({"kind", "members"}), "retired_ids": frozenset()}


def required_bump(diff: DataDiff) -> tuple[str, list[str]]:
    """The smallest bump ``diff`` needs ("none", "patch", "minor" or "major") and why, most serious reasons first."""
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
    reasons["major"] += [f"{r.id} removed from {t.name}" for r in t.removed]
    reasons["minor"] += [f"{r.id} added to {t.name}" for r in t.added]
    meaning = MEANING_COLUMNS.get(t.name)
    for c in t.changed:
        # A source's identity rewritten (not written for the first time) is a new text: breaking (registry.SOURCE_IDENTITY).
        rewritten = [f for f in c.fields if t.name == "sources" and f in SOURCE_IDENTITY and c.fields[f][0]]
        major = [f for f in c.fields if (f in meaning if meaning is not None else f not in PATCH_COLUMNS) or f in rewritten]
        if major:
            reasons["major"].append(f"{', '.join(major)} of {c.id} changed")
        else:
            reasons["patch"].append(f"{', '.join(c.fields)} of {c.id} changed")


def parse_version(text: str | None) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a MAJOR.MINOR.PATCH version; None for anything else."""
    found = SEMVER.fullmatch(text or "")
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def successors(version: tuple[int, int, int]) -> dict[str, str]:
    """The next version at each level: {"patch": "0.1.1", "minor": "0.2.0", "major": "1.0.0"}."""
    major, minor, patch = version
    return {"patch": f"{major}.{minor}.{patch + 1}", "minor": f"{major}.{minor + 1}.0", "major": f"{major + 1}.0.0"}


def check_version(diff: DataDiff, head: Revision, base: Revision) -> list[Problem]:
    """Problems with the version bump and CHANGELOG entry ``diff`` requires of ``head``."""
    level, reasons = required_bump(diff)
    old, new = parse_version(base.version), parse_version(head.version)
    if new is None:
        shown = head.version if head.version is not None else "missing"
        return [Problem(ABOUT_FILE, head.version_line, "__version__", f"the version is {shown!r}, not MAJOR.MINOR.PATCH", 'write it as __version__ = "X.Y.Z"', code="version-unreadable")]
    if old is None or (level == "none" and new == old):
        return []  # an unknown base version cannot be compared; no change needs no bump
    why = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
    nexts = successors(old)
    if new == old:
        return [
            Problem(
                ABOUT_FILE,
                head.version_line,
                "__version__",
                f"the data changed ({why}) but the version is still {head.version}",
                f'this is a {level} change: set __version__ = "{nexts[level]}" and add a "## [{nexts[level]}]" entry to {CHANGELOG_FILE} (see its versioning rule)',
                code="version-not-bumped",
            )
        ]
    bumped = next((lv for lv, v in nexts.items() if v == head.version), None)
    if bumped is None:
        return [
            Problem(
                ABOUT_FILE,
                head.version_line,
                "__version__",
                f"{head.version} does not follow {base.version} (the version of {base.label})",
                f"the next version is {nexts['patch']}, {nexts['minor']} or {nexts['major']}" + (f"; this {level} change needs {nexts[level]}" if level != "none" else ""),
                code="version-not-successor",
            )
        ]
    if LEVELS.index(bumped) < LEVELS.index(level):
        return [
            Problem(
                ABOUT_FILE,
                head.version_line,
                "__version__",
                f"{head.version} is a {bumped} bump, but the data change is {level} ({why})",
                f'set __version__ = "{nexts[level]}" and name the entry in {CHANGELOG_FILE} after it',
                code="version-bump-too-small",
            )
        ]
    return _changelog(diff, head, level)


def changelog_entry(changelog: str, version: str) -> tuple[int, str] | None:
    """The line of the ``## [version]`` heading in ``changelog`` and the entry's text up to the next heading."""
    found = re.search(rf"^## \[{re.escape(version)}\][^\n]*$", changelog, re.MULTILINE)
    if found is None:
        return None
    following = re.search(r"^## ", changelog[found.end() :], re.MULTILINE)
    end = found.end() + following.start() if following else len(changelog)
    return changelog.count("\n", 0, found.start()) + 1, changelog[found.end() : end]


def _changelog(diff: DataDiff, head: Revision, level: str) -> list[Problem]:
    version = str(head.version)
    entry = changelog_entry(head.changelog or "", version)
    if entry is None:
        return [
            Problem(
                CHANGELOG_FILE,
                None,
                None,
                f"has no entry for version {version}",
                f'add a "## [{version}] - YYYY-MM-DD" section naming the tables and ids that changed ({level} change)',
                code="changelog-entry-missing",
            )
        ]
    line, text = entry

    def named(name: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None

    # Every id changed or retired by name; every table that changed by name or through an id of it it names.
    ids = [r.id for t in diff.tables for r in t.removed] + [c.id for t in diff.tables for c in t.changed]
    tables = [t.name for t in diff.tables if not named(t.name) and not any(named(i) for i in [*(r.id for r in t.added), *(r.id for r in t.removed), *(c.id for c in t.changed)])]
    missing = tables + [i for i in ids if not named(i)]
    if not missing:
        return []
    shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
    return [Problem(CHANGELOG_FILE, line, None, f"the entry for {version} does not name {shown}", "name every table that changed and every id changed or retired", code="changelog-entry-incomplete")]
