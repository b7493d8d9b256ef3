"""``kuzbass-data release X.Y.Z``: a maintainer's release, the one place a version is made.

Contributions never touch the version: each adds a change note under ``changes/``. A release

1. compares the working tree with the previous release (the tag ``v<current version>``, else
   the last commit that changed kuzbass_data/__about__.py) and refuses X.Y.Z unless it succeeds
   the current version at the level the data change needs (``versioning.required_bump``), the
   change notes name every id changed or retired, and the ids keep their rules;
2. writes the version and the date in their one home, kuzbass_data/__about__.py, and the new
   retirements' ``retired_in_version``;
3. assembles the CHANGELOG.md entry: the [Unreleased] section's text, the change notes as
   written, and the record of what changed generated from the data diff; then removes the notes;
4. rebuilds the built files and the generated documents (CITATION.cff's version and date, the
   descriptors' version are derived from __about__.py);
5. checks that __about__.py, both descriptors, CITATION.cff and CHANGELOG.md name the same version.

Nothing is written when step 1 finds a problem.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import UsageError
from ..files import atomic_write
from ..gate.diff import DataDiff, compare
from ..gate.problems import Problem
from ..gate.registry import RETIRED_FILE, check_ids
from ..gate.revision import Revision, RevisionError, git, read_commit, read_worktree
from ..gate.versioning import LEVELS, level_of, parse_version, required_bump, successors, unnamed
from ..paths import ABOUT_FILE, CHANGELOG_FILE, DESCRIPTORS

UNRELEASED = "## [Unreleased]"
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class ReleaseResult:
    """What a release did, or the problems that stopped it (then nothing was written)."""

    # The version made, and the previous release it was compared with.
    version: str
    previous: str
    # The release level the data change needs.
    level: str
    problems: list[Problem] = field(default_factory=list)
    # Files written or removed, relative to the root.
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _demoted(note: str) -> str:
    """``note`` with its Markdown headings moved three levels down ("# X" -> "#### X"), at most to level 6."""
    return re.sub(r"^(#{1,6})(?= )", lambda m: "#" * min(6, len(m.group(1)) + 3), note, flags=re.MULTILINE)


def previous_release(root: Path, current: str) -> str:
    """The git ref of the previous release: the tag ``v<current>``, else the last commit that changed the version."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/v{current}", what=f"the tag v{current}")
        return f"v{current}"
    except RevisionError:
        pass
    sha = git(root, "log", "-1", "--format=%H", "--", ABOUT_FILE, what="the last change of the version").strip()
    if not sha:
        raise RevisionError(f"no tag v{current} and no commit that changed {ABOUT_FILE}: pass --previous REF")
    return sha


def release(root: Path, version: str, *, previous: str | None = None, date: str | None = None) -> ReleaseResult:
    """Make release ``version`` in the checkout at ``root`` (see the module's steps); problems stop it before any write."""
    head = read_worktree(root)
    if head.version is None:
        raise UsageError(f"{ABOUT_FILE} has no __version__ line")
    date = date or datetime.now(UTC).date().isoformat()
    if not DATE.fullmatch(date):
        raise UsageError(f"{date!r} is not a date YYYY-MM-DD")
    ref = previous or previous_release(root, head.version)
    base = read_commit(root, ref)
    diff = compare(base, head)
    level, reasons = required_bump(diff)
    result = ReleaseResult(version, f"{ref} (version {base.version})", level)
    result.problems = _release_problems(diff, head, base, version, level, reasons)
    if result.problems:
        return result
    result.written += _write_about(root, version, date)
    result.written += _write_retirements(root, head, base, version)
    result.written.append(_write_changelog(root, head, diff, version, date))
    for rel in sorted(head.changes):
        (root / rel).unlink()
        result.removed.append(rel)
    result.written += _rebuild(root)
    result.problems = agreement(root, version)
    return result


def _release_problems(diff: DataDiff, head: Revision, base: Revision, version: str, level: str, reasons: list[str]) -> list[Problem]:
    current = str(head.version)
    bumped = level_of(version, current)
    why = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
    parsed = parse_version(current)
    if bumped is None or parsed is None:
        nexts = successors(parsed) if parsed else {}
        hint = f"the next version is {nexts['patch']}, {nexts['minor']} or {nexts['major']}" if nexts else f"fix the version in {ABOUT_FILE}"
        return [Problem(ABOUT_FILE, head.version_line, "__version__", f"{version} does not follow the current version {current}", hint, code="release-version-not-successor")]
    problems: list[Problem] = []
    if LEVELS.index(bumped) < LEVELS.index(level):
        nexts = successors(parsed)
        problems.append(
            Problem(
                ABOUT_FILE,
                head.version_line,
                "__version__",
                f"{version} is a {bumped} release, but the data change since {base.label} is {level} ({why})",
                f"release {nexts[level]}",
                code="release-level-too-small",
            )
        )
    missing = unnamed(diff, "\n".join(head.changes.values()))
    if missing and not diff.empty:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        problems.append(Problem("changes/", None, None, f"the change notes do not name {shown}", "add or complete a change note in changes/ naming them", code="change-note-incomplete"))
    # The id rules against the previous release; new retirements get this version written below, so they are judged with it.
    head.version = version
    for rid, row in head.retired().items():
        if rid not in base.retired():
            row["retired_in_version"] = version
    problems += [p for p in check_ids(head, base) if p.level == "error"]
    head.version = current
    return problems


