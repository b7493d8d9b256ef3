"""The release workflow builds the sdist and the wheel, checks them with twine, and is locked down."""

from __future__ import annotations

import re


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
