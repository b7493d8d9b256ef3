"""The README's quickstart and CI agree: CI runs the README's test command verbatim."""

from __future__ import annotations

import re


def quickstart_commands(readme: str) -> list[str]:
    section = readme.split("## Quickstart", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_quickstart_is_two_commands(repo):
    commands = quickstart_commands((repo / "README.md").read_text(encoding="utf-8"))
    assert len(commands) == 2
    assert "kuzbass-data" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim(repo):
    test_command = quickstart_commands((repo / "README.md").read_text(encoding="utf-8"))[1]
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
