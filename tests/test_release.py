"""Releases: `kuzbass-data release` makes a version whose files agree; the release workflow builds, checks and is locked down."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from review_repo import ENV

from kuzbass_data.cli import main
from kuzbass_data.gate.revision import about_version


def _release(repo) -> str:
    return (repo / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")


def test_release_builds_sdist_and_wheel_and_twine_checks_both(repo):
    workflow = _release(repo)
    assert "python -m build" in workflow
    assert re.search(r"twine check --strict dist/\*\.tar\.gz dist/\*\.whl", workflow)


def test_release_actions_are_pinned_and_credentials_not_persisted(repo):
    workflow = _release(repo)
    uses = re.findall(r"uses:\s*(\S+)", workflow)
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
    assert "persist-credentials: false" in workflow
    assert re.search(r"^permissions: \{\}$", workflow, re.MULTILINE)  # nothing by default; each job asks for what it needs


# -- `kuzbass-data release`: the one place a version is made ------------------------------------

REPO = Path(__file__).resolve().parent.parent
COPIED = ("raw", "registry", "audit", "proofs", "sources", "kuzbass_data/data", "kuzbass_data/__about__.py", "datapackage.json", "CHANGELOG.md", "CITATION.cff", "pyproject.toml")


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """A copy of the repository's data as a git repository whose commit is tagged as the current version's release."""
    root = tmp_path / "repo"
    for rel in COPIED:
        source = REPO / rel
        if source.is_dir():
            shutil.copytree(source, root / rel)
        elif source.is_file():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / rel)
    version = about_version(root, "")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "release"], ["tag", f"v{version}"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=ENV, timeout=60)
    return root


def _next(root: Path, level: str) -> str:
    major, minor, patch = map(int, about_version(root, "").split("."))
    return {"patch": f"{major}.{minor}.{patch + 1}", "minor": f"{major}.{minor + 1}.0", "major": f"{major + 1}.0.0"}[level]


def _edit_note(root: Path) -> str:
    """A patch change (a row's note), with its change note; returns the row's id."""
    path = root / "raw" / "coal_output.csv"
    text = path.read_text(encoding="utf-8")
    assert "Target of the First Five-Year Plan." in text
    path.write_text(text.replace("Target of the First Five-Year Plan.", "The target of the First Five-Year Plan."), encoding="utf-8")
    (root / "changes").mkdir(exist_ok=True)
    (root / "changes" / "plan-note.md").write_text("- kuzbass-1932-plan: the note now reads as a sentence (invented test change).\n", encoding="utf-8")
    return "kuzbass-1932-plan"


def test_release_makes_a_version_whose_files_agree(released, capsys):
    rid = _edit_note(released)
    version = _next(released, "patch")
    assert main(["release", version, str(released), "--date", "2026-12-04"]) == 0
    out = capsys.readouterr().out
    assert f"release {version} made" in out
    assert about_version(released, "") == version
    for rel in ("datapackage.json", "kuzbass_data/data/datapackage.json"):
        assert json.loads((released / rel).read_text(encoding="utf-8"))["version"] == version
    citation = (released / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{version}"' in citation and 'date-released: "2026-12-04"' in citation
    changelog = (released / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog[changelog.index(f"## [{version}] - 2026-12-04") :]
    entry = entry[: entry.index("\n## [", 5)]
    assert "the note now reads as a sentence" in entry  # the contributor's note, as written
    assert f"changed `{rid}` (note)" in entry  # the record generated from the data diff
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{version}]")
    assert not (released / "changes" / "plan-note.md").exists()
    assert main(["build", str(released), "--check"]) == 0


def test_release_refuses_a_version_below_the_level_the_change_needs_and_writes_nothing(released, capsys):
    path = released / "raw" / "coal_output.csv"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n")[1]
    new = first.replace(first.split(",")[0], "invented-release-test-row", 1)
    path.write_text(text.rstrip("\n") + "\n" + new + "\n", encoding="utf-8")
    (released / "changes").mkdir()
    (released / "changes" / "row.md").write_text("- invented-release-test-row added (invented).\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in released.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert main(["release", _next(released, "patch"), str(released)]) == 1
    out = capsys.readouterr().out
    assert "is a patch release, but the data change since" in out and f"release {_next(released, 'minor')}" in out
    assert {p: p.read_bytes() for p in released.rglob("*") if p.is_file() and ".git" not in p.parts} == before


def test_release_refuses_a_version_that_does_not_follow_and_notes_that_name_nothing(released, capsys):
    _edit_note(released)
    assert main(["release", "9.9.9", str(released)]) == 1
    assert "does not follow the current version" in capsys.readouterr().out
    (released / "changes" / "plan-note.md").write_text("A note that names no id (invented).\n", encoding="utf-8")
    assert main(["release", _next(released, "patch"), str(released)]) == 1
    assert "the change notes do not name" in capsys.readouterr().out


def test_the_release_workflow_checks_that_the_files_agree_and_are_fresh(repo):
    workflow = _release(repo)
    assert "from kuzbass_data.publish.release import agreement" in workflow and '"${GITHUB_REF_NAME#v}"' in workflow
    assert "kuzbass-data build --check" in workflow and "kuzbass-data docs --check" in workflow


def test_the_repository_agrees_with_itself():
    """What the release workflow checks on a tag holds for the checkout: one version everywhere."""
    from kuzbass_data.publish.release import agreement

    assert agreement(REPO, about_version(REPO, "")) == []


def test_a_change_notes_headings_sit_below_the_entry():
    from kuzbass_data.publish.release import _demoted

    assert _demoted("# Title\n\n## Rows\n- a row\n###### deep\nnot # a heading") == "#### Title\n\n##### Rows\n- a row\n###### deep\nnot # a heading"
