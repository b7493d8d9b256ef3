"""The README's quickstart and CI agree: CI runs the README's test command verbatim."""

from __future__ import annotations

import re


def quickstart_commands(readme: str) -> list[str]:
    section = readme.split("## Quickstart", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL).group(1)
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


def test_quickstart_commands_make_and_use_a_virtual_environment(repo):
    """A stock Debian/Ubuntu Python refuses pip outside a venv: each command makes .venv and runs only from it."""
    for command in quickstart_commands((repo / "README.md").read_text(encoding="utf-8")):
        steps = [step.strip() for step in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv"
        for step in steps[1:]:
            assert step.startswith(".venv/bin/"), step  # never the system pip, python or a PATH lookup


def test_quickstart_installs_the_extras_it_runs(repo):
    first, second = quickstart_commands((repo / "README.md").read_text(encoding="utf-8"))
    if "kuzbass-data validate" in first:
        assert 'install ".[validate]"' in first or "[validate," in first
    assert 'install ".[test]"' in second and second.endswith(".venv/bin/python -m pytest")


def test_no_document_claims_the_package_is_on_pypi(repo):
    import kuzbass_data as kd

    texts = {"cite": kd.cite()}
    for name in ("README.md", "CITATION.cff", "CONTRIBUTING.md", *(str(p.relative_to(repo)) for p in (repo / "docs").rglob("*.md"))):
        texts[name] = (repo / name).read_text(encoding="utf-8")
    for name, text in texts.items():
        claims = [m for m in re.finditer(r"[^.\n]*\bPyPI\b[^.\n]*", text) if "not on PyPI" not in m.group(0) and "before a PyPI release" not in m.group(0)]
        assert not claims, (name, [m.group(0) for m in claims])
    assert "not on PyPI" in texts["README.md"]
