"""A contribution as a contributor makes it: a few files by hand, one command, and the trusted job's verdict.

- Two files by hand (issue 18): a new row quoting a new open source is ready after editing the raw
  table, sources/<id>.txt, raw/sources.csv and one change note, with `kuzbass-data validate .` saying
  what is left; no version, CHANGELOG, registry or built file is touched.
- Parallel pull requests merge: two such contributions from one base merge in git without a conflict
  (.gitattributes), and fail to without it.
- The trusted job (issue 21): the base's validator, run from the base's checkout and never importing
  the pull request's code, accepts a legitimate contribution of every kind.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from contribution import add_open_source, edit_note, retire_and_readd
from review_repo import ENV

from kuzbass_data.cli import main

REPO = Path(__file__).resolve().parent.parent
# What a checkout holds that the gate reads (the code too, for the base's validator); .git and environments are left out.
# A pytest --basetemp inside the checkout (".bt*", ".pytest*") would be copied into itself, test after test.
IGNORED = shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.egg-info", "node_modules", ".mypy_cache", ".ruff_cache", "mutants", ".bt*", ".pytest*", "dist", "build")


def checkout(target: Path, *, git: bool = True) -> Path:
    """A copy of the repository at ``target``; with ``git``, a git repository whose one commit is on main."""
    shutil.copytree(REPO, target, ignore=IGNORED, symlinks=True)
    if git:
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
            run_git(target, *args)
    return target


def run_git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], check=check, capture_output=True, text=True, env=ENV, timeout=60)


def test_two_files_by_hand_and_one_command(tmp_path, capsys):
    root = checkout(tmp_path / "clone")
    run_git(root, "checkout", "-q", "-b", "new-source")
    row = add_open_source(root, fingerprinted=False)  # by hand: the text, its row of raw/sources.csv, the data row, the change note
    name = row.removesuffix("-workforce")
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    [problem] = [line for line in out.splitlines() if line.startswith("raw/sources.csv")]
    assert "fingerprint:" in problem and "has no fingerprint" in problem
    value = problem.split("(write ")[1].split(" ")[0]  # the value validate says to write
    sources = root / "raw" / "sources.csv"
    rows = list(csv.reader(io.StringIO(sources.read_text(encoding="utf-8"))))
    rows[-1][rows[0].index("fingerprint")] = value  # the one cell the contributor fills in by hand
    out_text = io.StringIO()
    csv.writer(out_text, lineterminator="\n").writerows(rows)
    sources.write_text(out_text.getvalue(), encoding="utf-8")
    assert main(["validate", str(root)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "needs a minor release" in out and ": 0 problems found" in out.rstrip().splitlines()[-1]
    changed = sorted(line[3:] for line in run_git(root, "status", "--porcelain", "--untracked-files=all").stdout.splitlines())
    assert changed == [f"changes/{name}.md", "raw/sources.csv", "raw/workforce.csv", f"sources/{name}.txt"]


def _two_contributions(tmp_path: Path, attributes: bool) -> Path:
    root = checkout(tmp_path / "repo")
    if not attributes:
        (root / ".gitattributes").unlink()
        run_git(root, "commit", "-q", "-am", "no attributes")
    run_git(root, "tag", "base")
    for branch, name, workers, year in (("first", "invented-ledger-1939", 980, 1939), ("second", "invented-ledger-1940", 1020, 1940)):
        run_git(root, "checkout", "-q", "-b", branch, "main")
        add_open_source(root, name, workers, year)
        run_git(root, "add", "-A")
        run_git(root, "commit", "-q", "-m", f"contribution {name}")
    run_git(root, "checkout", "-q", "main")
    run_git(root, "merge", "-q", "--no-edit", "first")
    return root


def test_two_contributions_from_one_base_merge_without_conflict(tmp_path, capsys):
    root = _two_contributions(tmp_path, attributes=True)
    merged = run_git(root, "merge", "--no-edit", "second", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert main(["validate", str(root), "--base", "base"]) == 0, capsys.readouterr().out
    text = (root / "raw" / "workforce.csv").read_text(encoding="utf-8")
    assert "invented-ledger-1939" in text and "invented-ledger-1940" in text


def test_without_the_union_merge_the_same_contributions_conflict(tmp_path):
    root = _two_contributions(tmp_path, attributes=False)
    assert run_git(root, "merge", "--no-edit", "second", check=False).returncode != 0


# -- the trusted job: the base's validator, the pull request's files as data ---------------------


def _edit_note(pr: Path, text: Path | None) -> None:
    edit_note(pr)


def _open_source(pr: Path, text: Path | None) -> None:
    add_open_source(pr)


def _retire_and_readd(pr: Path, text: Path | None) -> None:
    if text is None:
        pytest.skip("a retirement whose successor is proved needs the source text (../shared)")
    retire_and_readd(pr, text)


@pytest.mark.parametrize("contribute", [_edit_note, _open_source, _retire_and_readd], ids=["note-edit", "new-open-source", "retirement-and-new-row"])
def test_the_base_validator_accepts_every_legitimate_contribution(tmp_path, contribute):
    """As validate.yml's trusted job runs it: the base's code, from the base's checkout; the pull request only as data."""
    from conftest import SOURCE_TEXT

    base = checkout(tmp_path / "base", git=False)
    pr = checkout(tmp_path / "pr", git=False)
    contribute(pr, SOURCE_TEXT if SOURCE_TEXT.is_file() else None)
    # Were any code of the pull request imported, this would fail the run.
    (pr / "kuzbass_data" / "__init__.py").write_text('raise SystemExit("the pull request\'s code ran")\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(base), "PYTHONSAFEPATH": "1"}  # never the current folder (the pull request) on sys.path
    run = subprocess.run([sys.executable, "-P", "-m", "kuzbass_data.cli", "validate", ".", "--format", "github", "--base", str(base)], cwd=pr, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "::error" not in run.stdout and ": 0 problems found" in run.stdout.rstrip().splitlines()[-1]
    assert "Release level: this change needs a" in run.stdout


# -- the workflow as written ------------------------------------------------------------------


def _jobs() -> dict[str, str]:
    """validate.yml's jobs: name -> the job's text."""
    import re

    text = (REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8")
    jobs = text[text.index("\njobs:\n") :]
    parts = re.split(r"^  ([\w-]+):$", jobs, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_no_job_that_runs_pull_request_code_has_write_access_secrets_or_the_text():
    jobs = _jobs()
    for name, job in jobs.items():
        assert "write" not in job.split("steps:")[0], name  # every job's token is read-only
        pull_request = "github.event_name == 'push'" not in job
        if pull_request:
            assert "secrets." not in job and "environment:" not in job and "shared" not in job, name
    # The only job with the text runs on main, from main's code, and runs no tests.
    [with_text] = [name for name, job in jobs.items() if "secrets." in job]
    assert with_text == "main-text" and "pytest" not in jobs[with_text] and "environment: source-text" in jobs[with_text]


def test_the_trusted_job_installs_only_the_base_and_runs_the_command_tested_here():
    job = _jobs()["trusted"]
    installs = [line.strip() for line in job.splitlines() if "pip install" in line]
    assert installs == ['"$RUNNER_TEMP/trusted/bin/python" -m pip install --quiet ./base']
    assert 'kuzbass-data" validate . --format github --base ../base' in job and "working-directory: pr" in job
    assert "build" not in job.replace("built", "")  # nothing is built: the built files are not compared


# -- the guide ---------------------------------------------------------------------------------


def test_the_guide_is_short_by_task_and_links_the_maintainers_docs():
    import re

    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert len(guide.split()) <= 3000
    headings = re.findall(r"^## (.+)$", guide, re.MULTILINE)
    for task in ("Add a row", "Correct a row", "Add an open source", "Add a copyrighted source with proofs", "Retire an id", "Propose a vocabulary term", "What CI will say"):
        assert task in headings, task
    for target in re.findall(r"\]\(([^)#]+)\)", guide):  # every local link resolves
        # docs/problems.md is generated from the problem-code catalogue, which another change brings.
        if "://" not in target and target != "docs/problems.md":
            assert (REPO / target).exists(), target
    assert "docs/maintainers/" in guide and "docs/problems.md" in guide


def test_the_documented_change_note_passes_the_check(tmp_path):
    """The example note of changes/README.md names what its example change changes."""
    from review_repo import ReviewRepo

    from kuzbass_data.gate.review import review_problems

    repo = ReviewRepo(tmp_path / "repo")
    repo.append("raw/coal_output.csv", "kuzbass-1941-outcome,output,1941,20,million_tonnes,exact,outcome,20 million tons in 1941 (invented),")
    repo.replace("raw/coal_output.csv", "1937,17,", "1937,18,")
    example = (REPO / "changes" / "README.md").read_text(encoding="utf-8").split("```markdown\n")[1].split("```")[0]
    repo.write("changes/example.md", example)
    assert [p.code for p in review_problems(repo.head(), repo.base())] == []
