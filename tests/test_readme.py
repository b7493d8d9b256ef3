"""The README: its quickstart and CI agree (CI runs its test command verbatim), and every example runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


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


# --- every example of the README runs --------------------------------------------------------------
#
# The Python and shell blocks are run as a reader would run them: the Python blocks in order in one
# session, the shell blocks in a fresh folder. A line (or a block, by its first line) that needs
# something beyond the plain install says so in a comment, e.g. "(needs the [validate] extra)",
# "(needs [xlsx])", "# needs polars". The plain install (pandas and pyarrow only) is simulated by a
# sitecustomize that refuses to import the extras; every run also refuses the network.

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
NEEDS = re.compile(r"\bneeds (?:the )?(\[\w+\]|[a-z][\w-]*)(?: extra)?")
# What each extra installs, as the module that tells whether it is there.
EXTRA_MODULES = {"[validate]": "frictionless", "[xlsx]": "openpyxl", "[plot]": "matplotlib"}
# What the plain install lacks: every extra's modules, and the other tools examples name.
NOT_IN_PLAIN = ("pandera", "frictionless", "matplotlib", "openpyxl", "polars", "duckdb", "datasette")
BLOCKER = """
import importlib.abc, importlib.util, socket, sys

BLOCKED = {blocked!r}


class _Plain(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (not in the plain install)", name=name)
        return None


def _no_network(*args, **kwargs):
    raise OSError("a README example tried to reach the network")


_find_spec = importlib.util.find_spec


def _plain_find_spec(name, package=None):
    # What kuzbass_data.extras asks to learn whether an extra is installed: not, for the blocked ones.
    return None if name.split(".")[0] in BLOCKED else _find_spec(name, package)


sys.meta_path.insert(0, _Plain())
importlib.util.find_spec = _plain_find_spec
socket.socket.connect = _no_network
socket.create_connection = _no_network
"""
RUNNER = """
import json, sys

namespace = {"__name__": "__main__"}
for line, code in json.loads(sys.argv[1]):
    # Padded so that a traceback names the README's own line.
    exec(compile("\\n" * (line - 1) + code, "README.md", "exec"), namespace)
"""


def readme_blocks(readme: str) -> list[tuple[str, int, str]]:
    """Every fenced block: its language, the README line its code starts on, and the code."""
    return [(m.group(1), readme.count("\n", 0, m.start(2)) + 1, m.group(2)) for m in FENCE.finditer(readme)]


def need(line: str) -> str:
    """What a line's comment says it needs ('' for nothing beyond the plain install)."""
    comment = line.split("#", 1)[1] if "#" in line else ""
    found = NEEDS.search(comment)
    return found.group(1) if found else ""


def installed(requirement: str) -> bool:
    import importlib.util

    if requirement in EXTRA_MODULES:
        return importlib.util.find_spec(EXTRA_MODULES[requirement]) is not None
    return importlib.util.find_spec(requirement.replace("-", "_")) is not None or shutil.which(requirement) is not None


def runnable(code: str, plain: bool) -> str | None:
    """The code with each line that needs what this run lacks made a no-op; None when the whole block needs it."""
    lines = code.splitlines()
    if lines and lines[0].lstrip().startswith("#") and need(lines[0]) and (plain or not installed(need(lines[0]))):
        return None
    kept = []
    for line in lines:
        required = need(line)
        if required and (plain or not installed(required)):
            line = line[: len(line) - len(line.lstrip())] + ("pass" if not line.lstrip().startswith(("kuzbass-data", "datasette")) else ":")
        kept.append(line)
    return "\n".join(kept) + "\n"


def environment(tmp_path: Path, plain: bool) -> dict[str, str]:
    site = tmp_path / "site-hooks"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER.format(blocked=NOT_IN_PLAIN if plain else ()), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(site), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.update(http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", NO_COLOR="1", COLUMNS="100")
    return env


def run_python_blocks(repo: Path, tmp_path: Path, plain: bool) -> subprocess.CompletedProcess[str]:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    blocks = [(line, code) for lang, line, code in readme_blocks(readme) if lang == "python"]
    assert blocks
    chosen = [(line, code) for line, code in ((line, runnable(code, plain)) for line, code in blocks) if code is not None]
    return subprocess.run([sys.executable, "-c", RUNNER, json.dumps(chosen)], cwd=repo, env=environment(tmp_path, plain), capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("plain", [True, False], ids=["plain-install", "with-extras"])
def test_every_python_example_of_the_readme_runs(repo, tmp_path, plain):
    result = run_python_blocks(repo, tmp_path, plain)
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_python_line_marked_as_needing_an_extra_does_need_it(repo, tmp_path):
    """A mark is honest: in the plain install the marked line fails and names the extra to install."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    marked = [(line + i, text) for lang, line, code in readme_blocks(readme) if lang == "python" for i, text in enumerate(code.splitlines()) if need(text).startswith("[")]
    assert marked
    for line, text in marked:
        code = "import kuzbass_data as kd\n" + text.strip()
        result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment(tmp_path, plain=True), capture_output=True, text=True, timeout=120)
        assert result.returncode != 0 and need(text) in result.stderr, (line, result.stderr[-500:])


def shell_steps(code: str) -> list[str]:
    """The shell commands to run: install steps (a new venv, pip install: the network) and the test suite itself are left to CI."""
    steps = []
    for line in code.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for step in line.split("&&"):
            step = step.strip()
            if step.startswith("python3 -m venv") or "pip install" in step or step.endswith("python -m pytest"):
                continue
            steps.append(step.replace(".venv/bin/", ""))
    return steps


def test_every_shell_example_of_the_readme_runs(repo, tmp_path):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    ran = 0
    for lang, line, code in readme_blocks(readme):
        if lang not in ("bash", "sh", "shell"):
            continue
        block = runnable(code, plain=False)
        if block is None:
            continue
        steps = shell_steps(block)
        # A block that starts by installing runs in the clone it was installed from; the others in a new folder.
        cwd = repo if "pip install" in code else tmp_path / f"line-{line}"
        cwd.mkdir(exist_ok=True)
        for step in steps:
            if step == ":" or step.startswith(": "):
                continue
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", step], cwd=cwd, env=environment(tmp_path, plain=False), capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, (f"README.md:{line}", step, result.stderr[-2000:])
            ran += 1
    assert ran >= 6  # the quickstart's validate and show, and the exports


def test_the_shell_exports_of_the_readme_run_in_the_plain_install_unless_marked(repo, tmp_path):
    """The export lines claim the plain install, except those marked (xlsx needs [xlsx]): run them without the extras."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    blocks = [code for lang, _, code in readme_blocks(readme) if lang == "bash" and "kuzbass-data export" in code]
    assert blocks
    for code in blocks:
        for step in shell_steps(runnable(code, plain=True) or ""):
            if step.startswith(":"):
                continue
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", step], cwd=tmp_path, env=environment(tmp_path, plain=True), capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, (step, result.stderr[-2000:])


def test_blocks_needing_a_tool_that_is_missing_are_at_least_valid(repo):
    """The polars example cannot run without polars: it still compiles, and the file it reads is shipped."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for lang, line, code in readme_blocks(readme):
        if lang == "python":
            compile(code, f"README.md:{line}", "exec")
            for path in re.findall(r"\"(kuzbass_data/data/[\w.]+)\"", code):
                assert (repo / path).is_file(), (line, path)


def test_the_command_synopsis_names_real_commands_and_options(repo, capsys):
    """Every `kuzbass-data COMMAND --option` of the command-line section is a command with that option."""
    from kuzbass_data.cli import main

    readme = (repo / "README.md").read_text(encoding="utf-8")
    synopsis = next(code for lang, _, code in readme_blocks(readme) if lang == "" and "kuzbass-data list" in code)
    for line in synopsis.splitlines():
        if not line.startswith("kuzbass-data "):
            continue
        words = line.split()
        if words[1].startswith("--"):
            continue  # kuzbass-data --version
        with pytest.raises(SystemExit) as done:
            main([words[1], "--help"])
        assert done.value.code == 0, line
        helped = capsys.readouterr().out
        for option in re.findall(r"--[a-z][\w-]*", line.split("  ")[0]):
            assert option in helped, (line, option)