def _write_about(root: Path, version: str, date: str) -> list[str]:
    path = root / ABOUT_FILE
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"""^__version__\s*=\s*["'][^"'\n]*["']""", f'__version__ = "{version}"', text, count=1, flags=re.MULTILINE)
    if re.search(r"^__released__\s*=", text, re.MULTILINE):
        text = re.sub(r"""^__released__\s*=\s*["'][^"'\n]*["']""", f'__released__ = "{date}"', text, count=1, flags=re.MULTILINE)
    else:
        text = text.rstrip("\n") + f'\n# The date of the release of __version__, written by `kuzbass-data release`.\n__released__ = "{date}"\n'
    atomic_write(path, text.encode("utf-8"))
    return [ABOUT_FILE]


def _write_retirements(root: Path, head: Revision, base: Revision, version: str) -> list[str]:
    """Write ``version`` as the retired_in_version of every retirement the previous release did not have."""
    path = root / RETIRED_FILE
    if not path.is_file():
        return []
    new = {rid for rid in head.retired() if rid not in base.retired()}
    lines = path.read_text(encoding="utf-8").split("\n")
    changed = False
    header: list[str] | None = None
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        cells = next(csv.reader([line]))
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=False))
        if row.get("id") in new and row.get("retired_in_version") != version:
            row["retired_in_version"] = version
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow([row.get(c, "") for c in header])
            lines[number] = out.getvalue()
            changed = True
    if not changed:
        return []
    atomic_write(path, "\n".join(lines).encode("utf-8"))
    return [RETIRED_FILE]


def record(diff: DataDiff) -> list[str]:
    """What changed in the data, generated from the diff: one Markdown line per table and kind of change."""
    lines = []
    for t in diff.tables:
        if t.table_change:
            lines.append(f"- `{t.name}`: table {t.table_change}")
        if t.columns_added or t.columns_removed:
            lines.append(f"- `{t.name}`: columns added {', '.join(t.columns_added) or 'none'}; removed {', '.join(t.columns_removed) or 'none'}")
        retired = [r.id for r in t.removed if r.retirement is not None]
        removed = [r.id for r in t.removed if r.retirement is None]
        for what, ids in (("added", [r.id for r in t.added]), ("retired", retired), ("removed", removed)):
            if ids:
                lines.append(f"- `{t.name}`: {what} " + ", ".join(f"`{i}`" for i in ids))
        for c in t.changed:
            lines.append(f"- `{t.name}`: changed `{c.id}` ({', '.join(c.fields)})")
    return lines or ["- No data change."]


def _write_changelog(root: Path, head: Revision, diff: DataDiff, version: str, date: str) -> str:
    text = head.changelog or "# Changelog\n\n"
    if UNRELEASED in text:
        before, rest = text.split(UNRELEASED, 1)
        following = re.search(r"^## ", rest, re.MULTILINE)
        body, after = (rest[: following.start()], rest[following.start() :]) if following else (rest, "")
    else:
        before, body, after = text.rstrip("\n") + "\n\n", "", ""
    body = body.strip()
    # A note's own headings sit below the entry's "### Change notes" (a "# Title" would end the entry).
    notes = [_demoted(head.changes[rel].strip()) for rel in sorted(head.changes)]
    entry = [f"## [{version}] - {date}", ""]
    if notes or not diff.empty:
        body = body.removeprefix("No data change.").strip()  # the [Unreleased] text said so before the data changed
    if body and body != "No data change.":
        entry += [body, ""]
    if notes:
        entry += ["### Change notes", "", *[part for note in notes for part in (note, "")]]
    entry += ["### What changed in the data (generated from the data diff)", "", *record(diff), ""]
    assembled = before + UNRELEASED + "\n\n" + "\n".join(entry) + "\n" + after
    atomic_write(root / CHANGELOG_FILE, assembled.encode("utf-8"))
    return CHANGELOG_FILE


def _rebuild(root: Path) -> list[str]:
    from .build import build_outputs, write_outputs
    from .docs import write_documents

    written = write_outputs(root, build_outputs(root))
    return written + write_documents(root)


def agreement(root: Path, version: str) -> list[Problem]:
    """Problems where __about__.py, the descriptors, CITATION.cff or CHANGELOG.md name another version than ``version``."""
    from ..gate.revision import about_version

    found = {ABOUT_FILE: about_version(root, "")}
    for rel in DESCRIPTORS:
        try:
            found[rel] = str(json.loads((root / rel).read_text(encoding="utf-8")).get("version"))
        except (OSError, ValueError):
            found[rel] = ""
    citation = root / "CITATION.cff"
    if citation.is_file():
        line = re.search(r'^version:\s*"?([^"\n]*)"?\s*$', citation.read_text(encoding="utf-8"), re.MULTILINE)
        found["CITATION.cff"] = line.group(1) if line else ""
    heading = re.search(r"^## \[([0-9][^\]]*)\]", (root / CHANGELOG_FILE).read_text(encoding="utf-8"), re.MULTILINE)
    found[CHANGELOG_FILE] = heading.group(1) if heading else ""
    return [
        Problem(rel, None, None, f"names version {value or 'none'}, not {version}", "rebuild with `kuzbass-data build` and `kuzbass-data docs`", code="release-disagrees")
        for rel, value in found.items()
        if value != version
    ]
